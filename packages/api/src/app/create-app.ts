import { MemoryPersonDirectory } from '@chemins/core';
import { openApiDocument } from '../docs/openapi-document.ts';
import type { OpenApiRouter } from '../http/openapi-router.ts';
import { registerApiRoutes, validationHook } from './api-routes.ts';
import { buildApp, type OpenApiDocumentSource, PUBLIC_PATHS } from './build-app.ts';
import type { AppDependencies, AppEnv } from './env.ts';

/**
 * The Chemins API, as one Hono app: served by @hono/node-server locally and by hono/aws-lambda on AWS.
 * Example: `createApp({ store: new MemoryEventStore(), auth, clock: () => new Date(), ids: randomUUID })`.
 */
export function createApp(deps: AppDependencies): OpenApiRouter<AppEnv> {
  return createAppWithDocument(deps, openApiDocument);
}

/** The same app with its OpenAPI document from elsewhere: the Lambda serves the published one. */
export function createAppWithDocument(
  deps: AppDependencies,
  document: OpenApiDocumentSource,
): OpenApiRouter<AppEnv> {
  return buildApp(
    {
      ids: deps.ids,
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.corsOrigins ? { corsOrigins: deps.corsOrigins } : {}),
      openApiDocument: document,
    },
    {
      deps: { ...deps, directory: deps.directory ?? new MemoryPersonDirectory() },
      register: registerApiRoutes,
      validationHook,
    },
  );
}

export type { OpenApiRouter };
export { PUBLIC_PATHS };
