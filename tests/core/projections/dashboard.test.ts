import { dashboard, dashboardRow, fold, stateAt, streamId, suppressSmallCount } from '@chemins/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createJourney } from './journey.ts';
import { causses } from './scenario.ts';

type Scenario = Awaited<ReturnType<typeof causses>>;
let scenario: Scenario;
beforeAll(async () => {
  scenario = await causses();
});

const projects = () => [scenario.previousEvents, scenario.projectEvents];

/** An EVS whose only project has `difficulties` open difficulties and `overdue` overdue commitments. */
async function busyEvs(difficulties: number, overdue: number) {
  const journey = createJourney();
  const stream = streamId('project', 'fil-2022');
  await journey.run(
    stream,
    {
      type: 'OpenProject',
      projectId: 'fil-2022',
      structureId: 'fil',
      territory: '46',
      structureKind: 'evs',
      title: 'Projet EVS Le Fil',
      plannedPeriod: { start: '2022-01-01', end: '2025-12-31' },
      circular: '2012-013',
    },
    { at: '2021-10-01' },
  );
  for (let n = 0; n < difficulties; n++) {
    await journey.run(
      stream,
      { type: 'ReportDifficulty', category: 'time', description: `Difficulté ${n}` },
      { at: '2022-03-01' },
    );
  }
  for (let n = 0; n < overdue; n++) {
    await journey.run(
      stream,
      { type: 'MakeCommitment', description: `Engagement ${n}`, dueOn: '2022-06-30' },
      { at: '2022-03-01' },
    );
  }
  return journey.events(stream);
}

describe('suppressSmallCount', () => {
  it('shows 0, hides 1 to 4, shows 5 and more', () => {
    expect([0, 1, 4, 5, 12].map(suppressSmallCount)).toEqual([0, '< 5', '< 5', 5, 12]);
  });
});

describe('dashboardRow', () => {
  it('shows the running period, its stage, the renewal countdown and small counts suppressed', () => {
    // Given the Causses in September 2026, ten months before the end of their agreement
    const row = dashboardRow(fold(scenario.structureEvents), projects(), { now: '2026-09-01T08:00:00Z' });
    // Then the renewal is due (no next project yet), and counts of 1 to 4 are hidden
    expect(row).toEqual({
      structureId: 'causses',
      name: 'Centre social des Causses',
      kind: 'centre_social',
      projectId: 'causses-2023',
      period: { start: '2023-07-01', end: '2027-06-30' },
      periodStatus: 'agreed',
      stage: 'granted',
      stageLabel: 'agréé',
      daysUntilEnd: 302,
      renewalDue: true,
      openDifficulties: '< 5',
      overdueCommitments: '< 5',
      lastActivityAt: '2025-02-03T10:00:00.000Z',
    });
  });

  it('is not due when the next project is already open, and shows zeros as 0', () => {
    const row = dashboardRow(fold(scenario.structureEvents), projects(), { now: '2023-01-01' });
    expect(row).toMatchObject({
      projectId: 'causses-2019',
      stage: 'granted',
      daysUntilEnd: 180,
      renewalDue: false,
      nextProjectId: 'causses-2023',
      openDifficulties: 0,
      overdueCommitments: 0,
    });
  });

  it('looks only at what had happened by `now`', () => {
    // In June 2022 the next project was not open yet: the renewal was due.
    const structure = stateAt(scenario.structureEvents, { asOf: '2022-06-01' });
    expect(dashboardRow(structure, projects(), { now: '2022-06-01' })).toMatchObject({
      projectId: 'causses-2019',
      renewalDue: true,
      lastActivityAt: '2021-06-15T10:00:00.000Z',
    });
    expect(dashboardRow(fold(scenario.structureEvents), projects(), { now: '2021-01-01' }).renewalDue).toBe(
      false,
    );
  });

  it('shows counts of 5 and more', async () => {
    const row = dashboardRow(undefined, [await busyEvs(6, 5)], { now: '2023-01-01' });
    expect(row).toMatchObject({
      structureId: 'fil',
      kind: 'evs',
      periodStatus: 'planned',
      openDifficulties: 6,
      overdueCommitments: 5,
    });
  });

  it('gives an empty row for a structure with no project', () => {
    expect(dashboardRow(fold(scenario.structureEvents), [], { now: '2023-01-01' })).toMatchObject({
      structureId: 'causses',
      renewalDue: false,
      openDifficulties: 0,
    });
    expect(dashboardRow(undefined, [], { now: '2023-01-01' })).toEqual({
      structureId: '',
      renewalDue: false,
      openDifficulties: 0,
      overdueCommitments: 0,
    });
  });
});

describe('dashboard', () => {
  it('lists renewals due first, then the periods ending soonest', async () => {
    const now = { now: '2025-06-01' };
    const rows = [
      dashboardRow(undefined, [await busyEvs(0, 0)], now),
      dashboardRow(fold(scenario.structureEvents), projects(), now),
    ];
    const board = dashboard(rows);
    expect(board.rows.map((row) => [row.structureId, row.renewalDue])).toEqual([
      ['fil', true],
      ['causses', false],
    ]);
    expect(board).toMatchObject({ structures: 2, renewalsDue: 1 });
  });
});
