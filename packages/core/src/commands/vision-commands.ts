import * as events from '../events/vision.ts';
import { decidingBodySchema } from '../events/vision.ts';
import { entityId, freeText } from '../shared/fields.ts';
import { defineCommand } from './define-command.ts';

/** Revisions must say why and who decided: optional in the input so the decider can explain it. */
const optionalDecision = { rationale: freeText.optional(), decidingBody: decidingBodySchema.optional() };
const reviewRef = { field: 'reviewId', collection: 'reviews' } as const;

export const stateVision = defineCommand({
  type: 'StateVision',
  event: events.visionStated,
  label: { fr: 'Énoncer la vision collective', en: 'State the vision' },
  input: events.visionStated.data.shape,
});

export const reviseVision = defineCommand({
  type: 'ReviseVision',
  event: events.visionRevised,
  label: { fr: 'Réviser la vision collective', en: 'Revise the vision' },
  input: { ...events.visionRevised.data.shape, ...optionalDecision },
  rules: { needsDecision: true, references: [reviewRef] },
});

export const identifyStake = defineCommand({
  type: 'IdentifyStake',
  event: events.stakeIdentified,
  label: { fr: 'Identifier un enjeu', en: 'Identify a stake' },
  input: {
    ...events.stakeIdentified.data.shape,
    stakeId: entityId.optional(),
    lineageId: entityId.optional(),
  },
  rules: { creates: { field: 'stakeId', collection: 'stakes' } },
});

export const prioritiseStake = defineCommand({
  type: 'PrioritiseStake',
  event: events.stakePrioritised,
  label: { fr: 'Prioriser un enjeu', en: 'Prioritise a stake' },
  input: events.stakePrioritised.data.shape,
  rules: { target: { field: 'stakeId', collection: 'stakes', statuses: ['active'] } },
});

export const dropStake = defineCommand({
  type: 'DropStake',
  event: events.stakeDropped,
  label: { fr: 'Abandonner un enjeu', en: 'Drop a stake' },
  input: { ...events.stakeDropped.data.shape, ...optionalDecision },
  rules: {
    target: { field: 'stakeId', collection: 'stakes', statuses: ['active'] },
    needsDecision: true,
    references: [reviewRef],
  },
});

export const drawPathway = defineCommand({
  type: 'DrawPathway',
  event: events.pathwayDrawn,
  label: { fr: 'Tracer un chemin de changement', en: 'Draw a pathway' },
  input: { ...events.pathwayDrawn.data.shape, pathwayId: entityId.optional() },
  rules: {
    creates: { field: 'pathwayId', collection: 'pathways' },
    target: { field: 'stakeId', collection: 'stakes', statuses: ['active'] },
  },
});

export const revisePathway = defineCommand({
  type: 'RevisePathway',
  event: events.pathwayRevised,
  label: { fr: 'Réviser un chemin de changement', en: 'Revise a pathway' },
  input: { ...events.pathwayRevised.data.shape, ...optionalDecision },
  rules: {
    target: { field: 'pathwayId', collection: 'pathways', statuses: ['active'] },
    needsDecision: true,
    references: [reviewRef],
  },
});

export const retirePathway = defineCommand({
  type: 'RetirePathway',
  event: events.pathwayRetired,
  label: { fr: 'Retirer un chemin de changement', en: 'Retire a pathway' },
  input: { ...events.pathwayRetired.data.shape, ...optionalDecision },
  rules: {
    target: { field: 'pathwayId', collection: 'pathways', statuses: ['active'] },
    needsDecision: true,
    references: [reviewRef],
  },
});

export const addIntermediateChange = defineCommand({
  type: 'AddIntermediateChange',
  event: events.intermediateChangeAdded,
  label: { fr: 'Ajouter un changement intermédiaire', en: 'Add an intermediate change' },
  input: { ...events.intermediateChangeAdded.data.shape, changeId: entityId.optional() },
  rules: {
    creates: { field: 'changeId', collection: 'changes' },
    target: { field: 'pathwayId', collection: 'pathways', statuses: ['active'] },
    references: [{ field: 'after', collection: 'changes' }],
  },
});

export const amendIntermediateChange = defineCommand({
  type: 'AmendIntermediateChange',
  event: events.intermediateChangeAmended,
  label: { fr: 'Modifier un changement intermédiaire', en: 'Amend an intermediate change' },
  input: events.intermediateChangeAmended.data.shape,
  rules: { target: { field: 'changeId', collection: 'changes', statuses: ['active'] } },
});

export const removeIntermediateChange = defineCommand({
  type: 'RemoveIntermediateChange',
  event: events.intermediateChangeRemoved,
  label: { fr: 'Retirer un changement intermédiaire', en: 'Remove an intermediate change' },
  input: events.intermediateChangeRemoved.data.shape,
  rules: { target: { field: 'changeId', collection: 'changes', statuses: ['active'] } },
});

export const stateAssumption = defineCommand({
  type: 'StateAssumption',
  event: events.assumptionStated,
  label: { fr: 'Formuler une hypothèse', en: 'State an assumption' },
  input: { ...events.assumptionStated.data.shape, assumptionId: entityId.optional() },
  rules: {
    creates: { field: 'assumptionId', collection: 'assumptions' },
    target: { field: 'pathwayId', collection: 'pathways', statuses: ['active'] },
    references: [
      { field: 'fromChangeId', collection: 'changes' },
      { field: 'toChangeId', collection: 'changes' },
    ],
  },
});

export const confirmAssumption = defineCommand({
  type: 'ConfirmAssumption',
  event: events.assumptionConfirmed,
  label: { fr: 'Confirmer une hypothèse', en: 'Confirm an assumption' },
  input: events.assumptionConfirmed.data.shape,
  rules: { target: { field: 'assumptionId', collection: 'assumptions', statuses: ['stated'] } },
});

export const invalidateAssumption = defineCommand({
  type: 'InvalidateAssumption',
  event: events.assumptionInvalidated,
  label: { fr: 'Invalider une hypothèse', en: 'Invalidate an assumption' },
  input: events.assumptionInvalidated.data.shape,
  rules: { target: { field: 'assumptionId', collection: 'assumptions', statuses: ['stated', 'confirmed'] } },
});

export const defineIndicator = defineCommand({
  type: 'DefineIndicator',
  event: events.indicatorDefined,
  label: { fr: 'Définir un indicateur', en: 'Define an indicator' },
  input: { ...events.indicatorDefined.data.shape, indicatorId: entityId.optional() },
  rules: {
    creates: { field: 'indicatorId', collection: 'indicators' },
    references: [
      { field: 'stakeId', collection: 'stakes' },
      { field: 'pathwayId', collection: 'pathways' },
    ],
  },
});

export const redefineIndicator = defineCommand({
  type: 'RedefineIndicator',
  event: events.indicatorRedefined,
  label: { fr: 'Redéfinir un indicateur', en: 'Redefine an indicator' },
  input: events.indicatorRedefined.data.shape,
  rules: { target: { field: 'indicatorId', collection: 'indicators' } },
});

export const reviseTarget = defineCommand({
  type: 'ReviseTarget',
  event: events.targetRevised,
  label: { fr: 'Réviser une cible', en: 'Revise a target' },
  input: events.targetRevised.data.shape,
  rules: { target: { field: 'indicatorId', collection: 'indicators' } },
});

export const visionCommands = [
  stateVision,
  reviseVision,
  identifyStake,
  prioritiseStake,
  dropStake,
  drawPathway,
  revisePathway,
  retirePathway,
  addIntermediateChange,
  amendIntermediateChange,
  removeIntermediateChange,
  stateAssumption,
  confirmAssumption,
  invalidateAssumption,
  defineIndicator,
  redefineIndicator,
  reviseTarget,
] as const;
