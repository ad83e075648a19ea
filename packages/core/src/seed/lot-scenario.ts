import type { Journal } from '../journal/journal.ts';
import { streamId } from '../model/stream-id.ts';
import { lotActors as who } from './lot-actors.ts';
import { seedFollowUp, seedPreviousPeriod } from './lot-follow-up.ts';
import { projectIdOf, seedRenewal } from './lot-journey.ts';
import { LOT_COHORT_ID, LOT_TERRITORY, lotStructures } from './lot-structures.ts';
import { SeedRunner } from './seed-runner.ts';

export interface SeedSummary {
  territory: string;
  cohortId: string;
  structureIds: string[];
  projectIds: string[];
  streams: string[];
}

/**
 * Seeds the Lot scenario (DESIGN's domain/scenario-lot-2022.md): 8 structures, 1 cohort, their projects,
 * through the journal's commands. Deterministic and idempotent: seeding twice changes nothing.
 * Example: `await seedLotScenario(new Journal(new MemoryEventStore()))`.
 */
export async function seedLotScenario(journal: Journal, newId?: () => string): Promise<SeedSummary> {
  let counter = 0;
  const run = new SeedRunner(
    journal,
    newId ??
      (() => {
        counter += 1;
        return `lot-${counter.toString().padStart(5, '0')}`;
      }),
  );
  const cohort = streamId('cohort', LOT_COHORT_ID);

  for (const structure of lotStructures) {
    await run.run(streamId('structure', structure.id), who.admin, '2018-06-01', {
      type: 'RegisterStructure',
      structureId: structure.id,
      name: structure.name,
      kind: structure.kind,
      managingBody: structure.managingBody,
      territory: LOT_TERRITORY,
    });
  }
  await seedPreviousPeriod(run);

  await run.run(cohort, who.facilitator, '2022-09-05', {
    type: 'OpenCohort',
    cohortId: LOT_COHORT_ID,
    title: 'Évaluation et mesure d’impact — Lot 2022-2023',
    territory: LOT_TERRITORY,
    funder: 'CAF46',
    facilitatorId: who.facilitator.id,
  });
  for (const structure of lotStructures) {
    await run.run(cohort, who.facilitator, '2022-09-05', {
      type: 'JoinCohort',
      structureId: structure.id,
      projectId: projectIdOf(structure),
    });
    await seedRenewal(run, structure);
  }
  const sessions = [
    ['temps-collectif-1', '2022-10-11', 'Évaluer autrement : valoriser nos contributions au territoire'],
    ['temps-collectif-2', '2022-11-08', 'Nos enjeux et nos chemins de changement'],
    ['temps-collectif-3', '2022-12-06', 'Indicateurs, récits et changements observés'],
  ] as const;
  for (const [sessionId, date, title] of sessions) {
    await run.run(cohort, who.facilitator, date, {
      type: 'HoldCollectiveSession',
      sessionId,
      title,
      cohortId: LOT_COHORT_ID,
      participants: { director: 8, staff: 14, volunteer: 10, board_member: 9 },
    });
  }
  for (const structure of lotStructures) {
    await run.run(cohort, who.facilitator, '2022-12-14', {
      type: 'HoldCoachingSession',
      sessionId: `accompagnement-${structure.id}`,
      topic: 'Écrire ses enjeux et ses chemins de changement',
      structureId: structure.id,
      participants: { director: 1, staff: 1, board_member: 1 },
    });
  }
  await run.run(cohort, who.facilitator, '2023-01-17', {
    type: 'HoldInterimReview',
    reviewId: 'bilan-cohorte-2023-01',
    title: "Bilan d'étape de la formation-action",
    participants: { director: 8, staff: 12, volunteer: 8, board_member: 8 },
    decisions: ['Faire perdurer les acquis par des expérimentations au long cours.'],
  });
  await run.run(cohort, who.facilitator, '2023-03-21', {
    type: 'ShareResults',
    audience: 'Partenaires du département du Lot',
    summary: 'Bilan de la démarche présenté aux partenaires lors de la rencontre finale.',
    participants: { director: 8, partner: 6, caf_advisor: 2 },
  });
  await run.run(cohort, who.facilitator, '2023-03-21', {
    type: 'PlanNextCohort',
    title: 'Deuxième session pour de nouvelles équipes en renouvellement',
  });
  for (const structure of lotStructures.filter((candidate) => candidate.followedUp)) {
    await seedFollowUp(run, structure);
  }

  return {
    territory: LOT_TERRITORY,
    cohortId: LOT_COHORT_ID,
    structureIds: lotStructures.map((structure) => structure.id),
    projectIds: [...lotStructures.map(projectIdOf), 'causses-2019'],
    streams: [...run.streams],
  };
}
