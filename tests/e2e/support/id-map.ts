/**
 * Ids the two runs of one scenario make differently: event ids, and entity ids the decider generates when a
 * command names none. The seed's generator gives `lot-00042`; the server's gives UUIDs.
 */
export const SEED_GENERATED_ID = /^lot-\d{5}$/;

/** From the seed's ids to the server's, learnt by pairing the events both runs appended. */
export class IdMap {
  private readonly ids = new Map<string, string>();

  get size(): number {
    return this.ids.size;
  }

  /** Learns the ids of one command's events, appended by both runs: event ids, then generated entity ids. */
  pair(
    seedEvents: readonly Record<string, unknown>[],
    serverEvents: readonly Record<string, unknown>[],
  ): void {
    if (seedEvents.length !== serverEvents.length) {
      throw new Error(
        `the runs appended ${seedEvents.length} and ${serverEvents.length} events for one command`,
      );
    }
    seedEvents.forEach((seed, index) => {
      const server = serverEvents[index];
      this.learn(String(seed.eventId), String(server?.eventId));
      this.walk(seed.data, server?.data);
    });
  }

  /** A deep copy of `value` where every seed id is replaced by the server's. */
  translate<T>(value: T): T {
    return JSON.parse(JSON.stringify(value), (_key, item: unknown) =>
      typeof item === 'string' ? (this.ids.get(item) ?? item) : item,
    ) as T;
  }

  private walk(seed: unknown, server: unknown): void {
    if (typeof seed === 'string' && typeof server === 'string') {
      if (seed !== server && SEED_GENERATED_ID.test(seed)) this.learn(seed, server);
      return;
    }
    if (Array.isArray(seed) && Array.isArray(server)) {
      for (const [index, item] of seed.entries()) this.walk(item, server[index]);
      return;
    }
    if (seed && server && typeof seed === 'object' && typeof server === 'object') {
      for (const [key, item] of Object.entries(seed))
        this.walk(item, (server as Record<string, unknown>)[key]);
    }
  }

  private learn(seed: string, server: string): void {
    const known = this.ids.get(seed);
    if (known !== undefined && known !== server) {
      throw new Error(`seed id ${seed} stands for both ${known} and ${server} on the server`);
    }
    this.ids.set(seed, server);
  }
}
