// What every bench that decides commands outside the journal shares: the envelope the journal stamps.
import { type Actor, type DecidedEvent, type EventDraft, eventCatalogue, textPathsOf } from '@chemins/core';

/** Where and by whom a decided event is recorded, as `Journal.execute` would record it. */
export interface DraftEnvelope {
  streamId: string;
  territory: string;
  actor: Actor;
  /** The recording instant (ISO). */
  now: string;
  commandId: string;
  newId: () => string;
}

/** A decided event as the draft `Journal.execute` appends: its envelope, and a salt per free text. */
export function draftOf(event: DecidedEvent, envelope: DraftEnvelope): EventDraft {
  const { streamId, territory, actor, now, commandId, newId } = envelope;
  const paths = textPathsOf(event.type, event.data as Record<string, unknown>);
  return {
    eventId: newId(),
    streamId,
    schemaVersion: eventCatalogue[event.type].schemaVersion,
    occurredAt: event.occurredAt,
    recordedAt: now,
    actor,
    commandId,
    correlationId: commandId,
    causationId: commandId,
    territory,
    type: event.type,
    data: event.data,
    ...(paths.length > 0 && { textSalts: Object.fromEntries(paths.map((path) => [path, newId()])) }),
  } as EventDraft;
}
