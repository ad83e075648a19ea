import type {
  OpenAPIHonoOptions,
  RouteConfig,
  RouteConfigToEnv,
  RouteHandler,
  RouteHook,
} from '@hono/zod-openapi';
import { zValidator } from '@hono/zod-validator';
import type { Env, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
// hono/tiny: Hono with its smallest router (PatternRouter), 6 KB less in the Lambda bundle than the default
// SmartRouter; with some thirty routes, it simply tries them in turn.
import { Hono } from 'hono/tiny';
import type { ZodType } from 'zod';

/** A declared route as the OpenAPI document describes it: without its middleware. */
export type DocumentedRoute = Omit<RouteConfig, 'middleware' | 'hide'>;

/** The env a route's handler sees: the app's, and what the route's own middleware adds (as OpenAPIHono types it). */
type HandlerEnv<R extends RouteConfig, E extends Env> = R['middleware'] extends
  | MiddlewareHandler[]
  | MiddlewareHandler
  ? RouteConfigToEnv<R> & E
  : E;
/**
 * A route this router can validate: its body, if it has one, is required JSON, as every body of this API
 * is. A body of another kind does not type-check, rather than go unvalidated.
 */
export type JsonBodyRoute = RouteConfig & {
  request?: { body?: { required: true; content: { 'application/json': { schema: ZodType } } } };
};
/** What to do with each validation result of every route (unless a route names its own hook). */
export type DefaultHook<E extends Env> = NonNullable<OpenAPIHonoOptions<E>['defaultHook']>;

/**
 * A Hono app whose routes are declared with their zod schemas, as with @hono/zod-openapi's OpenAPIHono
 * (same route declarations, same validation), without importing that package at run time: it extends
 * zod through its whole namespace when it loads, which keeps all of zod in the Lambda bundle. The
 * declarations are kept in `documented`, from which docs/openapi-document.ts builds the OpenAPI document.
 */
export class OpenApiRouter<E extends Env> extends Hono<E> {
  readonly documented: DocumentedRoute[] = [];
  readonly #defaultHook: DefaultHook<E> | undefined;

  constructor(options: { defaultHook?: DefaultHook<E> } = {}) {
    super();
    this.#defaultHook = options.defaultHook;
  }

  /** Documents a route served by a plain handler (one with no zod schema to validate against). */
  document(route: DocumentedRoute): void {
    this.documented.push(route);
  }

  /**
   * Declares a route: validators for its params, query, headers, cookies and JSON body, then its handler.
   * Typed as OpenAPIHono's `openapi` for its arguments (the route's schemas type `c.req.valid()` and the
   * answers), but it returns this router, which is all it is.
   */
  openapi<R extends JsonBodyRoute>(
    config: R,
    handler: RouteHandler<R, HandlerEnv<R, E>>,
    hook?: RouteHook<R, E>,
  ): this {
    const { middleware, hide, ...route }: RouteConfig = config;
    if (!hide) this.documented.push(route);
    const onResult = (hook ?? this.#defaultHook) as Parameters<typeof zValidator>[2];
    const { params, query, headers, cookies } = route.request ?? {};
    const body = config.request?.body;
    const validators: MiddlewareHandler[] = [];
    if (query) validators.push(zValidator('query', query, onResult));
    if (params) validators.push(zValidator('param', params, onResult));
    if (headers) validators.push(zValidator('header', headers as ZodType, onResult));
    if (cookies) validators.push(zValidator('cookie', cookies, onResult));
    if (body)
      validators.push(
        jsonMediaTypeGate,
        zValidator('json', body.content['application/json'].schema, onResult),
      );
    const before = middleware === undefined ? [] : Array.isArray(middleware) ? middleware : [middleware];
    const path = route.path.replaceAll(/\/{(.+?)}/g, '/:$1');
    this.on(
      [route.method],
      [path],
      ...(before as MiddlewareHandler[]),
      ...validators,
      handler as MiddlewareHandler,
    );
    return this;
  }
}

/**
 * Refuses (415) a body that is not JSON before its schema sees it, as OpenAPIHono's media-type gate does
 * for a JSON body (a route's own middleware, such as jsonBodyGuard, runs first).
 */
const jsonMediaTypeGate: MiddlewareHandler = async (c, next) => {
  if (!JSON_CONTENT_TYPE.test(c.req.header('content-type') ?? '')) {
    throw new HTTPException(415, { message: 'Unsupported Media Type' });
  }
  await next();
};

/** A JSON request content type, as OpenAPIHono matches it: the media type, then `; name=value` parameters. */
const JSON_CONTENT_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/** A route declaration, typed for `openapi()`: its schemas type the handler's `c.req.valid()` and answers. */
export const createRoute = <const R extends RouteConfig>(route: R): R => route;
