// What the DynamoDB adapters write, as the Lambda's IAM policy allows it (infra/lib/api-function.ts): only
// the SDK commands of SDK_COMMANDS, and every write a TransactWriteItems made of Puts alone (IAM has no
// TransactWriteItems action: each item is authorised by its own action, and only PutItem is granted).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoEventStore, DynamoPersonDirectory, ensureTable, SDK_COMMANDS } from '@chemins/api';
import { commentDrafts, uniqueId } from '@chemins/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRequests } from '../support/dynamodb-faults.ts';
import { type DynamoDbLocal, localClient, startDynamoDbLocal } from '../support/dynamodb-local.ts';
import { appendErasableComment } from '../support/erasure.ts';

const tableName = 'chemins-writes';
let local: DynamoDbLocal;
let client: DynamoDBClient;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  client = localClient(local.endpoint);
  await ensureTable(client, tableName);
});

afterAll(async () => {
  client?.destroy();
  await local?.stop();
});

describe('DynamoDB adapters: the writes the IAM policy allows', () => {
  it('append, erase a text, put and erase a person: only the listed commands, transactions of Puts', async () => {
    const store = new DynamoEventStore({ client, tableName });
    const directory = new DynamoPersonDirectory({ client, tableName });
    const { sent } = recordRequests(client);
    const territory = uniqueId('t');
    const id = `project:${uniqueId('s')}`;
    await store.append(id, commentDrafts(id, territory, 2), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
    });
    const erasable = await appendErasableComment(store, id, territory, 'Mme Martin a appelé.');
    await store.eraseText(id, erasable.version, erasable.path, erasable.digest);
    await directory.put({ actorId: 'actor-1', name: 'Mme Martin', contact: 'martin@example.org' });
    expect(await directory.erase('actor-1')).toBe(true);

    const listed = new Set(Object.keys(SDK_COMMANDS));
    expect(sent.map((request) => request.command).filter((command) => !listed.has(command))).toEqual([]);
    const transactions = sent.filter((request) => request.command === 'TransactWriteItemsCommand');
    // Appends, the text erasure and both directory writes each went through one.
    expect(transactions.length).toBeGreaterThanOrEqual(5);
    const kinds = new Set(
      transactions.flatMap((request) =>
        (request.input.TransactItems as Record<string, unknown>[]).flatMap((item) => Object.keys(item)),
      ),
    );
    expect([...kinds]).toEqual(['Put']);
  });
});
