// The API declares its routes as @hono/zod-openapi route configs but serves them through its own small
// router (packages/api/src/http/openapi-router.ts), which keeps @hono/zod-openapi out of the Lambda bundle.
// Here the same route table is registered on a real OpenAPIHono: both must publish the same OpenAPI 3.1
// document and answer the same requests the same way. The router and the route table are internal to
// @chemins/api, hence the deep imports: they are what this test is about.
import { type AppDependencies, type AppEnv, createApp, hs256Authenticator } from '@chemins/api';
import { Journal, MemoryEventStore, MemoryPersonDirectory, seedLotScenario } from '@chemins/core';
import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { beforeAll, describe, expect, test } from 'vitest';
import { registerApiRoutes, validationHook } from '../../packages/api/src/app/api-routes.ts';
import { buildApp } from '../../packages/api/src/app/build-app.ts';
import type { OpenApiRouter } from '../../packages/api/src/http/openapi-router.ts';
import { headers, NOW, SECRET } from './support/test-app.ts';

/** OpenAPIHono, plus the one method the route table uses that it lacks: documenting a plain handler. */
class DocumentingOpenAPIHono extends OpenAPIHono<AppEnv> {
  document(route: RouteConfig): void {
    this.openAPIRegistry.registerPath(route);
  }
}

/** The app's dependencies over a freshly seeded store, with ids that repeat from one app to the other. */
async function seededDeps(): Promise<AppDependencies> {
  const store = new MemoryEventStore();
  await seedLotScenario(new Journal(store));
  let next = 0;
  return {
    store,
    directory: new MemoryPersonDirectory(),
    auth: hs256Authenticator({ secret: SECRET }),
    clock: () => NOW,
    ids: () => `id-${++next}`,
  };
}

let served: unknown;
let zodOpenApi: DocumentingOpenAPIHono;
let ours: ReturnType<typeof createApp>;
let theirs: ReturnType<typeof buildApp>;

beforeAll(async () => {
  served = await (await createApp(await seededDeps()).request('/openapi.json')).json();
  ours = createApp(await seededDeps());

  zodOpenApi = new DocumentingOpenAPIHono({ defaultHook: validationHook });
  // The route table is typed for the app's router; OpenAPIHono has the same `openapi` and `document`.
  registerApiRoutes(zodOpenApi as unknown as OpenApiRouter<AppEnv>);
  const deps = await seededDeps();
  // The same host around it (request id, auth, problem answers), with OpenAPIHono's routes mounted.
  theirs = buildApp(
    { ids: deps.ids, openApiDocument: () => '{}' },
    {
      deps: { ...deps, directory: deps.directory ?? new MemoryPersonDirectory() },
      register: (app) => app.route('/', zodOpenApi),
      validationHook,
    },
  );
});

describe('the app router and @hono/zod-openapi', () => {
  test('OpenAPIHono generates, from the same routes, the OpenAPI 3.1 document GET /openapi.json serves', () => {
    const { info } = served as { info: { title: string; version: string } };
    zodOpenApi.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    const generated = zodOpenApi.getOpenAPI31Document({ openapi: '3.1.0', info });
    expect(Object.keys(generated.paths ?? {}).length).toBeGreaterThan(20);
    expect(JSON.parse(JSON.stringify(generated))).toStrictEqual(served);
  });

  test('both answer valid and invalid requests alike: status, content type and body', async () => {
    const staff = await headers('staff', ['causses'], ['46']);
    const admin = await headers('admin', [], ['46']);
    const post = (auth: Record<string, string>, body: unknown, type = 'application/json') => ({
      method: 'POST',
      headers: { ...auth, 'Content-Type': type },
      body: JSON.stringify(body),
    });
    const requests: [what: string, path: string, init?: RequestInit][] = [
      ['a read', '/projects/causses-2023', { headers: staff }],
      ['a read with a query', '/projects/causses-2023/events?limit=2&after=3', { headers: staff }],
      ['an invalid query', '/projects/causses-2023/events?limit=501', { headers: staff }],
      ['an invalid date in the query', '/projects/causses-2023?asOf=yesterday', { headers: staff }],
      ['an invalid path parameter', '/projects/-causses', { headers: staff }],
      [
        'a valid command',
        '/projects/causses-2023/commands',
        post(staff, { type: 'AddComment', text: 'Une remarque.' }),
      ],
      [
        'an invalid command body',
        '/projects/causses-2023/commands',
        post(staff, { type: 'ReportDifficulty', category: 'nowhere' }),
      ],
      [
        'a JSON body under a content type the route guard takes but the media-type gate refuses',
        '/projects/causses-2023/commands',
        post(staff, { type: 'AddComment', text: 'x' }, 'application/json ; charset=utf-8'),
      ],
      ['a body that is not JSON', '/projects/causses-2023/commands', post(staff, 'x', 'text/plain')],
      [
        'a valid directory entry',
        '/people/causses-volunteer-1',
        { ...post(admin, { actorId: 'causses-volunteer-1', name: 'Jeanne Dupont' }), method: 'PUT' },
      ],
      ['an invalid erasure body', '/people/causses-volunteer-1/erasure', post(admin, { why: 'x' })],
      ['an invalid territory code', '/territories/99/dashboard', { headers: admin }],
    ];
    const statuses: number[] = [];
    for (const [what, path, init] of requests) {
      const [mine, reference] = await Promise.all([ours.request(path, init), theirs.request(path, init)]);
      const answer = async (response: Response) => ({
        status: response.status,
        type: response.headers.get('Content-Type'),
        body: await response.text(),
      });
      const expected = await answer(reference);
      expect(await answer(mine), what).toEqual(expected);
      statuses.push(expected.status);
    }
    // The cases cover what they say: successes, validation errors, and both 415s.
    expect(statuses).toEqual([200, 200, 400, 400, 400, 201, 400, 415, 415, 200, 400, 400]);
  });
});
