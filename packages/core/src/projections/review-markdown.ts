import { roleLabels } from '../model/roles.ts';
import { categoryLabel } from './categories.ts';
import { escapeMarkdown as md } from './escape.ts';
import { capitalise, countOf, formatDate } from './format.ts';
import {
  commitmentSectionLabels,
  commitmentStatusNote,
  groupLabels,
  type ReviewMeta,
  rolesInOrder,
} from './review-labels.ts';
import type { CategoryGroup, Review, ReviewedCommitment } from './review-types.ts';

/**
 * The bilan as a French Markdown document; every user-supplied text is escaped.
 * Example: `renderReviewMarkdown(review(events, window), { title: "Bilan d'étape", projectId: 'causses-2023', ...window })`.
 */
export function renderReviewMarkdown(review: Review, meta: ReviewMeta): string {
  const { commitments, participation } = review;
  const lines: string[] = [`# ${md(meta.title)}`, ''];
  if (meta.structureName !== undefined) lines.push(`**Structure :** ${md(meta.structureName)}  `);
  lines.push(`**Projet social :** ${md(meta.projectId)}  `);
  lines.push(`**Période du bilan :** du ${md(formatDate(meta.from))} au ${md(formatDate(meta.to))}`, '');

  lines.push('## En bref', '');
  lines.push(`- ${countOf(total(review.difficulties), 'difficulté signalée', 'difficultés signalées')}`);
  lines.push(`- ${countOf(total(review.successes), 'réussite consignée', 'réussites consignées')}`);
  lines.push(
    `- Engagements : ${countOf(commitments.honoured.length, 'tenu', 'tenus')}, ` +
      `${countOf(commitments.postponed.length, 'reporté', 'reportés')}, ` +
      `${countOf(commitments.dropped.length, 'abandonné', 'abandonnés')}, ` +
      `${commitments.open.length} restant à tenir`,
  );
  lines.push(
    `- Participation : ${countOf(participation.total, 'présence', 'présences')} sur ` +
      `${countOf(participation.gatherings, 'temps de rencontre', 'temps de rencontre')}`,
  );
  lines.push(`- ${countOf(review.interimReviews.length, "bilan d'étape", "bilans d'étape")}`, '');

  lines.push('## Difficultés', '');
  lines.push(
    ...groups(
      review.difficulties,
      'difficulty',
      (d) => `${md(d.description)} (${d.status === 'resolved' ? 'levée' : 'en cours'})`,
    ),
  );
  lines.push('## Réussites', '', ...groups(review.successes, 'success', (s) => md(s.description)));

  lines.push('## Engagements', '');
  for (const section of ['honoured', 'postponed', 'dropped', 'open'] as const) {
    lines.push(`### ${commitmentSectionLabels[section]}`, '');
    lines.push(
      ...list(
        commitments[section].map((c) => commitment(c, section)),
        'Aucun.',
      ),
    );
  }

  lines.push('## Participation', '', '| Groupe | Présences |', '| --- | ---: |');
  for (const [group, label] of Object.entries(groupLabels) as [keyof typeof groupLabels, string][]) {
    lines.push(`| ${label} | ${participation.groups[group]} |`);
  }
  lines.push(`| **Total** | **${participation.total}** |`, '');
  const roles = rolesInOrder(participation.byRole);
  if (roles.length > 0)
    lines.push(`Par rôle : ${roles.map(([role, n]) => `${roleLabels[role].fr} ${n}`).join(', ')}.`, '');

  lines.push("## Bilans d'étape", '');
  if (review.interimReviews.length === 0) lines.push("Aucun bilan d'étape sur la période.", '');
  for (const r of review.interimReviews) {
    lines.push(`### ${md(r.title)} (${formatDate(r.occurredAt)})`, '');
    lines.push(
      `- ${countOf(r.participants, 'participant·e', 'participant·es')} ; passés en revue : ` +
        `${countOf(r.difficulties, 'difficulté', 'difficultés')}, ${countOf(r.successes, 'réussite', 'réussites')}, ` +
        `${countOf(r.commitments, 'engagement', 'engagements')}`,
    );
    for (const decision of r.decisions) lines.push(`- Décision : ${md(decision)}`);
    if (r.lessons !== undefined) lines.push(`- Enseignements : ${md(r.lessons)}`);
    lines.push('');
  }

  lines.push('## Évolutions de la vision collective', '');
  const revisions = review.visionRevisions.map(
    (v) =>
      `${formatDate(v.occurredAt)} — ${md(v.statement)}` +
      (v.decidingBodyLabel !== undefined ? ` — décidé par : ${md(v.decidingBodyLabel)}` : '') +
      (v.rationale !== undefined ? ` — motif : ${md(v.rationale)}` : ''),
  );
  lines.push(...list(revisions, "La vision n'a pas été révisée sur la période."));

  lines.push('## Hypothèses invalidées', '');
  const invalidated = review.assumptionsInvalidated.map(
    (a) => `${formatDate(a.occurredAt)} — ${md(a.statement)} — constat : ${md(a.evidence)}`,
  );
  lines.push(...list(invalidated, 'Aucune hypothèse invalidée sur la période.'));
  return `${lines.join('\n').trimEnd()}\n`;
}

function total<T>(categoryGroups: CategoryGroup<T>[]): number {
  return categoryGroups.reduce((sum, group) => sum + group.items.length, 0);
}

/** One section per category; `describe` returns Markdown with the user text already escaped. */
function groups<T extends { occurredAt: string }>(
  categoryGroups: CategoryGroup<T>[],
  kind: 'difficulty' | 'success',
  describe: (item: T) => string,
): string[] {
  if (categoryGroups.length === 0) return ['Rien de consigné sur la période.', ''];
  return categoryGroups.flatMap((group) => [
    `### ${md(capitalise(categoryLabel(kind, group.category)))} (${group.items.length})`,
    '',
    ...group.items.map((item) => `- ${formatDate(item.occurredAt)} — ${describe(item)}`),
    '',
  ]);
}

function commitment(c: ReviewedCommitment, section: keyof typeof commitmentSectionLabels): string {
  const due = c.dueOn !== undefined ? ` (échéance : ${formatDate(c.dueOn)})` : '';
  const reason = c.reason !== undefined ? ` — motif : ${md(c.reason)}` : '';
  const note = commitmentStatusNote(section, c.status);
  return `${md(c.description)}${due}${reason}${note ? ` — ${note}` : ''}`;
}

/** A bullet list of Markdown items, or a sentence when there are none. */
function list(items: string[], empty: string): string[] {
  return items.length === 0 ? [empty, ''] : [...items.map((item) => `- ${item}`), ''];
}
