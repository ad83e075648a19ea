import * as z from 'zod';
import { calendarDate, entityId, label, territoryCode } from '../shared/fields.ts';
import { defineEvent } from './define-event.ts';

const structure = ['structure'] as const;

export const managingBodies = ['association', 'commune', 'ccas', 'epci', 'other'] as const;

export const structureRegistered = defineEvent({
  type: 'StructureRegistered',
  family: 'structure',
  streams: structure,
  schemaVersion: 1,
  label: { fr: 'Structure enregistrée', en: 'Structure registered' },
  data: z
    .object({
      structureId: entityId,
      name: label,
      kind: z.enum(['centre_social', 'evs']),
      managingBody: z.enum(managingBodies),
      territory: territoryCode,
    })
    .strict(),
});

export const projectLinked = defineEvent({
  type: 'ProjectLinked',
  family: 'structure',
  streams: structure,
  schemaVersion: 1,
  label: { fr: 'Projet social rattaché', en: 'Project linked' },
  data: z
    .object({ projectId: entityId, plannedStart: calendarDate, plannedEnd: calendarDate, title: label })
    .strict(),
});

export const structureEvents = [structureRegistered, projectLinked] as const;
