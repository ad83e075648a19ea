import { LOT_TERRITORY } from '@chemins/core';
import { signToken } from '../auth/hs256.ts';

/** Ready-to-use tokens for the seeded Lot scenario, printed by the local server. */
export async function demoTokens(secret: string, now: Date = new Date()) {
  const ttlSeconds = 12 * 3600;
  return {
    'staff of the Centre social des Causses': await signToken(
      {
        sub: 'causses-staff-1',
        role: 'staff',
        structures: ['causses'],
        territories: [LOT_TERRITORY],
        ttlSeconds,
      },
      secret,
      now,
    ),
    'CAF adviser of territory 46': await signToken(
      { sub: 'caf46-advisor-1', role: 'caf_advisor', territories: [LOT_TERRITORY], ttlSeconds },
      secret,
      now,
    ),
    'auditor of territory 46': await signToken(
      { sub: 'caf46-auditor-1', role: 'auditor', territories: [LOT_TERRITORY], ttlSeconds },
      secret,
      now,
    ),
  };
}
