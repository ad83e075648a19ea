import {
  type DynamoDBClient,
  type QueryCommandOutput,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  countRequests,
  DynamoEventStore,
  type DynamoStoreOptions,
  ensureTable,
  MAX_ITEM_BYTES,
  type RequestCounter,
} from '@chemins/api';
import {
  BatchTooLarge,
  DuplicateCommand,
  ERASED_TEXT,
  EventTooLarge,
  readAllEvents,
  readWholeLedger,
  StoreUnavailable,
  verifyChain,
  verifyLedger,
  WrongExpectedVersion,
} from '@chemins/core';
import { commentDrafts, uniqueId } from '@chemins/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failRequests, rewriteResponses } from '../support/dynamodb-faults.ts';
import { type DynamoDbLocal, localClient, startDynamoDbLocal } from '../support/dynamodb-local.ts';
import { appendErasableComment } from '../support/erasure.ts';

const tableName = 'chemins-behaviour';
let local: DynamoDbLocal;
const clients: DynamoDBClient[] = [];

beforeAll(async () => {
  local = await startDynamoDbLocal();
  const client = localClient(local.endpoint);
  clients.push(client);
  await ensureTable(client, tableName);
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await local?.stop();
});

/** A store on its own client (its own head caches, like another process), with a request counter. */
function newStore(options: Omit<DynamoStoreOptions, 'client'> = {}) {
  const client = localClient(local.endpoint);
  clients.push(client);
  const counter: RequestCounter = countRequests(client);
  return { client, counter, store: new DynamoEventStore({ client, tableName, ...options }) };
}

const fastRetry = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };
const newStream = () => `project:${uniqueId('s')}`;

describe('DynamoDB store: limits are checked before anything is sent', () => {
  it('refuses an event over 400 KB with EventTooLarge, sending no request', async () => {
    const { store, counter } = newStore();
    const id = newStream();
    const drafts = commentDrafts(id, '46', 1, 'x'.repeat(MAX_ITEM_BYTES));
    await expect(
      store.append(id, drafts, { expectedVersion: 'no_stream', commandId: uniqueId('c') }),
    ).rejects.toSatisfy(
      (error) =>
        error instanceof EventTooLarge && error.limit === MAX_ITEM_BYTES && error.bytes > MAX_ITEM_BYTES,
    );
    expect(counter.total()).toBe(0);
  });

  it('refuses more than 97 events (100 actions with the heads and the command) with BatchTooLarge', async () => {
    const { store, counter } = newStore();
    const id = newStream();
    await expect(
      store.append(id, commentDrafts(id, '46', 98), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
      }),
    ).rejects.toBeInstanceOf(BatchTooLarge);
    expect(counter.total()).toBe(0);
    // The limit is DynamoDB's own: 97 events and 3 other items go through in one transaction.
    const result = await store.append(id, commentDrafts(id, '46', 97), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
    });
    expect(result).toMatchObject({ fromVersion: 1, toVersion: 97 });
    expect(counter.counts().TransactWriteItemsCommand).toBe(1);
  });

  it('refuses an append over 4 MB with BatchTooLarge, sending no request', async () => {
    const { store, counter } = newStore();
    const id = newStream();
    const drafts = commentDrafts(id, '46', 12, 'x'.repeat(350 * 1024));
    await expect(
      store.append(id, drafts, { expectedVersion: 'no_stream', commandId: uniqueId('c') }),
    ).rejects.toSatisfy((error) => error instanceof BatchTooLarge && /4194304/.test(error.message));
    expect(counter.total()).toBe(0);
  });
});

describe('DynamoDB store: transient refusals', () => {
  const conflict = () =>
    new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: [{ Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }],
    });
  const throttled = () =>
    new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
  // Throttling can also come back inside a cancelled transaction, as one of its reasons.
  const throttledTransaction = () =>
    new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: [{ Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity' }],
    });

  for (const [what, error] of [
    ['a conflicting transaction', conflict],
    ['throttling', throttled],
    ['a transaction cancelled for throttling', throttledTransaction],
  ] as const) {
    it(`retries ${what} with backoff, then succeeds`, async () => {
      const { store, client } = newStore({ retry: fastRetry });
      const id = newStream();
      const fault = failRequests(client, 'TransactWriteItemsCommand', 2, error);
      const result = await store.append(id, commentDrafts(id, '46', 2), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
      });
      expect(fault.fired()).toBe(2);
      expect(result).toMatchObject({ fromVersion: 1, toVersion: 2 });
      expect(await verifyChain(await readAllEvents(store, id))).toMatchObject({ ok: true, checked: 2 });
    });

    it(`gives up on ${what} after the bounded retries with StoreUnavailable, having written nothing`, async () => {
      const { store, client } = newStore({ retry: fastRetry });
      const id = newStream();
      const commandId = uniqueId('c');
      const fault = failRequests(client, 'TransactWriteItemsCommand', Number.POSITIVE_INFINITY, error);
      await expect(
        store.append(id, commentDrafts(id, '46', 1), { expectedVersion: 'no_stream', commandId }),
      ).rejects.toSatisfy((error) => error instanceof StoreUnavailable && /retry later/.test(error.message));
      expect(fault.fired()).toBe(fastRetry.attempts);
      fault.remove();
      expect((await store.readStream(id)).streamVersion).toBe(0);
      expect(await store.findCommand(commandId)).toBeNull();
    });
  }

  it('says StoreUnavailable when DynamoDB cannot be reached', async () => {
    const client = localClient('http://127.0.0.1:9');
    clients.push(client);
    const store = new DynamoEventStore({ client, tableName, retry: fastRetry });
    const id = newStream();
    await expect(
      store.append(id, commentDrafts(id, '46', 1), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
      }),
    ).rejects.toSatisfy(
      (error) => error instanceof StoreUnavailable && /cannot reach DynamoDB/.test(error.message),
    );
  });

  it('says StoreUnavailable, naming the table, when the table does not exist', async () => {
    const client = localClient(local.endpoint);
    clients.push(client);
    const store = new DynamoEventStore({ client, tableName: 'no-such-table' });
    await expect(store.readStream(newStream())).rejects.toSatisfy(
      (error) => error instanceof StoreUnavailable && /no-such-table/.test(error.message),
    );
  });
});

describe('DynamoDB store: requests per command', () => {
  it('appends to a hot stream in one write round trip per command', async () => {
    const { store, counter } = newStore();
    const id = newStream();
    const first = await store.append(id, commentDrafts(id, '46', 1), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
    });
    counter.reset();
    let version = first.toVersion;
    const commands = 20;
    for (let n = 0; n < commands; n++) {
      const expectedVersion = n % 2 === 0 ? version : 'any';
      version = (
        await store.append(id, commentDrafts(id, '46', 2), { expectedVersion, commandId: uniqueId('c') })
      ).toVersion;
    }
    expect(counter.counts()).toEqual({ TransactWriteItemsCommand: commands });
  });

  it('creates a stream in a territory it already wrote to in one request', async () => {
    const { store, counter } = newStore();
    const territory = uniqueId('t');
    const a = newStream();
    await store.append(a, commentDrafts(a, territory, 1), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
    });
    counter.reset();
    const b = newStream();
    await store.append(b, commentDrafts(b, territory, 1), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
    });
    expect(counter.counts()).toEqual({ TransactWriteItemsCommand: 1 });
  });

  it('reads a whole stream in ceil(bytes / 1 MB) queries, plus one read of the head', async () => {
    const { store, counter } = newStore();
    const id = newStream();
    let version = 0;
    let bytes = 0;
    for (let n = 0; n < 20; n++) {
      const drafts = commentDrafts(id, '46', 90, 'x'.repeat(1000));
      const result = await store.append(id, drafts, {
        expectedVersion: version === 0 ? 'no_stream' : version,
        commandId: uniqueId('c'),
      });
      version = result.toVersion;
      // What DynamoDB counts: the event JSON plus the keys and ledger attributes around it.
      for (const event of result.events) bytes += Buffer.byteLength(JSON.stringify(event)) + 100;
    }
    counter.reset();
    const events = [];
    let cursor: string | null = null;
    do {
      const page = await store.readStream(id, cursor ? { cursor, limit: 10_000 } : { limit: 10_000 });
      expect(page.streamVersion).toBe(version);
      events.push(...page.events);
      cursor = page.next;
    } while (cursor);
    expect(events.map((event) => event.version)).toEqual(
      Array.from({ length: version }, (_, index) => index + 1),
    );
    expect(counter.counts()).toEqual({ QueryCommand: Math.ceil(bytes / 2 ** 20), GetItemCommand: 1 });
  });
});

describe('DynamoDB store: several processes', () => {
  it('keeps versions gapless when two processes with stale caches write one stream', async () => {
    const one = newStore();
    const two = newStore();
    const id = newStream();
    const territory = uniqueId('t');
    await one.store.append(id, commentDrafts(id, territory, 1), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
    });
    for (let n = 0; n < 10; n++) {
      const writer = n % 2 === 0 ? two : one;
      await writer.store.append(id, commentDrafts(id, territory, 1), {
        expectedVersion: 'any',
        commandId: uniqueId('c'),
      });
    }
    const events = await readAllEvents(one.store, id);
    expect(events.map((event) => event.version)).toEqual(Array.from({ length: 11 }, (_, index) => index + 1));
    expect(await verifyChain(events)).toMatchObject({ ok: true });
    expect((await readWholeLedger(two.store, territory)).map((entry) => entry.position)).toEqual(
      Array.from({ length: 11 }, (_, index) => index + 1),
    );
  });

  it('answers a stale expectation with WrongExpectedVersion carrying the current version', async () => {
    const one = newStore();
    const two = newStore();
    const id = newStream();
    await one.store.append(id, commentDrafts(id, '46', 1), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
    });
    await two.store.append(id, commentDrafts(id, '46', 2), { expectedVersion: 1, commandId: uniqueId('c') });
    one.counter.reset();
    await expect(
      one.store.append(id, commentDrafts(id, '46', 1), { expectedVersion: 1, commandId: uniqueId('c') }),
    ).rejects.toSatisfy((error) => error instanceof WrongExpectedVersion && error.actual === 3);
    // One refused write: its refusal carried the current head, no read was needed.
    expect(one.counter.counts()).toEqual({ TransactWriteItemsCommand: 1 });
  });

  it('replays a command another process already applied', async () => {
    const one = newStore();
    const two = newStore();
    const id = newStream();
    const commandId = uniqueId('c');
    const first = await one.store.append(id, commentDrafts(id, '46', 2), {
      expectedVersion: 'no_stream',
      commandId,
    });
    const retry = await two.store.append(id, commentDrafts(id, '46', 2), {
      expectedVersion: 'no_stream',
      commandId,
    });
    expect(retry).toMatchObject({ replayed: true, fromVersion: 1, toVersion: 2, positions: first.positions });
    expect(retry.events).toEqual(first.events);
  });

  it('gives back the first result from the refused idempotency item, in the one write it tried', async () => {
    const { store, counter } = newStore();
    const id = newStream();
    const commandId = uniqueId('c');
    const drafts = commentDrafts(id, '46', 2);
    const first = await store.append(id, drafts, { expectedVersion: 'any', commandId });
    counter.reset();
    // The heads are cached and 'any' holds, so the retry reads nothing first: it writes, and the
    // command item's refusal (with the item as it is) is what tells it the command was applied.
    const retry = await store.append(id, drafts, { expectedVersion: 'any', commandId });
    expect(retry).toMatchObject({
      replayed: true,
      fromVersion: first.fromVersion,
      toVersion: first.toVersion,
      positions: first.positions,
    });
    expect(retry.events).toEqual(first.events);
    // No read of the command item: one cancelled write, then the Query of the events it names.
    expect(counter.counts()).toEqual({ TransactWriteItemsCommand: 1, QueryCommand: 1 });
    expect((await store.readStream(id)).streamVersion).toBe(first.toVersion);
  });

  it('answers DuplicateCommand from the refused idempotency item when the body differs', async () => {
    const { store, counter } = newStore();
    const id = newStream();
    const commandId = uniqueId('c');
    await store.append(id, commentDrafts(id, '46', 1), { expectedVersion: 'any', commandId });
    counter.reset();
    await expect(
      store.append(id, commentDrafts(id, '46', 1, 'another text'), { expectedVersion: 'any', commandId }),
    ).rejects.toBeInstanceOf(DuplicateCommand);
    expect(counter.counts()).toEqual({ TransactWriteItemsCommand: 1 });
    expect((await store.readStream(id)).streamVersion).toBe(1);
  });
});

describe('DynamoDB store: summaries', () => {
  it('writes the summary in the append transaction, still one request on a hot stream', async () => {
    const { store, counter } = newStore();
    const territory = uniqueId('t');
    const id = `cohort:${uniqueId('k')}`;
    const summary = (version: number) => ({
      kind: 'cohort' as const,
      streamId: id,
      territory,
      version,
      cohortId: id,
      title: `v${version}`,
    });
    await store.append(id, commentDrafts(id, territory, 1), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
      summary: summary(1),
    });
    counter.reset();
    await store.append(id, commentDrafts(id, territory, 1), {
      expectedVersion: 1,
      commandId: uniqueId('c'),
      summary: summary(2),
    });
    expect(counter.counts()).toEqual({ TransactWriteItemsCommand: 1 });
    expect(await store.readSummaries(territory)).toEqual([summary(2)]);
  });

  it('never lets a summaries rebuild move a summary back, and rebuilds in batches of 100', async () => {
    const { store, counter } = newStore();
    const territory = uniqueId('t');
    const id = `cohort:${uniqueId('k')}`;
    const summary = (streamId: string, version: number) => ({
      kind: 'cohort' as const,
      streamId,
      territory,
      version,
      cohortId: streamId,
      title: `v${version}`,
    });
    await store.append(id, commentDrafts(id, territory, 2), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
      summary: summary(id, 2),
    });
    const others = Array.from({ length: 150 }, (_, index) =>
      summary(`cohort:rebuilt-${String(index).padStart(3, '0')}`, 1),
    );
    counter.reset();
    await store.putSummaries([summary(id, 1), ...others]);
    expect(counter.counts().TransactWriteItemsCommand).toBe(3);
    const read = await store.readSummaries(territory);
    expect(read).toHaveLength(151);
    expect(read.find((row) => row.streamId === id)).toEqual(summary(id, 2));
  });
});

describe('DynamoDB store: erasure', () => {
  it('erases a text in the event item: stream and ledger read it erased, and the chains verify', async () => {
    const { store } = newStore();
    const territory = uniqueId('t');
    const id = newStream();
    await store.append(id, commentDrafts(id, territory, 1), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
    });
    const { version, path, digest } = await appendErasableComment(
      store,
      id,
      territory,
      'Madame Lambert a dit',
    );
    await store.eraseText(id, version, path, digest);
    await store.eraseText(id, version, path, digest);
    await store.eraseText(id, 99, path, digest);
    const events = await readAllEvents(store, id);
    expect(events[1]).toMatchObject({
      data: { text: ERASED_TEXT },
      erasedTexts: { text: digest },
      textSalts: {},
    });
    expect(await verifyChain(events)).toMatchObject({ ok: true, checked: 3 });
    const ledger = await readWholeLedger(store, territory);
    expect(ledger[1]?.event).toEqual(events[1]);
    expect(await verifyLedger(territory, ledger)).toMatchObject({ ok: true, checked: 3 });
  });
});

describe('DynamoDB store: the ledger index lags', () => {
  const lagging = (client: DynamoDBClient, times: number) =>
    rewriteResponses<QueryCommandOutput>(
      client,
      (command, input) => command === 'QueryCommand' && input.IndexName === 'ledger',
      times,
      // The index has not caught up: the second entry is not there yet.
      (output) => {
        output.Items = output.Items?.filter((_, index) => index !== 1);
      },
    );

  it('waits for a missing position and never skips it', async () => {
    const { store, client, counter } = newStore({ ledgerLag: { attempts: 10, delayMs: 1 } });
    const territory = uniqueId('t');
    const id = newStream();
    await store.append(id, commentDrafts(id, territory, 4), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
    });
    const lag = lagging(client, 2);
    counter.reset();
    const page = await store.readLedger(territory);
    expect(page.entries.map((entry) => entry.position)).toEqual([1, 2, 3, 4]);
    expect(page.next).toBeNull();
    expect(lag.fired()).toBe(2);
    expect(counter.counts().QueryCommand).toBe(3);
  });

  it('gives up with StoreUnavailable when the index stays behind, rather than skip', async () => {
    const { store, client } = newStore({ ledgerLag: { attempts: 3, delayMs: 1 } });
    const territory = uniqueId('t');
    const id = newStream();
    await store.append(id, commentDrafts(id, territory, 3), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
    });
    lagging(client, Number.POSITIVE_INFINITY);
    await expect(store.readLedger(territory)).rejects.toSatisfy(
      (error) => error instanceof StoreUnavailable && /position 2/.test(error.message),
    );
  });
});
