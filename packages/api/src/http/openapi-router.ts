import type {
  OpenAPIHonoOptions,
  RouteConfig,
  RouteConfigToEnv,
  RouteHandler,
  RouteHook,
} from '@hono/zod-openapi';
import { zValidator } from '@hono/zod-validator';
import { type Env, Hono, type HonoRequest, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodType } from 'zod';

/** A declared route as the OpenAPI document describes it: without its middleware. */
export type DocumentedRoute = Omit<RouteConfig, 'middleware' | 'hide'>;

/** The env a route's handler sees: the app's, and what the route's own middleware adds (as OpenAPIHono types it). */
type HandlerEnv<R extends RouteConfig, E extends Env> = R['middleware'] extends
  | MiddlewareHandler[]
  | MiddlewareHandler
  ? RouteConfigToEnv<R> & E
  : E;
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
  openapi<R extends RouteConfig>(
    config: R,
    handler: RouteHandler<R, HandlerEnv<R, E>>,
    hook?: RouteHook<R, E>,
  ): this {
    const { middleware, hide, ...route }: RouteConfig = config;
    if (!hide) this.documented.push(route);
    const onResult = (hook ?? this.#defaultHook) as Parameters<typeof zValidator>[2];
    const { params, query, headers, cookies, body } = route.request ?? {};
    const validators: MiddlewareHandler[] = [];
    if (query) validators.push(zValidator('query', query, onResult));
    if (params) validators.push(zValidator('param', params, onResult));
    if (headers) validators.push(zValidator('header', headers as ZodType, onResult));
    if (cookies) validators.push(zValidator('cookie', cookies, onResult));
    if (body) validators.push(...bodyValidators(body, onResult));
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

type Body = NonNullable<NonNullable<RouteConfig['request']>['body']>;

/**
 * A JSON body: a request with another media type is refused (415) before the schema sees it; an optional
 * body that is absent validates as `{}`. Only JSON bodies are declared by this API: any other media type
 * with a schema is refused at declaration rather than left unvalidated.
 */
function bodyValidators(body: Body, onResult: Parameters<typeof zValidator>[2]): MiddlewareHandler[] {
  const declared = Object.entries(body.content);
  const schemas = declared.flatMap(([mediaType, media]) => {
    const schema = media && 'schema' in media ? media.schema : undefined;
    if (!isZodSchema(schema)) return [];
    if (!JSON_MEDIA_TYPE.test(mediaType)) throw new Error(`no validator for ${mediaType} bodies`);
    return [schema];
  });
  const [schema] = schemas;
  if (!schema) return [];
  const validate = zValidator('json', schema, onResult);
  const mediaTypeGate: MiddlewareHandler = async (c, next) => {
    const contentType = c.req.header('content-type');
    const accepted = contentType
      ? declared.some(([mediaType]) => acceptsContentType(mediaType, contentType))
      : !(await hasBody(c.req));
    if (!accepted) throw new HTTPException(415, { message: 'Unsupported Media Type' });
    await next();
  };
  if (body.required) return [mediaTypeGate, validate];
  const optional: MiddlewareHandler = async (c, next) => {
    const contentType = c.req.header('content-type');
    if (contentType && JSON_MEDIA_TYPE.test(contentType)) return validate(c, next);
    c.req.addValidatedData('json', {});
    await next();
  };
  return [mediaTypeGate, optional];
}

const JSON_MEDIA_TYPE = /^application\/([a-z-.]+\+)?json/i;
/** A JSON request content type: the media type, then only `; name=value` parameters. */
const JSON_CONTENT_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

function acceptsContentType(mediaType: string, contentType: string): boolean {
  if (mediaType === '*/*') return true;
  if (JSON_MEDIA_TYPE.test(mediaType)) return JSON_CONTENT_TYPE.test(contentType);
  const essence = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType.endsWith('/*')) return essence.startsWith(mediaType.slice(0, -1).toLowerCase());
  return essence === mediaType.toLowerCase();
}

/** Whether a request without a content type still carries bytes, read without consuming them. */
async function hasBody(request: HonoRequest): Promise<boolean> {
  if (request.raw.body === null) return false;
  // Read before (Hono keeps what it read): the bytes are in its cache.
  if (request.raw.bodyUsed) return (await request.arrayBuffer()).byteLength > 0;
  const reader = request.raw.clone().body?.getReader();
  if (!reader) return false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      if (value.byteLength > 0) return true;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

function isZodSchema(value: unknown): value is ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/** A route declaration, typed for `openapi()`: its schemas type the handler's `c.req.valid()` and answers. */
export const createRoute = <const R extends RouteConfig>(route: R): R => route;
