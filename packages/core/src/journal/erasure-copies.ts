import { ERASED_TEXT, textAt, withTextAt } from '../audit/texts.ts';
import { fold } from '../decider/evolve.ts';
import type { JournalEvent } from '../model/envelope.ts';
import { parseStreamId, streamId as streamIdOf } from '../model/stream-id.ts';
import { escapeMarkdown } from '../projections/escape.ts';
import { previousProjectEvaluation } from '../projections/previous-evaluation.ts';
import type { EventStore } from '../store/port.ts';

/** A text to erase in another stream, because it holds a copy of an erased one. */
export interface TextCopy {
  streamId: string;
  target: { version: number; eventId: string };
  path: string;
}

/** The text being erased: where it is, and what it says (still in storage while its copies are sought). */
export interface ErasedText {
  streamId: string;
  version: number;
  path: string;
  text: string;
}

/**
 * The texts of the projects opened from `erased.streamId` that copy the erased text.
 *
 * OpenNextProject copies texts of the previous project into the next one: each kept stake keeps its
 * description, and the draft evaluation quotes pathways, assumptions, commitments and the vision. The
 * draft is only useful with those texts, so they stay copied, and an erasure follows them instead. A copy
 * is exactly one of these, and nothing else is touched:
 * - a kept stake's description equal to the erased text;
 * - the draft evaluation, when it holds the erased text and the draft written from the previous project
 *   as it stood at the renewal changes once that text is erased: the draft quoted it, and did not merely
 *   contain the same words elsewhere (a comment "place" erased must not take a vision that "trouve sa
 *   place" with it).
 * Texts written later in the next project are the team's own, like any text about someone written by
 * someone else. The journal erases each copy through its own EraseText, so a copy's erasure reaches the
 * project opened after that one in turn.
 */
export async function copiesOf(
  store: EventStore,
  erased: ErasedText,
  eventsOf: (streamId: string) => Promise<readonly JournalEvent[]>,
): Promise<TextCopy[]> {
  const stream = parseStreamId(erased.streamId);
  if (stream?.kind !== 'project' || erased.text.trim() === '') return [];
  const quoted = [...new Set([erased.text, escapeMarkdown(erased.text)])];
  const copies: TextCopy[] = [];
  for (const next of await nextProjectsOf(store, stream.id)) {
    const events = await eventsOf(next);
    const renewal = events.filter((event) => event.commandId === events[0]?.commandId);
    for (const event of renewal) {
      const copy = (path: string) =>
        copies.push({ streamId: next, target: { version: event.version, eventId: event.eventId }, path });
      if (event.type === 'StakeIdentified' && salted(event, 'description')) {
        if (textAt(event.data as Record<string, unknown>, 'description') === erased.text) copy('description');
      }
      if (event.type === 'PreviousProjectEvaluated' && salted(event, 'summary')) {
        const summary = textAt(event.data as Record<string, unknown>, 'summary') ?? '';
        const holds = quoted.some((needle) => summary.includes(needle));
        if (holds && (await draftQuotes(erased, await eventsOf(erased.streamId), event.recordedAt)))
          copy('summary');
      }
    }
  }
  return copies;
}

/** Whether a text still stands, with its salt, at a path of an event (neither unsalted nor erased). */
function salted(event: JournalEvent, path: string): boolean {
  return event.textSalts?.[path] !== undefined && event.erasedTexts?.[path] === undefined;
}

/**
 * Whether the draft evaluation written from the previous project's events known at `renewedAt` depends
 * on the erased text: the same events with that text erased give another draft.
 */
async function draftQuotes(
  erased: ErasedText,
  previousEvents: readonly JournalEvent[],
  renewedAt: string,
): Promise<boolean> {
  // Erasures left out: texts erased before lie erased in storage already, and this erasure, recorded
  // just now, would make both drafts read "[effacé]".
  const known = previousEvents.filter(
    (event) => event.recordedAt <= renewedAt && event.type !== 'TextErased',
  );
  const without = known.map((event) =>
    event.version === erased.version
      ? { ...event, data: withTextAt(event.data as Record<string, unknown>, erased.path, ERASED_TEXT) }
      : event,
  ) as JournalEvent[];
  return previousProjectEvaluation(fold(known)) !== previousProjectEvaluation(fold(without));
}

/**
 * The streams of the projects opened from `projectId` (OpenNextProject): among the projects of its
 * territory, those whose opening names it as the previous one. Every project of the territory is looked
 * at, not only those its structure lists (ProjectLinked): a renewal stopped between opening the next
 * project and linking it would otherwise keep its copies. Erasures are rare: this is not a hot path.
 */
async function nextProjectsOf(store: EventStore, projectId: string): Promise<string[]> {
  const own = streamIdOf('project', projectId);
  const opening = await firstEvent(store, own);
  if (opening?.type !== 'ProjectOpened') return [];
  const next: string[] = [];
  for (const candidate of await projectStreamsIn(store, opening.territory)) {
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
