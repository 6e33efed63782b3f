// The dashboard's shell: hash routes, the token prompt, the search box and the live feed.
import { AuthError, authRequired, get, setToken, token, enc } from './api.js';
import { h, put, parseHash, orderHref, disputeHref, badge, utc } from './util.js';
import { renderOverview } from './overview.js';
import { renderOrder } from './order.js';
import { renderDisputes, renderDispute } from './disputes.js';

const main = document.getElementById('main');
let needsToken = true;
let renderSerial = 0;

const routes = {
  '': renderOverview,
  overview: renderOverview,
  order: renderOrder,
  disputes: renderDisputes,
  dispute: renderDispute,
  search: renderSearch,
};

function markNav(view) {
  for (const a of document.querySelectorAll('[data-nav]')) {
    const current = a.dataset.nav === view || (view === 'dispute' && a.dataset.nav === 'disputes');
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function render() {
  const serial = ++renderSerial;
  const { parts, query } = parseHash(location.hash);
  const view = parts[0] || '';
  markNav(view || 'overview');
  if (view !== 'search') document.getElementById('search-q').value = '';
  if (needsToken && !token()) return showLogin();
  const handler = routes[view];
  const target = h('div', { 'aria-busy': 'true' });
  main.replaceChildren(target);
  if (!handler) {
    put(target, h('h1', {}, 'Not found'), h('p', {}, 'No such view. ', h('a', { href: '#/' }, 'Back to the overview')));
    return;
  }
  try {
    await handler(target, parts.slice(1), query, () => serial === renderSerial);
    target.removeAttribute('aria-busy');
    startLive();
  } catch (e) {
    if (e instanceof AuthError) {
      setToken('');
      return showLogin('The token was refused. Enter a token with the read scope.');
    }
    target.removeAttribute('aria-busy');
    put(target, h('h1', {}, 'Something went wrong'), h('p', { class: 'error', role: 'alert' }, e.message));
  }
}

function showLogin(message) {
  document.title = 'Sign in · unstuck';
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', {
    onsubmit: (event) => {
      event.preventDefault();
      setToken(input.value.trim());
      render();
    },
  },
  h('label', { for: 'token' }, 'API token (read scope)'),
  input,
  h('p', { class: 'muted' }, 'Kept in this tab only (sessionStorage) and sent as a Bearer token.'),
  h('button', { type: 'submit' }, 'Open the dashboard'));
  main.replaceChildren(h('section', { class: 'panel login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'unstuck dashboard'),
    message ? h('p', { class: 'error', role: 'alert' }, message) : null,
    form));
  input.focus();
}

// --- Search ---

async function renderSearch(target, _parts, query) {
  const q = (query.get('q') || '').trim();
  document.title = `Search ${q} · unstuck`;
  document.getElementById('search-q').value = q;
  if (!q) {
    put(target, h('h1', {}, 'Search'), h('p', {}, 'Type an order id, an order key, a tracking number or a dispute key above.'));
    return;
  }
  const found = await get(`/v1/search?q=${enc(q)}`);
  const items = [];
  for (const { matched, order } of found.orders) {
    items.push(h('li', {},
      h('a', { href: orderHref(order.order_key), 'data-kind': 'order' }, `Order ${order.order_id}`), ' ',
      badge(order.action), ' ', h('span', { class: 'muted' }, `${order.rule || ''} · matched by ${matched.replace('_', ' ')}`)));
  }
  for (const d of found.disputes) {
    items.push(h('li', {},
      h('a', { href: disputeHref(d.key), 'data-kind': 'dispute' }, `Dispute ${d.key}`), ' ', badge(d.state),
      h('span', { class: 'muted' }, ` · ${d.backend}`)));
  }
  put(target, 
    h('h1', {}, `Search: ${q}`),
    items.length ? h('ul', { class: 'results' }, items) : h('p', {}, 'Nothing found. Order ids, order keys, tracking numbers and dispute keys are matched exactly.'));
}

document.getElementById('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const q = document.getElementById('search-q').value.trim();
  if (q) location.hash = `#/search?q=${enc(q)}`;
});

// --- Live feed: new decisions and filings, by polling /v1/events ---

let liveCursor = null;
let liveTimer = null;
const POLL_MS = 3000;
const feed = document.getElementById('live-feed');
const liveState = document.getElementById('live-state');

function feedItem(e, fresh) {
  const filed = (e.filings || []).map((d) => h('div', {},
    'filing ', h('a', { href: disputeHref(d.key) }, d.code || d.key), ' ', badge(d.state)));
  return h('li', { class: fresh ? 'fresh' : null, 'data-event': e.id },
    h('div', {}, badge(e.action), ' ', h('a', { href: orderHref(e.order_key) }, e.order_id)),
    h('div', { class: 'muted' }, `${e.rule} · ${utc(e.decided_at)}`), filed);
}

async function poll() {
  try {
    const url = liveCursor === null ? '/v1/events' : `/v1/events?since=${enc(liveCursor)}`;
    const first = liveCursor === null;
    const body = await get(url);
    liveCursor = body.cursor;
    for (const e of body.events) feed.prepend(feedItem(e, !first));
    while (feed.children.length > 60) feed.lastElementChild.remove();
    liveState.textContent = `updated ${new Date().toLocaleTimeString('en-GB')}`;
    if (!first && body.events.length) window.dispatchEvent(new CustomEvent('unstuck:events', { detail: body.events }));
  } catch (e) {
    liveState.textContent = e instanceof AuthError ? 'needs a token' : 'offline, retrying';
  }
}

function startLive() {
  if (liveTimer) return;
  poll();
  liveTimer = setInterval(poll, POLL_MS);
}

window.addEventListener('hashchange', () => {
  render().then(() => main.focus({ preventScroll: false }));
});

authRequired().then((required) => {
  needsToken = required;
  render();
});
