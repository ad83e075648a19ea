import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  canonicalJson,
  type EventStore,
  type JournalEvent,
  ledgerOf,
  readWholeLedger,
  verifyLedger,
} from '@chemins/core';

/** Every this many positions the seal keeps the ledger hash, so a verifier can say where an export diverges. */
export const CHECKPOINT_EVERY = 64;

/** What a seal states: the head of a territory's ledger at a time, and checkpoints on the way there. */
export interface SealStatement {
  territory: string;
  position: number;
  ledgerHash: string;
  sealedAt: string;
  checkpoints: { every: number; hashes: string[] };
}

export interface Seal {
  statement: SealStatement;
  algorithm: 'Ed25519';
  /** Base64 Ed25519 signature over the canonical JSON of the statement. */
  signature: string;
}

/** A new Ed25519 key pair, as PEM: the private key for CHEMINS_SEAL_KEY, the public one to publish. */
export function generateSealKeys(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Seals the current head of a territory's ledger, after verifying it; throws if the ledger is broken. */
export async function sealTerritory(
  store: EventStore,
  territory: string,
  privateKeyPem: string,
  now: Date,
): Promise<Seal> {
  const ledger = await readWholeLedger(store, territory);
  if (ledger.length === 0) throw new Error(`territory ${territory} has no events to seal`);
  const verdict = await verifyLedger(territory, ledger);
  if (!verdict.ok) throw new Error(`refusing to seal a broken ledger: ${verdict.message}`);
  const statement: SealStatement = {
    territory,
    position: verdict.lastPosition,
    ledgerHash: verdict.lastLedgerHash,
    sealedAt: now.toISOString(),
    checkpoints: { every: CHECKPOINT_EVERY, hashes: checkpoints(ledger.map((entry) => entry.ledgerHash)) },
  };
  const signature = sign(
    null,
    Buffer.from(canonicalJson(statement)),
    createPrivateKey(privateKeyPem),
  ).toString('base64');
  return { statement, algorithm: 'Ed25519', signature };
}

export type SealVerdict =
  | { ok: true; territory: string; position: number }
  | {
      ok: false;
      reason: 'bad_signature' | 'territory' | 'diverges' | 'missing' | 'extra';
      message: string;
      position?: number;
    };

/**
 * Proves that a territory export holds exactly the sealed history: the signature is the key's, the export
 * has the sealed number of events, and its recomputed ledger ends at the sealed hash. Otherwise says where
 * it first differs. Stream chains are checked separately (`verifyExport`).
 */
export async function verifySealedExport(
  seal: Seal,
  publicKeyPem: string,
  events: readonly JournalEvent[],
): Promise<SealVerdict> {
  const { statement } = seal;
  const signed = verify(
    null,
    Buffer.from(canonicalJson(statement)),
    createPublicKey(publicKeyPem),
    Buffer.from(seal.signature, 'base64'),
  );
  if (!signed)
    return {
      ok: false,
      reason: 'bad_signature',
      message: 'the seal was not signed by this key, or was changed after signing',
    };
  const foreign = events.find((event) => event.territory !== statement.territory);
  if (foreign) {
    return {
      ok: false,
      reason: 'territory',
      message: `the export holds ${foreign.streamId} of territory ${foreign.territory}, not ${statement.territory}`,
    };
  }
  const hashes = (await ledgerOf(statement.territory, events)).map((entry) => entry.ledgerHash);
  const ours = checkpoints(hashes.slice(0, statement.position));
  const every = statement.checkpoints.every;
  const firstBadCheckpoint = statement.checkpoints.hashes.findIndex((hash, index) => ours[index] !== hash);
  if (firstBadCheckpoint >= 0) {
    const from = firstBadCheckpoint * every + 1;
    const to = Math.min((firstBadCheckpoint + 1) * every, statement.position);
    if (hashes.length < to) {
      return {
        ok: false,
        reason: 'missing',
        position: hashes.length + 1,
        message: `the export stops at position ${hashes.length}; the seal covers ${statement.position}`,
      };
    }
    const event = events[from - 1];
    return {
      ok: false,
      reason: 'diverges',
      position: from,
      message: `the history differs from the sealed one between positions ${from} and ${to} (from ${event?.streamId} version ${event?.version})`,
    };
  }
  if (hashes[statement.position - 1] !== statement.ledgerHash) {
    return {
      ok: false,
      reason: 'diverges',
      position: statement.position,
      message: `the ledger does not end at the sealed hash at position ${statement.position}`,
    };
  }
  if (hashes.length > statement.position) {
    const extra = events[statement.position];
    return {
      ok: false,
      reason: 'extra',
      position: statement.position + 1,
      message: `the export holds ${hashes.length - statement.position} event${hashes.length - statement.position === 1 ? '' : 's'} after the sealed position ${statement.position}, from ${extra?.streamId} version ${extra?.version}`,
    };
  }
  return { ok: true, territory: statement.territory, position: statement.position };
}

/** The ledger hash at every `CHECKPOINT_EVERY`-th position, and at the last one. */
function checkpoints(hashes: readonly string[]): string[] {
  const kept = hashes.filter((_, index) => (index + 1) % CHECKPOINT_EVERY === 0);
  const last = hashes.at(-1);
  if (last !== undefined && hashes.length % CHECKPOINT_EVERY !== 0) kept.push(last);
  return kept;
}
