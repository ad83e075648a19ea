import { type Command, commandCatalogue, commandTypesFor } from '../commands/catalogue.ts';
import { DomainError } from '../errors/domain-error.ts';
import { parseStreamId, type StreamKind } from '../model/stream-id.ts';

/** The command types each stream kind accepts, as sets: one lookup per command. */
const typesByKind = new Map<StreamKind, ReadonlySet<string>>();

function typesOf(kind: StreamKind): ReadonlySet<string> {
  let types = typesByKind.get(kind);
  if (!types) {
    types = new Set(commandTypesFor(kind));
    typesByKind.set(kind, types);
  }
  return types;
}

/**
 * The command as the decider may take it, parsed by its zod schema (trimmed, defaults set), or a
 * DomainError: a stream id that is not one (INVALID_STREAM_ID), a command of another stream kind
 * (WRONG_STREAM_KIND), a command its schema refuses (INVALID_COMMAND, the issues in `details`), an
 * opening command whose id is not the stream's (STREAM_ID_MISMATCH). The API checks the same before;
 * embedders call the journal directly, and what passes here is what `decodeEvent` reads back.
 */
export function checkCommand(streamId: string, command: unknown): Command | DomainError {
  const stream = parseStreamId(streamId);
  if (!stream) {
    return new DomainError(
      'INVALID_STREAM_ID',
      `"${streamId}" is not a stream id: use structure:<id>, project:<id> or cohort:<id>`,
      { streamId },
    );
  }
  const type = (command as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(commandCatalogue, type)) {
    return new DomainError('INVALID_COMMAND', `${quoted(type)} is not a command type of Chemins`, {
      issues: [{ path: 'type', message: 'unknown command type' }],
    });
  }
  if (!typesOf(stream.kind).has(type)) {
    return new DomainError('WRONG_STREAM_KIND', `${type} does not apply to a ${stream.kind} stream`, {
      type,
      kind: stream.kind,
    });
  }
  const definition = commandCatalogue[type as Command['type']];
  const parsed = definition.schema.safeParse(command);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    const first = issues[0];
    return new DomainError(
      'INVALID_COMMAND',
      `${type} is not valid${first ? `: ${first.path || 'command'}: ${first.message}` : ''}`,
      { type, issues },
    );
  }
  const valid = parsed.data as Command;
  const { opens, creates } = definition.rules;
  if (opens && creates) {
    const id = (valid as unknown as Record<string, unknown>)[creates.field];
    if (id !== stream.id) {
      return new DomainError(
        'STREAM_ID_MISMATCH',
        `${creates.field} must be the id of the stream it opens (${stream.id})`,
        { field: creates.field, expected: stream.id, actual: id },
      );
    }
  }
  return valid;
}

function quoted(type: unknown): string {
  return typeof type === 'string' ? `"${type.slice(0, 64)}"` : 'a command without a type';
}
