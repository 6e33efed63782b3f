// Disputes: the list with filters (state, backend, order), and one dispute's packet: its path, form values,
// evidence files (images previewed), the remote ticket and the states it went through as the store recorded them.
import { get, blob, enc } from './api.js';
import { h, put, badge, panel, table, time, orderHref, disputeHref } from './util.js';

const STATES = ['', 'PENDING', 'FILED', 'REJECTED'];

export async function renderDisputes(target, _parts, query, current) {
  document.title = 'Disputes · unstuck';
  const state = query.get('state') || '';
  const backend = query.get('backend') || '';
  const order = query.get('order_key') || '';
  const params = new URLSearchParams({ limit: '50' });
  if (state) params.set('state', state);
  if (backend) params.set('backend', backend);
  if (order) params.set('order_key', order);
  if (query.get('cursor')) params.set('cursor', query.get('cursor'));
  const page = await get(`/v1/disputes?${params}`);
  if (!current()) return;

  const stateSelect = h('select', { id: 'f-state', name: 'state' }, STATES.map((x) => h('option', { value: x, selected: x === state || null }, x || 'any')));
  const backendInput = h('input', { id: 'f-backend', name: 'backend', value: backend, placeholder: 'e.g. outbox' });
  const orderInput = h('input', { id: 'f-order', name: 'order_key', value: order, placeholder: 'marketplace:shop:order' });
  const form = h('form', {
    class: 'filters',
    'aria-label': 'Filter disputes',
    onsubmit: (event) => {
      event.preventDefault();
      const next = new URLSearchParams();
      if (stateSelect.value) next.set('state', stateSelect.value);
      if (backendInput.value.trim()) next.set('backend', backendInput.value.trim());
      if (orderInput.value.trim()) next.set('order_key', orderInput.value.trim());
      location.hash = `#/disputes${next.toString() ? `?${next}` : ''}`;
    },
  },
  h('label', { for: 'f-state' }, 'State', stateSelect),
  h('label', { for: 'f-backend' }, 'Backend', backendInput),
  h('label', { for: 'f-order' }, 'Order key', orderInput),
  h('button', { type: 'submit' }, 'Filter'),
  h('a', { href: '#/disputes' }, 'Clear'));

  const rows = page.disputes.map((d) => h('tr', { 'data-key': d.key },
    h('td', {}, h('a', { href: disputeHref(d.key) }, d.code)),
    h('td', {}, h('a', { href: orderHref(`${d.marketplace}:${d.shop_id}:${d.order_id}`) }, d.order_id)),
    h('td', {}, badge(d.state), d.remote_state ? h('span', { class: 'muted' }, ` (${d.remote_state})`) : null),
    h('td', {}, d.backend),
    h('td', {}, time(d.created_at))));
  let more = null;
  if (page.next_cursor) {
    const next = new URLSearchParams(query);
    next.set('cursor', page.next_cursor);
    more = h('p', {}, h('a', { href: `#/disputes?${next}` }, 'Next page'));
  }
  put(target, h('h1', {}, 'Disputes'), form,
    rows.length ? table(['Dispute', 'Order', 'State', 'Backend', 'Created'], rows, { wide: true }) : h('p', {}, 'No dispute matches.'),
    more);
}

async function preview(key, file) {
  const item = h('li', {}, h('div', {}, file.name, h('span', { class: 'muted' }, ` · ${file.media_type}`)));
  if (!file.available) {
    item.append(h('p', { class: 'muted' }, 'Not on disk any more.'));
    return item;
  }
  const url = `/v1/disputes/${enc(key)}/files/${file.index}`;
  try {
    const data = await blob(url);
    const objectUrl = URL.createObjectURL(data);
    if (file.media_type.startsWith('image/')) {
      item.append(h('a', { href: objectUrl, target: '_blank', rel: 'noopener' }, h('img', { src: objectUrl, alt: `Evidence ${file.name}` })));
    } else {
      item.append(h('a', { href: objectUrl, download: file.name }, `Download ${file.name}`));
    }
  } catch (e) {
    item.append(h('p', { class: 'error' }, e.message));
  }
  return item;
}

function remoteLink(d) {
  if (!d.remote_id && !d.remote_url) return h('span', { class: 'muted' }, 'not filed yet');
  const safe = /^https?:\/\//i.test(d.remote_url || '');
  return h('span', {}, safe ? h('a', { href: d.remote_url, target: '_blank', rel: 'noopener noreferrer' }, d.remote_id || d.remote_url) : d.remote_id,
    !safe && d.remote_url ? h('div', { class: 'muted mono' }, d.remote_url) : null);
}

// The viewer's own time zone, for the history's local times; none when it is UTC (the time shows UTC anyway).
function viewerZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && !/^(Etc\/)?(UTC|GMT|Universal|Zulu)$/.test(zone) ? zone : '';
}

// The history, oldest first: each event's state, when, and its detail (the remote id, the refusal, the error).
// Every event after FILED is the ticket's state as synced from the backend.
function historyTable(history, backend) {
  const zone = viewerZone();
  let filed = false;
  const rows = history.map((e) => {
    const ticket = filed;
    if (e.state === 'FILED') filed = true;
    return h('tr', { 'data-state': e.state },
      h('td', {}, badge(e.state), ticket ? h('span', { class: 'muted' }, ` ticket at ${backend}`) : null),
      h('td', {}, time(e.at, zone)),
      h('td', { class: e.state === 'FILED' ? 'mono' : null }, e.detail || ''));
  });
  return rows.length ? table(['State', 'At', 'Detail'], rows, { wide: true }) : h('p', {}, 'No state recorded.');
}

export async function renderDispute(target, parts, _query, current) {
  const key = parts[0] || '';
  document.title = `Dispute ${key} · unstuck`;
  const packet = await get(`/v1/disputes/${enc(key)}/packet`);
  if (!current()) return;
  const d = packet.dispute;
  const r = packet.request;
  const files = r ? await Promise.all(r.files.map((f) => preview(key, f))) : [];
  if (!current()) return;
  put(target, 
    h('h1', {}, `Dispute ${d.code}`),
    h('dl', { class: 'kv panel' },
      h('dt', {}, 'Key'), h('dd', { class: 'mono', 'data-testid': 'dispute-key' }, d.key),
      h('dt', {}, 'Order'), h('dd', {}, h('a', { href: orderHref(`${d.marketplace}:${d.shop_id}:${d.order_id}`) }, d.order_id)),
      h('dt', {}, 'State'), h('dd', {}, badge(d.state), d.reason ? ` ${d.reason}` : '', d.last_error ? h('div', { class: 'error' }, d.last_error) : null),
      h('dt', {}, 'Backend'), h('dd', {}, d.backend),
      h('dt', {}, 'Remote ticket'), h('dd', {}, remoteLink(d), d.remote_state ? ` (${d.remote_state})` : ''),
      h('dt', {}, 'Attempts'), h('dd', {}, String(d.attempts))),
    r ? panel('Path', h('ol', { class: 'steps' }, r.path.map((p) => h('li', {}, p)))) : null,
    r ? panel('Form values', table(['Field', 'Value'], [
      h('tr', {}, h('th', { scope: 'row' }, 'Order ID'), h('td', { class: 'mono' }, d.order_id)),
      ...r.packages.map((p) => h('tr', {}, h('th', { scope: 'row' }, 'Package'), h('td', { class: 'mono' }, `${p.package_id} · ${p.carrier} ${p.tracking_number}`))),
      ...r.facts.map((f) => h('tr', {}, h('th', { scope: 'row' }, f.kind), h('td', { class: 'mono' }, f.value))),
      h('tr', {}, h('th', { scope: 'row' }, 'Explanation'), h('td', {}, r.explanation))])) : null,
    r ? panel('Evidence files', files.length ? h('ul', { class: 'evidence' }, files) : h('p', {}, 'No files.')) : null,
    panel('State history', historyTable(packet.history, d.backend)));
}
