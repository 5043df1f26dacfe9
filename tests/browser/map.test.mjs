// The dashboard's map (issue 13, deliverable 4) in headless Chromium, on the
// LGD lists with the real Telangana villages file placed on them: the tile
// grid of India shows every state and UT, Telangana in the top band, and
// clicking it lands on its districts; the measure can be changed; with an
// official boundary file (`jjm serve --boundaries`) the state's districts
// are drawn as a choropleth, the districts the file lacks are listed, and
// clicking one opens it.  Phone-sized too.  The boundary file is made here
// (a square per district, keyed by the LGD district codes): the shared data
// has India's outline only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, readFileSync } from 'node:fs';

import { jjm, tempDir, newDb, startServer, sql, SHARED } from '../lib/jjm.mjs';
import { openPage as openPageIn, launchBrowser } from '../lib/browser.mjs';

const TELANGANA = join(SHARED, 'jjm-dashboard', 'jjm_villages_telangana.csv');

let server;
let BASE;
let browser;
let state;
let districts; // [{code, name, lgd}] with LGD codes
let omitted; // the district left out of the boundary file
const openPage = (t, opts) => openPageIn(browser, t, opts);

function ok(args) {
  const r = jjm(args);
  assert.equal(r.status, 0, `jjm ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
}

async function dashboard(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.body.dataset.view === 'dashboard');
}

before(async () => {
  const dir = tempDir();
  const db = newDb(dir, 'map');
  ok(['import', 'lgd', join(SHARED, 'lgd'), '--db', db, '--commit', '--quiet']);
  ok(['import', 'villages', TELANGANA, '--db', db, '--as-of', '2024-03-01', '--commit', '--quiet', '--create-missing',
    '--rejects', join(dir, 'rejects.csv'), '--closed-periods', 'tests load published history']);
  state = sql(db, "SELECT code FROM unit WHERE level = 1 AND lgd_code = 36").stdout.trim();
  districts = sql(db, `SELECT code, name, lgd_code FROM unit WHERE level = 2 AND lgd_code IS NOT NULL
    AND parent_id = (SELECT id FROM unit WHERE code = '${state}') ORDER BY lgd_code`).stdout.trim().split('\n')
    .map((l) => { const [code, name, lgd] = l.split('|'); return { code, name, lgd: Number(lgd) }; });
  assert.ok(districts.length > 20, JSON.stringify(districts));
  omitted = districts.at(-1);
  const features = districts.slice(0, -1).map((d, i) => {
    const x = 77 + (i % 6) * 0.5;
    const y = 19 - Math.floor(i / 6) * 0.5;
    return {
      type: 'Feature',
      properties: { district_code: String(d.lgd), name: d.name },
      geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.45, y], [x + 0.45, y + 0.45], [x, y + 0.45], [x, y]]] },
    };
  });
  const file = join(dir, 'districts.geojson');
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
  server = await startServer({ db, args: ['--boundaries', file] });
  BASE = server.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the tile grid shows every state; a click lands on its districts', async (t) => {
  const page = await openPage(t);
  await dashboard(page, `${BASE}/`);
  await page.waitForSelector('#map .tile-grid');
  assert.equal(await page.getAttribute('#map', 'data-kind'), 'tiles');
  assert.equal(await page.$$eval('#map .tile', (x) => x.length), 36, 'every state and UT');
  const tg = page.locator('#map .tile[data-abbr="TG"]');
  assert.equal(await tg.getAttribute('data-band'), '4', 'Telangana: every household has a tap');
  assert.match(await tg.getAttribute('aria-label'), /Telangana: Households with tap \(%\) 100/);
  assert.equal(await page.locator('#map .tile[data-abbr="KL"]').getAttribute('data-band'), '-1', 'no villages in Kerala here');
  assert.equal(await page.$$eval('#map-legend li', (x) => x.length), 6);
  // Another measure recolours the same tiles.
  await page.selectOption('#map-measure', 'schools');
  assert.match(await tg.getAttribute('aria-label'), /Telangana: Schools with tap \(%\)/);
  await tg.click();
  await page.waitForFunction((code) => document.body.dataset.unit === code && document.body.dataset.state === 'ready', state);
  assert.equal(await page.getAttribute('body', 'data-level'), 'state');
  const rows = await page.$$eval('#children-table tbody tr', (r) => r.length);
  assert.ok(rows >= districts.length, `${rows} districts listed`);
  assert.deepEqual(page.problems, []);
});

test('official boundaries: the districts drawn, the missing ones listed, a click opens one', async (t) => {
  const page = await openPage(t, { viewport: { width: 360, height: 740 } });
  await dashboard(page, `${BASE}/?unit=${state}`);
  await page.waitForSelector('#map svg.choropleth');
  assert.equal(await page.getAttribute('#map', 'data-kind'), 'choropleth');
  assert.equal(await page.$$eval('#map path.area', (x) => x.length), districts.length - 1);
  const missing = await page.textContent('#map-missing');
  assert.ok(missing.includes(omitted.name), missing);
  const first = districts[0];
  await page.click(`#map path[data-code="${first.code}"]`);
  await page.waitForFunction((code) => document.body.dataset.unit === code && document.body.dataset.state === 'ready', first.code);
  const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, win: window.innerWidth }));
  assert.ok(w.doc <= w.win, JSON.stringify(w));
  assert.deepEqual(page.problems, []);
});

test('the extra charts: per month, the rate, the ranking; tables and PNGs', async (t) => {
  const page = await openPage(t);
  await dashboard(page, `${BASE}/?unit=${state}`);
  await page.waitForSelector('#chart-monthly-chart canvas');
  await page.waitForSelector('#chart-ranked-chart canvas');
  const ranked = await page.$$eval('#chart-ranked-table tbody tr', (r) => r.map((x) => x.querySelector('th').textContent));
  assert.ok(ranked.length >= districts.length - 1, `${ranked.length} districts ranked`);
  const rate = await page.$$eval('#chart-rate-table tbody tr td', (c) => c.map((x) => x.textContent));
  assert.match(rate[0], /none/, 'Telangana needs no more households a day');
  const months = await page.$$eval('#chart-monthly-table tbody tr', (r) => r.length);
  assert.ok(months >= 2, `${months} months`);
  await page.click('#chart-monthly-section summary, #chart-monthly details summary');
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#chart-monthly-png')]);
  assert.equal(png.suggestedFilename(), 'chart-monthly.png');
  const bytes = readFileSync(await png.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
  assert.deepEqual(page.problems, []);
});
