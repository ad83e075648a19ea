import { addMonths, formatISO, isAfter, parseISO } from 'date-fns';
import { DomainError } from '../errors/domain-error.ts';
import type { Period } from '../events/lifecycle.ts';

/** An agreement lasts 1 to 4 years: at most 48 months. */
export const MAX_PERIOD_MONTHS = 48;

/**
 * Refuses a period that does not end after it starts, or lasts more than 48 months.
 * Example: 2023-07-01 to 2027-06-30 is accepted; 2023-07-01 to 2027-07-01 is refused.
 */
export function checkPeriod(period: Period, field: string): DomainError | undefined {
  const start = parseISO(period.start);
  const end = parseISO(period.end);
  if (!isAfter(end, start)) {
    return new DomainError(
      'INVALID_PERIOD',
      `${field}: the period must end after it starts (${period.start} → ${period.end})`,
      {
        field,
        period,
      },
    );
  }
  const limit = addMonths(start, MAX_PERIOD_MONTHS);
  if (!isAfter(limit, end)) {
    // parseISO reads a date in local time, so the limit is printed in local time too (formatISO, not toISOString).
    return new DomainError(
      'PERIOD_TOO_LONG',
      `${field}: an agreement lasts at most ${MAX_PERIOD_MONTHS} months; end it before ${formatISO(limit, { representation: 'date' })}`,
      { field, period, maxMonths: MAX_PERIOD_MONTHS },
    );
  }
  return undefined;
}
