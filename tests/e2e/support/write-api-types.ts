// Regenerates tests/e2e/fixtures/api-types.ts from the app's /openapi.json:
//   npx tsx tests/e2e/support/write-api-types.ts
import { randomUUID } from 'node:crypto';
import { createApp, hs256Authenticator } from '@chemins/api';
import { MemoryEventStore } from '@chemins/core';
import { API_TYPES_PATH, writeApiTypes } from './api-types.ts';

const app = createApp({
  store: new MemoryEventStore(),
  auth: hs256Authenticator({ secret: 'unused: /openapi.json is public' }),
  clock: () => new Date(),
  ids: randomUUID,
});
const response = await app.request('/openapi.json');
if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
await writeApiTypes(await response.json());
process.stdout.write(`wrote ${API_TYPES_PATH}\n`);
