// The Lot scenario replayed over HTTP gives the same state as the same scenario run through the core.
//
// Through the core: seedLotScenario(journal) into a MemoryEventStore, the journal recording every command it
// executes (stream, command, actor, the seed's `now`, command id, version before, events appended).
// Over HTTP: a fresh local server (SQLite, not seeded) receives each recorded command, in order, as
// `POST /{kind}s/{id}/commands` with a token for the recorded actor, `If-Match` = the version the seed decided
// on and `Idempotency-Key` = the seed's command id.
//
// What differs by construction, and is therefore not compared:
// - `recordedAt` (the server's clock, not the seed's `now`), hence `lastRecordedAt` in the project view, and the
//   `hash`/`prevHash` of every event (they cover `recordedAt` and `eventId`);
// - `correlationId` (the server sets the request id);
// - ids the two runs generate: event ids, and entity ids the decider makes when a command names none. They are
//   paired event by event (IdMap): the seed's ids are translated to the server's before comparing, and before
//   sending a command that names one (the seed corrects an entry by its event id, as a client would with the
//   id the server gave back).
// Commands the journal runs on its own (the LinkProject an opened project implies on its structure) are not
// recorded: the server's journal runs them too, and their events are compared like the others.
// Compared: every field of the state view (GET /{kind}s/{id}) of every stream but `lastRecordedAt`, its ETag,
// and every stored event field but `recordedAt`, `hash`, `prevHash`, `correlationId` and the random salts of
// texts (`textSalts`: only which texts are salted is compared).

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createApp,
  hs256Authenticator,
  type LocalServer,
  SqliteEventStore,
  signToken,
  silentLogger,
  startLocalServer,
  type TokenRequest,
} from '@chemins/api';
import {
  type JournalEvent,
  LOT_TERRITORY,
  lotStructures,
  MemoryEventStore,
  parseStreamId,
  readAllEvents,
  type SeedSummary,
  type StreamKind,
  seedLotScenario,
  structureRoles,
  verifyChain,
} from '@chemins/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, getState, postCommand } from './support/api-client.ts';
import { IdMap } from './support/id-map.ts';
import { type RecordedCommand, RecordingJournal } from './support/recording-journal.ts';

const SECRET = 'e2e-lot-replay-secret-0123456789abcdef';
const plural: Record<StreamKind, string> = {
  project: 'projects',
  structure: 'structures',
  cohort: 'cohorts',
};

const seedStore = new MemoryEventStore();
const recording = new RecordingJournal(seedStore);
const ids = new IdMap();
let summary: SeedSummary;
let dir: string;
let serverStore: SqliteEventStore;
let server: LocalServer;
let auditor: string;
/** Set once every command was accepted: the comparisons below mean nothing before. */
let replayedAll = false;

beforeAll(async () => {
  summary = await seedLotScenario(recording);
  for (const projectId of summary.projectIds) {
    const [opened] = await readAllEvents(seedStore, `project:${projectId}`);
    const data = opened?.data as { structureId?: unknown } | undefined;
    if (typeof data?.structureId === 'string') structureOfProject.set(projectId, data.structureId);
  }
  dir = mkdtempSync(join(tmpdir(), 'chemins-e2e-replay-'));
  serverStore = new SqliteEventStore(join(dir, 'journal.db'));
  server = await startLocalServer({
    store: serverStore,
    port: 0,
    seed: false,
    secret: SECRET,
    logger: silentLogger,
  });
  auditor = await signToken({ sub: 'e2e-auditor', role: 'auditor', territories: [LOT_TERRITORY] }, SECRET);
});

afterAll(async () => {
  await server?.close();
  await serverStore?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function streamOf(record: RecordedCommand): { kind: StreamKind; id: string } {
  const parsed = parseStreamId(record.streamId);
  if (!parsed) throw new Error(`not a stream id: ${record.streamId}`);
  return parsed;
}

/** Project id → structure id, from the project's opening event in the seeded store. */
const structureOfProject = new Map<string, string>();

/** The claims the recorded actor needs for this stream: what a real token for that person would carry. */
function claimsFor(record: RecordedCommand): TokenRequest {
  const { kind, id } = streamOf(record);
  const { id: sub, role } = record.actor;
  if (structureRoles.includes(role)) {
    const structure = kind === 'structure' ? id : kind === 'project' ? structureOfProject.get(id) : undefined;
    if (!structure) throw new Error(`no structure known for ${record.streamId}`);
    return { sub, role, structures: [structure] };
  }
  if (role === 'facilitator') {
    return {
      sub,
      role,
      structures: lotStructures.map((structure) => structure.id),
      territories: [LOT_TERRITORY],
    };
  }
  return { sub, role, territories: [LOT_TERRITORY] };
}

describe('the Lot scenario, replayed over HTTP', () => {
  it('was recorded command by command while seeding through the core', async () => {
    expect(recording.recorded.length).toBeGreaterThan(summary.streams.length);
    expect(new Set(recording.recorded.map((record) => record.streamId))).toEqual(new Set(summary.streams));
    // Every stored event comes from a recorded command, or from the journal's own follow-up of one
    // (`<commandId>:link`, the link of an opened project on its structure).
    const sent = new Set(recording.recorded.map((record) => record.commandId));
    for (const stream of summary.streams) {
      for (const event of await readAllEvents(seedStore, stream)) {
        expect(
          sent.has(event.commandId) || sent.has(event.commandId.split(':')[0] ?? ''),
          event.commandId,
        ).toBe(true);
      }
    }
  });

  it('accepts every command, in order, with 201 and the versions the core gave', async () => {
    const tokens = new Map<string, string>();
    for (const [index, record] of recording.recorded.entries()) {
      const { kind, id } = streamOf(record);
      const claims = claimsFor(record);
      const cacheKey = JSON.stringify(claims);
      const token = tokens.get(cacheKey) ?? (await signToken(claims, SECRET));
      tokens.set(cacheKey, token);

      const { data, error, response } = await postCommand(
        apiClient(server.url, token),
        kind,
        id,
        ids.translate(record.command),
        { 'if-match': `W/"${record.versionBefore}"`, 'idempotency-key': record.commandId },
      );
      const what = `#${index + 1} ${record.command.type} on ${record.streamId} by ${record.actor.role}`;
      expect(error, what).toBeUndefined();
      expect(response.status, what).toBe(201);
      expect(data, what).toMatchObject({
        streamId: record.streamId,
        fromVersion: record.versionBefore + 1,
        toVersion: record.versionBefore + record.events.length,
        replayed: false,
      });
      ids.pair(record.events as unknown as Record<string, unknown>[], data?.events ?? []);
    }
    // Every event id was paired (and any entity id the decider generated because a command named none).
    const appended = recording.recorded.reduce((sum, record) => sum + record.events.length, 0);
    expect(ids.size).toBeGreaterThanOrEqual(appended);
    replayedAll = true;
  });

  it('gives every stream the same state view as the core, but for lastRecordedAt', async () => {
    expect(replayedAll, 'the replay stopped early: see the test above').toBe(true);
    const core = createApp({
      store: seedStore,
      auth: hs256Authenticator({ secret: SECRET }),
      clock: () => new Date(),
      ids: randomUUID,
    });
    const overHttp = apiClient(server.url, auditor);
    for (const stream of summary.streams) {
      const parsed = parseStreamId(stream);
      if (!parsed) throw new Error(stream);
      const expected = await core.request(`/${plural[parsed.kind]}/${parsed.id}`, {
        headers: { Authorization: `Bearer ${auditor}` },
      });
      expect(expected.status, stream).toBe(200);
      const actual = await getState(overHttp, parsed.kind, parsed.id);
      expect(actual.response.status, stream).toBe(200);
      expect(actual.response.headers.get('etag'), stream).toBe(expected.headers.get('etag'));

      const { lastRecordedAt: coreRecordedAt, ...coreView } = (await expected.json()) as Record<
        string,
        unknown
      >;
      const { lastRecordedAt: httpRecordedAt, ...httpView } = actual.data ?? {};
      expect(typeof coreRecordedAt, stream).toBe(typeof httpRecordedAt);
      expect(httpView, stream).toEqual(ids.translate(coreView));
    }
  });

  it('stored the same events, but for recordedAt, hashes and correlation ids; both chains verify', async () => {
    expect(replayedAll, 'the replay stopped early: see the test above').toBe(true);
    const comparable = ({
      recordedAt: _r,
      hash: _h,
      prevHash: _p,
      correlationId: _c,
      textSalts,
      ...event
    }: JournalEvent) => ({ ...event, textPaths: Object.keys(textSalts ?? {}).sort() });
    for (const stream of summary.streams) {
      const seeded = await readAllEvents(seedStore, stream);
      const replayed = await readAllEvents(serverStore, stream);
      expect(replayed.length, stream).toBe(seeded.length);
      // Events the journals appended on their own (a project's link on its structure) are paired here;
      // a seed id already paired to another server id throws, so references cannot be paired wrongly.
      ids.pair(
        seeded as unknown as Record<string, unknown>[],
        replayed as unknown as Record<string, unknown>[],
      );
      expect(replayed.map(comparable), stream).toEqual(ids.translate(seeded.map(comparable)));
      expect(await verifyChain(seeded), stream).toMatchObject({ ok: true });
      expect(await verifyChain(replayed), stream).toMatchObject({ ok: true });
    }
  });
});
