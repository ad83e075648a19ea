import { auditTrail, Journal, MemoryEventStore, readAllEvents, seedLotScenario } from '@chemins/core';
import { describe, expect, it } from 'vitest';

describe('the audit trail of a project', () => {
  it('says who recorded what and when, puts each correction next to its entry, and lists vision revisions', async () => {
    const store = new MemoryEventStore();
    await seedLotScenario(new Journal(store));
    const events = await readAllEvents(store, 'project:causses-2023');
    const trail = auditTrail(events);

    expect(trail.entries.map((entry) => entry.version)).toEqual(
      events.filter((event) => event.type !== 'EntryCorrected').map((event) => event.version),
    );
    for (const entry of trail.entries) {
      const event = events.find((candidate) => candidate.version === entry.version);
      expect(entry).toMatchObject({
        actor: event?.actor,
        recordedAt: event?.recordedAt,
        occurredAt: event?.occurredAt,
      });
    }
    const corrected = trail.entries.find((entry) => entry.amendments.length > 0);
    expect(corrected).toMatchObject({
      type: 'DifficultyReported',
      amendments: [
        {
          kind: 'correction',
          actor: { role: 'director' },
          reason: 'Erreur de saisie sur l’année.',
          changes: { description: expect.stringContaining('pour 2024') },
        },
      ],
    });
    expect(trail.visionRevisions).toHaveLength(2);
    expect(trail.visionRevisions[1]).toMatchObject({
      rationale: expect.stringContaining('aller vers'),
      decidingBody: 'board',
      decidingBodyLabel: "conseil d'administration",
      reviewId: 'bilan-2025-01',
      actor: { role: 'board_member' },
    });
  });
});
