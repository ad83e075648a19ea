import type { Principal, Role } from '@chemins/core';
import { decode, sign, verify } from 'hono/jwt';
import { HttpProblem } from '../errors/http-problem.ts';
import type { Authenticator } from './authenticator.ts';
import { principalFromClaims } from './claims.ts';

export interface Hs256Options {
  secret: string;
  /** Checked only when configured. */
  issuer?: string;
  audience?: string;
}

/** Reads `Authorization: Bearer <token>`, or throws a 401. */
export function bearerToken(header: string | undefined): string {
  // The scheme is case-insensitive (RFC 9110 §11.1).
  const match = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i.exec(header ?? '');
  if (!match?.[1]) {
    throw new HttpProblem(401, 'UNAUTHENTICATED', 'send a token: Authorization: Bearer <JWT>');
  }
  return match[1];
}

/** Local authentication: HS256 tokens signed with CHEMINS_JWT_SECRET, with an expiry. */
export function hs256Authenticator(options: Hs256Options): Authenticator {
  return {
    async authenticate(c) {
      const token = bearerToken(c.req.header('Authorization'));
      let payload: Record<string, unknown>;
      try {
        // Refuse anything but HS256 before verifying: no "none", no algorithm confusion.
        if (decode(token).header.alg !== 'HS256') throw new Error('algorithm');
        payload = await verify(token, options.secret, {
          alg: 'HS256',
          ...(options.issuer ? { iss: options.issuer } : {}),
          ...(options.audience ? { aud: options.audience } : {}),
        });
      } catch {
        throw new HttpProblem(401, 'INVALID_TOKEN', 'the token is invalid or expired: ask for a new one');
      }
      if (typeof payload.exp !== 'number') {
        throw new HttpProblem(401, 'INVALID_TOKEN', 'the token has no expiry (exp): ask for a new one');
      }
      return principalFromClaims(payload);
    },
  };
}

export interface TokenRequest {
  sub: string;
  role: Role;
  structures?: readonly string[];
  territories?: readonly string[];
  /** Lifetime in seconds (default 12 hours). */
  ttlSeconds?: number;
  issuer?: string;
  audience?: string;
}

/** Signs a local HS256 token (the CLI's `token` command and the local server's printed tokens). */
export async function signToken(
  request: TokenRequest,
  secret: string,
  now: Date = new Date(),
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const principal: Principal = {
    sub: request.sub,
    role: request.role,
    structures: [...(request.structures ?? [])],
    territories: [...(request.territories ?? [])],
  };
  return sign(
    {
      ...principal,
      iat,
      exp: iat + (request.ttlSeconds ?? 12 * 3600),
      ...(request.issuer ? { iss: request.issuer } : {}),
      ...(request.audience ? { aud: request.audience } : {}),
    },
    secret,
    'HS256',
  );
}
