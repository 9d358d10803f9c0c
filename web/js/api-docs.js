// The API reference page: /api/v1/openapi.json read and laid out, served by
// the server itself (no CDN), grouped by the first path segment.
const main = document.getElementById('main');
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const k of kids) e.append(k);
  return e;
};

const doc = await (await fetch('/api/v1/openapi.json')).json();
main.replaceChildren(el('h1', {}, `${doc.info.title} ${doc.info.version}`), el('p', {}, doc.info.description));
const byTag = new Map();
for (const [path, ops] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    const tag = op.tags?.[0] ?? '';
    byTag.set(tag, [...(byTag.get(tag) ?? []), { path, method, op }]);
  }
}
for (const [tag, ops] of [...byTag].sort(([a], [b]) => a.localeCompare(b))) {
  const section = el('section', { 'aria-labelledby': `tag-${tag}` }, el('h2', { id: `tag-${tag}` }, `/${tag}`));
  for (const { path, method, op } of ops) {
    const card = el('article', { class: 'card api-op' }, el('h3', {}, el('code', {}, `${method.toUpperCase()} /api/v1${path}`)));
    if (op.summary) card.append(el('p', {}, op.summary));
    card.append(el('p', { class: 'muted small' }, op.description));
    if (op.parameters?.length) {
      const rows = op.parameters.map((p) => el('tr', {}, el('td', {}, el('code', {}, p.name)), el('td', {}, p.in), el('td', {}, p.required ? 'required' : ''), el('td', {}, el('code', {}, JSON.stringify(p.schema)))));
      card.append(el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'in'), el('th', {}, ''), el('th', {}, 'schema'))), el('tbody', {}, ...rows)));
    }
    const body = op.requestBody?.content?.['application/json']?.schema;
    if (body) card.append(el('details', {}, el('summary', {}, 'Request body (JSON Schema)'), el('pre', {}, JSON.stringify(body, null, 2))));
    section.append(card);
  }
  main.append(section);
}
