import type { CommandType } from '../commands/catalogue.ts';
import type { EventType } from '../events/catalogue.ts';
import { type Role, roleLabels, roles } from '../model/roles.ts';
import type { StreamKind } from '../model/stream-id.ts';
import { familiesRecording, familyLabels, familyOf } from './command-families.ts';
import { type RoleGrant, roleGrants } from './role-grants.ts';

/** Who is asking, from a verified token. */
export interface Principal {
  sub: string;
  role: Role;
  /** Structure ids the person belongs to (structure roles) or supports (facilitators). */
  structures: readonly string[];
  /** Département codes the person covers (CAF roles, auditors, federation delegates, admins, facilitators). */
  territories: readonly string[];
}

export type Action =
  | { kind: 'read' }
  | {
      kind: 'command';
      command: CommandType;
      /** For a correction or a retraction: the type of the entry it changes (unknown entries are the decider's). */
      about?: EventType;
    };

/** The commands that change another entry's meaning: allowed only to a role that may record that entry. */
const AMENDING: readonly CommandType[] = ['CorrectEntry', 'RetractEntry'];

/** What is being read or written: a stream (with its structure and territory) or a whole territory. */
export type Target =
  | { kind: StreamKind; territory: string; structureIds: readonly string[] }
  | { kind: 'territory'; territory: string }
  /** The person directory (names and contacts, outside the log). */
  | { kind: 'people' };

export type Decision = { allowed: true } | { allowed: false; reason: string };

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

/**
 * Who may read or write what. Deny by default. A role reaches streams by its claims (`roleGrants`'
 * `reach`), and gives the command families its grant lists for the stream's kind (see `roleGrants`
 * and `commandFamilies`: the table is the rule). The person directory is an admin's, and is not scoped by
 * territory: its entries are keyed by actor id and carry no territory, and one person may act in several
 * territories (a known limit, kept as it is: see README, "The HTTP API").
 * Example: `authorize(staffOfCausses, { kind: 'read' }, caussesProject)` is `{ allowed: true }`.
 */
export function authorize(principal: Principal, action: Action, target: Target): Decision {
  const { role } = principal;
  const grant: RoleGrant | undefined = roleGrants[role];
  if (!grant) return deny(`unknown role ${role}`);
  if (target.kind === 'people') {
    return role === 'admin'
      ? allow
      : deny('only an admin reads or changes the person directory: ask your CAF’s administrator');
  }
  const reached = reach(principal, grant, target);
  if (!reached.allowed || action.kind === 'read') return reached;
  if (target.kind === 'territory') return deny('territory views are read only');
  const families = grant.commands[target.kind] ?? [];
  if (!families.includes(familyOf[action.command]))
    return deny(refusal(role, grant, action.command, target.kind));
  if (action.about === undefined || !AMENDING.includes(action.command)) return allow;
  // A director may correct the team's entries, not the CAF's decision nor an admin's registration.
  const recorders = familiesRecording[action.about] ?? [];
  return recorders.some((family) => families.includes(family))
    ? allow
    : deny(
        `${capitalised(withArticle(role))} may not ${action.command === 'CorrectEntry' ? 'correct' : 'retract'} a ${action.about} entry: it is recorded by ${recorders.map((family) => familyLabels[family].name).join(' or ') || 'no command'}, which ${withArticle(role)} does not give. Comment on it instead (AddComment with its aboutVersion), or ask who recorded it.`,
      );
}

function reach(
  principal: Principal,
  grant: RoleGrant,
  target: Exclude<Target, { kind: 'people' }>,
): Decision {
  const { role } = principal;
  const inTerritory = principal.territories.includes(target.territory);
  if (grant.reach === 'territory') {
    return inTerritory
      ? allow
      : deny(
          `territory ${target.territory} is not in your claims (${principal.territories.join(', ') || 'none'})`,
        );
  }
  if (target.kind === 'territory') {
    return deny(
      `${withArticle(role)} does not see territory-wide views: they are for CAF roles, auditors, federation delegates and admins`,
    );
  }
  const ownStructure = target.structureIds.some((id) => principal.structures.includes(id));
  const covered = ownStructure || (grant.reach === 'supported' && target.kind === 'cohort' && inTerritory);
  if (covered) return allow;
  return deny(
    grant.reach === 'supported'
      ? 'this stream is not one of the structures you support, nor a cohort of your territories'
      : `this stream is not one of your structures (${principal.structures.join(', ') || 'none'})`,
  );
}

/** Says who gives this command instead, and what the role may record: a refusal a person can act on. */
function refusal(role: Role, grant: RoleGrant, command: CommandType, kind: StreamKind): string {
  const family = familyOf[command];
  const mine = grant.commands[kind] ?? [];
  const does =
    Object.keys(grant.commands).length === 0
      ? `${capitalised(withArticle(role))} reads only`
      : mine.length === 0
        ? `${capitalised(withArticle(role))} gives no command on a ${kind}`
        : `On a ${kind}, ${withArticle(role)} records ${mine.map((name) => familyLabels[name].name).join(', ')}`;
  const others = roles.filter(
    (other) => other !== role && roleGrants[other].commands[kind]?.includes(family),
  );
  if (others.length === 0) return `${command} does not apply to a ${kind}. ${does}.`;
  const who = others.map(personOf);
  const list = who.length === 1 ? who[0] : `${who.slice(0, -1).join(', ')} or ${who.at(-1)}`;
  const { name, holds } = familyLabels[family];
  const hint =
    family === 'correction' && mine.includes('comment')
      ? ' To flag a mistake, comment on the entry (AddComment with its aboutVersion).'
      : '';
  return `${command} (${name}: ${holds}) is given by a ${list}: ask one of them.${hint} ${does}.`;
}

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** A person of the role, in English, where the role's label is not one: "staff member" rather than "staff". */
const PERSON: Partial<Record<Role, string>> = { staff: 'staff member', caf_board: 'CAF board member' };
const personOf = (role: Role): string => PERSON[role] ?? roleLabels[role].en;

function withArticle(role: Role): string {
  const person = personOf(role);
  return `${/^[aeiou]/i.test(person) ? 'an' : 'a'} ${person}`;
}
