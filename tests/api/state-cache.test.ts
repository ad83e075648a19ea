// The state cache behind GET /{kind}s/{id}: whatever writes a stream (another store handle on the same
// file, the Journal, another log with the same version), the next read serves the new state, never the
// cached one; and what it serves is what folding the whole stream gives.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, hs256Authenticator, projectView, SqliteEventStore, StateCache } from '@chemins/api';
import {
  type EventStore,
  fold,
  Journal,
  MemoryEventStore,
  readAllEvents,
  type StreamPage,
  upcastEvent,
} from '@chemins/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { headers, NOW, SECRET, seededApp } from './support/test-app.ts';

const PROJECT = 'project:causses-2023';
const actor = { id: 'causses-staff-1', role: 'staff' as const };

let staff: Record<string, string>;
let scratch: string;

beforeAll(async () => {
  staff = await headers('staff', ['causses'], ['46']);
  scratch = mkdtempSync(join(tmpdir(), 'chemins-state-cache-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type App = Awaited<ReturnType<typeof seededApp>>['app'];

interface Read {
  status: number;
  etag: string | null;
  body: { version: number; comments: { text: string }[] } & Record<string, unknown>;
  text: string;
}

async function read(app: App, extra: Record<string, string> = {}): Promise<Read> {
  const response = await app.request('/projects/causses-2023', { headers: { ...staff, ...extra } });
  const text = await response.text();
  return {
    status: response.status,
    etag: response.headers.get('ETag'),
    body: response.status === 200 ? JSON.parse(text) : ({} as Read['body']),
    text,
  };
}

/** A comment recorded through the Journal on `store`: not through the app under test. */
async function comment(store: EventStore, text: string) {
  return new Journal(store).execute(
    PROJECT,
    { type: 'AddComment', text },
    { commandId: randomUUID(), actor, now: NOW.toISOString(), newId: randomUUID },
  );
}

/** The view a cold read gives: the whole stream read and folded. */
async function folded(store: EventStore) {
  const events = (await readAllEvents(store, PROJECT)).map(upcastEvent);
  return JSON.parse(JSON.stringify(projectView(fold(events))));
}

describe('GET /projects/{id} through the state cache', () => {
  test('sees a write made through another SQLite handle on the same file', async () => {
    const path = join(scratch, 'journal.db');
    const served = new SqliteEventStore(path);
    const other = new SqliteEventStore(path);
    try {
      const { app } = await seededApp(served);
      const first = await read(app);
      expect(first.status).toBe(200);
      expect((await read(app)).etag).toBe(first.etag);

      await comment(other, 'Écrit par un autre processus.');
      const second = await read(app, { 'If-None-Match': first.etag ?? '' });
      expect(second.status).toBe(200);
      expect(second.body.version).toBe(first.body.version + 1);
      expect(second.etag).toBe(`W/"${first.body.version + 1}"`);
      expect(second.body.comments.map((c) => c.text)).toContain('Écrit par un autre processus.');
      expect((await read(app, { 'If-None-Match': second.etag ?? '' })).status).toBe(304);
    } finally {
      await other.close();
      await served.close();
    }
  });

  test('sees writes made through the Journal on the same store, and serves what a full fold gives', async () => {
    const { app, store } = await seededApp();
    const cold = await read(app);
    expect(cold.body).toEqual(await folded(store));

    for (let n = 1; n <= 3; n++) {
      const written = await comment(store, `Note ${n}.`);
      const next = await read(app);
      expect(next.body.version).toBe(written.toVersion);
      expect(next.body).toEqual(await folded(store));
    }

    // Several writes between two reads, one of them an erasure (the stored text is rewritten in place).
    const secret = await comment(store, 'Appeler M. Durand au 06 00 00 00 00.');
    const [event] = secret.events;
    expect((await read(app)).text).toContain('06 00 00 00 00');
    await new Journal(store).execute(
      PROJECT,
      {
        type: 'EraseText',
        target: { version: event?.version ?? 0, eventId: event?.eventId ?? '' },
        path: 'text',
        reason: 'Numéro personnel.',
      },
      { commandId: randomUUID(), actor, now: NOW.toISOString(), newId: randomUUID },
    );
    await comment(store, 'Après l’effacement.');
    const after = await read(app);
    expect(after.text).not.toContain('06 00 00 00 00');
    expect(after.body.version).toBe((await store.readStream(PROJECT, { limit: 1 })).streamVersion);
    expect(after.body).toEqual(await folded(store));
  });

  test('reloads when the log under the same version is another one (the head hash differs)', async () => {
    // Two logs of the same length for the same stream: a store whose data is swapped under the app.
    const first = (await seededApp()).store;
    const second = (await seededApp()).store;
    await comment(first, 'Le premier journal.');
    await comment(second, 'Le second journal.');
    let current = first;
    const swapped = new Proxy(first, {
      get: (_target, property) => {
        const value = Reflect.get(current, property, current);
        return typeof value === 'function' ? value.bind(current) : value;
      },
    });
    const app = createApp({
      store: swapped,
      auth: hs256Authenticator({ secret: SECRET }),
      clock: () => NOW,
      ids: randomUUID,
    });
    const before = await read(app);
    expect(before.text).toContain('Le premier journal.');
    current = second;
    const after = await read(app);
    expect(after.body.version).toBe(before.body.version);
    expect(after.text).toContain('Le second journal.');
    expect(after.text).not.toContain('Le premier journal.');
  });

  test('checks the head with one backward read of one event when nothing changed', async () => {
    const reads: Parameters<EventStore['readStream']>[1][] = [];
    const base = new MemoryEventStore();
    const counting: EventStore = new Proxy(base, {
      get: (target, property) => {
        const value = Reflect.get(target, property, target);
        if (property !== 'readStream') return typeof value === 'function' ? value.bind(target) : value;
        return (id: string, options?: Parameters<EventStore['readStream']>[1]): Promise<StreamPage> => {
          if (id === PROJECT) reads.push(options);
          return target.readStream(id, options);
        };
      },
    });
    const { app } = await seededApp(counting);
    await read(app);
    reads.length = 0;
    await read(app);
    expect(reads).toEqual([{ direction: 'backward', limit: 1 }]);
  });
});

describe('StateCache', () => {
  test('keeps at most its number of streams, least recently read first out', async () => {
    const { store } = await seededApp();
    const cache = new StateCache(store, { streams: 2, events: 1_000_000 });
    const ids = ['project:causses-2023', 'structure:causses', 'project:le-fil-2023'];
    for (const id of ids) await cache.current(id);
    expect(cache.size.streams).toBe(2);
    // The evicted one is read again, whole, and right.
    const again = await cache.current(ids[0] ?? '');
    const events = await readAllEvents(store, ids[0] ?? '');
    expect(again.version).toBe(events.length);
    expect(again.state).toEqual(fold(events.map(upcastEvent)));
  });

  test('keeps no more events than its bound, summed over the states', async () => {
    const { store } = await seededApp();
    const version = (await store.readStream(PROJECT, { limit: 1 })).streamVersion;
    const cache = new StateCache(store, { streams: 10, events: version - 1 });
    expect((await cache.current(PROJECT)).version).toBe(version);
    expect(cache.size).toEqual({ streams: 0, events: 0 });
  });

  test('answers StreamNotFound for a stream with no events', async () => {
    const cache = new StateCache(new MemoryEventStore());
    await expect(cache.current('project:nowhere')).rejects.toMatchObject({ code: 'STREAM_NOT_FOUND' });
  });
});
