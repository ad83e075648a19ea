import { instant, territoryCode } from '@chemins/core';
import fc from 'fast-check';

/**
 * Building blocks for the bad-input suite: a request described as data, the things that can be wrong
 * with it (defects), and fast-check arbitraries for bad identifiers, dates, headers and bodies.
 */

/** A body as a JSON value (serialised when sent), or as raw text or bytes. */
export type Body = { json: unknown } | { raw: string | Uint8Array };

export interface RequestSpec {
  method: string;
  /** An OpenAPI path template, such as `/projects/{id}/events`. */
  template: string;
  /** Path parameters as they appear in the URL: already percent-encoded. */
  params: Readonly<Record<string, string>>;
  query: readonly (readonly [string, string])[];
  headers: Readonly<Record<string, string>>;
  body?: Body;
}

/** What a route must answer to a defect: a 4xx status and a stable problem code. */
export interface Expected {
  status: number;
  code: string;
}

/** One thing wrong with a request, and the answer it must get. */
export interface Defect {
  name: string;
  apply: (spec: RequestSpec) => RequestSpec;
  expect: Expected;
}

export const defect = (
  name: string,
  expect: Expected,
  apply: (spec: RequestSpec) => RequestSpec,
): Defect => ({
  name,
  expect,
  apply,
});

/** The URL path of a spec, its parameters substituted. */
export function pathOf(spec: RequestSpec): string {
  return spec.template.replace(/\{(\w+)\}/g, (_whole, name: string) => spec.params[name] ?? '');
}

/** The URL (path and query) and init to give `app.request`. */
export function toRequest(spec: RequestSpec): [string, RequestInit] {
  const search = spec.query.length > 0 ? `?${new URLSearchParams(spec.query as [string, string][])}` : '';
  const init: RequestInit = { method: spec.method, headers: { ...spec.headers } };
  if (spec.body !== undefined && spec.method !== 'GET' && spec.method !== 'HEAD') {
    init.body = 'json' in spec.body ? JSON.stringify(spec.body.json) : spec.body.raw;
  }
  return [`${pathOf(spec)}${search}`, init];
}

/** A short description of a spec, for failure messages (bodies cut at 300 characters). */
export function describeSpec(spec: RequestSpec): string {
  const [url, init] = toRequest(spec);
  const body =
    init.body === undefined
      ? ''
      : typeof init.body === 'string'
        ? ` ${init.body.slice(0, 300)}${init.body.length > 300 ? `… (${init.body.length} chars)` : ''}`
        : ` <${(init.body as Uint8Array).byteLength} bytes>`;
  const headers = Object.entries(spec.headers)
    .map(
      ([name, value]) =>
        `${name}: ${name === 'Authorization' ? `${value.slice(0, 16)}…` : value.slice(0, 80)}`,
    )
    .join('; ');
  return `${spec.method} ${url.slice(0, 300)} [${headers}]${body}`;
}

// ---------------------------------------------------------------- small spec edits

export const withHeaders = (spec: RequestSpec, headers: Record<string, string>): RequestSpec => ({
  ...spec,
  headers: { ...spec.headers, ...headers },
});

export const withoutHeader = (spec: RequestSpec, name: string): RequestSpec => ({
  ...spec,
  headers: Object.fromEntries(
    Object.entries(spec.headers).filter(([key]) => key.toLowerCase() !== name.toLowerCase()),
  ),
});

export const withParam = (spec: RequestSpec, name: string, segment: string): RequestSpec => ({
  ...spec,
  params: { ...spec.params, [name]: segment },
});

export const withQuery = (spec: RequestSpec, name: string, value: string | undefined): RequestSpec => ({
  ...spec,
  query: [
    ...spec.query.filter(([key]) => key !== name),
    ...(value === undefined ? [] : [[name, value] as const]),
  ],
});

/** The body as a JSON object, when it is one (defects that edit fields skip other bodies). */
export function objectBody(spec: RequestSpec): Record<string, unknown> | undefined {
  if (spec.body === undefined || !('json' in spec.body)) return undefined;
  const value = spec.body.json;
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Edits the body's fields; leaves the spec alone when the body is not a JSON object any more. */
export function editBody(
  spec: RequestSpec,
  edit: (body: Record<string, unknown>) => Record<string, unknown>,
): RequestSpec {
  const body = objectBody(spec);
  return body === undefined ? spec : { ...spec, body: { json: edit({ ...body }) } };
}

/** The body serialised, with `field` set to a JSON text given as is (too deep for JSON.stringify). */
export function rawField(spec: RequestSpec, field: string | null, jsonText: string): RequestSpec {
  if (field === null) return { ...spec, body: { raw: jsonText } };
  const body = objectBody(spec);
  if (body === undefined) return spec;
  const marker = '\u0000RAW-FIELD\u0000';
  const text = JSON.stringify({ ...body, [field]: marker });
  return { ...spec, body: { raw: text.replace(JSON.stringify(marker), () => jsonText) } };
}

/** The bytes of the body as it would be sent. */
export function bodyBytes(spec: RequestSpec): Uint8Array {
  if (spec.body === undefined) return new Uint8Array();
  if ('json' in spec.body) return new TextEncoder().encode(JSON.stringify(spec.body.json));
  return typeof spec.body.raw === 'string' ? new TextEncoder().encode(spec.body.raw) : spec.body.raw;
}

// ---------------------------------------------------------------- arbitraries

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const latin1 = fc.integer({ min: 0xa0, max: 0xff }).map((code) => String.fromCharCode(code));
/** Characters a header value may carry (a ByteString without NUL, CR or LF). */
const headerChar = fc.oneof(
  { weight: 8, arbitrary: printable },
  { weight: 1, arbitrary: latin1 },
  { weight: 1, arbitrary: fc.constantFrom('\t', '\u0001', '\u001f', '\u007f') },
);
/** Header values, as Headers normalises them (leading and trailing spaces and tabs dropped). */
export const headerValue = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ unit: headerChar, ...options }).map((value) => value.replace(/^[\t ]+|[\t ]+$/g, ''));

/** Encodes a decoded path segment; null when it cannot be (lone surrogates). */
function encodeSegment(decoded: string): string | null {
  try {
    return encodeURIComponent(decoded);
  } catch {
    return null;
  }
}

/** Percent-encodings that do not decode, or decode to something odd, given as they appear in the URL. */
const BROKEN_ENCODINGS = ['%E0%A4%A', '%C0%AF', '%FF', '%', '%%', '%u0041', '%2', '%00', '%0A', '%2F%2F'];

/**
 * Path segments that are not a valid parameter, already encoded: traversal (`..%2F`), 200-char ids,
 * unicode, control characters, broken percent-encodings. Dot segments and empty ones are left out:
 * URL normalisation routes those elsewhere (a 404 NOT_FOUND, tested apart).
 */
export function badSegments(isValid: (decoded: string) => boolean): fc.Arbitrary<string> {
  const decoded = fc.oneof(
    fc.constantFrom(
      '../',
      '../../health',
      '../../etc/passwd',
      '..\\..\\windows',
      'a'.repeat(200),
      'x'.repeat(129),
      'caussés-2023',
      'Causses 2023',
      '名前',
      '😀',
      '-causses',
      '_causses',
      'a/b',
      "'; DROP TABLE events; --",
      '<script>alert(1)</script>',
      'causses-2023\u0000',
      'causses\n2023',
      ' causses',
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
  );
  const encoded = decoded
    .filter((value) => value !== '.' && value !== '..' && !isValid(value))
    .map(encodeSegment)
    .filter((value): value is string => value !== null);
  return fc.oneof(
    { weight: 6, arbitrary: encoded },
    { weight: 1, arbitrary: fc.constantFrom(...BROKEN_ENCODINGS) },
  );
}

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ACTOR_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
export const badStreamIds = () => badSegments((value) => STREAM_ID.test(value));
export const badActorIds = () => badSegments((value) => ACTOR_ID.test(value));
export const badTerritoryCodes = () =>
  fc.oneof(
    fc
      .constantFrom('00', '96', '99', '2C', '4', '046', '970', '977', 'ZZ', '2a', '46.0', '+46', '４６')
      .map((value) => encodeURIComponent(value)),
    badSegments((value) => territoryCode.safeParse(value).success),
  );

/** Whether a string is an instant the API accepts (an ISO date, or a date-time with an offset). */
export const isInstant = (value: string) => instant.safeParse(value).success;

/** Dates and times that do not exist or are not ISO 8601: 2023-02-30, 2023-13-01, 25:00, no offset… */
export const INVALID_INSTANTS = [
  '2023-02-30',
  '2023-02-29',
  '2023-04-31',
  '2023-13-01',
  '2023-00-10',
  '2023-01-00',
  '2023-1-5',
  '23-01-05',
  '2023/01/05',
  '05/01/2023',
  '2023-01-01T25:00:00Z',
  '2023-01-01T10:60:00Z',
  '2023-01-01T10:00:00',
  '2023-01-01 10:00:00Z',
  '2023-01-01T10:00:00+25:00',
  '+002023-01-01',
  '2023-W01',
  '2023',
  'yesterday',
  'now',
  'NaN',
  'null',
  '1e9',
  '1673913600',
  '',
  ' ',
] as const;

export const badInstants = () =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...INVALID_INSTANTS) },
    {
      weight: 1,
      // A real date, then broken: a day past the month's end, or an hour past 23.
      arbitrary: fc
        .tuple(
          fc.integer({ min: 1900, max: 2100 }),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 32, max: 99 }),
        )
        .map(([year, month, day]) => `${year}-${String(month).padStart(2, '0')}-${day}`),
    },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }).filter((value) => !isInstant(value)) },
  );

const IF_MATCH = /^(?:W\/)?"(\d{1,9})"$/;
/** If-Match values that are not an ETag of ours: `garbage`, `W/"-1"`, 10 digits, lists… (`*` aside). */
export const badIfMatch = () =>
  fc
    .oneof(
      fc.constantFrom(
        'garbage',
        'W/"-1"',
        '"-1"',
        'W/12',
        '12',
        'W/"1.5"',
        'W/"1234567890"',
        'W/""',
        'w/"12"',
        'W/"12", W/"13"',
        'W/"0x10"',
        'W/"١٢"',
      ),
      headerValue({ maxLength: 60 }),
    )
    .filter((value) => value.trim() !== '*' && !IF_MATCH.test(value.trim()) && isByteString(value));

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
/** Idempotency keys with spaces, 500 characters, unicode, separators… */
export const badIdempotencyKeys = () =>
  fc
    .oneof(
      fc.constantFrom(
        'a b',
        'key with spaces',
        'x'.repeat(500),
        'x'.repeat(129),
        'clé',
        'a/b',
        'a;b',
        '{}',
        '""',
        '',
      ),
      fc
        .tuple(
          fc.stringMatching(/^[A-Za-z0-9]{1,20}$/),
          headerValue({ minLength: 1, maxLength: 5 }),
          fc.stringMatching(/^[A-Za-z0-9]{1,20}$/),
        )
        .map((parts) => parts.join('')),
      fc.stringMatching(/^[A-Za-z0-9_.:-]{129,500}$/),
    )
    .filter((value) => !IDEMPOTENCY_KEY.test(value) && isByteString(value));

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;\s*charset=utf-8\s*)?$/i;
/** Content types that are not JSON in UTF-8. */
export const badContentTypes = () =>
  fc
    .oneof(
      fc.constantFrom(
        'text/plain',
        'text/plain; charset=utf-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'text/json',
        'application/json; charset=iso-8859-1',
        'application/json; charset=utf-16',
        'application/jsonp',
        'application/json, text/plain',
        'json',
        '*/*',
        '',
      ),
      headerValue({ maxLength: 60 }),
    )
    .filter((value) => !JSON_TYPE.test(value.trim()));

/** Accept headers the review cannot satisfy (it speaks JSON, Markdown and HTML). */
export const unacceptableAccepts = () =>
  fc.oneof(
    fc.constantFrom(
      'image/png',
      'garbage',
      'text/plain',
      'application/xml',
      'application/pdf;q=1',
      '*/*;q=0',
      'text/html;q=0, application/json;q=0',
      'video/*',
      'application/json-seq',
      'text/csv',
    ),
    fc
      .stringMatching(/^[a-z]{1,12}\/[a-z.+-]{1,12}$/)
      .filter((value) => !['application/json', 'text/markdown', 'text/html'].includes(value)),
  );

/** Any Accept header, for routes that serve JSON whatever the client asks. */
export const anyAccept = () => headerValue({ maxLength: 80 });

function isByteString(value: string): boolean {
  return [...value].every((character) => {
    const code = character.codePointAt(0) ?? 0;
    return code <= 0xff && code !== 0x00 && code !== 0x0a && code !== 0x0d;
  });
}

/** Control characters the API refuses inside a text (tab, newline and carriage return are allowed). */
export const controlCharacters = () =>
  fc
    .oneof(
      fc.integer({ min: 0x00, max: 0x08 }),
      fc.constantFrom(0x0b, 0x0c, 0x7f),
      fc.integer({ min: 0x0e, max: 0x1f }),
    )
    .map((code) => String.fromCharCode(code));

/** Byte sequences that are not UTF-8: stray continuation bytes, overlongs, surrogates, 0xFF… */
export const invalidUtf8 = () =>
  fc.constantFrom(
    [0xff],
    [0xfe],
    [0x80],
    [0xbf],
    [0xc0, 0x80],
    [0xc1, 0xbf],
    [0xe0, 0x80, 0x80],
    [0xed, 0xa0, 0x80],
    [0xed, 0xbf, 0xbf],
    [0xf4, 0x90, 0x80, 0x80],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0xe2, 0x82],
    [0xc3],
  );

/** `depth` nested arrays (or objects), as JSON text: `[[[…]]]` or `{"a":{"a":…}}`. */
export function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
}

/** Values of the wrong type for a string field. */
export const notAString = () =>
  fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  );

/** Field names no schema has. */
export const unknownFieldNames = () =>
  fc.oneof(
    fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'isAdmin',
      'actor',
      'recordedAt',
      'eventId',
      'hash',
      'streamId',
      'TYPE',
      '',
    ),
    fc.string({ minLength: 1, maxLength: 20 }).map((name) => `x_${name}`),
  );
