import type { z } from 'zod';
import { ValidationProblem } from '../errors/http-problem.ts';

/** Validates with zod, or throws a 400 listing every `{ path, message }`. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationProblem(
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
    where,
  );
}
