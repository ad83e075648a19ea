// The stores of @chemins/api: SQLite (embedded default) and DynamoDB (serverless), both passing the
// core's store contract, each with a person directory beside the journal passing the directory contract.

export type { DynamoStoreOptions } from './dynamodb/dynamo-store.ts';
export { DynamoEventStore } from './dynamodb/dynamo-store.ts';
export type { EnsureTableOptions } from './dynamodb/ensure-table.ts';
export { ensureTable } from './dynamodb/ensure-table.ts';
export type { RetryPolicy } from './dynamodb/errors.ts';
export type { LedgerLagPolicy } from './dynamodb/ledger-reader.ts';
export {
  ACTIONS_PER_APPEND,
  MAX_ITEM_BYTES,
  MAX_TRANSACTION_ACTIONS,
  MAX_TRANSACTION_BYTES,
} from './dynamodb/limits.ts';
export type { DynamoDirectoryOptions } from './dynamodb/person-directory.ts';
export { DynamoPersonDirectory } from './dynamodb/person-directory.ts';
export type { RequestCounter } from './dynamodb/request-counter.ts';
export { countRequests } from './dynamodb/request-counter.ts';
export { DEFAULT_TABLE_NAME, TABLE_INDEXES, TABLE_KEY } from './dynamodb/table-definition.ts';
export { SqlitePersonDirectory } from './sqlite/person-directory.ts';
export type { SqliteStoreOptions } from './sqlite/sqlite-store.ts';
export { SqliteEventStore } from './sqlite/sqlite-store.ts';
