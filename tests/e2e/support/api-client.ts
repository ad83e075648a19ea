import type { StreamKind } from '@chemins/core';
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../fixtures/api-types.ts';

export type ApiClient = Client<paths>;

/** A client typed from the committed OpenAPI types, sending the token on every request when given one. */
export function apiClient(baseUrl: string, token?: string): ApiClient {
  return createClient<paths>({
    baseUrl,
    ...(token ? { headers: { Authorization: `Bearer ${token}` } } : {}),
  });
}

/** The body of `POST /{kind}/{id}/commands`, as the OpenAPI document types it. */
export type CommandBody<Kind extends 'projects' | 'structures' | 'cohorts'> =
  paths[`/${Kind}/{id}/commands`]['post']['requestBody']['content']['application/json'];

export interface CommandHeaders {
  'if-match'?: string;
  'idempotency-key'?: string;
}

/**
 * `POST /{kind}s/{id}/commands` for a stream kind known only at run time (a replayed log). The command
 * comes from the core's own types, so it is passed through as the route's body type.
 */
export function postCommand(
  client: ApiClient,
  kind: StreamKind,
  id: string,
  command: unknown,
  header: CommandHeaders,
) {
  const params = { path: { id }, header };
  switch (kind) {
    case 'project':
      return client.POST('/projects/{id}/commands', { params, body: command as CommandBody<'projects'> });
    case 'structure':
      return client.POST('/structures/{id}/commands', { params, body: command as CommandBody<'structures'> });
    case 'cohort':
      return client.POST('/cohorts/{id}/commands', { params, body: command as CommandBody<'cohorts'> });
  }
}

/** `GET /{kind}s/{id}`: the state view of any stream. */
export function getState(client: ApiClient, kind: StreamKind, id: string) {
  const params = { path: { id } };
  switch (kind) {
    case 'project':
      return client.GET('/projects/{id}', { params });
    case 'structure':
      return client.GET('/structures/{id}', { params });
    case 'cohort':
      return client.GET('/cohorts/{id}', { params });
  }
}
