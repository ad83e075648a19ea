import {
  type Actor,
  type Command,
  type CommandType,
  commandTypes,
  DomainError,
  type DomainErrorCode,
  evolve,
  initialState,
  type StreamKind,
  streamKinds,
} from '@chemins/core';
import { describe, expect, it } from 'vitest';
import { advisor, envelope, given, openProject, richProject, staff, when } from './support/given.ts';

const admin: Actor = { id: 'admin-1', role: 'admin' };
const facilitator: Actor = { id: 'fac-1', role: 'facilitator' };
const submitted: Command[] = [...richProject, { type: 'SubmitToCaf', occurredAt: '2023-04-01' }];
const nextProject: Command = {
  type: 'OpenNextProject',
  occurredAt: '2025-06-01',
  projectId: 'p2',
  previousProjectId: 'p1',
  title: 'Projet social 2027-2031',
  plannedPeriod: { start: '2027-07-01', end: '2031-06-30' },
  circular: '2025-12-18',
  keptStakes: [{ stakeId: 's1' }],
};
const registered: Command[] = [
  {
    type: 'RegisterStructure',
    occurredAt: '2018-01-01',
    structureId: 'causses',
    name: 'Centre social des Causses',
    kind: 'centre_social',
    managingBody: 'association',
    territory: '46',
  },
];
const cohort: Command[] = [
  {
    type: 'OpenCohort',
    occurredAt: '2022-09-05',
    cohortId: 'lot',
    title: 'Lot 2022',
    territory: '46',
    funder: 'CAF46',
    facilitatorId: 'fac-1',
  },
];

interface Case {
  given: Command[];
  /** The previous project's history, for OpenNextProject. */
  previous?: Command[];
  when: Command;
  actor?: Actor;
  /** The event recorded, or the refusal's code. */
  outcome: string;
  /** For a refusal: what its message must name for a person to fix the command (field, id, allowed values…). */
  says?: string[];
}

/** One accepted and at least one refused case for every command. */
const cases: Record<CommandType, Case[]> = {
  OpenProject: [
    { given: [], when: openProject, outcome: 'ProjectOpened' },
    {
      given: [openProject],
      when: openProject,
      outcome: 'STREAM_ALREADY_OPENED',
      says: ['OpenProject', 'already opened'],
    },
    {
      given: [],
      when: { ...openProject, plannedPeriod: { start: '2023-07-01', end: '2027-07-01' } } as Command,
      outcome: 'PERIOD_TOO_LONG',
      says: ['plannedPeriod', 'at most 48 months', 'end it before 2027-07-01'],
    },
    {
      given: [],
      when: { ...openProject, plannedPeriod: { start: '2023-07-01', end: '2023-07-01' } } as Command,
      outcome: 'INVALID_PERIOD',
      says: ['plannedPeriod', 'end after it starts', '2023-07-01 → 2023-07-01'],
    },
  ],
  OpenNextProject: [
    {
      given: [],
      previous: [...richProject, { type: 'ClosePeriod' }],
      when: nextProject,
      outcome: 'ProjectOpened',
    },
    { given: [], when: nextProject, outcome: 'UNKNOWN_REFERENCE', says: ['previousProjectId', 'p1'] },
    {
      given: [],
      previous: richProject,
      when: { ...nextProject, occurredAt: '2024-01-01' } as Command,
      outcome: 'PREVIOUS_PROJECT_NOT_CLOSING',
      says: ['p1 runs until 2027-06-30', 'once it is closed'],
    },
    {
      given: [],
      previous: [...richProject, { type: 'ClosePeriod' }],
      when: { ...nextProject, keptStakes: [{ stakeId: 'nope' }] } as Command,
      outcome: 'UNKNOWN_REFERENCE',
      says: ['keptStakes', 'nope'],
    },
    {
      given: [],
      previous: [...richProject, { type: 'ClosePeriod' }],
      when: { ...nextProject, plannedPeriod: { start: '2022-01-01', end: '2023-01-01' } } as Command,
      outcome: 'INVALID_PERIOD',
    },
    {
      given: [openProject],
      previous: [...richProject, { type: 'ClosePeriod' }],
      when: nextProject,
      outcome: 'STREAM_ALREADY_OPENED',
    },
  ],
  StartRenewal: [
    { given: [openProject], when: { type: 'StartRenewal' }, outcome: 'RenewalStarted' },
    {
      given: [],
      when: { type: 'StartRenewal' },
      outcome: 'STREAM_NOT_OPENED',
      says: ['open it before StartRenewal'],
    },
  ],
  RecordPreviousProjectEvaluation: [
    {
      given: [openProject],
      when: { type: 'RecordPreviousProjectEvaluation', summary: 'Bilan.' },
      outcome: 'PreviousProjectEvaluated',
    },
    {
      given: submitted,
      when: { type: 'RecordPreviousProjectEvaluation', summary: 'Bilan.' },
      outcome: 'INVALID_TRANSITION',
      says: ['RecordPreviousProjectEvaluation', '"submitted"'],
    },
  ],
  RecordSharedDiagnosis: [
    {
      given: [openProject],
      when: { type: 'RecordSharedDiagnosis', summary: 'Diagnostic.' },
      outcome: 'SharedDiagnosisRecorded',
    },
    {
      given: [openProject],
      when: { type: 'RecordSharedDiagnosis', summary: 'D.', occurredAt: '2030-01-01' },
      outcome: 'OCCURRED_IN_FUTURE',
      says: ['2030-01-01T00:00:00.000Z', 'in the future'],
    },
  ],
  AdoptProject: [
    { given: [openProject], when: { type: 'AdoptProject' }, outcome: 'ProjectAdoptedByBoard' },
    {
      given: [openProject],
      when: { type: 'AdoptProject', occurredAt: '2021-01-01' },
      outcome: 'OCCURRED_BEFORE_REFERENCE',
      says: ['2021-01-01T00:00:00.000Z', 'opened', '2022-09-15T00:00:00.000Z'],
    },
  ],
  SubmitToCaf: [
    { given: [openProject], when: { type: 'SubmitToCaf' }, outcome: 'ProjectSubmittedToCaf' },
    { given: submitted, when: { type: 'SubmitToCaf' }, outcome: 'INVALID_TRANSITION' },
  ],
  GrantAgreement: [
    {
      given: submitted,
      actor: advisor,
      when: { type: 'GrantAgreement', period: { start: '2023-07-01', end: '2027-06-30' } },
      outcome: 'AgreementGranted',
    },
    {
      given: submitted,
      when: { type: 'GrantAgreement', period: { start: '2023-07-01', end: '2027-06-30' } },
      outcome: 'ROLE_NOT_ALLOWED',
      says: ['GrantAgreement', 'caf_advisor or caf_board', 'not staff'],
    },
    {
      given: richProject,
      actor: advisor,
      when: { type: 'GrantAgreement', period: { start: '2023-07-01', end: '2027-06-30' } },
      outcome: 'INVALID_TRANSITION',
    },
    {
      given: submitted,
      actor: advisor,
      when: { type: 'GrantAgreement', period: { start: '2023-07-01', end: '2028-01-01' } },
      outcome: 'PERIOD_TOO_LONG',
    },
  ],
  DeferAgreement: [
    {
      given: submitted,
      actor: advisor,
      when: { type: 'DeferAgreement', reason: 'Pièces manquantes.' },
      outcome: 'AgreementDeferred',
    },
    {
      given: submitted,
      when: { type: 'DeferAgreement', reason: 'Pièces manquantes.' },
      outcome: 'ROLE_NOT_ALLOWED',
    },
  ],
  RefuseAgreement: [
    {
      given: submitted,
      actor: { id: 'b', role: 'caf_board' },
      when: { type: 'RefuseAgreement', reason: 'Hors critères.' },
      outcome: 'AgreementRefused',
    },
    {
      given: submitted,
      actor: facilitator,
      when: { type: 'RefuseAgreement', reason: 'Hors critères.' },
      outcome: 'ROLE_NOT_ALLOWED',
    },
  ],
  ClosePeriod: [
    { given: [openProject], when: { type: 'ClosePeriod' }, outcome: 'PeriodClosed' },
    {
      given: [openProject, { type: 'ClosePeriod' }],
      when: { type: 'ClosePeriod' },
      outcome: 'PERIOD_CLOSED',
      says: ['closed', 'only corrections and comments'],
    },
  ],
  StateVision: [
    {
      given: [openProject],
      when: { type: 'StateVision', statement: 'Une vision.' },
      outcome: 'VisionStated',
    },
    {
      given: richProject,
      when: { type: 'StateVision', statement: 'Une autre.' },
      outcome: 'VISION_ALREADY_STATED',
      says: ['revise it'],
    },
  ],
  ReviseVision: [
    {
      given: richProject,
      when: {
        type: 'ReviseVision',
        statement: 'Nouvelle.',
        rationale: 'Le bilan.',
        decidingBody: 'board',
        reviewId: 'r1',
      },
      outcome: 'VisionRevised',
    },
    {
      given: richProject,
      when: { type: 'ReviseVision', statement: 'Nouvelle.', decidingBody: 'board' },
      outcome: 'RATIONALE_REQUIRED',
      says: ['ReviseVision', 'rationale', 'decidingBody'],
    },
    {
      given: richProject,
      when: { type: 'ReviseVision', statement: 'Nouvelle.', rationale: 'Parce que.' },
      outcome: 'RATIONALE_REQUIRED',
    },
    {
      given: [openProject],
      when: { type: 'ReviseVision', statement: 'N.', rationale: 'R.', decidingBody: 'board' },
      outcome: 'NOT_A_VISION_YET',
      says: ['state it first'],
    },
    {
      given: richProject,
      when: {
        type: 'ReviseVision',
        statement: 'N.',
        rationale: 'R.',
        decidingBody: 'board',
        reviewId: 'nope',
      },
      outcome: 'UNKNOWN_REFERENCE',
      says: ['reviewId', 'nope'],
    },
  ],
  IdentifyStake: [
    { given: [openProject], when: { type: 'IdentifyStake', title: 'Mobilité' }, outcome: 'StakeIdentified' },
    {
      given: richProject,
      when: { type: 'IdentifyStake', stakeId: 's1', title: 'Doublon' },
      outcome: 'ALREADY_EXISTS',
      says: ['stakeId s1 already exists'],
    },
  ],
  PrioritiseStake: [
    {
      given: richProject,
      when: { type: 'PrioritiseStake', stakeId: 's1', priority: 1 },
      outcome: 'StakePrioritised',
    },
    {
      given: richProject,
      when: { type: 'PrioritiseStake', stakeId: 'nope', priority: 1 },
      outcome: 'UNKNOWN_REFERENCE',
      says: ['stakeId', 'nope'],
    },
  ],
  DropStake: [
    {
      given: richProject,
      when: {
        type: 'DropStake',
        stakeId: 's1',
        rationale: 'Porté ailleurs.',
        decidingBody: 'steering_committee',
      },
      outcome: 'StakeDropped',
    },
    { given: richProject, when: { type: 'DropStake', stakeId: 's1' }, outcome: 'RATIONALE_REQUIRED' },
    {
      given: [...richProject, { type: 'DropStake', stakeId: 's1', rationale: 'R.', decidingBody: 'board' }],
      when: { type: 'DropStake', stakeId: 's1', rationale: 'R.', decidingBody: 'board' },
      outcome: 'INVALID_TRANSITION',
      says: ['stakeId s1 is dropped', 'active'],
    },
  ],
  DrawPathway: [
    {
      given: richProject,
      when: { type: 'DrawPathway', stakeId: 's1', longTermChange: 'Plus de liens.' },
      outcome: 'PathwayDrawn',
    },
    {
      given: richProject,
      when: { type: 'DrawPathway', stakeId: 'nope', longTermChange: 'X.' },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  RevisePathway: [
    {
      given: richProject,
      when: {
        type: 'RevisePathway',
        pathwayId: 'p1',
        longTermChange: 'Autre.',
        rationale: 'R.',
        decidingBody: 'team_meeting',
      },
      outcome: 'PathwayRevised',
    },
    {
      given: richProject,
      when: {
        type: 'RevisePathway',
        pathwayId: 'nope',
        longTermChange: 'A.',
        rationale: 'R.',
        decidingBody: 'board',
      },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  RetirePathway: [
    {
      given: richProject,
      when: { type: 'RetirePathway', pathwayId: 'p1', rationale: 'R.', decidingBody: 'board' },
      outcome: 'PathwayRetired',
    },
    { given: richProject, when: { type: 'RetirePathway', pathwayId: 'p1' }, outcome: 'RATIONALE_REQUIRED' },
  ],
  AddIntermediateChange: [
    {
      given: richProject,
      when: { type: 'AddIntermediateChange', pathwayId: 'p1', description: 'Ils reviennent.', after: ['c2'] },
      outcome: 'IntermediateChangeAdded',
    },
    {
      given: richProject,
      when: { type: 'AddIntermediateChange', pathwayId: 'p1', description: 'X.', after: ['nope'] },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  AmendIntermediateChange: [
    {
      given: richProject,
      when: { type: 'AmendIntermediateChange', changeId: 'c1', description: 'Ils viennent souvent.' },
      outcome: 'IntermediateChangeAmended',
    },
    {
      given: richProject,
      when: { type: 'AmendIntermediateChange', changeId: 'nope', description: 'X.' },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  RemoveIntermediateChange: [
    {
      given: richProject,
      when: { type: 'RemoveIntermediateChange', changeId: 'c1', rationale: 'Inutile.' },
      outcome: 'IntermediateChangeRemoved',
    },
    {
      given: [...richProject, { type: 'RemoveIntermediateChange', changeId: 'c1', rationale: 'R.' }],
      when: { type: 'RemoveIntermediateChange', changeId: 'c1', rationale: 'R.' },
      outcome: 'INVALID_TRANSITION',
    },
  ],
  StateAssumption: [
    {
      given: richProject,
      when: { type: 'StateAssumption', pathwayId: 'p1', statement: 'Une hypothèse.' },
      outcome: 'AssumptionStated',
    },
    {
      given: richProject,
      when: { type: 'StateAssumption', pathwayId: 'p1', fromChangeId: 'nope', statement: 'H.' },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  ConfirmAssumption: [
    {
      given: richProject,
      when: { type: 'ConfirmAssumption', assumptionId: 'a1', evidence: 'Observé.' },
      outcome: 'AssumptionConfirmed',
    },
    {
      given: richProject,
      when: { type: 'ConfirmAssumption', assumptionId: 'nope', evidence: 'E.' },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  InvalidateAssumption: [
    {
      given: richProject,
      when: { type: 'InvalidateAssumption', assumptionId: 'a1', evidence: 'Non observé.' },
      outcome: 'AssumptionInvalidated',
    },
    {
      given: [...richProject, { type: 'InvalidateAssumption', assumptionId: 'a1', evidence: 'E.' }],
      when: { type: 'InvalidateAssumption', assumptionId: 'a1', evidence: 'E.' },
      outcome: 'INVALID_TRANSITION',
    },
  ],
  DefineIndicator: [
    {
      given: richProject,
      when: { type: 'DefineIndicator', label: 'Bénévoles', unit: 'personnes' },
      outcome: 'IndicatorDefined',
    },
    {
      given: richProject,
      when: { type: 'DefineIndicator', label: 'B', unit: 'p', pathwayId: 'nope' },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  RedefineIndicator: [
    {
      given: richProject,
      when: {
        type: 'RedefineIndicator',
        indicatorId: 'i1',
        label: 'Participants réguliers',
        unit: 'personnes',
        rationale: 'Plus précis.',
      },
      outcome: 'IndicatorRedefined',
    },
    {
      given: richProject,
      when: { type: 'RedefineIndicator', indicatorId: 'nope', label: 'L', unit: 'u', rationale: 'R.' },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  ReviseTarget: [
    {
      given: richProject,
      when: { type: 'ReviseTarget', indicatorId: 'i1', target: { value: 40 }, rationale: 'Atteint.' },
      outcome: 'TargetRevised',
    },
    {
      given: richProject,
      when: { type: 'ReviseTarget', indicatorId: 'nope', target: { value: 1 }, rationale: 'R.' },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  MakeCommitment: [
    {
      given: richProject,
      when: { type: 'MakeCommitment', description: 'Un atelier.' },
      outcome: 'CommitmentMade',
    },
    {
      given: richProject,
      when: { type: 'MakeCommitment', description: 'X.', stakeId: 'nope' },
      outcome: 'UNKNOWN_REFERENCE',
    },
    {
      given: [...richProject, { type: 'ClosePeriod' }],
      when: { type: 'MakeCommitment', description: 'X.' },
      outcome: 'PERIOD_CLOSED',
    },
  ],
  ReviseCommitment: [
    {
      given: richProject,
      when: {
        type: 'ReviseCommitment',
        commitmentId: 'k1',
        description: 'Un café bimensuel.',
        rationale: 'Plus réaliste.',
      },
      outcome: 'CommitmentRevised',
    },
    {
      given: richProject,
      when: { type: 'ReviseCommitment', commitmentId: 'nope', description: 'X.', rationale: 'R.' },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  PostponeCommitment: [
    {
      given: richProject,
      when: {
        type: 'PostponeCommitment',
        commitmentId: 'k1',
        newDueOn: '2024-01-31',
        reason: 'Pas de bénévoles.',
      },
      outcome: 'CommitmentPostponed',
    },
    {
      given: [...richProject, { type: 'HonourCommitment', commitmentId: 'k1' }],
      when: { type: 'PostponeCommitment', commitmentId: 'k1', newDueOn: '2024-01-31', reason: 'R.' },
      outcome: 'INVALID_TRANSITION',
    },
  ],
  HonourCommitment: [
    {
      given: richProject,
      when: { type: 'HonourCommitment', commitmentId: 'k1' },
      outcome: 'CommitmentHonoured',
    },
    {
      given: richProject,
      when: { type: 'HonourCommitment', commitmentId: 'unknown' },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  DropCommitment: [
    {
      given: richProject,
      when: { type: 'DropCommitment', commitmentId: 'k1', reason: 'Plus pertinent.' },
      outcome: 'CommitmentDropped',
    },
    {
      given: [...richProject, { type: 'DropCommitment', commitmentId: 'k1', reason: 'R.' }],
      when: { type: 'HonourCommitment', commitmentId: 'k1' },
      outcome: 'INVALID_TRANSITION',
      says: ['commitmentId k1 is dropped', 'open or postponed'],
    },
  ],
  ReportDifficulty: [
    {
      given: richProject,
      when: { type: 'ReportDifficulty', category: 'calendar', description: 'Calendrier serré.' },
      outcome: 'DifficultyReported',
    },
    {
      given: richProject,
      when: { type: 'ReportDifficulty', difficultyId: 'd1', category: 'time', description: 'Doublon.' },
      outcome: 'ALREADY_EXISTS',
    },
  ],
  ResolveDifficulty: [
    {
      given: richProject,
      when: { type: 'ResolveDifficulty', difficultyId: 'd1', how: 'Temps dédié.' },
      outcome: 'DifficultyResolved',
    },
    {
      given: [...richProject, { type: 'ResolveDifficulty', difficultyId: 'd1', how: 'H.' }],
      when: { type: 'ResolveDifficulty', difficultyId: 'd1', how: 'H.' },
      outcome: 'INVALID_TRANSITION',
    },
  ],
  RecordSuccess: [
    {
      given: richProject,
      when: {
        type: 'RecordSuccess',
        category: 'internal_exchanges',
        description: 'Échanges.',
        stakeIds: ['s1'],
      },
      outcome: 'SuccessRecorded',
    },
    {
      given: richProject,
      when: { type: 'RecordSuccess', category: 'x', description: 'X.', stakeIds: ['s1', 'nope'] },
      outcome: 'UNKNOWN_REFERENCE',
      says: ['stakeIds', 'nope'],
    },
  ],
  ObserveOutcome: [
    {
      given: richProject,
      when: { type: 'ObserveOutcome', description: 'Ils proposent.', group: 'habitants', changeId: 'c1' },
      outcome: 'OutcomeObserved',
    },
    {
      given: richProject,
      when: { type: 'ObserveOutcome', description: 'X.', group: 'g', changeId: 'nope' },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  SubstantiateOutcome: [
    {
      given: richProject,
      when: { type: 'SubstantiateOutcome', outcomeId: 'o1', evidence: 'Compte rendu.' },
      outcome: 'OutcomeSubstantiated',
    },
    {
      given: richProject,
      when: { type: 'SubstantiateOutcome', outcomeId: 'nope', evidence: 'E.' },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  CollectChangeStory: [
    {
      given: richProject,
      when: { type: 'CollectChangeStory', title: 'Un récit', story: 'Il était une fois.' },
      outcome: 'ChangeStoryCollected',
    },
    {
      given: richProject,
      when: { type: 'CollectChangeStory', storyId: 'st1', title: 'T', story: 'S.' },
      outcome: 'ALREADY_EXISTS',
    },
  ],
  SelectChangeStory: [
    {
      given: richProject,
      when: { type: 'SelectChangeStory', storyId: 'st1', rationale: 'Le plus parlant.' },
      outcome: 'ChangeStorySelected',
    },
    {
      given: richProject,
      when: { type: 'SelectChangeStory', storyId: 'nope', rationale: 'R.' },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  RecordIndicatorValue: [
    {
      given: richProject,
      when: { type: 'RecordIndicatorValue', indicatorId: 'i1', value: 12 },
      outcome: 'IndicatorValueRecorded',
    },
    {
      given: richProject,
      when: { type: 'RecordIndicatorValue', indicatorId: 'nope', value: 1 },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  HoldCollectiveSession: [
    {
      given: richProject,
      when: { type: 'HoldCollectiveSession', title: 'Atelier', participants: { staff: 3, volunteer: 4 } },
      outcome: 'CollectiveSessionHeld',
    },
    {
      given: cohort,
      actor: facilitator,
      when: { type: 'HoldCollectiveSession', title: 'Temps collectif', participants: { staff: 14 } },
      outcome: 'CollectiveSessionHeld',
    },
    {
      given: registered,
      actor: admin,
      when: { type: 'HoldCollectiveSession', title: 'T', participants: {} },
      outcome: 'WRONG_STREAM_KIND',
      says: ['HoldCollectiveSession', 'structure stream'],
    },
  ],
  HoldCoachingSession: [
    {
      given: richProject,
      when: { type: 'HoldCoachingSession', topic: 'Enjeux', participants: { director: 1 } },
      outcome: 'CoachingSessionHeld',
    },
    {
      given: [],
      when: { type: 'HoldCoachingSession', topic: 'Enjeux', participants: {} },
      outcome: 'STREAM_NOT_OPENED',
    },
  ],
  HoldInterimReview: [
    {
      given: richProject,
      when: {
        type: 'HoldInterimReview',
        title: 'Bilan 2025',
        participants: { staff: 3 },
        successIds: ['x1'],
        commitmentIds: ['k1'],
      },
      outcome: 'InterimReviewHeld',
    },
    {
      given: richProject,
      when: { type: 'HoldInterimReview', title: 'B', participants: {}, difficultyIds: ['nope'] },
      outcome: 'UNKNOWN_REFERENCE',
    },
  ],
  ShareResults: [
    {
      given: richProject,
      when: { type: 'ShareResults', audience: 'Partenaires', summary: 'Restitution.' },
      outcome: 'ResultsShared',
    },
    {
      given: [...richProject, { type: 'ClosePeriod' }],
      when: { type: 'ShareResults', audience: 'P', summary: 'S.' },
      outcome: 'PERIOD_CLOSED',
    },
  ],
  AddComment: [
    {
      given: [...richProject, { type: 'ClosePeriod' }],
      when: { type: 'AddComment', text: 'Après la clôture.', aboutVersion: 2 },
      outcome: 'CommentAdded',
    },
    {
      given: richProject,
      when: { type: 'AddComment', text: 'Sur rien.', aboutVersion: 999 },
      outcome: 'UNKNOWN_ENTRY',
      says: ['version 999'],
    },
  ],
  CorrectEntry: [
    {
      given: [...richProject, { type: 'ClosePeriod' }],
      when: {
        type: 'CorrectEntry',
        target: { version: 10, eventId: 'e10' },
        changes: { description: 'Manque de temps collectif.' },
        reason: 'Précision.',
      },
      outcome: 'EntryCorrected',
    },
    {
      given: richProject,
      when: {
        type: 'CorrectEntry',
        target: { version: 10, eventId: 'e9' },
        changes: { description: 'X.' },
        reason: 'R.',
      },
      outcome: 'UNKNOWN_ENTRY',
      says: ['e9', 'version 10'],
    },
    {
      given: richProject,
      when: {
        type: 'CorrectEntry',
        target: { version: 99, eventId: 'e99' },
        changes: { description: 'X.' },
        reason: 'R.',
      },
      outcome: 'UNKNOWN_ENTRY',
    },
    {
      given: richProject,
      when: {
        type: 'CorrectEntry',
        target: { version: 10, eventId: 'e10' },
        changes: { difficultyId: 'd2' },
        reason: 'R.',
      },
      outcome: 'INVALID_CORRECTION',
      says: ['identifiers cannot be corrected', 'difficultyId'],
    },
    {
      given: richProject,
      when: {
        type: 'CorrectEntry',
        target: { version: 10, eventId: 'e10' },
        changes: { description: '' },
        reason: 'R.',
      },
      outcome: 'INVALID_CORRECTION',
      says: ['would not be valid', 'description:'],
    },
    {
      given: [
        ...richProject,
        {
          type: 'CorrectEntry',
          target: { version: 10, eventId: 'e10' },
          changes: { description: 'A.' },
          reason: 'R.',
        },
      ],
      when: {
        type: 'CorrectEntry',
        target: { version: 10, eventId: 'e10' },
        changes: { description: 'B.' },
        reason: 'R.',
      },
      outcome: 'ENTRY_ALREADY_CORRECTED',
      says: ['version 10', 'retract that correction first'],
    },
    {
      given: [
        ...richProject,
        { type: 'RetractEntry', target: { version: 10, eventId: 'e10' }, reason: 'Doublon.' },
      ],
      when: {
        type: 'CorrectEntry',
        target: { version: 10, eventId: 'e10' },
        changes: { description: 'B.' },
        reason: 'R.',
      },
      outcome: 'ENTRY_ALREADY_RETRACTED',
      says: ['version 10 was already retracted'],
    },
  ],
  RetractEntry: [
    {
      given: richProject,
      when: { type: 'RetractEntry', target: { version: 10, eventId: 'e10' }, reason: 'Saisie en double.' },
      outcome: 'EntryRetracted',
    },
    {
      given: [
        ...richProject,
        { type: 'RetractEntry', target: { version: 10, eventId: 'e10' }, reason: 'R.' },
      ],
      when: { type: 'RetractEntry', target: { version: 10, eventId: 'e10' }, reason: 'R.' },
      outcome: 'ENTRY_ALREADY_RETRACTED',
    },
    {
      given: richProject,
      when: { type: 'RetractEntry', target: { version: 1, eventId: 'e1' }, reason: 'R.' },
      outcome: 'ENTRY_NOT_CORRECTABLE',
      says: ['ProjectOpened', 'cannot be retracted'],
    },
    {
      given: richProject,
      when: { type: 'RetractEntry', target: { version: 50, eventId: 'e50' }, reason: 'R.' },
      outcome: 'UNKNOWN_ENTRY',
    },
  ],
  EraseText: [
    {
      given: richProject,
      when: {
        type: 'EraseText',
        target: { version: 10, eventId: 'e10' },
        path: 'description',
        reason: 'Demande RGPD.',
      },
      outcome: 'TextErased',
    },
    {
      given: richProject,
      when: { type: 'EraseText', target: { version: 10, eventId: 'e10' }, path: 'category', reason: 'R.' },
      outcome: 'UNKNOWN_TEXT',
      says: ['version 10', '"category"'],
    },
    {
      given: richProject,
      when: { type: 'EraseText', target: { version: 99, eventId: 'e99' }, path: 'description', reason: 'R.' },
      outcome: 'UNKNOWN_ENTRY',
    },
    {
      given: [
        ...richProject,
        { type: 'EraseText', target: { version: 10, eventId: 'e10' }, path: 'description', reason: 'R.' },
      ],
      when: { type: 'EraseText', target: { version: 10, eventId: 'e10' }, path: 'description', reason: 'R.' },
      outcome: 'TEXT_ALREADY_ERASED',
      says: ['"description"', 'version 10', 'already erased'],
    },
  ],
  RegisterStructure: [
    { given: [], actor: admin, when: registered[0] as Command, outcome: 'StructureRegistered' },
    {
      given: [],
      when: registered[0] as Command,
      outcome: 'ROLE_NOT_ALLOWED',
      says: ['RegisterStructure', 'admin', 'not staff'],
    },
    { given: registered, actor: admin, when: registered[0] as Command, outcome: 'STREAM_ALREADY_OPENED' },
  ],
  LinkProject: [
    {
      given: registered,
      actor: admin,
      when: {
        type: 'LinkProject',
        projectId: 'p1',
        plannedStart: '2023-07-01',
        plannedEnd: '2027-06-30',
        title: 'PS',
      },
      outcome: 'ProjectLinked',
    },
    {
      given: [],
      when: {
        type: 'LinkProject',
        projectId: 'p1',
        plannedStart: '2023-07-01',
        plannedEnd: '2027-06-30',
        title: 'PS',
      },
      outcome: 'STREAM_NOT_OPENED',
    },
  ],
  OpenCohort: [
    { given: [], actor: facilitator, when: cohort[0] as Command, outcome: 'CohortOpened' },
    { given: cohort, actor: facilitator, when: cohort[0] as Command, outcome: 'STREAM_ALREADY_OPENED' },
  ],
  JoinCohort: [
    {
      given: cohort,
      actor: facilitator,
      when: { type: 'JoinCohort', structureId: 'causses' },
      outcome: 'StructureJoinedCohort',
    },
    {
      given: [...cohort, { type: 'JoinCohort', structureId: 'causses' }],
      actor: facilitator,
      when: { type: 'JoinCohort', structureId: 'causses' },
      outcome: 'ALREADY_EXISTS',
    },
  ],
  PlanNextCohort: [
    {
      given: cohort,
      actor: facilitator,
      when: { type: 'PlanNextCohort', title: 'Deuxième session' },
      outcome: 'NextCohortPlanned',
    },
    {
      given: richProject,
      when: { type: 'PlanNextCohort', title: 'Deuxième session' },
      outcome: 'WRONG_STREAM_KIND',
      says: ['PlanNextCohort', 'project stream'],
    },
  ],
};

describe('decide: given / when / then for every command', () => {
  it('has an accepted and a refused case for every command type', () => {
    for (const type of commandTypes) {
      const outcomes = (cases[type] ?? []).map((c) => (/^[A-Z_]+$/.test(c.outcome) ? 'refused' : 'accepted'));
      expect(outcomes, type).toContain('accepted');
      expect(outcomes, type).toContain('refused');
    }
  });

  it('checks, for every refusal code it meets, that a message names what to fix', () => {
    const refusals = commandTypes.flatMap((type) => cases[type].filter((c) => /^[A-Z_]+$/.test(c.outcome)));
    const met = new Set(refusals.map((c) => c.outcome));
    const explained = new Set(refusals.filter((c) => (c.says ?? []).length > 0).map((c) => c.outcome));
    expect([...met].filter((code) => !explained.has(code))).toEqual([]);
  });

  for (const type of commandTypes) {
    for (const testCase of cases[type]) {
      const firstActor =
        testCase.given[0]?.type === 'RegisterStructure'
          ? { id: 'admin-1', role: 'admin' as const }
          : undefined;
      const name = `${type} → ${testCase.outcome}${testCase.actor ? ` (as ${testCase.actor.role})` : ''}`;
      it(name, () => {
        const { state } = givenAs(testCase.given, firstActor);
        const previousProject = testCase.previous ? given(testCase.previous).state : undefined;
        const result = when(state, testCase.when, testCase.actor, previousProject ? { previousProject } : {});
        if (/^[A-Z_]+$/.test(testCase.outcome)) {
          expect(result).toBeInstanceOf(DomainError);
          const error = result as DomainError;
          expect(error.code).toBe(testCase.outcome as DomainErrorCode);
          expect(error.message.length).toBeGreaterThan(10);
          for (const part of testCase.says ?? []) expect(error.message).toContain(part);
        } else {
          expect(result).not.toBeInstanceOf(DomainError);
          expect((result as { type: string }[])[0]?.type).toBe(testCase.outcome);
        }
      });
    }
  }
});

/** Structures are registered by admins and cohorts opened by facilitators; projects by their staff. */
function givenAs(commands: Command[], actor?: Actor) {
  const first = commands[0]?.type;
  if (first === 'OpenCohort') return given(commands, { id: 'fac-1', role: 'facilitator' }, 'cohort:lot');
  if (first === 'RegisterStructure')
    return given(commands, actor ?? { id: 'admin-1', role: 'admin' }, 'structure:causses');
  return given(commands, undefined, 'project:p1');
}

describe('decide: what the events say', () => {
  it('generates missing ids and defaults the lineage to the stake id', () => {
    const { state } = given([openProject]);
    const [event] = when(state, { type: 'IdentifyStake', title: 'Mobilité' }) as {
      data: Record<string, unknown>;
    }[];
    expect(event?.data.stakeId).toMatch(/^generated-/);
    expect(event?.data.lineageId).toBe(event?.data.stakeId);
  });

  it('gives a correction the occurrence time of the entry it corrects', () => {
    const { state } = given(richProject);
    const [event] = when(state, {
      type: 'CorrectEntry',
      target: { version: 10, eventId: 'e10' },
      changes: { description: 'Manque de temps collectif.' },
      reason: 'Précision.',
    }) as { occurredAt: string }[];
    expect(event?.occurredAt).toBe('2023-01-17T00:00:00.000Z');
  });

  it('applies corrections and retractions to the state, and undoes a retracted correction', () => {
    const correction: Command = {
      type: 'CorrectEntry',
      target: { version: 10, eventId: 'e10' },
      changes: { description: 'Corrigé.' },
      reason: 'R.',
    };
    const corrected = given([...richProject, correction]).state;
    expect(corrected.entities.difficulties.d1?.current.description).toBe('Corrigé.');
    const undone = given([
      ...richProject,
      correction,
      { type: 'RetractEntry', target: { version: 15, eventId: 'e15' }, reason: 'Erreur.' },
    ]).state;
    expect(undone.entities.difficulties.d1?.current.description).toBe('Manque de temps.');
    const retracted = given([
      ...richProject,
      { type: 'RetractEntry', target: { version: 10, eventId: 'e10' }, reason: 'R.' },
    ]).state;
    expect(retracted.entities.difficulties.d1).toBeUndefined();
    const honoured = given([...richProject, { type: 'HonourCommitment', commitmentId: 'k1' }]).state;
    expect(honoured.entities.commitments.k1?.current.status).toBe('honoured');
    const unhonoured = given([
      ...richProject,
      { type: 'HonourCommitment', commitmentId: 'k1' },
      { type: 'RetractEntry', target: { version: 15, eventId: 'e15' }, reason: 'Pas encore.' },
    ]).state;
    expect(unhonoured.entities.commitments.k1?.current.status).toBe('open');
  });
});

describe('initialState: one per stream kind', () => {
  /** The command that opens each kind of stream, its event, and who may give it. */
  const openings: Record<StreamKind, { command: Command; actor: Actor; event: string; stream: string }> = {
    project: { command: openProject, actor: staff, event: 'ProjectOpened', stream: 'project:p1' },
    structure: {
      command: registered[0] as Command,
      actor: admin,
      event: 'StructureRegistered',
      stream: 'structure:causses',
    },
    cohort: {
      command: cohort[0] as Command,
      actor: facilitator,
      event: 'CohortOpened',
      stream: 'cohort:lot',
    },
  };

  it('knows its kind before anything happened, and nothing else', () => {
    for (const kind of streamKinds) {
      expect(initialState(kind)).toEqual({ ...initialState(), kind });
    }
    expect(initialState().kind).toBeUndefined();
  });

  for (const kind of streamKinds) {
    const { command, actor, event, stream } = openings[kind];

    it(`${kind}: given nothing, when ${command.type}, then ${event}, folded as a ${kind} stream`, () => {
      const result = when(initialState(kind), command, actor);
      expect(result).not.toBeInstanceOf(DomainError);
      const [decided] = result as Exclude<typeof result, DomainError>;
      expect(decided?.type).toBe(event);
      if (!decided) return;
      const opened = envelope(stream, 1, decided, actor);
      // The kind given up front and the kind the first event tells agree: the same state either way.
      expect(evolve(initialState(kind), opened)).toEqual(evolve(initialState(), opened));
      expect(evolve(initialState(kind), opened)).toMatchObject({ kind, version: 1 });
    });

    for (const other of streamKinds.filter((candidate) => candidate !== kind)) {
      const wrong = openings[other];
      it(`${kind}: given nothing, when ${wrong.command.type}, then WRONG_STREAM_KIND`, () => {
        const result = when(initialState(kind), wrong.command, wrong.actor);
        expect(result).toBeInstanceOf(DomainError);
        expect((result as DomainError).code).toBe('WRONG_STREAM_KIND');
        expect((result as DomainError).message).toBe(
          `${wrong.command.type} does not apply to a ${kind} stream`,
        );
      });
    }
  }

  it('project: given nothing, when a journey command, then STREAM_NOT_OPENED', () => {
    const result = when(initialState('project'), { type: 'StartRenewal' });
    expect(result).toBeInstanceOf(DomainError);
    expect((result as DomainError).code).toBe('STREAM_NOT_OPENED');
  });
});
