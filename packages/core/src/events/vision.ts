import * as z from 'zod';
import { entityId, freeText, label } from '../shared/fields.ts';
import { defineEvent } from './define-event.ts';

const project = ['project'] as const;

/** Who decided a revision: conseil d'administration, comité de pilotage, assemblée générale, équipe, bilan d'étape. */
export const decidingBodies = [
  'board',
  'steering_committee',
  'general_assembly',
  'team_meeting',
  'interim_review',
] as const;
export const decidingBodySchema = z.enum(decidingBodies);
export const decidingBodyLabels: Record<(typeof decidingBodies)[number], { fr: string; en: string }> = {
  board: { fr: "conseil d'administration", en: 'board' },
  steering_committee: { fr: 'comité de pilotage', en: 'steering committee' },
  general_assembly: { fr: 'assemblée générale', en: 'general assembly' },
  team_meeting: { fr: "réunion d'équipe", en: 'team meeting' },
  interim_review: { fr: "bilan d'étape", en: 'interim review' },
};

/** A revision says why, who decided it, and optionally at which review. */
const decision = {
  rationale: freeText,
  decidingBody: decidingBodySchema,
  reviewId: entityId.optional(),
};

export const visionStated = defineEvent({
  type: 'VisionStated',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Vision collective énoncée', en: 'Vision stated' },
  data: z.object({ statement: freeText }).strict(),
});

export const visionRevised = defineEvent({
  type: 'VisionRevised',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Vision collective révisée', en: 'Vision revised' },
  data: z.object({ statement: freeText, ...decision }).strict(),
});

export const stakeIdentified = defineEvent({
  type: 'StakeIdentified',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Enjeu identifié', en: 'Stake identified' },
  data: z
    .object({
      stakeId: entityId,
      /** Follows one stake across agreements: the same lineage in the next projet social. */
      lineageId: entityId,
      title: label,
      description: freeText.optional(),
    })
    .strict(),
});

export const stakePrioritised = defineEvent({
  type: 'StakePrioritised',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Enjeu priorisé', en: 'Stake prioritised' },
  data: z.object({ stakeId: entityId, priority: z.int().min(1).max(20) }).strict(),
});

export const stakeDropped = defineEvent({
  type: 'StakeDropped',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Enjeu abandonné', en: 'Stake dropped' },
  data: z.object({ stakeId: entityId, ...decision }).strict(),
});

export const pathwayDrawn = defineEvent({
  type: 'PathwayDrawn',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Chemin de changement tracé', en: 'Pathway drawn' },
  data: z.object({ pathwayId: entityId, stakeId: entityId, longTermChange: freeText }).strict(),
});

export const pathwayRevised = defineEvent({
  type: 'PathwayRevised',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Chemin de changement révisé', en: 'Pathway revised' },
  data: z.object({ pathwayId: entityId, longTermChange: freeText, ...decision }).strict(),
});

export const pathwayRetired = defineEvent({
  type: 'PathwayRetired',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Chemin de changement retiré', en: 'Pathway retired' },
  data: z.object({ pathwayId: entityId, ...decision }).strict(),
});

export const intermediateChangeAdded = defineEvent({
  type: 'IntermediateChangeAdded',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Changement intermédiaire ajouté', en: 'Intermediate change added' },
  data: z
    .object({
      changeId: entityId,
      pathwayId: entityId,
      description: freeText,
      /** The changes that must happen first (preconditions), in the same pathway. */
      after: z.array(entityId).max(20).optional(),
    })
    .strict(),
});

export const intermediateChangeAmended = defineEvent({
  type: 'IntermediateChangeAmended',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Changement intermédiaire modifié', en: 'Intermediate change amended' },
  data: z.object({ changeId: entityId, description: freeText, rationale: freeText.optional() }).strict(),
});

export const intermediateChangeRemoved = defineEvent({
  type: 'IntermediateChangeRemoved',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Changement intermédiaire retiré', en: 'Intermediate change removed' },
  data: z.object({ changeId: entityId, rationale: freeText }).strict(),
});

export const assumptionStated = defineEvent({
  type: 'AssumptionStated',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Hypothèse formulée', en: 'Assumption stated' },
  data: z
    .object({
      assumptionId: entityId,
      pathwayId: entityId,
      /** The link this assumption explains: why `fromChangeId` should lead to `toChangeId`. */
      fromChangeId: entityId.optional(),
      toChangeId: entityId.optional(),
      statement: freeText,
    })
    .strict(),
});

export const assumptionConfirmed = defineEvent({
  type: 'AssumptionConfirmed',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Hypothèse confirmée', en: 'Assumption confirmed' },
  data: z.object({ assumptionId: entityId, evidence: freeText }).strict(),
});

export const assumptionInvalidated = defineEvent({
  type: 'AssumptionInvalidated',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Hypothèse invalidée', en: 'Assumption invalidated' },
  data: z.object({ assumptionId: entityId, evidence: freeText }).strict(),
});

export const targetSchema = z.object({ value: z.number().finite(), by: z.iso.date().optional() }).strict();

export const indicatorDefined = defineEvent({
  type: 'IndicatorDefined',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Indicateur défini', en: 'Indicator defined' },
  data: z
    .object({
      indicatorId: entityId,
      stakeId: entityId.optional(),
      pathwayId: entityId.optional(),
      label,
      unit: label,
      target: targetSchema.optional(),
    })
    .strict(),
});

export const indicatorRedefined = defineEvent({
  type: 'IndicatorRedefined',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Indicateur redéfini', en: 'Indicator redefined' },
  data: z.object({ indicatorId: entityId, label, unit: label, rationale: freeText }).strict(),
});

export const targetRevised = defineEvent({
  type: 'TargetRevised',
  family: 'vision',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Cible révisée', en: 'Target revised' },
  data: z.object({ indicatorId: entityId, target: targetSchema, rationale: freeText }).strict(),
});

export const visionEvents = [
  visionStated,
  visionRevised,
  stakeIdentified,
  stakePrioritised,
  stakeDropped,
  pathwayDrawn,
  pathwayRevised,
  pathwayRetired,
  intermediateChangeAdded,
  intermediateChangeAmended,
  intermediateChangeRemoved,
  assumptionStated,
  assumptionConfirmed,
  assumptionInvalidated,
  indicatorDefined,
  indicatorRedefined,
  targetRevised,
] as const;
