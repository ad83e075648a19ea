import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { sleep } from './errors.ts';
import { DEFAULT_TABLE_NAME, TABLE_INDEXES, TABLE_KEY } from './table-definition.ts';

export interface EnsureTableOptions {
  /** How long to wait for the table and its indexes to become ACTIVE. */
  timeoutMs?: number;
}

/**
 * Creates the journal table with the store's key schema and indexes if it is missing, then waits
 * until it and its indexes are ACTIVE. For tests and the local server: on AWS the CDK stack owns the
 * table (built from the same constants). Returns whether it created the table.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string = DEFAULT_TABLE_NAME,
  options: EnsureTableOptions = {},
): Promise<boolean> {
  let created = false;
  if (!(await describe(client, tableName))) {
    try {
      await client.send(new CreateTableCommand(tableDefinition(tableName)));
      created = true;
    } catch (error) {
      // Another process created it between our look and our request: that is what we wanted.
      if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
    }
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const table = await describe(client, tableName);
    if (table && isActive(table)) return created;
    if (Date.now() > deadline) throw new Error(`DynamoDB table ${tableName} did not become ACTIVE in time`);
    await sleep(200);
  }
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

function isActive(table: TableDescription): boolean {
  const indexes = table.GlobalSecondaryIndexes ?? [];
  return table.TableStatus === 'ACTIVE' && indexes.every((index) => index.IndexStatus === 'ACTIVE');
}

function tableDefinition(tableName: string) {
  const indexes = Object.values(TABLE_INDEXES);
  const keys = [
    TABLE_KEY.partitionKey,
    TABLE_KEY.sortKey,
    ...indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: keys.map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
    KeySchema: [
      { AttributeName: TABLE_KEY.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: TABLE_KEY.sortKey.name, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: index.projectionType },
    })),
  };
}
