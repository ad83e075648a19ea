import { type Principal, roleSchema } from '@chemins/core';
import * as z from 'zod';
import { HttpProblem } from '../errors/http-problem.ts';

/** A list claim: a JSON array, or a comma-separated string (Cognito custom attributes are strings). */
const listClaim = z
  .union([z.array(z.string().min(1).max(64)).max(500), z.string().max(20_000)])
  .transform((value) =>
    Array.isArray(value)
      ? value
      : value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
  );

const claimsSchema = z.object({
  sub: z.string().min(1).max(256),
  role: roleSchema,
  structures: listClaim.default([]),
  territories: listClaim.default([]),
});

/** Maps verified claims to the core's principal; claims of the wrong shape are a 401. */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const normalised = {
    sub: claims.sub,
    role: claims.role ?? claims['custom:role'],
    structures: claims.structures ?? claims['custom:structures'],
    territories: claims.territories ?? claims['custom:territories'],
  };
  const parsed = claimsSchema.safeParse(normalised);
  if (!parsed.success) {
    throw new HttpProblem(
      401,
      'INVALID_CLAIMS',
      'the token does not carry valid sub, role, structures and territories claims',
    );
  }
  return parsed.data;
}
