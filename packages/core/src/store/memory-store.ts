import { type ChainHead, chainEvents, EMPTY_HEAD } from '../audit/hash-chain.ts';
import { ledgerHash } from '../audit/ledger-chain.ts';
import { withErasedText } from '../audit/texts.ts';
import { DuplicateCommand } from '../errors/store-errors.ts';
import { type EventDraft, GENESIS_HASH, type JournalEvent } from '../model/envelope.ts';
import { parseStreamId } from '../model/stream-id.ts';
import type { StreamSummary } from '../projections/stream-summary.ts';
import {
  checkDrafts,
  checkExpectedVersion,
  decodeCursor,
  encodeCursor,
  isRetryableExpectation,
} from './append-rules.ts';
import { fingerprintDrafts } from './fingerprint.ts';
import type {
  AppendOptions,
  AppendResult,
  CommandRecord,
  EventStore,
  LedgerEntry,
  LedgerPage,
  ReadStreamOptions,
  StreamInfo,
  StreamList,
  StreamPage,
} from './port.ts';

export interface MemoryStoreOptions {
  /** Test hook: called between the writes of one append; throwing from it aborts the append. */
  onWrite?: (step: number) => void;
}

interface StreamRecord {
  info: StreamInfo;
  head: ChainHead;
  events: JournalEvent[];
}

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/** An event store in memory: for tests and for embedding. It passes the store contract suite. */
export class MemoryEventStore implements EventStore {
  private readonly streams = new Map<string, StreamRecord>();
  private readonly ledgers = new Map<string, LedgerEntry[]>();
  private readonly summaries = new Map<string, StreamSummary>();
  private readonly commands = new Map<string, CommandRecord>();

  constructor(private readonly options: MemoryStoreOptions = {}) {}

  async append(
    streamId: string,
    drafts: readonly EventDraft[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    checkDrafts(streamId, drafts);
    const fingerprint = options.fingerprint ?? (await fingerprintDrafts(drafts));
    for (;;) {
      const replay = this.replay(options.commandId, fingerprint);
      if (replay) return replay;
      const head = this.streams.get(streamId)?.head ?? EMPTY_HEAD;
      checkExpectedVersion(streamId, options.expectedVersion, head.version);
      const chained = await chainEvents(head, drafts);
      const territory = (drafts[0] as EventDraft).territory;
      const ledger = this.ledgers.get(territory) ?? [];
      const ledgerLength = ledger.length;
      const ledgerHashes = await this.ledgerHashes(territory, ledger, chained);
      // Hashing yielded the event loop: another append may have moved a head meanwhile.
      const current = this.streams.get(streamId)?.head ?? EMPTY_HEAD;
      if (current.version !== head.version) {
        if (isRetryableExpectation(options.expectedVersion)) continue;
        checkExpectedVersion(streamId, options.expectedVersion, current.version);
      }
      if ((this.ledgers.get(territory) ?? []).length !== ledgerLength) continue;
      const replayAfterHash = this.replay(options.commandId, fingerprint);
      if (replayAfterHash) return replayAfterHash;
      const result = this.commit(streamId, chained, ledgerHashes, options.commandId, fingerprint);
      if (options.summary) this.summaries.set(options.summary.streamId, options.summary);
      return result;
    }
  }

  private async ledgerHashes(
    territory: string,
    ledger: LedgerEntry[],
    chained: JournalEvent[],
  ): Promise<string[]> {
    const hashes: string[] = [];
    const length = ledger.length;
    let previous = ledger.at(-1)?.ledgerHash ?? GENESIS_HASH;
    for (const [index, event] of chained.entries()) {
      previous = await ledgerHash(territory, length + index + 1, event.hash, previous);
      hashes.push(previous);
    }
    return hashes;
  }

  private replay(commandId: string, fingerprint: string): AppendResult | undefined {
    const record = this.commands.get(commandId);
    if (!record) return undefined;
    if (record.fingerprint !== fingerprint) throw new DuplicateCommand(commandId);
    const events = (this.streams.get(record.streamId)?.events ?? []).slice(
      record.fromVersion - 1,
      record.toVersion,
    );
    return { ...this.resultOf(record, events), replayed: true };
  }

  private resultOf(record: CommandRecord, events: JournalEvent[]): AppendResult {
    const { streamId, fromVersion, toVersion, positions } = record;
    return { streamId, fromVersion, toVersion, positions, events, replayed: false };
  }

  /**
   * Stages every write, then publishes them at once, so a failure part-way leaves nothing behind.
   * Staging holds only the new events and ledger entries: publishing appends them to the stream and
   * ledger arrays in place, so an append costs its own events, not the length of the stream.
   */
  private commit(
    streamId: string,
    chained: JournalEvent[],
    ledgerHashes: string[],
    commandId: string,
    fingerprint: string,
  ): AppendResult {
    const first = chained[0] as JournalEvent;
    const last = chained.at(-1) as JournalEvent;
    const existing = this.streams.get(streamId);
    const parsed = parseStreamId(streamId);
    const ledger = this.ledgers.get(first.territory) ?? [];
    const stagedLedger: LedgerEntry[] = [];
    const positions: number[] = [];
    let step = 0;
    for (const [index, event] of chained.entries()) {
      this.options.onWrite?.(step++);
      const position = ledger.length + stagedLedger.length + 1;
      stagedLedger.push({ position, event, ledgerHash: ledgerHashes[index] as string });
      positions.push(position);
      this.options.onWrite?.(step++);
    }
    const record: CommandRecord = {
      commandId,
      streamId,
      fingerprint,
      fromVersion: first.version,
      toVersion: last.version,
      positions,
    };
    const events = existing?.events ?? [];
    for (const event of chained) events.push(event);
    for (const entry of stagedLedger) ledger.push(entry);
    this.streams.set(streamId, {
      info: {
        streamId,
        kind: parsed?.kind ?? 'project',
        territory: first.territory,
        version: last.version,
      },
      head: { version: last.version, lastHash: last.hash },
      events,
    });
    this.ledgers.set(first.territory, ledger);
    this.commands.set(commandId, record);
    return this.resultOf(record, chained);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StreamPage> {
    const stream = this.streams.get(streamId);
    const all = stream?.events ?? [];
    const limit = Math.min(Math.max(options.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
    const backward = options.direction === 'backward';
    const cursor = options.cursor ? decodeCursor(options.cursor) : undefined;
    const from =
      typeof cursor?.from === 'number'
        ? cursor.from
        : (options.fromVersion ?? (backward ? Number.MAX_SAFE_INTEGER : 1));
    const to =
      typeof cursor?.to === 'number'
        ? cursor.to
        : (options.toVersion ?? (backward ? 1 : Number.MAX_SAFE_INTEGER));
    // Versions are gapless from 1 (version v at index v - 1): a page is one slice, never a scan.
    const low = Math.max(1, Math.ceil(backward ? to : from));
    const high = Math.min(all.length, Math.floor(backward ? from : to));
    const size = Math.max(0, high - low + 1);
    const taken = Math.min(size, limit);
    const events = backward ? all.slice(high - taken, high).reverse() : all.slice(low - 1, low - 1 + taken);
    const last = events.at(-1);
    const more = size > limit && last !== undefined;
    const next = more ? encodeCursor({ from: backward ? last.version - 1 : last.version + 1, to }) : null;
    return { events, next, streamVersion: stream?.head.version ?? 0 };
  }

  async readLedger(
    territory: string,
    options: { afterPosition?: number; limit?: number } = {},
  ): Promise<LedgerPage> {
    const ledger = this.ledgers.get(territory) ?? [];
    const limit = Math.min(Math.max(options.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
    const after = options.afterPosition ?? 0;
    const entries = ledger.slice(after, after + limit);
    const more = after + limit < ledger.length;
    return { entries, next: more ? after + limit : null };
  }

  async listStreams(
    options: { kind?: StreamInfo['kind']; territory?: string; cursor?: string; limit?: number } = {},
  ) {
    const limit = Math.min(Math.max(options.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
    const all = [...this.streams.values()]
      .map((stream) => stream.info)
      .filter(
        (info) =>
          (!options.kind || info.kind === options.kind) &&
          (!options.territory || info.territory === options.territory),
      )
      .sort((a, b) => a.streamId.localeCompare(b.streamId));
    const cursor = options.cursor ? decodeCursor(options.cursor) : undefined;
    const afterId = typeof cursor?.after === 'string' ? cursor.after : undefined;
    const start = afterId ? all.findIndex((info) => info.streamId > afterId) : 0;
    const remaining = start < 0 ? [] : all.slice(start);
    const streams = remaining.slice(0, limit);
    const last = streams.at(-1);
    const list: StreamList = {
      streams,
      next: remaining.length > limit && last ? encodeCursor({ after: last.streamId }) : null,
    };
    return list;
  }

  async findCommand(commandId: string): Promise<CommandRecord | null> {
    return this.commands.get(commandId) ?? null;
  }

  async eraseText(streamId: string, version: number, path: string, digest: string): Promise<void> {
    const stream = this.streams.get(streamId);
    const event = stream?.events[version - 1];
    if (!stream || !event || event.erasedTexts?.[path] !== undefined) return;
    const erased = withErasedText(event, path, digest);
    stream.events[version - 1] = erased;
    for (const entry of this.ledgers.get(event.territory) ?? [])
      if (entry.event === event) entry.event = erased;
  }

  async readSummaries(territory: string): Promise<StreamSummary[]> {
    return [...this.summaries.values()]
      .filter((summary) => summary.territory === territory)
      .sort((a, b) => a.streamId.localeCompare(b.streamId));
  }

  async putSummaries(summaries: readonly StreamSummary[]): Promise<void> {
    for (const summary of summaries) this.summaries.set(summary.streamId, summary);
  }
}
