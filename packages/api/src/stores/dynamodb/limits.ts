import {
  BatchTooLarge,
  type EventDraft,
  EventTooLarge,
  type JournalEvent,
  type StreamSummary,
} from '@chemins/core';
import { itemSize } from './attributes.ts';
import { commandItem, eventItem, ledgerHeadItem, MAX_VERSION, streamHeadItem, summaryItem } from './items.ts';

/** DynamoDB's hard limits (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html). */
export const MAX_ITEM_BYTES = 400 * 1024;
export const MAX_TRANSACTION_ACTIONS = 100;
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;
/** Besides its events, an append writes the stream head, the ledger head and the idempotency item. */
export const ACTIONS_PER_APPEND = 3;

const WORST_HASH = 'f'.repeat(64);

export interface AppendShape {
  commandId: string;
  fingerprint: string;
  summary?: StreamSummary;
  /** Actions beyond the append's own items (the test hook's condition check). */
  extraActions: number;
}

/**
 * Refuses, before any request, an append DynamoDB would reject: sizes are measured on the items the
 * events will become, with the largest version, position and hashes they could get.
 */
export function checkAppendLimits(drafts: readonly EventDraft[], shape: AppendShape): void {
  const fixed = ACTIONS_PER_APPEND + (shape.summary ? 1 : 0) + shape.extraActions;
  if (drafts.length + fixed > MAX_TRANSACTION_ACTIONS) {
    const most = MAX_TRANSACTION_ACTIONS - fixed;
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
    const bytes = itemSize(eventItem(worst, MAX_VERSION, WORST_HASH));
    if (bytes > MAX_ITEM_BYTES) throw new EventTooLarge(draft.eventId, bytes, MAX_ITEM_BYTES);
    total += bytes;
  }
  const first = drafts[0];
  if (first) {
    const { streamId, territory } = first;
    total += itemSize(
      streamHeadItem({ streamId, kind: 'structure', territory, version: MAX_VERSION }, WORST_HASH),
    );
    total += itemSize(ledgerHeadItem(territory, { position: MAX_VERSION, ledgerHash: WORST_HASH }));
    const positions = drafts.map(() => MAX_VERSION);
    const { commandId, fingerprint } = shape;
    total += itemSize(
      commandItem({ commandId, fingerprint, streamId, fromVersion: 1, toVersion: 1, positions }),
    );
  }
  if (shape.summary) {
    const bytes = itemSize(summaryItem(shape.summary));
    if (bytes > MAX_ITEM_BYTES) {
      throw new BatchTooLarge(
        `the stream summary takes ${bytes} bytes, over DynamoDB's ${MAX_ITEM_BYTES} per item`,
        {
          bytes,
          limit: MAX_ITEM_BYTES,
        },
      );
    }
    total += bytes;
  }
  if (total > MAX_TRANSACTION_BYTES) {
    throw new BatchTooLarge(
      `an append writes at most ${MAX_TRANSACTION_BYTES} bytes on DynamoDB; this one would write ${total}: split it`,
      { bytes: total, limit: MAX_TRANSACTION_BYTES },
    );
  }
}
