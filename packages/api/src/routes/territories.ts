import { dashboardFromSummaries, readWholeLedger, territoryCode, verifyLedger } from '@chemins/core';
import * as z from 'zod';
import type { AppEnv } from '../app/env.ts';
import { createRoute, type OpenApiRouter } from '../http/openapi-router.ts';
import { requireAllowed } from '../streams/stream-access.ts';
import { anyJson, commonErrors, security } from './route-kit.ts';

const codeParam = z.object({ code: territoryCode });
const tags = ['Territoires (territories)'];

/** A département's dashboard and ledger audit. */
export function registerTerritoryRoutes(app: OpenApiRouter<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/territories/{code}/dashboard',
      tags,
      security,
      summary:
        "A département's structures: period, stage, renewal countdown, open difficulties, overdue commitments",
      description: 'Counts under 5 are shown as "< 5". Served from summary rows, in one query.',
      request: { params: codeParam },
      responses: { 200: anyJson('{ territory, rows, structures, renewalsDue }'), ...commonErrors },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      requireAllowed(c.get('principal'), { kind: 'read' }, { kind: 'territory', territory: code });
      const deps = c.get('deps');
      const now = deps.clock().toISOString();
      // The stores keep a summary row per stream, updated in each append's transaction.
      const summaries = await deps.store.readSummaries(code);
      const result = dashboardFromSummaries(summaries, { now });
      return c.json({ territory: code, asOf: now, ...(result as unknown as Record<string, unknown>) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/territories/{code}/audit',
      tags,
      security,
      summary: "Verify a territory's ledger: every stream chain, and the ledger chain across streams",
      request: { params: codeParam },
      responses: {
        200: anyJson(
          '{ ok, checked, lastLedgerHash } or { ok: false, position, streamId, version, reason, message }',
        ),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      requireAllowed(c.get('principal'), { kind: 'read' }, { kind: 'territory', territory: code });
      const ledger = await readWholeLedger(c.get('deps').store, code);
      return c.json({ territory: code, ...(await verifyLedger(code, ledger)) }, 200);
    },
  );
}
