import {
  type Actor,
  type Command,
  commandSchema,
  type JourneyState,
  type Role,
  streamId,
} from '@chemins/core';
import fc from 'fast-check';
import { createJourney } from './journey.ts';
import {
  correctionOrRetraction,
  dayToInstant,
  foundation,
  fromTemplate,
  type MakeCommand,
  pick,
} from './random-commands.ts';

export { dayToInstant };

export const PROJECT_ID = 'random-2023';
const STREAM = streamId('project', PROJECT_ID);

export interface RandomStep {
  make: MakeCommand;
  /** Days since the previous step: mostly forward, sometimes back (the past recorded late). */
  delta: number;
  role: Role;
}

const step = (make: fc.Arbitrary<MakeCommand>): fc.Arbitrary<RandomStep> =>
  fc.record({
    make,
    delta: fc.integer({ min: -15, max: 45 }),
    role: pick<Role>('director', 'staff', 'volunteer', 'board_member', 'caf_advisor'),
  });

/** A random subset of the foundation, then random commands of every kind, corrections and retractions among them. */
export const randomSteps: fc.Arbitrary<RandomStep[]> = fc
  .tuple(
    fc
      .shuffledSubarray(foundation, { minLength: 3 })
      .chain((makes) => fc.tuple(...makes.map((make) => step(fc.constant(make))))),
    fc.array(
      step(
        fc.oneof({ weight: 5, arbitrary: fromTemplate }, { weight: 1, arbitrary: correctionOrRetraction }),
      ),
      {
        maxLength: 30,
        size: 'max',
      },
    ),
  )
  .map(([first, then]) => [...first, ...then]);

/** What the journal said after each command: the recording instant and the state it returned. */
export interface Snapshot {
  recordedAt: string;
  state: JourneyState;
}

/**
 * Opens a project, then runs the steps through the Journal; a step whose command is invalid (zod, as the
 * API checks) or refused (the decider) is simply skipped. Recording instants go up an hour a step.
 */
export async function replay(steps: readonly RandomStep[]) {
  const journey = createJourney();
  const opening: Command = {
    type: 'OpenProject',
    occurredAt: dayToInstant(0),
    projectId: PROJECT_ID,
    structureId: 'random',
    territory: '46',
    structureKind: 'evs',
    title: 'Projet tiré au sort',
    plannedPeriod: { start: '2023-07-01', end: '2027-06-30' },
    circular: '2012-013',
  };
  const openedAt = '2025-09-01T00:00:00.000Z';
  const opened = await journey.attempt(STREAM, opening, { id: 'opener', role: 'director' }, openedAt);
  if (!opened) throw new Error('the opening must be accepted');
  const snapshots: Snapshot[] = [{ recordedAt: openedAt, state: opened.state }];
  let state = opened.state;
  let day = 0;
  for (const [index, { make, delta, role }] of steps.entries()) {
    day = Math.min(1000, Math.max(0, day + delta));
    const now = new Date(Date.UTC(2025, 8, 1, index + 1)).toISOString();
    const parsed = commandSchema.safeParse({
      occurredAt: dayToInstant(day),
      ...make(await journey.events(STREAM)),
    });
    const actor: Actor = { id: `person-${role}`, role };
    const result = parsed.success ? await journey.attempt(STREAM, parsed.data, actor, now) : undefined;
    if (result) state = result.state;
    snapshots.push({ recordedAt: now, state });
  }
  return { events: await journey.events(STREAM), snapshots };
}
