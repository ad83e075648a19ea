import {
  type Actor,
  type Command,
  DomainError,
  type ExecuteResult,
  Journal,
  type JournalEvent,
  MemoryEventStore,
  readAllEvents,
} from '@chemins/core';

export const director: Actor = { id: 'dir-1', role: 'director' };
export const staff: Actor = { id: 'staff-1', role: 'staff' };
export const volunteer: Actor = { id: 'vol-1', role: 'volunteer' };
export const advisor: Actor = { id: 'caf-1', role: 'caf_advisor' };
export const admin: Actor = { id: 'admin-1', role: 'admin' };

/** When a command happened (`at`, a date: 10:00 UTC that day) and when it was recorded (`recordedAt`, default 18:00 that day). */
export interface When {
  at: string;
  recordedAt?: string;
  actor?: Actor;
}

/**
 * Builds logs through the public API (Journal on a MemoryEventStore), so every event is decided,
 * stamped and hashed as in production.
 */
export function createJourney() {
  const store = new MemoryEventStore();
  const journal = new Journal(store);
  let counter = 0;
  const newId = () => `id-${++counter}`;

  /** Runs a command that must be accepted (a test's "given" must hold). */
  async function run(stream: string, command: Command, when: When): Promise<ExecuteResult> {
    const day = when.at.slice(0, 10);
    const occurredAt = when.at.length === 10 ? `${day}T10:00:00.000Z` : when.at;
    try {
      return await journal.execute(stream, { ...command, occurredAt } as Command, {
        commandId: `cmd-${++counter}`,
        actor: when.actor ?? director,
        now: when.recordedAt ?? `${day}T18:00:00.000Z`,
        newId,
      });
    } catch (error) {
      if (error instanceof DomainError)
        throw new Error(`${command.type} refused: ${error.code} ${error.message}`);
      throw error;
    }
  }

  /** Runs a command that may be refused; returns undefined when it is. */
  async function attempt(
    stream: string,
    command: Command,
    actor: Actor,
    now: string,
  ): Promise<ExecuteResult | undefined> {
    try {
      return await journal.execute(stream, command, { commandId: `cmd-${++counter}`, actor, now, newId });
    } catch (error) {
      if (error instanceof DomainError) return undefined;
      throw error;
    }
  }

  const events = (stream: string): Promise<JournalEvent[]> => readAllEvents(store, stream);

  /** The entry of a stream at which a data field has a value: to point corrections and retractions at it. */
  async function entry(stream: string, type: string, field: string, value: unknown) {
    const found = (await events(stream)).find(
      (event) => event.type === type && (event.data as Record<string, unknown>)[field] === value,
    );
    if (!found) throw new Error(`no ${type} with ${field} = ${String(value)} in ${stream}`);
    return { version: found.version, eventId: found.eventId };
  }

  return { store, journal, run, attempt, events, entry };
}

export type Journey = ReturnType<typeof createJourney>;
