// The soak's report: the machine it ran on, and the figures as Markdown on stdout (the same figures go to
// --json as they are).
import { availableParallelism, cpus, loadavg, platform, release } from 'node:os';
import type { load } from './load.ts';
import { KINDS } from './operations.ts';
import type { Options } from './options.ts';
import { round } from './stats.ts';

/** Where the figures were measured, and how busy the machine was at the start. */
export function machine() {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    os: `${platform()} ${release()}`,
    loadAverageAtStart: round(loadavg()[0] ?? 0),
  };
}

export type SoakResult = Awaited<ReturnType<typeof load>> & {
  startedAt: string;
  machine: ReturnType<typeof machine>;
  options: Options;
};

export function print(result: SoakResult): void {
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
