import type { Participants } from '../events/journey.ts';
import type { Lang } from './categories.ts';

const MONTHS: Record<Lang, readonly string[]> = {
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/**
 * A calendar date or an instant as words, read in UTC (the journal's time zone).
 * Example: `formatDate('2023-07-01', 'fr')` is `'1er juillet 2023'`; `formatDate('2023-01-17T09:00:00Z', 'en')` is `'17 January 2023'`.
 */
export function formatDate(value: string, lang: Lang = 'fr'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  const [, year, month, day] = match;
  const dayNumber = Number(day);
  const monthName = MONTHS[lang][Number(month) - 1] ?? month;
  const dayText = lang === 'fr' && dayNumber === 1 ? '1er' : String(dayNumber);
  return `${dayText} ${monthName} ${year}`;
}

/** The number of people counted in a participants record. Example: `participantTotal({ staff: 3, resident: 5 })` is 8. */
export function participantTotal(
  participants: Participants | Readonly<Record<string, number | undefined>> | undefined,
): number {
  let total = 0;
  for (const value of Object.values(participants ?? {})) if (typeof value === 'number') total += value;
  return total;
}

/** Shortens a free text for a one-line summary, on a word boundary when possible. */
export function shorten(text: string, max = 280): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** A count with its noun, French style (0 and 1 take the singular). Example: `countOf(2, 'engagement tenu', 'engagements tenus')`. */
export function countOf(count: number, singular: string, plural: string): string {
  return `${count} ${count > 1 ? plural : singular}`;
}

/** Headings start with a capital, whatever the case of a category label. Example: `capitalise('calendrier')` is `'Calendrier'`. */
export function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase('fr') + text.slice(1);
}
