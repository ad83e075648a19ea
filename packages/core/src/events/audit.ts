import * as z from 'zod';
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

/** A free text erased under the GDPR: the event says who, when and why, and holds no copy of the text. */
export const textErased = defineEvent({
  type: 'TextErased',
  family: 'audit',
  streams: anyStream,
  schemaVersion: 1,
  label: { fr: 'Texte effacé (RGPD)', en: 'Text erased (GDPR)' },
  data: z
    .object({
      target: entryReference,
      /** The path of the text in the target's data: `description`, `decisions.0`, `changes.decisions.0`. */
      path: z.string().regex(/^[A-Za-z]+(\.[A-Za-z0-9]+){0,2}$/, 'a text path such as "description"'),
      reason: freeText,
    })
    .strict(),
});

export const auditEvents = [entryCorrected, entryRetracted, textErased] as const;
