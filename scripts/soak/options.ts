// The soak's options: command-line flags, or SOAK_<NAME> in the environment; the caches' bounds also
// from the server's own CHEMINS_CACHE_STREAMS and CHEMINS_CACHE_EVENTS.
import { parseArgs } from 'node:util';

export interface Options {
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

export async function readOptions(): Promise<Options> {
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
