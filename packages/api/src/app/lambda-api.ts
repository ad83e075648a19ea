import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handle } from 'hono/aws-lambda';
import { lambdaAuthorizerAuthenticator } from '../auth/lambda-authorizer.ts';
import { boundCaches, cacheBoundsFromEnv } from '../hosts/cache-bounds.ts';
// The DynamoDB adapter's own modules, not stores/index.ts: that also exports the SQLite store, whose
// native driver the Lambda never opens. The base classes, which import nothing of the SDK but its types.
import { DynamoEventStoreBase } from '../stores/dynamodb/event-store-base.ts';
import { DynamoPersonDirectoryBase } from '../stores/dynamodb/person-directory-base.ts';
import type { DynamoCommands } from '../stores/dynamodb/sdk-commands.ts';
import { DEFAULT_TABLE_NAME } from '../stores/dynamodb/table-definition.ts';
import type { HostOptions } from './build-app.ts';
import { createAppWithDocument } from './create-app.ts';

/**
 * The parts of the AWS SDK the API uses, imported by the entry (lambda.ts) and handed in: imported here,
 * behind the entry's `import()`, esbuild would keep the whole of the SDK's barrel (stores/dynamodb/sdk-commands.ts).
 */
export interface DynamoSdk {
  DynamoDBClient: typeof DynamoDBClient;
  commands: DynamoCommands;
}

/**
 * The whole API over DynamoDB, as the Lambda serves it: built once per container, on its first request
 * that is not for a public route (lambda.ts), and reused by every invocation the container serves.
 * CHEMINS_CACHE_STREAMS and CHEMINS_CACHE_EVENTS bound its caches as they do a local server's
 * (hosts/store-from-env.ts); an invalid one throws InvalidSetting before any client is built.
 */
export function createLambdaApiHandler(host: HostOptions, env: NodeJS.ProcessEnv, sdk: DynamoSdk) {
  const bounds = cacheBoundsFromEnv(env);
  const client = new sdk.DynamoDBClient(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {});
  const tableName = env.CHEMINS_TABLE ?? DEFAULT_TABLE_NAME;
  const store = new DynamoEventStoreBase({ client, tableName }, sdk.commands);
  boundCaches(store, bounds);
  // The directory shares the journal's table, so the role's transactional writes cover it too.
  const directory = new DynamoPersonDirectoryBase({ client, tableName }, sdk.commands);
  const app = createAppWithDocument(
    {
      store,
      directory,
      auth: lambdaAuthorizerAuthenticator,
      clock: () => new Date(),
      ids: host.ids,
      ...(host.logger ? { logger: host.logger } : {}),
      ...(host.corsOrigins ? { corsOrigins: host.corsOrigins } : {}),
    },
    host.openApiDocument,
  );
  return handle(app);
}
