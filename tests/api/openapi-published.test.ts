// The Lambda serves a published copy of the OpenAPI document (packages/api/src/docs/openapi.generated.ts)
// instead of generating it: it must be the document the app generates from its routes.
import { randomUUID } from 'node:crypto';
import { createApp, hs256Authenticator } from '@chemins/api';
import { handler } from '@chemins/api/lambda';
import { MemoryEventStore } from '@chemins/core';
import { expect, test, vi } from 'vitest';
import { httpApiEvent, lambdaContext } from '../e2e/support/http-api-event.ts';

test('the Lambda serves the document createApp generates (npx tsx scripts/write-openapi.ts republishes it)', async () => {
  const app = createApp({
    store: new MemoryEventStore(),
    auth: hs256Authenticator({ secret: 'unused: /openapi.json is public' }),
    clock: () => new Date(),
    ids: randomUUID,
  });
  const live = await (await app.request('/openapi.json')).text();

  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const published = await handler(httpApiEvent('GET', '/openapi.json'), lambdaContext()).finally(() =>
    write.mockRestore(),
  );

  expect(published.statusCode).toBe(200);
  expect(published.headers?.['content-type']).toMatch(/^application\/json/);
  expect(published.body).toBe(live);
});
