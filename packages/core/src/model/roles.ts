import * as z from 'zod';

export const roles = [
  'director',
  'staff',
  'volunteer',
  'board_member',
  'resident',
  'partner',
  'facilitator',
  'caf_advisor',
  'caf_board',
  'federation_delegate',
  'auditor',
  'admin',
] as const;

export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** Roles of the people of a structure: they read and write their own structures' streams. */
export const structureRoles: readonly Role[] = [
  'director',
  'staff',
  'volunteer',
  'board_member',
  'resident',
  'partner',
];
/** Roles of the CAF: they read their territories and record agreement decisions. */
export const cafRoles: readonly Role[] = ['caf_advisor', 'caf_board'];

export const roleLabels: Record<Role, { fr: string; en: string }> = {
  director: { fr: 'direction', en: 'director' },
  staff: { fr: 'salarié·e', en: 'staff' },
  volunteer: { fr: 'bénévole', en: 'volunteer' },
  board_member: { fr: 'administrateur·rice', en: 'board member' },
  resident: { fr: 'habitant·e', en: 'resident' },
  partner: { fr: 'partenaire', en: 'partner' },
  facilitator: { fr: 'accompagnateur·rice', en: 'facilitator' },
  caf_advisor: { fr: 'conseiller·e technique CAF', en: 'CAF adviser' },
  caf_board: { fr: "conseil d'administration CAF", en: 'CAF board' },
  federation_delegate: { fr: 'délégué·e fédéral·e', en: 'federation delegate' },
  auditor: { fr: 'auditeur·rice', en: 'auditor' },
  admin: { fr: 'administration', en: 'admin' },
};

export const actorSchema = z.object({ id: z.string().min(1).max(128), role: roleSchema }).strict();
export type Actor = z.infer<typeof actorSchema>;
