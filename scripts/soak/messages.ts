// The protocol between the soak (parent) and the server child, over the IPC channel of `child_process`:
// the server is measured from inside its own process without exposing any HTTP endpoint for it.

/** Messages from the server child to this process, over the IPC channel (no HTTP endpoint). */
export type ChildMessage =
  | { type: 'ready'; url: string; seeded: boolean }
  | { type: 'memory'; at: number; rss: number; heapUsed: number; external: number }
  | { type: 'failed'; message: string }
  /** The heap after a full collection: what the server really holds, not what it has yet to collect. */
  | {
      type: 'collected';
      rss: number;
      heapUsed: number;
      heapTotal: number;
      external: number;
      /** What the two in-process caches hold at that moment. */
      caches: CacheSizes;
      /** Where the resident memory is: V8's committed spaces, and what V8 and the rest of the process malloc. */
      breakdown: MemoryBreakdown;
      /** Where the heap snapshot taken after the collection went, when one was asked for. */
      snapshot?: string;
    };

/** Messages from this process to the server child. */
export type ParentMessage = 'stop' | { type: 'gc'; snapshot?: string; empty?: 'journal' | 'state' };

/** Bytes: V8's committed heap by space, V8's own malloc, and the kernel's split of the RSS (Linux). */
export interface MemoryBreakdown {
  spaces: Record<string, number>;
  mallocedMemory: number;
  rssAnon: number | undefined;
  rssFile: number | undefined;
}

/** Streams and events held by the journal's stream cache and by the API's state cache. */
export interface CacheSizes {
  journal: { streams: number; events: number };
  state: { streams: number; events: number };
}

/** A `collected` message without its tag: the heap after a full collection, as the parent keeps it. */
export type Collected = Omit<Extract<ChildMessage, { type: 'collected' }>, 'type'>;
