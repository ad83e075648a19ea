import { gunzipSync } from 'node:zlib';
import type { OpenApiDocumentSource } from '../app/build-app.ts';
import { OPENAPI_JSON_GZIP_BASE64 } from './openapi.generated.ts';

/**
 * The OpenAPI document as published by scripts/write-openapi.ts (gzipped: 6 KB instead of 95), for hosts
 * that do not generate it (the Lambda). A test checks that it is the document createApp generates.
 */
export const publishedOpenApiDocument: OpenApiDocumentSource = () =>
  gunzipSync(Buffer.from(OPENAPI_JSON_GZIP_BASE64, 'base64')).toString('utf8');
