import { Journal, MemoryEventStore, type Command } from '@chemins/core';
const store = new MemoryEventStore();
const journal = new Journal(store);
let id = 0;
const actor = { id: 'p-1', role: 'staff' as const };
const run = (stream: string, command: Command, now = '2026-01-01T10:00:00.000Z', actor = { id: 'p-1', role: 'director' as never }) =>
  journal.execute(stream, command, { commandId: `c${++id}`, actor, now, newId: () => `id-${++id}` });
const t0 = performance.now();
await run('structure:s1', { type: 'RegisterStructure', occurredAt: '2020-01-01T10:00:00.000Z', structureId: 's1', name: 'S1', kind: 'evs', managingBody: 'association', territory: '46' } as Command, undefined, { id: 'a', role: 'admin' as never });
await run('project:s1-2023', { type: 'OpenProject', occurredAt: '2022-01-01T10:00:00.000Z', projectId: 's1-2023', structureId: 's1', territory: '46', structureKind: 'evs', title: 'P', plannedPeriod: { start: '2023-07-01', end: '2027-06-30' }, circular: '2012-013' } as Command);
for (let n = 0; n < 1996; n++) {
  await run('project:s1-2023', { type: 'AddComment', text: `note ${n}` } as Command);
  if (n % 200 === 0) console.log(n, (performance.now() - t0).toFixed(0));
}
console.log('total', (performance.now() - t0).toFixed(0));
