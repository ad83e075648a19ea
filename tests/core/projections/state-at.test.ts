import { fold, SELF_ID, stateAt } from '@chemins/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { causses } from './scenario.ts';

type Scenario = Awaited<ReturnType<typeof causses>>;
let scenario: Scenario;
beforeAll(async () => {
  scenario = await causses();
});

describe('stateAt', () => {
  it('without options, is the fold of the whole log', () => {
    expect(stateAt(scenario.projectEvents)).toEqual(fold(scenario.projectEvents));
  });

  it('as of a date, includes everything that occurred on that day', () => {
    // Given the January 2023 interim review held on the 17th
    // When the state is asked as of that calendar date
    const state = stateAt(scenario.projectEvents, { asOf: '2023-01-17' });
    // Then the review and the difficulties of that day are in, and nothing later
    expect(state.entities.reviews['r-2023-01']).toBeDefined();
    expect(Object.keys(state.entities.difficulties).sort()).toEqual([
      'd-align',
      'd-cal',
      'd-ensemble',
      'd-temps',
    ]);
    expect(state.entities.commitments['k-cafe']?.current.status).toBe('open');
  });

  it('as of the day before, excludes that day', () => {
    const state = stateAt(scenario.projectEvents, { asOf: '2023-01-16' });
    expect(state.entities.reviews['r-2023-01']).toBeUndefined();
    expect(state.entities.difficulties).toEqual({});
  });

  it('as of an instant, cuts at that instant', () => {
    const before = stateAt(scenario.projectEvents, { asOf: '2023-01-17T09:59:59.999Z' });
    const at = stateAt(scenario.projectEvents, { asOf: '2023-01-17T10:00:00Z' });
    expect(before.entities.difficulties).toEqual({});
    expect(Object.keys(at.entities.difficulties)).toHaveLength(4);
  });

  it('as of a date, applies a correction recorded later: it is dated like its target', () => {
    const state = stateAt(scenario.projectEvents, { asOf: '2023-01-31' });
    expect(state.entities.difficulties['d-temps']?.current.description).toContain('surtout le mercredi');
    expect(state.entities.successes['u-erreur']).toBeUndefined();
  });

  it('known at a time before the correction was recorded, shows the entry as first recorded', () => {
    // Given a correction recorded on 2023-02-10 and a retraction on 2023-02-12
    // When the state is asked as known on 2023-02-01
    const state = stateAt(scenario.projectEvents, { knownAt: '2023-02-01' });
    // Then neither is known yet
    expect(state.entities.difficulties['d-temps']?.current.description).toBe(
      'Peu de temps entre deux activités.',
    );
    expect(state.entities.successes['u-erreur']).toBeDefined();
    // And once both are recorded, both apply
    const later = stateAt(scenario.projectEvents, { knownAt: '2023-02-12' });
    expect(later.entities.difficulties['d-temps']?.current.description).toContain('surtout le mercredi');
    expect(later.entities.successes['u-erreur']).toBeUndefined();
  });

  it('combines asOf and knownAt', () => {
    const state = stateAt(scenario.projectEvents, { asOf: '2023-01-17', knownAt: '2023-02-11' });
    expect(state.entities.difficulties['d-temps']?.current.description).toContain('surtout le mercredi');
    expect(state.entities.successes['u-erreur']).toBeDefined();
    expect(state.entities.project[SELF_ID]?.current.stage).toBe('diagnosis');
  });

  it('refuses a bound that is not a date', () => {
    expect(() => stateAt(scenario.projectEvents, { asOf: 'yesterday' })).toThrow(RangeError);
  });
});
