/** A count as shown to people outside the structure: small counts could point at individuals. */
export type SuppressedCount = number | '< 5';

/** The threshold under which a count is not shown. */
export const SUPPRESSION_THRESHOLD = 5;

/**
 * Hides counts from 1 to 4; zero stays 0 (nothing to protect, and "none" is useful to an adviser).
 * Example: `suppressSmallCount(3)` is `'< 5'`; `suppressSmallCount(0)` is 0; `suppressSmallCount(7)` is 7.
 */
export function suppressSmallCount(count: number): SuppressedCount {
  return count > 0 && count < SUPPRESSION_THRESHOLD ? '< 5' : count;
}
