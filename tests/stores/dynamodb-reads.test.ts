// How the DynamoDB store reads: strongly consistent wherever DynamoDB allows it, and DynamoDB's 1 MB
// pages behind the store's own cursors.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { countRequests, DynamoEventStore, ensureTable, TABLE_INDEXES } from '@chemins/api';
import { type LedgerEntry, verifyLedger } from '@chemins/core';
import { commentDrafts, uniqueId } from '@chemins/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRequests, type SentRequest } from '../support/dynamodb-faults.ts';
import { type DynamoDbLocal, localClient, startDynamoDbLocal } from '../support/dynamodb-local.ts';

const tableName = 'chemins-reads';
let local: DynamoDbLocal;
const clients: DynamoDBClient[] = [];

beforeAll(async () => {
  local = await startDynamoDbLocal();
  await ensureTable(newClient(), tableName);
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await local?.stop();
});

function newClient(): DynamoDBClient {
  const client = localClient(local.endpoint);
  clients.push(client);
  return client;
}

const newStream = () => `project:${uniqueId('s')}`;

/** Whether a request asked for a strongly consistent read; `undefined` for what is not a read. */
function consistency(request: SentRequest): { read: string; consistent: boolean } | undefined {
  const { command, input } = request;
  if (command === 'GetItemCommand') return { read: 'GetItem', consistent: input.ConsistentRead === true };
  if (command === 'BatchGetItemCommand') {
    const tables = Object.values(input.RequestItems as Record<string, { ConsistentRead?: boolean }>);
    return { read: 'BatchGetItem', consistent: tables.every((table) => table.ConsistentRead === true) };
  }
  if (command === 'QueryCommand') {
    const index = input.IndexName as string | undefined;
    return {
      read: index ? `Query index ${index}` : 'Query table',
      consistent: input.ConsistentRead === true,
    };
  }
  return undefined;
}

describe('DynamoDB store: consistency of reads', () => {
  it('reads the table strongly consistently everywhere; only the index queries cannot be', async () => {
    const client = newClient();
    const store = new DynamoEventStore({ client, tableName });
    const { sent } = recordRequests(client);
    const territory = uniqueId('t');
    const id = newStream();
    const commandId = uniqueId('c');
    const drafts = commentDrafts(id, territory, 2);
    // A first append of a stream this process never saw under 'any': it reads the heads first.
    await store.append(id, drafts, { expectedVersion: 'any', commandId });
    await store.readStream(id);
    await store.readStream(id, { limit: 1 });
    await store.append(id, drafts, { expectedVersion: 'any', commandId });
    await store.findCommand(commandId);
    await store.readLedger(territory);
    await store.listStreams({ territory });

    const reads = sent.flatMap((request) => consistency(request) ?? []);
    // Each kind of read was made, so the check below covers them all.
    expect(new Set(reads.map(({ read }) => read))).toEqual(
      new Set([
        'BatchGetItem',
        'GetItem',
        'Query table',
        `Query index ${TABLE_INDEXES.ledger.indexName}`,
        `Query index ${TABLE_INDEXES.streams.indexName}`,
      ]),
    );
    const wrong = reads.filter(({ read, consistent }) => consistent === read.startsWith('Query index'));
    expect(wrong).toEqual([]);
  });
});

describe('DynamoDB store: ledger pages of 1 MB', () => {
  it('cuts a ledger page at 1 MB before its limit, and its cursors give every position once', async () => {
    const client = newClient();
    const store = new DynamoEventStore({ client, tableName });
    const counter = countRequests(client);
    const territory = uniqueId('t');
    const id = newStream();
    let bytes = 0;
    let version = 0;
    // 10 × 95 events of about 1.5 KB: some 1.4 MB, in fewer entries than one page may hold.
    for (let n = 0; n < 10; n++) {
      const result = await store.append(id, commentDrafts(id, territory, 95, 'x'.repeat(900)), {
        expectedVersion: version === 0 ? 'no_stream' : version,
        commandId: uniqueId('c'),
      });
      version = result.toVersion;
      // What DynamoDB counts: the event JSON plus the keys and ledger attributes around it.
      for (const event of result.events) bytes += Buffer.byteLength(JSON.stringify(event)) + 100;
    }
    expect(bytes).toBeGreaterThan(2 ** 20);
    const limit = 1000;
    expect(version).toBeLessThan(limit);

    counter.reset();
    const first = await store.readLedger(territory, { limit });
    expect(first.entries.length).toBeLessThan(version);
    expect(first.next).toBe(first.entries.length);
    const entries: LedgerEntry[] = [...first.entries];
    let next = first.next;
    while (next !== null) {
      const page = await store.readLedger(territory, { afterPosition: next, limit });
      entries.push(...page.entries);
      next = page.next;
    }
    expect(entries.map((entry) => entry.position)).toEqual(
      Array.from({ length: version }, (_, index) => index + 1),
    );
    expect(await verifyLedger(territory, entries)).toMatchObject({ ok: true, checked: version });
    // A page cut at 1 MB says so itself; only the last page reads the ledger head to know it is the end.
    expect(counter.counts()).toEqual({ QueryCommand: Math.ceil(bytes / 2 ** 20), GetItemCommand: 1 });
  });
});
