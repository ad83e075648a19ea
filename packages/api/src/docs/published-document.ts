import { brotliDecompressSync } from 'node:zlib';
import type { OpenApiDocumentSource } from '../app/build-app.ts';
import { OPENAPI_JSON_BROTLI_BASE64 } from './openapi.generated.ts';

/**
 * The OpenAPI document as published by scripts/write-openapi.ts (Brotli: 6 KB of base64 instead of 95 KB of JSON), for hosts
 * that do not generate it (the Lambda). A test checks that it is the document createApp generates.
 */
export const publishedOpenApiDocument: OpenApiDocumentSource = () =>
  brotliDecompressSync(Buffer.from(OPENAPI_JSON_BROTLI_BASE64, 'base64')).toString('utf8');
