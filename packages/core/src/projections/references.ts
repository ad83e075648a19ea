import type { EventType } from '../events/catalogue.ts';
import type { JournalEvent } from '../model/envelope.ts';

/** The kinds of things an entry can be about. */
export type EntityKind =
  | 'stake'
  | 'pathway'
  | 'change'
  | 'assumption'
  | 'indicator'
  | 'commitment'
  | 'difficulty'
  | 'success'
  | 'outcome'
  | 'story';

/** Data fields that point at one thing, and at lists of things. */
const SINGLE: Readonly<Record<string, EntityKind>> = {
  stakeId: 'stake',
  pathwayId: 'pathway',
  changeId: 'change',
  assumptionId: 'assumption',
  indicatorId: 'indicator',
  commitmentId: 'commitment',
  difficultyId: 'difficulty',
  successId: 'success',
  outcomeId: 'outcome',
  storyId: 'story',
};
const LISTS: Readonly<Record<string, EntityKind>> = {
  stakeIds: 'stake',
  difficultyIds: 'difficulty',
  successIds: 'success',
  commitmentIds: 'commitment',
};

/** The thing each event creates or changes: its name and its stakes are remembered for later entries. */
const SUBJECT: Partial<Record<EventType, EntityKind>> = {
  StakeIdentified: 'stake',
  PathwayDrawn: 'pathway',
  PathwayRevised: 'pathway',
  IntermediateChangeAdded: 'change',
  IntermediateChangeAmended: 'change',
  AssumptionStated: 'assumption',
  IndicatorDefined: 'indicator',
  IndicatorRedefined: 'indicator',
  CommitmentMade: 'commitment',
  CommitmentRevised: 'commitment',
  DifficultyReported: 'difficulty',
  SuccessRecorded: 'success',
  OutcomeObserved: 'outcome',
  ChangeStoryCollected: 'story',
};

/** The field that names a thing in a human sentence. */
const NAME_FIELD: Readonly<Record<EntityKind, string>> = {
  stake: 'title',
  pathway: 'longTermChange',
  change: 'description',
  assumption: 'statement',
  indicator: 'label',
  commitment: 'description',
  difficulty: 'description',
  success: 'description',
  outcome: 'description',
  story: 'title',
};

export interface ReferenceTracker {
  /** Reads the next entry of the stream (in version order) and returns the stakes it concerns. */
  track(event: JournalEvent, data: Record<string, unknown>): string[];
  /** The latest name of a thing (a stake's title, a commitment's description…), if known. */
  nameOf(kind: EntityKind, id: unknown): string | undefined;
}

/**
 * Follows references through a stream: a commitment concerns its stake, a change concerns the stake of
 * its pathway, an interim review the stakes of what it covered, a correction those of its target.
 * Ids are never corrected, so the original references are the right ones.
 */
export function createReferenceTracker(): ReferenceTracker {
  const stakesByThing = new Map<string, string[]>();
  const names = new Map<string, string>();
  const stakesByVersion = new Map<number, string[]>();
  const key = (kind: EntityKind, id: unknown) => `${kind}:${String(id)}`;
  const stakesOfThing = (kind: EntityKind, id: unknown): string[] =>
    kind === 'stake' ? [String(id)] : (stakesByThing.get(key(kind, id)) ?? []);

  return {
    track(event, data) {
      const stakes = new Set<string>();
      if (event.type === 'EntryCorrected' || event.type === 'EntryRetracted') {
        for (const stake of stakesByVersion.get(event.data.target.version) ?? []) stakes.add(stake);
      }
      for (const [field, kind] of Object.entries(SINGLE)) {
        const id = data[field];
        if (typeof id === 'string') for (const stake of stakesOfThing(kind, id)) stakes.add(stake);
      }
      for (const [field, kind] of Object.entries(LISTS)) {
        const ids = data[field];
        if (!Array.isArray(ids)) continue;
        for (const id of ids) for (const stake of stakesOfThing(kind, id)) stakes.add(stake);
      }
      const result = [...stakes];
      const subject = SUBJECT[event.type];
      const subjectId = subject === undefined ? undefined : data[`${subject}Id`];
      if (subject !== undefined && typeof subjectId === 'string') {
        if (!stakesByThing.has(key(subject, subjectId))) stakesByThing.set(key(subject, subjectId), result);
        const name = data[NAME_FIELD[subject]];
        if (typeof name === 'string') names.set(key(subject, subjectId), name);
      }
      stakesByVersion.set(event.version, result);
      return result;
    },
    nameOf(kind, id) {
      return names.get(key(kind, id));
    },
  };
}
