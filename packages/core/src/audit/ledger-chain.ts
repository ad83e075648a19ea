import { GENESIS_HASH, type JournalEvent } from '../model/envelope.ts';
import { canonicalJson } from '../shared/canonical-json.ts';
import { sha256Hex } from '../shared/sha256.ts';
import type { LedgerEntry } from '../store/port.ts';
import { erasureTracker, hashEvent, unrecordedErasureMessage } from './hash-chain.ts';

/**
 * The hash of one ledger position: it binds the territory, the position, the event's own hash and the
 * previous position's ledger hash, so the commit order across a territory's streams cannot change unseen.
 */
export function ledgerHash(
  territory: string,
  position: number,
  eventHash: string,
  previous: string,
): Promise<string> {
  return sha256Hex(canonicalJson({ territory, position, eventHash, previous }));
}

export type LedgerVerdict =
  | { ok: true; checked: number; lastPosition: number; lastLedgerHash: string }
  | {
      ok: false;
      checked: number;
      position: number;
      streamId: string;
      version: number;
      reason: LedgerBreak;
      message: string;
    };

export type LedgerBreak =
  | 'position_gap'
  | 'hash_mismatch'
  | 'stream_order'
  | 'prev_hash_mismatch'
  | 'ledger_hash_mismatch'
  | 'territory_mismatch'
  | 'unrecorded_erasure';

/**
 * Verifies a whole territory ledger from position 1: positions without gaps, each event's own hash, each
 * stream's chain in commit order, the ledger hash chain across streams, and that every erased text is
 * recorded by a later TextErased event of its stream. Returns the first break.
 * Example: `verifyLedger('46', await readWholeLedger(store, '46'))`.
 */
export async function verifyLedger(
  territory: string,
  entries: readonly LedgerEntry[],
): Promise<LedgerVerdict> {
  const heads = new Map<string, { version: number; hash: string }>();
  let previous = GENESIS_HASH;
  let checked = 0;
  const erasures = erasureTracker();
  for (const entry of entries) {
    const { event } = entry;
    const fail = (reason: LedgerBreak, message: string): LedgerVerdict => ({
      ok: false,
      checked,
      position: checked + 1,
      streamId: String(event?.streamId),
      version: Number(event?.version),
      reason,
      message,
    });
    if (entry.position !== checked + 1)
      return fail('position_gap', `expected position ${checked + 1}, found ${entry.position}`);
    if (event.territory !== territory)
      return fail('territory_mismatch', `position ${entry.position} belongs to territory ${event.territory}`);
    // A stored event mangled beyond reading is simply one whose hash does not match.
    if ((await hashEvent(event).catch(() => undefined)) !== event.hash) {
      return fail(
        'hash_mismatch',
        `${event.streamId} version ${event.version} was changed after it was recorded`,
      );
    }
    const head = heads.get(event.streamId) ?? { version: 0, hash: GENESIS_HASH };
    if (event.version !== head.version + 1) {
      return fail(
        'stream_order',
        `${event.streamId} jumps from version ${head.version} to ${event.version} at position ${entry.position}`,
      );
    }
    if (event.prevHash !== head.hash) {
      return fail(
        'prev_hash_mismatch',
        `${event.streamId} version ${event.version} does not follow version ${head.version}`,
      );
    }
    const expected = await ledgerHash(territory, entry.position, event.hash, previous);
    if (entry.ledgerHash !== expected) {
      return fail(
        'ledger_hash_mismatch',
        `the ledger hash at position ${entry.position} does not chain from position ${checked}`,
      );
    }
    heads.set(event.streamId, { version: event.version, hash: event.hash });
    erasures.see(event, entry.position);
    previous = expected;
    checked += 1;
  }
  const unrecorded = erasures.firstUnrecorded();
  if (unrecorded) {
    return {
      ok: false,
      checked: unrecorded.at - 1,
      position: unrecorded.at,
      streamId: unrecorded.streamId,
      version: unrecorded.version,
      reason: 'unrecorded_erasure',
      message: unrecordedErasureMessage(unrecorded),
    };
  }
  return { ok: true, checked, lastPosition: checked, lastLedgerHash: previous };
}

/** Recomputes the ledger hashes of events in commit order (an export of a territory carries no ledger hashes). */
export async function ledgerOf(territory: string, events: readonly JournalEvent[]): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  let previous = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const hash = await ledgerHash(territory, index + 1, event.hash, previous);
    entries.push({ position: index + 1, event, ledgerHash: hash });
    previous = hash;
  }
  return entries;
}
