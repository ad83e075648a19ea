import { HttpProblem } from '../errors/http-problem.ts';

/** The ETag of a stream at a version. Example: `etagOf(12)` is `W/"12"`. */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/** Reads `If-Match: W/"<version>"` (or `"<version>"`) into an expected version; absent means "decide on the latest". */
export function expectedVersionFrom(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') {
    // "Any current version" would let a command land on a state its sender never read: not offered.
    throw new HttpProblem(
      400,
      'INVALID_IF_MATCH',
      'If-Match: * is not supported: send the ETag you read, such as W/"12", or no If-Match to act on the latest version',
      { header: 'If-Match' },
    );
  }
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match?.[1]) {
    throw new HttpProblem(400, 'INVALID_IF_MATCH', 'If-Match must be the ETag you read, such as W/"12"', {
      header: 'If-Match',
    });
  }
  return Number(match[1]);
}

/** Reads `Idempotency-Key`: 1 to 128 letters, digits and `-_.:`. */
export function idempotencyKeyFrom(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(header)) {
    throw new HttpProblem(
      400,
      'INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key must be 1 to 128 letters, digits or "-_.:" (a UUID is ideal)',
      {
        header: 'Idempotency-Key',
      },
    );
  }
  return header;
}

/**
 * Whether `If-None-Match` matches the current ETag: `*`, or any tag of the list, compared weakly
 * (RFC 9110 §13.1.2: `W/"12"` and `"12"` match). Example: `ifNoneMatchHits('W/"3", W/"12"', 'W/"12"')` is true.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}
