import { randomUUID } from 'node:crypto';
import type { EventStore, Role } from '@chemins/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectNothingAppended, expectProblem, streamVersion } from './support/http.ts';
import { headers, json, seededApp } from './support/test-app.ts';

type App = Awaited<ReturnType<typeof seededApp>>['app'];

let app: App;
let store: EventStore;
let director: Record<string, string>;
let staff: Record<string, string>;

beforeAll(async () => {
  ({ app, store } = await seededApp());
  director = await headers('director', ['causses']);
  staff = await headers('staff', ['causses']);
});

const CAUSSES = 'project:causses-2023';
const difficulty = (description: string, extra: Record<string, unknown> = {}) => ({
  type: 'ReportDifficulty',
  category: 'time',
  description,
  ...extra,
});

function post(path: string, body: unknown, auth: Record<string, string>, extra: Record<string, string> = {}) {
  return app.request(path, json(body, { ...auth, ...extra }));
}

interface Accepted {
  streamId: string;
  version: number;
  fromVersion: number;
  toVersion: number;
  replayed: boolean;
  events: {
    type: string;
    version: number;
    commandId: string;
    actor: unknown;
    data: Record<string, unknown>;
  }[];
}

async function accepted(response: Response): Promise<Accepted> {
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return JSON.parse(text) as Accepted;
}

describe('POST /projects/{id}/commands: recorded', () => {
  test('201 with the new version, the appended events, an ETag and a Location', async () => {
    const before = await streamVersion(store, CAUSSES);
    const response = await post(
      '/projects/causses-2023/commands',
      difficulty('Peu de salles disponibles.'),
      staff,
    );
    const body = await accepted(response);

    expect(body).toMatchObject({
      streamId: CAUSSES,
      version: before + 1,
      fromVersion: before + 1,
      toVersion: before + 1,
      replayed: false,
    });
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({
      type: 'DifficultyReported',
      version: before + 1,
      actor: { id: 'staff-test', role: 'staff' },
      data: { category: 'time', description: 'Peu de salles disponibles.' },
    });
    expect(response.headers.get('ETag')).toBe(`W/"${before + 1}"`);
    expect(response.headers.get('Location')).toBe('/projects/causses-2023');
    expect(await streamVersion(store, CAUSSES)).toBe(before + 1);
  });

  test('the ETag of the answer is the one the state then shows', async () => {
    const response = await post(
      '/projects/causses-2023/commands',
      difficulty('Un bénévole a déménagé.'),
      staff,
    );
    const etag = response.headers.get('ETag');
    const state = await app.request('/projects/causses-2023', { headers: staff });
    expect(state.headers.get('ETag')).toBe(etag);
  });

  test('If-Match with the current ETag (weak or strong form) records the command', async () => {
    const current = await streamVersion(store, CAUSSES);
    const weak = await post('/projects/causses-2023/commands', difficulty('Réunion annulée.'), staff, {
      'If-Match': `W/"${current}"`,
    });
    expect((await accepted(weak)).version).toBe(current + 1);
    const strong = await post('/projects/causses-2023/commands', difficulty('Réunion reportée.'), staff, {
      'If-Match': `"${current + 1}"`,
    });
    expect((await accepted(strong)).version).toBe(current + 2);
  });

  test('without If-Match, concurrent commands are all recorded, one after the other', async () => {
    const before = await streamVersion(store, CAUSSES);
    const responses = await Promise.all(
      [1, 2, 3].map((n) => post('/projects/causses-2023/commands', difficulty(`Concurrence ${n}.`), staff)),
    );
    const versions = (await Promise.all(responses.map(accepted))).map((body) => body.version).sort();
    expect(versions).toEqual([before + 1, before + 2, before + 3]);
  });

  test('a CAF adviser of the territory may comment', async () => {
    const response = await post(
      '/projects/causses-2023/commands',
      { type: 'AddComment', text: 'Bien noté pour le comité.' },
      await headers('caf_advisor', [], ['46']),
    );
    expect((await accepted(response)).events[0]?.type).toBe('CommentAdded');
  });

  test('a new project goes from its opening to the CAF agreement', async () => {
    const leFil = await headers('director', ['le-fil']);
    const opened = await post(
      '/projects/le-fil-2027/commands',
      {
        type: 'OpenProject',
        projectId: 'le-fil-2027',
        structureId: 'le-fil',
        territory: '46',
        structureKind: 'evs',
        title: 'Projet social 2027-2031 — EVS Le Fil',
        plannedPeriod: { start: '2027-07-01', end: '2031-06-30' },
        circular: '2025-12-18',
      },
      leFil,
    );
    expect(await accepted(opened)).toMatchObject({ streamId: 'project:le-fil-2027', version: 1 });
    expect(opened.headers.get('ETag')).toBe('W/"1"');

    const submitted = await post('/projects/le-fil-2027/commands', { type: 'SubmitToCaf' }, leFil, {
      'If-Match': 'W/"1"',
    });
    expect((await accepted(submitted)).version).toBe(2);

    const granted = await post(
      '/projects/le-fil-2027/commands',
      { type: 'GrantAgreement', period: { start: '2027-07-01', end: '2031-06-30' } },
      await headers('caf_advisor', [], ['46']),
      { 'If-Match': 'W/"2"' },
    );
    expect((await accepted(granted)).events[0]?.type).toBe('AgreementGranted');

    const state = await app.request('/projects/le-fil-2027', { headers: leFil });
    expect(await state.json()).toMatchObject({ stage: 'granted', structureId: 'le-fil', agreed: true });
  });
});

describe('POST /projects/{id}/commands: preconditions', () => {
  test('412 when If-Match is not the current version; the answer carries the current ETag', async () => {
    const current = await streamVersion(store, CAUSSES);
    const response = await expectNothingAppended(store, CAUSSES, () =>
      post('/projects/causses-2023/commands', difficulty('Trop tard.'), staff, {
        'If-Match': `W/"${current - 1}"`,
      }),
    );
    const problem = await expectProblem(response, 412, 'WRONG_EXPECTED_VERSION');
    expect(problem).toMatchObject({ expected: current - 1, actual: current });
    expect(response.headers.get('ETag')).toBe(`W/"${current}"`);
  });

  test('412 for the loser when two writers send the same If-Match at once', async () => {
    const current = await streamVersion(store, CAUSSES);
    const responses = await Promise.all(
      ['A', 'B'].map((who) =>
        post('/projects/causses-2023/commands', difficulty(`Écrit par ${who}.`), staff, {
          'If-Match': `W/"${current}"`,
        }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, 412]);
    expect(await streamVersion(store, CAUSSES)).toBe(current + 1);
  });

  test.each(['12', 'W/12', '*', 'W/"abc"', '"1", "2"', 'W/"-1"'])('400 for If-Match %j', async (ifMatch) => {
    const response = await expectNothingAppended(store, CAUSSES, () =>
      post('/projects/causses-2023/commands', difficulty('En-tête invalide.'), staff, {
        'If-Match': ifMatch,
      }),
    );
    await expectProblem(response, 400, 'INVALID_IF_MATCH');
  });

  test('If-Match: * is refused with a message that says what to send instead', async () => {
    const response = await post('/projects/causses-2023/commands', difficulty('Étoile.'), staff, {
      'If-Match': '*',
    });
    const problem = await expectProblem(response, 400, 'INVALID_IF_MATCH');
    expect(problem.detail).toContain('not supported');
  });

  test.each(['', 'has space', 'é-accent', 'x'.repeat(129), 'semi;colon'])(
    '400 for Idempotency-Key %j',
    async (key) => {
      const response = await expectNothingAppended(store, CAUSSES, () =>
        post('/projects/causses-2023/commands', difficulty('Clé invalide.'), staff, {
          'Idempotency-Key': key,
        }),
      );
      await expectProblem(response, 400, 'INVALID_IDEMPOTENCY_KEY');
    },
  );
});

describe('POST /projects/{id}/commands: Idempotency-Key', () => {
  test('a retry answers 201 with the original body and ETag, and appends nothing', async () => {
    const key = randomUUID();
    const command = difficulty('Une seule fois, même si on réessaie.');
    const first = await post('/projects/causses-2023/commands', command, staff, { 'Idempotency-Key': key });
    const original = await accepted(first);
    expect(original.events[0]?.commandId).toBe(key);

    const retry = await expectNothingAppended(store, CAUSSES, () =>
      post('/projects/causses-2023/commands', command, staff, { 'Idempotency-Key': key }),
    );
    const replayed = await accepted(retry);
    expect(replayed.replayed).toBe(true);
    expect({ ...replayed, replayed: false }).toEqual(original);
    expect(retry.headers.get('ETag')).toBe(first.headers.get('ETag'));
  });

  test('a retry after the stream moved on, even with the If-Match of the first try, answers the first result', async () => {
    const key = randomUUID();
    const current = await streamVersion(store, CAUSSES);
    const command = difficulty('Envoyé, puis renvoyé plus tard.');
    const precondition = { 'Idempotency-Key': key, 'If-Match': `W/"${current}"` };
    const original = await accepted(
      await post('/projects/causses-2023/commands', command, staff, precondition),
    );
    await accepted(await post('/projects/causses-2023/commands', difficulty('Entre-temps.'), staff));

    const retry = await expectNothingAppended(store, CAUSSES, () =>
      post('/projects/causses-2023/commands', command, staff, precondition),
    );
    const replayed = await accepted(retry);
    expect(replayed).toMatchObject({ replayed: true, version: current + 1, events: original.events });
  });

  test('422 when the same key comes back with a different body', async () => {
    const key = randomUUID();
    await accepted(
      await post('/projects/causses-2023/commands', difficulty('Premier corps.'), staff, {
        'Idempotency-Key': key,
      }),
    );
    const response = await expectNothingAppended(store, CAUSSES, () =>
      post('/projects/causses-2023/commands', difficulty('Autre corps.'), staff, { 'Idempotency-Key': key }),
    );
    await expectProblem(response, 422, 'DUPLICATE_COMMAND');
  });

  test('422 when the same key comes back on another stream', async () => {
    const key = randomUUID();
    const command = difficulty('Même corps, autre projet.');
    await accepted(await post('/projects/causses-2023/commands', command, staff, { 'Idempotency-Key': key }));
    const other = await headers('staff', ['bouriane']);
    const response = await expectNothingAppended(store, 'project:bouriane-2023', () =>
      post('/projects/bouriane-2023/commands', command, other, { 'Idempotency-Key': key }),
    );
    await expectProblem(response, 422, 'DUPLICATE_COMMAND');
  });
});

describe('POST /projects/{id}/commands: refusals', () => {
  test('404 for a command on a stream that was never opened', async () => {
    const response = await expectNothingAppended(store, 'project:causses-2031', () =>
      post('/projects/causses-2031/commands', difficulty('Nulle part.'), director),
    );
    await expectProblem(response, 404, 'STREAM_NOT_FOUND');
  });

  const domainRefusals: [code: string, project: string, body: Record<string, unknown>][] = [
    ['UNKNOWN_REFERENCE', 'causses-2023', { type: 'HonourCommitment', commitmentId: 'nope' }],
    ['UNKNOWN_REFERENCE', 'causses-2023', difficulty('Enjeu inconnu.', { stakeId: 'pas-un-enjeu' })],
    [
      'RATIONALE_REQUIRED',
      'causses-2023',
      { type: 'ReviseVision', statement: 'Une autre vision, sans raison.' },
    ],
    [
      'RATIONALE_REQUIRED',
      'causses-2023',
      { type: 'ReviseVision', statement: 'Une autre vision.', rationale: 'Parce que.' },
    ],
    ['VISION_ALREADY_STATED', 'causses-2023', { type: 'StateVision', statement: 'Une deuxième vision.' }],
    ['INVALID_TRANSITION', 'causses-2023', { type: 'HonourCommitment', commitmentId: 'temps-equipe' }],
    ['INVALID_TRANSITION', 'causses-2023', { type: 'SubmitToCaf' }],
    ['ALREADY_EXISTS', 'causses-2023', difficulty('Encore.', { difficultyId: 'diff-temps' })],
    ['OCCURRED_IN_FUTURE', 'causses-2023', difficulty('Demain.', { occurredAt: '2030-01-01' })],
    ['OCCURRED_BEFORE_REFERENCE', 'causses-2023', difficulty('Avant tout.', { occurredAt: '2020-01-01' })],
    ['UNKNOWN_ENTRY', 'causses-2023', { type: 'AddComment', text: 'À propos de rien.', aboutVersion: 9999 }],
    [
      'UNKNOWN_ENTRY',
      'causses-2023',
      { type: 'RetractEntry', target: { version: 1, eventId: 'not-this-one' }, reason: 'Erreur.' },
    ],
    ['PERIOD_CLOSED', 'causses-2019', difficulty('Après la clôture.')],
    [
      'STREAM_ALREADY_OPENED',
      'causses-2023',
      {
        type: 'OpenProject',
        projectId: 'causses-2023',
        structureId: 'causses',
        territory: '46',
        structureKind: 'centre_social',
        title: 'Deux fois le même projet',
        plannedPeriod: { start: '2023-07-01', end: '2027-06-30' },
        circular: '2012-013',
      },
    ],
  ];

  test.each(
    domainRefusals.map(
      ([code, project, body], index) => [code, `${String(body.type)} #${index}`, project, body] as const,
    ),
  )('422 %s for %s on %s, nothing appended', async (code, _command, project, body) => {
    const response = await expectNothingAppended(store, `project:${project}`, () =>
      post(`/projects/${project}/commands`, body, director),
    );
    await expectProblem(response, 422, code);
  });

  test.each([
    ['PERIOD_TOO_LONG', { start: '2027-07-01', end: '2031-07-01' }],
    ['INVALID_PERIOD', { start: '2027-07-01', end: '2027-06-30' }],
  ])('422 %s when opening a project, and the stream stays unopened', async (code, plannedPeriod) => {
    const response = await expectNothingAppended(store, 'project:causses-2027', () =>
      post(
        '/projects/causses-2027/commands',
        {
          type: 'OpenProject',
          projectId: 'causses-2027',
          structureId: 'causses',
          territory: '46',
          structureKind: 'centre_social',
          title: 'Projet social 2027 — Centre social des Causses',
          plannedPeriod,
          circular: '2025-12-18',
        },
        director,
      ),
    );
    await expectProblem(response, 422, code);
    expect(await streamVersion(store, 'project:causses-2027')).toBe(0);
  });

  test('422 INVALID_CORRECTION and ENTRY_NOT_CORRECTABLE name the rule that refused', async () => {
    const page = await store.readStream(CAUSSES, { limit: 500 });
    const opening = page.events[0];
    const reported = page.events.find((event) => event.type === 'DifficultyReported');
    if (!opening || !reported) throw new Error('the seed has an opening and a difficulty');

    const changeId = await expectNothingAppended(store, CAUSSES, () =>
      post(
        '/projects/causses-2023/commands',
        {
          type: 'CorrectEntry',
          target: { version: reported.version, eventId: reported.eventId },
          changes: { difficultyId: 'autre' },
          reason: 'Essai.',
        },
        director,
      ),
    );
    await expectProblem(changeId, 422, 'INVALID_CORRECTION');

    const retractOpening = await expectNothingAppended(store, CAUSSES, () =>
      post(
        '/projects/causses-2023/commands',
        { type: 'RetractEntry', target: { version: 1, eventId: opening.eventId }, reason: 'Essai.' },
        director,
      ),
    );
    await expectProblem(retractOpening, 422, 'ENTRY_NOT_CORRECTABLE');
  });

  test('422 problems carry the domain details', async () => {
    const response = await post(
      '/projects/causses-2023/commands',
      { type: 'HonourCommitment', commitmentId: 'nope' },
      staff,
    );
    const problem = await expectProblem(response, 422, 'UNKNOWN_REFERENCE');
    expect(problem.details).toEqual({ field: 'commitmentId', id: 'nope' });
  });

  // The decider's ROLE_NOT_ALLOWED (agreement decisions for CAF roles, RegisterStructure for admins) is
  // unreachable over HTTP: `authorize` refuses the same roles first, with a 403.
  const forbidden: [
    who: string,
    role: Role,
    structures: string[],
    territories: string[],
    path: string,
    body: unknown,
  ][] = [
    [
      'a staff member deciding the agreement',
      'staff',
      ['causses'],
      [],
      '/projects/causses-2023/commands',
      { type: 'GrantAgreement', period: { start: '2023-07-01', end: '2027-06-30' } },
    ],
    [
      'a facilitator deferring the agreement',
      'facilitator',
      ['causses'],
      ['46'],
      '/projects/causses-2023/commands',
      { type: 'DeferAgreement', reason: 'Pas encore.' },
    ],
    [
      'an admin deciding the agreement',
      'admin',
      [],
      ['46'],
      '/projects/causses-2023/commands',
      { type: 'RefuseAgreement', reason: 'Non.' },
    ],
    [
      'a CAF adviser reporting a difficulty',
      'caf_advisor',
      [],
      ['46'],
      '/projects/causses-2023/commands',
      difficulty('Vu de la CAF.'),
    ],
    [
      'a CAF adviser of another territory',
      'caf_advisor',
      [],
      ['31'],
      '/projects/causses-2023/commands',
      { type: 'AddComment', text: "D'ailleurs." },
    ],
    [
      'an auditor',
      'auditor',
      [],
      ['46'],
      '/projects/causses-2023/commands',
      { type: 'AddComment', text: 'Lu.' },
    ],
    [
      'a federation delegate',
      'federation_delegate',
      [],
      ['46'],
      '/projects/causses-2023/commands',
      { type: 'AddComment', text: 'Lu.' },
    ],
    [
      'the staff of another structure',
      'staff',
      ['bouriane'],
      [],
      '/projects/causses-2023/commands',
      difficulty('Pas chez moi.'),
    ],
    [
      'a resident of another structure',
      'resident',
      ['le-fil'],
      [],
      '/projects/causses-2023/commands',
      difficulty('Pas chez moi.'),
    ],
  ];

  test.each(forbidden)(
    '403 for %s, nothing appended',
    async (_who, role, structures, territories, path, body) => {
      const response = await expectNothingAppended(store, CAUSSES, async () =>
        post(path, body, await headers(role, structures, territories)),
      );
      const problem = await expectProblem(response, 403, 'FORBIDDEN');
      expect(problem.detail.length).toBeGreaterThan(0);
    },
  );

  test('403 for a director opening a project for another structure', async () => {
    const response = await expectNothingAppended(store, 'project:bouriane-2027', () =>
      post(
        '/projects/bouriane-2027/commands',
        {
          type: 'OpenProject',
          projectId: 'bouriane-2027',
          structureId: 'bouriane',
          territory: '46',
          structureKind: 'centre_social',
          title: 'Pas le mien',
          plannedPeriod: { start: '2027-07-01', end: '2031-06-30' },
          circular: '2025-12-18',
        },
        director,
      ),
    );
    await expectProblem(response, 403, 'FORBIDDEN');
  });

  test('400 when the opening command names another id than the path', async () => {
    const response = await expectNothingAppended(store, 'project:causses-2028', () =>
      post(
        '/projects/causses-2028/commands',
        {
          type: 'OpenProject',
          projectId: 'causses-2029',
          structureId: 'causses',
          territory: '46',
          structureKind: 'centre_social',
          title: 'Projet mal adressé',
          plannedPeriod: { start: '2027-07-01', end: '2031-06-30' },
          circular: '2025-12-18',
        },
        director,
      ),
    );
    const problem = await expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([{ path: 'projectId', message: expect.any(String) }]);
  });
});

describe('POST /structures/{id}/commands', () => {
  const registration = (structureId: string) => ({
    type: 'RegisterStructure',
    structureId,
    name: 'Centre social du Haut-Quercy',
    kind: 'centre_social',
    managingBody: 'association',
    territory: '46',
  });

  test('201 for an admin of the territory registering a structure, then linking a project', async () => {
    const admin = await headers('admin', [], ['46']);
    const registered = await post('/structures/haut-quercy/commands', registration('haut-quercy'), admin);
    expect(await accepted(registered)).toMatchObject({ streamId: 'structure:haut-quercy', version: 1 });
    expect(registered.headers.get('Location')).toBe('/structures/haut-quercy');

    const linked = await post(
      '/structures/haut-quercy/commands',
      {
        type: 'LinkProject',
        projectId: 'haut-quercy-2027',
        plannedStart: '2027-01-01',
        plannedEnd: '2030-12-31',
        title: 'Premier projet social',
      },
      admin,
      { 'If-Match': 'W/"1"' },
    );
    expect((await accepted(linked)).version).toBe(2);

    const read = await app.request('/structures/haut-quercy', {
      headers: await headers('staff', ['haut-quercy']),
    });
    expect(await read.json()).toMatchObject({
      structureId: 'haut-quercy',
      territory: '46',
      projects: [{ projectId: 'haut-quercy-2027' }],
    });
  });

  test.each([
    ['a director', 'director', ['figeac'], []],
    ['an admin of another territory', 'admin', [], ['12']],
    ['a CAF adviser', 'caf_advisor', [], ['46']],
  ] as [string, Role, string[], string[]][])(
    '403 for %s registering a structure',
    async (_who, role, structures, territories) => {
      const response = await expectNothingAppended(store, 'structure:figeac', async () =>
        post(
          '/structures/figeac/commands',
          registration('figeac'),
          await headers(role, structures, territories),
        ),
      );
      await expectProblem(response, 403, 'FORBIDDEN');
    },
  );

  test('422 STREAM_ALREADY_OPENED when registering a structure twice', async () => {
    const response = await expectNothingAppended(store, 'structure:causses', async () =>
      post('/structures/causses/commands', registration('causses'), await headers('admin', [], ['46'])),
    );
    await expectProblem(response, 422, 'STREAM_ALREADY_OPENED');
  });

  test('400 for a project command sent to a structure', async () => {
    const response = await expectNothingAppended(store, 'structure:causses', () =>
      post('/structures/causses/commands', difficulty('Mauvaise adresse.'), director),
    );
    const problem = await expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(problem.errors?.map((error) => error.path)).toContain('type');
  });
});

describe('POST /cohorts/{id}/commands', () => {
  test('201 for an admin opening a cohort and a facilitator of the territory writing to one', async () => {
    const admin = await headers('admin', [], ['46']);
    const opened = await post(
      '/cohorts/lot-2026/commands',
      {
        type: 'OpenCohort',
        cohortId: 'lot-2026',
        title: 'Deuxième session — Lot 2026',
        territory: '46',
        funder: 'CAF46',
        facilitatorId: 'facilitator-lot',
      },
      admin,
    );
    expect(await accepted(opened)).toMatchObject({ streamId: 'cohort:lot-2026', version: 1 });

    const facilitator = await headers('facilitator', [], ['46']);
    const planned = await post(
      '/cohorts/lot-2022/commands',
      { type: 'PlanNextCohort', title: 'Une troisième session' },
      facilitator,
    );
    expect((await accepted(planned)).events[0]?.type).toBe('NextCohortPlanned');
  });

  test('403 for the staff of a member structure writing to the cohort', async () => {
    const response = await expectNothingAppended(store, 'cohort:lot-2022', () =>
      post('/cohorts/lot-2022/commands', { type: 'PlanNextCohort', title: 'Par une structure' }, staff),
    );
    await expectProblem(response, 403, 'FORBIDDEN');
  });

  test('400 when OpenCohort names another cohort than the path', async () => {
    const response = await expectNothingAppended(store, 'cohort:lot-2030', async () =>
      post(
        '/cohorts/lot-2030/commands',
        {
          type: 'OpenCohort',
          cohortId: 'lot-2031',
          title: 'Mal adressé',
          territory: '46',
          funder: 'CAF46',
          facilitatorId: 'facilitator-lot',
        },
        await headers('admin', [], ['46']),
      ),
    );
    const problem = await expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([{ path: 'cohortId', message: expect.any(String) }]);
  });

  test('404 for a command on a cohort that was never opened', async () => {
    const response = await expectNothingAppended(store, 'cohort:lot-1999', async () =>
      post(
        '/cohorts/lot-1999/commands',
        { type: 'PlanNextCohort', title: 'Rien' },
        await headers('facilitator', [], ['46']),
      ),
    );
    await expectProblem(response, 404, 'STREAM_NOT_FOUND');
  });
});

test('after all these commands and refusals, the stream has no gaps and its chain verifies', async () => {
  const page = await store.readStream(CAUSSES, { limit: 1000 });
  expect(page.events.map((event) => event.version)).toEqual(page.events.map((_, index) => index + 1));
  const audit = await app.request('/projects/causses-2023/audit', { headers: staff });
  expect(await audit.json()).toMatchObject({ ok: true, checked: page.streamVersion });
});
