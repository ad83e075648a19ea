// HTTP clients that behave like real ones on a bad network: they read the ETag, send a command with
// If-Match and an Idempotency-Key, re-read on 412, wait on 503 (Retry-After), and sometimes lose an
// answer (ignore a response they got, or abort the request mid-flight) and send the same request again
// with the same key. Used by tests/hardening/{concurrency,faults}.test.ts and scripts/reliability-runs.ts.
import { randomUUID } from 'node:crypto';

/** A small seeded generator (mulberry32): the same seed draws the same drops. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One logical command: one Idempotency-Key, one body, however many times it is sent. */
export interface CommandSpec {
  key: string;
  /** The free text the command carries; unique, so each event can be traced to its command. */
  text: string;
  body: Record<string, unknown>;
}

/**
 * A unique AddComment or ReportDifficulty (alternately), whose text names its client and rank;
 * `length` pads the text (free texts hold at most 4000 characters).
 */
export function commandSpec(prefix: string, client: number, rank: number, length = 0): CommandSpec {
  const key = `${prefix}-${client}-${rank}-${randomUUID()}`;
  const head = `${prefix} client ${client} command ${rank} (${key})`;
  const text = head.length >= length ? head : `${head} ${'atelier '.repeat(length)}`.slice(0, length).trim();
  const body =
    rank % 2 === 0
      ? { type: 'AddComment', text }
      : { type: 'ReportDifficulty', category: 'mobilisation', description: text };
  return { key, text, body };
}

/** The text an event of `commandSpec` carries. */
export function textOf(event: { type: string; data: unknown }): string | undefined {
  const data = event.data as { text?: unknown; description?: unknown };
  const text = event.type === 'CommentAdded' ? data.text : data.description;
  return typeof text === 'string' ? text : undefined;
}

/** What a client saw of one request; `status` 0 is a request that got no answer (aborted, refused). */
export interface RequestRecord {
  method: 'GET' | 'POST';
  startedAt: number;
  ms: number;
  status: number;
  retryAfter?: string;
  contentType?: string;
  code?: string;
}

export interface Tally {
  /** HTTP requests made, GETs and POSTs. */
  requests: number;
  /** POSTs of a command, first sends and resends. */
  posts: number;
  /** POSTs beyond the first of each command: after a 412, a 503, a lost answer. */
  resends: number;
  /** Distinct Idempotency-Keys that got a 201. */
  accepted: number;
  /** 201s with `replayed: true` (the answer to a resend of a command already recorded). */
  replayed: number;
  preconditionFailed: number;
  /** 503 answers (to GETs and POSTs). */
  unavailable: number;
  /** 503s that were not a problem+json with a Retry-After header. */
  badUnavailable: number;
  /** Answers the client got and ignored, as if the network had lost them. */
  dropped: number;
  /** Requests the client aborted mid-flight, or that got no answer at all. */
  noAnswer: number;
  /** Anything else: status and code, for the assertion message. */
  unexpected: string[];
}

export interface CommandResult extends CommandSpec {
  client: number;
  accepted: boolean;
  /** The stream version the 201 reported. */
  version?: number;
  /** When the 201 came (performance.now()). */
  acceptedAt?: number;
  /** What the 201 said: a replay of an earlier write, and the event's id. */
  replayed?: boolean;
  eventId?: string;
  sends: number;
}

export interface RunOptions {
  /** Servers to talk to; client `i` uses `urls[i % urls.length]`. */
  urls: readonly string[];
  token: string;
  projectId: string;
  clients: number;
  commandsPerClient: number;
  /** Chance that a client ignores an answer it got, and sends the same request again. */
  dropRate: number;
  /** Chance that a client aborts a request after a few milliseconds, and sends it again. */
  abortRate?: number;
  seed: number;
  prefix: string;
  /** A 503 is retried after Retry-After × this (tests shorten the wait; 1 is the real thing). */
  retryAfterScale?: number;
  /** Sends per command before the client gives up on it. */
  maxSends?: number;
  /** No new command starts after this (the run ends with what was accepted). */
  deadline?: number;
  /** Called after each request, e.g. to kill a store half-way. */
  onRequest?: (record: RequestRecord, tally: Tally) => void;
}

export interface RunResult {
  tally: Tally;
  commands: CommandResult[];
  records: RequestRecord[];
  elapsedMs: number;
}

const emptyTally = (): Tally => ({
  requests: 0,
  posts: 0,
  resends: 0,
  accepted: 0,
  replayed: 0,
  preconditionFailed: 0,
  unavailable: 0,
  badUnavailable: 0,
  dropped: 0,
  noAnswer: 0,
  unexpected: [],
});

interface Answer {
  record: RequestRecord;
  etag?: string;
  body?: unknown;
}

/** `clients` clients each send `commandsPerClient` commands to one project, concurrently. */
export async function runCommandClients(options: RunOptions): Promise<RunResult> {
  const tally = emptyTally();
  const records: RequestRecord[] = [];
  const commands: CommandResult[] = [];
  const started = performance.now();
  const maxSends = options.maxSends ?? 5000;
  const scale = options.retryAfterScale ?? 0.01;

  const request = async (
    method: 'GET' | 'POST',
    url: string,
    init: RequestInit,
    abortAfterMs: number | undefined,
  ): Promise<Answer> => {
    const startedAt = performance.now();
    tally.requests += 1;
    let answer: Answer;
    try {
      const response = await fetch(url, {
        ...init,
        method,
        ...(abortAfterMs === undefined ? {} : { signal: AbortSignal.timeout(abortAfterMs) }),
      });
      const text = await response.text();
      const contentType = response.headers.get('content-type') ?? undefined;
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const code = (body as { code?: unknown } | undefined)?.code;
      const retryAfter = response.headers.get('retry-after') ?? undefined;
      const etag = response.headers.get('etag') ?? undefined;
      answer = {
        record: {
          method,
          startedAt,
          ms: performance.now() - startedAt,
          status: response.status,
          ...(retryAfter === undefined ? {} : { retryAfter }),
          ...(contentType === undefined ? {} : { contentType }),
          ...(typeof code === 'string' ? { code } : {}),
        },
        ...(etag === undefined ? {} : { etag }),
        body,
      };
    } catch {
      answer = { record: { method, startedAt, ms: performance.now() - startedAt, status: 0 } };
    }
    const { record } = answer;
    records.push(record);
    if (record.status === 503) {
      tally.unavailable += 1;
      const wellFormed =
        record.retryAfter !== undefined &&
        /^\d+$/.test(record.retryAfter) &&
        (record.contentType ?? '').startsWith('application/problem+json') &&
        record.code === 'STORE_UNAVAILABLE';
      if (!wellFormed) tally.badUnavailable += 1;
    }
    options.onRequest?.(record, tally);
    return answer;
  };

  const waitAfter = (record: RequestRecord, random: () => number, losses: number) => {
    if (record.status === 503) return sleep(Number(record.retryAfter ?? 1) * 1000 * scale * (0.5 + random()));
    if (record.status === 0) return sleep(5 + random() * 20);
    // Lost races: exponential backoff with full jitter, so that the herd spreads out.
    return sleep(random() * Math.min(1000, 10 * 2 ** Math.min(losses, 10)));
  };

  const client = async (index: number) => {
    const random = seededRandom(options.seed * 1000 + index);
    const url = options.urls[index % options.urls.length] as string;
    const headers = { Authorization: `Bearer ${options.token}` };
    const readEtag = async (): Promise<string | undefined> => {
      for (let attempt = 0; attempt < maxSends; attempt++) {
        const answer = await request('GET', `${url}/projects/${options.projectId}`, { headers }, undefined);
        if (answer.record.status === 200 && answer.etag) return answer.etag;
        if (answer.record.status !== 503 && answer.record.status !== 0) {
          tally.unexpected.push(`GET ${answer.record.status} ${answer.record.code ?? ''}`);
          return undefined;
        }
        await waitAfter(answer.record, random, attempt);
      }
      return undefined;
    };

    for (let rank = 0; rank < options.commandsPerClient; rank++) {
      if (options.deadline !== undefined && Date.now() > options.deadline) break;
      const spec = commandSpec(options.prefix, index, rank);
      const result: CommandResult = { ...spec, client: index, accepted: false, sends: 0 };
      commands.push(result);
      let etag = await readEtag();
      let lost = 0;
      while (etag !== undefined && result.sends < maxSends) {
        result.sends += 1;
        tally.posts += 1;
        if (result.sends > 1) tally.resends += 1;
        const abort = random() < (options.abortRate ?? 0);
        const answer = await request(
          'POST',
          `${url}/projects/${options.projectId}/commands`,
          {
            headers: {
              ...headers,
              'Content-Type': 'application/json',
              'If-Match': etag,
              'Idempotency-Key': spec.key,
            },
            body: JSON.stringify(spec.body),
          },
          abort ? 1 + Math.floor(random() * 15) : undefined,
        );
        const { record } = answer;
        if (record.status !== 0 && random() < options.dropRate) {
          // The answer is "lost": send the very same request again.
          tally.dropped += 1;
          continue;
        }
        if (record.status === 0) {
          tally.noAnswer += 1;
          await waitAfter(record, random, result.sends);
          continue;
        }
        if (record.status === 201) {
          const body = answer.body as {
            version?: number;
            replayed?: boolean;
            events?: { commandId?: string; eventId?: string }[];
          };
          if (body.events?.length !== 1 || body.events[0]?.commandId !== spec.key) {
            tally.unexpected.push(
              `201 for ${spec.key} carries ${JSON.stringify(body.events?.length)} events`,
            );
          }
          result.accepted = true;
          result.acceptedAt = performance.now();
          result.replayed = body.replayed === true;
          if (body.events?.[0]?.eventId !== undefined) result.eventId = body.events[0].eventId;
          if (body.version !== undefined) result.version = body.version;
          tally.accepted += 1;
          if (body.replayed) tally.replayed += 1;
          break;
        }
        if (record.status === 412) {
          tally.preconditionFailed += 1;
          lost += 1;
          await waitAfter(record, random, lost);
          etag = await readEtag();
          continue;
        }
        if (record.status === 503) {
          await waitAfter(record, random, result.sends);
          continue;
        }
        tally.unexpected.push(`POST ${record.status} ${record.code ?? ''} for ${spec.key}`);
        break;
      }
    }
  };

  await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)));
  return { tally, commands, records, elapsedMs: performance.now() - started };
}

/** Percentiles of request durations, in ms. */
export function latencies(records: readonly RequestRecord[]): { p50: number; p95: number; max: number } {
  const sorted = records.map((record) => record.ms).sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { p50: at(0.5), p95: at(0.95), max: Math.round(sorted.at(-1) ?? 0) };
}

/** One line of figures for logs and docs/reliability.md, "Concurrency and faults". */
export function describeRun(label: string, run: RunResult): string {
  const { tally } = run;
  const latency = latencies(run.records);
  return (
    `${label}: ${run.commands.length} commands, ${tally.accepted} accepted (${tally.replayed} of them as replays), ` +
    `${tally.posts} POSTs (${tally.resends} resends), ${tally.requests} requests in all, ` +
    `${tally.preconditionFailed} × 412, ${tally.unavailable} × 503, ${tally.dropped} answers dropped, ` +
    `${tally.noAnswer} without answer, ${tally.unexpected.length} unexpected; ` +
    `latency p50 ${latency.p50} ms, p95 ${latency.p95} ms, max ${latency.max} ms; ` +
    `${(run.elapsedMs / 1000).toFixed(1)} s`
  );
}

export interface SingleAnswer {
  status: number;
  retryAfter: string | null;
  contentType: string | null;
  body: Record<string, unknown>;
}

/** One command, sent once: the current ETag read first (503 if the read fails), then the POST. */
export async function sendOnce(
  url: string,
  token: string,
  projectId: string,
  spec: CommandSpec,
): Promise<SingleAnswer> {
  const headers = { Authorization: `Bearer ${token}` };
  const answer = async (response: Response): Promise<SingleAnswer> => ({
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, unknown>,
  });
  const read = await fetch(`${url}/projects/${projectId}`, { headers });
  const etag = read.headers.get('etag');
  if (read.status !== 200 || !etag) return answer(read);
  return answer(
    await fetch(`${url}/projects/${projectId}/commands`, {
      method: 'POST',
      headers: {
        ...headers,
        'Content-Type': 'application/json',
        'If-Match': etag,
        'Idempotency-Key': spec.key,
      },
      body: JSON.stringify(spec.body),
    }),
  );
}
