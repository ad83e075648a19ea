import { decidingBodyLabels } from '../events/vision.ts';
import type { JournalEvent } from '../model/envelope.ts';
import type { Actor } from '../model/roles.ts';
import type { Lang } from './categories.ts';
import { type TimelineEntry, timeline } from './timeline.ts';

/** A correction or a retraction, shown next to the entry it changes. */
export interface TrailAmendment {
  version: number;
  kind: 'correction' | 'retraction';
  recordedAt: string;
  actor: Actor;
  reason: string;
  /** For a correction: the fields it changed, with their new values. */
  changes?: Record<string, unknown>;
}

export interface TrailEntry extends Omit<TimelineEntry, 'target'> {
  actor: Actor;
  amendments: TrailAmendment[];
}

export interface TrailVisionRevision {
  version: number;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  statement: string;
  rationale?: string;
  decidingBody?: string;
  decidingBodyLabel?: string;
  reviewId?: string;
}

export interface AuditTrail {
  /** Who recorded what and when, in recording order; corrections and retractions sit under their target. */
  entries: TrailEntry[];
  /** Every statement and revision of the vision, with its rationale and deciding body. */
  visionRevisions: TrailVisionRevision[];
}

/**
 * The audit trail of a stream: every entry with who recorded it and when, each correction and retraction
 * next to the entry it changes, and every vision revision with why and who decided.
 * Example: `auditTrail(events).entries.find((entry) => entry.amendments.length > 0)`.
 */
export function auditTrail(events: readonly JournalEvent[], lang: Lang = 'fr'): AuditTrail {
  const byVersion = new Map(events.map((event) => [event.version, event]));
  const lines = new Map<number, TrailEntry>();
  for (const line of timeline(events, { lang }).sort((a, b) => a.version - b.version)) {
    const event = byVersion.get(line.version);
    if (!event) continue;
    if (event.type === 'EntryCorrected' || event.type === 'EntryRetracted') {
      const target = lines.get(event.data.target.version);
      target?.amendments.push({
        version: event.version,
        kind: event.type === 'EntryCorrected' ? 'correction' : 'retraction',
        recordedAt: event.recordedAt,
        actor: event.actor,
        reason: event.data.reason,
        ...(event.type === 'EntryCorrected' ? { changes: event.data.changes } : {}),
      });
      if (target) continue;
    }
    const { target: _target, ...rest } = line;
    lines.set(line.version, { ...rest, actor: event.actor, amendments: [] });
  }
  const visionRevisions: TrailVisionRevision[] = [];
  for (const event of events) {
    if (event.type !== 'VisionStated' && event.type !== 'VisionRevised') continue;
    const base = {
      version: event.version,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.actor,
      statement: event.data.statement,
    };
    if (event.type === 'VisionStated') {
      visionRevisions.push(base);
      continue;
    }
    const { rationale, decidingBody, reviewId } = event.data;
    visionRevisions.push({
      ...base,
      rationale,
      decidingBody,
      decidingBodyLabel: decidingBodyLabels[decidingBody][lang],
      ...(reviewId !== undefined && { reviewId }),
    });
  }
  return { entries: [...lines.values()], visionRevisions };
}
