import * as z from 'zod';
import { type EventType, eventCatalogue, isEventType } from '../events/catalogue.ts';
import type { JournalEvent } from '../model/envelope.ts';
import { actorSchema } from '../model/roles.ts';

/** Turns the data of one (type, schemaVersion) into the data of the next version. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** Upcasters by type, then by the schemaVersion they read. Empty today: every event is at version 1. */
export type UpcasterRegistry = Partial<Record<EventType, Record<number, Upcaster>>>;

export const upcasters: UpcasterRegistry = {};

const envelopeSchema = z
  .object({
    eventId: z.string().min(1),
    streamId: z.string().min(1),
    version: z.int().min(1),
    type: z.string(),
    schemaVersion: z.int().min(1),
    occurredAt: z.string(),
    recordedAt: z.string(),
    actor: actorSchema,
    commandId: z.string(),
    correlationId: z.string(),
    causationId: z.string(),
    territory: z.string(),
    prevHash: z.string(),
    hash: z.string(),
    data: z.record(z.string(), z.unknown()),
    textSalts: z.record(z.string(), z.string()).optional(),
    erasedTexts: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export interface DecodeOptions {
  upcasters?: UpcasterRegistry;
  /** The current schema version of a type; the catalogue's by default (tests use it to play a future version). */
  currentVersionOf?: (type: EventType) => number;
}

export type DecodeResult = { ok: true; event: JournalEvent } | { ok: false; reason: string };

/**
 * Reads a stored event of any schema version: checks the envelope, upcasts the data step by step
 * to the current version, then validates it. The hash chain is verified on the stored form, before this.
 */
export function decodeEvent(raw: unknown, options: DecodeOptions = {}): DecodeResult {
  const registry = options.upcasters ?? upcasters;
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success)
    return { ok: false, reason: `not an event envelope: ${z.prettifyError(envelope.error)}` };
  const { type } = envelope.data;
  if (!isEventType(type)) return { ok: false, reason: `unknown event type ${type}` };
  const definition = eventCatalogue[type];
  let { schemaVersion, data } = envelope.data;
  const currentVersion = options.currentVersionOf?.(type) ?? definition.schemaVersion;
  while (schemaVersion < currentVersion) {
    const step = registry[type]?.[schemaVersion];
    if (!step) return { ok: false, reason: `no upcaster for ${type} from schema version ${schemaVersion}` };
    data = step(data);
    schemaVersion += 1;
  }
  if (schemaVersion > currentVersion) {
    return { ok: false, reason: `${type} v${schemaVersion} is newer than this code (v${currentVersion})` };
  }
  const parsed = definition.data.safeParse(data);
  if (!parsed.success) return { ok: false, reason: `${type} data: ${z.prettifyError(parsed.error)}` };
  return { ok: true, event: { ...envelope.data, type, schemaVersion, data: parsed.data } as JournalEvent };
}

/**
 * The current schema version of every type, for the check each read event goes through: one lookup in a
 * Map, where the catalogue (an object of some fifty types, built by `Object.fromEntries`) took a keyed
 * load and then one more for the version.
 */
const currentVersions: ReadonlyMap<string, number> = new Map(
  Object.entries(eventCatalogue).map(([type, definition]) => [type, definition.schemaVersion]),
);

/** The fast path of reading: events already at the current version pass as they are; older ones are upcast. */
export function upcastEvent(event: JournalEvent): JournalEvent {
  if (event.schemaVersion === currentVersions.get(event.type)) return event;
  const decoded = decodeEvent(event);
  if (!decoded.ok) throw new TypeError(`cannot read ${event.eventId}: ${decoded.reason}`);
  return decoded.event;
}
