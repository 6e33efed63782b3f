// The order page: the timeline as SVG (carrier scans apart from informational lines, the platform's status,
// the policy's deadlines over the region's weekends and holidays, tickets and decisions), then the decision
// with its explanation, the deadlines as text, the events, and the raw and canonical tracking.
import { get, enc } from './api.js';
import { h, s, put, badge, panel, table, time, utc, disputeHref, pretty } from './util.js';

const DEADLINE_NAMES = {
  pickup_update: 'Pickup not reflected',
  delivery_update: 'Delivery not reflected',
  stall: 'Tracking stalls',
  ticket_window: 'Ticket unanswered',
};

const NOT_PHYSICAL = new Set(['UNKNOWN', 'INFO_RECEIVED', 'CANCELLED', 'EXPIRED']);

// The packages with their events: the stored snapshots, else the events the case gave.
function packagesOf(t) {
  const out = [];
  const seen = new Set();
  for (const p of t.packages) {
    seen.add(p.package);
    out.push({ ref: p.package, carrier: p.carrier, tracking: p.tracking_number, events: (p.shipment && p.shipment.events) || [], shipment: p.shipment, fetched_at: p.fetched_at });
  }
  for (const p of (t.case && t.case.packages) || []) {
    const ref = p.package_id || p.tracking_number;
    const match = out.find((x) => x.ref === ref);
    if (match) { match.raw = p.raw || null; continue; }
    out.push({ ref, carrier: p.carrier || (p.raw && p.raw.carrier) || '', tracking: p.tracking_number || '', events: p.events || [], shipment: null, raw: p.raw || null });
  }
  for (const p of out) {
    p.events = p.events.map((e) => ({ ...e, physical: e.physical_scan ?? !NOT_PHYSICAL.has(e.status) }));
  }
  return out;
}

function statusColor(status) {
  if (status === 'DELIVERED') return '#16692f';
  if (status === 'EXCEPTION' || status === 'ATTEMPT_FAILED') return '#b00020';
  if (status === 'RETURNING' || status === 'RETURNED' || status === 'CANCELLED') return '#6d28d9';
  if (status === 'PICKED_UP') return '#0b5cad';
  return '#334155';
}

function drawTimeline(t, packages) {
  const zone = t.order.time_zone;
  const lanes = [];
  lanes.push({ label: 'Platform', kind: 'platform' });
  for (const p of packages) {
    lanes.push({ label: `${p.ref} · scans`, kind: 'scans', pkg: p });
    lanes.push({ label: `${p.ref} · info`, kind: 'info', pkg: p });
  }
  lanes.push({ label: 'Tickets', kind: 'tickets' });
  lanes.push({ label: 'Decisions', kind: 'decisions' });

  const W = 1000;
  const labelW = 200;
  const right = 16;
  const axisH = 40;
  const laneH = 30;
  const deadlineRows = Math.max(1, t.deadlines.length);
  const H = axisH + lanes.length * laneH + 14 + deadlineRows * 16 + 8;
  const t0 = Date.parse(t.range.start);
  const t1 = Date.parse(t.range.end);
  const span = Math.max(t1 - t0, 3600e3);
  const lo = t0 - span * 0.06;
  const hi = t1 + span * 0.06;
  const x = (iso) => labelW + ((Date.parse(iso) - lo) / (hi - lo)) * (W - labelW - right);
  const inRange = (iso) => iso && Date.parse(iso) >= lo && Date.parse(iso) <= hi;
  const bottom = axisH + lanes.length * laneH;

  const svg = s('svg', { class: 'timeline', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'tl-title tl-desc', 'data-testid': 'timeline' },
    s('title', { id: 'tl-title' }, `Timeline of order ${t.order.order_id}`),
    s('desc', { id: 'tl-desc' }, `Carrier scans, informational lines, platform updates, tickets and decisions from ${utc(t.range.start)} to ${utc(t.range.end)}; `
      + `deadlines: ${t.deadlines.map((d) => `${DEADLINE_NAMES[d.kind] || d.kind} at ${utc(d.at)}`).join('; ') || 'none'}. The same facts are listed below as text.`));

  // Weekends and holidays of the region, shaded behind everything.
  for (const d of t.non_business_days) {
    const a = Math.max(Date.parse(d.start), lo);
    const b = Math.min(Date.parse(d.end), hi);
    if (b <= a) continue;
    const xa = x(new Date(a).toISOString());
    const xb = x(new Date(b).toISOString());
    svg.append(s('rect', { x: xa, y: axisH, width: xb - xa, height: bottom - axisH, fill: d.kind === 'holiday' ? '#fbe7c6' : '#eceff3', 'data-shade': d.kind },
      s('title', {}, `${d.kind === 'holiday' ? 'Holiday' : 'Weekend'} ${d.date} (${zone}): not a business day`)));
  }

  // Axis: one tick per UTC day (or every few days over long spans).
  const axis = s('g', { class: 'axis' });
  const day = 86400e3;
  const step = span / day > 20 ? Math.ceil(span / day / 10) * day : day;
  // A label at least 80 units from the one before.
  const every = Math.max(1, Math.ceil(80 / ((step / (hi - lo)) * (W - labelW - right))));
  let n = 0;
  for (let tick = Math.ceil(lo / day) * day; tick <= hi; tick += step, n += 1) {
    const iso = new Date(tick).toISOString();
    const xt = x(iso);
    axis.append(s('line', { x1: xt, x2: xt, y1: axisH - 6, y2: bottom, stroke: '#c7ccd2', 'stroke-dasharray': '2 3' }));
    if (n % every === 0) axis.append(s('text', { x: xt + 3, y: axisH - 10 }, new Date(tick).toUTCString().slice(0, 11)));
  }
  axis.append(s('text', { x: labelW - 8, y: axisH - 10, 'text-anchor': 'end' }, 'UTC days'));
  svg.append(axis);

  lanes.forEach((lane, i) => {
    const y = axisH + i * laneH + laneH / 2;
    svg.append(s('line', { x1: labelW, x2: W - right, y1: y, y2: y, stroke: '#e1e4e8' }),
      s('text', { class: 'lane-label', x: labelW - 8, y: y + 4, 'text-anchor': 'end' }, lane.label.length > 30 ? `${lane.label.slice(0, 29)}…` : lane.label));
    const g = s('g', { 'data-lane': lane.kind });
    if (lane.kind === 'platform') {
      const at = t.order.platform_updated_at;
      if (inRange(at)) {
        g.append(s('rect', { x: x(at) - 5, y: y - 5, width: 10, height: 10, fill: '#0f766e' },
          s('title', {}, `Platform ${t.order.platform_status} (updated ${utc(at)})`)),
        s('text', { x: x(at) + 8, y: y + 4 }, t.order.platform_status || ''));
      } else {
        g.append(s('text', { x: labelW + 6, y: y + 4, class: 'muted' }, `${t.order.platform_status || ''} (no update time given)`));
      }
    }
    if (lane.kind === 'scans' || lane.kind === 'info') {
      for (const e of lane.pkg.events) {
        if (e.physical !== (lane.kind === 'scans') || !inRange(e.at)) continue;
        const tip = `${utc(e.at)} ${e.status}/${e.substatus || 'other'}: ${e.description || ''}${e.location && e.location.city ? ` (${e.location.city})` : ''}`;
        if (lane.kind === 'scans') {
          g.append(s('circle', { cx: x(e.at), cy: y, r: 6, fill: statusColor(e.status), 'data-event': e.status }, s('title', {}, tip)));
        } else {
          g.append(s('circle', { cx: x(e.at), cy: y, r: 5, fill: '#fff', stroke: '#64748b', 'stroke-width': 2, 'data-event': e.status }, s('title', {}, `${tip} (informational, not movement)`)));
        }
      }
    }
    if (lane.kind === 'tickets') {
      for (const d of t.disputes) {
        if (!inRange(d.created_at)) continue;
        g.append(s('path', { d: `M${x(d.created_at)},${y - 7} l7,7 l-7,7 l-7,-7 z`, fill: '#c2410c' }, s('title', {}, `Dispute ${d.code} ${d.state} (created ${utc(d.created_at)})`)));
      }
      for (const tk of (t.case && t.case.tickets) || []) {
        if (!inRange(tk.created_at)) continue;
        g.append(s('path', { d: `M${x(tk.created_at)},${y - 7} l7,7 l-7,7 l-7,-7 z`, fill: '#fff', stroke: '#c2410c', 'stroke-width': 2 }, s('title', {}, `Ticket ${tk.code} ${tk.status} (created ${utc(tk.created_at)})`)));
      }
    }
    if (lane.kind === 'decisions') {
      for (const d of t.history) {
        if (!inRange(d.decided_at)) continue;
        g.append(s('rect', { x: x(d.decided_at) - 2, y: y - 8, width: 4, height: 16, fill: '#1b1f24' }, s('title', {}, `${d.action} ${d.rule} at ${utc(d.decided_at)}`)));
      }
    }
    svg.append(g);
  });

  // Deadlines: a dashed line each, labelled below the lanes.
  t.deadlines.forEach((d, i) => {
    if (!inRange(d.at)) return;
    const xd = x(d.at);
    const color = d.passed ? '#b00020' : '#8a4b00';
    const ly = bottom + 14 + i * 16;
    const label = `${DEADLINE_NAMES[d.kind] || d.kind}: ${utc(d.at)}`;
    const anchor = xd > W - 260 ? 'end' : 'start';
    svg.append(s('g', { 'data-deadline': d.kind },
      s('line', { x1: xd, x2: xd, y1: axisH, y2: ly - 4, stroke: color, 'stroke-width': 2, 'stroke-dasharray': '6 4' }),
      s('text', { x: anchor === 'end' ? xd - 4 : xd + 4, y: ly, fill: color, 'text-anchor': anchor }, label),
      s('title', {}, `${label} (${d.basis}, from ${utc(d.from)})`)));
  });
  const now = t.now;
  svg.append(s('g', { 'data-now': now },
    s('line', { x1: x(now), x2: x(now), y1: 16, y2: bottom, stroke: '#0b5cad', 'stroke-width': 2 }),
    s('text', { x: x(now), y: 12, 'text-anchor': 'middle', fill: '#0b5cad' }, 'now')));
  return svg;
}

function eventRows(p, zone) {
  return p.events.map((e) => h('tr', { 'data-physical': e.physical ? 'true' : 'false' },
    h('td', {}, time(e.at, zone)),
    h('td', {}, `${e.status}`, h('span', { class: 'muted' }, ` / ${e.substatus || 'other'}`)),
    h('td', {}, e.physical ? 'scan' : h('span', { class: 'muted' }, 'info')),
    h('td', {}, e.description || ''),
    h('td', {}, [e.location && e.location.city, e.location && e.location.region, e.location && e.location.country].filter(Boolean).join(', '))));
}

export async function renderOrder(target, parts, query, current) {
  const key = parts[0] || '';
  document.title = `Order ${key} · unstuck`;
  const t = await get(`/v1/orders/${enc(key)}/timeline`);
  if (!current()) return;
  const zone = t.order.time_zone;
  const packages = packagesOf(t);
  const decision = t.decision || {};
  const deadlineRows = t.deadlines.map((d) => h('tr', { 'data-deadline': d.kind, 'data-package': d.package || '' },
    h('th', { scope: 'row' }, DEADLINE_NAMES[d.kind] || d.kind),
    h('td', {}, d.package || 'order'),
    h('td', {}, d.basis, h('div', { class: 'muted' }, 'from ', time(d.from, zone))),
    h('td', { 'data-col': 'at' }, time(d.at, zone)),
    h('td', {}, d.passed ? h('span', { class: 'badge FILE_DISPUTE' }, 'passed') : h('span', { class: 'badge WAIT' }, 'ahead'))));
  const shaded = t.non_business_days.map((d) => `${d.date} ${d.kind}`);
  const showTracking = query.get('show') === 'tracking';

  put(target, 
    h('h1', {}, `Order ${t.order.order_id}`),
    h('dl', { class: 'kv panel' },
      h('dt', {}, 'Order key'), h('dd', { class: 'mono' }, t.order.order_key),
      h('dt', {}, 'Region'), h('dd', {}, `${t.order.region || '—'} (${zone || 'no calendar'})`),
      h('dt', {}, 'Shipping'), h('dd', {}, t.order.shipping_type || '—'),
      h('dt', {}, 'Platform status'), h('dd', {}, t.order.platform_status || '—', ' · updated ', time(t.order.platform_updated_at, zone)),
      h('dt', {}, 'Decision'), h('dd', {}, badge(t.order.action), ' ', h('code', {}, t.order.rule || '')),
      h('dt', {}, 'Next check'), h('dd', {}, time(t.order.next_check_at, zone))),
    panel('Timeline',
      h('div', { class: 'legend' },
        h('span', {}, '● carrier scan'), h('span', {}, '○ informational line (not movement)'),
        h('span', {}, '■ platform update'), h('span', {}, '◆ dispute / ticket'), h('span', {}, '▮ decision'),
        h('span', {}, '┆ deadline'),
        h('span', {}, h('span', { class: 'swatch weekend' }), 'weekend'), h('span', {}, h('span', { class: 'swatch holiday' }), 'holiday'),
        h('span', { class: 'muted' }, `(${zone || 'no zone'})`)),
      h('div', { class: 'timeline-wrap', tabindex: '0', role: 'region', 'aria-label': 'Timeline, scrolls sideways' }, drawTimeline(t, packages))),
    panel('Decision',
      h('p', {}, badge(decision.action || t.order.action), ' ', h('code', {}, decision.rule || t.order.rule || ''), ' · decided ', time(t.order.decided_at, zone)),
      h('p', { 'data-testid': 'explanation' }, decision.explanation || 'No explanation stored.'),
      decision.dispute ? h('ol', { class: 'steps', 'aria-label': 'Dispute path' }, (decision.dispute.path || []).map((p) => h('li', {}, p))) : null),
    panel('Policy deadlines',
      t.deadlines.length ? table(['Deadline', 'Package', 'Counted as', 'At', 'Status'], deadlineRows, { wide: true }) : h('p', {}, 'No deadline applies to this order now.'),
      h('p', { class: 'muted' }, shaded.length ? `Not business days in ${t.order.region} (${zone}): ${shaded.join(', ')}.` : 'No weekend or holiday in the span shown.')),
    t.disputes.length ? panel('Disputes', h('ul', {}, t.disputes.map((d) => h('li', {},
      h('a', { href: disputeHref(d.key) }, d.code), ' ', badge(d.state), h('span', { class: 'muted' }, ` · ${d.backend} · created ${utc(d.created_at)}`))))) : null,
    ...packages.map((p) => panel(`Package ${p.ref}`,
      h('p', { class: 'muted' }, `${p.carrier || 'carrier unknown'} · ${p.tracking || 'no tracking number'}${p.fetched_at ? ` · fetched ${utc(p.fetched_at)}` : ''}`),
      p.events.length ? table(['At', 'Status', 'Kind', 'Description', 'Place'], eventRows(p, zone), { wide: true }) : h('p', {}, 'No carrier events.'),
      h('details', { open: showTracking || null, 'data-tracking': 'canonical' }, h('summary', {}, 'Canonical tracking'),
        h('pre', {}, p.shipment ? pretty(p.shipment) : 'No stored snapshot: the events above are those of the order case.')),
      h('details', { open: showTracking || null, 'data-tracking': 'raw' }, h('summary', {}, 'Raw tracking'),
        h('pre', {}, p.raw ? pretty(p.raw) : 'The carrier document was fetched, not given in the case; only the canonical snapshot is stored.')))),
    panel('History', table(['Decided', 'Action', 'Rule', 'Next check'], t.history.map((x) => h('tr', {},
      h('td', {}, time(x.decided_at, zone)), h('td', {}, badge(x.action)), h('td', {}, h('code', {}, x.rule)), h('td', {}, time(x.next_check_at, zone)))), { wide: true })),
    h('details', {}, h('summary', {}, 'Order case and decision as stored'),
      h('pre', {}, pretty(t.case)), h('pre', {}, pretty(t.decision))));
}

