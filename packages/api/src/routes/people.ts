import { erasePerson, freeText, Journal, personSchema } from '@chemins/core';
import * as z from 'zod';
import type { AppEnv } from '../app/env.ts';
import { HttpProblem } from '../errors/http-problem.ts';
import { createRoute, type OpenApiRouter } from '../http/openapi-router.ts';
import { requireAllowed } from '../streams/stream-access.ts';
import { anyJson, commandErrors, commonErrors, jsonBodyGuard, security } from './route-kit.ts';

const tags = ['Personnes (RGPD)'];
const actorParam = z.object({
  actorId: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'a pseudonymous actor id'),
});

/** The person directory (outside the log) and erasure requests: admins only. */
export function registerPeopleRoutes(app: OpenApiRouter<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'put',
      path: '/people/{actorId}',
      tags,
      security,
      summary: 'Record who is behind an actor id (name, contact), outside the log',
      middleware: [jsonBodyGuard] as const,
      request: {
        params: actorParam,
        body: { required: true, content: { 'application/json': { schema: personSchema } } },
      },
      responses: { 200: anyJson('The directory entry'), ...commandErrors },
    }),
    async (c) => {
      requireAllowed(c.get('principal'), { kind: 'read' }, { kind: 'people' });
      const { actorId } = c.req.valid('param');
      const person = c.req.valid('json');
      if (person.actorId !== actorId) {
        throw new HttpProblem(400, 'VALIDATION_FAILED', `actorId must be the id in the path (${actorId})`, {
          errors: [{ path: 'actorId', message: `must be ${actorId}` }],
        });
      }
      await c.get('deps').directory.put(person);
      return c.json(person as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/people/{actorId}',
      tags,
      security,
      summary: 'Who is behind an actor id (an access request starts here)',
      request: { params: actorParam },
      responses: { 200: anyJson('The directory entry'), ...commonErrors },
    }),
    async (c) => {
      requireAllowed(c.get('principal'), { kind: 'read' }, { kind: 'people' });
      const { actorId } = c.req.valid('param');
      const person = await c.get('deps').directory.get(actorId);
      if (!person) throw new HttpProblem(404, 'PERSON_NOT_FOUND', `no directory entry for ${actorId}`);
      return c.json(person as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/people/{actorId}/erasure',
      tags,
      security,
      summary: "Erase a person: their directory entry and every text they wrote in the admin's territories",
      description:
        'Each text is erased through an EraseText command: the log keeps who erased what, when and why, never the text.',
      middleware: [jsonBodyGuard] as const,
      request: {
        params: actorParam,
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ reason: freeText }).strict() } },
        },
      },
      responses: { 200: anyJson('{ actorId, directoryEntryErased, erasedTexts }'), ...commandErrors },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireAllowed(principal, { kind: 'read' }, { kind: 'people' });
      const { actorId } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const deps = c.get('deps');
      const result = await erasePerson(
        { store: deps.store, journal: new Journal(deps.store), directory: deps.directory },
        {
          actorId,
          territories: principal.territories,
          reason,
          actor: { id: principal.sub, role: principal.role },
          now: deps.clock().toISOString(),
          newId: deps.ids,
        },
      );
      return c.json(result as unknown as Record<string, unknown>, 200);
    },
  );
}
