// What the local server makes of its environment when nothing is set (`npm start` on a fresh clone), and
// how it refuses a store it does not know.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PORT, InvalidSetting, portFromEnv, storeFromEnv } from '@chemins/api';
import { afterAll, describe, expect, it } from 'vitest';
import { CHEMINS_BIN, chemins, cliEnv } from '../e2e/support/cli.ts';

const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'chemins-store-from-env-')));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

interface Started {
  banner: string;
  stop(): Promise<number | null>;
}

/**
 * `chemins serve` run from `cwd` with none of its variables set but PORT=0 (a free port: 3000 may be
 * taken on this machine, by a developer's own `npm start`), until its banner is complete.
 */
function serveWithDefaults(): Promise<Started> {
  const child = spawn(process.execPath, [CHEMINS_BIN, 'serve'], {
    cwd,
    env: cliEnv({ PORT: '0' }),
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
  return new Promise((resolve, reject) => {
    // Before the test's own timeout, so that no server outlives a failed test.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`chemins serve printed no banner in time:\n${banner}`));
    }, 45_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      if (!banner.includes('Try: curl')) return;
      clearTimeout(timer);
      resolve({ banner, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`chemins serve exited with ${code}:\n${banner}`));
    });
  });
}

describe('the store and port from the environment', () => {
  it('listens on port 3000 unless PORT says otherwise, and refuses a PORT that is not a port', () => {
    expect(DEFAULT_PORT).toBe(3000);
    expect(portFromEnv({})).toBe(3000);
    expect(portFromEnv({ PORT: '' })).toBe(3000);
    expect(portFromEnv({ PORT: '8080' })).toBe(8080);
    expect(portFromEnv({ PORT: '0' })).toBe(0);
    for (const bad of ['abc', '-1', '65536', '80.5', '3000x']) {
      expect(() => portFromEnv({ PORT: bad })).toThrow(
        new InvalidSetting('PORT', `PORT must be a port number from 0 to 65535, not "${bad}"`),
      );
    }
  });

  it('serves over SQLite at ./.chemins/journal.db when CHEMINS_DATA is unset', async () => {
    const path = join(cwd, '.chemins', 'journal.db');
    const server = await serveWithDefaults();
    try {
      const url = /Chemins API on (http:\/\/127\.0\.0\.1:\d+) \(SQLite at (.+)\)/.exec(server.banner);
      expect(url?.[2]).toBe(path);
      expect(existsSync(path)).toBe(true);
      // Answering also means it has set its signal handlers, so the SIGTERM below stops it cleanly.
      const health = await fetch(`${url?.[1]}/health`);
      expect(health.status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('refuses an unknown CHEMINS_STORE, naming the values it takes', async () => {
    await expect(storeFromEnv({ CHEMINS_STORE: 'postgres' })).rejects.toSatisfy(
      (error) =>
        error instanceof InvalidSetting &&
        error.code === 'INVALID_SETTING' &&
        error.setting === 'CHEMINS_STORE' &&
        error.message === 'CHEMINS_STORE must be "sqlite" or "dynamodb", not "postgres"',
    );
  });

  it('makes `chemins serve` exit with a bad PORT named rather than start', async () => {
    const result = await chemins(['serve'], { PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('chemins serve: PORT must be a port number from 0 to 65535, not "abc"\n');
  });

  it('makes `chemins serve` exit with that message rather than start', async () => {
    const result = await chemins(['serve'], { CHEMINS_STORE: 'postgres', PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'chemins serve: CHEMINS_STORE must be "sqlite" or "dynamodb", not "postgres"\n',
    );
  });
});
