import type { CommitmentStatus } from '../decider/state.ts';
import type { Participation, ReviewMark } from './review-types.ts';

/** The French words both renderings of a review share. */
export const markKindLabels: Readonly<Record<ReviewMark['kind'], string>> = {
  difficulty: 'Difficulté',
  success: 'Réussite',
  commitment: 'Engagement',
  gathering: 'Temps collectif, bilan ou restitution',
  vision: 'Vision révisée',
  assumption: 'Hypothèse invalidée',
};

export const markKindOrder: readonly ReviewMark['kind'][] = [
  'difficulty',
  'success',
  'commitment',
  'gathering',
  'vision',
  'assumption',
];

export const groupLabels: Readonly<Record<keyof Participation['groups'], string>> = {
  staff: 'Salarié·es (direction et équipe)',
  volunteersAndBoard: 'Bénévoles et administrateur·rices',
  residents: 'Habitant·es',
  others: 'Autres (partenaires, accompagnement, CAF…)',
};

export const commitmentStatusLabels: Readonly<Record<CommitmentStatus, string>> = {
  open: 'en cours',
  postponed: 'reporté',
  honoured: 'tenu',
  dropped: 'abandonné',
};

export const commitmentSectionLabels = {
  honoured: 'Tenus',
  postponed: 'Reportés',
  dropped: 'Abandonnés',
  open: 'Restant à tenir en fin de période',
} as const;

/** What a rendering of a review says about its subject; every field is shown escaped. */
export interface ReviewMeta {
  title: string;
  structureName?: string;
  projectId: string;
  /** The dates of the window as the reader should see them (calendar dates or instants). */
  from: string;
  to: string;
}
