// The Lambda handler (packages/api/src/lambda.ts) when its API cannot be loaded: a 503 problem that
// says nothing of the cause, the cause in the log, and the next request loading again, so that it is
// answered once the cause is gone. The cause here is an invalid cache bound, which
// createLambdaApiHandler refuses; it also shows the Lambda bounding its caches from the environment.
// No DynamoDB: the requests that reach the API are refused (401) before any store call.
import { HttpProblem, StateCache, toProblem } from '@chemins/api';
import { StreamCache } from '@chemins/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cognitoClaims, type HttpApiEvent, httpApiEvent, lambdaContext } from './support/http-api-event.ts';

const ORIGIN = 'https://app.chemins.example';
const ENV = {
  CHEMINS_TABLE: 'chemins-unavailable-test',
  AWS_REGION: 'eu-west-3',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  CHEMINS_CORS_ORIGINS: ORIGIN,
  // Read by createLambdaApiHandler, on the first request that is not a public read: refused.
  CHEMINS_CACHE_STREAMS: '1',
  CHEMINS_CACHE_EVENTS: '0x10',
} as const;

let handler: typeof import('@chemins/api/lambda').handler;
const saved = new Map<string, string | undefined>();
/** What the handler logged (JSON lines on stdout). */
let logs: Record<string, unknown>[] = [];

function setEnv(values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    if (!saved.has(name)) saved.set(name, process.env[name]);
    process.env[name] = value;
  }
}

beforeAll(async () => {
  setEnv(ENV);
  // A module of its own in this file (vitest isolates files): nothing loaded yet.
  ({ handler } = await import('@chemins/api/lambda'));
});

afterAll(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  vi.restoreAllMocks();
});

async function invoke(event: HttpApiEvent) {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logs.push(
      ...String(chunk)
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    );
    return true;
  });
  try {
    return await handler(event, lambdaContext());
  } finally {
    write.mockRestore();
  }
}

const staff = cognitoClaims('causses-staff-1', 'staff', ['causses'], ['46']);
const read = () =>
  httpApiEvent('GET', '/projects/causses-2023', { claims: staff, headers: { Origin: ORIGIN } });

describe('the Lambda handler, when its API cannot be loaded', () => {
  it('answers 503 API_UNAVAILABLE, a problem with Retry-After that tells nothing of the cause, and logs the cause', async () => {
    logs = [];
    const result = await invoke(read());
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(result.headers?.['retry-after']).toBe('5');
    // The answer of any request: its id, CORS for the allowed origin, the security headers.
    const requestId = result.headers?.['x-request-id'];
    expect(requestId).toEqual(expect.any(String));
    expect(result.headers?.['access-control-allow-origin']).toBe(ORIGIN);
    expect(result.headers?.['x-content-type-options']).toBe('nosniff');

    const body = JSON.parse(result.body) as { detail: string };
    // Written without the core, yet the problem toProblem would give (errors/to-problem.ts).
    const path = '/projects/causses-2023';
    expect(body).toEqual(toProblem(new HttpProblem(503, 'API_UNAVAILABLE', body.detail), path).problem);
    expect(result.body).not.toMatch(/CHEMINS_CACHE|0x10|stack|Error/);

    const failures = logs.filter((entry) => entry.msg === 'API not loaded');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      level: 'error',
      error: expect.stringMatching(/CHEMINS_CACHE_EVENTS/),
    });
    expect(failures[0]?.stack).toEqual(expect.stringContaining('cache-bounds'));
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: 'request', level: 'error', status: 503, requestId, path }),
    );
  });

  it('loads again on the next request (and fails again while the cause lasts)', async () => {
    logs = [];
    expect((await invoke(read())).statusCode).toBe(503);
    expect(logs.filter((entry) => entry.msg === 'API not loaded')).toHaveLength(1);
  });

  it('still answers the public reads, which do not need the API', async () => {
    const health = await invoke(httpApiEvent('GET', '/health'));
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
  });

  it('answers CORS preflights without loading the API: they carry no token', async () => {
    logs = [];
    const preflight = await invoke(
      httpApiEvent('OPTIONS', '/projects/causses-2023/commands', {
        headers: {
          Origin: ORIGIN,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type',
        },
      }),
    );
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers?.['access-control-allow-origin']).toBe(ORIGIN);
    expect(preflight.headers?.['access-control-allow-methods']).toContain('POST');
    // The API would have failed to load, and said so: it was not tried.
    expect(logs.filter((entry) => entry.msg === 'API not loaded')).toHaveLength(0);
  });

  it('serves the API once the cause is gone, its caches bounded by CHEMINS_CACHE_STREAMS and CHEMINS_CACHE_EVENTS', async () => {
    const journalBounds = vi.spyOn(StreamCache.prototype, 'limit');
    const stateBounds = vi.spyOn(StateCache.prototype, 'limit');
    setEnv({ CHEMINS_CACHE_EVENTS: '40' });
    logs = [];
    // No claims: the API answers (401, from its authentication), before any DynamoDB call.
    const result = await invoke(httpApiEvent('GET', '/projects/causses-2023'));
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(logs.filter((entry) => entry.msg === 'API not loaded')).toEqual([]);
    expect(journalBounds).toHaveBeenCalledExactlyOnceWith({ maxStreams: 1, maxEvents: 40 });
    expect(stateBounds).toHaveBeenCalledExactlyOnceWith({ streams: 1, events: 40 });

    // Loaded once: a setting changed now is not read again.
    setEnv({ CHEMINS_CACHE_EVENTS: 'lots' });
    expect((await invoke(httpApiEvent('GET', '/projects/causses-2023'))).statusCode).toBe(401);
    expect(journalBounds).toHaveBeenCalledTimes(1);
  });
});
