import { SELF_ID } from '../decider/effects.ts';
import type {
  Assumption,
  Entity,
  Indicator,
  IntermediateChange,
  JourneyState,
  Pathway,
  Stake,
} from '../decider/state.ts';
import type { JournalEvent } from '../model/envelope.ts';
import { canonicalJson } from '../shared/canonical-json.ts';
import type { Lang } from './categories.ts';
import { type HistoryStep, historyStepOf, inJourneyOrder } from './decisions.ts';
import { stateAt } from './state-at.ts';
import { endBound, type TimeBound } from './time-bounds.ts';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** One thing that differs between the two points, with the decisions taken in between. */
export interface DiffItem<T> {
  id: string;
  before?: T;
  after?: T;
  changes: FieldChange[];
  /** The steps that occurred after `from` and by `to`: who decided, when, why. */
  decisions: HistoryStep[];
}

export interface CollectionDiff<T> {
  added: DiffItem<T>[];
  removed: DiffItem<T>[];
  changed: DiffItem<T>[];
}

export interface VisionDiff {
  /** The two points, as instants (a calendar date means the end of that day). */
  from: string;
  to: string;
  vision: { before?: string; after?: string; changed: boolean; decisions: HistoryStep[] };
  stakes: CollectionDiff<Stake>;
  pathways: CollectionDiff<Pathway>;
  changes: CollectionDiff<IntermediateChange>;
  assumptions: CollectionDiff<Assumption>;
  indicators: CollectionDiff<Indicator>;
}

/** The statuses that take a thing out of the vision; assumptions and indicators have none. */
const GONE: Readonly<Record<string, string>> = { stakes: 'dropped', pathways: 'retired', changes: 'removed' };

/**
 * A structural diff of the vision between the state as of `from` and as of `to`.
 * A stake dropped, a pathway retired or a change removed in between counts as **removed** (its status
 * change shows in `changes`); a thing created and removed in between is in neither list (see visionHistory).
 * Example: `visionDiff(events, '2023-06-30', '2025-12-31').stakes.added`.
 */
export function visionDiff(
  events: readonly JournalEvent[],
  from: TimeBound,
  to: TimeBound,
  lang: Lang = 'fr',
): VisionDiff {
  const fromInstant = endBound(from);
  const toInstant = endBound(to);
  const before = stateAt(events, { asOf: fromInstant });
  const after = stateAt(events, { asOf: toInstant });
  const between = <T>(entity: Entity<T> | undefined): HistoryStep[] =>
    (entity?.steps ?? [])
      .filter((step) => step.occurredAt > fromInstant && step.occurredAt <= toInstant)
      .map((step) => historyStepOf(step, lang));
  const diff = <T>(collection: 'stakes' | 'pathways' | 'changes' | 'assumptions' | 'indicators') =>
    diffCollection<T>(
      before.entities[collection] as unknown as Record<string, Entity<T>>,
      after.entities[collection] as unknown as Record<string, Entity<T>>,
      GONE[collection],
      between,
    );

  const visionBefore = visionStatement(before);
  const visionAfter = visionStatement(after);
  return {
    from: fromInstant,
    to: toInstant,
    vision: {
      ...(visionBefore !== undefined && { before: visionBefore }),
      ...(visionAfter !== undefined && { after: visionAfter }),
      changed: visionBefore !== visionAfter,
      decisions: between(after.entities.vision[SELF_ID]),
    },
    stakes: diff<Stake>('stakes'),
    pathways: diff<Pathway>('pathways'),
    changes: diff<IntermediateChange>('changes'),
    assumptions: diff<Assumption>('assumptions'),
    indicators: diff<Indicator>('indicators'),
  };
}

function visionStatement(state: JourneyState): string | undefined {
  return state.entities.vision[SELF_ID]?.current.statement;
}

function diffCollection<T>(
  before: Record<string, Entity<T>>,
  after: Record<string, Entity<T>>,
  goneStatus: string | undefined,
  between: (entity: Entity<T> | undefined) => HistoryStep[],
): CollectionDiff<T> {
  const live = (entity: Entity<T> | undefined) =>
    entity !== undefined &&
    (goneStatus === undefined || (entity.current as { status?: string }).status !== goneStatus);
  const result: CollectionDiff<T> = { added: [], removed: [], changed: [] };
  for (const entity of inJourneyOrder({ ...before, ...after })) {
    const then = before[entity.id];
    const now = after[entity.id];
    const item: DiffItem<T> = {
      id: entity.id,
      ...(then !== undefined && { before: then.current }),
      ...(now !== undefined && { after: now.current }),
      changes: fieldChanges(then?.current, now?.current),
      decisions: between(now),
    };
    if (!live(then) && live(now)) result.added.push(item);
    else if (live(then) && !live(now)) result.removed.push(item);
    else if (live(then) && live(now) && item.changes.length > 0) result.changed.push(item);
  }
  return result;
}

function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const then = (before ?? {}) as Record<string, unknown>;
  const now = (after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(then), ...Object.keys(now)])].sort();
  return fields
    .filter((field) => canonicalJson(then[field]) !== canonicalJson(now[field]))
    .map((field) => ({ field, before: then[field], after: now[field] }));
}
