import {
  type ChainHead,
  type CommandRecord,
  GENESIS_HASH,
  type JournalEvent,
  type LedgerEntry,
  type StreamInfo,
  type StreamKind,
  type StreamSummary,
} from '@chemins/core';
import type { LedgerHead } from '../ledger-hashes.ts';
import { type Item, num, readNumber, readNumberList, readString, str } from './attributes.ts';

export type { LedgerHead };

// The item layout is described in table-definition.ts; this file is its only writer and reader.

const VERSION_DIGITS = 10;
export const HEAD_SK = 'HEAD';
const COMMAND_SK = 'CMD';

export const streamPk = (streamId: string) => `STREAM#${streamId}`;
export const eventSk = (version: number) => `EVT#${String(version).padStart(VERSION_DIGITS, '0')}`;
export const ledgerPk = (territory: string) => `LEDGER#${territory}`;
export const commandPk = (commandId: string) => `CMD#${commandId}`;
/** All summaries of a territory in one partition: the dashboard reads them with one Query. */
export const summaryPk = (territory: string) => `SUMMARY#${territory}`;
export const kindPk = (kind: StreamKind) => `KIND#${kind}`;
/** Territory first, so one kind's streams of one territory are a key prefix of the streams index. */
export const streamsSk = (territory: string, streamId: string) => `${territory}#${streamId}`;

/** The highest version a padded sort key can hold. */
export const MAX_VERSION = 10 ** VERSION_DIGITS - 1;

export type Key = Record<'pk' | 'sk', { S: string }>;
export const key = (pk: string, sk: string): Key => ({ pk: { S: pk }, sk: { S: sk } });
export const streamHeadKey = (streamId: string) => key(streamPk(streamId), HEAD_SK);
export const ledgerHeadKey = (territory: string) => key(ledgerPk(territory), HEAD_SK);
export const commandKey = (commandId: string) => key(commandPk(commandId), COMMAND_SK);

export const isEventItem = (item: Item) => item.sk?.S?.startsWith('EVT#') === true;
export const isHeadItem = (item: Item) => item.sk?.S === HEAD_SK;

export function eventItem(event: JournalEvent, position: number, ledgerHash: string): Item {
  return {
    ...key(streamPk(event.streamId), eventSk(event.version)),
    e: str(JSON.stringify(event)),
    ledgerPk: str(ledgerPk(event.territory)),
    ledgerPosition: num(position),
    ledgerHash: str(ledgerHash),
  };
}

export function parseEvent(item: Item): JournalEvent {
  return JSON.parse(readString(item, 'e')) as JournalEvent;
}

export function parseLedgerEntry(item: Item): LedgerEntry {
  return {
    position: readNumber(item, 'ledgerPosition'),
    event: parseEvent(item),
    ledgerHash: readString(item, 'ledgerHash'),
  };
}

export function streamHeadItem(info: StreamInfo, lastHash: string): Item {
  return {
    ...streamHeadKey(info.streamId),
    streamId: str(info.streamId),
    kind: str(info.kind),
    territory: str(info.territory),
    version: num(info.version),
    lastHash: str(lastHash),
    streamsPk: str(kindPk(info.kind)),
    streamsSk: str(streamsSk(info.territory, info.streamId)),
  };
}

export function parseStreamHead(item: Item): ChainHead {
  return { version: readNumber(item, 'version'), lastHash: readString(item, 'lastHash') };
}

export function parseStreamInfo(item: Item): StreamInfo {
  return {
    streamId: readString(item, 'streamId'),
    kind: readString(item, 'kind') as StreamKind,
    territory: readString(item, 'territory'),
    version: readNumber(item, 'version'),
  };
}

export const EMPTY_LEDGER: LedgerHead = { position: 0, ledgerHash: GENESIS_HASH };

export function ledgerHeadItem(territory: string, head: LedgerHead): Item {
  return { ...ledgerHeadKey(territory), position: num(head.position), ledgerHash: str(head.ledgerHash) };
}

export function parseLedgerHead(item: Item): LedgerHead {
  return { position: readNumber(item, 'position'), ledgerHash: readString(item, 'ledgerHash') };
}

export function summaryItem(summary: StreamSummary): Item {
  return {
    ...key(summaryPk(summary.territory), summary.streamId),
    s: str(JSON.stringify(summary)),
    version: num(summary.version),
  };
}

export function parseSummary(item: Item): StreamSummary {
  return JSON.parse(readString(item, 's')) as StreamSummary;
}

export function commandItem(record: CommandRecord): Item {
  return {
    ...commandKey(record.commandId),
    streamId: str(record.streamId),
    fingerprint: str(record.fingerprint),
    fromVersion: num(record.fromVersion),
    toVersion: num(record.toVersion),
    positions: { L: record.positions.map(num) },
  };
}

export function parseCommand(item: Item): CommandRecord {
  return {
    commandId: readString(item, 'pk').slice('CMD#'.length),
    streamId: readString(item, 'streamId'),
    fingerprint: readString(item, 'fingerprint'),
    fromVersion: readNumber(item, 'fromVersion'),
    toVersion: readNumber(item, 'toVersion'),
    positions: readNumberList(item, 'positions'),
  };
}
