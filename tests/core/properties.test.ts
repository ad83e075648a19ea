import {
  authorize,
  type Command,
  chainEvents,
  DomainError,
  EMPTY_HEAD,
  type EventDraft,
  evolve,
  fold,
  initialState,
  type JournalEvent,
  roles,
  verifyChain,
} from '@chemins/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelope, openProject, richProject, staff, when } from './support/given.ts';

const ids = ['s1', 'p1', 'c1', 'c2', 'a1', 'i1', 'k1', 'd1', 'x1', 'o1', 'st1', 'r1', 'zz'];
const id = fc.constantFrom(...ids);
const text = fc.constantFrom('Un texte.', 'Autre chose.', '<b>gras</b>', "l'été");
const day = fc
  .integer({ min: 0, max: 900 })
  .map((n) => new Date(Date.UTC(2022, 9, 1) + n * 86_400_000).toISOString());

/** Commands of every family, over a small set of ids so that references often hit (and sometimes miss). */
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ type: fc.constant('IdentifyStake'), stakeId: id, title: text, occurredAt: day }),
  fc.record({
    type: fc.constant('DrawPathway'),
    pathwayId: id,
    stakeId: id,
    longTermChange: text,
    occurredAt: day,
  }),
  fc.record({ type: fc.constant('MakeCommitment'), commitmentId: id, description: text, occurredAt: day }),
  fc.record({ type: fc.constant('HonourCommitment'), commitmentId: id, occurredAt: day }),
  fc.record({
    type: fc.constant('PostponeCommitment'),
    commitmentId: id,
    newDueOn: fc.constant('2026-01-01'),
    reason: text,
    occurredAt: day,
  }),
  fc.record({
    type: fc.constant('ReportDifficulty'),
    difficultyId: id,
    category: fc.constantFrom('time', 'calendar'),
    description: text,
    occurredAt: day,
  }),
  fc.record({ type: fc.constant('ResolveDifficulty'), difficultyId: id, how: text, occurredAt: day }),
  fc.record({
    type: fc.constant('RecordSuccess'),
    successId: id,
    category: fc.constant('shared_vision'),
    description: text,
    occurredAt: day,
  }),
  fc.record({ type: fc.constant('StateVision'), statement: text, occurredAt: day }),
  fc.record({
    type: fc.constant('ReviseVision'),
    statement: text,
    rationale: text,
    decidingBody: fc.constant('board'),
    occurredAt: day,
  }),
  fc.record({
    type: fc.constant('CorrectEntry'),
    target: fc.record({ version: fc.integer({ min: 1, max: 30 }), eventId: fc.constant('') }),
    changes: fc.record({ description: text }),
    reason: text,
  }),
  fc.record({
    type: fc.constant('RetractEntry'),
    target: fc.record({ version: fc.integer({ min: 1, max: 30 }), eventId: fc.constant('') }),
    reason: text,
  }),
  fc.record({ type: fc.constant('ClosePeriod'), occurredAt: day }),
  fc.record({ type: fc.constant('AddComment'), text, occurredAt: day }),
) as fc.Arbitrary<Command>;

/** Runs commands one by one (evolve after each accepted one); refused commands are skipped. */
function runOneByOne(commands: Command[]) {
  let state = initialState();
  const events: JournalEvent[] = [];
  for (const raw of [openProject, ...commands]) {
    // Corrections must name the event id of their target version: fill it in from the log.
    const next =
      raw.type === 'CorrectEntry' || raw.type === 'RetractEntry'
        ? { ...raw, target: { ...raw.target, eventId: `e${raw.target.version}` } }
        : raw;
    const decided = when(state, next as Command);
    if (decided instanceof DomainError) continue;
    for (const event of decided) {
      const stored = envelope('project:p1', state.version + 1, event, staff);
      events.push(stored);
      state = evolve(state, stored);
    }
  }
  return { state, events };
}

describe('properties of the decider and the log', () => {
  it('folding the log equals applying the commands one by one', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const { state, events } = runOneByOne(commands);
        expect(fold(events)).toEqual(state);
        expect(events.reduce(evolve, initialState())).toEqual(state);
      }),
      { numRuns: 150 },
    );
  });

  it('evolve never changes the state it is given', () => {
    const { events } = runOneByOne(richProject.slice(1));
    const before = fold(events.slice(0, -1));
    const copy = structuredClone(before);
    evolve(before, events.at(-1) as JournalEvent);
    expect(before).toEqual(copy);
  });

  it('detects a change of any byte of any stored event', async () => {
    const drafts = runOneByOne(richProject.slice(1)).events.map(
      ({ version: _v, prevHash: _p, hash: _h, ...draft }) => draft as EventDraft,
    );
    const chained = await chainEvents(EMPTY_HEAD, drafts);
    expect(await verifyChain(chained)).toMatchObject({ ok: true, checked: chained.length });
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 94 }), async (which, where, shift) => {
        const index = which % chained.length;
        const json = JSON.stringify(chained[index]);
        const at = where % json.length;
        const changed = String.fromCharCode(((json.charCodeAt(at) - 32 + shift) % 95) + 32);
        let tampered: JournalEvent;
        try {
          tampered = JSON.parse(json.slice(0, at) + changed + json.slice(at + 1));
        } catch {
          return; // no longer JSON: no store would even read it
        }
        const log = chained.map((event, i) => (i === index ? tampered : event));
        // Whichever field changed (data, ids, version, prevHash, the hash itself), the event is named.
        expect(await verifyChain(log)).toMatchObject({ ok: false, checked: index, version: index + 1 });
      }),
      { numRuns: 300 },
    );
  });

  it('authorize denies by default: an unknown territory or structure is never allowed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...roles),
        fc.constantFrom('project', 'structure', 'cohort', 'territory'),
        (role, kind) => {
          const principal = { sub: 'u', role, structures: ['mine'], territories: ['46'] } as const;
          const target =
            kind === 'territory'
              ? ({ kind, territory: '12' } as const)
              : ({ kind, territory: '12', structureIds: ['other'] } as const);
          expect(authorize(principal, { kind: 'read' }, target).allowed).toBe(false);
          expect(authorize(principal, { kind: 'command', command: 'AddComment' }, target).allowed).toBe(
            false,
          );
        },
      ),
    );
  });
});
