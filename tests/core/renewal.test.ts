import {
  Journal,
  MemoryEventStore,
  readAllEvents,
  SELF_ID,
  seedLotScenario,
  structureHistory,
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

describe('renewal: opening the next project from the previous one', () => {
  it('links the two, keeps the chosen stakes by lineage and drafts the evaluation of the previous period', async () => {
    const journal = new Journal(new MemoryEventStore());
    for (const [index, command] of [...richProject, { type: 'ClosePeriod' as const }].entries()) {
      await journal.execute('project:p1', command, options(`c${index}`));
    }
    const result = await journal.execute(
      'project:p2',
      {
        type: 'OpenNextProject',
        projectId: 'p2',
        previousProjectId: 'p1',
        title: 'Projet social 2027-2031',
        plannedPeriod: { start: '2027-07-01', end: '2031-06-30' },
        circular: '2025-12-18',
        keptStakes: [{ stakeId: 's1', newStakeId: 'isolement', title: 'Aller vers les personnes isolées' }],
      },
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
    expect(draft).toContain('gestion du temps');
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
