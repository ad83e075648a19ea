import type * as z from 'zod';
import type { StreamKind } from '../model/stream-id.ts';

export type EventFamily = 'lifecycle' | 'vision' | 'journey' | 'audit' | 'structure' | 'cohort';

export interface EventDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly family: EventFamily;
  readonly streams: readonly StreamKind[];
  /** The current version of the data schema; older versions are upcast on read. */
  readonly schemaVersion: number;
  readonly label: { readonly fr: string; readonly en: string };
  readonly data: S;
}

/** Declares one event type of the catalogue. */
export function defineEvent<const T extends string, S extends z.ZodType>(
  definition: EventDefinition<T, S>,
): EventDefinition<T, S> {
  return definition;
}
