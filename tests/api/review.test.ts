import { beforeAll, describe, expect, test } from 'vitest';
import { expectProblem } from './support/http.ts';
import { headers, json, seededApp } from './support/test-app.ts';

type App = Awaited<ReturnType<typeof seededApp>>['app'];

const HOSTILE = '<script>alert(1)</script>';
const HOSTILE_SUCCESS = '"><img src=x onerror=alert(2)> & **gras** [lien](javascript:alert(3))';

let app: App;
let staff: Record<string, string>;

// The test clock is 2026-11-27: the hostile entries are recorded in 2026, the seed's in 2022-2025.
beforeAll(async () => {
  ({ app } = await seededApp());
  staff = await headers('staff', ['causses']);
  for (const body of [
    { type: 'ReportDifficulty', category: 'time', description: HOSTILE },
    { type: 'RecordSuccess', category: 'shared_vision', description: HOSTILE_SUCCESS },
  ]) {
    const response = await app.request('/projects/causses-2023/commands', json(body, staff));
    expect(response.status).toBe(201);
  }
});

const SEED_WINDOW = '/projects/causses-2023/review?from=2023-01-01&to=2023-12-31';
const HOSTILE_WINDOW = '/projects/causses-2023/review?from=2026-01-01&to=2026-12-31';

function review(path: string, accept?: string) {
  return app.request(path, { headers: { ...staff, ...(accept === undefined ? {} : { Accept: accept }) } });
}

describe('GET /projects/{id}/review: content negotiation', () => {
  test('JSON by default: difficulties and successes by category, commitments, participation', async () => {
    const response = await review(SEED_WINDOW);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(response.headers.get('Vary')).toMatch(/Accept/);
    const body = (await response.json()) as {
      projectId: string;
      difficulties: { category: string; items: { difficultyId: string }[] }[];
      successes: { category: string }[];
    };
    expect(body.projectId).toBe('causses-2023');
    expect(body.difficulties.map((group) => group.category)).toEqual([
      'time',
      'calendar',
      'moving_forward_together',
    ]);
    expect(body.successes.map((group) => group.category)).toEqual([
      'internal_exchanges',
      'new_ways_of_thinking',
      'shared_vision',
    ]);
  });

  test.each([
    ['application/json', /^application\/json/],
    ['text/markdown', /^text\/markdown/],
    ['text/html', /^text\/html/],
    ['text/html;q=0.4, text/markdown;q=0.9', /^text\/markdown/],
    ['image/png, text/markdown;q=0.1', /^text\/markdown/],
    ['*/*', /^application\/json/],
  ])('Accept: %s', async (accept, contentType) => {
    const response = await review(SEED_WINDOW, accept);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(contentType);
  });

  test('Markdown: a French document with the categories of the seed', async () => {
    const text = await (await review(SEED_WINDOW, 'text/markdown')).text();
    expect(text).toMatch(/^# Projet social 2023-2027 — Centre social des Causses/);
    expect(text).toContain('## Difficultés');
    expect(text).toContain('Dégager du temps pour la démarche');
  });

  test('HTML: a self-contained French page with a timeline picture, under a strict CSP', async () => {
    const response = await review(SEED_WINDOW, 'text/html');
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src="http|href="http/i);
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
  });

  test.each(['image/png', 'application/pdf', 'text/plain', 'application/json;q=0'])(
    '406 NOT_ACCEPTABLE for Accept: %s',
    async (accept) => {
      await expectProblem(await review(SEED_WINDOW, accept), 406, 'NOT_ACCEPTABLE');
    },
  );

  test.each([
    ['no bounds', '/projects/causses-2023/review'],
    ['only from', '/projects/causses-2023/review?from=2023-01-01'],
    ['bounds that are not dates', '/projects/causses-2023/review?from=janvier&to=juin'],
    ['from after to', '/projects/causses-2023/review?from=2024-01-01&to=2023-01-01'],
    ['lang=de', `${SEED_WINDOW}&lang=de`],
  ])('400 for %s', async (_what, path) => {
    await expectProblem(await review(path), 400, 'VALIDATION_FAILED');
  });

  test.each([
    // 11:00 at +02:00 is 09:00Z: before 10:00Z.
    ['an offset', 'from=2023-01-17T11:00:00%2B02:00&to=2023-01-17T10:00:00Z'],
    // A calendar date as `to` covers the whole day.
    ['a calendar date as to, the same day', 'from=2023-01-17T08:00:00Z&to=2023-01-17'],
  ])('bounds are compared as instants, not as text: %s', async (_what, query) => {
    const response = await review(`/projects/causses-2023/review?${query}`);
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect((JSON.parse(text) as { difficulties: unknown[] }).difficulties).toHaveLength(3);
  });

  test('404 for an unknown project, 403 for another structure', async () => {
    await expectProblem(await review('/projects/nulle-part/review?from=2023-01-01&to=2023-12-31'), 404);
    await expectProblem(
      await review('/projects/bouriane-2023/review?from=2023-01-01&to=2023-12-31'),
      403,
      'FORBIDDEN',
    );
  });
});

describe('GET /projects/{id}/review: user strings are escaped', () => {
  test('HTML escapes a difficulty recorded as <script>alert(1)</script>', async () => {
    const html = await (await review(HOSTILE_WINDOW, 'text/html')).text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toMatch(/<script/i);
  });

  test('HTML escapes quotes and tags in every place a user string lands (lists and the SVG titles)', async () => {
    const html = await (await review(HOSTILE_WINDOW, 'text/html')).text();
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/"><img/);
    const escaped = '&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp;';
    expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(2);
  });

  test('Markdown neutralises HTML and link syntax in user strings', async () => {
    const markdown = await (await review(HOSTILE_WINDOW, 'text/markdown')).text();
    expect(markdown).not.toContain(HOSTILE);
    expect(markdown).not.toContain('<img');
    expect(markdown).not.toContain('[lien](javascript:');
    expect(markdown).toContain('&lt;script&gt;');
  });

  test('JSON keeps the text as it was recorded', async () => {
    const body = JSON.stringify(await (await review(HOSTILE_WINDOW)).json());
    expect(body).toContain(JSON.stringify(HOSTILE).slice(1, -1));
  });
});
