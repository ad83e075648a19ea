import { endBound, type StreamKind, startBound, type TimeBound } from '@chemins/core';
import '../http/zod-openapi.ts';
import { createMiddleware } from 'hono/factory';
import * as z from 'zod';
import type { ApiRoutes } from '../app/build-app.ts';
import { ValidationProblem } from '../errors/http-problem.ts';
import { readJsonBody } from '../http/json-body.ts';
import { fieldIssues } from '../http/validate.ts';

/** Zod validation failures become 400 problems with `{ path, message }` details. */
export const validationHook: ApiRoutes['validationHook'] = (result) => {
  if (!result.success) {
    const where = result.target === 'json' ? 'body' : result.target;
    throw new ValidationProblem(fieldIssues(result.error.issues), where);
  }
};

/** Refuses a window that ends before it starts (an empty answer would hide the caller's mistake). */
export function requireOrderedWindow(from: TimeBound | undefined, to: TimeBound | undefined): void {
  if (from !== undefined && to !== undefined && startBound(from) > endBound(to)) {
    throw new ValidationProblem([{ path: 'from', message: `must not be after to (${to})` }], 'query');
  }
}

export const plural: Record<StreamKind, string> = {
  project: 'projects',
  structure: 'structures',
  cohort: 'cohorts',
};
export const tagOf: Record<StreamKind, string> = {
  project: 'Projets sociaux (projects)',
  structure: 'Structures',
  cohort: 'Programmes (cohorts)',
};

export const idParam = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'an id of letters, digits, "_" or "-"')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'causses-2023' }),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    code: z.string().openapi({ example: 'UNKNOWN_REFERENCE' }),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

/** The error answers every protected route may give. */
export const commonErrors = {
  400: problem('Invalid request (validation errors list each field)'),
  401: problem('Missing or invalid token'),
  403: problem('Not allowed for your claims'),
  404: problem('Unknown stream'),
  503: problem('Store unavailable; nothing was written'),
};

export const commandErrors = {
  ...commonErrors,
  412: problem('If-Match does not match the current version'),
  413: problem('Body over 256 KB, or an event too large'),
  415: problem('Body is not JSON'),
  422: problem(
    'Refused by the journey rules (a stable code says which), or Idempotency-Key reused for another request',
  ),
};

export const anyJson = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
});

export const security = [{ bearer: [] }];

/** Content type, size and JSON syntax are checked before zod sees a body (415, 413, 400). */
export const jsonBodyGuard = createMiddleware(async (c, next) => {
  await readJsonBody(c);
  await next();
});
