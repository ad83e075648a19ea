import * as z from 'zod';
import type { CollectionName } from '../decider/state.ts';
import type { EventDefinition } from '../events/define-event.ts';
import type { Role } from '../model/roles.ts';
import { instant } from '../shared/fields.ts';

/** An entity the command must find, optionally in one of some statuses. */
export interface TargetRule {
  field: string;
  collection: CollectionName;
  statuses?: readonly string[];
}

/** An optional reference (one id or a list of ids) that must name an existing entity. */
export interface ReferenceRule {
  field: string;
  collection: CollectionName;
}

export interface CommandRules {
  /** The stream's first command: it opens the stream. */
  opens?: boolean;
  /** The entity this command creates; its id is generated when the command leaves it out. */
  creates?: { field: string; collection: CollectionName };
  target?: TargetRule;
  references?: readonly ReferenceRule[];
  /** Only these roles may give this command. */
  roles?: readonly Role[];
  /** Allowed on a closed period (corrections and comments). */
  allowedWhenClosed?: boolean;
  /** A revision that must say why and who decided (`rationale`, `decidingBody`). */
  needsDecision?: boolean;
  /** Allowed project stages, for lifecycle steps. */
  stages?: readonly string[];
}

export interface CommandDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly event: EventDefinition;
  readonly label: { readonly fr: string; readonly en: string };
  readonly schema: S;
  readonly rules: CommandRules;
}

/**
 * Declares a command: its input fields (usually the event's, with generated ids optional),
 * the event it records, and the rules the decider checks against the state.
 */
export function defineCommand<const T extends string, Shape extends z.ZodRawShape>(definition: {
  type: T;
  event: EventDefinition;
  label: { fr: string; en: string };
  input: Shape;
  rules?: CommandRules;
}) {
  const schema = z
    .object({
      type: z.literal(definition.type),
      /** When it happened; defaults to now. */
      occurredAt: instant.optional(),
      ...definition.input,
    })
    .strict();
  return {
    type: definition.type,
    event: definition.event,
    label: definition.label,
    schema,
    rules: definition.rules ?? {},
  } satisfies CommandDefinition<T, typeof schema>;
}
