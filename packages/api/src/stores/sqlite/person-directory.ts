import { type Person, type PersonDirectory, StoreUnavailable } from '@chemins/core';
import type Database from 'better-sqlite3';
import { guarded } from './errors.ts';
import { type OpenOptions, openDatabase } from './schema.ts';

interface PersonRow {
  actor_id: string;
  name: string;
  contact: string | null;
}

/**
 * The person directory in the `people` table of the journal's own SQLite file: one file to back up,
 * move and delete. It opens its own connection through `openDatabase`, so the file's pragmas
 * (secure_delete above all) and schema stay defined in one place. Pass the store (or its path); a
 * `':memory:'` path gives a private database, as it does for the store.
 */
export class SqlitePersonDirectory implements PersonDirectory {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], PersonRow>;
  private readonly upsert: Database.Statement<[string, string, string | null]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(journal: string | { readonly path: string }, options: OpenOptions = {}) {
    const path = typeof journal === 'string' ? journal : journal.path;
    this.path = path;
    this.db = guarded(path, () => openDatabase(path, options));
    this.select = this.db.prepare('SELECT actor_id, name, contact FROM people WHERE actor_id = ?');
    this.upsert = this.db.prepare(
      `INSERT INTO people (actor_id, name, contact) VALUES (?, ?, ?)
       ON CONFLICT (actor_id) DO UPDATE SET name = excluded.name, contact = excluded.contact`,
    );
    this.remove = this.db.prepare('DELETE FROM people WHERE actor_id = ?');
  }

  async put(person: Person): Promise<void> {
    guarded(this.path, () => this.upsert.run(person.actorId, person.name, person.contact ?? null));
  }

  async get(actorId: string): Promise<Person | null> {
    const row = guarded(this.path, () => this.select.get(actorId));
    if (!row) return null;
    return {
      actorId: row.actor_id,
      name: row.name,
      ...(row.contact === null ? {} : { contact: row.contact }),
    };
  }

  async erase(actorId: string): Promise<boolean> {
    const { changes } = guarded(this.path, () => this.remove.run(actorId));
    // secure_delete zeroed the row in its page, but that page's older images (holding the name, and
    // any earlier name or contact) are still frames of the write-ahead log: fold the log into the file
    // and truncate it. Done even when nobody was deleted, so a retry after a busy checkpoint finishes.
    const [result] = guarded(
      this.path,
      () => this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[],
    );
    if (result && result.busy !== 0) {
      throw new StoreUnavailable(
        `the directory entry of ${actorId} is deleted, but another reader of ${this.path} kept the ` +
          'write-ahead log from being truncated, so its bytes may remain on disk: retry the erasure',
      );
    }
    return changes > 0;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
