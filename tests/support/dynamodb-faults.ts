import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

let faults = 0;

export interface Fault {
  /** Times the fault fired. */
  fired(): number;
  remove(): void;
}

/**
 * Makes the next `times` requests of one operation fail with `error()` before they leave the client,
 * above the SDK's own retries, so the store's handling is what the test sees. `Infinity` keeps failing.
 */
export function failRequests(
  client: DynamoDBClient,
  commandName: string,
  times: number,
  error: () => Error,
): Fault {
  const name = `testFault${++faults}`;
  let fired = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === commandName && fired < times) {
        fired += 1;
        throw error();
      }
      return next(args);
    },
    { step: 'initialize', priority: 'high', name },
  );
  return { fired: () => fired, remove: () => client.middlewareStack.remove(name) };
}

/**
 * Rewrites the output of matching requests, `times` times: to play an eventually consistent index
 * that has not caught up yet.
 */
export function rewriteResponses<Output>(
  client: DynamoDBClient,
  matches: (commandName: string, input: Record<string, unknown>) => boolean,
  times: number,
  rewrite: (output: Output) => void,
): Fault {
  const name = `testRewrite${++faults}`;
  let fired = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (matches(context.commandName ?? '', args.input as Record<string, unknown>) && fired < times) {
        fired += 1;
        rewrite(result.output as Output);
      }
      return result;
    },
    { step: 'initialize', priority: 'high', name },
  );
  return { fired: () => fired, remove: () => client.middlewareStack.remove(name) };
}

export interface SentRequest {
  command: string;
  input: Record<string, unknown>;
}

/** Records the input of every request the client sends, in order, as the store built it. */
export function recordRequests(client: DynamoDBClient): { sent: SentRequest[]; remove(): void } {
  const name = `testRecorder${++faults}`;
  const sent: SentRequest[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push({ command: context.commandName ?? '', input: args.input as Record<string, unknown> });
      return next(args);
    },
    { step: 'initialize', priority: 'high', name },
  );
  return { sent, remove: () => client.middlewareStack.remove(name) };
}
