import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type EventStore, Journal, type PersonDirectory, seedLotScenario } from '@chemins/core';
import { serve } from '@hono/node-server';
import { createApp } from '../app/create-app.ts';
import { hs256Authenticator } from '../auth/hs256.ts';
import { jsonLogger, type Logger } from '../logging/logger.ts';

export interface LocalServerOptions {
  store: EventStore;
  /** Names and contacts behind actor ids; in memory (lost on exit) when not given. */
  directory?: PersonDirectory;
  /** 0 picks a free port. */
  port: number;
  hostname?: string;
  /** HS256 secret; a random one is made when absent (tokens then last as long as the process). */
  secret?: string;
  issuer?: string;
  audience?: string;
  /** Seed the Lot scenario when the journal has no Lot structure yet. */
  seed?: boolean;
  logger?: Logger;
  corsOrigins?: readonly string[];
}

export interface LocalServer {
  url: string;
  secret: string;
  secretWasGenerated: boolean;
  seeded: boolean;
  close(): Promise<void>;
}

/** Serves the API with @hono/node-server over any store, seeding the demo data on first run. */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  let seeded = false;
  if (options.seed ?? true) {
    const existing = await options.store.readStream('structure:causses', { limit: 1 });
    if (existing.streamVersion === 0) {
      await seedLotScenario(new Journal(options.store));
      seeded = true;
    }
  }
  const app = createApp({
    store: options.store,
    ...(options.directory ? { directory: options.directory } : {}),
    auth: hs256Authenticator({
      secret,
      ...(options.issuer ? { issuer: options.issuer } : {}),
      ...(options.audience ? { audience: options.audience } : {}),
    }),
    clock: () => new Date(),
    ids: randomUUID,
    logger: options.logger ?? jsonLogger,
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
  });
  const hostname = options.hostname ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: options.port, hostname }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${hostname === '0.0.0.0' ? '127.0.0.1' : hostname}:${port}`,
    secret,
    secretWasGenerated: options.secret === undefined,
    seeded,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
