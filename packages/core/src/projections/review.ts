import type { Commitment, Difficulty, Entity, Step, Success } from '../decider/state.ts';
import type { EventType } from '../events/catalogue.ts';
import type { Participants } from '../events/journey.ts';
import type { JournalEvent } from '../model/envelope.ts';
import type { Role } from '../model/roles.ts';
import { type CategoryKind, categoryLabel, compareCategories, type Lang } from './categories.ts';
import { historyStepOf, inJourneyOrder, stepData } from './decisions.ts';
import { participantTotal } from './format.ts';
import type {
  CategoryGroup,
  Participation,
  Review,
  ReviewedCommitment,
  ReviewedDifficulty,
  ReviewedSuccess,
  ReviewedVisionRevision,
  ReviewMark,
  ReviewOptions,
} from './review-types.ts';
import { stateAt } from './state-at.ts';
import { endBound, inWindow, startBound } from './time-bounds.ts';

interface Window {
  from: string;
  to: string;
}

const GROUP_OF: Partial<Record<Role, keyof Participation['groups']>> = {
  director: 'staff',
  staff: 'staff',
  volunteer: 'volunteersAndBoard',
  board_member: 'volunteersAndBoard',
  resident: 'residents',
};

/**
 * The bilan of one project stream between two dates (both included): difficulties and successes
 * reported in the window by category, commitments, participation by role, interim reviews, vision
 * revisions and invalidated assumptions. Retracted entries are left out, corrections applied.
 * Example: `review(events, { from: '2022-09-01', to: '2023-01-31' }).difficulties[0]?.label`.
 */
export function review(events: readonly JournalEvent[], options: ReviewOptions): Review {
  const lang = options.lang ?? 'fr';
  const window: Window = { from: startBound(options.from), to: endBound(options.to) };
  // What had occurred by the end of the window, as the journal now knows it: corrections applied,
  // retracted entries gone (a retraction is dated like its target, so it is always included with it).
  const { entities } = stateAt(events, { asOf: window.to });

  const difficulties = createdIn(entities.difficulties, window).map(reviewedDifficulty);
  const successes = createdIn(entities.successes, window).map(reviewedSuccess);
  const commitments = {
    honoured: commitmentsBy(entities.commitments, 'CommitmentHonoured', window),
    postponed: commitmentsBy(entities.commitments, 'CommitmentPostponed', window),
    dropped: commitmentsBy(entities.commitments, 'CommitmentDropped', window),
    open: inJourneyOrder(entities.commitments)
      .filter(({ current }) => current.status === 'open' || current.status === 'postponed')
      .map((entity) => reviewedCommitment(entity, entity.createdAt, undefined)),
  };
  const gatherings = [
    ...createdIn(entities.sessions, window).map((e) => gathering(e, e.current.participants, e.current.title)),
    ...createdIn(entities.reviews, window).map((e) => gathering(e, e.current.participants, e.current.title)),
    ...createdIn(entities.sharings, window).map((e) =>
      gathering(e, e.current.participants, e.current.audience),
    ),
  ];
  const interimReviews = createdIn(entities.reviews, window).map(({ current: r, createdAt }) => ({
    reviewId: r.reviewId,
    title: r.title,
    occurredAt: createdAt,
    participants: participantTotal(r.participants),
    difficulties: r.difficultyIds?.length ?? 0,
    successes: r.successIds?.length ?? 0,
    commitments: r.commitmentIds?.length ?? 0,
    decisions: r.decisions ?? [],
    ...(r.lessons !== undefined && { lessons: r.lessons }),
  }));
  const visionRevisions = stepsIn(entities.vision, 'VisionRevised', window).map(({ step }) =>
    visionRevision(step, lang),
  );
  const assumptionsInvalidated = stepsIn(entities.assumptions, 'AssumptionInvalidated', window).map(
    ({ entity, step }) => ({
      assumptionId: entity.id,
      statement: entity.current.statement,
      evidence: String(stepData(step).evidence ?? ''),
      occurredAt: step.occurredAt,
    }),
  );

  const marks: ReviewMark[] = [
    ...difficulties.map(([, d]) => mark(d.occurredAt, 'difficulty', 'DifficultyReported', d.description)),
    ...successes.map(([, s]) => mark(s.occurredAt, 'success', 'SuccessRecorded', s.description)),
    ...commitments.honoured.map((c) => mark(c.occurredAt, 'commitment', 'CommitmentHonoured', c.description)),
    ...commitments.postponed.map((c) =>
      mark(c.occurredAt, 'commitment', 'CommitmentPostponed', c.description),
    ),
    ...commitments.dropped.map((c) => mark(c.occurredAt, 'commitment', 'CommitmentDropped', c.description)),
    ...gatherings.map((g) => mark(g.occurredAt, 'gathering', g.type, g.text)),
    ...visionRevisions.map((v) => mark(v.occurredAt, 'vision', 'VisionRevised', v.statement)),
    ...assumptionsInvalidated.map((a) =>
      mark(a.occurredAt, 'assumption', 'AssumptionInvalidated', a.statement),
    ),
  ].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));

  return {
    ...window,
    difficulties: byCategory('difficulty', difficulties, lang),
    successes: byCategory('success', successes, lang),
    commitments,
    participation: participation(gatherings.map((g) => g.participants)),
    interimReviews,
    visionRevisions,
    assumptionsInvalidated,
    marks,
  };
}

/** The entities created in the window (the state is already cut at its end). */
function createdIn<T>(collection: Record<string, Entity<T>>, window: Window): Entity<T>[] {
  return inJourneyOrder(collection).filter((entity) => entity.createdAt >= window.from);
}

/** The steps of one type that occurred in the window, with their entity. */
function stepsIn<T>(collection: Record<string, Entity<T>>, type: Step['type'], window: Window) {
  return inJourneyOrder(collection).flatMap((entity) =>
    entity.steps
      .filter((step) => step.type === type && inWindow(step.occurredAt, window.from, window.to))
      .map((step) => ({ entity, step })),
  );
}

function reviewedDifficulty({ current: d, createdAt }: Entity<Difficulty>): [string, ReviewedDifficulty] {
  return [
    d.category,
    {
      difficultyId: d.difficultyId,
      description: d.description,
      occurredAt: createdAt,
      ...(d.reportedBy !== undefined && { reportedBy: d.reportedBy }),
      ...(d.stakeId !== undefined && { stakeId: d.stakeId }),
      status: d.status,
    },
  ];
}

function reviewedSuccess({ current: s, createdAt }: Entity<Success>): [string, ReviewedSuccess] {
  return [
    s.category,
    {
      successId: s.successId,
      description: s.description,
      occurredAt: createdAt,
      ...(s.stakeIds !== undefined && { stakeIds: s.stakeIds }),
    },
  ];
}

/** The commitments honoured, postponed or dropped in the window; one postponed twice is listed once, as of the last time. */
function commitmentsBy(collection: Record<string, Entity<Commitment>>, type: Step['type'], window: Window) {
  const latest = new Map<string, ReviewedCommitment>();
  for (const { entity, step } of stepsIn(collection, type, window)) {
    latest.set(entity.id, reviewedCommitment(entity, step.occurredAt, stepData(step).reason));
  }
  return [...latest.values()];
}

function reviewedCommitment(
  entity: Entity<Commitment>,
  occurredAt: string,
  reason: unknown,
): ReviewedCommitment {
  const c = entity.current;
  return {
    commitmentId: c.commitmentId,
    description: c.description,
    ...(c.heldBy !== undefined && { heldBy: c.heldBy }),
    ...(c.dueOn !== undefined && { dueOn: c.dueOn }),
    status: c.status,
    occurredAt,
    ...(typeof reason === 'string' && { reason }),
  };
}

/** A session, interim review or restitution; its creation step says which (collective or coaching session…). */
function gathering(entity: Entity<unknown>, participants: Participants | undefined, text: string) {
  const type: EventType = entity.steps[0]?.type ?? 'CollectiveSessionHeld';
  return { occurredAt: entity.createdAt, type, participants, text };
}

function visionRevision(step: Step, lang: Lang): ReviewedVisionRevision {
  const decision = historyStepOf(step, lang);
  return {
    version: step.version,
    occurredAt: step.occurredAt,
    statement: String(decision.data.statement ?? ''),
    ...(decision.why !== undefined && { rationale: decision.why }),
    ...(decision.decidingBody !== undefined && { decidingBody: decision.decidingBody }),
    ...(decision.decidingBodyLabel !== undefined && { decidingBodyLabel: decision.decidingBodyLabel }),
    ...(decision.reviewId !== undefined && { reviewId: decision.reviewId }),
  };
}

function mark(occurredAt: string, kind: ReviewMark['kind'], type: EventType, text: string): ReviewMark {
  return { occurredAt, kind, type, text };
}

/** Groups items by category, the most cited first, then in catalogue order. */
function byCategory<T>(
  kind: CategoryKind,
  rows: [category: string, item: T][],
  lang: Lang,
): CategoryGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const [category, item] of rows) groups.set(category, [...(groups.get(category) ?? []), item]);
  return [...groups.entries()]
    .sort(([a, itemsA], [b, itemsB]) => itemsB.length - itemsA.length || compareCategories(kind, a, b))
    .map(([category, items]) => ({ category, label: categoryLabel(kind, category, lang), items }));
}

function participation(records: readonly (Participants | undefined)[]): Participation {
  const byRole: Partial<Record<Role, number>> = {};
  const groups = { staff: 0, volunteersAndBoard: 0, residents: 0, others: 0 };
  for (const record of records) {
    for (const [role, count] of Object.entries(record ?? {}) as [Role, number | undefined][]) {
      if (typeof count !== 'number') continue;
      byRole[role] = (byRole[role] ?? 0) + count;
      groups[GROUP_OF[role] ?? 'others'] += count;
    }
  }
  const total = groups.staff + groups.volunteersAndBoard + groups.residents + groups.others;
  return { byRole, groups, total, gatherings: records.length };
}
