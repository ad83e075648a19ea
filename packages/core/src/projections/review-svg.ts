import { eventLabel } from '../events/catalogue.ts';
import { escapeHtml } from './escape.ts';
import { formatDate } from './format.ts';
import { laneLabels, laneOrder } from './review-labels.ts';
import type { Review, ReviewMark } from './review-types.ts';

const WIDTH = 960;
const LEFT = 170;
const RIGHT = 24;
const TOP = 16;
const LANE = 34;
const AXIS = 40;
const RADIUS = 6;

export const markColours: Readonly<Record<ReviewMark['kind'], string>> = {
  difficulty: '#b03a2e',
  success: '#1e8449',
  commitment: '#2e6da4',
  gathering: '#7d3c98',
  vision: '#b9770e',
  assumption: '#566573',
};

/**
 * The review's timeline picture as inline SVG: one lane per kind, exactly one mark per dated entry
 * (each a `<circle data-mark="…">` with a `<title>` tooltip), every text escaped.
 */
export function renderReviewSvg(review: Review): string {
  const from = Date.parse(review.from);
  const to = Date.parse(review.to);
  const plot = WIDTH - LEFT - RIGHT;
  const axisY = TOP + LANE * laneOrder.length + 4;
  const height = axisY + AXIS;
  const xOf = (instant: string) => {
    const span = to - from;
    const ratio = span > 0 ? (Date.parse(instant) - from) / span : 0.5;
    return round(LEFT + Math.min(1, Math.max(0, ratio)) * plot);
  };
  const laneY = (kind: ReviewMark['kind']) => TOP + LANE * laneOrder.indexOf(kind) + LANE / 2;

  const lanes = laneOrder.map(
    (kind) =>
      `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${laneY(kind)}" y2="${laneY(kind)}" class="lane"/>` +
      `<text x="${LEFT - 10}" y="${laneY(kind) + 4}" text-anchor="end">${escapeHtml(laneLabels[kind])}</text>`,
  );
  const ticks = yearStarts(review.from, review.to).map((year) => {
    const x = xOf(`${year}-01-01T00:00:00.000Z`);
    return (
      `<line x1="${x}" x2="${x}" y1="${TOP}" y2="${axisY}" class="tick"/>` +
      `<text x="${x}" y="${axisY + 16}" text-anchor="middle">${year}</text>`
    );
  });
  const offsets = stackOffsets(review.marks.map((mark) => ({ lane: mark.kind, x: xOf(mark.occurredAt) })));
  const marks = review.marks.map((mark, index) => {
    const tooltip = `${formatDate(mark.occurredAt)} — ${eventLabel(mark.type, 'fr')} : ${mark.text}`;
    return (
      `<circle data-mark="${mark.kind}" cx="${xOf(mark.occurredAt) + (offsets[index]?.dx ?? 0)}" cy="${laneY(mark.kind) + (offsets[index]?.dy ?? 0)}" ` +
      `r="${RADIUS}" fill="${markColours[mark.kind]}" fill-opacity="0.75"><title>${escapeHtml(tooltip)}</title></circle>`
    );
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="frise-titre">`,
    `<title id="frise-titre">Frise du bilan, du ${escapeHtml(formatDate(review.from))} au ${escapeHtml(formatDate(review.to))}</title>`,
    ...lanes,
    `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${axisY}" y2="${axisY}" class="axis"/>`,
    `<text x="${LEFT}" y="${axisY + 30}">${escapeHtml(formatDate(review.from))}</text>`,
    `<text x="${WIDTH - RIGHT}" y="${axisY + 30}" text-anchor="end">${escapeHtml(formatDate(review.to))}</text>`,
    ...ticks,
    ...marks,
    '</svg>',
  ].join('\n');
}

/**
 * Marks of one lane closer than a diameter would hide each other: place them on the lane, above it and
 * below it, then one diameter further right, and so on, so that each can be counted and pointed at.
 */
function stackOffsets(points: readonly { lane: string; x: number }[]): { dx: number; dy: number }[] {
  const placed: { lane: string; x: number }[] = [];
  const rows = [0, -(RADIUS * 2 - 1), RADIUS * 2 - 1];
  return points.map((point) => {
    const crowd = placed.filter(
      (other) => other.lane === point.lane && Math.abs(other.x - point.x) < RADIUS * 2,
    ).length;
    placed.push(point);
    return { dx: Math.floor(crowd / rows.length) * RADIUS * 2, dy: rows[crowd % rows.length] ?? 0 };
  });
}

/** The years whose 1st of January falls inside the window: where to draw a tick (none past a dozen). */
function yearStarts(from: string, to: string): number[] {
  const years: number[] = [];
  for (let year = Number(from.slice(0, 4)) + 1; year <= Number(to.slice(0, 4)); year++) years.push(year);
  return years.length > 12 ? [] : years;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
