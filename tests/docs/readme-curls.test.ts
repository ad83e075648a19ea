// Runs every command of the README's HTTP API section, in order, against the app over a freshly seeded
// store, with the tokens `npm start` prints: a curl line becomes the same request through app.request, a
// pipeline after it runs in bash on what curl would have printed, and `NAME=$(...)` sets NAME for the
// lines after it. Each must answer 2xx (or the status its trailing `# NNN` comment states).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoTokens } from '@chemins/api';
import { afterAll, describe, expect, it } from 'vitest';
import { SECRET, seededApp } from '../api/support/test-app.ts';
import {
  commandLines,
  curlOutput,
  parseCurl,
  parseLine,
  readmeSection,
  shellBlocks,
} from './support/readme-shell.ts';

const API = 'http://127.0.0.1:3000';
const section = readmeSection('The HTTP API');
/** The program a command line runs (in `NAME=$(program ...)` too). */
const programOf = (line: string) => /^(?:[A-Z_]+=\$\()?(\S+)/.exec(line)?.[1];
// The section's curl lines, and the one `open` of /docs; its CLI block is another test's (tests/e2e/cli.test.ts).
const commands = shellBlocks(section)
  .flatMap(commandLines)
  .filter((line) => ['curl', 'open'].includes(programOf(line) ?? ''));
const work = mkdtempSync(join(tmpdir(), 'chemins-readme-curls-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The README's names for the tokens the server prints (packages/api/src/cli/server-commands.ts). */
async function readmeVariables(): Promise<Record<string, string>> {
  const tokens = await demoTokens(SECRET);
  return {
    API,
    TOKEN: tokens['staff of the Centre social des Causses'],
    ADVISER_TOKEN: tokens['CAF adviser of territory 46'],
    AUDITOR_TOKEN: tokens['auditor of territory 46'],
    FACILITATOR_TOKEN: tokens['facilitator of the Lot cohort (lot-2022)'],
    ADMIN_TOKEN: tokens['admin of territory 46'],
  };
}

describe("the README's HTTP API examples", () => {
  it('are found: over twenty curl lines, and the `open` of /docs', () => {
    expect(commands.filter((line) => programOf(line) === 'curl').length).toBeGreaterThan(20);
    expect(commands.filter((line) => programOf(line) === 'open')).toEqual(['open $API/docs']);
  });

  it('all work as written, in order, on a freshly seeded server', async () => {
    const { app } = await seededApp();
    const variables = await readmeVariables();
    for (const command of commands) {
      const line = parseLine(command, variables);
      const [program, ...args] = line.words;
      if (program === 'open') {
        // A browser: a GET of the page, which must be HTML.
        const page = await app.request(args[0] ?? '');
        expect(page.status, command).toBe(200);
        expect(page.headers.get('Content-Type'), command).toMatch(/^text\/html/);
        continue;
      }
      const request = parseCurl(line.words, (name) => readFileSync(join(work, name), 'utf8'));
      const response = await app.request(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      const output = await curlOutput(request, response.clone());
      const stated = /^(\d{3})\b/.exec(line.comment ?? '')?.[1];
      if (stated) expect(response.status, command).toBe(Number(stated));
      else expect(response.status, `${command}\n${output.toString('utf8').slice(0, 500)}`).toBeLessThan(300);
      expect(response.status, command).toBeGreaterThanOrEqual(200);

      let printed = output;
      if (line.pipedInto.length > 0) {
        const shell = spawnSync('bash', ['-c', line.pipedInto.join(' | ')], { input: output, cwd: work });
        expect(shell.status, `${command}\n${shell.stderr}`).toBe(0);
        printed = shell.stdout;
      }
      if (line.redirect) writeFileSync(join(work, line.redirect), printed);
      if (line.assigns) {
        // As $(...) does: the output without its trailing line breaks.
        const value = printed.toString('utf8').replace(/\n+$/, '');
        expect(value, `${line.assigns} from: ${command}`).not.toBe('');
        variables[line.assigns] = value;
      }
    }
    // The ETag step read the version the project was at, and the difficulty recorded with it moved it on.
    expect(variables.ETAG).toMatch(/^W\/"\d+"$/);
  });
});
