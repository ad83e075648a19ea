import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, SqlitePersonDirectory } from '@chemins/api';
import {
  type Actor,
  type Command,
  erasePerson,
  Journal,
  readAllEvents,
  readWholeLedger,
  seedLotScenario,
  verifyChain,
  verifyLedger,
} from '@chemins/core';
import { uniqueId } from '@chemins/core/testing';
import { afterAll, describe, expect, it } from 'vitest';

const folder = mkdtempSync(join(tmpdir(), 'chemins-person-erasure-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Every byte SQLite keeps of the journal on disk: the file and its write-ahead log. */
const onDisk = (path: string) =>
  [path, `${path}-wal`]
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('utf8'))
    .join('\n');

describe('erasing a person on SQLite (RGPD)', () => {
  it('leaves neither their name nor the texts they wrote in the database file', async () => {
    const path = join(folder, 'journal.db');
    const store = new SqliteEventStore(path);
    const directory = new SqlitePersonDirectory(store);
    const journal = new Journal(store);
    await seedLotScenario(journal);

    const tail = uniqueId('x');
    const name = `Jeanne Dupont-${tail}`;
    const contact = `jeanne.${tail}@exemple.fr`;
    const volunteer: Actor = { id: `volunteer-${tail}`, role: 'volunteer' };
    const staff: Actor = { id: 'staff-kept', role: 'staff' };
    const kept = `Atelier maintenu ${tail}`;
    let n = 0;
    const run = (actor: Actor, command: Command) =>
      journal.execute('project:causses-2023', command, {
        commandId: uniqueId('c'),
        actor,
        now: '2025-06-01T12:00:00.000Z',
        newId: () => `${tail}-${++n}`,
      });
    await directory.put({ actorId: volunteer.id, name, contact });
    const success = `${name} a animé l’atelier couture.`;
    const comment = `Joindre ${name} au ${contact}.`;
    await run(volunteer, {
      type: 'RecordSuccess',
      category: 'internal_exchanges',
      description: success,
    });
    await run(volunteer, { type: 'AddComment', text: comment });
    await run(staff, { type: 'AddComment', text: kept });
    // Everything is on disk first, so the absences checked below mean something.
    const before = onDisk(path);
    for (const text of [name, contact, success, comment, kept]) expect(before).toContain(text);

    const erasure = await erasePerson(
      { store, journal, directory },
      {
        actorId: volunteer.id,
        territories: ['46'],
        reason: 'Demande de la personne (art. 17 RGPD).',
        actor: { id: 'admin-1', role: 'admin' },
        now: '2025-06-02T09:00:00.000Z',
        newId: () => `${tail}-${++n}`,
      },
    );
    expect(erasure).toMatchObject({ directoryEntryErased: true });
    expect(erasure.erasedTexts).toHaveLength(2);
    expect(await directory.get(volunteer.id)).toBeNull();

    // Still open: the erasure itself got the bytes out, not the checkpoint that closing makes.
    const after = onDisk(path);
    for (const text of [name, contact, success, comment]) expect(after).not.toContain(text);
    // Only the person's texts went: another author's stays, and every chain still verifies.
    expect(after).toContain(kept);
    expect(await verifyChain(await readAllEvents(store, 'project:causses-2023'))).toMatchObject({ ok: true });
    expect(await verifyLedger('46', await readWholeLedger(store, '46'))).toMatchObject({ ok: true });

    await directory.close();
    await store.close();
    expect(onDisk(path)).not.toContain(name);
  });
});
