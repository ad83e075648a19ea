import { type EventStore, StreamCache } from '@chemins/core';
import { stateCacheOf } from '../streams/state-cache.ts';

/**
 * Bounds for each of the two caches a server keeps per store: the journal's stream cache (events and
 * fold of hot streams, for commands) and the API's state cache (folded states, for reads and
 * authorisation). Each bound left out keeps that cache's default (1,000 streams and 50,000 events for
 * the journal's, 256 streams and 25,000 events for the state cache).
 */
export interface CacheBounds {
  streams?: number;
  events?: number;
}

/**
 * CHEMINS_CACHE_STREAMS and CHEMINS_CACHE_EVENTS: whole numbers, 0 or more (0 keeps nothing, as if
 * there were no cache). A full cache costs memory in proportion to its events (docs/reliability.md).
 */
export function cacheBoundsFromEnv(env: NodeJS.ProcessEnv = process.env): CacheBounds {
  const bound = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new Error(`${name} must be a whole number, 0 or more, not "${raw}"`);
    }
    return value;
  };
  const streams = bound('CHEMINS_CACHE_STREAMS');
  const events = bound('CHEMINS_CACHE_EVENTS');
  return { ...(streams !== undefined ? { streams } : {}), ...(events !== undefined ? { events } : {}) };
}

/** Applies the bounds to both caches of `store` (those every request on it shares). */
export function boundCaches(store: EventStore, bounds: CacheBounds): void {
  if (bounds.streams === undefined && bounds.events === undefined) return;
  StreamCache.sharedBy(store).limit({
    ...(bounds.streams !== undefined ? { maxStreams: bounds.streams } : {}),
    ...(bounds.events !== undefined ? { maxEvents: bounds.events } : {}),
  });
  stateCacheOf(store).limit(bounds);
}
