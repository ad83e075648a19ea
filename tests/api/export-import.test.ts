import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportEvents, importEvents, parseNdjson, SqliteEventStore, toNdjson } from '@chemins/api';
import { Journal, MemoryEventStore, readWholeLedger, seedLotScenario, verifyLedger } from '@chemins/core';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'chemins-transfer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export → import → export', () => {
  it('gives byte-identical files and the same hashes, erasures included', async () => {
    const source = new MemoryEventStore();
    const journal = new Journal(source);
    await seedLotScenario(journal);
    const events = await exportEvents(source, '46');
    const comment = events.find((event) => event.type === 'DifficultyReported');
    expect(comment).toBeDefined();
    await journal.execute(
      comment?.streamId ?? '',
      {
        type: 'EraseText',
        target: { version: comment?.version ?? 0, eventId: comment?.eventId ?? '' },
        path: 'description',
        reason: 'Test.',
      },
      {
        commandId: 'erase-1',
        actor: { id: 'admin-1', role: 'admin' },
        now: '2026-11-27T10:00:00.000Z',
        newId: () => 'salt-or-id',
      },
    );
    const exported = toNdjson(await exportEvents(source, '46'));
    expect(exported).toContain('[effacé]');

    for (const target of [new MemoryEventStore(), new SqliteEventStore(join(dir, 'copy.db'))]) {
      const parsed = exported
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(await importEvents(target, parsed)).toMatchObject({ ok: true });
      expect(toNdjson(await exportEvents(target, '46'))).toBe(exported);
      const ledger = await readWholeLedger(target, '46');
      expect(await verifyLedger('46', ledger)).toMatchObject({ ok: true });
      expect(ledger.map((entry) => entry.ledgerHash)).toEqual(
        (await readWholeLedger(source, '46')).map((entry) => entry.ledgerHash),
      );
    }
  });
});

describe('reading an export file', () => {
  it('names the first line that is not a JSON event', () => {
    expect(parseNdjson('{"a":1}\n[1,2]\n')).toEqual({
      ok: false,
      line: 2,
      message: 'line 2 is not a JSON event',
    });
  });

  it('refuses a line nested deeper than any event, before hashing could overflow the stack', () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const parsed = parseNdjson(`{"a":1}\n${deep}\n`);
    expect(parsed).toMatchObject({ ok: false, line: 2 });
    expect(parsed.ok ? '' : parsed.message).toContain('more than 64 levels deep');
  });
});
