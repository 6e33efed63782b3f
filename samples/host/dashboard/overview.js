// Overview: orders by action and rule, the next checks, disputes by state and backend, and decisions and
// filings per bucket over 24 h, 7 days or 30 days.
import { get, enc } from './api.js';
import { h, s, put, badge, panel, table, time, orderHref, utc } from './util.js';

const WINDOWS = [['24h', '24 hours'], ['7d', '7 days'], ['30d', '30 days']];

function actionBars(rows) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  const rowH = 26;
  const width = 420;
  const labelW = 190;
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${width} ${rows.length * rowH + 4}`, role: 'img', 'aria-labelledby': 'bars-t' },
    s('title', { id: 'bars-t' }, `Orders by action: ${rows.map((r) => `${r.action} ${r.count}`).join(', ')}`));
  rows.forEach((r, i) => {
    const y = i * rowH + 2;
    const w = ((width - labelW - 40) * r.count) / max;
    svg.append(
      s('text', { x: labelW - 6, y: y + 16, 'text-anchor': 'end' }, r.action),
      s('rect', { x: labelW, y: y + 4, width: Math.max(w, 1), height: rowH - 10, fill: '#0b5cad', rx: 2 }),
      s('text', { x: labelW + w + 5, y: y + 16 }, String(r.count)));
  });
  return svg;
}

function activityChart(activity, window) {
  const buckets = activity.buckets;
  const width = 720;
  const height = 220;
  const pad = { l: 34, r: 8, t: 10, b: 34 };
  const max = Math.max(1, ...buckets.flatMap((b) => [b.decisions, b.filings]));
  const innerW = width - pad.l - pad.r;
  const innerH = height - pad.t - pad.b;
  const slot = innerW / buckets.length;
  const barW = Math.max(1, slot / 2 - 1);
  const total = (k) => buckets.reduce((n, b) => n + b[k], 0);
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'act-t' },
    s('title', { id: 'act-t' }, `Decisions (${total('decisions')}) and filings (${total('filings')}) over the last ${window}, per ${activity.bucket_seconds / 3600} h`));
  const y = (v) => pad.t + innerH - (innerH * v) / max;
  for (const v of [0, Math.ceil(max / 2), max]) {
    svg.append(s('line', { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), stroke: '#d5d9de' }),
      s('text', { x: pad.l - 4, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  const every = Math.ceil(buckets.length / 8);
  buckets.forEach((b, i) => {
    const x = pad.l + i * slot;
    const tip = `${utc(b.start)}: ${b.decisions} decisions, ${b.filings} filings`;
    svg.append(
      s('rect', { x: x + 1, y: y(b.decisions), width: barW, height: y(0) - y(b.decisions), fill: '#0b5cad' }, s('title', {}, tip)),
      s('rect', { x: x + 1 + barW, y: y(b.filings), width: barW, height: y(0) - y(b.filings), fill: '#c2410c' }, s('title', {}, tip)));
    if (i % every === 0) {
      const d = new Date(b.start);
      const label = activity.bucket_seconds < 86400 && window === '24h'
        ? d.toISOString().slice(11, 16) : d.toISOString().slice(5, 10);
      svg.append(s('text', { x: x + slot / 2, y: height - pad.b + 14, 'text-anchor': 'middle' }, label));
    }
  });
  svg.append(s('text', { x: width - pad.r, y: height - 4, 'text-anchor': 'end' }, 'UTC'));
  return svg;
}

export async function renderOverview(target, _parts, query, current) {
  const window = WINDOWS.some(([w]) => w === query.get('window')) ? query.get('window') : '24h';
  document.title = 'Overview · unstuck';
  const stats = await get(`/v1/stats?window=${enc(window)}`);
  if (!current()) return;
  shown = { target, query, current };
  const due = stats.due_next.map((o) => h('tr', {},
    h('td', {}, h('a', { href: orderHref(o.order_key) }, o.order_id), ' ', badge(o.action)),
    h('td', {}, time(o.next_check_at), o.overdue ? h('span', { class: 'badge PENDING' }, ' due') : null)));
  const disputes = stats.disputes.map((d) => h('tr', {},
    h('td', {}, h('a', { href: `#/disputes?state=${enc(d.state)}&backend=${enc(d.backend)}` }, badge(d.state))),
    h('td', {}, d.backend), h('td', { class: 'num' }, String(d.count))));
  const rules = stats.orders.by_rule.map((r) => h('tr', {},
    h('td', {}, h('code', {}, r.rule)), h('td', { class: 'num' }, String(r.count))));
  const segmented = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Time window' },
    WINDOWS.map(([w, label]) => h('a', { href: `#/?window=${w}`, 'aria-current': w === window ? 'true' : null, 'data-window': w }, label)));
  put(target, 
    h('h1', {}, 'Overview'),
    h('p', { class: 'muted' }, 'As of ', time(stats.now)),
    h('div', { class: 'grid' },
      panel('Orders by action', stats.orders.by_action.length ? actionBars(stats.orders.by_action) : h('p', {}, 'No orders yet.')),
      panel('Disputes by state and backend', disputes.length ? table(['State', 'Backend', { label: 'Count', num: true }], disputes) : h('p', {}, 'No disputes yet.')),
      panel('Due next', due.length ? table(['Order', 'Next check'], due) : h('p', {}, 'No order waits for a check.')),
      panel('Orders by rule', table(['Rule', { label: 'Orders', num: true }], rules))),
    h('section', { class: 'panel', 'aria-labelledby': 'activity-title' },
      h('h2', { id: 'activity-title' }, 'Decisions and filings'), segmented,
      h('div', { class: 'legend' },
        h('span', {}, h('span', { class: 'swatch decisions' }), 'decisions'),
        h('span', {}, h('span', { class: 'swatch filings' }), 'filings (disputes created)')),
      activityChart(stats.activity, window)));
}

// New decisions while the overview shows: its figures are read again in place (focus stays where it is).
let shown = null;
window.addEventListener('unstuck:events', () => {
  if (!shown || !shown.target.isConnected) return;
  renderOverview(shown.target, [], shown.query, shown.current).catch(() => {});
});
