import { SELF_ID } from '../decider/effects.ts';
import type { Entity, JourneyState } from '../decider/state.ts';
import { categoryLabel } from './categories.ts';
import { escapeMarkdown as md } from './escape.ts';
import { formatDate } from './format.ts';
import { visionVersionsOf } from './vision-history.ts';

const STAKE_STATUS = { active: 'poursuivi', dropped: 'abandonné' } as const;
const PATHWAY_STATUS = { active: 'suivi', retired: 'retiré' } as const;
const ASSUMPTION_STATUS = {
  stated: 'non vérifiée',
  confirmed: 'confirmée',
  invalidated: 'invalidée',
} as const;
const COMMITMENT_STATUS = {
  honoured: 'tenus',
  postponed: 'reportés',
  open: 'restant à tenir',
  dropped: 'abandonnés',
} as const;

const ordered = <T>(collection: Record<string, Entity<T>>) =>
  Object.values(collection).sort((a, b) => a.createdVersion - b.createdVersion);

/**
 * A draft « évaluation du projet précédent », in French Markdown, from the closing state of a project:
 * its stakes and pathways and what became of them, commitments by status, difficulties and successes by
 * category, and how the vision changed. The team edits it; Chemins records it when the next project opens.
 * Example: `previousProjectEvaluation(fold(events2019))`.
 */
export function previousProjectEvaluation(state: JourneyState): string {
  const header = state.entities.project[SELF_ID]?.current;
  const period = header?.period ?? header?.plannedPeriod;
  const lines: string[] = [
    `# Évaluation du projet précédent — ${md(header?.title ?? 'projet social')}`,
    '',
    period ? `Période : du ${formatDate(period.start)} au ${formatDate(period.end)}.` : '',
    '',
    '## Enjeux et chemins de changement',
    '',
  ];
  for (const stake of ordered(state.entities.stakes)) {
    lines.push(`- **${md(stake.current.title)}** (${STAKE_STATUS[stake.current.status]})`);
    for (const pathway of ordered(state.entities.pathways).filter((p) => p.current.stakeId === stake.id)) {
      lines.push(
        `  - Chemin : ${md(pathway.current.longTermChange)} (${PATHWAY_STATUS[pathway.current.status]})`,
      );
      for (const assumption of ordered(state.entities.assumptions).filter(
        (a) => a.current.pathwayId === pathway.id,
      )) {
        lines.push(
          `    - Hypothèse ${ASSUMPTION_STATUS[assumption.current.status]} : ${md(assumption.current.statement)}`,
        );
      }
    }
  }
  lines.push('', '## Engagements', '');
  const commitments = ordered(state.entities.commitments);
  for (const status of ['honoured', 'postponed', 'open', 'dropped'] as const) {
    const matching = commitments.filter((c) => c.current.status === status);
    lines.push(
      `- ${matching.length} ${COMMITMENT_STATUS[status]}${matching.length ? ` : ${matching.map((c) => md(c.current.description)).join(' ; ')}` : ''}`,
    );
  }
  lines.push('', '## Difficultés et réussites', '');
  lines.push(...byCategory('difficulty', ordered(state.entities.difficulties), 'Difficultés'));
  lines.push(...byCategory('success', ordered(state.entities.successes), 'Réussites'));
  lines.push('', '## Évolution de la vision collective', '');
  const versions = visionVersionsOf(state);
  if (versions.length === 0) lines.push('- Aucune vision consignée.');
  for (const [index, version] of versions.entries()) {
    const why = version.rationale
      ? ` — ${md(version.rationale)} (${version.decidingBodyLabel ?? version.decidingBody ?? ''})`
      : '';
    lines.push(
      `- ${index === 0 ? 'Énoncée' : 'Révisée'} le ${formatDate(version.occurredAt)} : ${md(version.statement)}${why}`,
    );
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

function byCategory(
  kind: 'difficulty' | 'success',
  entities: Entity<{ category: string }>[],
  title: string,
): string[] {
  const counts = new Map<string, number>();
  for (const entity of entities)
    counts.set(entity.current.category, (counts.get(entity.current.category) ?? 0) + 1);
  if (counts.size === 0) return [`- ${title} : aucune.`];
  return [...counts].map(
    ([category, count]) => `- ${title}, ${md(categoryLabel(kind, category))} : ${count}`,
  );
}
