import type {
  DynamoDBClient,
  TransactionCanceledException,
  TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { type Person, type PersonDirectory, StoreUnavailable } from '@chemins/core';
import { type Item, str } from './attributes.ts';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy, sleep } from './errors.ts';
import { type Key, key } from './items.ts';
import type { DynamoCommands } from './sdk-commands.ts';
import { TableClient } from './table-client.ts';
import { DEFAULT_TABLE_NAME } from './table-definition.ts';

export interface DynamoDirectoryOptions {
  client: DynamoDBClient;
  /** Defaults to `DEFAULT_TABLE_NAME`: the journal's own table. */
  tableName?: string;
  retry?: Partial<RetryPolicy>;
  /** Stamps tombstones (`erasedAt`); the current time by default. */
  clock?: () => Date;
}

const personKey = (actorId: string): Key => key(`PERSON#${actorId}`, 'PROFILE');

/**
 * The person directory in the journal's DynamoDB table (item layout in table-definition.ts). Every
 * write is a one-item TransactWriteItems, because the deployed role allows Put only inside a
 * transaction and never Delete; so erasing overwrites the whole item with a tombstone that holds no
 * personal data (`erasedAt` only), which reads as nobody. Reads are strongly consistent.
 *
 * It sends the SDK's command classes it is given (sdk-commands.ts): `DynamoPersonDirectory`
 * (person-directory.ts) gives it the SDK's own; the Lambda hands in those its entry imported (lambda.ts).
 */
export class DynamoPersonDirectoryBase implements PersonDirectory {
  readonly tableName: string;
  private readonly table: TableClient;
  private readonly clock: () => Date;

  constructor(options: DynamoDirectoryOptions, commands: DynamoCommands) {
    this.tableName = options.tableName ?? DEFAULT_TABLE_NAME;
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    this.table = new TableClient(options.client, this.tableName, retry, commands);
    this.clock = options.clock ?? (() => new Date());
  }

  async put(person: Person): Promise<void> {
    const item: Item = {
      ...personKey(person.actorId),
      actorId: str(person.actorId),
      name: str(person.name),
      ...(person.contact === undefined ? {} : { contact: str(person.contact) }),
    };
    await this.write({ TransactItems: [{ Put: { TableName: this.tableName, Item: item } }] });
  }

  async get(actorId: string): Promise<Person | null> {
    const item = await this.table.getItem(personKey(actorId));
    const name = item?.name?.S;
    // No item, or a tombstone: nobody.
    if (name === undefined) return null;
    const contact = item?.contact?.S;
    return { actorId, name, ...(contact === undefined ? {} : { contact }) };
  }

  async erase(actorId: string): Promise<boolean> {
    const tombstone: Item = { ...personKey(actorId), erasedAt: str(this.clock().toISOString()) };
    return this.write({
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: tombstone,
            // Only a live entry has a name: absent or already a tombstone, there is nobody to forget.
            ConditionExpression: 'attribute_exists(#name)',
            ExpressionAttributeNames: { '#name': 'name' },
          },
        },
      ],
    });
  }

  /** Runs a one-item transaction: true when written, false when its condition failed. */
  private async write(input: TransactWriteItemsCommandInput): Promise<boolean> {
    const { attempts } = this.table.retry;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await this.table.run(
          () => this.table.client.send(new this.table.commands.TransactWriteItemsCommand(input)),
          true,
        );
        return true;
      } catch (error) {
        if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
        const codes = ((error as TransactionCanceledException).CancellationReasons ?? []).map(
          (reason) => reason.Code,
        );
        if (codes.includes('ConditionalCheckFailed')) return false;
        // A concurrent transaction on the same item: try again after a pause.
        if (!codes.includes('TransactionConflict')) throw error;
        await sleep(backoffDelay(this.table.retry, attempt));
      }
    }
    throw new StoreUnavailable(
      `DynamoDB table ${this.tableName} kept refusing a directory write (conflicting transactions): retry later`,
    );
  }
}
