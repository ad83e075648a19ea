import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type APIGatewayProxyResult, handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { buildApp, type HostOptions, PUBLIC_PATHS } from './app/build-app.ts';
import type { DynamoSdk } from './app/lambda-api.ts';
import { publishedOpenApiDocument } from './docs/published-document.ts';
import { jsonLogger } from './logging/logger.ts';
import { SDK_COMMANDS } from './stores/dynamodb/sdk-commands.ts';

// Read once per container, when the module loads, as the stack sets them.
const host: HostOptions = {
  ids: randomUUID,
  logger: jsonLogger,
  corsOrigins: (process.env.CHEMINS_CORS_ORIGINS ?? '').split(',').filter(Boolean),
  // Generated from the app by scripts/write-openapi.ts: the Lambda does not bundle the generator.
  openApiDocument: publishedOpenApiDocument,
};

/**
 * Imported here, not by the deferred part, so that esbuild leaves out the rest of the SDK's barrel (57 KB:
 * stores/dynamodb/sdk-commands.ts). Its modules are evaluated at import, but no client is built
 * before the first request that needs one; measured, GET /health is no slower for it (bench/README.md, Lambda).
 */
const sdk: DynamoSdk = { DynamoDBClient, commands: SDK_COMMANDS };

/**
 * GET and HEAD of the public routes, answered by the same app code without the API behind it: a health
 * check does not load the core nor the routes, nor build a DynamoDB client (bench/README.md, Lambda).
 */
const publicHandler = handle(buildApp(host));
type Handler = (event: LambdaEvent, context?: LambdaContext) => Promise<APIGatewayProxyResult>;
let apiHandler: Promise<Handler> | undefined;

/** The Lambda entry point behind the HTTP API (payload v2, JWT authorizer claims). */
export async function handler(event: LambdaEvent, context?: LambdaContext): Promise<APIGatewayProxyResult> {
  if (isPublicRead(event)) return publicHandler(event, context);
  // Every other request goes to the whole app, built on the first one: the core, the routes, the
  // DynamoDB client. A failed load is not kept, so the next request tries again.
  apiHandler ??= import('./app/lambda-api.ts').then(
    ({ createLambdaApiHandler }) => createLambdaApiHandler(host, process.env, sdk),
    (error: unknown) => {
      apiHandler = undefined;
      throw error;
    },
  );
  return (await apiHandler)(event, context);
}

/** A GET or HEAD of a public path, in an HTTP API (v2) event; anything else goes to the whole app. */
function isPublicRead(event: LambdaEvent): boolean {
  if (!('rawPath' in event) || !('http' in event.requestContext)) return false;
  const { method } = event.requestContext.http;
  return (method === 'GET' || method === 'HEAD') && PUBLIC_PATHS.includes(event.rawPath);
}
