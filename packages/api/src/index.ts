// @chemins/api: the HTTP API, authentication, stores and hosts (local server, Lambda).
export type { Authenticator } from './auth/authenticator.ts';
export { principalFromClaims } from './auth/claims.ts';
export type { Hs256Options, TokenRequest } from './auth/hs256.ts';
export { bearerToken, hs256Authenticator, signToken } from './auth/hs256.ts';
export { lambdaAuthorizerAuthenticator } from './auth/lambda-authorizer.ts';
export { createApp, PUBLIC_PATHS } from './app/create-app.ts';
export type { AppDependencies, AppEnv } from './app/env.ts';
export { HttpProblem, ValidationProblem } from './errors/http-problem.ts';
export type { Problem } from './errors/to-problem.ts';
export { toProblem } from './errors/to-problem.ts';
export type { Logger } from './logging/logger.ts';
export { jsonLogger, silentLogger } from './logging/logger.ts';
