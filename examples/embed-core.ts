import { Journal, MemoryEventStore, verifyChain } from '@chemins/core';

// Any store that passes the contract suite will do: in memory here, SQLite or DynamoDB in @chemins/api.
const journal = new Journal(new MemoryEventStore());
const project = 'project:causses-2023';
let lastId = 0;
// The core does no I/O: who acts, the time and the ids come from you.
const context = (commandId: string) => ({
  commandId,
  actor: { id: 'staff-7f3a', role: 'staff' as const },
  now: new Date().toISOString(),
  newId: () => `id-${++lastId}`,
});

await journal.execute(
  project,
  {
    type: 'OpenProject',
    projectId: 'causses-2023',
    structureId: 'causses',
    territory: '46',
    structureKind: 'centre_social',
    title: 'Projet social 2023-2027',
    plannedPeriod: { start: '2023-07-01', end: '2027-06-30' },
    circular: '2012-013',
    occurredAt: '2022-09-15',
  },
  context('open-causses-2023'),
);
await journal.execute(
  project,
  {
    type: 'ReportDifficulty',
    category: 'time',
    description: 'Dégager du temps pour la démarche.',
    occurredAt: '2023-01-17',
  },
  context('difficulty-2023-01-17'),
);

const { state, events } = await journal.load(project);
for (const difficulty of Object.values(state.entities.difficulties)) {
  console.log(`${difficulty.current.category}: ${difficulty.current.description}`);
}
const verdict = await verifyChain(events);
console.log(`chain ok: ${verdict.ok}, ${verdict.checked} events`);
