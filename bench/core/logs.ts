// The fold bench's logs: written once in the bench's process, then saved as NDJSON for the children,
// so that no child pays for the heap that writing them took.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type EventStore, Journal, MemoryEventStore, readAllEvents } from '@chemins/core';
import { thousands } from '../support/stats.ts';
import { writeProjectLog, writeStructure } from './project-log.ts';
import { DraftWriter, LogWriter } from './writers.ts';

/** Logs up to this size are written through `Journal.execute`; longer ones through `DraftWriter`. */
export const JOURNAL_LOG_LIMIT = 10_000;

/**
 * A structure with one project of `events` events, in a fresh memory store: written through the Journal,
 * command by command, up to JOURNAL_LOG_LIMIT events; beyond, decided by `DraftWriter` and appended
 * 1,000 events at a time.
 */
export async function projectLog(
  events: number,
): Promise<{ store: EventStore; streamId: string; through: 'journal' | 'drafts' }> {
  const store = new MemoryEventStore();
  const through = events <= JOURNAL_LOG_LIMIT ? 'journal' : 'drafts';
  const drafts = new DraftWriter(`l${events}-`);
  const writer = through === 'journal' ? new LogWriter(new Journal(store), `l${events}-`) : drafts;
  const spec = {
    structureId: 'causses',
    projectId: 'causses-2021',
    territory: '46',
    events,
    period: { start: '2021-07-01', end: '2025-06-30' },
  };
  await writeStructure(writer, spec, '2019-01-15T10:00:00.000Z');
  await writeProjectLog(writer, spec);
  if (through === 'drafts') await drafts.appendTo(store);
  return { store, streamId: `project:${spec.projectId}`, through };
}

export interface Log {
  events: number;
  file: string;
  streamId: string;
  written: number;
  through: 'journal' | 'drafts';
}

/**
 * Writes the log of `size` events as the bench always did, then saves its stored events as NDJSON (one
 * line at a time: the longest log is some 200 MB of JSON) and lets the store go.
 */
export async function saveLog(size: number, dir: string): Promise<Log> {
  const writing = performance.now();
  const { store, streamId, through } = await projectLog(size);
  const written = (performance.now() - writing) / 1000;
  const events = await readAllEvents(store, streamId);
  if (events.length !== size) throw new Error(`the log has ${events.length} events, not ${size}`);
  const file = join(dir, `project-${size}.ndjson`);
  const fd = openSync(file, 'w');
  try {
    for (let from = 0; from < events.length; from += 1_000) {
      const lines = events.slice(from, from + 1_000).map((event) => JSON.stringify(event));
      writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
  process.stderr.write(`  ${thousands(size)} events written in ${written.toFixed(1)} s (${through})\n`);
  return { events: size, file, streamId, written, through };
}
