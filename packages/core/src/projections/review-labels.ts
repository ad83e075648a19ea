import type { CommitmentStatus } from '../decider/state.ts';
import { type Role, roles } from '../model/roles.ts';
import type { Participation, ReviewMark } from './review-types.ts';

/** The lanes of the timeline picture, top to bottom, with their French names. */
export const laneLabels: Readonly<Record<ReviewMark['kind'], string>> = {
  difficulty: 'Difficultés',
  success: 'Réussites',
  commitment: 'Engagements',
  gathering: 'Rencontres',
  vision: 'Vision',
  assumption: 'Hypothèses invalidées',
};

export const laneOrder: readonly ReviewMark['kind'][] = [
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

/** The sections of commitments; a commitment whose status at the end differs from its section says so. */
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

/** The roles of a participation record, in the catalogue's order. */
export function rolesInOrder(byRole: Partial<Record<Role, number>>): [Role, number][] {
  return roles.flatMap((role) =>
    byRole[role] === undefined ? [] : [[role, byRole[role]] as [Role, number]],
  );
}

/** What to say after a commitment in a section: its status at the end of the window, when it is news. */
export function commitmentStatusNote(
  section: CommitmentStatus,
  status: CommitmentStatus,
): string | undefined {
  return section === status ? undefined : `statut en fin de période : ${commitmentStatusLabels[status]}`;
}
