// Random DynamoDB faults, injected in the SDK client's middleware (as tests/support/dynamodb-faults.ts
// does for deterministic ones), above the SDK's own retries, so the store's handling is what is tested.
import {
  type DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';

/**
 * `before`: the request never reaches DynamoDB (throttled, conflicting, a 500).
 * `after`: DynamoDB did the work and the answer is lost (a 500, or a timeout): the store cannot know
 * whether its append was written, and must find out without writing it twice.
 */
export type ChaosFault =
  | 'throttled'
  | 'provisioned-throughput'
  | 'internal-error'
  | 'transaction-conflict'
  | 'answer-lost-500'
  | 'answer-lost-timeout';

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

const makers: Record<ChaosFault, { after: boolean; writesOnly: boolean; make: () => Error }> = {
  throttled: {
    after: false,
    writesOnly: false,
    make: () => new ThrottlingException({ message: 'Rate exceeded (injected)', ...meta(400) }),
  },
  'provisioned-throughput': {
    after: false,
    writesOnly: false,
    make: () =>
      new ProvisionedThroughputExceededException({ message: 'Throughput exceeded (injected)', ...meta(400) }),
  },
  'internal-error': {
    after: false,
    writesOnly: false,
    make: () => new InternalServerError({ message: 'Internal server error (injected)', ...meta(500) }),
  },
  'transaction-conflict': {
    after: false,
    writesOnly: true,
    make: () =>
      new TransactionCanceledException({
        message: 'Transaction cancelled (injected)',
        ...meta(400),
        CancellationReasons: [
          { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
        ],
      }),
  },
  'answer-lost-500': {
    after: true,
    writesOnly: false,
    make: () =>
      new InternalServerError({ message: 'Internal server error after the work (injected)', ...meta(500) }),
  },
  'answer-lost-timeout': {
    after: true,
    writesOnly: false,
    // What the SDK throws when the socket times out: a name, no HTTP status.
    make: () =>
      Object.assign(new Error('socket timed out (injected)'), { name: 'TimeoutError', $metadata: {} }),
  },
};

export interface ChaosOptions {
  /** Chance that a request of the listed operations gets a fault. */
  rate: number;
  random: () => number;
  /** Operations to break, e.g. TransactWriteItemsCommand, QueryCommand. */
  commands: readonly string[];
  faults: readonly ChaosFault[];
}

export interface Chaos {
  /** Faults fired, by kind. */
  counts(): Partial<Record<ChaosFault, number>>;
  total(): number;
  remove(): void;
}

let installed = 0;

export function injectChaos(client: DynamoDBClient, options: ChaosOptions): Chaos {
  const name = `hardeningChaos${++installed}`;
  const counts: Partial<Record<ChaosFault, number>> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      if (!options.commands.includes(command) || options.random() >= options.rate) return next(args);
      const writing = command === 'TransactWriteItemsCommand';
      const eligible = options.faults.filter((fault) => writing || !makers[fault].writesOnly);
      const fault = eligible[Math.floor(options.random() * eligible.length)];
      if (!fault) return next(args);
      counts[fault] = (counts[fault] ?? 0) + 1;
      const maker = makers[fault];
      if (maker.after) await next(args);
      throw maker.make();
    },
    { step: 'initialize', priority: 'high', name },
  );
  return {
    counts: () => ({ ...counts }),
    total: () => Object.values(counts).reduce((sum, n) => sum + n, 0),
    remove: () => client.middlewareStack.remove(name),
  };
}
