import { roleLabels } from '../model/roles.ts';
import { categoryLabel } from './categories.ts';
import { escapeMarkdown as md } from './escape.ts';
import { formatDate } from './format.ts';
import {
  commitmentSectionLabels,
  commitmentStatusLabels,
  groupLabels,
  type ReviewMeta,
} from './review-labels.ts';
import type { CategoryGroup, Review, ReviewedCommitment } from './review-types.ts';

/**
 * The bilan as a French Markdown document; every user-supplied text is escaped.
 * Example: `renderReviewMarkdown(review(events, window), { title: "Bilan d'étape", projectId: 'causses-2023', ...window })`.
 */
export function renderReviewMarkdown(review: Review, meta: ReviewMeta): string {
  const lines: string[] = [`# ${md(meta.title)}`, ''];
  if (meta.structureName !== undefined) lines.push(`**Structure :** ${md(meta.structureName)}  `);
  lines.push(`**Projet social :** ${md(meta.projectId)}  `);
  lines.push(`**Période du bilan :** du ${md(formatDate(meta.from))} au ${md(formatDate(meta.to))}`, '');

  const { commitments, participation } = review;
  lines.push('## En bref', '');
  lines.push(`- Difficultés signalées : ${count(review.difficulties)}`);
  lines.push(`- Réussites consignées : ${count(review.successes)}`);
  lines.push(
    `- Engagements : ${commitments.honoured.length} tenus, ${commitments.postponed.length} reportés, ` +
      `${commitments.dropped.length} abandonnés, ${commitments.open.length} restant à tenir`,
  );
  lines.push(
    `- Participation : ${participation.total} présences sur ${participation.gatherings} temps de rencontre`,
  );
  lines.push(`- Bilans d'étape : ${review.interimReviews.length}`, '');

  lines.push(
    '## Difficultés',
    '',
    ...groups(
      review.difficulties,
      'difficulty',
      (d) => `${d.description} (${d.status === 'resolved' ? 'levée' : 'en cours'})`,
    ),
  );
  lines.push('## Réussites', '', ...groups(review.successes, 'success', (s) => s.description));

  lines.push('## Engagements', '');
  for (const key of ['honoured', 'postponed', 'dropped', 'open'] as const) {
    lines.push(
      `### ${commitmentSectionLabels[key]}`,
      '',
      ...list(commitments[key].map(commitment), 'Aucun.'),
    );
  }

  lines.push('## Participation', '', '| Groupe | Présences |', '| --- | ---: |');
  for (const [group, label] of Object.entries(groupLabels) as [keyof typeof groupLabels, string][]) {
    lines.push(`| ${label} | ${participation.groups[group]} |`);
  }
  lines.push(`| **Total** | **${participation.total}** |`, '');
  const roles = Object.entries(participation.byRole) as [keyof typeof roleLabels, number][];
  if (roles.length > 0) {
    lines.push(
      `Par rôle : ${roles.map(([role, n]) => `${roleLabels[role]?.fr ?? md(role)} ${n}`).join(', ')}.`,
      '',
    );
  }

  lines.push("## Bilans d'étape", '');
  if (review.interimReviews.length === 0) lines.push("Aucun bilan d'étape sur la période.", '');
  for (const r of review.interimReviews) {
    lines.push(`### ${md(r.title)} (${formatDate(r.occurredAt)})`, '');
    lines.push(
      `- ${r.participants} participant·es ; ${r.difficulties} difficultés, ${r.successes} réussites et ${r.commitments} engagements passés en revue`,
    );
    for (const decision of r.decisions) lines.push(`- Décision : ${md(decision)}`);
    if (r.lessons !== undefined) lines.push(`- Enseignements : ${md(r.lessons)}`);
    lines.push('');
  }

  lines.push('## Évolutions de la vision collective', '');
  lines.push(
    ...list(
      review.visionRevisions.map(
        (v) =>
          `${formatDate(v.occurredAt)} — ${md(v.statement)}` +
          (v.decidingBodyLabel !== undefined ? ` — décidé par : ${md(v.decidingBodyLabel)}` : '') +
          (v.rationale !== undefined ? ` — motif : ${md(v.rationale)}` : ''),
      ),
      "La vision n'a pas été révisée sur la période.",
    ),
  );

  lines.push('## Hypothèses invalidées', '');
  lines.push(
    ...list(
      review.assumptionsInvalidated.map(
        (a) => `${formatDate(a.occurredAt)} — ${md(a.statement)} : ${md(a.evidence)}`,
      ),
      'Aucune hypothèse invalidée sur la période.',
    ),
  );
  return `${lines.join('\n').trimEnd()}\n`;
}

function count<T>(groups: CategoryGroup<T>[]): number {
  return groups.reduce((total, group) => total + group.items.length, 0);
}

function groups<T extends { occurredAt: string }>(
  categoryGroups: CategoryGroup<T>[],
  kind: 'difficulty' | 'success',
  describe: (item: T) => string,
): string[] {
  if (categoryGroups.length === 0) return ['Rien de consigné sur la période.', ''];
  return categoryGroups.flatMap((group) => [
    `### ${md(categoryLabel(kind, group.category))} (${group.items.length})`,
    '',
    // describe() returns user text: escape it whole, then add the date (ours).
    ...group.items.map((item) => `- ${formatDate(item.occurredAt)} — ${md(describe(item))}`),
    '',
  ]);
}

function commitment(c: ReviewedCommitment): string {
  const due = c.dueOn !== undefined ? ` (échéance : ${formatDate(c.dueOn)})` : '';
  const reason = c.reason !== undefined ? ` — motif : ${md(c.reason)}` : '';
  return `${md(c.description)}${due}${reason} — ${commitmentStatusLabels[c.status]}`;
}

function list(items: string[], empty: string): string[] {
  return items.length === 0 ? [empty, ''] : [...items.map((item) => `- ${item}`), ''];
}
