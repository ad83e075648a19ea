// Hardening (issue 8, "Tokens and headers"): a strict CORS policy set by configuration, security headers
// on every answer and a Content-Security-Policy on every HTML page, the token cases tests/api/auth.test.ts
// does not already cover, and no stack trace or internal message in any answer, even when the store fails.
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hs256Authenticator, type LocalServer, signToken, startLocalServer } from '@chemins/api';
import { type EventStore, MemoryEventStore, StoreUnavailable } from '@chemins/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collectingLogger, craftJwt, epochSeconds, expectProblem } from '../api/support/http.ts';
import { type AppOverrides, headers, json, SECRET, seededApp, token } from '../api/support/test-app.ts';
import { serve } from '../e2e/support/cli.ts';

type App = Awaited<ReturnType<typeof seededApp>>['app'];

const ALLOWED = 'https://app.example.org';
const REVIEW = '/projects/causses-2023/review?from=2023-01-01&to=2023-12-31';
/** What a leaked internal looks like: a stack frame, a source file, a dependency path, an error class. */
const INTERNALS: readonly RegExp[] = [
  /\n\s*at\s/,
  /\bat [\w.<>$[\]]+ \(/,
  /\bat (?:file|node):/,
  /\.(?:ts|js|mjs|cjs):\d+/,
  /node_modules/,
  /node:internal/,
  /\b\w*Error:/,
  /"stack"/,
  /file:\/\//,
  /\/work\/|\/home\/|\/tmp\//,
  /SQLITE_|hunter2|\/var\/lib/,
];

function expectNothingInternal(text: string, what: string): void {
  for (const pattern of INTERNALS)
    expect(text, `${what} leaks ${pattern}: ${text.slice(0, 500)}`).not.toMatch(pattern);
}

async function appWith(
  overrides: AppOverrides = {},
  store: EventStore = new MemoryEventStore(),
): Promise<App> {
  return (await seededApp(store, overrides)).app;
}

const preflight = (app: App, path: string, origin: string) =>
  app.request(path, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization, content-type, if-match, idempotency-key',
    },
  });

const list = (value: string | null) => (value ?? '').split(',').map((item) => item.trim().toLowerCase());

describe('CORS: only the configured origins', () => {
  let configured: App;
  let unconfigured: App;
  let staff: Record<string, string>;

  beforeAll(async () => {
    configured = await appWith({ corsOrigins: [ALLOWED] });
    unconfigured = await appWith();
    staff = await headers('staff', ['causses']);
  });

  test.each([
    '/projects/causses-2023/commands',
    '/projects/causses-2023',
    '/territories/46/dashboard',
    '/people/someone',
  ])('a preflight from the configured origin to %s gets the allow headers', async (path) => {
    const response = await preflight(configured, path, ALLOWED);
    expect(response.status).toBe(204);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(ALLOWED);
    expect(list(response.headers.get('Access-Control-Allow-Headers'))).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'if-match', 'idempotency-key']),
    );
    expect(list(response.headers.get('Access-Control-Allow-Methods'))).toContain('post');
    expect(list(response.headers.get('Vary'))).toContain('origin');
    // Bearer tokens, no cookies: credentials are never allowed.
    expect(response.headers.get('Access-Control-Allow-Credentials')).toBeNull();
  });

  test('the allowed methods are the methods the API serves, and no others', async () => {
    const response = await preflight(configured, '/projects/causses-2023/commands', ALLOWED);
    const served = new Set(
      configured.routes.map((route) => route.method.toLowerCase()).filter((method) => method !== 'all'),
    );
    served.add('head');
    expect(new Set(list(response.headers.get('Access-Control-Allow-Methods')))).toEqual(served);
  });

  test('an actual request from the configured origin sees the origin echoed and the useful headers exposed', async () => {
    const response = await configured.request('/projects/causses-2023', {
      headers: { ...staff, Origin: ALLOWED },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(ALLOWED);
    expect(list(response.headers.get('Access-Control-Expose-Headers'))).toEqual(
      expect.arrayContaining(['etag', 'location', 'x-request-id', 'retry-after']),
    );
    expect(list(response.headers.get('Vary'))).toContain('origin');
  });

  test.each([
    'https://evil.example',
    'https://app.example.org.evil.example',
    'https://evil.example.app.example.org',
    'http://app.example.org',
    'https://app.example.org:8443',
    'https://APP.EXAMPLE.ORG',
    'null',
    '*',
    `${ALLOWED}/`,
  ])('no Access-Control-Allow-Origin for %j, on a preflight or an actual request', async (origin) => {
    const before = await preflight(configured, '/projects/causses-2023/commands', origin);
    expect(before.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(before.headers.get('Access-Control-Allow-Credentials')).toBeNull();
    const actual = await configured.request('/projects/causses-2023', {
      headers: { ...staff, Origin: origin },
    });
    expect(actual.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  test.each([ALLOWED, 'https://evil.example', 'null', 'http://127.0.0.1:3000'])(
    'with no configuration, no origin is allowed: %s',
    async (origin) => {
      const before = await preflight(unconfigured, '/projects/causses-2023/commands', origin);
      expect(before.headers.get('Access-Control-Allow-Origin')).toBeNull();
      const actual = await unconfigured.request('/health', { headers: { Origin: origin } });
      expect(actual.headers.get('Access-Control-Allow-Origin')).toBeNull();
    },
  );

  test('configuring "*" allows no origin: the list holds origins, not patterns', async () => {
    const starred = await appWith({ corsOrigins: ['*'] });
    for (const origin of ['https://evil.example', ALLOWED]) {
      const response = await preflight(starred, '/projects/causses-2023/commands', origin);
      expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
    }
  });

  test('a preflight needs no token, and a preflight never reaches a handler: nothing is appended', async () => {
    const store = new MemoryEventStore();
    const app = await appWith({ corsOrigins: [ALLOWED] }, store);
    const before = (await store.readStream('project:causses-2023', { limit: 1 })).streamVersion;
    const response = await app.request('/projects/causses-2023/commands', {
      method: 'OPTIONS',
      body: JSON.stringify({ type: 'AddComment', text: 'preflight' }),
      headers: {
        Origin: ALLOWED,
        'Access-Control-Request-Method': 'POST',
        'Content-Type': 'application/json',
      },
    });
    expect(response.status).toBe(204);
    expect((await store.readStream('project:causses-2023', { limit: 1 })).streamVersion).toBe(before);
  });

  describe('set through CHEMINS_CORS_ORIGINS, on `chemins serve` over HTTP', () => {
    let dir: string;
    let server: Awaited<ReturnType<typeof serve>> | undefined;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'chemins-cors-'));
      server = await serve({
        CHEMINS_DATA: join(dir, 'journal.db'),
        CHEMINS_CORS_ORIGINS: `${ALLOWED}, https://admin.example.org`,
      });
    });

    afterAll(async () => {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const httpPreflight = async (origin: string) =>
      fetch(`${server?.url}/projects/causses-2023/commands`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      });

    test('each listed origin is allowed, spaces after the commas or not', async () => {
      for (const origin of [ALLOWED, 'https://admin.example.org']) {
        const response = await httpPreflight(origin);
        expect(response.status).toBe(204);
        expect(response.headers.get('Access-Control-Allow-Origin')).toBe(origin);
      }
    });

    test('any other origin is not', async () => {
      const response = await httpPreflight('https://evil.example');
      expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
    });
  });
});

/** The headers every answer carries, whatever its status or type. */
function expectSecurityHeaders(response: Response, what: string): void {
  const h = response.headers;
  expect(h.get('X-Content-Type-Options'), what).toBe('nosniff');
  expect(h.get('X-Frame-Options'), what).toMatch(/^(?:DENY|SAMEORIGIN)$/);
  expect(h.get('Referrer-Policy'), what).toMatch(/^(?:no-referrer|same-origin|strict-origin)$/);
  const hsts = h.get('Strict-Transport-Security') ?? '';
  expect(Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0), what).toBeGreaterThanOrEqual(31_536_000);
  expect(hsts, what).toContain('includeSubDomains');
  expect(h.get('Cross-Origin-Resource-Policy'), what).toBe('same-origin');
  expect(h.get('Cross-Origin-Opener-Policy'), what).toBe('same-origin');
  expect(h.get('X-Permitted-Cross-Domain-Policies'), what).toBe('none');
  expect(h.get('X-Powered-By'), what).toBeNull();
  expect(h.get('Server'), what).toBeNull();
  expect(h.get('X-Request-Id'), what).toMatch(/^[\w-]{8,}$/);
  expect(h.get('Cache-Control') ?? '', what).not.toMatch(/\bpublic\b/);
  if ((h.get('Content-Type') ?? '').startsWith('text/html')) expectStrictCsp(response, what);
}

/** Parses a Content-Security-Policy into its directives. */
function directives(policy: string): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) parsed.set(name.toLowerCase(), sources);
  }
  return parsed;
}

/** An HTML page runs nothing, loads nothing and frames nowhere but what its policy names by hash. */
function expectStrictCsp(response: Response, what: string): void {
  const policy = response.headers.get('Content-Security-Policy');
  expect(policy, `${what}: an HTML page without a Content-Security-Policy`).toBeTruthy();
  const csp = directives(policy ?? '');
  expect(csp.get('default-src'), what).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(csp.get('base-uri'), what).toEqual(["'none'"]);
  expect(csp.get('form-action'), what).toEqual(["'none'"]);
  for (const [name, sources] of csp) {
    for (const source of sources) {
      expect(source, `${what}: ${name} ${source}`).not.toMatch(
        /^(?:\*|https?:|data:.*script|'unsafe-eval')$/,
      );
    }
  }
  for (const source of csp.get('script-src') ?? []) {
    expect(source, `${what}: script-src ${source}`).toMatch(/^'sha(?:256|384|512)-[A-Za-z0-9+/=]+'$/);
  }
  for (const source of csp.get('connect-src') ?? []) expect(source, what).toBe("'self'");
}

describe('security headers on every answer', () => {
  let app: App;
  let failing: App;
  let unavailable: App;
  let staff: Record<string, string>;
  let adviser: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    app = await appWith({ corsOrigins: [ALLOWED] });
    failing = await brokenApp(() => new Error('SQLITE_CORRUPT at /var/lib/chemins'));
    unavailable = await brokenApp(() => new StoreUnavailable('down'));
    staff = await headers('staff', ['causses']);
    adviser = await headers('caf_advisor', [], ['46']);
    admin = await headers('admin', [], ['46']);
  });

  const cases: [what: string, status: number, request: () => Promise<Response> | Response][] = [
    ['/health', 200, () => app.request('/health')],
    ['HEAD /health', 200, () => app.request('/health', { method: 'HEAD' })],
    ['/openapi.json', 200, () => app.request('/openapi.json')],
    ['/docs', 200, () => app.request('/docs')],
    ['a state read', 200, () => app.request('/projects/causses-2023', { headers: staff })],
    [
      'a conditional read',
      304,
      async () => {
        const first = await app.request('/projects/causses-2023', { headers: staff });
        return app.request('/projects/causses-2023', {
          headers: { ...staff, 'If-None-Match': first.headers.get('ETag') ?? '' },
        });
      },
    ],
    ['the review in HTML', 200, () => app.request(REVIEW, { headers: { ...staff, Accept: 'text/html' } })],
    [
      'the review in Markdown',
      200,
      () => app.request(REVIEW, { headers: { ...staff, Accept: 'text/markdown' } }),
    ],
    ['an export', 200, () => app.request('/projects/causses-2023/export', { headers: staff })],
    ['the dashboard', 200, () => app.request('/territories/46/dashboard', { headers: adviser })],
    [
      'a command',
      201,
      () =>
        app.request('/projects/causses-2023/commands', json({ type: 'AddComment', text: 'Entête.' }, staff)),
    ],
    ['a person read', 404, () => app.request('/people/nobody', { headers: admin })],
    ['a preflight', 204, () => preflight(app, '/projects/causses-2023/commands', ALLOWED)],
    [
      'a refused preflight',
      204,
      () => preflight(app, '/projects/causses-2023/commands', 'https://evil.example'),
    ],
    [
      'a validation error',
      400,
      () => app.request('/projects/causses-2023/events?limit=x', { headers: staff }),
    ],
    ['no token', 401, () => app.request('/projects/causses-2023')],
    ['another structure', 403, () => app.request('/projects/bouriane-2023', { headers: staff })],
    ['an unknown route', 404, () => app.request('/nothing', { headers: staff })],
    [
      'a method the route does not have',
      405,
      () => app.request('/projects/causses-2023', { method: 'DELETE', headers: staff }),
    ],
    [
      'an unacceptable Accept',
      406,
      () => app.request(REVIEW, { headers: { ...staff, Accept: 'image/png' } }),
    ],
    [
      'a stale If-Match',
      412,
      () =>
        app.request(
          '/projects/causses-2023/commands',
          json({ type: 'AddComment', text: 'x' }, { ...staff, 'If-Match': 'W/"1"' }),
        ),
    ],
    [
      'a body too large',
      413,
      () =>
        app.request(
          '/projects/causses-2023/commands',
          json({ type: 'AddComment', text: 'x'.repeat(300_000) }, staff),
        ),
    ],
    [
      'a form body',
      415,
      () =>
        app.request('/projects/causses-2023/commands', {
          method: 'POST',
          body: 'a=b',
          headers: { ...staff, 'Content-Type': 'application/x-www-form-urlencoded' },
        }),
    ],
    [
      'a domain refusal',
      422,
      () =>
        app.request(
          '/projects/causses-2023/commands',
          json({ type: 'HonourCommitment', commitmentId: 'x' }, staff),
        ),
    ],
    ['a store failure', 500, () => failing.request('/projects/causses-2023', { headers: staff })],
    ['a store outage', 503, () => unavailable.request('/projects/causses-2023', { headers: staff })],
  ];

  test.each(cases)('%s (%i)', async (what, status, request) => {
    const response = await request();
    expect(response.status, what).toBe(status);
    expectSecurityHeaders(response, what);
  });

  test('every HTML answer of every GET route carries the strict policy; errors are never HTML', async () => {
    const gets = (await operations(app)).filter((op) => op.method === 'get').map((op) => op.sample);
    for (const path of [...gets, '/docs', REVIEW]) {
      for (const who of [staff, adviser, admin, {}]) {
        const response = await app.request(path, { headers: { ...who, Accept: 'text/html' } });
        const type = response.headers.get('Content-Type') ?? '';
        if (response.status >= 400) expect(type, path).toMatch(/^application\/problem\+json/);
        if (type.startsWith('text/html')) expectStrictCsp(response, path);
      }
    }
  });

  test('the /docs policy names by hash exactly the inline script and style the page holds', async () => {
    const response = await app.request('/docs');
    const page = await response.text();
    const csp = directives(response.headers.get('Content-Security-Policy') ?? '');
    const hashes = (tag: string) =>
      [...page.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(
        (match) =>
          `'sha256-${createHash('sha256')
            .update(match[1] ?? '')
            .digest('base64')}'`,
      );
    expect(hashes('script').length).toBeGreaterThan(0);
    expect(csp.get('script-src')).toEqual(hashes('script'));
    expect(csp.get('style-src')).toEqual(hashes('style'));
    // Nothing the policy would block, and nothing from elsewhere.
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=|\son[a-z]+=|javascript:/i);
  });

  test('the HTML review runs no script at all', async () => {
    const response = await app.request(REVIEW, { headers: { ...staff, Accept: 'text/html' } });
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    const csp = directives(response.headers.get('Content-Security-Policy') ?? '');
    expect(csp.has('script-src')).toBe(false);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(await response.text()).not.toMatch(/<script/i);
  });

  test('a hostile path is echoed only inside problem+json, never as HTML', async () => {
    const response = await app.request('/%3Cscript%3Ealert(1)%3C%2Fscript%3E', {
      headers: { ...staff, Accept: 'text/html' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    expectSecurityHeaders(response, 'hostile path');
  });
});

/** The app over a seeded store whose every operation then fails with `failure()`. */
async function brokenApp(failure: () => unknown): Promise<App> {
  const base = new MemoryEventStore();
  const armed = { now: false };
  const guarded = async <R>(run: () => Promise<R>): Promise<R> => {
    if (armed.now) throw failure();
    return run();
  };
  const store: EventStore = {
    append: (...args) => guarded(() => base.append(...args)),
    readStream: (...args) => guarded(() => base.readStream(...args)),
    readLedger: (...args) => guarded(() => base.readLedger(...args)),
    listStreams: (...args) => guarded(() => base.listStreams(...args)),
    findCommand: (...args) => guarded(() => base.findCommand(...args)),
    eraseText: (...args) => guarded(() => base.eraseText(...args)),
    readSummaries: (...args) => guarded(() => base.readSummaries(...args)),
    putSummaries: (...args) => guarded(() => base.putSummaries(...args)),
  };
  const app = await appWith({}, store);
  armed.now = true;
  return app;
}

describe('tokens: what tests/api/auth.test.ts does not cover', () => {
  let app: App;
  let strict: App;
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
  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  /** Signs any header and payload text, even text that is not a JSON object. */
  const signRaw = (header: string, payload: string) => {
    const input = `${b64(header)}.${b64(payload)}`;
    return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
  };

  beforeAll(async () => {
    app = await appWith();
    strict = await appWith({
      auth: hs256Authenticator({
        secret: SECRET,
        issuer: 'https://chemins.example',
        audience: 'chemins-api',
      }),
    });
  });

  const read = (authorization: string, on: App = app, path = '/projects/causses-2023') =>
    on.request(path, { headers: { Authorization: authorization } });

  const codeOf = async (response: Response) => ((await response.clone().json()) as { code: string }).code;

  /** A 401 says how to authenticate (RFC 9110 §11.6.1, RFC 6750 §3) and echoes nothing of the token. */
  async function expect401(response: Response, code: string, jwt = ''): Promise<void> {
    const text = await response.clone().text();
    await expectProblem(response, 401, code);
    const challenge = response.headers.get('WWW-Authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer\b/);
    if (code !== 'UNAUTHENTICATED') expect(challenge).toContain('error="invalid_token"');
    expectNothingInternal(text, code);
    for (const part of jwt.split('.').filter((segment) => segment.length > 8))
      expect(text).not.toContain(part);
    expect(text).not.toContain('causses-staff-1');
  }

  test('a well-formed token still passes (the fixtures below are otherwise valid)', async () => {
    expect((await read(`Bearer ${craftJwt(HS256, claims(), SECRET)}`)).status).toBe(200);
    expect((await read(`Bearer ${signRaw(JSON.stringify(HS256), JSON.stringify(claims()))}`)).status).toBe(
      200,
    );
    expect(
      (await read(`Bearer ${craftJwt(HS256, claims({ nbf: epochSeconds() - 10 }), SECRET)}`)).status,
    ).toBe(200);
  });

  const valid = craftJwt(HS256, claims(), SECRET);
  const [validHeader = '', validPayload = '', validSignature = ''] = valid.split('.');
  const flip = (text: string, at: number) =>
    `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
  const other = craftJwt(HS256, claims({ sub: 'someone-else' }), SECRET);

  test.each([
    ['one character of the signature changed', `${validHeader}.${validPayload}.${flip(validSignature, 0)}`],
    ['the signature truncated', `${validHeader}.${validPayload}.${validSignature.slice(0, 20)}`],
    ['the signature removed, alg still HS256', `${validHeader}.${validPayload}.`],
    ['a signature of zeros', `${validHeader}.${validPayload}.${Buffer.alloc(32).toString('base64url')}`],
    ['the signature of another token', `${validHeader}.${validPayload}.${other.split('.')[2]}`],
    [
      'the header swapped for alg none, signature kept',
      `${b64(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${validPayload}.${validSignature}`,
    ],
    ['alg in lower case', craftJwt({ alg: 'hs256', typ: 'JWT' }, claims(), SECRET)],
    ['alg "None"', craftJwt({ alg: 'None', typ: 'JWT' }, claims(), null)],
    ['no alg', craftJwt({ typ: 'JWT' }, claims(), SECRET)],
    ['alg as a list', craftJwt({ alg: ['HS256'], typ: 'JWT' }, claims(), SECRET)],
    ['alg ES256', craftJwt({ alg: 'ES256', typ: 'JWT' }, claims(), SECRET)],
    ['alg PS256', craftJwt({ alg: 'PS256', typ: 'JWT' }, claims(), SECRET)],
    ['a crit header', craftJwt({ ...HS256, crit: ['exp'] }, claims(), SECRET)],
    ['a typ that is not JWT', craftJwt({ alg: 'HS256', typ: 'at+jwt+evil' }, claims(), SECRET)],
    ['issued in the future (iat)', craftJwt(HS256, claims({ iat: epochSeconds() + 3600 }), SECRET)],
    ['an exp that is now', craftJwt(HS256, claims({ exp: epochSeconds() }), SECRET)],
    ['a non-numeric nbf', craftJwt(HS256, claims({ nbf: 'yesterday' }), SECRET)],
    ['a payload that is null', signRaw(JSON.stringify(HS256), 'null')],
    ['a payload that is a list', signRaw(JSON.stringify(HS256), '[]')],
    ['a payload that is a number', signRaw(JSON.stringify(HS256), '42')],
    ['a payload that is a string', signRaw(JSON.stringify(HS256), '"staff"')],
    ['a payload that is not JSON', signRaw(JSON.stringify(HS256), '{"sub":')],
    ['a header that is null', signRaw('null', JSON.stringify(claims()))],
    ['a header that is a list', signRaw('["HS256"]', JSON.stringify(claims()))],
  ])('INVALID_TOKEN for %s', async (_what, jwt) => {
    await expect401(await read(`Bearer ${jwt}`), 'INVALID_TOKEN', jwt);
  });

  test.each([
    ['an exp far in the past as a float', claims({ exp: 1.5 })],
    ['an __proto__ role', { ...claims(), role: '__proto__' }],
    ['a role that is a list', claims({ role: ['admin'] })],
    ['territories that are a number', claims({ role: 'caf_advisor', territories: 46 })],
  ])('401 for a valid signature over %s', async (_what, payload) => {
    const jwt = craftJwt(HS256, payload, SECRET);
    const response = await read(`Bearer ${jwt}`);
    expect(response.status).toBe(401);
    const code = await codeOf(response);
    expect(['INVALID_TOKEN', 'INVALID_CLAIMS']).toContain(code);
    await expect401(response, code, jwt);
  });

  test.each([
    ['four segments', `${valid}.${validSignature}`],
    ['two tokens', `${valid}, Bearer ${valid}`],
    ['the token twice in one header', `${valid} ${valid}`],
    ['standard base64 characters', `${validHeader}.${validPayload}.${validSignature}+/=`],
    ['a token of 64 KB', `${validHeader}.${'A'.repeat(65_536)}.${validSignature}`],
  ])('401 for a header with %s', async (_what, rest) => {
    const response = await read(rest.startsWith('Bearer') ? rest : `Bearer ${rest}`);
    expect(response.status).toBe(401);
    await expect401(response, await codeOf(response));
  });

  test('a token is read from the Authorization header only: not the query, not a cookie', async () => {
    for (const init of [
      { path: `/projects/causses-2023?access_token=${valid}`, headers: {} },
      { path: '/projects/causses-2023', headers: { Cookie: `token=${valid}; access_token=${valid}` } },
      { path: '/projects/causses-2023', headers: { 'X-Authorization': `Bearer ${valid}` } },
    ]) {
      await expect401(await app.request(init.path, { headers: init.headers }), 'UNAUTHENTICATED');
    }
  });

  test('every 401 carries a Bearer challenge, also on commands and with issuer and audience configured', async () => {
    const jwt = await signToken({ sub: 's', role: 'staff', structures: ['causses'] }, SECRET);
    await expect401(await read(`Bearer ${jwt}`, strict), 'INVALID_TOKEN', jwt);
    await expect401(
      await app.request('/projects/causses-2023/commands', json({ type: 'AddComment', text: 'x' })),
      'UNAUTHENTICATED',
    );
    await expect401(await read('Basic dXNlcjpwYXNz'), 'UNAUTHENTICATED');
  });

  test('a token for a structure reads only that structure, whatever else it claims to be', async () => {
    const jwt = await token('staff', ['causses'], ['46']);
    expect((await read(`Bearer ${jwt}`, app, '/projects/bouriane-2023')).status).toBe(403);
    expect((await read(`Bearer ${jwt}`, app, '/territories/46/dashboard')).status).toBe(403);
  });
});

/** Every operation the app serves, with its path filled by a value that exists in the seed. */
async function operations(app: App): Promise<{ method: string; template: string; sample: string }[]> {
  const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, object> };
  const found: { method: string; template: string; sample: string }[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) {
      found.push({ method, template, sample: fill(template, (name) => sampleOf(template, name)) });
    }
  }
  return found;
}

function sampleOf(template: string, name: string): string {
  if (name === 'code') return '46';
  if (name === 'actorId') return 'causses-staff-1';
  if (template.startsWith('/structures/')) return 'causses';
  if (template.startsWith('/cohorts/')) return 'lot-2022';
  return 'causses-2023';
}

const fill = (template: string, value: (name: string) => string) =>
  template.replace(/\{(\w+)\}/g, (_whole, name: string) => value(name));

describe('no stack trace and no internal message in any answer', () => {
  let app: App;
  let ops: Awaited<ReturnType<typeof operations>>;
  let tokens: Record<string, string>[];

  beforeAll(async () => {
    app = await appWith();
    ops = await operations(app);
    tokens = [
      await headers('staff', ['causses']),
      await headers('admin', [], ['46']),
      await headers('caf_advisor', [], ['46']),
    ];
  });

  test('the sweep covers every route the app serves', () => {
    const swept = new Set([
      ...ops.map((op) => `${op.method.toUpperCase()} ${op.template}`),
      'GET /docs',
      'GET /openapi.json',
    ]);
    for (const route of app.routes.filter((candidate) => candidate.method !== 'ALL')) {
      const template = route.path.replace(/:(\w+)/g, '{$1}');
      expect(swept, `${route.method} ${route.path} is not swept`).toContain(`${route.method} ${template}`);
    }
  });

  const hostileParams = [
    'nulle-part',
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    'x'.repeat(3000),
    '%E0%A4%A',
    '%F0%9F%92%A9',
    "'%20OR%201%3D1--",
    '%3Dcmd%7C%27%20%2FC%20calc%27!A0',
    '__proto__',
    'constructor',
  ];
  const garbageQuery = [
    '',
    '?limit=-1&after=%FF',
    '?from=2023-02-30&to=9999-99-99',
    '?asOf=not-a-date&knownAt=0',
    `?lang=${'x'.repeat(5000)}`,
    '?limit=1e400&limit=2',
    '?__proto__[x]=1&constructor[prototype][y]=2',
  ];
  const bodies: [label: string, body: string | Uint8Array | undefined, type: string | undefined][] = [
    ['no body', undefined, undefined],
    ['broken JSON', '{', 'application/json'],
    ['null', 'null', 'application/json'],
    ['a list', '[]', 'application/json'],
    ['a number', '42', 'application/json'],
    ['an empty object', '{}', 'application/json'],
    ['a __proto__ type', '{"type":"__proto__"}', 'application/json'],
    [
      'a prototype-polluting body',
      '{"__proto__":{"admin":true},"type":"AddComment","text":"x"}',
      'application/json',
    ],
    [
      'a constructor body',
      '{"constructor":{"prototype":{"polluted":1}},"type":"AddComment"}',
      'application/json',
    ],
    ['an operator object', '{"type":"AddComment","text":{"$gt":""}}', 'application/json'],
    ['deep nesting', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'application/json'],
    [
      'a deep field',
      `{"type":"AddComment","text":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
      'application/json',
    ],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 'application/json'],
    ['a lone surrogate', '{"type":"AddComment","text":"\\ud800"}', 'application/json'],
    ['control characters', '{"type":"AddComment","text":"\\u0000\\u001b[31m"}', 'application/json'],
    ['a body too large', `{"type":"AddComment","text":"${'x'.repeat(300_000)}"}`, 'application/json'],
    ['text', 'hello', 'text/plain'],
    ['a form', 'type=AddComment&text=x', 'application/x-www-form-urlencoded'],
    ['multipart', '--b\r\n\r\nx\r\n--b--', 'multipart/form-data; boundary=b'],
    ['a charset that is not UTF-8', '{"type":"AddComment","text":"x"}', 'application/json; charset=latin1'],
  ];
  const badHeaders: Record<string, string>[] = [
    { 'If-Match': 'W/"abc"' },
    { 'If-Match': '*' },
    { 'If-Match': `W/"${'9'.repeat(40)}"` },
    { 'Idempotency-Key': ' ' },
    { 'Idempotency-Key': 'x'.repeat(500) },
    { 'If-None-Match': 'x'.repeat(5000) },
    { Accept: 'text/html;q=abc, */*;q=-1' },
    { 'Content-Length': '99999999999' },
  ];

  /** encodeURIComponent, except that a lone surrogate becomes the bytes of one (invalid UTF-8). */
  const encoded = (text: string) => {
    try {
      return encodeURIComponent(text);
    } catch {
      return '%ED%A0%80';
    }
  };

  async function expectClean(response: Response, what: string, allow5xx = false): Promise<void> {
    const text = await response.text();
    if (!allow5xx) expect(response.status, `${what} → ${text.slice(0, 300)}`).toBeLessThan(500);
    expectNothingInternal(text, what);
    if (response.status >= 400) {
      expect(response.headers.get('Content-Type'), what).toMatch(/^application\/problem\+json/);
      const problem = JSON.parse(text) as Record<string, unknown>;
      expect(problem.status, what).toBe(response.status);
      expect(problem.code, what).toMatch(/^[A-Z][A-Z0-9_]+$/);
    }
  }

  test('every route with hostile path parameters and query strings: 4xx or success, nothing internal', async () => {
    for (const op of ops) {
      for (const who of tokens) {
        for (const param of op.template.includes('{') ? hostileParams : ['-']) {
          for (const query of garbageQuery) {
            const path = `${fill(op.template, () => param)}${query}`;
            const init: RequestInit = { method: op.method.toUpperCase(), headers: who };
            if (op.method !== 'get')
              Object.assign(init, { body: '{}', headers: { ...who, 'Content-Type': 'application/json' } });
            await expectClean(await app.request(path, init), `${op.method} ${path.slice(0, 120)}`);
          }
        }
      }
    }
  });

  test('every route that takes a body, with every garbage body and bad header', async () => {
    for (const op of ops.filter((candidate) => candidate.method !== 'get')) {
      for (const who of tokens) {
        for (const [label, body, type] of bodies) {
          const init = {
            method: op.method.toUpperCase(),
            ...(body === undefined ? {} : { body }),
            headers: { ...who, ...(type ? { 'Content-Type': type } : {}) },
          };
          await expectClean(await app.request(op.sample, init), `${op.method} ${op.sample} with ${label}`);
        }
        for (const bad of badHeaders) {
          const init = {
            method: op.method.toUpperCase(),
            body: '{"type":"AddComment","text":"x"}',
            headers: { ...who, 'Content-Type': 'application/json', ...bad },
          };
          await expectClean(
            await app.request(op.sample, init),
            `${op.method} ${op.sample} with ${JSON.stringify(bad).slice(0, 80)}`,
          );
        }
      }
    }
  });

  test('random strings anywhere in the request (fast-check): never a 5xx, never an internal', async () => {
    const anyText = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme', maxLength: 50 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops),
        fc.constantFrom(...tokens),
        anyText,
        anyText,
        anyText,
        async (op, who, param, query, body) => {
          const path = `${fill(op.template, () => encoded(param) || 'x')}?q=${encoded(query)}`;
          const init = {
            method: op.method.toUpperCase(),
            headers: { ...who, 'Content-Type': 'application/json' },
            ...(op.method === 'get' ? {} : { body }),
          };
          await expectClean(await app.request(path, init), `${op.method} ${path.slice(0, 120)}`);
        },
      ),
      { numRuns: 400 },
    );
  });

  test.each([
    [
      'an Error whose message is internal',
      () => new Error('SQLITE_CORRUPT at /var/lib/chemins/journal.db: password=hunter2'),
    ],
    ['a TypeError', () => new TypeError("Cannot read properties of undefined (reading 'hunter2')")],
    [
      'a RangeError (stack overflow)',
      () => new RangeError('Maximum call stack size exceeded at /work/x.ts:1:1'),
    ],
    ['a string', () => 'SQLITE_BUSY: database is locked at /var/lib/chemins'],
    [
      'an object with a stack',
      () => ({ message: 'hunter2', stack: 'Error: hunter2\n    at store (/work/store.ts:1:1)' }),
    ],
    ['undefined', () => undefined],
    ['a store outage', () => new StoreUnavailable('ECONNREFUSED 127.0.0.1:8000 hunter2')],
  ])(
    'a store that throws %s: every route answers a problem that says nothing of it',
    async (_what, failure) => {
      const broken = await brokenApp(failure);
      for (const op of ops) {
        for (const who of tokens) {
          const init = {
            method: op.method.toUpperCase(),
            headers: { ...who, 'Content-Type': 'application/json' },
            ...(op.method === 'get' ? {} : { body: '{"type":"AddComment","text":"x"}' }),
          };
          const response = await broken.request(op.sample, init);
          const what = `${op.method} ${op.sample}`;
          expect(response.headers.get('Content-Type') ?? '', what).toMatch(
            /^application\/(?:problem\+)?json/,
          );
          if (response.status >= 500) {
            expectSecurityHeaders(response, what);
            const problem = await expectProblem(response.clone(), response.status);
            expect(problem.code).toMatch(/^(?:INTERNAL|STORE_UNAVAILABLE)$/);
            expect(problem.detail).not.toMatch(/hunter2|SQLITE|ECONNREFUSED/);
          }
          await expectClean(response, what, true);
        }
      }
    },
  );

  test('an authenticator that throws something other than an Error: a 500 problem; the log keeps the detail', async () => {
    const { logger, entries } = collectingLogger();
    const odd = await appWith({
      logger,
      auth: {
        authenticate: async () => {
          throw 'JWKS fetch failed for https://idp.internal/keys hunter2';
        },
      },
    });
    const response = await odd.request('/projects/causses-2023');
    const text = await response.clone().text();
    expectNothingInternal(text, 'odd authenticator');
    expect(text).not.toContain('idp.internal');
    expectSecurityHeaders(response, 'odd authenticator');
    await expectProblem(response, 500, 'INTERNAL');
    expect(JSON.stringify(entries.filter((entry) => entry.msg === 'unexpected error'))).toContain(
      'idp.internal',
    );
  });

  describe('over HTTP, with the local server', () => {
    let server: LocalServer;

    beforeAll(async () => {
      server = await startLocalServer({
        store: new MemoryEventStore(),
        port: 0,
        secret: SECRET,
        logger: () => {},
      });
    });

    afterAll(async () => {
      await server?.close();
    });

    /** Writes raw bytes to the server and returns everything it answers until it closes. */
    const raw = (bytes: string) =>
      new Promise<string>((resolve) => {
        const { hostname, port } = new URL(server.url);
        const socket = connect({ host: hostname, port: Number(port) }, () => socket.end(bytes));
        let answer = '';
        socket.setTimeout(5000, () => socket.destroy());
        socket.on('data', (chunk) => {
          answer += chunk.toString('latin1');
        });
        socket.on('close', () => resolve(answer));
        // The server may reset a connection it refused while bytes were still coming: keep what it said.
        socket.on('error', () => resolve(answer));
      });

    test.each([
      ['a request line that is not HTTP', 'GARBAGE\r\n\r\n'],
      ['an invalid method', 'G@T / HTTP/1.1\r\nHost: x\r\n\r\n'],
      ['bad percent-encoding', 'GET /projects/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
      ['a NUL in the path', 'GET /projects/a\u0000b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
      ['a header without a colon', 'GET /health HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n'],
      ['an oversized header', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(70_000)}\r\n\r\n`],
      [
        'a body shorter than its Content-Length',
        'POST /projects/causses-2023/commands HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{"type"',
      ],
      [
        'a chunked body that is not chunked',
        'POST /projects/causses-2023/commands HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      ],
      [
        'an absolute URL to another host',
        'GET http://evil.example/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n',
      ],
    ])('%s: an answer with nothing internal', async (what, bytes) => {
      const answer = await raw(bytes);
      expectNothingInternal(answer, what);
      if (answer) expect(answer, what).toMatch(/^HTTP\/1\.1 \d{3}/);
    });

    test('the real server sends the same security headers, and no Server or X-Powered-By', async () => {
      for (const path of ['/health', '/docs', '/nothing', '/projects/causses-2023']) {
        const response = await fetch(`${server.url}${path}`);
        expectSecurityHeaders(response, path);
        expectNothingInternal(await response.text(), path);
      }
    });
  });
});
