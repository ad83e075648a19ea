import type { CommandType } from '../commands/catalogue.ts';
import { cafRoles, type Role, structureRoles } from '../model/roles.ts';
import type { StreamKind } from '../model/stream-id.ts';

/** Who is asking, from a verified token. */
export interface Principal {
  sub: string;
  role: Role;
  /** Structure ids the person belongs to (structure roles) or supports (facilitators). */
  structures: readonly string[];
  /** Département codes the person covers (CAF roles, auditors, federation delegates, admins). */
  territories: readonly string[];
}

export type Action = { kind: 'read' } | { kind: 'command'; command: CommandType };

/** What is being read or written: a stream (with its structure and territory) or a whole territory. */
export type Target =
  | { kind: StreamKind; territory: string; structureIds: readonly string[] }
  | { kind: 'territory'; territory: string }
  /** The person directory (names and contacts, outside the log). */
  | { kind: 'people' };

export type Decision = { allowed: true } | { allowed: false; reason: string };

const AGREEMENT_DECISIONS: readonly CommandType[] = ['GrantAgreement', 'DeferAgreement', 'RefuseAgreement'];
const TERRITORY_READERS: readonly Role[] = [...cafRoles, 'auditor', 'federation_delegate', 'admin'];

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

/**
 * Who may read or write what. Deny by default.
 * - structure roles read and write their own structures' streams;
 * - facilitators read and write the streams of the structures in their claims, and cohorts of their territories;
 * - CAF roles read their territories and record agreement decisions (and comments) there;
 * - auditors and federation delegates read their territories, and write nothing;
 * - admins register structures, open cohorts, erase personal texts and read in their territories, and
 *   alone keep the person directory.
 * Example: `authorize(staffOfCausses, { kind: 'read' }, caussesProject)` is `{ allowed: true }`.
 */
export function authorize(principal: Principal, action: Action, target: Target): Decision {
  if (target.kind === 'people') {
    return principal.role === 'admin' ? allow : deny('only an admin reads or changes the person directory');
  }
  const inTerritory = principal.territories.includes(target.territory);
  const ownStructure =
    target.kind !== 'territory' && target.structureIds.some((id) => principal.structures.includes(id));
  const { role } = principal;

  if (structureRoles.includes(role)) {
    if (target.kind === 'territory' || (target.kind === 'cohort' && action.kind === 'command')) {
      return deny(`a ${role} acts on their own structures only`);
    }
    if (!ownStructure)
      return deny(`this stream is not one of your structures (${principal.structures.join(', ') || 'none'})`);
    if (
      action.kind === 'command' &&
      (action.command === 'RegisterStructure' || AGREEMENT_DECISIONS.includes(action.command))
    ) {
      return deny(`${action.command} is not for a ${role}`);
    }
    return allow;
  }

  if (role === 'facilitator') {
    if (target.kind === 'territory') return deny('a facilitator does not see territory-wide views');
    const covered = target.kind === 'cohort' ? inTerritory || ownStructure : ownStructure;
    if (!covered) return deny('this stream is not one of the structures you support');
    if (
      action.kind === 'command' &&
      (action.command === 'RegisterStructure' || AGREEMENT_DECISIONS.includes(action.command))
    ) {
      return deny(`${action.command} is not for a facilitator`);
    }
    return allow;
  }

  if (!TERRITORY_READERS.includes(role)) return deny(`unknown role ${role}`);
  if (!inTerritory)
    return deny(
      `territory ${target.territory} is not in your claims (${principal.territories.join(', ') || 'none'})`,
    );
  if (action.kind === 'read') return allow;

  if (cafRoles.includes(role)) {
    const mayWrite = AGREEMENT_DECISIONS.includes(action.command) || action.command === 'AddComment';
    return mayWrite && target.kind === 'project'
      ? allow
      : deny(`a ${role} records agreement decisions and comments only`);
  }
  if (role === 'admin') {
    const mayWrite = ['RegisterStructure', 'LinkProject', 'OpenCohort', 'JoinCohort'].includes(
      action.command,
    );
    return mayWrite
      ? allow
      : deny(`an admin registers structures and cohorts; ${action.command} is for the structure's team`);
  }
  return deny(`a ${role} reads only`);
}
