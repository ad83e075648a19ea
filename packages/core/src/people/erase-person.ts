import { DomainError } from '../errors/domain-error.ts';
import { DuplicateCommand } from '../errors/store-errors.ts';
import type { Journal } from '../journal/journal.ts';
import type { Actor } from '../model/roles.ts';
import type { EventStore } from '../store/port.ts';
import { readWholeLedger } from '../store/read-all.ts';
import type { PersonDirectory } from './directory.ts';

export interface PersonErasure {
  actorId: string;
  directoryEntryErased: boolean;
  /** Every text erased: its stream, version and path. */
  erasedTexts: { streamId: string; version: number; path: string }[];
}

/**
 * Answers an erasure request: forgets the person's directory entry and erases every free text they
 * authored in the given territories, each through an EraseText command (so each erasure is itself in the
 * log, without the text), which also erases the copies renewal made of it in the next projects.
 * Idempotent: running it again erases nothing more, and finishes what a crash left half done (a text
 * whose erasure the log records, still in storage): the journal carries the recorded erasure out again
 * before answering TEXT_ALREADY_ERASED or replaying the command.
 */
export async function erasePerson(
  deps: { store: EventStore; journal: Journal; directory: PersonDirectory },
  request: {
    actorId: string;
    territories: readonly string[];
    reason: string;
    actor: Actor;
    now: string;
    newId: () => string;
  },
): Promise<PersonErasure> {
  const erasedTexts: PersonErasure['erasedTexts'] = [];
  for (const territory of request.territories) {
    for (const { event } of await readWholeLedger(deps.store, territory)) {
      if (event.actor.id !== request.actorId) continue;
      for (const path of Object.keys(event.textSalts ?? {})) {
        const command = {
          type: 'EraseText' as const,
          target: { version: event.version, eventId: event.eventId },
          path,
          reason: request.reason,
        };
        const commandId = `erase-person:${request.actorId}:${event.eventId}:${path}`;
        const options = { actor: request.actor, now: request.now, newId: request.newId };
        try {
          await deps.journal.execute(event.streamId, command, { ...options, commandId });
          erasedTexts.push({ streamId: event.streamId, version: event.version, path });
        } catch (error) {
          // Erased already: by someone else (TEXT_ALREADY_ERASED), or by an earlier request for this person
          // with another reason (DuplicateCommand: its id is this one). Either way the journal has first
          // finished that erasure, had it stopped before the text left storage.
          const done =
            error instanceof DuplicateCommand ||
            (error instanceof DomainError && error.code === 'TEXT_ALREADY_ERASED');
          if (!done) throw error;
        }
      }
    }
  }
  const directoryEntryErased = await deps.directory.erase(request.actorId);
  return { actorId: request.actorId, directoryEntryErased, erasedTexts };
}
