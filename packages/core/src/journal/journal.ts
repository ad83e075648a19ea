import { textAt, textDigest, textPathsOf } from '../audit/texts.ts';
import type { Command } from '../commands/catalogue.ts';
import { type DecidedEvent, type DecisionContext, decide } from '../decider/decide.ts';
import { fold } from '../decider/evolve.ts';
import type { JourneyState } from '../decider/state.ts';
import { DomainError } from '../errors/domain-error.ts';
import { DuplicateCommand, WrongExpectedVersion } from '../errors/store-errors.ts';
import { eventCatalogue } from '../events/catalogue.ts';
import type { EventDraft, JournalEvent } from '../model/envelope.ts';
import type { Actor } from '../model/roles.ts';
import { streamId as streamIdOf } from '../model/stream-id.ts';
import { streamSummary } from '../projections/stream-summary.ts';
import { upcastEvent } from '../schema-evolution/upcasters.ts';
import { canonicalJson } from '../shared/canonical-json.ts';
import { sha256Hex } from '../shared/sha256.ts';
import { toInstant } from '../shared/time.ts';
import type { AppendResult, EventStore } from '../store/port.ts';
import { readAllEvents } from '../store/read-all.ts';

export interface ExecuteOptions {
  /** Pins the version the caller saw (HTTP If-Match); without it, conflicts are retried by deciding again. */
  expectedVersion?: number | 'no_stream';
  /** Makes the command idempotent (HTTP Idempotency-Key). */
  commandId: string;
  actor: Actor;
  /** The current instant (ISO). */
  now: string;
  newId: () => string;
  correlationId?: string;
  causationId?: string;
}

export interface ExecuteResult extends AppendResult {
  state: JourneyState;
}

/** How many times a conflicting, unpinned command is decided again before giving up. */
const MAX_ATTEMPTS = 20;

/**
 * Runs commands against a store: load, decide, stamp the envelope, append; on a version conflict
 * decide again (unless the caller pinned the version). Throws DomainError or the store's errors.
 */
export class Journal {
  constructor(private readonly store: EventStore) {}

  /** The state of a stream, folded from its whole log. */
  async load(streamId: string): Promise<{ state: JourneyState; events: JournalEvent[] }> {
    const events = (await readAllEvents(this.store, streamId)).map(upcastEvent);
    return { state: fold(events), events };
  }

  async execute(streamId: string, command: Command, options: ExecuteOptions): Promise<ExecuteResult> {
    const fingerprint = await sha256Hex(canonicalJson({ streamId, command }));
    for (let attempt = 1; ; attempt++) {
      const { state } = await this.load(streamId);
      if (options.expectedVersion !== undefined) {
        const actual = state.version;
        const expected = options.expectedVersion;
        if (
          (expected === 'no_stream' && actual !== 0) ||
          (typeof expected === 'number' && expected !== actual)
        ) {
          const replay = await this.replay(options.commandId, fingerprint);
          if (replay) return replay;
          throw new WrongExpectedVersion(streamId, expected, actual);
        }
      }
      const context: DecisionContext = {
        actor: options.actor,
        now: options.now,
        newId: options.newId,
        ...(command.type === 'OpenNextProject'
          ? { previousProject: (await this.load(streamIdOf('project', command.previousProjectId))).state }
          : {}),
      };
      const decided = decide(command, state, context);
      if (decided instanceof DomainError) {
        // A retried command may have succeeded already: answer as the first time did.
        const replay = await this.replay(options.commandId, fingerprint);
        if (replay) return replay;
        throw decided;
      }
      const territory = state.territory ?? openingTerritory(decided);
      const drafts: EventDraft[] = decided.map(
        (event) =>
          ({
            eventId: options.newId(),
            streamId,
            schemaVersion: eventCatalogue[event.type].schemaVersion,
            occurredAt: event.occurredAt,
            recordedAt: toInstant(options.now),
            actor: options.actor,
            commandId: options.commandId,
            correlationId: options.correlationId ?? options.commandId,
            causationId: options.causationId ?? options.commandId,
            territory,
            type: event.type,
            data: event.data,
            ...saltsFor(event, options.newId),
          }) as EventDraft,
      );
      const summary = streamSummary(streamId, afterAppend(state, drafts));
      let result: AppendResult;
      try {
        result = await this.store.append(streamId, drafts, {
          expectedVersion: state.version === 0 ? 'no_stream' : state.version,
          commandId: options.commandId,
          fingerprint,
          ...(summary ? { summary } : {}),
        });
      } catch (error) {
        const retry =
          error instanceof WrongExpectedVersion &&
          options.expectedVersion === undefined &&
          attempt < MAX_ATTEMPTS;
        if (retry) continue;
        throw error;
      }
      for (const event of result.events) if (event.type === 'TextErased') await this.eraseStoredText(event);
      const opened = result.events.find((event) => event.type === 'ProjectOpened');
      if (opened?.type === 'ProjectOpened') await this.linkToStructure(opened, options);
      return {
        ...result,
        state: result.replayed ? (await this.load(streamId)).state : fold(result.events, state),
      };
    }
  }

  /**
   * Records the new project on its structure's stream (LinkProject), so the structure's history and the
   * dashboard find it. A second append, idempotent by a derived command id: a retry completes it.
   */
  private async linkToStructure(
    opened: JournalEvent & { type: 'ProjectOpened' },
    options: ExecuteOptions,
  ): Promise<void> {
    const { projectId, structureId, plannedPeriod, title } = opened.data;
    const { expectedVersion: _pinned, ...rest } = options;
    try {
      await this.execute(
        streamIdOf('structure', structureId),
        {
          type: 'LinkProject',
          projectId,
          plannedStart: plannedPeriod.start,
          plannedEnd: plannedPeriod.end,
          title,
          occurredAt: opened.occurredAt,
        },
        { ...rest, commandId: `${options.commandId}:link` },
      );
    } catch (error) {
      // Embedders may keep no structure streams; an existing link is already what we want.
      const harmless = ['STREAM_NOT_OPENED', 'ALREADY_EXISTS'];
      if (!(error instanceof DomainError && harmless.includes(error.code))) throw error;
    }
  }

  /** Carries out an erasure the log has just recorded: the text and its salt leave storage for good. */
  private async eraseStoredText(erasure: JournalEvent & { type: 'TextErased' }): Promise<void> {
    const { target, path } = erasure.data;
    const page = await this.store.readStream(erasure.streamId, {
      fromVersion: target.version,
      toVersion: target.version,
    });
    const stored = page.events[0];
    if (!stored || stored.erasedTexts?.[path] !== undefined) return;
    const salt = stored.textSalts?.[path];
    if (salt === undefined) return;
    await this.store.eraseText(
      erasure.streamId,
      target.version,
      path,
      await textDigest(salt, textAt(stored.data as Record<string, unknown>, path) ?? ''),
    );
  }

  private async replay(commandId: string, fingerprint: string): Promise<ExecuteResult | undefined> {
    const record = await this.store.findCommand(commandId);
    if (!record) return undefined;
    if (record.fingerprint !== fingerprint) throw new DuplicateCommand(commandId);
    const { state, events } = await this.load(record.streamId);
    return {
      streamId: record.streamId,
      fromVersion: record.fromVersion,
      toVersion: record.toVersion,
      positions: record.positions,
      events: events.slice(record.fromVersion - 1, record.toVersion),
      replayed: true,
      state,
    };
  }
}

/** A random salt per free text, so each can later be erased without breaking the chain. */
function saltsFor(event: DecidedEvent, newId: () => string): { textSalts?: Record<string, string> } {
  const paths = textPathsOf(event.type, event.data as Record<string, unknown>);
  return paths.length === 0 ? {} : { textSalts: Object.fromEntries(paths.map((path) => [path, newId()])) };
}

/** The state once drafts are appended: the summary the store keeps must describe it. */
function afterAppend(state: JourneyState, drafts: readonly EventDraft[]): JourneyState {
  return fold(
    drafts.map(
      (draft, index) =>
        ({ ...draft, version: state.version + index + 1, prevHash: '', hash: '' }) as JournalEvent,
    ),
    state,
  );
}

/** A new stream takes its territory from the event that opens it. */
function openingTerritory(decided: readonly { data: unknown }[]): string {
  const data = decided[0]?.data as { territory?: unknown } | undefined;
  return typeof data?.territory === 'string' ? data.territory : '';
}
