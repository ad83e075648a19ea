// Concurrency over HTTP (issue 8): 32 clients send commands to one project through real local servers,
// with If-Match, retrying on 412; some answers are lost and the same request is sent again with the
// same Idempotency-Key. Every accepted command must leave exactly its event: no gap, no duplicate, and
// the chains verify. Longer runs: `npx tsx scripts/reliability-runs.ts concurrency` (figures in
// docs/reliability.md, "Concurrency and faults").
import { describe, expect, it } from 'vitest';
import {
  type ConcurrencyOptions,
  type ConcurrencyOutcome,
  concurrencyOverDynamo,
  concurrencyOverSqlite,
} from './support/concurrency-runs.ts';
import { describeRun } from './support/http-clients.ts';

const options: ConcurrencyOptions = {
  clients: 32,
  commandsPerClient: 5,
  dropRate: 0.15,
  abortRate: 0.05,
  seed: 8,
  servers: 2,
};

function expectNothingLostNorDoubled(outcome: ConcurrencyOutcome): void {
  const { run, check } = outcome;
  const total = options.clients * options.commandsPerClient;
  expect(run.tally.unexpected).toEqual([]);
  expect(run.commands.filter((command) => !command.accepted).map((command) => command.key)).toEqual([]);
  expect(run.tally.accepted).toBe(total);
  // The run did exercise what it claims to: lost races, lost answers, replays.
  expect(run.tally.preconditionFailed).toBeGreaterThan(0);
  expect(run.tally.dropped).toBeGreaterThan(0);
  expect(run.tally.replayed).toBeGreaterThan(0);
  // Exactly one event per accepted key, versions without a gap, chains verify.
  expect(check.problems).toEqual([]);
  expect(check.added).toBe(total);
  expect(outcome.misreported).toEqual([]);
  for (const audit of outcome.audits) {
    expect(audit.project).toMatchObject({ status: 200, body: { ok: true, checked: check.version } });
    expect(audit.territory).toMatchObject({ status: 200, body: { ok: true } });
  }
  expect(outcome.serverErrors).toEqual([]);
}

describe('concurrency over HTTP', () => {
  it('SQLite: 32 clients × 5 commands through two servers; each accepted command left exactly its event', async () => {
    const outcome = await concurrencyOverSqlite(options);
    console.info(describeRun('SQLite', outcome.run));
    expectNothingLostNorDoubled(outcome);
  });

  it('DynamoDB Local: 32 clients × 5 commands through two servers; each accepted command left exactly its event', async () => {
    const outcome = await concurrencyOverDynamo(options);
    console.info(describeRun('DynamoDB Local', outcome.run));
    expectNothingLostNorDoubled(outcome);
  });
});
