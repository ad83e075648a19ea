import { addMonths, parseISO } from 'date-fns';
import type { Command } from '../commands/catalogue.ts';
import { DomainError } from '../errors/domain-error.ts';
import { previousProjectEvaluation } from '../projections/previous-evaluation.ts';
import type { DecidedEvent } from './decide.ts';
import { SELF_ID } from './effects.ts';
import { checkPeriod } from './period-rules.ts';
import type { JourneyState } from './state.ts';

type OpenNextProject = Extract<Command, { type: 'OpenNextProject' }>;

/** The longest evaluation of the previous project a renewal records (the rest of a draft is cut). */
export const MAX_EVALUATION_LENGTH = 20_000;

/** The next project may be opened once the previous one is closed, or in its last 14 months. */
export const RENEWAL_WINDOW_MONTHS = 14;

/**
 * Opens the next projet social from the previous one: same structure and territory, a link back
 * (`previousProjectId`), the stakes kept with their lineage, and the evaluation of the previous period.
 *
 * The kept stakes' descriptions and the draft evaluation copy free texts of the previous project, which
 * may name people. They are copied all the same: a draft of titles and counts would not say what became
 * of each pathway or how the vision changed. Erasure follows the copies instead: the journal erases, in
 * the projects opened from a project, the texts of their renewal that copy a text erased there (see
 * `copiesOf` in journal/erasure-copies.ts).
 */
export function decideRenewal(
  command: OpenNextProject,
  previous: JourneyState | undefined,
  occurredAt: string,
): DecidedEvent[] | DomainError {
  const header = previous?.entities.project[SELF_ID]?.current;
  if (!previous || !header) {
    return new DomainError(
      'UNKNOWN_REFERENCE',
      `previousProjectId: no project ${command.previousProjectId} to renew`,
      {
        field: 'previousProjectId',
        id: command.previousProjectId,
      },
    );
  }
  const previousPeriod = header.period ?? header.plannedPeriod;
  const closing =
    addMonths(parseISO(occurredAt), RENEWAL_WINDOW_MONTHS).toISOString().slice(0, 10) >= previousPeriod.end;
  if (header.stage !== 'closed' && !closing) {
    return new DomainError(
      'PREVIOUS_PROJECT_NOT_CLOSING',
      `${command.previousProjectId} runs until ${previousPeriod.end}: its renewal opens ${RENEWAL_WINDOW_MONTHS} months before the end, or once it is closed`,
      { previousPeriodEnd: previousPeriod.end },
    );
  }
  const periodRefusal = checkPeriod(command.plannedPeriod, 'plannedPeriod');
  if (periodRefusal) return periodRefusal;
  if (command.plannedPeriod.start <= previousPeriod.start) {
    return new DomainError(
      'INVALID_PERIOD',
      `plannedPeriod: the next period must start after ${previousPeriod.start}`,
      {
        field: 'plannedPeriod',
      },
    );
  }
  const kept: DecidedEvent[] = [];
  for (const keep of command.keptStakes) {
    const stake = previous.entities.stakes[keep.stakeId]?.current;
    if (!stake)
      return new DomainError(
        'UNKNOWN_REFERENCE',
        `keptStakes: ${command.previousProjectId} has no stake ${keep.stakeId}`,
        { field: 'keptStakes', id: keep.stakeId },
      );
    kept.push({
      type: 'StakeIdentified',
      occurredAt,
      data: {
        stakeId: keep.newStakeId ?? keep.stakeId,
        lineageId: stake.lineageId,
        title: keep.title ?? stake.title,
        ...(stake.description ? { description: stake.description } : {}),
      },
    });
  }
  const ids = kept.map((event) => (event.data as { stakeId: string }).stakeId);
  if (new Set(ids).size !== ids.length) {
    return new DomainError(
      'ALREADY_EXISTS',
      'keptStakes: two kept stakes would share one id; give one a newStakeId',
      { field: 'keptStakes' },
    );
  }
  return [
    {
      type: 'ProjectOpened',
      occurredAt,
      data: {
        projectId: command.projectId,
        structureId: header.structureId,
        territory: header.territory,
        structureKind: header.structureKind,
        title: command.title,
        plannedPeriod: command.plannedPeriod,
        previousProjectId: command.previousProjectId,
        circular: command.circular,
      },
    },
    {
      type: 'RenewalStarted',
      occurredAt,
      data: { note: `Renouvellement du projet ${command.previousProjectId}.` },
    },
    ...kept,
    {
      type: 'PreviousProjectEvaluated',
      occurredAt,
      data: {
        summary: (command.evaluation ?? previousProjectEvaluation(previous)).slice(0, MAX_EVALUATION_LENGTH),
      },
    },
  ];
}
