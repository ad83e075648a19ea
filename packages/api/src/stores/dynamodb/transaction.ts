import type {
  CancellationReason,
  TransactWriteItem,
  TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  type ChainHead,
  type CommandRecord,
  EMPTY_HEAD,
  type JournalEvent,
  type StreamKind,
  type StreamSummary,
} from '@chemins/core';
import { type Item, num, str } from './attributes.ts';
import {
  commandItem,
  EMPTY_LEDGER,
  eventItem,
  type Key,
  key,
  type LedgerHead,
  ledgerHeadItem,
  parseCommand,
  parseLedgerHead,
  parseStreamHead,
  streamHeadItem,
  summaryItem,
} from './items.ts';

/** One attempt at an append: the events chained from `from`, placed after `ledger` in their territory. */
export interface AppendAttempt {
  tableName: string;
  streamId: string;
  kind: StreamKind;
  territory: string;
  commandId: string;
  fingerprint: string;
  from: ChainHead;
  ledger: LedgerHead;
  events: JournalEvent[];
  /** The ledger hash of each event, chained from `ledger` (see `chainLedger`). */
  ledgerHashes: string[];
  summary?: StreamSummary;
  /** Test hook: add a condition that cannot hold, so the whole transaction is cancelled. */
  injectFailure: boolean;
}

export interface PlannedTransaction {
  input: TransactWriteItemsCommandInput;
  record: CommandRecord;
  streamHead: ChainHead;
  ledgerHead: LedgerHead;
}

/** How an append's transaction is laid out: cancellation reasons come back in the same order. */
export interface Layout {
  eventCount: number;
  hasSummary: boolean;
}

const slots = ({ eventCount, hasSummary }: Layout) => ({
  head: eventCount,
  ledger: eventCount + 1,
  command: eventCount + 2,
  summary: hasSummary ? eventCount + 3 : -1,
  fault: eventCount + (hasSummary ? 4 : 3),
});

const FAULT_KEY: Key = key('FAULT#injected', 'FAULT');

/** Builds the single TransactWriteItems of an append: every item but the summary under a condition. */
export function planTransaction(attempt: AppendAttempt): PlannedTransaction {
  const { tableName, events, ledger } = attempt;
  const last = events.at(-1);
  const lastLedgerHash = attempt.ledgerHashes.at(-1);
  if (!last || !lastLedgerHash)
    throw new TypeError('an append needs at least one event, and its ledger hash');
  const positions = events.map((_, index) => ledger.position + index + 1);
  const streamHead = { version: last.version, lastHash: last.hash };
  const ledgerHead = { position: ledger.position + events.length, ledgerHash: lastLedgerHash };
  const record: CommandRecord = {
    commandId: attempt.commandId,
    streamId: attempt.streamId,
    fingerprint: attempt.fingerprint,
    fromVersion: attempt.from.version + 1,
    toVersion: last.version,
    positions,
  };
  const info = {
    streamId: attempt.streamId,
    kind: attempt.kind,
    territory: attempt.territory,
    version: last.version,
  };
  const items: TransactWriteItem[] = [
    // The head's condition already rules these out; the event's own condition makes an overwrite
    // impossible even if a bug wrote a head behind its events.
    ...events.map((event, index) =>
      put(tableName, eventItem(event, positions[index] ?? 0, attempt.ledgerHashes[index] ?? ''), absent),
    ),
    // A head is its version (or position) and its hash: a head this process remembers with the right
    // version but another hash (the table lost an append it saw acknowledged) must not be chained onto.
    put(
      tableName,
      streamHeadItem(info, streamHead.lastHash),
      attempt.from.version === 0
        ? absent
        : holds({ version: num(attempt.from.version), lastHash: str(attempt.from.lastHash) }),
      true,
    ),
    put(
      tableName,
      ledgerHeadItem(attempt.territory, ledgerHead),
      ledger.position === 0
        ? absent
        : holds({ position: num(ledger.position), ledgerHash: str(ledger.ledgerHash) }),
      true,
    ),
    put(tableName, commandItem(record), absent, true),
    // No condition: only an append that won its stream head's condition can write it.
    ...(attempt.summary ? [put(tableName, summaryItem(attempt.summary), always)] : []),
  ];
  if (attempt.injectFailure) {
    items.push({
      ConditionCheck: { TableName: tableName, Key: FAULT_KEY, ConditionExpression: 'attribute_exists(pk)' },
    });
  }
  return { input: { TransactItems: items }, record, streamHead, ledgerHead };
}

interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Item;
}

const absent: Condition = { expression: 'attribute_not_exists(pk)' };
const always: Condition = { expression: '' };

/** The item holds exactly these values. */
function holds(values: Item): Condition {
  const entries = Object.entries(values);
  return {
    expression: entries.map((_, index) => `#a${index} = :a${index}`).join(' AND '),
    names: Object.fromEntries(entries.map(([name], index) => [`#a${index}`, name])),
    values: Object.fromEntries(entries.map(([, value], index) => [`:a${index}`, value])),
  };
}

function put(tableName: string, item: Item, condition: Condition, returnOld = false): TransactWriteItem {
  return {
    Put: {
      TableName: tableName,
      Item: item,
      ...(condition.expression ? { ConditionExpression: condition.expression } : {}),
      ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
      ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
      // The item as it is now comes back with the refusal: the current version, the ledger position or
      // the first result of the command, with no extra read.
      ...(returnOld ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
    },
  };
}

/** What the cancellation reasons of an append say, read by index. */
export interface Cancellation {
  /** The command id was used before: its first result. */
  command?: CommandRecord;
  /** The stream is not where the attempt thought: its actual head. */
  streamHead?: ChainHead;
  /** Another append of the territory took the ledger position: the actual ledger head. */
  ledgerHead?: LedgerHead;
  /** An event item already exists (only a broken head could allow it). */
  eventExists: boolean;
  /** A conflicting transaction or throttling: worth retrying after a pause. */
  transient: boolean;
  injected: boolean;
  /** Reasons the store does not expect (validation errors…), for the error message. */
  unexpected: string[];
}

const TRANSIENT_CODES = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

export function readCancellation(reasons: readonly CancellationReason[], layout: Layout): Cancellation {
  const slot = slots(layout);
  const { eventCount } = layout;
  const found: Cancellation = { eventExists: false, transient: false, injected: false, unexpected: [] };
  reasons.forEach((reason, index) => {
    const code = reason.Code ?? 'None';
    if (code === 'None') return;
    if (TRANSIENT_CODES.has(code)) {
      found.transient = true;
      return;
    }
    if (code !== 'ConditionalCheckFailed') {
      found.unexpected.push(`${code}${reason.Message ? `: ${reason.Message}` : ''}`);
      return;
    }
    const old = reason.Item;
    if (index === slot.command && old) found.command = parseCommand(old);
    else if (index === slot.head) found.streamHead = old ? parseStreamHead(old) : EMPTY_HEAD;
    else if (index === slot.ledger) found.ledgerHead = old ? parseLedgerHead(old) : EMPTY_LEDGER;
    else if (index === slot.fault) found.injected = true;
    else if (index < eventCount) found.eventExists = true;
    else found.unexpected.push(`condition failed on item ${index}`);
  });
  return found;
}
