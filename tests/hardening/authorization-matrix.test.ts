import { randomUUID } from 'node:crypto';
import { authorize, type CommandType, type EventStore, Journal, type Role, type Target } from '@chemins/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { bearerOf, claimsOf, ROLES, SCOPES, type ScopeName, worldApp } from './support/lot-world.ts';
import { streamVersions } from './support/store-snapshot.ts';

/*
 * The authorisation matrix: every route (from /openapi.json, plus /openapi.json and /docs) × every role ×
 * own / neighbour / foreign target, with the status the API must answer, and 401 without a token.
 *
 * Each role is one principal: structure roles and the facilitator belong to the Causses (the facilitator
 * also covers the Lot, 46); CAF roles, federation delegates, auditors and admins cover the Lot (46).
 * - own: causses, causses-2023, the cohort lot-2022 (the Causses are in it), territory 46;
 * - neighbour: another structure of the same territory: bouriane, bouriane-2023, the cohort lot-2024
 *   (the Bouriane is in it, not the Causses), territory 46 for territory routes is the same as own, so
 *   territory routes list own and foreign only;
 * - foreign: another territory: rouergue, rouergue-2023, the cohort aveyron-2024, territory 12;
 * - any: routes that belong to no structure or territory (public routes, the person directory).
 * Command routes have one row per representative command (the variant), at least one per command family
 * a stream kind takes. Expectations follow the role table, packages/core/src/authorization/role-grants.ts
 * (residents and partners contribute; staff and volunteers keep the journey and the vision; directors and
 * board members also decide the lifecycle, correct and erase; facilitators also run their territories'
 * cohorts), and a test below checks each command cell against `authorize`. 422 means "authorised, then
 * refused by the journey rules" (GrantAgreement or AdoptProject on a project already granted, RecordSharedDiagnosis
 * after the renewal, RetractEntry or EraseText of an entry that does not exist). Which entries a role may
 * correct or retract (not the CAF's agreement decisions, for a director) is tested in tests/api/role-grants.test.ts.
 */

type Status = 200 | 201 | 401 | 403 | 422;
type Scope = ScopeName | 'any';
type Row = readonly [
  route: string,
  variant: string,
  scope: Scope,
  director: Status,
  staff: Status,
  volunteer: Status,
  board_member: Status,
  resident: Status,
  partner: Status,
  facilitator: Status,
  caf_advisor: Status,
  caf_board: Status,
  federation_delegate: Status,
  auditor: Status,
  admin: Status,
  anonymous: Status,
];

// biome-ignore format: the matrix reads as a table, one column per role.
const MATRIX: readonly Row[] = [
  // route                                   variant                  scope        dir  stf  vol  brd  res  prt   fac  cafA cafB fed  aud  adm   anon
  ['GET /health',                            '',                      'any',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  200],
  ['GET /openapi.json',                      '',                      'any',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  200],
  ['GET /docs',                              '',                      'any',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  200],

  ['GET /projects/{id}',                     '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}',                     '',                      'neighbour', 403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}',                     '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /projects/{id}/events',              '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}/events',              '',                      'neighbour', 403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}/events',              '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /projects/{id}/timeline',            '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}/timeline',            '',                      'neighbour', 403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}/timeline',            '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /projects/{id}/audit',               '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}/audit',               '',                      'neighbour', 403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}/audit',               '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /projects/{id}/export',              '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}/export',              '',                      'neighbour', 403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}/export',              '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /projects/{id}/vision',              '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}/vision',              '',                      'neighbour', 403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}/vision',              '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /projects/{id}/trail',               '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}/trail',               '',                      'neighbour', 403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}/trail',               '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /projects/{id}/review',              '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}/review',              '',                      'neighbour', 403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /projects/{id}/review',              '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'ReportDifficulty',      'own',       201, 201, 201, 201, 201, 201,  201, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'ReportDifficulty',      'neighbour', 403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'ReportDifficulty',      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'AddComment',            'own',       201, 201, 201, 201, 201, 201,  201, 201, 201, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'AddComment',            'neighbour', 403, 403, 403, 403, 403, 403,  403, 201, 201, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'AddComment',            'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'MakeCommitment',        'own',       201, 201, 201, 201, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'MakeCommitment',        'neighbour', 403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'MakeCommitment',        'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'HoldCoachingSession',   'own',       201, 201, 201, 201, 403, 403,  201, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'HoldCoachingSession',   'neighbour', 403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'HoldCoachingSession',   'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'IdentifyStake',         'own',       201, 201, 201, 201, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'IdentifyStake',         'neighbour', 403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'IdentifyStake',         'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'RecordSharedDiagnosis', 'own',       422, 422, 422, 422, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'RecordSharedDiagnosis', 'neighbour', 403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'RecordSharedDiagnosis', 'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'AdoptProject',          'own',       422, 403, 403, 422, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'AdoptProject',          'neighbour', 403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'AdoptProject',          'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'GrantAgreement',        'own',       403, 403, 403, 403, 403, 403,  403, 422, 422, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'GrantAgreement',        'neighbour', 403, 403, 403, 403, 403, 403,  403, 422, 422, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'GrantAgreement',        'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'OpenProject',           'own',       201, 403, 403, 201, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'OpenProject',           'neighbour', 403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'OpenProject',           'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'RetractEntry',          'own',       422, 403, 403, 422, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'RetractEntry',          'neighbour', 403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'RetractEntry',          'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'EraseText',             'own',       422, 403, 403, 422, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'EraseText',             'neighbour', 403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /projects/{id}/commands',           'EraseText',             'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],

  ['GET /structures/{id}',                   '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /structures/{id}',                   '',                      'neighbour', 403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /structures/{id}',                   '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /structures/{id}/events',            '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /structures/{id}/events',            '',                      'neighbour', 403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /structures/{id}/events',            '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /structures/{id}/timeline',          '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /structures/{id}/timeline',          '',                      'neighbour', 403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /structures/{id}/timeline',          '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /structures/{id}/audit',             '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /structures/{id}/audit',             '',                      'neighbour', 403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /structures/{id}/audit',             '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /structures/{id}/export',            '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /structures/{id}/export',            '',                      'neighbour', 403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /structures/{id}/export',            '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /structures/{id}/history',           '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /structures/{id}/history',           '',                      'neighbour', 403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /structures/{id}/history',           '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /structures/{id}/commands',         'AddComment',            'own',       201, 201, 201, 201, 201, 201,  201, 403, 403, 403, 403, 403,  401],
  ['POST /structures/{id}/commands',         'AddComment',            'neighbour', 403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /structures/{id}/commands',         'AddComment',            'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /structures/{id}/commands',         'RetractEntry',          'own',       422, 403, 403, 422, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /structures/{id}/commands',         'RetractEntry',          'neighbour', 403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /structures/{id}/commands',         'RetractEntry',          'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /structures/{id}/commands',         'RegisterStructure',     'own',       403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 201,  401],
  ['POST /structures/{id}/commands',         'RegisterStructure',     'neighbour', 403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 201,  401],
  ['POST /structures/{id}/commands',         'RegisterStructure',     'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],

  ['GET /cohorts/{id}',                      '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /cohorts/{id}',                      '',                      'neighbour', 403, 403, 403, 403, 403, 403,  200, 200, 200, 200, 200, 200,  401],
  ['GET /cohorts/{id}',                      '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /cohorts/{id}/events',               '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /cohorts/{id}/events',               '',                      'neighbour', 403, 403, 403, 403, 403, 403,  200, 200, 200, 200, 200, 200,  401],
  ['GET /cohorts/{id}/events',               '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /cohorts/{id}/timeline',             '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /cohorts/{id}/timeline',             '',                      'neighbour', 403, 403, 403, 403, 403, 403,  200, 200, 200, 200, 200, 200,  401],
  ['GET /cohorts/{id}/timeline',             '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /cohorts/{id}/audit',                '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /cohorts/{id}/audit',                '',                      'neighbour', 403, 403, 403, 403, 403, 403,  200, 200, 200, 200, 200, 200,  401],
  ['GET /cohorts/{id}/audit',                '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /cohorts/{id}/export',               '',                      'own',       200, 200, 200, 200, 200, 200,  200, 200, 200, 200, 200, 200,  401],
  ['GET /cohorts/{id}/export',               '',                      'neighbour', 403, 403, 403, 403, 403, 403,  200, 200, 200, 200, 200, 200,  401],
  ['GET /cohorts/{id}/export',               '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /cohorts/{id}/commands',            'HoldCollectiveSession', 'own',       403, 403, 403, 403, 403, 403,  201, 403, 403, 403, 403, 403,  401],
  ['POST /cohorts/{id}/commands',            'HoldCollectiveSession', 'neighbour', 403, 403, 403, 403, 403, 403,  201, 403, 403, 403, 403, 403,  401],
  ['POST /cohorts/{id}/commands',            'HoldCollectiveSession', 'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /cohorts/{id}/commands',            'PlanNextCohort',        'own',       403, 403, 403, 403, 403, 403,  201, 403, 403, 403, 403, 403,  401],
  ['POST /cohorts/{id}/commands',            'PlanNextCohort',        'neighbour', 403, 403, 403, 403, 403, 403,  201, 403, 403, 403, 403, 403,  401],
  ['POST /cohorts/{id}/commands',            'PlanNextCohort',        'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['POST /cohorts/{id}/commands',            'JoinCohort',            'own',       403, 403, 403, 403, 403, 403,  201, 403, 403, 403, 403, 201,  401],
  ['POST /cohorts/{id}/commands',            'JoinCohort',            'neighbour', 403, 403, 403, 403, 403, 403,  201, 403, 403, 403, 403, 201,  401],
  ['POST /cohorts/{id}/commands',            'JoinCohort',            'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],

  ['GET /territories/{code}/dashboard',      '',                      'own',       403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /territories/{code}/dashboard',      '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],
  ['GET /territories/{code}/audit',          '',                      'own',       403, 403, 403, 403, 403, 403,  403, 200, 200, 200, 200, 200,  401],
  ['GET /territories/{code}/audit',          '',                      'foreign',   403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 403,  401],

  ['GET /people/{actorId}',                  '',                      'any',       403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 200,  401],
  ['PUT /people/{actorId}',                  '',                      'any',       403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 200,  401],
  ['POST /people/{actorId}/erasure',         '',                      'any',       403, 403, 403, 403, 403, 403,  403, 403, 403, 403, 403, 200,  401],
];

const COLUMNS = [...ROLES, 'anonymous'] as const;
/** An entry no stream holds: authorisation decides by the command alone, then the journey rules refuse it (422). */
const NO_SUCH_ENTRY = { version: 999_999, eventId: 'no-such-entry' };
type Column = (typeof COLUMNS)[number];
const PUBLIC_ROUTES = ['GET /openapi.json', 'GET /docs'];

/** The scopes a route must list: stream routes all three, territory routes own and foreign, the rest any. */
function scopesOf(route: string): Scope[] {
  if (/\/(projects|structures|cohorts)\/\{id\}/.test(route)) return ['own', 'neighbour', 'foreign'];
  if (route.includes('{code}')) return ['own', 'foreign'];
  return ['any'];
}

const kindOf = (path: string) =>
  path.startsWith('/projects') ? 'project' : path.startsWith('/structures') ? 'structure' : 'cohort';

/** The concrete request of a cell. Commands that create something get an id of their own per cell. */
function requestOf(row: Row, column: Column): { path: string; init: RequestInit } {
  const [route, variant, scopeName] = row;
  const [method = 'GET', template = '/'] = route.split(' ');
  const scope = SCOPES[scopeName === 'any' ? 'own' : scopeName];
  const kind = kindOf(template);
  const unique = `${column.replaceAll('_', '-')}-${scopeName}`;
  let id: string = scope[kind];
  let body: Record<string, unknown> | undefined;
  switch (variant) {
    case 'ReportDifficulty':
      body = { type: 'ReportDifficulty', category: 'time', description: `Signalé par ${column}.` };
      break;
    case 'AddComment':
      body = { type: 'AddComment', text: `Commentaire de ${column}.` };
      break;
    case 'MakeCommitment':
      body = { type: 'MakeCommitment', description: `Engagement pris par ${column}.` };
      break;
    case 'HoldCoachingSession':
      body = { type: 'HoldCoachingSession', topic: 'Relire ses indicateurs', participants: { staff: 2 } };
      break;
    case 'HoldCollectiveSession':
      body = { type: 'HoldCollectiveSession', title: 'Temps collectif', participants: { director: 5 } };
      break;
    case 'IdentifyStake':
      body = { type: 'IdentifyStake', title: `Enjeu identifié par ${column}` };
      break;
    case 'RecordSharedDiagnosis':
      body = { type: 'RecordSharedDiagnosis', summary: 'Diagnostic partagé.' };
      break;
    case 'AdoptProject':
      body = { type: 'AdoptProject' };
      break;
    case 'RetractEntry':
      body = { type: 'RetractEntry', target: NO_SUCH_ENTRY, reason: 'Saisie en double.' };
      break;
    case 'EraseText':
      body = { type: 'EraseText', target: NO_SUCH_ENTRY, path: 'description', reason: 'Nom cité.' };
      break;
    case 'GrantAgreement':
      body = { type: 'GrantAgreement', period: { start: '2023-07-01', end: '2027-06-30' } };
      break;
    case 'OpenProject':
      id = `${scope.structure}-${unique}`;
      body = {
        type: 'OpenProject',
        projectId: id,
        structureId: scope.structure,
        territory: scope.territory,
        structureKind: 'centre_social',
        title: 'Projet social 2027-2031',
        plannedPeriod: { start: '2027-07-01', end: '2031-06-30' },
        circular: '2025-12-18',
      };
      break;
    case 'RegisterStructure':
      id = `nouvelle-${unique}`;
      body = {
        type: 'RegisterStructure',
        structureId: id,
        name: 'Nouvel espace de vie sociale',
        kind: 'evs',
        managingBody: 'association',
        territory: scope.territory,
      };
      break;
    case 'PlanNextCohort':
      body = { type: 'PlanNextCohort', title: `Session envisagée par ${column}` };
      break;
    case 'JoinCohort':
      // A structure of the cohort's territory, registered for this cell (see beforeAll), not yet a member.
      body = { type: 'JoinCohort', structureId: `membre-${unique}` };
      break;
    case '':
      break;
    default:
      throw new Error(`no request for the variant ${variant}`);
  }
  if (route === 'PUT /people/{actorId}') body = { actorId: 'matrix-person', name: 'Dominique Martin' };
  if (route === 'POST /people/{actorId}/erasure') body = { reason: 'Demande d’effacement.' };
  const path = template
    .replace('{id}', id)
    .replace('{code}', scope.territory)
    .replace('{actorId}', route.endsWith('/erasure') ? 'matrix-erased' : 'matrix-person');
  const query = route.endsWith('/review') ? '?from=2023-07-01&to=2026-06-30' : '';
  return {
    path: `${path}${query}`,
    init: {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
    },
  };
}

type App = Awaited<ReturnType<typeof worldApp>>['app'];

describe('the authorisation matrix', () => {
  let app: App;
  let store: EventStore;
  let appRoutes: string[];
  const tokens = {} as Record<Role, Record<string, string>>;

  beforeAll(async () => {
    ({ app, store } = await worldApp());
    for (const role of ROLES) tokens[role] = await bearerOf(role);
    // JoinCohort enrols registered structures of the cohort's territory: one per cell.
    const journal = new Journal(store);
    for (const column of COLUMNS) {
      for (const scopeName of ['own', 'neighbour', 'foreign'] as const) {
        const structureId = `membre-${column.replaceAll('_', '-')}-${scopeName}`;
        await journal.execute(
          `structure:${structureId}`,
          {
            type: 'RegisterStructure',
            structureId,
            name: `Espace de vie sociale ${structureId}`,
            kind: 'evs',
            managingBody: 'association',
            territory: SCOPES[scopeName].territory,
          },
          {
            commandId: `matrix-${structureId}`,
            actor: { id: 'matrix-admin', role: 'admin' },
            now: '2024-01-15T10:00:00.000Z',
            newId: randomUUID,
          },
        );
      }
    }
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, object> };
    appRoutes = [
      ...Object.entries(doc.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
      ...PUBLIC_ROUTES,
    ];
    // The person whose entry the GET reads (PUT rewrites it; the erasure is of someone else).
    const put = await app.request('/people/matrix-person', {
      method: 'PUT',
      body: JSON.stringify({ actorId: 'matrix-person', name: 'Dominique Martin' }),
      headers: { ...tokens.admin, 'Content-Type': 'application/json' },
    });
    expect(put.status).toBe(200);
  });

  test('lists every route the app exposes, and no route it does not', () => {
    const listed = new Set(MATRIX.map(([route]) => route));
    expect(
      appRoutes.filter((route) => !listed.has(route)),
      'routes missing from the matrix',
    ).toEqual([]);
    expect(
      [...listed].filter((route) => !appRoutes.includes(route)),
      'routes that no longer exist',
    ).toEqual([]);
    // Routes served outside the OpenAPI registry count too.
    const served = app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect([...new Set(served)].filter((route) => !listed.has(route))).toEqual([]);
  });

  test('lists every scope of every route (and of every command variant), once', () => {
    const keys = MATRIX.map(([route, variant, scope]) => `${route} ${variant} ${scope}`);
    expect(
      keys.filter((key, index) => keys.indexOf(key) !== index),
      'duplicate rows',
    ).toEqual([]);
    const variants = new Set(MATRIX.map(([route, variant]) => `${route}|${variant}`));
    for (const entry of variants) {
      const [route = '', variant = ''] = entry.split('|');
      const scopes = MATRIX.filter((row) => row[0] === route && row[1] === variant).map((row) => row[2]);
      expect(scopes.sort(), entry).toEqual(scopesOf(route).sort());
    }
  });

  test('says of every command what authorize, and so the role table, says', () => {
    const disagreements: string[] = [];
    for (const row of MATRIX.filter(([route]) => route.endsWith('/commands'))) {
      const [route, variant, scopeName] = row;
      if (scopeName === 'any') continue;
      const scope = SCOPES[scopeName];
      const kind = kindOf(route.split(' ')[1] ?? '');
      const target: Target = {
        kind,
        territory: scope.territory,
        structureIds: [variant === 'RegisterStructure' ? 'nouvelle' : scope.structure],
      };
      for (const [index, role] of ROLES.entries()) {
        const expected = row[index + 3];
        const principal = { sub: `${role}-1`, role, ...claimsOf(role) };
        const action = { kind: 'command', command: variant as CommandType } as const;
        const allowed = authorize(principal, action, target).allowed;
        if (allowed !== (expected === 201 || expected === 422))
          disagreements.push(`${variant} · ${scopeName} · ${role}: matrix ${expected}, authorize ${allowed}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  test.each(MATRIX.map((row) => [`${row[0]}${row[1] ? ` · ${row[1]}` : ''} · ${row[2]}`, row] as const))(
    '%s',
    async (_name, row) => {
      const expected = Object.fromEntries(COLUMNS.map((column, index) => [column, row[index + 3]]));
      const actual: Record<string, number> = {};
      const codes: string[] = [];
      const written: string[] = [];
      for (const column of COLUMNS) {
        const { path, init } = requestOf(row, column);
        const headers = {
          ...(init.headers as Record<string, string> | undefined),
          ...(column === 'anonymous' ? {} : tokens[column]),
        };
        const before = await streamVersions(store);
        const response = await app.request(path, { ...init, headers });
        actual[column] = response.status;
        if (response.status >= 400) {
          const problem = (await response.json()) as { code?: string };
          const code = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN' }[response.status];
          if (code !== undefined && problem.code !== code)
            codes.push(`${column}: ${response.status} ${problem.code}`);
          // A refusal writes nothing.
          if (JSON.stringify(await streamVersions(store)) !== JSON.stringify(before)) written.push(column);
        }
      }
      expect(actual).toEqual(expected);
      expect(codes, 'a 401 is UNAUTHENTICATED, a 403 FORBIDDEN').toEqual([]);
      expect(written, 'refused, yet written').toEqual([]);
    },
  );
});
