// Long-history benchmark: the history of a structure spanning three agreement periods of 3,000 events
// each, and the review (bilan) of a four-year period, per adapter (in memory, SQLite, DynamoDB Local):
// store requests and time per call. Run: `npx tsx bench/history.ts` (starts and stops DynamoDB Local
// itself; about two minutes). Results go to bench/README.md, between the `history` markers.
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { countRequests, DynamoEventStore, ensureTable, SqliteEventStore } from '@chemins/api';
import {
  type EventDraft,
  type EventStore,
  fold,
  Journal,
  type JournalEvent,
  MemoryEventStore,
  readAllEvents,
  review,
  structureHistory,
  upcastEvent,
} from '@chemins/core';
import { localClient, startDynamoDbLocal } from '../tests/support/dynamodb-local.ts';
import { writeProjectLog, writeStructure } from './core/project-log.ts';
import { LogWriter } from './core/writers.ts';
import { markdownTable, writeSection } from './support/report.ts';
import { formatStats, machineLine, pause, type Stats, stats, thousands } from './support/stats.ts';

/** Events per agreement period (project stream). */
const EVENTS_PER_PERIOD = 3_000;
const PERIODS = [
  { start: '2013-07-01', end: '2017-06-30' },
  { start: '2017-07-01', end: '2021-06-30' },
  { start: '2021-07-01', end: '2025-06-30' },
];
/** Timed calls of each way, after one warm-up call. */
const CALLS = { fast: 15, slow: 7 };
const STRUCTURE = 'causses';
const here = fileURLToPath(new URL('.', import.meta.url));
const scratch = join(here, '.tmp-history');

/** The structure and its three projets sociaux, written through the Journal into a memory store. */
async function writeHistory(): Promise<{ store: MemoryEventStore; streams: string[] }> {
  const store = new MemoryEventStore();
  const writer = new LogWriter(new Journal(store), 'h');
  const base = { structureId: STRUCTURE, territory: '46' };
  await writeStructure(writer, base, '2012-01-10T10:00:00.000Z');
  let previous: string | undefined;
  for (const period of PERIODS) {
    const projectId = `${STRUCTURE}-${period.start.slice(0, 4)}`;
    await writeProjectLog(writer, {
      ...base,
      projectId,
      events: EVENTS_PER_PERIOD,
      period,
      ...(previous && { previousProjectId: previous }),
    });
    previous = projectId;
  }
  const streams = [
    `structure:${STRUCTURE}`,
    ...PERIODS.map((p) => `project:${STRUCTURE}-${p.start.slice(0, 4)}`),
  ];
  return { store, streams };
}

/** Copies streams into another store as their drafts, 90 events per append (the store hashes them again). */
async function copyStreams(from: EventStore, to: EventStore, streams: readonly string[]): Promise<void> {
  for (const streamId of streams) {
    const drafts = (await readAllEvents(from, streamId)).map(
      ({ version: _v, prevHash: _p, hash: _h, ...draft }) => draft as EventDraft,
    );
    for (let start = 0; start < drafts.length; start += 90) {
      await appendDrafts(to, streamId, drafts.slice(start, start + 90), start);
    }
  }
}

function appendDrafts(store: EventStore, streamId: string, drafts: EventDraft[], from: number) {
  return store.append(streamId, drafts, {
    expectedVersion: from === 0 ? 'no_stream' : from,
    commandId: `copy-${streamId}-${from}`,
  });
}

/** Counts the calls to a store's port: its requests. */
function countingStore(store: EventStore): { store: EventStore; calls: () => number } {
  let calls = 0;
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        calls += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: counted, calls: () => calls };
}

/** How a view gets a stream's events. */
type Reader = (streamId: string) => Promise<JournalEvent[]>;

/** What the routes do: `readAllEvents` (the store's default pages), then upcast. */
const routeReader =
  (store: EventStore): Reader =>
  async (streamId) =>
    (await readAllEvents(store, streamId)).map(upcastEvent);

/** Pages of 1,000 events, as `journal.load` reads (the stores' largest page; DynamoDB cuts at 1 MB). */
const pagedReader =
  (store: EventStore): Reader =>
  async (streamId) => {
    const events: JournalEvent[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.readStream(streamId, cursor ? { cursor, limit: 1_000 } : { limit: 1_000 });
      for (const event of page.events) events.push(upcastEvent(event));
      cursor = page.next;
    } while (cursor);
    return events;
  };

/** `journal.read` on a journal whose cache holds the streams: one read of what it missed. */
const cachedReader =
  (journal: Journal): Reader =>
  async (streamId) =>
    (await journal.read(streamId)).events;

/** GET /structures/{id}/history: the structure (folded, for access), its projects in parallel, the history. */
async function structureCall(read: Reader): Promise<unknown> {
  const structure = await read(`structure:${STRUCTURE}`);
  const state = fold(structure);
  const projects = await Promise.all(
    Object.keys(state.entities.links).map((projectId) => read(`project:${projectId}`)),
  );
  const history = structureHistory(structure, projects);
  if (history.periods.length !== PERIODS.length) throw new Error('the history misses a period');
  return history;
}

/** GET /projects/{id}/review over the whole last period: the project (folded, for access), its review. */
async function reviewCall(read: Reader): Promise<unknown> {
  const last = PERIODS.at(-1) ?? { start: '', end: '' };
  const events = await read(`project:${STRUCTURE}-${last.start.slice(0, 4)}`);
  fold(events);
  return review(events, { from: last.start, to: last.end });
}

interface Measure {
  adapter: string;
  view: string;
  way: string;
  calls: number;
  ms: Stats;
  requests: number;
  http?: number;
}

async function measure(
  adapter: string,
  view: string,
  way: string,
  calls: number,
  call: () => Promise<unknown>,
  requests: () => number,
  http?: () => number,
): Promise<Measure> {
  await call();
  const times: number[] = [];
  let counted = 0;
  let sent = 0;
  for (let n = 0; n < calls; n++) {
    await pause();
    const before = requests();
    const sentBefore = http?.() ?? 0;
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
    counted += requests() - before;
    sent += (http?.() ?? 0) - sentBefore;
  }
  return {
    adapter,
    view,
    way,
    calls,
    ms: stats(times),
    requests: counted / calls,
    ...(http && { http: sent / calls }),
  };
}

function report(rows: Measure[], written: number, seconds: number, load: number, command: string): string {
  const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
  const route = new Map(
    rows.filter((row) => row.way === ways.route).map((row) => [`${row.adapter}/${row.view}`, row.ms.median]),
  );
  const table = markdownTable(
    [
      'adapter',
      'view',
      'way',
      'calls',
      'ms per call',
      'store reads per call',
      'DynamoDB requests',
      'route / this way (median)',
    ],
    rows.map((row) => [
      row.adapter,
      row.view,
      row.way,
      String(row.calls),
      formatStats(row.ms, ms),
      row.requests.toFixed(0),
      row.http === undefined ? '' : row.http.toFixed(0),
      row.way === ways.route
        ? ''
        : `${((route.get(`${row.adapter}/${row.view}`) ?? 0) / row.ms.median).toFixed(1)}×`,
    ]),
  );
  return [
    '## Long history',
    '',
    `Command: \`${command}\` (${new Date().toISOString().slice(0, 10)}, took ${seconds.toFixed(0)} s).`,
    `${machineLine(load)} DynamoDB Local runs on the same machine (Java, in memory).`,
    '',
    `The structure: one structure stream and three projets sociaux of ${thousands(EVENTS_PER_PERIOD)} events ` +
      `each (${PERIODS.map((p) => `${p.start.slice(0, 4)}–${p.end.slice(0, 4)}`).join(', ')}), each renewed ` +
      'from the previous one (OpenNextProject, stakes kept by lineage) and linked to the structure by the ' +
      `journal; written through \`Journal.execute\` in ${written.toFixed(0)} s, then copied into SQLite and ` +
      'DynamoDB Local 90 events per append.',
    '',
    '- **Structure history** (`GET /structures/{id}/history`): the structure stream (folded, for access), ' +
      'the three project streams in parallel, `structureHistory`: 9,004 events read.',
    `- **Review of a 4-year period** (\`GET /projects/{id}/review\`): the last project (folded, for access), ` +
      `then \`review\` from ${PERIODS.at(-1)?.start} to ${PERIODS.at(-1)?.end}: 3,000 events read.`,
    '',
    'The ways to read the streams:',
    '',
    `- **${ways.route}**: what the routes do today, \`readAllEvents\` with the store's default page ` +
      '(100 events).',
    `- **${ways.load}**: the same with pages of 1,000 events, as \`journal.load\` reads (the largest page ` +
      'the stores serve; DynamoDB also cuts a page at 1 MB).',
    `- **${ways.cached}**: \`journal.read\` on a journal that keeps the streams (its stream cache): one read of ` +
      'the events it has not seen, none here; the first call reads everything.',
    '',
    'Milliseconds per call: median (min–max) over the calls shown, after one warm-up call. Store reads: ' +
      'calls to the store port per call; DynamoDB requests: HTTP requests the client sent.',
    '',
    table,
  ].join('\n');
}

const ways = {
  route: 'route (100-event pages)',
  load: '1,000-event pages',
  cached: 'journal.read (cache warm)',
};

export async function runHistoryBench(options: { command?: string } = {}): Promise<void> {
  const started = performance.now();
  const load = loadavg()[0] ?? 0;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const writing = performance.now();
  const { store: memory, streams } = await writeHistory();
  const written = (performance.now() - writing) / 1000;
  process.stderr.write(`history written in ${written.toFixed(1)} s\n`);
  const local = await startDynamoDbLocal();
  const client = localClient(local.endpoint);
  const http = countRequests(client);
  const sqlite = new SqliteEventStore(join(scratch, 'history.db'));
  try {
    await copyStreams(memory, sqlite, streams);
    await ensureTable(client, 'history');
    const dynamo = new DynamoEventStore({ client, tableName: 'history' });
    await copyStreams(memory, dynamo, streams);
    const adapters: { name: string; store: EventStore; calls: number; http?: () => number }[] = [
      { name: 'in-memory', store: memory, calls: CALLS.fast },
      { name: 'SQLite', store: sqlite, calls: CALLS.fast },
      { name: 'DynamoDB Local', store: dynamo, calls: CALLS.slow, http: () => http.total() },
    ];
    const rows: Measure[] = [];
    for (const adapter of adapters) {
      const { store, calls } = countingStore(adapter.store);
      const journal = new Journal(store, { cache: {} });
      const readers: [string, Reader][] = [
        [ways.route, routeReader(store)],
        [ways.load, pagedReader(store)],
        [ways.cached, cachedReader(journal)],
      ];
      for (const [view, call] of [
        ['structure history', structureCall],
        ['review of 4 years', reviewCall],
      ] as const) {
        for (const [way, reader] of readers) {
          rows.push(
            await measure(adapter.name, view, way, adapter.calls, () => call(reader), calls, adapter.http),
          );
          const last = rows.at(-1);
          process.stderr.write(
            `  ${adapter.name} / ${view} / ${way}: ${last?.ms.median.toFixed(1)} ms, ${last?.requests} reads\n`,
          );
        }
      }
    }
    const section = report(
      rows,
      written,
      (performance.now() - started) / 1000,
      load,
      options.command ?? 'npx tsx bench/history.ts',
    );
    const path = writeSection('history', section);
    process.stdout.write(`${section}\n\nwritten to ${path}\n`);
  } finally {
    http.detach();
    await sqlite.close();
    client.destroy();
    await local.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runHistoryBench();
}
