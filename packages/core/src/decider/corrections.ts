import type * as z from 'zod';
import { DomainError } from '../errors/domain-error.ts';
import { eventCatalogue } from '../events/catalogue.ts';
import { type EntryIndex, entitiesOf, type JourneyState } from './state.ts';

const UNCORRECTABLE = new Set(['EntryCorrected', 'EntryRetracted']);
const OPENING = new Set(['ProjectOpened', 'StructureRegistered', 'CohortOpened']);

/** Finds the entry a correction or retraction points at, or explains why it cannot. */
export function findTarget(
  state: JourneyState,
  target: { version: number; eventId: string },
  options: { allowRetracted?: boolean } = {},
): EntryIndex | DomainError {
  const entry = state.entries[target.version];
  if (!entry || entry.eventId !== target.eventId) {
    return new DomainError(
      'UNKNOWN_ENTRY',
      `no entry ${target.eventId} at version ${target.version} in this stream`,
      {
        target,
      },
    );
  }
  if (entry.retractedBy !== undefined && !options.allowRetracted) {
    return new DomainError(
      'ENTRY_ALREADY_RETRACTED',
      `version ${entry.version} was already retracted by version ${entry.retractedBy}`,
      {
        target,
        retractedBy: entry.retractedBy,
      },
    );
  }
  return entry;
}

/** A retraction may target any entry but the stream's opening and other retractions. */
export function checkRetraction(entry: EntryIndex): DomainError | undefined {
  if (OPENING.has(entry.type) || entry.type === 'EntryRetracted') {
    return new DomainError('ENTRY_NOT_CORRECTABLE', `a ${entry.type} entry cannot be retracted`, {
      version: entry.version,
    });
  }
  return undefined;
}

/**
 * A correction changes fields of one entry's data, never its ids or territory, and the corrected data must
 * still be valid. An entry has at most one active correction: to amend a correction, retract it and correct again.
 */
export function checkCorrection(
  state: JourneyState,
  entry: EntryIndex,
  changes: Record<string, unknown>,
): DomainError | undefined {
  if (UNCORRECTABLE.has(entry.type)) {
    return new DomainError(
      'ENTRY_NOT_CORRECTABLE',
      `a ${entry.type} entry cannot be corrected; retract it instead`,
      {
        version: entry.version,
      },
    );
  }
  if (entry.correctedBy !== undefined) {
    return new DomainError(
      'ENTRY_ALREADY_CORRECTED',
      `version ${entry.version} was already corrected by version ${entry.correctedBy}: retract that correction first`,
      { version: entry.version, correctedBy: entry.correctedBy },
    );
  }
  const keys = Object.keys(changes);
  const frozen = keys.filter((key) => key === 'territory' || key.endsWith('Id') || key.endsWith('Ids'));
  if (keys.length === 0 || frozen.length > 0) {
    return new DomainError(
      'INVALID_CORRECTION',
      keys.length === 0
        ? 'a correction must change at least one field'
        : `identifiers cannot be corrected: ${frozen.join(', ')}`,
      { fields: frozen },
    );
  }
  const original = originalData(state, entry);
  const schema = eventCatalogue[entry.type].data as z.ZodType;
  const result = schema.safeParse({ ...original, ...changes });
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    const named = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return new DomainError(
      'INVALID_CORRECTION',
      `the corrected ${entry.type} would not be valid (${named})`,
      { issues },
    );
  }
  return undefined;
}

function originalData(state: JourneyState, entry: EntryIndex): Record<string, unknown> {
  if (!entry.ref) return {};
  return (
    entitiesOf(state, entry.ref.collection)[entry.ref.id]?.steps.find(
      (step) => step.version === entry.version,
    )?.original ?? {}
  );
}
