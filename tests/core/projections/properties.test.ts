import {
  auditTrail,
  cohortThemes,
  dashboard,
  dashboardFromSummaries,
  dashboardRow,
  fold,
  type JournalEvent,
  parseStreamId,
  previousProjectEvaluation,
  renderReviewHtml,
  renderReviewMarkdown,
  renderReviewSvg,
  review,
  type StreamSummary,
  stateAt,
  streamSummary,
  structureHistory,
  timeline,
  visionDiff,
  visionHistory,
} from '@chemins/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { dayToInstant, PROJECT_ID, randomSteps, replay } from './random-journey.ts';
import { randomCohortSteps, randomStructureSteps, replayStream } from './random-streams.ts';
import { causses } from './scenario.ts';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) };
/** Room for more runs (PROPERTY_RUNS=500) than the default timeout allows. */
const TIMEOUT = 120_000;
const day = fc.integer({ min: -10, max: 1010 });
/** A point in time as a user would give it: an instant, or a calendar date. */
const point = fc.tuple(day, fc.integer({ min: 0, max: 23 }), fc.boolean()).map(([d, hour, asDate]) => {
  const instant = new Date(Date.parse(dayToInstant(d)) + (hour - 10) * 3_600_000).toISOString();
  return asDate ? instant.slice(0, 10) : instant;
});

let fixed: Awaited<ReturnType<typeof causses>>;
beforeAll(async () => {
  fixed = await causses();
});

describe('stateAt (properties)', () => {
  it(
    'as of t equals the fold of the events that occurred by t',
    async () => {
      await fc.assert(
        fc.asyncProperty(randomSteps, fc.array(day, { minLength: 1, maxLength: 4 }), async (steps, days) => {
          const { events } = await replay(steps);
          for (const d of days) {
            const t = dayToInstant(d);
            expect(stateAt(events, { asOf: t })).toEqual(
              fold(events.filter((event) => event.occurredAt <= t)),
            );
            // A calendar date means the end of that day.
            const date = t.slice(0, 10);
            const endOfDay = `${date}T23:59:59.999Z`;
            expect(stateAt(events, { asOf: date })).toEqual(
              fold(events.filter((event) => event.occurredAt <= endOfDay)),
            );
          }
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'known at t is what the journal answered at t: what was recorded later is ignored, corrections included',
    async () => {
      await fc.assert(
        fc.asyncProperty(randomSteps, async (steps) => {
          const { events, snapshots } = await replay(steps);
          for (const snapshot of snapshots) {
            expect(stateAt(events, { knownAt: snapshot.recordedAt })).toEqual(snapshot.state);
          }
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );
});

describe('every projection (properties)', () => {
  it(
    'is total on any valid log, and keeps its promises',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          randomSteps,
          point,
          point,
          fc.constantFrom('fr', 'en' as const),
          fc.option(fc.constantFrom('s1', 's2'), { nil: undefined }),
          async (steps, a, b, lang, stakeId) => {
            const { events } = await replay(steps);
            const [from, to] = a <= b ? [a, b] : [b, a];
            checkTimeline(events, lang, stakeId, from, to);
            visionHistory(events, { lang, asOf: to, knownAt: b });
            visionDiff(events, from, to, lang);
            visionDiff(events, b, a);
            checkReview(events, from, to, lang);
            checkAuditTrail(events, lang);
            checkSummary(events);
            checkPreviousEvaluation(events);
            structureHistory(fixed.structureEvents, [events, fixed.projectEvents]);
            const row = dashboardRow(fold(fixed.structureEvents), [events, fixed.previousEvents], {
              now: to,
            });
            dashboard([row, dashboardRow(undefined, [events], { now: from })]);
            cohortThemes([], [events]);
          },
        ),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'is total on any valid structure or cohort log, alone or with a project log',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          randomStructureSteps,
          randomCohortSteps,
          randomSteps,
          point,
          point,
          fc.constantFrom('fr', 'en' as const),
          async (structureSteps, cohortSteps, projectSteps, a, b, lang) => {
            const structure = await replayStream('structure', structureSteps);
            const cohort = await replayStream('cohort', cohortSteps);
            const { events: project } = await replay(projectSteps);
            const [from, to] = a <= b ? [a, b] : [b, a];
            for (const events of [structure, cohort]) {
              checkTimeline(events, lang, undefined, from, to);
              visionHistory(events, { lang, asOf: to, knownAt: b });
              visionDiff(events, from, to, lang);
              checkReview(events, from, to, lang);
              checkAuditTrail(events, lang);
              checkSummary(events);
              checkPreviousEvaluation(events);
              stateAt(events, { asOf: from, knownAt: to });
            }
            const history = structureHistory(structure, [project, cohort]);
            // One period per project: the random one (its journal says it is the structure's), and those linked.
            const linked = Object.keys(fold(structure).entities.links);
            expect(history.periods.map((period) => period.projectId).sort()).toEqual(
              [...new Set([PROJECT_ID, ...linked])].sort(),
            );
            const row = dashboardRow(fold(structure), [project], { now: to });
            expect(row.structureId).toBe('random');
            const summaries = [structure, cohort, project]
              .map((events) => streamSummary(events[0]?.streamId ?? '', fold(events)))
              .filter((summary): summary is StreamSummary => summary !== undefined);
            expect(dashboardFromSummaries(summaries, { now: to }).structures).toBe(1);
            cohortThemes(cohort, [project, structure], { lang });
          },
        ),
        RUNS,
      );
    },
    TIMEOUT,
  );
});

/** Each entry once: on a line of its own, or under the entry it corrects or retracts. */
function checkAuditTrail(events: JournalEvent[], lang: 'fr' | 'en') {
  const trail = auditTrail(events, lang);
  const lines = trail.entries.map((entry) => entry.version);
  const amendments = trail.entries.flatMap((entry) => entry.amendments.map((amendment) => amendment.version));
  expect([...lines, ...amendments].sort((x, y) => x - y)).toEqual(events.map((event) => event.version));
  expect(lines).toEqual([...lines].sort((x, y) => x - y));
  expect(trail.visionRevisions.map((revision) => revision.version)).toEqual(
    events
      .filter((event) => event.type === 'VisionStated' || event.type === 'VisionRevised')
      .map((event) => event.version),
  );
}

/** An opened stream always has a summary of its own kind, at its last version. */
function checkSummary(events: JournalEvent[]) {
  const streamId = events[0]?.streamId ?? '';
  const summary = streamSummary(streamId, fold(events));
  expect(summary).toMatchObject({
    streamId,
    kind: parseStreamId(streamId)?.kind,
    territory: '46',
    version: events.at(-1)?.version,
  });
}

/** A draft in Markdown, whatever the log: its title first, and no markup from free texts. */
function checkPreviousEvaluation(events: JournalEvent[]) {
  const draft = previousProjectEvaluation(fold(events));
  expect(draft.startsWith('# Évaluation du projet précédent')).toBe(true);
  expect(draft).not.toMatch(/<script/i);
}

function checkTimeline(
  events: JournalEvent[],
  lang: 'fr' | 'en',
  stakeId: string | undefined,
  from: string,
  to: string,
) {
  const all = timeline(events, { lang });
  // Every entry once, in order of occurrence then version.
  expect(all.map((entry) => entry.version).sort((x, y) => x - y)).toEqual(
    events.map((event) => event.version),
  );
  for (const [index, entry] of all.entries()) {
    const previous = all[index - 1];
    if (previous) {
      const inOrder =
        previous.occurredAt < entry.occurredAt ||
        (previous.occurredAt === entry.occurredAt && previous.version < entry.version);
      expect(
        inOrder,
        `#${previous.version} (${previous.occurredAt}) before #${entry.version} (${entry.occurredAt})`,
      ).toBe(true);
    }
    expect(entry.summary.length).toBeGreaterThan(0);
  }
  const filtered = timeline(events, {
    lang,
    from,
    to,
    role: 'staff',
    types: ['DifficultyReported', 'EntryCorrected'],
    ...(stakeId && { stakeId }),
  });
  for (const entry of filtered) {
    expect(['DifficultyReported', 'EntryCorrected']).toContain(entry.type);
    expect(entry.actorRole).toBe('staff');
    if (stakeId) expect(entry.stakeIds).toContain(stakeId);
  }
}

function checkReview(events: JournalEvent[], from: string, to: string, lang: 'fr' | 'en') {
  const bilan = review(events, { from, to, lang });
  const meta = { title: 'Bilan <tiré> au sort', projectId: PROJECT_ID, from, to };
  const html = renderReviewHtml(bilan, meta);
  expect(html).not.toMatch(/<script/i);
  const svg = renderReviewSvg(bilan);
  expect(svg).not.toMatch(/<script/i);
  expect(svg.match(/data-mark=/g) ?? []).toHaveLength(bilan.marks.length);
  expect(html.match(/data-mark=/g) ?? []).toHaveLength(bilan.marks.length);
  expect(renderReviewMarkdown(bilan, meta)).not.toMatch(/<script/i);
  const { groups, total } = bilan.participation;
  expect(groups.staff + groups.volunteersAndBoard + groups.residents + groups.others).toBe(total);
}
