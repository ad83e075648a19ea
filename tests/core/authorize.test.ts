import {
  type Action,
  authorize,
  type CommandFamily,
  type CommandType,
  commandCatalogue,
  commandFamilies,
  commandTypes,
  type EventType,
  familyOf,
  Journal,
  LOT_TERRITORY,
  lotStructures,
  MemoryEventStore,
  type Principal,
  type Role,
  readAllEvents,
  roles,
  type StreamKind,
  seedLotScenario,
  type Target,
} from '@chemins/core';
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
const command = (type: CommandType): Action => ({ kind: 'command', command: type });

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

/*
 * What each role may give on its own streams, family by family: the review's decision, stated once more
 * here so that a change of the role table is a change of this statement too.
 * `c` comment, `C` contribution, `j` journey (follow-up), `s` sessions, `v` vision, `p` preparation,
 * `G` governance, `A` agreement, `k` correction, `e` erasure, `r` registration, `o` cohort set-up,
 * `n` cohort planning.
 */
// biome-ignore format: one row per role, one column per stream kind.
const expectedGrants: Record<Role, Record<StreamKind, string>> = {
  director:            { project: 'cCjsvpGke', structure: 'cke', cohort: '' },
  board_member:        { project: 'cCjsvpGke', structure: 'cke', cohort: '' },
  staff:               { project: 'cCjsvp',    structure: 'c',   cohort: '' },
  volunteer:           { project: 'cCjsvp',    structure: 'c',   cohort: '' },
  resident:            { project: 'cC',        structure: 'c',   cohort: '' },
  partner:             { project: 'cC',        structure: 'c',   cohort: '' },
  facilitator:         { project: 'cCs',       structure: 'c',   cohort: 'cskeon' },
  caf_advisor:         { project: 'cA',        structure: '',    cohort: '' },
  caf_board:           { project: 'cA',        structure: '',    cohort: '' },
  federation_delegate: { project: '',          structure: '',    cohort: '' },
  auditor:             { project: '',          structure: '',    cohort: '' },
  admin:               { project: '',          structure: 'r',   cohort: 'o' },
};
const LETTER: Record<CommandFamily, string> = {
  comment: 'c',
  contribution: 'C',
  journey: 'j',
  sessions: 's',
  vision: 'v',
  preparation: 'p',
  governance: 'G',
  agreement: 'A',
  correction: 'k',
  erasure: 'e',
  registration: 'r',
  cohort_setup: 'o',
  cohort_planning: 'n',
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
        authorize(who, command('ReportDifficulty'), own),
        authorize(who, command('GrantAgreement'), own),
        authorize(who, command('RegisterStructure'), newStructure),
        authorize(who, command('HoldCollectiveSession'), cohort),
      ].map((decision) => decision.allowed);
      expect(actual).toEqual(expected);
    });
  }

  it('gives each role, on each stream kind it reaches, exactly the families the review decided', () => {
    const kinds: StreamKind[] = ['project', 'structure', 'cohort'];
    const targets: Record<StreamKind, Target> = {
      project: own,
      structure: { ...own, kind: 'structure' },
      cohort,
    };
    const actual = Object.fromEntries(
      roles.map((role) => [
        role,
        Object.fromEntries(
          kinds.map((kind) => {
            const families = (Object.keys(commandFamilies) as CommandFamily[]).filter((family) =>
              commandFamilies[family].every(
                (type) => authorize(principal(role), command(type), targets[kind]).allowed,
              ),
            );
            return [kind, families.map((family) => LETTER[family]).join('')];
          }),
        ),
      ]),
    );
    expect(actual).toEqual(expectedGrants);
  });

  it('grants whole families: a role gives all of a family, or none of it', () => {
    for (const role of roles) {
      for (const target of [own, cohort, { ...own, kind: 'structure' } as Target]) {
        for (const types of Object.values(commandFamilies)) {
          const allowed = new Set(
            types.map((type) => authorize(principal(role), command(type), target).allowed),
          );
          expect(allowed.size, `${role} on a ${target.kind}: ${types.join(', ')}`).toBe(1);
        }
      }
    }
  });

  it('puts every command in exactly one family', () => {
    const listed = Object.values(commandFamilies).flat();
    expect([...listed].sort()).toEqual([...commandTypes].sort());
    expect(new Set(listed).size).toBe(listed.length);
    for (const type of commandTypes) expect(commandFamilies[familyOf[type]]).toContain(type);
  });

  it('explains a refusal', () => {
    const decision = authorize(principal('staff'), read, foreign);
    expect(decision).toEqual({
      allowed: false,
      reason: expect.stringContaining('not one of your structures'),
    });
  });

  it('lets residents and partners contribute to the journal, and nothing more', () => {
    const contributions: CommandType[] = [
      'AddComment',
      'ReportDifficulty',
      'RecordSuccess',
      'CollectChangeStory',
      'ObserveOutcome',
    ];
    for (const role of ['resident', 'partner'] as const) {
      const allowed = commandTypes.filter((type) => authorize(principal(role), command(type), own).allowed);
      expect(allowed.sort(), role).toEqual([...contributions].sort());
    }
  });

  it('keeps the lifecycle decisions for directors and board members', () => {
    const governance: CommandType[] = [
      'OpenProject',
      'OpenNextProject',
      'StartRenewal',
      'AdoptProject',
      'SubmitToCaf',
      'ClosePeriod',
    ];
    for (const type of governance) {
      const deciders = roles.filter((role) => authorize(principal(role), command(type), own).allowed);
      expect(deciders, type).toEqual(['director', 'board_member']);
    }
  });

  it('says who gives a refused command, and what the role may record instead', () => {
    const adopt = authorize(principal('resident'), command('AdoptProject'), own);
    expect(adopt).toEqual({ allowed: false, reason: expect.stringContaining('director or board member') });
    expect(adopt.allowed || adopt.reason).toContain('a resident records comments, contributions');
    const renew = authorize(principal('staff'), command('StartRenewal'), own);
    expect(renew.allowed || renew.reason).toMatch(/^StartRenewal \(governance decisions: .*renewal/);
    const correct = authorize(principal('partner'), command('CorrectEntry'), own);
    expect(correct.allowed || correct.reason).toContain('AddComment with its aboutVersion');
    const audit = authorize(principal('auditor'), command('AddComment'), own);
    expect(audit.allowed || audit.reason).toContain('An auditor reads only');
  });

  it('lets facilitators write the cohorts of their territories, even without a member of theirs', () => {
    const facilitator: Principal = { sub: 'f', role: 'facilitator', structures: [], territories: ['46'] };
    const lotCohort: Target = { kind: 'cohort', territory: '46', structureIds: ['bouriane'] };
    expect(authorize(facilitator, command('JoinCohort'), lotCohort).allowed).toBe(true);
    expect(authorize(facilitator, command('PlanNextCohort'), { ...lotCohort, territory: '12' }).allowed).toBe(
      false,
    );
    expect(authorize(facilitator, command('ReportDifficulty'), own).allowed).toBe(false);
  });

  it('keeps the person directory for admins, in every territory', () => {
    const admin12: Principal = { sub: 'a', role: 'admin', structures: [], territories: ['12'] };
    expect(authorize(admin12, read, { kind: 'people' }).allowed).toBe(true);
    expect(authorize(principal('director'), read, { kind: 'people' }).allowed).toBe(false);
  });
});

describe('corrections and retractions change only what the role may record', () => {
  const causses: Target = { kind: 'project', territory: '46', structureIds: ['causses'] };
  const amend = (command: 'CorrectEntry' | 'RetractEntry', about: EventType): Action => ({
    kind: 'command',
    command,
    about,
  });

  it.each([
    ['DifficultyReported', true],
    ['CommitmentMade', true],
    ['VisionRevised', true],
    ['AgreementGranted', false],
    ['AgreementRefused', false],
  ] as const)('a director retracting a %s entry: allowed %s', (about, allowed) => {
    expect(authorize(principal('director'), amend('RetractEntry', about), causses).allowed).toBe(allowed);
    expect(authorize(principal('director'), amend('CorrectEntry', about), causses).allowed).toBe(allowed);
  });

  it('says why, and what to do instead', () => {
    const decision = authorize(principal('board_member'), amend('CorrectEntry', 'AgreementGranted'), causses);
    expect(decision).toEqual({ allowed: false, reason: expect.stringContaining('agreement decisions') });
    expect(decision.allowed ? '' : decision.reason).toContain('AddComment');
  });

  it("a director may not retract an admin's registration on the structure's stream", () => {
    const structure: Target = { kind: 'structure', territory: '46', structureIds: ['causses'] };
    expect(authorize(principal('director'), amend('RetractEntry', 'ProjectLinked'), structure).allowed).toBe(
      false,
    );
    expect(authorize(principal('director'), amend('RetractEntry', 'CommentAdded'), structure).allowed).toBe(
      true,
    );
  });

  it('a facilitator corrects the sessions of a cohort they run', () => {
    const cohort: Target = { kind: 'cohort', territory: '46', structureIds: [] };
    expect(
      authorize(principal('facilitator'), amend('CorrectEntry', 'CollectiveSessionHeld'), cohort).allowed,
    ).toBe(true);
  });
});

describe("the Lot seed's actors", () => {
  it('each gave only commands that authorize would let them give', async () => {
    // The seed runs through the journal, not through authorize: this says its story fits the rules.
    const store = new MemoryEventStore();
    const summary = await seedLotScenario(new Journal(store));
    const commandOf = new Map<string, CommandType>();
    for (const type of [...commandTypes].reverse()) commandOf.set(commandCatalogue[type].event.type, type);
    const refused: string[] = [];
    for (const stream of summary.streams) {
      const events = await readAllEvents(store, stream);
      const [kind] = stream.split(':') as [StreamKind];
      const opening = events[0]?.data as { structureId?: string } | undefined;
      const structureIds = kind === 'cohort' ? [] : [opening?.structureId ?? ''];
      const target: Target = { kind, territory: LOT_TERRITORY, structureIds };
      for (const event of events) {
        // The journal links a project it opens to its structure, under the opening's actor.
        if (event.type === 'ProjectLinked') continue;
        const type = commandOf.get(event.type);
        if (!type) throw new Error(`no command records ${event.type}`);
        const { role } = event.actor;
        const who: Principal = {
          sub: event.actor.id,
          role,
          structures: role === 'facilitator' ? lotStructures.map((structure) => structure.id) : structureIds,
          territories: [LOT_TERRITORY],
        };
        const amended = (event.data as { target?: { version?: number } }).target?.version;
        const about =
          type === 'CorrectEntry' || type === 'RetractEntry'
            ? events.find((entry) => entry.version === amended)?.type
            : undefined;
        const decision = authorize(who, { ...command(type), ...(about ? { about } : {}) }, target);
        if (!decision.allowed)
          refused.push(`${stream} v${event.version} ${type} by ${role}: ${decision.reason}`);
      }
    }
    expect(refused).toEqual([]);
  });
});
