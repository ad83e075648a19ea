import { type EventDraft, GENESIS_HASH, type JournalEvent } from '../model/envelope.ts';
import { canonicalJson } from '../shared/canonical-json.ts';
import { sha256Hex } from '../shared/sha256.ts';
import { textAt, textDigest, withTextAt } from './texts.ts';

/**
 * The hash of an event: SHA-256 over the canonical JSON of every field but `hash` itself, where each
 * salted free text counts by its digest (so erasing it keeps the hash); salts themselves are not hashed.
 */
export async function hashEvent(event: Omit<JournalEvent, 'hash'> | JournalEvent): Promise<string> {
  const { hash: _ignored, textSalts, erasedTexts, ...hashed } = event as JournalEvent;
  if (textSalts === undefined && erasedTexts === undefined) return sha256Hex(canonicalJson(hashed));
  let data = hashed.data as Record<string, unknown>;
  const digests: Record<string, string> = { ...erasedTexts };
  for (const [path, salt] of Object.entries(textSalts ?? {})) {
    digests[path] = await textDigest(salt, textAt(data, path) ?? '');
  }
  for (const [path, digest] of Object.entries(digests)) data = withTextAt(data, path, `sha256:${digest}`);
  return sha256Hex(canonicalJson({ ...hashed, data, textPaths: Object.keys(digests).sort() }));
}

/** The head of a stream as the chain needs it. */
export interface ChainHead {
  version: number;
  lastHash: string;
}

export const EMPTY_HEAD: ChainHead = { version: 0, lastHash: GENESIS_HASH };

/** Gives drafts their versions and hashes, continuing the chain from `head`. */
export async function chainEvents(head: ChainHead, drafts: readonly EventDraft[]): Promise<JournalEvent[]> {
  const chained: JournalEvent[] = [];
  let { version, lastHash } = head;
  for (const draft of drafts) {
    version += 1;
    const unhashed = { ...draft, version, prevHash: lastHash } as Omit<JournalEvent, 'hash'>;
    const hash = await hashEvent(unhashed);
    chained.push({ ...unhashed, hash } as JournalEvent);
    lastHash = hash;
  }
  return chained;
}

export type ChainVerdict =
  | { ok: true; checked: number; lastHash: string }
  | { ok: false; checked: number; version: number; eventId: string; reason: ChainBreak; message: string };

export type ChainBreak =
  | 'version_gap'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  | 'stream_mismatch'
  | 'unrecorded_erasure';

/**
 * Verifies the hash chain of one whole stream's events, in version order from version 1, and that every
 * erased text is recorded by a later TextErased event. Returns ok, or the first broken version and why.
 * Give it the whole stream: a prefix may end before the TextErased event that records an erasure.
 */
export async function verifyChain(events: readonly JournalEvent[]): Promise<ChainVerdict> {
  let expectedPrev = GENESIS_HASH;
  let checked = 0;
  const streamId = events[0]?.streamId;
  const erasures = erasureTracker();
  for (const event of events) {
    const fail = (reason: ChainBreak, message: string): ChainVerdict => ({
      ok: false,
      checked,
      // The slot that broke: the event there may have lost its own version field.
      version: checked + 1,
      eventId: String(event.eventId),
      reason,
      message,
    });
    if (event.streamId !== streamId)
      return fail('stream_mismatch', `event ${event.eventId} belongs to another stream`);
    if (event.version !== checked + 1) {
      return fail('version_gap', `expected version ${checked + 1}, found ${event.version}`);
    }
    if (event.prevHash !== expectedPrev) {
      return fail(
        'prev_hash_mismatch',
        `version ${event.version} does not point at the hash of version ${checked}`,
      );
    }
    // A stored event mangled beyond reading is simply one whose hash does not match.
    const actual = await hashEvent(event).catch(() => undefined);
    if (actual !== event.hash) {
      return fail(
        'hash_mismatch',
        `version ${event.version} was changed after it was recorded (hash differs)`,
      );
    }
    erasures.see(event, event.version);
    expectedPrev = event.hash;
    checked += 1;
  }
  const unrecorded = erasures.firstUnrecorded();
  if (unrecorded) {
    return {
      ok: false,
      checked: unrecorded.at - 1,
      version: unrecorded.at,
      eventId: unrecorded.eventId,
      reason: 'unrecorded_erasure',
      message: unrecordedErasureMessage(unrecorded),
    };
  }
  return { ok: true, checked, lastHash: expectedPrev };
}

/** An erased text that no TextErased event accounts for, and where it was seen (a version, a ledger position). */
export interface UnrecordedErasure {
  at: number;
  streamId: string;
  version: number;
  eventId: string;
  path: string;
}

/**
 * Follows, in commit order, the texts events show as erased and the TextErased events that record them.
 * An erasure keeps the hash whole, so only this pairing shows a text replaced by "[effacé]" outside the
 * journal, with no record of who erased it, when or why.
 */
export function erasureTracker(): {
  see(event: JournalEvent, at: number): void;
  firstUnrecorded(): UnrecordedErasure | undefined;
} {
  const pending = new Map<string, UnrecordedErasure>();
  const key = (streamId: unknown, version: unknown, eventId: unknown, path: unknown) =>
    JSON.stringify([streamId, version, eventId, path]);
  return {
    see(event, at) {
      const { streamId, version, eventId } = event;
      for (const path of Object.keys(event.erasedTexts ?? {}))
        pending.set(key(streamId, version, eventId, path), { at, streamId, version, eventId, path });
      if (event.type === 'TextErased') {
        // Read defensively: an intact chain written elsewhere may hold data this code did not validate.
        const { target, path } = event.data as {
          target?: { version?: unknown; eventId?: unknown };
          path?: unknown;
        };
        pending.delete(key(streamId, target?.version, target?.eventId, path));
      }
    },
    firstUnrecorded() {
      let first: UnrecordedErasure | undefined;
      for (const erasure of pending.values()) if (!first || erasure.at < first.at) first = erasure;
      return first;
    },
  };
}

/** What an auditor reads about an unrecorded erasure, and what to do next. */
export function unrecordedErasureMessage(erasure: UnrecordedErasure): string {
  return (
    `${erasure.streamId} version ${erasure.version} shows its text at "${erasure.path}" as erased, but no later ` +
    'TextErased event records who erased it, when or why: the text was replaced outside Chemins, or this copy ' +
    'of the stream is cut short. Compare the stored event with a backup or an earlier export.'
  );
}
