import { StoreUnavailable, withErasedText } from '@chemins/core';
import { str } from './attributes.ts';
import { backoffDelay, sleep } from './errors.ts';
import { eventSk, key, parseEvent, streamPk } from './items.ts';
import type { TableClient } from './table-client.ts';

const ATTEMPTS = 5;

/**
 * Rewrites one event item with a text erased (GDPR): the only change the store ever makes to an
 * event. The ledger index projects the same item, so it follows. The Put is conditioned on the item
 * as it was read, so two erasures of one event at once cannot lose each other's work. It goes through
 * TransactWriteItems, the only write the deployed role allows.
 */
export async function eraseEventText(
  table: TableClient,
  streamId: string,
  version: number,
  path: string,
  digest: string,
): Promise<void> {
  const itemKey = key(streamPk(streamId), eventSk(version));
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const item = await table.getItem(itemKey);
    if (!item?.e) return;
    const event = parseEvent(item);
    if (event.erasedTexts?.[path] !== undefined) return;
    const erased = withErasedText(event, path, digest);
    const put = {
      TableName: table.tableName,
      Item: { ...item, e: str(JSON.stringify(erased)) },
      ConditionExpression: 'e = :read',
      ExpressionAttributeValues: { ':read': item.e },
    };
    try {
      await table.run(
        () =>
          table.client.send(new table.commands.TransactWriteItemsCommand({ TransactItems: [{ Put: put }] })),
        true,
      );
      return;
    } catch (error) {
      // Another erasure of this event won the race (or a conflict): read it again and erase on top of it.
      if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
      await sleep(backoffDelay(table.retry, attempt));
    }
  }
  throw new StoreUnavailable(
    `could not erase a text of ${streamId} version ${version}: the event kept changing`,
  );
}
