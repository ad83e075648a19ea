import { CheminsError } from './chemins-error.ts';

/** The stable codes of the decider's refusals. */
export const domainErrorCodes = [
  'STREAM_NOT_OPENED',
  'STREAM_ALREADY_OPENED',
  'INVALID_PERIOD',
  'PERIOD_TOO_LONG',
  'PERIOD_CLOSED',
  'OCCURRED_IN_FUTURE',
  'OCCURRED_BEFORE_REFERENCE',
  'UNKNOWN_REFERENCE',
  'ALREADY_EXISTS',
  'INVALID_TRANSITION',
  'ROLE_NOT_ALLOWED',
  'RATIONALE_REQUIRED',
  'UNKNOWN_ENTRY',
  'ENTRY_ALREADY_RETRACTED',
  'ENTRY_ALREADY_CORRECTED',
  'ENTRY_NOT_CORRECTABLE',
  'INVALID_CORRECTION',
  'NOT_A_VISION_YET',
  'VISION_ALREADY_STATED',
  'WRONG_STREAM_KIND',
  'PREVIOUS_PROJECT_NOT_CLOSING',
  'UNKNOWN_TEXT',
  'TEXT_ALREADY_ERASED',
  // Refused by the journal before deciding: what an embedder passed is not a command for this stream.
  'INVALID_STREAM_ID',
  'INVALID_COMMAND',
  'STREAM_ID_MISMATCH',
] as const;

export type DomainErrorCode = (typeof domainErrorCodes)[number];

/** A command refused by the decider: the request was understood, but the journey does not allow it. */
export class DomainError extends CheminsError {
  readonly code: DomainErrorCode;

  constructor(code: DomainErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, details);
    this.code = code;
  }
}
