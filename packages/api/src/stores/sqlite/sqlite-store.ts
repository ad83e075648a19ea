import {
  type AppendOptions,
  type AppendResult,
  type CommandRecord,
  chainEvents,
  checkDrafts,
  checkExpectedVersion,
  DuplicateCommand,
  decodeCursor,
  type EventDraft,
  type EventStore,
  encodeCursor,
  fingerprintDrafts,
  isRetryableExpectation,
  type JournalEvent,
  type LedgerPage,
  type ReadStreamOptions,
  type StreamInfo,
  type StreamKind,
  type StreamList,
  type StreamPage,
  type StreamSummary,
  withErasedText,
} from '@chemins/core';
import type Database from 'better-sqlite3';
import { chainLedger } from '../ledger-hashes.ts';
import {
  type Commit,
  type PlannedAppend,
  readLedgerHead,
  readStreamHead,
  writeAppend,
} from './append-write.ts';
import { guarded } from './errors.ts';
import { openDatabase } from './schema.ts';
import {
  type CommandRow,
  listStreamsSql,
  prepareStatements,
  type Statements,
  type StreamRow,
} from './statements.ts';

export interface SqliteStoreOptions {
  /** How long an append waits for another process's write lock before `StoreUnavailable` (ms). */
  busyTimeoutMs?: number;
  /**
   * Test hook, asked inside each append's transaction once its first event row is written: true
   * makes the append throw there, as a crash would, so the transaction rolls back.
   */
  failPartWay?: () => boolean;
}

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;
const NO_UPPER_BOUND = Number.MAX_SAFE_INTEGER;

/**
 * The event store in one SQLite file (better-sqlite3, WAL, synchronous FULL). An append hashes its
 * events and their ledger entries first (Web Crypto is asynchronous), then writes them in one
 * synchronous transaction that checks that nobody moved the stream or ledger head meanwhile, from this
 * process or another.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly sql: Statements;
  private readonly listStatements = new Map<string, Database.Statement>();
  private readonly commit: Database.Transaction<(plan: PlannedAppend) => Commit>;

  constructor(
    readonly path: string,
    options: SqliteStoreOptions = {},
  ) {
    this.db = guarded(path, () =>
      openDatabase(path, options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
    );
    this.sql = prepareStatements(this.db);
    this.commit = this.db.transaction((plan: PlannedAppend) =>
      writeAppend(this.sql, plan, options.failPartWay),
    );
  }

  async append(
    streamId: string,
    drafts: readonly EventDraft[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    checkDrafts(streamId, drafts);
    const fingerprint = options.fingerprint ?? (await fingerprintDrafts(drafts));
    const { commandId, expectedVersion: expected, summary } = options;
    const territory = (drafts[0] as EventDraft).territory;
    for (;;) {
      const replay = guarded(this.path, () => this.replay(commandId, fingerprint));
      if (replay) return replay;
      const { from, ledger } = guarded(this.path, () => ({
        from: readStreamHead(this.sql, streamId),
        ledger: readLedgerHead(this.sql, territory),
      }));
      checkExpectedVersion(streamId, expected, from.version);
      const events = await chainEvents(from, drafts);
      const ledgerHashes = await chainLedger(territory, ledger, events);
      const plan = { streamId, territory, commandId, fingerprint, from, ledger, events, ledgerHashes };
      // IMMEDIATE takes the write lock at BEGIN: a deferred transaction that reads first could find
      // another process's write between its read and its write, and fail instead of waiting.
      const outcome = guarded(this.path, () => this.commit.immediate(summary ? { ...plan, summary } : plan));
      if (outcome.kind === 'committed') {
        const { fromVersion, toVersion, positions } = outcome.record;
        return { streamId, fromVersion, toVersion, positions, events, replayed: false };
      }
      // A retry of this very command committed meanwhile: the next round replays its result. Another
      // stream of the territory took the ledger position: hash again from the new ledger head.
      if (outcome.kind === 'command_exists' || outcome.kind === 'ledger_moved') continue;
      if (isRetryableExpectation(expected)) continue;
      checkExpectedVersion(streamId, expected, outcome.current);
    }
  }

  private replay(commandId: string, fingerprint: string): AppendResult | undefined {
    const row = this.sql.command.get(commandId);
    if (!row) return undefined;
    if (row.fingerprint !== fingerprint) throw new DuplicateCommand(commandId);
    const { streamId, fromVersion, toVersion, positions } = toRecord(row);
    const events = this.sql.eventsForward
      .all(streamId, fromVersion, toVersion, toVersion - fromVersion + 1)
      .map((event) => JSON.parse(event.body) as JournalEvent);
    return { streamId, fromVersion, toVersion, positions, events, replayed: true };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StreamPage> {
    const limit = clampLimit(options.limit);
    const backward = options.direction === 'backward';
    const cursor = options.cursor ? decodeCursor(options.cursor) : undefined;
    const from = asNumber(cursor?.from) ?? options.fromVersion ?? (backward ? NO_UPPER_BOUND : 1);
    const to = asNumber(cursor?.to) ?? options.toVersion ?? (backward ? 1 : NO_UPPER_BOUND);
    // One read transaction: the page and the version come from the same snapshot.
    const { rows, streamVersion } = guarded(this.path, () =>
      this.db.transaction(() => ({
        rows: backward
          ? this.sql.eventsBackward.all(streamId, to, from, limit + 1)
          : this.sql.eventsForward.all(streamId, from, to, limit + 1),
        streamVersion: readStreamHead(this.sql, streamId).version,
      }))(),
    );
    const events = rows.slice(0, limit).map((row) => JSON.parse(row.body) as JournalEvent);
    const last = events.at(-1);
    const next =
      rows.length > limit && last
        ? encodeCursor({ from: backward ? last.version - 1 : last.version + 1, to })
        : null;
    return { events, next, streamVersion };
  }

  async readLedger(
    territory: string,
    options: { afterPosition?: number; limit?: number } = {},
  ): Promise<LedgerPage> {
    const limit = clampLimit(options.limit);
    const after = Math.max(0, options.afterPosition ?? 0);
    const rows = guarded(this.path, () => this.sql.ledgerPage.all(territory, after, limit + 1));
    const entries = rows.slice(0, limit).map((row) => ({
      position: row.position,
      event: JSON.parse(row.body) as JournalEvent,
      ledgerHash: row.ledger_hash,
    }));
    const last = entries.at(-1);
    return { entries, next: rows.length > limit && last ? last.position : null };
  }

  async listStreams(
    options: { kind?: StreamKind; territory?: string; cursor?: string; limit?: number } = {},
  ): Promise<StreamList> {
    const limit = clampLimit(options.limit);
    const cursor = options.cursor ? decodeCursor(options.cursor) : undefined;
    const after = typeof cursor?.after === 'string' ? cursor.after : '';
    const statement = this.listStatement(options.kind !== undefined, options.territory !== undefined);
    const params = {
      after,
      limit: limit + 1,
      ...(options.kind !== undefined ? { kind: options.kind } : {}),
      ...(options.territory !== undefined ? { territory: options.territory } : {}),
    };
    const rows = guarded(this.path, () => statement.all(params) as StreamRow[]);
    const streams: StreamInfo[] = rows.slice(0, limit).map((row) => ({
      streamId: row.stream_id,
      kind: row.kind as StreamKind,
      territory: row.territory,
      version: row.version,
    }));
    const last = streams.at(-1);
    return { streams, next: rows.length > limit && last ? encodeCursor({ after: last.streamId }) : null };
  }

  private listStatement(byKind: boolean, byTerritory: boolean): Database.Statement {
    const key = `${byKind}/${byTerritory}`;
    let statement = this.listStatements.get(key);
    if (!statement) {
      statement = this.db.prepare(listStreamsSql(byKind, byTerritory));
      this.listStatements.set(key, statement);
    }
    return statement;
  }

  async eraseText(streamId: string, version: number, path: string, digest: string): Promise<void> {
    const erase = this.db.transaction(() => {
      const row = this.sql.event.get(streamId, version);
      if (!row) return false;
      const event = JSON.parse(row.body) as JournalEvent;
      if (event.erasedTexts?.[path] !== undefined) return false;
      const erased = withErasedText(event, path, digest);
      this.sql.rewriteEventBody.run(JSON.stringify(erased), streamId, version);
      return true;
    });
    const erased = guarded(this.path, () => erase.immediate());
    // The text's old page image is still in the write-ahead log: fold the log into the file (where
    // secure_delete zeroed it) and truncate it, so the text is gone from disk, not just from reads.
    if (erased) guarded(this.path, () => this.db.pragma('wal_checkpoint(TRUNCATE)'));
  }

  async readSummaries(territory: string): Promise<StreamSummary[]> {
    const rows = guarded(this.path, () => this.sql.summaries.all(territory));
    return rows.map((row) => JSON.parse(row.body) as StreamSummary);
  }

  async putSummaries(summaries: readonly StreamSummary[]): Promise<void> {
    const rebuild = this.db.transaction(() => {
      for (const summary of summaries) {
        const { streamId, territory, version } = summary;
        this.sql.rebuildSummary.run(streamId, territory, version, JSON.stringify(summary));
      }
    });
    guarded(this.path, () => rebuild.immediate());
  }

  async findCommand(commandId: string): Promise<CommandRecord | null> {
    const row = guarded(this.path, () => this.sql.command.get(commandId));
    return row ? toRecord(row) : null;
  }

  /**
   * How this connection commits (set in schema.ts): `synchronous` belongs to the connection, so another
   * connection to the same file cannot tell it.
   */
  durability(): { journalMode: string; synchronous: string } {
    return guarded(this.path, () => ({
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: SYNCHRONOUS_LEVELS[Number(this.db.pragma('synchronous', { simple: true }))] ?? 'unknown',
    }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** SQLite answers `PRAGMA synchronous` with a number: 0 to 3. */
const SYNCHRONOUS_LEVELS = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

function toRecord(row: CommandRow): CommandRecord {
  return {
    commandId: row.command_id,
    streamId: row.stream_id,
    fingerprint: row.fingerprint,
    fromVersion: row.from_version,
    toVersion: row.to_version,
    positions: JSON.parse(row.positions) as number[],
  };
}

const asNumber = (value: unknown) => (typeof value === 'number' ? value : undefined);
const clampLimit = (limit: number | undefined) => Math.min(Math.max(limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
