import { readAllEvents, streamId, structureHistory, upcastEvent } from '@chemins/core';
import type { AppEnv } from '../app/env.ts';
import { createRoute, type OpenApiRouter } from '../http/openapi-router.ts';
import { anyJson, commonErrors, idParam, security, tagOf } from './route-kit.ts';
import { readable } from './stream-reads.ts';

/** `GET /structures/{id}/history`: every agreement period end to end, stakes followed by lineage. */
export function registerStructureReads(app: OpenApiRouter<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/structures/{id}/history',
      tags: [tagOf.structure],
      security,
      summary:
        'Every agreement period of a structure, stakes followed across periods, vision versions, reviews',
      request: { params: idParam },
      responses: { 200: anyJson('The long-term history'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const structure = await readable(c, 'structure', id);
      const store = c.get('deps').store;
      const projects = await Promise.all(
        Object.keys(structure.state.entities.links).map(async (projectId) =>
          (await readAllEvents(store, streamId('project', projectId))).map(upcastEvent),
        ),
      );
      const history = structureHistory(structure.events, projects);
      return c.json({ structureId: id, ...(history as unknown as Record<string, unknown>) }, 200);
    },
  );
}
