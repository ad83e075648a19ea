import { LOT_TERRITORY, lotStructures } from '@chemins/core';
import { signToken, type TokenRequest } from '../auth/hs256.ts';

/** The claims the server checks besides the signature, when it is configured with them. */
export type DemoTokenClaims = Pick<TokenRequest, 'issuer' | 'audience'>;

/**
 * Ready-to-use tokens for the seeded Lot scenario, printed by the local server: one per role the README's
 * examples use ($TOKEN, $ADVISER_TOKEN, $AUDITOR_TOKEN, $FACILITATOR_TOKEN, $ADMIN_TOKEN, in this order).
 */
export async function demoTokens(secret: string, now: Date = new Date(), claims: DemoTokenClaims = {}) {
  const sign = (request: Omit<TokenRequest, 'ttlSeconds' | 'issuer' | 'audience'>) =>
    signToken({ ...request, ...claims, ttlSeconds: 12 * 3600 }, secret, now);
  const territories = [LOT_TERRITORY];
  return {
    'staff of the Centre social des Causses': await sign({
      sub: 'causses-staff-1',
      role: 'staff',
      structures: ['causses'],
      territories,
    }),
    'CAF adviser of territory 46': await sign({ sub: 'caf46-advisor-1', role: 'caf_advisor', territories }),
    'auditor of territory 46': await sign({ sub: 'caf46-auditor-1', role: 'auditor', territories }),
    'facilitator of the Lot cohort (lot-2022)': await sign({
      sub: 'facilitator-lot',
      role: 'facilitator',
      structures: lotStructures.map((structure) => structure.id),
      territories,
    }),
    'admin of territory 46': await sign({ sub: 'caf46-admin', role: 'admin', territories }),
  };
}
