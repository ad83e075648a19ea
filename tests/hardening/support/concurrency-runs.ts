// The concurrency run over HTTP: real local servers (two, over one journal, as two processes would
// be) and clients that race with If-Match and lose answers. Returns its figures and the checks; the
// test asserts them, scripts/reliability-runs.ts prints them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoEventStore, ensureTable, type LocalServer, SqliteEventStore } from '@chemins/api';
import type { EventStore } from '@chemins/core';
import { readAllEvents } from '@chemins/core';
import { startDynamoDbLocal } from '../../support/dynamodb-local.ts';
import {
  errorLog,
  fastClient,
  hardeningTokens,
  PROJECT,
  PROJECT_STREAM,
  serve,
  TERRITORY,
} from './fault-servers.ts';
import { type RunResult, runCommandClients } from './http-clients.ts';
import { auditOverHttp, checkJournal, type HttpAudits, type JournalCheck } from './journal-checks.ts';

export interface ConcurrencyOptions {
  clients: number;
  commandsPerClient: number;
  dropRate: number;
  abortRate: number;
  seed: number;
  /** Servers over the same journal (each with its own store object: connection, head cache). */
  servers: number;
}

export interface ConcurrencyOutcome {
  run: RunResult;
  check: JournalCheck;
  /** Accepted commands whose 201 named another version than their event's. */
  misreported: string[];
  audits: HttpAudits[];
  serverErrors: string[];
}

async function drive(stores: EventStore[], options: ConcurrencyOptions): Promise<ConcurrencyOutcome> {
  const tokens = await hardeningTokens();
  const { logger, errors } = errorLog();
  const servers: LocalServer[] = [];
  try {
    // The first server seeds the Lot scenario; the others find it.
    for (const [index, store] of stores.entries()) servers.push(await serve(store, logger, index === 0));
    const store = stores[0] as EventStore;
    const baseline = (await store.readStream(PROJECT_STREAM, { limit: 1 })).streamVersion;
    const run = await runCommandClients({
      urls: servers.map((server) => server.url),
      token: tokens.staff,
      projectId: PROJECT,
      clients: options.clients,
      commandsPerClient: options.commandsPerClient,
      dropRate: options.dropRate,
      abortRate: options.abortRate,
      seed: options.seed,
      prefix: `race${options.seed}`,
    });
    const accepted = run.commands.filter((command) => command.accepted);
    const check = await checkJournal(store, {
      streamId: PROJECT_STREAM,
      territory: TERRITORY,
      baseline,
      acknowledged: accepted,
      unacknowledged: run.commands.filter((command) => !command.accepted),
    });
    const versionOf = new Map(
      (await readAllEvents(store, PROJECT_STREAM)).map((e) => [e.commandId, e.version]),
    );
    const misreported = accepted
      .filter((command) => versionOf.get(command.key) !== command.version)
      .map(
        (command) => `${command.key}: 201 said v${command.version}, stored v${versionOf.get(command.key)}`,
      );
    const audits: HttpAudits[] = [];
    for (const server of servers) audits.push(await auditOverHttp(server.url, tokens, PROJECT, TERRITORY));
    return { run, check, misreported, audits, serverErrors: errors };
  } finally {
    for (const server of servers) await server.close();
  }
}

/** Over one SQLite file in a temporary directory, each server on its own connection. */
export async function concurrencyOverSqlite(options: ConcurrencyOptions): Promise<ConcurrencyOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'chemins-hardening-race-'));
  const stores: SqliteEventStore[] = [];
  try {
    for (let n = 0; n < options.servers; n++) stores.push(new SqliteEventStore(join(dir, 'journal.db')));
    return await drive(stores, options);
  } finally {
    for (const store of stores) await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Over one table of a DynamoDB Local started (in memory) for the run, each server on its own client. */
export async function concurrencyOverDynamo(options: ConcurrencyOptions): Promise<ConcurrencyOutcome> {
  const local = await startDynamoDbLocal();
  const clients: DynamoDBClient[] = [];
  try {
    const tableName = 'chemins-hardening-race';
    const timeouts = { connectionTimeoutMs: 1000, requestTimeoutMs: 10_000, maxAttempts: 3 };
    const stores: DynamoEventStore[] = [];
    for (let n = 0; n < options.servers; n++) {
      const client = fastClient(local.endpoint, timeouts);
      clients.push(client);
      if (n === 0) await ensureTable(client, tableName);
      stores.push(new DynamoEventStore({ client, tableName }));
    }
    return await drive(stores, options);
  } finally {
    for (const client of clients) client.destroy();
    await local.stop();
  }
}
