import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { SqliteEventStore, SqlitePersonDirectory } from '@chemins/api';
import { MemoryPersonDirectory } from '@chemins/core';
import { type DirectoryFixture, describeDirectoryContract } from '@chemins/core/testing';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const folder = mkdtempSync(join(tmpdir(), 'chemins-directory-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const memory = new MemoryPersonDirectory();
// inspect, not JSON: it shows a Map's entries.
describeDirectoryContract('in-memory', () => ({
  directory: memory,
  rawDump: async () => inspect(memory, { depth: null }),
}));

/** The database file and its write-ahead log, as bytes on disk now: where a name could survive. */
const fileBytes = (path: string) =>
  [path, `${path}-wal`]
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('utf8'))
    .join('\n');

const path = join(folder, 'journal.db');
const store = new SqliteEventStore(path);
const sqlite = new SqlitePersonDirectory(store);
afterAll(async () => {
  await sqlite.close();
  await store.close();
});
const sqliteFixture: DirectoryFixture = { directory: sqlite, rawDump: async () => fileBytes(path) };
describeDirectoryContract('sqlite (the journal file, WAL)', () => sqliteFixture);

describe('SQLite person directory', () => {
  it('lives in the journal file: another connection to it sees the entries', async () => {
    const other = new SqlitePersonDirectory(path);
    try {
      await sqlite.put({ actorId: 'shared-1', name: 'Paul Vidal' });
      expect(await other.get('shared-1')).toEqual({ actorId: 'shared-1', name: 'Paul Vidal' });
    } finally {
      await other.close();
    }
  });

  it('gives a schema 2 journal its people table on the next open', async () => {
    const old = join(folder, 'schema-2.db');
    await new SqliteEventStore(old).close();
    const db = new Database(old);
    db.exec('DROP TABLE people');
    db.pragma('user_version = 2');
    db.close();
    const directory = new SqlitePersonDirectory(old);
    try {
      await directory.put({ actorId: 'a', name: 'Anne' });
      expect(await directory.get('a')).toEqual({ actorId: 'a', name: 'Anne' });
    } finally {
      await directory.close();
    }
  });
});
