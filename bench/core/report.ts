// The core section of bench/README.md: the run's figures in two tables, and the prose that says how
// they were measured and what they show.
import { markdownTable } from '../support/report.ts';
import { formatStats, machineLine, thousands } from '../support/stats.ts';
import { BEFORE_AFTER } from './before-after.ts';
import type { FoldRow, WayRow } from './children.ts';
import { gap } from './gap.ts';
import { JOURNAL_LOG_LIMIT } from './logs.ts';
import {
  CHILD_ARGS,
  EVENTS_PER_SAMPLE,
  ROUNDS,
  SAMPLES,
  SAMPLES_PER_CHILD,
  TARGET,
  WARM_UP_SAMPLES,
} from './plan.ts';

/** Met: at least TARGET events/s and ahead of Emmett, both on the medians of the wall clock. */
function verdict(name: string, way: WayRow, emmett: WayRow): string {
  const fast = way.rates.median >= TARGET;
  const ahead = way.rates.median > emmett.rates.median;
  if (fast && ahead) return `${name}: met`;
  const missed = [!fast && `under ${thousands(TARGET)}/s`, !ahead && 'behind Emmett'].filter(Boolean);
  return `${name}: missed (${missed.join(', ')})`;
}

export function report(rows: FoldRow[], seconds: number, load: [number, number], command: string): string {
  const perSecond = (n: number) => thousands(n);
  const table = markdownTable(
    [
      'events',
      'Chemins fold, events/s',
      'Chemins fold, events per CPU second',
      'Chemins load (read + fold), events/s',
      'Emmett aggregateStream, events/s',
      'fold / Emmett',
      'load / Emmett',
      'fold time in GC',
      'target (≥ 1,000,000/s, ahead of Emmett)',
    ],
    rows.map((row) => [
      thousands(row.events),
      formatStats(row.fold.rates, perSecond),
      formatStats(row.fold.cpuRates, perSecond),
      formatStats(row.load.rates, perSecond),
      formatStats(row.emmett.rates, perSecond),
      `${(row.fold.rates.median / row.emmett.rates.median).toFixed(2)}×`,
      `${(row.load.rates.median / row.emmett.rates.median).toFixed(2)}×`,
      `${(row.fold.gcShare * 100).toFixed(0)} %`,
      `${verdict('fold', row.fold, row.emmett)}; ${verdict('load', row.load, row.emmett)}`,
    ]),
  );
  const children = markdownTable(
    [
      'events',
      'way',
      'heap held, MB',
      'set-up, s',
      'events per CPU second',
      'per CPU second / Emmett',
      'time in GC',
    ],
    rows.flatMap((row) =>
      (
        [
          ['Chemins fold', row.fold],
          ['Chemins load', row.load],
          ['Emmett', row.emmett],
        ] as const
      ).map(([name, way]) => [
        thousands(row.events),
        name,
        way.heapMb.toFixed(0),
        way.setupSeconds.toFixed(1),
        formatStats(way.cpuRates, perSecond),
        `${(way.cpuRates.median / row.emmett.cpuRates.median).toFixed(2)}×`,
        `${(way.gcShare * 100).toFixed(0)} %`,
      ]),
    ),
  );
  const written = (how: FoldRow['through']) =>
    rows
      .filter((row) => row.through === how)
      .map((row) => `${thousands(row.events)} events in ${row.written.toFixed(1)} s`)
      .join(', ');
  return [
    '## Core: fold rate',
    '',
    `Command: \`${command}\` (${new Date().toISOString().slice(0, 10)}, took ${seconds.toFixed(0)} s); each ` +
      `child: \`node ${CHILD_ARGS.slice(0, -1).join(' ')} bench/core-worker.ts '<job as JSON>'\`.`,
    `${machineLine(load[0])} Load average ${load[1].toFixed(1)} at the end.`,
    '',
    'The logs: one project stream each, in a `MemoryEventStore`: the renewal, then four years of follow-up ' +
      'with every kind of journey event, interim reviews, corrections, retractions, vision and target ' +
      'revisions and GDPR erasures, each command validated by the command schema and decided by the core. ' +
      `Logs of up to ${thousands(JOURNAL_LOG_LIMIT)} events are written through \`Journal.execute\`, command ` +
      `by command (${written('journal')}). The longer log is decided the same way (same decider, envelope ` +
      `and salts) and appended 1,000 events at a time (${written('drafts')}): through \`Journal.execute\` ` +
      "it would take far longer: past 50,000 events a stream no longer fits the journal's stream cache " +
      '(its default limit), so every command reads and folds the whole stream again, and every append ' +
      'waits on its Web Crypto digests (three, and two more per free text: see the commands section). The ' +
      'stream summary each append computes is incremental now (it counted every commitment and difficulty ' +
      "of the stream: quadratic over a log's life); in the run that made it so, writing the 10,000-event " +
      'log through the journal went from 5.1 s to 3.0 s.',
    '',
    '**Each way runs in a fresh process that holds only its log.** The bench writes each log once, saves ' +
      'its stored events as NDJSON in a temporary directory (`bench/.tmp-core-<pid>/`, removed at the end ' +
      'whatever happens), and times every way in a child Node process of its own that reads that file ' +
      'and builds only what its way needs. Why: the same fold ran 2 to 4 times slower in the process that ' +
      'had written the logs and held them all (up to 100,000 events of some 2 KB each, for the journal, ' +
      "the memory store and Emmett's store) than in a fresh process: 692k against 3.08M events/s for " +
      '1,000 events, 300k against 1.64M for 10,000, 254k against 619k for 100,000; its scavenges took ' +
      '21 ms on average against 4.5 ms. The fold then paid for a heap that was the bench’s, not its own.',
    '',
    '- **Chemins fold**: `fold(events)` on the events in memory, read from the file and upcast once.',
    '- **Chemins load**: `journal.load(streamId)` (no stream cache): reads the stream from a ' +
      '`MemoryEventStore` (1,000-event pages), upcasting and folding each page as it reads it. The child ' +
      'rebuilds that store from the ' +
      'file, appending the stored events 1,000 at a time; the store hashes and chains them again, and the ' +
      "same last hash as the log's says it holds the same events.",
    "- **Emmett**: `aggregateStream` on Emmett's `getInMemoryEventStore()` holding the same events (each " +
      'Emmett event carries the upcast Chemins event whole as its data, so neither side translates ' +
      'anything). Its `evolve` does the work of `fold` per event, `applyInPlace`, on the state its ' +
      "`initialState` makes afresh for each aggregation: same state shape, same work, and Emmett's own " +
      'cost is its read and reduce around it.',
    '',
    `Events per second: median (min–max) of ${SAMPLES} samples per way: ${ROUNDS} rounds, each starting ` +
      `one child per way, one child at a time, the first way of a round moving on by one each round, so ` +
      `that the load of the machine weighs on each way alike; each child reads its log, builds its data, ` +
      `runs a full collection, warms up (${WARM_UP_SAMPLES} untimed samples) and times ${SAMPLES_PER_CHILD} ` +
      `samples, each building about ${thousands(EVENTS_PER_SAMPLE)} events (the log again and again). ` +
      'Target: at least 1,000,000 events/s, and ahead of Emmett (medians, wall clock). Fold time in GC: ' +
      'the share of the fold samples spent in garbage collection pauses (`PerformanceObserver` on `gc` ' +
      'entries). Where the min–max ranges of two ways overlap, the ratio of their medians is within the ' +
      "noise of this machine. Events per CPU second: the same samples over the child's CPU time " +
      "(`process.cpuUsage`, all its threads, the collector's included) instead of the wall clock: on this " +
      'shared machine the wall clock also counts the time the process waits for a CPU, which this measure ' +
      'leaves out (it still feels the other processes through the shared caches). Same state: every ' +
      `child of a log built a state of the same canonical JSON (SHA-256: ${rows
        .map((row) => `${row.stateHash.slice(0, 12)}… for ${thousands(row.events)} events`)
        .join(', ')}), checked after timing on the last state each built.`,
    '',
    table,
    '',
    'Per child: the heap in use once its data was built (after a full collection; median over its ' +
      `${ROUNDS} children), the time it took to read the log and build that data, the rate per CPU second ` +
      'of each way and its ratio to Emmett’s, and the share of the samples spent in GC:',
    '',
    children,
    '',
    BEFORE_AFTER,
    '',
    gap(rows),
  ].join('\n');
}
