import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  fold,
  type JournalEvent,
  readWholeLedger,
  type StreamSummary,
  streamSummary,
  upcastEvent,
} from '@chemins/core';
import { storeFromEnv } from '../hosts/store-from-env.ts';
import { parseNdjson, verifyExport } from '../transfer/ndjson.ts';
import { generateSealKeys, type Seal, sealTerritory, verifySealedExport } from '../transfer/seal.ts';

/** `chemins keygen`: an Ed25519 key pair for seals. */
export async function keygenCommand(): Promise<number> {
  const { privateKey, publicKey } = generateSealKeys();
  process.stdout.write(`${privateKey}${publicKey}`);
  process.stderr.write(
    'Keep the private key secret (CHEMINS_SEAL_KEY: the PEM text or a file path); publish the public one.\n',
  );
  return 0;
}

/** `chemins seal <territory>`: a signed statement of the territory's ledger head, as JSON. */
export async function sealCommand([territory]: string[]): Promise<number> {
  if (!territory) throw new Error('name the territory to seal (46)');
  const key = process.env.CHEMINS_SEAL_KEY;
  if (!key)
    throw new Error(
      'set CHEMINS_SEAL_KEY to an Ed25519 private key (PEM text or file); `chemins keygen` makes one',
    );
  const pem = key.includes('-----BEGIN') ? key : await readFile(key, 'utf8');
  const configured = await storeFromEnv();
  try {
    const seal = await sealTerritory(configured.store, territory, pem, new Date());
    process.stdout.write(`${JSON.stringify(seal, null, 2)}\n`);
    return 0;
  } finally {
    await configured.close();
  }
}

/** `chemins verify [--seal seal.json --key public.pem] <file>`: chains, and the seal when given. */
export async function verifyFileCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { seal: { type: 'string' }, key: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [file] = positionals;
  if (!file) throw new Error('name the NDJSON file to verify');
  if ((values.seal === undefined) !== (values.key === undefined))
    throw new Error('--seal and --key go together');
  const parsed = parseNdjson(await readFile(file, 'utf8'));
  if (!parsed.ok) {
    process.stderr.write(`broken: ${parsed.message}\n`);
    return 1;
  }
  const verdict = await verifyExport(parsed.events);
  if (!verdict.ok) {
    process.stderr.write(
      `broken at line ${verdict.line}: ${verdict.streamId} version ${verdict.version} (event ${verdict.eventId}): ${verdict.message}\n`,
    );
    return 1;
  }
  if (values.seal && values.key) {
    const seal = JSON.parse(await readFile(values.seal, 'utf8')) as Seal;
    const sealed = await verifySealedExport(seal, await readFile(values.key, 'utf8'), parsed.events);
    if (!sealed.ok) {
      process.stderr.write(`does not match the seal: ${sealed.message}\n`);
      return 1;
    }
    process.stdout.write(
      `ok: ${verdict.events} events, every chain holds, and the export is exactly the history sealed at position ${sealed.position} of territory ${sealed.territory}\n`,
    );
    return 0;
  }
  process.stdout.write(`ok: ${verdict.events} events in ${verdict.streams} streams, every chain holds\n`);
  return 0;
}

/** `chemins rebuild <territory>`: recomputes every stream summary of a territory from its ledger. */
export async function rebuildCommand([territory]: string[]): Promise<number> {
  if (!territory) throw new Error('name the territory to rebuild (46)');
  const configured = await storeFromEnv();
  try {
    const byStream = new Map<string, JournalEvent[]>();
    for (const { event } of await readWholeLedger(configured.store, territory)) {
      const events = byStream.get(event.streamId) ?? [];
      events.push(upcastEvent(event));
      byStream.set(event.streamId, events);
    }
    const summaries = [...byStream]
      .map(([streamId, events]) => streamSummary(streamId, fold(events)))
      .filter((summary): summary is StreamSummary => summary !== undefined);
    await configured.store.putSummaries(summaries);
    process.stdout.write(`rebuilt ${summaries.length} summaries of territory ${territory} from its ledger\n`);
    return 0;
  } finally {
    await configured.close();
  }
}
