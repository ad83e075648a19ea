import { textAt } from '../audit/texts.ts';
import type { JournalEvent } from '../model/envelope.ts';
import { parseStreamId, streamId as streamIdOf } from '../model/stream-id.ts';
import { escapeMarkdown } from '../projections/escape.ts';
import type { EventStore } from '../store/port.ts';
import { readAllEvents } from '../store/read-all.ts';

/** A text to erase in another stream, because it holds a copy of an erased one. */
export interface TextCopy {
  streamId: string;
  target: { version: number; eventId: string };
  path: string;
}

/**
 * The texts that copy `text` (an erased text of `erasedIn`) into the projects opened from it.
 *
 * OpenNextProject copies texts of the previous project into the next one: kept stakes keep their
 * description, and the draft evaluation quotes pathways, assumptions, commitments and the vision
 * (escaped as Markdown). The draft is only useful with those texts, so they stay copied, and an erasure
 * follows them instead: every salted, unerased text of the renewal's own events (the events of the
 * command that opened the next project, an evaluation the team wrote included) that contains the erased
 * text, as written or as the draft quotes it. Texts written later in the next project are the team's own,
 * like any text about someone written by someone else. The journal erases each copy through its own
 * EraseText, so a copy's erasure reaches the project opened after that one in turn.
 */
export async function copiesOf(store: EventStore, erasedIn: string, text: string): Promise<TextCopy[]> {
  const stream = parseStreamId(erasedIn);
  if (stream?.kind !== 'project' || text.trim() === '') return [];
  const needles = [...new Set([text, escapeMarkdown(text)])].filter((needle) => needle !== '');
  const copies: TextCopy[] = [];
  for (const next of await nextProjectsOf(store, stream.id)) {
    const events = await readAllEvents(store, next);
    const renewal = events[0]?.commandId;
    for (const event of events) {
      if (event.commandId !== renewal) continue;
      for (const path of Object.keys(event.textSalts ?? {})) {
        if (event.erasedTexts?.[path] !== undefined) continue;
        const copy = textAt(event.data as Record<string, unknown>, path);
        if (copy !== undefined && needles.some((needle) => copy.includes(needle)))
          copies.push({ streamId: next, target: { version: event.version, eventId: event.eventId }, path });
      }
    }
  }
  return copies;
}

/**
 * The streams of the projects opened from `projectId` (OpenNextProject). Their structure's stream lists
 * its projects (ProjectLinked); an embedder that keeps no structure streams has its territory's project
 * streams looked through instead (erasures are rare: this is not a hot path).
 */
async function nextProjectsOf(store: EventStore, projectId: string): Promise<string[]> {
  const own = streamIdOf('project', projectId);
  const opening = await firstEvent(store, own);
  if (opening?.type !== 'ProjectOpened') return [];
  const { structureId } = opening.data;
  const linked = (await readAllEvents(store, streamIdOf('structure', structureId)))
    .filter((event) => event.type === 'ProjectLinked')
    .map((event) => streamIdOf('project', (event.data as { projectId: string }).projectId));
  const candidates = linked.length > 0 ? linked : await projectStreamsIn(store, opening.territory);
  const next: string[] = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === own) continue;
    const first = await firstEvent(store, candidate);
    if (first?.type === 'ProjectOpened' && first.data.previousProjectId === projectId) next.push(candidate);
  }
  return next;
}

async function firstEvent(store: EventStore, streamId: string): Promise<JournalEvent | undefined> {
  return (await store.readStream(streamId, { fromVersion: 1, toVersion: 1, limit: 1 })).events[0];
}

async function projectStreamsIn(store: EventStore, territory: string): Promise<string[]> {
  const streams: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listStreams({ kind: 'project', territory, ...(cursor ? { cursor } : {}) });
    for (const info of page.streams) streams.push(info.streamId);
    cursor = page.next ?? undefined;
  } while (cursor);
  return streams;
}
