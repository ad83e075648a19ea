// The fault runs of issue 8, each setting up and tearing down what it breaks, returning what it saw:
// tests/hardening/faults.test.ts asserts on it, scripts/reliability-runs.ts prints it.
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DynamoDBClient,
  GetItemCommand,
  ThrottlingException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoEventStore, ensureTable, type LocalServer, SqliteEventStore } from '@chemins/api';
import { type EventStore, Journal, readAllEvents, seedLotScenario } from '@chemins/core';
import Database from 'better-sqlite3';
import { failRequests } from '../../support/dynamodb-faults.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../support/dynamodb-local.ts';
import { type ChaosFault, injectChaos } from './dynamodb-chaos.ts';
import {
  type ChildServer,
  errorLog,
  fastClient,
  hardeningTokens,
  killDynamoDbLocal,
  letOthersReachRepository,
  mountTmpfs,
  PROJECT,
  PROJECT_STREAM,
  resizeTmpfs,
  serve,
  spawnSqliteServer,
  TERRITORY,
  unmount,
  unprivilegedUser,
  waitForExit,
} from './fault-servers.ts';
import {
  type CommandSpec,
  commandSpec,
  type RequestRecord,
  type RunResult,
  runCommandClients,
  type SingleAnswer,
  seededRandom,
  sendOnce,
  sleep,
} from './http-clients.ts';
import { auditOverHttp, checkJournal, type HttpAudits, type JournalCheck } from './journal-checks.ts';

const TABLE = 'chemins-hardening-faults';

/** Events of the project stream left by one Idempotency-Key. */
async function eventsOfKey(store: EventStore, key: string) {
  return (await readAllEvents(store, PROJECT_STREAM)).filter((event) => event.commandId === key).length;
}

// ---------------------------------------------------------------------------------------------------
// DynamoDB: throttling and transient errors

export interface TransientOptions {
  clients: number;
  commandsPerClient: number;
  /** Chance that a DynamoDB request gets a fault. */
  rate: number;
  seed: number;
  /** Store attempts (the store's own retries); small, so that some faults reach the client as 503s. */
  storeAttempts: number;
}

export interface TransientOutcome {
  /** Every TransactWriteItems throttled, beyond the store's retries. */
  exhausted: {
    answer: SingleAnswer;
    fired: number;
    versionBefore: number;
    versionAfter: number;
    recorded: boolean;
    /** The same request once the throttling stops. */
    resent: SingleAnswer;
    events: number;
  };
  /** Two throttles only: retried inside the store. */
  absorbed: { answer: SingleAnswer; fired: number };
  /** Random faults on every operation, under concurrent clients that lose answers too. */
  chaos: {
    run: RunResult;
    faults: Partial<Record<ChaosFault, number>>;
    check: JournalCheck;
    audits: HttpAudits;
  };
  serverErrors: string[];
}

const throttled = () =>
  new ThrottlingException({ message: 'Rate exceeded (injected)', $metadata: { httpStatusCode: 400 } });

export async function dynamoTransientFaults(options: TransientOptions): Promise<TransientOutcome> {
  const local = await startDynamoDbLocal();
  const client = fastClient(local.endpoint, {
    connectionTimeoutMs: 1000,
    requestTimeoutMs: 10_000,
    maxAttempts: 3,
  });
  const { logger, errors } = errorLog();
  let server: LocalServer | undefined;
  try {
    await ensureTable(client, TABLE);
    const retry = { attempts: options.storeAttempts, baseDelayMs: 5, maxDelayMs: 50 };
    const store = new DynamoEventStore({ client, tableName: TABLE, retry });
    server = await serve(store, logger);
    const tokens = await hardeningTokens();
    const version = async () => (await store.readStream(PROJECT_STREAM, { limit: 1 })).streamVersion;

    const spec = commandSpec('throttled', 0, 0);
    const always = failRequests(client, 'TransactWriteItemsCommand', Number.POSITIVE_INFINITY, throttled);
    const versionBefore = await version();
    const answer = await sendOnce(server.url, tokens.staff, PROJECT, spec);
    always.remove();
    const versionAfter = await version();
    const recorded = (await store.findCommand(spec.key)) !== null;
    const resent = await sendOnce(server.url, tokens.staff, PROJECT, spec);
    const exhausted = {
      answer,
      fired: always.fired(),
      versionBefore,
      versionAfter,
      recorded,
      resent,
      events: await eventsOfKey(store, spec.key),
    };

    const twice = failRequests(client, 'TransactWriteItemsCommand', 2, throttled);
    const absorbedAnswer = await sendOnce(server.url, tokens.staff, PROJECT, commandSpec('throttled', 0, 1));
    twice.remove();
    const absorbed = { answer: absorbedAnswer, fired: twice.fired() };

    const baseline = await version();
    const chaos = injectChaos(client, {
      rate: options.rate,
      random: seededRandom(options.seed),
      commands: ['TransactWriteItemsCommand', 'QueryCommand', 'GetItemCommand', 'BatchGetItemCommand'],
      faults: [
        'throttled',
        'provisioned-throughput',
        'internal-error',
        'transaction-conflict',
        'answer-lost-500',
        'answer-lost-timeout',
      ],
    });
    let run: RunResult;
    try {
      run = await runCommandClients({
        urls: [server.url],
        token: tokens.staff,
        projectId: PROJECT,
        clients: options.clients,
        commandsPerClient: options.commandsPerClient,
        dropRate: 0.05,
        seed: options.seed,
        prefix: `chaos${options.seed}`,
      });
    } finally {
      chaos.remove();
    }
    const check = await checkJournal(store, {
      streamId: PROJECT_STREAM,
      territory: TERRITORY,
      baseline,
      acknowledged: run.commands.filter((command) => command.accepted),
      unacknowledged: run.commands.filter((command) => !command.accepted),
    });
    const audits = await auditOverHttp(server.url, tokens, PROJECT, TERRITORY);
    return {
      exhausted,
      absorbed,
      chaos: { run, faults: chaos.counts(), check, audits },
      serverErrors: errors,
    };
  } finally {
    await server?.close();
    client.destroy();
    await local.stop();
  }
}

// ---------------------------------------------------------------------------------------------------
// DynamoDB Local killed in the middle of a run, restarted on the same data directory and port

export interface Outage {
  /** Kill once this many commands of the run were acknowledged. */
  afterAccepted: number;
  /** SIGTERM: stopped as an operator would; SIGKILL: a crash. */
  signal: 'SIGTERM' | 'SIGKILL';
  /** How long the store stays down before the restart begins (ms). */
  downMs: number;
}

export interface KillOptions {
  clients: number;
  commandsPerClient: number;
  outages: readonly Outage[];
  seed: number;
}

export interface OutageOutcome extends Outage {
  acceptedBefore: number;
  /** When the signal was sent, and when the process was gone (a SIGTERM lets it finish what it serves). */
  killedAt: number;
  downAt: number;
  restartBegan: number;
  restartMs: number;
  /** Requests that started once the process was gone and ended before the restart began. */
  during: RequestRecord[];
  /** `GET /health` and a command while the store is down. */
  probes: { health: number; command: SingleAnswer };
}

export interface KillOutcome {
  run: RunResult;
  outages: OutageOutcome[];
  /** Acknowledged commands the table does not have, with when their 201 came relative to each kill (ms). */
  lost: { key: string; fromKills: number[] }[];
  check: JournalCheck;
  audits: HttpAudits;
  serverErrors: string[];
}

export async function dynamoKilled(options: KillOptions): Promise<KillOutcome> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chemins-hardening-ddb-'));
  let local: DynamoDbLocal | undefined = await startDynamoDbLocal({ dataDir });
  const { port, endpoint } = local;
  const clients: DynamoDBClient[] = [];
  const { logger, errors } = errorLog();
  let server: LocalServer | undefined;
  try {
    // Short timeouts and few attempts: while the store is down, a request must fail in a second or
    // two, not hang.
    const client = fastClient(endpoint, { connectionTimeoutMs: 500, requestTimeoutMs: 2000, maxAttempts: 2 });
    clients.push(client);
    await ensureTable(client, TABLE);
    const store = new DynamoEventStore({
      client,
      tableName: TABLE,
      retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 200 },
    });
    server = await serve(store, logger);
    const tokens = await hardeningTokens();
    const baseline = (await store.readStream(PROJECT_STREAM, { limit: 1 })).streamVersion;

    let accepted = 0;
    const running = runCommandClients({
      urls: [server.url],
      token: tokens.staff,
      projectId: PROJECT,
      clients: options.clients,
      commandsPerClient: options.commandsPerClient,
      dropRate: 0.05,
      seed: options.seed,
      prefix: `kill${options.seed}`,
      retryAfterScale: 0.1,
      onRequest: (_record, tally) => {
        accepted = tally.accepted;
      },
    });
    // If the run ends (or fails) before a kill, say so rather than wait forever.
    let finished = false;
    void running.finally(() => {
      finished = true;
    });
    const outages: Omit<OutageOutcome, 'during'>[] = [];
    for (const outage of options.outages) {
      while (accepted < outage.afterAccepted && !finished) await sleep(10);
      if (finished)
        throw new Error(`the run ended before ${outage.afterAccepted} commands were acknowledged`);
      const acceptedBefore = accepted;
      const killedAt = performance.now();
      const pid = killDynamoDbLocal(dataDir, outage.signal);
      await waitForExit(pid);
      const downAt = performance.now();
      await local?.stop();
      local = undefined;
      const health = (await fetch(`${server.url}/health`)).status;
      const command = await sendOnce(
        server.url,
        tokens.staff,
        PROJECT,
        commandSpec('probe', 0, outages.length),
      );
      await sleep(Math.max(0, outage.downMs - (performance.now() - killedAt)));
      const restartBegan = performance.now();
      local = await startDynamoDbLocal({ dataDir, port });
      outages.push({
        ...outage,
        acceptedBefore,
        killedAt,
        downAt,
        restartBegan,
        restartMs: performance.now() - restartBegan,
        probes: { health, command },
      });
    }
    const run = await running;

    // Read back through a new client and store: nothing from this process's caches.
    const fresh = fastClient(endpoint, {
      connectionTimeoutMs: 1000,
      requestTimeoutMs: 10_000,
      maxAttempts: 3,
    });
    clients.push(fresh);
    const reader = new DynamoEventStore({ client: fresh, tableName: TABLE });
    const stored = new Set((await readAllEvents(reader, PROJECT_STREAM)).map((event) => event.commandId));
    const acknowledged = run.commands.filter((command) => command.accepted);
    const lostCommands = acknowledged.filter((command) => !stored.has(command.key));
    const check = await checkJournal(reader, {
      streamId: PROJECT_STREAM,
      territory: TERRITORY,
      baseline,
      acknowledged: acknowledged.filter((command) => stored.has(command.key)),
      unacknowledged: [...run.commands.filter((command) => !command.accepted), ...lostCommands],
    });
    const audits = await auditOverHttp(server.url, tokens, PROJECT, TERRITORY);
    return {
      run,
      outages: outages.map((outage) => ({
        ...outage,
        during: run.records.filter(
          (record) =>
            record.startedAt >= outage.downAt && record.startedAt + record.ms <= outage.restartBegan,
        ),
      })),
      lost: lostCommands.map((command) => ({
        key: command.key,
        fromKills: outages.map((outage) => Math.round((command.acceptedAt ?? 0) - outage.killedAt)),
      })),
      check,
      audits,
      serverErrors: errors,
    };
  } finally {
    await server?.close();
    for (const client of clients) client.destroy();
    await local?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// SQLite: a journal seeded once, copied for each run

let template: Promise<string> | undefined;
const templateDirs: string[] = [];

/** A seeded, checkpointed journal file (one file, no -wal), made once per process. */
export function seededJournal(): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chemins-hardening-template-'));
    templateDirs.push(dir);
    const path = join(dir, 'journal.db');
    const store = new SqliteEventStore(path);
    await seedLotScenario(new Journal(store));
    await store.close();
    if (existsSync(`${path}-wal`)) throw new Error('the template journal kept a write-ahead log');
    return path;
  })();
  return template;
}

/** Removes the template journal (afterAll). */
export function removeSeededJournal(): void {
  for (const dir of templateDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  template = undefined;
}

/** `PRAGMA integrity_check` on a read-only connection: 'ok' when the file is sound. */
export function integrityOf(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((row) => row.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

const journalFiles = (path: string) =>
  [path, `${path}-wal`, `${path}-shm`].filter((file) => existsSync(file));

/** Hands the directory and everything in it to `user` (when running as root for someone else). */
function handTo(dir: string, user: { uid: number; gid: number } | undefined): void {
  if (!user) return;
  chownSync(dir, user.uid, user.gid);
  for (const entry of readdirSync(dir)) chownSync(join(dir, entry), user.uid, user.gid);
}

/** Sends each command once, sequentially. */
async function sendAll(url: string, token: string, specs: readonly CommandSpec[]): Promise<SingleAnswer[]> {
  const answers: SingleAnswer[] = [];
  for (const spec of specs) answers.push(await sendOnce(url, token, PROJECT, spec));
  return answers;
}

/** Checks the journal file with a store opened in this process (after the server stopped). */
async function checkFile(
  path: string,
  baseline: number,
  acknowledged: readonly CommandSpec[],
  unacknowledged: readonly CommandSpec[],
): Promise<JournalCheck> {
  const store = new SqliteEventStore(path);
  try {
    return await checkJournal(store, {
      streamId: PROJECT_STREAM,
      territory: TERRITORY,
      baseline,
      acknowledged,
      unacknowledged,
    });
  } finally {
    await store.close();
  }
}

async function versionOfFile(path: string): Promise<number> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT version FROM streams WHERE stream_id = ?').get(PROJECT_STREAM) as
      | { version: number }
      | undefined;
    return row?.version ?? 0;
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// SQLite: the journal file made read-only

export interface ReadOnlyOutcome {
  /** Who ran the server: root ignores file modes, so a root test runs it as nobody. */
  user: string;
  accepted: SingleAnswer[];
  /** While the file (and its -wal/-shm) is 0444. */
  readOnly: { health: number; read: number; writes: SingleAnswer[]; logged: boolean };
  integrityWhileReadOnly: string;
  versionBefore: number;
  versionAfterReadOnly: number;
  /** Modes restored, the server started again: the refused commands resent with the same keys, then new ones. */
  resent: SingleAnswer[];
  fresh: SingleAnswer[];
  audits: HttpAudits;
  check: JournalCheck;
  integrityAfter: string;
}

export async function sqliteReadOnly(commands: number): Promise<ReadOnlyOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'chemins-hardening-ro-'));
  const path = join(dir, 'journal.db');
  const user = unprivilegedUser();
  const restoreModes = user ? letOthersReachRepository() : () => {};
  const children: ChildServer[] = [];
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const start = async () => {
    handTo(dir, user);
    const child = await spawnSqliteServer({ path, tmpDir: tmp, ...(user ? { user } : {}) });
    children.push(child);
    return child;
  };
  try {
    copyFileSync(await seededJournal(), path);
    const tokens = await hardeningTokens();
    const specs = (prefix: string) => Array.from({ length: commands }, (_, n) => commandSpec(prefix, 0, n));
    const first = specs('before');
    const refused = specs('readonly');
    const fresh = specs('after');

    let server = await start();
    const accepted = await sendAll(server.url, tokens.staff, first);
    await server.stop();
    const versionBefore = await versionOfFile(path);

    for (const file of journalFiles(path)) chmodSync(file, 0o444);
    server = await start();
    const readOnly = {
      health: (await fetch(`${server.url}/health`)).status,
      read: (
        await fetch(`${server.url}/projects/${PROJECT}`, {
          headers: { Authorization: `Bearer ${tokens.staff}` },
        })
      ).status,
      writes: await sendAll(server.url, tokens.staff, refused),
      logged: false,
    };
    await server.stop();
    readOnly.logged = /SQLITE_READONLY/.test(server.output());
    const integrityWhileReadOnly = integrityOf(path);
    const versionAfterReadOnly = await versionOfFile(path);

    for (const file of journalFiles(path)) chmodSync(file, 0o644);
    server = await start();
    const resent = await sendAll(server.url, tokens.staff, refused);
    const freshAnswers = await sendAll(server.url, tokens.staff, fresh);
    const audits = await auditOverHttp(server.url, tokens, PROJECT, TERRITORY);
    await server.stop();

    const seeded = await versionOfFile(await seededJournal());
    const check = await checkFile(path, seeded, [...first, ...refused, ...fresh], []);
    return {
      user: user ? 'nobody (uid 65534)' : `uid ${process.getuid?.()}`,
      accepted,
      readOnly,
      integrityWhileReadOnly,
      versionBefore,
      versionAfterReadOnly,
      resent,
      fresh: freshAnswers,
      audits,
      check,
      integrityAfter: integrityOf(path),
    };
  } finally {
    for (const child of children) await child.stop();
    restoreModes();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// SQLite: the disk full

export type DiskFullMethod = { kind: 'tmpfs'; size: string } | { kind: 'file-size-limit'; bytes: number };

export interface DiskFullOutcome {
  method: string;
  /** Commands accepted before the disk filled up. */
  acceptedBeforeFull: number;
  /** The commands refused once full (the first refusal and the next ones). */
  refused: SingleAnswer[];
  /** What the server logged as the cause of its 503s. */
  causes: string[];
  integrityWhileFull: string;
  /** Whether the same server process served again once space came back (tmpfs grown live). */
  recoveredLive: boolean;
  resent: SingleAnswer[];
  fresh: SingleAnswer[];
  audits: HttpAudits;
  check: JournalCheck;
  integrityAfter: string;
  files: Record<string, number>;
}

/** Fills the disk under a live server with 4000-character commands until it answers 503, then recovers. */
export async function sqliteDiskFull(method: DiskFullMethod, maxCommands = 400): Promise<DiskFullOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'chemins-hardening-full-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const path = join(dataDir, 'journal.db');
  const children: ChildServer[] = [];
  let mounted = false;
  try {
    if (method.kind === 'tmpfs') {
      const mount = mountTmpfs(dataDir, method.size);
      if (!mount.mounted) throw new Error(`cannot mount a tmpfs here: ${mount.reason}`);
      mounted = true;
    }
    copyFileSync(await seededJournal(), path);
    const seeded = await versionOfFile(path);
    const tokens = await hardeningTokens();
    const limit = method.kind === 'file-size-limit' ? { fileSizeLimitBytes: method.bytes } : {};
    let server = await spawnSqliteServer({ path, tmpDir: tmp, ...limit });
    children.push(server);

    const accepted: CommandSpec[] = [];
    const refusedSpecs: CommandSpec[] = [];
    const refused: SingleAnswer[] = [];
    for (let n = 0; n < maxCommands && refused.length < 5; n++) {
      const spec = commandSpec('full', 0, n, 4000);
      const answer = await sendOnce(server.url, tokens.staff, PROJECT, spec);
      if (answer.status === 201) accepted.push(spec);
      else {
        refusedSpecs.push(spec);
        refused.push(answer);
      }
    }
    const causes = [
      ...new Set(
        server
          .output()
          .split('\n')
          .filter((line) => line.includes('"msg":"unexpected error"'))
          .map((line) => /\((SQLITE_[A-Z_]+) on /.exec(line)?.[1] ?? line.slice(0, 200)),
      ),
    ];
    const integrityWhileFull = integrityOf(path);

    let recoveredLive = false;
    if (method.kind === 'tmpfs') {
      resizeTmpfs(dataDir, '32m');
      recoveredLive = true;
    } else {
      // The limit belongs to the process: space comes back with a server started without it.
      await server.stop();
      server = await spawnSqliteServer({ path, tmpDir: tmp });
      children.push(server);
    }
    const resent = await sendAll(server.url, tokens.staff, refusedSpecs);
    const freshSpecs = Array.from({ length: 3 }, (_, n) => commandSpec('recovered', 0, n, 4000));
    const fresh = await sendAll(server.url, tokens.staff, freshSpecs);
    if (recoveredLive) recoveredLive = [...resent, ...fresh].every((answer) => answer.status === 201);
    const audits = await auditOverHttp(server.url, tokens, PROJECT, TERRITORY);
    await server.stop();
    const files = Object.fromEntries(
      readdirSync(dataDir).map((file) => [file, statSync(join(dataDir, file)).size]),
    );
    const check = await checkFile(path, seeded, [...accepted, ...refusedSpecs, ...freshSpecs], []);
    return {
      method: method.kind === 'tmpfs' ? `tmpfs of ${method.size}` : `RLIMIT_FSIZE of ${method.bytes} bytes`,
      acceptedBeforeFull: accepted.length,
      refused,
      causes,
      integrityWhileFull,
      recoveredLive,
      resent,
      fresh,
      audits,
      check,
      integrityAfter: integrityOf(path),
      files,
    };
  } finally {
    for (const child of children) await child.stop();
    if (mounted) unmount(dataDir);
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// DynamoDB Local itself: are the transactions it acknowledged still there after it is killed?

export interface EmulatorDurability {
  signal: 'SIGTERM' | 'SIGKILL';
  cycles: { acknowledged: number; missing: number }[];
}

/**
 * Four writers send TransactWriteItems (a new item and a head) in a loop; DynamoDB Local is killed
 * after 1.5 to 2.5 s, restarted on its data, and every acknowledged item is looked up. Measures the
 * emulator, not Chemins: the baseline against which the kill scenarios are judged.
 */
export async function emulatorDurability(
  cycles: number,
  signal: 'SIGTERM' | 'SIGKILL',
): Promise<EmulatorDurability> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chemins-hardening-emulator-'));
  let local: DynamoDbLocal | undefined = await startDynamoDbLocal({ dataDir });
  const { port, endpoint } = local;
  const admin = fastClient(endpoint, { connectionTimeoutMs: 1000, requestTimeoutMs: 20_000, maxAttempts: 3 });
  const result: EmulatorDurability = { signal, cycles: [] };
  try {
    await ensureTable(admin, TABLE);
    for (let cycle = 0; cycle < cycles; cycle++) {
      const acknowledged: string[] = [];
      let stop = false;
      const writers = Array.from({ length: 4 }, async (_, writer) => {
        const client = fastClient(endpoint, {
          connectionTimeoutMs: 500,
          requestTimeoutMs: 2000,
          maxAttempts: 1,
        });
        try {
          for (let n = 0; !stop; n++) {
            const id = `emulator-${cycle}-${writer}-${n}`;
            try {
              await client.send(
                new TransactWriteItemsCommand({
                  TransactItems: [
                    {
                      Put: {
                        TableName: TABLE,
                        Item: { pk: { S: `PROBE#${id}` }, sk: { S: 'PROBE' } },
                        ConditionExpression: 'attribute_not_exists(pk)',
                      },
                    },
                    {
                      Put: {
                        TableName: TABLE,
                        Item: { pk: { S: `PROBE#writer-${writer}` }, sk: { S: 'HEAD' }, last: { S: id } },
                      },
                    },
                  ],
                }),
              );
              acknowledged.push(id);
            } catch {
              await sleep(20);
            }
          }
        } finally {
          client.destroy();
        }
      });
      await sleep(1500 + Math.random() * 1000);
      const pid = killDynamoDbLocal(dataDir, signal);
      await waitForExit(pid);
      await local?.stop();
      local = undefined;
      stop = true;
      await Promise.all(writers);
      local = await startDynamoDbLocal({ dataDir, port });
      let missing = 0;
      for (const id of acknowledged) {
        const found = await admin.send(
          new GetItemCommand({
            TableName: TABLE,
            Key: { pk: { S: `PROBE#${id}` }, sk: { S: 'PROBE' } },
            ConsistentRead: true,
          }),
        );
        if (!found.Item) missing += 1;
      }
      result.cycles.push({ acknowledged: acknowledged.length, missing });
    }
    return result;
  } finally {
    admin.destroy();
    await local?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
