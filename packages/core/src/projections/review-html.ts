import { roleLabels } from '../model/roles.ts';
import { categoryLabel } from './categories.ts';
import { escapeHtml as h } from './escape.ts';
import { capitalise, countOf, formatDate } from './format.ts';
import {
  commitmentSectionLabels,
  commitmentStatusNote,
  groupLabels,
  laneLabels,
  type ReviewMeta,
  rolesInOrder,
} from './review-labels.ts';
import { markColours, renderReviewSvg } from './review-svg.ts';
import type { CategoryGroup, Review, ReviewedCommitment } from './review-types.ts';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2833;margin:0;background:#f8f9f9}
main{max-width:60rem;margin:0 auto;padding:1.5rem;background:#fff}
h1{margin-top:0;font-size:1.7rem}h2{border-bottom:2px solid #d5dbdb;padding-bottom:.2rem;margin-top:2rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.meta dt{font-weight:600}
ul.figures{display:flex;flex-wrap:wrap;gap:.8rem;list-style:none;padding:0}
ul.figures li{background:#eaf2f8;border-radius:.4rem;padding:.5rem .8rem}ul.figures strong{font-size:1.3rem;display:block}
table{border-collapse:collapse}td,th{border:1px solid #d5dbdb;padding:.3rem .6rem;text-align:left}td.n{text-align:right}
svg text{font-size:12px;fill:#34495e}svg .lane{stroke:#e5e8e8}svg .axis{stroke:#7f8c8d}svg .tick{stroke:#d5dbdb;stroke-dasharray:3 3}
.legend span{display:inline-block;width:.8rem;height:.8rem;border-radius:50%;margin:0 .3rem 0 .8rem;vertical-align:middle}
.muted{color:#707b7c}
`;

/**
 * The bilan as a self-contained French HTML page: inline CSS, no script, no external resource, a timeline
 * picture as inline SVG, every user-supplied text escaped.
 * Example: `renderReviewHtml(review(events, window), { title: "Bilan d'étape", projectId: 'causses-2023', ...window })`.
 */
export function renderReviewHtml(review: Review, meta: ReviewMeta): string {
  const { commitments, participation } = review;
  const body = [
    `<h1>${h(meta.title)}</h1>`,
    '<dl class="meta">',
    meta.structureName !== undefined ? `<dt>Structure</dt><dd>${h(meta.structureName)}</dd>` : '',
    `<dt>Projet social</dt><dd>${h(meta.projectId)}</dd>`,
    `<dt>Période du bilan</dt><dd>du ${h(formatDate(meta.from))} au ${h(formatDate(meta.to))}</dd>`,
    '</dl>',
    '<ul class="figures">',
    figure(total(review.difficulties), 'difficulté signalée', 'difficultés signalées'),
    figure(total(review.successes), 'réussite', 'réussites'),
    figure(commitments.honoured.length, 'engagement tenu', 'engagements tenus'),
    figure(commitments.postponed.length, 'engagement reporté', 'engagements reportés'),
    figure(commitments.dropped.length, 'engagement abandonné', 'engagements abandonnés'),
    figure(participation.total, 'présence', 'présences'),
    '</ul>',
    '<h2>Frise</h2>',
    `<figure>${renderReviewSvg(review)}<figcaption class="legend">${legend()}</figcaption></figure>`,
    '<h2>Difficultés</h2>',
    groups(
      review.difficulties,
      'difficulty',
      (d) =>
        `${h(d.description)} <span class="muted">(${d.status === 'resolved' ? 'levée' : 'en cours'})</span>`,
    ),
    '<h2>Réussites</h2>',
    groups(review.successes, 'success', (s) => h(s.description)),
    '<h2>Engagements</h2>',
    ...(['honoured', 'postponed', 'dropped', 'open'] as const).map(
      (section) =>
        `<h3>${commitmentSectionLabels[section]}</h3>${list(
          commitments[section].map((c) => commitment(c, section)),
          'Aucun.',
        )}`,
    ),
    '<h2>Participation</h2>',
    '<table><thead><tr><th>Groupe</th><th>Présences</th></tr></thead><tbody>',
    ...(Object.entries(groupLabels) as [keyof typeof groupLabels, string][]).map(
      ([group, label]) => `<tr><td>${label}</td><td class="n">${participation.groups[group]}</td></tr>`,
    ),
    `<tr><th>Total</th><th class="n">${participation.total}</th></tr></tbody></table>`,
    `<p class="muted">${countOf(participation.gatherings, 'temps de rencontre compté', 'temps de rencontre comptés')}${roles(participation.byRole)}.</p>`,
    "<h2>Bilans d'étape</h2>",
    review.interimReviews.length === 0
      ? "<p>Aucun bilan d'étape sur la période.</p>"
      : review.interimReviews
          .map(
            (r) =>
              `<h3>${h(r.title)} <span class="muted">(${formatDate(r.occurredAt)})</span></h3>` +
              `<p>${countOf(r.participants, 'participant·e', 'participant·es')} ; passés en revue : ` +
              `${countOf(r.difficulties, 'difficulté', 'difficultés')}, ${countOf(r.successes, 'réussite', 'réussites')}, ` +
              `${countOf(r.commitments, 'engagement', 'engagements')}.</p>` +
              (r.decisions.length > 0 ? `<p>Décisions :</p>${list(r.decisions.map(h), '')}` : '') +
              (r.lessons !== undefined ? `<p>Enseignements : ${h(r.lessons)}</p>` : ''),
          )
          .join('\n'),
    '<h2>Évolutions de la vision collective</h2>',
    list(
      review.visionRevisions.map(
        (v) =>
          `${formatDate(v.occurredAt)} — <q>${h(v.statement)}</q>` +
          (v.decidingBodyLabel !== undefined ? ` — décidé par : ${h(v.decidingBodyLabel)}` : '') +
          (v.rationale !== undefined ? ` — motif : ${h(v.rationale)}` : ''),
      ),
      "La vision n'a pas été révisée sur la période.",
    ),
    '<h2>Hypothèses invalidées</h2>',
    list(
      review.assumptionsInvalidated.map(
        (a) => `${formatDate(a.occurredAt)} — ${h(a.statement)} — constat : ${h(a.evidence)}`,
      ),
      'Aucune hypothèse invalidée sur la période.',
    ),
  ];
  return [
    '<!doctype html>',
    '<html lang="fr">',
    '<head>',
    '<meta charset="utf-8">',
    // Defence in depth: even a missed escape could not load or run anything.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(meta.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body><main>',
    ...body.filter((part) => part !== ''),
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}

function total<T>(categoryGroups: CategoryGroup<T>[]): number {
  return categoryGroups.reduce((sum, group) => sum + group.items.length, 0);
}

function figure(value: number, singular: string, plural: string): string {
  return `<li><strong>${value}</strong>${value > 1 ? plural : singular}</li>`;
}

function legend(): string {
  return (Object.entries(laneLabels) as [keyof typeof markColours, string][])
    .map(([kind, label]) => `<span style="background:${markColours[kind]}"></span>${label}`)
    .join('');
}

function groups<T extends { occurredAt: string }>(
  categoryGroups: CategoryGroup<T>[],
  kind: 'difficulty' | 'success',
  describe: (item: T) => string,
): string {
  if (categoryGroups.length === 0) return '<p>Rien de consigné sur la période.</p>';
  return categoryGroups
    .map(
      (group) =>
        `<h3>${h(capitalise(categoryLabel(kind, group.category)))} <span class="muted">(${group.items.length})</span></h3>` +
        list(
          group.items.map((item) => `${formatDate(item.occurredAt)} — ${describe(item)}`),
          '',
        ),
    )
    .join('\n');
}

function commitment(c: ReviewedCommitment, section: keyof typeof commitmentSectionLabels): string {
  const due = c.dueOn !== undefined ? ` <span class="muted">(échéance : ${formatDate(c.dueOn)})</span>` : '';
  const reason = c.reason !== undefined ? ` — motif : ${h(c.reason)}` : '';
  const note = commitmentStatusNote(section, c.status);
  return `${h(c.description)}${due}${reason}${note ? ` — ${note}` : ''}`;
}

function roles(byRole: Review['participation']['byRole']): string {
  const entries = rolesInOrder(byRole);
  if (entries.length === 0) return '';
  return ` ; par rôle : ${entries.map(([role, n]) => `${h(roleLabels[role].fr)} ${n}`).join(', ')}`;
}

/** A list of already-escaped HTML items, or a sentence when there are none. */
function list(items: string[], empty: string): string {
  if (items.length === 0) return empty === '' ? '' : `<p>${empty}</p>`;
  return `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
}
