// The Lambda handler (packages/api/src/lambda.ts) over DynamoDB Local, fed real API Gateway HTTP API v2
// events carrying JWT authorizer claims, as on AWS behind the Cognito authorizer.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoEventStore, ensureTable } from '@chemins/api';
import { Journal, readAllEvents, seedLotScenario } from '@chemins/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DynamoDbLocal, localClient, startDynamoDbLocal } from '../support/dynamodb-local.ts';
import { cognitoClaims, type HttpApiEvent, httpApiEvent, lambdaContext } from './support/http-api-event.ts';

const TABLE = `chemins-e2e-lambda-${randomUUID().slice(0, 8)}`;
const ENV = {
  CHEMINS_TABLE: TABLE,
  AWS_REGION: 'eu-west-3',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
} as const;

let local: DynamoDbLocal | undefined;
let client: DynamoDBClient | undefined;
let store: DynamoEventStore;
let handler: typeof import('@chemins/api/lambda').handler;
const saved = new Map<string, string | undefined>();
/** What the handler logged (it writes JSON lines to stdout). */
const logs: string[] = [];

const staffOfCausses = cognitoClaims('causses-staff-1', 'staff', ['causses'], ['46']);
const staffOfLeFil = cognitoClaims('le-fil-staff-1', 'staff', ['le-fil'], ['46']);

beforeAll(async () => {
  local = await startDynamoDbLocal();
  client = localClient(local.endpoint);
  await ensureTable(client, TABLE);
  store = new DynamoEventStore({ client, tableName: TABLE });
  await seedLotScenario(new Journal(store));

  // The handler reads its configuration when its module loads, as a Lambda container does: set it first.
  for (const [name, value] of Object.entries({ ...ENV, DYNAMODB_ENDPOINT: local.endpoint })) {
    saved.set(name, process.env[name]);
    process.env[name] = value;
  }
  ({ handler } = await import('@chemins/api/lambda'));
});

afterAll(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  client?.destroy();
  await local?.stop();
});

/** Invokes the handler as the Lambda runtime would, keeping its log lines out of the test output. */
async function invoke(event: HttpApiEvent) {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logs.push(String(chunk));
    return true;
  });
  try {
    return await handler(event, lambdaContext());
  } finally {
    write.mockRestore();
  }
}

describe('the Lambda handler, over DynamoDB Local', () => {
  it('answers GET /health', async () => {
    const result = await invoke(httpApiEvent('GET', '/health'));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'ok' });
    expect(result.isBase64Encoded).toBe(false);
  });

  it('returns the seeded causses-2023 to a staff member of the Causses, from the JWT authorizer claims', async () => {
    const result = await invoke(httpApiEvent('GET', '/projects/causses-2023', { claims: staffOfCausses }));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toContain('application/json');
    const state = JSON.parse(result.body) as { version: number };
    expect(state).toMatchObject({ projectId: 'causses-2023', structureId: 'causses', territory: '46' });
    expect(result.headers?.etag).toBe(`W/"${state.version}"`);
    expect(state.version).toBe((await readAllEvents(store, 'project:causses-2023')).length);
  });

  it('passes the query string through (asOf)', async () => {
    const now = await invoke(httpApiEvent('GET', '/projects/causses-2023', { claims: staffOfCausses }));
    const then = await invoke(
      httpApiEvent('GET', '/projects/causses-2023?asOf=2022-10-01', { claims: staffOfCausses }),
    );
    expect(then.statusCode).toBe(200);
    const [current, past] = [now, then].map((result) => JSON.parse(result.body) as Record<string, unknown>);
    expect(past?.projectId).toBe('causses-2023');
    expect(Number(past?.version)).toBeLessThan(Number(current?.version));
    expect(String(past?.lastOccurredAt) < '2022-10-02').toBe(true);
  });

  it('records a command (201), replays its retry, and the event is in DynamoDB', async () => {
    const before = (await readAllEvents(store, 'project:causses-2023')).length;
    const key = `lambda-${randomUUID()}`;
    const event = () =>
      httpApiEvent('POST', '/projects/causses-2023/commands', {
        claims: staffOfCausses,
        headers: { 'If-Match': `W/"${before}"`, 'Idempotency-Key': key },
        body: {
          type: 'RecordSuccess',
          category: 'internal_exchanges',
          description: 'Le covoiturage solidaire du plateau a fait ses premiers trajets.',
        },
      });
    const created = await invoke(event());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers?.etag).toBe(`W/"${before + 1}"`);
    const body = JSON.parse(created.body) as {
      version: number;
      replayed: boolean;
      events: { commandId: string }[];
    };
    expect(body).toMatchObject({ version: before + 1, replayed: false });
    expect(body.events[0]?.commandId).toBe(key);

    const retry = await invoke(event());
    expect(retry.statusCode).toBe(201);
    expect(JSON.parse(retry.body)).toMatchObject({ version: before + 1, replayed: true });

    const stored = await readAllEvents(store, 'project:causses-2023');
    expect(stored).toHaveLength(before + 1);
    expect(stored.at(-1)).toMatchObject({
      type: 'SuccessRecorded',
      commandId: key,
      actor: { id: 'causses-staff-1', role: 'staff' },
    });
  });

  it('answers 401 when the event carries no authorizer claims, or claims without a role', async () => {
    const none = await invoke(httpApiEvent('GET', '/projects/causses-2023'));
    expect(none.statusCode).toBe(401);
    expect(none.headers?.['content-type']).toContain('application/problem+json');
    expect(JSON.parse(none.body)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });

    const { 'custom:role': _role, ...roleless } = staffOfCausses;
    const invalid = await invoke(httpApiEvent('GET', '/projects/causses-2023', { claims: roleless }));
    expect(invalid.statusCode).toBe(401);
    expect(JSON.parse(invalid.body)).toMatchObject({ code: 'INVALID_CLAIMS' });
  });

  it('answers 403 to a member of another structure, for a read and for a command, appending nothing', async () => {
    const read = await invoke(httpApiEvent('GET', '/projects/causses-2023', { claims: staffOfLeFil }));
    expect(read.statusCode).toBe(403);
    expect(JSON.parse(read.body)).toMatchObject({ status: 403, code: 'FORBIDDEN' });

    const before = (await readAllEvents(store, 'project:causses-2023')).length;
    const write = await invoke(
      httpApiEvent('POST', '/projects/causses-2023/commands', {
        claims: staffOfLeFil,
        body: { type: 'StartRenewal', note: 'Pas chez nous.' },
      }),
    );
    expect(write.statusCode).toBe(403);
    expect(await readAllEvents(store, 'project:causses-2023')).toHaveLength(before);

    // Their own project is fine.
    const own = await invoke(httpApiEvent('GET', '/projects/le-fil-2023', { claims: staffOfLeFil }));
    expect(own.statusCode).toBe(200);
  });

  it('logged one JSON line per request, with a request id, and no request body', () => {
    const requests = logs
      .flatMap((chunk) => chunk.split('\n'))
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(10);
    for (const entry of requests) expect(entry.requestId).toEqual(expect.any(String));
    expect(logs.join('')).not.toContain('covoiturage');
  });
});
