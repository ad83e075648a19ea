// End to end over a real server: the local server (@hono/node-server) on a free port, over SQLite in a
// temporary directory, seeded with the Lot scenario, driven by openapi-fetch typed from /openapi.json.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  demoTokens,
  exportEvents,
  type LocalServer,
  type Logger,
  parseNdjson,
  SqliteEventStore,
  signToken,
  startLocalServer,
  toNdjson,
  verifyExport,
} from '@chemins/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient, type CommandBody } from './support/api-client.ts';
import { generateApiTypes, readCommittedApiTypes } from './support/api-types.ts';

let dir: string;
let store: SqliteEventStore;
let server: LocalServer;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
let staff: ApiClient;
const logs: Parameters<Logger>[0][] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chemins-e2e-server-'));
  store = new SqliteEventStore(join(dir, 'journal.db'));
  server = await startLocalServer({ store, port: 0, seed: true, logger: (entry) => logs.push(entry) });
  // The tokens `npm start` prints, signed with the secret this server made for itself.
  tokens = await demoTokens(server.secret);
  staff = apiClient(server.url, tokens['staff of the Centre social des Causses']);
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the local server, over HTTP', () => {
  it('listens on the free port it was given, seeded, with a generated secret', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
    expect(server.seeded).toBe(true);
    expect(server.secretWasGenerated).toBe(true);
  });

  it('answers GET /health without a token', async () => {
    const { data, response } = await apiClient(server.url).GET('/health');
    expect(response.status).toBe(200);
    expect(data?.status).toBe('ok');
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('types the client from the document: unknown routes, commands and parameters do not compile', () => {
    // Never called: tsc checks these lines (tests are in the project), vitest only loads them.
    const unchecked = () => [
      // @ts-expect-error no such route
      staff.GET('/projets/{id}', { params: { path: { id: 'causses-2023' } } }),
      staff.POST('/projects/{id}/commands', {
        params: { path: { id: 'x' } },
        // @ts-expect-error no such command type
        body: { type: 'DeleteEverything' },
      }),
      staff.POST('/projects/{id}/commands', {
        params: { path: { id: 'x' } },
        // @ts-expect-error a ReportDifficulty needs a category and a description
        body: { type: 'ReportDifficulty' },
      }),
      // @ts-expect-error the review needs from and to
      staff.GET('/projects/{id}/review', { params: { path: { id: 'x' } } }),
    ];
    expect(typeof unchecked).toBe('function');
  });

  it('serves an OpenAPI 3.1 document whose types match the committed ones (no drift)', async () => {
    const response = await fetch(`${server.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/projects/{id}/commands');
    // If this fails, the API changed: run `npx tsx tests/e2e/support/write-api-types.ts` and commit.
    expect(await generateApiTypes(document)).toBe(await readCommittedApiTypes());
  });

  it('returns the seeded causses-2023 to the staff token the server prints', async () => {
    const { data, error, response } = await staff.GET('/projects/{id}', {
      params: { path: { id: 'causses-2023' } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toMatch(/^W\/"\d+"$/);
    expect(data).toMatchObject({
      projectId: 'causses-2023',
      structureId: 'causses',
      territory: '46',
      period: { start: '2023-07-01', end: '2027-06-30' },
    });
    expect(response.headers.get('etag')).toBe(`W/"${String(data?.version)}"`);
  });

  it('answers 401 without a token, 401 with a token of another secret, 403 for another structure', async () => {
    const anonymous = await apiClient(server.url).GET('/projects/{id}', {
      params: { path: { id: 'causses-2023' } },
    });
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.response.headers.get('content-type')).toContain('application/problem+json');
    expect(anonymous.error?.code).toBe('UNAUTHENTICATED');

    const forged = await signToken(
      { sub: 'causses-staff-1', role: 'staff', structures: ['causses'], territories: ['46'] },
      'not-the-server-secret',
    );
    const wrongSecret = await apiClient(server.url, forged).GET('/projects/{id}', {
      params: { path: { id: 'causses-2023' } },
    });
    expect(wrongSecret.response.status).toBe(401);
    expect(wrongSecret.error?.code).toBe('INVALID_TOKEN');

    const foreign = await staff.GET('/projects/{id}', { params: { path: { id: 'le-fil-2023' } } });
    expect(foreign.response.status).toBe(403);
    expect(foreign.error?.code).toBe('FORBIDDEN');

    // The CAF adviser and the auditor of territory 46 read any Lot project.
    for (const who of ['CAF adviser of territory 46', 'auditor of territory 46'] as const) {
      const read = await apiClient(server.url, tokens[who]).GET('/projects/{id}', {
        params: { path: { id: 'le-fil-2023' } },
      });
      expect(read.response.status, who).toBe(200);
    }
  });

  it('records a command with If-Match and Idempotency-Key; a retry replays; a conflict is a 412', async () => {
    const before = await staff.GET('/projects/{id}', { params: { path: { id: 'causses-2023' } } });
    const etag = before.response.headers.get('etag') ?? '';
    const version = Number(/\d+/.exec(etag)?.[0]);
    expect(version).toBeGreaterThan(0);

    const key = `e2e-${crypto.randomUUID()}`;
    const body: Extract<CommandBody<'projects'>, { type: 'ReportDifficulty' }> = {
      type: 'ReportDifficulty',
      category: 'mobilisation',
      description: 'Peu de familles des hameaux aux ateliers du mercredi <b>en hiver</b>.',
      stakeId: 'isolement',
    };
    const send = (ifMatch: string, idempotencyKey: string, command: CommandBody<'projects'>) =>
      staff.POST('/projects/{id}/commands', {
        params: {
          path: { id: 'causses-2023' },
          header: { 'if-match': ifMatch, 'idempotency-key': idempotencyKey },
        },
        body: command,
      });

    const first = await send(etag, key, body);
    expect(first.error).toBeUndefined();
    expect(first.response.status).toBe(201);
    expect(first.response.headers.get('etag')).toBe(`W/"${version + 1}"`);
    expect(first.response.headers.get('location')).toBe('/projects/causses-2023');
    expect(first.data).toMatchObject({
      streamId: 'project:causses-2023',
      version: version + 1,
      fromVersion: version + 1,
      toVersion: version + 1,
      replayed: false,
    });
    const event = first.data?.events[0];
    expect(event).toMatchObject({
      type: 'DifficultyReported',
      commandId: key,
      actor: { id: 'causses-staff-1', role: 'staff' },
      data: { description: body.description },
    });

    // The same request again (the stream has moved, If-Match is now stale): the original 201.
    const retry = await send(etag, key, body);
    expect(retry.response.status).toBe(201);
    expect(retry.data).toMatchObject({ version: version + 1, replayed: true });
    expect(retry.data?.events[0]?.eventId).toBe(event?.eventId);

    // The same key for another body: 422. A stale If-Match with a fresh key: 412. Nothing appended.
    const reused = await send(`W/"${version + 1}"`, key, { ...body, description: 'Autre chose.' });
    expect(reused.response.status).toBe(422);
    const stale = await send(etag, `e2e-${crypto.randomUUID()}`, body);
    expect(stale.response.status).toBe(412);
    expect(stale.response.headers.get('content-type')).toContain('application/problem+json');

    const after = await staff.GET('/projects/{id}', { params: { path: { id: 'causses-2023' } } });
    expect(after.response.headers.get('etag')).toBe(`W/"${version + 1}"`);
    expect(after.data?.version).toBe(version + 1);
  });

  it('renders the review as a self-contained French HTML page, escaping what users wrote', async () => {
    const { data, response } = await staff.GET('/projects/{id}/review', {
      params: { path: { id: 'causses-2023' }, query: { from: '2022-09-01', to: '2030-12-31' } },
      headers: { Accept: 'text/html' },
      parseAs: 'text',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = data ?? '';
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('lang="fr"');
    expect(html).toContain('Centre social des Causses');
    expect(html).toContain('<svg');
    // The difficulty recorded above carries markup: it must come out escaped, never as a tag.
    expect(html).not.toContain('<b>en hiver</b>');
    expect(html).toContain('&lt;b&gt;en hiver&lt;/b&gt;');
  });

  it('exports the project as NDJSON envelopes whose chains verify, as the CLI would write them', async () => {
    const { data, response } = await staff.GET('/projects/{id}/export', {
      params: { path: { id: 'causses-2023' } },
      parseAs: 'text',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const text = data ?? '';
    const parsed = parseNdjson(text);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.events.map((event) => event.version)).toEqual(parsed.events.map((_, index) => index + 1));
    expect(await verifyExport(parsed.events)).toMatchObject({ ok: true, streams: 1 });
    // Byte for byte what `chemins export project:causses-2023` prints from the same store.
    expect(text).toBe(toNdjson(await exportEvents(store, 'project:causses-2023')));
  });

  it('logged one structured line per request, with a request id, and never a token or a body', () => {
    const requests = logs.filter((entry) => entry.msg === 'request');
    expect(requests.length).toBeGreaterThan(10);
    for (const entry of requests) expect(entry.requestId).toEqual(expect.any(String));
    const all = JSON.stringify(logs);
    for (const token of Object.values(tokens)) expect(all).not.toContain(token);
    expect(all).not.toContain('Peu de familles');
    expect(logs.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});
