import type { JourneyState, ProjectStage } from '../decider/state.ts';
import type { Period } from '../events/lifecycle.ts';
import type { JournalEvent } from '../model/envelope.ts';
import { stageLabels } from './stage-labels.ts';
import { stateAt } from './state-at.ts';
import {
  type ProjectSummary,
  type StreamSummary,
  type StructureSummary,
  streamSummary,
} from './stream-summary.ts';
import { type SuppressedCount, suppressSmallCount } from './suppression.ts';
import { endBound, type TimeBound } from './time-bounds.ts';

/** Renewal usually starts about 14 months before the end of the period. */
export const RENEWAL_LEAD_MONTHS = 14;
const DAY_MS = 86_400_000;

/** One structure, as a CAF adviser follows it. */
export interface DashboardRow {
  structureId: string;
  name?: string;
  kind?: 'centre_social' | 'evs';
  /** The current projet social: the one running today, else the last one started, else the next one. */
  projectId?: string;
  period?: Period;
  /** Whether `period` is the agreed one or still the planned one. */
  periodStatus?: 'agreed' | 'planned';
  stage?: ProjectStage;
  stageLabel?: string;
  /** Days from today to the last day of the period (negative once it has ended). */
  daysUntilEnd?: number;
  /** The period ends within 14 months (or has ended) and no later projet social is open. */
  renewalDue: boolean;
  /** The projet social being prepared after the current one, if any. */
  nextProjectId?: string;
  /** Counts under 5 are shown as "< 5"; zero is shown as 0. */
  openDifficulties: SuppressedCount;
  overdueCommitments: SuppressedCount;
  /** The last time something happened in the structure's or its projects' journals. */
  lastActivityAt?: string;
}

export interface Dashboard {
  /** Renewals due first, then the periods ending soonest. */
  rows: DashboardRow[];
  structures: number;
  renewalsDue: number;
}

/**
 * The dashboard row of one structure from its state and the journals of its projets sociaux, as of `now`
 * (fold on read). Projects of another structure are ignored.
 * Example: `dashboardRow(structureState, [events2019, events2023], { now: '2026-09-01' })`.
 */
export function dashboardRow(
  structureState: JourneyState | undefined,
  projects: readonly (readonly JournalEvent[])[],
  options: { now: TimeBound },
): DashboardRow {
  const now = endBound(options.now);
  const structure = structureState ? streamSummary('', structureState) : undefined;
  const summaries = projects
    .map((events) => streamSummary(events[0]?.streamId ?? '', stateAt(events, { asOf: now })))
    .filter((summary): summary is ProjectSummary => summary?.kind === 'project');
  return dashboardRowFromSummaries(
    structure?.kind === 'structure' ? structure : undefined,
    summaries,
    options,
  );
}

/**
 * The same row from the stores' summary rows: what the API serves, one query per territory.
 * Example: `dashboardRowFromSummaries(structureSummary, projectSummaries, { now: '2026-09-01' })`.
 */
export function dashboardRowFromSummaries(
  structure: StructureSummary | undefined,
  projects: readonly ProjectSummary[],
  options: { now: TimeBound },
): DashboardRow {
  const now = endBound(options.now);
  const today = now.slice(0, 10);
  const own = projects.filter(
    (project) => structure === undefined || project.structureId === structure.structureId,
  );
  const { current, next } = pickCurrent(own, today);
  const lastActivityAt = [structure, ...own]
    .map((summary) => summary?.lastOccurredAt)
    .filter((instant): instant is string => instant !== undefined)
    .sort()
    .at(-1);
  const kind = structure?.structureKind ?? current?.structureKind;
  const identity = {
    structureId: structure?.structureId ?? current?.structureId ?? '',
    ...(structure !== undefined && { name: structure.name }),
    ...(kind !== undefined && { kind }),
  };
  const activity = lastActivityAt === undefined ? {} : { lastActivityAt };
  if (!current)
    return { ...identity, renewalDue: false, openDifficulties: 0, overdueCommitments: 0, ...activity };

  const period = current.period ?? current.plannedPeriod;
  const overdue = current.pendingDueDates.filter((dueOn) => dueOn < today).length;
  return {
    ...identity,
    projectId: current.projectId,
    period,
    periodStatus: current.period ? 'agreed' : 'planned',
    stage: current.stage,
    stageLabel: stageLabels[current.stage]?.fr ?? current.stage,
    daysUntilEnd: Math.round((Date.parse(period.end) - Date.parse(today)) / DAY_MS),
    renewalDue: next === undefined && period.end <= addMonths(today, RENEWAL_LEAD_MONTHS),
    ...(next !== undefined && { nextProjectId: next.projectId }),
    openDifficulties: suppressSmallCount(current.openDifficulties),
    overdueCommitments: suppressSmallCount(overdue),
    ...activity,
  };
}

/**
 * The dashboard of a territory from all its summary rows: one row per structure.
 * Example: `dashboardFromSummaries(await store.readSummaries('46'), { now })`.
 */
export function dashboardFromSummaries(
  summaries: readonly StreamSummary[],
  options: { now: TimeBound },
): Dashboard {
  // Nothing can have occurred after now (the decider refuses the future), so summaries need no cut.
  const projects = summaries.filter((summary): summary is ProjectSummary => summary.kind === 'project');
  const rows = summaries
    .filter((summary): summary is StructureSummary => summary.kind === 'structure')
    .map((structure) =>
      dashboardRowFromSummaries(
        structure,
        projects.filter((p) => p.structureId === structure.structureId),
        options,
      ),
    );
  return dashboard(rows);
}

/** Orders the rows for an adviser: renewals due first, then the periods ending soonest. Example: `dashboard(rows).rows[0]`. */
export function dashboard(rows: readonly DashboardRow[]): Dashboard {
  const sorted = [...rows].sort(
    (a, b) =>
      Number(b.renewalDue) - Number(a.renewalDue) ||
      (a.daysUntilEnd ?? Number.POSITIVE_INFINITY) - (b.daysUntilEnd ?? Number.POSITIVE_INFINITY) ||
      (a.name ?? a.structureId).localeCompare(b.name ?? b.structureId),
  );
  return { rows: sorted, structures: rows.length, renewalsDue: rows.filter((row) => row.renewalDue).length };
}

type Candidate = ProjectSummary;

/** The running project (else the last started, else the first to come), and the one after it. Refused ones only as a last resort. */
function pickCurrent(all: readonly Candidate[], today: string): { current?: Candidate; next?: Candidate } {
  const alive = all.filter((candidate) => candidate.stage !== 'refused');
  const candidates = [...(alive.length > 0 ? alive : all)].sort((a, b) =>
    startOf(a).localeCompare(startOf(b)),
  );
  const started = candidates.filter((candidate) => startOf(candidate) <= today);
  const running = started.filter((candidate) => endOf(candidate) >= today);
  const current = running.at(-1) ?? started.at(-1) ?? candidates[0];
  if (!current) return {};
  const next = alive.find((candidate) => candidate !== current && startOf(candidate) > startOf(current));
  return { current, ...(next !== undefined && { next }) };
}

function startOf(project: Candidate): string {
  return (project.period ?? project.plannedPeriod).start;
}
function endOf(project: Candidate): string {
  return (project.period ?? project.plannedPeriod).end;
}

/** Adds months to a calendar date in UTC, keeping the day within the month. Example: 2025-12-31 + 2 is 2026-02-28. */
function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}
