// DOM and formatting helpers. Every text goes in as a text node: nothing from the API is parsed as HTML.
const SVG_NS = 'http://www.w3.org/2000/svg';

function fill(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** An HTML element: h('a', {href: '#/'}, 'text', child...). */
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** `2024-07-16 13:12 UTC` from an ISO instant. */
export function utc(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** The wall time in a zone, e.g. `Tue 16 Jul, 06:12 PDT`. */
export function local(iso, zone) {
  if (!iso || !zone) return '';
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
      timeZoneName: 'short', hourCycle: 'h23',
    }).formatToParts(new Date(iso));
    const v = Object.fromEntries(parts.map((x) => [x.type, x.value]));
    return `${v.weekday} ${v.day} ${v.month}, ${v.hour}:${v.minute} ${v.timeZoneName}`;
  } catch {
    return '';
  }
}

/** A `<time>` element whose datetime attribute is the exact instant. */
export function time(iso, zone) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const loc = local(iso, zone);
  return h('time', { datetime: iso, title: loc || iso }, utc(iso), loc ? h('span', { class: 'muted' }, ` · ${loc}`) : null);
}

export function badge(text) {
  return h('span', { class: `badge ${text || ''}` }, text || '—');
}

/** The hash link of an order page. */
export function orderHref(key) {
  return `#/order/${encodeURIComponent(key)}`;
}
export function disputeHref(key) {
  return `#/dispute/${encodeURIComponent(key)}`;
}

export function panel(title, ...children) {
  const id = `p-${Math.random().toString(36).slice(2, 9)}`;
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

/** A table; `wide` ones keep their width on a phone and scroll sideways in their box. */
export function table(headers, rows, { wide = false } = {}) {
  return h('div', {
    class: wide ? 'table-wrap wide' : 'table-wrap', tabindex: wide ? '0' : null, role: wide ? 'region' : null,
    'aria-label': wide ? 'Table, scrolls sideways on small screens' : null,
  },
    h('table', {},
      h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col', class: x.num ? 'num' : null }, x.label ?? x)))),
      h('tbody', {}, rows)));
}

export function pretty(json) {
  try {
    return JSON.stringify(typeof json === 'string' ? JSON.parse(json) : json, null, 2);
  } catch {
    return String(json);
  }
}

/** Parses `#/path?x=1` into {parts: ['path'], query: URLSearchParams}. */
export function parseHash(hash) {
  const raw = (hash || '').replace(/^#/, '') || '/';
  const [path, q] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  return { parts, query: new URLSearchParams(q || '') };
}

/** Replaces the children of `target`, leaving out the absent ones (null, undefined, false). */
export function put(target, ...children) {
  target.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}
