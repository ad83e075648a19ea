import { StoreUnavailable } from '@chemins/core';

/** What each SQLite error family means for the caller (extended codes, e.g. SQLITE_IOERR_WRITE, share a prefix). */
const UNAVAILABLE: Record<string, string> = {
  SQLITE_BUSY: 'another process holds the journal database locked for too long',
  SQLITE_LOCKED: 'the journal database is locked',
  SQLITE_READONLY: 'the journal database cannot be written (read-only file, directory or mount)',
  SQLITE_FULL: 'the disk holding the journal database is full',
  SQLITE_IOERR: 'the disk failed to read or write the journal database',
  SQLITE_CANTOPEN: 'the journal database file cannot be opened',
};

/** Maps SQLite errors that mean "the store cannot serve now" to `StoreUnavailable`; others pass through. */
export function toStoreError(error: unknown, path: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  const family = Object.keys(UNAVAILABLE).find((prefix) => code === prefix || code.startsWith(`${prefix}_`));
  if (!family) return error;
  return new StoreUnavailable(`${UNAVAILABLE[family]} (${code} on ${path}): retry later`, {
    cause: error,
  });
}

/** Runs synchronous SQLite work, mapping its errors. */
export function guarded<T>(path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw toStoreError(error, path);
  }
}
