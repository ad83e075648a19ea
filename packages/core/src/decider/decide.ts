import { type Command, commandCatalogue } from '../commands/catalogue.ts';
import type { CommandRules } from '../commands/define-command.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { DomainEvent } from '../events/catalogue.ts';
import type { Period } from '../events/lifecycle.ts';
import type { Actor } from '../model/roles.ts';
import { toInstant } from '../shared/time.ts';
import { checkCorrection, checkRetraction, findTarget } from './corrections.ts';
import { SELF_ID } from './effects.ts';
import { checkPeriod } from './period-rules.ts';
import { decideRenewal } from './renewal.ts';
import { type Entity, entitiesOf, type JourneyState } from './state.ts';

/** What the decider needs from the outside world: who acts, when, and how to make ids. */
export interface DecisionContext {
  actor: Actor;
  /** The current instant (ISO). */
  now: string;
  newId: () => string;
  /** For OpenNextProject: the state of the previous project, loaded by the journal. */
  previousProject?: JourneyState;
}

/** An event decided, before the journal stamps its envelope. */
export type DecidedEvent = DomainEvent & { occurredAt: string };

/**
 * Decides what a (validated) command records, given the stream's state: events, or a DomainError.
 * Example: `decide({ type: 'ReportDifficulty', category: 'time', description: '…' }, state, context)`.
 */
export function decide(
  command: Command,
  state: JourneyState,
  context: DecisionContext,
): DecidedEvent[] | DomainError {
  const definition = commandCatalogue[command.type];
  const rules = definition.rules;
  const { type: _type, occurredAt: requested, ...input } = command as Command & Record<string, unknown>;
  const data: Record<string, unknown> = { ...input };

  const refusal =
    checkStream(state, definition.event.streams, rules, definition.type) ??
    checkRole(rules, context.actor, definition.type) ??
    checkClosed(state, rules) ??
    checkStage(state, rules, definition.type);
  if (refusal) return refusal;

  let occurredAt = toInstant((requested as string | undefined) ?? context.now);
  if (occurredAt > toInstant(context.now)) {
    return new DomainError(
      'OCCURRED_IN_FUTURE',
      `occurredAt ${occurredAt} is in the future: record what has happened`,
      {
        occurredAt,
      },
    );
  }

  if (rules.creates) {
    const id =
      (data[rules.creates.field] as string | undefined) ?? (rules.opens ? undefined : context.newId());
    if (id !== undefined) data[rules.creates.field] = id;
    const existing =
      id !== undefined && !rules.opens ? entitiesOf(state, rules.creates.collection)[id] : undefined;
    if (existing) {
      return new DomainError('ALREADY_EXISTS', `${rules.creates.field} ${id} already exists in this stream`, {
        field: rules.creates.field,
        id,
      });
    }
  }

  const referenced: Entity<unknown>[] = [];
  const referenceRefusal = checkReferences(state, rules, data, referenced);
  if (referenceRefusal) return referenceRefusal;

  const specific = checkSpecific(command, state, data);
  if (specific instanceof DomainError) return specific;
  if (typeof specific === 'string') occurredAt = specific;

  const opening =
    state.entities.project[SELF_ID] ?? state.entities.structure[SELF_ID] ?? state.entities.cohort[SELF_ID];
  for (const entity of opening ? [opening, ...referenced] : referenced) {
    if (occurredAt < entity.createdAt) {
      const what = entity === opening ? 'this stream was opened' : `${entity.id} happened`;
      return new DomainError(
        'OCCURRED_BEFORE_REFERENCE',
        `occurredAt ${occurredAt} is before ${what} (${entity.createdAt})`,
        {
          occurredAt,
          reference: entity.id,
          referenceOccurredAt: entity.createdAt,
        },
      );
    }
  }

  if (command.type === 'OpenNextProject') return decideRenewal(command, context.previousProject, occurredAt);
  return [{ type: definition.event.type, data, occurredAt } as DecidedEvent];
}

function checkStream(
  state: JourneyState,
  streams: readonly string[],
  rules: CommandRules,
  type: string,
): DomainError | undefined {
  if (state.kind && !streams.includes(state.kind)) {
    return new DomainError('WRONG_STREAM_KIND', `${type} does not apply to a ${state.kind} stream`, {
      type,
      kind: state.kind,
    });
  }
  if (rules.opens && state.version > 0) {
    return new DomainError(
      'STREAM_ALREADY_OPENED',
      `this stream is already opened: ${type} only starts a new one`,
      { type },
    );
  }
  if (!rules.opens && state.version === 0) {
    return new DomainError('STREAM_NOT_OPENED', `nothing was opened here yet: open it before ${type}`, {
      type,
    });
  }
  return undefined;
}

function checkRole(rules: CommandRules, actor: Actor, type: string): DomainError | undefined {
  if (rules.roles && !rules.roles.includes(actor.role)) {
    return new DomainError(
      'ROLE_NOT_ALLOWED',
      `${type} is for ${rules.roles.join(' or ')}, not ${actor.role}`,
      {
        type,
        role: actor.role,
        allowed: rules.roles,
      },
    );
  }
  return undefined;
}

function checkClosed(state: JourneyState, rules: CommandRules): DomainError | undefined {
  const stage = state.entities.project[SELF_ID]?.current.stage;
  if (stage === 'closed' && !rules.allowedWhenClosed) {
    return new DomainError(
      'PERIOD_CLOSED',
      'this agreement period is closed: only corrections and comments can be added',
      {},
    );
  }
  return undefined;
}

function checkStage(state: JourneyState, rules: CommandRules, type: string): DomainError | undefined {
  const stage = state.entities.project[SELF_ID]?.current.stage;
  if (rules.stages && stage && !rules.stages.includes(stage)) {
    return new DomainError('INVALID_TRANSITION', `${type} is not possible at the "${stage}" stage`, {
      type,
      stage,
      allowedStages: rules.stages,
    });
  }
  return undefined;
}

function checkReferences(
  state: JourneyState,
  rules: CommandRules,
  data: Record<string, unknown>,
  referenced: Entity<unknown>[],
): DomainError | undefined {
  if (rules.target) {
    const { field, collection, statuses } = rules.target;
    const id = data[field] as string;
    const entity = entitiesOf(state, collection)[id] as Entity<{ status?: string }> | undefined;
    if (!entity) return unknownReference(field, id);
    const status = entity.current.status;
    if (statuses && status !== undefined && !statuses.includes(status)) {
      return new DomainError(
        'INVALID_TRANSITION',
        `${field} ${id} is ${status}: this needs it ${statuses.join(' or ')}`,
        {
          field,
          id,
          status,
        },
      );
    }
    referenced.push(entity);
  }
  for (const { field, collection } of rules.references ?? []) {
    const value = data[field];
    const ids = Array.isArray(value) ? (value as string[]) : value === undefined ? [] : [value as string];
    for (const id of ids) {
      const entity = entitiesOf(state, collection)[id];
      if (!entity) return unknownReference(field, id);
      referenced.push(entity);
    }
  }
  return undefined;
}

function unknownReference(field: string, id: string): DomainError {
  return new DomainError('UNKNOWN_REFERENCE', `${field}: nothing called ${id} exists in this stream`, {
    field,
    id,
  });
}

/** Rules of single commands. Returns a refusal, an imposed occurredAt, or nothing. */
function checkSpecific(
  command: Command,
  state: JourneyState,
  data: Record<string, unknown>,
): DomainError | string | undefined {
  const rules = commandCatalogue[command.type].rules;
  if (rules.needsDecision && (data.rationale === undefined || data.decidingBody === undefined)) {
    return new DomainError(
      'RATIONALE_REQUIRED',
      `${command.type} needs a rationale (why) and a decidingBody (who decided: board, steering_committee…)`,
      { missing: ['rationale', 'decidingBody'].filter((field) => data[field] === undefined) },
    );
  }
  switch (command.type) {
    case 'OpenProject':
      return checkPeriod(command.plannedPeriod as Period, 'plannedPeriod');
    case 'GrantAgreement':
      return checkPeriod(command.period as Period, 'period');
    case 'StateVision':
      return state.entities.vision[SELF_ID]
        ? new DomainError(
            'VISION_ALREADY_STATED',
            'a vision is already stated: revise it, with a rationale',
            {},
          )
        : undefined;
    case 'ReviseVision':
      return state.entities.vision[SELF_ID]
        ? undefined
        : new DomainError('NOT_A_VISION_YET', 'there is no vision to revise yet: state it first', {});
    case 'IdentifyStake':
      data.lineageId ??= data.stakeId;
      return undefined;
    case 'AddComment': {
      const about = command.aboutVersion;
      return about !== undefined && !state.entries[about]
        ? new DomainError('UNKNOWN_ENTRY', `there is no version ${about} to comment on`, {
            aboutVersion: about,
          })
        : undefined;
    }
    case 'EraseText': {
      const entry = findTarget(state, command.target, { allowRetracted: true });
      if (entry instanceof DomainError) return entry;
      if (!entry.texts?.includes(command.path)) {
        return new DomainError(
          'UNKNOWN_TEXT',
          `version ${entry.version} holds no erasable text at "${command.path}"`,
          {
            path: command.path,
            texts: entry.texts ?? [],
          },
        );
      }
      if (entry.erased?.includes(command.path)) {
        return new DomainError(
          'TEXT_ALREADY_ERASED',
          `the text at "${command.path}" of version ${entry.version} is already erased`,
          {
            path: command.path,
          },
        );
      }
      return entry.occurredAt;
    }
    case 'CorrectEntry':
    case 'RetractEntry': {
      const entry = findTarget(state, command.target);
      if (entry instanceof DomainError) return entry;
      const refusal =
        command.type === 'CorrectEntry'
          ? checkCorrection(state, entry, command.changes as Record<string, unknown>)
          : checkRetraction(entry);
      // A correction is about the moment of its target: asOf views then include it with its target.
      return refusal ?? entry.occurredAt;
    }
    default:
      return undefined;
  }
}
