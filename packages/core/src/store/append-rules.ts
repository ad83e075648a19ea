import { WrongExpectedVersion } from '../errors/store-errors.ts';
import type { EventDraft } from '../model/envelope.ts';
import type { ExpectedVersion } from './port.ts';

/** Throws `WrongExpectedVersion` unless a stream at `current` (0: none) satisfies `expected`. */
export function checkExpectedVersion(streamId: string, expected: ExpectedVersion, current: number): void {
  const satisfied =
    expected === 'any' ||
    (expected === 'no_stream' && current === 0) ||
    (expected === 'stream_exists' && current > 0) ||
    expected === current;
  if (!satisfied) throw new WrongExpectedVersion(streamId, expected, current);
}

/** Whether a conflict on this expectation can be retried by the store itself (it pins no version). */
export function isRetryableExpectation(expected: ExpectedVersion): boolean {
  return expected === 'any' || expected === 'stream_exists';
}

/** Refuses malformed appends before any write: empty, or drafts of another stream or territory. */
export function checkDrafts(streamId: string, drafts: readonly EventDraft[]): void {
  if (drafts.length === 0) throw new TypeError('append needs at least one event');
  const territory = drafts[0]?.territory;
  for (const draft of drafts) {
    if (draft.streamId !== streamId)
      throw new TypeError(`event ${draft.eventId} belongs to ${draft.streamId}`);
    if (draft.territory !== territory) throw new TypeError('all events of one append share one territory');
  }
}

/** Opaque cursors: base64url JSON, so clients cannot depend on their shape. */
export function encodeCursor(value: Record<string, unknown>): string {
  return btoa(JSON.stringify(value)).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}

export function decodeCursor(cursor: string): Record<string, unknown> | undefined {
  try {
    const padded = cursor.replaceAll('-', '+').replaceAll('_', '/');
    const parsed: unknown = JSON.parse(atob(padded));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
