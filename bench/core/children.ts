// The fold bench's measurements: each way timed in a fresh process that holds only its log
// (bench/core-worker.ts), the children taking turns, their samples gathered per way.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Way, WorkerJob, WorkerResult } from '../core-worker.ts';
import { type Stats, stats, thousands } from '../support/stats.ts';
import type { Log } from './logs.ts';
import {
  CHILD_ARGS,
  CHILD_TIMEOUT_MS,
  EVENTS_PER_SAMPLE,
  ROOT,
  ROUNDS,
  SAMPLES_PER_CHILD,
  WARM_UP_SAMPLES,
  WAYS,
} from './plan.ts';

/** One way's samples over its children. */
export interface WayRow {
  rates: Stats;
  /** Events per second of the child's CPU time (all its threads): what the load of the machine takes away from the wall clock, it does not. */
  cpuRates: Stats;
  /** The share of the samples' time spent in garbage collection pauses. */
  gcShare: number;
  /** Heap in use in the child once its data was built, after a full collection (MB, median over children). */
  heapMb: number;
  /** Reading the log and building the way's data in the child (s, median over children). */
  setupSeconds: number;
}

export interface FoldRow {
  events: number;
  written: number;
  through: 'journal' | 'drafts';
  fold: WayRow;
  load: WayRow;
  emmett: WayRow;
  /** The SHA-256 of the canonical JSON of the state every child built. */
  stateHash: string;
}

/** Runs one child to its end; `running` holds it meanwhile, so that whoever stops the bench can kill it. */
function runChild(job: WorkerJob, running: Set<ChildProcess>): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CHILD_ARGS, JSON.stringify(job)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    running.add(child);
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line)
        return reject(new Error(`the ${job.way} child (${job.events} events) ended with ${signal ?? code}`));
      try {
        resolve(JSON.parse(line) as WorkerResult);
      } catch (error) {
        reject(error);
      }
    });
  });
}

const median = (values: readonly number[]) => stats(values).median;

function wayRow(results: readonly WorkerResult[]): WayRow {
  const sampleMs = results.reduce((sum, result) => sum + result.sampleMs, 0);
  return {
    rates: stats(results.flatMap((result) => result.rates)),
    cpuRates: stats(results.flatMap((result) => result.cpuRates)),
    gcShare: sampleMs > 0 ? results.reduce((sum, result) => sum + result.gcMs, 0) / sampleMs : 0,
    heapMb: median(results.map((result) => result.heapMb)),
    setupSeconds: median(results.map((result) => result.setupSeconds)),
  };
}

/**
 * ROUNDS rounds over one log, each starting one child per way, one child at a time (run together, they
 * would measure each other), the first way of a round moving on by one each round, so that what else
 * the machine runs weighs on each way alike. Every child must build the same state.
 */
export async function measureLog(log: Log, running: Set<ChildProcess>): Promise<FoldRow> {
  const results: WorkerResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (let turn = 0; turn < WAYS.length; turn++) {
      const way = WAYS[(round + turn) % WAYS.length] as Way;
      const result = await runChild(
        {
          way,
          file: log.file,
          streamId: log.streamId,
          events: log.events,
          samples: SAMPLES_PER_CHILD,
          eventsPerSample: EVENTS_PER_SAMPLE,
          warmUpSamples: WARM_UP_SAMPLES,
        },
        running,
      );
      process.stderr.write(
        `  ${thousands(log.events)} events, round ${round + 1}, ${way}: ` +
          `${result.rates.map(thousands).join(', ')} events/s (set-up ${result.setupSeconds.toFixed(1)} s, ` +
          `heap ${result.heapMb.toFixed(0)} MB)\n`,
      );
      results.push(result);
    }
  }
  const first = results[0] as WorkerResult;
  for (const result of results)
    if (result.version !== log.events || result.stateHash !== first.stateHash)
      throw new Error(`${thousands(log.events)} events: the ${result.way} child built another state`);
  const of = (way: Way) => wayRow(results.filter((result) => result.way === way));
  return {
    events: log.events,
    written: log.written,
    through: log.through,
    fold: of('fold'),
    load: of('load'),
    emmett: of('emmett'),
    stateHash: first.stateHash,
  };
}
