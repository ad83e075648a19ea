import type { ProjectStage } from '../decider/state.ts';

/** The stages of a projet social as an adviser reads them. */
export const stageLabels: Readonly<Record<ProjectStage, { fr: string; en: string }>> = {
  opened: { fr: 'ouvert', en: 'opened' },
  renewal: { fr: 'renouvellement engagé', en: 'renewal started' },
  evaluated: { fr: 'projet précédent évalué', en: 'previous project evaluated' },
  diagnosis: { fr: 'diagnostic partagé établi', en: 'shared diagnosis recorded' },
  adopted: { fr: "adopté en conseil d'administration", en: 'adopted by the board' },
  submitted: { fr: 'déposé à la CAF', en: 'submitted to the CAF' },
  granted: { fr: 'agréé', en: 'agreement granted' },
  deferred: { fr: 'agrément ajourné', en: 'agreement deferred' },
  refused: { fr: 'agrément refusé', en: 'agreement refused' },
  closed: { fr: 'période close', en: 'period closed' },
};
