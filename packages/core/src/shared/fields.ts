import * as z from 'zod';

/** Control characters other than tab, newline and carriage return are refused in every text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

/** An identifier chosen by a client or generated: letters, digits, `_` and `-`. Example: `stake-mobility`. */
export const entityId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'use letters, digits, "_" or "-" (at most 64)');

/** A short label (a title, a name of a group). */
export const label = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'at most 200 characters')
  .regex(NO_CONTROL_CHARACTERS, 'control characters are not allowed');

/** Free text: descriptions, rationales, stories, comments. May mention people (see README, personal data). */
export const freeText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(4000, 'at most 4000 characters')
  .regex(NO_CONTROL_CHARACTERS, 'control characters are not allowed');

/** A long text: a draft evaluation of a whole agreement period. */
export const longText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(20_000, 'at most 20000 characters')
  .regex(NO_CONTROL_CHARACTERS, 'control characters are not allowed');

/** A calendar date, `YYYY-MM-DD`. */
export const calendarDate = z.iso.date();

/** An instant, ISO 8601 with a time zone, or a calendar date (read as midnight UTC). */
export const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/** A département code: `01`..`95`, `2A`, `2B`, `971`..`976`. */
export const territoryCode = z
  .string()
  .regex(/^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$/, 'a département code such as "46"');

/** A category slug: `time`, `moving_forward_together`. Categories are extensible data. */
export const categorySlug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_]*$/, 'a lowercase slug such as "calendar"');

export const count = z.int().min(0).max(100_000);
