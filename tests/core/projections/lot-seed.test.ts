import {
  cohortThemes,
  dashboard,
  dashboardRow,
  fold,
  Journal,
  type JournalEvent,
  MemoryEventStore,
  readAllEvents,
  renderReviewHtml,
  review,
  SELF_ID,
  seedLotScenario,
  stateAt,
  streamId,
  structureHistory,
  timeline,
  visionHistory,
} from '@chemins/core';
import { beforeAll, describe, expect, it } from 'vitest';

/** The seed is the lead's demo data: only invariants are checked here, so its details may change. */
let lot: { cohort: JournalEvent[]; structures: Map<string, JournalEvent[]>; projects: JournalEvent[][] };
beforeAll(async () => {
  const store = new MemoryEventStore();
  const summary = await seedLotScenario(new Journal(store));
  const structures = new Map<string, JournalEvent[]>();
  for (const id of summary.structureIds)
    structures.set(id, await readAllEvents(store, streamId('structure', id)));
  const projects = await Promise.all(
    summary.projectIds.map((id) => readAllEvents(store, streamId('project', id))),
  );
  lot = { cohort: await readAllEvents(store, streamId('cohort', summary.cohortId)), structures, projects };
});

describe('the projections on the Lot seed', () => {
  it('read every stream, draw one mark per dated entry, and give the adviser one row per structure', () => {
    const now = '2025-06-01';
    const rows = [...lot.structures].map(([id, events]) => {
      const own = lot.projects.filter((project) => structureOf(project) === id);
      const history = structureHistory(events, own);
      expect(history.periods.length).toBe(own.length);
      return dashboardRow(stateAt(events, { asOf: now }), own, { now });
    });
    expect(dashboard(rows).structures).toBe(8);
    for (const events of [lot.cohort, ...lot.projects]) {
      expect(timeline(events)).toHaveLength(events.length);
      visionHistory(events);
      const bilan = review(events, { from: '2022-09-01', to: '2025-12-31' });
      const html = renderReviewHtml(bilan, {
        title: 'Bilan',
        projectId: 'lot',
        from: '2022-09-01',
        to: '2025-12-31',
      });
      expect(html.match(/data-mark=/g) ?? []).toHaveLength(bilan.marks.length);
    }
    const themes = cohortThemes(lot.cohort, lot.projects);
    expect(themes.structures).toBe(8);
    expect(themes.difficulties.length).toBeGreaterThan(0);
  });
});

function structureOf(projectEvents: JournalEvent[]): string | undefined {
  return fold(projectEvents).entities.project[SELF_ID]?.current.structureId;
}
