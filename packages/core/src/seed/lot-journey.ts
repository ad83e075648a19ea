import { streamId } from '../model/stream-id.ts';
import { lotActors as who } from './lot-actors.ts';
import { LOT_TERRITORY, type SeedStructure } from './lot-structures.ts';
import type { SeedRunner } from './seed-runner.ts';

export const projectIdOf = (structure: SeedStructure) => `${structure.id}-2023`;

/** The 2023-2027 projet social of one structure, from the renewal (autumn 2022) to the agreement (June 2023). */
export async function seedRenewal(run: SeedRunner, structure: SeedStructure): Promise<void> {
  const s = structure.id;
  const project = streamId('project', projectIdOf(structure));
  const title = `Projet social 2023-2027 — ${structure.name}`;
  const plannedPeriod = { start: '2023-07-01', end: '2027-06-30' };
  // The Causses renew their 2019-2022 project: the isolation stake carries on, by lineage.
  const kept = s === 'causses' ? [{ stakeId: 'isolement-2019', newStakeId: 'isolement' }] : [];
  if (kept.length > 0) {
    await run.run(project, who.director(s), '2022-09-15', {
      type: 'OpenNextProject',
      projectId: projectIdOf(structure),
      previousProjectId: 'causses-2019',
      title,
      plannedPeriod,
      circular: '2012-013',
      keptStakes: kept.map((stake) => ({
        ...stake,
        title: structure.stakes[0]?.[1] ?? 'Rompre l’isolement',
      })),
    });
  } else {
    await run.run(project, who.director(s), '2022-09-15', {
      type: 'OpenProject',
      projectId: projectIdOf(structure),
      structureId: s,
      territory: LOT_TERRITORY,
      structureKind: structure.kind,
      title,
      plannedPeriod,
      circular: '2012-013',
    });
    await run.run(project, who.director(s), '2022-09-20', {
      type: 'StartRenewal',
      note: 'Entrée dans la formation-action CAF46.',
    });
  }
  await run.run(project, who.staff(s), '2022-11-15', {
    type: 'RecordSharedDiagnosis',
    summary: 'Diagnostic partagé avec les habitants et les partenaires du territoire.',
    coldData: 'Données INSEE et CAF : population vieillissante, familles monoparentales en hausse.',
    warmData: 'Ce que disent les habitants : manque de lieux de rencontre, difficultés de mobilité.',
  });
  for (const [index, [stakeId, stakeTitle, lineageId]] of structure.stakes.entries()) {
    if (!kept.some((stake) => stake.newStakeId === stakeId)) {
      await run.run(project, who.staff(s), '2022-11-24', {
        type: 'IdentifyStake',
        stakeId,
        lineageId,
        title: stakeTitle,
      });
    }
    await run.run(project, who.board(s), '2022-11-24', {
      type: 'PrioritiseStake',
      stakeId,
      priority: index + 1,
    });
  }
  await run.run(project, who.board(s), '2022-12-08', { type: 'StateVision', statement: structure.vision });
  for (const [stakeId, title] of structure.stakes) {
    const pathwayId = `chemin-${stakeId}`;
    await run.run(project, who.staff(s), '2022-12-13', {
      type: 'DrawPathway',
      pathwayId,
      stakeId,
      longTermChange: `À long terme : ${title.toLowerCase()}.`,
    });
    await run.run(project, who.staff(s), '2022-12-13', {
      type: 'AddIntermediateChange',
      changeId: `${stakeId}-1`,
      pathwayId,
      description: 'Les habitants concernés connaissent le centre et y viennent.',
    });
    await run.run(project, who.staff(s), '2022-12-13', {
      type: 'AddIntermediateChange',
      changeId: `${stakeId}-2`,
      pathwayId,
      description: 'Ils prennent part à une action collective et y trouvent leur place.',
      after: [`${stakeId}-1`],
    });
    await run.run(project, who.staff(s), '2022-12-13', {
      type: 'StateAssumption',
      assumptionId: `hyp-${stakeId}`,
      pathwayId,
      fromChangeId: `${stakeId}-1`,
      toChangeId: `${stakeId}-2`,
      statement: 'Venir une première fois donne envie de revenir et de participer.',
    });
  }
  const firstStake = structure.stakes[0]?.[0];
  await run.run(project, who.board(s), '2022-12-15', {
    type: 'MakeCommitment',
    commitmentId: 'evaluation-continue',
    description: "Faire vivre la démarche d'évaluation tout au long du projet social.",
    heldBy: 'board_member',
    dueOn: '2027-06-30',
  });
  await run.run(project, who.staff(s), '2022-12-15', {
    type: 'MakeCommitment',
    commitmentId: 'temps-equipe',
    description: 'Un temps mensuel salariés-bénévoles pour suivre les chemins de changement.',
    heldBy: 'staff',
    dueOn: '2023-12-31',
    ...(firstStake ? { stakeId: firstStake } : {}),
  });
  await seedJanuaryReview(run, structure, project);
  await run.run(project, who.board(s), '2023-03-16', {
    type: 'AdoptProject',
    note: 'Adopté en conseil d’administration.',
  });
  await run.run(project, who.director(s), '2023-04-03', { type: 'SubmitToCaf' });
  await run.run(project, who.advisor, '2023-06-20', {
    type: 'GrantAgreement',
    period: { start: '2023-07-01', end: '2027-06-30' },
    decisionRef: 'CAF46 — commission d’action sociale du 20 juin 2023',
  });
}

/** The interim review of January 2023: the seed's difficulties and successes, in each structure's project. */
async function seedJanuaryReview(run: SeedRunner, structure: SeedStructure, project: string): Promise<void> {
  const s = structure.id;
  const difficulties = [
    ['diff-temps', 'time', 'Dégager du temps pour la démarche, en plus des activités.'],
    [
      'diff-calendrier',
      'calendar',
      'Un calendrier serré, entre le renouvellement et la vie de la structure.',
    ],
    [
      'diff-collectif',
      'moving_forward_together',
      'Avancer collectivement, en particulier entre salariés et bénévoles / administrateurs.',
    ],
  ] as const;
  const successes = [
    [
      'succes-echanges',
      'internal_exchanges',
      'Des échanges en interne qui ont permis de valoriser les actions.',
    ],
    [
      'succes-pensee',
      'new_ways_of_thinking',
      'L’intérêt de se familiariser avec de nouvelles façons de penser.',
    ],
    ['succes-vision', 'shared_vision', 'Le partage d’une vision collective.'],
  ] as const;
  for (const [difficultyId, category, description] of difficulties) {
    await run.run(project, who.staff(s), '2023-01-17', {
      type: 'ReportDifficulty',
      difficultyId,
      category,
      description,
    });
  }
  for (const [successId, category, description] of successes) {
    await run.run(project, who.volunteer(s), '2023-01-17', {
      type: 'RecordSuccess',
      successId,
      category,
      description,
    });
  }
  await run.run(project, who.director(s), '2023-01-17', {
    type: 'HoldInterimReview',
    reviewId: 'bilan-2023-01',
    title: "Bilan d'étape de la formation-action",
    participants: { director: 1, staff: 2, volunteer: 2, board_member: 1 },
    difficultyIds: difficulties.map(([id]) => id),
    successIds: successes.map(([id]) => id),
    decisions: [
      'Poursuivre la démarche par des expérimentations au long cours, tout au long du prochain projet social.',
    ],
    lessons: 'Les acquis sont à faire perdurer par des expérimentations sur le long terme.',
  });
}
