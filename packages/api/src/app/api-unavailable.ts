import { buildApp, type HostOptions } from './build-app.ts';

/**
 * The public part of the app (build-app.ts) answering every other request with a 503 problem: what the
 * Lambda serves while its API cannot be loaded (lambda.ts), with the request id, log line, security
 * headers and CORS of any answer. The problem is written here, not by errors/to-problem.ts, which needs
 * the core: the core may be what failed to load. Its fields are those toProblem gives
 * `HttpProblem(503, 'API_UNAVAILABLE', …)` (tests/e2e/lambda-unavailable.test.ts holds them equal). It
 * says nothing of the cause: lambda.ts logs that.
 */
export function apiUnavailableApp(host: HostOptions) {
  const app = buildApp(host);
  app.all('*', (c) =>
    c.body(
      JSON.stringify({
        type: 'https://chemins.dev/problems/api-unavailable',
        title: 'Service unavailable',
        status: 503,
        code: 'API_UNAVAILABLE',
        detail: 'the API could not be started; nothing was done: retry shortly',
        instance: c.req.path,
      }),
      503,
      // The next request loads the API again (lambda.ts).
      { 'Content-Type': 'application/problem+json', 'Retry-After': '5' },
    ),
  );
  return app;
}
