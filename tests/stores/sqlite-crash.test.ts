import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteEventStore } from '@chemins/api';
import { readAllEvents, readWholeLedger, verifyChain, verifyLedger } from '@chemins/core';
import { afterAll, describe, expect, it } from 'vitest';

const writer = fileURLToPath(new URL('../support/sqlite-crash-writer.ts', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'chemins-crash-'));

afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Runs the writer until it has acknowledged `acks` appends, then kills it with SIGKILL mid-flight. */
function appendUntilKilled(path: string, streamId: string, acks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path, streamId], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lastAcknowledged = 0;
    let seen = 0;
    let buffered = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        lastAcknowledged = Number(line);
        seen += 1;
      }
      if (seen >= acks) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(lastAcknowledged);
      else reject(new Error(`the writer stopped by itself (code ${code}):\n${errors}`));
    });
  });
}

describe('SQLite store: a writer killed with SIGKILL', () => {
  it('keeps every append it acknowledged, and the chain verifies', async () => {
    const path = join(directory, 'journal.db');
    const streamId = 'project:crash';
    // Three lives: each new writer continues the stream the killed one left.
    for (const acks of [150, 60, 200]) {
      const acknowledged = await appendUntilKilled(path, streamId, acks);
      const store = new SqliteEventStore(path);
      try {
        const events = await readAllEvents(store, streamId);
        expect(events.length).toBeGreaterThanOrEqual(acknowledged);
        expect(await verifyChain(events)).toMatchObject({ ok: true, checked: events.length });
        const ledger = await readWholeLedger(store, '46');
        expect(await verifyLedger('46', ledger)).toMatchObject({ ok: true, checked: events.length });
        expect((await store.readStream(streamId, { direction: 'backward', limit: 1 })).streamVersion).toBe(
          events.length,
        );
      } finally {
        await store.close();
      }
    }
  });
});
