export type StreamKind = 'structure' | 'project' | 'cohort';
export const streamKinds: readonly StreamKind[] = ['structure', 'project', 'cohort'];

/** Builds a stream id. Example: `streamId('project', 'causses-2023')` is `'project:causses-2023'`. */
export function streamId(kind: StreamKind, id: string): string {
  return `${kind}:${id}`;
}

/** Splits a stream id into kind and id, or returns undefined when it is not one. */
export function parseStreamId(value: string): { kind: StreamKind; id: string } | undefined {
  const at = value.indexOf(':');
  if (at < 0) return undefined;
  const kind = value.slice(0, at);
  const id = value.slice(at + 1);
  if (!id || !(streamKinds as readonly string[]).includes(kind)) return undefined;
  return { kind: kind as StreamKind, id };
}
