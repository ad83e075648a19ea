import { StoreUnavailable } from '@chemins/core';

/** How the store retries what DynamoDB refuses for a while (throttling, conflicting transactions). */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 20, maxDelayMs: 1000 };

/** "Full jitter" backoff: spreads the writers that collided, so they do not collide again in step. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

const asSdkError = (error: unknown): SdkError => (typeof error === 'object' && error !== null ? error : {});

const TRANSIENT_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
  'InternalServerError',
  'ServiceUnavailable',
]);

/** Errors that say "not now" rather than "no": worth another attempt after a pause. */
export function isTransientError(error: unknown): boolean {
  const { name, $metadata } = asSdkError(error);
  return TRANSIENT_ERRORS.has(name ?? '') || ($metadata?.httpStatusCode ?? 0) >= 500;
}

/** A request that never got an HTTP answer: the network, a timeout, the endpoint down. */
function isNetworkError(error: unknown): boolean {
  const { $metadata, code, name } = asSdkError(error);
  return (
    $metadata?.httpStatusCode === undefined &&
    (code !== undefined || name === 'TimeoutError' || name === 'AbortError' || error instanceof TypeError)
  );
}

/**
 * Turns what means "the store cannot serve now" into `StoreUnavailable`, with what to do about it;
 * other errors (a refused transaction, a bug) go through unchanged for the caller to handle.
 */
export function toStoreError(error: unknown, context: { tableName: string; writing: boolean }): unknown {
  if (error instanceof StoreUnavailable) return error;
  const { name, message } = asSdkError(error);
  const detail = `${name ?? 'Error'}: ${message ?? String(error)}`;
  if (name === 'ResourceNotFoundException') {
    return new StoreUnavailable(
      `DynamoDB table ${context.tableName} does not exist: create it (ensureTable, or deploy the stack) or fix its name`,
      { cause: error },
    );
  }
  if (name === 'AccessDeniedException' || name === 'UnrecognizedClientException') {
    return new StoreUnavailable(`DynamoDB refused the credentials (${detail})`, { cause: error });
  }
  if (isTransientError(error)) {
    return new StoreUnavailable(
      `DynamoDB kept refusing the request (${detail}); nothing was written, retry later`,
      {
        cause: error,
      },
    );
  }
  if (isNetworkError(error)) {
    const outcome = context.writing
      ? '; the append may or may not have been written: retry with the same command id'
      : '';
    return new StoreUnavailable(`cannot reach DynamoDB (${detail})${outcome}`, { cause: error });
  }
  return error;
}
