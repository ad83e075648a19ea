// Longer runs of the hardening scenarios of issue 8 (concurrency over HTTP, store faults), printing
// their figures for docs/reliability.md, "Concurrency and faults". The tests in tests/hardening run the same code with
// smaller counts and assert on it; this script reports, and exits 1 if a run found a problem.
//
//   npx tsx scripts/reliability-runs.ts concurrency [--clients 32] [--commands 20] [--store sqlite|dynamodb|both]
//   npx tsx scripts/reliability-runs.ts faults [--only transient|kill|readonly|tmpfs|fsize] [--repeat 1]
//   npx tsx scripts/reliability-runs.ts emulator [--cycles 8] [--signal SIGKILL|SIGTERM]
//   npx tsx scripts/reliability-runs.ts all   (concurrency and faults)
import { parseArgs } from 'node:util';
import {
  type ConcurrencyOptions,
  type ConcurrencyOutcome,
  concurrencyOverDynamo,
  concurrencyOverSqlite,
} from '../tests/hardening/support/concurrency-runs.ts';
import {
  dynamoKilled,
  dynamoTransientFaults,
  emulatorDurability,
  removeSeededJournal,
  sqliteDiskFull,
  sqliteReadOnly,
} from '../tests/hardening/support/fault-runs.ts';
import { tmpfsAvailable } from '../tests/hardening/support/fault-servers.ts';
import { describeRun, latencies, type SingleAnswer } from '../tests/hardening/support/http-clients.ts';
import type { HttpAudits, JournalCheck } from '../tests/hardening/support/journal-checks.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    clients: { type: 'string', default: '32' },
    commands: { type: 'string', default: '20' },
    store: { type: 'string', default: 'both' },
    only: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    seed: { type: 'string', default: '2026' },
    cycles: { type: 'string', default: '8' },
    signal: { type: 'string', default: 'SIGKILL' },
  },
});
const what = positionals[0] ?? 'all';
const repeat = Number(values.repeat);
const baseSeed = Number(values.seed);
let failures = 0;

function report(title: string, lines: string[], problems: string[]): void {
  process.stdout.write(`\n### ${title}\n\n${lines.map((line) => `- ${line}`).join('\n')}\n`);
  if (problems.length > 0) {
    failures += 1;
    process.stdout.write(`- **PROBLEMS**: ${problems.slice(0, 10).join('; ')}\n`);
  } else {
    process.stdout.write(
      '- checks: every acknowledged command there exactly once, versions gapless, chains verify\n',
    );
  }
}

const auditProblems = (audits: HttpAudits, check: JournalCheck) => [
  ...check.problems,
  ...(audits.project.body.ok === true ? [] : [`project audit ${JSON.stringify(audits.project)}`]),
  ...(audits.territory.body.ok === true ? [] : [`territory audit ${JSON.stringify(audits.territory)}`]),
];

const statuses = (answers: readonly SingleAnswer[]) => {
  const counts = new Map<number, number>();
  for (const answer of answers) counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} × ${status}`).join(', ') || 'none';
};

async function concurrency(): Promise<void> {
  const stores = values.store === 'both' ? ['sqlite', 'dynamodb'] : [values.store ?? 'sqlite'];
  for (let round = 0; round < repeat; round++) {
    for (const store of stores) {
      const options: ConcurrencyOptions = {
        clients: Number(values.clients),
        commandsPerClient: Number(values.commands),
        dropRate: 0.15,
        abortRate: 0.05,
        seed: baseSeed + round,
        servers: 2,
      };
      const outcome: ConcurrencyOutcome =
        store === 'sqlite' ? await concurrencyOverSqlite(options) : await concurrencyOverDynamo(options);
      const problems = [
        ...outcome.run.tally.unexpected,
        ...outcome.misreported,
        ...outcome.audits.flatMap((audits) => auditProblems(audits, outcome.check)),
        ...outcome.run.commands
          .filter((command) => !command.accepted)
          .map((command) => `not accepted: ${command.key}`),
      ];
      report(
        `Concurrency, ${store === 'sqlite' ? 'SQLite' : 'DynamoDB Local'}, ${options.clients} clients × ${options.commandsPerClient} commands, 2 servers, seed ${options.seed}`,
        [
          describeRun('run', outcome.run),
          `events added: ${outcome.check.added}, stream version ${outcome.check.version}`,
        ],
        [...new Set(problems)],
      );
    }
  }
}

async function faults(): Promise<void> {
  const only = values.only;
  const wants = (name: string) => only === undefined || only === name;
  for (let round = 0; round < repeat; round++) {
    const seed = baseSeed + round;
    if (wants('transient')) {
      const outcome = await dynamoTransientFaults({
        clients: 8,
        commandsPerClient: 20,
        rate: 0.2,
        seed,
        storeAttempts: 3,
      });
      const { exhausted, absorbed, chaos } = outcome;
      report(
        `DynamoDB throttling and transient errors (seed ${seed})`,
        [
          `throttled beyond the store's ${exhausted.fired} attempts: ${exhausted.answer.status} ${String(exhausted.answer.body.code)}, Retry-After ${exhausted.answer.retryAfter}; stream v${exhausted.versionBefore} → v${exhausted.versionAfter}; resent with the same key: ${exhausted.resent.status}, ${exhausted.events} event`,
          `throttled twice: ${absorbed.answer.status} (absorbed by the store's backoff, ${absorbed.fired} faults)`,
          `random faults at 20 % of DynamoDB requests: ${JSON.stringify(chaos.faults)}`,
          describeRun('run', chaos.run),
        ],
        [
          ...chaos.run.tally.unexpected,
          ...auditProblems(chaos.audits, chaos.check),
          ...(exhausted.answer.status === 503 ? [] : ['exhausted throttling did not answer 503']),
          ...(exhausted.events === 1 ? [] : [`resent throttled command left ${exhausted.events} events`]),
        ],
      );
    }
    if (wants('kill')) {
      const outcome = await dynamoKilled({
        clients: 8,
        commandsPerClient: 25,
        outages: [
          { afterAccepted: 30, signal: 'SIGTERM', downMs: 3000 },
          { afterAccepted: 70, signal: 'SIGKILL', downMs: 3000 },
          { afterAccepted: 110, signal: 'SIGTERM', downMs: 3000 },
          { afterAccepted: 150, signal: 'SIGKILL', downMs: 3000 },
        ],
        seed,
      });
      const lines = outcome.outages.map((outage) => {
        const latency = latencies(outage.during);
        const answered503 = outage.during.filter((record) => record.status === 503).length;
        return (
          `${outage.signal} after ${outage.acceptedBefore} acknowledged commands: gone after ${Math.round(outage.downAt - outage.killedAt)} ms, down ${Math.round(outage.restartBegan - outage.downAt)} ms, ` +
          `restart ${Math.round(outage.restartMs)} ms; meanwhile ${outage.during.length} requests, ${answered503} × 503, ` +
          `latency p50 ${latency.p50} ms, p95 ${latency.p95} ms, max ${latency.max} ms; GET /health ${outage.probes.health}, a command ${outage.probes.command.status}`
        );
      });
      const crashes = outcome.outages
        .map((outage, index) => (outage.signal === 'SIGKILL' ? index : -1))
        .filter((i) => i >= 0);
      const unexplained = outcome.lost.filter(
        (lost) =>
          !crashes.some((index) => Math.abs(lost.fromKills[index] ?? Number.POSITIVE_INFINITY) < 2000),
      );
      report(
        `DynamoDB Local stopped (SIGTERM) and crashed (SIGKILL), restarted on the same data directory and port (seed ${seed})`,
        [
          ...lines,
          describeRun('run', outcome.run),
          `acknowledged but not in the table after the restarts: ${outcome.lost.length} (${outcome.lost.map((lost) => `201 at ${lost.fromKills.join('/')} ms from the kills`).join('; ') || 'none'})`,
        ],
        [
          ...outcome.run.tally.unexpected,
          ...auditProblems(outcome.audits, outcome.check),
          ...outcome.outages.flatMap((outage) =>
            outage.during
              .filter((record) => record.status !== 503)
              .map((record) => `${record.method} answered ${record.status} during an outage`),
          ),
          ...unexplained.map((lost) => `lost away from a SIGKILL: ${lost.key}`),
        ],
      );
    }
    if (wants('readonly')) {
      const outcome = await sqliteReadOnly(10);
      report(
        'SQLite journal file made read-only (chmod 0444, server restarted on it)',
        [
          `server run as ${outcome.user}; before: ${statuses(outcome.accepted)}`,
          `read-only: GET /health ${outcome.readOnly.health}, GET project ${outcome.readOnly.read}, commands ${statuses(outcome.readOnly.writes)}, SQLITE_READONLY logged: ${outcome.readOnly.logged}`,
          `integrity_check while read-only: ${outcome.integrityWhileReadOnly}; stream v${outcome.versionBefore} → v${outcome.versionAfterReadOnly}`,
          `writable again: refused commands resent ${statuses(outcome.resent)}, new ones ${statuses(outcome.fresh)}; integrity_check ${outcome.integrityAfter}`,
        ],
        auditProblems(outcome.audits, outcome.check),
      );
    }
    for (const method of ['tmpfs', 'fsize'] as const) {
      if (!wants(method)) continue;
      if (method === 'tmpfs' && !tmpfsAvailable()) {
        process.stdout.write('\n### SQLite disk full on a tmpfs: skipped, mounting is not permitted here\n');
        continue;
      }
      const outcome = await sqliteDiskFull(
        method === 'tmpfs' ? { kind: 'tmpfs', size: '2m' } : { kind: 'file-size-limit', bytes: 1024 * 1024 },
      );
      report(
        `SQLite disk full (${outcome.method})`,
        [
          `${outcome.acceptedBeforeFull} commands of 4000 characters accepted, then ${statuses(outcome.refused)}; causes logged: ${outcome.causes.join(', ')}`,
          `integrity_check while full: ${outcome.integrityWhileFull}; ${method === 'tmpfs' ? `grown to 32 MB live, same server: ${outcome.recoveredLive ? 'writes again' : 'still failing'}` : 'server restarted without the limit'}`,
          `refused commands resent with the same keys: ${statuses(outcome.resent)}; new ones: ${statuses(outcome.fresh)}; integrity_check ${outcome.integrityAfter}; files ${JSON.stringify(outcome.files)}`,
        ],
        auditProblems(outcome.audits, outcome.check),
      );
    }
  }
  removeSeededJournal();
}

async function emulator(): Promise<void> {
  const signal = values.signal === 'SIGTERM' ? 'SIGTERM' : 'SIGKILL';
  const outcome = await emulatorDurability(Number(values.cycles), signal);
  const acknowledged = outcome.cycles.reduce((sum, cycle) => sum + cycle.acknowledged, 0);
  const missing = outcome.cycles.reduce((sum, cycle) => sum + cycle.missing, 0);
  process.stdout.write(
    `\n### DynamoDB Local alone, ${signal}, ${outcome.cycles.length} kills\n\n` +
      `- acknowledged TransactWriteItems: ${acknowledged}; missing after the restarts: ${missing}\n` +
      `- per kill (acknowledged/missing): ${outcome.cycles.map((cycle) => `${cycle.acknowledged}/${cycle.missing}`).join(', ')}\n`,
  );
}

const started = performance.now();
if (what === 'emulator') await emulator();
if (what === 'concurrency' || what === 'all') await concurrency();
if (what === 'faults' || what === 'all') await faults();
process.stdout.write(
  `\n(${((performance.now() - started) / 1000).toFixed(0)} s in all; ${failures} run(s) with problems)\n`,
);
process.exitCode = failures > 0 ? 1 : 0;
