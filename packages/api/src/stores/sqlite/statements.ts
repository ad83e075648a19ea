import type Database from 'better-sqlite3';

export interface HeadRow {
  version: number;
  last_hash: string;
}

export interface LedgerHeadRow {
  position: number;
  ledger_hash: string;
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
    ledgerHead: db.prepare<[string], LedgerHeadRow>(
      'SELECT position, ledger_hash FROM ledger_heads WHERE territory = ?',
    ),
    command: db.prepare<[string], CommandRow>('SELECT * FROM commands WHERE command_id = ?'),
    eventsForward: db.prepare<[string, number, number, number], { body: string }>(
      'SELECT body FROM events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version ASC LIMIT ?',
    ),
    eventsBackward: db.prepare<[string, number, number, number], { body: string }>(
      'SELECT body FROM events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version DESC LIMIT ?',
    ),
    event: db.prepare<[string, number], { body: string }>(
      'SELECT body FROM events WHERE stream_id = ? AND version = ?',
    ),
    rewriteEventBody: db.prepare<[string, string, number]>(
      'UPDATE events SET body = ? WHERE stream_id = ? AND version = ?',
    ),
    ledgerPage: db.prepare<[string, number, number], { position: number; ledger_hash: string; body: string }>(
      `SELECT l.position, l.ledger_hash, e.body FROM ledger l
         JOIN events e ON e.stream_id = l.stream_id AND e.version = l.version
       WHERE l.territory = ? AND l.position > ? ORDER BY l.position LIMIT ?`,
    ),
    insertEvent: db.prepare<[string, number, string, string]>(
      'INSERT INTO events (stream_id, version, type, body) VALUES (?, ?, ?, ?)',
    ),
    insertLedger: db.prepare<[string, number, string, number, string]>(
      'INSERT INTO ledger (territory, position, stream_id, version, ledger_hash) VALUES (?, ?, ?, ?, ?)',
    ),
    upsertStream: db.prepare<[string, string, string, number, string]>(
      `INSERT INTO streams (stream_id, kind, territory, version, last_hash) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET
         territory = excluded.territory, version = excluded.version, last_hash = excluded.last_hash`,
    ),
    upsertLedgerHead: db.prepare<[string, number, string]>(
      `INSERT INTO ledger_heads (territory, position, ledger_hash) VALUES (?, ?, ?)
       ON CONFLICT (territory) DO UPDATE SET position = excluded.position, ledger_hash = excluded.ledger_hash`,
    ),
    summaries: db.prepare<[string], { body: string }>(
      'SELECT body FROM summaries WHERE territory = ? ORDER BY stream_id',
    ),
    /** An append's summary describes the stream it just moved: it replaces whatever was there. */
    upsertSummary: db.prepare<[string, string, number, string]>(
      `INSERT INTO summaries (stream_id, territory, version, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET territory = excluded.territory, version = excluded.version,
         body = excluded.body`,
    ),
    /** A rebuild's summary never replaces one an append made newer meanwhile. */
    rebuildSummary: db.prepare<[string, string, number, string]>(
      `INSERT INTO summaries (stream_id, territory, version, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET territory = excluded.territory, version = excluded.version,
         body = excluded.body
       WHERE excluded.version >= summaries.version`,
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
