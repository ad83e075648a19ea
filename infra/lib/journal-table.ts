import { TABLE_INDEXES, TABLE_KEY } from '@chemins/api';
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  type Attribute,
  AttributeType,
  Billing,
  ProjectionType,
  StreamViewType,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

type KeyDefinition = { readonly name: string; readonly type: 'S' | 'N' | 'B' };
type IndexDefinition = {
  readonly indexName: string;
  readonly partitionKey: KeyDefinition;
  readonly sortKey: KeyDefinition;
  readonly projectionType: 'ALL' | 'KEYS_ONLY';
};

const ATTRIBUTE_TYPES = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
  B: AttributeType.BINARY,
} as const satisfies Record<KeyDefinition['type'], AttributeType>;

const PROJECTION_TYPES = {
  ALL: ProjectionType.ALL,
  KEYS_ONLY: ProjectionType.KEYS_ONLY,
} as const satisfies Record<IndexDefinition['projectionType'], ProjectionType>;

function attribute(key: KeyDefinition): Attribute {
  return { name: key.name, type: ATTRIBUTE_TYPES[key.type] };
}

function globalSecondaryIndex(index: IndexDefinition) {
  return {
    indexName: index.indexName,
    partitionKey: attribute(index.partitionKey),
    sortKey: attribute(index.sortKey),
    projectionType: PROJECTION_TYPES[index.projectionType],
  };
}

/**
 * The event journal. Built from the adapter's own constants so that the code and the table cannot
 * drift apart. The journal is the system of record: it survives `cdk destroy` and accidental deletes.
 */
export function createJournalTable(scope: Construct, tableName: string): TableV2 {
  return new TableV2(scope, 'Journal', {
    tableName,
    partitionKey: attribute(TABLE_KEY.partitionKey),
    sortKey: attribute(TABLE_KEY.sortKey),
    globalSecondaryIndexes: Object.values(TABLE_INDEXES).map(globalSecondaryIndex),
    billing: Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    // Projectors use the stream as a wake-up signal, never as a source of order: the new image is enough.
    dynamoStream: StreamViewType.NEW_IMAGE,
  });
}
