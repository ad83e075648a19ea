import { SELF_ID } from '../decider/effects.ts';
import type { Commitment, Entity, Step } from '../decider/state.ts';
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
  ReviewMark,
  ReviewOptions,
} from './review-types.ts';
import { stateAt } from './state-at.ts';
import { endBound, inWindow, startBound } from './time-bounds.ts';

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
  const from = startBound(options.from);
  const to = endBound(options.to);
  const { entities } = stateAt(events, { asOf: to });
  const created = <T>(collection: Record<string, Entity<T>>) =>
    inJourneyOrder(collection).filter((entity) => entity.createdAt >= from);
  const stepsInWindow = <T>(collection: Record<string, Entity<T>>, type: Step['type']) =>
    inJourneyOrder(collection).flatMap((entity) =>
      entity.steps
        .filter((step) => step.type === type && inWindow(step.occurredAt, from, to))
        .map((step) => ({ entity, step })),
    );

  const difficulties = created(entities.difficulties).map(({ current: d, createdAt }) => ({
    category: d.category,
    item: {
      difficultyId: d.difficultyId,
      description: d.description,
      occurredAt: createdAt,
      ...(d.reportedBy !== undefined && { reportedBy: d.reportedBy }),
      ...(d.stakeId !== undefined && { stakeId: d.stakeId }),
      status: d.status,
    },
  }));
  const successes = created(entities.successes).map(({ current: s, createdAt }) => ({
    category: s.category,
    item: {
      successId: s.successId,
      description: s.description,
      occurredAt: createdAt,
      ...(s.stakeIds !== undefined && { stakeIds: s.stakeIds }),
    },
  }));

  const commitmentsBy = (type: Step['type']) => {
    // A commitment postponed twice in the window is listed once, as of its last postponement.
    const latest = new Map<string, ReviewedCommitment>();
    for (const { entity, step } of stepsInWindow(entities.commitments, type)) {
      latest.set(entity.id, reviewedCommitment(entity, step.occurredAt, stepData(step).reason));
    }
    return [...latest.values()];
  };
  const open = inJourneyOrder(entities.commitments)
    .filter((entity) => entity.current.status === 'open' || entity.current.status === 'postponed')
    .map((entity) => reviewedCommitment(entity, entity.createdAt, undefined));

  const gatherings = [
    ...created(entities.sessions).map((e) => ({
      at: e.createdAt,
      participants: e.current.participants,
      text: e.current.title,
    })),
    ...created(entities.reviews).map((e) => ({
      at: e.createdAt,
      participants: e.current.participants,
      text: e.current.title,
    })),
    ...created(entities.sharings).map((e) => ({
      at: e.createdAt,
      participants: e.current.participants,
      text: e.current.audience,
    })),
  ];

  const interimReviews = created(entities.reviews).map(({ current: r, createdAt }) => ({
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

  const vision = entities.vision[SELF_ID];
  const visionRevisions = (vision ? [vision] : []).flatMap((entity) =>
    entity.steps
      .filter((step) => step.type === 'VisionRevised' && inWindow(step.occurredAt, from, to))
      .map((step) => {
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
      }),
  );
  const assumptionsInvalidated = stepsInWindow(entities.assumptions, 'AssumptionInvalidated').map(
    ({ entity, step }) => ({
      assumptionId: entity.id,
      statement: entity.current.statement,
      evidence: String(stepData(step).evidence ?? ''),
      occurredAt: step.occurredAt,
    }),
  );

  const commitments = {
    honoured: commitmentsBy('CommitmentHonoured'),
    postponed: commitmentsBy('CommitmentPostponed'),
    dropped: commitmentsBy('CommitmentDropped'),
    open,
  };
  const marks: ReviewMark[] = [
    ...difficulties.map(({ item }) => mark(item.occurredAt, 'difficulty', item.description)),
    ...successes.map(({ item }) => mark(item.occurredAt, 'success', item.description)),
    ...[...commitments.honoured, ...commitments.postponed, ...commitments.dropped].map((c) =>
      mark(c.occurredAt, 'commitment', c.description),
    ),
    ...gatherings.map((g) => mark(g.at, 'gathering', g.text)),
    ...visionRevisions.map((v) => mark(v.occurredAt, 'vision', v.statement)),
    ...assumptionsInvalidated.map((a) => mark(a.occurredAt, 'assumption', a.statement)),
  ].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));

  return {
    from,
    to,
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

function mark(occurredAt: string, kind: ReviewMark['kind'], text: string): ReviewMark {
  return { occurredAt, kind, text };
}

/** Groups items by category, the most cited first, then in catalogue order. */
function byCategory<T>(
  kind: CategoryKind,
  rows: { category: string; item: T }[],
  lang: Lang,
): CategoryGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const { category, item } of rows) groups.set(category, [...(groups.get(category) ?? []), item]);
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
