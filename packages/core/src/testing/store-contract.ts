import { describe, expect, it } from 'vitest';
import { verifyChain } from '../audit/hash-chain.ts';
import { ledgerOf, verifyLedger } from '../audit/ledger-chain.ts';
import { textAt, textDigest, withErasedText } from '../audit/texts.ts';
import { DuplicateCommand, WrongExpectedVersion } from '../errors/store-errors.ts';
import type { EventDraft } from '../model/envelope.ts';
import type { AppendResult, EventStore } from '../store/port.ts';
import { readAllEvents, readWholeLedger } from '../store/read-all.ts';
import { commentDrafts, uniqueId } from './drafts.ts';

/** What an adapter gives the contract: a store, and a way to make its next append fail part-way. */
export interface StoreFixture {
  store: EventStore;
  /** The next append must fail after some of its writes, as a crash or a network fault would. */
  failNextAppendPartWay(): void;
}

export interface ContractOptions {
  /** Writers for the concurrency cases (16 × 25 by default, as the issue asks). */
  writers?: number;
  appendsPerWriter?: number;
}

/**
 * The store contract: every adapter passes it unchanged. Call it from a vitest file:
 * `describeStoreContract('sqlite', () => fixture)`, where `fixture` is set up in a beforeAll.
 */
export function describeStoreContract(
  name: string,
  getFixture: () => StoreFixture,
  options: ContractOptions = {},
): void {
  const writers = options.writers ?? 16;
  const appendsPerWriter = options.appendsPerWriter ?? 25;
  const store = () => getFixture().store;
  const newStream = () => `project:${uniqueId('s')}`;
  const newTerritory = () => uniqueId('t');

  describe(`store contract: ${name}`, () => {
    it('appends to a new stream from version 1, chained', async () => {
      const id = newStream();
      const result = await store().append(id, commentDrafts(id, '46', 3), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
      });
      expect(result).toMatchObject({ streamId: id, fromVersion: 1, toVersion: 3, replayed: false });
      expect(result.positions).toHaveLength(3);
      const events = await readAllEvents(store(), id);
      expect(events.map((event) => event.version)).toEqual([1, 2, 3]);
      expect(events).toEqual(result.events);
      expect(await verifyChain(events)).toMatchObject({ ok: true, checked: 3 });
    });

    it('reads an unknown stream as empty, at version 0', async () => {
      const page = await store().readStream(newStream());
      expect(page).toEqual({ events: [], next: null, streamVersion: 0 });
    });

    it('honours every kind of expected version', async () => {
      const id = newStream();
      const append = (expectedVersion: Parameters<EventStore['append']>[2]['expectedVersion']) =>
        store().append(id, commentDrafts(id, '46', 1), { expectedVersion, commandId: uniqueId('c') });
      await expect(append('stream_exists')).rejects.toBeInstanceOf(WrongExpectedVersion);
      await expect(append(3)).rejects.toMatchObject({ code: 'WRONG_EXPECTED_VERSION', actual: 0 });
      await append('no_stream');
      await expect(append('no_stream')).rejects.toMatchObject({ actual: 1 });
      await expect(append(0)).rejects.toBeInstanceOf(WrongExpectedVersion);
      await append(1);
      await append('stream_exists');
      await append('any');
      await expect(append(2)).rejects.toMatchObject({ expected: 2, actual: 4 });
      expect((await store().readStream(id)).streamVersion).toBe(4);
    });

    it('lets exactly one of several concurrent appends at one expected version win', async () => {
      const id = newStream();
      await store().append(id, commentDrafts(id, '46', 1), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
      });
      const attempts = await Promise.allSettled(
        Array.from({ length: 8 }, () =>
          store().append(id, commentDrafts(id, '46', 2), { expectedVersion: 1, commandId: uniqueId('c') }),
        ),
      );
      expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
      for (const attempt of attempts) {
        if (attempt.status === 'rejected') expect(attempt.reason).toBeInstanceOf(WrongExpectedVersion);
      }
      const events = await readAllEvents(store(), id);
      expect(events.map((event) => event.version)).toEqual([1, 2, 3]);
    });

    it('is idempotent by command id: same request, first result; different request, DuplicateCommand', async () => {
      const id = newStream();
      const commandId = uniqueId('c');
      const drafts = commentDrafts(id, '46', 2);
      const first = await store().append(id, drafts, { expectedVersion: 'no_stream', commandId });
      const retry = await store().append(id, commentDrafts(id, '46', 2), {
        expectedVersion: 'no_stream',
        commandId,
      });
      expect(retry).toMatchObject({
        fromVersion: 1,
        toVersion: 2,
        replayed: true,
        positions: first.positions,
      });
      expect(retry.events).toEqual(first.events);
      await expect(
        store().append(id, commentDrafts(id, '46', 2, 'other'), { expectedVersion: 2, commandId }),
      ).rejects.toBeInstanceOf(DuplicateCommand);
      expect(await store().findCommand(commandId)).toMatchObject({
        streamId: id,
        fromVersion: 1,
        toVersion: 2,
      });
      expect(await store().findCommand(uniqueId('unknown'))).toBeNull();
      expect((await store().readStream(id)).streamVersion).toBe(2);
    });

    it('honours an explicit fingerprint over the drafts', async () => {
      const id = newStream();
      const commandId = uniqueId('c');
      await store().append(id, commentDrafts(id, '46', 1, 'a'), {
        expectedVersion: 'no_stream',
        commandId,
        fingerprint: 'f1',
      });
      const retry = await store().append(id, commentDrafts(id, '46', 1, 'b'), {
        expectedVersion: 'no_stream',
        commandId,
        fingerprint: 'f1',
      });
      expect(retry.replayed).toBe(true);
      await expect(
        store().append(id, commentDrafts(id, '46', 1, 'a'), {
          expectedVersion: 1,
          commandId,
          fingerprint: 'f2',
        }),
      ).rejects.toBeInstanceOf(DuplicateCommand);
    });

    it('pages a stream forward and backward with opaque cursors and version bounds', async () => {
      const id = newStream();
      await store().append(id, commentDrafts(id, '46', 25), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
      });
      const versions: number[] = [];
      let cursor: string | null = null;
      do {
        const page = await store().readStream(id, cursor ? { cursor, limit: 10 } : { limit: 10 });
        expect(page.events.length).toBeLessThanOrEqual(10);
        versions.push(...page.events.map((event) => event.version));
        cursor = page.next;
      } while (cursor);
      expect(versions).toEqual(Array.from({ length: 25 }, (_, index) => index + 1));
      const range = await store().readStream(id, { fromVersion: 5, toVersion: 7 });
      expect(range.events.map((event) => event.version)).toEqual([5, 6, 7]);
      expect(range.next).toBeNull();
      const backward = await store().readStream(id, { direction: 'backward', limit: 3 });
      expect(backward.events.map((event) => event.version)).toEqual([25, 24, 23]);
      const more = await store().readStream(id, {
        direction: 'backward',
        limit: 3,
        cursor: backward.next ?? '',
      });
      expect(more.events.map((event) => event.version)).toEqual([22, 21, 20]);
    });

    it('keeps a ledger per territory, in commit order, with gapless positions', async () => {
      const territory = newTerritory();
      const other = newTerritory();
      const a = newStream();
      const b = newStream();
      const c = newStream();
      const r1 = await store().append(a, commentDrafts(a, territory, 2), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
      });
      const r2 = await store().append(b, commentDrafts(b, territory, 1), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
      });
      await store().append(c, commentDrafts(c, other, 1), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
      });
      const r3 = await store().append(a, commentDrafts(a, territory, 1), {
        expectedVersion: 2,
        commandId: uniqueId('c'),
      });
      expect([...r1.positions, ...r2.positions, ...r3.positions]).toEqual([1, 2, 3, 4]);
      const ledger = await readWholeLedger(store(), territory);
      expect(ledger.map((entry) => [entry.position, entry.event.streamId, entry.event.version])).toEqual([
        [1, a, 1],
        [2, a, 2],
        [3, b, 1],
        [4, a, 3],
      ]);
      const page = await store().readLedger(territory, { afterPosition: 1, limit: 2 });
      expect(page.entries.map((entry) => entry.position)).toEqual([2, 3]);
      expect(page.next).toBe(3);
      expect((await readWholeLedger(store(), other)).map((entry) => entry.position)).toEqual([1]);
    });

    it('chains the ledger across streams, so a reordering or an edit is detected', async () => {
      const territory = newTerritory();
      const a = newStream();
      const b = newStream();
      await store().append(a, commentDrafts(a, territory, 2), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
      });
      await store().append(b, commentDrafts(b, territory, 1), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
      });
      await store().append(a, commentDrafts(a, territory, 1), {
        expectedVersion: 2,
        commandId: uniqueId('c'),
      });
      const ledger = await readWholeLedger(store(), territory);
      expect(await verifyLedger(territory, ledger)).toMatchObject({ ok: true, checked: 4 });
      expect(ledger.map((entry) => entry.ledgerHash)).toEqual(
        (
          await ledgerOf(
            territory,
            ledger.map((e) => e.event),
          )
        ).map((e) => e.ledgerHash),
      );
      const [first, second, ...rest] = ledger;
      const swapped = [{ ...second, position: 1 }, { ...first, position: 2 }, ...rest] as typeof ledger;
      expect(await verifyLedger(territory, swapped)).toMatchObject({ ok: false, position: 1 });
    });

    it('keeps each stream summary in the same transaction as its append', async () => {
      const territory = newTerritory();
      const id = newStream();
      const summary = (version: number) => ({
        kind: 'cohort' as const,
        streamId: id,
        territory,
        version,
        cohortId: id,
        title: `version ${version}`,
      });
      await store().append(id, commentDrafts(id, territory, 1), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
        summary: summary(1),
      });
      expect(await store().readSummaries(territory)).toEqual([summary(1)]);
      await store().append(id, commentDrafts(id, territory, 2), {
        expectedVersion: 1,
        commandId: uniqueId('c'),
        summary: summary(3),
      });
      expect(await store().readSummaries(territory)).toEqual([summary(3)]);
      getFixture().failNextAppendPartWay();
      await expect(
        store().append(id, commentDrafts(id, territory, 1), {
          expectedVersion: 3,
          commandId: uniqueId('c'),
          summary: summary(4),
        }),
      ).rejects.toThrow();
      expect(await store().readSummaries(territory)).toEqual([summary(3)]);
      await expect(
        store().append(id, commentDrafts(id, territory, 1), {
          expectedVersion: 1,
          commandId: uniqueId('c'),
          summary: summary(2),
        }),
      ).rejects.toBeInstanceOf(WrongExpectedVersion);
      expect(await store().readSummaries(territory)).toEqual([summary(3)]);
      await store().putSummaries([{ ...summary(3), title: 'rebuilt' }]);
      expect(await store().readSummaries(territory)).toEqual([{ ...summary(3), title: 'rebuilt' }]);
      expect(await store().readSummaries(newTerritory())).toEqual([]);
    });

    it('erases one text of a stored event in place, everywhere it is kept, and the chains still verify', async () => {
      const territory = newTerritory();
      const id = newStream();
      const [first, second] = commentDrafts(id, territory, 2, 'Mme Martin a appelé');
      const salted = [
        { ...first, textSalts: { text: 'salt-a' } },
        { ...second, textSalts: { text: 'salt-b' } },
      ] as EventDraft[];
      await store().append(id, salted, { expectedVersion: 'no_stream', commandId: uniqueId('c') });
      const stored = await readAllEvents(store(), id);
      const digest = await textDigest(
        'salt-a',
        textAt(stored[0]?.data as Record<string, unknown>, 'text') ?? '',
      );
      // The log records the erasure first (who, when, why), as the Journal does; the store then erases.
      const [record] = commentDrafts(id, territory, 1);
      const erasure = {
        ...record,
        type: 'TextErased',
        data: {
          target: { version: 1, eventId: stored[0]?.eventId },
          path: 'text',
          reason: 'Demande de la personne.',
        },
      } as EventDraft;
      await store().append(id, [erasure], { expectedVersion: 2, commandId: uniqueId('c') });
      await store().eraseText(id, 1, 'text', digest);
      await store().eraseText(id, 1, 'text', digest);
      const after = await readAllEvents(store(), id);
      expect(after[0]).toEqual(withErasedText(stored[0] as (typeof stored)[number], 'text', digest));
      expect(after[0]?.data).toEqual({ text: '[effacé]' });
      expect(JSON.stringify(after)).not.toContain('Mme Martin a appelé 1');
      expect(JSON.stringify(after)).not.toContain('salt-a');
      expect(after[1]).toEqual(stored[1]);
      expect(await verifyChain(after)).toMatchObject({ ok: true, checked: 3 });
      // Without its TextErased record, the same erasure is what audits report.
      expect(await verifyChain(after.slice(0, 2))).toMatchObject({
        ok: false,
        version: 1,
        reason: 'unrecorded_erasure',
      });
      const ledger = await readWholeLedger(store(), territory);
      expect(ledger[0]?.event.data).toEqual({ text: '[effacé]' });
      expect(await verifyLedger(territory, ledger)).toMatchObject({ ok: true });
    });

    it('lists streams by kind and territory, in pages', async () => {
      const territory = newTerritory();
      const ids = Array.from({ length: 5 }, () => `cohort:${uniqueId('k')}`);
      for (const id of ids) {
        await store().append(id, commentDrafts(id, territory, 1), {
          expectedVersion: 'no_stream',
          commandId: uniqueId('c'),
        });
      }
      const project = newStream();
      await store().append(project, commentDrafts(project, territory, 2), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
      });
      const listed: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store().listStreams({
          kind: 'cohort',
          territory,
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
        expect(page.streams.length).toBeLessThanOrEqual(2);
        listed.push(...page.streams.map((info) => info.streamId));
        cursor = page.next ?? undefined;
      } while (cursor);
      expect(listed.sort()).toEqual([...ids].sort());
      const projects = await store().listStreams({ kind: 'project', territory });
      expect(projects.streams).toEqual([{ streamId: project, kind: 'project', territory, version: 2 }]);
    });

    it(`keeps ${writers} concurrent writers × ${appendsPerWriter} appends to one stream gapless and chained`, async () => {
      const id = newStream();
      const territory = newTerritory();
      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          for (let n = 0; n < appendsPerWriter; n++) {
            await appendWithRetry(store(), id, territory, `w${writer}-${n}`);
          }
        }),
      );
      const events = await readAllEvents(store(), id);
      const total = writers * appendsPerWriter;
      expect(events).toHaveLength(total);
      expect(events.map((event) => event.version)).toEqual(
        Array.from({ length: total }, (_, index) => index + 1),
      );
      expect(await verifyChain(events)).toMatchObject({ ok: true, checked: total });
    });

    it(`keeps the ledger gapless and in commit order when ${writers} writers × ${appendsPerWriter} appends hit 8 streams of one territory`, async () => {
      const territory = newTerritory();
      const streams = Array.from({ length: 8 }, () => newStream());
      const committed: AppendResult[] = [];
      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          const id = streams[writer % streams.length] as string;
          for (let n = 0; n < appendsPerWriter; n++) {
            committed.push(await appendWithRetry(store(), id, territory, `w${writer}-${n}`));
          }
        }),
      );
      const total = writers * appendsPerWriter;
      const ledger = await readWholeLedger(store(), territory);
      expect(ledger.map((entry) => entry.position)).toEqual(
        Array.from({ length: total }, (_, index) => index + 1),
      );
      // Commit order: the position each append was acknowledged with holds that very event.
      expect(committed).toHaveLength(total);
      for (const result of committed) {
        const [position] = result.positions;
        expect(ledger[(position as number) - 1]?.event.eventId).toBe(result.events[0]?.eventId);
      }
      // And within each stream, ledger positions follow versions.
      for (const id of streams) {
        const versions = ledger
          .filter((entry) => entry.event.streamId === id)
          .map((entry) => entry.event.version);
        expect(versions).toEqual(Array.from({ length: versions.length }, (_, index) => index + 1));
      }
      expect(await verifyLedger(territory, ledger)).toMatchObject({ ok: true, checked: total });
    });

    it('leaves nothing behind when an append fails part-way', async () => {
      const id = newStream();
      const territory = newTerritory();
      await store().append(id, commentDrafts(id, territory, 1), {
        expectedVersion: 'no_stream',
        commandId: uniqueId('c'),
      });
      const commandId = uniqueId('c');
      getFixture().failNextAppendPartWay();
      await expect(
        store().append(id, commentDrafts(id, territory, 3), { expectedVersion: 1, commandId }),
      ).rejects.toThrow();
      const events = await readAllEvents(store(), id);
      expect(events.map((event) => event.version)).toEqual([1]);
      expect((await readWholeLedger(store(), territory)).map((entry) => entry.position)).toEqual([1]);
      expect(await store().findCommand(commandId)).toBeNull();
      const after = await store().append(id, commentDrafts(id, territory, 1), {
        expectedVersion: 1,
        commandId,
      });
      expect(after).toMatchObject({ fromVersion: 2, toVersion: 2, positions: [2], replayed: false });
      expect(await verifyChain(await readAllEvents(store(), id))).toMatchObject({ ok: true });
    });
  });
}

async function appendWithRetry(
  store: EventStore,
  id: string,
  territory: string,
  label: string,
): Promise<AppendResult> {
  const commandId = uniqueId(label);
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const { streamVersion } = await store.readStream(id, { direction: 'backward', limit: 1 });
    try {
      return await store.append(id, commentDrafts(id, territory, 1, label), {
        expectedVersion: streamVersion === 0 ? 'no_stream' : streamVersion,
        commandId,
      });
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error;
      // Spread the retries so one writer does not starve the others.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    }
  }
  throw new Error(`writer ${label} never got through`);
}
