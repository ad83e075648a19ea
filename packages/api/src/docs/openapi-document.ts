import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { DocumentedRoute } from '../http/openapi-router.ts';

const INFO = {
  title: 'Chemins',
  version: '0.1.0',
  description:
    'The evaluation journey of a projet social (centres sociaux, espaces de vie sociale), as an append-only, auditable journal. Errors are RFC 9457 problem+json with a stable `code`.',
};

/** The OpenAPI 3.1 document of the declared routes, as served at /openapi.json (serialised). */
export function openApiDocument(routes: readonly DocumentedRoute[]): string {
  const registry = new OpenAPIRegistry();
  for (const route of routes) registry.registerPath(route);
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  return JSON.stringify(
    new OpenApiGeneratorV31(registry.definitions).generateDocument({ openapi: '3.1.0', info: INFO }),
  );
}
