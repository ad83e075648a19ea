import { DEFAULT_TABLE_NAME } from '@chemins/api';
import type { App } from 'aws-cdk-lib';
import { InvalidContext } from './invalid-context.ts';

/** Paris: the journal holds French public-service data, which stays in France by default. */
export const DEFAULT_REGION = 'eu-west-3';
export const DEFAULT_STACK_NAME = 'Chemins';

export interface CheminsConfig {
  readonly region: string;
  readonly stackName: string;
  readonly tableName: string;
  /** Browser origins allowed to call the API; none by default (no CORS, as the API itself). */
  readonly corsOrigins: readonly string[];
}

/** Reads `-c region=… -c stackName=… -c tableName=… -c corsOrigins=…`; no lookups, so synth stays offline. */
export function readConfig(app: App): CheminsConfig {
  return {
    region: contextString(app, 'region') ?? DEFAULT_REGION,
    stackName: contextString(app, 'stackName') ?? DEFAULT_STACK_NAME,
    tableName: contextString(app, 'tableName') ?? DEFAULT_TABLE_NAME,
    corsOrigins: contextOrigins(app, 'corsOrigins'),
  };
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidContext(key, `must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Comma-separated on the command line, or a list in cdk.json. Exact origins only, as the API matches
 * them (app/build-app.ts): API Gateway would read `*` or `https://*` as patterns, the API would not.
 */
function contextOrigins(app: App, key: string): string[] {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return [];
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
    throw new InvalidContext(key, `must be origins separated by commas, got ${JSON.stringify(value)}`);
  }
  const origins = items.map((item) => item.trim()).filter((item) => item !== '');
  for (const origin of origins) {
    if (!isOrigin(origin)) {
      throw new InvalidContext(
        key,
        `"${origin}" is not an origin: write the scheme, host and port only, as https://app.example.org`,
      );
    }
  }
  return origins;
}

function isOrigin(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (
    (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text && !text.includes('*')
  );
}
