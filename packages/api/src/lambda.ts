import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app/create-app.ts';
import { lambdaAuthorizerAuthenticator } from './auth/lambda-authorizer.ts';
import { jsonLogger } from './logging/logger.ts';
import { DEFAULT_TABLE_NAME, DynamoEventStore, DynamoPersonDirectory } from './stores/index.ts';

// Created once per container, reused by every invocation it serves.
const client = new DynamoDBClient(
  process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {},
);
const tableName = process.env.CHEMINS_TABLE ?? DEFAULT_TABLE_NAME;
const store = new DynamoEventStore({ client, tableName });
// The directory shares the journal's table, so the role's transactional writes cover it too.
const directory = new DynamoPersonDirectory({ client, tableName });

const app = createApp({
  store,
  directory,
  auth: lambdaAuthorizerAuthenticator,
  clock: () => new Date(),
  ids: randomUUID,
  logger: jsonLogger,
  corsOrigins: (process.env.CHEMINS_CORS_ORIGINS ?? '').split(',').filter(Boolean),
});

/** The Lambda entry point behind the HTTP API (payload v2, JWT authorizer claims). */
export const handler = handle(app);
