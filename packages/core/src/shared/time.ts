/** Normalises an instant or a calendar date to `toISOString()` form, so instants compare as strings. Example: `toInstant('2023-01-17')` is `'2023-01-17T00:00:00.000Z'`. */
export function toInstant(value: string | Date): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}

/** Whether a string parses as a date. */
export function isValidInstant(value: string): boolean {
  return !Number.isNaN(new Date(value).getTime());
}
