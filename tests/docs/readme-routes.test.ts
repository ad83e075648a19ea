import { readFileSync } from 'node:fs';
import { createApp, hs256Authenticator } from '@chemins/api';
import { MemoryEventStore } from '@chemins/core';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every route of the API, with a curl example', async () => {
    const app = createApp({
      store: new MemoryEventStore(),
      auth: hs256Authenticator({ secret: 'x' }),
      clock: () => new Date(),
      ids: () => 'id',
    });
    const document = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    const curls = readme.split('\n').filter((line) => line.includes('curl') || line.startsWith('open '));
    for (const path of Object.keys(document.paths)) {
      const example = new RegExp(
        `${path.replace(/\{[^}]+\}/g, '[^/ ?"]+').replaceAll('/', '\\/')}(?=[ ?"]|$)`,
      );
      const [kind, , tail] = path.split('/').slice(1);
      const generic =
        tail !== undefined && ['events', 'timeline', 'audit', 'export'].includes(tail) && kind !== 'projects';
      // Structures' and cohorts' generic reads are documented once, with the projects' examples.
      if (generic) expect(readme).toContain('Structures and cohorts also have');
      else
        expect(
          curls.some((line) => example.test(line)),
          `no curl example for ${path}`,
        ).toBe(true);
    }
  });
});
