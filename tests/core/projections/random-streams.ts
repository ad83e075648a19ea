import {
  type Actor,
  type Command,
  commandSchema,
  type JournalEvent,
  type StreamKind,
  streamId,
} from '@chemins/core';
import fc from 'fast-check';
import { createJourney } from './journey.ts';
import { correctionOrRetraction, dayToInstant, type MakeCommand, pick } from './random-commands.ts';
import { PROJECT_ID } from './random-journey.ts';

/** The structure of the random project (random-journey.ts opens it for 'random'), so views can join them. */
export const STRUCTURE_ID = 'random';
export const COHORT_ID = 'random-cohort';

const text = pick('Un texte.', '<script>alert(1)</script>', '**gras** [lien](x) | # _', 'Ligne\nsuivante');
const participants = fc.record(
  { director: fc.nat(3), staff: fc.nat(6), volunteer: fc.nat(6), partner: fc.nat(4) },
  { requiredKeys: [] },
);
const period = pick(
  { plannedStart: '2019-07-01', plannedEnd: '2023-06-30' },
  { plannedStart: '2023-07-01', plannedEnd: '2027-06-30' },
  { plannedStart: '2027-07-01', plannedEnd: '2031-06-30' },
);
const constant = (arbitrary: fc.Arbitrary<object>): fc.Arbitrary<MakeCommand> =>
  arbitrary.map((command) => () => command);

/** An erasure of one of the erasable texts of the log (those with a salt), when there is one. */
const erasure: fc.Arbitrary<MakeCommand> = fc.nat().map(
  (index): MakeCommand =>
    (events) => {
      const texts = events.flatMap((event) =>
        Object.keys(event.textSalts ?? {}).map((path) => ({
          version: event.version,
          eventId: event.eventId,
          path,
        })),
      );
      const chosen = texts[index % Math.max(texts.length, 1)];
      const { path, ...target } = chosen ?? { version: 1, eventId: 'none', path: 'text' };
      return { type: 'EraseText', target, path, reason: 'Demande RGPD.' };
    },
);

const comment = constant(
  fc.record(
    { type: fc.constant('AddComment'), text, aboutVersion: fc.integer({ min: 1, max: 12 }) },
    {
      requiredKeys: ['type', 'text'],
    },
  ),
);
const amendments = [
  { weight: 1, arbitrary: correctionOrRetraction },
  { weight: 1, arbitrary: erasure },
  { weight: 1, arbitrary: comment },
];

const structureCommand: fc.Arbitrary<MakeCommand> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({ projectId: pick(PROJECT_ID, 'random-2019', 'random-2027'), title: text, period })
      .map(
        ({ period: dates, ...link }): MakeCommand =>
          () => ({ type: 'LinkProject', ...link, ...dates }),
      ),
  },
  ...amendments,
);

const cohortCommand: fc.Arbitrary<MakeCommand> = fc.oneof(
  {
    weight: 2,
    arbitrary: constant(
      fc.record(
        {
          type: fc.constant('JoinCohort'),
          structureId: pick(STRUCTURE_ID, 'causses', 'ailleurs'),
          projectId: pick(PROJECT_ID, 'causses-2023'),
        },
        { requiredKeys: ['type', 'structureId'] },
      ),
    ),
  },
  {
    weight: 2,
    arbitrary: constant(fc.record({ type: fc.constant('HoldCollectiveSession'), title: text, participants })),
  },
  {
    weight: 1,
    arbitrary: constant(
      fc.record(
        {
          type: fc.constant('HoldCoachingSession'),
          topic: text,
          participants,
          structureId: pick(STRUCTURE_ID, 'causses'),
        },
        { requiredKeys: ['type', 'topic', 'participants'] },
      ),
    ),
  },
  {
    weight: 2,
    arbitrary: constant(
      fc.record(
        {
          type: fc.constant('HoldInterimReview'),
          reviewId: pick('r1', 'r2'),
          title: text,
          participants,
          decisions: fc.array(text, { maxLength: 2 }),
          lessons: text,
        },
        { requiredKeys: ['type', 'reviewId', 'title', 'participants'] },
      ),
    ),
  },
  {
    weight: 1,
    arbitrary: constant(
      fc.record(
        { type: fc.constant('ShareResults'), audience: pick('Partenaires'), summary: text, participants },
        { requiredKeys: ['type', 'audience', 'summary'] },
      ),
    ),
  },
  {
    weight: 1,
    arbitrary: constant(
      fc.record(
        { type: fc.constant('PlanNextCohort'), title: text, plannedStart: pick('2024-09-01') },
        { requiredKeys: ['type', 'title'] },
      ),
    ),
  },
  ...amendments,
);

export interface StreamStep {
  make: MakeCommand;
  /** Days since the previous step (mostly forward). */
  delta: number;
}

const steps = (command: fc.Arbitrary<MakeCommand>) =>
  fc.array(fc.record({ make: command, delta: fc.integer({ min: -5, max: 60 }) }), { maxLength: 20 });

/** Random histories of a structure stream and of a cohort stream, after their opening command. */
export const randomStructureSteps = steps(structureCommand);
export const randomCohortSteps = steps(cohortCommand);

const openings: Record<Exclude<StreamKind, 'project'>, { id: string; actor: Actor; command: Command }> = {
  structure: {
    id: STRUCTURE_ID,
    actor: { id: 'admin-1', role: 'admin' },
    command: {
      type: 'RegisterStructure',
      structureId: STRUCTURE_ID,
      name: 'Structure tirée au sort',
      kind: 'evs',
      managingBody: 'association',
      territory: '46',
    },
  },
  cohort: {
    id: COHORT_ID,
    actor: { id: 'fac-1', role: 'facilitator' },
    command: {
      type: 'OpenCohort',
      cohortId: COHORT_ID,
      title: 'Programme tiré au sort',
      territory: '46',
      funder: 'CAF46',
      facilitatorId: 'fac-1',
    },
  },
};

/**
 * Opens a structure or cohort stream on day 0, then runs the steps through the Journal by its opener;
 * an invalid (zod) or refused command is skipped. Recording instants go up an hour a step.
 */
export async function replayStream(
  kind: Exclude<StreamKind, 'project'>,
  streamSteps: readonly StreamStep[],
): Promise<JournalEvent[]> {
  const journey = createJourney();
  const { id, actor, command } = openings[kind];
  const stream = streamId(kind, id);
  const opened = await journey.attempt(
    stream,
    { ...command, occurredAt: dayToInstant(0) } as Command,
    actor,
    '2025-09-01T00:00:00.000Z',
  );
  if (!opened) throw new Error(`the opening of the ${kind} must be accepted`);
  let day = 0;
  for (const [index, { make, delta }] of streamSteps.entries()) {
    day = Math.min(1000, Math.max(0, day + delta));
    const parsed = commandSchema.safeParse({
      occurredAt: dayToInstant(day),
      ...make(await journey.events(stream)),
    });
    const now = new Date(Date.UTC(2025, 8, 1, index + 1)).toISOString();
    if (parsed.success) await journey.attempt(stream, parsed.data, actor, now);
  }
  return journey.events(stream);
}
