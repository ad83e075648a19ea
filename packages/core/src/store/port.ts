import type { EventDraft, JournalEvent } from '../model/envelope.ts';
import type { StreamKind } from '../model/stream-id.ts';
import type { StreamSummary } from '../projections/stream-summary.ts';

/** What the writer believes about the stream: a version, no stream yet, some stream, or anything. */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /** Makes the append idempotent: a retry with the same id and request returns the first result. */
  commandId: string;
  /**
   * Identifies the request behind the command id. Defaults to a digest of the drafts' types and data,
   * each salted text by its salted digest (`fingerprintDrafts`): a retry must then carry the same
   * `textSalts`, or give its own fingerprint, as the journal does.
   */
  fingerprint?: string;
  /**
   * The stream's summary after this append, written in the same transaction (the territory dashboard
   * reads these rows). Give it with a numeric or 'no_stream' expectation, so it matches the append.
   */
  summary?: StreamSummary;
}

export interface AppendResult {
  streamId: string;
  fromVersion: number;
  toVersion: number;
  /** Ledger positions of the appended events in their territory, in the same order. */
  positions: number[];
  events: JournalEvent[];
  /** True when this is the stored result of an earlier append with the same command id. */
  replayed: boolean;
}

export interface ReadStreamOptions {
  fromVersion?: number;
  toVersion?: number;
  limit?: number;
  direction?: 'forward' | 'backward';
  /** An opaque cursor returned as `next` by a previous page. */
  cursor?: string;
}

export interface StreamPage {
  events: JournalEvent[];
  /** The cursor of the next page, or null at the end. */
  next: string | null;
  /** The stream's current version (0 when it does not exist). */
  streamVersion: number;
}

export interface LedgerEntry {
  position: number;
  event: JournalEvent;
  /** Chains the territory's ledger across streams: see `ledgerHash` in the core's audit module. */
  ledgerHash: string;
}

export interface LedgerPage {
  entries: LedgerEntry[];
  /** The `afterPosition` of the next page, or null at the end. */
  next: number | null;
}

export interface StreamInfo {
  streamId: string;
  kind: StreamKind;
  territory: string;
  version: number;
}

export interface StreamList {
  streams: StreamInfo[];
  next: string | null;
}

export interface CommandRecord {
  commandId: string;
  streamId: string;
  fingerprint: string;
  fromVersion: number;
  toVersion: number;
  positions: number[];
}

/**
 * The event store port. Every adapter (in-memory, SQLite, DynamoDB) passes the same contract suite
 * (`@chemins/core/testing`). Appends are atomic, conditional and idempotent by command id.
 */
export interface EventStore {
  append(streamId: string, drafts: readonly EventDraft[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StreamPage>;
  readLedger(territory: string, options?: { afterPosition?: number; limit?: number }): Promise<LedgerPage>;
  listStreams(options?: {
    kind?: StreamKind;
    territory?: string;
    cursor?: string;
    limit?: number;
  }): Promise<StreamList>;
  /** The record of an earlier append with this command id, or null. */
  findCommand(commandId: string): Promise<CommandRecord | null>;
  /**
   * Erases one free text of a stored event (GDPR), in place: the event becomes `withErasedText(event,
   * path, digest)`, everywhere the store keeps it (stream, ledger). The only change a store ever makes
   * to a stored event; its hash stays valid by construction.
   */
  eraseText(streamId: string, version: number, path: string, digest: string): Promise<void>;
  /** Every stream summary of a territory, in one query. */
  readSummaries(territory: string): Promise<StreamSummary[]>;
  /** Overwrites summaries (for `chemins rebuild`); appends keep them current otherwise. */
  putSummaries(summaries: readonly StreamSummary[]): Promise<void>;
  close?(): Promise<void>;
}
