import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** 3 added the person directory (`people`); a schema 2 file gains it on its next open. */
const SCHEMA_VERSION = 3;
/** Schema 1 (development builds only) had no ledger hashes, which cannot be computed in SQL. */
const OLDEST_READABLE = 2;

/**
 * Events are immutable and the ledger only grows: triggers refuse any delete, and any update of an
 * event but the one a GDPR erasure makes (its body, with its hashes unchanged, since an erased text
 * keeps its digest in the hash). Not even hand-written SQL can rewrite history without dropping them
 * first, and the hash chains would still show it.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  stream_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (stream_id, version)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS streams (
  stream_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  territory TEXT NOT NULL,
  version INTEGER NOT NULL,
  last_hash TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS streams_by_kind ON streams (kind, territory, stream_id);
CREATE INDEX IF NOT EXISTS streams_by_territory ON streams (territory, stream_id);

CREATE TABLE IF NOT EXISTS ledger (
  territory TEXT NOT NULL,
  position INTEGER NOT NULL,
  stream_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  ledger_hash TEXT NOT NULL,
  PRIMARY KEY (territory, position)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS ledger_heads (
  territory TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  ledger_hash TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS summaries (
  stream_id TEXT PRIMARY KEY,
  territory TEXT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS summaries_by_territory ON summaries (territory, stream_id);

CREATE TABLE IF NOT EXISTS commands (
  command_id TEXT PRIMARY KEY,
  stream_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  from_version INTEGER NOT NULL,
  to_version INTEGER NOT NULL,
  positions TEXT NOT NULL
) WITHOUT ROWID;

-- The person directory: names and contacts behind actor ids, outside the log. A row is deleted on
-- erasure (secure_delete zeroes it; see SqlitePersonDirectory for the write-ahead log).
CREATE TABLE IF NOT EXISTS people (
  actor_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  contact TEXT
) WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
  WHEN NEW.stream_id IS NOT OLD.stream_id OR NEW.version IS NOT OLD.version OR NEW.type IS NOT OLD.type
    OR json_extract(NEW.body, '$.hash') IS NOT json_extract(OLD.body, '$.hash')
    OR json_extract(NEW.body, '$.prevHash') IS NOT json_extract(OLD.body, '$.prevHash')
  BEGIN SELECT RAISE(ABORT, 'events are append-only: record a correction instead'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only: record a retraction instead'); END;
CREATE TRIGGER IF NOT EXISTS ledger_append_only_update BEFORE UPDATE ON ledger
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS ledger_append_only_delete BEFORE DELETE ON ledger
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
`;

export interface OpenOptions {
  /** How long a writer waits for another process's write lock before SQLITE_BUSY (ms). */
  busyTimeoutMs?: number;
}

/** Opens (and creates, or upgrades) a journal database file; `':memory:'` gives a private one. */
export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    // WAL: readers never block the writer and the writer never blocks readers; a commit is one
    // sequential append to the log.
    db.pragma('journal_mode = WAL');
    // "An acknowledged append is never lost". In WAL mode, NORMAL syncs only at checkpoints: a commit
    // survives the process crashing (the log is in the OS cache) but not the machine losing power or
    // the OS crashing, which can roll the last commits back. FULL syncs the log at every commit, so an
    // append is on disk before it is acknowledged. The price is one fsync per append.
    db.pragma('synchronous = FULL');
    // An erased text must not survive in the file: freed and rewritten content is zeroed.
    db.pragma('secure_delete = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `${path} was written by a newer Chemins (schema ${version}, this one knows ${SCHEMA_VERSION})`,
      );
    }
    if (version > 0 && version < OLDEST_READABLE) {
      throw new Error(
        `${path} was made by a development build of Chemins (schema ${version}, without ledger hashes): ` +
          'move it away or delete it; the local server seeds a new journal on its next start',
      );
    }
    if (version < SCHEMA_VERSION) {
      // One transaction: two processes opening a new file at once both succeed, and none sees half a schema.
      db.transaction(() => {
        db.exec(SCHEMA);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }).immediate();
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
