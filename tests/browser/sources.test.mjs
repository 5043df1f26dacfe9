// The sources section of a village's page (/?view=operations&place=V) in
// headless Chromium at phone size (360×740), against `jjm serve --demo`:
// the village operator records a source's groundwater levels through the
// form (a depth out of range refused beside its field) and sees them in
// the table by monsoon year, with the fall since the year before in words;
// records a recharge work and its completion; the block officer sees the
// source in the falling list of the queue tab at a 1 m threshold and not
// at 1.5 m; nothing scrolls sideways at 360 px.
//
//   JJM_BIN=build/jjm node --test tests/browser/sources.test.mjs
//
// Screenshots: /tmp/jjm-sources-*.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { startServer, addUser, signIn, api, tempDir, newDb } from '../lib/jjm.mjs';
import { openPage as openPageIn, launchBrowser, signInWithForm, PASSWORD, TIMEOUT } from '../lib/browser.mjs';

const SHOTS = '/tmp/jjm-sources';
const EN = JSON.parse(readFileSync(new URL('../../web/i18n/en.json', import.meta.url), 'utf8'));
const PHONE = { viewport: { width: 360, height: 740 } };
const tag = `${process.pid % 10000}`;
const Y = new Date().getUTCFullYear() - 3;

let server;
let browser;
let BASE;
const S = {};
const U = {};
const P = {};

const openPage = (t) => openPageIn(browser, t, PHONE);

async function ok(who, path, opts = {}) {
  const r = await api(BASE, `/api/v1${path}`, { ...opts, session: who ? S[who] : undefined });
  assert.ok([200, 201].includes(r.status), `${opts.method || 'GET'} ${path}: ${r.status} ${r.text}`);
  return r.body;
}

async function makeUser(name, role, unit) {
  const username = `${name}${tag}`;
  await ok('admin', '/users', { method: 'POST', body: { username, password: PASSWORD, role, unit } });
  U[name] = username;
}

async function viewReady(page, part) {
  await page.waitForFunction(
    (p) => document.body.dataset.state !== 'loading' && document.body.dataset.view === 'operations'
      && document.querySelector('#operations-body')?.dataset.part === p,
    part, { timeout: TIMEOUT },
  );
}

async function noSidewaysScroll(page, what) {
  const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, win: window.innerWidth }));
  assert.ok(w.doc <= w.win, `${what}: ${JSON.stringify(w)}`);
}

async function firstVillage(code) {
  const r = await ok(null, `/units/${code}/children`);
  for (const c of r.children || []) {
    if (c.level === 'village') return c;
    const v = await firstVillage(c.code);
    if (v) return v;
  }
  return null;
}

describe('a village\'s sources on a phone', () => {
  before(async () => {
    const db = newDb(tempDir('jjm-sources-'), 'sources');
    addUser(db, 'admin', 'national_admin', 'IN');
    server = await startServer({ db, demo: true });
    BASE = server.url;
    S.admin = await signIn(BASE, 'admin');
    assert.equal(S.admin.status, 200);
    const v = await firstVillage('IN');
    assert.ok(v, 'a demo village');
    const unit = await ok(null, `/units/${v.code}`);
    P.village = v.code;
    P.block = unit.path.find((p) => p.level === 'block').code;
    P.source = `BR-SRC-${tag}`;
    await ok('admin', '/quality/sources', { method: 'POST', body: { code: P.source, village: v.code, type: 'borewell', name: 'Temple borewell' } });
    await makeUser('operator', 'vwsc_operator', v.code);
    await makeUser('block', 'block_officer', P.block);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the operator records levels and sees them by year; the officer sees the source falling', async (t) => {
    const op = await openPage(t);
    await op.goto(`${BASE}/?view=operations&place=${P.village}`);
    await signInWithForm(op, U.operator);
    await viewReady(op, 'committee');
    const card = `#ops-sources li[data-code="${P.source}"]`;
    await op.waitForSelector(card);
    assert.match(await op.textContent(card), new RegExp(EN['ops.src.no_levels']));
    const id = `ops-rec-${P.source}`;
    const record = async (day, season, depth) => {
      if (!(await op.locator(`#${id}-more[open]`).count())) await op.click(`#${id}-more summary`);
      await op.selectOption(`#${id}-what`, 'level');
      await op.fill(`#${id}-day`, day);
      await op.selectOption(`#${id}-season`, season);
      await op.fill(`#${id}-depth`, depth);
      await op.click(`#${id}-submit`);
    };
    // Out of range: refused beside the depth.
    await record(`${Y}-11-10`, 'post_monsoon', '3000');
    await op.waitForSelector(`#${id} [data-field="depth_m"] .field-error:not([hidden])`);
    // Three readings: two monsoon years, the second 1.2 m deeper.
    await record(`${Y}-11-10`, 'post_monsoon', '9.75');
    await op.waitForSelector(`${card} tr[data-year="${Y}"]`);
    assert.equal((await op.textContent(`${card} tr[data-year="${Y}"] .ops-post`)).trim(), '9.75 m');
    await record(`${Y + 1}-05-20`, 'pre_monsoon', '13.1');
    await op.waitForFunction((sel) => /13\.10 m/.test(document.querySelector(sel)?.textContent || ''),
      `${card} tr[data-year="${Y + 1}"]`, { timeout: TIMEOUT });
    await record(`${Y + 1}-11-12`, 'post_monsoon', '10,95');
    await op.waitForFunction((sel) => /fell 1\.20 m/.test(document.querySelector(sel)?.textContent || ''),
      `${card} tr[data-year="${Y + 1}"]`, { timeout: TIMEOUT });
    assert.equal((await op.textContent('#ops-flash')).trim(), EN['ops.src.recorded.level'].replace('{source}', 'Temple borewell'));
    // A recharge work paid by MGNREGS.
    await op.click('#ops-add-work summary');
    await op.selectOption('#ops-work-kind', 'check_dam');
    await op.selectOption('#ops-work-source', P.source);
    await op.fill('#ops-work-cost', '250000');
    await op.click('#ops-work-form-submit');
    await op.waitForSelector('#ops-works li[data-kind="check_dam"]');
    assert.match(await op.textContent('#ops-works'), /₹2,50,000 · MGNREGS/);
    // Completed today, once.
    await op.click('#ops-works li[data-kind="check_dam"] button[data-complete]');
    await op.waitForFunction(() => {
      const li = document.querySelector('#ops-works li[data-kind="check_dam"]');
      return li && !li.querySelector('button[data-complete]');
    }, null, { timeout: TIMEOUT });
    assert.equal((await op.textContent('#ops-flash')).trim(), EN['ops.src.work_completed']);
    await noSidewaysScroll(op, 'the sources section');
    await op.screenshot({ path: `${SHOTS}-village.png`, fullPage: true });

    // The block officer's falling list.
    const blk = await openPage(t);
    await blk.goto(`${BASE}/?view=operations&tab=queue&place=${P.block}`);
    await signInWithForm(blk, U.block);
    await viewReady(blk, 'queue');
    await blk.waitForSelector(`#ops-falling-list li[data-source="${P.source}"]`);
    assert.match(await blk.textContent(`#ops-falling-list li[data-source="${P.source}"]`), /fell 1\.20 m/);
    await blk.fill('#ops-falling-threshold', '1.5');
    await blk.click('#ops-falling-form-submit');
    await blk.waitForFunction(() => /1\.5 m/.test(document.querySelector('#ops-falling-count')?.textContent || ''), null,
      { timeout: TIMEOUT });
    assert.equal(await blk.locator(`#ops-falling-list li[data-source="${P.source}"]`).count(), 0);
    await noSidewaysScroll(blk, 'the falling list');
    await blk.screenshot({ path: `${SHOTS}-falling.png`, fullPage: true });
  });
});
