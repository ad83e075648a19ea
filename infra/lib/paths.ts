import { fileURLToPath } from 'node:url';

/** Resolved from this file rather than the working directory, so tests and the CLI agree. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const LOCK_FILE = fileURLToPath(new URL('../../package-lock.json', import.meta.url));
export const LAMBDA_ENTRY = fileURLToPath(new URL('../../packages/api/src/lambda.ts', import.meta.url));
