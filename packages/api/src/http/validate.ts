import type * as z from 'zod';
import { type FieldIssue, ValidationProblem } from '../errors/http-problem.ts';

/**
 * zod issues as `{ path, message }`, one per field: an unknown-keys issue (reported by zod on the
 * enclosing object) becomes one issue per unknown field, so that its path names the field.
 */
export function fieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: `unknown field "${key}"` }));
    }
    return [{ path: path.join('.'), message: issue.message }];
  });
}

/** Validates with zod, or throws a 400 listing every `{ path, message }`. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationProblem(fieldIssues(result.error.issues), where);
}
