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

export type ChainBreak = 'version_gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'stream_mismatch';

/**
 * Verifies the hash chain of one stream's events, in version order from version 1.
 * Returns ok, or the first broken version and why.
 */
export async function verifyChain(events: readonly JournalEvent[]): Promise<ChainVerdict> {
  let expectedPrev = GENESIS_HASH;
  let checked = 0;
  const streamId = events[0]?.streamId;
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
    expectedPrev = event.hash;
    checked += 1;
  }
  return { ok: true, checked, lastHash: expectedPrev };
}
