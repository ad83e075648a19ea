// Faults (issue 8): the store throttled, failing, killed, read-only or out of disk. The API answers a
// 503 problem with Retry-After (or retries inside the store), never writes half an append, and once
// the store is back every acknowledged command is there exactly once and the chains verify.
// Longer runs and their figures: `npx tsx scripts/reliability-runs.ts faults` (docs/reliability.md, "Concurrency and faults").
import { DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoEventStore, ensureTable } from '@chemins/api';
import { readAllEvents, readWholeLedger, verifyChain, verifyLedger } from '@chemins/core';
import { commentDrafts, uniqueId } from '@chemins/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { localClient, startDynamoDbLocal } from '../support/dynamodb-local.ts';
import {
  dynamoKilled,
  dynamoTransientFaults,
  removeSeededJournal,
  sqliteDiskFull,
  sqliteReadOnly,
} from './support/fault-runs.ts';
import { tmpfsAvailable } from './support/fault-servers.ts';
import { describeRun, latencies, type SingleAnswer } from './support/http-clients.ts';
import type { HttpAudits, JournalCheck } from './support/journal-checks.ts';

afterAll(() => removeSeededJournal());

/** A 503 as the API must send it: problem+json, a stable code, a Retry-After in seconds. */
function expectUnavailable(answer: SingleAnswer): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(503);
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
  expect(answer.retryAfter).toMatch(/^\d+$/);
  expect(answer.body).toMatchObject({ status: 503, code: 'STORE_UNAVAILABLE', detail: expect.any(String) });
}

function expectCreated(answer: SingleAnswer, replayed = false): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  expect(answer.body.replayed).toBe(replayed);
}

function expectSound(check: JournalCheck, audits: HttpAudits): void {
  expect(check.problems).toEqual([]);
  expect(audits.project).toMatchObject({ status: 200, body: { ok: true, checked: check.version } });
  expect(audits.territory).toMatchObject({ status: 200, body: { ok: true } });
}

describe('DynamoDB: throttling and transient errors injected in the SDK client', () => {
  it('retries in the store, or answers 503 with Retry-After; never a partial append, never a double', async () => {
    const outcome = await dynamoTransientFaults({
      clients: 8,
      commandsPerClient: 8,
      rate: 0.2,
      seed: 8,
      storeAttempts: 3,
    });
    const { exhausted, absorbed, chaos } = outcome;
    console.info(describeRun('DynamoDB chaos', chaos.run), JSON.stringify(chaos.faults));

    // Throttled beyond the store's retries: a 503, nothing written, and the same request later is a first write.
    expectUnavailable(exhausted.answer);
    expect(exhausted.fired).toBe(3);
    expect(exhausted.versionAfter).toBe(exhausted.versionBefore);
    expect(exhausted.recorded).toBe(false);
    expectCreated(exhausted.resent);
    expect(exhausted.events).toBe(1);

    // A couple of throttles are absorbed by the store's backoff: the client sees a plain 201.
    expectCreated(absorbed.answer);
    expect(absorbed.fired).toBe(2);

    // Random faults on reads and writes, some after DynamoDB did the work, and lost answers.
    expect(chaos.run.tally.unexpected).toEqual([]);
    expect(chaos.run.tally.badUnavailable).toBe(0);
    expect(chaos.run.tally.unavailable).toBeGreaterThan(0);
    expect(chaos.faults['answer-lost-500']).toBeGreaterThan(0);
    expect(chaos.faults['answer-lost-timeout']).toBeGreaterThan(0);
    expect(chaos.run.commands.every((command) => command.accepted)).toBe(true);
    expectSound(chaos.check, chaos.audits);
    expect(chaos.check.added).toBe(chaos.run.commands.length);
  });
});

describe('DynamoDB: the table loses an append this process saw acknowledged', () => {
  // DynamoDB Local acknowledges a TransactWriteItems before its own SQLite COMMIT has run, so a SIGKILL
  // can lose the last acknowledged append (see docs/reliability.md, "Concurrency and faults"); a table restore does the
  // same on AWS. The process that wrote it still holds its head in cache: its next append must not
  // chain onto an event the table no longer has.
  it('chains the next append onto the head the table has, not the one the cache remembers', async () => {
    const local = await startDynamoDbLocal();
    const clients = [localClient(local.endpoint), localClient(local.endpoint)] as const;
    try {
      const tableName = 'chemins-hardening-lost';
      await ensureTable(clients[0], tableName);
      const [writer, other] = clients.map((client) => new DynamoEventStore({ client, tableName }));
      if (!writer || !other) throw new Error('two stores expected');
      const territory = uniqueId('t');
      const id = `project:${uniqueId('s')}`;
      await writer.append(id, commentDrafts(id, territory, 1), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
      });
      const heads = [
        { pk: { S: `STREAM#${id}` }, sk: { S: 'HEAD' } },
        { pk: { S: `LEDGER#${territory}` }, sk: { S: 'HEAD' } },
      ];
      const before = await Promise.all(
        heads.map(
          async (Key) =>
            (await clients[0].send(new GetItemCommand({ TableName: tableName, Key, ConsistentRead: true })))
              .Item,
        ),
      );
      const lost = uniqueId('c');
      await writer.append(id, commentDrafts(id, territory, 1, 'acknowledged, then lost'), {
        expectedVersion: 1,
        commandId: lost,
      });

      // The table loses that append: heads as they were, its event and command items gone.
      for (const Item of before)
        if (Item) await clients[0].send(new PutItemCommand({ TableName: tableName, Item }));
      await clients[0].send(
        new DeleteItemCommand({
          TableName: tableName,
          Key: { pk: { S: `STREAM#${id}` }, sk: { S: 'EVT#0000000002' } },
        }),
      );
      await clients[0].send(
        new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: `CMD#${lost}` }, sk: { S: 'CMD' } } }),
      );

      // Another process writes version 2; the first one reads version 2 and appends on it.
      await other.append(id, commentDrafts(id, territory, 1, 'written after the loss'), {
        expectedVersion: 1,
        commandId: uniqueId('c'),
      });
      expect((await writer.readStream(id)).streamVersion).toBe(2);
      await writer.append(id, commentDrafts(id, territory, 1, 'pinned at 2'), {
        expectedVersion: 2,
        commandId: uniqueId('c'),
      });
      await writer.append(id, commentDrafts(id, territory, 1, 'any version'), {
        expectedVersion: 'any',
        commandId: uniqueId('c'),
      });

      const events = await readAllEvents(other, id);
      expect(events.map((event) => event.version)).toEqual([1, 2, 3, 4]);
      expect(await verifyChain(events)).toMatchObject({ ok: true, checked: 4 });
      expect(await verifyLedger(territory, await readWholeLedger(other, territory))).toMatchObject({
        ok: true,
        checked: 4,
      });
    } finally {
      for (const client of clients) client.destroy();
      await local.stop();
    }
  });
});

describe('DynamoDB Local killed in the middle of a run', () => {
  it('answers 503 promptly while it is down; after each restart on the same data the chain verifies', async () => {
    const outcome = await dynamoKilled({
      clients: 8,
      commandsPerClient: 8,
      outages: [
        { afterAccepted: 16, signal: 'SIGTERM', downMs: 2000 },
        { afterAccepted: 40, signal: 'SIGKILL', downMs: 2000 },
      ],
      seed: 8,
    });
    console.info(describeRun('DynamoDB Local killed twice', outcome.run), JSON.stringify(outcome.lost));
    for (const outage of outcome.outages) {
      console.info(
        `${outage.signal} after ${outage.acceptedBefore} acknowledged: gone after ${Math.round(outage.downAt - outage.killedAt)} ms, down ${Math.round(outage.restartBegan - outage.downAt)} ms,`,
        `restart ${Math.round(outage.restartMs)} ms, ${outage.during.length} requests meanwhile`,
        JSON.stringify(latencies(outage.during)),
      );
      expect(outage.acceptedBefore).toBeGreaterThanOrEqual(outage.afterAccepted);
      expect(outage.probes.health).toBe(200);
      expectUnavailable(outage.probes.command);
      // Every request made while the store was down was answered 503, quickly: none hung.
      expect(outage.during.length).toBeGreaterThan(0);
      for (const record of outage.during) {
        expect(record).toMatchObject({
          status: 503,
          code: 'STORE_UNAVAILABLE',
          retryAfter: expect.any(String),
        });
        expect(record.ms).toBeLessThan(5000);
      }
    }
    expect(outcome.run.tally.unexpected).toEqual([]);
    expect(outcome.run.tally.badUnavailable).toBe(0);
    expect(outcome.run.commands.every((command) => command.accepted)).toBe(true);
    // Stopped with SIGTERM, DynamoDB Local loses nothing. SIGKILLed, it may lose the transaction it
    // acknowledged last (it answers before its own COMMIT has run): only right around that kill.
    expect(outcome.lost.length).toBeLessThanOrEqual(2);
    for (const lost of outcome.lost) {
      expect(Math.abs(lost.fromKills[1] ?? Number.POSITIVE_INFINITY)).toBeLessThan(2000);
    }
    // Whatever the emulator lost, the journal stays sound: gapless, each key once, chains verify.
    expectSound(outcome.check, outcome.audits);
    expect(outcome.check.added).toBe(outcome.run.commands.length - outcome.lost.length);
  });
});

describe('SQLite: the journal file made read-only', () => {
  it('answers 503 to writes (reads still work), corrupts nothing, and writes again once writable', async () => {
    const outcome = await sqliteReadOnly(4);
    console.info(
      `read-only, server run as ${outcome.user}:`,
      JSON.stringify(outcome.readOnly.writes.map((w) => w.status)),
    );
    for (const answer of outcome.accepted) expectCreated(answer);
    expect(outcome.readOnly.health).toBe(200);
    expect(outcome.readOnly.read).toBe(200);
    for (const answer of outcome.readOnly.writes) expectUnavailable(answer);
    expect(outcome.readOnly.logged).toBe(true);
    expect(outcome.integrityWhileReadOnly).toBe('ok');
    expect(outcome.versionAfterReadOnly).toBe(outcome.versionBefore);
    // The refused commands were not half-written: resent with the same keys, they are first writes.
    for (const answer of outcome.resent) expectCreated(answer);
    for (const answer of outcome.fresh) expectCreated(answer);
    expectSound(outcome.check, outcome.audits);
    expect(outcome.integrityAfter).toBe('ok');
  });
});

describe('SQLite: the disk full', () => {
  const tmpfs = tmpfsAvailable();

  it.skipIf(!tmpfs)(
    'on a 2 MB tmpfs: 503s, no corruption; grown live, the same server writes again',
    async () => {
      const outcome = await sqliteDiskFull({ kind: 'tmpfs', size: '2m' });
      console.info(
        `disk full (${outcome.method}): ${outcome.acceptedBeforeFull} accepted, then`,
        JSON.stringify(outcome.refused.map((r) => r.status)),
        outcome.causes,
        outcome.files,
      );
      expect(outcome.acceptedBeforeFull).toBeGreaterThan(0);
      expect(outcome.refused).toHaveLength(5);
      for (const answer of outcome.refused) expectUnavailable(answer);
      expect(outcome.causes.length).toBeGreaterThan(0);
      for (const cause of outcome.causes) expect(cause).toMatch(/^SQLITE_(FULL|IOERR)/);
      expect(outcome.integrityWhileFull).toBe('ok');
      expect(outcome.recoveredLive).toBe(true);
      for (const answer of [...outcome.resent, ...outcome.fresh]) expectCreated(answer);
      expectSound(outcome.check, outcome.audits);
      expect(outcome.integrityAfter).toBe('ok');
    },
  );

  it('under a file-size limit (RLIMIT_FSIZE): 503s, no corruption; restarted without it, writes again', async () => {
    const outcome = await sqliteDiskFull({ kind: 'file-size-limit', bytes: 1024 * 1024 });
    console.info(
      `disk full (${outcome.method}): ${outcome.acceptedBeforeFull} accepted, then`,
      JSON.stringify(outcome.refused.map((r) => r.status)),
      outcome.causes,
      outcome.files,
    );
    expect(outcome.acceptedBeforeFull).toBeGreaterThan(0);
    expect(outcome.refused).toHaveLength(5);
    for (const answer of outcome.refused) expectUnavailable(answer);
    expect(outcome.causes.length).toBeGreaterThan(0);
    for (const cause of outcome.causes) expect(cause).toMatch(/^SQLITE_(FULL|IOERR)/);
    expect(outcome.integrityWhileFull).toBe('ok');
    for (const answer of [...outcome.resent, ...outcome.fresh]) expectCreated(answer);
    expectSound(outcome.check, outcome.audits);
    expect(outcome.integrityAfter).toBe('ok');
  });
});
