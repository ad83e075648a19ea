import { randomUUID } from 'node:crypto';
import { createApp, hs256Authenticator, lambdaAuthorizerAuthenticator, signToken } from '@chemins/api';
import { type EventStore, Journal, MemoryEventStore, seedLotScenario } from '@chemins/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { craftJwt, epochSeconds, expectNothingAppended, expectProblem } from './support/http.ts';
import { json, NOW, SECRET, seededApp, token } from './support/test-app.ts';

type App = Awaited<ReturnType<typeof seededApp>>['app'];

let app: App;
let store: EventStore;

beforeAll(async () => {
  ({ app, store } = await seededApp());
});

const HS256 = { alg: 'HS256', typ: 'JWT' };
const claims = (extra: Record<string, unknown> = {}) => ({
  sub: 'causses-staff-1',
  role: 'staff',
  structures: ['causses'],
  territories: [],
  iat: epochSeconds() - 60,
  exp: epochSeconds() + 3600,
  ...extra,
});

const read = (authorization: string | undefined) =>
  app.request('/projects/causses-2023', {
    headers: authorization === undefined ? {} : { Authorization: authorization },
  });

describe('401 with a stable code', () => {
  test('a well-formed HS256 token with valid claims is accepted', async () => {
    expect((await read(`Bearer ${craftJwt(HS256, claims(), SECRET)}`)).status).toBe(200);
    expect((await read(`Bearer ${await token('staff', ['causses'])}`)).status).toBe(200);
  });

  test.each([
    ['no Authorization header', undefined],
    ['an empty header', ''],
    ['another scheme', `Basic ${Buffer.from('user:pass').toString('base64')}`],
    ['Bearer and nothing', 'Bearer '],
    ['a token that is not a JWT', 'Bearer not-a-jwt'],
  ])('UNAUTHENTICATED for %s', async (_what, authorization) => {
    await expectProblem(await read(authorization), 401, 'UNAUTHENTICATED');
  });

  test.each([
    [
      'signed with another secret',
      () => craftJwt(HS256, claims(), 'another-secret-of-the-same-length-0123456'),
    ],
    [
      'expired',
      () => craftJwt(HS256, claims({ iat: epochSeconds() - 7200, exp: epochSeconds() - 3600 }), SECRET),
    ],
    ['without exp', () => craftJwt(HS256, claims({ exp: undefined }), SECRET)],
    ['with a non-numeric exp', () => craftJwt(HS256, claims({ exp: String(epochSeconds() + 3600) }), SECRET)],
    ['with alg none and no signature', () => craftJwt({ alg: 'none', typ: 'JWT' }, claims(), null)],
    ['with alg none and a signature', () => `${craftJwt({ alg: 'none', typ: 'JWT' }, claims(), null)}c2ln`],
    ['with alg HS512', () => craftJwt({ alg: 'HS512', typ: 'JWT' }, claims(), SECRET)],
    ['with alg RS256', () => craftJwt({ alg: 'RS256', typ: 'JWT' }, claims(), SECRET)],
    ['not valid yet (nbf)', () => craftJwt(HS256, claims({ nbf: epochSeconds() + 3600 }), SECRET)],
    [
      'with a header that is not JSON',
      () => `bm90LWpzb24.${craftJwt(HS256, claims(), SECRET).split('.').slice(1).join('.')}`,
    ],
  ])('INVALID_TOKEN for a token %s', async (_what, make) => {
    await expectProblem(await read(`Bearer ${make()}`), 401, 'INVALID_TOKEN');
  });

  test('INVALID_TOKEN for a signed token whose claims were then changed', async () => {
    const [header, , signature] = craftJwt(HS256, claims(), SECRET).split('.');
    const forged = Buffer.from(JSON.stringify(claims({ role: 'admin', territories: ['46'] }))).toString(
      'base64url',
    );
    await expectProblem(await read(`Bearer ${header}.${forged}.${signature}`), 401, 'INVALID_TOKEN');
  });

  test.each([
    ['an unknown role', { role: 'superuser' }],
    ['no role', { role: undefined }],
    ['no sub', { sub: undefined }],
    ['an empty sub', { sub: '' }],
    ['a numeric sub', { sub: 42 }],
    ['structures that are numbers', { structures: [1, 2] }],
    ['territories as an object', { territories: { code: '46' } }],
  ])('INVALID_CLAIMS for a valid signature over %s', async (_what, extra) => {
    await expectProblem(
      await read(`Bearer ${craftJwt(HS256, claims(extra), SECRET)}`),
      401,
      'INVALID_CLAIMS',
    );
  });

  test('a command without a valid token appends nothing', async () => {
    const body = { type: 'ReportDifficulty', category: 'time', description: 'Sans jeton.' };
    for (const authorization of [undefined, `Bearer ${craftJwt({ alg: 'none' }, claims(), null)}`]) {
      const response = await expectNothingAppended(store, 'project:causses-2023', () =>
        app.request(
          '/projects/causses-2023/commands',
          json(body, authorization ? { Authorization: authorization } : {}),
        ),
      );
      expect(response.status).toBe(401);
    }
  });

  test('authentication comes before validation: a bad body without a token is a 401', async () => {
    const response = await app.request('/projects/causses-2023/commands', {
      method: 'POST',
      body: '{not json',
      headers: { 'Content-Type': 'text/plain' },
    });
    await expectProblem(response, 401, 'UNAUTHENTICATED');
  });

  test('every protected route answers 401 without a token', async () => {
    const paths = [
      '/projects/causses-2023',
      '/projects/causses-2023/events',
      '/projects/causses-2023/timeline',
      '/projects/causses-2023/vision',
      '/projects/causses-2023/review?from=2023-01-01&to=2023-12-31',
      '/projects/causses-2023/audit',
      '/projects/causses-2023/export',
      '/structures/causses',
      '/structures/causses/history',
      '/cohorts/lot-2022',
      '/territories/46/dashboard',
    ];
    for (const path of paths) await expectProblem(await app.request(path), 401, 'UNAUTHENTICATED');
  });

  test('/health, /openapi.json and /docs need no token', async () => {
    for (const path of ['/health', '/openapi.json', '/docs'])
      expect((await app.request(path)).status).toBe(200);
  });

  test('the Bearer scheme is case-insensitive (RFC 9110 §11.1)', async () => {
    const jwt = await token('staff', ['causses']);
    expect((await read(`bearer ${jwt}`)).status).toBe(200);
    expect((await read(`BEARER ${jwt}`)).status).toBe(200);
  });
});

describe('issuer and audience, when configured', () => {
  let strict: App;

  beforeAll(async () => {
    const seeded = new MemoryEventStore();
    await seedLotScenario(new Journal(seeded));
    strict = createApp({
      store: seeded,
      auth: hs256Authenticator({
        secret: SECRET,
        issuer: 'https://chemins.example',
        audience: 'chemins-api',
      }),
      clock: () => NOW,
      ids: randomUUID,
    });
  });

  const strictRead = async (jwt: string) =>
    strict.request('/projects/causses-2023', { headers: { Authorization: `Bearer ${jwt}` } });

  test('a token from that issuer, for that audience, is accepted', async () => {
    const jwt = await signToken(
      {
        sub: 's',
        role: 'staff',
        structures: ['causses'],
        issuer: 'https://chemins.example',
        audience: 'chemins-api',
      },
      SECRET,
    );
    expect((await strictRead(jwt)).status).toBe(200);
  });

  test.each([
    ['no issuer or audience', {}],
    ['another issuer', { issuer: 'https://evil.example', audience: 'chemins-api' }],
    ['another audience', { issuer: 'https://chemins.example', audience: 'another-api' }],
  ])('INVALID_TOKEN with %s', async (_what, extra) => {
    const jwt = await signToken({ sub: 's', role: 'staff', structures: ['causses'], ...extra }, SECRET);
    await expectProblem(await strictRead(jwt), 401, 'INVALID_TOKEN');
  });
});

describe('on Lambda: the claims of the HTTP API JWT authorizer', () => {
  let lambdaApp: App;

  beforeAll(async () => {
    const seeded = new MemoryEventStore();
    await seedLotScenario(new Journal(seeded));
    lambdaApp = createApp({
      store: seeded,
      auth: lambdaAuthorizerAuthenticator,
      clock: () => NOW,
      ids: randomUUID,
    });
  });

  const withClaims = (claimsOfAuthorizer: Record<string, unknown> | undefined) => ({
    event: {
      requestContext: { authorizer: claimsOfAuthorizer ? { jwt: { claims: claimsOfAuthorizer } } : {} },
    },
  });

  test('Cognito custom attributes (comma-separated strings) map to the same principal', async () => {
    const response = await lambdaApp.request(
      '/territories/46/dashboard',
      {},
      withClaims({ sub: 'adviser', 'custom:role': 'caf_advisor', 'custom:territories': '46, 12' }),
    );
    expect(response.status).toBe(200);
    const staff = withClaims({ sub: 'staff', 'custom:role': 'staff', 'custom:structures': 'causses' });
    expect((await lambdaApp.request('/projects/causses-2023', {}, staff)).status).toBe(200);
    await expectProblem(await lambdaApp.request('/projects/bouriane-2023', {}, staff), 403, 'FORBIDDEN');
  });

  test('401 UNAUTHENTICATED without authorizer claims, INVALID_CLAIMS with claims of the wrong shape', async () => {
    await expectProblem(
      await lambdaApp.request('/projects/causses-2023', {}, withClaims(undefined)),
      401,
      'UNAUTHENTICATED',
    );
    await expectProblem(await lambdaApp.request('/projects/causses-2023'), 401, 'UNAUTHENTICATED');
    await expectProblem(
      await lambdaApp.request('/projects/causses-2023', {}, withClaims({ sub: 'x', 'custom:role': 'root' })),
      401,
      'INVALID_CLAIMS',
    );
  });
});
