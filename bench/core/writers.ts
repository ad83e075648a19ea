// The two ways a generated log's commands are run: through the Journal (as the API does), or decided
// in memory and appended in bulk (for logs too long to write command by command).
import {
  type Actor,
  applyInPlace,
  type Command,
  commandSchema,
  DomainError,
  decide,
  type EventDraft,
  type EventStore,
  initialState,
  type Journal,
  type JournalEvent,
  type JourneyState,
} from '@chemins/core';
import { draftOf } from '../support/drafts.ts';

const HOUR_MS = 3_600_000;

/** Runs one command of a generated log: returns the events it recorded, as stored (versioned). */
export interface CommandRunner {
  run(
    streamId: string,
    actor: Actor,
    occurredAt: number,
    command: Record<string, unknown>,
  ): Promise<JournalEvent[]>;
}

/** Deterministic ids: a prefix and a counter, which a replay can resume from. */
export class Ids {
  private n: number;
  readonly next = () => `${this.prefix}${(++this.n).toString(36)}`;

  constructor(
    readonly prefix: string,
    start = 0,
  ) {
    this.n = start;
  }

  get count(): number {
    return this.n;
  }
}

/** Runs commands through a Journal as a structure's people would: validated, decided, appended. */
export class LogWriter implements CommandRunner {
  private commands = 0;
  readonly newId: () => string;

  constructor(
    readonly journal: Journal,
    private readonly prefix = 'g',
    ids = new Ids(prefix),
  ) {
    this.newId = ids.next;
  }

  /** One command, validated by the command schema (as the API does), recorded two hours after it happened. */
  async run(
    streamId: string,
    actor: Actor,
    occurredAt: number,
    command: Record<string, unknown>,
  ): Promise<JournalEvent[]> {
    const at = new Date(occurredAt).toISOString();
    const parsed = commandSchema.parse({ ...command, occurredAt: at }) as Command;
    const result = await this.journal.execute(streamId, parsed, {
      commandId: `${this.prefix}-cmd-${++this.commands}`,
      actor,
      now: new Date(occurredAt + 2 * HOUR_MS).toISOString(),
      newId: this.newId,
    });
    return result.events;
  }
}

/**
 * Runs commands the way `Journal.execute` decides and stamps them (same validation, decider, envelope
 * and text salts), keeping each stream's state in memory and its drafts for a bulk append afterwards:
 * no hashing, no store, no stream summary per command. For logs too long to write command by command.
 */
export class DraftWriter implements CommandRunner {
  private commands = 0;
  readonly streams = new Map<string, { state: JourneyState; drafts: EventDraft[] }>();
  readonly ids: Ids;
  readonly newId: () => string;

  constructor(private readonly prefix = 'd') {
    this.ids = new Ids(prefix);
    this.newId = this.ids.next;
  }

  async run(
    streamId: string,
    actor: Actor,
    occurredAt: number,
    command: Record<string, unknown>,
  ): Promise<JournalEvent[]> {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = { state: initialState(), drafts: [] };
      this.streams.set(streamId, stream);
    }
    const at = new Date(occurredAt).toISOString();
    const now = new Date(occurredAt + 2 * HOUR_MS).toISOString();
    const parsed = commandSchema.parse({ ...command, occurredAt: at }) as Command;
    const context = {
      actor,
      now,
      newId: this.newId,
      ...(parsed.type === 'OpenNextProject'
        ? {
            previousProject: this.streams.get(`project:${parsed.previousProjectId}`)?.state ?? initialState(),
          }
        : {}),
    };
    const decided = decide(parsed, stream.state, context);
    if (decided instanceof DomainError) throw new Error(`${streamId}: ${decided.code} ${decided.message}`);
    const commandId = `${this.prefix}-cmd-${++this.commands}`;
    const territory =
      stream.state.territory ??
      String((decided[0]?.data as { territory?: string } | undefined)?.territory ?? '');
    const events: JournalEvent[] = [];
    for (const event of decided) {
      const draft = draftOf(event, { streamId, territory, actor, now, commandId, newId: this.newId });
      stream.drafts.push(draft);
      const stored = { ...draft, version: stream.state.version + 1, prevHash: '', hash: '' } as JournalEvent;
      applyInPlace(stream.state, stored);
      events.push(stored);
    }
    return events;
  }

  /** Appends every stream's drafts to a store, `batch` events per append (hashed and chained by the store). */
  async appendTo(store: EventStore, batch = 1_000): Promise<void> {
    for (const [streamId, { drafts }] of this.streams) {
      for (let from = 0; from < drafts.length; from += batch) {
        await store.append(streamId, drafts.slice(from, from + batch), {
          expectedVersion: from === 0 ? 'no_stream' : from,
          commandId: `${this.prefix}-bulk-${streamId}-${from}`,
        });
      }
    }
  }
}
