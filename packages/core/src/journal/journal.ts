import { textPathsOf } from '../audit/texts.ts';
import type { Command } from '../commands/catalogue.ts';
import { commandCatalogue } from '../commands/catalogue.ts';
import { type DecidedEvent, type DecisionContext, decide } from '../decider/decide.ts';
import { applyInPlace, fold } from '../decider/evolve.ts';
import { initialState, type JourneyState } from '../decider/state.ts';
import { DomainError } from '../errors/domain-error.ts';
import { DuplicateCommand, WrongExpectedVersion } from '../errors/store-errors.ts';
import { eventCatalogue } from '../events/catalogue.ts';
import type { EventDraft, JournalEvent } from '../model/envelope.ts';
import type { Actor } from '../model/roles.ts';
import { parseStreamId, streamId as streamIdOf } from '../model/stream-id.ts';
import { streamSummary } from '../projections/stream-summary.ts';
import { toInstant } from '../shared/time.ts';
import { commandFingerprint, legacyFingerprint, textDigestsOf } from '../store/fingerprint.ts';
import type { AppendResult, CommandRecord, EventStore } from '../store/port.ts';
import { carryOutErasure, type ErasureHost, recordedErasure } from './carry-out-erasure.ts';
import { checkCommand } from './command-check.ts';
import {
  type CachedStream,
  loadStream,
  readFrom,
  StreamCache,
  type StreamCacheOptions,
  sharedCacheOf,
} from './stream-cache.ts';

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
  /** The stream's state after the command (folded when first read: a command that does not read it pays nothing). */
  state: JourneyState;
}

export interface JournalOptions {
  /**
   * Where the latest state of hot streams is kept between commands. By default, a cache shared by every
   * journal on the same store object (so a journal made per request still finds it warm); a
   * `StreamCache` of your own, or options for a private one; `false` reads and folds the whole stream
   * before every command, as the journal once did.
   */
  cache?: StreamCache | StreamCacheOptions | false;
}

/** How many times a conflicting, unpinned command is decided again before giving up. */
const MAX_ATTEMPTS = 20;

/** A stream in hand for one command. `fresh`: read from the store during this command, not taken from the cache. */
interface Held {
  stream: CachedStream;
  fresh: boolean;
}

/** What running a command under its stream's turn gives back: the result, and whether follow-ups apply. */
interface Outcome {
  result: ExecuteResult;
  /** Whether to link an opened project: for results the append gave, replayed or not. */
  followUps: boolean;
}

/**
 * Runs commands against a store: load, decide, stamp the envelope, append; on a version conflict
 * decide again (unless the caller pinned the version). Throws DomainError or the store's errors.
 *
 * Hot streams cost one round trip per command: their latest state and version stay in the process
 * (see `StreamCache`), the command is decided on it and appended with that version as its expectation.
 * If another writer moved the stream meanwhile, the store refuses the append; the journal reads the
 * events it missed, and decides again (or throws WrongExpectedVersion for a pinned version).
 */
export class Journal {
  private readonly cache: StreamCache | undefined;

  constructor(
    private readonly store: EventStore,
    options: JournalOptions = {},
  ) {
    const { cache } = options;
    this.cache =
      cache === false
        ? undefined
        : cache instanceof StreamCache
          ? cache
          : cache === undefined
            ? sharedCacheOf(store)
            : new StreamCache(cache);
  }

  /** The state of a stream, folded from its whole log (read from the store: never the cache). */
  async load(streamId: string): Promise<{ state: JourneyState; events: JournalEvent[] }> {
    const { state, events } = await loadStream(this.store, streamId);
    return { state, events };
  }

  /**
   * The events of a stream (upcast) and their fold, for views. A kept stream costs one read of the events
   * it missed (usually none); any other is read whole, in 1,000-event pages, and kept. The events are
   * shared with the cache: read them, never change them. The state is folded when first read.
   */
  async read(streamId: string): Promise<{ state: JourneyState; events: JournalEvent[] }> {
    const cache = this.cache;
    if (!cache) return this.load(streamId);
    const events = await cache.exclusive(streamId, async () => {
      const kept = cache.get(streamId);
      const { stream } = kept
        ? await this.catchUp(streamId, kept)
        : { stream: await loadStream(this.store, streamId) };
      if (stream.events.length > 0) cache.remember(streamId, stream);
      return stream.events.slice();
    });
    let state: JourneyState | undefined;
    return {
      events,
      get state() {
        state ??= fold(events);
        return state;
      },
    };
  }

  /**
   * Runs one command on one stream. The stream id and the command are checked first (DomainError
   * INVALID_STREAM_ID, WRONG_STREAM_KIND, INVALID_COMMAND, STREAM_ID_MISMATCH): nothing else is recorded.
   */
  async execute(streamId: string, command: Command, options: ExecuteOptions): Promise<ExecuteResult> {
    const valid = checkCommand(streamId, command);
    if (valid instanceof DomainError) throw valid;
    const request: Request = { streamId, command: valid, raw: command };
    const run = () => this.run(request, options);
    const { result, followUps } = this.cache ? await this.cache.exclusive(streamId, run) : await run();
    if (followUps) {
      // After the stream's turn: linking runs a command on the structure's stream.
      const opened = result.events.find((event) => event.type === 'ProjectOpened');
      if (opened?.type === 'ProjectOpened') await this.linkToStructure(opened, options);
    }
    return result;
  }

  private async run(request: Request, options: ExecuteOptions): Promise<Outcome> {
    const { streamId, command } = request;
    let held = await this.hold(streamId, command, options.expectedVersion);
    for (let attempt = 1; ; attempt++) {
      const { state } = held.stream;
      if (options.expectedVersion !== undefined) {
        const actual = state.version;
        const expected = options.expectedVersion;
        if (
          (expected === 'no_stream' && actual !== 0) ||
          (typeof expected === 'number' && expected !== actual)
        ) {
          // The kept state may be behind the caller: ask the store before saying they are wrong.
          if (!held.fresh) {
            held = await this.catchUp(streamId, held.stream);
            continue;
          }
          const replay = await this.replay(request, options);
          if (replay) return { result: replay, followUps: false };
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
        // A refusal must come from the stream as it is, not as this process last saw it.
        if (!held.fresh) {
          held = await this.catchUp(streamId, held.stream);
          continue;
        }
        // An erasure recorded before its text left storage (a crash between the two): finish it now.
        if (decided.code === 'TEXT_ALREADY_ERASED' && command.type === 'EraseText') {
          const recorded = recordedErasure(held.stream.events, command);
          if (recorded) await carryOutErasure(this.erasureHost(), recorded, options);
        }
        // A retried command may have succeeded already: answer as the first time did.
        const replay = await this.replay(request, options);
        if (replay) return { result: replay, followUps: false };
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
      // Over the command with its texts by their salted digests: erasing a text leaves nothing to guess it by.
      const fingerprint = await commandFingerprint(streamId, command, await textDigestsOf(drafts));
      const before = state.version;
      let result: AppendResult;
      try {
        // The summary the store keeps must describe the state once the drafts are appended: fold them
        // into the kept state now (undone below if the append fails).
        for (const [index, draft] of drafts.entries())
          applyInPlace(state, {
            ...draft,
            version: before + index + 1,
            prevHash: '',
            hash: '',
          } as JournalEvent);
        const summary = streamSummary(streamId, state);
        result = await this.store.append(streamId, drafts, {
          expectedVersion: before === 0 ? 'no_stream' : before,
          commandId: options.commandId,
          fingerprint,
          ...(summary ? { summary } : {}),
        });
      } catch (error) {
        undo(held.stream);
        if (error instanceof WrongExpectedVersion) {
          if (options.expectedVersion === undefined && attempt < MAX_ATTEMPTS) {
            held = await this.catchUp(streamId, held.stream);
            continue;
          }
          if (options.expectedVersion !== undefined) {
            const replay = await this.replay(request, options);
            if (replay) return { result: replay, followUps: false };
          }
        }
        if (error instanceof DuplicateCommand) {
          // Texts are salted afresh at each attempt, so a retry's fingerprint differs from the first:
          // compare with the salts the first attempt recorded. Like the store's replay, follow-ups apply.
          const replay = await this.replay(request, options);
          if (replay) return { result: replay, followUps: true };
        }
        throw error;
      }
      let stream = held.stream;
      if (result.replayed) {
        // The store answered with an earlier append of this command: the drafts were not appended.
        undo(stream);
        stream = (await this.catchUp(streamId, stream)).stream;
      } else {
        // The drafts are in the kept state already; the stored events are the same events, versioned and hashed.
        for (const event of result.events) stream.events.push(event);
      }
      const version = stream.state.version;
      const erasures = result.events.filter((event) => event.type === 'TextErased');
      // An erased text leaves the stored event changed: the next command reads the stream afresh.
      if (erasures.length > 0) this.cache?.forget(streamId);
      else this.cache?.remember(streamId, stream);
      for (const event of erasures) await carryOutErasure(this.erasureHost(), event, options);
      const { events } = stream;
      return { result: withState(result, () => fold(events.slice(0, version))), followUps: true };
    }
  }

  /**
   * The stream to decide on: the kept one; none yet for a command that opens a stream (the append's
   * 'no_stream' condition checks it); otherwise read from the store.
   */
  private async hold(
    streamId: string,
    command: Command,
    expectedVersion: ExecuteOptions['expectedVersion'],
  ): Promise<Held> {
    const kept = this.cache?.get(streamId);
    if (kept) return { stream: kept, fresh: false };
    const opens = commandCatalogue[command.type].rules.opens === true;
    if (opens && (expectedVersion === undefined || expectedVersion === 'no_stream'))
      return { stream: { events: [], state: initialState(parseStreamId(streamId)?.kind) }, fresh: false };
    return { stream: await loadStream(this.store, streamId), fresh: true };
  }

  /** Brings a stream up to the store: reads only the events after the kept version, and folds them in. */
  private async catchUp(streamId: string, stream: CachedStream): Promise<Held> {
    const version = stream.state.version;
    const tail = await readFrom(this.store, streamId, version + 1);
    const consistent =
      tail.streamVersion >= version &&
      tail.events.every((event, index) => event.version === version + index + 1) &&
      !tail.events.some((event) => event.type === 'TextErased');
    if (!consistent) {
      // An erasure changed stored events (or the store is not the one this was read from): read it all.
      this.cache?.forget(streamId);
      return { stream: await loadStream(this.store, streamId), fresh: true };
    }
    for (const event of tail.events) {
      applyInPlace(stream.state, event);
      stream.events.push(event);
    }
    return { stream, fresh: true };
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

  /** What carrying out an erasure needs of this journal (carry-out-erasure.ts). */
  private erasureHost(): ErasureHost {
    return {
      store: this.store,
      eventsOf: async (streamId) => (await this.load(streamId)).events,
      execute: (streamId, command, options) => this.execute(streamId, command, options),
      forget: (streamId) => this.cache?.forget(streamId),
    };
  }

  /**
   * The first result of a command already recorded under this command id, or undefined; DuplicateCommand
   * when the id was used for another request. Either way, erasures it recorded are carried out again
   * first (idempotent), in case the first attempt stopped before its text left storage.
   */
  private async replay(request: Request, options: ExecuteOptions): Promise<ExecuteResult | undefined> {
    const record = await this.store.findCommand(options.commandId);
    if (!record) return undefined;
    const { state, events } = await this.load(record.streamId);
    const recorded = events.slice(record.fromVersion - 1, record.toVersion);
    // Before the request is compared: an erasure recorded under this id is finished whoever asks again,
    // so that DuplicateCommand, like a replay, means the erasure is done.
    for (const event of recorded)
      if (event.type === 'TextErased') await carryOutErasure(this.erasureHost(), event, options);
    if (!(await sameRequest(record, request, recorded))) throw new DuplicateCommand(options.commandId);
    return {
      streamId: record.streamId,
      fromVersion: record.fromVersion,
      toVersion: record.toVersion,
      positions: record.positions,
      events: recorded,
      replayed: true,
      state,
    };
  }
}

/** A command on its way through the journal: checked (`command`), and as the caller gave it (`raw`). */
interface Request {
  streamId: string;
  command: Command;
  raw: Command;
}

/**
 * Whether a command is the one recorded under its id: the fingerprint its events' salts give (the texts
 * of an erased text cannot match: the request is refused as a duplicate), or the plain one stored before.
 */
async function sameRequest(
  record: CommandRecord,
  request: Request,
  recorded: readonly JournalEvent[],
): Promise<boolean> {
  const { streamId, command, raw } = request;
  if (record.fingerprint === (await commandFingerprint(streamId, command, await textDigestsOf(recorded))))
    return true;
  return record.fingerprint === (await legacyFingerprint(streamId, raw));
}

/** Puts a stream's state back to the fold of its events, after drafts folded in were not appended. */
function undo(stream: CachedStream): void {
  stream.state = fold(stream.events);
}

/** The result with its state folded on first read, then kept (or replaced, if the caller sets it). */
function withState(result: AppendResult, state: () => JourneyState): ExecuteResult {
  let known: JourneyState | undefined;
  const withAccessor = { ...result } as AppendResult & { state?: JourneyState };
  Object.defineProperty(withAccessor, 'state', {
    enumerable: true,
    configurable: true,
    get: () => {
      known ??= state();
      return known;
    },
    set: (value: JourneyState) => {
      known = value;
    },
  });
  return withAccessor as ExecuteResult;
}

/** A random salt per free text, so each can later be erased without breaking the chain. */
function saltsFor(event: DecidedEvent, newId: () => string): { textSalts?: Record<string, string> } {
  const paths = textPathsOf(event.type, event.data as Record<string, unknown>);
  return paths.length === 0 ? {} : { textSalts: Object.fromEntries(paths.map((path) => [path, newId()])) };
}

/** A new stream takes its territory from the event that opens it. */
function openingTerritory(decided: readonly { data: unknown }[]): string {
  const data = decided[0]?.data as { territory?: unknown } | undefined;
  return typeof data?.territory === 'string' ? data.territory : '';
}
