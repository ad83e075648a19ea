import { describe, expect, it } from 'vitest';
import { headers, seededApp } from './support/test-app.ts';

describe('opening a project', () => {
  it('keeps it in its structure’s territory: a body cannot move it elsewhere', async () => {
    const { app, store } = await seededApp();
    const director = await headers('director', ['causses'], ['46', '12']);
    const open = (territory: string) =>
      app.request('/projects/causses-2027/commands', {
        method: 'POST',
        headers: { ...director, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          type: 'OpenProject',
          projectId: 'causses-2027',
          structureId: 'causses',
          territory,
          structureKind: 'centre_social',
          title: 'Projet social 2027-2031',
          plannedPeriod: { start: '2027-07-01', end: '2031-06-30' },
          circular: '2025-12-18',
        }),
      });
    const moved = await open('12');
    expect(moved.status).toBe(422);
    expect(await moved.json()).toMatchObject({ code: 'TERRITORY_MISMATCH' });
    expect((await store.readStream('project:causses-2027')).streamVersion).toBe(0);
    expect((await open('46')).status).toBe(201);
  });
});
