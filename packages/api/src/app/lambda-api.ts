import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handle } from 'hono/aws-lambda';
import { lambdaAuthorizerAuthenticator } from '../auth/lambda-authorizer.ts';
// The DynamoDB adapter's own modules, not stores/index.ts: that also exports the SQLite store, whose
// native driver the Lambda never opens.
import { DynamoEventStore } from '../stores/dynamodb/dynamo-store.ts';
import { DynamoPersonDirectory } from '../stores/dynamodb/person-directory.ts';
import { DEFAULT_TABLE_NAME } from '../stores/dynamodb/table-definition.ts';
import type { HostOptions } from './build-app.ts';
import { createAppWithDocument } from './create-app.ts';

/**
 * The whole API over DynamoDB, as the Lambda serves it: built once per container, on its first request
 * that is not for a public route (lambda.ts), and reused by every invocation the container serves.
 */
export function createLambdaApiHandler(host: HostOptions, env: NodeJS.ProcessEnv) {
  const client = new DynamoDBClient(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {});
  const tableName = env.CHEMINS_TABLE ?? DEFAULT_TABLE_NAME;
  const store = new DynamoEventStore({ client, tableName });
  // The directory shares the journal's table, so the role's transactional writes cover it too.
  const directory = new DynamoPersonDirectory({ client, tableName });
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
