import {
  type Actor,
  type Command,
  type ExecuteOptions,
  type ExecuteResult,
  Journal,
  type JournalEvent,
} from '@chemins/core';

/** One command as the seed ran it through the journal. */
export interface RecordedCommand {
  streamId: string;
  command: Command;
  actor: Actor;
  /** The decision instant the seed used (its own clock, not the server's). */
  now: string;
  commandId: string;
  /** The stream version the command was decided on (0 for the opening command). */
  versionBefore: number;
  /** The events it appended, as the store returned them. */
  events: JournalEvent[];
}

/**
 * A Journal that records every command executed through it, then forwards to the real one.
 * `seedLotScenario(journal)` only calls `journal.execute`, so this makes the seed's command list observable.
 */
export class RecordingJournal extends Journal {
  readonly recorded: RecordedCommand[] = [];

  override async execute(
    streamId: string,
    command: Command,
    options: ExecuteOptions,
  ): Promise<ExecuteResult> {
    // A copy taken before deciding: what was sent, whatever happens to the object afterwards.
    const sent = structuredClone(command);
    const result = await super.execute(streamId, command, options);
    this.recorded.push({
      streamId,
      command: sent,
      actor: options.actor,
      now: options.now,
      commandId: options.commandId,
      versionBefore: result.fromVersion - 1,
      events: structuredClone(result.events),
    });
    return result;
  }
}
