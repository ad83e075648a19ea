// The server's memory over the run: samples of its RSS, what it retains after full collections, what its
// caches hold, and their trends after warm-up.
import { readFileSync } from 'node:fs';
import type { Collected } from './messages.ts';
import { MB, round, trend } from './stats.ts';

export interface Sample {
  atS: number;
  done: number;
  rssMB: number;
  heapMB: number | undefined;
}

/** What the server holds after a full collection, at a point of the run. */
export interface RetainedPoint {
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

/** The resident set size of a process, read from outside it (Linux), in bytes. */
export function rssOf(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** A collection's figures, in MB, at a point of the run: `done` requests after `atS` seconds. */
export function retainedPoint(heap: Collected, done: number, atS: number): RetainedPoint {
  return {
    done,
    atS,
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
  };
}

/**
 * What each cache held, measured by emptying them one after the other at the end (the journal's first,
 * then the state cache) and collecting after each, against the heap at the start.
 */
export function cachesHeld(
  heapBefore: Collected,
  heapAfter: Collected,
  withoutJournalCache: Collected,
  withoutCaches: Collected,
) {
  const held = (before: Collected, after: Collected, events: number) => ({
    events,
    MB: round((before.heapUsed - after.heapUsed) / MB, 2),
    bytesPerEvent: events ? Math.round((before.heapUsed - after.heapUsed) / events) : 0,
  });
  return {
    journal: held(heapAfter, withoutJournalCache, heapAfter.caches.journal.events),
    state: held(withoutJournalCache, withoutCaches, heapAfter.caches.state.events),
    /** The rest of the heap, without the caches, against the start (when they held the seeded streams). */
    heapWithoutCachesMB: round(withoutCaches.heapUsed / MB, 2),
    heapAtStartMB: round(heapBefore.heapUsed / MB, 2),
    cachedAtStart: heapBefore.caches,
  };
}

/** The heap retained after a full collection before and after the load, against the events it added. */
export function retainedSummary(heapBefore: Collected, heapAfter: Collected, eventsAdded: number) {
  return {
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
}

/**
 * RSS at start and end, and a least-squares trend over the samples after warm-up (the first window of
 * requests): MB per 10,000 requests and per minute, with R², and the mean of the last fifth against the
 * mean of the first fifth after warm-up.
 */
export function memoryTrend(samples: readonly Sample[], warmUp: number) {
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
export function retainedTrend(series: readonly RetainedPoint[], warmUp: number, requests: number) {
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
