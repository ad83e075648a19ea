// Embedders call the journal directly, without the API's validation: what it records must be what
// decodeEvent reads back. Every refusal here leaves the store as it was.
import {
  type Command,
  DomainError,
  decodeEvent,
  type ExecuteOptions,
  Journal,
  MemoryEventStore,
  readAllEvents,
  readWholeLedger,
} from '@chemins/core';
import { describe, expect, it } from 'vitest';
import { openProject, staff } from './support/given.ts';

function options(commandId: string): ExecuteOptions {
  let n = 0;
  return { commandId, actor: staff, now: '2025-06-01T12:00:00.000Z', newId: () => `${commandId}-${++n}` };
}

/** Whatever an embedder may hand over, typed or not. */
const loose = (command: Record<string, unknown>) => command as unknown as Command;

async function opened() {
  const store = new MemoryEventStore();
  const journal = new Journal(store);
  await journal.execute('project:p1', openProject, options('open'));
  return { store, journal };
}

const cases: [string, string, Command, string][] = [
  ['a stream id with no kind', 'p1', openProject, 'INVALID_STREAM_ID'],
  ['a stream id of an unknown kind', 'projet:p1', openProject, 'INVALID_STREAM_ID'],
  [
    'a project command on a cohort stream',
    'cohort:zz',
    loose({ ...openProject, projectId: 'zz' }),
    'WRONG_STREAM_KIND',
  ],
  [
    'a structure command on a project stream',
    'project:p1',
    loose({
      type: 'LinkProject',
      projectId: 'p2',
      plannedStart: '2027-07-01',
      plannedEnd: '2031-06-30',
      title: 'T',
    }),
    'WRONG_STREAM_KIND',
  ],
  ['an unknown command type', 'project:p1', loose({ type: 'DoAnything' }), 'INVALID_COMMAND'],
  ['no command at all', 'project:p1', loose({}), 'INVALID_COMMAND'],
  [
    'an extra key',
    'project:p1',
    loose({ type: 'AddComment', text: 'Bien.', mood: 'joy' }),
    'INVALID_COMMAND',
  ],
  [
    'a value outside its enum',
    'project:p1',
    loose({ type: 'ReportDifficulty', category: 'Time!', description: 'Peu de temps.' }),
    'INVALID_COMMAND',
  ],
  ['an empty text', 'project:p1', loose({ type: 'AddComment', text: '   ' }), 'INVALID_COMMAND'],
  [
    'an opening id that is not the stream’s',
    'project:p3',
    loose({ ...openProject, projectId: 'p9' }),
    'STREAM_ID_MISMATCH',
  ],
];

describe('the journal checks each command before deciding', () => {
  it.each(cases)('refuses %s, and records nothing', async (_what, streamId, command, code) => {
    const { store, journal } = await opened();
    const run = journal.execute(streamId, command, options('bad'));
    await expect(run).rejects.toBeInstanceOf(DomainError);
    await expect(run).rejects.toMatchObject({ code });
    expect(await store.findCommand('bad')).toBeNull();
    expect(await readWholeLedger(store, '46')).toHaveLength(1);
    expect(await readAllEvents(store, streamId)).toHaveLength(streamId === 'project:p1' ? 1 : 0);
  });

  it('says what is wrong with the command, field by field', async () => {
    const { journal } = await opened();
    const refusal = await journal
      .execute('project:p1', loose({ type: 'AddComment', text: 'Bien.', mood: 'joy' }), options('bad'))
      .catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      code: 'INVALID_COMMAND',
      details: { type: 'AddComment', issues: [expect.objectContaining({ message: expect.any(String) })] },
    });
    expect((refusal as DomainError).message).toContain('AddComment');
  });

  it('records a valid command as its schema reads it, so every stored event decodes', async () => {
    const { store, journal } = await opened();
    await journal.execute(
      'project:p1',
      loose({ type: 'AddComment', text: '  Un commentaire.  ', occurredAt: '2023-01-10' }),
      options('comment'),
    );
    const events = await readAllEvents(store, 'project:p1');
    expect(events[1]?.data).toMatchObject({ text: 'Un commentaire.' });
    for (const event of events) expect(decodeEvent(event)).toMatchObject({ ok: true });
  });
});
