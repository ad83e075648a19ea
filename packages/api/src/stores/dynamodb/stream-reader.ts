import {
  type ChainHead,
  decodeCursor,
  encodeCursor,
  type JournalEvent,
  type ReadStreamOptions,
  type StreamPage,
} from '@chemins/core';
import { type Item, str } from './attributes.ts';
import {
  eventSk,
  HEAD_SK,
  isEventItem,
  isHeadItem,
  MAX_VERSION,
  parseEvent,
  parseStreamHead,
  streamHeadKey,
  streamPk,
} from './items.ts';
import type { TableClient } from './table-client.ts';

const DEFAULT_PAGE = 100;
/** A page is also cut at DynamoDB's 1 MB per Query, so a large limit never costs more than one Query. */
export const MAX_STREAM_PAGE = 10_000;

const asNumber = (value: unknown) => (typeof value === 'number' ? value : undefined);

/**
 * One page of a stream: exactly one strongly consistent Query. When the page reaches the top of the
 * stream, the head item (sorted after the events) comes with it, so the stream version costs nothing;
 * otherwise one GetItem reads it on the first page, and the cursor carries it to the next ones.
 */
export async function readStreamPage(
  table: TableClient,
  streamId: string,
  options: ReadStreamOptions,
  onHead: (head: ChainHead) => void,
): Promise<StreamPage> {
  const limit = Math.min(Math.max(options.limit ?? DEFAULT_PAGE, 1), MAX_STREAM_PAGE);
  const backward = options.direction === 'backward';
  const cursor = options.cursor ? decodeCursor(options.cursor) : undefined;
  const start = cursor ? asNumber(cursor.from) : options.fromVersion;
  const end = cursor ? asNumber(cursor.to) : options.toVersion;
  const known = asNumber(cursor?.v) ?? 0;
  const low = Math.max(1, (backward ? end : start) ?? 1);
  const high = Math.min(MAX_VERSION, (backward ? start : end) ?? MAX_VERSION);
  const openEnded = high === MAX_VERSION;

  let events: JournalEvent[] = [];
  let head: ChainHead | undefined;
  let cut = false;
  if (low <= high) {
    const output = await table.query({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
      ExpressionAttributeValues: {
        ':pk': str(streamPk(streamId)),
        ':low': str(eventSk(low)),
        ':high': str(openEnded ? HEAD_SK : eventSk(high)),
      },
      ScanIndexForward: !backward,
      // One more event than asked tells whether another page follows; one more item for the head.
      Limit: limit + (openEnded ? 2 : 1),
    });
    const items: Item[] = output.Items ?? [];
    events = items.filter(isEventItem).map(parseEvent);
    const headItem = items.find(isHeadItem);
    head = headItem ? parseStreamHead(headItem) : undefined;
    // Forward, the head is the last item: reading it means the range is done, whatever the Limit said.
    cut = output.LastEvaluatedKey !== undefined && !(head && !backward);
  }
  if (head) onHead(head);

  const page = events.slice(0, limit);
  const last = page.at(-1);
  const boundary = last ? (backward ? last.version - 1 : last.version + 1) : undefined;
  const more =
    boundary !== undefined && (events.length > limit || cut) && boundary >= low && boundary <= high;

  let streamVersion = head?.version ?? Math.max(known, events[0]?.version ?? 0, last?.version ?? 0);
  // The Query saw the whole open range without a head: the stream does not exist. Otherwise ask.
  const headUnseen = !head && known === 0 && !(openEnded && !cut && low <= high);
  if (headUnseen) {
    const item = await table.getItem(streamHeadKey(streamId));
    const current = item ? parseStreamHead(item) : undefined;
    if (current) onHead(current);
    streamVersion = current?.version ?? 0;
  }

  const next = more
    ? encodeCursor({
        from: boundary,
        ...(backward ? { to: low } : openEnded ? {} : { to: high }),
        v: streamVersion,
      })
    : null;
  return { events: page, next, streamVersion };
}

/** Every event of a version range, following DynamoDB's pages (a replayed append's events). */
export async function readVersionRange(
  table: TableClient,
  streamId: string,
  fromVersion: number,
  toVersion: number,
): Promise<JournalEvent[]> {
  const events: JournalEvent[] = [];
  let startKey: Item | undefined;
  do {
    const output = await table.query({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
      ExpressionAttributeValues: {
        ':pk': str(streamPk(streamId)),
        ':low': str(eventSk(fromVersion)),
        ':high': str(eventSk(toVersion)),
      },
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    });
    events.push(...(output.Items ?? []).map(parseEvent));
    startKey = output.LastEvaluatedKey;
  } while (startKey);
  return events;
}
