import { HttpProblem } from '../errors/http-problem.ts';

export type ReviewFormat = 'json' | 'markdown' | 'html';

const FORMATS: [string, ReviewFormat][] = [
  ['application/json', 'json'],
  ['text/markdown', 'markdown'],
  ['text/html', 'html'],
];

/** Picks JSON, Markdown or HTML from an Accept header, honouring q-values; 406 when none fits. */
export function negotiateFormat(accept: string | undefined): ReviewFormat {
  if (!accept?.trim()) return 'json';
  const ranges = accept
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(
        params
          .map((p) => p.trim())
          .find((p) => p.startsWith('q='))
          ?.slice(2) ?? '1',
      );
      return { range: range.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { range } of ranges) {
    if (range === '*/*' || range === 'application/*') return 'json';
    if (range === 'text/*') return 'html';
    const found = FORMATS.find(([type]) => type === range);
    if (found) return found[1];
  }
  throw new HttpProblem(
    406,
    'NOT_ACCEPTABLE',
    'this resource is available as application/json, text/markdown or text/html',
  );
}
