import { type Command, streamId } from '@chemins/core';
import { admin, advisor, createJourney, staff } from './journey.ts';

export const STRUCTURE = streamId('structure', 'causses');
export const PREVIOUS = streamId('project', 'causses-2019');
export const PROJECT = streamId('project', 'causses-2023');
export const SCRIPT_DESCRIPTION = '<script>alert("x")</script> Avancer ensemble est difficile';

const opening = {
  type: 'OpenProject',
  structureId: 'causses',
  territory: '46',
  structureKind: 'centre_social',
  circular: '2012-013',
} as const;

/**
 * The Lot story for one structure, Centre social des Causses: a previous agreement (2019-2023) and the
 * current one (2023-2027) with the January 2023 interim review, a correction, a retraction, and the 2025
 * review that revises the vision, invalidates an assumption and drops a stake.
 */
export async function causses() {
  const journey = createJourney();
  const { run, entry } = journey;

  await run(STRUCTURE, structure(), { at: '2019-01-10', actor: admin });
  await run(STRUCTURE, link('causses-2019', '2019-07-01', '2023-06-30', 'Projet social 2019-2023'), {
    at: '2019-01-15',
  });

  await run(
    PREVIOUS,
    {
      ...opening,
      projectId: 'causses-2019',
      title: 'Projet social 2019-2023',
      plannedPeriod: { start: '2019-07-01', end: '2023-06-30' },
    },
    { at: '2019-01-15' },
  );
  await run(
    PREVIOUS,
    { type: 'IdentifyStake', stakeId: 'mobilite-2019', lineageId: 'mobilite', title: 'Mobilité rurale' },
    { at: '2019-02-01' },
  );
  await run(
    PREVIOUS,
    { type: 'IdentifyStake', stakeId: 'jeunesse-2019', title: 'Jeunesse' },
    { at: '2019-02-01' },
  );
  await run(
    PREVIOUS,
    { type: 'StateVision', statement: 'Un Causse où chacun peut se déplacer.' },
    { at: '2019-02-10' },
  );
  await run(PREVIOUS, { type: 'SubmitToCaf' }, { at: '2019-03-01' });
  await run(
    PREVIOUS,
    { type: 'GrantAgreement', period: { start: '2019-07-01', end: '2023-06-30' } },
    { at: '2019-05-20', actor: advisor },
  );
  await run(
    PREVIOUS,
    {
      type: 'HoldInterimReview',
      reviewId: 'r-2021',
      title: 'Bilan à mi-parcours',
      participants: { staff: 4, volunteer: 6 },
    },
    { at: '2021-06-15' },
  );
  await run(PREVIOUS, { type: 'ClosePeriod' }, { at: '2023-06-30' });

  await run(STRUCTURE, link('causses-2023', '2023-07-01', '2027-06-30', 'Projet social 2023-2027'), {
    at: '2022-10-03',
  });
  const p = (command: Command, at: string, extra: { recordedAt?: string; actor?: typeof staff } = {}) =>
    run(PROJECT, command, { at, ...extra });
  await p(
    {
      ...opening,
      projectId: 'causses-2023',
      title: 'Projet social 2023-2027',
      plannedPeriod: { start: '2023-07-01', end: '2027-06-30' },
      previousProjectId: 'causses-2019',
    },
    '2022-10-03',
  );
  await p({ type: 'StartRenewal' }, '2022-10-03');
  await p(
    { type: 'RecordSharedDiagnosis', summary: 'Isolement des aînés et mobilité difficile.' },
    '2022-11-15',
  );
  await p(
    {
      type: 'HoldCollectiveSession',
      sessionId: 'tc-1',
      title: 'Temps collectif n°1',
      participants: { staff: 5, volunteer: 3, resident: 2 },
    },
    '2022-11-08',
    // Recorded a week late, after the diagnosis: it still sits at its date in the views.
    { recordedAt: '2022-11-16T09:00:00.000Z' },
  );
  await p(
    {
      type: 'IdentifyStake',
      stakeId: 's-mobilite',
      lineageId: 'mobilite',
      title: 'Se déplacer sur le Causse',
    },
    '2022-11-20',
  );
  await p({ type: 'IdentifyStake', stakeId: 's-lien', title: "Rompre l'isolement" }, '2022-11-20');
  await p({ type: 'StateVision', statement: 'Un territoire où chacun trouve sa place.' }, '2022-12-10');
  await p(
    {
      type: 'DrawPathway',
      pathwayId: 'p-mobilite',
      stakeId: 's-mobilite',
      longTermChange: 'Les habitants se déplacent sans voiture.',
    },
    '2022-12-12',
  );
  await p(
    {
      type: 'AddIntermediateChange',
      changeId: 'c-covoit',
      pathwayId: 'p-mobilite',
      description: 'Un covoiturage solidaire existe.',
    },
    '2022-12-12',
  );
  await p(
    {
      type: 'StateAssumption',
      assumptionId: 'a-covoit',
      pathwayId: 'p-mobilite',
      statement: 'Les bénévoles conduiront.',
    },
    '2022-12-12',
  );
  await p(
    {
      type: 'DefineIndicator',
      indicatorId: 'i-trajets',
      stakeId: 's-mobilite',
      label: 'Trajets solidaires',
      unit: 'trajets par mois',
      target: { value: 20, by: '2024-12-31' },
    },
    '2022-12-12',
  );
  await p(
    {
      type: 'MakeCommitment',
      commitmentId: 'k-cafe',
      description: 'Un café des habitants par mois',
      stakeId: 's-lien',
      dueOn: '2023-03-31',
    },
    '2022-12-15',
  );
  await p(
    {
      type: 'MakeCommitment',
      commitmentId: 'k-navette',
      description: 'Étudier une navette',
      stakeId: 's-mobilite',
      dueOn: '2023-02-28',
    },
    '2022-12-15',
  );
  await p(
    {
      type: 'MakeCommitment',
      commitmentId: 'k-charte',
      description: 'Écrire une charte des bénévoles',
      dueOn: '2023-06-30',
    },
    '2022-12-15',
  );

  // January 2023: the interim review of the training-action.
  await p(
    {
      type: 'ReportDifficulty',
      difficultyId: 'd-temps',
      category: 'time',
      description: 'Peu de temps entre deux activités.',
      reportedBy: 'staff',
    },
    '2023-01-17',
    { actor: staff },
  );
  await p(
    {
      type: 'ReportDifficulty',
      difficultyId: 'd-cal',
      category: 'calendar',
      description: 'Calendrier serré avec le renouvellement.',
    },
    '2023-01-17',
  );
  await p(
    {
      type: 'ReportDifficulty',
      difficultyId: 'd-ensemble',
      category: 'moving_forward_together',
      description: SCRIPT_DESCRIPTION,
    },
    '2023-01-17',
  );
  await p(
    {
      type: 'ReportDifficulty',
      difficultyId: 'd-align',
      category: 'staff_volunteer_alignment',
      description: 'Salariés et bénévoles pas au même rythme.',
      stakeId: 's-lien',
    },
    '2023-01-17',
  );
  await p(
    {
      type: 'RecordSuccess',
      successId: 'u-echanges',
      category: 'internal_exchanges',
      description: 'Les échanges internes ont valorisé les actions.',
    },
    '2023-01-17',
  );
  await p(
    {
      type: 'RecordSuccess',
      successId: 'u-penser',
      category: 'new_ways_of_thinking',
      description: 'De nouvelles façons de penser.',
      stakeIds: ['s-mobilite'],
    },
    '2023-01-17',
  );
  await p(
    {
      type: 'RecordSuccess',
      successId: 'u-erreur',
      category: 'shared_vision',
      description: 'Saisie erronée.',
    },
    '2023-01-17',
  );
  await p(
    {
      type: 'HoldInterimReview',
      reviewId: 'r-2023-01',
      title: "Bilan d'étape de janvier 2023",
      participants: { director: 1, staff: 3, volunteer: 4, board_member: 2, facilitator: 1 },
      difficultyIds: ['d-temps', 'd-cal', 'd-ensemble', 'd-align'],
      successIds: ['u-echanges', 'u-penser'],
      commitmentIds: ['k-cafe'],
      decisions: ['Poursuivre par des expérimentations longues.'],
      lessons: 'Les acquis se prolongent dans la durée.',
    },
    '2023-01-17',
  );
  await p(
    {
      type: 'CorrectEntry',
      target: await entry(PROJECT, 'DifficultyReported', 'difficultyId', 'd-temps'),
      changes: { description: 'Peu de temps entre deux activités, surtout le mercredi.' },
      reason: 'Précision',
    },
    '2023-02-10',
  );
  await p(
    {
      type: 'RetractEntry',
      target: await entry(PROJECT, 'SuccessRecorded', 'successId', 'u-erreur'),
      reason: 'Saisie en double',
    },
    '2023-02-12',
  );
  await p(
    {
      type: 'PostponeCommitment',
      commitmentId: 'k-navette',
      newDueOn: '2023-09-30',
      reason: 'En attente du département',
    },
    '2023-02-27',
  );
  await p({ type: 'HonourCommitment', commitmentId: 'k-cafe' }, '2023-03-20');
  await p(
    {
      type: 'ShareResults',
      audience: 'Partenaires du département',
      summary: 'Restitution de la démarche.',
      participants: { partner: 6, staff: 2 },
    },
    '2023-03-28',
  );
  await p({ type: 'AdoptProject' }, '2023-04-05');
  await p({ type: 'SubmitToCaf' }, '2023-04-10');
  await p(
    {
      type: 'GrantAgreement',
      period: { start: '2023-07-01', end: '2027-06-30' },
      decisionRef: 'CAS 2023-06',
    },
    '2023-06-15',
    { actor: advisor },
  );
  await p(
    { type: 'ResolveDifficulty', difficultyId: 'd-cal', how: 'Un rétroplanning partagé.' },
    '2023-09-12',
  );

  // 2025: the interim review that revises the vision.
  await p(
    {
      type: 'ReportDifficulty',
      difficultyId: 'd-essoufflement',
      category: 'essoufflement_benevole',
      description: "Les bénévoles s'essoufflent.",
    },
    '2025-01-20',
  );
  await p(
    {
      type: 'HoldInterimReview',
      reviewId: 'r-2025',
      title: "Bilan d'étape 2025",
      participants: { staff: 3, volunteer: 5, board_member: 3, resident: 4 },
      difficultyIds: ['d-essoufflement'],
    },
    '2025-01-20',
  );
  await p(
    {
      type: 'ReviseVision',
      statement: 'Un territoire où chacun trouve sa place et peut agir.',
      rationale: 'Les habitants veulent agir, pas seulement participer.',
      decidingBody: 'board',
      reviewId: 'r-2025',
    },
    '2025-02-03',
  );
  await p(
    {
      type: 'InvalidateAssumption',
      assumptionId: 'a-covoit',
      evidence: 'Trop peu de bénévoles conducteurs.',
    },
    '2025-02-03',
  );
  await p(
    { type: 'DropCommitment', commitmentId: 'k-navette', reason: 'Remplacée par le transport à la demande.' },
    '2025-02-03',
  );
  await p(
    {
      type: 'ReviseTarget',
      indicatorId: 'i-trajets',
      target: { value: 12 },
      rationale: 'Objectif revu avec les bénévoles.',
    },
    '2025-02-03',
  );
  await p(
    {
      type: 'DropStake',
      stakeId: 's-lien',
      rationale: 'Intégré à la vision révisée.',
      decidingBody: 'board',
      reviewId: 'r-2025',
    },
    '2025-02-03',
  );
  await p({ type: 'IdentifyStake', stakeId: 's-numerique', title: 'Inclusion numérique' }, '2025-02-03');

  return {
    ...journey,
    structureEvents: await journey.events(STRUCTURE),
    previousEvents: await journey.events(PREVIOUS),
    projectEvents: await journey.events(PROJECT),
  };
}

function structure(): Command {
  return {
    type: 'RegisterStructure',
    structureId: 'causses',
    name: 'Centre social des Causses',
    kind: 'centre_social',
    managingBody: 'association',
    territory: '46',
  };
}

function link(projectId: string, plannedStart: string, plannedEnd: string, title: string): Command {
  return { type: 'LinkProject', projectId, plannedStart, plannedEnd, title };
}
