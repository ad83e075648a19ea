// Every benchmark, one after the other: `npm run bench` (some fifteen minutes on 2 CPUs).
// Each starts what it needs (DynamoDB Local on a free port, a local server, child Node processes,
// SQLite files and bundles under bench/) and stops or removes it before the next one starts, whether
// it succeeds or fails. Each writes its own section of bench/README.md. One at a time: run together,
// they would measure each other. One bench alone: `npx tsx bench/<name>.ts`.
import { runApiBench } from './api.ts';
import { runCommandsBench } from './commands.ts';
import { runCoreBench } from './core.ts';
import { runDashboardBench } from './dashboard.ts';
import { runHistoryBench } from './history.ts';
import { runLambdaBench } from './lambda.ts';
import { runStoresBench } from './stores.ts';

const command = 'npm run bench';
const benches: [string, () => Promise<void>][] = [
  ['stores', () => runStoresBench({ command })],
  ['core', () => runCoreBench({ command })],
  ['commands', () => runCommandsBench({ command })],
  ['dashboard', () => runDashboardBench({ dynamodb: true, command })],
  ['history', () => runHistoryBench({ command })],
  ['api', () => runApiBench({ command })],
  ['lambda', () => runLambdaBench({ command })],
];

const started = performance.now();
for (const [name, run] of benches) {
  process.stderr.write(`\n=== bench: ${name} ===\n`);
  await run();
}
process.stderr.write(`\nAll benchmarks done in ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);
