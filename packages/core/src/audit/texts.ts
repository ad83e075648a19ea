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
const TEXT_FIELD_NAMES = new Set(
  [...textFields.values()]
    .flat()
    .filter((f) => !f.list)
    .map((f) => f.field),
);

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema as unknown as { def?: { type?: string; innerType?: z.ZodType } };
  while (current.def?.type === 'optional' || current.def?.type === 'default')
    current = current.def.innerType as never;
  return current as unknown as z.ZodType;
}

/**
 * The paths of the free texts an event's data holds: `description`, `decisions.0`, and for a correction
 * `changes.description` and its `reason`. Example: `textPathsOf('CommentAdded', { text: 'Bravo' })` is `['text']`.
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
    const paths = Object.keys(changes)
      .filter((key) => TEXT_FIELD_NAMES.has(key) && typeof changes[key] === 'string')
      .map((key) => `changes.${key}`);
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

/** Reads a text at a path of event data. */
export function textAt(data: Record<string, unknown>, path: string): string | undefined {
  const [head = '', tail] = path.split('.');
  if (typeof data !== 'object' || data === null) return undefined;
  const value = data[head];
  if (tail === undefined) return typeof value === 'string' ? value : undefined;
  const inner = Array.isArray(value)
    ? value[Number(tail)]
    : (value as Record<string, unknown> | undefined)?.[tail];
  return typeof inner === 'string' ? inner : undefined;
}

/** A copy of event data with one text replaced. */
export function withTextAt(
  data: Record<string, unknown>,
  path: string,
  text: string,
): Record<string, unknown> {
  const [head = '', tail] = path.split('.');
  if (typeof data !== 'object' || data === null) return { [path]: text };
  if (tail === undefined) return { ...data, [head]: text };
  const value = data[head];
  if (Array.isArray(value))
    return { ...data, [head]: value.map((item, index) => (index === Number(tail) ? text : item)) };
  return { ...data, [head]: { ...(value as Record<string, unknown>), [tail]: text } };
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
