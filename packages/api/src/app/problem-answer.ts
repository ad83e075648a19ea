import type { Context } from 'hono';
import { HttpProblem } from '../errors/http-problem.ts';
import { toProblem } from '../errors/to-problem.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppEnv } from './env.ts';

/** An unknown route, as a 404 problem. */
export function notFoundAnswer(c: Context<AppEnv>, logger: Logger): Response {
  return problemAnswer(new HttpProblem(404, 'NOT_FOUND', 'no such route: see /docs'), c, logger);
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
