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
 * Commands run one at a time (as the seed does): a nested call is the journal's own follow-up.
 */
export class RecordingJournal extends Journal {
  readonly recorded: RecordedCommand[] = [];
  private depth = 0;

  override async execute(
    streamId: string,
    command: Command,
    options: ExecuteOptions,
  ): Promise<ExecuteResult> {
    // The journal may run follow-up commands itself (an opened project is linked to its structure): those
    // are not sent by a client, and a server's journal runs them too. Record only what the caller sent.
    if (this.depth > 0) return super.execute(streamId, command, options);
    // A copy taken before deciding: what was sent, whatever happens to the object afterwards.
    const sent = structuredClone(command);
    this.depth += 1;
    try {
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
    } finally {
      this.depth -= 1;
    }
  }
}
