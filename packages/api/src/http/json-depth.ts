/**
 * Arrays and objects nested deeper than this are refused, in a request body (json-body.ts) as in an
 * import file (transfer/ndjson.ts): no command needs more than a few levels, and the hashing of a deeper
 * value (recursive canonical JSON) would overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether arrays and objects nest more than `limit` levels deep; iterative, so any depth is safe. */
export function deeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [current, depth] = next;
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}
