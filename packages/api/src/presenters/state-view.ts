import { type Entity, type JourneyState, SELF_ID } from '@chemins/core';

type Listed<T> = T & { createdAt: string; updatedAt: string; createdVersion: number };

/** Entities as a list of their current fields, in the order they were created. */
function list<T>(collection: Record<string, Entity<T>>): Listed<T>[] {
  return Object.values(collection)
    .sort((a, b) => a.createdVersion - b.createdVersion)
    .map((entity) => ({
      ...entity.current,
      createdAt: entity.createdAt,
      updatedAt: entity.updatedAt,
      createdVersion: entity.createdVersion,
    }));
}

/** The JSON view of a project's state: its header (structure, territory, period) and every entity. */
export function projectView(state: JourneyState) {
  const header = state.entities.project[SELF_ID]?.current;
  const vision = state.entities.vision[SELF_ID];
  return {
    projectId: header?.projectId,
    structureId: header?.structureId,
    territory: state.territory,
    title: header?.title,
    structureKind: header?.structureKind,
    stage: header?.stage,
    plannedPeriod: header?.plannedPeriod,
    period: header?.period ?? header?.plannedPeriod,
    agreed: header?.period !== undefined,
    previousProjectId: header?.previousProjectId,
    circular: header?.circular,
    diagnosis: header?.diagnosis,
    version: state.version,
    lastOccurredAt: state.lastOccurredAt,
    lastRecordedAt: state.lastRecordedAt,
    vision: vision
      ? { ...vision.current, since: vision.updatedAt, revisions: vision.steps.length - 1 }
      : null,
    stakes: list(state.entities.stakes),
    pathways: list(state.entities.pathways),
    intermediateChanges: list(state.entities.changes),
    assumptions: list(state.entities.assumptions),
    indicators: list(state.entities.indicators),
    indicatorValues: list(state.entities.indicatorValues),
    commitments: list(state.entities.commitments),
    difficulties: list(state.entities.difficulties),
    successes: list(state.entities.successes),
    outcomes: list(state.entities.outcomes),
    changeStories: list(state.entities.stories),
    sessions: list(state.entities.sessions),
    interimReviews: list(state.entities.reviews),
    resultsShared: list(state.entities.sharings),
    comments: list(state.entities.comments),
  };
}

/** The JSON view of a structure: identity and linked projects. */
export function structureView(state: JourneyState) {
  return {
    ...state.entities.structure[SELF_ID]?.current,
    version: state.version,
    projects: list(state.entities.links),
    comments: list(state.entities.comments),
  };
}

/** The JSON view of a cohort: identity, members, sessions, reviews. */
export function cohortView(state: JourneyState) {
  return {
    ...state.entities.cohort[SELF_ID]?.current,
    version: state.version,
    members: list(state.entities.members),
    sessions: list(state.entities.sessions),
    interimReviews: list(state.entities.reviews),
    resultsShared: list(state.entities.sharings),
    nextCohorts: list(state.entities.plans),
    comments: list(state.entities.comments),
  };
}
