import * as z from 'zod';
import { calendarDate, entityId, freeText, label, longText, territoryCode } from '../shared/fields.ts';
import { defineEvent } from './define-event.ts';

const project = ['project'] as const;

export const periodSchema = z.object({ start: calendarDate, end: calendarDate }).strict();
export type Period = z.infer<typeof periodSchema>;

export const circulars = ['2012-013', '2025-12-18'] as const;

export const projectOpened = defineEvent({
  type: 'ProjectOpened',
  family: 'lifecycle',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Projet social ouvert', en: 'Project opened' },
  data: z
    .object({
      projectId: entityId,
      structureId: entityId,
      territory: territoryCode,
      structureKind: z.enum(['centre_social', 'evs']),
      title: label,
      plannedPeriod: periodSchema,
      previousProjectId: entityId.optional(),
      circular: z.enum(circulars),
    })
    .strict(),
});

export const renewalStarted = defineEvent({
  type: 'RenewalStarted',
  family: 'lifecycle',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Renouvellement engagé', en: 'Renewal started' },
  data: z.object({ note: freeText.optional() }).strict(),
});

export const previousProjectEvaluated = defineEvent({
  type: 'PreviousProjectEvaluated',
  family: 'lifecycle',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Projet précédent évalué', en: 'Previous project evaluated' },
  data: z.object({ summary: longText }).strict(),
});

export const sharedDiagnosisRecorded = defineEvent({
  type: 'SharedDiagnosisRecorded',
  family: 'lifecycle',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Diagnostic partagé établi', en: 'Shared diagnosis recorded' },
  data: z
    .object({
      summary: freeText,
      coldData: freeText.optional(),
      warmData: freeText.optional(),
    })
    .strict(),
});

export const projectAdoptedByBoard = defineEvent({
  type: 'ProjectAdoptedByBoard',
  family: 'lifecycle',
  streams: project,
  schemaVersion: 1,
  label: { fr: "Projet adopté par le conseil d'administration", en: 'Project adopted by the board' },
  data: z.object({ note: freeText.optional() }).strict(),
});

export const projectSubmittedToCaf = defineEvent({
  type: 'ProjectSubmittedToCaf',
  family: 'lifecycle',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Projet déposé à la CAF', en: 'Project submitted to the CAF' },
  data: z.object({ note: freeText.optional() }).strict(),
});

export const agreementGranted = defineEvent({
  type: 'AgreementGranted',
  family: 'lifecycle',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Agrément accordé', en: 'Agreement granted' },
  data: z.object({ period: periodSchema, decisionRef: label.optional() }).strict(),
});

export const agreementDeferred = defineEvent({
  type: 'AgreementDeferred',
  family: 'lifecycle',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Agrément ajourné', en: 'Agreement deferred' },
  data: z.object({ reason: freeText }).strict(),
});

export const agreementRefused = defineEvent({
  type: 'AgreementRefused',
  family: 'lifecycle',
  streams: project,
  schemaVersion: 1,
  label: { fr: 'Agrément refusé', en: 'Agreement refused' },
  data: z.object({ reason: freeText }).strict(),
});

export const periodClosed = defineEvent({
  type: 'PeriodClosed',
  family: 'lifecycle',
  streams: project,
  schemaVersion: 1,
  label: { fr: "Période d'agrément close", en: 'Period closed' },
  data: z.object({ note: freeText.optional() }).strict(),
});

export const lifecycleEvents = [
  projectOpened,
  renewalStarted,
  previousProjectEvaluated,
  sharedDiagnosisRecorded,
  projectAdoptedByBoard,
  projectSubmittedToCaf,
  agreementGranted,
  agreementDeferred,
  agreementRefused,
  periodClosed,
] as const;
