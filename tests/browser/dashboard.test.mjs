// The dashboard in headless Chromium, against the real `jjm serve`.
//
//   node --test tests/browser/                  starts build/jjm with demo data
//   JJM_URL=http://127.0.0.1:8080 node --test tests/browser/   uses a running one
//
// Needs web/node_modules (cd web && npm ci) and /usr/bin/chromium (or
// CHROMIUM_PATH).  Leaves screenshots in /tmp/jjm-dashboard*.png.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { formatIndian } from '../../web/format.js';
import { startServer } from '../lib/jjm.mjs';
import { openPage as openPageIn, launchBrowser, cardValue, TIMEOUT } from '../lib/browser.mjs';

let BASE = (process.env.JJM_URL || '').replace(/\/+$/, '');
let server = null;
const SCREENSHOT = process.env.JJM_SCREENSHOT || '/tmp/jjm-dashboard.png';

let browser;
let latest = null; // national figures at the latest date, from the first test

// A fresh context per test: no language or history carried between tests.
// Page errors and CSP refusals are collected and must stay empty.
const openPage = (t, opts) => openPageIn(browser, t, opts);

// Waits until the page has drawn `code` (any unit when omitted).
async function ready(page, code) {
  await page.waitForFunction(
    (c) => document.body.dataset.state === 'ready' && (!c || document.body.dataset.unit === c),
    code ?? null,
    { timeout: TIMEOUT },
  );
}

const crumbCount = (page) => page.locator('#breadcrumbs li').count();

async function column(page, key) {
  return page.$$eval(`#children-table tbody tr[data-code] td[data-key="${key}"]`,
    (tds) => tds.map((td) => (td.dataset.value === '' ? null : Number(td.dataset.value))));
}

const rowCodes = (page) =>
  page.$$eval('#children-table tbody tr[data-code]', (trs) => trs.map((tr) => tr.dataset.code));

function isSorted(values, dir) {
  const v = values.filter((x) => x !== null);
  return v.every((x, i) => i === 0 || (dir === 'asc' ? v[i - 1] <= x : v[i - 1] >= x));
}

describe('dashboard', () => {
  before(async () => {
    if (!BASE) {
      server = await startServer({ demo: true, demoScale: 0.003 });
      BASE = server.url;
    }
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('national headline and states table', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/`);
    await ready(page, 'IN');

    const hh = await cardValue(page, 'headline-hh');
    assert.ok(hh > 0, 'India has households');
    // The full number sits under the short one ("38.72 lakh"); below one
    // lakh the two are the same and only one is shown.
    const exactSel = hh >= 100000 ? '#headline-hh .exact' : '#headline-hh .card-value';
    const exact = (await page.textContent(exactSel)).trim();
    assert.equal(exact, formatIndian(hh), 'the full number is in Indian grouping');
    if (hh >= 1000) assert.match(exact, /^\d{1,2}(,\d{2})*,\d{3}$/);
    assert.notEqual((await page.textContent('#headline-hh .card-value')).trim(), '');
    assert.match(await page.textContent('#headline-pct .card-value'), /\d+\.\d{2}%/);
    latest = { tap: await cardValue(page, 'headline-tap'), pct: await cardValue(page, 'headline-pct') };

    const rows = await rowCodes(page);
    assert.ok(rows.length > 0, 'the states table has rows');
    assert.equal(await page.locator('#children-table tfoot tr.total').count(), 1, 'total row');
    assert.equal(await page.getAttribute('#breadcrumbs', 'aria-label') !== null, true);
    assert.equal(await crumbCount(page), 1);
    assert.equal(await page.locator('#children-table thead th[scope="col"]').count(), 8);

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.deepEqual(page.problems, []);
  });

  test('sorting by % flips the order', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/`);
    await ready(page, 'IN');
    const header = page.locator('#children-table thead th[data-key="pct"]');

    await header.locator('button').click();
    await assert.doesNotReject(page.waitForSelector('#children-table th[data-key="pct"][aria-sort="ascending"]'));
    const ascValues = await column(page, 'pct');
    const asc = await rowCodes(page);
    assert.ok(isSorted(ascValues, 'asc'), `ascending: ${ascValues}`);
    assert.match(await header.textContent(), /▲/);

    await page.locator('#children-table thead th[data-key="pct"] button').click();
    await page.waitForSelector('#children-table th[data-key="pct"][aria-sort="descending"]');
    const descValues = await column(page, 'pct');
    const desc = await rowCodes(page);
    assert.ok(isSorted(descValues, 'desc'), `descending: ${descValues}`);
    assert.match(await page.locator('#children-table thead th[data-key="pct"]').textContent(), /▼/);
    if (new Set(ascValues).size === ascValues.length) {
      assert.deepEqual(desc, [...asc].reverse(), 'distinct values: exactly reversed');
    }
    if (new Set(ascValues).size > 1) assert.notEqual(desc[0], asc[0]);
    assert.equal(await page.locator('#children-table [aria-sort]').count(), 1, 'one sorted column');
    assert.match(page.url(), /sort=pct&dir=desc/);
    assert.deepEqual(page.problems, []);
  });

  test('drill down to a village, then back', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/`);
    await ready(page, 'IN');

    const visited = ['IN'];
    let crumbs = await crumbCount(page);
    // state > district > block > (gp >) village: at most five steps.
    for (let step = 0; step < 6; step++) {
      if ((await page.getAttribute('body', 'data-level')) === 'village') break;
      // The first child that has villages, so the walk can reach one.
      const code = await page.$$eval('#children-table tbody tr[data-code]', (trs) => {
        const has = (tr) => Number(tr.querySelector('td[data-key="villages"]')?.dataset.value) > 0;
        return (trs.find(has) || trs[0])?.dataset.code ?? null;
      });
      assert.ok(code, `a child to open under ${visited.at(-1)}`);
      await page.locator(`#children-table tr[data-code="${code}"] a.drill`).click();
      await ready(page, code);
      visited.push(code);
      assert.ok(new URL(page.url()).searchParams.get('unit') === code, `URL has unit=${code}: ${page.url()}`);
      const now = await crumbCount(page);
      assert.equal(now, crumbs + 1, `breadcrumbs grow at ${code}`);
      crumbs = now;
      assert.equal(await page.getAttribute('#breadcrumbs li:last-child a', 'aria-current'), 'page');
    }

    assert.equal(await page.getAttribute('body', 'data-level'), 'village', `reached a village: ${visited}`);
    assert.ok(visited.length >= 5, `state, district, block, village at least: ${visited}`);
    await page.waitForSelector('#village-facts', { state: 'visible' });
    assert.match(await page.textContent('#village-facts'), /\d/);
    assert.ok(await page.locator('#children-section').isHidden(), 'no children table for a village');
    await page.waitForSelector('#chart canvas, #chart-message:not([hidden])', { state: 'attached' });
    await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-village.png'), fullPage: true });

    await page.goBack();
    const parent = visited.at(-2);
    await ready(page, parent);
    assert.equal(await crumbCount(page), crumbs - 1, 'back to one level up');
    assert.equal(new URL(page.url()).searchParams.get('unit'), parent);
    assert.ok(await page.locator('#children-table tr[data-code]').count() > 0);
    assert.ok(await page.locator('#village-facts').isHidden());

    // The breadcrumbs lead back up as well.
    await page.locator('#breadcrumbs li:first-child a').click();
    await ready(page, 'IN');
    assert.equal(await crumbCount(page), 1);
    assert.deepEqual(page.problems, []);
  });

  test('as_of in the URL is restored and changes the figures', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/?as_of=2020-01-01`);
    await ready(page, 'IN');
    assert.equal(await page.inputValue('#as-of'), '2020-01-01');
    assert.equal(await page.getAttribute('#headline', 'data-as-of'), '2020-01-01');
    const tap = await cardValue(page, 'headline-tap');
    if (!latest) {
      // Run alone: read the latest figures here.
      const other = await openPage(t);
      await other.goto(`${BASE}/`);
      await ready(other, 'IN');
      latest = { tap: await cardValue(other, 'headline-tap') };
    }
    assert.notEqual(tap, latest.tap, 'households with tap differ between 2020-01-01 and the latest date');

    // Changing the date goes into the URL.
    await page.fill('#as-of', '2021-06-30'); // fires input and change
    await page.waitForFunction(() => document.querySelector('#headline').dataset.asOf === '2021-06-30'
      && document.body.dataset.state === 'ready');
    assert.match(page.url(), /as_of=2021-06-30/);
    assert.deepEqual(page.problems, []);
  });

  test('an unknown unit shows an error, not a blank page', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/?unit=NOPE`);
    await page.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: TIMEOUT });
    await page.waitForSelector('#error', { state: 'visible' });
    assert.match(await page.textContent('#error'), /NOPE/);
    assert.ok(await page.locator('#headline').isHidden());
    await page.locator('#error-home').click();
    await ready(page, 'IN');
    assert.ok(await page.locator('#error').isHidden());
    assert.deepEqual(page.problems, []);
  });

  test('Hindi keeps Indian grouping and goes into the URL', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/`);
    await ready(page, 'IN');
    const exactEn = (await page.textContent('#headline-hh')).match(/[\d,]{5,}/)?.[0];
    await page.selectOption('#lang', 'hi');
    await page.waitForFunction(() => document.documentElement.lang === 'hi');
    assert.match(await page.textContent('#headline-hh .card-label'), /[\u0900-\u097F]/);
    assert.equal((await page.textContent('#headline-hh')).match(/[\d,]{5,}/)?.[0], exactEn);
    assert.match(page.url(), /lang=hi/);

    // The choice survives a reload from a URL without lang (localStorage).
    await page.goto(`${BASE}/?unit=IN`);
    await ready(page, 'IN');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'hi');
    assert.deepEqual(page.problems, []);
  });

  test('search jumps to a place', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/`);
    await ready(page, 'IN');
    const first = page.locator('#children-table tbody tr[data-code]').first();
    const code = await first.getAttribute('data-code');
    const name = (await first.locator('a.drill').textContent()).trim();
    // The whole name: a prefix might match more than the 20 results shown.
    await page.fill('#search', name);
    const option = page.locator(`#search-results [role="option"][data-code="${code}"]`);
    await option.waitFor({ state: 'visible' });
    await option.dispatchEvent('mousedown');
    await ready(page, code);
    assert.equal(new URL(page.url()).searchParams.get('unit'), code);
    assert.deepEqual(page.problems, []);
  });

  test('search ranks the place named exactly first, tells alike ones apart, and pages', async (t) => {
    // A village whose name is inside many other places' names.
    const api = async (q) => (await fetch(`${BASE}/api/v1/units?${new URLSearchParams(q)}`)).json();
    const stems = await api({ q: 'pur', level: 'village', limit: 100 });
    let target = null;
    for (const v of stems.results) {
      const all = await api({ q: v.name });
      if (all.total >= 5) { target = { ...v, total: all.total }; break; }
    }
    assert.ok(target, 'a village name many places share');
    const page = await openPage(t);
    await page.goto(`${BASE}/`);
    await ready(page, 'IN');
    await page.fill('#search', target.name);
    const first = page.locator('#search-results [role="option"]').first();
    await page.waitForFunction((name) => document.querySelector('#search-results [role="option"] .result-name')?.textContent === name
      && !document.querySelector('#search-results').hidden, target.name);
    assert.equal(await first.getAttribute('data-match'), 'name');
    // Exact names at shallower levels come first; the village is among the
    // exact ones, with the places above it to tell it apart.
    const exact = page.locator(`#search-results [role="option"][data-code="${target.code}"]`);
    assert.equal(await exact.getAttribute('data-match'), 'name');
    const meta = await exact.locator('.result-meta').textContent();
    assert.ok(meta.includes(target.within[0].name) && meta.endsWith(target.within.at(-1).name), meta);
    await page.selectOption('#search-level', 'village');
    await page.waitForFunction((code) => document.querySelector('#search-results [role="option"]')?.dataset.code === code, target.code);

    // More results on demand.
    await page.selectOption('#search-level', '');
    await page.fill('#search', 'pur');
    await page.waitForSelector('#search-more');
    assert.equal(await page.locator('#search-results [role="option"][data-code]').count(), 20);
    await page.locator('#search-more').dispatchEvent('mousedown');
    await page.waitForFunction(() => document.querySelectorAll('#search-results [role="option"][data-code]').length > 20);
    const codes = await page.$$eval('#search-results [role="option"][data-code]', (els) => els.map((e) => e.dataset.code));
    assert.equal(new Set(codes).size, codes.length, 'no place twice');
    assert.deepEqual(page.problems, []);
  });

  test('a few households left over many days: "less than 1" a day, and how many a month', async (t) => {
    const get = async (path) => (await fetch(`${BASE}/api/v1${path}`)).json();
    const nation = await get('/coverage?parent=IN');
    const days = nation.total.days_to_target;
    let code = null;
    for (const st of nation.rows.slice(0, 4)) {
      const j7 = await get(`/reports/j7?place=${st.code}`);
      const col = (k) => j7.columns.findIndex((c) => c.key === k);
      const row = j7.rows.find((r) => r.kind === 'row' && r.cells[col('balance')] > 0 && r.cells[col('balance')] < days);
      if (row) { code = row.cells[col('code')]; break; }
    }
    assert.ok(code, `a village with fewer households left than the ${days} days to the target`);
    const page = await openPage(t);
    await page.goto(`${BASE}/?unit=${code}`);
    await ready(page, code);
    const pace = page.locator('#headline-pace');
    assert.equal((await pace.locator('.card-value').textContent()).trim(), 'Less than 1');
    assert.match(await pace.locator('.card-detail').textContent(), /^about \d+ a month to reach 100% by /);
    assert.ok(Number(await pace.getAttribute('data-value')) < 1);
    assert.deepEqual(page.problems, []);
  });

  test('a signed-out page asks who it is for without a refused request', async (t) => {
    const page = await openPage(t);
    const refused = [];
    page.on('response', (r) => { if (r.status() >= 400) refused.push(`${r.status()} ${r.url()}`); });
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${BASE}/`);
    await ready(page, 'IN');
    assert.equal(await page.evaluate(() => document.body.dataset.session), 'out');
    assert.deepEqual(refused, []);
    assert.deepEqual(errors, []);
  });

  test('readable on a phone', async (t) => {
    const page = await openPage(t, { viewport: { width: 390, height: 844 } });
    await page.goto(`${BASE}/`);
    await ready(page, 'IN');
    // The page itself does not scroll sideways; only the table does.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no horizontal page scroll (${overflow}px)`);
    await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-phone.png'), fullPage: true });
    assert.deepEqual(page.problems, []);
  });
});
