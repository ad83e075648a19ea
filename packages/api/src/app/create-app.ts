import { MemoryPersonDirectory } from '@chemins/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { docsContentSecurityPolicy, docsPage } from '../docs/docs-page.ts';
import { HttpProblem } from '../errors/http-problem.ts';
import { toProblem } from '../errors/to-problem.ts';
import { silentLogger } from '../logging/logger.ts';
import { registerCommandRoute } from '../routes/commands.ts';
import { registerPeopleRoutes } from '../routes/people.ts';
import { registerProjectReads } from '../routes/project-reads.ts';
import { createRouter } from '../routes/route-kit.ts';
import { registerStreamReads } from '../routes/stream-reads.ts';
import { registerStructureReads } from '../routes/structure-reads.ts';
import { registerTerritoryRoutes } from '../routes/territories.ts';
import type { AppDependencies, AppEnv } from './env.ts';

/** Routes anyone may call, without a token. */
export const PUBLIC_PATHS: readonly string[] = ['/health', '/openapi.json', '/docs'];

/**
 * The Chemins API, as one Hono app: served by @hono/node-server locally and by hono/aws-lambda on AWS.
 * Example: `createApp({ store: new MemoryEventStore(), auth, clock: () => new Date(), ids: randomUUID })`.
 */
export function createApp(deps: AppDependencies): OpenAPIHono<AppEnv> {
  const logger = deps.logger ?? silentLogger;
  const withDirectory = { ...deps, directory: deps.directory ?? new MemoryPersonDirectory() };
  const app = createRouter();

  app.use('*', async (c, next) => {
    const requestId = deps.ids();
    const started = performance.now();
    c.set('requestId', requestId);
    c.set('deps', withDirectory);
    c.header('X-Request-Id', requestId);
    await next();
    logger({
      level: c.res.status >= 500 ? 'error' : 'info',
      msg: 'request',
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
    });
  });
  app.use('*', secureHeaders({ strictTransportSecurity: 'max-age=63072000; includeSubDomains' }));
  app.use(
    '*',
    cors({
      // Exact origins only, trimmed: "a, b" from the environment lists two.
      origin: (deps.corsOrigins ?? []).map((origin) => origin.trim()).filter(Boolean),
      allowMethods: ['GET', 'HEAD', 'POST', 'PUT'],
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'If-None-Match'],
      exposeHeaders: ['ETag', 'Location', 'X-Request-Id', 'Retry-After'],
      maxAge: 600,
    }),
  );
  app.use('*', async (_c, next) => {
    try {
      await next();
    } catch (thrown) {
      // Hono hands only Errors to onError: anything else thrown would escape as a bare 500, unlogged.
      throw thrown instanceof Error ? thrown : new Error(`non-Error thrown: ${describe(thrown)}`);
    }
  });
  app.use('*', async (c, next) => {
    if (!PUBLIC_PATHS.includes(c.req.path) && c.req.method !== 'OPTIONS') {
      c.set('principal', await deps.auth.authenticate(c));
    }
    await next();
  });

  app.openapi(
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
    (c) => c.json({ status: 'ok' as const }, 200),
  );
  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', docsContentSecurityPolicy);
    return c.html(docsPage);
  });

  for (const kind of ['project', 'structure', 'cohort'] as const) {
    registerCommandRoute(app, kind);
    registerStreamReads(app, kind);
  }
  registerProjectReads(app);
  registerStructureReads(app);
  registerTerritoryRoutes(app);
  registerPeopleRoutes(app);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Chemins',
      version: '0.1.0',
      description:
        'The evaluation journey of a projet social (centres sociaux, espaces de vie sociale), as an append-only, auditable journal. Errors are RFC 9457 problem+json with a stable `code`.',
    },
  });

  const answer = (error: unknown, c: Context<AppEnv>) => {
    const { problem, headers } = toProblem(error, c.req.path);
    if (problem.status >= 500) {
      // The client gets a generic message; the details stay in the logs.
      logger({
        level: 'error',
        msg: 'unexpected error',
        requestId: c.get('requestId'),
        error: String(error),
        stack: (error as Error)?.stack,
      });
    }
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    return c.body(JSON.stringify(problem), problem.status as 400, {
      'Content-Type': 'application/problem+json',
    });
  };
  app.notFound((c) => answer(new HttpProblem(404, 'NOT_FOUND', 'no such route: see /docs'), c));
  app.onError(answer);
  return app;
}

/** A thrown value that is not an Error, for the log only. */
function describe(thrown: unknown): string {
  try {
    return typeof thrown === 'string' ? thrown : (JSON.stringify(thrown) ?? String(thrown));
  } catch {
    return Object.prototype.toString.call(thrown);
  }
}

export type { OpenAPIHono };
