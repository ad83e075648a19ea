import { type EventStore, type Role, readAllEvents } from '@chemins/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectNothingAppended, expectProblem } from './support/http.ts';
import { headers, json, seededApp } from './support/test-app.ts';

/*
 * What each structure role may give over HTTP (packages/core/src/authorization/role-grants.ts): residents
 * and partners contribute to the journal, staff and volunteers keep the journey and the vision, directors
 * and board members decide the lifecycle.
 */

type App = Awaited<ReturnType<typeof seededApp>>['app'];

let app: App;
let store: EventStore;

beforeAll(async () => {
  ({ app, store } = await seededApp());
});

const CAUSSES = 'project:causses-2023';
const of = (role: Role) => headers(role, ['causses']);

async function post(path: string, body: unknown, role: Role | Record<string, string>) {
  const auth = typeof role === 'string' ? await of(role) : role;
  return app.request(path, json(body, auth));
}

async function recorded(response: Response): Promise<{ version: number; events: { type: string }[] }> {
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { version: number; events: { type: string }[] };
}

describe('residents and partners contribute to the journal', () => {
  test.each([
    [
      'resident',
      {
        type: 'RecordSuccess',
        category: 'internal_exchanges',
        description: 'La fête a réuni cent personnes.',
      },
    ],
    ['partner', { type: 'CollectChangeStory', title: 'Mon voisin', story: 'Il vient aux ateliers.' }],
    ['resident', { type: 'ReportDifficulty', category: 'time', description: 'Trop tard le soir.' }],
    ['partner', { type: 'AddComment', text: 'Vu à la mairie.' }],
  ] as const)('201 for a %s giving %o', async (role, body) => {
    const response = await post('/projects/causses-2023/commands', body, role);
    expect((await recorded(response)).events).toHaveLength(1);
  });

  test('201 for an outcome a partner observed', async () => {
    const response = await post(
      '/projects/causses-2023/commands',
      {
        type: 'ObserveOutcome',
        group: 'les familles du quartier',
        description: 'Elles proposent elles-mêmes des sorties.',
      },
      'partner',
    );
    expect((await recorded(response)).events[0]?.type).toBe('OutcomeObserved');
  });
});

describe('403 for a command the role does not give, with who gives it, nothing appended', () => {
  const forbidden: [who: Role, body: Record<string, unknown>, says: string][] = [
    ['resident', { type: 'AdoptProject' }, 'is given by a director or board member: ask one of them'],
    ['partner', { type: 'SubmitToCaf' }, 'is given by a director or board member'],
    ['volunteer', { type: 'ClosePeriod' }, 'governance decisions'],
    ['staff', { type: 'StartRenewal' }, 'a staff member records comments, contributions, follow-up'],
    [
      'resident',
      { type: 'ReviseVision', statement: 'Une autre vision.' },
      'director, staff member, volunteer',
    ],
    ['partner', { type: 'MakeCommitment', description: 'Un engagement.' }, 'a partner records comments'],
    ['staff', { type: 'RetractEntry', target: { version: 2, eventId: 'x' }, reason: 'R.' }, 'corrections'],
    [
      'resident',
      { type: 'CorrectEntry', target: { version: 2, eventId: 'x' }, changes: { title: 'T' }, reason: 'R.' },
      'AddComment with its aboutVersion',
    ],
    [
      'volunteer',
      { type: 'EraseText', target: { version: 2, eventId: 'x' }, path: 'text', reason: 'R.' },
      'erasures',
    ],
  ];

  test.each(forbidden)('a %s giving %o', async (role, body, says) => {
    const response = await expectNothingAppended(store, CAUSSES, () =>
      post('/projects/causses-2023/commands', body, role),
    );
    const problem = await expectProblem(response, 403, 'FORBIDDEN');
    expect(problem.detail).toContain(`${body.type} (`);
    expect(problem.detail).toContain(says);
  });
});

describe('directors and board members decide the lifecycle; the team prepares it', () => {
  test('a new project: the director opens it, the staff records the diagnosis, the board adopts it', async () => {
    const opened = await post(
      '/projects/causses-2031/commands',
      {
        type: 'OpenProject',
        projectId: 'causses-2031',
        structureId: 'causses',
        territory: '46',
        structureKind: 'centre_social',
        title: 'Projet social 2031-2035',
        plannedPeriod: { start: '2031-07-01', end: '2035-06-30' },
        circular: '2025-12-18',
      },
      'director',
    );
    expect((await recorded(opened)).version).toBe(1);
    const diagnosis = await post(
      '/projects/causses-2031/commands',
      { type: 'RecordSharedDiagnosis', summary: 'Un diagnostic partagé avec les habitants.' },
      'staff',
    );
    expect((await recorded(diagnosis)).version).toBe(2);
    const refused = await post('/projects/causses-2031/commands', { type: 'AdoptProject' }, 'volunteer');
    await expectProblem(refused, 403, 'FORBIDDEN');
    const adopted = await post('/projects/causses-2031/commands', { type: 'AdoptProject' }, 'board_member');
    expect((await recorded(adopted)).events[0]?.type).toBe('ProjectAdoptedByBoard');
    const submitted = await post('/projects/causses-2031/commands', { type: 'SubmitToCaf' }, 'director');
    expect((await recorded(submitted)).version).toBe(4);
  });
});

describe('corrections and retractions stay within what the role records', () => {
  async function entryOf(type: string): Promise<{ version: number; eventId: string }> {
    const event = (await readAllEvents(store, CAUSSES)).find((candidate) => candidate.type === type);
    if (!event) throw new Error(`the seed has no ${type} on ${CAUSSES}`);
    return { version: event.version, eventId: event.eventId };
  }

  test.each(['director', 'board_member'] as const)(
    "a %s may not retract or correct the CAF's agreement decision",
    async (role) => {
      const target = await entryOf('AgreementGranted');
      for (const body of [
        { type: 'RetractEntry', target, reason: 'Nous préférons une autre date.' },
        {
          type: 'CorrectEntry',
          target,
          changes: { period: { start: '2023-01-01', end: '2026-12-31' } },
          reason: 'Autre période.',
        },
      ]) {
        const response = await expectNothingAppended(store, CAUSSES, () =>
          post('/projects/causses-2023/commands', body, role),
        );
        const problem = await expectProblem(response, 403, 'FORBIDDEN');
        expect(problem.detail).toContain('agreement decisions');
      }
    },
  );

  test("a director still retracts the team's entry", async () => {
    const target = await entryOf('DifficultyReported');
    const response = await post(
      '/projects/causses-2023/commands',
      { type: 'RetractEntry', target, reason: 'Saisie en double.' },
      'director',
    );
    expect((await recorded(response)).events[0]?.type).toBe('EntryRetracted');
  });
});
