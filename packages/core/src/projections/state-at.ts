import { fold } from '../decider/evolve.ts';
import type { JourneyState } from '../decider/state.ts';
import type { JournalEvent } from '../model/envelope.ts';
import { endBound, type TimeBound } from './time-bounds.ts';

export interface StateAtOptions {
  /** Only what happened in the world by then (`occurredAt`); a calendar date means the end of that day. */
  asOf?: TimeBound;
  /** Only what the system had recorded by then (`recordedAt`); a calendar date means the end of that day. */
  knownAt?: TimeBound;
}

/**
 * The state of one stream at a point in time, as a fold of the events that pass both filters.
 * The decider dates a correction or a retraction at the `occurredAt` of its target, so `asOf` keeps
 * them together; `knownAt` drops a correction recorded after it, which is the point of asking.
 * Example: `stateAt(events, { asOf: '2023-01-31', knownAt: '2023-02-15T12:00:00Z' })`.
 */
export function stateAt(events: readonly JournalEvent[], options: StateAtOptions = {}): JourneyState {
  const asOf = options.asOf === undefined ? undefined : endBound(options.asOf);
  const knownAt = options.knownAt === undefined ? undefined : endBound(options.knownAt);
  return fold(
    events.filter(
      (event) =>
        // Both times are stored in `toISOString()` form, so instants compare as strings.
        (asOf === undefined || event.occurredAt <= asOf) &&
        (knownAt === undefined || event.recordedAt <= knownAt),
    ),
  );
}
