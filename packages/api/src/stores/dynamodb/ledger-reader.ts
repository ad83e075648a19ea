import { type LedgerEntry, type LedgerPage, StoreUnavailable } from '@chemins/core';
import { num, str } from './attributes.ts';
import { sleep } from './errors.ts';
import { ledgerHeadKey, ledgerPk, parseLedgerEntry, parseLedgerHead } from './items.ts';
import type { TableClient } from './table-client.ts';
import { TABLE_INDEXES } from './table-definition.ts';

const DEFAULT_PAGE = 100;
export const MAX_LEDGER_PAGE = 1000;

/** How long a reader waits for the ledger index to catch up with the ledger head. */
export interface LedgerLagPolicy {
  attempts: number;
  /** The first pause; later ones grow linearly, up to ten times it. */
  delayMs: number;
}

export const DEFAULT_LEDGER_LAG: LedgerLagPolicy = { attempts: 40, delayMs: 25 };

const index = TABLE_INDEXES.ledger;

/**
 * One page of a territory ledger, from the ledger index, in position order. The index is eventually
 * consistent, so a page is checked against the ledger head, read strongly: a position at or below it
 * that the index does not show yet is waited for, never skipped, or a reader would miss it for good.
 */
export async function readLedgerPage(
  table: TableClient,
  territory: string,
  options: { afterPosition?: number; limit?: number },
  lag: LedgerLagPolicy,
): Promise<LedgerPage> {
  const after = Math.max(0, options.afterPosition ?? 0);
  const limit = Math.min(Math.max(options.limit ?? DEFAULT_PAGE, 1), MAX_LEDGER_PAGE);
  for (let attempt = 1; ; attempt++) {
    const output = await table.query({
      IndexName: index.indexName,
      KeyConditionExpression: '#pk = :pk AND #position > :after',
      ExpressionAttributeNames: { '#pk': index.partitionKey.name, '#position': index.sortKey.name },
      ExpressionAttributeValues: { ':pk': str(ledgerPk(territory)), ':after': num(after) },
      Limit: limit + 1,
    });
    const items = output.Items ?? [];
    const entries = contiguousFrom(after, items.map(parseLedgerEntry));
    const gap = entries.length < items.length;
    if (!gap && entries.length > limit) {
      const page = entries.slice(0, limit);
      return { entries: page, next: after + limit };
    }
    // Cut by the 1 MB limit, with nothing missing: more follows, no need to ask the head.
    if (!gap && output.LastEvaluatedKey && entries.length > 0)
      return { entries, next: after + entries.length };

    const headItem = await table.getItem(ledgerHeadKey(territory));
    const headPosition = headItem ? parseLedgerHead(headItem).position : 0;
    const reached = after + entries.length;
    if (reached >= Math.min(after + limit, headPosition)) {
      return { entries, next: reached < headPosition ? reached : null };
    }
    if (attempt >= lag.attempts) {
      throw new StoreUnavailable(
        `the ledger index of territory ${territory} does not show position ${reached + 1} yet ` +
          `(the ledger is at ${headPosition}): retry later`,
      );
    }
    await sleep(lag.delayMs * Math.min(attempt, 10));
  }
}

/** The entries that follow `after` without a gap: reading stops at the first missing position. */
function contiguousFrom(after: number, found: readonly LedgerEntry[]): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  for (const entry of found) {
    if (entry.position !== after + entries.length + 1) break;
    entries.push(entry);
  }
  return entries;
}
