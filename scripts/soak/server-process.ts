// The parent's side of the server child: starting it, waiting until it serves, asking it for full
// collections, and stopping it.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, Collected, ParentMessage } from './messages.ts';
import type { Options } from './options.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER_CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));

/** A memory sample the child sent, in bytes. */
export interface ChildMemory {
  at: number;
  rss: number;
  heapUsed: number;
}

/** Starts the server child on a store in `dir`, checking tokens with `secret`, with the soak's bounds. */
export function spawnServer(opts: Options, dir: string, secret: string): ChildProcess {
  // SOAK_NODE_ARGS: extra flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.SOAK_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', SERVER_CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      SOAK_DIR: dir,
      SOAK_SECRET: secret,
      SOAK_SAMPLE_MS: String(opts.sampleMs),
      CHEMINS_CACHE_STREAMS: opts.cacheStreams === undefined ? '' : String(opts.cacheStreams),
      CHEMINS_CACHE_EVENTS: opts.cacheEvents === undefined ? '' : String(opts.cacheEvents),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The server's URL once it is ready; from the start, the memory samples it sends go to `memory`. */
export function untilReady(child: ChildProcess, memory: ChildMemory[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start in 120 s')), 120_000);
    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      if (message.type === 'memory')
        memory.push({ at: message.at, rss: message.rss, heapUsed: message.heapUsed });
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.url);
      }
      if (message.type === 'failed') reject(new Error(message.message));
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before it was ready`)));
  });
}

/** Asks the child for a full collection (after a heap snapshot's path, or a cache to empty first). */
export type CollectFromServer = (snapshot?: string, empty?: 'journal' | 'state') => Promise<Collected>;

export function collectorOf(child: ChildProcess): CollectFromServer {
  return (snapshot, empty) =>
    new Promise((resolve) => {
      const listener = (raw: unknown) => {
        const message = raw as ChildMessage;
        if (message.type !== 'collected') return;
        child.off('message', listener);
        const { type: _type, ...rest } = message;
        resolve(rest);
      };
      child.on('message', listener);
      child.send({
        type: 'gc',
        ...(snapshot ? { snapshot } : {}),
        ...(empty ? { empty } : {}),
      } satisfies ParentMessage);
    });
}

/** Asks the child to close the server and the store; kills it after 10 s. */
export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  if (server.connected) server.send('stop');
  else server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
