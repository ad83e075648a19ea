/**
 * The single-table layout of the DynamoDB store. The CDK stack builds the table from these same
 * constants, so the code and the infrastructure cannot drift apart.
 *
 * Items (pk / sk), and their other attributes:
 * - event:        STREAM#<streamId> / EVT#<version, 10 digits>   e (event JSON), ledgerPk, ledgerPosition,
 *                                                                  ledgerHash
 * - stream head:  STREAM#<streamId> / HEAD                        streamId, kind, territory, version,
 *                                                                  lastHash, streamsPk, streamsSk
 * - ledger head:  LEDGER#<territory> / HEAD                       position, ledgerHash
 * - idempotency:  CMD#<commandId> / CMD                           streamId, fingerprint, fromVersion,
 *                                                                  toVersion, positions
 * - summary:      SUMMARY#<territory> / <streamId>                s (stream summary JSON)
 * - person:       PERSON#<actorId> / PROFILE                      actorId, name, contact (personal data,
 *                                                                  outside the log), or after an erasure
 *                                                                  only erasedAt (a tombstone)
 * One append writes all of them in a single TransactWriteItems, with a condition on each but the
 * summary (the stream head's condition already orders the appends of its stream). The person item is
 * written alone, also through TransactWriteItems (see dynamodb/person-directory.ts).
 */
export const TABLE_KEY = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
} as const;

/** Global secondary indexes. GSIs are eventually consistent: never used for concurrency decisions. */
export const TABLE_INDEXES = {
  /** The territory ledger in position order: pk `LEDGER#<territory>`, sk the position. */
  ledger: {
    indexName: 'ledger',
    partitionKey: { name: 'ledgerPk', type: 'S' },
    sortKey: { name: 'ledgerPosition', type: 'N' },
    /** Readers take whole events from the index, so it projects every attribute. */
    projectionType: 'ALL',
  },
  /** Stream heads by kind, then territory: pk `KIND#<kind>`, sk `<territory>#<streamId>`. */
  streams: {
    indexName: 'streams',
    partitionKey: { name: 'streamsPk', type: 'S' },
    sortKey: { name: 'streamsSk', type: 'S' },
    projectionType: 'ALL',
  },
} as const;

/** The default table name of the local server and the tests. */
export const DEFAULT_TABLE_NAME = 'chemins-journal';
