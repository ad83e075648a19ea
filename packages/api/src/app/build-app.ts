import type { PersonDirectory } from '@chemins/core';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { docsContentSecurityPolicy, docsPage } from '../docs/docs-page.ts';
import { type DefaultHook, type DocumentedRoute, OpenApiRouter } from '../http/openapi-router.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import { CORS_POLICY } from './cors-policy.ts';
import type { AppDependencies, AppEnv } from './env.ts';

/** Routes anyone may call, without a token. */
export const PUBLIC_PATHS: readonly string[] = ['/health', '/openapi.json', '/docs'];

/** The serialised OpenAPI document of the app's declared routes. */
export type OpenApiDocumentSource = (routes: readonly DocumentedRoute[]) => string;

/** What every app needs from its host, with or without the API's routes. */
export interface HostOptions {
  ids: () => string;
  logger?: Logger;
  corsOrigins?: readonly string[];
  openApiDocument: OpenApiDocumentSource;
}

/** The API behind the public routes: its dependencies and the routes that use them. */
export interface ApiRoutes {
  deps: AppDependencies & { directory: PersonDirectory };
  register: (app: OpenApiRouter<AppEnv>) => void;
  /** Turns a failed validation into the answer (a thrown 400 problem). */
  validationHook: DefaultHook<AppEnv>;
}

/**
 * The app: request id and log line, security headers, CORS, the public routes (/health, /docs,
 * /openapi.json), then, given `api`, authentication and the API's routes. Without `api` it is the part
 * that needs neither the core nor a store: the Lambda answers public routes with it while the rest is
 * still unloaded (lambda.ts). Errors become problem documents through a module loaded on first error.
 */
export function buildApp(host: HostOptions, api?: ApiRoutes): OpenApiRouter<AppEnv> {
  const logger = host.logger ?? silentLogger;
  const app = new OpenApiRouter<AppEnv>(api?.validationHook ? { defaultHook: api.validationHook } : {});

  app.use('*', async (c, next) => {
    const requestId = host.ids();
    const started = performance.now();
    c.set('requestId', requestId);
    if (api) c.set('deps', api.deps);
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
      origin: (host.corsOrigins ?? []).map((origin) => origin.trim()).filter(Boolean),
      allowMethods: [...CORS_POLICY.allowMethods],
      allowHeaders: [...CORS_POLICY.allowHeaders],
      exposeHeaders: [...CORS_POLICY.exposeHeaders],
      maxAge: CORS_POLICY.maxAgeSeconds,
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
  if (api) {
    const { auth } = api.deps;
    app.use('*', async (c, next) => {
      if (!PUBLIC_PATHS.includes(c.req.path) && c.req.method !== 'OPTIONS') {
        c.set('principal', await auth.authenticate(c));
      }
      await next();
    });
  }

  // Documented with the API's routes (routes/system.ts), which the public part does without.
  app.get('/health', (c) => c.json({ status: 'ok' as const }, 200));
  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', docsContentSecurityPolicy);
    return c.html(docsPage);
  });

  api?.register(app);

  let document: string | undefined;
  app.get('/openapi.json', (c) => {
    document ??= host.openApiDocument(app.documented);
    return c.body(document, 200, { 'Content-Type': 'application/json' });
  });

  // Loaded on the first error: problem documents need the core, which public routes do not.
  const answers = () => import('./problem-answer.ts');
  app.notFound(async (c) =>
    (await answers()).notFoundAnswer(c, logger, methodsOf([...app.documented, ...PUBLIC_ROUTES], c.req.path)),
  );
  app.onError(async (error, c: Context<AppEnv>) => (await answers()).problemAnswer(error, c, logger));
  return app;
}

/** The public routes, served by plain handlers: GET (and HEAD) only. */
const PUBLIC_ROUTES = PUBLIC_PATHS.map((path) => ({ method: 'get' as const, path }));

/** The methods the declared routes answer on `path` (HEAD with GET, as Hono serves it). */
function methodsOf(routes: readonly Pick<DocumentedRoute, 'method' | 'path'>[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    const pattern = new RegExp(
      `^${route.path.replaceAll(/[.*+?^$()|[\]\\]/g, '\\$&').replaceAll(/\{[^/}]+\}/g, '[^/]+')}$`,
    );
    if (!pattern.test(path)) continue;
    const method = route.method.toUpperCase();
    methods.add(method);
    if (method === 'GET') methods.add('HEAD');
  }
  return [...methods];
}

/** A thrown value that is not an Error, for the log only. */
function describe(thrown: unknown): string {
  try {
    return typeof thrown === 'string' ? thrown : (JSON.stringify(thrown) ?? String(thrown));
  } catch {
    return Object.prototype.toString.call(thrown);
  }
}
