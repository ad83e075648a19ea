// The load generator: sends the soak's operations to the server at a steady concurrency (or rate), in
// windows of requests, with the server's memory sampled meanwhile and a full collection in it between
// windows; then checks that nothing was lost, measures what the caches held, and gathers the figures.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  cachesHeld,
  memoryTrend,
  type RetainedPoint,
  retainedPoint,
  retainedSummary,
  retainedTrend,
  rssOf,
  type Sample,
} from './memory.ts';
import type { Collected } from './messages.ts';
import { type Done, KINDS, type Kind, type Operation, soakOperations } from './operations.ts';
import type { Options } from './options.ts';
import type { ChildMemory, CollectFromServer } from './server-process.ts';
import { MB, type Percentiles, percentiles, round } from './stats.ts';
import { projectVersions, verifyProjects } from './verify.ts';

/** A window of requests: throughput, errors, latencies, and the server's memory when it closed. */
export interface WindowRow {
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

export async function load(
  url: string,
  secret: string,
  pid: number,
  opts: Options,
  childMemory: readonly ChildMemory[],
  collected: CollectFromServer,
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

  const before = await projectVersions(url, projects, staff);
  const snapshotPath = (name: string) =>
    opts.heapSnapshots ? join(opts.heapSnapshots, `soak-${runId}-${name}.heapsnapshot`) : undefined;
  const heapBefore = await collected(snapshotPath('before'));

  const { command, schedule } = soakOperations({
    runId,
    projects,
    territory: LOT_TERRITORY,
    staff,
    adviser,
  });
  const pendingReplays: number[] = [];
  const planned = Math.floor(opts.commands * (1 + opts.readsPerCommand));
  const operations = schedule(opts.commands, opts.readsPerCommand);

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
  const pointNow = (heap: Collected): RetainedPoint =>
    retainedPoint(heap, done.length, round((performance.now() - t0) / 1000, 2));
  // While the server collects, no new request starts (those in flight finish): the pause is not
  // charged to the requests, and the collection sees the heap between requests, as at the ends.
  let gate: Promise<void> | undefined;
  const collectNow = (row: WindowRow) => {
    gate = collected().then((heap) => {
      const point = pointNow(heap);
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
  const verification = await verifyProjects(url, projects, staff, before, done);

  const heapAfter = await collected(snapshotPath('after'));
  retainedSeries.unshift({ ...pointNow(heapBefore), done: 0, atS: 0 });
  const end = pointNow(heapAfter);
  retainedSeries.push(end);
  const lastWindow = windows.at(-1);
  if (lastWindow) lastWindow.retained = end;
  const eventsAdded = verification.reduce((sum, row) => sum + row.eventsAdded, 0);
  // What each cache holds, measured by emptying it: the journal's first, then the state cache.
  const withoutJournalCache = await collected(undefined, 'journal');
  const withoutCaches = await collected(undefined, 'state');
  const caches = cachesHeld(heapBefore, heapAfter, withoutJournalCache, withoutCaches);
  const retained = retainedSummary(heapBefore, heapAfter, eventsAdded);

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
