import { streamId, structureHistory } from '@chemins/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, createJourney } from './journey.ts';
import { causses } from './scenario.ts';

type Scenario = Awaited<ReturnType<typeof causses>>;
let scenario: Scenario;
beforeAll(async () => {
  scenario = await causses();
});

describe('structureHistory', () => {
  it('lays the agreement periods end to end, whatever order the journals come in', () => {
    const history = structureHistory(scenario.structureEvents, [
      scenario.projectEvents,
      scenario.previousEvents,
    ]);
    expect(history).toMatchObject({
      structureId: 'causses',
      name: 'Centre social des Causses',
      kind: 'centre_social',
    });
    expect(history.periods.map((period) => [period.projectId, period.stage, period.period])).toEqual([
      ['causses-2019', 'closed', { start: '2019-07-01', end: '2023-06-30' }],
      ['causses-2023', 'granted', { start: '2023-07-01', end: '2027-06-30' }],
    ]);
    const [previous, current] = history.periods;
    expect(previous?.visions.map((vision) => vision.statement)).toEqual([
      'Un Causse où chacun peut se déplacer.',
    ]);
    expect(current?.visions.map((vision) => vision.statement)).toEqual([
      'Un territoire où chacun trouve sa place.',
      'Un territoire où chacun trouve sa place et peut agir.',
    ]);
    expect(current?.visions[1]).toMatchObject({ decidingBody: 'board', rationale: expect.any(String) });
    expect(previous?.reviews.map((review) => [review.reviewId, review.participants])).toEqual([
      ['r-2021', 10],
    ]);
    expect(current?.reviews.map((review) => review.reviewId)).toEqual(['r-2023-01', 'r-2025']);
    expect(current?.previousProjectId).toBe('causses-2019');
  });

  it('follows stakes across periods by lineage', () => {
    const history = structureHistory(scenario.structureEvents, [
      scenario.previousEvents,
      scenario.projectEvents,
    ]);
    const mobility = history.lineages.find((lineage) => lineage.lineageId === 'mobilite');
    expect(mobility).toEqual({
      lineageId: 'mobilite',
      projectIds: ['causses-2019', 'causses-2023'],
      titles: ['Mobilité rurale', 'Se déplacer sur le Causse'],
      appearances: [
        { projectId: 'causses-2019', stakeId: 'mobilite-2019', title: 'Mobilité rurale', status: 'active' },
        {
          projectId: 'causses-2023',
          stakeId: 's-mobilite',
          title: 'Se déplacer sur le Causse',
          status: 'active',
        },
      ],
    });
    expect(history.lineages.find((lineage) => lineage.lineageId === 's-lien')?.appearances[0]?.status).toBe(
      'dropped',
    );
    expect(history.lineages.filter((lineage) => lineage.projectIds.length > 1)).toHaveLength(1);
  });

  it('leaves out projects of other structures and shows linked projects whose journal is missing', async () => {
    const other = createJourney();
    await other.run(
      streamId('project', 'granges-2023'),
      {
        type: 'OpenProject',
        projectId: 'granges-2023',
        structureId: 'granges',
        territory: '46',
        structureKind: 'evs',
        title: 'EVS Les Granges',
        plannedPeriod: { start: '2023-01-01', end: '2025-12-31' },
        circular: '2012-013',
      },
      { at: '2022-10-01' },
    );
    const history = structureHistory(scenario.structureEvents, [
      await other.events(streamId('project', 'granges-2023')),
      scenario.projectEvents,
    ]);
    expect(history.periods.map((period) => [period.projectId, period.stage])).toEqual([
      ['causses-2019', undefined],
      ['causses-2023', 'granted'],
    ]);
    expect(history.periods[0]).toMatchObject({
      title: 'Projet social 2019-2023',
      plannedPeriod: { start: '2019-07-01', end: '2023-06-30' },
      stakes: [],
    });
  });

  it('is empty for a structure with no projects, and works without a structure journal', async () => {
    const journey = createJourney();
    await journey.run(
      streamId('structure', 'fil'),
      {
        type: 'RegisterStructure',
        structureId: 'fil',
        name: 'EVS Le Fil',
        kind: 'evs',
        managingBody: 'commune',
        territory: '46',
      },
      { at: '2022-01-01', actor: admin },
    );
    expect(structureHistory(await journey.events(streamId('structure', 'fil')), [])).toEqual({
      structureId: 'fil',
      name: 'EVS Le Fil',
      kind: 'evs',
      territory: '46',
      periods: [],
      lineages: [],
    });
    expect(structureHistory([], [scenario.projectEvents]).periods.map((period) => period.projectId)).toEqual([
      'causses-2023',
    ]);
  });
});
