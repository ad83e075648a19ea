import type { EventStore, PersonDirectory, Principal } from '@chemins/core';
import type { Authenticator } from '../auth/authenticator.ts';
import type { Logger } from '../logging/logger.ts';

/** What createApp needs from its host: the edges the pure core does not touch. */
export interface AppDependencies {
  store: EventStore;
  /** Names and contacts behind actor ids, outside the log; in memory when not given. */
  directory?: PersonDirectory;
  auth: Authenticator;
  /** The current time. */
  clock: () => Date;
  /** New unique ids (events, generated entities, command ids). */
  ids: () => string;
  logger?: Logger;
  /** Origins allowed by CORS; none by default (same-origin only). */
  corsOrigins?: readonly string[];
}

/** Hono's typed context: the variables middleware set for the handlers. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
    deps: AppDependencies & { directory: PersonDirectory };
  };
  /** On Lambda, hono/aws-lambda puts the API Gateway event here. */
  Bindings: { event?: unknown };
}
