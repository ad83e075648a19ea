import {
  Journal,
  MemoryEventStore,
  readAllEvents,
  SELF_ID,
  seedLotScenario,
  verifyChain,
} from '@chemins/core';
import { describe, expect, it } from 'vitest';

describe('the Lot seed', () => {
  it('builds 8 structures, 1 cohort and their projects, every chain intact', async () => {
    const store = new MemoryEventStore();
    const journal = new Journal(store);
    const summary = await seedLotScenario(journal);

    expect(summary.structureIds).toHaveLength(8);
    const structures = await store.listStreams({ kind: 'structure', territory: '46' });
    const cohorts = await store.listStreams({ kind: 'cohort', territory: '46' });
    const projects = await store.listStreams({ kind: 'project', territory: '46' });
    expect(structures.streams).toHaveLength(8);
    expect(cohorts.streams).toHaveLength(1);
    expect(projects.streams).toHaveLength(9);
    for (const info of [...structures.streams, ...cohorts.streams, ...projects.streams]) {
      expect(await verifyChain(await readAllEvents(store, info.streamId))).toMatchObject({ ok: true });
    }

    const { state } = await journal.load('project:causses-2023');
    expect(state.entities.project[SELF_ID]?.current).toMatchObject({
      stage: 'granted',
      previousProjectId: 'causses-2019',
    });
    expect(state.entities.vision[SELF_ID]?.current.decidingBody).toBe('board');
    expect(state.entities.assumptions['hyp-isolement']?.current.status).toBe('invalidated');
    expect(state.entities.commitments['cafe-habitants']?.current.status).toBe('honoured');
    expect(state.entities.commitments.navette?.current.status).toBe('dropped');
    expect(state.entities.difficulties['diff-benevoles']?.current.description).toContain('pour 2024');
  });

  it('is idempotent: seeding twice changes nothing', async () => {
    const store = new MemoryEventStore();
    const journal = new Journal(store);
    await seedLotScenario(journal);
    const before = await readAllEvents(store, 'project:vallee-du-cele-2023');
    await seedLotScenario(journal);
    expect(await readAllEvents(store, 'project:vallee-du-cele-2023')).toEqual(before);
  });
});
