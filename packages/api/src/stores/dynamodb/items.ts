import type { ChainHead, CommandRecord, JournalEvent, StreamInfo, StreamKind } from '@chemins/core';
import { type Item, num, readNumber, readNumberList, readString, str } from './attributes.ts';

// The item layout is described in table-definition.ts; this file is its only writer and reader.

const VERSION_DIGITS = 10;
export const HEAD_SK = 'HEAD';
const COMMAND_SK = 'CMD';

export const streamPk = (streamId: string) => `STREAM#${streamId}`;
export const eventSk = (version: number) => `EVT#${String(version).padStart(VERSION_DIGITS, '0')}`;
export const ledgerPk = (territory: string) => `LEDGER#${territory}`;
export const commandPk = (commandId: string) => `CMD#${commandId}`;
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

export function eventItem(event: JournalEvent, position: number): Item {
  return {
    ...key(streamPk(event.streamId), eventSk(event.version)),
    e: str(JSON.stringify(event)),
    ledgerPk: str(ledgerPk(event.territory)),
    ledgerPosition: num(position),
  };
}

export function parseEvent(item: Item): JournalEvent {
  return JSON.parse(readString(item, 'e')) as JournalEvent;
}

export function parseEventPosition(item: Item): number {
  return readNumber(item, 'ledgerPosition');
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

/** The head of a territory ledger: the last position given and the hash of the event there. */
export interface LedgerHead {
  position: number;
  lastHash: string;
}

export const EMPTY_LEDGER: LedgerHead = { position: 0, lastHash: '' };

export function ledgerHeadItem(territory: string, head: LedgerHead): Item {
  return { ...ledgerHeadKey(territory), position: num(head.position), lastHash: str(head.lastHash) };
}

export function parseLedgerHead(item: Item): LedgerHead {
  return { position: readNumber(item, 'position'), lastHash: readString(item, 'lastHash') };
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
