import type { EventStore } from '@chemins/core';
import {
  dashboard,
  dashboardRow,
  fold,
  readAllEvents,
  type StreamInfo,
  streamId,
  territoryCode,
  upcastEvent,
} from '@chemins/core';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../app/env.ts';
import { requireAllowed } from '../streams/stream-access.ts';
import { anyJson, commonErrors, security } from './route-kit.ts';

const codeParam = z.object({ code: territoryCode });

/** `GET /territories/{code}/dashboard`: one row per structure, for a CAF adviser. */
export function registerTerritoryRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/territories/{code}/dashboard',
      tags: ['Territoires (territories)'],
      security,
      summary:
        "A département's structures: period, stage, renewal countdown, open difficulties, overdue commitments",
      description: 'Counts under 5 are shown as "< 5".',
      request: { params: codeParam },
      responses: { 200: anyJson('{ territory, rows, structures, renewalsDue }'), ...commonErrors },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      requireAllowed(c.get('principal'), { kind: 'read' }, { kind: 'territory', territory: code });
      const deps = c.get('deps');
      const structures = await listAll(deps.store, code);
      const now = deps.clock().toISOString();
      const rows = await Promise.all(
        structures.map(async (info) => {
          const state = fold((await readAllEvents(deps.store, info.streamId)).map(upcastEvent));
          const projects = await Promise.all(
            Object.keys(state.entities.links).map(async (projectId) =>
              (await readAllEvents(deps.store, streamId('project', projectId))).map(upcastEvent),
            ),
          );
          return dashboardRow(state, projects, { now });
        }),
      );
      return c.json(
        { territory: code, asOf: now, ...(dashboard(rows) as unknown as Record<string, unknown>) },
        200,
      );
    },
  );
}

async function listAll(store: EventStore, territory: string): Promise<StreamInfo[]> {
  const all: StreamInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listStreams({
      kind: 'structure',
      territory,
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    all.push(...page.streams);
    cursor = page.next ?? undefined;
  } while (cursor);
  return all;
}
