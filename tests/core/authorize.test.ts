import { type Action, authorize, type Principal, type Role, type Target } from '@chemins/core';
import { describe, expect, it } from 'vitest';

const principal = (role: Role): Principal => ({
  sub: `${role}-1`,
  role,
  structures: ['causses'],
  territories: ['46'],
});
const own: Target = { kind: 'project', territory: '46', structureIds: ['causses'] };
const foreign: Target = { kind: 'project', territory: '46', structureIds: ['bouriane'] };
const otherTerritory: Target = { kind: 'project', territory: '12', structureIds: ['aveyron'] };
const territory: Target = { kind: 'territory', territory: '46' };
const newStructure: Target = { kind: 'structure', territory: '46', structureIds: ['nouvelle'] };
const cohort: Target = { kind: 'cohort', territory: '46', structureIds: ['causses', 'bouriane'] };

const read: Action = { kind: 'read' };
const note: Action = { kind: 'command', command: 'ReportDifficulty' };
const grant: Action = { kind: 'command', command: 'GrantAgreement' };
const register: Action = { kind: 'command', command: 'RegisterStructure' };
const session: Action = { kind: 'command', command: 'HoldCollectiveSession' };

/** role → [read own, read foreign, read other territory, read territory, note own, grant own, register, write cohort] */
const matrix: Record<Role, boolean[]> = {
  director: [true, false, false, false, true, false, false, false],
  staff: [true, false, false, false, true, false, false, false],
  volunteer: [true, false, false, false, true, false, false, false],
  board_member: [true, false, false, false, true, false, false, false],
  resident: [true, false, false, false, true, false, false, false],
  partner: [true, false, false, false, true, false, false, false],
  facilitator: [true, false, false, false, true, false, false, true],
  caf_advisor: [true, true, false, true, false, true, false, false],
  caf_board: [true, true, false, true, false, true, false, false],
  federation_delegate: [true, true, false, true, false, false, false, false],
  auditor: [true, true, false, true, false, false, false, false],
  admin: [true, true, false, true, false, false, true, false],
};

describe('authorize', () => {
  for (const [role, expected] of Object.entries(matrix) as [Role, boolean[]][]) {
    it(`${role}: reads and writes only where its claims allow`, () => {
      const who = principal(role);
      const actual = [
        authorize(who, read, own),
        authorize(who, read, foreign),
        authorize(who, read, otherTerritory),
        authorize(who, read, territory),
        authorize(who, note, own),
        authorize(who, grant, own),
        authorize(who, register, newStructure),
        authorize(who, session, cohort),
      ].map((decision) => decision.allowed);
      expect(actual).toEqual(expected);
    });
  }

  it('explains a refusal', () => {
    const decision = authorize(principal('staff'), read, foreign);
    expect(decision).toEqual({
      allowed: false,
      reason: expect.stringContaining('not one of your structures'),
    });
  });
});
