import type { Command } from '../commands/catalogue.ts';
import type { Journal } from '../journal/journal.ts';
import type { Actor } from '../model/roles.ts';
import { toInstant } from '../shared/time.ts';

/**
 * Runs the seed's commands as if each had been recorded two hours after it happened, with
 * deterministic command ids: seeding twice is idempotent, and `knownAt` views have a history.
 */
export class SeedRunner {
  private count = 0;
  readonly streams = new Set<string>();

  constructor(
    private readonly journal: Journal,
    private readonly newId: () => string,
  ) {}

  async run(
    streamId: string,
    actor: Actor,
    occurredOn: string,
    command: Command,
  ): Promise<{ version: number; eventId: string }> {
    this.count += 1;
    const occurredAt = toInstant(occurredOn.length === 10 ? `${occurredOn}T10:00:00.000Z` : occurredOn);
    const now = new Date(new Date(occurredAt).getTime() + 2 * 3600_000).toISOString();
    const result = await this.journal.execute(streamId, { ...command, occurredAt } as Command, {
      commandId: `seed-lot-${this.count}`,
      actor,
      now,
      newId: this.newId,
    });
    this.streams.add(streamId);
    const last = result.events.at(-1);
    return { version: result.toVersion, eventId: last?.eventId ?? '' };
  }
}
