// One way of building a project's state, timed in a process of its own: started by bench/core.ts as
// `node --import tsx --expose-gc bench/core-worker.ts '<job as JSON>'`, it reads one log (NDJSON, the
// stored events of one stream), builds only what its way needs, warms up, times its samples and writes
// one line of JSON to stdout. A process of its own, because in the bench's process (which writes the
// logs through the journal and used to hold every log and every store at once) the same fold ran 2 to 4
// times slower, its scavenges taking 21 ms against 4.5 ms in a fresh process.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import {
  applyInPlace,
  canonicalJson,
  type EventDraft,
  fold,
  initialState,
  Journal,
  type JournalEvent,
  type JourneyState,
  MemoryEventStore,
  upcastEvent,
} from '@chemins/core';
import { getInMemoryEventStore } from '@event-driven-io/emmett';

export type Way = 'fold' | 'load' | 'emmett';

export interface WorkerJob {
  way: Way;
  /** The log: one stored event (as the store returned it, not upcast) per line. */
  file: string;
  streamId: string;
  events: number;
  samples: number;
  /** Each sample repeats the task until it has built about this many events (at least once). */
  eventsPerSample: number;
  /** Untimed samples before the timed ones, for the JIT: this process starts cold. */
  warmUpSamples: number;
}

export interface WorkerResult {
  way: Way;
  events: number;
  /** Events per wall-clock second, one per sample. */
  rates: number[];
  /** Events per second of this process's CPU time (all its threads), one per sample. */
  cpuRates: number[];
  /** Garbage collection pauses that started within the samples, and the samples' total time (ms). */
  gcMs: number;
  sampleMs: number;
  /** Heap in use once the way's data was built, after a full collection (MB). */
  heapMb: number;
  /** Reading the log and building the way's data (s). */
  setupSeconds: number;
  /** SHA-256 of the canonical JSON of the last state built, and its version. */
  stateHash: string;
  version: number;
}

/** An Emmett event carrying a Chemins event whole: no translation on either side. */
type EmmettEvent = { type: string; data: Record<string, unknown> };

/** Line by line, so that the log (up to 200 MB) is never one string in this heap. */
async function readLog(file: string): Promise<JournalEvent[]> {
  const events: JournalEvent[] = [];
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) if (line.length > 0) events.push(JSON.parse(line) as JournalEvent);
  return events;
}

/** The task of one way, over only what that way needs; it returns the state it built. */
async function prepare(job: WorkerJob): Promise<() => Promise<JourneyState> | JourneyState> {
  const stored = await readLog(job.file);
  if (stored.length !== job.events)
    throw new Error(`${job.file} has ${stored.length} events, not ${job.events}`);
  if (job.way === 'fold') {
    const events = stored.map(upcastEvent);
    return () => fold(events);
  }
  if (job.way === 'load') {
    // The store is rebuilt from the stored events, 1,000 a time as the bench appends its longest log;
    // the hash chain covers every field the store keeps, so the same last hash says it holds the same
    // events (erased texts count by their digest, as in the store the log was read from).
    const store = new MemoryEventStore();
    for (let from = 0; from < stored.length; from += 1_000) {
      const drafts = stored.slice(from, from + 1_000).map((event) => {
        const { version: _version, prevHash: _prevHash, hash: _hash, ...draft } = event;
        return draft as EventDraft;
      });
      await store.append(job.streamId, drafts, {
        expectedVersion: from === 0 ? 'no_stream' : from,
        commandId: `bench-rebuild-${from}`,
      });
    }
    const last = (await store.readStream(job.streamId, { direction: 'backward', limit: 1 })).events[0];
    if (last?.hash !== stored.at(-1)?.hash)
      throw new Error('the rebuilt store holds another chain than the log');
    const journal = new Journal(store, { cache: false });
    return async () => (await journal.load(job.streamId)).state;
  }
  const emmett = getInMemoryEventStore();
  await emmett.appendToStream<EmmettEvent>(
    job.streamId,
    stored.map((event) => {
      const upcast = upcastEvent(event);
      return { type: upcast.type, data: upcast as unknown as Record<string, unknown> };
    }),
  );
  // The same work per event as fold: applyInPlace on a state Emmett's initialState makes afresh.
  const evolve = (state: JourneyState, event: EmmettEvent) => {
    applyInPlace(state, event.data as unknown as JournalEvent);
    return state;
  };
  return async () =>
    (await emmett.aggregateStream<JourneyState, EmmettEvent>(job.streamId, { evolve, initialState })).state;
}

/** Lets the event loop and the collector breathe between samples, as the bench always did. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

async function main(job: WorkerJob): Promise<WorkerResult> {
  const setup = performance.now();
  const task = await prepare(job);
  const setupSeconds = (performance.now() - setup) / 1000;
  // What is left of reading and building is garbage: collect it, so the samples pay for this way's heap.
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  const repeat = Math.max(1, Math.round(job.eventsPerSample / job.events));
  let state: JourneyState = initialState();
  for (let n = 0; n < repeat * job.warmUpSamples; n++) state = await task();
  const rates: number[] = [];
  const cpuRates: number[] = [];
  const windows: { from: number; to: number }[] = [];
  const pauses: { start: number; duration: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ start: entry.startTime, duration: entry.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  for (let sample = 0; sample < job.samples; sample++) {
    await pause();
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    for (let n = 0; n < repeat; n++) state = await task();
    const ended = performance.now();
    const cpu = process.cpuUsage(cpuStarted);
    windows.push({ from: started, to: ended });
    rates.push((job.events * repeat) / ((ended - started) / 1000));
    cpuRates.push((job.events * repeat) / ((cpu.user + cpu.system) / 1e6));
  }
  await pause();
  observer.disconnect();
  const sampleMs = windows.reduce((sum, window) => sum + window.to - window.from, 0);
  const gcMs = pauses
    .filter((gc) => windows.some((window) => gc.start >= window.from && gc.start < window.to))
    .reduce((sum, gc) => sum + gc.duration, 0);
  const stateHash = createHash('sha256').update(canonicalJson(state)).digest('hex');
  return {
    way: job.way,
    events: job.events,
    rates,
    cpuRates,
    gcMs,
    sampleMs,
    heapMb,
    setupSeconds,
    stateHash,
    version: state.version,
  };
}

const result = await main(JSON.parse(process.argv[2] ?? '') as WorkerJob);
process.stdout.write(`${JSON.stringify(result)}\n`);
