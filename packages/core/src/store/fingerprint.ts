import { textAt, textDigest } from '../audit/texts.ts';
import type { EventDraft } from '../model/envelope.ts';
import { canonicalJson } from '../shared/canonical-json.ts';
import { sha256Hex } from '../shared/sha256.ts';

// Idempotency fingerprints are kept in the store's commands table for good: none may hold a free text in
// clear, or a guess of an erased text could be confirmed against it. Texts count by their salted digest.

/** What the fingerprint needs of an event: its data and the salts of its texts (a draft or a stored event). */
interface Salted {
  data: unknown;
  textSalts?: Record<string, string>;
}

/**
 * The salted digests of the texts some events hold, by text: the same digests their hashes cover.
 * Paths go in a fixed order (events in order, then paths sorted), so drafts and the events they became
 * give the same map whatever order a store keeps `textSalts` in. An erased text has no salt left: it
 * is not in the map.
 */
export async function textDigestsOf(events: readonly Salted[]): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  for (const event of events) {
    const salts = event.textSalts;
    if (!salts) continue;
    for (const path of Object.keys(salts).sort()) {
      const text = textAt(event.data as Record<string, unknown>, path);
      const salt = salts[path];
      if (text === undefined || salt === undefined || digests.has(text)) continue;
      digests.set(text, await textDigest(salt, text));
    }
  }
  return digests;
}

/**
 * The idempotency fingerprint of a command: SHA-256 over its canonical JSON, where each text its events
 * salt counts by its salted digest. Kept in the store's commands table for good, it must not let anyone
 * confirm a guess of a text once that text and its salt are erased; the plain hash of the command did.
 * A command that records no free text keeps the plain hash.
 */
export function commandFingerprint(
  streamId: string,
  command: unknown,
  digests: ReadonlyMap<string, string>,
): Promise<string> {
  const hidden = digests.size === 0 ? command : withDigests(command, digests);
  return sha256Hex(canonicalJson({ streamId, command: hidden }));
}

/**
 * The default request fingerprint, for appends that name none (an import, an embedder's own writes): what
 * the events say, not when or under which ids they were stamped, with each salted text by its digest. So
 * a retry is the same request only with the same salts (an import's come from its file).
 * Example: `fingerprintDrafts([draft])` twice on the same draft gives the same fingerprint.
 */
export async function fingerprintDrafts(drafts: readonly EventDraft[]): Promise<string> {
  const digests = await textDigestsOf(drafts);
  const said = drafts.map((draft) => ({
    type: draft.type,
    data: digests.size === 0 ? draft.data : withDigests(draft.data, digests),
  }));
  return sha256Hex(canonicalJson(said));
}

/** The fingerprint before texts were salted in it: records stored then still match their retries. */
export function legacyFingerprint(streamId: string, command: unknown): Promise<string> {
  return sha256Hex(canonicalJson({ streamId, command }));
}

function withDigests(value: unknown, digests: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    const digest = digests.get(value);
    return digest === undefined ? value : `sha256:${digest}`;
  }
  if (Array.isArray(value)) return value.map((item) => withDigests(item, digests));
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = withDigests(item, digests);
    return copy;
  }
  return value;
}
