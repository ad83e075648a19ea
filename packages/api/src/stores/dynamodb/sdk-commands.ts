import {
  BatchGetItemCommand,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';

/**
 * The SDK's command classes the adapter sends, handed to its classes rather than imported by their
 * modules: the Lambda loads the adapter with `import()`, and a module esbuild reaches through `import()`
 * keeps every module of the SDK's barrel it imports from (57 KB of commands, schemas and clients it never
 * uses). The Lambda imports these four from its entry, where the rest of the barrel is left out
 * (bench/README.md, Lambda). The adapter's other modules import this file for its type only.
 */
export interface DynamoCommands {
  BatchGetItemCommand: typeof BatchGetItemCommand;
  GetItemCommand: typeof GetItemCommand;
  QueryCommand: typeof QueryCommand;
  TransactWriteItemsCommand: typeof TransactWriteItemsCommand;
}

export const SDK_COMMANDS: DynamoCommands = {
  BatchGetItemCommand,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
};
