// The Reports page (/?view=reports) in headless Chromium, on the real
// Telangana villages file: the list of formats, J3 drawn with the file's
// own total, a district picked by name from the place picker, J5 for it,
// the village-wise J7 too long to draw for the state but downloadable, the
// XLSX and PDF downloaded through the page's buttons, Hindi headings, the
// print layout (only the report on paper), and a 360 px phone without
// sideways scrolling; the dashboard's table of places and the audit trail
// download as the page shows them; a national administrator uploads the
// map's boundary file from the page and is told what it draws and lacks.
//
//   JJM_BIN=build/jjm JJM_SHARED_DATA=../shared/data node --test tests/browser/reports.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

import { jjm, tempDir, newDb, startServer, addUser, SHARED } from '../lib/jjm.mjs';
import { openPage as openPageIn, launchBrowser, signInWithForm } from '../lib/browser.mjs';

const TELANGANA = join(SHARED, 'jjm-dashboard', 'jjm_villages_telangana.csv');
const AS_OF = '2024-03-31';
const HI = JSON.parse(readFileSync(new URL('../../web/i18n/hi.json', import.meta.url), 'utf8'));

let server;
let BASE;
let browser;
let dir;
let state; // Telangana's code
const openPage = (t, opts) => openPageIn(browser, t, opts);

// The file's own total of households.
function fileHouseholds() {
  const lines = readFileSync(TELANGANA, 'utf8').trim().split('\n');
  const col = lines[0].split(',').indexOf('TotalNoofHouseholds');
  return lines.slice(1).reduce((s, l) => s + Number(l.split(',')[col]), 0);
}

async function ready(page) {
  await page.waitForFunction(
    () => document.body.dataset.view === 'reports' && document.body.dataset.state !== 'loading'
      && (document.querySelector('#rep-list') || !document.querySelector('#reports-message').hidden),
  );
}

async function noSidewaysScroll(page, what) {
  const w = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, win: window.innerWidth,
  }));
  assert.ok(w.doc <= w.win && w.body <= w.win, `${what}: ${JSON.stringify(w)}`);
}

before(async () => {
  dir = tempDir();
  const db = newDb(dir, 'reports_page');
  const r = jjm(['import', 'villages', TELANGANA, '--db', db, '--as-of', '2024-03-01', '--commit', '--quiet',
    '--closed-periods', 'tests load published history']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  addUser(db, 'auditor', 'national_admin', 'IN');
  server = await startServer({ db });
  BASE = server.url;
  const res = await fetch(`${BASE}/api/v1/coverage?parent=IN&level=state`);
  state = (await res.json()).rows[0].code;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('J3 on the page has the file\'s total; its files download from the page', async (t) => {
  const page = await openPage(t);
  await page.goto(`${BASE}/`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  await page.click('#nav-reports');
  await ready(page);
  const names = await page.$$eval('#rep-list tbody tr', (rows) => rows.map((r) => r.dataset.report));
  for (const n of ['j2', 'j3', 'j5', 'j7', 'j17', 'j23', 'cs1bi', 'l5']) assert.ok(names.includes(n), n);

  await page.fill('#rep-as-of', AS_OF);
  await page.waitForURL(/as_of=2024-03-31/);
  await ready(page);
  await page.click('#rep-list tr[data-report="j3"] th a');
  await page.waitForSelector('#rep-table');
  assert.match(page.url(), /report=j3/);
  const total = await page.getAttribute('#rep-table tr[data-kind="total"] td[data-key="total_hh"]', 'data-value');
  assert.equal(Number(total), fileHouseholds());
  assert.equal(await page.textContent('#rep-table tr[data-kind="total"] td[data-key="total_hh"]'), '53,98,219');
  assert.match(await page.textContent('.rep-head'), /2024-03-31/);

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#rep-download-xlsx')]);
  assert.match(xlsx.suggestedFilename(), /^j3-IN-2024-03-31\.xlsx$/);
  const xpath = join(dir, 'page-j3.xlsx');
  await xlsx.saveAs(xpath);
  const py = spawnSync('/usr/bin/python3', ['-c', `
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(max(c.value for c in ws[ws.max_row] if isinstance(c.value, (int, float))))
`, xpath], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  assert.equal(Number(py.stdout), fileHouseholds(), 'the workbook\'s total row');
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('#rep-download-pdf')]);
  const ppath = join(dir, 'page-j3.pdf');
  await pdf.saveAs(ppath);
  assert.equal(readFileSync(ppath).subarray(0, 5).toString(), '%PDF-');

  // On paper: the report, not the page around it.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.site-header'), false);
  assert.equal(await page.isVisible('#rep-list'), false);
  assert.equal(await page.isVisible('#rep-table'), true);
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(page.problems, []);
});

test('a district picked by name; J7 too long for the state, J17 not for a block', async (t) => {
  const page = await openPage(t);
  await page.goto(`${BASE}/?view=reports&unit=${state}&as_of=${AS_OF}&report=j7`);
  await ready(page);
  await page.waitForSelector('#rep-too-long');
  assert.ok(await page.isVisible('#rep-download-csv'), 'the whole list still downloads');
  const csv = await (await fetch(BASE + await page.getAttribute('#rep-download-csv', 'href'))).text();
  assert.ok(csv.split("\n").length > 9000, 'every village of the state is in the file');

  // Down to a district by its name, and J5 there.
  const district = await page.$eval('#rep-child option:nth-child(2)', (o) => ({ code: o.value, name: o.textContent }));
  await page.selectOption('#rep-child', district.code);
  await page.waitForURL(new RegExp(`unit=${district.code}`));
  await ready(page);
  await page.waitForSelector('#rep-table');
  assert.equal(await page.textContent('.rep-path [aria-current="page"]'), district.name);
  await page.click('#rep-list tr[data-report="j5"] th a');
  await page.waitForURL(/report=j5/);
  await page.waitForSelector('#rep-table tr[data-kind="total"]');
  const blocks = await page.$$eval('#rep-table tbody tr[data-kind="row"]', (r) => r.length);
  assert.ok(blocks > 0, 'one row per block of the district');

  const block = await page.$eval('#rep-child option:nth-child(2)', (o) => o.value);
  await page.goto(`${BASE}/?view=reports&unit=${block}&report=j17`);
  await ready(page);
  await page.waitForSelector('#rep-not-here');
  assert.match(await page.textContent('#rep-list tr[data-report="j17"]'), /Only down to a District/);
  assert.deepEqual(page.problems, []);
});

test('in Hindi, on a 360 px phone, without sideways scrolling', async (t) => {
  const page = await openPage(t, { viewport: { width: 360, height: 740 } });
  await page.goto(`${BASE}/?view=reports&unit=${state}&as_of=${AS_OF}&report=j17&lang=hi`);
  await ready(page);
  await page.waitForSelector('#rep-table');
  assert.equal(await page.textContent('#reports-title'), HI['rep.title']);
  const heads = await page.$$eval('#rep-table thead th', (th) => th.map((x) => x.textContent));
  assert.ok(heads.includes('ज़िला'), heads.join(' | '));
  assert.match(await page.getAttribute('#rep-download-pdf', 'href'), /lang=hi/);
  await noSidewaysScroll(page, 'reports, Hindi, 360 px');
  const box = await page.$eval('#rep-download-xlsx', (a) => a.getBoundingClientRect().height);
  assert.ok(box >= 40, `a download button a thumb can press: ${box}px`);
  assert.deepEqual(page.problems, []);
});

// The XLSX's rows (openpyxl), as JSON.
function workbookRows(path) {
  const py = spawnSync('/usr/bin/python3', ['-c', `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(json.dumps([[c.value for c in r] for r in ws.iter_rows()], default=str))
`, path], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  return JSON.parse(py.stdout);
}

test('the dashboard\'s table of places and the audit trail download as shown', async (t) => {
  const page = await openPage(t);
  await page.goto(`${BASE}/?unit=${state}&as_of=${AS_OF}`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  const first = await page.$eval('#children-table tbody tr th a', (a) => a.textContent);
  const [x] = await Promise.all([page.waitForEvent('download'), page.click('#children-export-buttons-xlsx')]);
  const path = join(dir, 'children.xlsx');
  await x.saveAs(path);
  const rows = workbookRows(path);
  assert.match(String(rows[0][0]), /Districts of Telangana/i);
  assert.ok(rows.some((r) => r[0] === 'As of' && r[1] === AS_OF), JSON.stringify(rows.slice(0, 5)));
  const at = rows.findIndex((r) => r[0] === 'Name');
  assert.equal(rows[at + 1][0], first, 'the rows in the order shown');
  const total = rows.at(-1);
  assert.equal(total.find((v) => typeof v === 'number'), fileHouseholds(), 'the total row\'s households, a number cell');

  await signInWithForm(page, 'auditor');
  await page.goto(`${BASE}/?view=audit`);
  await page.waitForSelector('#audit-export-buttons-csv');
  const [c] = await Promise.all([page.waitForEvent('download'), page.click('#audit-export-buttons-csv')]);
  const cpath = join(dir, 'audit.csv');
  await c.saveAs(cpath);
  const text = readFileSync(cpath, 'utf8');
  assert.match(text, /^Audit trail/);
  assert.match(text, /auditor,/, 'the sign-in just made is a row');
  assert.deepEqual(page.problems, []);
});

test('a national administrator uploads the map\'s boundaries from the page; others only read', async (t) => {
  const page = await openPage(t);
  await page.goto(`${BASE}/?view=reports`);
  await ready(page);
  await page.click('#rep-bounds > summary');
  await page.waitForSelector('#rep-bounds-levels');
  assert.equal(await page.$('#rep-bounds-form'), null, 'the public sees no upload');
  assert.match(await page.textContent('#rep-bounds-list'), /No file has been uploaded/);

  await signInWithForm(page, 'auditor');
  await page.goto(`${BASE}/?view=reports`);
  await ready(page);
  await page.click('#rep-bounds > summary');
  await page.waitForSelector('#rep-bounds-form');
  // A bad file: its fault named, nothing stored.
  await page.setInputFiles('#rep-bounds-file', { name: 'bad.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{"type":"FeatureCollection","features":[{"properties":{},"geometry":{"type":"Polygon","coordinates":[]}}]}') });
  await page.click('#rep-bounds-upload');
  await page.waitForSelector('#rep-bounds-error:not([hidden])');
  assert.match(await page.textContent('#rep-bounds-error'), /bad\.geojson.*feature 1 names no LGD code/);
  // A file of a state whose LGD code no place here has (this database came
  // from the dashboard's file, without the LGD lists): said, not hidden.
  const square = [[[78, 17], [79, 17], [79, 18], [78, 18], [78, 17]]];
  await page.setInputFiles('#rep-bounds-file', { name: 'telangana.geojson', mimeType: 'application/geo+json',
    buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { state_code: 36 }, geometry: { type: 'Polygon', coordinates: square } }] })) });
  await page.click('#rep-bounds-upload');
  await page.waitForSelector('#rep-bounds-done');
  assert.equal(await page.isVisible('#rep-bounds-error'), false, 'the earlier error is gone');
  assert.match(await page.textContent('#rep-bounds-done'), /telangana\.geojson is in force: 1 shapes for states/);
  const result = await page.textContent('#rep-bounds-result');
  assert.match(result, /states: 0 drawn, 1 without a boundary/);
  assert.match(result, /1 shapes name an LGD code no place here has: 36/);
  await page.waitForFunction(() => /telangana\.geojson: states, 1 shapes, uploaded by auditor/.test(document.querySelector('#rep-bounds-files')?.textContent || ''));
  assert.match(await page.textContent('#rep-bounds-levels'), /drawn for: states/);
  assert.deepEqual(page.problems, []);
});
