import * as z from 'zod';
import type { StreamKind } from '../model/stream-id.ts';
import type { CommandDefinition } from './define-command.ts';
import { journeyCommands } from './journey-commands.ts';
import { lifecycleCommands } from './lifecycle-commands.ts';
import { auditCommands, cohortCommands, structureCommands } from './other-commands.ts';
import { visionCommands } from './vision-commands.ts';

const all = [
  ...lifecycleCommands,
  ...visionCommands,
  ...journeyCommands,
  ...auditCommands,
  ...structureCommands,
  ...cohortCommands,
] as const;

type AllCommands = (typeof all)[number];

/** Every command, validated by its zod schema, discriminated by `type`. */
export const commandSchema = z.discriminatedUnion(
  'type',
  all.map((command) => command.schema) as unknown as [AllCommands['schema'], ...AllCommands['schema'][]],
);

export type Command = z.infer<typeof commandSchema>;
export type CommandType = Command['type'];

export const commandCatalogue: Readonly<Record<CommandType, CommandDefinition<CommandType>>> =
  Object.fromEntries(all.map((command) => [command.type, command])) as unknown as Record<
    CommandType,
    CommandDefinition<CommandType>
  >;

export const commandTypes = Object.keys(commandCatalogue) as CommandType[];

/** The commands a stream kind accepts: those whose event the stream may hold. */
export function commandTypesFor(kind: StreamKind): CommandType[] {
  return commandTypes.filter((type) => commandCatalogue[type].event.streams.includes(kind));
}

/** The schema of the commands of one stream kind, discriminated by `type`. */
export function commandSchemaFor(kind: StreamKind) {
  const schemas = commandTypesFor(kind).map((type) => commandCatalogue[type].schema);
  return z.discriminatedUnion(
    'type',
    schemas as unknown as [AllCommands['schema'], ...AllCommands['schema'][]],
  );
}
