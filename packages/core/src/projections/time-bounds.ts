import { isValidInstant, toInstant } from '../shared/time.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** A bound of a query: an ISO instant, a calendar date `YYYY-MM-DD`, or a Date. */
export type TimeBound = string | Date;

/**
 * The first instant a `from` bound covers; a calendar date means the start of that day (UTC).
 * Example: `startBound('2023-01-17')` is `'2023-01-17T00:00:00.000Z'`.
 */
export function startBound(value: TimeBound): string {
  return normalise(value);
}

/**
 * The last instant a `to`, `asOf` or `knownAt` bound covers; a calendar date means the end of that day (UTC),
 * so that "as of 2023-01-31" includes what happened on the 31st.
 * Example: `endBound('2023-01-31')` is `'2023-01-31T23:59:59.999Z'`.
 */
export function endBound(value: TimeBound): string {
  const start = normalise(value);
  if (typeof value !== 'string' || !DATE_ONLY.test(value)) return start;
  return new Date(Date.parse(start) + DAY_MS - 1).toISOString();
}

/** Whether an instant lies in a window whose bounds are already normalised (both inclusive). */
export function inWindow(instant: string, from: string | undefined, to: string | undefined): boolean {
  return (from === undefined || instant >= from) && (to === undefined || instant <= to);
}

/** The calendar date (UTC) of an instant. Example: `dayOf('2023-01-17T10:00:00.000Z')` is `'2023-01-17'`. */
export function dayOf(instant: string): string {
  return toInstant(instant).slice(0, 10);
}

/** Bounds come from users (query strings): refuse what is not a date with a clear message. */
function normalise(value: TimeBound): string {
  const valid = typeof value === 'string' ? isValidInstant(value) : !Number.isNaN(value.getTime());
  if (!valid) throw new RangeError(`not a date or an instant: ${String(value)}`);
  return toInstant(value);
}
