import type { Actor } from '../model/roles.ts';

/** Pseudonymous actors of the seed: ids and roles, never names. */
export const lotActors = {
  admin: { id: 'caf46-admin', role: 'admin' },
  advisor: { id: 'caf46-advisor-1', role: 'caf_advisor' },
  facilitator: { id: 'facilitator-lot', role: 'facilitator' },
  director: (structureId: string): Actor => ({ id: `${structureId}-director`, role: 'director' }),
  staff: (structureId: string): Actor => ({ id: `${structureId}-staff-1`, role: 'staff' }),
  volunteer: (structureId: string): Actor => ({ id: `${structureId}-volunteer-1`, role: 'volunteer' }),
  board: (structureId: string): Actor => ({ id: `${structureId}-board-1`, role: 'board_member' }),
} satisfies Record<string, Actor | ((structureId: string) => Actor)>;
