import * as z from 'zod';
import { calendarDate, entityId, label, territoryCode } from '../shared/fields.ts';
import { defineEvent } from './define-event.ts';

const cohort = ['cohort'] as const;

export const cohortOpened = defineEvent({
  type: 'CohortOpened',
  family: 'cohort',
  streams: cohort,
  schemaVersion: 1,
  label: { fr: "Programme d'accompagnement ouvert", en: 'Cohort opened' },
  data: z
    .object({
      cohortId: entityId,
      title: label,
      territory: territoryCode,
      funder: label,
      facilitatorId: z.string().min(1).max(128),
    })
    .strict(),
});

export const structureJoinedCohort = defineEvent({
  type: 'StructureJoinedCohort',
  family: 'cohort',
  streams: cohort,
  schemaVersion: 1,
  label: { fr: 'Structure inscrite au programme', en: 'Structure joined the cohort' },
  data: z.object({ structureId: entityId, projectId: entityId.optional() }).strict(),
});

export const nextCohortPlanned = defineEvent({
  type: 'NextCohortPlanned',
  family: 'cohort',
  streams: cohort,
  schemaVersion: 1,
  label: { fr: 'Nouvelle session envisagée', en: 'Next cohort planned' },
  data: z.object({ title: label, plannedStart: calendarDate.optional() }).strict(),
});

export const cohortEvents = [cohortOpened, structureJoinedCohort, nextCohortPlanned] as const;
