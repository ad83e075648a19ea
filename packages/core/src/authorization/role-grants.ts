import type { Role } from '../model/roles.ts';
import type { StreamKind } from '../model/stream-id.ts';
import type { CommandFamily } from './command-families.ts';

/**
 * Which streams a role reaches (reads, and writes within its grant):
 * - `structures`: the streams of the structures in its claims, and the cohorts they are members of;
 * - `supported`: the same, and every cohort of the territories in its claims;
 * - `territory`: every stream and territory view of the territories in its claims.
 */
export type Reach = 'structures' | 'supported' | 'territory';

export interface RoleGrant {
  reach: Reach;
  /** The command families the role may give, by stream kind; a kind left out takes no command from it. */
  commands: Partial<Record<StreamKind, readonly CommandFamily[]>>;
}

/**
 * Who may give which commands: least privilege, in the spirit of a participative evaluation.
 * - Residents and partners contribute to the journal (comments, difficulties, successes, change stories,
 *   observed outcomes) and read their structure's streams; the structure's governance decides.
 * - Staff and volunteers keep the journey and the vision, and write the renewal's preparation records.
 * - Directors and board members also take the lifecycle decisions, correct or retract entries (the log
 *   does not tell the decider who wrote an entry, so no one is limited to their own) and erase texts.
 * - Facilitators contribute to the projects of the structures they support and record their sessions
 *   there; they write the cohorts of their territories because they run the cohort programme: sessions,
 *   memberships, plans, and the corrections of that record, which no structure's governance owns.
 * - CAF roles record agreement decisions and comments on projects; admins register structures and set
 *   cohorts up; auditors and federation delegates read only.
 */
// biome-ignore format: the table reads as one row per role.
export const roleGrants: Readonly<Record<Role, RoleGrant>> = {
  director:            { reach: 'structures', commands: { project: ['comment', 'contribution', 'journey', 'sessions', 'vision', 'preparation', 'governance', 'correction', 'erasure'], structure: ['comment', 'correction', 'erasure'] } },
  board_member:        { reach: 'structures', commands: { project: ['comment', 'contribution', 'journey', 'sessions', 'vision', 'preparation', 'governance', 'correction', 'erasure'], structure: ['comment', 'correction', 'erasure'] } },
  staff:               { reach: 'structures', commands: { project: ['comment', 'contribution', 'journey', 'sessions', 'vision', 'preparation'], structure: ['comment'] } },
  volunteer:           { reach: 'structures', commands: { project: ['comment', 'contribution', 'journey', 'sessions', 'vision', 'preparation'], structure: ['comment'] } },
  resident:            { reach: 'structures', commands: { project: ['comment', 'contribution'], structure: ['comment'] } },
  partner:             { reach: 'structures', commands: { project: ['comment', 'contribution'], structure: ['comment'] } },
  facilitator:         { reach: 'supported',  commands: { project: ['comment', 'contribution', 'sessions'], structure: ['comment'], cohort: ['comment', 'sessions', 'cohort_setup', 'cohort_planning', 'correction', 'erasure'] } },
  caf_advisor:         { reach: 'territory',  commands: { project: ['comment', 'agreement'] } },
  caf_board:           { reach: 'territory',  commands: { project: ['comment', 'agreement'] } },
  federation_delegate: { reach: 'territory',  commands: {} },
  auditor:             { reach: 'territory',  commands: {} },
  admin:               { reach: 'territory',  commands: { structure: ['registration'], cohort: ['cohort_setup'] } },
};
