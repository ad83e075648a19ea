import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { seededApp } from './support/test-app.ts';

type App = Awaited<ReturnType<typeof seededApp>>['app'];

interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
  security?: Record<string, string[]>[];
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** The documentation itself: the document and the page that renders it. */
const SELF_DOCUMENTING = ['/openapi.json', '/docs'];

let app: App;
let doc: OpenApiDocument;

beforeAll(async () => {
  ({ app } = await seededApp());
  const response = await app.request('/openapi.json');
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
  doc = (await response.json()) as OpenApiDocument;
});

/** Every `$ref` in a value, wherever it is nested. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refsIn(item, found);
    }
  }
  return found;
}

/** Resolves a local JSON pointer such as `#/components/schemas/Problem`. */
function resolve(pointer: string): unknown {
  return pointer
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
}

describe('GET /openapi.json', () => {
  test('is an OpenAPI 3.1 document with info and paths', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
  });

  test('is structurally valid: operations, responses, parameters, references, security', () => {
    const schemes = Object.keys(doc.components?.securitySchemes ?? {});
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path).toMatch(/^\//);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      for (const [method, operation] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(METHODS, where).toContain(method);
        expect(Object.keys(operation.responses ?? {}).length, where).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(operation.responses)) {
          expect(status, where).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
          expect(typeof response.description, `${where} ${status}`).toBe('string');
        }
        const parameters = operation.parameters ?? [];
        const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
        expect(pathParameters.map((parameter) => parameter.name).sort(), where).toEqual(
          [...templated].sort(),
        );
        for (const parameter of pathParameters)
          expect(parameter.required, `${where} ${parameter.name}`).toBe(true);
        for (const parameter of parameters) {
          expect(['path', 'query', 'header', 'cookie'], where).toContain(parameter.in);
          expect(parameter.schema, `${where} ${parameter.name}`).toBeDefined();
        }
        const keys = parameters.map((parameter) => `${parameter.in}:${parameter.name.toLowerCase()}`);
        expect(new Set(keys).size, `${where} has duplicate parameters`).toBe(keys.length);
        for (const requirement of operation.security ?? []) {
          for (const scheme of Object.keys(requirement)) expect(schemes, where).toContain(scheme);
        }
      }
    }
    for (const ref of refsIn(doc)) {
      expect(ref, 'only local references').toMatch(/^#\//);
      expect(resolve(ref), `${ref} resolves`).toBeDefined();
    }
  });

  test('every route of the app appears in paths, with its method', () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method} ${path}`),
      ),
    );
    const routes = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL' && !route.path.includes('*'))
        .filter((route) => !SELF_DOCUMENTING.includes(route.path))
        .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    expect(routes.size).toBeGreaterThan(20);
    const missing = [...routes].filter((route) => !documented.has(route));
    expect(missing, `routes missing from /openapi.json: ${missing.join(', ')}`).toEqual([]);
    const phantom = [...documented].filter((route) => !routes.has(route));
    expect(phantom, `documented but not served: ${phantom.join(', ')}`).toEqual([]);
  });

  test('the routes the issue lists are all documented', () => {
    const expected = [
      ...['projects', 'structures', 'cohorts'].flatMap((kind) => [
        `post /${kind}/{id}/commands`,
        `get /${kind}/{id}`,
        `get /${kind}/{id}/events`,
        `get /${kind}/{id}/timeline`,
        `get /${kind}/{id}/audit`,
        `get /${kind}/{id}/export`,
      ]),
      'get /projects/{id}/vision',
      'get /projects/{id}/review',
      'get /structures/{id}/history',
      'get /territories/{code}/dashboard',
    ];
    for (const route of expected) {
      const [method = '', path = ''] = route.split(' ');
      expect(doc.paths[path]?.[method], route).toBeDefined();
    }
  });

  test('commands document their body, If-Match, Idempotency-Key and problem answers', () => {
    const command = doc.paths['/projects/{id}/commands']?.post;
    expect(command?.requestBody?.content['application/json']?.schema).toBeDefined();
    const headersNamed = (command?.parameters ?? [])
      .filter((p) => p.in === 'header')
      .map((p) => p.name.toLowerCase());
    expect(headersNamed).toEqual(expect.arrayContaining(['if-match', 'idempotency-key']));
    for (const status of ['201', '400', '401', '403', '404', '412', '413', '415', '422']) {
      expect(command?.responses[status], status).toBeDefined();
    }
    expect(command?.responses['422']?.content?.['application/problem+json']).toBeDefined();
    expect(doc.components?.schemas?.Problem).toBeDefined();
  });

  test('protected operations declare the bearer scheme; the review offers its three formats', () => {
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/projects/{id}']?.get?.security).toEqual([{ bearer: [] }]);
    const formats = Object.keys(doc.paths['/projects/{id}/review']?.get?.responses['200']?.content ?? {});
    expect(formats.sort()).toEqual(['application/json', 'text/html', 'text/markdown']);
  });
});

describe('GET /health and /docs', () => {
  test('/health answers ok', async () => {
    const response = await app.request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  test('/docs is an HTML page under a Content-Security-Policy, reading openapi.json', async () => {
    const response = await app.request('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('openapi.json');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/i);
  });

  test('the CSP of /docs allows exactly its inline script and style', async () => {
    const response = await app.request('/docs');
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    const html = await response.text();
    const inline = (tag: string) => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html)?.[1] ?? '';
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(csp).toContain(`script-src ${hash(inline('script'))}`);
    expect(csp).toContain(`style-src ${hash(inline('style'))}`);
  });
});
