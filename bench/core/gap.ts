import { thousands } from '../support/stats.ts';
import type { FoldRow } from './children.ts';
import { TARGET } from './plan.ts';

/** A row's figures in prose: `fold` of the row of `events`, median events/s. */
const medianOf = (rows: readonly FoldRow[], events: number, way: 'fold' | 'load' | 'emmett', cpu = false) => {
  const row = rows.find((candidate) => candidate.events === events);
  return row ? thousands((cpu ? row[way].cpuRates : row[way].rates).median) : '?';
};

/** The widest max / min of one way's samples over the rows, as text (`rates` or `cpuRates`). */
const spread = (rows: readonly FoldRow[], of: 'rates' | 'cpuRates') =>
  Math.max(
    ...rows.flatMap((row) => [row.fold, row.load, row.emmett].map((way) => way[of].max / way[of].min)),
  ).toFixed(1);

/**
 * What the runs show about the gap to the target. The figures of this run are filled in; the rest was
 * measured once (dated) and is kept here so that every run reprints it with the run it explains.
 */
export function gap(rows: readonly FoldRow[]): string {
  const met = (way: 'fold' | 'load') =>
    rows
      .filter((row) => row[way].rates.median >= TARGET && row[way].rates.median > row.emmett.rates.median)
      .map((row) => thousands(row.events));
  const missed = (way: 'fold' | 'load') =>
    rows.map((row) => thousands(row.events)).filter((events) => !met(way).includes(events));
  const list = (sizes: string[]) =>
    sizes.length === 0
      ? 'no log'
      : `${sizes.length > 1 ? `${sizes.slice(0, -1).join(', ')} and ` : ''}${sizes.at(-1)} events`;
  const largest = rows.at(-1);
  return [
    '### The gap to 1,000,000 events/s',
    '',
    `In this run: the fold meets the target for ${list(met('fold'))} and misses it for ` +
      `${list(missed('fold'))}; the load meets it for ${list(met('load'))} and misses it for ` +
      `${list(missed('load'))} (table above). In processes of their own the ways run near the rates a fresh ` +
      `process gave before: the fold at ${medianOf(rows, 1_000, 'fold')}, ${medianOf(rows, 10_000, 'fold')} ` +
      `and ${medianOf(rows, 100_000, 'fold')} events/s (3.08M, 1.64M and 619k measured on the side ` +
      'before), where the bench timing every way in the process that wrote the logs measured 692k, 300k ' +
      "and 254k (commit 408f5cb; Emmett there: 591k, 274k and 185k). Most of that gap was the bench's " +
      'process, not the fold. Measured causes of what is left:',
    '',
    '1. **The load of the machine** (2 CPUs shared with test suites, benches and DynamoDB Local; load ' +
      `averages above): the wall-clock samples of one way spread up to ${spread(rows, 'rates')} times ` +
      `(max / min), mostly from one child to the next; per CPU second, up to ${spread(rows, 'cpuRates')} ` +
      'times. Where the two disagree, trust the CPU seconds: for ' +
      `${thousands(largest?.events ?? 0)} events, fold / Emmett is ` +
      `${largest ? (largest.fold.rates.median / largest.emmett.rates.median).toFixed(2) : '?'}× on the ` +
      `wall clock and ${largest ? (largest.fold.cpuRates.median / largest.emmett.cpuRates.median).toFixed(2) : '?'}× ` +
      'per CPU second (second table). From one run to the next too: two runs of this bench on ' +
      '2026-11-27, just before this one, gave the 10,000-event fold 1,308,669 and 876,931 events/s ' +
      '(1,198,265 and 1,053,408 per CPU second), on either side of the target.',
    '2. **Emmett, in a process of its own**, runs the same `applyInPlace` on the same events parsed from ' +
      `JSON: ${medianOf(rows, 1_000, 'emmett')}, ${medianOf(rows, 10_000, 'emmett')} and ` +
      `${medianOf(rows, 100_000, 'emmett')} events/s (591k, 274k and 185k in the bench's process). What ` +
      'separates it from the fold is its own reading of its stream and reducing around that work, and ' +
      'the heap it holds (its store wraps each event: second table).',
    '3. **The load against the fold.** Split in fresh processes before the change below (2026-11-27, ' +
      '1,000 and 10,000 events, two runs each, events per CPU second; each process also held the store and ' +
      "the parsed events, hence lower 10,000-event figures than the table's): `fold` on events parsed from " +
      "JSON 2.7M to 3.2M (1,000 events) and 713k to 765k (10,000); `fold` on the store's own event objects " +
      '(as `readStream` returns them) 2.3M and 595k to 682k; `journal.load` 2.0M to 2.1M and 581k to 603k; ' +
      'reading the pages alone (`readAllEvents`, no fold) 47 to 51 million. The change: `loadStream` ' +
      '(packages/core/src/journal/stream-cache.ts) folds each page as it reads it, in one pass over the ' +
      'events, where it read the whole stream and then folded it in a second pass, which fetched every ' +
      'event (some 2 KB) from memory again once the stream outgrew the CPU caches; and the upcast check ' +
      'each event goes through looks its current schema version up in a `Map` (it took a keyed load in ' +
      'the catalogue, then one more). `journal.load` before and after, in fresh processes taking turns ' +
      '(2026-11-27, events per CPU second, median (min–max) of 6 samples, bench/.scratch-load): 1,000 ' +
      'events 2,064k (1,914k–2,104k) → 1,953k (1,733k–1,993k), within the noise; 10,000 events 863k ' +
      '(787k–936k) → 1,055k (986k–1,135k); 100,000 events 618k (535k–640k) → 635k (541k–659k). The ' +
      'previous run of this bench (commit 06f9638) had the load at 1,574,771, 755,708 and 455,157 ' +
      "events/s, 0.61×, 1.08× and 0.86× Emmett's. Tried " +
      'and left out: building each stored event in `chainEvents` as one object literal, keys in canonical ' +
      'order, one hidden class per combination of the optional fields (instead of spreading the draft, ' +
      'then the result again to add `hash`). In one process the fold then read the store’s events as fast ' +
      'as events parsed from JSON, and the load went to 2.53M (1,000 events) and 1.32M (10,000); but in a ' +
      'fresh process holding 100,000 of them it fell to 445k to 520k, its scavenges 25 to 80 % longer, ' +
      'with the same number of them (with `--no-allocation-site-pretenuring`, both ways ran alike, near ' +
      '480k): a cost in the collector that these measurements did not pin down, so the chain still ' +
      'spreads. One spread with `hash` set afterwards ' +
      'was far worse (604k for 1,000 events, 252k for 100,000).',
    '4. **For 100,000 events, the collector**: the state (35 MB, some 5 objects per event: index entry, ' +
      'step, and per entity its record, fields, reference and step list) lives on while it is built, so ' +
      'every scavenge copies what was built since the last one; ' +
      `${largest ? (largest.fold.gcShare * 100).toFixed(0) : '?'} % of the fold's time in GC in this run, ` +
      `in a process holding ${largest ? largest.fold.heapMb.toFixed(0) : '?'} MB of heap (its events) ` +
      'before it starts. In a CPU profile of the earlier bench, the hot lines of `applyInPlace` are the ' +
      "entity's lookup and insertion in its collection (a `Record<string, Entity>`: the id in the event's " +
      'data is a string to hash and intern), the read of `event.actor.role` and the comparison of ' +
      '`occurredAt`: reads of objects scattered over the heap. Further gains need a smaller state, which ' +
      'changes its shape for every projection and the API: the step and the index entry of an event as ' +
      'one object, or collections as `Map`s.',
  ].join('\n');
}
