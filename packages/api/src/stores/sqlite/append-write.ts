import {
  type ChainHead,
  type CommandRecord,
  GENESIS_HASH,
  type JournalEvent,
  parseStreamId,
  type StreamKind,
  type StreamSummary,
} from '@chemins/core';
import type { LedgerHead } from '../ledger-hashes.ts';
import type { Statements } from './statements.ts';

/** An append ready to write: events chained from `from`, ledger hashes chained from `ledger`. */
export interface PlannedAppend {
  streamId: string;
  territory: string;
  commandId: string;
  fingerprint: string;
  from: ChainHead;
  ledger: LedgerHead;
  events: JournalEvent[];
  ledgerHashes: string[];
  summary?: StreamSummary;
}

export type Commit =
  | { kind: 'committed'; record: CommandRecord }
  | { kind: 'command_exists' }
  | { kind: 'head_moved'; current: number }
  | { kind: 'ledger_moved' };

export function readStreamHead(sql: Statements, streamId: string): ChainHead {
  const row = sql.streamHead.get(streamId);
  return row ? { version: row.version, lastHash: row.last_hash } : { version: 0, lastHash: GENESIS_HASH };
}

export function readLedgerHead(sql: Statements, territory: string): LedgerHead {
  const row = sql.ledgerHead.get(territory);
  return row
    ? { position: row.position, ledgerHash: row.ledger_hash }
    : { position: 0, ledgerHash: GENESIS_HASH };
}

/**
 * Runs inside the append's transaction: re-checks what the hashes were computed on (another
 * append, of this process or another, may have committed while they were computed), then writes every
 * row. `failPartWay` is the test hook: throwing after the first event row rolls everything back.
 */
export function writeAppend(sql: Statements, plan: PlannedAppend, failPartWay?: () => boolean): Commit {
  const { streamId, territory, events, ledger } = plan;
  if (sql.command.get(plan.commandId)) return { kind: 'command_exists' };
  const current = readStreamHead(sql, streamId);
  if (current.version !== plan.from.version || current.lastHash !== plan.from.lastHash) {
    return { kind: 'head_moved', current: current.version };
  }
  const ledgerNow = readLedgerHead(sql, territory);
  if (ledgerNow.position !== ledger.position || ledgerNow.ledgerHash !== ledger.ledgerHash) {
    return { kind: 'ledger_moved' };
  }
  const first = events[0] as JournalEvent;
  const last = events.at(-1) as JournalEvent;
  const positions: number[] = [];
  for (const [index, event] of events.entries()) {
    sql.insertEvent.run(streamId, event.version, event.type, JSON.stringify(event));
    if (index === 0 && failPartWay?.()) {
      throw new Error('injected failure part-way through an append, after its first event row');
    }
    const position = ledger.position + index + 1;
    sql.insertLedger.run(territory, position, streamId, event.version, plan.ledgerHashes[index] as string);
    positions.push(position);
  }
  const kind: StreamKind = parseStreamId(streamId)?.kind ?? 'project';
  sql.upsertStream.run(streamId, kind, territory, last.version, last.hash);
  sql.upsertLedgerHead.run(territory, ledger.position + events.length, plan.ledgerHashes.at(-1) as string);
  const { commandId, fingerprint, summary } = plan;
  sql.insertCommand.run(
    commandId,
    streamId,
    fingerprint,
    first.version,
    last.version,
    JSON.stringify(positions),
  );
  if (summary) {
    sql.upsertSummary.run(summary.streamId, summary.territory, summary.version, JSON.stringify(summary));
  }
  const record = {
    commandId,
    streamId,
    fingerprint,
    fromVersion: first.version,
    toVersion: last.version,
    positions,
  };
  return { kind: 'committed', record };
}
