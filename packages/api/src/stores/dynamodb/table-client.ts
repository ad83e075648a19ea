import type { DynamoDBClient, QueryCommandInput, QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import type { Item } from './attributes.ts';
import { backoffDelay, isTransientError, type RetryPolicy, sleep, toStoreError } from './errors.ts';
import type { Key } from './items.ts';
import type { DynamoCommands } from './sdk-commands.ts';

/**
 * The table as the store uses it: strongly consistent reads of the base table, transient refusals
 * retried with backoff (on top of the SDK's own retries), the rest mapped to the store's errors.
 */
export class TableClient {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
    readonly retry: RetryPolicy,
    /** The SDK's command classes, handed in (sdk-commands.ts). */
    readonly commands: DynamoCommands,
  ) {}

  /** Runs one request, retrying transient refusals; `writing` says whether a lost answer leaves the outcome unknown. */
  async run<T>(request: () => Promise<T>, writing = false): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        if (isTransientError(error) && attempt < this.retry.attempts) {
          await sleep(backoffDelay(this.retry, attempt));
          continue;
        }
        throw toStoreError(error, { tableName: this.tableName, writing });
      }
    }
  }

  async getItem(key: Key): Promise<Item | undefined> {
    const output = await this.run(() =>
      this.client.send(
        new this.commands.GetItemCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      ),
    );
    return output.Item;
  }

  /** Several items in one request (at most 100 keys), consistently; unprocessed keys are asked again. */
  async getItems(keys: readonly Key[]): Promise<Item[]> {
    const found: Item[] = [];
    let pending: Key[] = [...keys];
    for (let round = 1; pending.length > 0; round++) {
      const request = { [this.tableName]: { Keys: pending, ConsistentRead: true } };
      const output = await this.run(() =>
        this.client.send(new this.commands.BatchGetItemCommand({ RequestItems: request })),
      );
      found.push(...(output.Responses?.[this.tableName] ?? []));
      pending = (output.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Key[];
      if (pending.length > 0) await sleep(backoffDelay(this.retry, round));
    }
    return found;
  }

  /** One Query (at most 1 MB of items): base-table queries are strongly consistent, index queries cannot be. */
  async query(input: Omit<QueryCommandInput, 'TableName' | 'ConsistentRead'>): Promise<QueryCommandOutput> {
    const consistent = input.IndexName === undefined;
    return this.run(() =>
      this.client.send(
        new this.commands.QueryCommand({ ...input, TableName: this.tableName, ConsistentRead: consistent }),
      ),
    );
  }
}
