import { z } from 'zod';
import { freeText } from '../shared/fields.ts';
import { defineEvent } from './define-event.ts';

const anyStream = ['project', 'cohort', 'structure'] as const;

/** Points at an earlier event of the same stream, by version and id (both must match). */
export const entryReference = z
  .object({ version: z.int().min(1), eventId: z.string().min(1).max(128) })
  .strict();

export const entryCorrected = defineEvent({
  type: 'EntryCorrected',
  family: 'audit',
  streams: anyStream,
  schemaVersion: 1,
  label: { fr: 'Saisie corrigée', en: 'Entry corrected' },
  data: z
    .object({
      target: entryReference,
      /** The corrected fields of the target's data; the original stays in the log. */
      changes: z.record(z.string().max(64), z.unknown()),
      reason: freeText,
    })
    .strict(),
});

export const entryRetracted = defineEvent({
  type: 'EntryRetracted',
  family: 'audit',
  streams: anyStream,
  schemaVersion: 1,
  label: { fr: 'Saisie retirée', en: 'Entry retracted' },
  data: z.object({ target: entryReference, reason: freeText }).strict(),
});

export const auditEvents = [entryCorrected, entryRetracted] as const;
