// What "nothing lost, nothing doubled, nothing partial" means for a stream the hardening runs wrote to,
// checked through the store, and the audits the API itself offers.
import { type EventStore, readAllEvents, readWholeLedger, verifyChain, verifyLedger } from '@chemins/core';
import { type CommandSpec, textOf } from './http-clients.ts';

export interface JournalCheckOptions {
  streamId: string;
  territory: string;
  /** The stream version before the run: events after it must all come from the run's commands. */
  baseline: number;
  /** Commands that got a 201: each must have left exactly one event. */
  acknowledged: readonly CommandSpec[];
  /** Commands that never got a 201 (gave up on 503s): each left one event or none. */
  unacknowledged?: readonly CommandSpec[];
}

export interface JournalCheck {
  version: number;
  /** Events after the baseline. */
  added: number;
  problems: string[];
}

/**
 * Versions 1..N without a gap and the stream head at N; every acknowledged key has exactly one event
 * carrying its text, the others at most one; no other event after the baseline; no text twice; every
 * command record covers exactly its events (no partial append); the stream chain and the territory
 * ledger verify.
 */
export async function checkJournal(store: EventStore, options: JournalCheckOptions): Promise<JournalCheck> {
  const problems: string[] = [];
  const events = await readAllEvents(store, options.streamId);
  const head = (await store.readStream(options.streamId, { limit: 1 })).streamVersion;
  events.forEach((event, index) => {
    if (event.version !== index + 1) problems.push(`event ${index + 1} has version ${event.version}`);
  });
  if (head !== events.length) problems.push(`stream head at ${head}, ${events.length} events stored`);

  const byKey = new Map<string, typeof events>();
  for (const event of events.slice(options.baseline)) {
    const list = byKey.get(event.commandId) ?? [];
    list.push(event);
    byKey.set(event.commandId, list);
  }
  const known = new Map<string, { spec: CommandSpec; acknowledged: boolean }>();
  for (const spec of options.acknowledged) known.set(spec.key, { spec, acknowledged: true });
  for (const spec of options.unacknowledged ?? []) known.set(spec.key, { spec, acknowledged: false });

  for (const [key, { spec, acknowledged }] of known) {
    const found = byKey.get(key) ?? [];
    if (acknowledged && found.length !== 1) problems.push(`acknowledged ${key} left ${found.length} events`);
    if (!acknowledged && found.length > 1) problems.push(`unacknowledged ${key} left ${found.length} events`);
    for (const event of found) {
      if (textOf(event) !== spec.text)
        problems.push(`event v${event.version} of ${key} carries another text`);
    }
    const record = await store.findCommand(key);
    if (found.length > 0) {
      const versions = found.map((event) => event.version);
      if (!record) problems.push(`${key} has events but no command record`);
      else if (record.fromVersion !== Math.min(...versions) || record.toVersion !== Math.max(...versions)) {
        problems.push(
          `${key}: command record ${record.fromVersion}..${record.toVersion}, events ${versions}`,
        );
      }
    } else if (record) {
      problems.push(`${key} has a command record but no event`);
    }
  }
  for (const key of byKey.keys()) {
    if (!known.has(key)) problems.push(`event from unknown command ${key}`);
  }
  const texts = events
    .slice(options.baseline)
    .map(textOf)
    .filter((text) => text !== undefined);
  const repeated = texts.filter((text, index) => texts.indexOf(text) !== index);
  if (repeated.length > 0) problems.push(`texts stored twice: ${repeated.slice(0, 3).join(' | ')}`);

  const chain = await verifyChain(events);
  if (!chain.ok) problems.push(`stream chain: ${JSON.stringify(chain)}`);
  const ledger = await verifyLedger(options.territory, await readWholeLedger(store, options.territory));
  if (!ledger.ok) problems.push(`territory ledger: ${JSON.stringify(ledger)}`);
  return { version: events.length, added: events.length - options.baseline, problems };
}

export interface HttpAudits {
  project: { status: number; body: Record<string, unknown> };
  territory: { status: number; body: Record<string, unknown> };
}

/** `GET /projects/{id}/audit` and `GET /territories/{code}/audit`, as the API answers them. */
export async function auditOverHttp(
  url: string,
  tokens: { staff: string; auditor: string },
  projectId: string,
  territory: string,
): Promise<HttpAudits> {
  const get = async (path: string, token: string) => {
    const response = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return {
    project: await get(`/projects/${projectId}/audit`, tokens.staff),
    territory: await get(`/territories/${territory}/audit`, tokens.auditor),
  };
}
