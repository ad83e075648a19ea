import { CheminsError } from './chemins-error.ts';

/** The stream is not at the version the writer expected: reload, decide again, retry. */
export class WrongExpectedVersion extends CheminsError {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: number | 'no_stream' | 'stream_exists' | 'any',
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, not ${String(expected)}: reload it and try again`, {
      streamId,
      expected,
      actual,
    });
  }
}

/** The command id was already used for a different request. */
export class DuplicateCommand extends CheminsError {
  readonly code = 'DUPLICATE_COMMAND';
  constructor(readonly commandId: string) {
    super(`command id ${commandId} was already used for a different request: use a new id`, { commandId });
  }
}

export class StreamNotFound extends CheminsError {
  readonly code = 'STREAM_NOT_FOUND';
  constructor(readonly streamId: string) {
    super(`no stream ${streamId}`, { streamId });
  }
}

export class EventTooLarge extends CheminsError {
  readonly code = 'EVENT_TOO_LARGE';
  constructor(
    readonly eventId: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`event ${eventId} takes ${bytes} bytes, over the limit of ${limit}: shorten its texts`, {
      eventId,
      bytes,
      limit,
    });
  }
}

export class BatchTooLarge extends CheminsError {
  readonly code = 'BATCH_TOO_LARGE';
  constructor(message: string, details: Record<string, unknown>) {
    super(message, details);
  }
}

/** The store could not be reached or kept refusing: nothing was written; retry later. */
export class StoreUnavailable extends CheminsError {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
