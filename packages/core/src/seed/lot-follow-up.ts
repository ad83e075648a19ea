import { streamId } from '../model/stream-id.ts';
import { lotActors as who } from './lot-actors.ts';
import { projectIdOf } from './lot-journey.ts';
import { LOT_TERRITORY, type SeedStructure } from './lot-structures.ts';
import type { SeedRunner } from './seed-runner.ts';

/** 2023-2025 for a followed structure: commitments kept or not, new entries, a correction, the 2025 review. */
export async function seedFollowUp(run: SeedRunner, structure: SeedStructure): Promise<void> {
  const s = structure.id;
  const project = streamId('project', projectIdOf(structure));
  const [firstStake, secondStake] = structure.stakes.map(([id]) => id);
  await run.run(project, who.staff(s), '2023-09-12', {
    type: 'MakeCommitment',
    commitmentId: 'cafe-habitants',
    description: 'Ouvrir un café des habitants un samedi par mois.',
    heldBy: 'volunteer',
    dueOn: '2024-03-31',
    ...(firstStake ? { stakeId: firstStake } : {}),
  });
  await run.run(project, who.staff(s), '2023-12-19', {
    type: 'HonourCommitment',
    commitmentId: 'temps-equipe',
  });
  await run.run(project, who.staff(s), '2024-03-28', {
    type: 'PostponeCommitment',
    commitmentId: 'cafe-habitants',
    newDueOn: '2024-09-30',
    reason: 'Pas de bénévoles disponibles pour l’ouverture au printemps.',
  });
  const mistaken = await run.run(project, who.staff(s), '2024-05-14', {
    type: 'ReportDifficulty',
    difficultyId: 'diff-benevoles',
    category: 'staff_volunteer_alignment',
    description: 'Les bénévoles et l’équipe ne partagent pas les mêmes priorités pour 2025.',
  });
  await run.run(project, who.director(s), '2024-05-21', {
    type: 'CorrectEntry',
    target: { version: mistaken.version, eventId: mistaken.eventId },
    changes: { description: 'Les bénévoles et l’équipe ne partagent pas les mêmes priorités pour 2024.' },
    reason: 'Erreur de saisie sur l’année.',
  });
  await run.run(project, who.volunteer(s), '2024-10-05', {
    type: 'RecordSuccess',
    successId: 'succes-cafe',
    category: 'internal_exchanges',
    description: 'Le café des habitants a réuni 25 personnes dès la première ouverture.',
    ...(firstStake ? { stakeIds: [firstStake] } : {}),
  });
  await run.run(project, who.volunteer(s), '2024-10-05', {
    type: 'HonourCommitment',
    commitmentId: 'cafe-habitants',
    note: 'Ouvert en octobre.',
  });
  if (firstStake) {
    await run.run(project, who.staff(s), '2024-11-08', {
      type: 'InvalidateAssumption',
      assumptionId: `hyp-${firstStake}`,
      evidence: 'Les personnes venues une fois reviennent peu sans invitation personnelle.',
    });
  }
  await run.run(project, who.director(s), '2025-01-21', {
    type: 'HoldInterimReview',
    reviewId: 'bilan-2025-01',
    title: "Bilan d'étape à mi-parcours",
    participants: { director: 1, staff: 3, volunteer: 4, board_member: 3, resident: 6 },
    difficultyIds: ['diff-benevoles'],
    successIds: ['succes-cafe'],
    decisions: [
      'Réviser la vision pour y inscrire l’aller-vers.',
      'Abandonner le projet de navette solidaire.',
    ],
  });
  await run.run(project, who.board(s), '2025-01-21', {
    type: 'ReviseVision',
    statement: `${structure.vision} Nous allons vers ceux qui ne viennent pas.`,
    rationale: 'Le bilan montre que venir une fois ne suffit pas : il faut aller vers les habitants.',
    decidingBody: 'board',
    reviewId: 'bilan-2025-01',
  });
  if (secondStake) {
    await run.run(project, who.board(s), '2025-01-21', {
      type: 'MakeCommitment',
      commitmentId: 'navette',
      description: 'Mettre en place une navette solidaire.',
      heldBy: 'board_member',
      stakeId: secondStake,
    });
    await run.run(project, who.board(s), '2025-02-04', {
      type: 'DropCommitment',
      commitmentId: 'navette',
      reason: 'Le service de transport à la demande de la communauté de communes répond au besoin.',
    });
  }
  await run.run(project, who.staff(s), '2025-02-10', {
    type: 'ResolveDifficulty',
    difficultyId: 'diff-temps',
    how: 'Un temps de travail dédié à l’évaluation est inscrit dans les fiches de poste.',
  });
}

/** The Causses' previous agreement (2019-2022), closed, so its history spans two agreements. */
export async function seedPreviousPeriod(run: SeedRunner): Promise<void> {
  const s = 'causses';
  const project = streamId('project', 'causses-2019');
  const title = 'Projet social 2019-2022 — Centre social des Causses';
  await run.run(project, who.director(s), '2018-09-10', {
    type: 'OpenProject',
    projectId: 'causses-2019',
    structureId: s,
    territory: LOT_TERRITORY,
    structureKind: 'centre_social',
    title,
    plannedPeriod: { start: '2019-07-01', end: '2022-06-30' },
    circular: '2012-013',
  });
  await run.run(project, who.staff(s), '2018-11-20', {
    type: 'IdentifyStake',
    stakeId: 'isolement-2019',
    lineageId: 'isolement',
    title: 'Lutter contre l’isolement des personnes âgées',
  });
  await run.run(project, who.staff(s), '2018-11-20', {
    type: 'IdentifyStake',
    stakeId: 'loisirs-2019',
    lineageId: 'loisirs',
    title: 'Développer les loisirs familiaux',
  });
  await run.run(project, who.board(s), '2018-12-06', {
    type: 'StateVision',
    statement: 'Un centre social ouvert à tous les habitants des Causses.',
  });
  await run.run(project, who.board(s), '2019-02-14', { type: 'AdoptProject' });
  await run.run(project, who.director(s), '2019-03-01', { type: 'SubmitToCaf' });
  await run.run(project, who.advisor, '2019-06-18', {
    type: 'GrantAgreement',
    period: { start: '2019-07-01', end: '2022-06-30' },
  });
  await run.run(project, who.volunteer(s), '2021-05-11', {
    type: 'RecordSuccess',
    successId: 'succes-visites',
    category: 'internal_exchanges',
    description: 'Les visites de convivialité ont repris après les confinements.',
    stakeIds: ['isolement-2019'],
  });
  await run.run(project, who.director(s), '2022-06-30', {
    type: 'ClosePeriod',
    note: 'Fin de la période d’agrément.',
  });
}
