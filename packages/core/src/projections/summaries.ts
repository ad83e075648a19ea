import { type EventDataMap, type EventType, eventLabel } from '../events/catalogue.ts';
import { decidingBodyLabels } from '../events/vision.ts';
import { categoryLabel, type Lang } from './categories.ts';
import { formatDate, participantTotal, shorten } from './format.ts';
import type { EntityKind } from './references.ts';

/** What a summary may look up besides the entry's own data. */
export interface SummaryLookups {
  nameOf(kind: EntityKind, id: unknown): string | undefined;
  /** The type of the entry at a version of the same stream (for corrections and retractions). */
  typeAt(version: number): EventType | undefined;
}

/** The small vocabulary every phrase is written with, in the chosen language. */
interface Words {
  lang: Lang;
  /** Picks the French or the English text. */
  t(fr: string, en: string): string;
  /** `head : tail` in French typography, `head: tail` in English. */
  colon(head: string, tail: string): string;
  /** A text between French or English quotation marks. */
  quote(text: string): string;
  /** The name of a thing of the stream, quoted; its id when the stream does not know it. */
  name(kind: EntityKind, id: unknown): string;
  date(value: string): string;
  body(slug: keyof typeof decidingBodyLabels): string;
  people(participants: Record<string, number | undefined>): string;
  entry(version: number): string;
}

type Phrases = { [K in EventType]: (data: EventDataMap[K], w: Words) => string };

const phrases: Phrases = {
  ProjectOpened: (d, w) =>
    `${w.quote(d.title)}, ${w.t('période prévue du', 'planned period from')} ${w.date(d.plannedPeriod.start)} ${w.t('au', 'to')} ${w.date(d.plannedPeriod.end)}`,
  RenewalStarted: (d, w) =>
    d.note ?? w.t('Renouvellement du projet social engagé', 'Renewal of the projet social started'),
  PreviousProjectEvaluated: (d) => d.summary,
  SharedDiagnosisRecorded: (d) => d.summary,
  ProjectAdoptedByBoard: (d, w) =>
    d.note ?? w.t("Projet adopté par le conseil d'administration", 'Project adopted by the board'),
  ProjectSubmittedToCaf: (d, w) => d.note ?? w.t('Projet déposé à la CAF', 'Project submitted to the CAF'),
  AgreementGranted: (d, w) =>
    `${w.t('Agrément accordé du', 'Agreement granted from')} ${w.date(d.period.start)} ${w.t('au', 'to')} ${w.date(d.period.end)}${d.decisionRef ? ` (${d.decisionRef})` : ''}`,
  AgreementDeferred: (d, w) => w.colon(w.t('Agrément ajourné', 'Agreement deferred'), d.reason),
  AgreementRefused: (d, w) => w.colon(w.t('Agrément refusé', 'Agreement refused'), d.reason),
  PeriodClosed: (d, w) => d.note ?? w.t("Période d'agrément close", 'Agreement period closed'),

  VisionStated: (d) => d.statement,
  VisionRevised: (d, w) =>
    w.colon(`${w.t('Nouvelle vision', 'New vision')} (${w.body(d.decidingBody)})`, d.statement),
  StakeIdentified: (d, w) => `${w.t('Enjeu', 'Stake')} ${w.name('stake', d.stakeId)}`,
  StakePrioritised: (d, w) =>
    w.colon(w.name('stake', d.stakeId), `${w.t('priorité', 'priority')} ${d.priority}`),
  StakeDropped: (d, w) =>
    w.colon(
      `${w.name('stake', d.stakeId)} ${w.t('abandonné', 'dropped')} (${w.body(d.decidingBody)})`,
      d.rationale,
    ),
  PathwayDrawn: (d, w) => w.colon(w.t('Vers', 'Towards'), d.longTermChange),
  PathwayRevised: (d, w) =>
    w.colon(`${w.t('Désormais vers', 'Now towards')} (${w.body(d.decidingBody)})`, d.longTermChange),
  PathwayRetired: (d, w) =>
    w.colon(
      `${w.name('pathway', d.pathwayId)} ${w.t('retiré', 'retired')} (${w.body(d.decidingBody)})`,
      d.rationale,
    ),
  IntermediateChangeAdded: (d) => d.description,
  IntermediateChangeAmended: (d) => d.description,
  IntermediateChangeRemoved: (d, w) =>
    w.colon(`${w.name('change', d.changeId)} ${w.t('retiré', 'removed')}`, d.rationale),
  AssumptionStated: (d) => d.statement,
  AssumptionConfirmed: (d, w) =>
    w.colon(`${w.name('assumption', d.assumptionId)} ${w.t('confirmée', 'confirmed')}`, d.evidence),
  AssumptionInvalidated: (d, w) =>
    w.colon(`${w.name('assumption', d.assumptionId)} ${w.t('invalidée', 'invalidated')}`, d.evidence),
  IndicatorDefined: (d, w) => `${d.label} (${d.unit})${d.target ? `, ${target(d.target, w)}` : ''}`,
  IndicatorRedefined: (d) => `${d.label} (${d.unit})`,
  TargetRevised: (d, w) => w.colon(w.name('indicator', d.indicatorId), target(d.target, w)),

  CommitmentMade: (d, w) =>
    `${d.description}${d.dueOn ? ` (${w.t('échéance', 'due')} ${w.date(d.dueOn)})` : ''}`,
  CommitmentRevised: (d) => d.description,
  CommitmentPostponed: (d, w) =>
    w.colon(
      `${w.name('commitment', d.commitmentId)} ${w.t('reporté au', 'postponed to')} ${w.date(d.newDueOn)}`,
      d.reason,
    ),
  CommitmentHonoured: (d, w) => {
    const head = `${w.name('commitment', d.commitmentId)} ${w.t('tenu', 'honoured')}`;
    return d.note ? w.colon(head, d.note) : head;
  },
  CommitmentDropped: (d, w) =>
    w.colon(`${w.name('commitment', d.commitmentId)} ${w.t('abandonné', 'dropped')}`, d.reason),
  DifficultyReported: (d, w) => w.colon(categoryLabel('difficulty', d.category, w.lang), d.description),
  DifficultyResolved: (d, w) =>
    w.colon(`${w.name('difficulty', d.difficultyId)} ${w.t('levée', 'resolved')}`, d.how),
  SuccessRecorded: (d, w) => w.colon(categoryLabel('success', d.category, w.lang), d.description),
  OutcomeObserved: (d, w) => w.colon(d.group, d.description),
  OutcomeSubstantiated: (d, w) =>
    w.colon(`${w.name('outcome', d.outcomeId)} ${w.t('étayé', 'substantiated')}`, d.evidence),
  ChangeStoryCollected: (d) => d.title,
  ChangeStorySelected: (d, w) =>
    w.colon(`${w.name('story', d.storyId)} ${w.t('retenu', 'selected')}`, d.rationale),
  IndicatorValueRecorded: (d, w) => w.colon(w.name('indicator', d.indicatorId), String(d.value)),
  CollectiveSessionHeld: (d, w) => `${d.title} (${w.people(d.participants)})`,
  CoachingSessionHeld: (d, w) => `${d.topic} (${w.people(d.participants)})`,
  InterimReviewHeld: (d, w) => `${d.title} (${w.people(d.participants)})`,
  ResultsShared: (d, w) => w.colon(`${w.t('Restitution à', 'Shared with')} ${d.audience}`, d.summary),
  CommentAdded: (d, w) =>
    d.aboutVersion === undefined
      ? d.text
      : w.colon(`${w.t('À propos de la saisie', 'About entry')} ${w.entry(d.aboutVersion)}`, d.text),

  EntryCorrected: (d, w) =>
    w.colon(
      `${w.t('Correction de la saisie', 'Correction of entry')} ${w.entry(d.target.version)}`,
      d.reason,
    ),
  EntryRetracted: (d, w) =>
    w.colon(`${w.t('Retrait de la saisie', 'Retraction of entry')} ${w.entry(d.target.version)}`, d.reason),
  TextErased: (d, w) =>
    w.colon(
      `${w.t('Effacement d’un texte de la saisie', 'Erasure of a text of entry')} ${w.entry(d.target.version)}`,
      d.reason,
    ),

  StructureRegistered: (d, w) =>
    `${d.name} (${d.kind === 'evs' ? w.t('espace de vie sociale', 'EVS') : 'centre social'}, ${w.t('département', 'département')} ${d.territory})`,
  ProjectLinked: (d, w) =>
    `${w.quote(d.title)}, ${w.t('du', 'from')} ${w.date(d.plannedStart)} ${w.t('au', 'to')} ${w.date(d.plannedEnd)}`,
  CohortOpened: (d, w) => `${d.title} (${w.t('financé par', 'funded by')} ${d.funder})`,
  StructureJoinedCohort: (d, w) =>
    `${w.t('Structure', 'Structure')} ${d.structureId}${d.projectId ? ` (${d.projectId})` : ''}`,
  NextCohortPlanned: (d, w) => `${d.title}${d.plannedStart ? ` (${w.date(d.plannedStart)})` : ''}`,
};

function target(value: { value: number; by?: string | undefined }, w: Words): string {
  return `${w.t('cible', 'target')} ${value.value}${value.by ? ` ${w.t("d'ici le", 'by')} ${w.date(value.by)}` : ''}`;
}

function wordsFor(lang: Lang, lookups: SummaryLookups): Words {
  const t = (fr: string, en: string) => (lang === 'fr' ? fr : en);
  const quote = (text: string) => t(`« ${text} »`, `"${text}"`);
  return {
    lang,
    t,
    colon: (head, tail) => `${head}${t(' : ', ': ')}${tail}`,
    quote,
    name: (kind, id) => quote(shorten(lookups.nameOf(kind, id) ?? String(id), 80)),
    date: (value) => formatDate(value, lang),
    body: (slug) => decidingBodyLabels[slug]?.[lang] ?? slug,
    people: (participants) => {
      const count = participantTotal(participants);
      return t(`${count} participant·es`, `${count} participant${count === 1 ? '' : 's'}`);
    },
    entry: (version) => {
      const type = lookups.typeAt(version);
      return `${t('n°', '#')}${version}${type ? ` (${eventLabel(type, lang)})` : ''}`;
    },
  };
}

/**
 * A short sentence about one entry, built from its (corrected) data, in French or English.
 * Example: a `DifficultyReported` of category `time` reads `'gestion du temps : …'` in French.
 */
export function summarise(
  type: EventType,
  data: Record<string, unknown>,
  lang: Lang,
  lookups: SummaryLookups,
): string {
  const phrase = phrases[type] as (data: unknown, words: Words) => string;
  return shorten(phrase(data, wordsFor(lang, lookups)));
}
