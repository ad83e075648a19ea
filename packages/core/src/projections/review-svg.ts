import { escapeHtml } from './escape.ts';
import { formatDate } from './format.ts';
import { markKindLabels, markKindOrder } from './review-labels.ts';
import type { Review, ReviewMark } from './review-types.ts';

const WIDTH = 960;
const LEFT = 250;
const RIGHT = 24;
const TOP = 16;
const LANE = 30;
const AXIS = 40;

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
 * (each with a `data-mark` attribute and a `<title>` for the tooltip), every text escaped.
 */
export function renderReviewSvg(review: Review): string {
  const from = Date.parse(review.from);
  const to = Date.parse(review.to);
  const plot = WIDTH - LEFT - RIGHT;
  const height = TOP + LANE * markKindOrder.length + AXIS;
  const axisY = TOP + LANE * markKindOrder.length + 4;
  const xOf = (instant: string) => {
    const span = to - from;
    const ratio = span > 0 ? (Date.parse(instant) - from) / span : 0.5;
    return round(LEFT + Math.min(1, Math.max(0, ratio)) * plot);
  };
  const laneY = (kind: ReviewMark['kind']) => TOP + LANE * markKindOrder.indexOf(kind) + LANE / 2;

  const lanes = markKindOrder.map(
    (kind) =>
      `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${laneY(kind)}" y2="${laneY(kind)}" class="lane"/>` +
      `<text x="${LEFT - 10}" y="${laneY(kind) + 4}" text-anchor="end">${escapeHtml(markKindLabels[kind])}</text>`,
  );
  const ticks = yearStarts(review.from, review.to).map(
    (year) =>
      `<line x1="${xOf(`${year}-01-01T00:00:00.000Z`)}" x2="${xOf(`${year}-01-01T00:00:00.000Z`)}" y1="${TOP}" y2="${axisY}" class="tick"/>` +
      `<text x="${xOf(`${year}-01-01T00:00:00.000Z`)}" y="${axisY + 16}" text-anchor="middle">${year}</text>`,
  );
  const marks = review.marks.map((mark) => {
    const tooltip = `${formatDate(mark.occurredAt)} — ${markKindLabels[mark.kind]} : ${mark.text}`;
    return (
      `<circle data-mark="${mark.kind}" cx="${xOf(mark.occurredAt)}" cy="${laneY(mark.kind)}" r="6" ` +
      `fill="${markColours[mark.kind]}" fill-opacity="0.8"><title>${escapeHtml(tooltip)}</title></circle>`
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

/** The years whose 1st of January falls strictly inside the window: where to draw a tick. */
function yearStarts(from: string, to: string): number[] {
  const years: number[] = [];
  for (let year = Number(from.slice(0, 4)) + 1; year <= Number(to.slice(0, 4)); year++) years.push(year);
  return years.length > 12 ? [] : years;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
