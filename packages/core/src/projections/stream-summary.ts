import { SELF_ID } from '../decider/effects.ts';
import type { JourneyState, ProjectStage } from '../decider/state.ts';
import type { Period } from '../events/lifecycle.ts';
import { openWork } from './open-work.ts';

interface SummaryBase {
  streamId: string;
  territory: string;
  version: number;
  lastOccurredAt?: string;
}

/** What the territory dashboard needs of a structure stream. */
export interface StructureSummary extends SummaryBase {
  kind: 'structure';
  structureId: string;
  name: string;
  structureKind: 'centre_social' | 'evs';
}

/** What the territory dashboard needs of a project stream. */
export interface ProjectSummary extends SummaryBase {
  kind: 'project';
  projectId: string;
  structureId: string;
  structureKind: 'centre_social' | 'evs';
  title: string;
  plannedPeriod: Period;
  period?: Period;
  stage: ProjectStage;
  openDifficulties: number;
  /** Due dates of the commitments still open or postponed, sorted: overdue ones are counted at read time. */
  pendingDueDates: string[];
}

export interface CohortSummary extends SummaryBase {
  kind: 'cohort';
  cohortId: string;
  title: string;
}

/**
 * A small row per stream, kept by the stores in the same transaction as each append, so that a
 * territory's dashboard is one query instead of one fold per stream.
 */
export type StreamSummary = StructureSummary | ProjectSummary | CohortSummary;

/**
 * The summary of a stream's state, or undefined before it is opened.
 * Example: `streamSummary('project:causses-2023', fold(events))?.stage`.
 */
export function streamSummary(streamId: string, state: JourneyState): StreamSummary | undefined {
  const base = {
    streamId,
    territory: state.territory ?? '',
    version: state.version,
    ...(state.lastOccurredAt !== undefined && { lastOccurredAt: state.lastOccurredAt }),
  };
  const project = state.entities.project[SELF_ID]?.current;
  if (project) {
    const { openDifficulties, pendingDueDates } = openWork(state);
    return {
      ...base,
      kind: 'project',
      projectId: project.projectId,
      structureId: project.structureId,
      structureKind: project.structureKind,
      title: project.title,
      plannedPeriod: project.plannedPeriod,
      ...(project.period !== undefined && { period: project.period }),
      stage: project.stage,
      openDifficulties,
      pendingDueDates,
    };
  }
  const structure = state.entities.structure[SELF_ID]?.current;
  if (structure) {
    return {
      ...base,
      kind: 'structure',
      structureId: structure.structureId,
      name: structure.name,
      structureKind: structure.kind,
    };
  }
  const cohort = state.entities.cohort[SELF_ID]?.current;
  if (cohort) return { ...base, kind: 'cohort', cohortId: cohort.cohortId, title: cohort.title };
  return undefined;
}
