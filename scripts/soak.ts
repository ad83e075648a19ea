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
//
//   The parts, in scripts/soak/: options.ts (the options above), server-child.ts (the server's process)
//   and server-process.ts (starting and stopping it), messages.ts (what they say to each other over IPC),
//   load.ts (the load generator) with operations.ts (what it sends) and verify.ts (nothing lost),
//   memory.ts and stats.ts (the figures and their trends), report.ts (the Markdown report).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from './soak/load.ts';
import { readOptions } from './soak/options.ts';
import { machine, print } from './soak/report.ts';
import { type ChildMemory, collectorOf, spawnServer, stopServer, untilReady } from './soak/server-process.ts';

async function main(): Promise<number> {
  const opts = await readOptions();
  const startedAt = new Date();
  const dir = mkdtempSync(join(tmpdir(), 'chemins-soak-'));
  const secret = randomBytes(32).toString('base64url');
  let server: ReturnType<typeof spawnServer> | undefined;
  const childMemory: ChildMemory[] = [];
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    server = spawnServer(opts, dir, secret);
    const child = server;
    const url = await untilReady(child, childMemory);
    const { hostname } = new URL(url);
    if (hostname !== '127.0.0.1') throw new Error(`refusing to load ${url}: loopback only`);
    const pid = child.pid ?? 0;
    const report = await load(url, secret, pid, opts, childMemory, collectorOf(child), () => interrupted);
    const result = { startedAt: startedAt.toISOString(), machine: machine(), options: opts, ...report };
    print(result);
    if (opts.json) writeFileSync(opts.json, `${JSON.stringify(result, null, 2)}\n`);
    if (report.stopReason === 'interrupted') return 130;
    return report.errors === 0 && report.verification.every((row) => row.ok) ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (server) await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
