import type Database from 'better-sqlite3';

export interface HeadRow {
  version: number;
  last_hash: string;
}

export interface CommandRow {
  command_id: string;
  stream_id: string;
  fingerprint: string;
  from_version: number;
  to_version: number;
  positions: string;
}

export interface StreamRow {
  stream_id: string;
  kind: string;
  territory: string;
  version: number;
}

/** Every statement of the store, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
    streamHead: db.prepare<[string], HeadRow>('SELECT version, last_hash FROM streams WHERE stream_id = ?'),
    ledgerHead: db.prepare<[string], { position: number }>(
      'SELECT position FROM ledger_heads WHERE territory = ?',
    ),
    command: db.prepare<[string], CommandRow>('SELECT * FROM commands WHERE command_id = ?'),
    eventsForward: db.prepare<[string, number, number, number], { body: string }>(
      'SELECT body FROM events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version ASC LIMIT ?',
    ),
    eventsBackward: db.prepare<[string, number, number, number], { body: string }>(
      'SELECT body FROM events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version DESC LIMIT ?',
    ),
    ledgerPage: db.prepare<[string, number, number], { position: number; body: string }>(
      `SELECT l.position, e.body FROM ledger l
         JOIN events e ON e.stream_id = l.stream_id AND e.version = l.version
       WHERE l.territory = ? AND l.position > ? ORDER BY l.position LIMIT ?`,
    ),
    insertEvent: db.prepare<[string, number, string, string]>(
      'INSERT INTO events (stream_id, version, type, body) VALUES (?, ?, ?, ?)',
    ),
    insertLedger: db.prepare<[string, number, string, number]>(
      'INSERT INTO ledger (territory, position, stream_id, version) VALUES (?, ?, ?, ?)',
    ),
    upsertStream: db.prepare<[string, string, string, number, string]>(
      `INSERT INTO streams (stream_id, kind, territory, version, last_hash) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET
         territory = excluded.territory, version = excluded.version, last_hash = excluded.last_hash`,
    ),
    upsertLedgerHead: db.prepare<[string, number, string]>(
      `INSERT INTO ledger_heads (territory, position, last_hash) VALUES (?, ?, ?)
       ON CONFLICT (territory) DO UPDATE SET position = excluded.position, last_hash = excluded.last_hash`,
    ),
    insertCommand: db.prepare<[string, string, string, number, number, string]>(
      `INSERT INTO commands (command_id, stream_id, fingerprint, from_version, to_version, positions)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

/** Streams filtered by kind and territory, after a stream id: one statement per filter combination. */
export function listStreamsSql(byKind: boolean, byTerritory: boolean): string {
  const filters = ['stream_id > @after'];
  if (byKind) filters.push('kind = @kind');
  if (byTerritory) filters.push('territory = @territory');
  return `SELECT stream_id, kind, territory, version FROM streams WHERE ${filters.join(' AND ')}
          ORDER BY stream_id LIMIT @limit`;
}
