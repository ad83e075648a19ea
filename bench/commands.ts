// Command benchmark: the latency of one command (load, decide, append) and the throughput, per adapter
// (in memory, SQLite, DynamoDB Local), with the requests each command costs; on DynamoDB Local, against
// Castore (`@castore/core` with `@castore/event-storage-adapter-dynamodb`) on the same emulator and the
// same commands. Run: `npx tsx bench/commands.ts` (starts and stops DynamoDB Local itself; about three
// minutes). Results go to bench/README.md, between the `commands` markers.
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { EventStore as CastoreEventStore, EventType } from '@castore/core';
import { DynamoDBSingleTableEventStorageAdapter } from '@castore/event-storage-adapter-dynamodb';
import {
  ACTIONS_PER_APPEND,
  countRequests,
  DynamoEventStore,
  ensureTable,
  MAX_TRANSACTION_ACTIONS,
  type RequestCounter,
  SqliteEventStore,
} from '@chemins/api';
import {
  type Actor,
  applyInPlace,
  type Command,
  commandSchema,
  DomainError,
  decide,
  type EventDraft,
  type EventStore,
  eventCatalogue,
  initialState,
  Journal,
  type JournalEvent,
  type JourneyState,
  MemoryEventStore,
} from '@chemins/core';
import { localClient, startDynamoDbLocal } from '../tests/support/dynamodb-local.ts';
import { writeProjectLog } from './core/project-log.ts';
import { type CommandRunner, DraftWriter, Ids, LogWriter } from './core/writers.ts';
import { draftOf } from './support/drafts.ts';
import { markdownTable, writeSection } from './support/report.ts';
import { formatStats, machineLine, quantile, type Stats, stats, thousands } from './support/stats.ts';

/** Events in the project stream before the timed commands: a projet social well into its period. */
const SETUP_EVENTS = 1_000;
/** Commands timed, one after the other, after the setup. */
const TIMED_COMMANDS = 200;
/** Runs per variant: each on a fresh stream (and table or file). */
const RUNS = { fast: 3, slow: 2 };
const HOUR_MS = 3_600_000;
const here = fileURLToPath(new URL('.', import.meta.url));
const scratch = join(here, '.tmp-commands');

// ---------------------------------------------------------------------------------------------------
// The sequence of commands: recorded once, replayed on every variant.

interface Recorded {
  streamId: string;
  actor: Actor;
  occurredAt: number;
  command: Record<string, unknown>;
}

/** Records the commands of a generated log (and decides them, so the generator sees their events). */
class Recorder extends DraftWriter {
  readonly recorded: Recorded[] = [];
  /** For each command, the ids handed out before it and the stream version before it. */
  readonly before: { ids: number; version: number }[] = [];

  override async run(streamId: string, actor: Actor, occurredAt: number, command: Record<string, unknown>) {
    this.recorded.push({ streamId, actor, occurredAt, command });
    this.before.push({ ids: this.ids.count, version: this.streams.get(streamId)?.state.version ?? 0 });
    return super.run(streamId, actor, occurredAt, command);
  }
}

interface Sequence {
  streamId: string;
  /** The events of the setup, as drafts (the store stamps versions and hashes). */
  setup: EventDraft[];
  /** The timed commands, in order. */
  timed: Recorded[];
  /** Where the ids of the timed commands resume: the replay hands out the same ids. */
  ids: { prefix: string; start: number };
}

async function recordSequence(): Promise<Sequence> {
  const recorder = new Recorder('q');
  const projectId = 'lot-2021';
  await writeProjectLog(recorder, {
    structureId: 'lot',
    projectId,
    territory: '46',
    events: SETUP_EVENTS + TIMED_COMMANDS + 100,
    period: { start: '2021-07-01', end: '2025-06-30' },
  });
  const streamId = `project:${projectId}`;
  const split = recorder.before.findIndex((before) => before.version >= SETUP_EVENTS);
  const at = recorder.before[split];
  if (split < 0 || !at) throw new Error('the recorded log is too short');
  const timed = recorder.recorded.slice(split, split + TIMED_COMMANDS);
  if (timed.length !== TIMED_COMMANDS) throw new Error('the recorded log is too short');
  const drafts = recorder.streams.get(streamId)?.drafts ?? [];
  return { streamId, setup: drafts.slice(0, at.version), timed, ids: { prefix: 'q', start: at.ids } };
}

// ---------------------------------------------------------------------------------------------------
// Castore: an event store on its DynamoDB single-table adapter, deciding with the same decider.

/** Castore's aggregate: the same state as Chemins', folded by the same `applyInPlace`. */
interface CastoreAggregate {
  aggregateId: string;
  version: number;
  state: JourneyState;
}

/** Castore events carry the Chemins event whole as their payload: no translation either way. */
function castoreEventStore(client: DynamoDBClient, tableName: string) {
  return new CastoreEventStore({
    eventStoreId: 'PROJECTS',
    eventTypes: Object.keys(eventCatalogue).map((type) => new EventType({ type })),
    reducer: (
      aggregate: CastoreAggregate | undefined,
      event: { aggregateId: string; version: number; payload?: unknown },
    ) => {
      const next = aggregate ?? { aggregateId: event.aggregateId, version: 0, state: initialState() };
      applyInPlace(next.state, event.payload as JournalEvent);
      next.version = event.version;
      return next;
    },
    eventStorageAdapter: new DynamoDBSingleTableEventStorageAdapter({ tableName, dynamoDBClient: client }),
  });
}

type CastoreStore = ReturnType<typeof castoreEventStore>;

/**
 * A command on Castore, as its docs do it: `getAggregate` (every event of the aggregate, folded by the
 * reducer), the same `decide` as Chemins, the same envelope, then `pushEvent` (a conditional put) per event.
 */
class CastoreRunner implements CommandRunner {
  private commands = 0;

  constructor(
    private readonly store: CastoreStore,
    private readonly newId: () => string,
  ) {}

  async run(streamId: string, actor: Actor, occurredAt: number, command: Record<string, unknown>) {
    const at = new Date(occurredAt).toISOString();
    const now = new Date(occurredAt + 2 * HOUR_MS).toISOString();
    const parsed = commandSchema.parse({ ...command, occurredAt: at }) as Command;
    const { aggregate } = await this.store.getAggregate(streamId);
    const state = (aggregate as CastoreAggregate | undefined)?.state ?? initialState();
    const decided = decide(parsed, state, { actor, now, newId: this.newId });
    if (decided instanceof DomainError) throw new Error(`Castore ${streamId}: ${decided.message}`);
    const commandId = `castore-${++this.commands}`;
    const territory = state.territory ?? '';
    const envelope = { streamId, territory, actor, now, commandId, newId: this.newId };
    const events = decided.map(
      (event, index) =>
        ({
          ...draftOf(event, envelope),
          version: state.version + index + 1,
          prevHash: '',
          hash: '',
        }) as JournalEvent,
    );
    for (const event of events) {
      await this.store.pushEvent({
        aggregateId: streamId,
        version: event.version,
        type: event.type,
        timestamp: event.recordedAt,
        payload: event,
      } as never);
    }
    return events;
  }
}

async function createCastoreTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'aggregateId', AttributeType: 'S' },
        { AttributeName: 'version', AttributeType: 'N' },
        { AttributeName: 'eventStoreId', AttributeType: 'S' },
        { AttributeName: 'timestamp', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'aggregateId', KeyType: 'HASH' },
        { AttributeName: 'version', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'initialEvents',
          KeySchema: [
            { AttributeName: 'eventStoreId', KeyType: 'HASH' },
            { AttributeName: 'timestamp', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
}

/** Writes the setup events into Castore's table as its own pushes would, 25 items per BatchWriteItem. */
async function loadCastore(
  client: DynamoDBClient,
  tableName: string,
  store: CastoreStore,
  setup: EventDraft[],
) {
  const adapter = store.getEventStorageAdapter() as DynamoDBSingleTableEventStorageAdapter;
  const items: WriteRequest[] = setup.map((draft, index) => {
    const event = { ...draft, version: index + 1, prevHash: '', hash: '' };
    const input = adapter.getPushEventInput(
      {
        aggregateId: draft.streamId,
        version: index + 1,
        type: draft.type,
        timestamp: draft.recordedAt,
        payload: event,
      },
      { eventStoreId: store.eventStoreId },
    );
    return { PutRequest: { Item: input.Item ?? {} } };
  });
  for (let from = 0; from < items.length; from += 25) {
    let pending: WriteRequest[] = items.slice(from, from + 25);
    while (pending.length > 0) {
      const output = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = output.UnprocessedItems?.[tableName] ?? [];
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Variants, runs and measures.

/** Counts calls to a store's port, by method: the requests of the in-process adapters. */
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

interface Prepared {
  runner: CommandRunner;
  /** Requests so far: port calls, or DynamoDB requests for the DynamoDB variants. */
  requests: () => number;
  close(): Promise<void>;
}

interface Variant {
  adapter: string;
  name: string;
  runs: number;
  prepare(sequence: Sequence, run: number): Promise<Prepared>;
}

interface RunResult {
  /** Latency of each timed command, ms; the first on a cold journal (nothing cached yet). */
  latencies: number[];
  requests: number[];
  seconds: number;
}

async function runOnce(variant: Variant, sequence: Sequence, run: number): Promise<RunResult> {
  const prepared = await variant.prepare(sequence, run);
  const latencies: number[] = [];
  const requests: number[] = [];
  const started = performance.now();
  try {
    for (const { streamId, actor, occurredAt, command } of sequence.timed) {
      const before = prepared.requests();
      const at = performance.now();
      await prepared.runner.run(streamId, actor, occurredAt, command);
      latencies.push(performance.now() - at);
      requests.push(prepared.requests() - before);
    }
  } finally {
    await prepared.close();
  }
  return { latencies, requests, seconds: (performance.now() - started) / 1000 };
}

/** Appends the setup to a Chemins store, 90 events per append (within DynamoDB's 100 actions). */
async function loadChemins(store: EventStore, setup: EventDraft[]): Promise<void> {
  const batch = MAX_TRANSACTION_ACTIONS - ACTIONS_PER_APPEND - 7;
  for (let from = 0; from < setup.length; from += batch) {
    await store.append(setup[0]?.streamId ?? '', setup.slice(from, from + batch), {
      expectedVersion: from === 0 ? 'no_stream' : from,
      commandId: `setup-${from}-${Math.random().toString(36).slice(2)}`,
    });
  }
}

function cheminsVariant(
  adapter: string,
  cached: boolean,
  runs: number,
  open: (run: number) => Promise<{ store: EventStore; requests?: () => number; close(): Promise<void> }>,
): Variant {
  return {
    adapter,
    name: cached ? 'Chemins' : 'Chemins, cache off',
    runs,
    async prepare(sequence, run) {
      const opened = await open(run);
      await loadChemins(opened.store, sequence.setup);
      const counted = countingStore(opened.store);
      // A journal of its own per run: its cache starts cold, as a fresh process would.
      const journal = new Journal(counted.store, { cache: cached ? {} : false });
      const ids = new Ids(sequence.ids.prefix, sequence.ids.start);
      return {
        runner: new LogWriter(journal, `${adapter}-${cached}-${run}-`, ids),
        requests: opened.requests ?? counted.calls,
        close: opened.close,
      };
    },
  };
}

interface Row {
  adapter: string;
  name: string;
  runs: number;
  cold: Stats;
  p50: Stats;
  p99: Stats;
  throughput: Stats;
  requests: number;
  requestsCold: number;
}

function summarise(variant: Variant, results: RunResult[]): Row {
  const warm = results.map((result) => result.latencies.slice(1));
  return {
    adapter: variant.adapter,
    name: variant.name,
    runs: results.length,
    cold: stats(results.map((result) => result.latencies[0] ?? 0)),
    p50: stats(warm.map((latencies) => quantile(latencies, 0.5))),
    p99: stats(warm.map((latencies) => quantile(latencies, 0.99))),
    throughput: stats(results.map((result) => result.latencies.length / result.seconds)),
    requests:
      results.flatMap((result) => result.requests.slice(1)).reduce((sum, n) => sum + n, 0) /
      results.reduce((sum, result) => sum + result.requests.length - 1, 0),
    requestsCold: stats(results.map((result) => result.requests[0] ?? 0)).median,
  };
}

// ---------------------------------------------------------------------------------------------------
// The report.

/**
 * Before the fix: the journal of commit acde549 (and its memory store) on the same sequence, measured once
 * (this bench measures the code as it is); kept here so that every run reprints it.
 */
const BEFORE_NOTE = [
  '### Before the fix',
  '',
  'The journal of commit acde549 read the whole stream before every command (`readAllEvents`, 100-event ' +
    'pages), folded it, then cloned the state twice (`structuredClone`, for the summary and for the ' +
    'result); its memory store copied the whole stream and ledger at every append. Measured on 2026-11-27 ' +
    '(load average 8.8), on the same sequence, 100 timed commands, one run:',
  '',
  markdownTable(
    ['adapter', 'p50, ms', 'p99, ms', 'commands/s', 'requests / command'],
    [
      ['in-memory', '57.2', '644.4', '13', '12'],
      ['SQLite', '130.4', '365.6', '8', '12'],
      ['DynamoDB Local', '323.4', '934.6', '3', '13'],
    ],
  ),
  '',
  'The fix (`packages/core/src/journal/`): the journal keeps the latest state and version of hot streams ' +
    '(`StreamCache`: least recently used first out, 1,000 streams and 50,000 events at most by default, ' +
    'shared by the journals of one store object so that a journal made per request finds it warm); it ' +
    'decides on the kept state, folds the new events into it in place (no clone), and appends with the ' +
    'kept version as its expectation. A store that moved on (another process) refuses the append: the ' +
    'journal reads only the events after its version, and decides again, or throws WrongExpectedVersion ' +
    'for a pinned version; a refusal decided on a kept state is checked on the caught-up one. Commands of ' +
    'one stream run one at a time in the process, so it never races itself. An erasure drops the stream ' +
    'from the cache (its stored event changed). The memory store appends in place and slices pages.',
  '',
  'What a hot command still costs, besides its one round trip: three SHA-256 digests and two more per free ' +
    'text (the request fingerprint, which holds each text by its salted digest so that an erased text cannot ' +
    'be guessed from it; the event hash, over the same salted digests computed again by the store; the ' +
    'ledger hash), each through Web Crypto (`crypto.subtle.digest`, asynchronous, a trip through the thread ' +
    "pool): 35 to 76 µs each here against 1.2 to 8.7 µs for Node's synchronous `createHash` (measured one " +
    'after the other, 2,000 digests, in an earlier run).',
].join('\n');

function report(rows: Row[], seconds: number, load: number, command: string): string {
  const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
  const castore = rows.find((row) => row.name === 'Castore');
  const table = markdownTable(
    [
      'adapter',
      'variant',
      'runs',
      'p50, ms',
      'p99, ms',
      'commands/s',
      'requests / command',
      'first command (cold), ms',
      'p50 / Castore',
    ],
    rows.map((row) => [
      row.adapter,
      row.name,
      String(row.runs),
      formatStats(row.p50, ms),
      formatStats(row.p99, ms),
      formatStats(row.throughput, thousands),
      `${row.requests.toFixed(2)} (cold: ${row.requestsCold})`,
      formatStats(row.cold, ms),
      castore && row.adapter === castore.adapter
        ? `${(row.p50.median / castore.p50.median).toFixed(2)}×`
        : '',
    ]),
  );
  return [
    '## Commands: latency and throughput',
    '',
    `Command: \`${command}\` (${new Date().toISOString().slice(0, 10)}, took ${seconds.toFixed(0)} s).`,
    `${machineLine(load)} DynamoDB Local runs on the same machine (Java, in memory): its times measure the ` +
      'store and the emulator, not AWS latency; its request counts are what AWS would receive.',
    '',
    `The sequence: a projet social with ${thousands(SETUP_EVENTS)} events already recorded (written before ` +
      `timing, in appends of 90 events), then ${TIMED_COMMANDS} follow-up commands one after the other: ` +
      'commitments made, revised, postponed, honoured and dropped, difficulties, successes, indicator ' +
      'values, sessions, outcomes, stories, comments, corrections, retractions, an interim review. Every ' +
      'variant runs the same commands (recorded once, replayed with the same ids), each validated by the ' +
      'command schema and decided by the same `decide`.',
    '',
    '- **Chemins**: `Journal.execute`, its cache on (the default): the first command reads and folds the ' +
      'stream, the next ones decide on the kept state and append with its version (one round trip). Each ' +
      'append writes the events with their hashes, the stream head, the territory ledger, the idempotency ' +
      'record and the stream summary, in one transaction.',
    '- **Chemins, cache off**: `new Journal(store, { cache: false })`: reads and folds the whole stream ' +
      'before every command, as the journal did before (but with 1,000-event pages).',
    '- **Castore**: `getAggregate` (a consistent Query of every event of the aggregate, folded by a reducer ' +
      'doing `applyInPlace`), `decide`, then `pushEvent` (a conditional PutItem) per event, on its ' +
      'single-table adapter, in its own table on the same DynamoDB Local. No hashes, ledger, idempotency nor ' +
      'summary.',
    '',
    'Latency of one command (validation, load, decide, append), ms: p50 and p99 over the timed commands but ' +
      'the first of each run, median (min–max) over the runs; the first command of a run (cold cache) apart. ' +
      'Commands/s: timed commands over their wall time, one at a time. Requests per command: calls to the ' +
      'store port (in memory, SQLite), DynamoDB requests sent by the client (DynamoDB Local: SDK retries ' +
      'included), mean over the commands after the first. Target: Chemins below Castore.',
    '',
    table,
    ...(BEFORE_NOTE ? ['', BEFORE_NOTE] : []),
  ].join('\n');
}

export async function runCommandsBench(options: { command?: string } = {}): Promise<void> {
  const started = performance.now();
  const load = loadavg()[0] ?? 0;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const sequence = await recordSequence();
  process.stderr.write(
    `recorded: ${sequence.setup.length} setup events, ${sequence.timed.length} timed commands\n`,
  );
  const local = await startDynamoDbLocal();
  const client = localClient(local.endpoint);
  const castoreClient = localClient(local.endpoint);
  const counters: RequestCounter[] = [];
  try {
    let files = 0;
    let tables = 0;
    const memory = async () => ({ store: new MemoryEventStore() as EventStore, close: async () => {} });
    const sqlite = async () => {
      const store = new SqliteEventStore(join(scratch, `commands-${++files}.db`));
      return { store: store as EventStore, close: () => store.close() };
    };
    const dynamoCounter = countRequests(client);
    counters.push(dynamoCounter);
    const dynamo = async () => {
      const tableName = `commands-${++tables}`;
      await ensureTable(client, tableName);
      const store = new DynamoEventStore({ client, tableName });
      return { store: store as EventStore, requests: () => dynamoCounter.total(), close: async () => {} };
    };
    const castoreCounter = countRequests(castoreClient);
    counters.push(castoreCounter);
    const castore: Variant = {
      adapter: 'DynamoDB Local',
      name: 'Castore',
      runs: RUNS.slow,
      async prepare(sequence) {
        const tableName = `castore-${++tables}`;
        await createCastoreTable(castoreClient, tableName);
        const store = castoreEventStore(castoreClient, tableName);
        await loadCastore(castoreClient, tableName, store, sequence.setup);
        const ids = new Ids(sequence.ids.prefix, sequence.ids.start);
        return {
          runner: new CastoreRunner(store, ids.next),
          requests: () => castoreCounter.total(),
          close: async () => {},
        };
      },
    };
    const variants: Variant[] = [
      cheminsVariant('in-memory', true, RUNS.fast, memory),
      cheminsVariant('in-memory', false, RUNS.fast, memory),
      cheminsVariant('SQLite', true, RUNS.fast, sqlite),
      cheminsVariant('SQLite', false, RUNS.fast, sqlite),
      cheminsVariant('DynamoDB Local', true, RUNS.slow, dynamo),
      cheminsVariant('DynamoDB Local', false, RUNS.slow, dynamo),
      castore,
    ];
    const rows: Row[] = [];
    for (const variant of variants) {
      const results: RunResult[] = [];
      for (let run = 0; run < variant.runs; run++) {
        results.push(await runOnce(variant, sequence, run));
        const last = results.at(-1);
        process.stderr.write(
          `  ${variant.adapter} / ${variant.name}: run ${run + 1}/${variant.runs}, ` +
            `p50 ${quantile(last?.latencies ?? [], 0.5).toFixed(2)} ms\n`,
        );
      }
      rows.push(summarise(variant, results));
    }
    const section = report(
      rows,
      (performance.now() - started) / 1000,
      load,
      options.command ?? 'npx tsx bench/commands.ts',
    );
    const path = writeSection('commands', section);
    process.stdout.write(`${section}\n\nwritten to ${path}\n`);
  } finally {
    for (const counter of counters) counter.detach();
    client.destroy();
    castoreClient.destroy();
    await local.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runCommandsBench();
}
