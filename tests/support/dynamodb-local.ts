import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  port: number;
  /** Stops the emulator and waits for its process to exit. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Keep the tables in files under this directory (so a restart keeps them); in memory otherwise. */
  dataDir?: string;
  /** A fixed port, to restart on the same endpoint; a free one otherwise. */
  port?: number;
  startTimeoutMs?: number;
}

/** The region and dummy credentials DynamoDB Local accepts (it checks neither). */
export const LOCAL_REGION = 'eu-west-3';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A client for an emulator endpoint. */
export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

/**
 * Starts Amazon's DynamoDB Local (the jar shipped by `amplify-dynamodb-simulator`) on a free port and
 * waits until it answers. Never skips: without Java it fails, saying how to install it.
 */
export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  requireJava();
  const emulator = emulatorDirectory();
  const port = options.port ?? (await freePort());
  // Otherwise the readiness check below would talk to whatever already listens there.
  if (await portOpen(port))
    throw new Error(`port ${port} is already in use: cannot start DynamoDB Local on it`);
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  // -sharedDb: one database whatever the region and credentials of the client, as tests expect.
  const args = [
    `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(emulator, 'DynamoDBLocal.jar'),
    ...storage,
    '-sharedDb',
    '-port',
    String(port),
  ];
  // A small shell watches the emulator: it kills Java as soon as its stdin closes, which happens on
  // stop() and also when this process dies in any way (even SIGKILL), so no emulator outlives the tests.
  // The shell itself lives as long as Java does, so an emulator that fails to start is seen exiting.
  // (A background job's stdin is /dev/null, hence the watcher reads the pipe through fd 3.)
  const watchdog =
    'exec 3<&0; java "$@" </dev/null & pid=$!; echo "java-pid $pid" >&2; ' +
    '(read _ <&3; kill $pid 2>/dev/null) & wait $pid';
  const child = spawn('/bin/sh', ['-c', watchdog, 'dynamodb-local', ...args], {
    cwd: emulator,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let javaPid: number | undefined;
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    javaPid ??= Number(/java-pid (\d+)/.exec(output)?.[1]) || undefined;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killNow = () => {
    if (javaPid) killQuietly(javaPid);
    child.kill('SIGKILL');
  };
  process.once('exit', killNow);

  const stop = async () => {
    process.removeListener('exit', killNow);
    child.stdin?.end();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(killNow, 10_000);
    await exited;
    clearTimeout(timer);
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(child, endpoint, port, options.startTimeoutMs ?? 60_000, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, stop };
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function requireJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'DynamoDB Local needs Java (17 or later) and `java` was not found on the PATH. Install it, e.g. on ' +
        'Debian or Ubuntu: `sudo apt-get install -y default-jre-headless`, then run the tests again.',
    );
  }
}

function emulatorDirectory(): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('amplify-dynamodb-simulator/package.json');
  } catch {
    throw new Error('amplify-dynamodb-simulator is not installed: run `npm ci` at the repository root');
  }
  const emulator = join(dirname(packageJson), 'emulator');
  if (!existsSync(join(emulator, 'DynamoDBLocal.jar'))) {
    throw new Error(`DynamoDBLocal.jar is missing from ${emulator}: reinstall amplify-dynamodb-simulator`);
  }
  return emulator;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(
  child: ChildProcess,
  endpoint: string,
  port: number,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null) {
      throw new Error(`DynamoDB Local exited with code ${child.exitCode} before listening:\n${output()}`);
    }
    if (Date.now() > deadline)
      throw new Error(`DynamoDB Local did not listen on port ${port} in time:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Listening is not serving yet: wait for a real answer.
  const client = localClient(endpoint);
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local does not answer on ${endpoint}: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
