import { type JournalEvent, ledgerHash } from '@chemins/core';

/** Where a territory ledger stands: its last position and the ledger hash there (genesis when empty). */
export interface LedgerHead {
  position: number;
  ledgerHash: string;
}

/**
 * The ledger hashes of events placed after `head`, in order. Computed before the write (hashing is
 * asynchronous); the write then checks the head has not moved, or they would chain from the wrong place.
 */
export async function chainLedger(
  territory: string,
  head: LedgerHead,
  events: readonly JournalEvent[],
): Promise<string[]> {
  const hashes: string[] = [];
  let previous = head.ledgerHash;
  for (const [index, event] of events.entries()) {
    previous = await ledgerHash(territory, head.position + index + 1, event.hash, previous);
    hashes.push(previous);
  }
  return hashes;
}
