import type { Entity, Step } from '../decider/state.ts';
import { type EventType, eventLabel } from '../events/catalogue.ts';
import { decidingBodyLabels } from '../events/vision.ts';
import { type Role, roleLabels } from '../model/roles.ts';
import type { Lang } from './categories.ts';

/** One change made to a thing: what, when, by whom, who decided and why. */
export interface HistoryStep {
  version: number;
  eventId: string;
  type: EventType;
  label: string;
  occurredAt: string;
  /** The role of the person who recorded it. */
  actorRole: Role;
  roleLabel: string;
  /** The body that decided it (board, steering committee…), when the event names one. */
  decidingBody?: string;
  decidingBodyLabel?: string;
  /** The interim review it was decided at, if any. */
  reviewId?: string;
  /** Why: the rationale, the evidence or the reason recorded with it. */
  why?: string;
  /** The version of the active correction of this step. */
  correctedBy?: number;
  /** The step's data, correction applied. */
  data: Record<string, unknown>;
}

/** The data of a step as the journal now reads it: the original with its active correction applied. */
export function stepData(step: Step): Record<string, unknown> {
  return step.correction ? { ...step.original, ...step.correction.changes } : step.original;
}

/** Describes one step of an entity's history. Example: a `StakeDropped` step gives its rationale and deciding body. */
export function historyStepOf(step: Step, lang: Lang = 'fr'): HistoryStep {
  const data = stepData(step);
  const body = typeof data.decidingBody === 'string' ? data.decidingBody : undefined;
  const bodyLabel =
    body === undefined ? undefined : decidingBodyLabels[body as keyof typeof decidingBodyLabels]?.[lang];
  const why = [data.rationale, data.evidence, data.reason, data.how].find(
    (value) => typeof value === 'string',
  );
  return {
    version: step.version,
    eventId: step.eventId,
    type: step.type,
    label: eventLabel(step.type, lang),
    occurredAt: step.occurredAt,
    actorRole: step.actorRole,
    roleLabel: roleLabels[step.actorRole]?.[lang] ?? step.actorRole,
    ...(body !== undefined && { decidingBody: body, decidingBodyLabel: bodyLabel ?? body }),
    ...(typeof data.reviewId === 'string' &&
      step.type !== 'InterimReviewHeld' && { reviewId: data.reviewId }),
    ...(typeof why === 'string' && { why }),
    ...(step.correction && { correctedBy: step.correction.version }),
    data,
  };
}

/** The entities of a collection in the order they came into the journey. */
export function inJourneyOrder<T>(collection: Record<string, Entity<T>>): Entity<T>[] {
  return Object.values(collection).sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.createdVersion - b.createdVersion,
  );
}
