// Servers and stores for the hardening runs, and the means to break them: a DynamoDB client with
// short timeouts, a hard kill of DynamoDB Local, the `chemins serve` binary as a child process (as
// another user, or under a file-size limit), and small tmpfs mounts.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { demoTokens, type LocalServer, type Logger, startLocalServer } from '@chemins/api';
import type { EventStore } from '@chemins/core';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../support/dynamodb-local.ts';

export const SECRET = 'hardening-secret-not-for-production-0123456789';
export const PROJECT = 'causses-2023';
export const PROJECT_STREAM = `project:${PROJECT}`;
export const TERRITORY = '46';

export interface Tokens {
  staff: string;
  auditor: string;
}

export async function hardeningTokens(secret = SECRET): Promise<Tokens> {
  const tokens = await demoTokens(secret);
  return {
    staff: tokens['staff of the Centre social des Causses'],
    auditor: tokens['auditor of territory 46'],
  };
}

/** A logger that keeps the server's error lines (the 5xx causes), for assertions. */
export function errorLog(): { logger: Logger; errors: string[] } {
  const errors: string[] = [];
  return {
    logger: (entry) => {
      if (entry.level === 'error') errors.push(String(entry.error ?? entry.msg));
    },
    errors,
  };
}

/** The local server (@hono/node-server) on a free port, over `store`, with the hardening secret. */
export function serve(store: EventStore, logger: Logger, seed = true): Promise<LocalServer> {
  return startLocalServer({ store, port: 0, secret: SECRET, seed, logger });
}

export interface ClientTimeouts {
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  /** SDK attempts in all (the store retries on top of these). */
  maxAttempts: number;
}

/**
 * A DynamoDB Local client that fails fast: a store that is down must turn into a 503 in a second or
 * two, not a request hanging on the SDK's default (no timeout, three attempts).
 */
export function fastClient(endpoint: string, timeouts: ClientTimeouts): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: timeouts.maxAttempts,
    requestHandler: {
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
    },
  });
}

/**
 * Kills the Java process of the DynamoDB Local that keeps its files in `dataDir` (found by its
 * command line, so only the emulator this run started). SIGKILL: as in a crash, without its shutdown
 * hooks; SIGTERM: as an operator or an orchestrator stops it. Returns the pid signalled.
 */
export function killDynamoDbLocal(dataDir: string, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const ours =
      basename(argv[0] ?? '') === 'java' &&
      argv.some((arg) => arg.endsWith('DynamoDBLocal.jar')) &&
      argv.includes(dataDir);
    if (ours) {
      process.kill(Number(entry), signal);
      return Number(entry);
    }
  }
  throw new Error(`no DynamoDB Local process keeps its files in ${dataDir}`);
}

/** Waits until no process has `pid` any more. */
export async function waitForExit(pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (Date.now() > deadline) throw new Error(`process ${pid} is still alive`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const chemins = join(dirname(fileURLToPath(import.meta.url)), '../../../packages/api/bin/chemins.js');
const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ChildServerOptions {
  /** The SQLite journal file (CHEMINS_DATA). */
  path: string;
  /** Run as this user (root ignores file permissions, so a read-only file needs someone else). */
  user?: { uid: number; gid: number };
  /** RLIMIT_FSIZE of the server process, in bytes: writes past it fail with EFBIG (`prlimit --fsize`). */
  fileSizeLimitBytes?: number;
  /** TMPDIR of the server (tsx keeps its cache there): a directory the caller removes. */
  tmpDir?: string;
}

export interface ChildServer {
  url: string;
  pid: number;
  /** What the server wrote: the banner (stderr) and its JSON log lines (stdout). */
  output(): string;
  /** SIGTERM (the server closes its store), then SIGKILL after 10 s; resolves with the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `chemins serve` (the real binary, SQLite at `path`, a free port, the hardening secret) and
 * waits for its banner. Rejects with its output if it exits first.
 */
export function spawnSqliteServer(options: ChildServerOptions): Promise<ChildServer> {
  const node = [process.execPath, chemins, 'serve'];
  const command =
    options.fileSizeLimitBytes === undefined
      ? node
      : ['prlimit', `--fsize=${options.fileSizeLimitBytes}`, '--', ...node];
  const child: ChildProcess = spawn(command[0] as string, command.slice(1), {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      CHEMINS_STORE: 'sqlite',
      CHEMINS_DATA: options.path,
      CHEMINS_JWT_SECRET: SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      ...(options.tmpDir ? { TMPDIR: options.tmpDir } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const killNow = () => child.kill('SIGKILL');
  process.once('exit', killNow);
  const stop = async () => {
    process.removeListener('exit', killNow);
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(killNow, 10_000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      void stop().then(() => reject(new Error(`chemins serve did not start in time:\n${output}`)));
    }, 60_000);
    const watch = setInterval(() => {
      const url = /Chemins API on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) {
        clearInterval(watch);
        clearTimeout(deadline);
        resolve({ url, pid: child.pid ?? 0, output: () => output, stop });
      }
    }, 20);
    void exited.then((exit) => {
      clearInterval(watch);
      clearTimeout(deadline);
      process.removeListener('exit', killNow);
      reject(new Error(`chemins serve exited (${JSON.stringify(exit)}) before serving:\n${output}`));
    });
  });
}

/** The `nobody` user, when this process is root (file permissions do not stop root). */
export function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return { uid: 65534, gid: 65534 };
}

/**
 * Lets another user reach the repository's files (to run the server as `nobody`): adds search permission
 * for others (o+x: enter, not list) to each directory above the repository that lacks it, as a checkout
 * made in a `mktemp -d` folder (mode 700) does. Returns what undoes it.
 */
export function letOthersReachRepository(): () => void {
  const changed: { dir: string; mode: number }[] = [];
  for (let dir = repositoryRoot; ; dir = dirname(dir)) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      changed.push({ dir, mode });
    }
    if (dirname(dir) === dir) break;
  }
  return () => {
    for (const { dir, mode } of changed) chmodSync(dir, mode & 0o7777);
  };
}

/** Mounts a tmpfs of `size` (e.g. '2m') on `dir`; false (with the reason) if this sandbox does not allow it. */
export function mountTmpfs(dir: string, size: string): { mounted: boolean; reason?: string } {
  if (process.getuid?.() !== 0) return { mounted: false, reason: 'not root' };
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
    return { mounted: true };
  } catch (error) {
    return { mounted: false, reason: String((error as { stderr?: unknown }).stderr ?? error) };
  }
}

/** Grows (or shrinks) a mounted tmpfs, live. */
export function resizeTmpfs(dir: string, size: string): void {
  execFileSync('mount', ['-o', `remount,size=${size}`, dir], { stdio: 'pipe' });
}

/** Unmounts `dir` if something is mounted there; lazily if it is still busy. */
export function unmount(dir: string): void {
  const mounted = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[1] === dir);
  if (!mounted) return;
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  }
}

/** Whether this process may mount a tmpfs (root, and a sandbox that allows it): tried on a scratch directory. */
export function tmpfsAvailable(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'chemins-hardening-probe-'));
  try {
    const { mounted } = mountTmpfs(dir, '1m');
    if (mounted) unmount(dir);
    return mounted;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
