import {
  type Command,
  commandSchemaFor,
  type EventStore,
  type EventType,
  Journal,
  type JourneyState,
  SELF_ID,
  type StreamKind,
  StreamNotFound,
  streamId,
  type Target,
} from '@chemins/core';
import '../http/zod-openapi.ts';
import * as z from 'zod';
import type { AppEnv } from '../app/env.ts';
import { HttpProblem } from '../errors/http-problem.ts';
import { createRoute, type OpenApiRouter } from '../http/openapi-router.ts';
import { etagOf, expectedVersionFrom, idempotencyKeyFrom } from '../http/preconditions.ts';
import { loadState, requireAllowed, targetOf } from '../streams/stream-access.ts';
import { commandErrors, idParam, jsonBodyGuard, plural, security, tagOf } from './route-kit.ts';

/** The command that opens each kind of stream, and the field that must repeat the path's id. */
const OPENING: Record<StreamKind, { types: readonly string[]; idField: string }> = {
  project: { types: ['OpenProject', 'OpenNextProject'], idField: 'projectId' },
  structure: { types: ['RegisterStructure'], idField: 'structureId' },
  cohort: { types: ['OpenCohort'], idField: 'cohortId' },
};

const accepted = z
  .object({
    streamId: z.string(),
    version: z.number().openapi({ description: 'The stream version after this command' }),
    fromVersion: z.number(),
    toVersion: z.number(),
    replayed: z
      .boolean()
      .openapi({ description: 'True when this answers a retry with the same Idempotency-Key' }),
    events: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi('CommandAccepted');

/** `POST /{kind}s/{id}/commands`: one command, discriminated by `type`. */
export function registerCommandRoute(app: OpenApiRouter<AppEnv>, kind: StreamKind): void {
  const route = createRoute({
    method: 'post',
    path: `/${plural[kind]}/{id}/commands`,
    tags: [tagOf[kind]],
    summary: `Record a command on a ${kind} stream`,
    description:
      'The body is one command, discriminated by `type`. `If-Match: W/"<version>"` pins the version you read (412 if the stream moved); `Idempotency-Key` makes retries safe (a retry returns the first 201).',
    security,
    middleware: [jsonBodyGuard] as const,
    request: {
      params: idParam,
      headers: z.object({
        'if-match': z.string().optional().openapi({ example: 'W/"12"' }),
        'idempotency-key': z.string().optional().openapi({ example: '2f1c1b1e-5d6a-4d3e-9a47-8e0c4b7b9a10' }),
      }),
      body: { required: true, content: { 'application/json': { schema: commandSchemaFor(kind) } } },
    },
    responses: {
      201: { description: 'Recorded', content: { 'application/json': { schema: accepted } } },
      ...commandErrors,
    },
  });

  app.openapi(route, async (c) => {
    const deps = c.get('deps');
    const { id } = c.req.valid('param');
    const command = c.req.valid('json') as Command;
    const expectedVersion = expectedVersionFrom(c.req.header('If-Match'));
    const commandId = idempotencyKeyFrom(c.req.header('Idempotency-Key')) ?? deps.ids();
    const principal = c.get('principal');
    const key = streamId(kind, id);

    const opening = OPENING[kind];
    const fields = command as unknown as Record<string, unknown>;
    const opens = opening.types.includes(command.type);
    if (opens && fields[opening.idField] !== id) {
      throw new HttpProblem(
        400,
        'VALIDATION_FAILED',
        `${opening.idField} must be the id in the path (${id})`,
        {
          errors: [{ path: opening.idField, message: `must be ${id}` }],
        },
      );
    }
    // The cached state (checked against the stream's head) says whose stream this is.
    const existing = await loadState(deps.store, kind, id).catch((error: unknown) => {
      if (error instanceof StreamNotFound) return undefined;
      throw error;
    });
    let target: Target;
    if (existing) target = targetOf(kind, existing.state);
    else if (command.type === 'OpenNextProject')
      target = await previousProjectTarget(deps.store, command.previousProjectId);
    else if (opens) target = await openingTarget(deps.store, kind, fields);
    else throw new StreamNotFound(key);
    const about = amendedEntryType(command, existing?.state);
    requireAllowed(
      principal,
      { kind: 'command', command: command.type, ...(about ? { about } : {}) },
      target,
    );
    // After the 403, so that only someone who may write this cohort learns which structures exist.
    if (command.type === 'JoinCohort' && target.kind === 'cohort') {
      await requireStructureIn(deps.store, command.structureId, target.territory);
      if (command.projectId !== undefined)
        await requireProjectOf(deps.store, command.projectId, command.structureId);
    }

    const result = await new Journal(deps.store).execute(key, command, {
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      commandId,
      actor: { id: principal.sub, role: principal.role },
      now: deps.clock().toISOString(),
      newId: deps.ids,
      correlationId: c.get('requestId'),
    });
    c.header('ETag', etagOf(result.toVersion));
    c.header('Location', `/${plural[kind]}/${id}`);
    return c.json(
      {
        streamId: key,
        version: result.toVersion,
        fromVersion: result.fromVersion,
        toVersion: result.toVersion,
        replayed: result.replayed,
        events: result.events as unknown as Record<string, unknown>[],
      },
      201,
    );
  });
}

/**
 * The type of the entry a correction or retraction changes, when the stream holds it (version and event
 * id); any other reference is the decider's to refuse (422 UNKNOWN_ENTRY).
 */
function amendedEntryType(command: Command, state: JourneyState | undefined): EventType | undefined {
  if (command.type !== 'CorrectEntry' && command.type !== 'RetractEntry') return undefined;
  const entry = state?.entries[command.target.version];
  return entry?.eventId === command.target.eventId ? entry.type : undefined;
}

/** A renewal belongs to the structure and territory of the project it renews. */
async function previousProjectTarget(store: EventStore, previousProjectId: string): Promise<Target> {
  return targetOf('project', (await loadState(store, 'project', previousProjectId)).state);
}

async function openingTarget(
  store: EventStore,
  kind: StreamKind,
  fields: Record<string, unknown>,
): Promise<Target> {
  const territory = String(fields.territory ?? '');
  if (kind === 'cohort') return { kind, territory, structureIds: [] };
  const structureId = String(fields.structureId ?? '');
  if (kind === 'project') {
    // A project lives in its structure's territory: the body cannot move it (and its readers) elsewhere.
    const registered = (await store.readStream(streamId('structure', structureId), { limit: 1 })).events[0]
      ?.territory;
    if (registered !== undefined && registered !== territory) {
      throw new HttpProblem(
        422,
        'TERRITORY_MISMATCH',
        `structure ${structureId} belongs to territory ${registered}, not ${territory}`,
        {
          structureId,
          territory: registered,
        },
      );
    }
  }
  return { kind, territory, structureIds: [structureId] };
}

/**
 * A cohort enrols registered structures of its own territory: a member's people then read the cohort, and
 * the cohort's themes on the territory dashboard draw on its project. 422 before anything is appended.
 */
/**
 * A member's project, once open, must be one of its structure's: the cohort's themes count it for that
 * structure. One not open yet is accepted: a cohort often starts before the renewal it accompanies opens
 * the next project (as in the Lot, where structures join with the project they are preparing).
 */
async function requireProjectOf(store: EventStore, projectId: string, structureId: string): Promise<void> {
  const project = await loadState(store, 'project', projectId).catch((error: unknown) => {
    if (error instanceof StreamNotFound) return undefined;
    throw error;
  });
  if (project && project.state.entities.project[SELF_ID]?.current.structureId !== structureId) {
    throw new HttpProblem(
      422,
      'PROJECT_MISMATCH',
      `project ${projectId} is not one of structure ${structureId}'s projects`,
      { projectId, structureId },
    );
  }
}

async function requireStructureIn(store: EventStore, structureId: string, territory: string): Promise<void> {
  const registered = (await store.readStream(streamId('structure', structureId), { limit: 1 })).events[0]
    ?.territory;
  if (registered === undefined) {
    throw new HttpProblem(
      422,
      'UNKNOWN_STRUCTURE',
      `no structure ${structureId} is registered: an admin registers it (RegisterStructure) before it joins a cohort`,
      { structureId },
    );
  }
  if (registered !== territory) {
    throw new HttpProblem(
      422,
      'TERRITORY_MISMATCH',
      `structure ${structureId} belongs to territory ${registered}, not to this cohort's territory ${territory}`,
      { structureId, territory: registered },
    );
  }
}
