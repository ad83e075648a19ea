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
import type { Lang } from './categories.ts';
import { type HistoryStep, historyStepOf, inJourneyOrder, stepData } from './decisions.ts';
import { type StateAtOptions, stateAt } from './state-at.ts';

/** One version of the collective vision. */
export interface VisionVersion {
  version: number;
  eventId: string;
  statement: string;
  occurredAt: string;
  actorRole: string;
  roleLabel: string;
  /** Absent for the first statement: a revision always says why and who decided. */
  rationale?: string;
  decidingBody?: string;
  decidingBodyLabel?: string;
  reviewId?: string;
  correctedBy?: number;
}

/** A thing of the vision (a stake, a pathway…): how it reads now and every change it went through. */
export interface ItemHistory<T> {
  id: string;
  current: T;
  createdAt: string;
  history: HistoryStep[];
}

/** One target an indicator has had. */
export interface TargetVersion {
  value: number;
  by?: string;
  version: number;
  occurredAt: string;
  why?: string;
}

export interface IndicatorHistory extends ItemHistory<Indicator> {
  /** Every target, from the definition on: the series of values stays continuous across redefinitions. */
  targets: TargetVersion[];
}

export interface VisionHistory {
  visions: VisionVersion[];
  stakes: ItemHistory<Stake>[];
  pathways: ItemHistory<Pathway>[];
  changes: ItemHistory<IntermediateChange>[];
  assumptions: ItemHistory<Assumption>[];
  indicators: IndicatorHistory[];
}

export interface VisionHistoryOptions extends StateAtOptions {
  lang?: Lang;
}

/**
 * Every version of the vision and the history of stakes, pathways, intermediate changes, assumptions
 * and indicators (targets included), each change with who recorded it, who decided, when and why.
 * Retracted entries are left out and corrections applied. Example: `visionHistory(events).visions.at(-1)?.statement`.
 */
export function visionHistory(
  events: readonly JournalEvent[],
  options: VisionHistoryOptions = {},
): VisionHistory {
  const lang = options.lang ?? 'fr';
  const { entities } = stateAt(events, options);
  const historyOf = <T>(entity: Entity<T>): ItemHistory<T> => ({
    id: entity.id,
    current: entity.current,
    createdAt: entity.createdAt,
    history: entity.steps.map((step) => historyStepOf(step, lang)),
  });
  return {
    visions: Object.values(entities.vision).flatMap((vision) =>
      vision.steps.map((step) => visionVersion(historyStepOf(step, lang))),
    ),
    stakes: inJourneyOrder(entities.stakes).map(historyOf),
    pathways: inJourneyOrder(entities.pathways).map(historyOf),
    changes: inJourneyOrder(entities.changes).map(historyOf),
    assumptions: inJourneyOrder(entities.assumptions).map(historyOf),
    indicators: inJourneyOrder(entities.indicators).map((indicator) => ({
      ...historyOf(indicator),
      targets: indicator.steps.flatMap((step) => {
        const target = stepData(step).target as { value: number; by?: string } | undefined;
        if (target === undefined || typeof target.value !== 'number') return [];
        const why = historyStepOf(step, lang).why;
        return [
          {
            value: target.value,
            ...(target.by !== undefined && { by: target.by }),
            version: step.version,
            occurredAt: step.occurredAt,
            ...(why !== undefined && { why }),
          },
        ];
      }),
    })),
  };
}

/** Every version of the vision of a folded project, in journal order. */
export function visionVersionsOf(state: JourneyState, lang: Lang = 'fr'): VisionVersion[] {
  return visionVersions(state.entities.vision[SELF_ID], lang);
}

function visionVersions(
  vision: JourneyState['entities']['vision'][string] | undefined,
  lang: Lang,
): VisionVersion[] {
  return (vision?.steps ?? []).map((step) => visionVersion(historyStepOf(step, lang)));
}

function visionVersion(decision: HistoryStep): VisionVersion {
  return {
    version: decision.version,
    eventId: decision.eventId,
    statement: String(decision.data.statement ?? ''),
    occurredAt: decision.occurredAt,
    actorRole: decision.actorRole,
    roleLabel: decision.roleLabel,
    ...(decision.why !== undefined && { rationale: decision.why }),
    ...(decision.decidingBody !== undefined && { decidingBody: decision.decidingBody }),
    ...(decision.decidingBodyLabel !== undefined && { decidingBodyLabel: decision.decidingBodyLabel }),
    ...(decision.reviewId !== undefined && { reviewId: decision.reviewId }),
    ...(decision.correctedBy !== undefined && { correctedBy: decision.correctedBy }),
  };
}
