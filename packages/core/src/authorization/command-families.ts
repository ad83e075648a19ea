import { type CommandType, commandCatalogue, commandTypes } from '../commands/catalogue.ts';
import type { EventType } from '../events/catalogue.ts';

/**
 * Every command, in the family that says who may give it (see `roleGrants`). The catalogue groups commands
 * by what their events record (the events' `family`: lifecycle, vision, journey, audit, structure, cohort);
 * authorisation draws finer lines inside those groups: the lifecycle's governance decisions are not its
 * preparation records, and a contribution to the journal (what a resident saw) is not the journey's
 * follow-up (what the team decides). A command left out of every family does not compile.
 */
export const commandFamilies = {
  /** A remark on the journal or on one of its entries (`aboutVersion`): how anyone flags a mistake. */
  comment: ['AddComment'],
  /** What people saw and lived: the participative part of the journal. */
  contribution: ['ReportDifficulty', 'RecordSuccess', 'CollectChangeStory', 'ObserveOutcome'],
  /** The team's follow-up of the journey: commitments, and what becomes of contributions. */
  journey: [
    'MakeCommitment',
    'ReviseCommitment',
    'PostponeCommitment',
    'HonourCommitment',
    'DropCommitment',
    'ResolveDifficulty',
    'SubstantiateOutcome',
    'SelectChangeStory',
    'RecordIndicatorValue',
  ],
  /** Sessions held, interim reviews and results shared: on a project or on a cohort. */
  sessions: ['HoldCollectiveSession', 'HoldCoachingSession', 'HoldInterimReview', 'ShareResults'],
  /** The vision and its change model: stakes, pathways, intermediate changes, assumptions, indicators, targets. */
  vision: [
    'StateVision',
    'ReviseVision',
    'IdentifyStake',
    'PrioritiseStake',
    'DropStake',
    'DrawPathway',
    'RevisePathway',
    'RetirePathway',
    'AddIntermediateChange',
    'AmendIntermediateChange',
    'RemoveIntermediateChange',
    'StateAssumption',
    'ConfirmAssumption',
    'InvalidateAssumption',
    'DefineIndicator',
    'RedefineIndicator',
    'ReviseTarget',
  ],
  /** The working records of a renewal, which the team writes before governance decides. */
  preparation: ['RecordPreviousProjectEvaluation', 'RecordSharedDiagnosis'],
  /** The lifecycle decisions of the structure's governance. */
  governance: [
    'OpenProject',
    'OpenNextProject',
    'StartRenewal',
    'AdoptProject',
    'SubmitToCaf',
    'ClosePeriod',
  ],
  /** The CAF's decisions on the agreement. */
  agreement: ['GrantAgreement', 'DeferAgreement', 'RefuseAgreement'],
  /**
   * Correcting or retracting an entry. The decider's index of entries does not keep who wrote each, so
   * they cannot be limited to one's own entries: they belong to the people accountable for the journal.
   */
  correction: ['CorrectEntry', 'RetractEntry'],
  /** Erasing a personal text (GDPR). */
  erasure: ['EraseText'],
  /** Registering a structure and linking projects to it. */
  registration: ['RegisterStructure', 'LinkProject'],
  /** Opening a cohort and enrolling structures in it. */
  cohort_setup: ['OpenCohort', 'JoinCohort'],
  /** The cohort programme's own follow-up. */
  cohort_planning: ['PlanNextCohort'],
} as const satisfies Record<string, readonly CommandType[]>;

export type CommandFamily = keyof typeof commandFamilies;

type Listed = (typeof commandFamilies)[CommandFamily][number];
/** Fails to compile when a command is in no family: a new command must say who may give it. */
const everyCommandHasAFamily: [Exclude<CommandType, Listed>] extends [never] ? true : never = true;
void everyCommandHasAFamily;

/** Each family's name and what it holds, in words: for denials and docs. */
export const familyLabels: Record<CommandFamily, { name: string; holds: string }> = {
  comment: { name: 'comments', holds: 'remarks on the journal or on one of its entries' },
  contribution: {
    name: 'contributions',
    holds: 'difficulties, successes, change stories, observed outcomes',
  },
  journey: {
    name: 'follow-up',
    holds: 'commitments, resolved difficulties, substantiated outcomes, selected stories, indicator values',
  },
  sessions: { name: 'sessions', holds: 'collective and coaching sessions, interim reviews, results shared' },
  vision: {
    name: 'vision',
    holds: 'the vision, stakes, pathways, intermediate changes, assumptions, indicators, targets',
  },
  preparation: { name: 'preparation', holds: "the shared diagnosis, the previous project's evaluation" },
  governance: {
    name: 'governance decisions',
    holds: 'opening a project, renewal, board adoption, submission to the CAF, closing the period',
  },
  agreement: { name: 'agreement decisions', holds: 'granting, deferring or refusing the agreement' },
  correction: { name: 'corrections', holds: 'correcting or retracting an entry' },
  erasure: { name: 'erasures', holds: 'erasing a personal text' },
  registration: { name: 'registrations', holds: 'registering a structure, linking a project to it' },
  cohort_setup: { name: 'cohort set-up', holds: 'opening a cohort, enrolling structures' },
  cohort_planning: { name: 'cohort planning', holds: 'planning the next cohort' },
};

/** The family of each command. */
export const familyOf: Readonly<Record<CommandType, CommandFamily>> = Object.fromEntries(
  (Object.entries(commandFamilies) as [CommandFamily, readonly CommandType[]][]).flatMap(([family, types]) =>
    types.map((type) => [type, family]),
  ),
) as Record<CommandType, CommandFamily>;

/**
 * The families whose commands record each event type: who may write an entry of that type. Example:
 * `familiesRecording.AgreementGranted` is `['agreement']`.
 */
export const familiesRecording: Readonly<Partial<Record<EventType, readonly CommandFamily[]>>> = (() => {
  const recording: Partial<Record<EventType, CommandFamily[]>> = {};
  for (const type of commandTypes) {
    const event = commandCatalogue[type].event.type as EventType;
    const families = recording[event] ?? [];
    if (!families.includes(familyOf[type])) families.push(familyOf[type]);
    recording[event] = families;
  }
  return recording;
})();
