import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PORT, InvalidSetting, portFromEnv, storeFromEnv } from '@chemins/api';
import { afterAll, describe, expect, it } from 'vitest';
import { chemins, serve } from '../e2e/support/cli.ts';

const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'chemins-store-from-env-')));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

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
    // On a free port (serve sets PORT=0): 3000 may be taken here, by a developer's own `npm start`.
    const server = await serve({}, { cwd });
    try {
      expect(server.banner).toContain(`Chemins API on ${server.url} (SQLite at ${path})`);
      expect(existsSync(path)).toBe(true);
      const health = await fetch(`${server.url}/health`);
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
