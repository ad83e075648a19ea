import fc from 'fast-check';
import { craftJwt, epochSeconds } from '../../api/support/http.ts';
import { SECRET } from '../../api/support/test-app.ts';
import {
  anyAccept,
  badContentTypes,
  badIdempotencyKeys,
  badIfMatch,
  bodyBytes,
  controlCharacters,
  type Defect,
  defect,
  editBody,
  headerValue,
  invalidUtf8,
  nested,
  notAString,
  objectBody,
  type RequestSpec,
  rawField,
  unknownFieldNames,
  withHeaders,
  withoutHeader,
  withParam,
  withQuery,
} from './bad-requests.ts';

/**
 * Families of defects: each turns a valid request into an invalid one and says what the route must
 * answer. A route's generator is the union of the families that apply to it.
 */

const VALIDATION = { status: 400, code: 'VALIDATION_FAILED' } as const;
const MALFORMED = { status: 400, code: 'MALFORMED_JSON' } as const;
const MB = 1024;
const MAX_BODY = 256 * MB;

const BEARER = /^Bearer +[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/i;
const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
const HS256 = { alg: 'HS256', typ: 'JWT' };
const claims = (extra: Record<string, unknown> = {}) => ({
  sub: 'hardening',
  role: 'admin',
  structures: [],
  territories: ['46'],
  iat: epochSeconds() - 60,
  exp: epochSeconds() + 3600,
  ...extra,
});

/** No token, a token that is not one, or one that is expired, forged or of the wrong shape: 401. */
export function authDefects(): fc.Arbitrary<Defect> {
  const authorization = fc.oneof(
    fc
      .tuple(segment, segment, fc.oneof(segment, fc.constant('')))
      .map((parts) => `Bearer ${parts.join('.')}`),
    fc.constantFrom(
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer ',
      'Token abc.def.ghi',
      'Bearer a.b',
      'Bearer a.b.c.d',
      `Bearer ${craftJwt({ alg: 'none', typ: 'JWT' }, claims(), null)}`,
      `Bearer ${craftJwt(HS256, claims({ exp: epochSeconds() - 60 }), SECRET)}`,
      `Bearer ${craftJwt(HS256, claims(), 'not-the-secret-0123456789-0123456789')}`,
      `Bearer ${craftJwt({ alg: 'HS512', typ: 'JWT' }, claims(), SECRET)}`,
    ),
    headerValue({ maxLength: 120 }),
  );
  const invalidClaims = fc.constantFrom(
    craftJwt(HS256, claims({ role: 'superuser' }), SECRET),
    craftJwt(HS256, claims({ sub: '' }), SECRET),
    craftJwt(HS256, claims({ territories: { code: '46' } }), SECRET),
  );
  return fc.oneof(
    fc.constant(
      defect('no token', { status: 401, code: 'UNAUTHENTICATED' }, (spec) =>
        withoutHeader(spec, 'Authorization'),
      ),
    ),
    authorization.map((value) => {
      // Unsigned, expired, forged and HS512 tokens are well-formed: INVALID_TOKEN, like random segments.
      const code = BEARER.test(value) ? 'INVALID_TOKEN' : 'UNAUTHENTICATED';
      return defect(`Authorization: ${value.slice(0, 40)}`, { status: 401, code }, (spec) =>
        withHeaders(spec, { Authorization: value }),
      );
    }),
    invalidClaims.map((jwt) =>
      defect('claims of the wrong shape', { status: 401, code: 'INVALID_CLAIMS' }, (spec) =>
        withHeaders(spec, { Authorization: `Bearer ${jwt}` }),
      ),
    ),
  );
}

/** A principal the route does not let in: 403 FORBIDDEN. */
export const outsider = (headers: Record<string, string>, who: string): Defect =>
  defect(`outsider: ${who}`, { status: 403, code: 'FORBIDDEN' }, (spec) => withHeaders(spec, headers));

/** A path parameter that is not one: 400 VALIDATION_FAILED. */
export const badParam = (name: string, segments: fc.Arbitrary<string>): fc.Arbitrary<Defect> =>
  segments.map((value) =>
    defect(`${name} = ${value.slice(0, 40)}`, VALIDATION, (spec) => withParam(spec, name, value)),
  );

/** A method the path does not have: 405 METHOD_NOT_ALLOWED, with the methods it has in `Allow`. */
export function wrongMethods(defined: readonly string[]): fc.Arbitrary<Defect> {
  const others = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((method) => !defined.includes(method));
  return fc.constantFrom(...others).map((method) =>
    defect(`method ${method}`, { status: 405, code: 'METHOD_NOT_ALLOWED' }, (spec) => {
      const { body: _body, ...rest } = spec;
      return method === 'GET' ? { ...rest, method } : { ...spec, method };
    }),
  );
}

/** Query parameters with invalid values: 400 VALIDATION_FAILED. */
export function badQuery(values: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<Defect> {
  return fc.oneof(
    ...Object.entries(values).map(([name, arbitrary]) =>
      arbitrary.map((value) =>
        defect(`${name}=${value.slice(0, 40)}`, VALIDATION, (spec) => withQuery(spec, name, value)),
      ),
    ),
  );
}

/** Harmless extras a route must ignore: unknown query parameters, odd headers, any Accept. */
export function noise(options: { accept: boolean }): fc.Arbitrary<(spec: RequestSpec) => RequestSpec> {
  return fc
    .record(
      {
        query: fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 20 })),
        header: headerValue({ maxLength: 40 }),
        accept: anyAccept(),
      },
      { requiredKeys: [] },
    )
    .map((extras) => (spec: RequestSpec) => {
      let result = spec;
      if (extras.query) result = withQuery(result, `zz_${extras.query[0]}`, extras.query[1]);
      if (extras.header !== undefined) result = withHeaders(result, { 'X-Hardening-Noise': extras.header });
      if (extras.accept !== undefined && options.accept)
        result = withHeaders(result, { Accept: extras.accept });
      return result;
    });
}

export interface BodyShape {
  /** The fields of the valid body: each is required. */
  fields: readonly string[];
  /** The text fields among them (free text or labels). */
  texts: readonly string[];
}

/**
 * Everything that can be wrong with a JSON body: wrong types, missing and unknown fields, not an object,
 * 5,000-character and blank texts, control characters, invalid UTF-8, broken JSON, over 256 KB (sent or
 * declared), 65 to 10,000 levels of nesting, huge arrays, thousands of unknown fields, no JSON content type.
 */
export function bodyDefects(shape: BodyShape): fc.Arbitrary<Defect> {
  const field = fc.constantFrom(...shape.fields);
  const text = fc.constantFrom(...shape.texts);
  const placeInBody = fc.oneof(
    { weight: 3, arbitrary: field.map((name): string | null => name) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  return fc.oneof(
    fc
      .tuple(field, notAString())
      .map(([name, value]) =>
        defect(`${name} of the wrong type`, VALIDATION, (spec) =>
          editBody(spec, (body) => ({ ...body, [name]: value })),
        ),
      ),
    field.map((name) =>
      defect(`${name} missing`, VALIDATION, (spec) =>
        editBody(spec, (body) => {
          delete body[name];
          return body;
        }),
      ),
    ),
    fc.tuple(unknownFieldNames(), fc.jsonValue({ maxDepth: 2 })).map(([name, value]) =>
      defect(`unknown field ${JSON.stringify(name)}`, VALIDATION, (spec) =>
        editBody(spec, (body) => {
          Object.defineProperty(body, name, { value, enumerable: true, configurable: true, writable: true });
          return body;
        }),
      ),
    ),
    fc
      .oneof(
        fc.constant(null),
        fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
        fc.string(),
        fc.integer(),
        fc.boolean(),
      )
      .map((value) =>
        defect(`a body that is ${JSON.stringify(value).slice(0, 30)}`, VALIDATION, (spec) =>
          objectBody(spec) === undefined ? spec : { ...spec, body: { json: value } },
        ),
      ),
    fc
      .tuple(text, fc.integer({ min: 4001, max: 5000 }), fc.constantFrom('x', 'é', '<', '"', '€', '😀'))
      .map(([name, length, character]) =>
        defect(`${name} of ${length} characters`, VALIDATION, (spec) =>
          // zod counts code points: 4,001 emoji are 4,001 characters (8,002 UTF-16 units).
          editBody(spec, (body) => ({ ...body, [name]: character.repeat(length) })),
        ),
      ),
    fc
      .tuple(text, fc.constantFrom('', ' ', '   ', '\n\t', '\r\n'))
      .map(([name, blank]) =>
        defect(`${name} blank`, VALIDATION, (spec) => editBody(spec, (body) => ({ ...body, [name]: blank }))),
      ),
    fc.tuple(text, controlCharacters(), fc.nat()).map(([name, control, at]) =>
      defect(`${name} with U+${control.charCodeAt(0).toString(16).padStart(4, '0')}`, VALIDATION, (spec) =>
        editBody(spec, (body) => {
          const current = body[name];
          const value = typeof current === 'string' && current.length > 1 ? current : 'texte';
          const cut = 1 + (at % Math.max(1, value.length - 1));
          return { ...body, [name]: `${value.slice(0, cut)}${control}${value.slice(cut)}` };
        }),
      ),
    ),
    fc.tuple(invalidUtf8(), fc.nat()).map(([bytes, at]) =>
      defect(`invalid UTF-8 ${bytes.map((byte) => byte.toString(16)).join(' ')}`, MALFORMED, (spec) => {
        const encoded = bodyBytes(spec);
        const cut = at % (encoded.byteLength + 1);
        const raw = new Uint8Array([...encoded.slice(0, cut), ...bytes, ...encoded.slice(cut)]);
        return { ...spec, body: { raw } };
      }),
    ),
    fc.oneof(
      fc.nat().map((at) =>
        defect('a truncated body', MALFORMED, (spec) => {
          const text = new TextDecoder().decode(bodyBytes(spec));
          // Any strict prefix of an object's JSON text is broken; surrogate halves are replaced when sent.
          return { ...spec, body: { raw: text.slice(0, at % Math.max(1, text.length)) } };
        }),
      ),
      fc
        .constantFrom(
          '{"type":',
          "{'type':'x'}",
          '{"a":1,}',
          '{} {}',
          'undefined',
          'NaN',
          '{"a":01}',
          '[1,]',
          '\u0000',
        )
        .map((raw) => defect(`broken JSON ${raw}`, MALFORMED, (spec) => ({ ...spec, body: { raw } }))),
    ),
    fc
      .tuple(text, fc.integer({ min: 1, max: 64 * MB }))
      .map(([name, extra]) =>
        defect(`a body over 256 KB (+${extra})`, { status: 413, code: 'PAYLOAD_TOO_LARGE' }, (spec) =>
          editBody(spec, (body) => ({ ...body, [name]: 'x'.repeat(MAX_BODY + extra) })),
        ),
      ),
    fc
      .integer({ min: MAX_BODY + 1, max: 1_000_000_000 })
      .map((declared) =>
        defect(`Content-Length: ${declared}`, { status: 413, code: 'PAYLOAD_TOO_LARGE' }, (spec) =>
          withHeaders(spec, { 'Content-Length': String(declared) }),
        ),
      ),
    fc
      .tuple(
        placeInBody,
        fc.oneof(fc.integer({ min: 65, max: 10_000 }), fc.constant(10_000)),
        fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>,
      )
      .map(([where, depth, kind]) =>
        defect(
          `${depth} levels of ${kind}s in ${where ?? 'the body'}`,
          { status: 400, code: 'JSON_TOO_DEEP' },
          (spec) => rawField(spec, where, nested(depth, kind)),
        ),
      ),
    fc
      .tuple(placeInBody, fc.integer({ min: 10_000, max: 60_000 }))
      .map(([where, length]) =>
        defect(`an array of ${length} items in ${where ?? 'the body'}`, VALIDATION, (spec) =>
          rawField(spec, where, `[${Array.from({ length }, (_, index) => index % 10).join(',')}]`),
        ),
      ),
    fc.integer({ min: 1000, max: 20_000 }).map((count) =>
      defect(`${count} unknown fields`, VALIDATION, (spec) =>
        editBody(spec, (body) => ({
          ...body,
          ...Object.fromEntries(Array.from({ length: count }, (_, i) => [`x${i}`, 1])),
        })),
      ),
    ),
    badContentTypes().map((type) =>
      defect(`Content-Type: ${type}`, { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }, (spec) =>
        withHeaders(spec, { 'Content-Type': type }),
      ),
    ),
    fc.constant(
      defect('no Content-Type, bytes', { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }, (spec) => ({
        ...withoutHeader(spec, 'Content-Type'),
        body: { raw: bodyBytes(spec) },
      })),
    ),
  );
}

/** Bad If-Match and Idempotency-Key headers on a command: 400, 412 or 422. */
export function commandHeaderDefects(options: { version: number; usedKey: string }): fc.Arbitrary<Defect> {
  return fc.oneof(
    badIfMatch().map((value) =>
      defect(`If-Match: ${value}`, { status: 400, code: 'INVALID_IF_MATCH' }, (spec) =>
        withHeaders(spec, { 'If-Match': value }),
      ),
    ),
    fc
      .tuple(
        fc.integer({ min: 0, max: 999_999_999 }).filter((version) => version !== options.version),
        fc.boolean(),
      )
      .map(([version, weak]) =>
        defect(`a stale If-Match ${version}`, { status: 412, code: 'WRONG_EXPECTED_VERSION' }, (spec) =>
          withHeaders(spec, { 'If-Match': weak ? `W/"${version}"` : `"${version}"` }),
        ),
      ),
    badIdempotencyKeys().map((value) =>
      defect(
        `Idempotency-Key: ${value.slice(0, 40)}`,
        { status: 400, code: 'INVALID_IDEMPOTENCY_KEY' },
        (spec) => withHeaders(spec, { 'Idempotency-Key': value }),
      ),
    ),
    fc.constant(
      defect(
        'an Idempotency-Key already used for another request',
        { status: 422, code: 'DUPLICATE_COMMAND' },
        (spec) => withHeaders(spec, { 'Idempotency-Key': options.usedKey }),
      ),
    ),
  );
}

const isoDate = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
const realDate = (years: { min: number; max: number }) =>
  fc
    .tuple(fc.integer(years), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([year, month, day]) => isoDate(year, month, day));

/**
 * Dates a command cannot carry: not a date (400), in the future (422 OCCURRED_IN_FUTURE), or before
 * the stream was opened (422 OCCURRED_BEFORE_REFERENCE).
 */
export function occurredAtDefects(
  badInstants: fc.Arbitrary<string>,
  options: { now: Date; openedYear: number },
): fc.Arbitrary<Defect> {
  const set = (value: string) => (spec: RequestSpec) =>
    editBody(spec, (body) => ({ ...body, occurredAt: value }));
  return fc.oneof(
    badInstants.map((value) => defect(`occurredAt ${value}`, VALIDATION, set(value))),
    realDate({ min: options.now.getUTCFullYear() + 1, max: 9999 }).map((value) =>
      defect(`occurredAt ${value}`, { status: 422, code: 'OCCURRED_IN_FUTURE' }, set(value)),
    ),
    realDate({ min: 1900, max: options.openedYear - 1 }).map((value) =>
      defect(`occurredAt ${value}`, { status: 422, code: 'OCCURRED_BEFORE_REFERENCE' }, set(value)),
    ),
  );
}

/** A command replaced by another, with its own path and headers (an opening command, another kind…). */
export const replaceCommand = (
  name: string,
  expect: { status: number; code: string },
  command: Record<string, unknown>,
  options: { id?: string; headers?: Record<string, string> } = {},
): Defect =>
  defect(name, expect, (spec) => {
    const replaced: RequestSpec = { ...spec, body: { json: command } };
    const withId = options.id === undefined ? replaced : withParam(replaced, 'id', options.id);
    return options.headers === undefined ? withId : withHeaders(withId, options.headers);
  });
