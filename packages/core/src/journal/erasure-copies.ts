import { ERASED_TEXT, textAt, withTextAt } from '../audit/texts.ts';
import { fold } from '../decider/evolve.ts';
import { MAX_EVALUATION_LENGTH } from '../decider/renewal.ts';
import type { JourneyState } from '../decider/state.ts';
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
 * is found by where it came from, not by its words alone (a comment "place" erased must not take with it
 * a draft whose vision "trouve sa place"):
 * - a kept stake's description, when it is the erased text and the previous stake of its lineage held
 *   its description from that very text (it no longer does once the text is erased);
 * - the draft evaluation, when it holds the erased text and the draft written from the previous project
 *   changes once that text is erased.
 * The previous project is read as the renewal knew it (events recorded by then) and as it stands now
 * (an event appended while the renewal was being decided may carry a later time): either reading counts.
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
  const next = await nextProjectsOf(store, stream.id);
  if (next.length === 0) return [];
  const previous = await eventsOf(erased.streamId);
  const copies: TextCopy[] = [];
  for (const streamId of next) {
    const events = await eventsOf(streamId);
    const renewal = events.filter((event) => event.commandId === events[0]?.commandId);
    const readings = readingsOf(erased, previous, events[0]?.recordedAt ?? '');
    for (const event of renewal) {
      const data = event.data as Record<string, unknown>;
      const copy = (path: string) =>
        copies.push({ streamId, target: { version: event.version, eventId: event.eventId }, path });
      if (event.type === 'StakeIdentified' && salted(event, 'description')) {
        const lineageId = String(data.lineageId);
        const fromIt = readings.some(
          ({ withText, withoutText }) =>
            stakeDescription(withText, lineageId) === erased.text &&
            stakeDescription(withoutText, lineageId) !== erased.text,
        );
        if (fromIt && textAt(data, 'description') === erased.text) copy('description');
      }
      if (event.type === 'PreviousProjectEvaluated' && salted(event, 'summary')) {
        const summary = textAt(data, 'summary') ?? '';
        const quotedIt = readings.some(
          ({ withText, withoutText }) => draftOf(withText) !== draftOf(withoutText),
        );
        if (quotedIt && quoted.some((needle) => summary.includes(needle))) copy('summary');
      }
    }
  }
  return copies;
}

/** Whether a text still stands, with its salt, at a path of an event (neither unsalted nor erased). */
function salted(event: JournalEvent, path: string): boolean {
  return event.textSalts?.[path] !== undefined && event.erasedTexts?.[path] === undefined;
}

/** The previous project folded with the erased text, and with it erased, for one reading of its log. */
interface Reading {
  withText: JourneyState;
  withoutText: JourneyState;
}

/**
 * The previous project as the renewal recorded at `renewedAt` knew it, and as it stands: each folded
 * with the erased text and without it. Erasures are left out of both: texts erased before lie erased in
 * storage already, and this erasure, recorded just now, would erase the text from both folds.
 */
function readingsOf(erased: ErasedText, previous: readonly JournalEvent[], renewedAt: string): Reading[] {
  const all = previous.filter((event) => event.type !== 'TextErased');
  const known = all.filter((event) => event.recordedAt <= renewedAt);
  return [known, all].map((events) => ({
    withText: fold(events),
    withoutText: fold(
      events.map((event) =>
        event.version === erased.version
          ? ({
              ...event,
              data: withTextAt(event.data as Record<string, unknown>, erased.path, ERASED_TEXT),
            } as JournalEvent)
          : event,
      ),
    ),
  }));
}

/** The draft evaluation of a previous project, as the renewal stores it (cut at 20,000 characters). */
function draftOf(state: JourneyState): string {
  return previousProjectEvaluation(state).slice(0, MAX_EVALUATION_LENGTH);
}

/** The description of the stake of a lineage in a previous project. */
function stakeDescription(state: JourneyState, lineageId: string): string | undefined {
  for (const stake of Object.values(state.entities.stakes))
    if (stake.current.lineageId === lineageId) return stake.current.description;
  return undefined;
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
