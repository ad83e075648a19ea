import type { JournalEvent } from '@chemins/core';
import fc from 'fast-check';

const DAY_MS = 86_400_000;
const START = Date.UTC(2022, 9, 1);

/** A day of the journey as an instant (10:00 UTC), 0 being the opening on 2022-10-01. */
export const dayToInstant = (day: number) => new Date(START + day * DAY_MS + 10 * 3_600_000).toISOString();
const dayToDate = (day: number) => new Date(START + day * DAY_MS).toISOString().slice(0, 10);

export const pick = <T>(...values: T[]) => fc.constantFrom(...values);

/** The random choices a command is built from: small pools of ids, so that references often hit. */
const choices = fc.record({
  stake: pick('s1', 's2'),
  pathway: pick('p1', 'p2'),
  change: pick('c1', 'c2'),
  assumption: pick('a1', 'a2'),
  commitment: pick('k1', 'k2'),
  difficulty: pick('d1', 'd2'),
  success: pick('u1', 'u2'),
  review: pick('r1', 'r2'),
  text: pick(
    'Un texte.',
    '<script>alert(1)</script>',
    '**gras** [lien](x) | # _',
    "1. l'été",
    'Ligne\nsuivante',
  ),
  body: pick('board', 'steering_committee', 'interim_review'),
  category: pick('time', 'calendar', 'shared_vision', 'new_ways_of_thinking', 'autre_chose'),
  date: fc.integer({ min: 0, max: 1500 }).map(dayToDate),
  number: fc.integer({ min: 1, max: 30 }),
  participants: fc.record(
    {
      director: fc.nat(3),
      staff: fc.nat(6),
      volunteer: fc.nat(6),
      board_member: fc.nat(4),
      resident: fc.nat(9),
    },
    { requiredKeys: [] },
  ),
  /** Whether to set each optional field. */
  a: fc.boolean(),
  b: fc.boolean(),
});
type Choices = typeof choices extends fc.Arbitrary<infer T> ? T : never;

/** Adds optional fields only when chosen: a command never carries an undefined field. */
const when = (chosen: boolean, fields: object) => (chosen ? fields : {});
const decision = (c: Choices) => ({ rationale: c.text, decidingBody: c.body });

/** How to build each command from the choices, and how often to draw it. */
const templates: Record<string, [weight: number, build: (c: Choices) => object]> = {
  StartRenewal: [1, () => ({})],
  RecordSharedDiagnosis: [1, (c) => ({ summary: c.text })],
  AdoptProject: [1, () => ({})],
  SubmitToCaf: [1, () => ({})],
  GrantAgreement: [1, (c) => ({ period: { start: '2023-07-01', end: c.a ? '2027-06-30' : '2028-07-01' } })],
  DeferAgreement: [1, (c) => ({ reason: c.text })],
  ClosePeriod: [1, () => ({})],
  StateVision: [2, (c) => ({ statement: c.text })],
  ReviseVision: [3, (c) => ({ statement: c.text, ...decision(c), ...when(c.a, { reviewId: c.review }) })],
  IdentifyStake: [3, (c) => ({ stakeId: c.stake, title: c.text, ...when(c.a, { lineageId: 'lineage-b' }) })],
  PrioritiseStake: [2, (c) => ({ stakeId: c.stake, priority: (c.number % 3) + 1 })],
  DropStake: [2, (c) => ({ stakeId: c.stake, ...decision(c) })],
  DrawPathway: [2, (c) => ({ pathwayId: c.pathway, stakeId: c.stake, longTermChange: c.text })],
  RevisePathway: [2, (c) => ({ pathwayId: c.pathway, longTermChange: c.text, ...decision(c) })],
  RetirePathway: [1, (c) => ({ pathwayId: c.pathway, ...decision(c) })],
  AddIntermediateChange: [2, (c) => ({ changeId: c.change, pathwayId: c.pathway, description: c.text })],
  AmendIntermediateChange: [1, (c) => ({ changeId: c.change, description: c.text })],
  RemoveIntermediateChange: [1, (c) => ({ changeId: c.change, rationale: c.text })],
  StateAssumption: [2, (c) => ({ assumptionId: c.assumption, pathwayId: c.pathway, statement: c.text })],
  ConfirmAssumption: [1, (c) => ({ assumptionId: c.assumption, evidence: c.text })],
  InvalidateAssumption: [2, (c) => ({ assumptionId: c.assumption, evidence: c.text })],
  DefineIndicator: [
    1,
    (c) => ({
      indicatorId: 'i2',
      label: c.text,
      unit: 'personnes',
      ...when(c.a, { target: { value: c.number } }),
    }),
  ],
  RedefineIndicator: [
    1,
    () => ({ indicatorId: 'i1', label: 'Trajets partagés', unit: 'trajets', rationale: 'Plus juste.' }),
  ],
  ReviseTarget: [
    2,
    (c) => ({
      indicatorId: 'i1',
      target: { value: c.number, ...when(c.b, { by: c.date }) },
      rationale: c.text,
    }),
  ],
  RecordIndicatorValue: [1, (c) => ({ indicatorId: 'i1', value: c.number })],
  MakeCommitment: [
    2,
    (c) => ({
      commitmentId: c.commitment,
      description: c.text,
      ...when(c.a, { stakeId: c.stake, dueOn: c.date }),
    }),
  ],
  ReviseCommitment: [
    1,
    (c) => ({
      commitmentId: c.commitment,
      description: c.text,
      rationale: c.text,
      ...when(c.a, { dueOn: c.date }),
    }),
  ],
  PostponeCommitment: [3, (c) => ({ commitmentId: c.commitment, newDueOn: c.date, reason: c.text })],
  HonourCommitment: [3, (c) => ({ commitmentId: c.commitment, ...when(c.a, { note: c.text }) })],
  DropCommitment: [2, (c) => ({ commitmentId: c.commitment, reason: c.text })],
  ReportDifficulty: [
    4,
    (c) => ({
      category: c.category,
      description: c.text,
      ...when(c.a, { stakeId: c.stake, reportedBy: 'staff' }),
    }),
  ],
  ResolveDifficulty: [2, (c) => ({ difficultyId: c.difficulty, how: c.text })],
  RecordSuccess: [
    3,
    (c) => ({ category: c.category, description: c.text, ...when(c.a, { stakeIds: [c.stake] }) }),
  ],
  ObserveOutcome: [
    1,
    (c) => ({ description: c.text, group: 'les voisins', ...when(c.a, { stakeId: c.stake }) }),
  ],
  SubstantiateOutcome: [1, (c) => ({ outcomeId: 'o1', evidence: c.text })],
  CollectChangeStory: [1, (c) => ({ title: c.text, story: c.text })],
  SelectChangeStory: [1, (c) => ({ storyId: 't1', rationale: c.text })],
  HoldCollectiveSession: [2, (c) => ({ title: c.text, participants: c.participants })],
  HoldCoachingSession: [1, (c) => ({ topic: c.text, participants: c.participants })],
  HoldInterimReview: [
    2,
    (c) => ({
      reviewId: c.review,
      title: c.text,
      participants: c.participants,
      ...when(c.a, { difficultyIds: [c.difficulty], successIds: [c.success], decisions: [c.text] }),
    }),
  ],
  ShareResults: [
    1,
    (c) => ({ audience: 'Partenaires', summary: c.text, ...when(c.a, { participants: c.participants }) }),
  ],
  AddComment: [1, (c) => ({ text: c.text, ...when(c.a, { aboutVersion: c.number }) })],
};

/** Some commands need to see the log (to point at an entry): every step is a function of it. */
export type MakeCommand = (events: readonly JournalEvent[]) => object;

export const fromTemplate: fc.Arbitrary<MakeCommand> = fc
  .tuple(
    fc.constantFrom(
      ...Object.entries(templates).flatMap(([type, [weight]]) => Array<string>(weight).fill(type)),
    ),
    choices,
  )
  .map(([type, c]) => () => ({ type, ...templates[type]?.[1](c) }));

/** A correction or a retraction of some entry of the log (often refused, which is fine). */
export const correctionOrRetraction: fc.Arbitrary<MakeCommand> = fc
  .record({
    index: fc.nat(),
    retract: fc.boolean(),
    changes: pick<object>(
      { description: 'Corrigé.' },
      { title: 'Titre corrigé' },
      { statement: 'Énoncé corrigé.' },
      { category: 'calendar' },
      { participants: { staff: 1, resident: 3 } },
      { summary: 'Résumé corrigé.' },
    ),
  })
  .map(
    ({ index, retract, changes }): MakeCommand =>
      (events) => {
        const entry = events[index % Math.max(events.length, 1)];
        const target = entry
          ? { version: entry.version, eventId: entry.eventId }
          : { version: 1, eventId: 'none' };
        return retract
          ? { type: 'RetractEntry', target, reason: 'Erreur.' }
          : { type: 'CorrectEntry', target, changes, reason: 'Précision.' };
      },
  );

/** Things most steps refer to, with fixed ids: a random subset, in random order, opens every journey. */
export const foundation: MakeCommand[] = [
  { type: 'IdentifyStake', stakeId: 's1', lineageId: 'lineage-a', title: 'Se déplacer' },
  { type: 'IdentifyStake', stakeId: 's2', title: "Rompre l'isolement" },
  { type: 'StateVision', statement: 'Un territoire où chacun trouve sa place.' },
  { type: 'DrawPathway', pathwayId: 'p1', stakeId: 's1', longTermChange: 'Se déplacer sans voiture.' },
  { type: 'DrawPathway', pathwayId: 'p2', stakeId: 's2', longTermChange: 'Moins de solitude.' },
  { type: 'AddIntermediateChange', changeId: 'c1', pathwayId: 'p1', description: 'Un covoiturage existe.' },
  { type: 'AddIntermediateChange', changeId: 'c2', pathwayId: 'p1', description: 'Il sert.', after: ['c1'] },
  { type: 'StateAssumption', assumptionId: 'a1', pathwayId: 'p1', statement: 'Les bénévoles conduiront.' },
  { type: 'StateAssumption', assumptionId: 'a2', pathwayId: 'p2', statement: 'Venir donne envie.' },
  {
    type: 'DefineIndicator',
    indicatorId: 'i1',
    stakeId: 's1',
    label: 'Trajets',
    unit: 'trajets',
    target: { value: 20 },
  },
  {
    type: 'MakeCommitment',
    commitmentId: 'k1',
    description: 'Un café par mois.',
    stakeId: 's2',
    dueOn: '2023-06-30',
  },
  { type: 'MakeCommitment', commitmentId: 'k2', description: 'Étudier une navette.', dueOn: '2024-03-31' },
  { type: 'ReportDifficulty', difficultyId: 'd1', category: 'time', description: 'Manque de temps.' },
  {
    type: 'ReportDifficulty',
    difficultyId: 'd2',
    category: 'calendar',
    description: '<script>x</script>',
    stakeId: 's2',
  },
  {
    type: 'RecordSuccess',
    successId: 'u1',
    category: 'shared_vision',
    description: 'Vision partagée.',
    stakeIds: ['s1'],
  },
  {
    type: 'HoldInterimReview',
    reviewId: 'r1',
    title: 'Bilan',
    participants: { staff: 3 },
    difficultyIds: ['d1'],
  },
  {
    type: 'ObserveOutcome',
    outcomeId: 'o1',
    description: 'Ils se parlent.',
    group: 'les voisins',
    changeId: 'c1',
  },
  { type: 'CollectChangeStory', storyId: 't1', title: 'Le café', story: 'Un récit.' },
].map((value) => () => value);
