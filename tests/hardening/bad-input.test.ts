import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@chemins/api';
import {
  type EventStore,
  escapeHtml,
  escapeMarkdown,
  eventTypes,
  MemoryEventStore,
  MemoryPersonDirectory,
  type Person,
  type PersonDirectory,
  roles,
  type StreamKind,
} from '@chemins/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoInternals } from '../api/support/http.ts';
import { NOW } from '../api/support/test-app.ts';
import {
  badActorIds,
  badInstants,
  badStreamIds,
  badTerritoryCodes,
  bodyBytes,
  type Defect,
  defect,
  describeSpec,
  type Expected,
  type RequestSpec,
  toRequest,
  unacceptableAccepts,
  withHeaders,
  withParam,
  withQuery,
} from './support/bad-requests.ts';
import {
  authDefects,
  badParam,
  badQuery,
  bodyDefects,
  commandHeaderDefects,
  noise,
  occurredAtDefects,
  outsider,
  replaceCommand,
  wrongMethods,
} from './support/defects.ts';
import { bearer, SCOPES, worldApp } from './support/lot-world.ts';
import { snapshotStore, streamVersions } from './support/store-snapshot.ts';

/*
 * Bad input, for every route of the app: fast-check turns a valid request of each route into invalid
 * ones (one defect at a time, then several at once). Every answer is a 4xx problem+json with a stable
 * code, nothing in it is internal, the store holds the same events before and after (read through the
 * store, in memory and on SQLite), the person directory is not written, and /health stays 200.
 * The list of routes comes from /openapi.json: a route without a generator fails the suite.
 */

type App = Awaited<ReturnType<typeof worldApp>>['app'];

// A failing run says what the app answered, not only which input failed.
fc.configureGlobal({ includeErrorInReport: true });

/** A person directory that counts its writes: a refused request must not write. */
class CountingDirectory implements PersonDirectory {
  writes = 0;
  private readonly inner = new MemoryPersonDirectory();
  async put(person: Person) {
    this.writes += 1;
    await this.inner.put(person);
  }
  get(actorId: string) {
    return this.inner.get(actorId);
  }
  async erase(actorId: string) {
    this.writes += 1;
    return this.inner.erase(actorId);
  }
}

interface RouteFuzz {
  /** A request the route accepts (2xx). */
  valid: RequestSpec;
  /** What can be wrong with it, and the answer each defect must get. */
  defects: fc.Arbitrary<Defect>;
  /** The route serves one format whatever Accept says (false for the review, which negotiates). */
  ignoresAccept: boolean;
}

interface Context {
  methodsOf: (template: string) => string[];
  as: Record<
    | 'reader'
    | 'reader12'
    | 'staff'
    | 'staffRouergue'
    | 'director'
    | 'directorRouergue'
    | 'facilitator'
    | 'admin'
    | 'cafAdvisor',
    Record<string, string>
  >;
  /** A stream's version now (after the valid requests were sent). */
  versionOf: (streamId: string) => number;
  /** An entry of causses-2023 a correction may point at. */
  correctable: { version: number; eventId: string };
}

const JSON_TYPE = { 'Content-Type': 'application/json' };
const plural: Record<StreamKind, string> = {
  project: 'projects',
  structure: 'structures',
  cohort: 'cohorts',
};
const ALNUM = /^[a-z0-9]{1,20}$/;

const unknownStream = (what = 'an unknown stream'): fc.Arbitrary<Defect> =>
  fc
    .stringMatching(ALNUM)
    .map((suffix) =>
      defect(what, { status: 404, code: 'STREAM_NOT_FOUND' }, (spec) =>
        withParam(spec, 'id', `inconnu-${suffix}`),
      ),
    );

const notIn = (allowed: readonly string[]) =>
  fc.string({ maxLength: 30 }).filter((value) => !allowed.includes(value));
const badAfter = fc.oneof(
  fc.constantFrom('-1', '1.5', 'abc', '1e3', '0x10', '', ' ', '1234567890', '٣'),
  fc.string({ maxLength: 12 }).filter((value) => !/^\d{1,9}$/.test(value)),
);
const badLimit = fc.oneof(
  fc.constantFrom('0', '501', '-1', '1.5', 'abc', 'NaN', 'Infinity', '1e9', '99999999999', ''),
  fc
    .integer()
    .filter((value) => value < 1 || value > 500)
    .map(String),
  fc.string({ maxLength: 12 }).filter((value) => {
    const number = Number(value);
    return !(Number.isInteger(number) && number >= 1 && number <= 500);
  }),
);
const tooLongStakeId = fc.string({ minLength: 65, maxLength: 200 });
const dateAfter = (days: { min: number; max: number }) =>
  fc.tuple(fc.integer({ min: 0, max: 4000 }), fc.integer(days)).map(([start, gap]) => {
    const from = new Date(Date.UTC(2015, 0, 1) + start * 86_400_000);
    const to = new Date(from.getTime() + gap * 86_400_000);
    return [from.toISOString().slice(0, 10), to.toISOString().slice(0, 10)] as const;
  });

/** A read of a stream of the Lot, by a CAF adviser of the Lot. */
function streamRead(
  kind: StreamKind,
  suffix: string,
  options: {
    query?: Record<string, fc.Arbitrary<string>>;
    validQuery?: [string, string][];
    extra?: (ctx: Context) => fc.Arbitrary<Defect>[];
    ignoresAccept?: boolean;
  } = {},
) {
  return (ctx: Context): RouteFuzz => {
    const template = `/${plural[kind]}/{id}${suffix}`;
    const families: fc.Arbitrary<Defect>[] = [
      authDefects(),
      fc.constant(outsider(ctx.as.reader12, 'a CAF adviser of the Aveyron')),
      badParam('id', badStreamIds()),
      unknownStream(),
      wrongMethods(ctx.methodsOf(template)),
      ...(options.query ? [badQuery(options.query)] : []),
      ...(options.extra?.(ctx) ?? []),
    ];
    return {
      valid: {
        method: 'GET',
        template,
        params: { id: SCOPES.own[kind] },
        query: options.validQuery ?? [],
        headers: ctx.as.reader,
      },
      defects: fc.oneof(...families),
      ignoresAccept: options.ignoresAccept ?? true,
    };
  };
}

/** A command on a stream of the Lot, with every body, header, date and opening defect. */
function commandRoute(
  kind: StreamKind,
  options: {
    who: (ctx: Context) => Record<string, string>;
    outsider: (ctx: Context) => Defect;
    command: Record<string, unknown>;
    texts: string[];
    openedYear: number;
    others: (ctx: Context) => Defect[];
  },
) {
  return (ctx: Context): RouteFuzz => {
    const template = `/${plural[kind]}/{id}/commands`;
    const id = SCOPES.own[kind];
    const correction = (depth: number) => ({
      type: 'CorrectEntry',
      target: ctx.correctable,
      changes: { description: JSON.parse(`${'['.repeat(depth)}"x"${']'.repeat(depth)}`) },
      reason: 'Correction trop imbriquée.',
    });
    return {
      valid: {
        method: 'POST',
        template,
        params: { id },
        query: [],
        headers: { ...options.who(ctx), ...JSON_TYPE },
        body: { json: options.command },
      },
      defects: fc.oneof(
        { weight: 1, arbitrary: authDefects() },
        { weight: 1, arbitrary: fc.constant(options.outsider(ctx)) },
        { weight: 1, arbitrary: badParam('id', badStreamIds()) },
        { weight: 1, arbitrary: unknownStream() },
        { weight: 1, arbitrary: wrongMethods(ctx.methodsOf(template)) },
        {
          weight: 6,
          arbitrary: bodyDefects({ fields: Object.keys(options.command), texts: options.texts }),
        },
        {
          weight: 2,
          arbitrary: commandHeaderDefects({
            version: ctx.versionOf(`${kind}:${id}`),
            usedKey: `hardening-used-${kind}`,
          }),
        },
        {
          weight: 2,
          arbitrary: occurredAtDefects(badInstants(), { now: NOW, openedYear: options.openedYear }),
        },
        { weight: 2, arbitrary: fc.constantFrom(...options.others(ctx)) },
        {
          weight: 1,
          // Thousands of changed fields: refused by the journey rules, with an answer of moderate size.
          arbitrary: fc.integer({ min: 1000, max: 10_000 }).map((count) =>
            replaceCommand(
              `a correction of ${count} fields`,
              kind === 'project'
                ? { status: 422, code: 'INVALID_CORRECTION' }
                : { status: 422, code: 'UNKNOWN_ENTRY' },
              {
                type: 'CorrectEntry',
                target: kind === 'project' ? ctx.correctable : { version: 1, eventId: 'pas-cet-evenement' },
                changes: Object.fromEntries(
                  Array.from({ length: count }, (_, index) => [`champ${index}`, index]),
                ),
                reason: 'Correction massive.',
              },
              // Corrections are a director's or a board member's (the role table): the staff would get a 403.
              kind === 'project' ? { headers: ctx.as.director } : {},
            ),
          ),
        },
        {
          weight: 1,
          // A correction nested 2 to 60 deep parses, then is refused by the journey rules.
          arbitrary: fc.integer({ min: 2, max: 60 }).map((depth) =>
            kind === 'project'
              ? replaceCommand(
                  `a correction nested ${depth} deep`,
                  { status: 422, code: 'INVALID_CORRECTION' },
                  correction(depth),
                  { headers: ctx.as.director },
                )
              : replaceCommand(
                  'a correction of an unknown entry',
                  { status: 422, code: 'UNKNOWN_ENTRY' },
                  {
                    ...correction(depth),
                    target: { version: 1, eventId: 'pas-cet-evenement' },
                  },
                ),
          ),
        },
      ),
      ignoresAccept: true,
    };
  };
}

const WRONG_KIND = {
  project: { type: 'PlanNextCohort', title: 'Pas ici.' },
  structure: { type: 'ReportDifficulty', category: 'time', description: 'Pas ici.' },
  cohort: {
    type: 'LinkProject',
    projectId: 'x',
    plannedStart: '2023-07-01',
    plannedEnd: '2027-06-30',
    title: 'x',
  },
};
const wrongKind = (kind: StreamKind): Defect[] => [
  replaceCommand(`a ${String(WRONG_KIND[kind].type)} on a ${kind}`, VALIDATION, WRONG_KIND[kind]),
  replaceCommand('an unknown command type', VALIDATION, { type: 'DeleteEverything' }),
];
const VALIDATION: Expected = { status: 400, code: 'VALIDATION_FAILED' };

const openProject = (
  projectId: string,
  period: { start: string; end: string },
  extra: Record<string, unknown> = {},
) => ({
  type: 'OpenProject',
  projectId,
  structureId: 'causses',
  territory: '46',
  structureKind: 'centre_social',
  title: 'Projet social 2027-2031',
  plannedPeriod: period,
  circular: '2012-013',
  ...extra,
});
const registerStructure = (structureId: string, territory: string) => ({
  type: 'RegisterStructure',
  structureId,
  name: 'Espace de vie sociale du Causse',
  kind: 'evs',
  managingBody: 'association',
  territory,
});
const openCohort = (cohortId: string, territory: string) => ({
  type: 'OpenCohort',
  cohortId,
  title: 'Formation-action 2026',
  territory,
  funder: 'CAF46',
  facilitatorId: 'facilitator-lot',
});

/** Every route of the app, from /openapi.json, plus the plain routes (/openapi.json, /docs), with its generator. */
const FUZZ: Record<string, (ctx: Context) => RouteFuzz> = {
  'GET /health': (ctx) => publicRoute(ctx, '/health'),
  'GET /openapi.json': (ctx) => publicRoute(ctx, '/openapi.json'),
  'GET /docs': (ctx) => publicRoute(ctx, '/docs'),

  'POST /projects/{id}/commands': commandRoute('project', {
    who: (ctx) => ctx.as.staff,
    outsider: (ctx) => outsider(ctx.as.staffRouergue, 'staff of the Rouergue'),
    command: { type: 'ReportDifficulty', category: 'time', description: 'Le minibus est en panne.' },
    texts: ['description'],
    openedYear: 2022,
    others: (ctx) => [
      ...wrongKind('project'),
      replaceCommand(
        'a period of 49 months',
        { status: 422, code: 'PERIOD_TOO_LONG' },
        openProject('causses-2031', { start: '2027-07-01', end: '2031-08-01' }),
        { id: 'causses-2031', headers: ctx.as.director },
      ),
      replaceCommand(
        'a period of exactly 48 months',
        { status: 422, code: 'PERIOD_TOO_LONG' },
        openProject('causses-2031', { start: '2027-07-01', end: '2031-07-01' }),
        { id: 'causses-2031', headers: ctx.as.director },
      ),
      replaceCommand(
        'a period of 40 years',
        { status: 422, code: 'PERIOD_TOO_LONG' },
        openProject('causses-2031', { start: '2027-07-01', end: '2067-06-30' }),
        { id: 'causses-2031', headers: ctx.as.director },
      ),
      replaceCommand(
        'a period that ends before it starts',
        { status: 422, code: 'INVALID_PERIOD' },
        openProject('causses-2031', { start: '2027-07-01', end: '2027-06-30' }),
        { id: 'causses-2031', headers: ctx.as.director },
      ),
      replaceCommand(
        'a period starting on 2027-02-30',
        VALIDATION,
        openProject('causses-2031', { start: '2027-02-30', end: '2031-06-30' }),
        { id: 'causses-2031', headers: ctx.as.director },
      ),
      replaceCommand(
        'a projectId that is not the path id',
        VALIDATION,
        openProject('causses-2032', { start: '2027-07-01', end: '2031-06-30' }),
        { id: 'causses-2031', headers: ctx.as.director },
      ),
      replaceCommand(
        "a project for another structure's id",
        { status: 403, code: 'FORBIDDEN' },
        openProject('bouriane-2031', { start: '2027-07-01', end: '2031-06-30' }, { structureId: 'bouriane' }),
        { id: 'bouriane-2031', headers: ctx.as.director },
      ),
      replaceCommand(
        'the renewal of an unknown project',
        { status: 404, code: 'STREAM_NOT_FOUND' },
        {
          type: 'OpenNextProject',
          projectId: 'causses-2031',
          previousProjectId: 'causses-2027',
          title: 'Projet social 2031',
          plannedPeriod: { start: '2027-07-01', end: '2031-06-30' },
          circular: '2025-12-18',
        },
        { id: 'causses-2031', headers: ctx.as.director },
      ),
      replaceCommand(
        'an agreement granted by staff',
        { status: 403, code: 'FORBIDDEN' },
        { type: 'GrantAgreement', period: { start: '2023-07-01', end: '2027-06-30' } },
      ),
    ],
  }),
  'POST /structures/{id}/commands': commandRoute('structure', {
    who: (ctx) => ctx.as.director,
    outsider: (ctx) => outsider(ctx.as.directorRouergue, 'the director of the Rouergue'),
    command: { type: 'AddComment', text: 'Le conseil a relu le projet.' },
    texts: ['text'],
    openedYear: 2018,
    others: (ctx) => [
      ...wrongKind('structure'),
      replaceCommand(
        'a structure registered in another territory',
        { status: 403, code: 'FORBIDDEN' },
        registerStructure('causse-nord', '12'),
        { id: 'causse-nord', headers: ctx.as.admin },
      ),
      replaceCommand('a territory that does not exist', VALIDATION, registerStructure('causse-nord', '00'), {
        id: 'causse-nord',
        headers: ctx.as.admin,
      }),
      replaceCommand(
        'a structureId that is not the path id',
        VALIDATION,
        registerStructure('causse-sud', '46'),
        {
          id: 'causse-nord',
          headers: ctx.as.admin,
        },
      ),
      replaceCommand(
        'a structure registered by a director',
        { status: 403, code: 'FORBIDDEN' },
        registerStructure('causse-nord', '46'),
        { id: 'causse-nord', headers: ctx.as.director },
      ),
      replaceCommand(
        'a structure registered twice',
        { status: 422, code: 'STREAM_ALREADY_OPENED' },
        registerStructure('causses', '46'),
        { id: 'causses', headers: ctx.as.admin },
      ),
    ],
  }),
  'POST /cohorts/{id}/commands': commandRoute('cohort', {
    who: (ctx) => ctx.as.facilitator,
    outsider: (ctx) => outsider(ctx.as.cafAdvisor, 'a CAF adviser of the Lot'),
    command: { type: 'PlanNextCohort', title: 'Une troisième session' },
    texts: ['title'],
    openedYear: 2022,
    others: (ctx) => [
      ...wrongKind('cohort'),
      replaceCommand(
        'a cohort opened in another territory',
        { status: 403, code: 'FORBIDDEN' },
        openCohort('lot-2026', '12'),
        { id: 'lot-2026' },
      ),
      replaceCommand('a cohort with no territory', VALIDATION, openCohort('lot-2026', ''), {
        id: 'lot-2026',
      }),
      replaceCommand('a cohortId that is not the path id', VALIDATION, openCohort('lot-2027', '46'), {
        id: 'lot-2026',
      }),
      replaceCommand(
        'a structure that joins twice',
        { status: 422, code: 'ALREADY_EXISTS' },
        { type: 'JoinCohort', structureId: 'causses', projectId: 'causses-2023' },
        { headers: ctx.as.admin },
      ),
    ],
  }),

  'GET /projects/{id}': streamRead('project', '', { query: { asOf: badInstants(), knownAt: badInstants() } }),
  'GET /structures/{id}': streamRead('structure', '', {
    query: { asOf: badInstants(), knownAt: badInstants() },
  }),
  'GET /cohorts/{id}': streamRead('cohort', '', { query: { asOf: badInstants(), knownAt: badInstants() } }),
  'GET /projects/{id}/events': streamRead('project', '/events', {
    query: { after: badAfter, limit: badLimit },
  }),
  'GET /structures/{id}/events': streamRead('structure', '/events', {
    query: { after: badAfter, limit: badLimit },
  }),
  'GET /cohorts/{id}/events': streamRead('cohort', '/events', {
    query: { after: badAfter, limit: badLimit },
  }),
  ...Object.fromEntries(
    (['project', 'structure', 'cohort'] as const).flatMap((kind) => [
      [
        `GET /${plural[kind]}/{id}/timeline`,
        streamRead(kind, '/timeline', {
          query: {
            lang: notIn(['fr', 'en']),
            type: notIn(eventTypes),
            role: notIn(roles),
            stakeId: tooLongStakeId,
            from: badInstants(),
            to: badInstants(),
          },
          extra: () => [
            dateAfter({ min: 1, max: 5000 }).map(([earlier, later]) =>
              defect(`from ${later} after to ${earlier}`, VALIDATION, (spec) =>
                withQuery(withQuery(spec, 'from', later), 'to', earlier),
              ),
            ),
          ],
        }),
      ],
      [`GET /${plural[kind]}/{id}/audit`, streamRead(kind, '/audit')],
      [`GET /${plural[kind]}/{id}/export`, streamRead(kind, '/export')],
    ]),
  ),
  'GET /projects/{id}/vision': streamRead('project', '/vision', {
    query: { from: badInstants(), to: badInstants(), lang: notIn(['fr', 'en']) },
    extra: () => [
      fc
        .tuple(fc.constantFrom('from', 'to'), fc.constantFrom('2023-01-01', '2025-06-30T12:00:00+02:00'))
        .map(([bound, value]) =>
          defect(`${bound} without the other bound`, VALIDATION, (spec) =>
            withQuery(withQuery(spec, bound === 'from' ? 'to' : 'from', undefined), bound, value),
          ),
        ),
    ],
  }),
  'GET /projects/{id}/trail': streamRead('project', '/trail', { query: { lang: notIn(['fr', 'en']) } }),
  'GET /projects/{id}/review': streamRead('project', '/review', {
    validQuery: [
      ['from', '2023-07-01'],
      ['to', '2026-06-30'],
    ],
    query: { from: badInstants(), to: badInstants(), lang: notIn(['fr', 'en']) },
    ignoresAccept: false,
    extra: () => [
      fc
        .constantFrom('from', 'to')
        .map((bound) => defect(`no ${bound}`, VALIDATION, (spec) => withQuery(spec, bound, undefined))),
      dateAfter({ min: 1, max: 5000 }).map(([earlier, later]) =>
        defect(`from ${later} after to ${earlier}`, VALIDATION, (spec) =>
          withQuery(withQuery(spec, 'from', later), 'to', earlier),
        ),
      ),
      unacceptableAccepts().map((accept) =>
        defect(`Accept: ${accept}`, { status: 406, code: 'NOT_ACCEPTABLE' }, (spec) =>
          withHeaders(spec, { Accept: accept }),
        ),
      ),
    ],
  }),
  'GET /structures/{id}/history': streamRead('structure', '/history'),

  'GET /territories/{code}/dashboard': (ctx) => territoryRoute(ctx, '/territories/{code}/dashboard'),
  'GET /territories/{code}/audit': (ctx) => territoryRoute(ctx, '/territories/{code}/audit'),

  'GET /people/{actorId}': (ctx) => ({
    valid: {
      method: 'GET',
      template: '/people/{actorId}',
      params: { actorId: 'hardening-person' },
      query: [],
      headers: ctx.as.admin,
    },
    defects: fc.oneof(
      authDefects(),
      fc.constant(outsider(ctx.as.cafAdvisor, 'a CAF adviser')),
      badParam('actorId', badActorIds()),
      wrongMethods(ctx.methodsOf('/people/{actorId}')),
      fc
        .stringMatching(ALNUM)
        .map((suffix) =>
          defect('an unknown person', { status: 404, code: 'PERSON_NOT_FOUND' }, (spec) =>
            withParam(spec, 'actorId', `personne-${suffix}`),
          ),
        ),
    ),
    ignoresAccept: true,
  }),
  'PUT /people/{actorId}': (ctx) => ({
    valid: {
      method: 'PUT',
      template: '/people/{actorId}',
      params: { actorId: 'hardening-person' },
      query: [],
      headers: { ...ctx.as.admin, ...JSON_TYPE },
      body: { json: { actorId: 'hardening-person', name: 'Camille Martin' } },
    },
    defects: fc.oneof(
      authDefects(),
      fc.constant(outsider(ctx.as.cafAdvisor, 'a CAF adviser')),
      badParam('actorId', badActorIds()),
      wrongMethods(ctx.methodsOf('/people/{actorId}')),
      { weight: 5, arbitrary: bodyDefects({ fields: ['actorId', 'name'], texts: ['name'] }) },
      fc.stringMatching(ALNUM).map((other) =>
        replaceCommand('an actorId that is not the path id', VALIDATION, {
          actorId: `autre-${other}`,
          name: 'Camille',
        }),
      ),
    ),
    ignoresAccept: true,
  }),
  'POST /people/{actorId}/erasure': (ctx) => ({
    valid: {
      method: 'POST',
      template: '/people/{actorId}/erasure',
      params: { actorId: 'hardening-erased' },
      query: [],
      headers: { ...ctx.as.admin, ...JSON_TYPE },
      body: { json: { reason: 'Demande d’effacement reçue par courrier.' } },
    },
    defects: fc.oneof(
      authDefects(),
      fc.constant(outsider(ctx.as.cafAdvisor, 'a CAF adviser')),
      badParam('actorId', badActorIds()),
      wrongMethods(ctx.methodsOf('/people/{actorId}/erasure')),
      { weight: 5, arbitrary: bodyDefects({ fields: ['reason'], texts: ['reason'] }) },
    ),
    ignoresAccept: true,
  }),
};

function publicRoute(ctx: Context, path: string): RouteFuzz {
  return {
    valid: { method: 'GET', template: path, params: {}, query: [], headers: {} },
    defects: wrongMethods(ctx.methodsOf(path)).map((wrong) => ({
      ...wrong,
      apply: (spec: RequestSpec) => {
        const moved = wrong.apply(spec);
        return moved.method === 'GET' ? moved : { ...moved, body: { raw: '{"junk": true}' } };
      },
    })),
    ignoresAccept: true,
  };
}

function territoryRoute(ctx: Context, template: string): RouteFuzz {
  return {
    valid: { method: 'GET', template, params: { code: '46' }, query: [], headers: ctx.as.reader },
    defects: fc.oneof(
      authDefects(),
      fc.constantFrom(
        outsider(ctx.as.reader12, 'a CAF adviser of the Aveyron'),
        outsider(ctx.as.staff, 'staff of a structure'),
        outsider(ctx.as.facilitator, 'a facilitator'),
      ),
      badParam('code', badTerritoryCodes()),
      wrongMethods(ctx.methodsOf(template)),
    ),
    ignoresAccept: true,
  };
}

/** Asserts a clean 4xx problem: the expected status and code when given, nothing internal, no amplification. */
async function expectCleanProblem(
  response: Response,
  expected: Expected | null,
  what: string,
  requestBytes: number,
) {
  const text = await response.text();
  const context = `${what}\n→ ${response.status} ${text.slice(0, 500)}`;
  expect(response.status, context).toBeGreaterThanOrEqual(400);
  expect(response.status, context).toBeLessThan(500);
  expect(response.headers.get('Content-Type'), context).toMatch(/^application\/problem\+json/);
  // No amplification: a refusal may quote the request, never make it ten times larger.
  expect(text.length, context).toBeLessThanOrEqual(32 * 1024 + 2 * requestBytes);
  expectNoInternals(text);
  const problem = JSON.parse(text) as Record<string, unknown>;
  expect(problem, context).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: response.status,
    code: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/),
    detail: expect.any(String),
  });
  const code = String(problem.code);
  expect(problem.type, context).toBe(
    `https://chemins.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
  );
  expect(problem, context).not.toHaveProperty('stack');
  if (expected) expect({ status: response.status, code }, context).toEqual(expected);
  return { status: response.status, code };
}

const STORES: [string, () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>][] = [
  ['memory', async () => ({ store: new MemoryEventStore(), cleanup: async () => {} })],
  [
    'SQLite',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'chemins-bad-input-'));
      const store = new SqliteEventStore(join(dir, 'journal.db'));
      return {
        store,
        cleanup: async () => {
          await store.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];

describe.each(STORES)('bad input, over the %s store', (_name, open) => {
  let app: App;
  let store: EventStore;
  let cleanup: () => Promise<void>;
  let directory: CountingDirectory;
  let ctx: Context;
  let routeKeys: string[];
  let before: Awaited<ReturnType<typeof snapshotStore>>;
  const versions: Record<string, number> = {};

  beforeAll(async () => {
    ({ store, cleanup } = await open());
    directory = new CountingDirectory();
    ({ app } = await worldApp(store, { directory }));
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const methods: Record<string, string[]> = {
      '/openapi.json': ['GET'],
      '/docs': ['GET'],
    };
    for (const [path, operations] of Object.entries(doc.paths)) {
      methods[path] = Object.keys(operations).map((method) => method.toUpperCase());
    }
    routeKeys = Object.entries(methods).flatMap(([path, list]) => list.map((method) => `${method} ${path}`));
    const page = await store.readStream('project:causses-2023', { limit: 500 });
    const reported = page.events.find((event) => event.type === 'DifficultyReported');
    if (!reported) throw new Error('the seed reports difficulties on causses-2023');
    ctx = {
      methodsOf: (template) => methods[template] ?? [],
      as: {
        reader: await bearer('caf_advisor', [], ['46']),
        reader12: await bearer('caf_advisor', [], ['12']),
        cafAdvisor: await bearer('caf_advisor', [], ['46']),
        staff: await bearer('staff', ['causses']),
        staffRouergue: await bearer('staff', ['rouergue']),
        director: await bearer('director', ['causses']),
        directorRouergue: await bearer('director', ['rouergue']),
        facilitator: await bearer('facilitator', ['causses'], ['46']),
        admin: await bearer('admin', [], ['46']),
      },
      versionOf: (streamId) => versions[streamId] ?? 0,
      correctable: { version: reported.version, eventId: reported.eventId },
    };
  });

  afterAll(async () => {
    await cleanup();
  });

  test('every route of /openapi.json (and /openapi.json, /docs) has a generator, and every generator a route', () => {
    const routesOfApp = new Set(routeKeys);
    expect(
      routeKeys.filter((key) => !(key in FUZZ)),
      'routes without a generator',
    ).toEqual([]);
    expect(
      Object.keys(FUZZ).filter((key) => !routesOfApp.has(key)),
      'generators without a route',
    ).toEqual([]);
    // Routes served outside the OpenAPI registry must be known too.
    const plain = app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect([...new Set(plain)].filter((key) => !routesOfApp.has(key))).toEqual([]);
  });

  test('the valid request of every route is accepted (so each defect is what gets refused)', async () => {
    await directory.put({ actorId: 'hardening-person', name: 'Camille Martin' });
    for (const key of routeKeys) {
      const fuzz = FUZZ[key]?.(ctx);
      if (!fuzz) continue;
      const response = await app.request(...toRequest(fuzz.valid));
      expect(response.status, `${key}: ${(await response.text()).slice(0, 300)}`).toBeLessThan(300);
      expect(response.status).toBeGreaterThanOrEqual(200);
    }
    // Each command route's Idempotency-Key is used once, for another request than the fuzzed one.
    const used: [StreamKind, Record<string, unknown>, Record<string, string>][] = [
      [
        'project',
        { type: 'ReportDifficulty', category: 'time', description: 'Clé déjà servie.' },
        ctx.as.staff,
      ],
      ['structure', { type: 'AddComment', text: 'Clé déjà servie.' }, ctx.as.director],
      ['cohort', { type: 'PlanNextCohort', title: 'Clé déjà servie.' }, ctx.as.facilitator],
    ];
    for (const [kind, body, headers] of used) {
      const response = await app.request(`/${plural[kind]}/${SCOPES.own[kind]}/commands`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { ...headers, ...JSON_TYPE, 'Idempotency-Key': `hardening-used-${kind}` },
      });
      expect(response.status).toBe(201);
    }
    Object.assign(versions, await streamVersions(store));
    directory.writes = 0;
    before = await snapshotStore(store);
  });

  /** Sends a spec, checks the answer and that nothing was written. */
  async function refused(spec: RequestSpec, expected: Expected | null) {
    const what = describeSpec(spec);
    const [url, init] = toRequest(spec);
    const response = await app.request(url, init);
    const text = await response.clone().text();
    const after = await streamVersions(store);
    const moved = Object.keys(after).filter((streamId) => after[streamId] !== versions[streamId]);
    if (moved.length > 0 || directory.writes > 0) {
      // Start the next run from the new state, so that shrinking finds the request that wrote.
      Object.assign(versions, after);
      directory.writes = 0;
      throw new Error(
        `written after ${what}: ${moved.join(', ') || 'the directory'}\n→ ${response.status} ${text.slice(0, 300)}`,
      );
    }
    return expectCleanProblem(response, expected, what, url.length + bodyBytes(spec).byteLength);
  }

  describe('one defect at a time: its status and code', () => {
    test.each(Object.keys(FUZZ))('%s', async (key) => {
      const make = FUZZ[key];
      if (!make) throw new Error(`no generator for ${key}`);
      const fuzz = make(ctx);
      await fc.assert(
        fc.asyncProperty(fuzz.defects, noise({ accept: fuzz.ignoresAccept }), async (wrong, addNoise) => {
          await refused(addNoise(wrong.apply(fuzz.valid)), wrong.expect);
        }),
        { numRuns: fuzz.valid.body ? 100 : 50 },
      );
    });
  });

  describe('several defects at once: a 4xx problem with a stable code', () => {
    test.each(Object.keys(FUZZ))('%s', async (key) => {
      const make = FUZZ[key];
      if (!make) throw new Error(`no generator for ${key}`);
      const fuzz = make(ctx);
      await fc.assert(
        fc.asyncProperty(fc.array(fuzz.defects, { minLength: 2, maxLength: 4 }), async (defects) => {
          const spec = defects.reduce((current, wrong) => wrong.apply(current), fuzz.valid);
          const first = await refused(spec, null);
          // Stable: the same request gets the same status and code again.
          expect(await refused(spec, null)).toEqual(first);
        }),
        { numRuns: 50 },
      );
    });
  });

  describe('the cases named in the brief', () => {
    const cases: [string, (ctx: Context) => RequestSpec, Expected][] = [
      ['asOf=2023-02-30', (c) => read(c, '/projects/{id}', [['asOf', '2023-02-30']]), VALIDATION],
      [
        'knownAt=2023-02-29T10:00:00Z',
        (c) => read(c, '/projects/{id}', [['knownAt', '2023-02-29T10:00:00Z']]),
        VALIDATION,
      ],
      [
        'a review whose from is after its to',
        (c) =>
          read(c, '/projects/{id}/review', [
            ['from', '2026-01-01'],
            ['to', '2023-07-01'],
          ]),
        VALIDATION,
      ],
      [
        'a project period of 49 months',
        (c) =>
          command(c, 'project', openProject('causses-2031', { start: '2027-07-01', end: '2031-08-01' }), {
            id: 'causses-2031',
            headers: c.as.director,
          }),
        { status: 422, code: 'PERIOD_TOO_LONG' },
      ],
      [
        'a body over 256 KB',
        (c) => command(c, 'project', { type: 'AddComment', text: 'x'.repeat(257 * 1024) }),
        { status: 413, code: 'PAYLOAD_TOO_LARGE' },
      ],
      [
        'a 5,000-character text',
        (c) => command(c, 'project', { type: 'AddComment', text: 'é'.repeat(5000) }),
        VALIDATION,
      ],
      [
        '10,000 levels of arrays as the body',
        (c) => ({
          ...command(c, 'project', {}),
          body: { raw: `${'['.repeat(10_000)}${']'.repeat(10_000)}` },
        }),
        { status: 400, code: 'JSON_TOO_DEEP' },
      ],
      [
        '10,000 levels of arrays in the changes of a correction',
        (c) => ({
          ...command(c, 'project', {}),
          body: {
            raw: `{"type":"CorrectEntry","target":${JSON.stringify(c.correctable)},"changes":{"description":${'['.repeat(10_000)}${']'.repeat(10_000)}},"reason":"x"}`,
          },
        }),
        { status: 400, code: 'JSON_TOO_DEEP' },
      ],
      [
        'a huge array',
        (c) =>
          command(c, 'project', {
            type: 'HoldInterimReview',
            title: 'Bilan',
            decisions: Array.from({ length: 50_000 }, () => 'd'),
          }),
        VALIDATION,
      ],
      [
        'invalid UTF-8',
        (c) => ({
          ...command(c, 'project', {}),
          body: {
            raw: new Uint8Array([
              ...new TextEncoder().encode('{"type":"AddComment","text":"'),
              0xc3,
              0x28,
              0x22,
              0x7d,
            ]),
          },
        }),
        { status: 400, code: 'MALFORMED_JSON' },
      ],
      [
        'a control character in a text',
        (c) => command(c, 'project', { type: 'AddComment', text: 'bip\u0007bip' }),
        VALIDATION,
      ],
      [
        'If-Match: garbage',
        (c) =>
          withHeaders(command(c, 'project', { type: 'AddComment', text: 'Texte.' }), {
            'If-Match': 'garbage',
          }),
        { status: 400, code: 'INVALID_IF_MATCH' },
      ],
      [
        'If-Match: W/"-1"',
        (c) =>
          withHeaders(command(c, 'project', { type: 'AddComment', text: 'Texte.' }), {
            'If-Match': 'W/"-1"',
          }),
        { status: 400, code: 'INVALID_IF_MATCH' },
      ],
      [
        'an Idempotency-Key with spaces',
        (c) =>
          withHeaders(command(c, 'project', { type: 'AddComment', text: 'Texte.' }), {
            'Idempotency-Key': 'une clé',
          }),
        { status: 400, code: 'INVALID_IDEMPOTENCY_KEY' },
      ],
      [
        'an Idempotency-Key of 500 characters',
        (c) =>
          withHeaders(command(c, 'project', { type: 'AddComment', text: 'Texte.' }), {
            'Idempotency-Key': 'k'.repeat(500),
          }),
        { status: 400, code: 'INVALID_IDEMPOTENCY_KEY' },
      ],
      [
        'Content-Type: text/plain',
        (c) =>
          withHeaders(command(c, 'project', { type: 'AddComment', text: 'Texte.' }), {
            'Content-Type': 'text/plain',
          }),
        { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      ],
      [
        'no Content-Type',
        (c) => {
          const { 'Content-Type': _type, ...headers } = command(c, 'project', {}).headers;
          return {
            ...command(c, 'project', {}),
            headers,
            body: { raw: new TextEncoder().encode('{"type":"AddComment","text":"Texte."}') },
          };
        },
        { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      ],
      [
        'Accept: nonsense on the review',
        (c) =>
          withHeaders(
            read(c, '/projects/{id}/review', [
              ['from', '2023-07-01'],
              ['to', '2026-06-30'],
            ]),
            { Accept: 'nonsense' },
          ),
        { status: 406, code: 'NOT_ACCEPTABLE' },
      ],
      ['a path id ..%2F', (c) => withParam(read(c, '/projects/{id}/events', []), 'id', '..%2F'), VALIDATION],
      [
        'a path id ..%2F..%2Fhealth',
        (c) => withParam(read(c, '/projects/{id}', []), 'id', '..%2F..%2Fhealth'),
        VALIDATION,
      ],
      [
        'a 200-character id',
        (c) => withParam(read(c, '/projects/{id}', []), 'id', 'a'.repeat(200)),
        VALIDATION,
      ],
      [
        'a unicode id',
        (c) => withParam(read(c, '/projects/{id}', []), 'id', encodeURIComponent('caussés-2023')),
        VALIDATION,
      ],
      [
        'an emoji actor id',
        (c) => ({
          ...withParam(read(c, '/projects/{id}', []), 'actorId', encodeURIComponent('😀')),
          template: '/people/{actorId}',
          headers: c.as.admin,
        }),
        VALIDATION,
      ],
      [
        'a territory ..%2F46',
        (c) => ({
          ...read(c, '/projects/{id}', []),
          template: '/territories/{code}/audit',
          params: { code: '..%2F46' },
        }),
        VALIDATION,
      ],
      ['limit=501', (c) => read(c, '/projects/{id}/events', [['limit', '501']]), VALIDATION],
      ['lang=de', (c) => read(c, '/projects/{id}/timeline', [['lang', 'de']]), VALIDATION],
    ];

    test.each(cases)('%s', async (_what, make, expected) => {
      await refused(make(ctx), expected);
    });
  });

  test('afterwards the store holds the same events, the ledgers verify and /health is 200', async () => {
    expect(await snapshotStore(store)).toEqual(before);
    for (const territory of ['46', '12']) {
      const audit = await app.request(`/territories/${territory}/audit`, {
        headers: await bearer('auditor', [], [territory]),
      });
      expect(await audit.json()).toMatchObject({ ok: true });
    }
    const health = await app.request('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });
});

function read(ctx: Context, template: string, query: [string, string][]): RequestSpec {
  return { method: 'GET', template, params: { id: 'causses-2023' }, query, headers: ctx.as.reader };
}

function command(
  ctx: Context,
  kind: StreamKind,
  body: Record<string, unknown>,
  options: { id?: string; headers?: Record<string, string> } = {},
): RequestSpec {
  return {
    method: 'POST',
    template: `/${plural[kind]}/{id}/commands`,
    params: { id: options.id ?? SCOPES.own[kind] },
    query: [],
    headers: { ...(options.headers ?? ctx.as.staff), ...JSON_TYPE },
    body: { json: body },
  };
}

/*
 * Hostile strings are data: stored byte for byte (read back through /events, in memory and on SQLite),
 * escaped in the review's HTML and Markdown, and the chain still verifies. Chemins exports no CSV (the
 * exports are NDJSON, where JSON escaping applies), so formula injection (`=cmd|…`, `+SUM(1)`, `@x`,
 * `-1+1`) only has to survive as text; a future CSV export must neutralise a leading = + - @.
 */
const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE events; --",
  "=cmd|' /C calc'!A0",
  '+SUM(1)',
  '@x',
  '-1+1',
  'Robert\'); DROP TABLE structures;-- & <b onmouseover="alert(1)">**gras**</b> [lien](javascript:alert(1))',
] as const;

describe.each(STORES)('hostile strings, over the %s store', (_name, open) => {
  let app: App;
  let cleanup: () => Promise<void>;
  let director: Record<string, string>;
  let adviser: Record<string, string>;
  const reviewUrl = '/projects/hostile-2026/review?from=2026-01-01&to=2026-11-27';

  beforeAll(async () => {
    let store: EventStore;
    ({ store, cleanup } = await open());
    ({ app } = await worldApp(store));
    const admin = await bearer('admin', [], ['46']);
    director = await bearer('director', ['hostile']);
    adviser = await bearer('caf_advisor', [], ['46']);
    const post = async (path: string, body: Record<string, unknown>, who: Record<string, string>) => {
      const response = await app.request(path, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { ...who, ...JSON_TYPE },
      });
      expect(response.status, await response.clone().text()).toBe(201);
    };
    await post(
      '/structures/hostile/commands',
      { ...registerStructure('hostile', '46'), name: HOSTILE[0] },
      admin,
    );
    await post(
      '/projects/hostile-2026/commands',
      {
        ...openProject('hostile-2026', { start: '2026-07-01', end: '2030-06-30' }),
        structureId: 'hostile',
        title: HOSTILE[1],
      },
      director,
    );
    for (const text of HOSTILE) {
      await post(
        '/projects/hostile-2026/commands',
        { type: 'ReportDifficulty', category: 'time', description: text },
        director,
      );
      await post(
        '/projects/hostile-2026/commands',
        { type: 'RecordSuccess', category: 'time', description: text },
        director,
      );
      await post('/projects/hostile-2026/commands', { type: 'MakeCommitment', description: text }, director);
      await post('/projects/hostile-2026/commands', { type: 'AddComment', text }, director);
    }
  });

  afterAll(async () => {
    await cleanup();
  });

  test('they are stored byte for byte', async () => {
    const page = (await (
      await app.request('/projects/hostile-2026/events?limit=500', { headers: director })
    ).json()) as {
      events: { type: string; data: Record<string, unknown> }[];
    };
    const texts = (type: string, field: string) =>
      page.events.filter((event) => event.type === type).map((event) => event.data[field]);
    expect(texts('DifficultyReported', 'description')).toEqual([...HOSTILE]);
    expect(texts('SuccessRecorded', 'description')).toEqual([...HOSTILE]);
    expect(texts('CommitmentMade', 'description')).toEqual([...HOSTILE]);
    expect(texts('CommentAdded', 'text')).toEqual([...HOSTILE]);
    expect(texts('ProjectOpened', 'title')).toEqual([HOSTILE[1]]);
    const structure = (await (
      await app.request('/structures/hostile', { headers: director })
    ).json()) as Record<string, unknown>;
    expect(JSON.stringify(structure)).toContain(JSON.stringify(HOSTILE[0]));
    const exported = await (await app.request('/projects/hostile-2026/export', { headers: director })).text();
    for (const text of HOSTILE) expect(exported).toContain(JSON.stringify(text).slice(1, -1));
  });

  test('the review in HTML escapes them: no tag, no attribute comes from user text', async () => {
    const response = await app.request(reviewUrl, { headers: { ...adviser, Accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<b[\s>]/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son\w+=/i);
    expect(html).not.toMatch(/href=["']?javascript:/i);
    for (const text of HOSTILE) expect(html, text).toContain(escapeHtml(text));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  test('the review in Markdown escapes them: no raw <, no emphasis, no link', async () => {
    const response = await app.request(reviewUrl, { headers: { ...adviser, Accept: 'text/markdown' } });
    expect(response.status).toBe(200);
    const markdown = await response.text();
    expect(markdown).not.toContain('<');
    expect(markdown).not.toContain('**gras**');
    expect(markdown).not.toContain('](javascript:');
    for (const text of HOSTILE) expect(markdown, text).toContain(escapeMarkdown(text));
  });

  test('the audits still say ok', async () => {
    for (const path of ['/projects/hostile-2026/audit', '/structures/hostile/audit']) {
      expect(await (await app.request(path, { headers: director })).json(), path).toMatchObject({ ok: true });
    }
    expect(await (await app.request('/territories/46/audit', { headers: adviser })).json()).toMatchObject({
      ok: true,
    });
  });
});
