// `chemins serve` over DynamoDB (CHEMINS_STORE=dynamodb, DYNAMODB_ENDPOINT, CHEMINS_TABLE), as a developer
// runs it against DynamoDB Local: it creates the table, seeds the Lot scenario on the first run and prints
// tokens that work, with no CHEMINS_JWT_SECRET set.
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, type DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoEventStore, signToken } from '@chemins/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, localClient, startDynamoDbLocal } from '../support/dynamodb-local.ts';
import { apiClient } from './support/api-client.ts';
import { type ServeProcess, serve } from './support/cli.ts';

const TABLE = `chemins-e2e-serve-${randomUUID().slice(0, 8)}`;
let local: DynamoDbLocal;
let client: DynamoDBClient;
let env: Record<string, string>;
let running: ServeProcess | undefined;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  client = localClient(local.endpoint);
  env = { CHEMINS_STORE: 'dynamodb', DYNAMODB_ENDPOINT: local.endpoint, CHEMINS_TABLE: TABLE };
});

// A test that fails before stopping its server still leaves none running for the next one.
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

afterAll(async () => {
  client?.destroy();
  await local?.stop();
});

/** The token the banner prints, on its own line, under the staff member of the Causses. */
const staffToken = (banner: string) =>
  /staff of the Centre social des Causses:?\n {4}(\S+)$/m.exec(banner)?.[1];

const tables = async () => (await client.send(new ListTablesCommand({}))).TableNames ?? [];

describe('chemins serve on DynamoDB Local', () => {
  it('creates its table, seeds the Lot scenario, and prints a secret and tokens that work', async () => {
    expect(await tables()).not.toContain(TABLE);
    running = await serve(env);
    const { banner, url } = running;

    expect(banner).toContain(`(DynamoDB table ${TABLE} at ${local.endpoint})`);
    expect(banner).toContain('Seeded the Lot scenario');
    const secret = /CHEMINS_JWT_SECRET was not set: this run signs tokens with (\S+)/.exec(banner)?.[1];
    expect(secret).toBeDefined();
    const table = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    expect(table.Table?.TableStatus).toBe('ACTIVE');
    const store = new DynamoEventStore({ client, tableName: TABLE });
    expect((await store.readStream('project:causses-2023', { limit: 1 })).streamVersion).toBeGreaterThan(0);

    const printed = staffToken(banner);
    expect(printed).toBeDefined();
    const project = await apiClient(url, printed).GET('/projects/{id}', {
      params: { path: { id: 'causses-2023' } },
    });
    expect(project.response.status).toBe(200);
    expect(project.data).toMatchObject({ projectId: 'causses-2023', structureId: 'causses' });

    // The printed secret is the one the server checks with.
    const own = await signToken(
      { sub: 'someone', role: 'staff', structures: ['causses'], territories: ['46'], ttlSeconds: 60 },
      secret ?? '',
    );
    const again = await apiClient(url, own).GET('/projects/{id}', {
      params: { path: { id: 'causses-2023' } },
    });
    expect(again.response.status).toBe(200);

    expect(await running.stop()).toBe(0);
    running = undefined;
  });

  it('does not seed again when restarted on the same table, and serves what it holds', async () => {
    running = await serve(env);
    expect(running.banner).toContain('Journal already seeded.');
    // An answer also means the server is past its banner and handles SIGTERM (it sets its handlers
    // just after printing, so a signal sent the moment the banner shows can still kill it outright).
    const printed = staffToken(running.banner);
    const project = await apiClient(running.url, printed).GET('/projects/{id}', {
      params: { path: { id: 'causses-2023' } },
    });
    expect(project.response.status).toBe(200);
    expect(await running.stop()).toBe(0);
    running = undefined;
  });
});
