import type { EntryIndex, JourneyState } from '../decider/state.ts';

/** What a project summary counts of its commitments and difficulties. */
export interface OpenWork {
  openDifficulties: number;
  /** Due dates of the commitments still open or postponed, sorted. */
  pendingDueDates: string[];
}

interface Tally {
  version: number;
  openDifficulties: Set<string>;
  /** Due date by commitment, for those open or postponed with one. */
  pending: Map<string, string>;
}

/**
 * The tally of each state object the journal summarises after every append: the journal advances its
 * state in place, so the next summary reads only the entries folded since, not every commitment and
 * difficulty again (which made a log's appends quadratic over its life). A state from `fold` or `evolve`
 * is a new object, and starts a new tally.
 */
const tallies = new WeakMap<JourneyState, Tally>();

/** The open difficulties and pending due dates of a project state (same as counting them all). */
export function openWork(state: JourneyState): OpenWork {
  let tally = tallies.get(state);
  if (!tally || tally.version > state.version) {
    tally = fullTally(state);
    tallies.set(state, tally);
  } else {
    for (let version = tally.version + 1; version <= state.version; version++) {
      const entry = state.entries[version];
      if (entry) recount(state, tally, entry);
    }
    tally.version = state.version;
  }
  return {
    openDifficulties: tally.openDifficulties.size,
    pendingDueDates: [...tally.pending.values()].sort(),
  };
}

function fullTally(state: JourneyState): Tally {
  const tally: Tally = { version: state.version, openDifficulties: new Set(), pending: new Map() };
  for (const id in state.entities.commitments) recountCommitment(state, tally, id);
  for (const id in state.entities.difficulties) recountDifficulty(state, tally, id);
  return tally;
}

/**
 * Recounts the entity an entry changed: its own, or through a correction or retraction the one of the
 * entry it targets (a retracted correction: the entry that correction had corrected). An erasure changes
 * only free texts, never a status or a due date.
 */
function recount(state: JourneyState, tally: Tally, entry: EntryIndex, depth = 0): void {
  if (entry.ref?.collection === 'commitments') recountCommitment(state, tally, entry.ref.id);
  else if (entry.ref?.collection === 'difficulties') recountDifficulty(state, tally, entry.ref.id);
  const target = entry.targetVersion === undefined ? undefined : state.entries[entry.targetVersion];
  if (target && depth < 2) recount(state, tally, target, depth + 1);
}

function recountCommitment(state: JourneyState, tally: Tally, id: string): void {
  const commitment = state.entities.commitments[id]?.current;
  const pending =
    commitment !== undefined &&
    (commitment.status === 'open' || commitment.status === 'postponed') &&
    commitment.dueOn !== undefined;
  if (pending) tally.pending.set(id, commitment.dueOn as string);
  else tally.pending.delete(id);
}

function recountDifficulty(state: JourneyState, tally: Tally, id: string): void {
  if (state.entities.difficulties[id]?.current.status === 'open') tally.openDifficulties.add(id);
  else tally.openDifficulties.delete(id);
}
