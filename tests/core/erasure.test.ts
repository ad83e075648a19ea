import {
  type Actor,
  auditTrail,
  type Command,
  canonicalJson,
  DomainError,
  DuplicateCommand,
  ERASED_TEXT,
  type ExecuteOptions,
  erasePerson,
  Journal,
  type JournalEvent,
  MemoryEventStore,
  MemoryPersonDirectory,
  readAllEvents,
  review,
  sha256Hex,
  timeline,
  verifyChain,
} from '@chemins/core';
import { describe, expect, it } from 'vitest';
import { openProject } from './support/given.ts';

const NAME = 'Mme Martin';

describe('erasing a personal text (RGPD)', () => {
  it('removes the text from storage and views, keeps every chain, and records the erasure without the text', async () => {
    const store = new MemoryEventStore();
    const journal = new Journal(store);
    let n = 0;
    const run = (command: Command, commandId: string) =>
      journal.execute('project:p1', command, {
        commandId,
        actor: { id: 'director-1', role: 'director' },
        now: '2025-06-01T12:00:00.000Z',
        newId: () => `${commandId}-${++n}`,
      });
    await run(openProject, 'open');
    const reported = await run(
      {
        type: 'ReportDifficulty',
        difficultyId: 'd1',
        category: 'time',
        description: `${NAME} ne peut plus venir le mardi.`,
        occurredAt: '2023-01-17',
      },
      'report',
    );
    const target = { version: reported.toVersion, eventId: reported.events[0]?.eventId ?? '' };
    await run(
      {
        type: 'CorrectEntry',
        target,
        changes: { description: `${NAME} viendra le jeudi.` },
        reason: 'Précision.',
      },
      'correct',
    );
    const correction = (await readAllEvents(store, 'project:p1')).at(-1);
    const erased = await run(
      { type: 'EraseText', target, path: 'description', reason: 'Demande de la personne citée.' },
      'erase',
    );
    await run(
      {
        type: 'EraseText',
        target: { version: correction?.version ?? 0, eventId: correction?.eventId ?? '' },
        path: 'changes.description',
        reason: 'Idem.',
      },
      'erase-correction',
    );

    const events = await readAllEvents(store, 'project:p1');
    expect(JSON.stringify(events)).not.toContain(NAME);
    expect(await verifyChain(events)).toMatchObject({ ok: true, checked: events.length });
    expect(erased.events[0]).toMatchObject({
      type: 'TextErased',
      actor: { id: 'director-1' },
      data: { path: 'description', reason: 'Demande de la personne citée.' },
    });

    const { state } = await journal.load('project:p1');
    expect(state.entities.difficulties.d1?.current.description).toBe(ERASED_TEXT);
    const views = JSON.stringify([
      timeline(events),
      review(events, { from: '2023-01-01', to: '2023-12-31' }),
      auditTrail(events),
    ]);
    expect(views).not.toContain(NAME);
    expect(views).toContain(ERASED_TEXT);
  });
});

/** A real store whose next `eraseText` fails: the process stops between recording an erasure and carrying it out. */
class CrashOnErase extends MemoryEventStore {
  crashes = 0;

  override async eraseText(streamId: string, version: number, path: string, digest: string) {
    if (this.crashes > 0) {
      this.crashes -= 1;
      throw new Error('the process stopped here');
    }
    return super.eraseText(streamId, version, path, digest);
  }
}

const director: Actor = { id: 'director-1', role: 'director' };

function runner(store: MemoryEventStore) {
  const journal = new Journal(store);
  // Fresh ids at every attempt, as in production: a retried command gets salts of its own.
  let n = 0;
  const options = (commandId: string, actor: Actor): ExecuteOptions => ({
    commandId,
    actor,
    now: '2025-06-01T12:00:00.000Z',
    newId: () => `id-${++n}`,
  });
  const run = (command: Command, commandId: string, actor: Actor = director) =>
    journal.execute('project:p1', command, options(commandId, actor));
  return { journal, run };
}

const targetOf = (event: JournalEvent | undefined) => ({
  version: event?.version ?? 0,
  eventId: event?.eventId ?? '',
});

/** The EraseText of a comment's text, as the person it names asks. */
const erasureOfComment = (event: JournalEvent | undefined): Extract<Command, { type: 'EraseText' }> => ({
  type: 'EraseText',
  target: targetOf(event),
  path: 'text',
  reason: 'Demande de la personne citée.',
});

describe("erasing a correction's reason", () => {
  it('erases the reason like any free text, keeps the chain, and shows "[effacé]" in the audit trail', async () => {
    const store = new MemoryEventStore();
    const { run } = runner(store);
    await run(openProject, 'open');
    const reported = await run(
      { type: 'ReportDifficulty', difficultyId: 'd1', category: 'time', description: 'Peu de temps.' },
      'report',
    );
    const corrected = await run(
      {
        type: 'CorrectEntry',
        target: targetOf(reported.events[0]),
        changes: { description: 'Très peu de temps.' },
        reason: `${NAME} avait signalé une erreur.`,
      },
      'correct',
    );
    const correction = corrected.events[0];
    expect(Object.keys(correction?.textSalts ?? {})).toContain('reason');

    await run(
      { type: 'EraseText', target: targetOf(correction), path: 'reason', reason: 'Personne nommée.' },
      'erase-reason',
    );

    const events = await readAllEvents(store, 'project:p1');
    expect(JSON.stringify(events)).not.toContain(NAME);
    expect(await verifyChain(events)).toMatchObject({ ok: true, checked: events.length });
    const amendments = auditTrail(events).entries.flatMap((entry) => entry.amendments);
    expect(amendments).toContainEqual(expect.objectContaining({ reason: ERASED_TEXT }));
    // The correction itself still applies: only its reason is gone.
    expect(JSON.stringify(timeline(events))).toContain('Très peu de temps.');
  });
});

describe('erasing one item of a corrected list of texts', () => {
  it('erases changes.decisions.0 of a correction, keeps the other items and every chain', async () => {
    const store = new MemoryEventStore();
    const { run } = runner(store);
    await run(openProject, 'open');
    const held = await run(
      {
        type: 'HoldInterimReview',
        title: 'Bilan 2025',
        participants: { staff: 3 },
        decisions: ['Revoir le calendrier.'],
      },
      'review',
    );
    const corrected = await run(
      {
        type: 'CorrectEntry',
        target: targetOf(held.events[0]),
        changes: { decisions: [`${NAME} coordonne le calendrier.`, 'Revoir le calendrier.'] },
        reason: 'Décision oubliée.',
      },
      'correct',
    );
    const correction = corrected.events[0];
    expect(Object.keys(correction?.textSalts ?? {}).sort()).toEqual([
      'changes.decisions.0',
      'changes.decisions.1',
      'reason',
    ]);

    await run(
      {
        type: 'EraseText',
        target: targetOf(correction),
        path: 'changes.decisions.0',
        reason: 'Personne nommée.',
      },
      'erase-decision',
    );

    const events = await readAllEvents(store, 'project:p1');
    expect(JSON.stringify(events)).not.toContain(NAME);
    const stored = events.find((event) => event.eventId === correction?.eventId);
    expect(stored?.data).toMatchObject({
      changes: { decisions: [ERASED_TEXT, 'Revoir le calendrier.'] },
    });
    expect(await verifyChain(events)).toMatchObject({ ok: true, checked: events.length });
  });
});

describe('an erasure interrupted before its text left storage', () => {
  async function interrupted() {
    const store = new CrashOnErase();
    const { journal, run } = runner(store);
    await run(openProject, 'open');
    const commented = await run({ type: 'AddComment', text: `${NAME} appelle le lundi.` }, 'comment');
    const erasure = erasureOfComment(commented.events[0]);
    store.crashes = 1;
    await expect(run(erasure, 'erase')).rejects.toThrow('the process stopped here');
    // The log says erased; storage still holds the text.
    expect(JSON.stringify(await readAllEvents(store, 'project:p1'))).toContain(NAME);
    return { store, journal, run, erasure };
  }

  it('is finished when the same command is retried', async () => {
    const { store, run, erasure } = await interrupted();
    const retried = await run(erasure, 'erase');
    expect(retried).toMatchObject({ replayed: true, events: [{ type: 'TextErased' }] });
    const events = await readAllEvents(store, 'project:p1');
    expect(JSON.stringify(events)).not.toContain(NAME);
    expect(events.filter((event) => event.type === 'TextErased')).toHaveLength(1);
    expect(await verifyChain(events)).toMatchObject({ ok: true });
  });

  it('is finished when another erasure of the same text is refused as done already', async () => {
    const { store, run, erasure } = await interrupted();
    const again = run(erasure, 'erase-again');
    await expect(again).rejects.toBeInstanceOf(DomainError);
    await expect(again).rejects.toMatchObject({ code: 'TEXT_ALREADY_ERASED' });
    expect(JSON.stringify(await readAllEvents(store, 'project:p1'))).not.toContain(NAME);
  });

  it('is finished when erasePerson is run again, with the same reason or another', async () => {
    for (const secondReason of ['Article 17.', 'Relance de la demande.']) {
      const store = new CrashOnErase();
      const { journal, run } = runner(store);
      const volunteer = { id: 'volunteer-jd', role: 'volunteer' } as const;
      await run(openProject, 'open');
      await run({ type: 'AddComment', text: `${NAME} anime l’atelier.` }, 'comment', volunteer);
      const directory = new MemoryPersonDirectory();
      await directory.put({ actorId: 'volunteer-jd', name: NAME });
      const request = {
        actorId: 'volunteer-jd',
        territories: ['46'],
        reason: 'Article 17.',
        actor: { id: 'admin-1', role: 'admin' } as const,
        now: '2025-06-02T12:00:00.000Z',
        newId: (() => {
          let n = 0;
          return () => `erase-${++n}`;
        })(),
      };
      store.crashes = 1;
      await expect(erasePerson({ store, journal, directory }, request)).rejects.toThrow('stopped');
      expect(JSON.stringify(await readAllEvents(store, 'project:p1'))).toContain(NAME);

      await erasePerson(
        { store, journal, directory },
        { ...request, reason: secondReason, now: '2025-06-03T12:00:00.000Z' },
      );
      const events = await readAllEvents(store, 'project:p1');
      expect(JSON.stringify(events)).not.toContain(NAME);
      expect(events.filter((event) => event.type === 'TextErased')).toHaveLength(1);
      expect(await directory.get('volunteer-jd')).toBeNull();
    }
  });
});

describe('an erasure interrupted on one instance, asked again on another', () => {
  it('is finished even when the other instance, its cache behind, is refused as a duplicate', async () => {
    const store = new CrashOnErase();
    const first = runner(store);
    await first.run(openProject, 'open');
    const commented = await first.run({ type: 'AddComment', text: `${NAME} appelle le lundi.` }, 'comment');
    // A second instance (its own journal and cache) has read the stream before the erasure.
    const secondJournal = new Journal(store, { cache: {} });
    await secondJournal.read('project:p1');
    const second = {
      run: (command: Command, commandId: string) =>
        secondJournal.execute('project:p1', command, {
          commandId,
          actor: director,
          now: '2025-06-02T12:00:00.000Z',
          newId: () => `second-${commandId}-${Math.random()}`,
        }),
    };
    const erasure = erasureOfComment(commented.events[0]);
    store.crashes = 1;
    await expect(first.run(erasure, 'erase')).rejects.toThrow('the process stopped here');

    // The same id with another reason: decided on the stale cache, refused by the store as a duplicate.
    await expect(second.run({ ...erasure, reason: 'Relance.' }, 'erase')).rejects.toBeInstanceOf(
      DuplicateCommand,
    );
    const events = await readAllEvents(store, 'project:p1');
    expect(JSON.stringify(events)).not.toContain(NAME);
    expect(events.filter((event) => event.type === 'TextErased')).toHaveLength(1);
  });
});

describe('the idempotency record of a command whose text is erased', () => {
  const SHORT = 'Léa';
  const comment: Command = { type: 'AddComment', text: SHORT };

  it('keeps replays and duplicate detection', async () => {
    const store = new MemoryEventStore();
    const { run } = runner(store);
    await run(openProject, 'open');
    const first = await run(comment, 'comment');
    const again = await run(comment, 'comment');
    expect(again).toMatchObject({ replayed: true, fromVersion: first.fromVersion });
    expect(again.events.map((event) => event.eventId)).toEqual(first.events.map((event) => event.eventId));
    await expect(run({ type: 'AddComment', text: 'Zoé' }, 'comment')).rejects.toBeInstanceOf(
      DuplicateCommand,
    );
    expect(await readAllEvents(store, 'project:p1')).toHaveLength(2);
  });

  it('gives no way to confirm a guess of the text once it is erased', async () => {
    const store = new MemoryEventStore();
    const { run } = runner(store);
    await run(openProject, 'open');
    const commented = await run(comment, 'comment');
    await run(
      { type: 'EraseText', target: targetOf(commented.events[0]), path: 'text', reason: 'Prénom.' },
      'erase',
    );
    const record = await store.findCommand('comment');
    const stored = (await readAllEvents(store, 'project:p1'))[1];
    // The salt the fingerprint was made with is gone with the text…
    expect(stored?.textSalts?.text).toBeUndefined();
    // …and no guess hashed as the command was (stream id and command) gives the fingerprint.
    for (const guess of ['Paul', SHORT, 'Zoé']) {
      const guessed = await sha256Hex(
        canonicalJson({ streamId: 'project:p1', command: { type: 'AddComment', text: guess } }),
      );
      expect(record?.fingerprint).not.toBe(guessed);
    }
    // Nor can the erased request be replayed: its key now answers as used for another request.
    await expect(run(comment, 'comment')).rejects.toBeInstanceOf(DuplicateCommand);
  });

  it('holds no text in clear when the store makes the fingerprint itself (an import, an embedder’s append)', async () => {
    const store = new MemoryEventStore();
    const { run } = runner(store);
    await run(openProject, 'open');
    const commented = await run(comment, 'comment');
    // The same event appended again elsewhere, as `chemins import` does: no fingerprint given.
    const copy = new MemoryEventStore();
    for (const event of await readAllEvents(store, 'project:p1')) {
      const { version: _v, prevHash: _p, hash: _h, ...draft } = event;
      await copy.append('project:p1', [draft], { expectedVersion: 'any', commandId: event.commandId });
    }
    const record = await copy.findCommand('comment');
    const plain = await sha256Hex(canonicalJson([{ type: 'CommentAdded', data: { text: SHORT } }]));
    expect(record?.fingerprint).toBeDefined();
    expect(record?.fingerprint).not.toBe(plain);
    // Appending it again is still recognised as the same request.
    const { version: _v, prevHash: _p, hash: _h, ...draft } = commented.events[0] as JournalEvent;
    const again = await copy.append('project:p1', [draft], { expectedVersion: 'any', commandId: 'comment' });
    expect(again.replayed).toBe(true);
  });

  it('depends on the salt, not only on the text', async () => {
    const fingerprints: (string | undefined)[] = [];
    for (const salt of ['a', 'b']) {
      const store = new MemoryEventStore();
      const journal = new Journal(store);
      const options = (commandId: string): ExecuteOptions => ({
        commandId,
        actor: director,
        now: '2025-06-01T12:00:00.000Z',
        newId: () => `${salt}-${commandId}`,
      });
      await journal.execute('project:p1', openProject, options('open'));
      await journal.execute('project:p1', comment, options('comment'));
      fingerprints.push((await store.findCommand('comment'))?.fingerprint);
    }
    expect(fingerprints[0]).not.toBe(fingerprints[1]);
  });
});
