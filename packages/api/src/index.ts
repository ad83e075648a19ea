// @chemins/api: the HTTP API, authentication, stores and hosts (local server, Lambda).

export { createApp, PUBLIC_PATHS } from './app/create-app.ts';
export type { AppDependencies, AppEnv } from './app/env.ts';
export type { Authenticator } from './auth/authenticator.ts';
export { principalFromClaims } from './auth/claims.ts';
export type { Hs256Options, TokenRequest } from './auth/hs256.ts';
export { bearerToken, hs256Authenticator, signToken } from './auth/hs256.ts';
export { lambdaAuthorizerAuthenticator } from './auth/lambda-authorizer.ts';
export { HttpProblem, ValidationProblem } from './errors/http-problem.ts';
export type { Problem } from './errors/to-problem.ts';
export { toProblem } from './errors/to-problem.ts';
export { demoTokens } from './hosts/demo-tokens.ts';
export type { LocalServer, LocalServerOptions } from './hosts/local-server.ts';
export { startLocalServer } from './hosts/local-server.ts';
export type { ConfiguredStore } from './hosts/store-from-env.ts';
export { storeFromEnv } from './hosts/store-from-env.ts';
export type { Logger } from './logging/logger.ts';
export { jsonLogger, silentLogger } from './logging/logger.ts';
export * from './stores/index.ts';
export type { ExportVerdict, ImportResult, ParsedExport } from './transfer/ndjson.ts';
export { exportEvents, importEvents, parseNdjson, toNdjson, verifyExport } from './transfer/ndjson.ts';
export type { Seal, SealStatement, SealVerdict } from './transfer/seal.ts';
export { CHECKPOINT_EVERY, generateSealKeys, sealTerritory, verifySealedExport } from './transfer/seal.ts';
