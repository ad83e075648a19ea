// The core bench: how fast a project's state is built from its log (`npx tsx bench/core.ts`, or with
// the others through bench/run.ts). It writes the logs (bench/core/logs.ts), times each way in child
// processes (bench/core/children.ts) and writes the core section of bench/README.md
// (bench/core/report.ts).
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type FoldRow, measureLog } from './core/children.ts';
import { type Log, saveLog } from './core/logs.ts';
import { ROOT, SIZES } from './core/plan.ts';
import { report } from './core/report.ts';
import { writeSection } from './support/report.ts';

export async function runCoreBench(options: { command?: string } = {}): Promise<void> {
  const started = performance.now();
  const load = loadavg()[0] ?? 0;
  const dir = join(ROOT, 'bench', `.tmp-core-${process.pid}`);
  const running = new Set<ChildProcess>();
  const stop = () => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  // Stopped from outside, the bench still kills its child and removes its logs before it ends.
  const onSignal = (signal: NodeJS.Signals) => {
    stop();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const rows: FoldRow[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    const logs: Log[] = [];
    for (const size of SIZES) logs.push(await saveLog(size, dir));
    for (const log of logs) rows.push(await measureLog(log, running));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    stop();
  }
  const section = report(
    rows,
    (performance.now() - started) / 1000,
    [load, loadavg()[0] ?? 0],
    options.command ?? 'npx tsx bench/core.ts',
  );
  const path = writeSection('core', section);
  process.stdout.write(`${section}\n\nwritten to ${path}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runCoreBench();
}
