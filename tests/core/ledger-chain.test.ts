// The territory ledger: `verifyLedger` names the first broken position and why, for every break it knows:
// a missing position, an event of another territory, an edited event, a stream out of order, a forked
// stream, a reordered ledger, and a text erased with no TextErased event.
import {
  type Command,
  hashEvent,
  Journal,
  type JournalEvent,
  type LedgerEntry,
  ledgerOf,
  MemoryEventStore,
  readWholeLedger,
  textAt,
  textDigest,
  verifyLedger,
} from '@chemins/core';
import { describe, expect, it } from 'vitest';
import { openProject } from './support/given.ts';

const TERRITORY = '46';

/** Two projects of territory 46 recorded in turns, so their events interleave in the ledger. */
async function recordedTerritory() {
  const store = new MemoryEventStore();
  const journal = new Journal(store);
  let n = 0;
  const run = (project: 'a' | 'b', command: Command, commandId: string) =>
    journal.execute(`project:${project}`, command, {
      commandId: `${project}-${commandId}`,
      actor: { id: 'director-1', role: 'director' },
      now: '2025-06-01T12:00:00.000Z',
      newId: () => `${project}-${commandId}-${++n}`,
    });
  for (const project of ['a', 'b'] as const)
    await run(project, { ...openProject, projectId: project } as Command, 'open');
  for (const project of ['a', 'b'] as const) {
    await run(
      project,
      {
        type: 'ReportDifficulty',
        difficultyId: 'd1',
        category: 'time',
        description: `Mme Martin ne peut plus venir le mardi (${project}).`,
        occurredAt: '2023-01-17',
      },
      'report',
    );
  }
  for (const project of ['a', 'b'] as const)
    await run(
      project,
      { type: 'AddComment', text: 'Bilan à préparer.', occurredAt: '2023-02-02' },
      'comment',
    );
  const ledger = await readWholeLedger(store, TERRITORY);
  // The layout every test below counts positions on.
  expect(ledger.map(({ position, event }) => `${position} ${event.streamId} v${event.version}`)).toEqual([
    '1 project:a v1',
    '2 project:b v1',
    '3 project:a v2',
    '4 project:b v2',
    '5 project:a v3',
    '6 project:b v3',
  ]);
  return { store, run, ledger };
}

const eventAt = (ledger: readonly LedgerEntry[], position: number) =>
  (ledger[position - 1] as LedgerEntry).event;

/** The ledger with the event at one position replaced, every ledger hash recomputed for the new events. */
function replaced(ledger: readonly LedgerEntry[], position: number, event: JournalEvent) {
  return ledgerOf(
    TERRITORY,
    ledger.map((entry) => (entry.position === position ? event : entry.event)),
  );
}

describe('verifyLedger', () => {
  it('accepts a ledger recorded through the Journal, and returns its head', async () => {
    const { ledger } = await recordedTerritory();
    expect(await verifyLedger(TERRITORY, ledger)).toEqual({
      ok: true,
      checked: 6,
      lastPosition: 6,
      lastLedgerHash: ledger[5]?.ledgerHash,
    });
  });

  it('names the position after a removed one: position_gap', async () => {
    const { ledger } = await recordedTerritory();
    const verdict = await verifyLedger(
      TERRITORY,
      ledger.filter((entry) => entry.position !== 3),
    );
    expect(verdict).toEqual({
      ok: false,
      checked: 2,
      position: 3,
      streamId: 'project:b',
      version: 2,
      reason: 'position_gap',
      message: 'expected position 3, found 4',
    });
  });

  it('names an event of another territory: territory_mismatch', async () => {
    const { ledger } = await recordedTerritory();
    const moved = { ...eventAt(ledger, 4), territory: '12' };
    const verdict = await verifyLedger(TERRITORY, await replaced(ledger, 4, moved));
    expect(verdict).toEqual({
      ok: false,
      checked: 3,
      position: 4,
      streamId: 'project:b',
      version: 2,
      reason: 'territory_mismatch',
      message: 'position 4 belongs to territory 12',
    });
  });

  it('names an edited event: hash_mismatch at its position', async () => {
    const { ledger } = await recordedTerritory();
    const edited = ledger.map((entry) =>
      entry.position === 3
        ? { ...entry, event: { ...entry.event, occurredAt: '2023-01-18T00:00:00.000Z' } }
        : entry,
    );
    expect(await verifyLedger(TERRITORY, edited)).toEqual({
      ok: false,
      checked: 2,
      position: 3,
      streamId: 'project:a',
      version: 2,
      reason: 'hash_mismatch',
      message: 'project:a version 2 was changed after it was recorded',
    });
  });

  it('names a stream whose versions come out of order, even with ledger hashes recomputed: stream_order', async () => {
    const { ledger } = await recordedTerritory();
    const events = ledger.map((entry) => entry.event);
    // project:a version 3 committed before its version 2.
    const swapped = [0, 1, 4, 3, 2, 5].map((index) => events[index] as JournalEvent);
    expect(await verifyLedger(TERRITORY, await ledgerOf(TERRITORY, swapped))).toEqual({
      ok: false,
      checked: 2,
      position: 3,
      streamId: 'project:a',
      version: 3,
      reason: 'stream_order',
      message: 'project:a jumps from version 1 to 3 at position 3',
    });
  });

  it('names a rehashed event that does not follow its stream: prev_hash_mismatch', async () => {
    const { ledger } = await recordedTerritory();
    const forked = { ...eventAt(ledger, 5), prevHash: eventAt(ledger, 1).hash };
    const rehashed = { ...forked, hash: await hashEvent(forked) };
    expect(await verifyLedger(TERRITORY, await replaced(ledger, 5, rehashed))).toEqual({
      ok: false,
      checked: 4,
      position: 5,
      streamId: 'project:a',
      version: 3,
      reason: 'prev_hash_mismatch',
      message: 'project:a version 3 does not follow version 2',
    });
  });

  it('names a reordered ledger whose streams each still chain: ledger_hash_mismatch', async () => {
    const { ledger } = await recordedTerritory();
    // Positions 3 and 4 swap events (two streams, so each stream's own chain is intact) and keep their
    // ledger hashes: only the hash chain across streams can see it.
    const reordered = ledger.map((entry) => {
      if (entry.position === 3) return { ...entry, event: eventAt(ledger, 4) };
      if (entry.position === 4) return { ...entry, event: eventAt(ledger, 3) };
      return entry;
    });
    expect(await verifyLedger(TERRITORY, reordered)).toEqual({
      ok: false,
      checked: 2,
      position: 3,
      streamId: 'project:b',
      version: 2,
      reason: 'ledger_hash_mismatch',
      message: 'the ledger hash at position 3 does not chain from position 2',
    });
  });

  it('names a text erased with no TextErased event: unrecorded_erasure at its position', async () => {
    const { store, ledger } = await recordedTerritory();
    const target = eventAt(ledger, 4);
    const salt = target.textSalts?.description ?? '';
    const text = textAt(target.data as Record<string, unknown>, 'description') ?? '';
    await store.eraseText('project:b', 2, 'description', await textDigest(salt, text));
    const verdict = await verifyLedger(TERRITORY, await readWholeLedger(store, TERRITORY));
    expect(verdict).toMatchObject({
      ok: false,
      checked: 3,
      position: 4,
      streamId: 'project:b',
      version: 2,
      reason: 'unrecorded_erasure',
    });
    expect(verdict.ok ? '' : verdict.message).toContain('no later TextErased event records who erased it');
  });

  it('accepts an erasure carried out through EraseText', async () => {
    const { store, run, ledger } = await recordedTerritory();
    const target = eventAt(ledger, 4);
    await run(
      'b',
      {
        type: 'EraseText',
        target: { version: target.version, eventId: target.eventId },
        path: 'description',
        reason: 'Demande de la personne citée.',
      },
      'erase',
    );
    const after = await readWholeLedger(store, TERRITORY);
    expect(eventAt(after, 4).data).toMatchObject({ description: '[effacé]' });
    expect(await verifyLedger(TERRITORY, after)).toMatchObject({ ok: true, checked: 7 });
  });
});
