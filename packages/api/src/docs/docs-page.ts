import { createHash } from 'node:crypto';

/**
 * The interactive reference at /docs: a self-contained page (no CDN, so it works offline and under a
 * strict CSP) that reads /openapi.json and lets a developer try each route with a token.
 */
const script = `
const $ = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
};
const tokenInput = document.getElementById('token');
tokenInput.value = sessionStorage.getItem('chemins-token') || '';
tokenInput.addEventListener('input', () => sessionStorage.setItem('chemins-token', tokenInput.value));
fetch('openapi.json').then((r) => r.json()).then((doc) => {
  document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version;
  const main = document.getElementById('operations');
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const params = (op.parameters || []).filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header');
      const form = $('form');
      for (const p of params) {
        form.append($('label', {}, p.in + ' ' + p.name + ' ', $('input', { name: p.in + ':' + p.name, placeholder: String((p.schema && p.schema.example) || p.example || '') })));
      }
      const hasBody = Boolean(op.requestBody);
      if (hasBody) form.append($('label', {}, 'body (JSON) ', $('textarea', { name: 'body', rows: '6', placeholder: '{ "type": "ReportDifficulty", "category": "time", "description": "..." }' })));
      const accept = op.responses && op.responses['200'] && op.responses['200'].content ? Object.keys(op.responses['200'].content) : [];
      if (accept.length > 1) {
        const select = $('select', { name: 'accept' });
        for (const type of accept) select.append($('option', { value: type }, type));
        form.append($('label', {}, 'Accept ', select));
      }
      const output = $('pre', { class: 'out' });
      form.append($('button', { type: 'submit' }, 'Send'));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const data = new FormData(form);
        let url = path;
        const query = new URLSearchParams();
        const headers = {};
        for (const [key, value] of data.entries()) {
          if (!value) continue;
          const [where, name] = key.split(':');
          if (where === 'path') url = url.replace('{' + name + '}', encodeURIComponent(value));
          if (where === 'query') query.set(name, value);
          if (where === 'header') headers[name] = value;
        }
        if (tokenInput.value) headers.Authorization = 'Bearer ' + tokenInput.value.trim();
        if (data.get('accept')) headers.Accept = data.get('accept');
        const init = { method: method.toUpperCase(), headers };
        if (hasBody) { headers['Content-Type'] = 'application/json'; init.body = data.get('body') || '{}'; }
        const response = await fetch(url.slice(1) + (query.size ? '?' + query : ''), init);
        output.textContent = response.status + ' ' + response.statusText + '\\n' + (await response.text());
      });
      main.append($('details', {}, $('summary', {}, $('b', {}, method.toUpperCase()), ' ' + path + ' — ' + (op.summary || '')), $('p', {}, op.description || ''), form, output));
    }
  }
});
`;

const style = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d2a33; }
details { border: 1px solid #cfd8dc; border-radius: 6px; margin: .5rem 0; padding: .5rem .8rem; }
summary { cursor: pointer; } label { display: block; margin: .3rem 0; }
input, textarea, select { font: 13px monospace; width: 100%; box-sizing: border-box; }
pre.out { background: #f4f6f7; padding: .5rem; white-space: pre-wrap; max-height: 25rem; overflow: auto; }
button { margin-top: .4rem; }
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const docsContentSecurityPolicy = `default-src 'none'; script-src ${hash(script)}; style-src ${hash(style)}; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

export const docsPage = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Chemins — API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${style}</style></head>
<body><h1 id="title">Chemins API</h1>
<p>Every route but <code>/health</code>, <code>/openapi.json</code> and <code>/docs</code> needs a token.
Locally, <code>npm start</code> prints some; <code>npx chemins token --role staff --structure causses --territory 46</code> makes others.
The machine-readable description is at <a href="openapi.json">openapi.json</a>.</p>
<label>Token <input id="token" placeholder="eyJhbGciOi..."></label>
<main id="operations"></main>
<script>${script}</script></body></html>`;
