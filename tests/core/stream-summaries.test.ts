import {
  type Command,
  commandSchema,
  DomainError,
  dashboard,
  dashboardFromSummaries,
  dashboardRow,
  fold,
  Journal,
  MemoryEventStore,
  readAllEvents,
} from '@chemins/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayToInstant, randomSteps } from './projections/random-journey.ts';

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
});
