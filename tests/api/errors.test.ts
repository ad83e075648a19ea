import { type EventStore, MemoryEventStore, StoreUnavailable } from '@chemins/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { collectingLogger, expectNoInternals, expectNothingAppended, expectProblem } from './support/http.ts';
import { headers, json, seededApp } from './support/test-app.ts';

type App = Awaited<ReturnType<typeof seededApp>>['app'];

const SECRET_DETAIL = 'SQLITE_CORRUPT at /var/lib/chemins/journal.db: password=hunter2';

/** A store that delegates to another, except for the operations given. */
function storeWith(base: EventStore, overrides: Partial<EventStore>): EventStore {
  const delegate: EventStore = {
    append: (...args) => base.append(...args),
    readStream: (...args) => base.readStream(...args),
    readLedger: (...args) => base.readLedger(...args),
    listStreams: (...args) => base.listStreams(...args),
    findCommand: (...args) => base.findCommand(...args),
    eraseText: (...args) => base.eraseText(...args),
    readSummaries: (...args) => base.readSummaries(...args),
    putSummaries: (...args) => base.putSummaries(...args),
  };
  return Object.assign(delegate, overrides);
}

let app: App;
let store: EventStore;
let staff: Record<string, string>;
let director: Record<string, string>;

beforeAll(async () => {
  ({ app, store } = await seededApp());
  staff = await headers('staff', ['causses']);
  director = await headers('director', ['causses']);
});

describe('every error is an RFC 9457 problem', () => {
  const cases: [status: number, what: string, request: () => Promise<Response>][] = [
    [
      400,
      'a validation error',
      async () => app.request('/projects/causses-2023/events?limit=501', { headers: staff }),
    ],
    [401, 'no token', async () => app.request('/projects/causses-2023')],
    [403, 'another structure', async () => app.request('/projects/bouriane-2023', { headers: staff })],
    [404, 'an unknown stream', async () => app.request('/projects/nulle-part', { headers: staff })],
    [404, 'an unknown route', async () => app.request('/nothing/here', { headers: staff })],
    [
      406,
      'an unsupported Accept',
      async () =>
        app.request('/projects/causses-2023/review?from=2023-01-01&to=2023-12-31', {
          headers: { ...staff, Accept: 'image/png' },
        }),
    ],
    [
      412,
      'a stale If-Match',
      async () =>
        app.request(
          '/projects/causses-2023/commands',
          json({ type: 'StartRenewal' }, { ...director, 'If-Match': 'W/"1"' }),
        ),
    ],
    [
      413,
      'a body too large',
      async () =>
        app.request(
          '/projects/causses-2023/commands',
          json({ type: 'AddComment', text: 'x'.repeat(300_000) }, staff),
        ),
    ],
    [
      415,
      'a body that is not JSON',
      async () =>
        app.request('/projects/causses-2023/commands', {
          method: 'POST',
          body: 'type=AddComment',
          headers: { ...staff, 'Content-Type': 'application/x-www-form-urlencoded' },
        }),
    ],
    [
      422,
      'a domain refusal',
      async () =>
        app.request(
          '/projects/causses-2023/commands',
          json({ type: 'HonourCommitment', commitmentId: 'x' }, staff),
        ),
    ],
  ];

  test.each(cases)(
    '%i for %s: type, title, status, code, detail and nothing internal',
    async (status, _what, request) => {
      const response = await request();
      const text = await response.clone().text();
      const problem = await expectProblem(response, status);
      expect(problem.type).toBe(
        `https://chemins.dev/problems/${problem.code.toLowerCase().replaceAll('_', '-')}`,
      );
      expectNoInternals(text);
    },
  );

  test('the unknown route problem says where to look', async () => {
    const problem = await expectProblem(
      await app.request('/nothing/here', { headers: staff }),
      404,
      'NOT_FOUND',
    );
    expect(problem.detail).toContain('/docs');
  });

  test.each([
    ['DELETE', '/projects/causses-2023', 'GET, HEAD'],
    ['GET', '/projects/causses-2023/commands', 'POST'],
    ['PATCH', '/territories/46/dashboard', 'GET, HEAD'],
  ])('%s %s answers 405 with Allow: %s, and appends nothing', async (method, path, allow) => {
    const response = await expectNothingAppended(store, 'project:causses-2023', () =>
      app.request(path, { method, headers: staff }),
    );
    expect(response.headers.get('Allow')).toBe(allow);
    const problem = await expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    expect(problem.detail).toContain(allow.split(', ')[0]);
  });
});

describe('bad input never answers 5xx', () => {
  test('any query string and Accept header on the read routes is a 200, 304, 4xx: never a 5xx', async () => {
    const adviser = await headers('caf_advisor', [], ['46']);
    const paths = [
      '/projects/causses-2023',
      '/projects/causses-2023/events',
      '/projects/causses-2023/timeline',
      '/projects/causses-2023/vision',
      '/projects/causses-2023/review',
      '/cohorts/lot-2022/timeline',
      '/structures/causses',
    ];
    const value = fc.oneof(
      fc.string(),
      fc.date().map((date) => (Number.isNaN(date.getTime()) ? 'NaN' : date.toISOString())),
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
      fc.integer().map(String),
      fc.constantFrom('fr', 'en', 'DifficultyReported', 'staff', 'isolement', '2023-01-17', '500', '501'),
    );
    const query = fc.dictionary(
      fc.constantFrom('asOf', 'knownAt', 'from', 'to', 'limit', 'after', 'lang', 'type', 'role', 'stakeId'),
      value,
    );
    const accept = fc.oneof(
      fc.constant(undefined),
      fc.string(),
      fc.constantFrom('text/html', 'text/*;q=0.5', '*/*'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), query, accept, async (path, parameters, acceptHeader) => {
        const search = new URLSearchParams(parameters).toString();
        const response = await app.request(`${path}?${search}`, {
          headers: { ...adviser, ...(acceptHeader === undefined ? {} : { Accept: acceptHeader }) },
        });
        const text = await response.text();
        expect(response.status, `${path}?${search} → ${text}`).toBeLessThan(500);
        if (response.status >= 400) expectNoInternals(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('unexpected failures', () => {
  /** A seeded app whose store's `operation` throws `error` once the seed is in. */
  async function appWithFailing(operation: 'append' | 'readStream' | 'readSummaries', error: Error) {
    const { logger, entries } = collectingLogger();
    const base = new MemoryEventStore();
    const armed = { now: false };
    const failing = async (...args: unknown[]) => {
      if (armed.now) throw error;
      return (base[operation] as (...parameters: unknown[]) => Promise<unknown>).apply(base, args);
    };
    const seeded = await seededApp(storeWith(base, { [operation]: failing } as Partial<EventStore>), {
      logger,
    });
    armed.now = true;
    return { app: seeded.app, base, entries };
  }

  const leaks = (text: string) => {
    expect(text).not.toContain('SQLITE');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('/var/lib');
    expectNoInternals(text);
  };

  test('a store whose readStream throws a plain Error: 500 INTERNAL that says nothing of it; the log has it', async () => {
    const { app: broken, entries } = await appWithFailing('readStream', new Error(SECRET_DETAIL));
    for (const request of [
      () => broken.request('/projects/causses-2023', { headers: staff }),
      () => broken.request('/projects/causses-2023/commands', json({ type: 'AddComment', text: 'x' }, staff)),
    ]) {
      const response = await request();
      leaks(await response.clone().text());
      const problem = await expectProblem(response, 500, 'INTERNAL');
      expect(Object.keys(problem).sort()).toEqual(['code', 'detail', 'instance', 'status', 'title', 'type']);
    }
    const logged = entries.filter((entry) => entry.msg === 'unexpected error');
    expect(logged).toHaveLength(2);
    expect(logged.every((entry) => entry.level === 'error')).toBe(true);
    expect(String(logged[0]?.error)).toContain('SQLITE_CORRUPT');
  });

  test('a store whose append throws: 500, and nothing was appended', async () => {
    const { app: broken, base } = await appWithFailing('append', new TypeError(SECRET_DETAIL));
    const response = await expectNothingAppended(base, 'project:causses-2023', () =>
      broken.request('/projects/causses-2023/commands', json({ type: 'AddComment', text: 'Perdu.' }, staff)),
    );
    leaks(await response.clone().text());
    await expectProblem(response, 500, 'INTERNAL');
  });

  test('a store that is unavailable: 503 with Retry-After, nothing written', async () => {
    const { app: broken, base } = await appWithFailing('append', new StoreUnavailable(SECRET_DETAIL));
    const response = await expectNothingAppended(base, 'project:causses-2023', () =>
      broken.request(
        '/projects/causses-2023/commands',
        json({ type: 'AddComment', text: 'Plus tard.' }, staff),
      ),
    );
    expect(response.headers.get('Retry-After')).toMatch(/^\d+$/);
    leaks(await response.clone().text());
    await expectProblem(response, 503, 'STORE_UNAVAILABLE');
  });

  test('a failing dashboard (readSummaries) is a 500 too, with nothing internal', async () => {
    const { app: broken } = await appWithFailing('readSummaries', new Error(SECRET_DETAIL));
    const response = await broken.request('/territories/46/dashboard', {
      headers: await headers('caf_advisor', [], ['46']),
    });
    leaks(await response.clone().text());
    await expectProblem(response, 500, 'INTERNAL');
  });
});
