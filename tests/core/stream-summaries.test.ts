import {
  applyInPlace,
  type Command,
  commandSchema,
  DomainError,
  dashboard,
  dashboardFromSummaries,
  dashboardRow,
  fold,
  initialState,
  Journal,
  MemoryEventStore,
  readAllEvents,
  streamSummary,
} from '@chemins/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayToInstant, PROJECT_ID, randomSteps, replay } from './projections/random-journey.ts';
import { given, openProject } from './support/given.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
const NOW = '2029-01-01T00:00:00.000Z';

/** Runs random journeys for two structures through the journal; refused or invalid commands are skipped. */
async function randomTerritory(journeys: Awaited<ReturnType<typeof randomSteps.generate>>['value'][]) {
  const store = new MemoryEventStore();
  const journal = new Journal(store);
  let id = 0;
  const run = async (streamId: string, command: unknown, role: string, hour: number) => {
    const parsed = commandSchema.safeParse(command);
    if (!parsed.success) return;
    try {
      await journal.execute(streamId, parsed.data as Command, {
        commandId: `c${++id}`,
        actor: { id: `p-${role}`, role: role as never },
        now: new Date(Date.UTC(2028, 0, 1, hour)).toISOString(),
        newId: () => `id-${++id}`,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  };
  for (const structure of ['alpha', 'beta']) {
    await run(
      `structure:${structure}`,
      {
        type: 'RegisterStructure',
        occurredAt: '2020-01-01',
        structureId: structure,
        name: structure,
        kind: 'evs',
        managingBody: 'association',
        territory: '46',
      },
      'admin',
      0,
    );
  }
  for (const [index, steps] of journeys.entries()) {
    const structure = index % 2 === 0 ? 'alpha' : 'beta';
    const projectId = `${structure}-${index}`;
    const stream = `project:${projectId}`;
    const start = 2023 + index;
    await run(
      stream,
      {
        type: 'OpenProject',
        occurredAt: dayToInstant(0),
        projectId,
        structureId: structure,
        territory: '46',
        structureKind: 'evs',
        title: `Projet ${index}`,
        plannedPeriod: { start: `${start}-07-01`, end: `${start + 3}-06-30` },
        circular: '2012-013',
      },
      'director',
      1,
    );
    let day = 0;
    for (const [n, { make, delta, role }] of steps.entries()) {
      day = Math.min(1000, Math.max(0, day + delta));
      await run(
        stream,
        { occurredAt: dayToInstant(day), ...make(await readAllEvents(store, stream)) },
        role,
        n + 2,
      );
    }
  }
  return store;
}

describe('stream summaries', () => {
  it('give the same dashboard as folding every stream on read, for random logs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(randomSteps, { minLength: 1, maxLength: 3 }), async (journeys) => {
        const store = await randomTerritory(journeys);
        const rows = [];
        for (const structure of ['alpha', 'beta']) {
          const state = fold(await readAllEvents(store, `structure:${structure}`));
          const projects = await Promise.all(
            Object.keys(state.entities.links).map((projectId) =>
              readAllEvents(store, `project:${projectId}`),
            ),
          );
          rows.push(dashboardRow(state, projects, { now: NOW }));
        }
        expect(rows.some((row) => row.projectId !== undefined)).toBe(true);
        expect(dashboardFromSummaries(await store.readSummaries('46'), { now: NOW })).toEqual(
          dashboard(rows),
        );
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('of a state advanced in place (read since the last summary only) equal those of a fresh fold', async () => {
    const streamId = `project:${PROJECT_ID}`;
    await fc.assert(
      fc.asyncProperty(randomSteps, fc.integer({ min: 1, max: 5 }), async (steps, every) => {
        const { events } = await replay(steps);
        const eachEvent = initialState();
        const nowAndThen = initialState();
        for (const [index, event] of events.entries()) {
          applyInPlace(eachEvent, event);
          applyInPlace(nowAndThen, event);
          const expected = streamSummary(streamId, fold(events.slice(0, index + 1)));
          expect(streamSummary(streamId, eachEvent)).toEqual(expected);
          if (index % every === 0 || index === events.length - 1)
            expect(streamSummary(streamId, nowAndThen)).toEqual(expected);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('follow a corrected due date, the retraction of that correction and of a difficulty', () => {
    const at = '2022-10-01';
    const target = (version: number) => ({ version, eventId: `e${version}` });
    const { events } = given([
      openProject,
      {
        type: 'MakeCommitment',
        occurredAt: at,
        commitmentId: 'k1',
        description: 'Un atelier.',
        dueOn: '2025-03-31',
      },
      {
        type: 'ReportDifficulty',
        occurredAt: at,
        difficultyId: 'd1',
        category: 'time',
        description: 'Peu de temps.',
      },
      {
        type: 'CorrectEntry',
        target: target(2),
        changes: { dueOn: '2025-09-30' },
        reason: 'Erreur de date.',
      },
      { type: 'RetractEntry', target: target(4), reason: 'La date était la bonne.' },
      { type: 'RetractEntry', target: target(3), reason: 'Doublon.' },
    ] as Command[]);
    const state = initialState();
    const seen = [];
    for (const [index, event] of events.entries()) {
      applyInPlace(state, event);
      const summary = streamSummary('project:p1', state);
      expect(summary).toEqual(streamSummary('project:p1', fold(events.slice(0, index + 1))));
      if (summary?.kind === 'project') seen.push([summary.pendingDueDates, summary.openDifficulties]);
    }
    expect(seen).toEqual([
      [[], 0],
      [['2025-03-31'], 0],
      [['2025-03-31'], 1],
      [['2025-09-30'], 1],
      [['2025-03-31'], 1],
      [['2025-03-31'], 0],
    ]);
  });
});
