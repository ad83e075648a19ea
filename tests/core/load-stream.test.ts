// Loading a stream folds each page as it reads it, instead of reading the whole stream and folding it
// after: the same events and the same state, over any number of pages, and older schema versions still
// go through the decoder.
import {
  type EventDraft,
  fold,
  Journal,
  type JournalEvent,
  MemoryEventStore,
  readAllEvents,
  upcastEvent,
} from '@chemins/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStream, readFrom } from '../../packages/core/src/journal/stream-cache.ts';
import { given, openProject } from './support/given.ts';

const STREAM = 'project:p1';

/** A stream of `comments` comments after its opening, appended 1,000 events at a time. */
async function streamOf(comments: number): Promise<MemoryEventStore> {
  const { events: decided } = given([
    openProject,
    { type: 'AddComment', text: 'Note.', occurredAt: '2023-01-10' },
  ]);
  const template = decided.at(-1) as JournalEvent;
  const events = decided.slice(0, -1);
  for (let n = 0; n < comments; n++)
    events.push({
      ...template,
      eventId: `comment-${n}`,
      data: { ...template.data, text: `Note ${n}.` },
    } as JournalEvent);
  const store = new MemoryEventStore();
  for (let from = 0; from < events.length; from += 1_000) {
    const drafts = events.slice(from, from + 1_000).map((event) => {
      const { version: _version, prevHash: _prevHash, hash: _hash, ...draft } = event;
      return draft as EventDraft;
    });
    await store.append(STREAM, drafts, {
      expectedVersion: from === 0 ? 'no_stream' : from,
      commandId: `bulk-${from}`,
    });
  }
  return store;
}

describe('loading a stream', () => {
  let store: MemoryEventStore;
  // Some 2,100 events, three pages of the journal's reads.
  beforeAll(async () => {
    store = await streamOf(2_100);
  }, 60_000);

  it('gives the events of every page, upcast, and their fold', async () => {
    const events = (await readAllEvents(store, STREAM)).map(upcastEvent);
    expect(events.length).toBeGreaterThan(2_000);
    const loaded = await loadStream(store, STREAM);
    expect(loaded.events).toEqual(events);
    expect(loaded.state).toEqual(fold(events));
    expect(await new Journal(store, { cache: false }).load(STREAM)).toEqual(loaded);
  });

  it('reads from a version on, across pages, with the version of the stream', async () => {
    const all = (await readAllEvents(store, STREAM)).map(upcastEvent);
    const { events, streamVersion } = await readFrom(store, STREAM, 900);
    expect(events).toEqual(all.slice(899));
    expect(streamVersion).toBe(all.length);
  });

  it('sends an event of another schema version through the decoder', async () => {
    const [first] = await readAllEvents(store, STREAM);
    const newer = { ...(first as JournalEvent), schemaVersion: 2 } as JournalEvent;
    expect(upcastEvent(first as JournalEvent)).toBe(first);
    expect(() => upcastEvent(newer)).toThrow(/newer than this code/);
    const unknown = { ...(first as JournalEvent), type: 'toString' } as unknown as JournalEvent;
    expect(() => upcastEvent(unknown)).toThrow(/unknown event type/);
  });
});
