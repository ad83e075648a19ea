// Seals end to end: `chemins keygen`, `chemins seal 46`, `chemins export 46`, then `chemins verify --seal
// --key` on the export as it is, tampered with, rewritten consistently, cut short, grown after the seal,
// and against another key; and `chemins rebuild 46`. Run as a developer would: `npx chemins ...` from
// the repository root, with CHEMINS_DATA pointing at a SQLite file in a temporary directory.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHECKPOINT_EVERY,
  exportEvents,
  generateSealKeys,
  type Seal,
  SqliteEventStore,
  sealTerritory,
  verifyExport,
  verifySealedExport,
} from '@chemins/api';
import {
  chainEvents,
  dashboardFromSummaries,
  type EventDraft,
  Journal,
  type JournalEvent,
  LOT_TERRITORY,
  lotActors,
  MemoryEventStore,
  readWholeLedger,
  type StreamSummary,
  seedLotScenario,
} from '@chemins/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The CLI as a developer runs it; the in-process checks below call the same functions from @chemins/api.
import { chemins } from './support/cli.ts';

let dir: string;
let env: Record<string, string>;
/** How many events the Lot seed puts in territory 46 (the same seed, run in memory). */
let sealedEvents = 0;
const file = (name: string) => join(dir, name);
/** The dashboard as of one instant, so that two readings compare. */
const NOW = '2026-06-01T00:00:00.000Z';

beforeAll(async () => {
  const memory = new MemoryEventStore();
  await seedLotScenario(new Journal(memory));
  sealedEvents = (await readWholeLedger(memory, LOT_TERRITORY)).length;
  dir = mkdtempSync(join(tmpdir(), 'chemins-e2e-seal-'));
  env = { CHEMINS_DATA: file('journal.db') };
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One PEM block of `chemins keygen`'s output. */
function pemBlock(text: string, label: 'PRIVATE KEY' | 'PUBLIC KEY'): string {
  const block = new RegExp(`-----BEGIN ${label}-----\\n[\\s\\S]+?\\n-----END ${label}-----\\n`).exec(text);
  if (!block) throw new Error(`no ${label} block in:\n${text}`);
  return block[0];
}

/** `chemins keygen`, its two blocks written to `<name>.private.pem` and `<name>.public.pem`. */
async function keygen(name: string): Promise<{ privateKey: string; publicKey: string }> {
  const result = await chemins(['keygen'], env);
  expect(result.code).toBe(0);
  const output = result.stdout.toString();
  const keys = { privateKey: file(`${name}.private.pem`), publicKey: file(`${name}.public.pem`) };
  writeFileSync(keys.privateKey, pemBlock(output, 'PRIVATE KEY'));
  writeFileSync(keys.publicKey, pemBlock(output, 'PUBLIC KEY'));
  return keys;
}

const lines = (name: string) => readFileSync(file(name), 'utf8').trimEnd().split('\n');
const verify = (seal: string, key: string, ndjson: string) =>
  chemins(['verify', '--seal', file(seal), '--key', key, file(ndjson)], env);

async function dashboardNow() {
  const store = new SqliteEventStore(file('journal.db'));
  try {
    return dashboardFromSummaries(await store.readSummaries(LOT_TERRITORY), { now: NOW });
  } finally {
    await store.close();
  }
}

describe('chemins seal and verify --seal', () => {
  let keys: { privateKey: string; publicKey: string };

  it('seals territory 46 and verifies its export against the seal', async () => {
    expect((await chemins(['seed'], env)).code).toBe(0);
    keys = await keygen('ours');

    const sealed = await chemins(['seal', LOT_TERRITORY], { ...env, CHEMINS_SEAL_KEY: keys.privateKey });
    expect(sealed.stderr).toBe('');
    expect(sealed.code).toBe(0);
    writeFileSync(file('seal.json'), sealed.stdout);
    const seal = JSON.parse(sealed.stdout.toString()) as Seal;
    expect(seal.algorithm).toBe('Ed25519');
    expect(seal.statement).toMatchObject({ territory: LOT_TERRITORY, position: sealedEvents });
    expect(seal.statement.ledgerHash).toMatch(/^[0-9a-f]{64}$/);

    const exported = await chemins(['export', LOT_TERRITORY], env);
    expect(exported.code).toBe(0);
    writeFileSync(file('46.ndjson'), exported.stdout);
    expect(lines('46.ndjson')).toHaveLength(sealedEvents);

    const verdict = await verify('seal.json', keys.publicKey, '46.ndjson');
    expect(verdict.stderr).toBe('');
    expect(verdict.code).toBe(0);
    expect(verdict.stdout.toString()).toContain(
      `ok: ${sealedEvents} events, every chain holds, and the export is exactly the history sealed at position ${sealedEvents} of territory 46`,
    );
  });

  it('refuses to seal without CHEMINS_SEAL_KEY, saying how to make one', async () => {
    // Empty rather than absent: the CLI support passes this process's environment through, and a
    // developer's shell may export a key.
    const result = await chemins(['seal', LOT_TERRITORY], { ...env, CHEMINS_SEAL_KEY: '' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('CHEMINS_SEAL_KEY');
    expect(result.stderr).toContain('chemins keygen');
    expect(result.stdout.length).toBe(0);
  });

  it('(a) names the line, stream and version of a changed description', async () => {
    const all = lines('46.ndjson');
    // A line in the middle of the file: every stream before it is intact.
    const index = all.findIndex((line, at) => at > all.length / 2 && /"description":"[^"]+"/.test(line));
    expect(index).toBeGreaterThan(0);
    const event = JSON.parse(all[index] ?? '') as JournalEvent;
    all[index] = (all[index] ?? '').replace(/"description":"([^"]+)"/, '"description":"$1 (modifié)"');
    writeFileSync(file('tampered.ndjson'), `${all.join('\n')}\n`);

    const result = await verify('seal.json', keys.publicKey, 'tampered.ndjson');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `broken at line ${index + 1}: ${event.streamId} version ${event.version} (event ${event.eventId})`,
    );
    expect(result.stderr).toContain('was changed after it was recorded');
    expect(result.stdout.length).toBe(0);
  });

  it('(b) catches a consistent rewrite that drops the last event: the chains hold, the seal does not', async () => {
    const all = lines('46.ndjson');
    writeFileSync(file('shorter.ndjson'), `${all.slice(0, -1).join('\n')}\n`);

    const chainsOnly = await chemins(['verify', file('shorter.ndjson')], env);
    expect(chainsOnly.code).toBe(0);

    const result = await verify('seal.json', keys.publicKey, 'shorter.ndjson');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `does not match the seal: the export stops at position ${sealedEvents - 1}; the seal covers ${sealedEvents}`,
    );
  });

  it('(d) refuses a seal signed by another key, or changed after signing', async () => {
    const theirs = await keygen('theirs');
    // The key as PEM text in the variable, rather than a file path: both are accepted.
    const foreign = await chemins(['seal', LOT_TERRITORY], {
      ...env,
      CHEMINS_SEAL_KEY: readFileSync(theirs.privateKey, 'utf8'),
    });
    expect(foreign.code).toBe(0);
    writeFileSync(file('their-seal.json'), foreign.stdout);

    const [signedByOther, checkedWithOther] = await Promise.all([
      verify('their-seal.json', keys.publicKey, '46.ndjson'),
      verify('seal.json', theirs.publicKey, '46.ndjson'),
    ]);
    for (const result of [signedByOther, checkedWithOther]) {
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('not signed by this key');
    }

    // A seal whose statement was edited to cover one event less: the signature no longer holds.
    const seal = JSON.parse(readFileSync(file('seal.json'), 'utf8')) as Seal;
    seal.statement.position -= 1;
    writeFileSync(file('edited-seal.json'), JSON.stringify(seal));
    const edited = await verify('edited-seal.json', keys.publicKey, '46.ndjson');
    expect(edited.code).not.toBe(0);
    expect(edited.stderr).toContain('not signed by this key, or was changed after signing');
  });

  it('(c) names the events recorded after the sealed position', async () => {
    // No CLI command records events: the journal, on the same SQLite file, as the server would.
    const store = new SqliteEventStore(file('journal.db'));
    let firstNew: JournalEvent | undefined;
    try {
      const journal = new Journal(store);
      const now = new Date().toISOString();
      for (const [n, text] of ['Point d’étape après le scellement.', 'Un second commentaire.'].entries()) {
        const result = await journal.execute(
          'project:causses-2023',
          { type: 'AddComment', text },
          {
            commandId: `after-seal-${n}`,
            actor: lotActors.staff('causses'),
            now,
            newId: () => `after-seal-${n}-${Math.random().toString(36).slice(2)}`,
          },
        );
        firstNew ??= result.events[0];
      }
    } finally {
      await store.close();
    }
    expect(firstNew).toBeDefined();

    const exported = await chemins(['export', LOT_TERRITORY], env);
    expect(exported.code).toBe(0);
    writeFileSync(file('grown.ndjson'), exported.stdout);
    expect(lines('grown.ndjson')).toHaveLength(sealedEvents + 2);
    expect((await chemins(['verify', file('grown.ndjson')], env)).code).toBe(0);

    const result = await verify('seal.json', keys.publicKey, 'grown.ndjson');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `the export holds 2 events after the sealed position ${sealedEvents}, from project:causses-2023 version ${firstNew?.version}`,
    );
  });

  it('(e) rebuild recomputes the summaries: the dashboard is the same as before', async () => {
    const before = await dashboardNow();
    expect(before.structures).toBe(8);

    // Spoil two summary rows (same versions, wrong content), so that the rebuild has work to do.
    const store = new SqliteEventStore(file('journal.db'));
    try {
      const summaries = await store.readSummaries(LOT_TERRITORY);
      const spoiled = summaries.flatMap((summary): StreamSummary[] => {
        if (summary.kind === 'structure' && summary.structureId === 'causses')
          return [{ ...summary, name: 'Nom faussé' }];
        if (summary.kind === 'project' && summary.projectId === 'causses-2023')
          return [{ ...summary, openDifficulties: 42, pendingDueDates: [] }];
        return [];
      });
      expect(spoiled).toHaveLength(2);
      await store.putSummaries(spoiled);
    } finally {
      await store.close();
    }
    expect(await dashboardNow()).not.toEqual(before);

    const rebuilt = await chemins(['rebuild', LOT_TERRITORY], env);
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout.toString()).toMatch(/^rebuilt \d+ summaries of territory 46 from its ledger\n$/);
    expect(await dashboardNow()).toEqual(before);
  });
});

describe('verifySealedExport (in process)', () => {
  it('names the checkpoint range where a consistent rewrite in the middle diverges', async () => {
    const store = new MemoryEventStore();
    await seedLotScenario(new Journal(store));
    const keys = generateSealKeys();
    const seal = await sealTerritory(store, LOT_TERRITORY, keys.privateKey, new Date(NOW));
    const events = await exportEvents(store, LOT_TERRITORY);
    expect(await verifySealedExport(seal, keys.publicKey, events)).toEqual({
      ok: true,
      territory: LOT_TERRITORY,
      position: events.length,
    });

    // Rewrite one description in the middle of the ledger, and re-hash that event and every later
    // event of its stream, so that every stream chain verifies again.
    const middle = events.findIndex(
      (event, index) => index >= events.length / 2 && typeof dataOf(event).description === 'string',
    );
    const target = events[middle] as JournalEvent;
    const stream = events.filter((e) => e.streamId === target.streamId && e.version >= target.version);
    const drafts = stream.map(({ version: _v, prevHash: _p, hash: _h, ...draft }, index) =>
      index === 0
        ? ({ ...draft, data: { ...dataOf(target), description: 'Une autre histoire.' } } as EventDraft)
        : (draft as EventDraft),
    );
    const rechained = await chainEvents({ version: target.version - 1, lastHash: target.prevHash }, drafts);
    const byId = new Map(rechained.map((event) => [event.eventId, event]));
    const rewritten = events.map((event) => byId.get(event.eventId) ?? event);
    expect(rechained[0]?.hash).not.toBe(target.hash);
    expect(await verifyExport(rewritten)).toMatchObject({ ok: true });

    const verdict = await verifySealedExport(seal, keys.publicKey, rewritten);
    const position = middle + 1;
    const from = Math.floor((position - 1) / CHECKPOINT_EVERY) * CHECKPOINT_EVERY + 1;
    const to = Math.min(from + CHECKPOINT_EVERY - 1, events.length);
    const first = events[from - 1] as JournalEvent;
    expect(verdict).toEqual({
      ok: false,
      reason: 'diverges',
      position: from,
      message: `the history differs from the sealed one between positions ${from} and ${to} (from ${first.streamId} version ${first.version})`,
    });
    expect(position).toBeGreaterThanOrEqual(from);
    expect(position).toBeLessThanOrEqual(to);
  });
});

function dataOf(event: JournalEvent): Record<string, unknown> {
  return event.data as Record<string, unknown>;
}
