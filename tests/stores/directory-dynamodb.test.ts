import { type DynamoDBClient, GetItemCommand, paginateScan } from '@aws-sdk/client-dynamodb';
import { countRequests, DynamoPersonDirectory, ensureTable } from '@chemins/api';
import { type DirectoryFixture, describeDirectoryContract } from '@chemins/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, localClient, startDynamoDbLocal } from '../support/dynamodb-local.ts';

const tableName = 'chemins-directory';
let local: DynamoDbLocal | undefined;
let client: DynamoDBClient | undefined;
let fixture: DirectoryFixture | undefined;

/** Every item of the table, raw: a tombstone must hold nothing of the person it replaced. */
async function scanTable(db: DynamoDBClient): Promise<string> {
  const items = [];
  for await (const page of paginateScan({ client: db }, { TableName: tableName, ConsistentRead: true }))
    items.push(...(page.Items ?? []));
  return JSON.stringify(items);
}

beforeAll(async () => {
  local = await startDynamoDbLocal();
  const db = localClient(local.endpoint);
  client = db;
  await ensureTable(db, tableName);
  fixture = { directory: new DynamoPersonDirectory({ client: db, tableName }), rawDump: () => scanTable(db) };
});

afterAll(async () => {
  client?.destroy();
  await local?.stop();
});

const started = () => {
  if (!fixture || !client) throw new Error('DynamoDB Local did not start');
  return { fixture, client };
};

describeDirectoryContract('dynamodb (DynamoDB Local)', () => started().fixture);

describe('DynamoDB person directory', () => {
  it('writes only through TransactWriteItems (the deployed role allows no other write)', async () => {
    const { client } = started();
    const directory = new DynamoPersonDirectory({ client, tableName });
    const counter = countRequests(client);
    try {
      await directory.put({ actorId: 'iam-1', name: 'Luc Bertrand', contact: 'luc@exemple.fr' });
      await directory.erase('iam-1');
      await directory.erase('iam-1');
      expect(counter.counts()).toEqual({ TransactWriteItemsCommand: 3 });
    } finally {
      counter.detach();
    }
  });

  it('leaves a tombstone holding only its key and the time of the erasure', async () => {
    const { client } = started();
    const directory = new DynamoPersonDirectory({
      client,
      tableName,
      clock: () => new Date('2025-06-01T12:00:00.000Z'),
    });
    await directory.put({ actorId: 'tomb-1', name: 'Rose Laurent', contact: 'rose@exemple.fr' });
    expect(await directory.erase('tomb-1')).toBe(true);
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { pk: { S: 'PERSON#tomb-1' }, sk: { S: 'PROFILE' } },
        ConsistentRead: true,
      }),
    );
    expect(Item).toEqual({
      pk: { S: 'PERSON#tomb-1' },
      sk: { S: 'PROFILE' },
      erasedAt: { S: '2025-06-01T12:00:00.000Z' },
    });
  });
});
