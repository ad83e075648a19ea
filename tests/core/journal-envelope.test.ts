import {
  type Actor,
  type Command,
  eventCatalogue,
  GENESIS_HASH,
  Journal,
  MemoryEventStore,
  readAllEvents,
  verifyChain,
} from '@chemins/core';
import { describe, expect, it } from 'vitest';

const director: Actor = { id: 'causses-director', role: 'director' };
const staff: Actor = { id: 'causses-staff-1', role: 'staff' };
const STREAM = 'project:causses-2023';

const openProject: Command = {
  type: 'OpenProject',
  occurredAt: '2022-09-15',
  projectId: 'causses-2023',
  structureId: 'causses',
  territory: '46',
  structureKind: 'centre_social',
  title: 'Projet social 2023-2027',
  plannedPeriod: { start: '2023-07-01', end: '2027-06-30' },
  circular: '2012-013',
};
/** No occurredAt: it happened when it was recorded. */
const reportDifficulty: Command = {
  type: 'ReportDifficulty',
  difficultyId: 'diff-temps',
  category: 'time',
  description: 'Dégager du temps pour la démarche.',
};

/** Ids as a fixed sequence, each remembered: the journal may only stamp ids it was given. */
function idSource() {
  const issued: string[] = [];
  return {
    issued,
    newId: () => {
      const id = `id-${issued.length + 1}`;
      issued.push(id);
      return id;
    },
  };
}

describe('the journal stamps the envelope', () => {
  it('of an opening event: version 1, ids, times, territory, command ids, schema version, genesis hash', async () => {
    const store = new MemoryEventStore();
    const ids = idSource();
    const result = await new Journal(store).execute(STREAM, openProject, {
      commandId: 'cmd-open',
      actor: director,
      now: '2022-09-16T08:30:00+02:00',
      newId: ids.newId,
    });

    expect(result.events).toHaveLength(1);
    const [opened] = result.events;
    expect(opened).toMatchObject({
      streamId: STREAM,
      version: 1,
      type: 'ProjectOpened',
      schemaVersion: eventCatalogue.ProjectOpened.schemaVersion,
      // The command's calendar date and the journal's clock, both as ISO instants.
      occurredAt: '2022-09-15T00:00:00.000Z',
      recordedAt: '2022-09-16T06:30:00.000Z',
      actor: director,
      territory: '46',
      commandId: 'cmd-open',
      // Without a correlation or causation id, the command is its own.
      correlationId: 'cmd-open',
      causationId: 'cmd-open',
      prevHash: GENESIS_HASH,
    });
    expect(ids.issued).toContain(opened?.eventId);
    expect(opened?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyChain(result.events)).toEqual({ ok: true, checked: 1, lastHash: opened?.hash });
    expect(await readAllEvents(store, STREAM)).toEqual(result.events);
  });

  it('of a later event: next version, now as occurredAt by default, given correlation ids, chained to the first', async () => {
    const store = new MemoryEventStore();
    const journal = new Journal(store);
    const ids = idSource();
    const first = await journal.execute(STREAM, openProject, {
      commandId: 'cmd-open',
      actor: director,
      now: '2022-09-16T08:30:00.000Z',
      newId: ids.newId,
    });
    const second = await journal.execute(STREAM, reportDifficulty, {
      commandId: 'cmd-difficulty',
      actor: staff,
      now: '2023-01-17T10:00:00.000Z',
      newId: ids.newId,
      correlationId: 'request-42',
      causationId: 'cmd-open',
    });

    const [opened] = first.events;
    const [reported] = second.events;
    expect(reported).toMatchObject({
      streamId: STREAM,
      version: 2,
      type: 'DifficultyReported',
      schemaVersion: eventCatalogue.DifficultyReported.schemaVersion,
      occurredAt: '2023-01-17T10:00:00.000Z',
      recordedAt: '2023-01-17T10:00:00.000Z',
      actor: staff,
      // The territory of a stream is the one it was opened in.
      territory: '46',
      commandId: 'cmd-difficulty',
      correlationId: 'request-42',
      causationId: 'cmd-open',
      prevHash: opened?.hash,
    });
    expect(ids.issued).toContain(reported?.eventId);
    expect(reported?.eventId).not.toBe(opened?.eventId);
    expect(second).toMatchObject({ fromVersion: 2, toVersion: 2, replayed: false });

    const stored = await readAllEvents(store, STREAM);
    expect(stored.map((event) => event.version)).toEqual([1, 2]);
    expect(await verifyChain(stored)).toEqual({ ok: true, checked: 2, lastHash: reported?.hash });
  });
});
