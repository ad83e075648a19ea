import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A table with aligned columns, as the repository's formatter (Biome) writes Markdown tables. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const readmePath = join(fileURLToPath(new URL('..', import.meta.url)), 'README.md');

/** Replaces this bench's section of bench/README.md (between its markers), or adds it at the end. */
export function writeSection(name: string, section: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${section}\n${end}`;
  const current = existsSync(readmePath)
    ? readFileSync(readmePath, 'utf8')
    : '# Benchmarks\n\nRun them with `npm run bench`. They measure; they are not tests.\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${block}${current.slice(to + end.length)}`
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(readmePath, next);
  return readmePath;
}
