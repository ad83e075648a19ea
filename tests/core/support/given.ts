import {
  type Actor,
  type Command,
  commandSchema,
  type DecidedEvent,
  type DecisionContext,
  DomainError,
  decide,
  evolve,
  fold,
  initialState,
  type JournalEvent,
  type JourneyState,
  textPathsOf,
} from '@chemins/core';

export const staff: Actor = { id: 'staff-1', role: 'staff' };
export const advisor: Actor = { id: 'advisor-1', role: 'caf_advisor' };
export const NOW = '2025-06-01T12:00:00.000Z';

/** Gives decided events a plain envelope (no hashes: the decider and evolve never read them). */
export function envelope(
  streamId: string,
  version: number,
  event: DecidedEvent,
  actor: Actor,
  recordedAt = NOW,
): JournalEvent {
  const texts = textPathsOf(event.type, event.data as Record<string, unknown>);
  return {
    ...event,
    ...(texts.length > 0
      ? { textSalts: Object.fromEntries(texts.map((path) => [path, `salt-${version}`])) }
      : {}),
    eventId: `e${version}`,
    streamId,
    version,
    schemaVersion: 1,
    recordedAt,
    actor,
    commandId: `c${version}`,
    correlationId: `c${version}`,
    causationId: `c${version}`,
    territory: '46',
    prevHash: '',
    hash: '',
  } as JournalEvent;
}

/** Runs commands through zod and the decider, one by one; throws on a refusal (a test's "given" must hold). */
export function given(commands: readonly Command[], actor: Actor = staff, streamId = 'project:p1') {
  let state = initialState();
  const events: JournalEvent[] = [];
  for (const command of commands) {
    const result = when(state, command, actor);
    if (result instanceof DomainError)
      throw new Error(`given ${command.type} was refused: ${result.code} ${result.message}`);
    for (const event of result) {
      const stored = envelope(streamId, state.version + 1, event, actor);
      events.push(stored);
      state = evolve(state, stored);
    }
  }
  return { state, events };
}

/** Validates a command with zod (as the API does), then decides. */
export function when(
  state: JourneyState,
  command: Command,
  actor: Actor = staff,
  extra: Partial<DecisionContext> = {},
): DecidedEvent[] | DomainError {
  const parsed = commandSchema.parse(command);
  let counter = 0;
  return decide(parsed, state, {
    actor,
    now: NOW,
    newId: () => {
      counter += 1;
      return `generated-${state.version}-${counter}`;
    },
    ...extra,
  });
}

export { fold };

export const openProject: Command = {
  type: 'OpenProject',
  occurredAt: '2022-09-15',
  projectId: 'p1',
  structureId: 'causses',
  territory: '46',
  structureKind: 'centre_social',
  title: 'Projet social 2023-2027',
  plannedPeriod: { start: '2023-07-01', end: '2027-06-30' },
  circular: '2012-013',
};

/** A project with one of everything, to refer to. */
export const richProject: Command[] = [
  openProject,
  { type: 'IdentifyStake', occurredAt: '2022-11-01', stakeId: 's1', title: 'Rompre l’isolement' },
  { type: 'StateVision', occurredAt: '2022-11-02', statement: 'Un territoire où chacun trouve sa place.' },
  {
    type: 'DrawPathway',
    occurredAt: '2022-11-03',
    pathwayId: 'p1',
    stakeId: 's1',
    longTermChange: 'Moins de solitude.',
  },
  {
    type: 'AddIntermediateChange',
    occurredAt: '2022-11-03',
    changeId: 'c1',
    pathwayId: 'p1',
    description: 'Ils viennent.',
  },
  {
    type: 'AddIntermediateChange',
    occurredAt: '2022-11-03',
    changeId: 'c2',
    pathwayId: 'p1',
    description: 'Ils agissent.',
    after: ['c1'],
  },
  {
    type: 'StateAssumption',
    occurredAt: '2022-11-03',
    assumptionId: 'a1',
    pathwayId: 'p1',
    fromChangeId: 'c1',
    toChangeId: 'c2',
    statement: 'Venir donne envie.',
  },
  {
    type: 'DefineIndicator',
    occurredAt: '2022-11-04',
    indicatorId: 'i1',
    stakeId: 's1',
    label: 'Participants',
    unit: 'personnes',
    target: { value: 30 },
  },
  {
    type: 'MakeCommitment',
    occurredAt: '2022-11-05',
    commitmentId: 'k1',
    description: 'Un café mensuel.',
    stakeId: 's1',
    dueOn: '2023-06-30',
  },
  {
    type: 'ReportDifficulty',
    occurredAt: '2023-01-17',
    difficultyId: 'd1',
    category: 'time',
    description: 'Manque de temps.',
  },
  {
    type: 'RecordSuccess',
    occurredAt: '2023-01-17',
    successId: 'x1',
    category: 'shared_vision',
    description: 'Vision partagée.',
  },
  {
    type: 'ObserveOutcome',
    occurredAt: '2023-02-01',
    outcomeId: 'o1',
    description: 'Ils se parlent.',
    group: 'bénévoles',
  },
  {
    type: 'CollectChangeStory',
    occurredAt: '2023-02-01',
    storyId: 'st1',
    title: 'Le café',
    story: 'Un récit.',
  },
  {
    type: 'HoldInterimReview',
    occurredAt: '2023-01-17',
    reviewId: 'r1',
    title: 'Bilan',
    participants: { staff: 2 },
    difficultyIds: ['d1'],
  },
];
