import {
  type EventStore,
  fold,
  type JournalEvent,
  type JourneyState,
  StreamNotFound,
  upcastEvent,
} from '@chemins/core';

/** Streams whose state a process keeps, per store: the least recently read go first. */
export const CACHED_STREAMS = 256;
/**
 * And at most this many events folded into the states kept, summed: a state's memory grows with its log,
 * about 2.5 KB per event with its view JSON (measured by the soak, docs/reliability.md), so some 64 MB at
 * most: with the journal's cache (about 75 MB full), well inside the Lambda's 512 MB.
 */
export const CACHED_EVENTS = 25_000;
/** Events asked per page when (re)reading a stream: each store cuts it to its own maximum. */
const PAGE = 10_000;

/** The state of a stream at one version, as the cache hands it out. Never mutate it: requests share it. */
export interface CachedState {
  streamId: string;
  /** The version the state is folded to: the stream's version when it was read. */
  version: number;
  /** The hash of the event at `version`: through the hash chain, it stands for the whole log up to there. */
  lastHash: string;
  state: JourneyState;
  /** A value derived from this state (the JSON of a view, say), computed once per version. */
  memo<T>(key: string, compute: () => T): T;
}

class Entry implements CachedState {
  private readonly memos = new Map<string, unknown>();

  constructor(
    readonly streamId: string,
    readonly version: number,
    readonly lastHash: string,
    readonly state: JourneyState,
  ) {}

  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }
}

/**
 * Folded states of the streams a process reads, validated on every read by the stream's head: one
 * indexed read (`readStream(id, { direction: 'backward', limit: 1 })`) gives its version and last hash.
 * The cached state is served only when both match, so a write made anywhere else (another process,
 * another store handle, the Journal) is seen by the next read, never hidden by the cache. When the stream
 * has grown, only the new events are read and folded onto the cached state, once they are shown to
 * continue it (the first new event's prevHash is the cached last hash); anything else is read in full.
 *
 * Only states are kept, not the events: an erasure rewrites a stored event in place, but only after the
 * TextErased event that the state folds is appended, so a state never holds an erased text.
 */
export class StateCache {
  /** Least recently used first (a Map keeps insertion order). */
  private readonly entries = new Map<string, Entry>();
  private events = 0;
  /** Reads under way, by the head they were asked for: requests that saw the same head share one. */
  private readonly loading = new Map<string, Promise<Entry>>();

  constructor(
    private readonly store: EventStore,
    private limits = { streams: CACHED_STREAMS, events: CACHED_EVENTS },
  ) {}

  /** New bounds (a host's configuration): what is over them goes at once, least recently read first. */
  limit(limits: { streams?: number; events?: number }): void {
    this.limits = { ...this.limits, ...limits };
    for (const [streamId, entry] of this.entries) {
      if (entry.version > this.limits.events) this.forget(streamId);
    }
    this.evict();
  }

  /** How many streams and events are kept. */
  get size(): { streams: number; events: number } {
    return { streams: this.entries.size, events: this.events };
  }

  /** The current state of a stream; StreamNotFound when it has no events. */
  async current(streamId: string): Promise<CachedState> {
    const head = (await this.store.readStream(streamId, { direction: 'backward', limit: 1 })).events[0];
    if (!head) {
      this.forget(streamId);
      throw new StreamNotFound(streamId);
    }
    const known = this.entries.get(streamId);
    if (known && known.version === head.version && known.lastHash === head.hash) {
      this.entries.delete(streamId);
      this.entries.set(streamId, known);
      return known;
    }
    const key = `${streamId}@${head.version}:${head.hash}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.refresh(streamId, known, head).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async refresh(streamId: string, known: Entry | undefined, head: JournalEvent): Promise<Entry> {
    let entry: Entry | undefined;
    if (known && known.version < head.version) {
      const added = await this.readFrom(streamId, known.version + 1);
      if (added[0]?.prevHash === known.lastHash) entry = this.entryOf(streamId, added, known.state);
    }
    // Not cached, or the log under the cached state is not the one read now: fold it all.
    if (!entry || entry.version < head.version)
      entry = this.entryOf(streamId, await this.readFrom(streamId, 1));
    if (entry.version < head.version) {
      throw new Error(`${streamId} read up to version ${entry.version}, below its head ${head.version}`);
    }
    this.remember(entry);
    return entry;
  }

  private entryOf(streamId: string, events: JournalEvent[], from?: JourneyState): Entry {
    const last = events.at(-1);
    if (!last) return new Entry(streamId, 0, '', from ?? fold([]));
    return new Entry(streamId, last.version, last.hash, fold(events.map(upcastEvent), from));
  }

  /** Every event from `fromVersion` on, in as few pages as the store allows. */
  private async readFrom(streamId: string, fromVersion: number): Promise<JournalEvent[]> {
    const events: JournalEvent[] = [];
    let page = await this.store.readStream(streamId, { fromVersion, limit: PAGE });
    events.push(...page.events);
    while (page.next) {
      page = await this.store.readStream(streamId, { cursor: page.next, limit: PAGE });
      events.push(...page.events);
    }
    return events;
  }

  private remember(entry: Entry): void {
    const known = this.entries.get(entry.streamId);
    // Concurrent reads may finish in any order: keep the most advanced state.
    if (known && known.version > entry.version) return;
    if (entry.version > this.limits.events) return;
    this.forget(entry.streamId);
    this.entries.set(entry.streamId, entry);
    this.events += entry.version;
    this.evict();
  }

  private evict(): void {
    for (const [oldest, evicted] of this.entries) {
      if (this.entries.size <= this.limits.streams && this.events <= this.limits.events) break;
      this.entries.delete(oldest);
      this.events -= evicted.version;
    }
  }

  private forget(streamId: string): void {
    const known = this.entries.get(streamId);
    if (!known) return;
    this.entries.delete(streamId);
    this.events -= known.version;
  }
}

const caches = new WeakMap<EventStore, StateCache>();

/** The state cache of a store, made on first use: one per store object, for as long as it lives. */
export function stateCacheOf(store: EventStore): StateCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = new StateCache(store);
    caches.set(store, cache);
  }
  return cache;
}
