import * as z from 'zod';
import * as events from '../events/lifecycle.ts';
import { cafRoles } from '../model/roles.ts';
import { entityId, label, longText } from '../shared/fields.ts';
import { defineCommand } from './define-command.ts';

const preparing = ['opened', 'renewal', 'evaluated', 'diagnosis', 'adopted', 'deferred'] as const;

export const openProject = defineCommand({
  type: 'OpenProject',
  event: events.projectOpened,
  label: { fr: 'Ouvrir un projet social', en: 'Open a project' },
  input: events.projectOpened.data.shape,
  rules: { opens: true, creates: { field: 'projectId', collection: 'project' } },
});

/** Opens the next projet social from a closed or closing one, keeping some of its stakes (by lineage). */
export const openNextProject = defineCommand({
  type: 'OpenNextProject',
  event: events.projectOpened,
  label: { fr: 'Ouvrir le projet social suivant', en: 'Open the next project' },
  input: {
    projectId: entityId,
    previousProjectId: entityId,
    title: label,
    plannedPeriod: events.periodSchema,
    circular: z.enum(events.circulars),
    /** Stakes of the previous project the team keeps; they keep their lineage. */
    keptStakes: z
      .array(
        z.object({ stakeId: entityId, newStakeId: entityId.optional(), title: label.optional() }).strict(),
      )
      .max(20)
      .default([]),
    /** The evaluation of the previous project; a draft is made from its closing state when absent. */
    evaluation: longText.optional(),
  },
  rules: { opens: true, creates: { field: 'projectId', collection: 'project' } },
});

export const startRenewal = defineCommand({
  type: 'StartRenewal',
  event: events.renewalStarted,
  label: { fr: 'Engager le renouvellement', en: 'Start the renewal' },
  input: events.renewalStarted.data.shape,
  rules: { stages: preparing },
});

export const recordPreviousProjectEvaluation = defineCommand({
  type: 'RecordPreviousProjectEvaluation',
  event: events.previousProjectEvaluated,
  label: { fr: "Consigner l'évaluation du projet précédent", en: 'Record the previous project evaluation' },
  input: events.previousProjectEvaluated.data.shape,
  rules: { stages: preparing },
});

export const recordSharedDiagnosis = defineCommand({
  type: 'RecordSharedDiagnosis',
  event: events.sharedDiagnosisRecorded,
  label: { fr: 'Consigner le diagnostic partagé', en: 'Record the shared diagnosis' },
  input: events.sharedDiagnosisRecorded.data.shape,
  rules: { stages: preparing },
});

export const adoptProject = defineCommand({
  type: 'AdoptProject',
  event: events.projectAdoptedByBoard,
  label: { fr: 'Adopter le projet en CA', en: 'Adopt the project (board)' },
  input: events.projectAdoptedByBoard.data.shape,
  rules: { stages: preparing },
});

export const submitToCaf = defineCommand({
  type: 'SubmitToCaf',
  event: events.projectSubmittedToCaf,
  label: { fr: 'Déposer le projet à la CAF', en: 'Submit the project to the CAF' },
  input: events.projectSubmittedToCaf.data.shape,
  rules: { stages: preparing },
});

const decided = ['submitted', 'deferred'] as const;

export const grantAgreement = defineCommand({
  type: 'GrantAgreement',
  event: events.agreementGranted,
  label: { fr: "Accorder l'agrément", en: 'Grant the agreement' },
  input: events.agreementGranted.data.shape,
  rules: { roles: cafRoles, stages: decided },
});

export const deferAgreement = defineCommand({
  type: 'DeferAgreement',
  event: events.agreementDeferred,
  label: { fr: "Ajourner l'agrément", en: 'Defer the agreement' },
  input: events.agreementDeferred.data.shape,
  rules: { roles: cafRoles, stages: decided },
});

export const refuseAgreement = defineCommand({
  type: 'RefuseAgreement',
  event: events.agreementRefused,
  label: { fr: "Refuser l'agrément", en: 'Refuse the agreement' },
  input: events.agreementRefused.data.shape,
  rules: { roles: cafRoles, stages: decided },
});

export const closePeriod = defineCommand({
  type: 'ClosePeriod',
  event: events.periodClosed,
  label: { fr: 'Clore la période', en: 'Close the period' },
  input: events.periodClosed.data.shape,
});

export const lifecycleCommands = [
  openProject,
  openNextProject,
  startRenewal,
  recordPreviousProjectEvaluation,
  recordSharedDiagnosis,
  adoptProject,
  submitToCaf,
  grantAgreement,
  deferAgreement,
  refuseAgreement,
  closePeriod,
] as const;
