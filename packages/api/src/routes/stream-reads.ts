import {
  canonicalJson,
  eventTypes,
  roles,
  type StreamKind,
  stateAt,
  streamId,
  timeline,
  verifyChain,
} from '@chemins/core';
import '../http/zod-openapi.ts';
import type { Context } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app/env.ts';
import { createRoute, type OpenApiRouter } from '../http/openapi-router.ts';
import { etagOf, ifNoneMatchHits } from '../http/preconditions.ts';
import { validate } from '../http/validate.ts';
import { cohortView, projectView, structureView } from '../presenters/state-view.ts';
import { loadState, loadStream, requireAllowed, targetOf } from '../streams/stream-access.ts';
import {
  anyJson,
  commonErrors,
  idParam,
  plural,
  requireOrderedWindow,
  security,
  tagOf,
} from './route-kit.ts';

const instantQuery = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .optional()
  .openapi({ example: '2023-01-31' });

const views = { project: projectView, structure: structureView, cohort: cohortView } as const;

/** Loads a stream the principal may read, or throws 404 / 403. */
async function readable(c: Context<AppEnv>, kind: StreamKind, id: string) {
  const stream = await loadStream(c.get('deps').store, kind, id);
  requireAllowed(c.get('principal'), { kind: 'read' }, targetOf(kind, stream.state));
  return stream;
}

/** The current state of a stream the principal may read (state cache), or throws 404 / 403. */
async function readableState(c: Context<AppEnv>, kind: StreamKind, id: string) {
  const current = await loadState(c.get('deps').store, kind, id);
  requireAllowed(c.get('principal'), { kind: 'read' }, targetOf(kind, current.state));
  return current;
}

/** The reads every stream kind has: state, events, timeline, audit, export. */
export function registerStreamReads(app: OpenApiRouter<AppEnv>, kind: StreamKind): void {
  const base = `/${plural[kind]}/{id}`;
  const tags = [tagOf[kind]];

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags,
      security,
      summary: `The state of a ${kind}, now or at a point in time`,
      description:
        '`asOf` keeps what had happened by then (occurredAt); `knownAt` what Chemins had recorded by then (recordedAt).',
      request: { params: idParam, query: z.object({ asOf: instantQuery, knownAt: instantQuery }) },
      responses: {
        200: anyJson('The state, with its ETag'),
        304: { description: 'Not modified' },
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { asOf, knownAt } = c.req.valid('query');
      if (!asOf && !knownAt) {
        // The current state: from the state cache, its JSON made once per version.
        const current = await readableState(c, kind, id);
        const etag = etagOf(current.version);
        c.header('ETag', etag);
        if (ifNoneMatchHits(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
        const body = current.memo('view', () => JSON.stringify(views[kind](current.state)));
        return c.body(body, 200, { 'Content-Type': 'application/json' });
      }
      const stream = await readable(c, kind, id);
      c.header('ETag', etagOf(stream.state.version));
      const state = stateAt(stream.events, { ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}) });
      return c.json(
        { ...views[kind](state), ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/events`,
      tags,
      security,
      summary: 'The stored events, in cursor pages',
      request: {
        params: idParam,
        query: z.object({
          after: z
            .string()
            .regex(/^\d{1,9}$/, 'the `next` cursor of the previous page')
            .optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: anyJson('{ events, next }: next is the cursor of the following page, or null'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { after, limit } = c.req.valid('query');
      await readableState(c, kind, id);
      const fromVersion = Number(after ?? '0') + 1;
      const page = await c.get('deps').store.readStream(streamId(kind, id), { fromVersion, limit });
      const last = page.events.at(-1);
      const next = last && last.version < page.streamVersion ? String(last.version) : null;
      c.header('ETag', etagOf(page.streamVersion));
      return c.json({ events: page.events as unknown as Record<string, unknown>[], next }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/timeline`,
      tags,
      security,
      summary: 'The journal, in French by default, with filters',
      request: {
        params: idParam,
        query: z.object({
          lang: z.enum(['fr', 'en']).default('fr'),
          type: z.enum(eventTypes as [string, ...string[]]).optional(),
          stakeId: z.string().max(64).optional(),
          role: z.enum(roles).optional(),
          from: instantQuery,
          to: instantQuery,
        }),
      },
      responses: { 200: anyJson('{ entries }'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      requireOrderedWindow(query.from, query.to);
      const stream = await readable(c, kind, id);
      const entries = timeline(stream.events, {
        lang: query.lang,
        ...(query.type ? { types: [query.type as (typeof eventTypes)[number]] } : {}),
        ...(query.stakeId ? { stakeId: query.stakeId } : {}),
        ...(query.role ? { role: query.role } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
      });
      return c.json(
        {
          streamId: stream.streamId,
          lang: query.lang,
          entries: entries as unknown as Record<string, unknown>[],
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/audit`,
      tags,
      security,
      summary: 'Verify the hash chain of the stream',
      request: { params: idParam },
      responses: {
        200: anyJson('{ ok, checked, lastHash } or { ok: false, version, eventId, reason, message }'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const stream = await readable(c, kind, id);
      return c.json({ streamId: stream.streamId, ...(await verifyChain(stream.stored)) }, 200);
    },
  );

  // NDJSON is not JSON: documented, served by a plain handler.
  app.document(
    createRoute({
      method: 'get',
      path: `${base}/export`,
      tags,
      security,
      summary: 'Every stored envelope, one JSON object per line (NDJSON)',
      request: { params: idParam },
      responses: {
        200: { description: 'NDJSON', content: { 'application/x-ndjson': { schema: z.string() } } },
        ...commonErrors,
      },
    }),
  );
  app.get(`/${plural[kind]}/:id/export`, async (c) => {
    const { id } = validate(idParam, c.req.param(), 'path');
    const stream = await readable(c, kind, id);
    const body = stream.stored.map((event) => canonicalJson(event)).join('\n');
    c.header('Content-Disposition', `attachment; filename="${kind}-${id}.ndjson"`);
    return c.body(`${body}\n`, 200, { 'Content-Type': 'application/x-ndjson; charset=utf-8' });
  });
}

export { readable };
