import { applyInPlace } from '../decider/evolve.ts';
import { initialState, type JourneyState } from '../decider/state.ts';
import type { JournalEvent } from '../model/envelope.ts';
import { upcastEvent } from '../schema-evolution/upcasters.ts';
import type { EventStore } from '../store/port.ts';

/** A stream as the journal keeps it between commands: its events and their fold. */
export interface CachedStream {
  /** Every event of the stream from version 1, upcast, in order: appended to, never changed. */
  readonly events: JournalEvent[];
  /** The fold of `events`: the journal's own copy, advanced in place as events are appended. */
  state: JourneyState;
}

export interface StreamCacheOptions {
  /** Streams kept; the least recently used goes first. Default 1,000. */
  maxStreams?: number;
  /**
   * Events kept over all streams, each with its share of the folded state; a longer stream is not kept.
   * Default 50,000: about 130 MB of heap at most (some 2.1 KB per event of a real project log, and 450
   * bytes of state per event, measured).
   */
  maxEvents?: number;
}

const DEFAULTS = { maxStreams: 1_000, maxEvents: 50_000 };

/**
 * The latest state and version of hot streams, in this process, for the journal: a command is decided
 * on the kept state and appended with the kept version as its expectation, in one round trip. Never
 * trusted blindly: a store that moved on (another process wrote) refuses the append, and the journal
 * then reads only the events it missed. Commands of one stream run one at a time through `exclusive`,
 * so this process never races itself on a stream.
 */
export class StreamCache {
  private readonly streams = new Map<string, { stream: CachedStream; size: number }>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private limits: Required<StreamCacheOptions>;
  private kept = 0;

  constructor(options: StreamCacheOptions = {}) {
    this.limits = { ...DEFAULTS, ...options };
  }

  /**
   * The cache every journal on `store` shares by default: the one a host bounds with `limit`, since the
   * journals themselves are made per request.
   */
  static sharedBy(store: EventStore): StreamCache {
    return sharedCacheOf(store);
  }

  /** New bounds (a host's configuration): what is over them goes at once, least recently used first. */
  limit(options: StreamCacheOptions): void {
    this.limits = { ...this.limits, ...options };
    for (const [streamId, { size }] of this.streams) {
      if (size > this.limits.maxEvents) this.forget(streamId);
    }
    this.evict();
  }

  get(streamId: string): CachedStream | undefined {
    const found = this.streams.get(streamId);
    if (!found) return undefined;
    // Most recently used last: eviction takes the first.
    this.streams.delete(streamId);
    this.streams.set(streamId, found);
    return found.stream;
  }

  /** Keeps (or refreshes the accounting of) a stream after a command; evicts what is over the limits. */
  remember(streamId: string, stream: CachedStream): void {
    this.forget(streamId);
    const size = stream.events.length;
    if (size > this.limits.maxEvents) return;
    this.streams.set(streamId, { stream, size });
    this.kept += size;
    this.evict();
  }

  private evict(): void {
    for (const [oldest, { size: oldestSize }] of this.streams) {
      if (this.streams.size <= this.limits.maxStreams && this.kept <= this.limits.maxEvents) break;
      this.streams.delete(oldest);
      this.kept -= oldestSize;
    }
  }

  forget(streamId: string): void {
    const found = this.streams.get(streamId);
    if (!found) return;
    this.streams.delete(streamId);
    this.kept -= found.size;
  }

  /** Streams and events kept now. */
  size(): { streams: number; events: number } {
    return { streams: this.streams.size, events: this.kept };
  }

  /** Runs `task` after every earlier task of the same stream has settled. */
  async exclusive<T>(streamId: string, task: () => Promise<T>): Promise<T> {
    const before = this.queues.get(streamId) ?? Promise.resolve();
    const run = before.then(task, task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(streamId, settled);
    try {
      return await run;
    } finally {
      if (this.queues.get(streamId) === settled) this.queues.delete(streamId);
    }
  }
}

const shared = new WeakMap<EventStore, StreamCache>();

/** The cache every journal on this store shares by default. */
export function sharedCacheOf(store: EventStore): StreamCache {
  let cache = shared.get(store);
  if (!cache) {
    cache = new StreamCache();
    shared.set(store, cache);
  }
  return cache;
}

/** Large pages: the stores serve up to 1,000 events a page (DynamoDB up to 1 MB), 10 times their default. */
const PAGE = 1_000;

/** The events of a stream from `fromVersion` on, upcast, page after page; and the stream's version. */
export async function readFrom(
  store: EventStore,
  streamId: string,
  fromVersion: number,
): Promise<{ events: JournalEvent[]; streamVersion: number }> {
  const events: JournalEvent[] = [];
  const streamVersion = await readPages(store, streamId, fromVersion, events, undefined);
  return { events, streamVersion };
}

/** A whole stream, read and folded. */
export async function loadStream(store: EventStore, streamId: string): Promise<CachedStream> {
  const events: JournalEvent[] = [];
  const state = initialState();
  await readPages(store, streamId, 1, events, state);
  return { events, state };
}

/**
 * Reads pages from `fromVersion` on into `events`, upcast, and folds each event into `state` (if given)
 * as it is read: the same state as `fold(events)` once every page is read, but each event is read by the
 * fold while the upcast check has just brought it into the CPU's caches, where a second pass over a long
 * stream (some 2 KB an event) would fetch it from memory again. Returns the stream's version.
 */
async function readPages(
  store: EventStore,
  streamId: string,
  fromVersion: number,
  events: JournalEvent[],
  state: JourneyState | undefined,
): Promise<number> {
  let cursor: string | null = null;
  let streamVersion = 0;
  do {
    const page = await store.readStream(
      streamId,
      cursor ? { cursor, limit: PAGE } : { fromVersion, limit: PAGE },
    );
    for (const stored of page.events) {
      const event = upcastEvent(stored);
      events.push(event);
      if (state) applyInPlace(state, event);
    }
    streamVersion = Math.max(streamVersion, page.streamVersion);
    cursor = page.next;
  } while (cursor);
  return streamVersion;
}
