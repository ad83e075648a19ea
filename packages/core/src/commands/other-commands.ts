import * as audit from '../events/audit.ts';
import * as cohort from '../events/cohort.ts';
import * as structure from '../events/structure.ts';
import { defineCommand } from './define-command.ts';

export const correctEntry = defineCommand({
  type: 'CorrectEntry',
  event: audit.entryCorrected,
  label: { fr: 'Corriger une saisie', en: 'Correct an entry' },
  input: audit.entryCorrected.data.shape,
  rules: { allowedWhenClosed: true },
});

export const retractEntry = defineCommand({
  type: 'RetractEntry',
  event: audit.entryRetracted,
  label: { fr: 'Retirer une saisie', en: 'Retract an entry' },
  input: audit.entryRetracted.data.shape,
  rules: { allowedWhenClosed: true },
});

export const eraseText = defineCommand({
  type: 'EraseText',
  event: audit.textErased,
  label: { fr: 'Effacer un texte (RGPD)', en: 'Erase a text (GDPR)' },
  input: audit.textErased.data.shape,
  rules: { allowedWhenClosed: true },
});

export const registerStructure = defineCommand({
  type: 'RegisterStructure',
  event: structure.structureRegistered,
  label: { fr: 'Enregistrer une structure', en: 'Register a structure' },
  input: structure.structureRegistered.data.shape,
  rules: { opens: true, roles: ['admin'], creates: { field: 'structureId', collection: 'structure' } },
});

export const linkProject = defineCommand({
  type: 'LinkProject',
  event: structure.projectLinked,
  label: { fr: 'Rattacher un projet social', en: 'Link a project' },
  input: structure.projectLinked.data.shape,
  rules: { creates: { field: 'projectId', collection: 'links' } },
});

export const openCohort = defineCommand({
  type: 'OpenCohort',
  event: cohort.cohortOpened,
  label: { fr: "Ouvrir un programme d'accompagnement", en: 'Open a cohort' },
  input: cohort.cohortOpened.data.shape,
  rules: { opens: true, creates: { field: 'cohortId', collection: 'cohort' } },
});

export const joinCohort = defineCommand({
  type: 'JoinCohort',
  event: cohort.structureJoinedCohort,
  label: { fr: 'Inscrire une structure au programme', en: 'Join a structure to the cohort' },
  input: cohort.structureJoinedCohort.data.shape,
  rules: { creates: { field: 'structureId', collection: 'members' } },
});

export const planNextCohort = defineCommand({
  type: 'PlanNextCohort',
  event: cohort.nextCohortPlanned,
  label: { fr: 'Envisager une nouvelle session', en: 'Plan the next cohort' },
  input: cohort.nextCohortPlanned.data.shape,
});

export const auditCommands = [correctEntry, retractEntry, eraseText] as const;
export const structureCommands = [registerStructure, linkProject] as const;
export const cohortCommands = [openCohort, joinCohort, planNextCohort] as const;
