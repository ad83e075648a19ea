// Regenerates tests/e2e/fixtures/api-types.ts from the app's /openapi.json:
//   npx tsx tests/e2e/support/write-api-types.ts
import { servedOpenApiJson } from '../../../scripts/served-openapi.ts';
import { API_TYPES_PATH, writeApiTypes } from './api-types.ts';

await writeApiTypes(JSON.parse(await servedOpenApiJson()));
process.stdout.write(`wrote ${API_TYPES_PATH}\n`);
