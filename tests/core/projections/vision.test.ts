import { visionDiff, visionHistory } from '@chemins/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { causses } from './scenario.ts';

type Scenario = Awaited<ReturnType<typeof causses>>;
let scenario: Scenario;
beforeAll(async () => {
  scenario = await causses();
});

describe('visionHistory', () => {
  it('gives every version of the vision, with who decided, at which review and why', () => {
    const { visions } = visionHistory(scenario.projectEvents);
    expect(visions).toEqual([
      expect.objectContaining({
        statement: 'Un territoire où chacun trouve sa place.',
        occurredAt: '2022-12-10T10:00:00.000Z',
      }),
      expect.objectContaining({
        statement: 'Un territoire où chacun trouve sa place et peut agir.',
        occurredAt: '2025-02-03T10:00:00.000Z',
        rationale: 'Les habitants veulent agir, pas seulement participer.',
        decidingBody: 'board',
        decidingBodyLabel: "conseil d'administration",
        reviewId: 'r-2025',
        actorRole: 'director',
      }),
    ]);
    expect(visions[0]?.rationale).toBeUndefined();
  });

  it('gives the history of stakes, pathways, changes, assumptions and indicators with their targets', () => {
    const history = visionHistory(scenario.projectEvents);
    expect(history.stakes.map((stake) => stake.id)).toEqual(['s-mobilite', 's-lien', 's-numerique']);
    const lien = history.stakes.find((stake) => stake.id === 's-lien');
    expect(lien?.current.status).toBe('dropped');
    expect(lien?.history.map((step) => step.type)).toEqual(['StakeIdentified', 'StakeDropped']);
    expect(lien?.history[1]).toMatchObject({
      label: 'Enjeu abandonné',
      decidingBody: 'board',
      decidingBodyLabel: "conseil d'administration",
      why: 'Intégré à la vision révisée.',
      reviewId: 'r-2025',
      roleLabel: 'direction',
    });
    expect(history.assumptions[0]?.history.at(-1)).toMatchObject({
      type: 'AssumptionInvalidated',
      why: 'Trop peu de bénévoles conducteurs.',
    });
    expect(history.pathways.map((pathway) => pathway.id)).toEqual(['p-mobilite']);
    expect(history.changes.map((change) => change.id)).toEqual(['c-covoit']);
    expect(history.indicators[0]?.targets).toEqual([
      { value: 20, by: '2024-12-31', version: expect.any(Number), occurredAt: '2022-12-12T10:00:00.000Z' },
      {
        value: 12,
        version: expect.any(Number),
        occurredAt: '2025-02-03T10:00:00.000Z',
        why: 'Objectif revu avec les bénévoles.',
      },
    ]);
  });

  it('speaks English on request and can look back in time', () => {
    const history = visionHistory(scenario.projectEvents, { lang: 'en', asOf: '2024-12-31' });
    expect(history.visions).toHaveLength(1);
    expect(history.stakes.find((stake) => stake.id === 's-lien')?.history[0]?.label).toBe('Stake identified');
  });
});

describe('visionDiff', () => {
  it('shows what changed between the 2023 agreement and the 2025 review, with who decided and why', () => {
    // Given the state as of the start of the agreement and after the 2025 review
    const diff = visionDiff(scenario.projectEvents, '2023-07-01', '2025-12-31');
    // Then the vision statement changed, by decision of the board
    expect(diff.vision).toMatchObject({
      before: 'Un territoire où chacun trouve sa place.',
      after: 'Un territoire où chacun trouve sa place et peut agir.',
      changed: true,
    });
    expect(diff.vision.decisions).toEqual([
      expect.objectContaining({
        decidingBody: 'board',
        why: 'Les habitants veulent agir, pas seulement participer.',
      }),
    ]);
    // A stake was added and one dropped (a drop counts as removed)
    expect(diff.stakes.added.map((item) => item.id)).toEqual(['s-numerique']);
    expect(diff.stakes.removed.map((item) => item.id)).toEqual(['s-lien']);
    expect(diff.stakes.removed[0]?.changes).toContainEqual({
      field: 'status',
      before: 'active',
      after: 'dropped',
    });
    expect(diff.stakes.removed[0]?.decisions[0]).toMatchObject({ decidingBody: 'board', reviewId: 'r-2025' });
    expect(diff.stakes.changed).toEqual([]);
    // The assumption changed status, the indicator its target
    expect(diff.assumptions.changed[0]?.changes).toEqual([
      { field: 'evidence', before: undefined, after: 'Trop peu de bénévoles conducteurs.' },
      { field: 'status', before: 'stated', after: 'invalidated' },
    ]);
    expect(diff.indicators.changed[0]?.changes).toEqual([
      { field: 'target', before: { value: 20, by: '2024-12-31' }, after: { value: 12 } },
    ]);
    expect(diff.indicators.changed[0]?.decisions[0]?.why).toBe('Objectif revu avec les bénévoles.');
    expect(diff.pathways).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.from).toBe('2023-07-01T23:59:59.999Z');
  });

  it('shows everything as added from before the beginning, and nothing between two equal points', () => {
    const fromScratch = visionDiff(scenario.projectEvents, '2020-01-01', '2023-01-01');
    expect(fromScratch.vision).toMatchObject({
      after: 'Un territoire où chacun trouve sa place.',
      changed: true,
    });
    expect(fromScratch.vision.before).toBeUndefined();
    expect(fromScratch.stakes.added.map((item) => item.id)).toEqual(['s-mobilite', 's-lien']);
    const none = visionDiff(scenario.projectEvents, '2024-01-01', '2024-01-01');
    expect(none.vision.changed).toBe(false);
    expect(none.stakes).toEqual({ added: [], removed: [], changed: [] });
  });
});
