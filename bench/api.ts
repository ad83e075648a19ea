// API benchmark: autocannon against the local server (@hono/node-server, `startLocalServer`) over SQLite,
// then over DynamoDB Local, each route next to a bare Hono route that answers a body of the same size on
// the same server stack: the ceiling of this machine.
// Run: `npx tsx bench/api.ts` (starts and stops DynamoDB Local and the server itself; about three minutes).
// Results go to bench/README.md, between the `api` markers.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  countRequests,
  createApp,
  DynamoEventStore,
  ensureTable,
  hs256Authenticator,
  SqliteEventStore,
  signToken,
  silentLogger,
  startLocalServer,
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
  initialState,
  type JournalEvent,
  type JourneyState,
  type StreamSummary,
  streamSummary,
} from '@chemins/core';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { loadStream } from '../packages/api/src/streams/stream-access.ts';
import { localClient, startDynamoDbLocal } from '../tests/support/dynamodb-local.ts';
import { draftOf } from './support/drafts.ts';
import { markdownTable, writeSection } from './support/report.ts';
import { type Stats, stats } from './support/stats.ts';

/** The project whose state is read: one stream of this many events. */
const HOT_EVENTS = 5_000;
/** The territory whose dashboard is read: this many structures, each with its projet social. */
const STRUCTURES = 100;
/** Events in each project of the dashboard's territory (the commands go to these projects too). */
const TERRITORY_PROJECT_EVENTS = 40;
const HOT_TERRITORY = '46';
const DASHBOARD_TERRITORY = '12';
/** Events per append when the streams are written (DynamoDB takes at most 96 per transaction). */
const BATCH = 96;
/** autocannon: concurrent connections, about how long a timed run lasts (s), timed runs per route, warm-up (s). */
const CONNECTIONS = 10;
const SECONDS = 3;
const RUNS = 3;
const WARM_UP_SECONDS = 1;
const DAY_MS = 86_400_000;
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
/** Per process: `npm run bench` and a lone `npx tsx bench/api.ts` may run at once. */
const scratch = join(here, `.tmp-api-${process.pid}`);
const self = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------------
// The data: commands validated by the command schema and decided by the core's decider, appended through
// the store port (BATCH events an append, each with its stream summary, as `Journal.execute` writes them).

interface BuiltStream {
  streamId: string;
  territory: string;
  state: JourneyState;
  drafts: EventDraft[];
  /** The stream's summary after each multiple of BATCH events, and after its last event. */
  summaries: Map<number, StreamSummary>;
}

/**
 * Records commands as `Journal.execute` does (schema, `decide`, the same envelope, a salt per free text),
 * keeping each stream's state in memory: `Journal.execute` reads and folds the whole stream for every
 * command, which is right for a server and quadratic for a generator of 5,000-event streams.
 */
class Builder {
  readonly streams = new Map<string, BuiltStream>();
  private ids = 0;
  readonly newId = () => `a${(++this.ids).toString(36)}`;

  run(streamId: string, territory: string, actor: Actor, at: string, command: Record<string, unknown>): void {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = { streamId, territory, state: initialState(), drafts: [], summaries: new Map() };
      this.streams.set(streamId, stream);
    }
    const parsed = commandSchema.parse({ ...command, occurredAt: at }) as Command;
    const now = new Date(Date.parse(at) + 2 * 3600_000).toISOString();
    const decided = decide(parsed, stream.state, { actor, now, newId: this.newId });
    if (decided instanceof DomainError) throw new Error(`${streamId}: ${decided.message}`);
    const commandId = this.newId();
    for (const event of decided) {
      const draft = draftOf(event, { streamId, territory, actor, now, commandId, newId: this.newId });
      stream.drafts.push(draft);
      const version = stream.state.version + 1;
      applyInPlace(stream.state, { ...draft, version, prevHash: '', hash: '' } as JournalEvent);
      if (version % BATCH === 0) this.keepSummary(stream);
    }
  }

  size(streamId: string): number {
    return this.streams.get(streamId)?.drafts.length ?? 0;
  }

  finish(): BuiltStream[] {
    for (const stream of this.streams.values()) this.keepSummary(stream);
    return [...this.streams.values()];
  }

  private keepSummary(stream: BuiltStream): void {
    const summary = streamSummary(stream.streamId, stream.state);
    if (summary) stream.summaries.set(stream.state.version, structuredClone(summary));
  }
}

const day = (instant: number) => new Date(instant).toISOString().slice(0, 10);

/**
 * A structure and its projet social: registration, the renewal (diagnosis, three stakes, vision, adoption,
 * submission), the agreement, then follow-up until the project stream has `events` events (commitments
 * made, honoured and postponed, difficulties reported and resolved, successes and comments), up to mid-2026.
 */
function buildStructure(builder: Builder, territory: string, s: string, startYear: number, events: number) {
  const structure = `structure:${s}`;
  const projectId = `${s}-${startYear}`;
  const project = `project:${projectId}`;
  const kind = startYear % 2 === 0 ? 'evs' : 'centre_social';
  const plannedPeriod = { start: `${startYear}-07-01`, end: `${startYear + 4}-06-30` };
  const who = (role: Actor['role']): Actor => ({ id: `${s}-${role}`, role });
  const title = `Projet social ${startYear}-${startYear + 4} — ${s}`;
  let clock = Date.parse(`${startYear - 1}-09-01T10:00:00.000Z`);
  const next = (days: number) => {
    clock += days * DAY_MS;
    return new Date(clock).toISOString();
  };
  const admin: Actor = { id: `admin-${territory}`, role: 'admin' };
  builder.run(structure, territory, admin, next(-300), {
    type: 'RegisterStructure',
    structureId: s,
    name: `Structure ${s}`,
    kind,
    managingBody: 'association',
    territory,
  });
  builder.run(project, territory, who('director'), next(300), {
    type: 'OpenProject',
    projectId,
    structureId: s,
    territory,
    structureKind: kind,
    title,
    plannedPeriod,
    circular: '2012-013',
  });
  builder.run(structure, territory, who('director'), next(0), {
    type: 'LinkProject',
    projectId,
    plannedStart: plannedPeriod.start,
    plannedEnd: plannedPeriod.end,
    title,
  });
  builder.run(project, territory, who('director'), next(5), { type: 'StartRenewal' });
  builder.run(project, territory, who('staff'), next(30), {
    type: 'RecordSharedDiagnosis',
    summary: 'Diagnostic partagé avec les habitants et les partenaires du territoire.',
  });
  const stakes = ['isolement', 'jeunesse', 'parentalite'];
  for (const [priority, stakeId] of stakes.entries()) {
    builder.run(project, territory, who('staff'), next(1), {
      type: 'IdentifyStake',
      stakeId,
      title: `Enjeu ${stakeId}`,
    });
    builder.run(project, territory, who('board_member'), next(0), {
      type: 'PrioritiseStake',
      stakeId,
      priority: priority + 1,
    });
  }
  builder.run(project, territory, who('board_member'), next(10), {
    type: 'StateVision',
    statement: 'Un centre ouvert à tous, où chacun trouve sa place et prend part à la vie du territoire.',
  });
  builder.run(project, territory, who('board_member'), next(60), { type: 'AdoptProject' });
  builder.run(project, territory, who('director'), next(7), { type: 'SubmitToCaf' });
  builder.run(project, territory, { id: `caf${territory}-advisor`, role: 'caf_advisor' }, next(40), {
    type: 'GrantAgreement',
    period: plannedPeriod,
    decisionRef: `CAF${territory} — commission du ${day(clock)}`,
  });

  const step = (Date.parse('2026-06-01T00:00:00.000Z') - clock) / Math.max(1, events - builder.size(project));
  const open: string[] = [];
  const difficulties: string[] = [];
  for (let n = 0; builder.size(project) < events; n++) {
    clock += step;
    const when = new Date(Math.floor(clock)).toISOString();
    const run = (actor: Actor, command: Record<string, unknown>) =>
      builder.run(project, territory, actor, when, command);
    const comment = () => run(who('volunteer'), { type: 'AddComment', text: `Note de suivi n° ${n}.` });
    switch (n % 8) {
      case 0:
        run(who('staff'), {
          type: 'MakeCommitment',
          commitmentId: `c-${n}`,
          description: `Engagement n° ${n} : une action avec les habitants.`,
          stakeId: stakes[n % stakes.length],
          dueOn: day(clock + (90 + (n % 300)) * DAY_MS),
        });
        open.push(`c-${n}`);
        break;
      case 2:
        run(who('staff'), {
          type: 'ReportDifficulty',
          difficultyId: `d-${n}`,
          category: 'time',
          description: `Difficulté n° ${n} : il manque du temps pour l'action.`,
        });
        difficulties.push(`d-${n}`);
        break;
      case 3: {
        const commitmentId = open.shift();
        if (commitmentId) run(who('staff'), { type: 'HonourCommitment', commitmentId });
        else comment();
        break;
      }
      case 4:
        run(who('volunteer'), {
          type: 'RecordSuccess',
          successId: `r-${n}`,
          category: 'internal_exchanges',
          description: `Réussite n° ${n} : un temps fort réussi avec les bénévoles.`,
        });
        break;
      case 5: {
        const difficultyId = n % 3 === 0 ? undefined : difficulties.shift();
        if (difficultyId)
          run(who('director'), {
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
          run(who('staff'), {
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
  return { projectId };
}

interface Scenario {
  streams: BuiltStream[];
  hotProject: string;
  territoryProjects: string[];
  structureIds: string[];
  events: number;
}

function buildScenario(): Scenario {
  const builder = new Builder();
  const hot = buildStructure(builder, HOT_TERRITORY, 'hot', 2023, HOT_EVENTS);
  const structureIds = ['hot'];
  const territoryProjects: string[] = [];
  for (let index = 1; index <= STRUCTURES; index++) {
    const s = `s-${String(index).padStart(3, '0')}`;
    structureIds.push(s);
    territoryProjects.push(
      buildStructure(builder, DASHBOARD_TERRITORY, s, 2022 + (index % 4), TERRITORY_PROJECT_EVENTS).projectId,
    );
  }
  const streams = builder.finish();
  const events = streams.reduce((sum, stream) => sum + stream.drafts.length, 0);
  return { streams, hotProject: hot.projectId, territoryProjects, structureIds, events };
}

/** Writes the streams into a store, BATCH events per append, each append with its stream's summary. */
async function writeStreams(store: EventStore, streams: readonly BuiltStream[]): Promise<void> {
  for (const stream of streams) {
    for (let from = 0; from < stream.drafts.length; from += BATCH) {
      const drafts = stream.drafts.slice(from, from + BATCH);
      const summary = stream.summaries.get(from + drafts.length);
      const commandId = `write-${stream.streamId}-${from + drafts.length}`;
      await store.append(stream.streamId, drafts, {
        expectedVersion: from === 0 ? 'no_stream' : from,
        commandId,
        fingerprint: commandId,
        ...(summary && { summary }),
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// The server, in a child process of its own: autocannon in this process must not share its event loop.

interface ServeConfig {
  store: { kind: 'sqlite'; path: string } | { kind: 'dynamodb'; endpoint: string; tableName: string };
  secret: string;
}

interface Served {
  /** The Chemins API (`startLocalServer`). */
  api: string;
  /** The bare Hono app on @hono/node-server: `GET|POST /bare/:name` answer the body put at `PUT /bare/:name`. */
  bare: string;
}

function openStore(config: ServeConfig['store']): { store: EventStore; close(): Promise<void> } {
  if (config.kind === 'sqlite') {
    const store = new SqliteEventStore(config.path);
    return { store, close: () => store.close() };
  }
  const client = localClient(config.endpoint);
  return {
    store: new DynamoEventStore({ client, tableName: config.tableName }),
    close: async () => client.destroy(),
  };
}

/** Child mode: serves the API and the bare app until its stdin closes. */
async function serveForBench(config: ServeConfig): Promise<void> {
  const { store, close } = openStore(config.store);
  const server = await startLocalServer({
    store,
    port: 0,
    secret: config.secret,
    seed: false,
    logger: silentLogger,
  });

  const bodies = new Map<string, string>();
  const json = { 'Content-Type': 'application/json' };
  const bare = new Hono();
  bare.get('/bare/:name', (c) => c.body(bodies.get(c.req.param('name')) ?? '', 200, json));
  bare.post('/bare/:name', async (c) => {
    await c.req.json();
    return c.body(bodies.get(c.req.param('name')) ?? '', 201, json);
  });
  bare.put('/bare/:name', async (c) => {
    bodies.set(c.req.param('name'), await c.req.text());
    return c.body(null, 204);
  });
  const bareServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const served: Served = {
    api: server.url,
    bare: `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`,
  };
  process.stdout.write(`${JSON.stringify(served)}\n`);
  // The parent closes our stdin when done, or by dying: either way, stop.
  process.stdin.resume();
  process.stdin.once('end', () => {
    bareServer.close();
    void server
      .close()
      .then(close)
      .finally(() => process.exit(0));
  });
}

interface ServerProcess extends Served {
  stop(): Promise<void>;
}

async function startServerProcess(config: ServeConfig): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', self, '--serve'], {
    cwd: root,
    env: { ...process.env, BENCH_API_SERVE: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const killNow = () => child.kill('SIGKILL');
  process.once('exit', killNow);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    process.removeListener('exit', killNow);
    child.stdin?.end();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(killNow, 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the bench server exited (${code}) before serving`)));
    });
    lines.close();
    return { ...(JSON.parse(first) as Served), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// autocannon.

interface Target {
  method: 'GET' | 'POST';
  base: string;
  /** Requests go round-robin over these paths. */
  paths: string[];
  headers: Record<string, string>;
  body?: string;
  /** A new Idempotency-Key on every request. */
  uniqueKeys?: boolean;
}

interface Sample {
  p50: number;
  p99: number;
  rps: number;
  requests: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

/**
 * One autocannon run of `amount` requests: it waits for every response, so no request is left running on
 * the server into the next run. Latencies come from every response (autocannon's histogram keeps whole ms).
 */
async function cannon(target: Target, amount: number): Promise<Sample> {
  let turn = 0;
  const latencies: number[] = [];
  let lastResponse = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.base,
        connections: CONNECTIONS,
        amount,
        timeout: 120,
        // autocannon notices the end of an `amount` run at its next sample: sample often.
        sampleInt: 10,
        requests: [
          {
            method: target.method,
            setupRequest: (request) => {
              const path = target.paths[turn++ % target.paths.length] ?? '/';
              const headers = target.uniqueKeys
                ? { ...target.headers, 'idempotency-key': randomUUID() }
                : target.headers;
              return { ...request, path, headers, ...(target.body ? { body: target.body } : {}) };
            },
          },
        ],
      },
      (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
    // autocannon emits (client, statusCode, bytes, ms): its typings leave out the client.
    (instance as unknown as NodeJS.EventEmitter).on(
      'response',
      (_client: unknown, status: number, _bytes: number, ms: number) => {
        lastResponse = performance.now();
        if (status < 300) latencies.push(ms);
      },
    );
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) {
    throw new Error(
      `${target.method} ${target.base}${target.paths[0]}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  latencies.sort((a, b) => a - b);
  // From the first request to the last response: autocannon's own duration ends at a sample tick.
  const seconds = (lastResponse - started) / 1000;
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: latencies.length / seconds,
    requests: latencies.length,
  };
}

/** Two warm-up runs (the second sized from the first), then how many requests last about `seconds`. */
async function warmUp(target: Target, seconds: number): Promise<number> {
  const first = await cannon(target, CONNECTIONS * 2);
  const second = await cannon(target, Math.max(CONNECTIONS, Math.round(first.rps * WARM_UP_SECONDS)));
  return Math.max(CONNECTIONS, Math.round(second.rps * seconds));
}

interface RouteResult {
  store: string;
  route: string;
  bytes: number;
  api: { p50: Stats; p99: Stats; rps: Stats };
  ceiling: { p50: Stats; p99: Stats; rps: Stats };
  /** Ratio of throughputs, run by run (each API run next to its ceiling run). */
  ratio: Stats;
}

/** Warm-up, then RUNS timed runs of the route and of its ceiling, taking turns. */
async function compare(store: string, route: string, bytes: number, api: Target, ceiling: Target) {
  const apiAmount = await warmUp(api, SECONDS);
  const ceilingAmount = await warmUp(ceiling, SECONDS);
  const apiRuns: Sample[] = [];
  const ceilingRuns: Sample[] = [];
  for (let run = 0; run < RUNS; run++) {
    apiRuns.push(await cannon(api, apiAmount));
    ceilingRuns.push(await cannon(ceiling, ceilingAmount));
  }
  const of = (samples: Sample[]) => ({
    p50: stats(samples.map((s) => s.p50)),
    p99: stats(samples.map((s) => s.p99)),
    rps: stats(samples.map((s) => s.rps)),
  });
  const result: RouteResult = {
    store,
    route,
    bytes,
    api: of(apiRuns),
    ceiling: of(ceilingRuns),
    ratio: stats(apiRuns.map((s, index) => s.rps / (ceilingRuns[index]?.rps ?? 1))),
  };
  process.stderr.write(
    `  ${store} ${route}: ${result.api.rps.median.toFixed(0)} req/s, ceiling ${result.ceiling.rps.median.toFixed(0)}\n`,
  );
  return result;
}

interface Tokens {
  staff: string;
  adviser: string;
}

async function tokens(secret: string, scenario: Scenario): Promise<Tokens> {
  return {
    staff: await signToken(
      { sub: 'bench-staff', role: 'staff', structures: scenario.structureIds, territories: [] },
      secret,
    ),
    adviser: await signToken(
      { sub: 'bench-adviser', role: 'caf_advisor', territories: [DASHBOARD_TERRITORY, HOT_TERRITORY] },
      secret,
    ),
  };
}

const COMMAND_BODY = JSON.stringify({
  type: 'AddComment',
  text: 'Point d’étape avec les bénévoles du jeudi.',
});

/** The three routes on one server, each against its ceiling. */
async function measureServer(store: string, served: Served, auth: Tokens, scenario: Scenario) {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const post = { ...bearer(auth.staff), 'content-type': 'application/json' };
  const probe = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${served.api}${path}`, init);
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return text;
  };
  const putBare = async (name: string, body: string) => {
    await fetch(`${served.bare}/bare/${name}`, { method: 'PUT', body });
  };

  const statePath = `/projects/${scenario.hotProject}`;
  const state = await probe(statePath, { headers: bearer(auth.staff) });
  const version = (JSON.parse(state) as { version: number }).version;
  if (version !== HOT_EVENTS) throw new Error(`the hot project has version ${version}, not ${HOT_EVENTS}`);
  const dashboardPath = `/territories/${DASHBOARD_TERRITORY}/dashboard`;
  const dashboard = await probe(dashboardPath, { headers: bearer(auth.adviser) });
  const rows = (JSON.parse(dashboard) as { rows: unknown[] }).rows.length;
  if (rows !== STRUCTURES) throw new Error(`the dashboard has ${rows} rows, not ${STRUCTURES}`);
  const commandPaths = scenario.territoryProjects.map((id) => `/projects/${id}/commands`);
  const created = await probe(commandPaths[0] ?? '', {
    method: 'POST',
    headers: { ...post, 'idempotency-key': randomUUID() },
    body: COMMAND_BODY,
  });
  await putBare('state', state);
  await putBare('dashboard', dashboard);
  await putBare('command', created);

  const results: RouteResult[] = [];
  const get = (base: string, path: string, token: string): Target => ({
    method: 'GET',
    base,
    paths: [path],
    headers: bearer(token),
  });
  results.push(
    await compare(
      store,
      `GET state (${HOT_EVENTS.toLocaleString('en')} events)`,
      Buffer.byteLength(state),
      get(served.api, statePath, auth.staff),
      get(served.bare, '/bare/state', auth.staff),
    ),
  );
  results.push(
    await compare(
      store,
      `GET dashboard (${STRUCTURES} structures)`,
      Buffer.byteLength(dashboard),
      get(served.api, dashboardPath, auth.adviser),
      get(served.bare, '/bare/dashboard', auth.adviser),
    ),
  );
  results.push(
    await compare(
      store,
      'POST command',
      Buffer.byteLength(created),
      {
        method: 'POST',
        base: served.api,
        paths: commandPaths,
        headers: post,
        body: COMMAND_BODY,
        uniqueKeys: true,
      },
      {
        method: 'POST',
        base: served.bare,
        paths: ['/bare/command'],
        headers: post,
        body: COMMAND_BODY,
        uniqueKeys: true,
      },
    ),
  );
  return results;
}

interface RequestCount {
  call: string;
  requests: string;
}

/**
 * DynamoDB requests per call, counted by client middleware on an app in this process (a new store object:
 * its state cache starts cold). `loadStream` is what every GET of a state did before the state cache.
 */
async function countDynamoRequests(
  client: DynamoDBClient,
  tableName: string,
  secret: string,
  auth: Tokens,
  scenario: Scenario,
): Promise<RequestCount[]> {
  const store = new DynamoEventStore({ client, tableName });
  const app = createApp({
    store,
    auth: hs256Authenticator({ secret }),
    clock: () => new Date(),
    ids: randomUUID,
  });
  const counter = countRequests(client);
  const rows: RequestCount[] = [];
  const count = async (call: string, act: () => unknown) => {
    counter.reset();
    const answer = await act();
    if (answer instanceof Response && !answer.ok) throw new Error(`${call}: ${answer.status}`);
    const counts = Object.entries(counter.counts())
      .map(([command, n]) => `${n} ${command.replace(/Command$/, '')}`)
      .join(' + ');
    rows.push({ call, requests: counts });
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const statePath = `/projects/${scenario.hotProject}`;
  try {
    await count(`GET state (${HOT_EVENTS.toLocaleString('en')} events), before the cache: loadStream`, () =>
      loadStream(store, 'project', scenario.hotProject),
    );
    await count('GET state, first read (cache cold)', () =>
      app.request(statePath, { headers: bearer(auth.staff) }),
    );
    await count('GET state, unchanged stream (cache warm)', () =>
      app.request(statePath, { headers: bearer(auth.staff) }),
    );
    await count(`POST command (a project of ${TERRITORY_PROJECT_EVENTS}+ events)`, () =>
      app.request(`/projects/${scenario.territoryProjects[0]}/commands`, {
        method: 'POST',
        headers: {
          ...bearer(auth.staff),
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: COMMAND_BODY,
      }),
    );
    await count(`GET dashboard (${STRUCTURES} structures)`, () =>
      app.request(`/territories/${DASHBOARD_TERRITORY}/dashboard`, { headers: bearer(auth.adviser) }),
    );
  } finally {
    counter.detach();
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------
// The report.

const formatStats = (value: Stats, digits: number) =>
  `${value.median.toFixed(digits)} (${value.min.toFixed(digits)}–${value.max.toFixed(digits)})`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function resultsTable(results: readonly RouteResult[]): string {
  return markdownTable(
    [
      'store',
      'route',
      'response',
      'p50, ms',
      'p99, ms',
      'req/s',
      'ceiling p50, ms',
      'ceiling p99, ms',
      'ceiling req/s',
      'req/s ÷ ceiling',
    ],
    results.map((r) => [
      r.store,
      r.route,
      kb(r.bytes),
      formatStats(r.api.p50, 2),
      formatStats(r.api.p99, 1),
      formatStats(r.api.rps, 0),
      formatStats(r.ceiling.p50, 2),
      formatStats(r.ceiling.p99, 1),
      formatStats(r.ceiling.rps, 0),
      formatStats(r.ratio, 2),
    ]),
  );
}

interface Context {
  command: string;
  seconds: number;
  load: number;
  scenario: { events: number; built: number; written: Record<string, number> };
}

function report(
  results: readonly RouteResult[],
  requests: readonly RequestCount[],
  context: Context,
): string {
  const state = results.filter((r) => r.route.startsWith('GET state'));
  const verdicts = state.map(
    (r) => `${r.store} ${(r.ratio.median * 100).toFixed(0)}% (${r.ratio.median >= 0.5 ? 'met' : 'missed'})`,
  );
  const written = Object.entries(context.scenario.written)
    .map(([store, s]) => `${store} ${s.toFixed(0)} s`)
    .join(', ');
  return [
    '## API',
    '',
    `Command: \`${context.command}\` (${new Date().toISOString().slice(0, 10)}, took ${context.seconds.toFixed(0)} s).`,
    `Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ` +
      `${platform()} ${release()}, load average ${context.load.toFixed(1)} at the start. Everything runs on this ` +
      'machine over loopback: autocannon in the bench process, the server in a child process of its own, and ' +
      'DynamoDB Local (Java, in memory), so its times measure the store and the emulator, not AWS latency.',
    '',
    `The server is \`startLocalServer\` (Hono on @hono/node-server, HS256 tokens checked on every request, logs off), over a SQLite file (WAL, \`synchronous = FULL\`) and over DynamoDB Local. Its data (${context.scenario.events.toLocaleString('en')} events, decided command by command by the core in ${context.scenario.built.toFixed(1)} s, appended through the store port ${BATCH} events an append with their stream summaries: ${written}):`,
    '',
    `- **GET state**: \`GET /projects/{id}\` of one project with ${HOT_EVENTS.toLocaleString('en')} events (renewal, agreement, then commitments, difficulties, successes and comments over three years), as its structure's staff.`,
    `- **GET dashboard**: \`GET /territories/{code}/dashboard\` of a territory of ${STRUCTURES} structures, each with a project of ${TERRITORY_PROJECT_EVENTS} events, as its CAF adviser.`,
    `- **POST command**: \`POST /projects/{id}/commands\` with an \`AddComment\`, a new \`Idempotency-Key\` on every request (autocannon's \`setupRequest\`), round-robin over the ${STRUCTURES} projects of that territory.`,
    '',
    'Each is compared with its **ceiling**: a bare Hono app on the same server stack (@hono/node-server, in the same process) whose route answers a prepared body of the same size (the POST one reads the JSON body first). ' +
      `autocannon: ${CONNECTIONS} connections; after a warm-up, ${RUNS} runs of as many requests as the warm-up’s rate serves in about ${SECONDS} s, the route and its ceiling taking turns. A run waits for all its responses, so none is left running on the server into the next one. ` +
      'Median (min–max) over the runs; latencies from every 2xx response (none other was received). The last column is each run’s throughput over its ceiling run’s.',
    '',
    resultsTable(results),
    '',
    `Target: the state read at least half its ceiling’s throughput: ${verdicts.join(', ')}.`,
    '',
    'DynamoDB requests per call (counted by client middleware on the same table, SDK retries included):',
    '',
    markdownTable(
      ['call', 'requests'],
      requests.map((row) => [row.call, row.requests]),
    ),
    '',
    ...BEFORE_SECTION,
  ].join('\n');
}

/**
 * Measured before the state cache (packages/api/src/streams/state-cache.ts), when every `GET /projects/{id}`
 * read the whole stream (`readAllEvents`, 100 events a page) and folded it: this bench run on the commit
 * before the change (1696d39), the same day. Kept here so that the section keeps it.
 */
const BEFORE_SECTION: string[] = [
  '### Before the state cache',
  '',
  'The same bench on commit 1696d39, before the state cache (same day and machine, load average 14.3 at the start: another bench suite ran alongside, so ceilings are lower than above). Every `GET /projects/{id}` read the whole stream, 100 events a page (50 reads of SQLite, 50 DynamoDB queries), upcast and folded its 5,000 events, then serialised the view.',
  '',
  '| store          | route                          | response | p50, ms                   | p99, ms                  | req/s       | ceiling p50, ms        | ceiling p99, ms        | ceiling req/s    | req/s ÷ ceiling  |',
  '| -------------- | ------------------------------ | -------- | ------------------------- | ------------------------ | ----------- | ---------------------- | ---------------------- | ---------------- | ---------------- |',
  '| SQLite         | GET state (5,000 events)       | 734.1 KB | 3214.33 (1663.68–4754.44) | 10600.3 (5376.4–10814.5) | 1 (1–3)     | 218.10 (190.43–282.06) | 1805.0 (1680.9–2303.8) | 18 (17–18)       | 0.07 (0.07–0.15) |',
  '| SQLite         | GET dashboard (100 structures) | 33.5 KB  | 173.35 (145.54–408.28)    | 919.8 (348.8–1155.0)     | 40 (20–50)  | 9.42 (2.82–27.80)      | 78.4 (49.8–317.6)      | 608 (214–1612)   | 0.07 (0.03–0.09) |',
  '| SQLite         | POST command                   | 0.8 KB   | 70.76 (47.03–127.62)      | 1098.3 (638.1–1240.2)    | 53 (35–112) | 4.44 (1.80–5.89)       | 36.4 (23.1–92.1)       | 1684 (735–1779)  | 0.06 (0.02–0.07) |',
  '| DynamoDB Local | GET state (5,000 events)       | 734.1 KB | 5135.41 (3987.17–8243.51) | 6071.1 (4527.2–9563.7)   | 2 (1–2)     | 200.24 (96.20–222.13)  | 1168.4 (807.5–1484.6)  | 28 (24–44)       | 0.04 (0.04–0.09) |',
  '| DynamoDB Local | GET dashboard (100 structures) | 33.5 KB  | 470.60 (221.53–570.05)    | 808.6 (498.8–977.5)      | 21 (17–36)  | 14.53 (12.83–14.82)    | 135.3 (132.5–170.0)    | 373 (338–539)    | 0.06 (0.05–0.07) |',
  '| DynamoDB Local | POST command                   | 0.8 KB   | 223.43 (137.30–280.93)    | 3048.7 (2511.8–4198.0)   | 16 (14–18)  | 1.16 (1.00–1.55)       | 21.1 (17.1–39.1)       | 3540 (2282–3676) | 0.00 (0.00–0.01) |',
  '',
  "The state cache (`StateCache`, packages/api/src/streams/state-cache.ts) keeps the folded state of each stream a process reads, with the JSON of its view, and checks it on every read against the stream’s head: `readStream(id, { direction: 'backward', limit: 1 })`, one indexed read (one Query on DynamoDB, see the requests above), gives the version and the last hash. It serves the cached state only when both match; a stream that grew is read from the cached version on and folded onto the cached state, once the first new event is shown to continue it (its `prevHash` is the cached last hash); anything else is read in full. So a write made anywhere (another process, another store handle, the Journal) is seen by the next read (tests/api/state-cache.test.ts). It keeps 256 streams at most per store, least recently read out first, and 25,000 folded events summed over them (about 64 MB: some 2.5 KB per event, measured by the soak in docs/reliability.md).",
  '',
  'Still read whole on every call: `asOf`/`knownAt` states, timeline, audit, export, vision, trail and review; and `POST …/commands` reads and folds the whole stream to authorise the command (`readAllEvents` in routes/commands.ts) before the Journal runs it, where `loadState` would take one head read.',
];

export async function runApiBench(options: { command?: string } = {}): Promise<void> {
  const started = performance.now();
  const load = loadavg()[0] ?? 0;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const building = performance.now();
  const scenario = buildScenario();
  const built = (performance.now() - building) / 1000;
  const secret = randomUUID();
  const auth = await tokens(secret, scenario);
  const written: Record<string, number> = {};
  const results: RouteResult[] = [];
  let requests: RequestCount[] = [];
  const local = await startDynamoDbLocal();
  const client = localClient(local.endpoint);
  try {
    const stores: { name: string; config: ServeConfig['store']; open(): Promise<EventStore> }[] = [
      {
        name: 'SQLite',
        config: { kind: 'sqlite', path: join(scratch, 'api.db') },
        open: async () => new SqliteEventStore(join(scratch, 'api.db')),
      },
      {
        name: 'DynamoDB Local',
        config: { kind: 'dynamodb', endpoint: local.endpoint, tableName: 'bench-api' },
        open: async () => {
          await ensureTable(client, 'bench-api');
          return new DynamoEventStore({ client, tableName: 'bench-api' });
        },
      },
    ];
    for (const store of stores) {
      process.stderr.write(`${store.name}: writing ${scenario.events.toLocaleString('en')} events…\n`);
      const writing = performance.now();
      const opened = await store.open();
      await writeStreams(opened, scenario.streams);
      await opened.close?.();
      written[store.name] = (performance.now() - writing) / 1000;
      const served = await startServerProcess({ store: store.config, secret });
      try {
        results.push(...(await measureServer(store.name, served, auth, scenario)));
      } finally {
        await served.stop();
      }
      if (store.config.kind === 'dynamodb') {
        requests = await countDynamoRequests(client, store.config.tableName, secret, auth, scenario);
      }
    }
  } finally {
    client.destroy();
    await local.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  const section = report(results, requests, {
    command: options.command ?? 'npx tsx bench/api.ts',
    seconds: (performance.now() - started) / 1000,
    load,
    scenario: { events: scenario.events, built, written },
  });
  const path = writeSection('api', section);
  process.stdout.write(`${section}\n\nwritten to ${path}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--serve')) await serveForBench(JSON.parse(process.env.BENCH_API_SERVE ?? '{}'));
  else await runApiBench();
}
