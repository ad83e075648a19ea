import { type Command, cohortThemes, streamId } from '@chemins/core';
import { describe, expect, it } from 'vitest';
import { createJourney, type Journey } from './journey.ts';

const COHORT = streamId('cohort', 'lot-2022');

/** A project whose January 2023 review cites one difficulty per category given, and successes alike. */
async function projectCiting(
  journey: Journey,
  structureId: string,
  difficulties: string[],
  successes: string[] = [],
) {
  const stream = streamId('project', `${structureId}-2023`);
  const at = { at: '2023-01-17' };
  await journey.run(
    stream,
    {
      type: 'OpenProject',
      projectId: `${structureId}-2023`,
      structureId,
      territory: '46',
      structureKind: 'evs',
      title: `Projet ${structureId}`,
      plannedPeriod: { start: '2023-07-01', end: '2027-06-30' },
      circular: '2012-013',
    },
    { at: '2022-10-01' },
  );
  const difficultyIds = difficulties.map((_, n) => `${structureId}-d${n}`);
  const successIds = successes.map((_, n) => `${structureId}-s${n}`);
  for (const [n, category] of difficulties.entries()) {
    await journey.run(
      stream,
      {
        type: 'ReportDifficulty',
        difficultyId: difficultyIds[n],
        category,
        description: 'Difficulté.',
      } as Command,
      at,
    );
  }
  for (const [n, category] of successes.entries()) {
    await journey.run(
      stream,
      { type: 'RecordSuccess', successId: successIds[n], category, description: 'Réussite.' } as Command,
      at,
    );
  }
  // A difficulty nobody cited in a review does not make a theme.
  await journey.run(
    stream,
    { type: 'ReportDifficulty', category: 'uncited', description: 'Hors bilan.' },
    at,
  );
  await journey.run(
    stream,
    {
      type: 'HoldInterimReview',
      title: "Bilan d'étape",
      participants: { staff: 2 },
      difficultyIds,
      successIds,
    },
    at,
  );
  return journey.events(stream);
}

describe('cohortThemes', () => {
  it("ranks the categories most cited in the cohort's reviews, counts under 5 suppressed", async () => {
    // Given a cohort of six structures that all cite "time", two of them "calendar"
    const journey = createJourney();
    await journey.run(
      COHORT,
      {
        type: 'OpenCohort',
        cohortId: 'lot-2022',
        title: 'Évaluation et mesure d’impact',
        territory: '46',
        funder: 'CAF46',
        facilitatorId: 'fac-1',
      },
      { at: '2022-09-01' },
    );
    const members = ['causses', 'cele', 'quercy', 'bouriane', 'passerelle', 'fil'];
    const projects = [];
    for (const [n, structureId] of members.entries()) {
      await journey.run(COHORT, { type: 'JoinCohort', structureId }, { at: '2022-09-02' });
      projects.push(
        await projectCiting(
          journey,
          structureId,
          n < 2 ? ['time', 'calendar'] : ['time'],
          n === 0 ? ['shared_vision'] : [],
        ),
      );
    }
    // And a structure outside the cohort that cites "calendar" many times
    projects.push(await projectCiting(journey, 'ailleurs', ['calendar', 'calendar', 'calendar', 'calendar']));

    // When the themes are computed
    const themes = cohortThemes(await journey.events(COHORT), projects);

    // Then "time" comes first with its counts shown, "calendar" next with its counts hidden
    expect(themes).toEqual({
      cohortId: 'lot-2022',
      title: 'Évaluation et mesure d’impact',
      structures: 6,
      difficulties: [
        { category: 'time', label: 'gestion du temps', structures: 6, citations: 6 },
        { category: 'calendar', label: 'calendrier', structures: '< 5', citations: '< 5' },
      ],
      successes: [
        {
          category: 'shared_vision',
          label: "partage d'une vision collective",
          structures: '< 5',
          citations: '< 5',
        },
      ],
    });
    expect(
      cohortThemes(await journey.events(COHORT), projects, { lang: 'en', limit: 1 }).difficulties,
    ).toEqual([{ category: 'time', label: 'managing time', structures: 6, citations: 6 }]);
  });

  it('is empty for an empty cohort', () => {
    expect(cohortThemes([], [])).toEqual({ structures: 0, difficulties: [], successes: [] });
  });
});
