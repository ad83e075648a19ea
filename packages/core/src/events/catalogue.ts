import type * as z from 'zod';
import type { StreamKind } from '../model/stream-id.ts';
import { auditEvents } from './audit.ts';
import { cohortEvents } from './cohort.ts';
import type { EventDefinition } from './define-event.ts';
import { journeyEvents } from './journey.ts';
import { lifecycleEvents } from './lifecycle.ts';
import { structureEvents } from './structure.ts';
import { visionEvents } from './vision.ts';

const all = [
  ...lifecycleEvents,
  ...visionEvents,
  ...journeyEvents,
  ...auditEvents,
  ...structureEvents,
  ...cohortEvents,
];

type AllDefinitions = (typeof all)[number];

/** Every event type of the catalogue. */
export type EventType = AllDefinitions['type'];

/** The data of each event type, inferred from its zod schema. */
export type EventDataMap = { [D in AllDefinitions as D['type']]: z.infer<D['data']> };

/** A domain event: a type and its data, discriminated by `type`. */
export type DomainEvent = { [K in EventType]: { type: K; data: EventDataMap[K] } }[EventType];

/** The catalogue, by type. */
export const eventCatalogue: Readonly<Record<EventType, EventDefinition<EventType>>> = Object.fromEntries(
  all.map((definition) => [definition.type, definition]),
) as unknown as Record<EventType, EventDefinition<EventType>>;

export const eventTypes = Object.keys(eventCatalogue) as EventType[];

/** Whether a string names an event type of the catalogue. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalogue, type);
}

/** The French or English label of an event type. Example: `eventLabel('DifficultyReported')` is `'Difficulté signalée'`. */
export function eventLabel(type: EventType, lang: 'fr' | 'en' = 'fr'): string {
  return eventCatalogue[type].label[lang];
}

/** The event types a stream kind may hold. */
export function eventTypesFor(kind: StreamKind): EventType[] {
  return eventTypes.filter((type) => eventCatalogue[type].streams.includes(kind));
}
