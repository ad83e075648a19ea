import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@chemins/api';
import {
  ERASED_TEXT,
  readAllEvents,
  readWholeLedger,
  StoreUnavailable,
  verifyChain,
  verifyLedger,
} from '@chemins/core';
import { commentDrafts, uniqueId } from '@chemins/core/testing';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { appendErasableComment } from '../support/erasure.ts';

const directory = mkdtempSync(join(tmpdir(), 'chemins-sqlite-behaviour-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('SQLite store', () => {
  it('works in memory', async () => {
    const store = new SqliteEventStore(':memory:');
    const id = `project:${uniqueId('s')}`;
    await store.append(id, commentDrafts(id, '46', 2), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
    });
    expect(await verifyChain(await readAllEvents(store, id))).toMatchObject({ ok: true, checked: 2 });
    await store.close();
  });

  it('runs in WAL mode', () => {
    const path = join(directory, 'pragmas.db');
    const store = new SqliteEventStore(path);
    const db = new Database(path);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
    return store.close();
  });

  it('commits with synchronous = FULL, so an acknowledged append survives a power loss', async () => {
    const store = new SqliteEventStore(join(directory, 'durability.db'));
    try {
      expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 'FULL' });
    } finally {
      await store.close();
    }
  });

  it('keeps its journal across reopenings, and shares it between two connections', async () => {
    const path = join(directory, 'nested', 'shared.db');
    const one = new SqliteEventStore(path);
    const two = new SqliteEventStore(path);
    const id = `project:${uniqueId('s')}`;
    await one.append(id, commentDrafts(id, '46', 1), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
    });
    await two.append(id, commentDrafts(id, '46', 1), { expectedVersion: 1, commandId: uniqueId('c') });
    await one.append(id, commentDrafts(id, '46', 1), { expectedVersion: 'any', commandId: uniqueId('c') });
    await one.close();
    await two.close();
    const reopened = new SqliteEventStore(path);
    const events = await readAllEvents(reopened, id);
    expect(events.map((event) => event.version)).toEqual([1, 2, 3]);
    expect(await verifyChain(events)).toMatchObject({ ok: true });
    await reopened.close();
  });

  it('says StoreUnavailable when another process holds the write lock too long, and writes nothing', async () => {
    const path = join(directory, 'busy.db');
    const store = new SqliteEventStore(path, { busyTimeoutMs: 50 });
    const id = `project:${uniqueId('s')}`;
    const locker = new Database(path);
    locker.exec('BEGIN IMMEDIATE');
    try {
      await expect(
        store.append(id, commentDrafts(id, '46', 1), {
          expectedVersion: 'no_stream',
          commandId: uniqueId('c'),
        }),
      ).rejects.toSatisfy(
        (error) =>
          error instanceof StoreUnavailable &&
          /SQLITE_BUSY/.test(error.message) &&
          /locked/.test(error.message),
      );
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    expect((await store.readStream(id)).streamVersion).toBe(0);
    await store.close();
  });

  it('refuses a journal from a development build without ledger hashes, saying what to do', () => {
    const path = join(directory, 'schema-1.db');
    const old = new Database(path);
    old.pragma('user_version = 1');
    old.close();
    expect(() => new SqliteEventStore(path)).toThrow(/development build.*delete it/);
  });

  it('never lets a summaries rebuild move a summary back', async () => {
    const store = new SqliteEventStore(':memory:');
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
    await store.append(id, commentDrafts(id, territory, 2), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
      summary: summary(2),
    });
    await store.putSummaries([summary(1)]);
    expect(await store.readSummaries(territory)).toEqual([summary(2)]);
    await store.close();
  });

  it('refuses to update or delete an event, even in plain SQL', async () => {
    const path = join(directory, 'append-only.db');
    const store = new SqliteEventStore(path);
    const id = `project:${uniqueId('s')}`;
    await store.append(id, commentDrafts(id, '46', 1), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
    });
    await store.close();
    const db = new Database(path);
    try {
      expect(() => db.prepare("UPDATE events SET body = '{}'").run()).toThrow(/append-only/);
      expect(() => db.prepare('UPDATE events SET version = 2').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM ledger').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });

  it('erases a text in place: reads show it erased, the chains verify, and the file no longer holds it', async () => {
    const path = join(directory, 'erasure.db');
    const store = new SqliteEventStore(path);
    const territory = uniqueId('t');
    const id = `project:${uniqueId('s')}`;
    const secret = `Madame Lambert-${uniqueId('x')} a dit`;
    await store.append(id, commentDrafts(id, territory, 1), {
      expectedVersion: 'no_stream',
      commandId: uniqueId('c'),
    });
    const { version, path: textPath, digest } = await appendErasableComment(store, id, territory, secret);
    // The text is on disk before the erasure (in the write-ahead log), so the last check means something.
    expect(readFileSync(`${path}-wal`, 'latin1').includes(secret)).toBe(true);

    await store.eraseText(id, version, textPath, digest);
    await store.eraseText(id, version, textPath, digest);
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
    await store.close();
    for (const file of [path, `${path}-wal`].filter((name) => existsSync(name))) {
      expect(readFileSync(file, 'latin1').includes(secret)).toBe(false);
    }
  });
});
