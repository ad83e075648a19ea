import type { Context } from 'hono';
import { HttpProblem } from '../errors/http-problem.ts';
import { toProblem } from '../errors/to-problem.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppEnv } from './env.ts';

/**
 * An unknown route, as a 404 problem; or, where the path is a route's with other methods (`allow`, from
 * the declared routes), a 405 that names them.
 */
export function notFoundAnswer(c: Context<AppEnv>, logger: Logger, allow: readonly string[]): Response {
  const problem =
    allow.length > 0 && !allow.includes(c.req.method)
      ? new HttpProblem(
          405,
          'METHOD_NOT_ALLOWED',
          `${c.req.method} is not a method of this route: use ${allow.join(' or ')} (see /docs)`,
          {
            allow,
          },
        )
      : new HttpProblem(404, 'NOT_FOUND', 'no such route: see /docs');
  return problemAnswer(problem, c, logger);
}

/**
 * An error as a problem+json answer. Loaded on the first error (build-app.ts): its problem types come
 * with the core, which public routes do not need.
 */
export function problemAnswer(error: unknown, c: Context<AppEnv>, logger: Logger): Response {
  const { problem, headers } = toProblem(error, c.req.path);
  if (problem.status >= 500) {
    // The client gets a generic message; the details stay in the logs.
    logger({
      level: 'error',
      msg: 'unexpected error',
      requestId: c.get('requestId'),
      error: String(error),
      stack: (error as Error)?.stack,
    });
  }
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.body(JSON.stringify(problem), problem.status as 400, {
    'Content-Type': 'application/problem+json',
  });
}
