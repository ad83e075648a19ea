import {
  BatchTooLarge,
  CheminsError,
  DomainError,
  DuplicateCommand,
  EventTooLarge,
  StoreUnavailable,
  StreamNotFound,
  WrongExpectedVersion,
} from '@chemins/core';
import { HTTPException } from 'hono/http-exception';
import { HttpProblem, ValidationProblem } from './http-problem.ts';

/** An RFC 9457 problem document, with the stable `code` clients branch on. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  500: 'Internal error',
  503: 'Service unavailable',
};

/**
 * The one place where errors become HTTP answers. Anything unexpected becomes a 500 that says nothing
 * of the internals; the caller logs it.
 */
export function toProblem(
  error: unknown,
  instance?: string,
): { problem: Problem; headers: Record<string, string> } {
  const make = (
    status: number,
    code: string,
    detail: string,
    extra: Record<string, unknown> = {},
  ): Problem => ({
    type: `https://chemins.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...(instance ? { instance } : {}),
    ...extra,
  });
  const headers: Record<string, string> = {};

  if (error instanceof ValidationProblem) {
    return { problem: make(400, error.code, error.message, { errors: error.issues }), headers };
  }
  if (error instanceof HttpProblem) {
    // A 401 says how to authenticate (RFC 9110 §11.6.1, RFC 6750 §3).
    if (error.status === 401) {
      headers['WWW-Authenticate'] =
        error.code === 'UNAUTHENTICATED'
          ? 'Bearer realm="chemins"'
          : 'Bearer realm="chemins", error="invalid_token"';
    }
    // A 405 names the methods the route has (RFC 9110 §15.5.6).
    if (error.status === 405 && Array.isArray(error.details.allow))
      headers.Allow = error.details.allow.join(', ');
    return { problem: make(error.status, error.code, error.message, error.details), headers };
  }
  if (error instanceof DomainError) {
    return { problem: make(422, error.code, error.message, { details: error.details }), headers };
  }
  if (error instanceof WrongExpectedVersion) {
    return {
      problem: make(412, error.code, error.message, { expected: error.expected, actual: error.actual }),
      headers: { ETag: `W/"${error.actual}"` },
    };
  }
  if (error instanceof DuplicateCommand) return { problem: make(422, error.code, error.message), headers };
  if (error instanceof StreamNotFound) return { problem: make(404, error.code, error.message), headers };
  if (error instanceof EventTooLarge || error instanceof BatchTooLarge) {
    return { problem: make(413, error.code, error.message, { details: error.details }), headers };
  }
  if (error instanceof StoreUnavailable) {
    headers['Retry-After'] = '2';
    return {
      problem: make(
        503,
        error.code,
        'the journal store is unavailable right now; nothing was written: retry shortly',
      ),
      headers,
    };
  }
  if (error instanceof CheminsError) return { problem: make(422, error.code, error.message), headers };
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 400)
      return { problem: make(400, 'MALFORMED_JSON', 'the body is not valid JSON'), headers };
    if (status === 413)
      return { problem: make(413, 'PAYLOAD_TOO_LARGE', 'the body is larger than 256 KB'), headers };
    return { problem: make(status, `HTTP_${status}`, TITLES[status] ?? 'error'), headers };
  }
  return { problem: make(500, 'INTERNAL', 'something went wrong on our side; it has been logged'), headers };
}
