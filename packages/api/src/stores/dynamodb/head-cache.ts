/**
 * The last head this process saw, per stream or per territory ledger, so an append can go out
 * optimistically in one write. A stale entry costs one refused write (whose refusal carries the real
 * head), never a wrong result: the transaction's conditions decide, not the cache.
 */
export class HeadCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(
    private readonly rank: (value: T) => number,
    private readonly capacity = 10_000,
  ) {}

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  /**
   * Keeps the most advanced head: concurrent appends of one process may report in any order. On a tie
   * the latest report wins: the same version with another hash means the table lost an append this
   * process saw (a restore, an emulator crash), and the table is right.
   */
  remember(key: string, value: T): void {
    const known = this.entries.get(key);
    if (known !== undefined && this.rank(known) > this.rank(value)) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
