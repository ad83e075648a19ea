import { BatchTooLarge, type EventDraft, EventTooLarge, type JournalEvent } from '@chemins/core';
import { itemSize } from './attributes.ts';
import {
  commandItem,
  EMPTY_LEDGER,
  eventItem,
  ledgerHeadItem,
  MAX_VERSION,
  streamHeadItem,
} from './items.ts';

/** DynamoDB's hard limits (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html). */
export const MAX_ITEM_BYTES = 400 * 1024;
export const MAX_TRANSACTION_ACTIONS = 100;
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;
/** Besides its events, an append writes the stream head, the ledger head and the idempotency item. */
export const ACTIONS_PER_APPEND = 3;

const WORST_HASH = 'f'.repeat(64);

/**
 * Refuses, before any request, an append DynamoDB would reject: sizes are measured on the items the
 * events will become, with the largest version, position and hashes they could get.
 */
export function checkAppendLimits(
  drafts: readonly EventDraft[],
  command: { commandId: string; fingerprint: string },
  extraActions: number,
): void {
  const actions = drafts.length + ACTIONS_PER_APPEND + extraActions;
  if (actions > MAX_TRANSACTION_ACTIONS) {
    const most = MAX_TRANSACTION_ACTIONS - ACTIONS_PER_APPEND - extraActions;
    throw new BatchTooLarge(
      `an append holds at most ${most} events on DynamoDB; this one has ${drafts.length}`,
      {
        events: drafts.length,
        limit: most,
      },
    );
  }
  let total = 0;
  for (const draft of drafts) {
    const worst = { ...draft, version: MAX_VERSION, prevHash: WORST_HASH, hash: WORST_HASH } as JournalEvent;
    const bytes = itemSize(eventItem(worst, MAX_VERSION));
    if (bytes > MAX_ITEM_BYTES) throw new EventTooLarge(draft.eventId, bytes, MAX_ITEM_BYTES);
    total += bytes;
  }
  const first = drafts[0];
  if (first) {
    const info = {
      streamId: first.streamId,
      kind: 'structure' as const,
      territory: first.territory,
      version: MAX_VERSION,
    };
    total += itemSize(streamHeadItem(info, WORST_HASH));
    total += itemSize(
      ledgerHeadItem(first.territory, { ...EMPTY_LEDGER, position: MAX_VERSION, lastHash: WORST_HASH }),
    );
    const positions = drafts.map(() => MAX_VERSION);
    total += itemSize(
      commandItem({ ...command, streamId: first.streamId, fromVersion: 1, toVersion: 1, positions }),
    );
  }
  if (total > MAX_TRANSACTION_BYTES) {
    throw new BatchTooLarge(
      `an append writes at most ${MAX_TRANSACTION_BYTES} bytes on DynamoDB; this one would write ${total}: split it`,
      { bytes: total, limit: MAX_TRANSACTION_BYTES },
    );
  }
}
