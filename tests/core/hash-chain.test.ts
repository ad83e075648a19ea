// The hash chain of one stream: canonical JSON, SHA-256 through Web Crypto, and `verifyChain` naming the
// first broken version and why, for every way a stored stream can be rewritten, including a text replaced
// by "[effacé]" with no TextErased event to say who erased it, when and why.
import { createHash } from 'node:crypto';
import {
  type Command,
  canonicalJson,
  GENESIS_HASH,
  hashEvent,
  Journal,
  type JournalEvent,
  MemoryEventStore,
  readAllEvents,
  sha256Hex,
  textAt,
  textDigest,
  verifyChain,
} from '@chemins/core';
import { describe, expect, it } from 'vitest';
import { openProject } from './support/given.ts';

const STREAM = 'project:p1';

/** The recorded project with the description of version 2 erased through the journal (EraseText). */
async function projectWithTextErased() {
  const project = await recordedProject();
  const before = await readAllEvents(project.store, STREAM);
  await project.run(
    {
      type: 'EraseText',
      target: { version: 2, eventId: at(before, 2).eventId },
      path: 'description',
      reason: 'Demande de la personne citée.',
    },
    'erase',
  );
  return project;
}

/** A project stream recorded through the Journal: versions 2 and 3 each hold a salted (erasable) text. */
async function recordedProject(streamId = STREAM, projectId = 'p1') {
  const store = new MemoryEventStore();
  const journal = new Journal(store);
  let n = 0;
  const run = (command: Command, commandId: string) =>
    journal.execute(streamId, command, {
      commandId: `${projectId}-${commandId}`,
      actor: { id: 'director-1', role: 'director' },
      now: '2025-06-01T12:00:00.000Z',
      newId: () => `${projectId}-${commandId}-${++n}`,
    });
  await run({ ...openProject, projectId } as Command, 'open');
  await run(
    {
      type: 'ReportDifficulty',
      difficultyId: 'd1',
      category: 'time',
      description: 'Mme Martin ne peut plus venir le mardi.',
      occurredAt: '2023-01-17',
    },
    'report',
  );
  await run(
    {
      type: 'RecordSuccess',
      successId: 's1',
      category: 'shared_vision',
      description: 'M. Durand anime le groupe des aidants.',
      occurredAt: '2023-02-01',
    },
    'success',
  );
  await run({ type: 'AddComment', text: 'Bilan à préparer.', occurredAt: '2023-02-02' }, 'comment');
  return { store, run, events: await readAllEvents(store, streamId) };
}

/** Replaces a text with "[effacé]" the way an operator with access to the store could: no event records it. */
async function eraseBehindTheJournal(store: MemoryEventStore, version: number, path: string) {
  const [stored] = (await store.readStream(STREAM, { fromVersion: version, toVersion: version })).events;
  const salt = stored?.textSalts?.[path] ?? '';
  const text = textAt(stored?.data as Record<string, unknown>, path) ?? '';
  await store.eraseText(STREAM, version, path, await textDigest(salt, text));
}

const at = (events: readonly JournalEvent[], version: number) => events[version - 1] as JournalEvent;

describe('canonical JSON and SHA-256', () => {
  it('writes keys in one order at every depth, whatever order they were set in', () => {
    const one = { b: 1, a: { d: [{ z: 1, y: 'é' }], c: null }, skipped: undefined };
    const other = { a: { c: null, d: [{ y: 'é', z: 1 }] }, b: 1 };
    expect(canonicalJson(one)).toBe('{"a":{"c":null,"d":[{"y":"é","z":1}]},"b":1}');
    expect(canonicalJson(other)).toBe(canonicalJson(one));
  });

  it('hashes through Web Crypto to the standard SHA-256 digest', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives a fixed event its known hash: SHA-256 of the canonical JSON of every field but the hash', async () => {
    const event = {
      type: 'CommentAdded',
      data: { text: 'Bravo' },
      eventId: 'e1',
      streamId: STREAM,
      version: 1,
      schemaVersion: 1,
      occurredAt: '2023-01-17T00:00:00.000Z',
      recordedAt: '2023-01-17T10:00:00.000Z',
      actor: { id: 'staff-1', role: 'staff' },
      commandId: 'c1',
      correlationId: 'c1',
      causationId: 'c1',
      territory: '46',
      prevHash: GENESIS_HASH,
      hash: 'not hashed',
    } as JournalEvent;
    const canonical =
      '{"actor":{"id":"staff-1","role":"staff"},"causationId":"c1","commandId":"c1","correlationId":"c1",' +
      '"data":{"text":"Bravo"},"eventId":"e1","occurredAt":"2023-01-17T00:00:00.000Z",' +
      `"prevHash":"${GENESIS_HASH}","recordedAt":"2023-01-17T10:00:00.000Z","schemaVersion":1,` +
      `"streamId":"${STREAM}","territory":"46","type":"CommentAdded","version":1}`;
    const pinned = '3a894acceda070ed9476fcfc5fe51a9a458de2bd7f0c5e9a0c3058c01e971ab6';
    expect(createHash('sha256').update(canonical).digest('hex')).toBe(pinned);
    expect(await hashEvent(event)).toBe(pinned);
    const reordered = Object.fromEntries(Object.entries(event).reverse()) as unknown as JournalEvent;
    expect(await hashEvent(reordered)).toBe(pinned);
  });
});

describe('verifyChain', () => {
  it('accepts a stream recorded through the Journal, and returns its last hash', async () => {
    const { events } = await recordedProject();
    expect(await verifyChain(events)).toEqual({ ok: true, checked: 4, lastHash: at(events, 4).hash });
  });

  it('names the version after a removed event: version_gap', async () => {
    const { events } = await recordedProject();
    const verdict = await verifyChain(events.filter((event) => event.version !== 2));
    expect(verdict).toEqual({
      ok: false,
      checked: 1,
      version: 2,
      eventId: at(events, 3).eventId,
      reason: 'version_gap',
      message: 'expected version 2, found 3',
    });
  });

  it('names an event whose prevHash was edited: prev_hash_mismatch', async () => {
    const { events } = await recordedProject();
    const edited = events.map((event) =>
      event.version === 3 ? { ...event, prevHash: at(events, 1).hash } : event,
    );
    expect(await verifyChain(edited)).toEqual({
      ok: false,
      checked: 2,
      version: 3,
      eventId: at(events, 3).eventId,
      reason: 'prev_hash_mismatch',
      message: 'version 3 does not point at the hash of version 2',
    });
  });

  it('names an event whose data was edited: hash_mismatch at that version', async () => {
    const { events } = await recordedProject();
    const edited = events.map((event) =>
      event.version === 2
        ? ({ ...event, data: { ...event.data, category: 'calendar' } } as JournalEvent)
        : event,
    );
    expect(await verifyChain(edited)).toEqual({
      ok: false,
      checked: 1,
      version: 2,
      eventId: at(events, 2).eventId,
      reason: 'hash_mismatch',
      message: 'version 2 was changed after it was recorded (hash differs)',
    });
  });

  it('names an event of another stream put in its place: stream_mismatch', async () => {
    const { events } = await recordedProject();
    const other = (await recordedProject('project:p2', 'p2')).events;
    const mixed = events.map((event) => (event.version === 3 ? at(other, 3) : event));
    expect(await verifyChain(mixed)).toEqual({
      ok: false,
      checked: 2,
      version: 3,
      eventId: at(other, 3).eventId,
      reason: 'stream_mismatch',
      message: `event ${at(other, 3).eventId} belongs to another stream`,
    });
  });

  it('names a text erased with no TextErased event: unrecorded_erasure, though every hash still holds', async () => {
    const { store } = await recordedProject();
    await eraseBehindTheJournal(store, 3, 'description');
    const events = await readAllEvents(store, STREAM);
    expect(at(events, 3).data).toMatchObject({ description: '[effacé]' });
    // The erased event keeps its hash: without the erasure check the chain would look whole.
    expect(await hashEvent(at(events, 3))).toBe(at(events, 3).hash);
    const verdict = await verifyChain(events);
    expect(verdict).toMatchObject({
      ok: false,
      checked: 2,
      version: 3,
      eventId: at(events, 3).eventId,
      reason: 'unrecorded_erasure',
    });
    expect(verdict.ok ? '' : verdict.message).toBe(
      `${STREAM} version 3 shows its text at "description" as erased, but no later TextErased event records ` +
        'who erased it, when or why: the text was replaced outside Chemins, or this copy of the stream is cut ' +
        'short. Compare the stored event with a backup or an earlier export.',
    );
  });

  it('accepts an erasure through EraseText, and still names another text erased behind the journal', async () => {
    const { store } = await projectWithTextErased();
    const erased = await readAllEvents(store, STREAM);
    expect(at(erased, 2).data).toMatchObject({ description: '[effacé]' });
    expect(await verifyChain(erased)).toEqual({ ok: true, checked: 5, lastHash: at(erased, 5).hash });

    // A TextErased event records one text of one event: it covers no other.
    await eraseBehindTheJournal(store, 3, 'description');
    expect(await verifyChain(await readAllEvents(store, STREAM))).toMatchObject({
      ok: false,
      version: 3,
      reason: 'unrecorded_erasure',
    });
  });

  it('needs the whole stream: a prefix that ends before the TextErased event reads as unrecorded', async () => {
    const { store } = await projectWithTextErased();
    const erased = await readAllEvents(store, STREAM);
    expect(await verifyChain(erased.slice(0, 4))).toMatchObject({
      ok: false,
      version: 2,
      reason: 'unrecorded_erasure',
    });
  });
});
