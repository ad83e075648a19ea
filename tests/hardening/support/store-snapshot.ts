import { type EventStore, readWholeLedger } from '@chemins/core';

/** Every stream's version, read through the store: any append changes one. */
export async function streamVersions(store: EventStore): Promise<Record<string, number>> {
  const versions: Record<string, number> = {};
  let cursor: string | undefined;
  do {
    const page = await store.listStreams({ limit: 200, ...(cursor === undefined ? {} : { cursor }) });
    for (const { streamId } of page.streams) {
      versions[streamId] = (await store.readStream(streamId, { limit: 1 })).streamVersion;
    }
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);
  return versions;
}

export interface StoreSnapshot {
  versions: Record<string, number>;
  /** Per territory: how many ledger entries, and the last ledger hash. */
  ledgers: Record<string, { length: number; lastHash: string | null }>;
}

/** The whole store as far as appends can change it: stream versions and territory ledgers. */
export async function snapshotStore(
  store: EventStore,
  territories: readonly string[] = ['46', '12'],
): Promise<StoreSnapshot> {
  const ledgers: StoreSnapshot['ledgers'] = {};
  for (const territory of territories) {
    const ledger = await readWholeLedger(store, territory);
    ledgers[territory] = { length: ledger.length, lastHash: ledger.at(-1)?.ledgerHash ?? null };
  }
  return { versions: await streamVersions(store), ledgers };
}
