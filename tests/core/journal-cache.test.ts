// The journal keeps the latest state and version of hot streams in the process (its stream cache): a
// command is decided on the kept state and appended with its version, in one round trip. These tests hold
// it to the journal's behaviour without a cache: other writers, pinned versions, replays, erasures,
// auto-links, refusals, and the state it returns.
import {
  type Command,
  commandSchema,
  DomainError,
  DuplicateCommand,
  type EventStore,
  type ExecuteOptions,
  fold,
  Journal,
  type JournalEvent,
  MemoryEventStore,
  readAllEvents,
  upcastEvent,
  WrongExpectedVersion,
} from '@chemins/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamCache } from '../../packages/core/src/journal/stream-cache.ts';
import {
  correctionOrRetraction,
  foundation,
  fromTemplate,
  type MakeCommand,
} from './projections/random-commands.ts';
import { openProject, staff } from './support/given.ts';

const STREAM = 'project:p1';
const NOW = '2025-06-01T12:00:00.000Z';

/** Counts the calls a journal makes to its store, by method. */
function counted(store: EventStore) {
  const calls: { method: string; args: unknown[] }[] = [];
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push({ method: String(property), args });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls, reset: () => calls.splice(0) };
}

function options(commandId: string, extra: Partial<ExecuteOptions> = {}): ExecuteOptions {
  let n = 0;
  return { commandId, actor: staff, now: NOW, newId: () => `${commandId}-${++n}`, ...extra };
}

const comment = (text: string): Command => ({ type: 'AddComment', text, occurredAt: '2023-01-10' });
const commitment = (commitmentId: string): Command => ({
  type: 'MakeCommitment',
  commitmentId,
  description: `Engagement ${commitmentId}.`,
  dueOn: '2024-06-30',
  occurredAt: '2023-01-10',
});

async function stored(store: EventStore): Promise<JournalEvent[]> {
  return (await readAllEvents(store, STREAM)).map(upcastEvent);
}

describe('the journal’s stream cache', () => {
  it('costs one store call (the append) per command on a hot stream', async () => {
    const { store, calls, reset } = counted(new MemoryEventStore());
    const journal = new Journal(store, { cache: {} });
    await journal.execute(STREAM, openProject, options('open'));
    await journal.execute(STREAM, comment('Un.'), options('c1'));
    reset();
    for (let n = 2; n <= 6; n++) await journal.execute(STREAM, comment(`N° ${n}.`), options(`c${n}`));
    expect(calls.map((call) => call.method)).toEqual(Array(5).fill('append'));
    // Without the cache, every command reads the stream first.
    const uncached = new Journal(store, { cache: false });
    reset();
    await journal.execute(STREAM, comment('Sans cache.'), options('c7'));
    await uncached.execute(STREAM, comment('Sans cache.'), options('c8'));
    expect(calls.map((call) => call.method)).toEqual(['append', 'readStream', 'append']);
  });

  it('after another writer moved the stream, reads only what it missed and succeeds', async () => {
    const { store, calls, reset } = counted(new MemoryEventStore());
    const journal = new Journal(store, { cache: {} });
    const other = new Journal(store, { cache: false });
    await journal.execute(STREAM, openProject, options('open'));
    await journal.execute(STREAM, commitment('k1'), options('k1'));
    await other.execute(STREAM, commitment('k2'), options('k2'));
    reset();
    const result = await journal.execute(STREAM, comment('Après l’autre.'), options('after'));
    expect(result.fromVersion).toBe(4);
    // The optimistic append is refused, the missed event is read (from version 3 only), the append retried.
    expect(calls.map((call) => call.method)).toEqual(['append', 'readStream', 'append']);
    expect(calls[1]?.args[1]).toMatchObject({ fromVersion: 3 });
    expect(result.state).toEqual(fold(await stored(store)));
    expect(result.state.entities.commitments.k2).toBeDefined();
  });

  it('decides again on a refusal that a stale state explains: what another writer created exists', async () => {
    const store = new MemoryEventStore();
    const journal = new Journal(store, { cache: {} });
    const other = new Journal(store, { cache: false });
    await journal.execute(STREAM, openProject, options('open'));
    await other.execute(STREAM, commitment('k9'), options('k9'));
    const honoured = await journal.execute(
      STREAM,
      { type: 'HonourCommitment', commitmentId: 'k9', occurredAt: '2023-02-01' },
      options('honour'),
    );
    expect(honoured.events[0]?.type).toBe('CommitmentHonoured');
    // A refusal that holds on the current stream is still a refusal.
    await expect(
      journal.execute(
        STREAM,
        { type: 'HonourCommitment', commitmentId: 'nope', occurredAt: '2023-02-01' },
        options('unknown'),
      ),
    ).rejects.toMatchObject({ code: 'UNKNOWN_REFERENCE' });
  });

  it('still throws WrongExpectedVersion for a pinned version that is not the stream’s', async () => {
    const store = new MemoryEventStore();
    const journal = new Journal(store, { cache: {} });
    const other = new Journal(store, { cache: false });
    await journal.execute(STREAM, openProject, options('open'));
    await journal.execute(STREAM, comment('Deux.'), options('two'));
    // The kept version is 2: pinning 1 is wrong.
    await expect(
      journal.execute(STREAM, comment('Trop tard.'), options('late', { expectedVersion: 1 })),
    ).rejects.toMatchObject({ code: 'WRONG_EXPECTED_VERSION', expected: 1, actual: 2 });
    // Another writer moves the stream to 3: pinning the kept version 2 is wrong too...
    await other.execute(STREAM, comment('Trois.'), options('three'));
    const error = await journal
      .execute(STREAM, comment('Périmé.'), options('stale', { expectedVersion: 2 }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WrongExpectedVersion);
    expect(error).toMatchObject({ expected: 2, actual: 3 });
    // ...and pinning 3, which the cache had not seen, is right.
    const pinned = await journal.execute(
      STREAM,
      comment('À jour.'),
      options('fresh', { expectedVersion: 3 }),
    );
    expect(pinned.fromVersion).toBe(4);
    // 'no_stream' on an opened stream is wrong, whether or not the stream is kept.
    await expect(
      new Journal(store, { cache: {} }).execute(
        STREAM,
        openProject,
        options('reopen', { expectedVersion: 'no_stream' }),
      ),
    ).rejects.toBeInstanceOf(WrongExpectedVersion);
    expect((await stored(store)).length).toBe(4);
  });

  it('replays as before: the same command id answers with the first result; another request is refused', async () => {
    for (const cache of [{}, false] as const) {
      const store = new MemoryEventStore();
      const journal = new Journal(store, { cache });
      await journal.execute(STREAM, openProject, options('open'));
      const first = await journal.execute(STREAM, commitment('k1'), options('once'));
      await journal.execute(STREAM, comment('Ensuite.'), options('next'));
      const again = await journal.execute(STREAM, commitment('k1'), options('once'));
      expect(again).toMatchObject({
        replayed: true,
        fromVersion: first.fromVersion,
        toVersion: first.toVersion,
        events: first.events,
      });
      expect(again.state).toEqual(fold(await stored(store)));
      // Replayed even when pinned to a version the stream has left, as before.
      const pinned = await journal.execute(STREAM, commitment('k1'), options('once', { expectedVersion: 1 }));
      expect(pinned).toMatchObject({ replayed: true, fromVersion: first.fromVersion });
      await expect(journal.execute(STREAM, commitment('k2'), options('once'))).rejects.toBeInstanceOf(
        DuplicateCommand,
      );
      expect((await stored(store)).length).toBe(3);
    }
  });

  it('links a new project to its structure, and reads an erased text afresh', async () => {
    const store = new MemoryEventStore();
    const journal = new Journal(store, { cache: {} });
    const admin = { id: 'admin-1', role: 'admin' } as const;
    await journal.execute(
      'structure:causses',
      {
        type: 'RegisterStructure',
        structureId: 'causses',
        name: 'Centre social des Causses',
        kind: 'centre_social',
        managingBody: 'association',
        territory: '46',
        occurredAt: '2022-01-01',
      },
      options('register', { actor: admin }),
    );
    await journal.execute(STREAM, openProject, options('open'));
    const structure = await readAllEvents(store, 'structure:causses');
    expect(structure.map((event) => event.type)).toEqual(['StructureRegistered', 'ProjectLinked']);

    const said = await journal.execute(STREAM, comment('Mme Martin est venue.'), options('said'));
    const target = { version: said.toVersion, eventId: said.events[0]?.eventId ?? '' };
    const erased = await journal.execute(
      STREAM,
      { type: 'EraseText', target, path: 'text', reason: 'Demande de la personne.' },
      options('erase'),
    );
    expect(JSON.stringify(erased.state)).not.toContain('Mme Martin');
    const next = await journal.execute(STREAM, comment('Après l’effacement.'), options('after'));
    expect(JSON.stringify(next.state)).not.toContain('Mme Martin');
    expect(next.state).toEqual(fold(await stored(store)));
    await expect(
      journal.execute(
        STREAM,
        { type: 'EraseText', target, path: 'text', reason: 'Encore.' },
        options('again'),
      ),
    ).rejects.toMatchObject({ code: 'TEXT_ALREADY_ERASED' });
  });

  it('runs the commands of one stream one at a time: concurrent unpinned commands all land, in order', async () => {
    const { store, calls, reset } = counted(new MemoryEventStore());
    const journal = new Journal(store, { cache: {} });
    await journal.execute(STREAM, openProject, options('open'));
    reset();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) => journal.execute(STREAM, comment(`N° ${n}.`), options(`p${n}`))),
    );
    expect(results.map((result) => result.fromVersion)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(calls.map((call) => call.method)).toEqual(Array(10).fill('append'));
  });

  it('keeps an append that failed out of the kept state', async () => {
    let fail = false;
    const store = new MemoryEventStore({
      onWrite: () => {
        if (fail) throw new Error('the disk is full');
      },
    });
    const journal = new Journal(store, { cache: {} });
    await journal.execute(STREAM, openProject, options('open'));
    fail = true;
    await expect(journal.execute(STREAM, commitment('k1'), options('lost'))).rejects.toThrow(
      'the disk is full',
    );
    fail = false;
    const next = await journal.execute(STREAM, comment('Ensuite.'), options('next'));
    expect(next.fromVersion).toBe(2);
    expect(next.state.entities.commitments.k1).toBeUndefined();
    expect(next.state).toEqual(fold(await stored(store)));
  });

  it('returns states of their own: what a caller does to one changes neither the cache nor another', async () => {
    const store = new MemoryEventStore();
    const journal = new Journal(store, { cache: {} });
    await journal.execute(STREAM, openProject, options('open'));
    const first = await journal.execute(STREAM, commitment('k1'), options('k1'));
    const second = await journal.execute(STREAM, commitment('k2'), options('k2'));
    expect(first.state.version).toBe(2);
    expect(first.state.entities.commitments.k2).toBeUndefined();
    delete (second.state.entities.commitments as Record<string, unknown>).k1;
    second.state.version = 99;
    const third = await journal.execute(STREAM, comment('Trois.'), options('c3'));
    expect(third.state).toEqual(fold(await stored(store)));
    expect(third.state.entities.commitments.k1).toBeDefined();
  });

  it('is shared by the journals of one store by default, and bounded', async () => {
    const store = new MemoryEventStore();
    const { store: countedStore, calls, reset } = counted(store);
    await new Journal(countedStore).execute(STREAM, openProject, options('open'));
    reset();
    await new Journal(countedStore).execute(STREAM, comment('Une autre instance.'), options('other'));
    expect(calls.map((call) => call.method)).toEqual(['append']);

    const cache = new StreamCache({ maxStreams: 2, maxEvents: 5 });
    const journal = new Journal(store, { cache });
    for (const id of ['a', 'b', 'c']) {
      await journal.execute(
        `project:${id}`,
        { ...openProject, projectId: id } as Command,
        options(`open-${id}`),
      );
    }
    expect(cache.size()).toEqual({ streams: 2, events: 2 });
    for (let n = 0; n < 5; n++) await journal.execute('project:c', comment(`${n}`), options(`c-${n}`));
    // Six events are over the limit: the stream is no longer kept, the journal still works.
    expect(cache.size().events).toBeLessThanOrEqual(5);
    expect(cache.get('project:c')).toBeUndefined();
    const more = await journal.execute('project:c', comment('Encore.'), options('c-more'));
    expect(more.fromVersion).toBe(7);
  });

  it('takes new bounds from a host: what is over them goes at once, and the shared cache obeys them', async () => {
    const store = new MemoryEventStore();
    const shared = StreamCache.sharedBy(store);
    const journal = new Journal(store);
    for (const id of ['a', 'b', 'c']) {
      await journal.execute(
        `project:${id}`,
        { ...openProject, projectId: id } as Command,
        options(`open-${id}`),
      );
    }
    await journal.execute('project:c', comment('Deux.'), options('c-2'));
    // The journals made without options (one per request) keep their streams in the cache the host bounds.
    expect(shared.size()).toEqual({ streams: 3, events: 4 });
    shared.limit({ maxStreams: 2 });
    expect(shared.size()).toEqual({ streams: 2, events: 3 });
    expect(shared.get('project:a')).toBeUndefined();
    // A stream longer than the new event bound is not kept; the others stay.
    shared.limit({ maxEvents: 1 });
    expect(shared.size()).toEqual({ streams: 1, events: 1 });
    expect(shared.get('project:b')).toBeDefined();
    shared.limit({ maxEvents: 0 });
    expect(shared.size()).toEqual({ streams: 0, events: 0 });
    // Bounded to nothing, the journal reads the stream for each command and still decides right.
    const next = await journal.execute('project:c', comment('Trois.'), options('c-3'));
    expect(next.fromVersion).toBe(3);
    expect(shared.size()).toEqual({ streams: 0, events: 0 });
  });

  it('decides and returns exactly what the journal without a cache does, whatever the commands and other writers', async () => {
    const step = fc.record({
      make: fc.oneof(
        { weight: 5, arbitrary: fromTemplate },
        { weight: 1, arbitrary: correctionOrRetraction },
        {
          weight: 1,
          arbitrary: fc.nat().map(
            (index): MakeCommand =>
              (events) =>
                erasure(events, index),
          ),
        },
      ),
      /** Whether another writer (another process: no shared cache) runs it instead. */
      elsewhere: fc.boolean(),
      pinned: fc.boolean(),
    });
    const totals = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), async (steps) => {
        const store = new MemoryEventStore();
        const journal = new Journal(store, { cache: {} });
        const other = new Journal(store, { cache: false });
        const check = new Journal(store, { cache: false });
        await journal.execute(STREAM, openProject, options('open'));
        let n = 0;
        let accepted = 0;
        let refused = 0;
        for (const make of [...foundation.slice(0, 6), ...steps.map((s) => s.make)]) {
          const chosen = steps[n - 6];
          n += 1;
          const events = await stored(store);
          const parsed = commandSchema.safeParse({ occurredAt: '2023-03-01', ...make(events) });
          // An invalid command never reaches the journal (the API validates first).
          if (!parsed.success) continue;
          const command = parsed.data as Command;
          const pin = chosen?.pinned ? { expectedVersion: events.length } : {};
          const writer = chosen?.elsewhere ? other : journal;
          try {
            const result = await writer.execute(STREAM, command, options(`s${n}`, pin));
            accepted += 1;
            // As the journal always answered: the log it decided on, then its events. (Only an erasure's
            // own answer differs from a fresh read, which sees the stored event already erased.)
            expect(result.state).toEqual(fold([...events, ...result.events]));
            expect(result.state).toEqual(
              result.events.some((event) => event.type === 'TextErased')
                ? fold([...events, ...result.events])
                : fold(await stored(store)),
            );
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            // The journal without a cache refuses it too, for the same reason.
            const again = await check.execute(STREAM, command, options(`check${n}`, pin)).then(
              () => undefined,
              (refusal: unknown) => refusal,
            );
            expect(again).toBeInstanceOf(DomainError);
            expect((again as DomainError).code).toBe(error.code);
            refused += 1;
          }
        }
        totals.accepted += accepted;
        totals.refused += refused;
        const last = await journal.execute(STREAM, comment('La fin.'), options('last'));
        expect(last.state).toEqual(fold(await stored(store)));
      }),
      { numRuns: 25 },
    );
    // The runs did exercise both ways: accepted commands (the foundation at least) and refusals.
    expect(totals.accepted).toBeGreaterThan(25 * 6);
    expect(totals.refused).toBeGreaterThan(0);
  }, 120_000);
});

/** An erasure of some text of the log (refused when there is none there, which is fine). */
function erasure(events: readonly JournalEvent[], index: number): object {
  const withText = events.filter((event) => Object.keys(event.textSalts ?? {}).length > 0);
  const event = withText[index % Math.max(withText.length, 1)];
  if (!event) return { type: 'AddComment', text: 'Rien à effacer.' };
  const path = Object.keys(event.textSalts ?? {})[0] ?? 'text';
  return {
    type: 'EraseText',
    target: { version: event.version, eventId: event.eventId },
    path,
    reason: 'Demande d’effacement.',
  };
}
