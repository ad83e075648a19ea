import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventStore, PersonDirectory } from '@chemins/core';
import {
  DEFAULT_TABLE_NAME,
  DynamoEventStore,
  DynamoPersonDirectory,
  ensureTable,
  SqliteEventStore,
  SqlitePersonDirectory,
} from '../stores/index.ts';
import { boundCaches, cacheBoundsFromEnv } from './cache-bounds.ts';
import { InvalidSetting } from './invalid-setting.ts';

export interface ConfiguredStore {
  store: EventStore;
  /** The person directory beside the journal: same SQLite file, or same DynamoDB table. */
  directory: PersonDirectory;
  /** Says where the journal lives, for the startup banner. */
  description: string;
  close(): Promise<void>;
}

/**
 * The store named by the environment, and its person directory: SQLite at CHEMINS_DATA (default
 * ./.chemins/journal.db), or DynamoDB when CHEMINS_STORE=dynamodb (DYNAMODB_ENDPOINT for DynamoDB
 * Local, CHEMINS_TABLE). CHEMINS_CACHE_STREAMS and CHEMINS_CACHE_EVENTS bound the caches kept on it.
 */
export async function storeFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<ConfiguredStore> {
  const bounds = cacheBoundsFromEnv(env);
  const configured = await openStore(env);
  boundCaches(configured.store, bounds);
  return configured;
}

async function openStore(env: NodeJS.ProcessEnv): Promise<ConfiguredStore> {
  const kind = env.CHEMINS_STORE ?? 'sqlite';
  if (kind === 'sqlite') {
    const path = resolve(env.CHEMINS_DATA ?? '.chemins/journal.db');
    mkdirSync(dirname(path), { recursive: true });
    const store = new SqliteEventStore(path);
    const directory = new SqlitePersonDirectory(store);
    return {
      store,
      directory,
      description: `SQLite at ${path}`,
      close: async () => {
        await directory.close();
        await store.close();
      },
    };
  }
  if (kind === 'dynamodb') {
    const tableName = env.CHEMINS_TABLE ?? DEFAULT_TABLE_NAME;
    const endpoint = env.DYNAMODB_ENDPOINT;
    const client = new DynamoDBClient({
      region: env.AWS_REGION ?? 'eu-west-3',
      ...(endpoint
        ? {
            endpoint,
            // DynamoDB Local accepts any credentials; real AWS takes them from the environment.
            credentials: {
              accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local',
              secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
            },
          }
        : {}),
    });
    // Locally the table is created on demand; on AWS the CDK stack owns it.
    if (endpoint) await ensureTable(client, tableName);
    const store = new DynamoEventStore({ client, tableName });
    return {
      store,
      directory: new DynamoPersonDirectory({ client, tableName }),
      description: `DynamoDB table ${tableName}${endpoint ? ` at ${endpoint}` : ''}`,
      close: async () => client.destroy(),
    };
  }
  throw new InvalidSetting('CHEMINS_STORE', `CHEMINS_STORE must be "sqlite" or "dynamodb", not "${kind}"`);
}
