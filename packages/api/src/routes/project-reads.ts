import {
  auditTrail,
  type JourneyState,
  readAllEvents,
  renderReviewHtml,
  renderReviewMarkdown,
  review,
  SELF_ID,
  streamId,
  visionDiff,
  visionHistory,
} from '@chemins/core';
import * as z from 'zod';
import type { AppEnv } from '../app/env.ts';
import { HttpProblem } from '../errors/http-problem.ts';
import { negotiateFormat } from '../http/negotiate.ts';
import { createRoute, type OpenApiRouter } from '../http/openapi-router.ts';
import { anyJson, commonErrors, idParam, requireOrderedWindow, security, tagOf } from './route-kit.ts';
import { readable } from './stream-reads.ts';

const bound = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
const tags = [tagOf.project];

/** Vision history and diff, and the review (bilan) in JSON, Markdown or HTML. */
export function registerProjectReads(app: OpenApiRouter<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/projects/{id}/vision',
      tags,
      security,
      summary: 'Every version of the vision, stakes and pathways; with from and to, a structural diff',
      request: {
        params: idParam,
        query: z.object({
          from: bound.optional(),
          to: bound.optional(),
          lang: z.enum(['fr', 'en']).default('fr'),
        }),
      },
      responses: { 200: anyJson('{ history } or { diff }'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { from, to, lang } = c.req.valid('query');
      const stream = await readable(c, 'project', id);
      if ((from === undefined) !== (to === undefined)) {
        throw new HttpProblem(
          400,
          'VALIDATION_FAILED',
          'give both from and to for a diff, or neither for the history',
          {
            errors: [{ path: from === undefined ? 'from' : 'to', message: 'required with the other bound' }],
          },
        );
      }
      if (from !== undefined && to !== undefined) {
        return c.json(
          {
            projectId: id,
            diff: visionDiff(stream.events, from, to, lang) as unknown as Record<string, unknown>,
          },
          200,
        );
      }
      return c.json(
        {
          projectId: id,
          history: visionHistory(stream.events, { lang }) as unknown as Record<string, unknown>,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/projects/{id}/trail',
      tags,
      security,
      summary:
        'The audit trail: who recorded what and when, corrections and retractions next to their entry, vision revisions',
      request: { params: idParam, query: z.object({ lang: z.enum(['fr', 'en']).default('fr') }) },
      responses: { 200: anyJson('{ entries, visionRevisions }'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { lang } = c.req.valid('query');
      const stream = await readable(c, 'project', id);
      return c.json(
        { projectId: id, ...(auditTrail(stream.events, lang) as unknown as Record<string, unknown>) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/projects/{id}/review',
      tags,
      security,
      summary: 'The review (bilan) between two dates: JSON, Markdown or a French HTML page, by Accept',
      request: {
        params: idParam,
        query: z.object({ from: bound, to: bound, lang: z.enum(['fr', 'en']).default('fr') }),
      },
      responses: {
        200: {
          description: 'The review',
          content: {
            'application/json': { schema: z.record(z.string(), z.unknown()) },
            'text/markdown': { schema: z.string() },
            'text/html': { schema: z.string() },
          },
        },
        406: { description: 'No acceptable format' },
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { from, to, lang } = c.req.valid('query');
      const format = negotiateFormat(c.req.header('Accept'));
      requireOrderedWindow(from, to);
      const stream = await readable(c, 'project', id);
      const result = review(stream.events, { from, to, lang });
      c.header('Vary', 'Accept');
      if (format === 'json')
        return c.json({ projectId: id, ...(result as unknown as Record<string, unknown>) }, 200);
      const meta = {
        title: titleOf(stream.state),
        structureName: await structureNameOf(c.get('deps').store, stream.state),
        projectId: id,
        from,
        to,
      };
      if (format === 'markdown') {
        return c.body(renderReviewMarkdown(result, meta), 200, {
          'Content-Type': 'text/markdown; charset=utf-8',
        });
      }
      c.header(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      );
      return c.html(renderReviewHtml(result, meta), 200);
    },
  );
}

function titleOf(state: JourneyState): string {
  return state.entities.project[SELF_ID]?.current.title ?? 'Projet social';
}

async function structureNameOf(
  store: Parameters<typeof readAllEvents>[0],
  state: JourneyState,
): Promise<string> {
  const structureId = state.entities.project[SELF_ID]?.current.structureId;
  if (!structureId) return '';
  const events = await readAllEvents(store, streamId('structure', structureId));
  const registered = events.find((event) => event.type === 'StructureRegistered');
  return registered?.type === 'StructureRegistered' ? registered.data.name : structureId;
}
