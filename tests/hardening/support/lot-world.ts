import { type EventStore, Journal, MemoryEventStore, type Role, roles } from '@chemins/core';
import { type AppOverrides, seededApp, token } from '../../api/support/test-app.ts';

/**
 * The seeded Lot scenario (territory 46), plus a little of the Aveyron (territory 12), seen from one
 * principal per role who belongs to the Causses (structure roles, the facilitator) or covers the Lot
 * (the facilitator, CAF roles, auditors, federation delegates, admins).
 * - own: the principal's structure, project and cohort (causses, causses-2023, lot-2022) in 46;
 * - neighbour: another structure of the same territory (bouriane, bouriane-2023) and a cohort of 46
 *   the Causses are not in (lot-2024);
 * - foreign: a structure, project and cohort of another territory (rouergue, rouergue-2023, aveyron-2024 in 12).
 */
export const SCOPES = {
  own: { structure: 'causses', project: 'causses-2023', cohort: 'lot-2022', territory: '46' },
  neighbour: { structure: 'bouriane', project: 'bouriane-2023', cohort: 'lot-2024', territory: '46' },
  foreign: { structure: 'rouergue', project: 'rouergue-2023', cohort: 'aveyron-2024', territory: '12' },
} as const;

export type ScopeName = keyof typeof SCOPES;
export type Scope = (typeof SCOPES)[ScopeName];

/** Every role, in the order of the matrix's columns. */
export const ROLES: readonly Role[] = roles;

const STRUCTURE_ROLES: readonly Role[] = [
  'director',
  'staff',
  'volunteer',
  'board_member',
  'resident',
  'partner',
];

/** The claims of the matrix's principal for a role. */
export function claimsOf(role: Role): { structures: string[]; territories: string[] } {
  if (STRUCTURE_ROLES.includes(role)) return { structures: ['causses'], territories: [] };
  if (role === 'facilitator') return { structures: ['causses'], territories: ['46'] };
  return { structures: [], territories: ['46'] };
}

/** `Authorization: Bearer …` for the matrix's principal of a role. */
export async function bearerOf(role: Role): Promise<Record<string, string>> {
  const { structures, territories } = claimsOf(role);
  return { Authorization: `Bearer ${await token(role, structures, territories)}` };
}

/** `Authorization: Bearer …` for any claims. */
export async function bearer(
  role: Role,
  structures: string[] = [],
  territories: string[] = [],
): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${await token(role, structures, territories)}` };
}

const SEEDED_AT = '2024-01-15T10:00:00.000Z';

/** Adds the Aveyron (12) structure, project and cohort, and a second Lot cohort without the Causses. */
export async function seedBeyondTheLot(store: EventStore): Promise<void> {
  const journal = new Journal(store);
  let counter = 0;
  const next = () => {
    counter += 1;
    return counter;
  };
  const run = (streamId: string, actor: { id: string; role: Role }, command: Record<string, unknown>) =>
    journal.execute(streamId, command as unknown as Parameters<Journal['execute']>[1], {
      commandId: `beyond-${next()}`,
      actor,
      now: SEEDED_AT,
      newId: () => `beyond-id-${next()}`,
    });
  const admin12 = { id: 'caf12-admin', role: 'admin' as const };
  const facilitator = { id: 'facilitator-world', role: 'facilitator' as const };
  await run('structure:rouergue', admin12, {
    type: 'RegisterStructure',
    structureId: 'rouergue',
    name: 'Centre social du Rouergue',
    kind: 'centre_social',
    managingBody: 'association',
    territory: '12',
  });
  await run(
    'project:rouergue-2023',
    { id: 'rouergue-director', role: 'director' },
    {
      type: 'OpenProject',
      projectId: 'rouergue-2023',
      structureId: 'rouergue',
      territory: '12',
      structureKind: 'centre_social',
      title: 'Projet social 2023-2027 — Centre social du Rouergue',
      plannedPeriod: { start: '2023-07-01', end: '2027-06-30' },
      circular: '2012-013',
    },
  );
  for (const [cohortId, territory, member] of [
    ['aveyron-2024', '12', ['rouergue', 'rouergue-2023']],
    ['lot-2024', '46', ['bouriane', 'bouriane-2023']],
  ] as const) {
    await run(`cohort:${cohortId}`, facilitator, {
      type: 'OpenCohort',
      cohortId,
      title: `Formation-action ${cohortId}`,
      territory,
      funder: `CAF${territory}`,
      facilitatorId: facilitator.id,
    });
    await run(`cohort:${cohortId}`, facilitator, {
      type: 'JoinCohort',
      structureId: member[0],
      projectId: member[1],
    });
  }
}

/** The app over the seeded Lot and the streams beyond it, on the given store (in memory by default). */
export async function worldApp(store: EventStore = new MemoryEventStore(), overrides: AppOverrides = {}) {
  const seeded = await seededApp(store, overrides);
  await seedBeyondTheLot(store);
  return seeded;
}
