import { createHmac } from 'node:crypto';
import type { Logger } from '@chemins/api';
import { type EventStore, readWholeLedger } from '@chemins/core';
import { expect } from 'vitest';

/** An RFC 9457 problem document as the API sends it. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

/**
 * Asserts that a response is a problem document with this status (and code, when given), and returns it.
 * Every problem has `type`, `title`, `status` (the HTTP status), `code` and `detail`.
 */
export async function expectProblem(response: Response, status: number, code?: string): Promise<ProblemBody> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(text) as ProblemBody;
  expect(problem).toMatchObject({
    type: expect.stringMatching(/^https?:\/\/\S+$/),
    title: expect.any(String),
    status,
    code: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/),
    detail: expect.any(String),
  });
  if (code !== undefined) expect(problem.code).toBe(code);
  return problem;
}

/** Signs of an internal leak: a stack frame, a source file, an error class name. */
export function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|node:internal|\.ts:\d+|\.js:\d+|"stack"/);
  expect(text).not.toMatch(/\b(?:TypeError|RangeError|ReferenceError|SyntaxError)\b/);
}

/** The version of a stream, read through the store (0 when it does not exist). */
export async function streamVersion(store: EventStore, streamId: string): Promise<number> {
  return (await store.readStream(streamId, { limit: 1 })).streamVersion;
}

/** How many events the territory ledger holds: it grows with every append in the territory. */
export async function ledgerSize(store: EventStore, territory = '46'): Promise<number> {
  return (await readWholeLedger(store, territory)).length;
}

/** Runs `act` and asserts that neither the stream nor the territory ledger moved. Returns act's result. */
export async function expectNothingAppended<T>(
  store: EventStore,
  streamId: string,
  act: () => T | Promise<T>,
): Promise<T> {
  const before = { version: await streamVersion(store, streamId), ledger: await ledgerSize(store) };
  const result = await act();
  const after = { version: await streamVersion(store, streamId), ledger: await ledgerSize(store) };
  expect(after).toEqual(before);
  return result;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * Crafts a JWT by hand, so that tests can make the tokens a signing library would refuse to make:
 * `alg: none`, no `exp`, claims of the wrong shape. `secret: null` leaves the signature empty.
 */
export function craftJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret: string | null,
): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  if (secret === null) return `${signingInput}.`;
  const algorithm = header.alg === 'HS512' ? 'sha512' : header.alg === 'HS384' ? 'sha384' : 'sha256';
  return `${signingInput}.${createHmac(algorithm, secret).update(signingInput).digest('base64url')}`;
}

/** Seconds since the epoch, as JWT claims count time. */
export const epochSeconds = (date: Date = new Date()) => Math.floor(date.getTime() / 1000);

/** A logger that keeps its entries, for assertions. */
export function collectingLogger(): { logger: Logger; entries: Parameters<Logger>[0][] } {
  const entries: Parameters<Logger>[0][] = [];
  return { logger: (entry) => entries.push(entry), entries };
}
