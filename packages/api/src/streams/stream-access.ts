import type { EventStore } from '@chemins/core';
import {
  type Action,
  authorize,
  fold,
  type JournalEvent,
  type JourneyState,
  type Principal,
  readAllEvents,
  SELF_ID,
  type StreamKind,
  StreamNotFound,
  streamId,
  type Target,
  upcastEvent,
} from '@chemins/core';
import { HttpProblem } from '../errors/http-problem.ts';
import { type CachedState, stateCacheOf } from './state-cache.ts';

export interface LoadedStream {
  streamId: string;
  kind: StreamKind;
  /** As stored: what hashes are checked against. */
  stored: JournalEvent[];
  /** Upcast to the current schema versions: what views read. */
  events: JournalEvent[];
  state: JourneyState;
}

/** Reads a whole stream; 404 when it has no events. */
export async function loadStream(store: EventStore, kind: StreamKind, id: string): Promise<LoadedStream> {
  const key = streamId(kind, id);
  const stored = await readAllEvents(store, key);
  if (stored.length === 0) throw new StreamNotFound(key);
  const events = stored.map(upcastEvent);
  return { streamId: key, kind, stored, events, state: fold(events) };
}

/**
 * The current state of a stream, from the process's state cache, checked against the stream's head on
 * every call (one indexed read): never older than the store. 404 when it has no events.
 */
export function loadState(store: EventStore, kind: StreamKind, id: string): Promise<CachedState> {
  return stateCacheOf(store).current(streamId(kind, id));
}

/** Who a stream belongs to, for `authorize`: its territory and the structures it concerns. */
export function targetOf(kind: StreamKind, state: JourneyState): Target {
  const territory = state.territory ?? '';
  if (kind === 'project') {
    const header = state.entities.project[SELF_ID]?.current;
    return { kind, territory, structureIds: header ? [header.structureId] : [] };
  }
  if (kind === 'structure') {
    const header = state.entities.structure[SELF_ID]?.current;
    return { kind, territory, structureIds: header ? [header.structureId] : [] };
  }
  return { kind, territory, structureIds: Object.keys(state.entities.members) };
}

/** Throws a 403 that says why, unless the principal may do this. */
export function requireAllowed(principal: Principal, action: Action, target: Target): void {
  const decision = authorize(principal, action, target);
  if (!decision.allowed) throw new HttpProblem(403, 'FORBIDDEN', decision.reason);
}
