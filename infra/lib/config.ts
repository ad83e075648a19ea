import type { App } from 'aws-cdk-lib';
import { DEFAULT_TABLE_NAME } from '../../packages/api/src/stores/dynamodb/table-definition.ts';

/** Paris: the journal holds French public-service data, which stays in France by default. */
export const DEFAULT_REGION = 'eu-west-3';
export const DEFAULT_STACK_NAME = 'Chemins';

export interface CheminsConfig {
  readonly region: string;
  readonly stackName: string;
  readonly tableName: string;
}

/** Reads `-c region=… -c stackName=… -c tableName=…`; no lookups, so synth stays offline. */
export function readConfig(app: App): CheminsConfig {
  return {
    region: contextString(app, 'region') ?? DEFAULT_REGION,
    stackName: contextString(app, 'stackName') ?? DEFAULT_STACK_NAME,
    tableName: contextString(app, 'tableName') ?? DEFAULT_TABLE_NAME,
  };
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`CDK context "${key}" must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}
