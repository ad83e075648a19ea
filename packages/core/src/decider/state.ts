import type { EventType } from '../events/catalogue.ts';
import type { Participants } from '../events/journey.ts';
import type { Period } from '../events/lifecycle.ts';
import type { Role } from '../model/roles.ts';
import type { StreamKind } from '../model/stream-id.ts';

/** One event's contribution to an entity: kept so a correction or retraction can be replayed. */
export interface Step {
  version: number;
  eventId: string;
  type: EventType;
  occurredAt: string;
  actorRole: Role;
  /** The data as recorded. */
  original: Record<string, unknown>;
  /** The active correction, if any: its version and the fields it changed. */
  correction?: { version: number; changes: Record<string, unknown> };
}

/** Something the journey tracks (a stake, a commitment…): its current fields and how it got there. */
export interface Entity<T> {
  id: string;
  createdVersion: number;
  createdAt: string;
  updatedAt: string;
  current: T;
  steps: Step[];
}

export type ProjectStage =
  | 'opened'
  | 'renewal'
  | 'evaluated'
  | 'diagnosis'
  | 'adopted'
  | 'submitted'
  | 'granted'
  | 'deferred'
  | 'refused'
  | 'closed';

export interface ProjectHeader {
  projectId: string;
  structureId: string;
  territory: string;
  structureKind: 'centre_social' | 'evs';
  title: string;
  plannedPeriod: Period;
  /** The agreed period, once the CAF granted the agreement. */
  period?: Period;
  previousProjectId?: string;
  circular: string;
  stage: ProjectStage;
  previousEvaluation?: string;
  diagnosis?: { summary: string; coldData?: string; warmData?: string };
  decisionReason?: string;
}

export interface StructureHeader {
  structureId: string;
  name: string;
  kind: 'centre_social' | 'evs';
  managingBody: string;
  territory: string;
}

export interface CohortHeader {
  cohortId: string;
  title: string;
  territory: string;
  funder: string;
  facilitatorId: string;
}

export interface Vision {
  statement: string;
  rationale?: string;
  decidingBody?: string;
  reviewId?: string;
}
export interface Stake {
  stakeId: string;
  lineageId: string;
  title: string;
  description?: string;
  priority?: number;
  status: 'active' | 'dropped';
  rationale?: string;
}
export interface Pathway {
  pathwayId: string;
  stakeId: string;
  longTermChange: string;
  status: 'active' | 'retired';
  rationale?: string;
}
export interface IntermediateChange {
  changeId: string;
  pathwayId: string;
  description: string;
  after?: string[];
  status: 'active' | 'removed';
}
export interface Assumption {
  assumptionId: string;
  pathwayId: string;
  fromChangeId?: string;
  toChangeId?: string;
  statement: string;
  status: 'stated' | 'confirmed' | 'invalidated';
  evidence?: string;
}
export interface Indicator {
  indicatorId: string;
  stakeId?: string;
  pathwayId?: string;
  label: string;
  unit: string;
  target?: { value: number; by?: string };
}
export interface IndicatorValue {
  indicatorId: string;
  value: number;
  note?: string;
}
export type CommitmentStatus = 'open' | 'postponed' | 'honoured' | 'dropped';
export interface Commitment {
  commitmentId: string;
  description: string;
  stakeId?: string;
  heldBy?: Role;
  dueOn?: string;
  status: CommitmentStatus;
  reason?: string;
}
export interface Difficulty {
  difficultyId: string;
  category: string;
  description: string;
  reportedBy?: Role;
  stakeId?: string;
  status: 'open' | 'resolved';
  how?: string;
}
export interface Success {
  successId: string;
  category: string;
  description: string;
  stakeIds?: string[];
}
export interface Outcome {
  outcomeId: string;
  description: string;
  group: string;
  stakeId?: string;
  changeId?: string;
  evidence?: string;
}
export interface ChangeStory {
  storyId: string;
  title: string;
  story: string;
  toldBy?: Role;
  stakeId?: string;
  selected: boolean;
  rationale?: string;
}
export interface Session {
  sessionId: string;
  kind: 'collective' | 'coaching';
  title: string;
  participants: Participants;
  structureId?: string;
  cohortId?: string;
}
export interface InterimReview {
  reviewId: string;
  title: string;
  participants: Participants;
  difficultyIds?: string[];
  successIds?: string[];
  commitmentIds?: string[];
  decisions?: string[];
  lessons?: string;
}
export interface ResultsSharing {
  audience: string;
  summary: string;
  participants?: Participants;
}
export interface Comment {
  text: string;
  aboutVersion?: number;
}
export interface ProjectLink {
  projectId: string;
  plannedStart: string;
  plannedEnd: string;
  title: string;
}
export interface CohortMember {
  structureId: string;
  projectId?: string;
}
export interface CohortPlan {
  title: string;
  plannedStart?: string;
}

/** The entity types by collection name. */
export interface Collections {
  project: ProjectHeader;
  structure: StructureHeader;
  cohort: CohortHeader;
  vision: Vision;
  stakes: Stake;
  pathways: Pathway;
  changes: IntermediateChange;
  assumptions: Assumption;
  indicators: Indicator;
  indicatorValues: IndicatorValue;
  commitments: Commitment;
  difficulties: Difficulty;
  successes: Success;
  outcomes: Outcome;
  stories: ChangeStory;
  sessions: Session;
  reviews: InterimReview;
  sharings: ResultsSharing;
  comments: Comment;
  links: ProjectLink;
  members: CohortMember;
  plans: CohortPlan;
}

export type CollectionName = keyof Collections;
export const collectionNames: readonly CollectionName[] = [
  'project',
  'structure',
  'cohort',
  'vision',
  'stakes',
  'pathways',
  'changes',
  'assumptions',
  'indicators',
  'indicatorValues',
  'commitments',
  'difficulties',
  'successes',
  'outcomes',
  'stories',
  'sessions',
  'reviews',
  'sharings',
  'comments',
  'links',
  'members',
  'plans',
];

/** What the journal knows of each version: the basis of corrections and retractions. */
export interface EntryIndex {
  version: number;
  eventId: string;
  type: EventType;
  occurredAt: string;
  /** The entity this event created or changed, if any. */
  ref?: { collection: CollectionName; id: string };
  /** The version of the active correction of this entry. */
  correctedBy?: number;
  retractedBy?: number;
  /** For a correction or a retraction: the version it targets. */
  targetVersion?: number;
  /** The paths of its free texts (salted: erasable), and those already erased; shared by entries alike. */
  texts?: readonly string[];
  erased?: string[];
}

/** The state of one stream (structure, project or cohort): a fold of its events. */
export interface JourneyState {
  /** Set by the initial state of a kind, or by the first event folded. */
  kind: StreamKind | undefined;
  /** The last folded version (0: nothing yet). */
  version: number;
  territory: string | undefined;
  entities: { [C in CollectionName]: Record<string, Entity<Collections[C]>> };
  /** Every folded event, by version. */
  entries: Record<number, EntryIndex>;
  lastOccurredAt: string | undefined;
  lastRecordedAt: string | undefined;
}

/**
 * The initial state of a stream of the given kind (nothing has happened yet), or of a stream whose kind
 * its first event will tell. With a kind, the decider refuses commands of another kind before the stream
 * is opened (a structure stream cannot be opened by OpenProject).
 * Example: `decide(openProjectCommand, initialState('project'), context)`.
 */
export function initialState(kind?: StreamKind): JourneyState {
  const entities = Object.fromEntries(collectionNames.map((name) => [name, {}])) as JourneyState['entities'];
  return {
    kind,
    version: 0,
    territory: undefined,
    entities,
    entries: {},
    lastOccurredAt: undefined,
    lastRecordedAt: undefined,
  };
}

/** Any collection, untyped: for the generic code of the decider (corrections, references). */
export function entitiesOf(
  state: JourneyState,
  collection: CollectionName,
): Record<string, Entity<Record<string, unknown>>> {
  return state.entities[collection] as unknown as Record<string, Entity<Record<string, unknown>>>;
}
