import type { Principal } from '@chemins/core';
import type { Context } from 'hono';
import type { AppEnv } from '../app/env.ts';

/** Turns a request into a verified principal, or throws a 401 HttpProblem. */
export interface Authenticator {
  authenticate(c: Context<AppEnv>): Promise<Principal>;
}
