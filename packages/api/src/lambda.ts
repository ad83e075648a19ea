import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app/create-app.ts';
import { lambdaAuthorizerAuthenticator } from './auth/lambda-authorizer.ts';
import { jsonLogger } from './logging/logger.ts';
import { DEFAULT_TABLE_NAME, DynamoEventStore } from './stores/index.ts';

// Created once per container, reused by every invocation it serves.
const client = new DynamoDBClient(
  process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {},
);
const store = new DynamoEventStore({ client, tableName: process.env.CHEMINS_TABLE ?? DEFAULT_TABLE_NAME });

const app = createApp({
  store,
  auth: lambdaAuthorizerAuthenticator,
  clock: () => new Date(),
  ids: randomUUID,
  logger: jsonLogger,
  corsOrigins: (process.env.CHEMINS_CORS_ORIGINS ?? '').split(',').filter(Boolean),
});

/** The Lambda entry point behind the HTTP API (payload v2, JWT authorizer claims). */
export const handler = handle(app);
