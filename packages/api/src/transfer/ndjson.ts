import {
  canonicalJson,
  decodeEvent,
  type EventDraft,
  type EventStore,
  fold,
  type JournalEvent,
  readAllEvents,
  readWholeLedger,
  type StreamSummary,
  streamSummary,
  upcastEvent,
  verifyChain,
} from '@chemins/core';
import { deeperThan, MAX_JSON_DEPTH } from '../http/json-depth.ts';

/** Export format: one stored envelope per line, as canonical JSON (stable key order), in commit order. */
export function toNdjson(events: readonly JournalEvent[]): string {
  return events.map((event) => `${canonicalJson(event)}\n`).join('');
}

/** A stream (`project:causses-2023`) in version order, or a territory (`46`) in ledger order. */
export async function exportEvents(store: EventStore, what: string): Promise<JournalEvent[]> {
  if (what.includes(':')) return readAllEvents(store, what);
  return (await readWholeLedger(store, what)).map((entry) => entry.event);
}

export type ParsedExport =
  | { ok: true; events: JournalEvent[] }
  | { ok: false; line: number; message: string };

/** Parses NDJSON lines into envelopes; names the first line that is not a JSON object. */
export function parseNdjson(text: string): ParsedExport {
  const events: JournalEvent[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new Error('not an object');
      // Hashing is recursive: a value nested deeper than any event is refused before it can overflow the stack.
      if (deeperThan(value, MAX_JSON_DEPTH)) {
        return {
          ok: false,
          line: index + 1,
          message: `line ${index + 1} nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep: no event does`,
        };
      }
      events.push(value as JournalEvent);
    } catch {
      return { ok: false, line: index + 1, message: `line ${index + 1} is not a JSON event` };
    }
  }
  return { ok: true, events };
}

export type ExportVerdict =
  | { ok: true; streams: number; events: number }
  | {
      ok: false;
      streamId: string;
      version: number;
      eventId: string;
      line: number;
      reason: string;
      message: string;
    };

/**
 * Verifies every stream chain of an export: each stream must start at version 1 and chain without a break,
 * and every event must be one this code can read (an intact chain from a newer version may hold event types
 * or schema versions it does not know: imported, they would make their stream unreadable).
 * Names the first broken event and its line in the file.
 */
export async function verifyExport(events: readonly JournalEvent[]): Promise<ExportVerdict> {
  const byStream = groupByStream(events);
  let first: Extract<ExportVerdict, { ok: false }> | undefined;
  for (const [streamId, entries] of byStream) {
    const verdict = await verifyChain(entries.map((entry) => entry.event));
    if (verdict.ok) {
      for (const { event, index } of entries) {
        if (first && index + 1 >= first.line) break;
        const decoded = decodeEvent(event);
        if (decoded.ok) continue;
        const { version, eventId } = event;
        const message = `version ${version} cannot be read by this version of Chemins: ${decoded.reason}`;
        first = { ok: false, streamId, version, eventId, line: index + 1, reason: 'unreadable', message };
        break;
      }
      continue;
    }
    const broken = entries[verdict.version - 1] ?? entries.at(-1);
    const line = (broken?.index ?? 0) + 1;
    if (!first || line < first.line) {
      first = {
        ok: false,
        streamId,
        version: verdict.version,
        eventId: verdict.eventId,
        line,
        reason: verdict.reason,
        message: verdict.message,
      };
    }
  }
  return first ?? { ok: true, streams: byStream.size, events: events.length };
}

export type ImportResult = { ok: true; streams: number; events: number } | { ok: false; message: string };

/**
 * Imports an export into a store where its streams do not exist yet: verifies everything first and
 * imports nothing from a broken file. Appends in file order, one append per original command, so the
 * store recomputes exactly the same versions and hashes (checked after each append).
 */
export async function importEvents(
  store: EventStore,
  events: readonly JournalEvent[],
): Promise<ImportResult> {
  const verdict = await verifyExport(events);
  if (!verdict.ok)
    return {
      ok: false,
      message: `refused, nothing imported: ${verdict.message} (line ${verdict.line}, ${verdict.streamId})`,
    };
  for (const streamId of groupByStream(events).keys()) {
    const existing = await store.readStream(streamId, { limit: 1 });
    if (existing.streamVersion > 0)
      return { ok: false, message: `refused, nothing imported: ${streamId} already exists in this store` };
  }
  for (const batch of batches(events)) {
    const first = batch[0] as JournalEvent;
    const drafts = batch.map(({ version: _v, prevHash: _p, hash: _h, ...draft }) => draft as EventDraft);
    const result = await store.append(first.streamId, drafts, {
      expectedVersion: first.version === 1 ? 'no_stream' : first.version - 1,
      commandId: first.commandId,
    });
    const mismatch = result.events.find((event, index) => event.hash !== batch[index]?.hash);
    if (mismatch)
      return {
        ok: false,
        message: `imported ${first.streamId} up to version ${mismatch.version - 1}: hashes diverge there`,
      };
  }
  // The dashboard reads summary rows: give every imported stream its row, as appends would have.
  const summaries = [...groupByStream(events)]
    .map(([streamId, entries]) =>
      streamSummary(streamId, fold(entries.map((entry) => upcastEvent(entry.event)))),
    )
    .filter((summary): summary is StreamSummary => summary !== undefined);
  await store.putSummaries(summaries);
  return { ok: true, streams: groupByStream(events).size, events: events.length };
}

function groupByStream(events: readonly JournalEvent[]) {
  const byStream = new Map<string, { event: JournalEvent; index: number }[]>();
  events.forEach((event, index) => {
    const key = String(event.streamId);
    const entries = byStream.get(key);
    if (entries) entries.push({ event, index });
    else byStream.set(key, [{ event, index }]);
  });
  return byStream;
}

/** Consecutive events of one stream and one command: they were one atomic append. */
function batches(events: readonly JournalEvent[]): JournalEvent[][] {
  const result: JournalEvent[][] = [];
  for (const event of events) {
    const current = result.at(-1);
    const last = current?.at(-1);
    if (
      current &&
      last &&
      last.streamId === event.streamId &&
      last.commandId === event.commandId &&
      last.version + 1 === event.version
    ) {
      current.push(event);
    } else {
      result.push([event]);
    }
  }
  return result;
}
