// The HTML review page in a real browser: Debian's headless Chromium, driven by playwright-core, loads
// GET /projects/{id}/review from the local server (over a seeded in-memory store) and checks that the
// timeline picture shows, that nothing errs or breaks the page's CSP, and that a stored <script> is text.
// The interactive reference at /docs is driven the same way: it sends requests and shows their answers.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalServer, signToken, silentLogger, startLocalServer } from '@chemins/api';
import { LOT_TERRITORY, MemoryEventStore } from '@chemins/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HeadlessChromium,
  launchChromium,
  type PageProblems,
  sendHeadersTo,
  watchProblems,
} from './support/browser.ts';

const SECRET = 'chemins-e2e-browser-secret-0123456789abcdef';
const PROJECT = 'causses-2023';
const WINDOW = '?from=2022-09-01&to=2030-12-31';
const SCRIPT_TEXT = '<script>window.__pwned = true</script>';
const HOSTILE = `${SCRIPT_TEXT} et <img src=x onerror="window.__pwned=true">`;

let server: LocalServer | undefined;
let browser: HeadlessChromium | undefined;
// Set CHEMINS_E2E_SCREENSHOTS to a directory to keep the screenshot; otherwise it goes to a temp dir.
const keptScreenshots = process.env.CHEMINS_E2E_SCREENSHOTS;
const screenshots = keptScreenshots ?? mkdtempSync(join(tmpdir(), 'chemins-e2e-screenshots-'));
let token: string;
let page: Page;
let problems: PageProblems;
let reviewMarks: number;

beforeAll(async () => {
  // First, so that a missing browser fails at once with how to install it.
  browser = await launchChromium();
  server = await startLocalServer({
    store: new MemoryEventStore(),
    port: 0,
    secret: SECRET,
    logger: silentLogger,
  });
  token = await signToken(
    { sub: 'causses-staff-1', role: 'staff', structures: ['causses'], territories: [LOT_TERRITORY] },
    SECRET,
  );
  const recorded = await fetch(`${server.url}/projects/${PROJECT}/commands`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type: 'ReportDifficulty',
      category: 'time',
      description: HOSTILE,
      occurredAt: '2023-01-17',
    }),
  });
  expect(recorded.status, await recorded.clone().text()).toBe(201);

  const json = await fetch(`${server.url}/projects/${PROJECT}/review${WINDOW}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  });
  expect(json.status).toBe(200);
  const { marks } = (await json.json()) as { marks: unknown[] };
  reviewMarks = marks.length;

  page = await browser.context.newPage();
  problems = await watchProblems(page);
  await sendHeadersTo(page, server.url, { Authorization: `Bearer ${token}`, Accept: 'text/html' });
  const response = await page.goto(`${server.url}/projects/${PROJECT}/review${WINDOW}`, {
    waitUntil: 'load',
  });
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-type']).toContain('text/html');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (!keptScreenshots) rmSync(screenshots, { recursive: true, force: true });
});

describe('the HTML review page, in headless Chromium', () => {
  it('is the French page of the seeded project', async () => {
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point (what a reader sees).
    const text = await page.locator('body').innerText();
    expect(text).toContain('Centre social des Causses');
    expect(text).toContain('Période du bilan');
    expect(text).toContain('Frise');
  });

  it('shows the timeline picture, with exactly one mark per dated entry of the review', async () => {
    expect(reviewMarks).toBeGreaterThan(1);
    const picture = page.locator('figure svg');
    expect(await picture.count()).toBe(1);
    const box = await picture.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(0);
    expect(box?.height ?? 0).toBeGreaterThan(0);

    const marks = picture.locator('[data-mark]');
    expect(await marks.count()).toBe(reviewMarks);
    expect(await picture.locator('[data-mark] > title').count()).toBe(reviewMarks);
    // Every mark is drawn (a circle with room on screen), not just present in the markup.
    for (const mark of await marks.all()) {
      const markBox = await mark.boundingBox();
      expect(markBox?.width ?? 0).toBeGreaterThan(0);
      expect(markBox?.height ?? 0).toBeGreaterThan(0);
    }
    // The difficulty recorded above is one of them, its tooltip holding the text as written.
    const titles = await picture.locator('[data-mark="difficulty"] > title').allTextContents();
    expect(titles.some((title) => title.includes(SCRIPT_TEXT))).toBe(true);
  });

  it('shows a stored <script> as text and never runs it, nor an onerror handler', async () => {
    expect(await page.evaluate<string>('typeof window.__pwned')).toBe('undefined');
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point (what a reader sees).
    const text = await page.locator('body').innerText();
    expect(text).toContain(SCRIPT_TEXT);
    expect(text).toContain('<img src=x onerror="window.__pwned=true">');
    expect(await page.locator('main script, main img').count()).toBe(0);
  });

  it('logs no console error, throws nothing and breaks no rule of its Content-Security-Policy', async () => {
    expect(await problems.cspViolations()).toEqual([]);
    expect(problems.lines).toEqual([]);
  });

  it('renders to a screenshot (kept with CHEMINS_E2E_SCREENSHOTS=<dir>)', async () => {
    const file = join(screenshots, 'review.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
    if (keptScreenshots) console.info(`review screenshot: ${file}`);
  });
});

describe('the interactive reference at /docs, in headless Chromium', () => {
  it('sends GET /health and, with a token, GET /projects/{id}, shows the 200s, and breaks nothing', async () => {
    if (!browser || !server) throw new Error('no browser or server');
    const docs = await browser.context.newPage();
    try {
      const seen = await watchProblems(docs);
      const response = await docs.goto(`${server.url}/docs`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      /** The page's form for one operation, as it lists them from /openapi.json. */
      const operation = (summary: string) =>
        docs.locator('details', { has: docs.locator('summary', { hasText: summary }) });

      const health = operation('GET /health —');
      await health.locator('summary').click();
      await health.getByRole('button', { name: 'Send' }).click();
      const healthOutput = health.locator('pre.out').filter({ hasText: /^200 OK/ });
      await healthOutput.waitFor();
      expect(await healthOutput.textContent()).toContain('{"status":"ok"}');

      await docs.locator('#token').fill(token);
      const project = operation('GET /projects/{id} —');
      await project.locator('summary').click();
      await project.locator('input[name="path:id"]').fill(PROJECT);
      await project.getByRole('button', { name: 'Send' }).click();
      const projectOutput = project.locator('pre.out').filter({ hasText: /^200 OK/ });
      await projectOutput.waitFor();
      expect(await projectOutput.textContent()).toContain(`"projectId":"${PROJECT}"`);

      expect(await seen.cspViolations()).toEqual([]);
      expect(seen.lines).toEqual([]);
    } finally {
      await docs.close();
    }
  });
});

describe('the problem watcher itself', () => {
  it('catches a CSP violation and a page error, so that an empty list means something', async () => {
    if (!browser) throw new Error('no browser');
    const control = await browser.context.newPage();
    try {
      const seen = await watchProblems(control);
      // A page served with the review's own CSP, breaking it on purpose (never leaves the browser).
      await control.route('http://control.chemins.test/**', (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          headers: { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" },
          body: '<!doctype html><p>témoin</p><script>window.ran = 1</script>',
        }),
      );
      await control.goto('http://control.chemins.test/');
      await control.evaluate('setTimeout(() => { throw new Error("boom") }, 0)');
      await control.waitForTimeout(100);
      expect(await control.evaluate<string>('typeof window.ran')).toBe('undefined');
      expect(seen.lines.some((line) => line.includes('Content Security Policy'))).toBe(true);
      expect(seen.lines.some((line) => line.includes('boom'))).toBe(true);
      expect((await seen.cspViolations()).length).toBeGreaterThan(0);
    } finally {
      await control.close();
    }
  });
});
