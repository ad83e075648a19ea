import type { EventStore } from '@chemins/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectNothingAppended, expectProblem, streamVersion } from './support/http.ts';
import { headers, json, seededApp } from './support/test-app.ts';

/*
 * JoinCohort enrols only registered structures of the cohort's territory: a member's people then read the
 * cohort. The check comes after authorisation, so that only who may write the cohort learns of structures.
 */

type App = Awaited<ReturnType<typeof seededApp>>['app'];

let app: App;
let store: EventStore;

beforeAll(async () => {
  ({ app, store } = await seededApp());
});

function post(path: string, body: unknown, auth: Record<string, string>) {
  return app.request(path, json(body, auth));
}

async function recorded(response: Response): Promise<{ version: number }> {
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { version: number };
}

describe('JoinCohort enrols registered structures of the cohort’s territory', () => {
  const COHORT = 'cohort:lot-2022';
  const join = (structureId: string) => ({ type: 'JoinCohort', structureId });
  const register = (structureId: string, territory: string) => ({
    type: 'RegisterStructure',
    structureId,
    name: `Espace de vie sociale ${structureId}`,
    kind: 'evs',
    managingBody: 'association',
    territory,
  });

  beforeAll(async () => {
    await recorded(
      await post(
        '/structures/vallee-du-lot/commands',
        register('vallee-du-lot', '46'),
        await headers('admin', [], ['46']),
      ),
    );
    await recorded(
      await post('/structures/millau/commands', register('millau', '12'), await headers('admin', [], ['12'])),
    );
  });

  test.each([
    ['facilitator', ['46']],
    ['admin', ['46']],
  ] as const)(
    '422 UNKNOWN_STRUCTURE for a structure nobody registered (%s), nothing appended',
    async (role, territories) => {
      const response = await expectNothingAppended(store, COHORT, async () =>
        post('/cohorts/lot-2022/commands', join('nulle-part'), await headers(role, [], [...territories])),
      );
      const problem = await expectProblem(response, 422, 'UNKNOWN_STRUCTURE');
      expect(problem).toMatchObject({ structureId: 'nulle-part' });
      expect(await streamVersion(store, 'structure:nulle-part')).toBe(0);
    },
  );

  test('422 TERRITORY_MISMATCH for a structure of another territory, nothing appended', async () => {
    const response = await expectNothingAppended(store, COHORT, async () =>
      post('/cohorts/lot-2022/commands', join('millau'), await headers('facilitator', [], ['46'])),
    );
    const problem = await expectProblem(response, 422, 'TERRITORY_MISMATCH');
    expect(problem).toMatchObject({ structureId: 'millau', territory: '12' });
  });

  test('403, not 422, for someone who may not write the cohort: they learn nothing of the structures', async () => {
    const response = await expectNothingAppended(store, COHORT, async () =>
      post('/cohorts/lot-2022/commands', join('nulle-part'), await headers('director', ['causses'])),
    );
    await expectProblem(response, 403, 'FORBIDDEN');
  });

  test('422 PROJECT_MISMATCH when the member project is another structure’s, nothing appended', async () => {
    const response = await expectNothingAppended(store, COHORT, async () =>
      post(
        '/cohorts/lot-2022/commands',
        { ...join('vallee-du-lot'), projectId: 'bouriane-2023' },
        await headers('facilitator', [], ['46']),
      ),
    );
    const problem = await expectProblem(response, 422, 'PROJECT_MISMATCH');
    expect(problem).toMatchObject({ projectId: 'bouriane-2023', structureId: 'vallee-du-lot' });
  });

  test('201 for a registered structure of the territory; its people then read the cohort', async () => {
    const before = await streamVersion(store, COHORT);
    // With the project it is preparing, not open yet: accepted.
    const joined = await post(
      '/cohorts/lot-2022/commands',
      { ...join('vallee-du-lot'), projectId: 'vallee-du-lot-2024' },
      await headers('facilitator', [], ['46']),
    );
    expect((await recorded(joined)).version).toBe(before + 1);
    const read = await app.request('/cohorts/lot-2022', {
      headers: await headers('resident', ['vallee-du-lot']),
    });
    expect(read.status).toBe(200);
  });
});
