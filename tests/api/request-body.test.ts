import type { EventStore } from '@chemins/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectNoInternals, expectNothingAppended, expectProblem } from './support/http.ts';
import { headers, json, seededApp } from './support/test-app.ts';

type App = Awaited<ReturnType<typeof seededApp>>['app'];

let app: App;
let store: EventStore;
let staff: Record<string, string>;
/** Raw bodies are posted by the director, who may give every command of them (CorrectEntry included). */
let director: Record<string, string>;

beforeAll(async () => {
  ({ app, store } = await seededApp());
  staff = await headers('staff', ['causses']);
  director = await headers('director', ['causses']);
});

const CAUSSES = 'project:causses-2023';
const PATH = '/projects/causses-2023/commands';

/** Posts raw bytes or text with the given content type, nothing appended. */
function postRaw(body: NonNullable<RequestInit['body']>, contentType: string | null, path = PATH) {
  return expectNothingAppended(store, CAUSSES, () =>
    app.request(path, {
      method: 'POST',
      body,
      headers: { ...director, ...(contentType === null ? {} : { 'Content-Type': contentType }) },
    }),
  );
}

describe('the body of a command', () => {
  test.each([
    ['a truncated object', '{"type":'],
    ['a trailing comma', '{"type":"ReportDifficulty",}'],
    ['single quotes', "{'type':'ReportDifficulty'}"],
    ['an empty body', ''],
    ['two documents', '{} {}'],
  ])('400 MALFORMED_JSON for %s', async (_what, body) => {
    await expectProblem(await postRaw(body, 'application/json'), 400, 'MALFORMED_JSON');
  });

  test('400 MALFORMED_JSON for bytes that are not UTF-8', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x74, 0xff, 0xfe, 0x22, 0x7d]);
    await expectProblem(await postRaw(bytes, 'application/json'), 400, 'MALFORMED_JSON');
  });

  test.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['XML', 'application/xml'],
    ['JSON in another charset', 'application/json; charset=iso-8859-1'],
    ['no content type at all', null],
  ])('415 for %s', async (_what, contentType) => {
    const body = JSON.stringify({ type: 'ReportDifficulty', category: 'time', description: 'Texte.' });
    await expectProblem(await postRaw(body, contentType), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8'])(
    'JSON is accepted as %j',
    async (contentType) => {
      const response = await app.request(PATH, {
        method: 'POST',
        body: JSON.stringify({
          type: 'ReportDifficulty',
          category: 'time',
          description: `En ${contentType}.`,
        }),
        headers: { ...staff, 'Content-Type': contentType },
      });
      expect(response.status).toBe(201);
    },
  );

  test('413 for a body over 256 KB', async () => {
    const body = JSON.stringify({
      type: 'ReportDifficulty',
      category: 'time',
      description: 'x'.repeat(256 * 1024),
    });
    await expectProblem(await postRaw(body, 'application/json'), 413, 'PAYLOAD_TOO_LARGE');
  });

  test('413 as soon as the declared Content-Length is over 256 KB', async () => {
    const response = await expectNothingAppended(store, CAUSSES, () =>
      app.request(PATH, {
        method: 'POST',
        body: '{}',
        headers: { ...staff, 'Content-Type': 'application/json', 'Content-Length': String(300 * 1024) },
      }),
    );
    await expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  test('a body just under 256 KB is read (and then validated)', async () => {
    const padding = 256 * 1024 - 200;
    const body = JSON.stringify({
      type: 'ReportDifficulty',
      category: 'time',
      description: 'x'.repeat(padding),
    });
    const problem = await expectProblem(await postRaw(body, 'application/json'), 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([{ path: 'description', message: expect.stringMatching(/4000/) }]);
  });
});

describe('400 VALIDATION_FAILED lists every field with a path and a message', () => {
  async function invalid(body: unknown, path = PATH) {
    const response = await expectNothingAppended(store, CAUSSES, () => app.request(path, json(body, staff)));
    const problem = await expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(problem.errors?.length).toBeGreaterThan(0);
    for (const error of problem.errors ?? []) {
      expect(error).toEqual({ path: expect.any(String), message: expect.any(String) });
      expect(error.message.length).toBeGreaterThan(0);
    }
    return problem.errors ?? [];
  }

  test('a field of the wrong type', async () => {
    const errors = await invalid({ type: 'ReportDifficulty', category: 5, description: 'Texte.' });
    expect(errors).toEqual([{ path: 'category', message: expect.stringMatching(/string/) }]);
  });

  test('a missing field', async () => {
    const errors = await invalid({ type: 'ReportDifficulty', category: 'time' });
    expect(errors).toEqual([{ path: 'description', message: expect.any(String) }]);
  });

  test('several problems at once are all listed', async () => {
    const errors = await invalid({
      type: 'MakeCommitment',
      description: '',
      heldBy: 'king',
      dueOn: '2024-02-30',
    });
    expect(errors.map((error) => error.path).sort()).toEqual(['description', 'dueOn', 'heldBy']);
  });

  test('a nested field is named by its dotted path', async () => {
    const errors = await invalid({
      type: 'HoldCollectiveSession',
      title: 'Temps fort',
      participants: { staff: -1 },
    });
    expect(errors.map((error) => error.path)).toEqual(['participants.staff']);
  });

  test('an unknown field is refused, with its name as the path', async () => {
    const errors = await invalid({
      type: 'ReportDifficulty',
      category: 'time',
      description: 'Texte.',
      colour: 'red',
    });
    expect(errors).toEqual([{ path: 'colour', message: expect.stringContaining('colour') }]);
  });

  test('unknown nested fields are named by their dotted paths', async () => {
    const errors = await invalid({
      type: 'GrantAgreement',
      period: { start: '2023-07-01', end: '2027-06-30', extra: 1, other: 2 },
    });
    expect(errors.map((error) => error.path).sort()).toEqual(['period.extra', 'period.other']);
  });

  test('an unknown or missing command type', async () => {
    expect((await invalid({ type: 'DeleteEverything' })).map((error) => error.path)).toEqual(['type']);
    expect((await invalid({ description: 'Sans type.' })).map((error) => error.path)).toEqual(['type']);
  });

  test.each([
    ['null', null],
    ['an array', [{ type: 'ReportDifficulty' }]],
    ['a string', 'ReportDifficulty'],
    ['a number', 42],
  ])('a body that is %s', async (_what, body) => {
    await invalid(body);
  });

  test('control characters in free text', async () => {
    const errors = await invalid({ type: 'ReportDifficulty', category: 'time', description: 'bip\u0007' });
    expect(errors.map((error) => error.path)).toEqual(['description']);
  });

  test('an occurredAt that is not a date', async () => {
    const errors = await invalid({
      type: 'ReportDifficulty',
      category: 'time',
      description: 'Texte.',
      occurredAt: '2023-02-30',
    });
    expect(errors.map((error) => error.path)).toEqual(['occurredAt']);
  });

  test('an id in the path that is not an id', async () => {
    const response = await app.request(
      '/projects/causses%202023/commands',
      json({ type: 'StartRenewal' }, staff),
    );
    const problem = await expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(problem.errors?.map((error) => error.path)).toEqual(['id']);
  });
});

describe('hostile bodies', () => {
  test('a __proto__ key neither pollutes objects nor gets through', async () => {
    const page = await store.readStream(CAUSSES, { limit: 500 });
    const reported = page.events.find((event) => event.type === 'DifficultyReported');
    if (!reported) throw new Error('the seed reports difficulties');
    const bodies = [
      '{"type":"ReportDifficulty","category":"time","description":"x","__proto__":{"polluted":true}}',
      `{"type":"CorrectEntry","target":{"version":${reported.version},"eventId":"${reported.eventId}"},"changes":{"__proto__":{"polluted":true}},"reason":"x"}`,
      '{"type":"ReportDifficulty","category":"time","description":"x","constructor":{"prototype":{"polluted":true}}}',
    ];
    for (const body of bodies) {
      const response = await postRaw(body, 'application/json');
      expect([400, 422]).toContain(response.status);
      expectNoInternals(await response.text());
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('any JSON value as a body is a 4xx problem, never a 5xx, and appends nothing', async () => {
    const commandLike = fc.record(
      {
        type: fc.constantFrom(
          'ReportDifficulty',
          'MakeCommitment',
          'CorrectEntry',
          'ReviseVision',
          'AddComment',
          'Nope',
        ),
        category: fc.oneof(fc.constantFrom('time', 'calendar'), fc.jsonValue()),
        description: fc.oneof(fc.string(), fc.jsonValue()),
        occurredAt: fc.oneof(fc.constantFrom('2023-01-17', '2099-01-01', 'yesterday'), fc.jsonValue()),
        target: fc.jsonValue(),
        changes: fc.jsonValue(),
        aboutVersion: fc.oneof(fc.integer(), fc.jsonValue()),
      },
      { requiredKeys: ['type'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), commandLike), async (body) => {
        const before = (await store.readStream(CAUSSES, { limit: 1 })).streamVersion;
        const response = await app.request(PATH, json(body, staff));
        const text = await response.text();
        if (response.status === 201) return; // a valid command, by chance: recorded
        expect(response.status, text).toBeGreaterThanOrEqual(400);
        expect(response.status, text).toBeLessThan(500);
        expect(response.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
        expectNoInternals(text);
        expect((await store.readStream(CAUSSES, { limit: 1 })).streamVersion).toBe(before);
      }),
      { numRuns: 150 },
    );
  });
});
