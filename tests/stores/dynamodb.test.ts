import { DynamoEventStore, ensureTable } from '@chemins/api';
import { describeStoreContract, type StoreFixture } from '@chemins/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { type DynamoDbLocal, localClient, startDynamoDbLocal } from '../support/dynamodb-local.ts';

let local: DynamoDbLocal | undefined;
let fixture: StoreFixture | undefined;
let client: ReturnType<typeof localClient> | undefined;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  client = localClient(local.endpoint);
  const tableName = 'chemins-contract';
  await ensureTable(client, tableName);
  let failNext = false;
  const store = new DynamoEventStore({
    client,
    tableName,
    failPartWay: () => {
      const fail = failNext;
      failNext = false;
      return fail;
    },
  });
  fixture = {
    store,
    failNextAppendPartWay: () => {
      failNext = true;
    },
  };
});

afterAll(async () => {
  client?.destroy();
  await local?.stop();
});

describeStoreContract('dynamodb (DynamoDB Local)', () => {
  if (!fixture) throw new Error('DynamoDB Local did not start');
  return fixture;
});
