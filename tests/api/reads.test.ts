import { randomUUID } from 'node:crypto';
import { createApp, hs256Authenticator } from '@chemins/api';
import { type EventStore, type LedgerEntry, lotStructures, readWholeLedger } from '@chemins/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectProblem, ledgerSize, streamVersion } from './support/http.ts';
import { headers, NOW, SECRET, seededApp } from './support/test-app.ts';

type App = Awaited<ReturnType<typeof seededApp>>['app'];

// Nothing here writes: one seeded app for the whole file.
let app: App;
let store: EventStore;
let staff: Record<string, string>;
let adviser: Record<string, string>;

beforeAll(async () => {
  ({ app, store } = await seededApp());
  staff = await headers('staff', ['causses']);
  adviser = await headers('caf_advisor', [], ['46']);
});

/** The store, with some of its methods replaced (the others still reach it). */
function storeWith(base: EventStore, overrides: Partial<EventStore>): EventStore {
  return new Proxy(base, {
    get(target, name) {
      if (name in overrides) return overrides[name as keyof EventStore];
      const value = Reflect.get(target, name);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The app over a store that is already seeded (seededApp would seed it again). */
function appOver(over: EventStore) {
  return createApp({
    store: over,
    auth: hs256Authenticator({ secret: SECRET }),
    clock: () => NOW,
    ids: randomUUID,
  });
}

async function get(path: string, auth: Record<string, string> = staff, extra: Record<string, string> = {}) {
  return app.request(path, { headers: { ...auth, ...extra } });
}

async function ok<T = Record<string, unknown>>(
  path: string,
  auth: Record<string, string> = staff,
): Promise<T> {
  const response = await get(path, auth);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
  return JSON.parse(text) as T;
}

interface ProjectState {
  projectId: string;
  structureId: string;
  territory: string;
  period: { start: string; end: string };
  stage: string;
  agreed: boolean;
  version: number;
  vision: { statement: string; revisions: number; rationale?: string } | null;
  difficulties: { difficultyId: string; description: string; status: string }[];
  asOf?: string;
  knownAt?: string;
}

const REVISED = 'Nous allons vers ceux qui ne viennent pas.';

describe('GET /projects/{id}', () => {
  test('the state names its structure, territory and period, with the ETag of its version', async () => {
    const response = await get('/projects/causses-2023');
    const state = (await response.json()) as ProjectState;
    const version = await streamVersion(store, 'project:causses-2023');
    expect(state).toMatchObject({
      projectId: 'causses-2023',
      structureId: 'causses',
      territory: '46',
      period: { start: '2023-07-01', end: '2027-06-30' },
      stage: 'granted',
      agreed: true,
      version,
    });
    expect(response.headers.get('ETag')).toBe(`W/"${version}"`);
    expect(state.vision?.statement).toContain(REVISED);
  });

  test('304 with If-None-Match: the current ETag, and 200 with an older one', async () => {
    const etag = (await get('/projects/causses-2023')).headers.get('ETag') ?? '';
    const fresh = await get('/projects/causses-2023', staff, { 'If-None-Match': etag });
    expect(fresh.status).toBe(304);
    expect(await fresh.text()).toBe('');
    expect(fresh.headers.get('ETag')).toBe(etag);

    const stale = await get('/projects/causses-2023', staff, { 'If-None-Match': 'W/"1"' });
    expect(stale.status).toBe(200);
  });

  test('304 when If-None-Match lists the current ETag among others, gives its strong form, or is *', async () => {
    const etag = (await get('/projects/causses-2023')).headers.get('ETag') ?? '';
    const listed = await get('/projects/causses-2023', staff, { 'If-None-Match': `W/"1", ${etag}` });
    expect(listed.status).toBe(304);
    const strong = await get('/projects/causses-2023', staff, { 'If-None-Match': etag.replace(/^W\//, '') });
    expect(strong.status).toBe(304);
    expect((await get('/projects/causses-2023', staff, { 'If-None-Match': '*' })).status).toBe(304);
    expect((await get('/projects/causses-2023', staff, { 'If-None-Match': 'W/"1", W/"2"' })).status).toBe(
      200,
    );
  });

  test('asOf 2023-01-31 shows the vision before its 2025 revision, and the project before its agreement', async () => {
    const state = await ok<ProjectState>('/projects/causses-2023?asOf=2023-01-31');
    expect(state.asOf).toBe('2023-01-31');
    expect(state.vision?.statement).not.toContain(REVISED);
    expect(state.vision?.revisions).toBe(0);
    expect(state.agreed).toBe(false);
    expect(state).toMatchObject({ structureId: 'causses', territory: '46' });

    const later = await ok<ProjectState>('/projects/causses-2023?asOf=2025-01-31');
    expect(later.vision).toMatchObject({ revisions: 1, rationale: expect.any(String) });
  });

  test('knownAt before the 2024-05-21 correction shows the difficulty as first recorded', async () => {
    const benevoles = (state: ProjectState) =>
      state.difficulties.find((difficulty) => difficulty.difficultyId === 'diff-benevoles')?.description;

    const before = await ok<ProjectState>('/projects/causses-2023?knownAt=2024-05-20');
    expect(before.knownAt).toBe('2024-05-20');
    expect(benevoles(before)).toContain('priorités pour 2025');

    const after = await ok<ProjectState>('/projects/causses-2023?knownAt=2024-05-22');
    expect(benevoles(after)).toContain('priorités pour 2024');
    expect(benevoles(await ok<ProjectState>('/projects/causses-2023'))).toContain('priorités pour 2024');

    const beforeItWasReported = await ok<ProjectState>('/projects/causses-2023?knownAt=2024-05-13');
    expect(benevoles(beforeItWasReported)).toBeUndefined();
  });

  test('asOf and knownAt together, with instants', async () => {
    const state = await ok<ProjectState>(
      '/projects/causses-2023?asOf=2024-12-31T23:00:00Z&knownAt=2024-05-20T00:00:00%2B02:00',
    );
    expect(state.vision?.revisions).toBe(0);
    expect(state.difficulties.find((d) => d.difficultyId === 'diff-benevoles')?.description).toContain(
      '2025',
    );
  });

  test.each(['yesterday', '2023-02-30', '2023-01-31T25:00:00Z', '31/01/2023'])(
    '400 for asOf=%s',
    async (value) => {
      const problem = await expectProblem(
        await get(`/projects/causses-2023?asOf=${encodeURIComponent(value)}`),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors?.map((error) => error.path)).toEqual(['asOf']);
    },
  );

  test('404 for a project that does not exist, 400 for an id that cannot be one', async () => {
    await expectProblem(await get('/projects/causses-1999'), 404, 'STREAM_NOT_FOUND');
    await expectProblem(await get('/projects/-causses'), 400, 'VALIDATION_FAILED');
  });

  test.each([
    ['the staff of another structure', 'staff', ['bouriane'], []],
    ['a facilitator of another structure', 'facilitator', ['le-fil'], ['12']],
    ['an auditor of another territory', 'auditor', [], ['31']],
    ['a CAF adviser of another territory', 'caf_advisor', [], ['31']],
  ] as const)('403 for %s', async (_who, role, structures, territories) => {
    await expectProblem(
      await get('/projects/causses-2023', await headers(role, [...structures], [...territories])),
      403,
      'FORBIDDEN',
    );
  });

  test.each([
    ['an auditor of the territory', 'auditor', [], ['46']],
    ['a federation delegate of the territory', 'federation_delegate', [], ['46']],
    ['the facilitator supporting the structure', 'facilitator', ['causses'], []],
    ['a volunteer of the structure', 'volunteer', ['causses'], []],
  ] as const)('200 for %s', async (_who, role, structures, territories) => {
    expect(
      (await get('/projects/causses-2023', await headers(role, [...structures], [...territories]))).status,
    ).toBe(200);
  });
});

describe('GET /structures/{id} and /cohorts/{id}', () => {
  test('a structure: identity, territory and its projects, with an ETag', async () => {
    const response = await get('/structures/causses');
    const structure = (await response.json()) as { projects: { projectId: string }[] };
    expect(structure).toMatchObject({
      structureId: 'causses',
      name: 'Centre social des Causses',
      territory: '46',
    });
    expect(structure.projects.map((project) => project.projectId).sort()).toEqual([
      'causses-2019',
      'causses-2023',
    ]);
    expect(response.headers.get('ETag')).toBe(`W/"${await streamVersion(store, 'structure:causses')}"`);
  });

  test('a cohort: its eight member structures', async () => {
    const cohort = await ok<{
      cohortId: string;
      territory: string;
      members: { structureId: string; projectId: string }[];
    }>('/cohorts/lot-2022', adviser);
    expect(cohort).toMatchObject({ cohortId: 'lot-2022', territory: '46' });
    expect(cohort.members.map((member) => member.structureId).sort()).toEqual(
      lotStructures.map((s) => s.id).sort(),
    );
  });

  test('the staff of a member structure may read the cohort', async () => {
    expect((await get('/cohorts/lot-2022')).status).toBe(200);
  });

  test('404 for unknown structures and cohorts', async () => {
    await expectProblem(await get('/structures/nulle-part', adviser), 404, 'STREAM_NOT_FOUND');
    await expectProblem(await get('/cohorts/lot-1999', adviser), 404, 'STREAM_NOT_FOUND');
  });

  test('403 for a structure that is not yours', async () => {
    await expectProblem(await get('/structures/bouriane'), 403, 'FORBIDDEN');
  });
});

interface EventsPage {
  events: { version: number; hash: string; prevHash: string; streamId: string }[];
  next: string | null;
}

describe('GET /{kind}/{id}/events', () => {
  test('cursor pages: after=&limit= walk the whole stream, and next is null at the end', async () => {
    const total = await streamVersion(store, 'project:causses-2023');
    const seen: EventsPage['events'] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const query: string = after === null ? '?limit=10' : `?limit=10&after=${after}`;
      const page: EventsPage = await ok<EventsPage>(`/projects/causses-2023/events${query}`);
      expect(page.events.length).toBeLessThanOrEqual(10);
      seen.push(...page.events);
      after = page.next;
      pages += 1;
    } while (after !== null && pages < 100);
    expect(seen.map((event) => event.version)).toEqual(
      Array.from({ length: total }, (_, index) => index + 1),
    );
    expect(pages).toBe(Math.ceil(total / 10));
    for (const [index, event] of seen.entries()) {
      if (index > 0) expect(event.prevHash).toBe(seen[index - 1]?.hash);
    }
  });

  test('limit=500 returns everything in one page, with next null', async () => {
    const page = await ok<EventsPage>('/projects/causses-2023/events?limit=500');
    expect(page.events).toHaveLength(await streamVersion(store, 'project:causses-2023'));
    expect(page.next).toBeNull();
  });

  test('a page after the end is empty, with next null', async () => {
    expect(await ok<EventsPage>('/projects/causses-2023/events?after=100000')).toEqual({
      events: [],
      next: null,
    });
  });

  test.each(['limit=501', 'limit=0', 'limit=-1', 'limit=ten', 'after=abc', 'after=-1'])(
    '400 for %s',
    async (query) => {
      const problem = await expectProblem(
        await get(`/projects/causses-2023/events?${query}`),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors?.map((error) => error.path)).toEqual([query.split('=')[0]]);
    },
  );

  test.each([
    ['structures', 'causses'],
    ['cohorts', 'lot-2022'],
  ] as const)('the %s have their events too', async (kind, id) => {
    const page = await ok<EventsPage>(`/${kind}/${id}/events?limit=2`, adviser);
    expect(page.events.map((event) => event.version)).toEqual([1, 2]);
    expect(page.next).toBe('2');
  });
});

interface Timeline {
  lang: string;
  entries: { type: string; label: string; actorRole: string; occurredAt: string; stakeIds: string[] }[];
}

describe('GET /{kind}/{id}/timeline', () => {
  test('in French by default, in English with lang=en', async () => {
    const fr = await ok<Timeline>('/projects/causses-2023/timeline');
    const en = await ok<Timeline>('/projects/causses-2023/timeline?lang=en');
    expect(fr.lang).toBe('fr');
    expect(en.lang).toBe('en');
    expect(fr.entries.length).toBe(en.entries.length);
    expect(fr.entries[0]?.type).toBe('ProjectOpened');
    expect(en.entries[0]?.label).toBe('Project opened');
    expect(fr.entries[0]?.label).not.toBe('Project opened');
  });

  test('filters by type, role, stake and dates', async () => {
    const byType = await ok<Timeline>('/projects/causses-2023/timeline?type=DifficultyReported');
    expect(byType.entries.length).toBeGreaterThanOrEqual(4);
    expect(new Set(byType.entries.map((entry) => entry.type))).toEqual(new Set(['DifficultyReported']));

    const byRole = await ok<Timeline>('/projects/causses-2023/timeline?role=volunteer');
    expect(byRole.entries.length).toBeGreaterThan(0);
    expect(new Set(byRole.entries.map((entry) => entry.actorRole))).toEqual(new Set(['volunteer']));

    const byStake = await ok<Timeline>('/projects/causses-2023/timeline?stakeId=isolement');
    expect(byStake.entries.length).toBeGreaterThan(0);
    for (const entry of byStake.entries) expect(entry.stakeIds).toContain('isolement');

    const in2024 = await ok<Timeline>('/projects/causses-2023/timeline?from=2024-01-01&to=2024-12-31');
    expect(in2024.entries.length).toBeGreaterThan(0);
    for (const entry of in2024.entries) expect(entry.occurredAt.slice(0, 4)).toBe('2024');
  });

  test.each(['lang=de', 'type=NotAnEvent', 'role=king', 'from=soon', 'from=2024-02-01&to=2024-01-31'])(
    '400 for %s',
    async (query) => {
      await expectProblem(await get(`/projects/causses-2023/timeline?${query}`), 400, 'VALIDATION_FAILED');
    },
  );

  test('structures and cohorts have a timeline', async () => {
    expect((await ok<Timeline>('/structures/causses/timeline', adviser)).entries[0]?.type).toBe(
      'StructureRegistered',
    );
    expect((await ok<Timeline>('/cohorts/lot-2022/timeline?lang=en', adviser)).entries[0]?.type).toBe(
      'CohortOpened',
    );
  });
});

describe('GET /projects/{id}/vision', () => {
  interface Vision {
    history?: { visions: { statement: string; rationale?: string; decidingBody?: string }[] };
    diff?: { vision: { before: string; after: string; changed: boolean } };
  }

  test('the history lists every version of the vision, with why and who decided', async () => {
    const { history } = await ok<Vision>('/projects/causses-2023/vision');
    expect(history?.visions).toHaveLength(2);
    expect(history?.visions[0]?.statement).not.toContain(REVISED);
    expect(history?.visions[1]).toMatchObject({
      statement: expect.stringContaining(REVISED),
      rationale: expect.any(String),
      decidingBody: 'board',
    });
  });

  test('from and to give a diff', async () => {
    const { diff } = await ok<Vision>('/projects/causses-2023/vision?from=2023-01-31&to=2025-12-31');
    expect(diff?.vision).toMatchObject({ changed: true, after: expect.stringContaining(REVISED) });
    expect(diff?.vision.before).not.toContain(REVISED);

    const quiet = await ok<Vision>('/projects/causses-2023/vision?from=2023-01-31&to=2023-12-31');
    expect(quiet.diff?.vision.changed).toBe(false);
  });

  test.each([
    ['from', 'to', 'from=2023-01-31'],
    ['to', 'from', 'to=2025-12-31'],
  ])('400 with only %s', async (_given, missing, query) => {
    const problem = await expectProblem(
      await get(`/projects/causses-2023/vision?${query}`),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((error) => error.path)).toEqual([missing]);
  });
});

describe('GET /{kind}/{id}/audit and /export', () => {
  test.each([
    ['projects', 'causses-2023', 'project'],
    ['projects', 'causses-2019', 'project'],
    ['structures', 'causses', 'structure'],
    ['cohorts', 'lot-2022', 'cohort'],
  ])('/%s/%s/audit: ok, every event checked', async (kind, id, streamKind) => {
    const audit = await ok<{ ok: boolean; checked: number }>(`/${kind}/${id}/audit`, adviser);
    expect(audit).toMatchObject({ streamId: `${streamKind}:${id}`, ok: true });
    expect(audit.checked).toBe(await streamVersion(store, `${streamKind}:${id}`));
  });

  test.each([
    ['projects', 'causses-2023', 'project'],
    ['structures', 'causses', 'structure'],
    ['cohorts', 'lot-2022', 'cohort'],
  ])('/%s/%s/export: one JSON envelope per line, chained', async (kind, id, streamKind) => {
    const response = await get(`/${kind}/${id}/export`, adviser);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename=".+\.ndjson"$/);
    const text = await response.text();
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(await streamVersion(store, `${streamKind}:${id}`));
    const events = lines.map((line) => JSON.parse(line) as EventsPage['events'][number]);
    events.forEach((event, index) => {
      expect(event).toMatchObject({ streamId: `${streamKind}:${id}`, version: index + 1 });
      if (index > 0) expect(event.prevHash).toBe(events[index - 1]?.hash);
    });
  });

  test('404 and 403 apply to the export too', async () => {
    await expectProblem(await get('/projects/nulle-part/export'), 404, 'STREAM_NOT_FOUND');
    await expectProblem(await get('/projects/bouriane-2023/export'), 403, 'FORBIDDEN');
    await expectProblem(await get('/projects/bouriane-2023/audit'), 403, 'FORBIDDEN');
  });
});

describe('audits that find a break, over HTTP', () => {
  const auditor = () => headers('auditor', [], ['46']);
  /** What a rewrite in the database does: version 12 of the project changed, its hash left as it was. */
  const altered = <T extends { version: number; streamId: string; occurredAt: string }>(event: T): T =>
    event.streamId === 'project:causses-2023' && event.version === 12
      ? { ...event, occurredAt: '2020-01-01T00:00:00.000Z' }
      : event;

  test('GET /projects/{id}/audit: 200 with ok false, the first broken version and why', async () => {
    const tampered = storeWith(store, {
      readStream: async (...args) => {
        const page = await store.readStream(...args);
        return { ...page, events: page.events.map(altered) };
      },
    });
    const response = await appOver(tampered).request('/projects/causses-2023/audit', {
      headers: await auditor(),
    });
    expect(response.status).toBe(200);
    const [recorded] = (await store.readStream('project:causses-2023', { fromVersion: 12, limit: 1 })).events;
    expect(await response.json()).toEqual({
      streamId: 'project:causses-2023',
      ok: false,
      checked: 11,
      version: 12,
      eventId: recorded?.eventId,
      reason: 'hash_mismatch',
      message: expect.stringContaining('version 12'),
    });
  });

  const ledgerWith = (change: (entries: LedgerEntry[]) => LedgerEntry[]) =>
    storeWith(store, {
      readLedger: async (...args) => {
        const page = await store.readLedger(...args);
        return { ...page, entries: change(page.entries) };
      },
    });

  test('GET /territories/{code}/audit: ok false at the position of an altered event', async () => {
    const tampered = ledgerWith((entries) =>
      entries.map((entry) => ({ ...entry, event: altered(entry.event) })),
    );
    const response = await appOver(tampered).request('/territories/46/audit', { headers: await auditor() });
    expect(response.status).toBe(200);
    const audit = (await response.json()) as { position: number };
    expect(audit).toMatchObject({
      territory: '46',
      ok: false,
      streamId: 'project:causses-2023',
      version: 12,
      reason: 'hash_mismatch',
    });
    const position = (await readWholeLedger(store, '46')).find(
      (entry) => entry.event.streamId === 'project:causses-2023' && entry.event.version === 12,
    )?.position;
    expect(audit.position).toBe(position);
  });

  test('GET /territories/{code}/audit: ok false at the position of a dropped entry', async () => {
    expect(await ledgerSize(store)).toBeGreaterThan(100);
    const cut = ledgerWith((entries) => entries.filter((entry) => entry.position !== 100));
    const response = await appOver(cut).request('/territories/46/audit', { headers: await auditor() });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      territory: '46',
      ok: false,
      checked: 99,
      position: 100,
      reason: 'position_gap',
    });
  });
});

describe('GET /structures/{id}/history', () => {
  interface History {
    structureId: string;
    periods: { projectId: string; stakes: { lineageId: string }[] }[];
    lineages: { lineageId: string; projectIds: string[] }[];
  }

  test('the Causses: two agreement periods, and the isolement stake followed through both', async () => {
    const history = await ok<History>('/structures/causses/history');
    expect(history.structureId).toBe('causses');
    expect(history.periods.map((period) => period.projectId)).toEqual(['causses-2019', 'causses-2023']);
    for (const period of history.periods) {
      expect(period.stakes.map((stake) => stake.lineageId)).toContain('isolement');
    }
    const isolement = history.lineages.find((lineage) => lineage.lineageId === 'isolement');
    expect(isolement?.projectIds).toEqual(['causses-2019', 'causses-2023']);
  });

  test('a structure with one agreement has one period', async () => {
    const history = await ok<History>('/structures/le-fil/history', adviser);
    expect(history.periods.map((period) => period.projectId)).toEqual(['le-fil-2023']);
  });

  test('404 and 403', async () => {
    await expectProblem(await get('/structures/nulle-part/history', adviser), 404, 'STREAM_NOT_FOUND');
    await expectProblem(await get('/structures/le-fil/history'), 403, 'FORBIDDEN');
  });
});

describe('GET /territories/{code}/dashboard', () => {
  type Count = number | '< 5';
  interface Dashboard {
    territory: string;
    rows: { structureId: string; projectId: string; openDifficulties: Count; overdueCommitments: Count }[];
  }

  const isSuppressed = (count: Count) =>
    count === '< 5' || count === 0 || (typeof count === 'number' && count >= 5);

  test('one row per structure of the territory, with its structureId and current projectId', async () => {
    const dashboard = await ok<Dashboard>('/territories/46/dashboard', adviser);
    expect(dashboard.territory).toBe('46');
    expect(dashboard.rows.map((row) => row.structureId).sort()).toEqual(
      lotStructures.map((s) => s.id).sort(),
    );
    for (const row of dashboard.rows) expect(row.projectId).toBe(`${row.structureId}-2023`);
  });

  test('is served from the summary rows, in one query: no stream or ledger read', async () => {
    const calls: string[] = [];
    const counted = new Proxy(store, {
      get(target, name) {
        const value = Reflect.get(target, name);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(name));
          return value.apply(target, args);
        };
      },
    });
    const response = await appOver(counted).request('/territories/46/dashboard', { headers: adviser });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Dashboard).rows).toHaveLength(lotStructures.length);
    expect(calls).toEqual(['readSummaries']);
  });

  test('counts under 5 are shown as "< 5"', async () => {
    const dashboard = await ok<Dashboard>('/territories/46/dashboard', adviser);
    for (const row of dashboard.rows) {
      expect(isSuppressed(row.openDifficulties), JSON.stringify(row)).toBe(true);
      expect(isSuppressed(row.overdueCommitments), JSON.stringify(row)).toBe(true);
    }
    // The Causses have 3 open difficulties in the seed.
    expect(dashboard.rows.find((row) => row.structureId === 'causses')?.openDifficulties).toBe('< 5');
    expect(JSON.stringify(dashboard)).not.toMatch(/"(?:openDifficulties|overdueCommitments)":[1-4]\b/);
  });

  test('auditors and federation delegates of the territory see it too', async () => {
    expect((await get('/territories/46/dashboard', await headers('auditor', [], ['46']))).status).toBe(200);
    expect(
      (await get('/territories/46/dashboard', await headers('federation_delegate', [], ['46']))).status,
    ).toBe(200);
  });

  test('a territory without structures has no rows', async () => {
    const dashboard = await ok<Dashboard>(
      '/territories/12/dashboard',
      await headers('caf_advisor', [], ['12']),
    );
    expect(dashboard.rows).toEqual([]);
  });

  test.each([
    ['a staff token', 'staff', ['causses'], ['46']],
    ['a facilitator', 'facilitator', ['causses'], ['46']],
    ['an adviser of another territory', 'caf_advisor', [], ['31']],
  ] as const)('403 for %s', async (_who, role, structures, territories) => {
    await expectProblem(
      await get('/territories/46/dashboard', await headers(role, [...structures], [...territories])),
      403,
      'FORBIDDEN',
    );
  });

  test('400 for something that is not a département code', async () => {
    const problem = await expectProblem(
      await get('/territories/99/dashboard', adviser),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((error) => error.path)).toEqual(['code']);
  });
});
