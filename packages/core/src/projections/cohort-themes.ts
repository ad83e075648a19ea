import { SELF_ID } from '../decider/effects.ts';
import { fold } from '../decider/evolve.ts';
import type { JournalEvent } from '../model/envelope.ts';
import { type CategoryKind, categoryLabel, compareCategories, type Lang } from './categories.ts';
import { type SuppressedCount, suppressSmallCount } from './suppression.ts';

/** A category cited in the interim reviews of a cohort's structures. */
export interface CohortTheme {
  category: string;
  label: string;
  /** How many structures cited it (counts under 5 shown as "< 5"). */
  structures: SuppressedCount;
  /** How many times it was cited (counts under 5 shown as "< 5"). */
  citations: SuppressedCount;
}

export interface CohortThemes {
  cohortId?: string;
  title?: string;
  /** The structures that joined the cohort. */
  structures: number;
  difficulties: CohortTheme[];
  successes: CohortTheme[];
}

/**
 * The difficulty and success categories most cited in the interim reviews of a cohort's structures,
 * the most widely shared first. Projects of structures outside the cohort are ignored.
 * Example: `cohortThemes(cohortEvents, memberProjectEvents).difficulties[0]?.label`.
 */
export function cohortThemes(
  cohortEvents: readonly JournalEvent[],
  projectEventsList: readonly (readonly JournalEvent[])[],
  options: { lang?: Lang; limit?: number } = {},
): CohortThemes {
  const cohortState = fold(cohortEvents);
  const cohort = cohortState.entities.cohort[SELF_ID]?.current;
  const members = Object.values(cohortState.entities.members).map((member) => member.current);
  const memberStructures = new Set(members.map((member) => member.structureId));
  const memberProjects = new Set(members.flatMap((member) => (member.projectId ? [member.projectId] : [])));

  const tallies: Record<CategoryKind, Map<string, { structures: Set<string>; citations: number }>> = {
    difficulty: new Map(),
    success: new Map(),
  };
  const cite = (kind: CategoryKind, category: string, structureId: string) => {
    const tally = tallies[kind].get(category) ?? { structures: new Set<string>(), citations: 0 };
    tally.structures.add(structureId);
    tally.citations += 1;
    tallies[kind].set(category, tally);
  };

  for (const events of projectEventsList) {
    const state = fold(events);
    const project = state.entities.project[SELF_ID]?.current;
    if (!project || !(memberStructures.has(project.structureId) || memberProjects.has(project.projectId)))
      continue;
    for (const { current: review } of Object.values(state.entities.reviews)) {
      for (const id of review.difficultyIds ?? []) {
        const category = state.entities.difficulties[id]?.current.category;
        if (category !== undefined) cite('difficulty', category, project.structureId);
      }
      for (const id of review.successIds ?? []) {
        const category = state.entities.successes[id]?.current.category;
        if (category !== undefined) cite('success', category, project.structureId);
      }
    }
  }

  const themes = (kind: CategoryKind): CohortTheme[] =>
    [...tallies[kind].entries()]
      .sort(
        ([a, x], [b, y]) =>
          y.structures.size - x.structures.size || y.citations - x.citations || compareCategories(kind, a, b),
      )
      .slice(0, options.limit ?? Number.POSITIVE_INFINITY)
      .map(([category, tally]) => ({
        category,
        label: categoryLabel(kind, category, options.lang ?? 'fr'),
        structures: suppressSmallCount(tally.structures.size),
        citations: suppressSmallCount(tally.citations),
      }));

  return {
    ...(cohort !== undefined && { cohortId: cohort.cohortId, title: cohort.title }),
    structures: memberStructures.size,
    difficulties: themes('difficulty'),
    successes: themes('success'),
  };
}
