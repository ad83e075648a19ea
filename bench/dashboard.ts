// Dashboard benchmark: a territory of 100 structures with 2,000 events each, its dashboard served from
// the stores' summary rows (one query) against folding every stream on read.
// Run: `npx tsx bench/dashboard.ts` (starts and stops DynamoDB Local itself; about two to three minutes).
// Set BENCH_DYNAMODB=0 to measure in memory and SQLite only. Results go to bench/README.md, between the
// `dashboard` markers.
import { deepStrictEqual } from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  countRequests,
  DynamoEventStore,
  ensureTable,
  type RequestCounter,
  SqliteEventStore,
} from '@chemins/api';
import {
  type Actor,
  applyInPlace,
  type Command,
  commandSchema,
  type Dashboard,
  DomainError,
  dashboard,
  dashboardFromSummaries,
  dashboardRow,
  decide,
  type EventDraft,
  type EventStore,
  fold,
  initialState,
  type JournalEvent,
  type JourneyState,
  MemoryEventStore,
  parseStreamId,
  readAllEvents,
  readWholeLedger,
  type StreamInfo,
  type StreamSummary,
  streamSummary,
  upcastEvent,
} from '@chemins/core';
import type { Item } from '../packages/api/src/stores/dynamodb/attributes.ts';
import {
  eventItem,
  ledgerHeadItem,
  streamHeadItem,
  summaryItem,
} from '../packages/api/src/stores/dynamodb/items.ts';
import { localClient, startDynamoDbLocal } from '../tests/support/dynamodb-local.ts';
import { draftOf } from './support/drafts.ts';
import { markdownTable, writeSection } from './support/report.ts';
import { type Stats, stats } from './support/stats.ts';

/** Aveyron: any département code would do. */
const TERRITORY = '12';
const STRUCTURES = 100;
/** Events per structure, its structure stream and its projet social together. */
const EVENTS_PER_STRUCTURE = 2_000;
/** The instant the dashboard is computed for: fixed, so every run and adapter computes the same one. */
const NOW = '2026-06-01T00:00:00.000Z';
/** Events per append when the territory is written: DynamoDB takes at most 96 (100 actions, 4 of them fixed). */
const BATCH = 96;
/** Timed runs of each way, after one warm-up of each. */
const RUNS = { fast: 5, slow: 3 };
const DAY_MS = 86_400_000;
const here = fileURLToPath(new URL('.', import.meta.url));
const scratch = join(here, '.tmp-dashboard');

// ---------------------------------------------------------------------------------------------------
// The territory, decided command by command by the core's decider.

interface BuiltStream {
  streamId: string;
  state: JourneyState;
  drafts: EventDraft[];
  /** The stream's summary after each multiple of BATCH events, and after its last event. */
  summaries: Map<number, StreamSummary>;
}

/**
 * Records commands as `Journal.execute` does (validated by the command schema, decided by `decide`,
 * envelope stamped the same way, a salt per free text), keeping each stream's state in memory, and leaves
 * the appending to `writeTerritory`, BATCH events at a time. `Journal.execute` appends once per command:
 * 200,000 appends, each an fsync on SQLite, would take this bench far past its few minutes (and a journal
 * that folds the whole stream again for every command took about 30 s for one 2,000-event stream here).
 */
class TerritoryBuilder {
  readonly streams = new Map<string, BuiltStream>();
  private ids = 0;
  readonly newId = () => `b${(++this.ids).toString(36)}`;

  run(streamId: string, actor: Actor, occurredAt: string, command: Record<string, unknown>): void {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = { streamId, state: initialState(), drafts: [], summaries: new Map() };
      this.streams.set(streamId, stream);
    }
    const parsed = commandSchema.parse({ ...command, occurredAt }) as Command;
    const now = new Date(Date.parse(occurredAt) + 2 * 3600_000).toISOString();
    const decided = decide(parsed, stream.state, { actor, now, newId: this.newId });
    if (decided instanceof DomainError) throw new Error(`${streamId}: ${decided.message}`);
    const commandId = this.newId();
    for (const event of decided) {
      const draft = draftOf(event, {
        streamId,
        territory: TERRITORY,
        actor,
        now,
        commandId,
        newId: this.newId,
      });
      stream.drafts.push(draft);
      const version = stream.state.version + 1;
      applyInPlace(stream.state, { ...draft, version, prevHash: '', hash: '' } as JournalEvent);
      if (version % BATCH === 0) this.keepSummary(stream);
    }
  }

  /** Closes every stream: its last summary. */
  finish(): BuiltStream[] {
    for (const stream of this.streams.values()) this.keepSummary(stream);
    return [...this.streams.values()];
  }

  private keepSummary(stream: BuiltStream): void {
    const summary = streamSummary(stream.streamId, stream.state);
    if (summary) stream.summaries.set(stream.state.version, structuredClone(summary));
  }
}

const pad = (n: number) => String(n).padStart(3, '0');
const day = (instant: number) => new Date(instant).toISOString().slice(0, 10);
const at = (date: string) => `${date}T10:00:00.000Z`;

/**
 * A structure and its current projet social: the renewal (diagnosis, stakes, vision, commitments), the
 * agreement (except for one structure in ten, still waiting for the CAF), then follow-up until the
 * structure has EVENTS_PER_STRUCTURE events: commitments made, honoured and postponed, difficulties
 * reported and resolved, successes and comments, spread over the time up to NOW. Periods start from
 * 2022 to 2025, so some renewals are due and some commitments are overdue.
 */
function buildStructure(builder: TerritoryBuilder, index: number): void {
  const s = `s-${pad(index + 1)}`;
  const structure = `structure:${s}`;
  const projectId = `${s}-p1`;
  const project = `project:${projectId}`;
  const kind = index % 4 === 0 ? 'evs' : 'centre_social';
  const startYear = 2022 + (index % 4);
  const plannedPeriod = { start: `${startYear}-07-01`, end: `${startYear + 4}-06-30` };
  const who = (role: Actor['role']): Actor => ({ id: `${s}-${role}`, role });
  const opening = Date.parse(`${startYear - 1}-09-01T10:00:00.000Z`);
  const title = `Projet social ${startYear}-${startYear + 4} — Structure ${pad(index + 1)}`;

  builder.run(structure, { id: 'admin-12', role: 'admin' }, at(`${startYear - 2}-01-15`), {
    type: 'RegisterStructure',
    structureId: s,
    name: `Structure ${pad(index + 1)}`,
    kind,
    managingBody: index % 3 === 0 ? 'commune' : 'association',
    territory: TERRITORY,
  });
  builder.run(project, who('director'), at(day(opening)), {
    type: 'OpenProject',
    projectId,
    structureId: s,
    territory: TERRITORY,
    structureKind: kind,
    title,
    plannedPeriod,
    circular: '2012-013',
  });
  builder.run(structure, who('director'), at(day(opening)), {
    type: 'LinkProject',
    projectId,
    plannedStart: plannedPeriod.start,
    plannedEnd: plannedPeriod.end,
    title,
  });
  // The renewal, over the autumn and winter before the period.
  let clock = opening;
  const next = (days: number) => {
    clock += days * DAY_MS;
    return new Date(clock).toISOString();
  };
  builder.run(project, who('director'), next(5), { type: 'StartRenewal' });
  builder.run(project, who('staff'), next(30), {
    type: 'RecordSharedDiagnosis',
    summary: 'Diagnostic partagé avec les habitants et les partenaires du territoire.',
  });
  const stakes = ['isolement', 'jeunesse', 'parentalite'];
  for (const [priority, stakeId] of stakes.entries()) {
    builder.run(project, who('staff'), next(1), {
      type: 'IdentifyStake',
      stakeId,
      title: `Enjeu ${stakeId}`,
    });
    builder.run(project, who('board_member'), next(0), {
      type: 'PrioritiseStake',
      stakeId,
      priority: priority + 1,
    });
  }
  builder.run(project, who('board_member'), next(10), {
    type: 'StateVision',
    statement: 'Un centre ouvert à tous, où chacun trouve sa place et prend part à la vie du territoire.',
  });
  builder.run(project, who('board_member'), next(60), { type: 'AdoptProject' });
  builder.run(project, who('director'), next(7), { type: 'SubmitToCaf' });
  if (index % 10 !== 9) {
    builder.run(project, { id: 'caf12-advisor', role: 'caf_advisor' }, next(40), {
      type: 'GrantAgreement',
      period: plannedPeriod,
      decisionRef: `CAF12 — commission du ${day(clock)}`,
    });
  }

  // Follow-up, evenly spread up to the day before NOW.
  const remaining =
    EVENTS_PER_STRUCTURE -
    (builder.streams.get(structure)?.drafts.length ?? 0) -
    (builder.streams.get(project)?.drafts.length ?? 0);
  const step = (Date.parse(NOW) - DAY_MS - clock) / remaining;
  const open: string[] = [];
  const difficulties: string[] = [];
  const categories = ['time', 'calendar', 'moving_forward_together', 'staff_volunteer_alignment'];
  for (let n = 0; n < remaining; n++) {
    clock += step;
    const when = new Date(Math.floor(clock)).toISOString();
    const comment = () =>
      builder.run(project, who('volunteer'), when, { type: 'AddComment', text: `Note de suivi n° ${n}.` });
    switch (n % 8) {
      case 0: {
        const commitmentId = `c-${n}`;
        builder.run(project, who('staff'), when, {
          type: 'MakeCommitment',
          commitmentId,
          description: `Engagement n° ${n} : une action avec les habitants.`,
          stakeId: stakes[n % stakes.length],
          dueOn: day(clock + (90 + (n % 300)) * DAY_MS),
        });
        open.push(commitmentId);
        break;
      }
      case 2: {
        const difficultyId = `d-${n}`;
        builder.run(project, who('staff'), when, {
          type: 'ReportDifficulty',
          difficultyId,
          category: categories[n % categories.length],
          description: `Difficulté n° ${n} : il manque du temps pour l'action.`,
        });
        difficulties.push(difficultyId);
        break;
      }
      case 3: {
        const commitmentId = open.shift();
        if (commitmentId)
          builder.run(project, who('staff'), when, { type: 'HonourCommitment', commitmentId });
        else comment();
        break;
      }
      case 4:
        builder.run(project, who('volunteer'), when, {
          type: 'RecordSuccess',
          successId: `r-${n}`,
          category: 'internal_exchanges',
          description: `Réussite n° ${n} : un temps fort réussi avec les bénévoles.`,
        });
        break;
      case 5: {
        // Two difficulties in three are resolved: the others stay open.
        const difficultyId = n % 3 === 0 ? undefined : difficulties.shift();
        if (difficultyId)
          builder.run(project, who('director'), when, {
            type: 'ResolveDifficulty',
            difficultyId,
            how: 'Levée en réunion d’équipe.',
          });
        else comment();
        break;
      }
      case 6: {
        const commitmentId = open[0];
        if (commitmentId)
          builder.run(project, who('staff'), when, {
            type: 'PostponeCommitment',
            commitmentId,
            newDueOn: day(clock + 120 * DAY_MS),
            reason: 'Pas assez de bénévoles disponibles.',
          });
        else comment();
        break;
      }
      default:
        comment();
    }
  }
}

/** The whole territory, in memory: every stream's drafts and summaries. */
function buildTerritory(): BuiltStream[] {
  const builder = new TerritoryBuilder();
  for (let index = 0; index < STRUCTURES; index++) buildStructure(builder, index);
  return builder.finish();
}

/** Writes the built territory into a store, BATCH events per append, each append with its stream's summary. */
async function writeTerritory(store: EventStore, streams: readonly BuiltStream[]): Promise<void> {
  for (const stream of streams) {
    for (let from = 0; from < stream.drafts.length; from += BATCH) {
      const drafts = stream.drafts.slice(from, from + BATCH);
      const to = from + drafts.length;
      const summary = stream.summaries.get(to);
      const commandId = `write-${stream.streamId}-${to}`;
      await store.append(stream.streamId, drafts, {
        expectedVersion: from === 0 ? 'no_stream' : from,
        commandId,
        fingerprint: commandId,
        ...(summary && { summary }),
      });
    }
  }
}

const DYNAMO_TABLE = 'bench-dashboard';

/**
 * Fills a DynamoDB table with what appends would have written, from a store that holds the territory:
 * every event item (with its ledger position and hash), stream head, the ledger head and every summary,
 * built by the adapter's own item functions, sent with BatchWriteItem (25 items a request, several in
 * flight) instead of one TransactWriteItems per append. Only the idempotency items are left out: reads
 * never look at them. Appending the 200,000 events one transaction at a time takes DynamoDB Local over
 * two minutes on a 2-CPU machine; this takes a fraction of it, and the bench measures reads.
 */
async function loadDynamoDb(client: DynamoDBClient, tableName: string, source: EventStore): Promise<void> {
  const ledger = await readWholeLedger(source, TERRITORY);
  const heads = new Map<string, { version: number; lastHash: string }>();
  const items: Item[] = [];
  for (const { event, position, ledgerHash } of ledger) {
    items.push(eventItem(event, position, ledgerHash));
    heads.set(event.streamId, { version: event.version, lastHash: event.hash });
  }
  for (const [streamId, head] of heads) {
    const kind = parseStreamId(streamId)?.kind;
    if (!kind) throw new Error(`not a stream id: ${streamId}`);
    items.push(
      streamHeadItem({ streamId, kind, territory: TERRITORY, version: head.version }, head.lastHash),
    );
  }
  const last = ledger.at(-1);
  if (last) items.push(ledgerHeadItem(TERRITORY, { position: last.position, ledgerHash: last.ledgerHash }));
  for (const summary of await source.readSummaries(TERRITORY)) items.push(summaryItem(summary));

  const chunks: Item[][] = [];
  for (let from = 0; from < items.length; from += 25) chunks.push(items.slice(from, from + 25));
  const worker = async () => {
    for (let chunk = chunks.pop(); chunk; chunk = chunks.pop()) {
      let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 10) throw new Error('DynamoDB Local keeps leaving items unprocessed');
        const result = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }),
        );
        pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

// ---------------------------------------------------------------------------------------------------
// The two ways to the dashboard.

/** The store's read calls, counted (each is one query, or one page of one). */
function countingStore(store: EventStore): { store: EventStore; calls: () => number; reset(): void } {
  let calls = 0;
  const reads = new Set(['readStream', 'readLedger', 'listStreams', 'readSummaries', 'findCommand']);
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof property === 'string' && reads.has(property)) calls += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store: proxy,
    calls: () => calls,
    reset: () => {
      calls = 0;
    },
  };
}

/** What `GET /territories/{code}/dashboard` does: every summary row of the territory, in one query. */
async function fromSummaries(store: EventStore): Promise<Dashboard> {
  return dashboardFromSummaries(await store.readSummaries(TERRITORY), { now: NOW });
}

/** The fold-on-read way: list the structures, read and fold each structure and each of its projects. */
async function foldOnRead(store: EventStore): Promise<{ dashboard: Dashboard; events: number }> {
  const structures: StreamInfo[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.listStreams({
      kind: 'structure',
      territory: TERRITORY,
      ...(cursor ? { cursor } : {}),
    });
    structures.push(...page.streams);
    cursor = page.next;
  } while (cursor);
  let events = 0;
  const rows = [];
  for (const { streamId } of structures) {
    const own = (await readAllEvents(store, streamId)).map(upcastEvent);
    const state = fold(own);
    const projects: JournalEvent[][] = [];
    for (const projectId of Object.keys(state.entities.links)) {
      projects.push((await readAllEvents(store, `project:${projectId}`)).map(upcastEvent));
    }
    events += own.length + projects.reduce((sum, list) => sum + list.length, 0);
    rows.push(dashboardRow(state, projects, { now: NOW }));
  }
  return { dashboard: dashboard(rows), events };
}

// ---------------------------------------------------------------------------------------------------
// Measuring.

interface Adapter {
  name: string;
  runs: number;
  /** A store that holds the territory. */
  store: EventStore;
  writeMs: number;
  /** DynamoDB's own request counter, when there is one. */
  requests?: RequestCounter;
}

interface WayResult {
  ms: Stats;
  calls: number;
  requests?: number;
}

interface AdapterResult {
  name: string;
  runs: number;
  writeSeconds: number;
  summaryRows: number;
  eventsRead: number;
  summaries: WayResult;
  fold: WayResult;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** Measures both ways to the dashboard on a store that holds the territory. */
async function measure(adapter: Adapter): Promise<AdapterResult> {
  const raw = adapter.store;
  const { store, calls, reset } = countingStore(raw);
  // Warm-up, and the point of it all: both ways give the same dashboard.
  const summaryRows = (await raw.readSummaries(TERRITORY)).length;
  const expected = await fromSummaries(store);
  const folded = await foldOnRead(store);
  deepStrictEqual(folded.dashboard, expected);
  if (expected.structures !== STRUCTURES) throw new Error(`${expected.structures} rows, not ${STRUCTURES}`);

  const way = async (work: () => Promise<unknown>): Promise<WayResult> => {
    const times: number[] = [];
    let counted = 0;
    let requests: number | undefined;
    for (let run = 0; run < adapter.runs; run++) {
      reset();
      adapter.requests?.reset();
      times.push((await timed(work)).ms);
      counted = calls();
      requests = adapter.requests?.total();
    }
    return { ms: stats(times), calls: counted, ...(requests !== undefined && { requests }) };
  };
  const summaries = await way(() => fromSummaries(store));
  const fold = await way(() => foldOnRead(store));
  process.stderr.write(`  ${adapter.name}: ${adapter.runs} runs of each way done\n`);
  return {
    name: adapter.name,
    runs: adapter.runs,
    writeSeconds: adapter.writeMs / 1000,
    summaryRows,
    eventsRead: folded.events,
    summaries,
    fold,
  };
}

// ---------------------------------------------------------------------------------------------------
// Reporting.

const ms = (value: Stats) => {
  const digits = value.median < 10 ? 2 : value.median < 100 ? 1 : 0;
  return `${value.median.toFixed(digits)} (${value.min.toFixed(digits)}–${value.max.toFixed(digits)})`;
};

const queries = (way: WayResult) =>
  way.requests === undefined
    ? String(way.calls)
    : `${way.calls} (${way.requests} request${way.requests === 1 ? '' : 's'})`;

function report(
  results: AdapterResult[],
  totals: { events: number; streams: number; buildSeconds: number; seconds: number; load: number },
  command: string,
  dynamoSkipped: boolean,
): string {
  const header = [
    'adapter',
    'runs',
    'from summaries, ms',
    'queries',
    'fold on read, ms',
    'queries',
    'fold / summaries',
  ];
  const rows = results.map((result) => [
    result.name,
    String(result.runs),
    ms(result.summaries.ms),
    queries(result.summaries),
    ms(result.fold.ms),
    queries(result.fold),
    `${Math.round(result.fold.ms.median / result.summaries.ms.median).toLocaleString('en')}×`,
  ]);
  const size = (n: number) => n.toLocaleString('en');
  const first = results[0];
  return [
    '## Territory dashboard',
    '',
    `Command: \`${command}\` (${new Date().toISOString().slice(0, 10)}, took ${totals.seconds.toFixed(0)} s).`,
    `Machine: nproc ${availableParallelism()} (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ` +
      `${platform()} ${release()}, load average ${totals.load.toFixed(1)} at the start.` +
      (dynamoSkipped
        ? ' DynamoDB Local was not measured (BENCH_DYNAMODB=0).'
        : ' DynamoDB Local runs on the same machine (Java, in memory): its times measure the store and the ' +
          'emulator, not AWS latency; its request counts are what AWS would receive.'),
    '',
    `The territory: ${size(STRUCTURES)} structures with ${size(EVENTS_PER_STRUCTURE)} events each ` +
      `(${size(totals.events)} events in ${size(totals.streams)} streams: a structure stream and its projet ` +
      'social, from the renewal through the agreement to three years of commitments, difficulties, ' +
      'successes and comments). Every command is validated and decided by the core ' +
      `(built in ${totals.buildSeconds.toFixed(1)} s), then appended in memory and to SQLite, ${BATCH} events ` +
      'per append, each append with its stream summary in the same transaction ' +
      `(${results
        .slice(0, 2)
        .map((r) => `${r.name} ${r.writeSeconds.toFixed(0)} s`)
        .join(', ')}).` +
      (results[2]
        ? ` DynamoDB Local is filled from the in-memory store's ledger with BatchWriteItem, through the ` +
          `adapter's own item functions (${results[2].writeSeconds.toFixed(0)} s; one transaction per ` +
          'append takes it over two minutes here); it holds what appends write, idempotency items aside.'
        : ''),
    '',
    `- **From summaries**: what \`GET /territories/{code}/dashboard\` does, \`store.readSummaries('${TERRITORY}')\` ` +
      `(${first?.summaryRows ?? 0} rows) then \`dashboardFromSummaries\`.`,
    '- **Fold on read**: list the structure streams, read each one and every project it links (`readAllEvents`, ' +
      'page after page at the store’s default page size), fold them and compute `dashboardRow` per structure ' +
      `(${size(first?.eventsRead ?? 0)} events read), one stream after another.`,
    '',
    'Both give the same dashboard (checked on every adapter before timing). Milliseconds: median (min–max) ' +
      'over the runs shown, after one warm-up of each way. Queries: calls to the store port (one query, or ' +
      'one page of one), and for DynamoDB the HTTP requests its client sent.',
    '',
    markdownTable(header, rows),
  ].join('\n');
}

/**
 * Builds the territory once, writes it into each adapter, and measures both ways to its dashboard;
 * writes the table into bench/README.md. DynamoDB Local is started and stopped here, unless
 * `dynamodb` is false (or BENCH_DYNAMODB=0).
 */
export async function runDashboardBench(
  options: { dynamodb?: boolean; command?: string } = {},
): Promise<void> {
  const dynamodb = options.dynamodb ?? process.env.BENCH_DYNAMODB !== '0';
  const viaNpm = process.env.npm_lifecycle_event === 'bench:dashboard';
  const command =
    options.command ??
    `${dynamodb ? '' : 'BENCH_DYNAMODB=0 '}${viaNpm ? 'npm run bench:dashboard' : 'npx tsx bench/dashboard.ts'}`;
  const started = performance.now();
  const load = loadavg()[0] ?? 0;
  process.stderr.write('Dashboard: building the territory…\n');
  const building = performance.now();
  const streams = buildTerritory();
  const buildSeconds = (performance.now() - building) / 1000;
  const events = streams.reduce((sum, stream) => sum + stream.drafts.length, 0);
  process.stderr.write(`  ${events} events in ${streams.length} streams, in ${buildSeconds.toFixed(1)} s\n`);

  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const local = dynamodb ? await startDynamoDbLocal() : undefined;
  const client = local ? localClient(local.endpoint) : undefined;
  const opened: EventStore[] = [];
  try {
    // In memory through the port's append; SQLite the same way, while DynamoDB Local is loaded in bulk
    // from the in-memory store's ledger (see loadDynamoDb), then each is measured on its own.
    process.stderr.write('Writing it in memory…\n');
    const memory = new MemoryEventStore();
    opened.push(memory);
    const memoryWrite = await timed(() => writeTerritory(memory, streams));
    process.stderr.write(`  in-memory: written in ${(memoryWrite.ms / 1000).toFixed(1)} s\n`);
    process.stderr.write(`Writing it into SQLite${client ? ' and DynamoDB Local' : ''}…\n`);
    const sqlite = new SqliteEventStore(join(scratch, 'dashboard.db'));
    opened.push(sqlite);
    const adapters: Adapter[] = [
      { name: 'in-memory', runs: RUNS.fast, store: memory, writeMs: memoryWrite.ms },
      { name: 'SQLite', runs: RUNS.fast, store: sqlite, writeMs: 0 },
    ];
    const writes: Promise<void>[] = [
      timed(() => writeTerritory(sqlite, streams)).then(({ ms }) => {
        (adapters[1] as Adapter).writeMs = ms;
        process.stderr.write(`  SQLite: written in ${(ms / 1000).toFixed(1)} s\n`);
      }),
    ];
    if (client) {
      await ensureTable(client, DYNAMO_TABLE);
      const dynamo: Adapter = {
        name: 'DynamoDB Local',
        runs: RUNS.slow,
        store: new DynamoEventStore({ client, tableName: DYNAMO_TABLE }),
        writeMs: 0,
      };
      adapters.push(dynamo);
      writes.push(
        timed(() => loadDynamoDb(client, DYNAMO_TABLE, memory)).then(({ ms }) => {
          dynamo.writeMs = ms;
          process.stderr.write(`  DynamoDB Local: loaded in ${(ms / 1000).toFixed(1)} s\n`);
        }),
      );
    }
    await Promise.all(writes);
    // Counted from here on: the measured reads only.
    const requests = client ? countRequests(client) : undefined;
    const dynamo = adapters[2];
    if (dynamo && requests) dynamo.requests = requests;
    const results: AdapterResult[] = [];
    for (const adapter of adapters) {
      process.stderr.write(`${adapter.name}: measuring…\n`);
      results.push(await measure(adapter));
    }
    const section = report(
      results,
      { events, streams: streams.length, buildSeconds, seconds: (performance.now() - started) / 1000, load },
      command,
      !dynamodb,
    );
    const path = writeSection('dashboard', section);
    process.stdout.write(`${section}\n\nwritten to ${path}\n`);
  } finally {
    for (const store of opened) await store.close?.();
    client?.destroy();
    await local?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runDashboardBench();
}
