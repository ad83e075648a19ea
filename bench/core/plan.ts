// How the fold bench measures: the logs, the children and their samples, and the target it reports on.
import { fileURLToPath } from 'node:url';
import type { Way } from '../core-worker.ts';

export const SIZES = [1_000, 10_000, 100_000];
/** Rounds of children per log: each round starts one child per way, in a rotating order. */
export const ROUNDS = 3;
/** Timed samples per child, each of as many builds as make about 100,000 events (at least one). */
export const SAMPLES_PER_CHILD = 3;
export const SAMPLES = ROUNDS * SAMPLES_PER_CHILD;
export const EVENTS_PER_SAMPLE = 100_000;
/** Untimed samples in each child first: a fresh process starts with cold code. */
export const WARM_UP_SAMPLES = 2;
/** A child that takes longer has hung (the slowest, rebuilding the 100,000-event store, takes some 20 s). */
export const CHILD_TIMEOUT_MS = 300_000;

export const WAYS: readonly Way[] = ['fold', 'load', 'emmett'];
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKER = fileURLToPath(new URL('../core-worker.ts', import.meta.url));
/** How each child is started (tsx from the repository's node_modules, found from its working directory). */
export const CHILD_ARGS = ['--import', 'tsx', '--expose-gc', WORKER];

/** The rate each way should reach, events/s (wall clock, median), as well as being ahead of Emmett. */
export const TARGET = 1_000_000;
