import {
  type AppendOptions,
  type AppendResult,
  type ChainHead,
  type CommandRecord,
  chainEvents,
  checkDrafts,
  checkExpectedVersion,
  DuplicateCommand,
  decodeCursor,
  EMPTY_HEAD,
  type EventDraft,
  type EventStore,
  encodeCursor,
  fingerprintDrafts,
  isRetryableExpectation,
  type JournalEvent,
  type LedgerPage,
  parseStreamId,
  type ReadStreamOptions,
  type StreamInfo,
  type StreamKind,
  type StreamList,
  type StreamPage,
} from '@chemins/core';
import type Database from 'better-sqlite3';
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

type Commit =
  | { kind: 'committed'; record: CommandRecord }
  | { kind: 'command_exists' }
  | { kind: 'head_moved'; current: number };

/**
 * The event store in one SQLite file (better-sqlite3, WAL, synchronous FULL). An append hashes its
 * events first (Web Crypto is asynchronous), then writes them in one synchronous transaction that
 * checks that nobody moved the head meanwhile, from this process or another.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly sql: Statements;
  private readonly listStatements = new Map<string, Database.Statement>();
  private readonly commit: Database.Transaction<
    (
      streamId: string,
      from: ChainHead,
      events: JournalEvent[],
      commandId: string,
      fingerprint: string,
    ) => Commit
  >;

  constructor(
    readonly path: string,
    private readonly options: SqliteStoreOptions = {},
  ) {
    this.db = guarded(path, () =>
      openDatabase(path, options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
    );
    this.sql = prepareStatements(this.db);
    this.commit = this.db.transaction((streamId, from, events, commandId, fingerprint) =>
      this.write(streamId, from, events, commandId, fingerprint),
    );
  }

  async append(
    streamId: string,
    drafts: readonly EventDraft[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    checkDrafts(streamId, drafts);
    const fingerprint = options.fingerprint ?? (await fingerprintDrafts(drafts));
    for (;;) {
      const replay = guarded(this.path, () => this.replay(options.commandId, fingerprint));
      if (replay) return replay;
      const head = guarded(this.path, () => this.head(streamId));
      checkExpectedVersion(streamId, options.expectedVersion, head.version);
      const events = await chainEvents(head, drafts);
      // IMMEDIATE takes the write lock at BEGIN: a deferred transaction that reads first could find
      // another process's write between its read and its write, and fail instead of waiting.
      const outcome = guarded(this.path, () =>
        this.commit.immediate(streamId, head, events, options.commandId, fingerprint),
      );
      if (outcome.kind === 'committed') {
        const { fromVersion, toVersion, positions } = outcome.record;
        return { streamId, fromVersion, toVersion, positions, events, replayed: false };
      }
      // A retry of this very command committed meanwhile: the next round replays its result.
      if (outcome.kind === 'command_exists') continue;
      if (isRetryableExpectation(options.expectedVersion)) continue;
      checkExpectedVersion(streamId, options.expectedVersion, outcome.current);
    }
  }

  /** Inside the transaction: re-check what the events were chained on, then write every row. */
  private write(
    streamId: string,
    from: ChainHead,
    events: JournalEvent[],
    commandId: string,
    fingerprint: string,
  ): Commit {
    if (this.sql.command.get(commandId)) return { kind: 'command_exists' };
    const current = this.head(streamId);
    if (current.version !== from.version || current.lastHash !== from.lastHash) {
      return { kind: 'head_moved', current: current.version };
    }
    const first = events[0] as JournalEvent;
    const last = events.at(-1) as JournalEvent;
    const territory = first.territory;
    const ledgerAt = this.sql.ledgerHead.get(territory)?.position ?? 0;
    const positions: number[] = [];
    for (const [index, event] of events.entries()) {
      this.sql.insertEvent.run(streamId, event.version, event.type, JSON.stringify(event));
      if (index === 0 && this.options.failPartWay?.()) {
        throw new Error('injected failure part-way through an append, after its first event row');
      }
      const position = ledgerAt + index + 1;
      this.sql.insertLedger.run(territory, position, streamId, event.version);
      positions.push(position);
    }
    const kind: StreamKind = parseStreamId(streamId)?.kind ?? 'project';
    this.sql.upsertStream.run(streamId, kind, territory, last.version, last.hash);
    this.sql.upsertLedgerHead.run(territory, ledgerAt + events.length, last.hash);
    const record = {
      commandId,
      streamId,
      fingerprint,
      fromVersion: first.version,
      toVersion: last.version,
      positions,
    };
    this.sql.insertCommand.run(
      commandId,
      streamId,
      fingerprint,
      first.version,
      last.version,
      JSON.stringify(positions),
    );
    return { kind: 'committed', record };
  }

  private head(streamId: string): ChainHead {
    const row = this.sql.streamHead.get(streamId);
    return row ? { version: row.version, lastHash: row.last_hash } : EMPTY_HEAD;
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
        streamVersion: this.head(streamId).version,
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
    const entries = rows
      .slice(0, limit)
      .map((row) => ({ position: row.position, event: JSON.parse(row.body) as JournalEvent }));
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

  async findCommand(commandId: string): Promise<CommandRecord | null> {
    const row = guarded(this.path, () => this.sql.command.get(commandId));
    return row ? toRecord(row) : null;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

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
