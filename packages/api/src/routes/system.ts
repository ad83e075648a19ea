import * as z from 'zod';
import type { AppEnv } from '../app/env.ts';
import { createRoute, type OpenApiRouter } from '../http/openapi-router.ts';

/**
 * How GET /health is documented. Served by a plain handler (app/build-app.ts) so that the public part of
 * the app loads no zod; documented with the API, first, as the OpenAPI document has always listed it.
 */
export function documentHealth(app: OpenApiRouter<AppEnv>): void {
  app.document(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['System'],
      summary: 'Liveness: answers without a token',
      responses: {
        200: {
          description: 'Up',
          content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
        },
      },
    }),
  );
}
