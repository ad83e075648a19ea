import { describe, expect, it } from 'vitest';
import { headers, seededApp } from './support/test-app.ts';

describe('GET /projects/{id}/trail and GET /territories/{code}/audit', () => {
  it('serves the audit trail to readers of the project, and the territory ledger audit to CAF roles', async () => {
    const { app } = await seededApp();
    const staff = await headers('staff', ['causses'], ['46']);
    const trail = await app.request('/projects/causses-2023/trail?lang=en', { headers: staff });
    expect(trail.status).toBe(200);
    const body = (await trail.json()) as { entries: { amendments: unknown[] }[]; visionRevisions: unknown[] };
    expect(body.entries.some((entry) => entry.amendments.length === 1)).toBe(true);
    expect(body.visionRevisions).toHaveLength(2);
    expect((await app.request('/projects/bouriane-2023/trail', { headers: staff })).status).toBe(403);

    const auditor = await headers('auditor', [], ['46']);
    const audit = await app.request('/territories/46/audit', { headers: auditor });
    expect(await audit.json()).toMatchObject({ territory: '46', ok: true });
    expect((await app.request('/territories/46/audit', { headers: staff })).status).toBe(403);
    expect((await app.request('/territories/12/audit', { headers: auditor })).status).toBe(403);
  });
});
