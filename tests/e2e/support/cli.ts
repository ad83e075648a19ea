import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: `npx chemins` resolves the workspace bin from here. */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The file `npx chemins` runs (node_modules/.bin/chemins links to it). */
export const CHEMINS_BIN = fileURLToPath(new URL('../../../packages/api/bin/chemins.js', import.meta.url));

export interface CliResult {
  code: number | null;
  /** Raw bytes, as a shell redirection (`> file`) would write them. */
  stdout: Buffer;
  stderr: string;
}

/** Variables the CLI reads: none is inherited from the developer's shell, only what a test passes. */
const CLI_VARIABLES = [
  'CHEMINS_STORE',
  'CHEMINS_DATA',
  'CHEMINS_TABLE',
  'DYNAMODB_ENDPOINT',
  'CHEMINS_JWT_SECRET',
  'CHEMINS_JWT_ISSUER',
  'CHEMINS_JWT_AUDIENCE',
  'CHEMINS_CORS_ORIGINS',
  'PORT',
  'HOST',
];

/** The environment of a CLI run: this process's, without the CLI's own variables, plus `env`. */
export function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !CLI_VARIABLES.includes(name));
  return { ...Object.fromEntries(inherited), ...env };
}

/**
 * Runs `npx chemins <args>` from the repository root and waits for it to exit. `--offline`: should the
 * workspace bin not resolve, npx fails instead of fetching some other package named "chemins".
 */
export function chemins(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawn('npx', ['--offline', 'chemins', ...args], {
    cwd: ROOT,
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child);
}

function collect(child: ChildProcess): Promise<CliResult> {
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr }));
  });
}

export interface ServeProcess {
  url: string;
  /** What `chemins serve` printed on stderr until it was ready (URL, docs, tokens). */
  banner: string;
  /** SIGTERM, then waits for the exit code (SIGKILL after 5 s). */
  stop(): Promise<number | null>;
}

/**
 * Starts `chemins serve` on a free port (PORT=0), from the repository root unless `cwd` says otherwise.
 * It runs the bin with node directly rather than through npx, so that the signal that stops it reaches
 * the server itself and no process outlives the test.
 */
export async function serve(
  env: Record<string, string>,
  { timeoutMs = 60_000, cwd = ROOT }: { timeoutMs?: number; cwd?: string } = {},
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CHEMINS_BIN, 'serve'], {
    cwd,
    env: cliEnv({ ...env, PORT: '0' }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  let banner = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`chemins serve printed no URL in time:\n${banner}`)),
        timeoutMs,
      );
      child.stderr?.on('data', (chunk: Buffer) => {
        banner += chunk.toString();
        const match = /Chemins API on (http:\/\/\S+)/.exec(banner);
        // The banner is written in one piece; wait for its last line.
        if (match?.[1] && banner.includes('Try: curl')) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`chemins serve exited with ${code}:\n${banner}`));
      });
    });
    return { url, banner, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
