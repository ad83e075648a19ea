import type {
  DynamoDBClient,
  TransactionCanceledException,
  TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  type AppendOptions,
  type AppendResult,
  type ChainHead,
  type CommandRecord,
  chainEvents,
  checkDrafts,
  checkExpectedVersion,
  DuplicateCommand,
  EMPTY_HEAD,
  type EventDraft,
  type EventStore,
  type ExpectedVersion,
  fingerprintDrafts,
  isRetryableExpectation,
  type LedgerPage,
  parseStreamId,
  type ReadStreamOptions,
  StoreUnavailable,
  type StreamList,
  type StreamPage,
  type StreamSummary,
  WrongExpectedVersion,
} from '@chemins/core';
import { chainLedger } from '../ledger-hashes.ts';
import { eraseEventText } from './erase-text.ts';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy, sleep } from './errors.ts';
import { HeadCache } from './head-cache.ts';
import {
  commandKey,
  EMPTY_LEDGER,
  isHeadItem,
  type LedgerHead,
  ledgerHeadKey,
  parseCommand,
  parseLedgerHead,
  parseStreamHead,
  streamHeadKey,
} from './items.ts';
import { DEFAULT_LEDGER_LAG, type LedgerLagPolicy, readLedgerPage } from './ledger-reader.ts';
import { checkAppendLimits } from './limits.ts';
import type { DynamoCommands } from './sdk-commands.ts';
import { type ListStreamsOptions, listStreamsPage } from './stream-lister.ts';
import { readStreamPage, readVersionRange } from './stream-reader.ts';
import { overwriteSummaries, readTerritorySummaries } from './summaries.ts';
import { TableClient } from './table-client.ts';
import { DEFAULT_TABLE_NAME } from './table-definition.ts';
import { type Cancellation, type Layout, planTransaction, readCancellation } from './transaction.ts';

export interface DynamoStoreOptions {
  client: DynamoDBClient;
  /** Defaults to `DEFAULT_TABLE_NAME`. */
  tableName?: string;
  /** Retries of throttling and conflicting transactions, with jittered backoff, before `StoreUnavailable`. */
  retry?: Partial<RetryPolicy>;
  /** How long `readLedger` waits for the ledger index to catch up before `StoreUnavailable`. */
  ledgerLag?: Partial<LedgerLagPolicy>;
  /** Rounds an append may lose to other writers of its territory (or of its stream, under 'any'). */
  maxContentionRounds?: number;
  /** Test hook, asked before each append: true makes its transaction carry a condition that cannot hold. */
  failPartWay?: () => boolean;
}

const DEFAULT_CONTENTION_ROUNDS = 500;

/** What an append believes between its attempts. `fresh`: the stream head came from the table, not the cache. */
interface AttemptState {
  stream: ChainHead | undefined;
  ledger: LedgerHead | undefined;
  fresh: boolean;
}

/**
 * The event store on one DynamoDB table (layout in table-definition.ts). An append is a single
 * TransactWriteItems: its events, the stream head, the territory's ledger head and the idempotency item,
 * each under a condition. Heads are cached in the process so that a hot stream costs one write round
 * trip per command; the conditions, not the cache, keep versions and positions gapless.
 *
 * It sends the SDK's command classes it is given (sdk-commands.ts): `DynamoEventStore` (dynamo-store.ts)
 * gives it the SDK's own; the Lambda hands in those its entry imported (lambda.ts).
 */
export class DynamoEventStoreBase implements EventStore {
  readonly tableName: string;
  private readonly table: TableClient;
  private readonly lag: LedgerLagPolicy;
  private readonly streamHeads = new HeadCache<ChainHead>((head) => head.version);
  private readonly ledgerHeads = new HeadCache<LedgerHead>((head) => head.position);

  constructor(
    private readonly options: DynamoStoreOptions,
    commands: DynamoCommands,
  ) {
    this.tableName = options.tableName ?? DEFAULT_TABLE_NAME;
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    this.table = new TableClient(options.client, this.tableName, retry, commands);
    this.lag = { ...DEFAULT_LEDGER_LAG, ...options.ledgerLag };
  }

  async append(
    streamId: string,
    drafts: readonly EventDraft[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    checkDrafts(streamId, drafts);
    const { commandId, expectedVersion: expected } = options;
    const fingerprint = options.fingerprint ?? (await fingerprintDrafts(drafts));
    const injectFailure = this.options.failPartWay?.() ?? false;
    const { summary } = options;
    checkAppendLimits(drafts, {
      commandId,
      fingerprint,
      ...(summary ? { summary } : {}),
      extraActions: injectFailure ? 1 : 0,
    });
    const territory = (drafts[0] as EventDraft).territory;
    const kind = parseStreamId(streamId)?.kind ?? 'project';

    const state: AttemptState = {
      // A new stream needs no read to be created: the condition on its head proves it is new.
      stream: this.streamHeads.get(streamId) ?? (expected === 'no_stream' ? EMPTY_HEAD : undefined),
      ledger: this.ledgerHeads.get(territory),
      fresh: false,
    };
    const lost = { contention: 0, transient: 0 };
    for (;;) {
      let { stream, ledger } = state;
      if (!stream || !ledger || (!state.fresh && !satisfies(expected, stream.version))) {
        const loaded = await this.load(streamId, territory, commandId);
        if (loaded.command) return this.replay(loaded.command, fingerprint);
        ({ stream, ledger } = loaded);
        Object.assign(state, { stream, ledger, fresh: true });
      }
      checkExpectedVersion(streamId, expected, stream.version);
      const events = await chainEvents(stream, drafts);
      const hashes = await chainLedger(territory, ledger, events);
      const { tableName } = this;
      const plan = planTransaction({
        tableName,
        streamId,
        kind,
        territory,
        commandId,
        fingerprint,
        from: stream,
        ledger,
        events,
        ledgerHashes: hashes,
        ...(summary ? { summary } : {}),
        injectFailure,
      });
      const refusal = await this.transact(plan.input, { eventCount: events.length, hasSummary: !!summary });
      if (!refusal) {
        this.streamHeads.remember(streamId, plan.streamHead);
        this.ledgerHeads.remember(territory, plan.ledgerHead);
        const { fromVersion, toVersion, positions } = plan.record;
        return { streamId, fromVersion, toVersion, positions, events, replayed: false };
      }
      if (refusal.command) return this.replay(refusal.command, fingerprint);
      this.learn(refusal, { streamId, territory, expected }, state);
      await this.pauseBeforeRetry(refusal, lost, territory);
    }
  }

  /** Sends the transaction: nothing on success, what its cancellation says otherwise. */
  private async transact(
    input: TransactWriteItemsCommandInput,
    layout: Layout,
  ): Promise<Cancellation | undefined> {
    try {
      await this.table.run(
        () => this.options.client.send(new this.table.commands.TransactWriteItemsCommand(input)),
        true,
      );
      return undefined;
    } catch (error) {
      if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
      const found = readCancellation(
        (error as TransactionCanceledException).CancellationReasons ?? [],
        layout,
      );
      if (found.injected) {
        throw new StoreUnavailable(
          'the append was cancelled part-way (injected failure); nothing was written',
          {
            cause: error,
          },
        );
      }
      if (found.unexpected.length > 0) {
        throw new StoreUnavailable(`DynamoDB cancelled the append: ${found.unexpected.join('; ')}`, {
          cause: error,
        });
      }
      return found;
    }
  }

  /** Takes in the heads a refusal carried; a stream that moved fails an expectation pinned to a version. */
  private learn(
    refusal: Cancellation,
    append: { streamId: string; territory: string; expected: ExpectedVersion },
    state: AttemptState,
  ): void {
    if (refusal.ledgerHead) {
      state.ledger = refusal.ledgerHead;
      this.ledgerHeads.remember(append.territory, refusal.ledgerHead);
    }
    if (refusal.streamHead) {
      state.stream = refusal.streamHead;
      state.fresh = true;
      this.streamHeads.remember(append.streamId, refusal.streamHead);
      // Refused on the hash alone (same version), the expectation still holds: go again on the real head.
      if (
        !isRetryableExpectation(append.expected) &&
        !satisfies(append.expected, refusal.streamHead.version)
      ) {
        throw new WrongExpectedVersion(append.streamId, append.expected, refusal.streamHead.version);
      }
    } else if (refusal.eventExists) {
      state.stream = undefined;
    }
  }

  /**
   * Transient refusals back off (bounded by the retry policy); lost races retry at once, since the
   * refusal brought the new heads, and spread out only if the territory stays busy.
   */
  private async pauseBeforeRetry(
    refusal: Cancellation,
    lost: { contention: number; transient: number },
    territory: string,
  ): Promise<void> {
    if (refusal.transient) {
      lost.transient += 1;
      if (lost.transient >= this.table.retry.attempts) {
        throw new StoreUnavailable(
          `DynamoDB kept cancelling the append (conflicting transactions or throttling) after ${lost.transient} ` +
            'attempts; nothing was written, retry later',
        );
      }
      await sleep(backoffDelay(this.table.retry, lost.transient));
      return;
    }
    lost.contention += 1;
    const rounds = this.options.maxContentionRounds ?? DEFAULT_CONTENTION_ROUNDS;
    if (lost.contention >= rounds) {
      throw new StoreUnavailable(
        `the append lost ${lost.contention} rounds to other writers of ${territory}; retry later`,
      );
    }
    if (lost.contention > 2) await sleep(Math.random() * Math.min(50, lost.contention));
  }

  /** The stream head, the ledger head and the command, in one strongly consistent read. */
  private async load(streamId: string, territory: string, commandId: string) {
    const items = await this.table.getItems([
      streamHeadKey(streamId),
      ledgerHeadKey(territory),
      commandKey(commandId),
    ]);
    let stream: ChainHead = EMPTY_HEAD;
    let ledger: LedgerHead = EMPTY_LEDGER;
    let command: CommandRecord | undefined;
    for (const item of items) {
      const pk = item.pk?.S ?? '';
      if (pk.startsWith('CMD#')) command = parseCommand(item);
      else if (pk.startsWith('LEDGER#') && isHeadItem(item)) ledger = parseLedgerHead(item);
      else if (isHeadItem(item)) stream = parseStreamHead(item);
    }
    this.streamHeads.remember(streamId, stream);
    this.ledgerHeads.remember(territory, ledger);
    return { stream, ledger, command };
  }

  private async replay(record: CommandRecord, fingerprint: string): Promise<AppendResult> {
    if (record.fingerprint !== fingerprint) throw new DuplicateCommand(record.commandId);
    const { streamId, fromVersion, toVersion, positions } = record;
    const events = await readVersionRange(this.table, streamId, fromVersion, toVersion);
    return { streamId, fromVersion, toVersion, positions, events, replayed: true };
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StreamPage> {
    return readStreamPage(this.table, streamId, options, (head) => this.streamHeads.remember(streamId, head));
  }

  readLedger(
    territory: string,
    options: { afterPosition?: number; limit?: number } = {},
  ): Promise<LedgerPage> {
    return readLedgerPage(this.table, territory, options, this.lag);
  }

  listStreams(options: ListStreamsOptions = {}): Promise<StreamList> {
    return listStreamsPage(this.table, options);
  }

  eraseText(streamId: string, version: number, path: string, digest: string): Promise<void> {
    return eraseEventText(this.table, streamId, version, path, digest);
  }

  readSummaries(territory: string): Promise<StreamSummary[]> {
    return readTerritorySummaries(this.table, territory);
  }

  putSummaries(summaries: readonly StreamSummary[]): Promise<void> {
    return overwriteSummaries(this.table, summaries);
  }

  async findCommand(commandId: string): Promise<CommandRecord | null> {
    const item = await this.table.getItem(commandKey(commandId));
    return item ? parseCommand(item) : null;
  }
}

/** Whether a head known to this process meets the expectation; if not, the table may know better. */
function satisfies(expected: ExpectedVersion, version: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return version === 0;
  if (expected === 'stream_exists') return version > 0;
  return expected === version;
}
