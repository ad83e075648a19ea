import { type EventStore, StreamCache } from '@chemins/core';
import { stateCacheOf } from '../streams/state-cache.ts';
import { InvalidSetting } from './invalid-setting.ts';

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
 * CHEMINS_CACHE_STREAMS and CHEMINS_CACHE_EVENTS (parseCacheBound). A full cache costs memory in
 * proportion to its events (docs/reliability.md).
 */
export function cacheBoundsFromEnv(env: NodeJS.ProcessEnv = process.env): CacheBounds {
  const streams = parseCacheBound('CHEMINS_CACHE_STREAMS', env.CHEMINS_CACHE_STREAMS);
  const events = parseCacheBound('CHEMINS_CACHE_EVENTS', env.CHEMINS_CACHE_EVENTS);
  return { ...(streams !== undefined ? { streams } : {}), ...(events !== undefined ? { events } : {}) };
}

/**
 * One bound, as `name` (a variable, or an option of scripts/soak.ts) gives it: decimal digits only,
 * spaces around them ignored, so that what `Number()` would also read (`0x10`, `1e3`, `+5`, `5.0`, `-0`)
 * is refused, not taken for a number its writer may not have meant. 0 keeps nothing, as if there were
 * no cache. Unset or blank: undefined, the cache's default.
 */
export function parseCacheBound(name: string, raw: string | undefined): number | undefined {
  const digits = raw?.trim();
  if (!digits) return undefined;
  const value = Number(digits);
  if (!/^\d+$/.test(digits) || !Number.isSafeInteger(value)) {
    throw new InvalidSetting(
      name,
      `${name} must be a whole number in decimal digits, 0 or more, not "${raw}"`,
    );
  }
  return value;
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
