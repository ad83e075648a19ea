import { textAt, textDigest } from '../audit/texts.ts';
import type { Command } from '../commands/catalogue.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { JournalEvent } from '../model/envelope.ts';
import type { EventStore } from '../store/port.ts';
import { copiesOf, type TextCopy } from './erasure-copies.ts';
import type { ExecuteOptions } from './journal.ts';

/** A TextErased event: the record of an erasure, which the journal then carries out. */
export type TextErasedEvent = JournalEvent & { type: 'TextErased' };

/** What carrying out an erasure needs of the journal that recorded it. */
export interface ErasureHost {
  store: EventStore;
  /** A stream's events, upcast, read from the store. */
  eventsOf(streamId: string): Promise<readonly JournalEvent[]>;
  /** Runs a command through the journal: EraseText on a copy. */
  execute(streamId: string, command: Command, options: ExecuteOptions): Promise<unknown>;
  /** Drops a stream the journal keeps: one of its stored events changed. */
  forget(streamId: string): void;
}

/**
 * Carries out an erasure the log holds: the copies of the text in the projects opened from this one are
 * erased (each by its own EraseText there), then the text and its salt leave storage for good.
 * Idempotent: a retry after a crash anywhere in between finishes the work.
 */
export async function carryOutErasure(
  host: ErasureHost,
  erasure: TextErasedEvent,
  options: ExecuteOptions,
): Promise<void> {
  const { target, path } = erasure.data;
  const page = await host.store.readStream(erasure.streamId, {
    fromVersion: target.version,
    toVersion: target.version,
  });
  const stored = page.events[0];
  if (!stored || stored.eventId !== target.eventId || stored.erasedTexts?.[path] !== undefined) return;
  const salt = stored.textSalts?.[path];
  if (salt === undefined) return;
  const text = textAt(stored.data as Record<string, unknown>, path) ?? '';
  // The copies first: they are found by the text, which is gone once the original is erased.
  const erased = { streamId: erasure.streamId, version: target.version, path, text };
  for (const copy of await copiesOf(host.store, erased, host.eventsOf))
    await eraseCopy(host, copy, erasure, options);
  await host.store.eraseText(erasure.streamId, target.version, path, await textDigest(salt, text));
  host.forget(erasure.streamId);
}

/** The TextErased event a stream holds for what an EraseText command asks to erase, if any. */
export function recordedErasure(
  events: readonly JournalEvent[],
  command: Extract<Command, { type: 'EraseText' }>,
): TextErasedEvent | undefined {
  return events.findLast(
    (event): event is TextErasedEvent =>
      event.type === 'TextErased' &&
      event.data.path === command.path &&
      event.data.target.version === command.target.version &&
      event.data.target.eventId === command.target.eventId,
  );
}

/** Erases a copy of an erased text, as the same actor, pointing at the original erasure. */
async function eraseCopy(
  host: ErasureHost,
  copy: TextCopy,
  erasure: TextErasedEvent,
  options: ExecuteOptions,
): Promise<void> {
  const { target, path } = erasure.data;
  try {
    await host.execute(
      copy.streamId,
      {
        type: 'EraseText',
        target: copy.target,
        path: copy.path,
        reason: `Copie d’un texte effacé dans ${erasure.streamId} (version ${target.version}, ${path}) : voir l’effacement ${erasure.eventId}.`,
      },
      {
        commandId: `${erasure.commandId}:copy:${copy.streamId}:${copy.target.version}:${copy.path}`,
        actor: erasure.actor,
        now: options.now,
        newId: options.newId,
        correlationId: erasure.correlationId,
        causationId: erasure.eventId,
      },
    );
  } catch (error) {
    // Someone erased that copy already (the journal finished it before saying so).
    if (!(error instanceof DomainError && error.code === 'TEXT_ALREADY_ERASED')) throw error;
  }
}
