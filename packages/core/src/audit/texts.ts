import type * as z from 'zod';
import { type EventType, eventCatalogue } from '../events/catalogue.ts';
import { freeText, longText } from '../shared/fields.ts';
import { sha256Hex } from '../shared/sha256.ts';

/** What views show in place of an erased text. */
export const ERASED_TEXT = '[effacé]';

const isText = (schema: unknown) => schema === freeText || schema === longText;

/** The free-text fields of each event type (descriptions, rationales, stories, comments…): they may name people. */
const textFields = new Map<EventType, { field: string; list: boolean }[]>();
for (const [type, definition] of Object.entries(eventCatalogue) as [EventType, { data: z.ZodType }][]) {
  const shape = (definition.data as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  const fields: { field: string; list: boolean }[] = [];
  for (const [field, schema] of Object.entries(shape)) {
    const inner = unwrap(schema);
    if (isText(inner)) fields.push({ field, list: false });
    else if (
      (inner as { def?: { type?: string } }).def?.type === 'array' &&
      isText(unwrap((inner as unknown as { element: z.ZodType }).element))
    ) {
      fields.push({ field, list: true });
    }
  }
  textFields.set(type, fields);
}
const allTextFields = [...textFields.values()].flat();
/** Free-text field names, for a correction's `changes`: a text (`description`) or a list of texts (`decisions`). */
const TEXT_FIELD_NAMES = new Set(allTextFields.filter((f) => !f.list).map((f) => f.field));
const TEXT_LIST_NAMES = new Set(allTextFields.filter((f) => f.list).map((f) => f.field));

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema as unknown as { def?: { type?: string; innerType?: z.ZodType } };
  while (current.def?.type === 'optional' || current.def?.type === 'default')
    current = current.def.innerType as never;
  return current as unknown as z.ZodType;
}

/**
 * The paths of the free texts an event's data holds: `description`, `decisions.0`, and for a correction
 * `changes.description`, `changes.decisions.0` and its `reason`. Example: `textPathsOf('CommentAdded', { text: 'Bravo' })` is `['text']`.
 *
 * These paths get a salt when an event is recorded; a stored event hashes the texts its own `textSalts`
 * name, never what this function says today. So a path added here (a correction's `reason` was) makes
 * texts recorded from then on erasable, and leaves every stored event, and its hash, as it was: a
 * correction recorded before keeps its reason unsalted, hashed in clear, and EraseText refuses it
 * (UNKNOWN_TEXT), since erasing it would break the chain. No new schema version is needed.
 */
export function textPathsOf(type: EventType, data: Record<string, unknown>): string[] {
  if (type === 'EntryCorrected') {
    const changes = (data.changes ?? {}) as Record<string, unknown>;
    const paths: string[] = [];
    for (const [key, value] of Object.entries(changes)) {
      if (TEXT_FIELD_NAMES.has(key) && typeof value === 'string') paths.push(`changes.${key}`);
      if (TEXT_LIST_NAMES.has(key) && Array.isArray(value)) {
        for (const [index, item] of value.entries())
          if (typeof item === 'string') paths.push(`changes.${key}.${index}`);
      }
    }
    // Why an entry was corrected is free text too ("Mme Martin avait mal été nommée").
    if (typeof data.reason === 'string') paths.push('reason');
    return paths;
  }
  const paths: string[] = [];
  for (const { field, list } of textFields.get(type) ?? []) {
    const value = data[field];
    if (!list && typeof value === 'string') paths.push(field);
    if (list && Array.isArray(value)) {
      for (const [index, item] of value.entries())
        if (typeof item === 'string') paths.push(`${field}.${index}`);
    }
  }
  return paths;
}

/** Reads a text at a path of event data: `description`, `decisions.0`, `changes.decisions.0`. */
export function textAt(data: Record<string, unknown>, path: string): string | undefined {
  let value: unknown = data;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = Array.isArray(value) ? value[Number(segment)] : (value as Record<string, unknown>)[segment];
  }
  return typeof value === 'string' ? value : undefined;
}

/** A copy of event data with one text replaced (the objects and lists on its path copied, nothing else). */
export function withTextAt(
  data: Record<string, unknown>,
  path: string,
  text: string,
): Record<string, unknown> {
  return replacedAt(data, path.split('.'), text) as Record<string, unknown>;
}

function replacedAt(value: unknown, [segment = '', ...rest]: string[], text: string): unknown {
  const inner = (current: unknown) => (rest.length === 0 ? text : replacedAt(current, rest, text));
  if (Array.isArray(value))
    return value.map((item, index) => (index === Number(segment) ? inner(item) : item));
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return { ...record, [segment]: inner(record[segment]) };
}

/** The salted digest a hash covers instead of the text itself, so that erasing the text keeps the chain whole. */
export function textDigest(salt: string, text: string): Promise<string> {
  return sha256Hex(`${salt}\u0000${text}`);
}

/**
 * The stored form of an event once one of its texts is erased: the text reads "[effacé]", its salt is
 * gone, its digest stays (so the hash still verifies). Adapters persist this in place of the event.
 */
export function withErasedText<
  E extends { data: unknown; textSalts?: Record<string, string>; erasedTexts?: Record<string, string> },
>(event: E, path: string, digest: string): E {
  const { [path]: _gone, ...salts } = event.textSalts ?? {};
  return {
    ...event,
    data: withTextAt(event.data as Record<string, unknown>, path, ERASED_TEXT),
    textSalts: salts,
    erasedTexts: { ...event.erasedTexts, [path]: digest },
  };
}
