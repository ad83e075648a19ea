import { randomUUID } from 'node:crypto';
import { type AppDependencies, createApp, hs256Authenticator, signToken } from '@chemins/api';
import { type EventStore, Journal, MemoryEventStore, type Role, seedLotScenario } from '@chemins/core';

export const SECRET = 'test-secret-not-for-production-0123456789';
export const NOW = new Date('2026-11-27T10:00:00.000Z');

/** What a test may change in the app's dependencies (the store is the first argument). */
export type AppOverrides = Partial<Omit<AppDependencies, 'store'>>;

/** The app over a seeded in-memory store, with the test clock. */
export async function seededApp(store: EventStore = new MemoryEventStore(), overrides: AppOverrides = {}) {
  await seedLotScenario(new Journal(store));
  const app = createApp({
    store,
    auth: hs256Authenticator({ secret: SECRET }),
    clock: () => NOW,
    ids: randomUUID,
    ...overrides,
  });
  return { app, store };
}

export function token(
  role: Role,
  structures: string[] = [],
  territories: string[] = [],
  sub = `${role}-test`,
) {
  return signToken({ sub, role, structures, territories }, SECRET, new Date());
}

export async function headers(role: Role, structures: string[] = [], territories: string[] = []) {
  return { Authorization: `Bearer ${await token(role, structures, territories)}` };
}

export const json = (body: unknown, extra: Record<string, string> = {}) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'Content-Type': 'application/json', ...extra },
});
