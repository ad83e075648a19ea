import type { JournalEvent } from '../model/envelope.ts';
import type { EventStore, LedgerEntry } from './port.ts';

/** Reads a whole stream, page after page, in version order. */
export async function readAllEvents(store: EventStore, streamId: string): Promise<JournalEvent[]> {
  const events: JournalEvent[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.readStream(streamId, cursor ? { cursor } : {});
    events.push(...page.events);
    cursor = page.next;
  } while (cursor);
  return events;
}

/** Reads a whole territory ledger, in position order. */
export async function readWholeLedger(store: EventStore, territory: string): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  let after = 0;
  for (;;) {
    const page = await store.readLedger(territory, { afterPosition: after, limit: 500 });
    entries.push(...page.entries);
    if (page.next === null) return entries;
    after = page.next;
  }
}
