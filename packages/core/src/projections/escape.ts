const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Makes any text safe inside HTML (and SVG) text and attribute values.
 * Example: `escapeHtml('<script>')` is `'&lt;script&gt;'`.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ENTITIES[character] ?? character);
}

/**
 * Makes user text inert inside Markdown: one line (so it cannot open a block), HTML tags and entities
 * neutralised, and the characters that start emphasis, links, code, headings or lists escaped.
 * Example: `escapeMarkdown('**<b>1. x**')` is `'\\*\\*&lt;b&gt;1. x\\*\\*'`.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~]/g, '\\$&')
    .replace(/^-/, '\\-')
    .replace(/^(\d+)\./, '$1\\.');
}
