import { type EventType, eventLabel } from '../events/catalogue.ts';
import type { JournalEvent } from '../model/envelope.ts';
import { type Role, roleLabels } from '../model/roles.ts';
import type { Lang } from './categories.ts';
import { resolveEntries } from './entries.ts';
import { createReferenceTracker } from './references.ts';
import { summarise } from './summaries.ts';
import { endBound, inWindow, startBound, type TimeBound } from './time-bounds.ts';

export interface TimelineOptions {
  /** The language of labels and summaries (French by default). */
  lang?: Lang;
  /** Only these event types. */
  types?: readonly EventType[];
  /** Only the entries that concern this stake, directly or through a pathway, a commitment… */
  stakeId?: string;
  /** Only the entries recorded by someone acting in this role. */
  role?: Role;
  /** Only what occurred from then (a calendar date means the start of that day). */
  from?: TimeBound;
  /** Only what occurred until then (a calendar date means the end of that day). */
  to?: TimeBound;
}

/** One line of the journal, ready to display. */
export interface TimelineEntry {
  version: number;
  eventId: string;
  type: EventType;
  label: string;
  occurredAt: string;
  recordedAt: string;
  actorRole: Role;
  roleLabel: string;
  /** A short sentence built from the (corrected) data. */
  summary: string;
  /** The stakes the entry concerns. */
  stakeIds: string[];
  /** The version of the active correction of this entry. */
  correctedBy?: number;
  /** The version of the retraction of this entry: it stays in the journal, marked. */
  retractedBy?: number;
  /** For a correction or a retraction: the entry it points at. */
  target?: { version: number; eventId: string };
}

/**
 * The journal of one stream as a list of entries, ordered by `occurredAt` then version; filters combine.
 * Example: `timeline(events, { stakeId: 'mobility', from: '2023-01-01', lang: 'en' })`.
 */
export function timeline(events: readonly JournalEvent[], options: TimelineOptions = {}): TimelineEntry[] {
  const lang = options.lang ?? 'fr';
  const from = options.from === undefined ? undefined : startBound(options.from);
  const to = options.to === undefined ? undefined : endBound(options.to);
  const types = options.types === undefined ? undefined : new Set<EventType>(options.types);
  const typeByVersion = new Map(events.map((event) => [event.version, event.type]));
  const tracker = createReferenceTracker();
  const lookups = { nameOf: tracker.nameOf, typeAt: (version: number) => typeByVersion.get(version) };

  // Every entry is read, in version order, even those filtered out: later entries refer to earlier ones.
  const entries = resolveEntries([...events].sort((a, b) => a.version - b.version)).map(
    ({ event, data, correctedBy, retractedBy }): TimelineEntry => {
      const stakeIds = tracker.track(event, data);
      const isAudit = event.type === 'EntryCorrected' || event.type === 'EntryRetracted';
      return {
        version: event.version,
        eventId: event.eventId,
        type: event.type,
        label: eventLabel(event.type, lang),
        occurredAt: event.occurredAt,
        recordedAt: event.recordedAt,
        actorRole: event.actor.role,
        roleLabel: roleLabels[event.actor.role]?.[lang] ?? event.actor.role,
        summary: summarise(event.type, data, lang, lookups),
        stakeIds,
        ...(correctedBy !== undefined && { correctedBy }),
        ...(retractedBy !== undefined && { retractedBy }),
        ...(isAudit && { target: { ...event.data.target } }),
      };
    },
  );

  return entries
    .filter(
      (entry) =>
        (types === undefined || types.has(entry.type)) &&
        (options.stakeId === undefined || entry.stakeIds.includes(options.stakeId)) &&
        (options.role === undefined || entry.actorRole === options.role) &&
        inWindow(entry.occurredAt, from, to),
    )
    .sort((a, b) =>
      a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.version - b.version,
    );
}
