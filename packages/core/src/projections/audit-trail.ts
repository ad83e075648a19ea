import { decidingBodyLabels } from '../events/vision.ts';
import type { JournalEvent } from '../model/envelope.ts';
import type { Actor } from '../model/roles.ts';
import type { Lang } from './categories.ts';
import { type TimelineEntry, timeline } from './timeline.ts';

/** A correction or a retraction, shown next to the entry it changes. */
export interface TrailAmendment {
  version: number;
  kind: 'correction' | 'retraction';
  /** The version it changes: the entry itself, or (for a retraction) a correction of it. */
  targetVersion: number;
  recordedAt: string;
  actor: Actor;
  reason: string;
  /** For a correction: the fields it changed, with their new values. */
  changes?: Record<string, unknown>;
  /** For a correction since retracted: the version of that retraction (listed on the same entry). */
  retractedBy?: number;
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
  // The line each version sits on: its own, or for an amendment the line of the entry it changes, so the
  // retraction of a correction joins the entry that correction changed.
  const lineOf = new Map<number, TrailEntry>();
  for (const line of timeline(events, { lang }).sort((a, b) => a.version - b.version)) {
    const event = byVersion.get(line.version);
    if (!event) continue;
    if (event.type === 'EntryCorrected' || event.type === 'EntryRetracted') {
      const targetVersion = event.data.target.version;
      const target = lineOf.get(targetVersion);
      target?.amendments.push({
        version: event.version,
        kind: event.type === 'EntryCorrected' ? 'correction' : 'retraction',
        targetVersion,
        recordedAt: event.recordedAt,
        actor: event.actor,
        reason: event.data.reason,
        ...(event.type === 'EntryCorrected' ? { changes: event.data.changes } : {}),
        ...(line.retractedBy !== undefined && { retractedBy: line.retractedBy }),
      });
      if (target) {
        lineOf.set(event.version, target);
        continue;
      }
    }
    const { target: _target, ...rest } = line;
    const entry: TrailEntry = { ...rest, actor: event.actor, amendments: [] };
    lines.set(line.version, entry);
    lineOf.set(line.version, entry);
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
