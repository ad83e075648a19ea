import {
  type Actor,
  auditTrail,
  type Command,
  type ExecuteResult,
  Journal,
  MemoryEventStore,
  readAllEvents,
  seedLotScenario,
} from '@chemins/core';
import { describe, expect, it } from 'vitest';
import { openProject } from './support/given.ts';

const director: Actor = { id: 'director-1', role: 'director' };
const staff: Actor = { id: 'staff-7', role: 'staff' };
const volunteer: Actor = { id: 'volunteer-3', role: 'volunteer' };
const board: Actor = { id: 'board-2', role: 'board_member' };
/** The reference a correction or retraction gives to the entry a command recorded. */
const ref = (result: ExecuteResult) => ({
  version: result.toVersion,
  eventId: result.events[0]?.eventId ?? '',
});

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

describe('the audit trail: retractions and vision revisions', () => {
  it('puts each retraction next to the entry it changes (a retracted correction too), with who, when and why', async () => {
    const store = new MemoryEventStore();
    const journal = new Journal(store);
    let n = 0;
    const run = (command: Command, actor: Actor, now: string) =>
      journal.execute('project:p1', command, {
        commandId: `c${++n}`,
        actor,
        now,
        newId: () => `id-${n}`,
      });
    await run(openProject, director, '2022-09-15T09:00:00.000Z');
    await run(
      { type: 'StateVision', statement: 'Chacun trouve sa place.', occurredAt: '2022-11-02' },
      director,
      '2022-11-02T10:00:00.000Z',
    );
    const difficulty = await run(
      {
        type: 'ReportDifficulty',
        difficultyId: 'd1',
        category: 'time',
        description: 'Les mardis sont pleins.',
        occurredAt: '2023-01-17',
      },
      staff,
      '2023-01-17T15:00:00.000Z',
    );
    const success = await run(
      {
        type: 'RecordSuccess',
        successId: 's1',
        category: 'shared_vision',
        description: 'Le groupe des aidants tourne.',
        occurredAt: '2023-02-01',
      },
      volunteer,
      '2023-02-01T18:30:00.000Z',
    );
    const correction = await run(
      {
        type: 'CorrectEntry',
        target: ref(difficulty),
        changes: { description: 'Les jeudis sont pleins.' },
        reason: 'Mauvais jour saisi.',
      },
      director,
      '2023-01-20T08:00:00.000Z',
    );
    await run(
      { type: 'RetractEntry', target: ref(success), reason: 'Saisi dans le mauvais projet.' },
      director,
      '2023-02-03T09:00:00.000Z',
    );
    await run(
      { type: 'RetractEntry', target: ref(correction), reason: 'La correction était fausse.' },
      director,
      '2023-02-04T09:00:00.000Z',
    );
    await run(
      {
        type: 'ReviseVision',
        statement: 'Chacun trouve sa place et la donne aux autres.',
        rationale: 'Le bilan a montré l’entraide.',
        decidingBody: 'steering_committee',
        occurredAt: '2023-06-01',
      },
      board,
      '2023-06-02T11:00:00.000Z',
    );
    const trail = auditTrail(await readAllEvents(store, 'project:p1'));

    // Amendments are no lines of their own: each sits under the entry it changes.
    expect(trail.entries.map((entry) => entry.version)).toEqual([1, 2, 3, 4, 8]);
    expect(
      trail.entries.map(({ version, actor, recordedAt, occurredAt }) => ({
        version,
        actor,
        recordedAt,
        occurredAt,
      })),
    ).toEqual([
      {
        version: 1,
        actor: director,
        recordedAt: '2022-09-15T09:00:00.000Z',
        occurredAt: '2022-09-15T00:00:00.000Z',
      },
      {
        version: 2,
        actor: director,
        recordedAt: '2022-11-02T10:00:00.000Z',
        occurredAt: '2022-11-02T00:00:00.000Z',
      },
      {
        version: 3,
        actor: staff,
        recordedAt: '2023-01-17T15:00:00.000Z',
        occurredAt: '2023-01-17T00:00:00.000Z',
      },
      {
        version: 4,
        actor: volunteer,
        recordedAt: '2023-02-01T18:30:00.000Z',
        occurredAt: '2023-02-01T00:00:00.000Z',
      },
      {
        version: 8,
        actor: board,
        recordedAt: '2023-06-02T11:00:00.000Z',
        occurredAt: '2023-06-01T00:00:00.000Z',
      },
    ]);
    const [, , reported, recorded] = trail.entries;
    expect(recorded).toMatchObject({ type: 'SuccessRecorded', retractedBy: 6 });
    expect(recorded?.amendments).toEqual([
      {
        version: 6,
        kind: 'retraction',
        targetVersion: 4,
        recordedAt: '2023-02-03T09:00:00.000Z',
        actor: director,
        reason: 'Saisi dans le mauvais projet.',
      },
    ]);
    // A retracted correction: the entry reads as first recorded, and both amendments sit under it.
    expect(reported).toMatchObject({
      type: 'DifficultyReported',
      summary: 'gestion du temps : Les mardis sont pleins.',
    });
    expect(reported?.amendments).toEqual([
      {
        version: 5,
        kind: 'correction',
        targetVersion: 3,
        recordedAt: '2023-01-20T08:00:00.000Z',
        actor: director,
        reason: 'Mauvais jour saisi.',
        changes: { description: 'Les jeudis sont pleins.' },
        retractedBy: 7,
      },
      {
        version: 7,
        kind: 'retraction',
        targetVersion: 5,
        recordedAt: '2023-02-04T09:00:00.000Z',
        actor: director,
        reason: 'La correction était fausse.',
      },
    ]);

    expect(trail.visionRevisions).toEqual([
      {
        version: 2,
        occurredAt: '2022-11-02T00:00:00.000Z',
        recordedAt: '2022-11-02T10:00:00.000Z',
        actor: director,
        statement: 'Chacun trouve sa place.',
      },
      {
        version: 8,
        occurredAt: '2023-06-01T00:00:00.000Z',
        recordedAt: '2023-06-02T11:00:00.000Z',
        actor: board,
        statement: 'Chacun trouve sa place et la donne aux autres.',
        rationale: 'Le bilan a montré l’entraide.',
        decidingBody: 'steering_committee',
        decidingBodyLabel: 'comité de pilotage',
      },
    ]);
  });
});
