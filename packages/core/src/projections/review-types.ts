import type { CommitmentStatus } from '../decider/state.ts';
import type { EventType } from '../events/catalogue.ts';
import type { Role } from '../model/roles.ts';
import type { Lang } from './categories.ts';
import type { TimeBound } from './time-bounds.ts';

export interface ReviewOptions {
  /** Start of the window (a calendar date means the start of that day). */
  from: TimeBound;
  /** End of the window (a calendar date means the end of that day). */
  to: TimeBound;
  /** The language of category labels (French by default). */
  lang?: Lang;
}

export interface CategoryGroup<T> {
  category: string;
  label: string;
  items: T[];
}
export interface ReviewedDifficulty {
  difficultyId: string;
  description: string;
  occurredAt: string;
  reportedBy?: Role;
  stakeId?: string;
  /** As of the end of the window. */
  status: 'open' | 'resolved';
}
export interface ReviewedSuccess {
  successId: string;
  description: string;
  occurredAt: string;
  stakeIds?: string[];
}
export interface ReviewedCommitment {
  commitmentId: string;
  description: string;
  heldBy?: Role;
  dueOn?: string;
  /** As of the end of the window. */
  status: CommitmentStatus;
  /** When it was honoured, postponed or dropped (the last time in the window); for open ones, when it was made. */
  occurredAt: string;
  reason?: string;
}
export interface Participation {
  byRole: Partial<Record<Role, number>>;
  /** staff = director + staff; volunteersAndBoard = volunteer + board_member; others = partners, facilitators… */
  groups: { staff: number; volunteersAndBoard: number; residents: number; others: number };
  total: number;
  /** How many sessions, interim reviews and restitutions were counted. */
  gatherings: number;
}
export interface ReviewedInterimReview {
  reviewId: string;
  title: string;
  occurredAt: string;
  participants: number;
  difficulties: number;
  successes: number;
  commitments: number;
  decisions: string[];
  lessons?: string;
}
export interface ReviewedVisionRevision {
  version: number;
  occurredAt: string;
  statement: string;
  rationale?: string;
  decidingBody?: string;
  decidingBodyLabel?: string;
  reviewId?: string;
}
export interface ReviewedAssumption {
  assumptionId: string;
  statement: string;
  evidence: string;
  occurredAt: string;
}
/** Something dated in the window: one mark on the timeline picture. */
export interface ReviewMark {
  occurredAt: string;
  /** The lane of the picture. */
  kind: 'difficulty' | 'success' | 'commitment' | 'gathering' | 'vision' | 'assumption';
  /** The entry it stands for: its label says what happened (commitment honoured, interim review…). */
  type: EventType;
  text: string;
}

/** The bilan of a project between two dates. */
export interface Review {
  from: string;
  to: string;
  difficulties: CategoryGroup<ReviewedDifficulty>[];
  successes: CategoryGroup<ReviewedSuccess>[];
  /** honoured / postponed / dropped: by an event in the window; open: still to do at the end of it. */
  commitments: Record<'honoured' | 'postponed' | 'dropped' | 'open', ReviewedCommitment[]>;
  participation: Participation;
  interimReviews: ReviewedInterimReview[];
  visionRevisions: ReviewedVisionRevision[];
  assumptionsInvalidated: ReviewedAssumption[];
  /** Everything dated in the window, in time order. */
  marks: ReviewMark[];
}
