import type { DomainEvent } from '../events/catalogue.ts';
import type { Actor } from './roles.ts';

/** The metadata every stored event carries around its data. */
export interface EnvelopeFields {
  eventId: string;
  streamId: string;
  /** 1, 2, 3… in the stream, with no gaps. */
  version: number;
  schemaVersion: number;
  /** When it happened in the world (ISO instant). */
  occurredAt: string;
  /** When the system learnt it (ISO instant), set by the journal. */
  recordedAt: string;
  actor: Actor;
  commandId: string;
  correlationId: string;
  causationId: string;
  /** The département code of the stream: the territory ledger it belongs to. */
  territory: string;
  /** The hash of the previous event of the stream, or the genesis hash. */
  prevHash: string;
  /** SHA-256 over the canonical JSON of every other field (free texts by their salted digest). */
  hash: string;
  /**
   * One random salt per free text of `data`, by path. The hash covers `sha256(salt, text)` instead of the
   * text, so a text can be erased (with its salt) under the GDPR while every chain still verifies.
   * Absent on events recorded before erasure was supported: their hash covers the texts themselves.
   */
  textSalts?: Record<string, string>;
  /** The digests of erased texts, by path: their text reads "[effacé]" and their salt is gone. */
  erasedTexts?: Record<string, string>;
}

/** A stored event: the envelope and a domain event. */
export type JournalEvent = EnvelopeFields & DomainEvent;

/** An event ready to append: everything but the fields the store assigns (version and hashes). */
/** `erasedTexts` appears on drafts only when an export that holds erasures is imported. */
export type EventDraft = Omit<EnvelopeFields, 'version' | 'prevHash' | 'hash'> & DomainEvent;

/** The hash before the first event of every chain. */
export const GENESIS_HASH = '0'.repeat(64);
