import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type APIGatewayProxyResult, handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { apiUnavailableApp } from './app/api-unavailable.ts';
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
 * GET and HEAD of the public routes, and CORS preflights, answered by the same app code without the API
 * behind it: a health check does not load the core nor the routes, nor build a DynamoDB client
 * (bench/README.md, Lambda).
 */
const publicHandler = handle(buildApp(host));
type Handler = (event: LambdaEvent, context?: LambdaContext) => Promise<APIGatewayProxyResult>;
let apiHandler: Promise<Handler> | undefined;
/** The 503 answer while the API cannot be loaded: built on the first failure only. */
let unavailableHandler: Handler | undefined;

/** The Lambda entry point behind the HTTP API (payload v2, JWT authorizer claims). */
export async function handler(event: LambdaEvent, context?: LambdaContext): Promise<APIGatewayProxyResult> {
  if (isPublicRequest(event)) return publicHandler(event, context);
  apiHandler ??= loadApi();
  let api: Handler;
  try {
    api = await apiHandler;
  } catch {
    // Logged by loadApi, once per failed load; the client is told only to retry.
    unavailableHandler ??= handle(apiUnavailableApp(host));
    return unavailableHandler(event, context);
  }
  return api(event, context);
}

/**
 * The whole app, for every request but the public reads, built on the first: the core, the routes, the
 * DynamoDB client. A failed load is logged and forgotten, so the next request loads again. That mends only
 * a failure of createLambdaApiHandler that can pass (it does no I/O, so little can). A module that failed
 * to evaluate fails again, the same way: Node's loader, and in the bundle esbuild's module initialisers,
 * keep its error. An invalid setting (CHEMINS_CACHE_EVENTS=lots) stays so for the container's life. Those
 * last until the container is replaced (by a deploy with the fix): meanwhile each request gets a quick 503
 * and the log says why.
 */
function loadApi(): Promise<Handler> {
  const loading = import('./app/lambda-api.ts').then(({ createLambdaApiHandler }) =>
    createLambdaApiHandler(host, process.env, sdk),
  );
  loading.catch((error: unknown) => {
    if (apiHandler === loading) apiHandler = undefined;
    jsonLogger({
      level: 'error',
      msg: 'API not loaded',
      error: String(error),
      ...(error instanceof Error ? { stack: error.stack } : {}),
    });
  });
  return loading;
}

/**
 * A GET or HEAD of a public path, or a CORS preflight (OPTIONS, which carries no token and which the
 * CORS middleware answers before any route), in an HTTP API (v2) event; anything else goes to the whole
 * app. So no request without a token makes the container load the API.
 */
function isPublicRequest(event: LambdaEvent): boolean {
  if (!('rawPath' in event) || !('http' in event.requestContext)) return false;
  const { method } = event.requestContext.http;
  if (method === 'OPTIONS') return true;
  return (method === 'GET' || method === 'HEAD') && PUBLIC_PATHS.includes(event.rawPath);
}
