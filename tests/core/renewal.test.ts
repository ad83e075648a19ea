import {
  type Actor,
  type Command,
  Journal,
  type JournalEvent,
  MemoryEventStore,
  readAllEvents,
  SELF_ID,
  seedLotScenario,
  structureHistory,
  timeline,
  verifyChain,
} from '@chemins/core';
import { describe, expect, it } from 'vitest';
import { openProject, richProject, staff } from './support/given.ts';

const options = (commandId: string, now = '2025-06-01T12:00:00.000Z') => ({
  commandId,
  actor: staff,
  now,
  newId: (() => {
    let n = 0;
    return () => `${commandId}-${++n}`;
  })(),
});

/** The renewal of p1 as p2, keeping one stake. */
const renewP1 = (kept: { stakeId: string; newStakeId?: string; title?: string }): Command => ({
  type: 'OpenNextProject',
  projectId: 'p2',
  previousProjectId: 'p1',
  title: 'Projet social 2027-2031',
  plannedPeriod: { start: '2027-07-01', end: '2031-06-30' },
  circular: '2025-12-18',
  keptStakes: [kept],
});

describe('renewal: opening the next project from the previous one', () => {
  it('links the two, keeps the chosen stakes by lineage and drafts the evaluation of the previous period', async () => {
    const journal = new Journal(new MemoryEventStore());
    for (const [index, command] of [...richProject, { type: 'ClosePeriod' as const }].entries()) {
      await journal.execute('project:p1', command, options(`c${index}`));
    }
    const result = await journal.execute(
      'project:p2',
      renewP1({ stakeId: 's1', newStakeId: 'isolement', title: 'Aller vers les personnes isolées' }),
      options('next'),
    );
    expect(result.events.map((event) => event.type)).toEqual([
      'ProjectOpened',
      'RenewalStarted',
      'StakeIdentified',
      'PreviousProjectEvaluated',
    ]);
    const header = result.state.entities.project[SELF_ID]?.current;
    expect(header).toMatchObject({
      previousProjectId: 'p1',
      structureId: 'causses',
      territory: '46',
      stage: 'evaluated',
    });
    expect(result.state.entities.stakes.isolement?.current).toMatchObject({
      lineageId: 's1',
      title: 'Aller vers les personnes isolées',
    });
    const draft = header?.previousEvaluation ?? '';
    expect(draft).toContain('# Évaluation du projet précédent');
    expect(draft).toContain('Rompre l’isolement');
    expect(draft).toMatch(/gestion du temps/i);
    expect(draft).toContain('Un territoire où chacun trouve sa place.');
    expect(result.events.every((event) => event.territory === '46')).toBe(true);
    expect(openProject.type).toBe('OpenProject');
  });

  it('records the new project on the structure, so its history spans both periods', async () => {
    const store = new MemoryEventStore();
    await seedLotScenario(new Journal(store));
    const structure = await readAllEvents(store, 'structure:causses');
    expect(
      structure
        .filter((event) => event.type === 'ProjectLinked')
        .map((event) => (event.data as { projectId: string }).projectId),
    ).toEqual(['causses-2019', 'causses-2023']);
    const history = structureHistory(structure, [
      await readAllEvents(store, 'project:causses-2019'),
      await readAllEvents(store, 'project:causses-2023'),
    ]);
    expect(history.lineages.find((lineage) => lineage.lineageId === 'isolement')?.projectIds).toEqual([
      'causses-2019',
      'causses-2023',
    ]);
  });
});

/** A journal over `store`, and a `run` that executes commands as `staff` (or `actor`) at one instant. */
function runnerOver(store: MemoryEventStore) {
  const journal = new Journal(store);
  let n = 0;
  const run = (streamId: string, command: Command, commandId: string, actor: Actor = staff) =>
    journal.execute(streamId, command, {
      commandId,
      actor,
      now: '2025-06-01T12:00:00.000Z',
      newId: () => `id-${++n}`,
    });
  return { journal, run };
}

describe('renewal: erasing a text the next project copied', () => {
  const NAME = 'Mme Martin';
  const erasing = { id: 'director-1', role: 'director' } as const;

  it.each([
    ['with a structure stream (listing its projects)', true],
    ['without a structure stream', false],
  ])('erases the copies too, %s', async (_how, withStructure) => {
    const store = new MemoryEventStore();
    const { journal, run } = runnerOver(store);
    if (withStructure) {
      await run(
        'structure:causses',
        {
          type: 'RegisterStructure',
          occurredAt: '2020-01-01',
          structureId: 'causses',
          name: 'Centre social des Causses',
          kind: 'centre_social',
          managingBody: 'association',
          territory: '46',
        },
        'register',
        { id: 'admin-1', role: 'admin' },
      );
    }
    for (const [index, command] of richProject.entries()) await run('project:p1', command, `c${index}`);
    const stake = await run(
      'project:p1',
      {
        type: 'IdentifyStake',
        occurredAt: '2022-11-06',
        stakeId: 's2',
        title: 'Aller vers les voisins',
        description: `Avec ${NAME}, aller vers ses voisins.`,
      },
      'stake',
    );
    const commitment = await run(
      'project:p1',
      {
        type: 'MakeCommitment',
        occurredAt: '2022-11-06',
        commitmentId: 'k2',
        stakeId: 's2',
        description: `${NAME} (référente) tient la permanence_du *mardi*.`,
        dueOn: '2024-06-30',
      },
      'commitment',
    );
    await run('project:p1', { type: 'ClosePeriod' }, 'close');
    await run('project:p2', renewP1({ stakeId: 's2' }), 'next');
    const copied = JSON.stringify(await readAllEvents(store, 'project:p2'));
    expect(copied).toContain(NAME);

    for (const [recorded, path] of [
      [stake, 'description'],
      [commitment, 'description'],
    ] as const) {
      const event = recorded.events[0] as JournalEvent;
      await run(
        'project:p1',
        {
          type: 'EraseText',
          target: { version: event.version, eventId: event.eventId },
          path,
          reason: 'Demande de la personne citée.',
        },
        `erase-${event.version}`,
        erasing,
      );
    }

    for (const project of ['project:p1', 'project:p2']) {
      const events = await readAllEvents(store, project);
      expect(JSON.stringify(events)).not.toContain(NAME);
      expect(JSON.stringify(timeline(events))).not.toContain(NAME);
      expect(await verifyChain(events)).toMatchObject({ ok: true });
    }
    const next = await journal.load('project:p2');
    expect(JSON.stringify(next.state)).not.toContain(NAME);
    expect(next.state.entities.stakes.s2?.current).toMatchObject({
      title: 'Aller vers les voisins',
      description: '[effacé]',
    });
    // Each copy's erasure is an event of the next project, pointing at the erasure it follows.
    const originals = (await readAllEvents(store, 'project:p1')).filter(
      (event) => event.type === 'TextErased',
    );
    const copies = next.events.filter((event) => event.type === 'TextErased');
    expect(copies).toHaveLength(2);
    for (const copy of copies) {
      const original = originals.find((event) => event.eventId === copy.causationId);
      expect(original).toBeDefined();
      expect(copy.actor).toEqual(erasing);
      expect(JSON.stringify(copy.data)).toContain(original?.eventId);
    }
    // What did not copy the text stays.
    expect(next.state.entities.project[SELF_ID]?.current.title).toBe('Projet social 2027-2031');
  });

  it('leaves alone the renewal texts that only hold the same words, not a copy', async () => {
    const store = new MemoryEventStore();
    const { run } = runnerOver(store);
    for (const [index, command] of richProject.entries()) await run('project:p1', command, `c${index}`);
    const description = 'Aller vers les voisins.';
    await run(
      'project:p1',
      { type: 'IdentifyStake', occurredAt: '2022-11-06', stakeId: 's3', title: 'Voisins', description },
      'stake',
    );
    await run('project:p1', { type: 'ClosePeriod' }, 'close');
    await run('project:p2', renewP1({ stakeId: 's3' }), 'next');
    const before = await readAllEvents(store, 'project:p2');
    // The draft quotes the vision « Un territoire où chacun trouve sa place. », and the kept stake has
    // its description; comments written with the same words are neither.
    expect(JSON.stringify(before)).toContain('trouve sa place');
    expect(JSON.stringify(before)).toContain(description);
    for (const [index, text] of ['place', description].entries()) {
      const comment = await run('project:p1', { type: 'AddComment', text }, `comment-${index}`);
      const event = comment.events[0] as JournalEvent;
      await run(
        'project:p1',
        {
          type: 'EraseText',
          target: { version: event.version, eventId: event.eventId },
          path: 'text',
          reason: 'Demande de la personne citée.',
        },
        `erase-${index}`,
        { id: 'director-1', role: 'director' },
      );
    }
    expect(await readAllEvents(store, 'project:p2')).toEqual(before);
    const previous = JSON.stringify(await readAllEvents(store, 'project:p1'));
    expect(previous).not.toContain('"text":"place"');
    expect(previous).not.toContain(`"text":"${description}"`);
  });
});
