// Store benchmark: append and full-stream read per adapter, and DynamoDB requests per command.
// Run: `npm run bench:stores` or `npx tsx bench/stores.ts` (starts and stops DynamoDB Local itself;
// about two minutes).
// Results go to bench/README.md, between the `stores` markers.
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type EventStore, MemoryEventStore } from '@chemins/core';
import { commentDrafts, uniqueId } from '@chemins/core/testing';
import { itemSize } from '../packages/api/src/stores/dynamodb/attributes.ts';
import { eventItem } from '../packages/api/src/stores/dynamodb/items.ts';
import {
  countRequests,
  DynamoEventStore,
  ensureTable,
  type RequestCounter,
  SqliteEventStore,
} from '../packages/api/src/stores/index.ts';
import { localClient, startDynamoDbLocal } from '../tests/support/dynamodb-local.ts';
import { markdownTable, writeSection } from './support/report.ts';
import { type Stats, stats } from './support/stats.ts';

/** Runs per adapter: fewer for DynamoDB Local, whose runs are long, to keep the whole bench under 3 minutes. */
const RUNS = { fast: 5, slow: 3 };
const SIZES = [1_000, 10_000];
/** Events per command in the bulk append: one transaction each. */
const BATCH = 10;
const SINGLE_COMMANDS = 1_000;
/** Ledger hashes are SHA-256 hex: any 64 characters measure the same. */
const LEDGER_HASH_SIZED = '0'.repeat(64);
const here = fileURLToPath(new URL('.', import.meta.url));
const scratch = join(here, '.tmp');

interface Adapter {
  name: string;
  runs: number;
  /** A fresh, empty store for one run. */
  open(): Promise<EventStore>;
}

/** Appends `events` to a new stream, `perCommand` events per append; returns the stream id and ms. */
async function appendStream(store: EventStore, events: number, perCommand: number) {
  const id = `project:${uniqueId('bench')}`;
  let version = 0;
  const started = performance.now();
  for (let done = 0; done < events; done += perCommand) {
    const drafts = commentDrafts(id, '46', Math.min(perCommand, events - done));
    const expectedVersion = version === 0 ? 'no_stream' : version;
    version = (await store.append(id, drafts, { expectedVersion, commandId: uniqueId('c') })).toVersion;
  }
  return { id, ms: performance.now() - started };
}

/** Reads a whole stream page after page, with pages as large as the store gives. */
async function readStream(store: EventStore, id: string) {
  const started = performance.now();
  let count = 0;
  let cursor: string | null = null;
  do {
    const page = await store.readStream(id, cursor ? { cursor, limit: 10_000 } : { limit: 10_000 });
    count += page.events.length;
    cursor = page.next;
  } while (cursor);
  return { count, ms: performance.now() - started };
}

interface AdapterResult {
  name: string;
  runs: number;
  append: Record<number, Stats>;
  read: Record<number, Stats>;
  single: Stats;
}

async function measure(adapter: Adapter): Promise<AdapterResult> {
  const warm = await adapter.open();
  await appendStream(warm, 200, 1);
  await warm.close?.();
  const append = new Map(SIZES.map((size) => [size, [] as number[]]));
  const read = new Map(SIZES.map((size) => [size, [] as number[]]));
  const single: number[] = [];
  for (let run = 0; run < adapter.runs; run++) {
    const store = await adapter.open();
    for (const size of SIZES) {
      const written = await appendStream(store, size, BATCH);
      append.get(size)?.push(written.ms);
      const reading = await readStream(store, written.id);
      if (reading.count !== size)
        throw new Error(`${adapter.name} read ${reading.count} events, not ${size}`);
      read.get(size)?.push(reading.ms);
    }
    single.push((await appendStream(store, SINGLE_COMMANDS, 1)).ms / SINGLE_COMMANDS);
    await store.close?.();
    process.stderr.write(`  ${adapter.name}: run ${run + 1}/${adapter.runs} done\n`);
  }
  const summarise = (values: Map<number, number[]>) =>
    Object.fromEntries(SIZES.map((size) => [size, stats(values.get(size) ?? [])]));
  return {
    name: adapter.name,
    runs: adapter.runs,
    append: summarise(append),
    read: summarise(read),
    single: stats(single),
  };
}

interface RequestResult {
  perHotCommand: number;
  hotCommands: number;
  readQueries: number;
  readGets: number;
  readBytes: number;
  events: number;
}

/** DynamoDB requests: per command on a hot stream, and per full read of the largest stream. */
async function countDynamoRequests(store: DynamoEventStore, counter: RequestCounter): Promise<RequestResult> {
  const hotCommands = 200;
  const { id: hot } = await appendStream(store, 1, 1);
  counter.reset();
  await appendStreamFrom(store, hot, hotCommands);
  const perHotCommand = counter.total() / hotCommands;

  const events = SIZES.at(-1) ?? 0;
  const { id } = await appendStream(store, events, BATCH);
  counter.reset();
  const all = [];
  let cursor: string | null = null;
  do {
    const page = await store.readStream(id, cursor ? { cursor, limit: 10_000 } : { limit: 10_000 });
    all.push(...page.events);
    cursor = page.next;
  } while (cursor);
  const counts = counter.counts();
  const readBytes = all.reduce(
    (sum, event, index) => sum + itemSize(eventItem(event, index + 1, LEDGER_HASH_SIZED)),
    0,
  );
  return {
    perHotCommand,
    hotCommands,
    readQueries: counts.QueryCommand ?? 0,
    readGets: counts.GetItemCommand ?? 0,
    readBytes,
    events,
  };
}

async function appendStreamFrom(store: EventStore, id: string, commands: number) {
  let version = (await store.readStream(id, { direction: 'backward', limit: 1 })).streamVersion;
  for (let n = 0; n < commands; n++) {
    version = (
      await store.append(id, commentDrafts(id, '46', 1), {
        expectedVersion: version,
        commandId: uniqueId('c'),
      })
    ).toVersion;
  }
}

const format = (value: Stats, digits = 0) =>
  `${value.median.toFixed(digits)} (${value.min.toFixed(digits)}–${value.max.toFixed(digits)})`;

function report(
  results: AdapterResult[],
  requests: RequestResult,
  seconds: number,
  load: number,
  command: string,
): string {
  const size = (n: number) => n.toLocaleString('en');
  const header = [
    'adapter',
    'runs',
    ...SIZES.map((n) => `append ${size(n)} events, ms`),
    ...SIZES.map((n) => `read ${size(n)} events, ms`),
    'one-event command, ms',
  ];
  const rows = results.map((result) => [
    result.name,
    String(result.runs),
    ...SIZES.map((n) => format(result.append[n] as Stats)),
    ...SIZES.map((n) => format(result.read[n] as Stats, 1)),
    format(result.single, 2),
  ]);
  const table = markdownTable(header, rows);
  const megabytes = requests.readBytes / 2 ** 20;
  return [
    '## Stores',
    '',
    `Command: \`${command}\` (${new Date().toISOString().slice(0, 10)}, took ${seconds.toFixed(0)} s).`,
    `Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ` +
      `${platform()} ${release()}, load average ${load.toFixed(1)} at the start. DynamoDB Local runs on the same machine (Java, in memory), so its times ` +
      'measure the store and the emulator, not AWS latency.',
    '',
    `Medians (min–max) over the runs shown, after a warm-up. Appends go to one new stream, ${BATCH} events per ` +
      `command (one transaction each); the last column is ${size(SINGLE_COMMANDS)} commands of one event, per ` +
      'command. Reads follow the cursor through the whole stream. SQLite is a file in WAL mode with ' +
      '`synchronous = FULL` (one fsync per append).',
    '',
    table,
    '',
    'DynamoDB requests (counted by client middleware, SDK retries included):',
    '',
    markdownTable(
      ['measure', 'requests', 'target'],
      [
        [
          `append to a hot stream, per command (${requests.hotCommands} commands)`,
          requests.perHotCommand.toFixed(2),
          '1 write round trip',
        ],
        [
          `full read of ${size(requests.events)} events (${megabytes.toFixed(2)} MB of items)`,
          `${requests.readQueries} Query + ${requests.readGets} GetItem (stream version)`,
          `ceil(bytes / 1 MB) = ${Math.ceil(megabytes)} Query`,
        ],
      ],
    ),
  ].join('\n');
}

export async function runStoresBench({ command = 'npx tsx bench/stores.ts' } = {}): Promise<void> {
  const started = performance.now();
  const load = loadavg()[0] ?? 0;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const local = await startDynamoDbLocal();
  const client = localClient(local.endpoint);
  try {
    let files = 0;
    let tables = 0;
    const adapters: Adapter[] = [
      { name: 'in-memory', runs: RUNS.fast, open: async () => new MemoryEventStore() },
      {
        name: 'SQLite',
        runs: RUNS.fast,
        open: async () => new SqliteEventStore(join(scratch, `bench-${++files}.db`)),
      },
      {
        name: 'DynamoDB Local',
        runs: RUNS.slow,
        open: async () => {
          const tableName = `bench-${++tables}`;
          await ensureTable(client, tableName);
          return new DynamoEventStore({ client, tableName });
        },
      },
    ];
    const results: AdapterResult[] = [];
    for (const adapter of adapters) {
      process.stderr.write(`${adapter.name}…\n`);
      results.push(await measure(adapter));
    }
    await ensureTable(client, 'bench-requests');
    const counter = countRequests(client);
    const requests = await countDynamoRequests(
      new DynamoEventStore({ client, tableName: 'bench-requests' }),
      counter,
    );
    counter.detach();
    const section = report(results, requests, (performance.now() - started) / 1000, load, command);
    const path = writeSection('stores', section);
    process.stdout.write(`${section}\n\nwritten to ${path}\n`);
  } finally {
    client.destroy();
    await local.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `npm run bench:stores` runs this file too: the report names the command that was actually typed
  // (npm names the script it runs; `npx` calls itself "npx").
  const script = process.env.npm_lifecycle_event;
  await runStoresBench(script && script !== 'npx' ? { command: `npm run ${script}` } : {});
}
