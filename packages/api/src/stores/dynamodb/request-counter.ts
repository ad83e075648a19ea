import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Requests a DynamoDB client sent, by operation: what the bench reports per command. */
export interface RequestCounter {
  /** Requests sent so far, by command name (`TransactWriteItemsCommand`, `QueryCommand`…). */
  counts(): Record<string, number>;
  total(): number;
  reset(): void;
  /** Removes the counter from the client. */
  detach(): void;
}

let counters = 0;

/**
 * Counts every HTTP request the client sends, the SDK's own retries included: the middleware sits
 * in the finalizeRequest step below the retry middleware, so it sees each attempt.
 */
export function countRequests(client: DynamoDBClient): RequestCounter {
  const name = `cheminsRequestCounter${++counters}`;
  let counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      counts[command] = (counts[command] ?? 0) + 1;
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name },
  );
  return {
    counts: () => ({ ...counts }),
    total: () => Object.values(counts).reduce((sum, count) => sum + count, 0),
    reset: () => {
      counts = {};
    },
    detach: () => {
      client.middlewareStack.remove(name);
    },
  };
}
