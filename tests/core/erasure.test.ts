import {
  auditTrail,
  type Command,
  ERASED_TEXT,
  Journal,
  MemoryEventStore,
  readAllEvents,
  review,
  timeline,
  verifyChain,
} from '@chemins/core';
import { describe, expect, it } from 'vitest';
import { openProject } from './support/given.ts';

const NAME = 'Mme Martin';

describe('erasing a personal text (RGPD)', () => {
  it('removes the text from storage and views, keeps every chain, and records the erasure without the text', async () => {
    const store = new MemoryEventStore();
    const journal = new Journal(store);
    let n = 0;
    const run = (command: Command, commandId: string) =>
      journal.execute('project:p1', command, {
        commandId,
        actor: { id: 'director-1', role: 'director' },
        now: '2025-06-01T12:00:00.000Z',
        newId: () => `${commandId}-${++n}`,
      });
    await run(openProject, 'open');
    const reported = await run(
      {
        type: 'ReportDifficulty',
        difficultyId: 'd1',
        category: 'time',
        description: `${NAME} ne peut plus venir le mardi.`,
        occurredAt: '2023-01-17',
      },
      'report',
    );
    const target = { version: reported.toVersion, eventId: reported.events[0]?.eventId ?? '' };
    await run(
      {
        type: 'CorrectEntry',
        target,
        changes: { description: `${NAME} viendra le jeudi.` },
        reason: 'Précision.',
      },
      'correct',
    );
    const correction = (await readAllEvents(store, 'project:p1')).at(-1);
    const erased = await run(
      { type: 'EraseText', target, path: 'description', reason: 'Demande de la personne citée.' },
      'erase',
    );
    await run(
      {
        type: 'EraseText',
        target: { version: correction?.version ?? 0, eventId: correction?.eventId ?? '' },
        path: 'changes.description',
        reason: 'Idem.',
      },
      'erase-correction',
    );

    const events = await readAllEvents(store, 'project:p1');
    expect(JSON.stringify(events)).not.toContain(NAME);
    expect(await verifyChain(events)).toMatchObject({ ok: true, checked: events.length });
    expect(erased.events[0]).toMatchObject({
      type: 'TextErased',
      actor: { id: 'director-1' },
      data: { path: 'description', reason: 'Demande de la personne citée.' },
    });

    const { state } = await journal.load('project:p1');
    expect(state.entities.difficulties.d1?.current.description).toBe(ERASED_TEXT);
    const views = JSON.stringify([
      timeline(events),
      review(events, { from: '2023-01-01', to: '2023-12-31' }),
      auditTrail(events),
    ]);
    expect(views).not.toContain(NAME);
    expect(views).toContain(ERASED_TEXT);
  });
});
