import { createApp, hs256Authenticator } from '@chemins/api';
import { MemoryEventStore } from '@chemins/core';
import { describe, expect, it } from 'vitest';
import { commandLines, parseCurl, parseLine, readmeSection, shellBlocks } from './support/readme-shell.ts';

/** The README's variables: only the server's address matters here. */
const variables = Object.fromEntries(
  ['TOKEN', 'ADVISER_TOKEN', 'AUDITOR_TOKEN', 'FACILITATOR_TOKEN', 'ADMIN_TOKEN', 'ETAG'].map((name) => [
    name,
    'x',
  ]),
);
variables.API = 'http://127.0.0.1:3000';

/** Method and path of every curl line of the README's HTTP API section, as curl would send them. */
function documentedRequests(): { method: string; path: string }[] {
  return shellBlocks(readmeSection('The HTTP API'))
    .flatMap(commandLines)
    .map((line) => parseLine(line, variables).words)
    .filter((words) => words[0] === 'curl')
    .map((words) => {
      const request = parseCurl(words, () => '{}');
      return { method: request.method, path: new URL(request.url).pathname };
    });
}

describe('README', () => {
  it('documents every route of the API (path and method) with a curl example', async () => {
    const app = createApp({
      store: new MemoryEventStore(),
      auth: hs256Authenticator({ secret: 'x' }),
      clock: () => new Date(),
      ids: () => 'id',
    });
    const document = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const examples = documentedRequests();
    const missing: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      const pattern = new RegExp(`^${path.replaceAll(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const method of Object.keys(item).map((name) => name.toUpperCase())) {
        const shown = examples.some((example) => example.method === method && pattern.test(example.path));
        if (!shown) missing.push(`${method} ${path}`);
      }
    }
    expect(Object.keys(document.paths).length).toBeGreaterThan(20);
    expect(missing, 'routes without a curl example in the README').toEqual([]);
  });
});
