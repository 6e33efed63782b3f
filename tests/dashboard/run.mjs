// The dashboard in a real browser (Debian's chromium through playwright-core) against a real `unstuck serve`
// over the demo orders, the clock frozen at the demo's instant so every deadline is known.
//
//   node tests/dashboard/run.mjs --unstuck build/debug/bin/unstuck --out build/debug/tests/dashboard [--dashboard DIR]
//
// Screenshots of each view go to <out>/screenshots/, and with UNSTUCK_UPDATE_SCREENSHOTS=1 to docs/dashboard/.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  console.error('FAIL: playwright-core is not installed: run scripts/setup.sh (npm ci in tests/dashboard)');
  process.exit(1);
}

const source = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => {
  if (a.startsWith('--')) pairs.push([a.slice(2), all[i + 1]]);
  return pairs;
}, []));
const unstuck = path.resolve(args.unstuck || path.join(source, 'build/debug/bin/unstuck'));
const out = path.resolve(args.out || path.join(source, 'build/debug/tests/dashboard'));
const browserPath = args.chromium || process.env.UNSTUCK_CHROMIUM || '/usr/bin/chromium';
const NOW = '2024-07-16T20:00:00Z';
const TOKEN = 'dashboard-test-token';
const demo = path.join(source, 'samples/demo');

let failures = 0;
let checks = 0;
function check(ok, what) {
  checks += 1;
  if (ok) return;
  failures += 1;
  console.error(`FAIL: ${what}`);
}
function eq(actual, expected, what) {
  check(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- The service over a fresh store ---

const work = path.join(out, 'work');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const shots = path.join(out, 'screenshots');
mkdirSync(shots, { recursive: true });
const config = JSON.parse(readFileSync(path.join(demo, 'unstuck.json'), 'utf8'));
config.store = { sqlite: path.join(work, 'unstuck.db') };
config.sweep.evidence_dir = path.join(work, 'evidence');
config.plugins.replay.dir = path.join(demo, 'responses');
config.plugins.outbox.dir = path.join(work, 'outbox');
// --dashboard DIR serves the page from another folder (serve.dashboard_dir).
if (args.dashboard) config.serve = { dashboard_dir: path.resolve(args.dashboard) };
writeFileSync(path.join(work, 'unstuck.json'), JSON.stringify(config, null, 1));

const portFile = path.join(work, 'port');
let serveErr = '';
// The demo's evidence paths are relative to its folder, so the service runs there.
const serve = spawn(unstuck, ['--config', path.join(work, 'unstuck.json'), 'serve', '--listen', '127.0.0.1:0',
  '--port-file', portFile, '--now', NOW, '--no-scheduler'], {
  cwd: demo,
  env: { ...process.env, UNSTUCK_SERVE_TOKEN_DASHBOARD: TOKEN, UNSTUCK_SERVE_SCOPES_DASHBOARD: 'read,write' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
serve.stderr.on('data', (d) => { serveErr += d; });
let exited = null;
serve.on('exit', (code, signal) => { exited = { code, signal }; });

let browser;
try {
  for (let i = 0; i < 200 && !existsSync(portFile); i += 1) {
    if (exited) throw new Error(`unstuck serve exited early: ${JSON.stringify(exited)}\n${serveErr}`);
    await sleep(100);
  }
  if (!existsSync(portFile)) throw new Error(`unstuck serve did not write its port in 20 s\n${serveErr}`);
  const base = `http://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`;
  const auth = { Authorization: `Bearer ${TOKEN}` };

  const orders = readFileSync(path.join(demo, 'orders.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const submitted = await fetch(`${base}/v1/orders`, {
    method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ orders }),
  });
  eq(submitted.status, 200, 'POST /v1/orders with the demo orders');
  const results = (await submitted.json()).results || [];
  eq(results.filter((r) => r.status === 200).length, orders.length, 'demo orders decided');

  // The API's own guards, seen from outside.
  eq((await fetch(`${base}/v1/stats`)).status, 401, '/v1/stats without a token');
  eq((await fetch(`${base}/v1/stats?window=1y`, { headers: auth })).status, 400, '/v1/stats with a bad window');
  eq((await fetch(`${base}/ui/..%2Funstuck.json`)).status, 404, 'a path out of the dashboard folder');
  eq((await fetch(`${base}/ui/app.js`)).headers.get('content-type'), 'text/javascript; charset=utf-8', 'app.js media type');
  const etag = (await fetch(`${base}/ui/style.css`)).headers.get('etag');
  eq((await fetch(`${base}/ui/style.css`, { headers: { 'If-None-Match': etag } })).status, 304, 'style.css revalidated');
  const pickupKey = 'tiktok-shop:7494105515:576859029223086481:pick_up_issues.picked_up_not_updated';
  eq((await fetch(`${base}/v1/disputes/${encodeURIComponent(pickupKey)}/files/99`, { headers: auth })).status, 404,
    'an evidence file the dispute did not record');

  // --- The browser ---
  browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox', '--disable-gpu'] });
  const problems = [];
  const watch = (page, label) => {
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${label}: console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`${label}: page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`${label}: request failed: ${r.url()} ${r.failure()?.errorText}`));
  };
  const shot = async (page, name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  // No view shows a value the page failed to fill in (JSON documents in <pre> aside).
  const clean = async (page, what) => {
    const stray = await page.evaluate(() => {
      const walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        if (n.parentElement.closest('pre')) continue;
        const text = n.nodeValue.trim();
        if (['null', 'undefined', 'NaN'].includes(text) || /undefined|\[object Object\]|NaN/.test(text)) return text;
      }
      return '';
    });
    check(stray === '', `${what} shows "${stray}"`);
  };

  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await desktop.newPage();
  watch(page, 'desktop');

  // Sign in with the keyboard: the token field has focus, Enter submits.
  await page.goto(`${base}/`);
  await page.locator('#token').waitFor();
  eq(await page.evaluate(() => document.activeElement && document.activeElement.id), 'token', 'the token field has focus');
  eq(await page.locator('label[for="token"]').count(), 1, 'the token field is labelled');
  await shot(page, 'sign-in');
  await page.keyboard.type(TOKEN);
  await page.keyboard.press('Enter');

  // 1. Overview.
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  const bars = await page.locator('svg.chart title').first().textContent();
  check(bars.includes('FILE_DISPUTE 9'), `orders by action: ${bars}`);
  const activity = await page.locator('#act-t').textContent();
  check(activity.includes('Decisions (26) and filings (10)'), `activity chart title: ${activity}`);
  eq(await page.locator('section[aria-labelledby] table tbody tr', { hasText: 'platform.unmoved_tracking' }).first().locator('td.num').textContent(), '4', 'orders of rule platform.unmoved_tracking');
  check(await page.getByRole('row', { name: /FILED outbox 10/ }).count() === 1, 'disputes by state and backend: FILED outbox 10');
  const dueFirst = await page.locator('section', { has: page.getByRole('heading', { name: 'Due next' }) }).locator('tbody tr').first().textContent();
  check(dueFirst.includes('5768590292230007') && dueFirst.includes('2024-07-17 12:00 UTC'), `due next first: ${dueFirst}`);
  await page.getByRole('link', { name: '7 days' }).click();
  await page.waitForFunction(() => document.querySelector('#act-t')?.textContent.includes('last 7d'));
  check(page.url().endsWith('#/?window=7d'), `window deep link: ${page.url()}`);
  await page.getByRole('link', { name: '24 hours' }).click();
  await page.waitForFunction(() => document.querySelector('#act-t')?.textContent.includes('last 24h'));
  await page.locator('#live-feed li').first().waitFor();
  await clean(page, 'overview');
  await shot(page, 'overview');

  // Keyboard: Tab from the top reaches the skip link, the views, the search and the window switch.
  await page.reload();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  const reached = [];
  for (let i = 0; i < 14; i += 1) {
    await page.keyboard.press('Tab');
    reached.push(await page.evaluate(() => {
      const el = document.activeElement;
      return el ? (el.id || el.getAttribute('data-nav') || el.getAttribute('data-window') || el.textContent.trim()).slice(0, 40) : '';
    }));
  }
  for (const want of ['Skip to content', 'overview', 'disputes', 'search-q', 'Find']) {
    check(reached.includes(want), `keyboard reaches ${want} (reached: ${reached.join(' | ')})`);
  }
  const focusStyle = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(focusStyle !== 'none', `the focused control shows an outline (${focusStyle})`);

  // 2. Order pages: the deadlines the policy computes.
  const order = async (id) => {
    await page.goto(`${base}/#/order/${encodeURIComponent(`tiktok-shop:7494105515:${id}`)}`);
    await page.locator('[data-testid="timeline"]').waitFor();
  };
  const deadline = async (kind) => {
    const cell = page.locator(`tr[data-deadline="${kind}"] td[data-col="at"] time`).first();
    return { iso: await cell.getAttribute('datetime'), text: await cell.textContent() };
  };
  await order('576859029223086481');
  let d = await deadline('pickup_update');
  eq(d.iso, '2024-07-16T13:12:00Z', 'pickup deadline of 576859029223086481 (24 h after 2024-07-15T13:12Z)');
  check(d.text.startsWith('2024-07-16 13:12 UTC'), `pickup deadline text: ${d.text}`);
  eq(await page.locator('svg g[data-deadline="pickup_update"]').count(), 1, 'pickup deadline drawn');
  check(await page.locator('svg g[data-lane="scans"] circle').count() >= 1, 'a physical scan drawn');
  check((await page.getByTestId('explanation').textContent()).includes('UPS scanned the pickup'), 'explanation shown');
  await page.getByText('Canonical tracking').first().click();
  check((await page.locator('details[data-tracking="canonical"] pre').first().textContent()).includes('1Z023E2X0214323462'), 'canonical tracking one click away');

  await order('5768590292230010');
  d = await deadline('stall');
  eq(d.iso, '2024-07-15T16:00:00Z', 'stall deadline of ...010 (2 business days after Thu 09:00 PDT, over the weekend)');
  d = await deadline('ticket_window');
  eq(d.iso, '2024-07-18T20:00:00Z', 'ticket window of ...010 (2 business days after the dispute filed at the demo instant)');
  eq(await page.locator('svg rect[data-shade="weekend"]').count(), 2, 'the weekend of 13-14 July shaded');
  check((await page.locator('main').textContent()).includes('2024-07-13 weekend, 2024-07-14 weekend'), 'weekend days listed');
  check(await page.locator('svg g[data-lane="info"] circle').count() + await page.locator('svg g[data-lane="scans"] circle').count() >= 2, 'events drawn');
  await clean(page, 'order page');
  await shot(page, 'order');

  await order('5768590292230018');
  d = await deadline('ticket_window');
  eq(d.iso, '2024-07-18T00:00:00Z', 'ticket window of ...018 (2 business days after Mon 17:00 PDT)');
  d = await deadline('pickup_update');
  eq(d.iso, '2024-07-15T18:00:00Z', 'pickup deadline of ...018');
  await clean(page, 'order page without disputes');

  await order('5768590292230026');
  await page.getByText('Raw tracking').first().click();
  check((await page.locator('details[data-tracking="raw"] pre').first().textContent()).length > 40, 'raw tracking of the case shown');
  await page.goto(`${base}/#/order/${encodeURIComponent('tiktok-shop:7494105515:5768590292230026')}?show=tracking`);
  await page.locator('details[data-tracking="raw"][open]').first().waitFor();

  // 3. Disputes: list, filter, packet with an image preview.
  await page.goto(`${base}/#/disputes`);
  await page.getByRole('heading', { name: 'Disputes', level: 1 }).waitFor();
  await page.locator('tbody tr[data-key]').first().waitFor();
  eq(await page.locator('tbody tr[data-key]').count(), 10, 'disputes listed');
  await page.getByLabel('State').selectOption('REJECTED');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByText('No dispute matches.').waitFor();
  check(page.url().includes('state=REJECTED'), `filter deep link: ${page.url()}`);
  await page.goto(`${base}/#/disputes?state=FILED&backend=outbox`);
  await page.locator('tbody tr[data-key]').first().waitFor();
  eq(await page.locator('tbody tr[data-key]').count(), 10, 'FILED outbox disputes');
  await clean(page, 'disputes');
  await shot(page, 'disputes');
  const chatKey = 'tiktok-shop:7494105515:5768590292230003:logistic_issue.delivered_not_updated';
  await page.locator(`tr[data-key="${chatKey}"] a`).first().click();
  await page.getByTestId('dispute-key').waitFor();
  eq(await page.getByTestId('dispute-key').textContent(), chatKey, 'dispute page by link');
  const img = page.getByAltText('Evidence buyer-chat-5768590292230003.png');
  await img.waitFor();
  await page.waitForFunction((alt) => { const i = document.querySelector(`img[alt="${alt}"]`); return i && i.complete && i.naturalWidth > 0; }, 'Evidence buyer-chat-5768590292230003.png');
  check((await page.locator('main').textContent()).includes('Delivered but logistics not updated'), 'dispute path shown');
  // The state history as the store wrote it: PENDING before the outbox was called, then FILED under its id.
  const chat = await (await fetch(`${base}/v1/disputes/${encodeURIComponent(chatKey)}`, { headers: auth })).json();
  check(chat.dispute.remote_id !== '', `the demo dispute has a remote id: ${JSON.stringify(chat.dispute)}`);
  const historyRows = async (p) => p.locator('section', { has: p.getByRole('heading', { name: 'State history' }) })
    .locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));
  const utcRows = [['PENDING', '2024-07-16 20:00 UTC', ''], ['FILED', '2024-07-16 20:00 UTC', chat.dispute.remote_id]];
  const shown = await historyRows(page);
  const viewer = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  if (/^(Etc\/)?(UTC|GMT)$/.test(viewer)) eq(JSON.stringify(shown), JSON.stringify(utcRows), 'dispute history rows');
  else eq(JSON.stringify(shown.map((r) => [r[0], r[1].slice(0, 20), r[2]])), JSON.stringify(utcRows), 'dispute history rows');
  await clean(page, 'dispute');
  await shot(page, 'dispute');
  // In a viewer's own zone the history gives the local time too.
  const eastern = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'America/New_York' });
  const east = await eastern.newPage();
  watch(east, 'eastern');
  await east.addInitScript((t) => sessionStorage.setItem('unstuck.token', t), TOKEN);
  await east.goto(`${base}/#/dispute/${encodeURIComponent(chatKey)}`);
  await east.getByTestId('dispute-key').waitFor();
  eq(JSON.stringify(await historyRows(east)), JSON.stringify(utcRows.map(([st, at, detail]) => [st, `${at} · Tue 16 Jul, 16:00 EDT`, detail])),
    'dispute history rows in the viewer\'s zone');
  await eastern.close();

  // 4. Search by order id, tracking number and dispute key.
  const search = async (q) => {
    await page.locator('#search-q').fill(q);
    await page.locator('#search-q').press('Enter');
    await page.getByRole('heading', { name: `Search: ${q}` }).waitFor();
  };
  await search('5768590292230010');
  await page.getByRole('link', { name: 'Order 5768590292230010' }).click();
  await page.locator('[data-testid="timeline"]').waitFor();
  check(page.url().includes('#/order/tiktok-shop%3A7494105515%3A5768590292230010'), `order deep link: ${page.url()}`);
  await search('1Z023E2X0214323462');
  eq(await page.getByRole('link', { name: 'Order 576859029223086481' }).count(), 1, 'search by tracking number');
  await search(pickupKey);
  eq(await page.locator(`a[data-kind="dispute"]`).count(), 1, 'search by dispute key: the dispute');
  eq(await page.getByRole('link', { name: 'Order 576859029223086481' }).count(), 1, 'search by dispute key: its order');
  await clean(page, 'search');
  await shot(page, 'search');
  await search('no-such-thing');
  await page.getByText('Nothing found.').waitFor();

  // 5. Live: a decision and its filing appear without reload.
  await page.goto(`${base}/#/`);
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  await page.locator('#live-feed li').first().waitFor();
  const fresh = JSON.parse(JSON.stringify(orders.find((o) => o.order_id === '576859029223086481')));
  fresh.order_id = '576859029223099999';
  const live = await fetch(`${base}/v1/orders`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(fresh) });
  eq(live.status, 200, 'a new order submitted');
  const item = page.locator('#live-feed li', { hasText: '576859029223099999' });
  await item.waitFor({ timeout: 15000 });
  check((await item.textContent()).includes('pick_up_issues.picked_up_not_updated'), 'the live item names its filing');
  await page.waitForFunction(() => document.querySelector('#act-t')?.textContent.includes('Decisions (27) and filings (11)'), null, { timeout: 15000 });

  // An order whose tracking stalls over a holiday: Independence Day (Thursday 4 July 2024) and the weekend
  // after it are not business days, so 2 business days after Wednesday 13:00 PDT end on Monday 8 July.
  const holiday = {
    order_id: '7000000000000001', shop_id: '7494105515', marketplace: 'tiktok-shop', region: 'US',
    shipping_type: 'PLATFORM', platform_status: 'IN_TRANSIT',
    packages: [{ package_id: 'P-HOLIDAY', events: [
      { at: '2024-07-02T18:00:00Z', status: 'PICKED_UP', substatus: 'picked_up', physical_scan: true, description: 'Picked up' },
      { at: '2024-07-03T20:00:00Z', status: 'IN_TRANSIT', substatus: 'departed_facility', physical_scan: true, description: 'Departed facility' },
      { at: '2024-07-04T10:00:00Z', status: 'IN_TRANSIT', substatus: 'info_only', physical_scan: false, description: 'In transit to next facility' },
    ] }],
  };
  const held = await fetch(`${base}/v1/orders`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(holiday) });
  eq(held.status, 200, 'the holiday order submitted');
  await order('7000000000000001');
  d = await deadline('stall');
  eq(d.iso, '2024-07-08T20:00:00Z', 'stall deadline over Independence Day and a weekend');
  eq(await page.locator('svg rect[data-shade="holiday"]').count(), 1, 'the holiday shaded');
  eq(await page.locator('svg rect[data-shade="weekend"]').count(), 4, 'the weekends of 6-7 and 13-14 July (up to now) shaded');
  eq(await page.locator('svg g[data-lane="scans"] circle').count(), 2, 'physical scans on their lane');
  eq(await page.locator('svg g[data-lane="info"] circle').count(), 1, 'the informational line on its own lane');
  eq(await page.locator('tr[data-physical="false"]').count(), 1, 'the informational line listed as such');
  check((await page.locator('main').textContent()).includes('2024-07-04 holiday'), 'the holiday listed');
  await clean(page, 'order page of a case with its own events');
  await shot(page, 'order-holiday');

  // Phone width: nothing wider than the screen but the timeline, which scrolls in its own box.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await phone.addInitScript((t) => sessionStorage.setItem('unstuck.token', t), TOKEN);
  const small = await phone.newPage();
  watch(small, 'phone');
  // The phone's width, not window.innerWidth: a mobile layout viewport widens to what overflows.
  const fits = async () => {
    const wide = await small.evaluate(() => [document.documentElement.scrollWidth,
      [...document.querySelectorAll('main *, header *')].filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.timeline-wrap, .table-wrap.wide'))
        .slice(0, 3).map((e) => `${e.tagName}.${e.className} ${e.textContent.slice(0, 30)}`)]);
    if (wide[0] > 390) console.error(`wider than a phone (${wide[0]} px): ${wide[1].join(' | ')}`);
    return wide[0] <= 390;
  };
  await small.goto(`${base}/#/`);
  await small.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  check(await fits(), 'overview fits a phone');
  check(await small.locator('#search-q').isVisible(), 'search visible on a phone');
  await shot(small, 'phone-overview');
  await small.goto(`${base}/#/order/${encodeURIComponent('tiktok-shop:7494105515:5768590292230010')}`);
  await small.locator('[data-testid="timeline"]').waitFor();
  check(await fits(), 'order page fits a phone');
  await shot(small, 'phone-order');
  await small.goto(`${base}/#/disputes`);
  await small.locator('tbody tr[data-key]').first().waitFor();
  check(await fits(), 'disputes fit a phone');

  for (const p of problems) check(false, p);
} catch (e) {
  failures += 1;
  console.error(`FAIL: ${e.stack || e}`);
} finally {
  if (browser) await browser.close();
  if (!exited) {
    serve.kill('SIGTERM');
    for (let i = 0; i < 150 && !exited; i += 1) await sleep(100);
    if (!exited) serve.kill('SIGKILL');
    else check(exited.code === 0, `unstuck serve exits 0 on SIGTERM (${JSON.stringify(exited)})`);
  }
}

if (process.env.UNSTUCK_UPDATE_SCREENSHOTS === '1' && failures === 0) {
  const docs = path.join(source, 'docs/dashboard');
  mkdirSync(docs, { recursive: true });
  for (const name of ['sign-in', 'overview', 'order', 'order-holiday', 'disputes', 'dispute', 'search', 'phone-overview', 'phone-order']) {
    copyFileSync(path.join(shots, `${name}.png`), path.join(docs, `${name}.png`));
  }
  console.log(`screenshots copied to ${docs}`);
}
console.log(`${checks - failures}/${checks} checks passed; screenshots in ${shots}`);
if (failures) {
  console.error(`unstuck serve stderr:\n${serveErr.slice(-4000)}`);
  process.exit(1);
}
