// The OpenAPI document the app serves at /openapi.json, generated from its routes: scripts/write-openapi.ts
// publishes it for the Lambda, tests/e2e/support/write-api-types.ts turns it into the e2e client's types.
import { randomUUID } from 'node:crypto';
import { createApp, hs256Authenticator } from '@chemins/api';
import { MemoryEventStore } from '@chemins/core';

/** The document's JSON text, as `GET /openapi.json` answers it: a public route, no store read. */
export async function servedOpenApiJson(): Promise<string> {
  const app = createApp({
    store: new MemoryEventStore(),
    auth: hs256Authenticator({ secret: 'unused: /openapi.json is public' }),
    clock: () => new Date(),
    ids: randomUUID,
  });
  const response = await app.request('/openapi.json');
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
  return response.text();
}
