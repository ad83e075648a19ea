import { HttpProblem } from '../errors/http-problem.ts';
import type { Authenticator } from './authenticator.ts';
import { principalFromClaims } from './claims.ts';

interface AuthorizerEvent {
  requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
}

/**
 * On AWS the HTTP API's JWT authorizer (Cognito) has already checked the signature and expiry;
 * the handler reads the claims it passes along.
 */
export const lambdaAuthorizerAuthenticator: Authenticator = {
  async authenticate(c) {
    const claims = (c.env?.event as AuthorizerEvent | undefined)?.requestContext?.authorizer?.jwt?.claims;
    if (!claims)
      throw new HttpProblem(401, 'UNAUTHENTICATED', 'send a Cognito ID token: Authorization: Bearer <JWT>');
    return principalFromClaims(claims);
  },
};
