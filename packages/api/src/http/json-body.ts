import type { Context } from 'hono';
import { HttpProblem } from '../errors/http-problem.ts';
import { deeperThan, MAX_JSON_DEPTH } from './json-depth.ts';

/** Bodies larger than this are refused before they are parsed. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Reads a JSON body defensively: 415 unless it is JSON, 413 over 256 KB, 400 unless it parses
 * as UTF-8 JSON nested at most 64 levels deep. Nothing is appended on any of these.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;\s*charset=utf-8\s*)?$/i.test(type.trim())) {
    throw new HttpProblem(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'send the command as JSON: Content-Type: application/json',
    );
  }
  const declared = Number(c.req.header('Content-Length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) throw tooLarge();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpProblem(400, 'MALFORMED_JSON', 'the body is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'MALFORMED_JSON', 'the body is not valid JSON');
  }
  if (deeperThan(value, MAX_JSON_DEPTH)) {
    throw new HttpProblem(
      400,
      'JSON_TOO_DEEP',
      `the body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep`,
    );
  }
  return value;
}

function tooLarge(): HttpProblem {
  return new HttpProblem(413, 'PAYLOAD_TOO_LARGE', `the body is larger than ${MAX_BODY_BYTES / 1024} KB`);
}
