// Soak: `npm run soak` (issue 8). Starts the local server in a child process (SQLite in a temporary
// directory, opened by `storeFromEnv` as `npm start` does, seeded with the Lot scenario, silent logs),
// then sends commands and reads to it over loopback at a steady concurrency, and reports errors, latency
// percentiles per window, the child's resident set size over time and the heap it retains after full
// collections, with linear trends after warm-up. Bounded in count and time;
// stops the child and removes its files whatever happens.
//
//   npm run soak                           20,000 commands, a read every other command, 4 in flight,
//                                          15 minutes at most
//   npm run soak -- --commands 2000        a short run
//   Options (or SOAK_<NAME> in the environment): --commands N, --reads-per-command R, --concurrency C,
//   --rate N (requests per second, open loop; 0 = as fast as the concurrency allows), --window N,
//   --max-minutes M, --sample-ms N, --replay-every N, --json FILE (the raw figures). SOAK_NODE_ARGS adds
//   flags to the server's node (e.g. "--cpu-prof --cpu-prof-dir=/tmp/soak-profile").
//   Memory: --collect-every N (a full collection in the server after every N windows, default 1; 0: only
//   at the start and the end) follows the heap the server retains, beside its RSS; --cache-streams N and
//   --cache-events N (or CHEMINS_CACHE_STREAMS, CHEMINS_CACHE_EVENTS, as for `npm start`) bound its two
//   caches; --heap-snapshots DIR writes heap snapshots after the first and the last collection. At the
//   end each cache is emptied in turn, to measure what it held.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Messages from the server child to this process, over the IPC channel (no HTTP endpoint). */
type ChildMessage =
  | { type: 'ready'; url: string; seeded: boolean }
  | { type: 'memory'; at: number; rss: number; heapUsed: number; external: number }
  | { type: 'failed'; message: string }
  /** The heap after a full collection: what the server really holds, not what it has yet to collect. */
  | {
      type: 'collected';
      rss: number;
      heapUsed: number;
      heapTotal: number;
      external: number;
      /** What the two in-process caches hold at that moment. */
      caches: CacheSizes;
      /** Where the resident memory is: V8's committed spaces, and what V8 and the rest of the process malloc. */
      breakdown: MemoryBreakdown;
      /** Where the heap snapshot taken after the collection went, when one was asked for. */
      snapshot?: string;
    };

/** Messages from this process to the server child. */
type ParentMessage = 'stop' | { type: 'gc'; snapshot?: string; empty?: 'journal' | 'state' };

/** Bytes: V8's committed heap by space, V8's own malloc, and the kernel's split of the RSS (Linux). */
interface MemoryBreakdown {
  spaces: Record<string, number>;
  mallocedMemory: number;
  rssAnon: number | undefined;
  rssFile: number | undefined;
}

/** Streams and events held by the journal's stream cache and by the API's state cache. */
interface CacheSizes {
  journal: { streams: number; events: number };
  state: { streams: number; events: number };
}

type Collected = Omit<Extract<ChildMessage, { type: 'collected' }>, 'type'>;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------------
// The child: the local server, as `npm start` runs it, reporting its memory over IPC.

async function child(): Promise<void> {
  const { silentLogger, startLocalServer, storeFromEnv } = await import('@chemins/api');
  const send = (message: ChildMessage) => process.send?.(message);
  const dir = process.env.SOAK_DIR;
  const secret = process.env.SOAK_SECRET;
  if (!dir || !secret) {
    send({ type: 'failed', message: 'SOAK_DIR and SOAK_SECRET are set by the parent' });
    process.exit(2);
  }
  // As `npm start` opens it: the caches' bounds come from CHEMINS_CACHE_STREAMS and CHEMINS_CACHE_EVENTS.
  const configured = await storeFromEnv({
    ...process.env,
    CHEMINS_STORE: 'sqlite',
    CHEMINS_DATA: join(dir, 'journal.db'),
  });
  const { store, directory } = configured;
  const server = await startLocalServer({
    store,
    directory,
    port: 0,
    hostname: '127.0.0.1',
    secret,
    seed: true,
    logger: silentLogger,
  });
  const sample = () => {
    const { rss, heapUsed, external } = process.memoryUsage();
    send({ type: 'memory', at: Date.now(), rss, heapUsed, external });
  };
  const sampling = setInterval(sample, Number(process.env.SOAK_SAMPLE_MS ?? '1000'));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(sampling);
    await server.close().catch(() => {});
    await configured.close().catch(() => {});
    process.exit(0);
  };
  // The caches themselves, from the packages the server runs: the same per-store instances. Only read, for
  // the report, and emptied at the very end.
  const { StreamCache } = await import('@chemins/core');
  const { stateCacheOf } = await import('@chemins/api');
  const caches = (): CacheSizes => ({
    journal: StreamCache.sharedBy(store).size(),
    state: stateCacheOf(store).size,
  });
  // A full collection on demand, without --expose-gc on the command line.
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  process.on('message', (raw) => {
    const message = raw as ParentMessage;
    if (message === 'stop') void stop();
    else if (message.type === 'gc') {
      // Emptying a cache (at the very end) shows what it held: the heap it leaves behind.
      if (message.empty === 'journal') StreamCache.sharedBy(store).limit({ maxEvents: 0 });
      if (message.empty === 'state') stateCacheOf(store).limit({ events: 0 });
      collect();
      const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
      // Measured before any snapshot, which allocates on its own.
      const status = readFileSync('/proc/self/status', 'utf8');
      const kB = (field: string) => {
        const found = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
        return found ? Number(found) * 1024 : undefined;
      };
      const breakdown: MemoryBreakdown = {
        spaces: Object.fromEntries(
          getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]),
        ),
        mallocedMemory: getHeapStatistics().malloced_memory,
        rssAnon: kB('RssAnon'),
        rssFile: kB('RssFile'),
      };
      const snapshot = message.snapshot ? writeHeapSnapshot(message.snapshot) : undefined;
      send({
        breakdown,
        type: 'collected',
        rss,
        heapUsed,
        heapTotal,
        external,
        caches: caches(),
        ...(snapshot ? { snapshot } : {}),
      });
    }
  });
  // The parent went away: never outlive it.
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  // Ctrl-C reaches the whole process group: the parent decides when the server stops.
  process.on('SIGINT', () => {});
  sample();
  send({ type: 'ready', url: server.url, seeded: server.seeded });
}

// ---------------------------------------------------------------------------------------------------
// The parent: load generator and report.

interface Options {
  commands: number;
  readsPerCommand: number;
  concurrency: number;
  rate: number;
  window: number;
  maxMinutes: number;
  sampleMs: number;
  replayEvery: number;
  /** A full collection in the server after every this many windows, to follow what it retains (0: only at the ends). */
  collectEvery: number;
  /** A directory for heap snapshots of the server, after a full collection, before and after the load. */
  heapSnapshots: string | undefined;
  /** CHEMINS_CACHE_STREAMS and CHEMINS_CACHE_EVENTS for the server: its caches' bounds (unset: their defaults). */
  cacheStreams: number | undefined;
  cacheEvents: number | undefined;
  json: string | undefined;
}

async function options(): Promise<Options> {
  const { parseCacheBound } = await import('@chemins/api');
  const { values } = parseArgs({
    options: {
      commands: { type: 'string' },
      'reads-per-command': { type: 'string' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      window: { type: 'string' },
      'max-minutes': { type: 'string' },
      'sample-ms': { type: 'string' },
      'replay-every': { type: 'string' },
      'collect-every': { type: 'string' },
      'heap-snapshots': { type: 'string' },
      'cache-streams': { type: 'string' },
      'cache-events': { type: 'string' },
      json: { type: 'string' },
    },
    strict: true,
  });
  const number = (name: keyof typeof values, fallback: number, min: number, max: number): number => {
    const envName = `SOAK_${name.toUpperCase().replaceAll('-', '_')}`;
    const raw = values[name] ?? process.env[envName];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new Error(`--${name} (or ${envName}) must be a number from ${min} to ${max}, not ${raw}`);
    }
    return value;
  };
  // The server's own variables, so that `CHEMINS_CACHE_EVENTS=… npm run soak` means what it says, read
  // as the server reads them.
  const bound = (name: 'cache-streams' | 'cache-events', envName: string): number | undefined =>
    parseCacheBound(`--${name} (or ${envName})`, values[name] ?? process.env[envName]);
  return {
    commands: Math.floor(number('commands', 20_000, 1, 1_000_000)),
    readsPerCommand: number('reads-per-command', 0.5, 0, 100),
    concurrency: Math.floor(number('concurrency', 4, 1, 256)),
    rate: number('rate', 0, 0, 100_000),
    window: Math.floor(number('window', 2_000, 10, 1_000_000)),
    maxMinutes: number('max-minutes', 15, 0.1, 60),
    sampleMs: Math.floor(number('sample-ms', 1_000, 100, 60_000)),
    replayEvery: Math.floor(number('replay-every', 50, 0, 1_000_000)),
    collectEvery: Math.floor(number('collect-every', 1, 0, 1_000_000)),
    heapSnapshots: values['heap-snapshots'] ?? process.env.SOAK_HEAP_SNAPSHOTS,
    cacheStreams: bound('cache-streams', 'CHEMINS_CACHE_STREAMS'),
    cacheEvents: bound('cache-events', 'CHEMINS_CACHE_EVENTS'),
    json: values.json ?? process.env.SOAK_JSON,
  };
}

type Kind = 'command' | 'replay' | 'state' | 'timeline' | 'dashboard';
const KINDS: readonly Kind[] = ['command', 'replay', 'state', 'timeline', 'dashboard'];

interface Operation {
  kind: Kind;
  path: string;
  init: RequestInit;
  /** What a correct answer looks like. */
  expect: (status: number, body: string) => string | undefined;
  project?: string;
  /** The command's number, for commands and their replays. */
  index?: number;
}

interface Done {
  kind: Kind;
  ms: number;
  error?: string;
  project?: string;
}

interface WindowRow {
  /** Requests done before this window. */
  from: number;
  upTo: number;
  elapsedS: number;
  perSecond: number;
  errors: number;
  command: Percentiles;
  read: Percentiles;
  rssMB: number;
  /** After the full collection that closed this window, when one was made. */
  retained?: RetainedPoint;
}

/** What the server holds after a full collection, at a point of the run. */
interface RetainedPoint {
  done: number;
  atS: number;
  heapMB: number;
  rssMB: number;
  /** V8's committed heap (all spaces), and the parts of the RSS that are anonymous memory and mapped files. */
  heapTotalMB: number;
  rssAnonMB: number | undefined;
  rssFileMB: number | undefined;
  /** V8's committed spaces, MB (new_space, old_space, code_space, large_object_space, …). */
  spacesMB: Record<string, number>;
  /** Events held by the journal's stream cache and the API's state cache. */
  journalEvents: number;
  stateEvents: number;
  streams: { journal: number; state: number };
}

interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface Sample {
  atS: number;
  done: number;
  rssMB: number;
  heapMB: number | undefined;
}

function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

/** Least-squares line through (x, y): slope, and R² to say how much of the change it explains. */
function trend(points: readonly { x: number; y: number }[]): { slope: number; r2: number } {
  const n = points.length;
  if (n < 3) return { slope: 0, r2: 0 };
  const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const my = points.reduce((sum, p) => sum + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
    syy += (p.y - my) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, r2: sxx === 0 || syy === 0 ? 0 : (sxy * sxy) / (sxx * syy) };
}

/** The resident set size of a process, read from outside it (Linux), in bytes. */
function rssOf(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

async function main(): Promise<number> {
  const opts = await options();
  const startedAt = new Date();
  const dir = mkdtempSync(join(tmpdir(), 'chemins-soak-'));
  const secret = randomBytes(32).toString('base64url');
  let server: ChildProcess | undefined;
  const childMemory: { at: number; rss: number; heapUsed: number }[] = [];
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // SOAK_NODE_ARGS: extra flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const nodeArgs = (process.env.SOAK_NODE_ARGS ?? '').split(' ').filter(Boolean);
    server = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', SELF, '--child'], {
      cwd: ROOT,
      env: {
        ...process.env,
        SOAK_DIR: dir,
        SOAK_SECRET: secret,
        SOAK_SAMPLE_MS: String(opts.sampleMs),
        CHEMINS_CACHE_STREAMS: opts.cacheStreams === undefined ? '' : String(opts.cacheStreams),
        CHEMINS_CACHE_EVENTS: opts.cacheEvents === undefined ? '' : String(opts.cacheEvents),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const child = server;
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the server did not start in 120 s')), 120_000);
      child.on('message', (raw) => {
        const message = raw as ChildMessage;
        if (message.type === 'memory')
          childMemory.push({ at: message.at, rss: message.rss, heapUsed: message.heapUsed });
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(message.url);
        }
        if (message.type === 'failed') reject(new Error(message.message));
      });
      child.once('exit', (code) => reject(new Error(`the server exited with ${code} before it was ready`)));
    });
    const { hostname } = new URL(url);
    if (hostname !== '127.0.0.1') throw new Error(`refusing to load ${url}: loopback only`);
    const pid = child.pid ?? 0;
    const collected = (snapshot?: string, empty?: 'journal' | 'state'): Promise<Collected> =>
      new Promise((resolve) => {
        const listener = (raw: unknown) => {
          const message = raw as ChildMessage;
          if (message.type !== 'collected') return;
          child.off('message', listener);
          const { type: _type, ...rest } = message;
          resolve(rest);
        };
        child.on('message', listener);
        child.send({
          type: 'gc',
          ...(snapshot ? { snapshot } : {}),
          ...(empty ? { empty } : {}),
        } satisfies ParentMessage);
      });
    const report = await load(url, secret, pid, opts, childMemory, collected, () => interrupted);
    const result = { startedAt: startedAt.toISOString(), machine: machine(), options: opts, ...report };
    print(result);
    if (opts.json) writeFileSync(opts.json, `${JSON.stringify(result, null, 2)}\n`);
    if (report.stopReason === 'interrupted') return 130;
    return report.errors === 0 && report.verification.every((row) => row.ok) ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (server) await stopChild(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Asks the child to close the server and the store; kills it after 10 s. */
async function stopChild(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  if (server.connected) server.send('stop');
  else server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function machine() {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    os: `${platform()} ${release()}`,
    loadAverageAtStart: round(loadavg()[0] ?? 0),
  };
}

async function load(
  url: string,
  secret: string,
  pid: number,
  opts: Options,
  childMemory: readonly { at: number; rss: number; heapUsed: number }[],
  collected: (snapshot?: string, empty?: 'journal' | 'state') => Promise<Collected>,
  interrupted: () => boolean,
) {
  const { signToken } = await import('@chemins/api');
  const { lotStructures, LOT_TERRITORY } = await import('@chemins/core');
  const structures = lotStructures.map((structure) => structure.id);
  const projects = [...structures.map((id) => `${id}-2023`), 'causses-2019'];
  const ttlSeconds = 3600;
  const staff = `Bearer ${await signToken({ sub: 'soak-staff', role: 'staff', structures, ttlSeconds }, secret)}`;
  const adviser = `Bearer ${await signToken(
    { sub: 'soak-adviser', role: 'caf_advisor', territories: [LOT_TERRITORY], ttlSeconds },
    secret,
  )}`;
  const runId = randomBytes(4).toString('hex');

  const versions = async () => {
    const found: Record<string, number> = {};
    for (const project of projects) {
      const response = await fetch(`${url}/projects/${project}`, { headers: { Authorization: staff } });
      await response.arrayBuffer();
      found[project] = Number(/(\d+)/.exec(response.headers.get('ETag') ?? '')?.[1] ?? Number.NaN);
    }
    return found;
  };
  const before = await versions();
  const snapshotPath = (name: string) =>
    opts.heapSnapshots ? join(opts.heapSnapshots, `soak-${runId}-${name}.heapsnapshot`) : undefined;
  const heapBefore = await collected(snapshotPath('before'));

  const expectStatus =
    (status: number, check?: (body: string) => string | undefined) => (actual: number, body: string) =>
      actual !== status ? `HTTP ${actual}: ${body.slice(0, 200)}` : check?.(body);
  const commandBody = (index: number) =>
    JSON.stringify({
      type: 'AddComment',
      text: `Soak ${runId} n°${index}: un temps d’échange avec les habitants du quartier, ${'retour '.repeat(index % 20)}fin.`,
    });
  const command = (index: number, replay: boolean): Operation => {
    const project = projects[index % projects.length] ?? 'causses-2023';
    return {
      kind: replay ? 'replay' : 'command',
      path: `/projects/${project}/commands`,
      project,
      index,
      init: {
        method: 'POST',
        body: commandBody(index),
        headers: {
          Authorization: staff,
          'Content-Type': 'application/json',
          'Idempotency-Key': `soak-${runId}-${index}`,
        },
      },
      expect: expectStatus(201, (body) => {
        const replayed = (JSON.parse(body) as { replayed?: boolean }).replayed;
        return replayed === replay ? undefined : `replayed is ${replayed}, expected ${replay}`;
      }),
    };
  };
  const read = (index: number): Operation => {
    const project = projects[(index * 7) % projects.length] ?? 'causses-2023';
    switch (index % 3) {
      case 0:
        return {
          kind: 'state',
          path: `/projects/${project}`,
          init: { headers: { Authorization: staff } },
          expect: expectStatus(200),
        };
      case 1:
        return {
          kind: 'timeline',
          path: `/projects/${project}/timeline?limit=50`,
          init: { headers: { Authorization: staff } },
          expect: expectStatus(200),
        };
      default:
        return {
          kind: 'dashboard',
          path: `/territories/${LOT_TERRITORY}/dashboard`,
          init: { headers: { Authorization: adviser } },
          expect: expectStatus(200),
        };
    }
  };

  // The schedule: commands, with reads between them at the given ratio, and now and then a command sent
  // again with the same Idempotency-Key, right after the first one (which must come back replayed).
  function* schedule(): Generator<Operation> {
    let readDebt = 0;
    let reads = 0;
    for (let index = 0; index < opts.commands; index++) {
      yield command(index, false);
      readDebt += opts.readsPerCommand;
      while (readDebt >= 1) {
        yield read(reads++);
        readDebt -= 1;
      }
    }
  }
  const pendingReplays: number[] = [];
  const planned = Math.floor(opts.commands * (1 + opts.readsPerCommand));
  const operations = schedule();

  const deadline = performance.now() + opts.maxMinutes * 60_000;
  const t0 = performance.now();
  const done: Done[] = [];
  const windows: WindowRow[] = [];
  const samples: Sample[] = [];
  const errorSamples: string[] = [];
  const statusCounts: Record<string, number> = {};
  let started = 0;
  let stopReason = 'done';
  let windowStart = 0;
  let windowT = t0;

  const sampleMemory = () => {
    const outside = rssOf(pid);
    const inside = childMemory.at(-1);
    const rss = outside ?? inside?.rss;
    if (rss === undefined) return;
    samples.push({
      atS: round((performance.now() - t0) / 1000, 2),
      done: done.length,
      rssMB: round(rss / MB, 2),
      heapMB: inside ? round(inside.heapUsed / MB, 2) : undefined,
    });
  };
  sampleMemory();
  const sampler = setInterval(sampleMemory, opts.sampleMs);

  const retainedSeries: RetainedPoint[] = [];
  const retainedPoint = (heap: Collected): RetainedPoint => ({
    done: done.length,
    atS: round((performance.now() - t0) / 1000, 2),
    heapMB: round(heap.heapUsed / MB, 2),
    rssMB: round(heap.rss / MB, 2),
    heapTotalMB: round(heap.heapTotal / MB, 2),
    rssAnonMB: heap.breakdown.rssAnon === undefined ? undefined : round(heap.breakdown.rssAnon / MB, 2),
    rssFileMB: heap.breakdown.rssFile === undefined ? undefined : round(heap.breakdown.rssFile / MB, 2),
    spacesMB: Object.fromEntries(
      Object.entries(heap.breakdown.spaces).map(([name, bytes]) => [name, round(bytes / MB, 2)]),
    ),
    journalEvents: heap.caches.journal.events,
    stateEvents: heap.caches.state.events,
    streams: { journal: heap.caches.journal.streams, state: heap.caches.state.streams },
  });
  // While the server collects, no new request starts (those in flight finish): the pause is not
  // charged to the requests, and the collection sees the heap between requests, as at the ends.
  let gate: Promise<void> | undefined;
  const collectNow = (row: WindowRow) => {
    gate = collected().then((heap) => {
      const point = retainedPoint(heap);
      retainedSeries.push(point);
      row.retained = point;
      gate = undefined;
      windowT = performance.now();
    });
  };

  const windowStarts: number[] = [];
  const closeWindow = () => {
    const slice = done.slice(windowStart);
    const now = performance.now();
    windowStarts.push(windowT);
    windows.push({
      from: windowStart,
      upTo: done.length,
      elapsedS: round((now - t0) / 1000),
      perSecond: round(slice.length / ((now - windowT) / 1000)),
      errors: slice.filter((entry) => entry.error).length,
      command: percentiles(slice.filter((entry) => entry.kind === 'command').map((entry) => entry.ms)),
      read: percentiles(
        slice.filter((entry) => entry.kind !== 'command' && entry.kind !== 'replay').map((entry) => entry.ms),
      ),
      rssMB: samples.at(-1)?.rssMB ?? 0,
    });
    windowStart = done.length;
    windowT = now;
  };
  const closeWindowAndCollect = () => {
    closeWindow();
    const row = windows.at(-1);
    if (row && opts.collectEvery > 0 && windows.length % opts.collectEvery === 0) collectNow(row);
  };

  const next = (): Operation | undefined => {
    const replay = pendingReplays.shift();
    if (replay !== undefined) return command(replay, true);
    const item = operations.next();
    return item.done ? undefined : item.value;
  };

  const worker = async () => {
    for (;;) {
      if (interrupted()) stopReason = 'interrupted';
      if (performance.now() > deadline) stopReason = `time limit (${opts.maxMinutes} min)`;
      if (stopReason !== 'done') return;
      while (gate) await gate;
      const operation = next();
      if (!operation) return;
      const sequence = started++;
      if (opts.rate > 0) {
        const due = t0 + (sequence / opts.rate) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const begin = performance.now();
      let error: string | undefined;
      try {
        const response = await fetch(`${url}${operation.path}`, {
          ...operation.init,
          signal: AbortSignal.timeout(60_000),
        });
        const body = await response.text();
        statusCounts[response.status] = (statusCounts[response.status] ?? 0) + 1;
        error = operation.expect(response.status, body);
      } catch (thrown) {
        error = `network: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
        statusCounts.network = (statusCounts.network ?? 0) + 1;
      }
      const ms = performance.now() - begin;
      done.push({
        kind: operation.kind,
        ms,
        ...(error ? { error } : {}),
        ...(operation.project ? { project: operation.project } : {}),
      });
      if (error && errorSamples.length < 10)
        errorSamples.push(`${operation.kind} ${operation.path}: ${error}`);
      const { index } = operation;
      if (operation.kind === 'command' && !error && index !== undefined && opts.replayEvery > 0) {
        if (index % opts.replayEvery === 0) pendingReplays.push(index);
      }
      if (done.length - windowStart >= opts.window) closeWindowAndCollect();
    }
  };

  const progress = setInterval(() => {
    const last = samples.at(-1);
    process.stderr.write(
      `  ${done.length}/${planned}+ requests, ${done.filter((entry) => entry.error).length} errors, ${round((performance.now() - t0) / 1000)} s, RSS ${last?.rssMB ?? '?'} MB\n`,
    );
  }, 15_000);
  process.stderr.write(
    `Soak: ${opts.commands} commands, ${opts.readsPerCommand} read(s) per command, ${opts.concurrency} in flight${opts.rate ? `, ${opts.rate} req/s` : ''}, against ${url}\n`,
  );
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
    await gate;
  } finally {
    clearInterval(progress);
    clearInterval(sampler);
  }
  if (done.length > windowStart) {
    // A short remainder joins the last full window rather than stand alone as noise.
    const last = windows.at(-1);
    const lastStart = windowStarts.at(-1);
    if (last && lastStart !== undefined && done.length - windowStart < opts.window / 2) {
      windows.pop();
      windowStarts.pop();
      windowStart = last.from;
      windowT = lastStart;
    }
    closeWindow();
  }
  sampleMemory();
  const elapsedS = (performance.now() - t0) / 1000;

  // Nothing lost: every accepted command left exactly one event, and each chain verifies.
  const after = await versions();
  const accepted: Record<string, number> = {};
  for (const entry of done) {
    if (entry.kind === 'command' && !entry.error && entry.project)
      accepted[entry.project] = (accepted[entry.project] ?? 0) + 1;
  }
  const verification = [];
  for (const project of projects) {
    const response = await fetch(`${url}/projects/${project}/audit`, { headers: { Authorization: staff } });
    const audit = (await response.json()) as { ok?: boolean; checked?: number };
    const grew = (after[project] ?? 0) - (before[project] ?? 0);
    verification.push({
      project,
      accepted: accepted[project] ?? 0,
      eventsAdded: grew,
      chainOk: audit.ok === true,
      checked: audit.checked ?? 0,
      ok: audit.ok === true && grew === (accepted[project] ?? 0),
    });
  }

  const heapAfter = await collected(snapshotPath('after'));
  retainedSeries.unshift({ ...retainedPoint(heapBefore), done: 0, atS: 0 });
  const end = retainedPoint(heapAfter);
  retainedSeries.push(end);
  const lastWindow = windows.at(-1);
  if (lastWindow) lastWindow.retained = end;
  const eventsAdded = verification.reduce((sum, row) => sum + row.eventsAdded, 0);
  // What each cache holds, measured by emptying it: the journal's first, then the state cache.
  const withoutJournalCache = await collected(undefined, 'journal');
  const withoutCaches = await collected(undefined, 'state');
  const held = (before: Collected, after: Collected, events: number) => ({
    events,
    MB: round((before.heapUsed - after.heapUsed) / MB, 2),
    bytesPerEvent: events ? Math.round((before.heapUsed - after.heapUsed) / events) : 0,
  });
  const caches = {
    journal: held(heapAfter, withoutJournalCache, heapAfter.caches.journal.events),
    state: held(withoutJournalCache, withoutCaches, heapAfter.caches.state.events),
    /** The rest of the heap, without the caches, against the start (when they held the seeded streams). */
    heapWithoutCachesMB: round(withoutCaches.heapUsed / MB, 2),
    heapAtStartMB: round(heapBefore.heapUsed / MB, 2),
    cachedAtStart: heapBefore.caches,
  };
  const retained = {
    heapBeforeMB: round(heapBefore.heapUsed / MB),
    heapAfterMB: round(heapAfter.heapUsed / MB),
    heapTotalAfterMB: round(heapAfter.heapTotal / MB),
    externalAfterMB: round(heapAfter.external / MB),
    rssAfterCollectionMB: round(heapAfter.rss / MB),
    eventsAdded,
    bytesPerEventAdded: eventsAdded
      ? Math.round((heapAfter.heapUsed - heapBefore.heapUsed) / eventsAdded)
      : 0,
  };

  const byKind = Object.fromEntries(
    KINDS.map((kind) => [
      kind,
      percentiles(done.filter((entry) => entry.kind === kind).map((entry) => entry.ms)),
    ]),
  ) as Record<Kind, Percentiles>;
  const rss = memoryTrend(samples, opts.window);
  const retainedTrendAfterWarmUp = retainedTrend(retainedSeries, opts.window, done.length);
  return {
    stopReason,
    elapsedS: round(elapsedS),
    requests: done.length,
    commands: byKind.command.count,
    replays: byKind.replay.count,
    reads: byKind.state.count + byKind.timeline.count + byKind.dashboard.count,
    errors: done.filter((entry) => entry.error).length,
    statusCounts,
    errorSamples,
    perSecond: round(done.length / elapsedS),
    byKind,
    windows,
    rss,
    retained,
    retainedTrend: retainedTrendAfterWarmUp,
    caches,
    retainedSeries,
    samples,
    verification,
  };
}

/**
 * RSS at start and end, and a least-squares trend over the samples after warm-up (the first window of
 * requests): MB per 10,000 requests and per minute, with R², and the mean of the last fifth against the
 * mean of the first fifth after warm-up.
 */
function memoryTrend(samples: readonly Sample[], warmUp: number) {
  const steady = samples.filter((sample) => sample.done >= warmUp);
  const fifth = Math.max(1, Math.floor(steady.length / 5));
  const mean = (list: readonly Sample[]) =>
    list.reduce((sum, sample) => sum + sample.rssMB, 0) / (list.length || 1);
  const byRequests = trend(steady.map((sample) => ({ x: sample.done / 10_000, y: sample.rssMB })));
  const byMinutes = trend(steady.map((sample) => ({ x: sample.atS / 60, y: sample.rssMB })));
  const heap = steady.filter((sample) => sample.heapMB !== undefined);
  const heapTrend = trend(heap.map((sample) => ({ x: sample.done / 10_000, y: sample.heapMB ?? 0 })));
  return {
    startMB: samples[0]?.rssMB ?? 0,
    afterWarmUpMB: steady[0]?.rssMB ?? 0,
    endMB: samples.at(-1)?.rssMB ?? 0,
    minMB: Math.min(...steady.map((sample) => sample.rssMB)),
    maxMB: Math.max(...steady.map((sample) => sample.rssMB)),
    samplesAfterWarmUp: steady.length,
    slopeMBPer10kRequests: round(byRequests.slope, 2),
    slopeMBPerMinute: round(byMinutes.slope, 2),
    r2: round(byRequests.r2, 2),
    firstFifthMeanMB: round(mean(steady.slice(0, fifth))),
    lastFifthMeanMB: round(mean(steady.slice(-fifth))),
    heapSlopeMBPer10kRequests: round(heapTrend.slope, 2),
    heapR2: round(heapTrend.r2, 2),
  };
}

/**
 * The heap retained after full collections: its trend after warm-up and over the second half of the run
 * (MB per 10,000 requests, R²), and against what the caches hold (bytes per event held), so that growth
 * can be told apart into the caches' data and the rest.
 */
function retainedTrend(series: readonly RetainedPoint[], warmUp: number, requests: number) {
  const steady = series.filter((point) => point.done >= warmUp);
  const late = series.filter((point) => point.done >= requests / 2);
  const per10k = (points: readonly RetainedPoint[], y: (point: RetainedPoint) => number) => {
    const line = trend(points.map((point) => ({ x: point.done / 10_000, y: y(point) })));
    return { slope: round(line.slope, 2), r2: round(line.r2, 2), points: points.length };
  };
  const held = (point: RetainedPoint) => point.journalEvents + point.stateEvents;
  const perEvent = trend(series.map((point) => ({ x: held(point), y: point.heapMB * MB })));
  return {
    heap: per10k(steady, (point) => point.heapMB),
    heapSecondHalf: per10k(late, (point) => point.heapMB),
    rssSecondHalf: per10k(late, (point) => point.rssMB),
    /** Least squares of the retained heap against the events the two caches hold (each cache's count). */
    bytesPerEventHeld: Math.round(perEvent.slope),
    bytesPerEventHeldR2: round(perEvent.r2, 3),
    heldAtEnd: series.at(-1),
  };
}

function print(
  result: Awaited<ReturnType<typeof load>> & {
    startedAt: string;
    machine: ReturnType<typeof machine>;
    options: Options;
  },
): void {
  const out: string[] = [];
  const ms = (value: number) => (value < 10 ? value.toFixed(1) : Math.round(value).toString());
  const { machine: m, options: o } = result;
  out.push(
    '',
    `Soak of ${result.startedAt}: ${m.nproc} CPUs (${m.cpu}), Node ${m.node}, ${m.os}, load average ${m.loadAverageAtStart} at the start.`,
    `Options: ${o.commands} commands, ${o.readsPerCommand} read(s) per command, ${o.concurrency} in flight${o.rate ? `, ${o.rate} req/s` : ''}, a replay every ${o.replayEvery} commands, windows of ${o.window} requests.`,
    `Server caches (journal's stream cache, API's state cache): ${
      o.cacheStreams === undefined && o.cacheEvents === undefined
        ? 'default bounds'
        : `bounded to ${o.cacheStreams ?? 'default'} streams and ${o.cacheEvents ?? 'default'} events each`
    }; a full collection after every ${o.collectEvery || '—'} window(s).`,
    `Stopped: ${result.stopReason}, after ${result.elapsedS} s: ${result.requests} requests (${result.commands} commands, ${result.replays} replays, ${result.reads} reads), ${result.perSecond} requests/s.`,
    `Errors: ${result.errors}. Statuses: ${JSON.stringify(result.statusCounts)}.`,
    ...result.errorSamples.map((sample) => `  ${sample}`),
    '',
    '| requests | elapsed, s | requests/s | errors | command p50 / p95 / p99, ms | read p50 / p95 / p99, ms | RSS, MB | heap after GC, MB | events cached (journal / state) |',
    '| -------: | ---------: | ---------: | -----: | --------------------------- | ------------------------ | ------: | ----------------: | ------------------------------- |',
  );
  const startPoint = result.retainedSeries[0];
  if (startPoint)
    out.push(
      `| 0 | 0 | | | | | ${startPoint.rssMB} | ${startPoint.heapMB} | ${startPoint.journalEvents} / ${startPoint.stateEvents} |`,
    );
  for (const row of result.windows) {
    const kept = row.retained;
    out.push(
      `| ${row.upTo} | ${row.elapsedS} | ${row.perSecond} | ${row.errors} | ${ms(row.command.p50)} / ${ms(row.command.p95)} / ${ms(row.command.p99)} | ${ms(row.read.p50)} / ${ms(row.read.p95)} / ${ms(row.read.p99)} | ${row.rssMB} | ${kept?.heapMB ?? ''} | ${kept ? `${kept.journalEvents} / ${kept.stateEvents}` : ''} |`,
    );
  }
  out.push(
    '',
    '| request | count | p50, ms | p95, ms | p99, ms | max, ms |',
    '| ------- | ----: | ------: | ------: | ------: | ------: |',
  );
  for (const kind of KINDS) {
    const p = result.byKind[kind];
    out.push(`| ${kind} | ${p.count} | ${ms(p.p50)} | ${ms(p.p95)} | ${ms(p.p99)} | ${ms(p.max)} |`);
  }
  const r = result.rss;
  const t = result.retainedTrend;
  out.push(
    '',
    `RSS (server child, /proc/<pid>/status): ${r.startMB} MB at the start (seeded, idle), ${r.afterWarmUpMB} MB after warm-up, ${r.endMB} MB at the end; ${r.minMB}–${r.maxMB} MB over ${r.samplesAfterWarmUp} samples after warm-up.`,
    `Trend after warm-up: ${r.slopeMBPer10kRequests} MB per 10,000 requests (${r.slopeMBPerMinute} MB/min, R² ${r.r2}); mean of the first fifth ${r.firstFifthMeanMB} MB, of the last fifth ${r.lastFifthMeanMB} MB. V8 heap used: ${r.heapSlopeMBPer10kRequests} MB per 10,000 requests (R² ${r.heapR2}).`,
    `Heap after full collections (${t.heap.points} after warm-up): ${t.heap.slope} MB per 10,000 requests (R² ${t.heap.r2}); over the second half of the run ${t.heapSecondHalf.slope} MB per 10,000 requests (R² ${t.heapSecondHalf.r2}), RSS after those collections ${t.rssSecondHalf.slope} MB per 10,000 requests (R² ${t.rssSecondHalf.r2}). Against the events the caches hold: ${t.bytesPerEventHeld} bytes per event held (R² ${t.bytesPerEventHeldR2}).`,
    ...[result.retainedSeries[0], result.retainedSeries.at(-1)].map((point, index) =>
      point
        ? `${index ? 'At the end' : 'At the start'}, after a full collection: RSS ${point.rssMB} MB (anonymous ${point.rssAnonMB}, files ${point.rssFileMB}); V8 committed ${point.heapTotalMB} MB (${Object.entries(
            point.spacesMB,
          )
            .filter(([, mb]) => mb >= 1)
            .map(([name, mb]) => `${name} ${mb}`)
            .join(', ')}), used ${point.heapMB} MB.`
        : '',
    ),
    `The caches, emptied one after the other at the end: the journal's held ${result.caches.journal.MB} MB for ${result.caches.journal.events} events (${result.caches.journal.bytesPerEvent} bytes each), the state cache ${result.caches.state.MB} MB for ${result.caches.state.events} events (${result.caches.state.bytesPerEvent} bytes each). The heap without them: ${result.caches.heapWithoutCachesMB} MB, against ${result.caches.heapAtStartMB} MB at the start with ${result.caches.cachedAtStart.journal.events} and ${result.caches.cachedAtStart.state.events} events cached.`,
    `Heap after a full collection: ${result.retained.heapBeforeMB} MB before the load, ${result.retained.heapAfterMB} MB after it (V8 heap reserved ${result.retained.heapTotalAfterMB} MB, external ${result.retained.externalAfterMB} MB, RSS ${result.retained.rssAfterCollectionMB} MB), for ${result.retained.eventsAdded} events added: ${result.retained.bytesPerEventAdded} bytes retained per event.`,
    '',
    '| project | commands accepted | events added | chain verifies (events checked) |',
    '| ------- | ----------------: | -----------: | ------------------------------- |',
    ...result.verification.map(
      (row) =>
        `| ${row.project} | ${row.accepted} | ${row.eventsAdded} | ${row.chainOk ? 'yes' : 'NO'} (${row.checked}) |`,
    ),
    '',
  );
  process.stdout.write(out.join('\n'));
}

// Last, so that every constant above is initialised before it runs.
if (process.argv.includes('--child')) await child();
else process.exitCode = await main();
