import { InvalidSetting } from './invalid-setting.ts';

/** The port `npm start` (`chemins serve`) listens on when PORT is unset. */
export const DEFAULT_PORT = 3000;

/**
 * The port to listen on: PORT, or 3000; `0` lets the system pick a free one. Anything else is refused
 * before the server starts, rather than listening on a port nobody asked for.
 * Example: `portFromEnv({ PORT: '8080' })` is 8080.
 */
export function portFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.PORT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port > 65_535)
    throw new InvalidSetting('PORT', `PORT must be a port number from 0 to 65535, not "${raw}"`);
  return port;
}
