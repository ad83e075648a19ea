/**
 * JSON with object keys sorted at every depth, so that equal values always give equal text
 * (the basis of every hash). Example: `canonicalJson({ b: 1, a: [2] })` is `'{"a":[2],"b":1}'`.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // undefined has no JSON form: treat it like an absent key.
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort();
  const body = keys.map(
    (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
  );
  return `{${body.join(',')}}`;
}
