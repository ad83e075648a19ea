/**
 * The API's CORS policy, for the origins a host allows (CHEMINS_CORS_ORIGINS): what browsers may send
 * and read. The app answers with it (build-app.ts), and so does API Gateway once the stack turns CORS on
 * (infra/lib/http-api.ts): one policy, two places that apply it.
 */
export const CORS_POLICY = {
  allowMethods: ['GET', 'HEAD', 'POST', 'PUT'],
  allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'If-None-Match'],
  exposeHeaders: ['ETag', 'Location', 'X-Request-Id', 'Retry-After'],
  maxAgeSeconds: 600,
} as const;
