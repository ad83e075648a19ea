import { SELF_ID } from '../decider/effects.ts';
import type {
  Commitment,
  CommitmentStatus,
  Entity,
  Indicator,
  JourneyState,
  Outcome,
} from '../decider/state.ts';
import { type CategoryKind, categoryLabel, compareCategories } from './categories.ts';
import { escapeMarkdown as md } from './escape.ts';
import { countOf, formatDate } from './format.ts';
import { visionVersionsOf } from './vision-history.ts';

const ASSUMPTION_STATUS = {
  stated: 'non vérifiée',
  confirmed: 'confirmée',
  invalidated: 'invalidée',
} as const;
const COMMITMENT_STATUS: Record<CommitmentStatus, [singular: string, plural: string]> = {
  honoured: ['engagement tenu', 'engagements tenus'],
  postponed: ['engagement reporté', 'engagements reportés'],
  open: ['engagement restant à tenir', 'engagements restant à tenir'],
  dropped: ['engagement abandonné', 'engagements abandonnés'],
};

const ordered = <T>(collection: Record<string, Entity<T>>) =>
  Object.values(collection).sort((a, b) => a.createdVersion - b.createdVersion);

/** A phrase followed by " — why" (a user text) when there is a why. */
const withWhy = (text: string, why: string | undefined) => (why ? `${text} — ${md(why)}` : text);
/** What became of something, followed by ": why" (a user text) when there is a why. */
const fate = (status: string, why: string | undefined) => (why ? `${status} : ${md(why)}` : status);

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
    ...stakeLines(state),
    '',
    '## Engagements',
    '',
    ...commitmentLines(ordered(state.entities.commitments)),
    '',
    '## Difficultés et réussites',
    '',
    '### Difficultés',
    '',
    ...categoryLines(
      'difficulty',
      ordered(state.entities.difficulties),
      'Aucune difficulté consignée.',
      (d) => `${md(d.description)} — ${d.status === 'resolved' ? fate('résolue', d.how) : 'non résolue'}`,
    ),
    '',
    '### Réussites',
    '',
    ...categoryLines('success', ordered(state.entities.successes), 'Aucune réussite consignée.', (s) =>
      md(s.description),
    ),
    '',
    '## Évolution de la vision collective',
    '',
    ...visionLines(state),
  ];
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** Each stake and what became of it: its pathways, their changes and assumptions, indicators and outcomes. */
function stakeLines(state: JourneyState): string[] {
  const { stakes, pathways, changes, assumptions, indicators, indicatorValues, outcomes } = state.entities;
  const pathwayOfChange = (changeId: string | undefined) =>
    changeId === undefined ? undefined : changes[changeId]?.current.pathwayId;
  const stakeOfPathway = (pathwayId: string | undefined) =>
    pathwayId === undefined ? undefined : pathways[pathwayId]?.current.stakeId;
  const lastValues = new Map<string, number>();
  for (const value of Object.values(indicatorValues).sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.createdVersion - b.createdVersion,
  )) {
    lastValues.set(value.current.indicatorId, value.current.value);
  }
  const indicator = (entity: Entity<Indicator>, indent: string) =>
    `${indent}- ${indicatorLine(entity.current, lastValues.get(entity.id))}`;
  const outcome = ({ current }: Entity<Outcome>, indent: string) =>
    `${indent}- Effet observé (${md(current.group)}) : ${md(current.description)}`;

  const lines: string[] = [];
  const placed = new Set<string>();
  for (const stake of ordered(stakes)) {
    const { title, status, rationale } = stake.current;
    lines.push(`- **${md(title)}** — ${status === 'active' ? 'poursuivi' : fate('abandonné', rationale)}`);
    for (const pathway of ordered(pathways).filter((p) => p.current.stakeId === stake.id)) {
      const { longTermChange, status: became, rationale: why } = pathway.current;
      lines.push(
        `  - Chemin : ${md(longTermChange)} — ${became === 'active' ? 'suivi' : fate('retiré', why)}`,
      );
      for (const change of ordered(changes).filter((c) => c.current.pathwayId === pathway.id)) {
        const label =
          change.current.status === 'active'
            ? 'Changement intermédiaire'
            : 'Changement intermédiaire abandonné';
        lines.push(`    - ${label} : ${md(change.current.description)}`);
      }
      for (const assumption of ordered(assumptions).filter((a) => a.current.pathwayId === pathway.id)) {
        const { status: verdict, statement, evidence } = assumption.current;
        lines.push(
          `    - ${withWhy(`Hypothèse ${ASSUMPTION_STATUS[verdict]} : ${md(statement)}`, evidence)}`,
        );
      }
      for (const entity of ordered(indicators).filter((i) => i.current.pathwayId === pathway.id)) {
        lines.push(indicator(entity, '    '));
        placed.add(`indicator:${entity.id}`);
      }
      for (const entity of ordered(outcomes).filter(
        (o) => o.current.stakeId === undefined && pathwayOfChange(o.current.changeId) === pathway.id,
      )) {
        lines.push(outcome(entity, '    '));
        placed.add(`outcome:${entity.id}`);
      }
    }
    for (const entity of ordered(indicators).filter(
      (i) =>
        !placed.has(`indicator:${i.id}`) &&
        (i.current.stakeId ?? stakeOfPathway(i.current.pathwayId)) === stake.id,
    )) {
      lines.push(indicator(entity, '  '));
      placed.add(`indicator:${entity.id}`);
    }
    for (const entity of ordered(outcomes).filter(
      (o) =>
        !placed.has(`outcome:${o.id}`) &&
        (o.current.stakeId ?? stakeOfPathway(pathwayOfChange(o.current.changeId))) === stake.id,
    )) {
      lines.push(outcome(entity, '  '));
      placed.add(`outcome:${entity.id}`);
    }
  }
  const elsewhere = [
    ...ordered(indicators)
      .filter((i) => !placed.has(`indicator:${i.id}`))
      .map((entity) => indicator(entity, '  ')),
    ...ordered(outcomes)
      .filter((o) => !placed.has(`outcome:${o.id}`))
      .map((entity) => outcome(entity, '  ')),
  ];
  if (lines.length === 0) lines.push('- Aucun enjeu consigné.');
  if (elsewhere.length > 0) lines.push('- Hors enjeux :', ...elsewhere);
  return lines;
}

/** An indicator, its last recorded value and its target. */
function indicatorLine(indicator: Indicator, last: number | undefined): string {
  const unit = md(indicator.unit);
  const value =
    last === undefined ? 'aucune valeur relevée' : `dernière valeur ${frenchNumber(last)} ${unit}`;
  const { target } = indicator;
  const aim =
    target === undefined
      ? ''
      : `, cible ${frenchNumber(target.value)} ${unit}${target.by ? ` au ${formatDate(target.by)}` : ''}`;
  return `Indicateur « ${md(indicator.label)} » : ${value}${aim}`;
}

const frenchNumber = (value: number) => String(value).replace('.', ',');

/** Commitments grouped by status, each with its due date or the reason it was postponed or dropped. */
function commitmentLines(commitments: Entity<Commitment>[]): string[] {
  const lines: string[] = [];
  for (const status of ['honoured', 'postponed', 'open', 'dropped'] as const) {
    const [singular, plural] = COMMITMENT_STATUS[status];
    const matching = commitments.filter((c) => c.current.status === status);
    if (matching.length === 0) {
      lines.push(`- Aucun ${singular}.`);
      continue;
    }
    lines.push(`- ${countOf(matching.length, singular, plural)} :`);
    for (const { current } of matching) {
      const due = current.dueOn && status !== 'honoured' ? ` (échéance : ${formatDate(current.dueOn)})` : '';
      lines.push(`  - ${withWhy(`${md(current.description)}${due}`, current.reason)}`);
    }
  }
  return lines;
}

/** Difficulties or successes by category, in the catalogue's order, each with how it turned out. */
function categoryLines<T extends { category: string }>(
  kind: CategoryKind,
  entities: Entity<T>[],
  none: string,
  describe: (item: T) => string,
): string[] {
  const byCategory = new Map<string, T[]>();
  for (const { current } of entities)
    byCategory.set(current.category, [...(byCategory.get(current.category) ?? []), current]);
  if (byCategory.size === 0) return [`- ${none}`];
  return [...byCategory.keys()]
    .sort((a, b) => compareCategories(kind, a, b))
    .flatMap((category) => {
      const items = byCategory.get(category) ?? [];
      return [
        `- ${md(categoryLabel(kind, category))} (${items.length}) :`,
        ...items.map((item) => `  - ${describe(item)}`),
      ];
    });
}

/** Every version of the vision, each revision with why and which body decided it. */
function visionLines(state: JourneyState): string[] {
  const versions = visionVersionsOf(state);
  if (versions.length === 0) return ['- Aucune vision consignée.'];
  return versions.flatMap((version, index) => {
    const lines = [
      `- ${index === 0 ? 'Énoncée' : 'Révisée'} le ${formatDate(version.occurredAt)} : ${md(version.statement)}`,
    ];
    if (version.rationale) lines.push(`  - Pourquoi : ${md(version.rationale)}`);
    const body = version.decidingBodyLabel ?? version.decidingBody;
    if (body) lines.push(`  - Instance de décision : ${md(body)}`);
    return lines;
  });
}
