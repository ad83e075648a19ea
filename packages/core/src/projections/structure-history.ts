import { SELF_ID } from '../decider/effects.ts';
import { fold } from '../decider/evolve.ts';
import type { ProjectStage, Stake } from '../decider/state.ts';
import type { Period } from '../events/lifecycle.ts';
import type { JournalEvent } from '../model/envelope.ts';
import { inJourneyOrder } from './decisions.ts';
import { participantTotal } from './format.ts';
import { type VisionVersion, visionVersionsOf } from './vision-history.ts';

/** One agreement period of a structure. */
export interface PeriodHistory {
  projectId: string;
  title: string;
  plannedPeriod: Period;
  /** The agreed period, once granted. */
  period?: Period;
  /** Absent when the structure links a project whose journal was not given. */
  stage?: ProjectStage;
  previousProjectId?: string;
  stakes: Pick<Stake, 'stakeId' | 'lineageId' | 'title' | 'status'>[];
  visions: VisionVersion[];
  reviews: { reviewId: string; title: string; occurredAt: string; participants: number; lessons?: string }[];
}

/** A stake followed across agreement periods by its lineage. */
export interface Lineage {
  lineageId: string;
  /** The periods (project ids, in period order) in which a stake of this lineage appears. */
  projectIds: string[];
  /** Its titles, in order of appearance, without repeats. */
  titles: string[];
  appearances: { projectId: string; stakeId: string; title: string; status: Stake['status'] }[];
}

export interface StructureHistory {
  structureId?: string;
  name?: string;
  kind?: 'centre_social' | 'evs';
  territory?: string;
  periods: PeriodHistory[];
  lineages: Lineage[];
}

/**
 * Every agreement period of a structure end to end, ordered by period start, with its stakes, vision
 * versions and interim reviews, and the stakes followed across periods by lineage. Projects that belong
 * to another structure are left out; projects the structure links but whose journal is not given
 * appear with what the link says. Example: `structureHistory(structureEvents, [events2019, events2023]).lineages`.
 */
export function structureHistory(
  structureEvents: readonly JournalEvent[],
  projectEventsList: readonly (readonly JournalEvent[])[],
): StructureHistory {
  const structureState = fold(structureEvents);
  const structure = structureState.entities.structure[SELF_ID]?.current;
  const links = structureState.entities.links;

  const periods: PeriodHistory[] = [];
  for (const events of projectEventsList) {
    const state = fold(events);
    const project = state.entities.project[SELF_ID]?.current;
    if (!project) continue;
    const belongs =
      structure === undefined ||
      project.structureId === structure.structureId ||
      links[project.projectId] !== undefined;
    if (!belongs || periods.some((period) => period.projectId === project.projectId)) continue;
    periods.push({
      projectId: project.projectId,
      title: project.title,
      plannedPeriod: project.plannedPeriod,
      ...(project.period !== undefined && { period: project.period }),
      stage: project.stage,
      ...(project.previousProjectId !== undefined && { previousProjectId: project.previousProjectId }),
      stakes: inJourneyOrder(state.entities.stakes).map(({ current: s }) => ({
        stakeId: s.stakeId,
        lineageId: s.lineageId,
        title: s.title,
        status: s.status,
      })),
      visions: visionVersionsOf(state),
      reviews: inJourneyOrder(state.entities.reviews).map(({ current: r, createdAt }) => ({
        reviewId: r.reviewId,
        title: r.title,
        occurredAt: createdAt,
        participants: participantTotal(r.participants),
        ...(r.lessons !== undefined && { lessons: r.lessons }),
      })),
    });
  }
  for (const { current: link } of inJourneyOrder(links)) {
    if (periods.some((period) => period.projectId === link.projectId)) continue;
    periods.push({
      projectId: link.projectId,
      title: link.title,
      plannedPeriod: { start: link.plannedStart, end: link.plannedEnd },
      stakes: [],
      visions: [],
      reviews: [],
    });
  }
  const startOf = (period: PeriodHistory) => (period.period ?? period.plannedPeriod).start;
  periods.sort((a, b) => startOf(a).localeCompare(startOf(b)) || a.projectId.localeCompare(b.projectId));

  return {
    ...(structure !== undefined && {
      structureId: structure.structureId,
      name: structure.name,
      kind: structure.kind,
      territory: structure.territory,
    }),
    periods,
    lineages: lineagesOf(periods),
  };
}

function lineagesOf(periods: readonly PeriodHistory[]): Lineage[] {
  const lineages = new Map<string, Lineage>();
  for (const period of periods) {
    for (const stake of period.stakes) {
      const lineage = lineages.get(stake.lineageId) ?? {
        lineageId: stake.lineageId,
        projectIds: [],
        titles: [],
        appearances: [],
      };
      lineages.set(stake.lineageId, lineage);
      if (!lineage.projectIds.includes(period.projectId)) lineage.projectIds.push(period.projectId);
      if (!lineage.titles.includes(stake.title)) lineage.titles.push(stake.title);
      lineage.appearances.push({
        projectId: period.projectId,
        stakeId: stake.stakeId,
        title: stake.title,
        status: stake.status,
      });
    }
  }
  return [...lineages.values()];
}
