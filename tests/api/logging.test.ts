import { MemoryEventStore } from '@chemins/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { collectingLogger } from './support/http.ts';
import { json, seededApp, token } from './support/test-app.ts';

type App = Awaited<ReturnType<typeof seededApp>>['app'];

const BODY_MARKER = 'Texte-confidentiel-du-corps-7f3a';
const { logger, entries } = collectingLogger();
let app: App;
let jwt: string;

beforeAll(async () => {
  ({ app } = await seededApp(new MemoryEventStore(), { logger }));
  jwt = await token('staff', ['causses']);
});

interface Exchange {
  method: string;
  path: string;
  response: Response;
}

/** Sends a varied set of requests (reads, writes, refusals, errors) and keeps what was answered. */
async function traffic(): Promise<Exchange[]> {
  const auth = { Authorization: `Bearer ${jwt}` };
  const requests: [method: string, path: string, init: RequestInit][] = [
    ['GET', '/health', {}],
    ['GET', '/projects/causses-2023', { headers: auth }],
    ['GET', '/projects/causses-2023/events?limit=2&after=1', { headers: auth }],
    ['POST', '/projects/causses-2023/commands', json({ type: 'AddComment', text: BODY_MARKER }, auth)],
    [
      'POST',
      '/projects/causses-2023/commands',
      json({ type: 'AddComment', text: BODY_MARKER, extra: 1 }, auth),
    ],
    [
      'POST',
      '/projects/causses-2023/commands',
      {
        method: 'POST',
        body: `{"text":"${BODY_MARKER}"`,
        headers: { ...auth, 'Content-Type': 'application/json' },
      },
    ],
    ['GET', '/projects/bouriane-2023', { headers: auth }],
    ['GET', '/projects/causses-2023', { headers: { Authorization: `Bearer ${jwt}x` } }],
    ['GET', '/projects/causses-2023', {}],
    ['GET', '/nowhere', { headers: auth }],
  ];
  const exchanges: Exchange[] = [];
  for (const [method, path, init] of requests) {
    exchanges.push({ method, path, response: await app.request(path, init) });
  }
  return exchanges;
}

describe('structured logs', () => {
  let exchanges: Exchange[];

  beforeAll(async () => {
    entries.length = 0;
    exchanges = await traffic();
  });

  test('one request entry per request, with requestId, method, path and status', () => {
    const requests = entries.filter((entry) => entry.msg === 'request');
    expect(requests).toHaveLength(exchanges.length);
    exchanges.forEach((exchange, index) => {
      const entry = requests[index];
      expect(entry).toMatchObject({
        level: expect.stringMatching(/^(info|warn|error)$/),
        requestId: exchange.response.headers.get('X-Request-Id'),
        method: exchange.method,
        path: exchange.path.split('?')[0],
        status: exchange.response.status,
      });
      expect(typeof entry?.requestId).toBe('string');
    });
    expect(new Set(requests.map((entry) => entry.requestId)).size).toBe(exchanges.length);
    expect(exchanges.map((exchange) => exchange.response.status)).toEqual([
      200, 200, 200, 201, 400, 400, 403, 401, 401, 404,
    ]);
  });

  test('no entry holds the token or the text of a request body', () => {
    const [, payload = '', signature = ''] = jwt.split('.');
    for (const entry of entries) {
      const line = JSON.stringify(entry);
      expect(line).not.toContain(jwt);
      expect(line).not.toContain(payload);
      expect(line).not.toContain(signature);
      expect(line).not.toContain('Bearer');
      expect(line).not.toContain(BODY_MARKER);
    }
  });

  test('each entry is one JSON-serialisable object with a level and a message', () => {
    for (const entry of entries) {
      expect(JSON.parse(JSON.stringify(entry))).toEqual(entry);
      expect(entry).toMatchObject({ level: expect.any(String), msg: expect.any(String) });
    }
  });
});
