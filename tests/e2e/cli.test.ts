// The `chemins` CLI (bin of @chemins/api), run as a developer would: `npx chemins ...` from the repository
// root, with CHEMINS_DATA pointing at SQLite files in a temporary directory.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@chemins/api';
import {
  canonicalJson,
  hashEvent,
  Journal,
  type JournalEvent,
  MemoryEventStore,
  readAllEvents,
  readWholeLedger,
  seedLotScenario,
  verifyChain,
} from '@chemins/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from './support/api-client.ts';
import { chemins, ROOT, type ServeProcess, serve } from './support/cli.ts';

const SECRET = 'e2e-cli-secret-0123456789abcdef';
let dir: string;
let source: Record<string, string>;
let running: ServeProcess | undefined;
/** What the Lot seed holds, from the same seed run in memory: streams, events, events of causses-2023. */
const lot = { streams: 0, events: 0, causses: 0 };
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  const memory = new MemoryEventStore();
  lot.streams = (await seedLotScenario(new Journal(memory))).streams.length;
  lot.events = (await readWholeLedger(memory, '46')).length;
  lot.causses = (await readAllEvents(memory, 'project:causses-2023')).length;
  dir = mkdtempSync(join(tmpdir(), 'chemins-e2e-cli-'));
  source = { CHEMINS_DATA: file('source.db'), CHEMINS_JWT_SECRET: SECRET };
});

afterAll(async () => {
  await running?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The first line whose event has a `data.description`, and that line with another description. */
function tamper(
  ndjson: string,
  fromLine = 0,
): { text: string; line: number; eventId: string; streamId: string } {
  const lines = ndjson.split('\n');
  for (let index = fromLine; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const match = /"description":"([^"]*)"/.exec(line);
    if (!match?.[1]) continue;
    const event = JSON.parse(line) as { eventId: string; streamId: string };
    lines[index] = line.replace(match[0], `"description":"${match[1]} (modifié après coup)"`);
    return { text: lines.join('\n'), line: index + 1, eventId: event.eventId, streamId: event.streamId };
  }
  throw new Error('no line with a description');
}

async function storeIsEmpty(path: string): Promise<boolean> {
  const store = new SqliteEventStore(path);
  try {
    const ledger = await readWholeLedger(store, '46');
    const project = await store.readStream('project:causses-2023', { limit: 1 });
    return ledger.length === 0 && project.streamVersion === 0;
  } finally {
    await store.close();
  }
}

describe('npx chemins', () => {
  it('resolves the workspace bin', () => {
    expect(existsSync(join(ROOT, 'node_modules', '.bin', 'chemins'))).toBe(true);
  });

  it('seeds the Lot scenario into CHEMINS_DATA, and a second seed changes nothing', async () => {
    const first = await chemins(['seed'], source);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.toString()).toContain(
      `Seeded ${lot.streams} streams into SQLite at ${file('source.db')}`,
    );
    const again = await chemins(['seed'], source);
    expect(again.code).toBe(0);
    const store = new SqliteEventStore(file('source.db'));
    try {
      expect((await readWholeLedger(store, '46')).length).toBe(lot.events);
    } finally {
      await store.close();
    }
  });

  it('signs a token that a server with the same CHEMINS_JWT_SECRET accepts (chemins serve on a free port)', async () => {
    const signed = await chemins(
      ['token', '--role', 'staff', '--structure', 'causses', '--territory', '46'],
      source,
    );
    expect(signed.code).toBe(0);
    const token = signed.stdout.toString().trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    running = await serve(source);
    expect(running.banner).toContain('Journal already seeded.');
    expect(running.banner).toContain('Tokens are signed with CHEMINS_JWT_SECRET.');
    const staff = apiClient(running.url, token);
    const own = await staff.GET('/projects/{id}', { params: { path: { id: 'causses-2023' } } });
    expect(own.response.status).toBe(200);
    expect(own.data).toMatchObject({ projectId: 'causses-2023', structureId: 'causses' });
    const foreign = await staff.GET('/projects/{id}', { params: { path: { id: 'le-fil-2023' } } });
    expect(foreign.response.status).toBe(403);

    // The tokens the server printed work too.
    const printed = /^ {4}(\S+\.\S+\.\S+)$/m.exec(running.banner)?.[1];
    expect(printed).toBeDefined();
    const demo = await apiClient(running.url, printed).GET('/projects/{id}', {
      params: { path: { id: 'causses-2023' } },
    });
    expect(demo.response.status).toBe(200);

    // Another secret: refused.
    const other = await chemins(['token', '--role', 'staff', '--structure', 'causses'], {
      ...source,
      CHEMINS_JWT_SECRET: 'another-secret-entirely',
    });
    const refused = await apiClient(running.url, other.stdout.toString().trim()).GET('/projects/{id}', {
      params: { path: { id: 'causses-2023' } },
    });
    expect(refused.response.status).toBe(401);

    expect(await running.stop()).toBe(0);
    running = undefined;
  });

  it('refuses a token without CHEMINS_JWT_SECRET, or with an unknown role', async () => {
    const [noSecret, badRole] = await Promise.all([
      chemins(['token', '--role', 'staff'], { CHEMINS_DATA: file('source.db') }),
      chemins(['token', '--role', 'pope'], source),
    ]);
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('CHEMINS_JWT_SECRET');
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('--role must be one of');
  });

  it('exports a stream and a territory as NDJSON; verify accepts both', async () => {
    const [project, territory] = await Promise.all([
      chemins(['export', 'project:causses-2023'], source),
      chemins(['export', '46'], source),
    ]);
    expect(project.code).toBe(0);
    writeFileSync(file('causses-2023.ndjson'), project.stdout);
    expect(territory.code).toBe(0);
    writeFileSync(file('46.ndjson'), territory.stdout);

    const projectLines = project.stdout.toString().trimEnd().split('\n');
    expect(projectLines).toHaveLength(lot.causses);
    expect(projectLines.every((line) => JSON.parse(line).streamId === 'project:causses-2023')).toBe(true);
    expect(territory.stdout.toString().trimEnd().split('\n')).toHaveLength(lot.events);

    const names = ['causses-2023.ndjson', '46.ndjson'];
    const verdicts = await Promise.all(names.map((name) => chemins(['verify', file(name)], source)));
    expect(verdicts.map((verdict) => verdict.code)).toEqual([0, 0]);
    expect(verdicts[0]?.stdout.toString()).toContain(
      `ok: ${lot.causses} events in 1 streams, every chain holds`,
    );
    expect(verdicts[1]?.stdout.toString()).toContain(`ok: ${lot.events} events in ${lot.streams} streams`);
  });

  it('says there is nothing to export for an unknown stream', async () => {
    const result = await chemins(['export', 'project:nowhere'], source);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nothing to export for project:nowhere');
    expect(result.stdout.length).toBe(0);
  });

  it('verify fails on a changed description, naming the line and the event', async () => {
    const changed = tamper(readFileSync(file('causses-2023.ndjson'), 'utf8'));
    writeFileSync(file('tampered.ndjson'), changed.text);
    const result = await chemins(['verify', file('tampered.ndjson')], source);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`line ${changed.line}`);
    expect(result.stderr).toContain(changed.eventId);
    expect(result.stderr).toContain(changed.streamId);
    expect(result.stdout.length).toBe(0);
  });

  it('verify fails on a line that is not JSON (a cut file), naming it', async () => {
    const lines = readFileSync(file('causses-2023.ndjson'), 'utf8').split('\n');
    lines[4] = (lines[4] ?? '').slice(0, 40);
    writeFileSync(file('cut.ndjson'), lines.join('\n'));
    const result = await chemins(['verify', file('cut.ndjson')], source);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('line 5');
  });

  it('imports a territory export into an empty store; its export is byte-identical', async () => {
    const target = { ...source, CHEMINS_DATA: file('target.db') };
    const imported = await chemins(['import', file('46.ndjson')], target);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout.toString()).toContain(`imported ${lot.events} events in ${lot.streams} streams`);

    const [territory, project] = await Promise.all([
      chemins(['export', '46'], target),
      chemins(['export', 'project:causses-2023'], target),
    ]);
    expect(territory.code).toBe(0);
    expect(territory.stdout.equals(readFileSync(file('46.ndjson')))).toBe(true);
    expect(project.code).toBe(0);
    expect(project.stdout.equals(readFileSync(file('causses-2023.ndjson')))).toBe(true);

    // Importing the same file again: refused, since the streams exist.
    const twice = await chemins(['import', file('46.ndjson')], target);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain('already exists');
  });

  it('refuses a tampered file and imports nothing, even from the streams before the broken line', async () => {
    const original = readFileSync(file('46.ndjson'), 'utf8');
    // A late line: every stream before it is intact, and still nothing may be imported.
    const changed = tamper(original, original.split('\n').length - 40);
    writeFileSync(file('46-tampered.ndjson'), changed.text);
    const target = { ...source, CHEMINS_DATA: file('refused.db') };
    const result = await chemins(['import', file('46-tampered.ndjson')], target);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('nothing imported');
    expect(result.stderr).toContain(`line ${changed.line}`);
    expect(await storeIsEmpty(file('refused.db'))).toBe(true);
  });

  it('refuses an event this code cannot read, even on an intact chain (an export from a newer Chemins)', async () => {
    const lines = readFileSync(file('causses-2023.ndjson'), 'utf8').trimEnd().split('\n');
    const last = JSON.parse(lines.at(-1) ?? '{}') as JournalEvent;
    const future = {
      ...last,
      eventId: 'from-a-newer-version-1',
      version: last.version + 1,
      prevHash: last.hash,
      commandId: 'from-a-newer-version',
      causationId: 'from-a-newer-version',
      correlationId: 'from-a-newer-version',
      type: 'ProjectRenamed',
      data: { title: 'Un titre venu du futur' },
    } as unknown as JournalEvent;
    const sealed = { ...future, hash: await hashEvent(future) };
    expect(
      await verifyChain([...lines.map((line) => JSON.parse(line) as JournalEvent), sealed]),
    ).toMatchObject({
      ok: true,
    });
    writeFileSync(file('newer.ndjson'), `${[...lines, canonicalJson(sealed)].join('\n')}\n`);

    const [verified, imported] = await Promise.all([
      chemins(['verify', file('newer.ndjson')], source),
      chemins(['import', file('newer.ndjson')], { ...source, CHEMINS_DATA: file('newer.db') }),
    ]);
    expect(verified.code).not.toBe(0);
    expect(verified.stderr).toContain(`line ${lines.length + 1}`);
    expect(verified.stderr).toContain('ProjectRenamed');
    expect(imported.code).not.toBe(0);
    expect(imported.stderr).toContain('nothing imported');
    // Imported, it would make the whole stream unreadable (every read folds it): nothing may be.
    expect(await storeIsEmpty(file('newer.db'))).toBe(true);
  });

  it('exits 2 with the usage on an unknown command, and 0 with it on --help', async () => {
    const [unknown, help] = await Promise.all([chemins(['frobnicate'], source), chemins(['--help'], source)]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toContain('chemins import <file.ndjson>');
    expect(help.code).toBe(0);
    expect(help.stderr).toContain('chemins verify [--seal seal.json --key public.pem] <file.ndjson>');
  });
});
