// Headless Chromium for the end-to-end tests: Debian's own chromium driven by playwright-core (which never
// downloads a browser here), with a fresh profile, and every console error, page error and CSP violation
// of a page collected so that a test can say there were none.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for this machine's closed network: no call home, no update check, no QUIC, no GPU. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HeadlessChromium {
  context: BrowserContext;
  /** Closes the browser (its process exits) and removes the profile directory. */
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium headless with a new empty profile directory. Fails (never skips) when the
 * browser is not installed, saying how to install it.
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the browser tests need Debian's chromium package. ` +
        'Install it with: apt-get update && apt-get install -y chromium ' +
        '(.ci/run does this in CI; never `npx playwright install`).',
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'chemins-chromium-profile-'));
  let context: BrowserContext;
  try {
    // A persistent context is how Playwright takes a --user-data-dir of our choosing.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      locale: 'fr-FR',
      timeout: 60_000,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    close: async () => {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}

/** What went wrong in a page: console errors, uncaught exceptions and CSP violations, as readable lines. */
export interface PageProblems {
  readonly lines: string[];
  /** CSP violations the page reported to itself (read after the page has loaded). */
  cspViolations(): Promise<string[]>;
}

/**
 * Listens to a page before it loads anything: `console` messages of type error, `pageerror`, and every
 * `securitypolicyviolation` event (Chromium also prints those as console errors; the event is a second
 * witness). The listener runs as an init script, which the page's own CSP does not govern.
 */
export async function watchProblems(page: Page): Promise<PageProblems> {
  const lines: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const { url, lineNumber } = message.location();
      lines.push(`console error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (error) => lines.push(`page error: ${error.message}`));
  await page.addInitScript(`
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline'));
    });
  `);
  return {
    lines,
    cspViolations: async () => {
      const found = await page.evaluate<unknown>('window.__cspViolations');
      return Array.isArray(found) ? found.map(String) : ['the CSP listener did not run'];
    },
  };
}

/**
 * Sends the given headers on every request to `origin` (and only there): the token and the Accept header
 * a plain navigation would not send.
 */
export async function sendHeadersTo(page: Page, origin: string, headers: Record<string, string>) {
  await page.route(`${origin}/**`, (route) =>
    route.continue({ headers: { ...route.request().headers(), ...headers } }),
  );
}
