import type { TransactionCanceledException, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { StoreUnavailable, type StreamSummary } from '@chemins/core';
import { type Item, itemSize, str } from './attributes.ts';
import { backoffDelay, sleep } from './errors.ts';
import { parseSummary, summaryItem, summaryPk } from './items.ts';
import { MAX_TRANSACTION_ACTIONS, MAX_TRANSACTION_BYTES } from './limits.ts';
import type { TableClient } from './table-client.ts';

/** Every summary of a territory, by stream id: one strongly consistent Query (more only past 1 MB). */
export async function readTerritorySummaries(
  table: TableClient,
  territory: string,
): Promise<StreamSummary[]> {
  const summaries: StreamSummary[] = [];
  let startKey: Item | undefined;
  do {
    const output = await table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': str(summaryPk(territory)) },
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    });
    summaries.push(...(output.Items ?? []).map(parseSummary));
    startKey = output.LastEvaluatedKey;
  } while (startKey);
  return summaries;
}

/**
 * Overwrites summaries (a rebuild), in transactions of at most 100 items and 4 MB: the table's writes
 * all go through TransactWriteItems, which is what the deployed role allows. A summary never goes
 * back: one that an append made newer meanwhile is kept.
 */
export async function overwriteSummaries(
  table: TableClient,
  summaries: readonly StreamSummary[],
): Promise<void> {
  for (let batch of batches(summaries.map(summaryItem))) {
    for (let attempt = 1; batch.length > 0; attempt++) {
      const input = { TransactItems: batch.map((item) => notNewer(table.tableName, item)) };
      try {
        await table.run(() => table.client.send(new table.commands.TransactWriteItemsCommand(input)), true);
        break;
      } catch (error) {
        if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
        const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
        const newer = new Set(
          reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : [])),
        );
        if (newer.size > 0) {
          batch = batch.filter((_, index) => !newer.has(index));
          continue;
        }
        // An append rewrote one of these summaries at the same moment: try again, it will not last.
        if (attempt >= table.retry.attempts) {
          throw new StoreUnavailable('DynamoDB kept cancelling the summaries rewrite; retry later', {
            cause: error,
          });
        }
        await sleep(backoffDelay(table.retry, attempt));
      }
    }
  }
}

function notNewer(tableName: string, item: Item): TransactWriteItem {
  return {
    Put: {
      TableName: tableName,
      Item: item,
      ConditionExpression: 'attribute_not_exists(pk) OR #version <= :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version': item.version ?? { N: '0' } },
    },
  };
}

function* batches(items: readonly Item[]): Generator<Item[]> {
  let batch: Item[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = itemSize(item);
    if (batch.length === MAX_TRANSACTION_ACTIONS || bytes + size > MAX_TRANSACTION_BYTES) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
