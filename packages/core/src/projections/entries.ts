import { fold } from '../decider/evolve.ts';
import type { EntryIndex } from '../decider/state.ts';
import type { JournalEvent } from '../model/envelope.ts';

/** One event of a stream as the journal now reads it. */
export interface ResolvedEntry {
  event: JournalEvent;
  /** The event's data with its active correction applied (the original stays in `event.data`). */
  data: Record<string, unknown>;
  /** The version of the active correction, if any. */
  correctedBy?: number;
  /** The version of the retraction, if any. */
  retractedBy?: number;
}

/**
 * Reads the events of one stream with their corrections and retractions resolved, in the given order.
 * The decider's own fold decides which correction is active, so views and state cannot disagree.
 */
export function resolveEntries(events: readonly JournalEvent[]): ResolvedEntry[] {
  const index = fold(events).entries;
  const byVersion = new Map(events.map((event) => [event.version, event]));
  return events.map((event) => {
    const entry: EntryIndex | undefined = index[event.version];
    const original = event.data as Record<string, unknown>;
    const correction = entry?.correctedBy === undefined ? undefined : byVersion.get(entry.correctedBy);
    const data =
      correction?.type === 'EntryCorrected' ? { ...original, ...correction.data.changes } : original;
    return {
      event,
      data,
      ...(entry?.correctedBy !== undefined && { correctedBy: entry.correctedBy }),
      ...(entry?.retractedBy !== undefined && { retractedBy: entry.retractedBy }),
    };
  });
}
