import {
  decodeCursor,
  encodeCursor,
  type StreamInfo,
  type StreamKind,
  type StreamList,
  streamKinds,
} from '@chemins/core';
import { type Item, str } from './attributes.ts';
import { kindPk, parseStreamInfo, streamHeadKey, streamsSk } from './items.ts';
import type { TableClient } from './table-client.ts';
import { TABLE_INDEXES } from './table-definition.ts';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;
const index = TABLE_INDEXES.streams;

export interface ListStreamsOptions {
  kind?: StreamKind;
  territory?: string;
  cursor?: string;
  limit?: number;
}

/**
 * Streams by kind, then territory, from the streams index: one index partition per kind, sorted by
 * territory then stream id. The index is eventually consistent: a stream created a moment ago, or its
 * latest version, may show a little later. That suits a listing; nothing decides on it.
 */
export async function listStreamsPage(table: TableClient, options: ListStreamsOptions): Promise<StreamList> {
  const limit = Math.min(Math.max(options.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
  const kinds = options.kind ? [options.kind] : [...streamKinds];
  const cursor = options.cursor ? decodeCursor(options.cursor) : undefined;
  const found: { kindIndex: number; info: StreamInfo }[] = [];
  let kindIndex = typeof cursor?.k === 'number' ? cursor.k : 0;
  let startKey = typeof cursor?.k === 'number' ? resumeKey(kinds[kindIndex], cursor) : undefined;

  while (found.length <= limit && kindIndex < kinds.length) {
    const kind = kinds[kindIndex] as StreamKind;
    const byTerritory = options.territory !== undefined;
    const output = await table.query({
      IndexName: index.indexName,
      KeyConditionExpression: byTerritory ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
      ExpressionAttributeNames: byTerritory
        ? { '#pk': index.partitionKey.name, '#sk': index.sortKey.name }
        : { '#pk': index.partitionKey.name },
      ExpressionAttributeValues: {
        ':pk': str(kindPk(kind)),
        ...(byTerritory ? { ':prefix': str(`${options.territory}#`) } : {}),
      },
      Limit: limit + 1 - found.length,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    });
    for (const item of output.Items ?? []) found.push({ kindIndex, info: parseStreamInfo(item) });
    startKey = output.LastEvaluatedKey;
    if (!startKey) kindIndex += 1;
  }

  const page = found.slice(0, limit);
  const last = page.at(-1);
  // The loop asks one stream more than the page holds: finding it is the only sign that more follow.
  const more = found.length > limit;
  return {
    streams: page.map((entry) => entry.info),
    next:
      more && last
        ? encodeCursor({ k: last.kindIndex, s: last.info.streamId, t: last.info.territory })
        : null,
  };
}

/** The index key just after the last stream listed (an ExclusiveStartKey needs the table key too). */
function resumeKey(kind: StreamKind | undefined, cursor: Record<string, unknown>): Item | undefined {
  if (!kind || typeof cursor.s !== 'string' || typeof cursor.t !== 'string') return undefined;
  return {
    ...streamHeadKey(cursor.s),
    [index.partitionKey.name]: str(kindPk(kind)),
    [index.sortKey.name]: str(streamsSk(cursor.t, cursor.s)),
  };
}
