// The water-supply pages (/?view=supply) in headless Chromium, against the
// real `jjm serve --demo`: a block officer finds a village with full
// coverage in the certification queue's "ready" tab and reports it Har
// Ghar Jal, uploads the Gram Sabha's resolution (a PDF) and its video (an
// MP4) and submits the certification; the district officer accepts it and
// the public certified count moves, on the supply page and the dashboard's
// headline.  A village short of taps is refused with what it lacks; a
// reported village whose coverage falls is back in progress with the
// reason (in English and in Hindi) and counted as reverted.  The
// district officer adds a scheme, an asset, its condition and a service
// level; a state officer sets up a survey round, a household is recorded
// through the phone form and the results show intervals.  Then Hindi, and
// 360 px wide without sideways scrolling.
//
//   JJM_BIN=build/jjm node --test tests/browser/supply.test.mjs
//
// Starts its own server on a new database (JJM_URL: use a running one
// whose national administrator is `admin` with the tests' password).
// Screenshots: /tmp/jjm-supply-*.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { todayInIndia } from '../../web/format.js';
import { startServer, addUser, signIn, api, tempDir, newDb } from '../lib/jjm.mjs';
import { openPage as openPageIn, launchBrowser, signInWithForm, PASSWORD, TIMEOUT } from '../lib/browser.mjs';

const SHOTS = '/tmp/jjm-supply';
const EN = JSON.parse(readFileSync(new URL('../../web/i18n/en.json', import.meta.url), 'utf8'));
const HI = JSON.parse(readFileSync(new URL('../../web/i18n/hi.json', import.meta.url), 'utf8'));
const today = todayInIndia();
const tag = `${process.pid % 10000}`;

let server;
let BASE = (process.env.JJM_URL || '').replace(/\/+$/, '');
let browser;
const S = {}; // API sessions
const U = {}; // usernames by part
const P = {}; // places: village (ready), short (a village without full coverage), block, district, state

const openPage = (t, opts) => openPageIn(browser, t, opts);

async function ok(who, path, opts = {}, status = [200, 201]) {
  const r = await api(BASE, `/api/v1${path}`, { ...opts, session: who ? S[who] : undefined });
  assert.ok([].concat(status).includes(r.status), `${opts.method || 'GET'} ${path}: ${r.status} ${r.text}`);
  return r.body;
}

async function viewReady(page) {
  await page.waitForFunction(
    () => document.body.dataset.view === 'supply' && document.body.dataset.state !== 'loading',
    null, { timeout: TIMEOUT },
  );
}

async function dashboardReady(page) {
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.body.dataset.view === 'dashboard');
}

async function noSidewaysScroll(page, what) {
  const w = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, win: window.innerWidth,
  }));
  assert.ok(w.doc <= w.win && w.body <= w.win, `${what}: ${JSON.stringify(w)}`);
}

const card = async (page, id) => Number(await page.getAttribute(`#${id}`, 'data-value'));
const summary = async (code) => (await ok(null, `/hgj/summary?place=${code}`)).totals;

// Tiny files the server's byte checks take: a PDF header, and an MP4 box
// with "ftyp" at offset 4.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const MP4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2'),
  Buffer.from([0, 0, 0, 8]), Buffer.from('free'), Buffer.alloc(256, 0),
]);

async function makeUser(name, role, unit) {
  const username = `${name}${tag}`;
  await ok('admin', '/users', { method: 'POST', body: { username, password: PASSWORD, role, unit } });
  U[name] = username;
  S[name] = await signIn(BASE, username);
  assert.equal(S[name].status, 200, username);
}

// A page of the supply view, signed in as `who` (or not).
async function supplyPage(t, who, url, opts) {
  const page = await openPage(t, opts);
  await page.goto(`${BASE}${url}`);
  if (who) await signInWithForm(page, U[who] || who);
  await viewReady(page);
  return page;
}

describe('the water-supply pages', () => {
  before(async () => {
    if (!BASE) {
      const db = newDb(tempDir('jjm-supply-'), 'supply');
      addUser(db, 'admin', 'national_admin', 'IN');
      server = await startServer({ db, demo: true });
      BASE = server.url;
    }
    S.admin = await signIn(BASE, 'admin');
    assert.equal(S.admin.status, 200);
    U.admin = 'admin';
    // A village ready to report, from the national queue.
    const queue = await ok('admin', '/hgj/queue?place=IN&status=ready');
    assert.ok(queue.rows.length > 0, 'a demo village with full coverage');
    const v = queue.rows[0].village;
    const unit = await ok(null, `/units/${v.code}`);
    const at = (level) => unit.path.find((p) => p.level === level);
    Object.assign(P, { village: { code: v.code, name: unit.name }, block: at('block'), gp: at('gp'), district: at('district'), state: at('state') });
    assert.ok(P.block && P.gp && P.district && P.state, JSON.stringify(unit.path));
    // A village of the same block without full coverage, if there is one.
    const rows = (await ok(null, `/coverage?parent=${P.block.code}&level=village`)).rows || [];
    const short = rows.find((r) => r.total_hh > 0 && r.hh_with_tap < r.total_hh);
    if (short) P.short = { code: short.code, name: short.name };
    await makeUser('block', 'block_officer', P.block.code);
    await makeUser('district', 'district_officer', P.district.code);
    await makeUser('state', 'state_officer', P.state.code);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a village is reported, certified by its Gram Sabha, accepted, and the public count moves', async (t) => {
    const before = await summary(P.district.code);

    // The public page of the district: the count before.
    const pub = await supplyPage(t, null, `/?view=supply&unit=${P.district.code}`);
    await pub.waitForSelector('#sup-children-table, #sup-summary');
    assert.equal(await card(pub, 'sup-card-certified'), before.certified);
    assert.equal(await card(pub, 'sup-card-reported'), before.reported);
    assert.equal(await pub.locator('#nav-supply[aria-current="page"]').count(), 1);
    // The dashboard's headline has the same beside coverage, and links here.
    const dash = await openPage(t);
    await dash.goto(`${BASE}/?unit=${P.district.code}`);
    await dashboardReady(dash);
    await dash.waitForSelector('#headline-hgj-certified');
    assert.equal(await card(dash, 'headline-hgj-certified'), before.certified);
    assert.equal(await card(dash, 'headline-hgj-reported'), before.reported);
    assert.equal((await dash.textContent('#headline-hgj-reported .card-label')).trim(), EN['headline.hgj_reported']);
    assert.match(await dash.getAttribute('#supply-link', 'href'), new RegExp(`view=supply.*unit=${P.district.code}`));

    // The block officer: the queue's ready tab has the village.
    const blk = await supplyPage(t, 'block', '/?view=supply&tab=queue');
    await blk.click('#sup-queue-ready');
    await viewReady(blk);
    const row = blk.locator(`#sup-queue-table tr[data-code="${P.village.code}"]`);
    await row.waitFor();
    assert.ok(Number(await blk.getAttribute('#sup-queue-ready', 'data-count')) >= 1);
    // The queue of the village's panchayat alone.
    await blk.fill('#sup-queue-place input[name="place"]', P.gp.code);
    await blk.click('#sup-queue-place button');
    await blk.waitForFunction((c) => document.querySelector('#sup-queue')?.dataset.place === c, P.gp.code);
    assert.ok(blk.url().includes(`unit=${P.gp.code}`) && blk.url().includes('tab=queue'), blk.url());
    await row.waitFor();
    await blk.screenshot({ path: `${SHOTS}-queue.png`, fullPage: true });

    // A village short of taps is refused, with what it lacks.
    if (P.short) {
      await blk.goto(`${BASE}/?view=supply&unit=${P.short.code}`);
      await viewReady(blk);
      await blk.waitForSelector('#sup-report-form');
      assert.equal(await blk.getAttribute('#sup-readiness', 'data-ready'), 'false');
      await blk.waitForSelector('#sup-missing li[data-key="sup.missing.households"]');
      await blk.click('#sup-report');
      const refusal = blk.locator('#sup-report-form .form-error');
      await refusal.waitFor({ state: 'visible' });
      assert.match(await refusal.textContent(), /households have no tap/);
      assert.equal(await blk.getAttribute('#sup-hgj', 'data-status'), 'in_progress');
      await blk.goBack();
      await viewReady(blk);
    }

    await row.locator('a.sup-queue-village').click();
    await viewReady(blk);
    await blk.waitForSelector(`#sup-hgj[data-village="${P.village.code}"]`);
    assert.equal(await blk.getAttribute('#sup-hgj', 'data-status'), 'in_progress');
    assert.equal(await blk.getAttribute('#sup-readiness', 'data-ready'), 'true');
    await blk.click('#sup-report');
    await blk.waitForSelector('#sup-hgj[data-status="reported"]');
    await blk.waitForSelector('#sup-flash', { state: 'visible' });
    assert.match(await blk.textContent('#sup-flash'), /reported Har Ghar Jal/);

    // The Gram Sabha's resolution and video, each sent as it is chosen.
    await blk.waitForSelector('#sup-certify-form');
    assert.match(await blk.textContent('#sup-limit-resolution'), /5 MB/);
    assert.match(await blk.textContent('#sup-limit-video'), /48 MB/);
    // A file of the wrong kind is stopped before it is sent.
    await blk.setInputFiles('#sup-file-video', { name: 'minutes.pdf', mimeType: 'application/pdf', buffer: PDF });
    await blk.waitForSelector('#sup-file-video[aria-invalid="true"]');
    assert.equal((await blk.textContent('#sup-upload-video')).trim(), EN['sup.doc.bad_type_video']);
    await blk.setInputFiles('#sup-file-resolution', { name: 'resolution.pdf', mimeType: 'application/pdf', buffer: PDF });
    await blk.setInputFiles('#sup-file-video', { name: 'gram-sabha.mp4', mimeType: 'video/mp4', buffer: MP4 });
    await blk.waitForSelector('[data-field="resolution_document"][data-uploaded]:not([data-uploaded=""])');
    await blk.waitForSelector('[data-field="video_document"][data-uploaded]:not([data-uploaded=""])');
    assert.match(await blk.textContent('#sup-upload-video'), /Received/);
    const resolutionId = await blk.getAttribute('[data-field="resolution_document"]', 'data-uploaded');
    await blk.fill('#sup-certify-form input[name="gram_sabha_on"]', today);
    await blk.fill('#sup-certify-form input[name="resolution_no"]', `GS/${tag}/1`);
    await blk.click('#sup-certify');
    await blk.waitForSelector('#sup-hgj[data-status="submitted"]');
    await blk.waitForSelector('#sup-certification a.sup-doc[data-kind="video"]');
    assert.match(await blk.textContent('#sup-certification'), new RegExp(`GS/${tag}/1`));
    // The block officer does not review.
    assert.equal(await blk.locator('#sup-review-form').count(), 0);
    await blk.screenshot({ path: `${SHOTS}-submitted.png`, fullPage: true });
    const doc = await fetch(`${BASE}/api/v1/hgj/documents/${resolutionId}`);
    assert.equal(doc.status, 200);
    assert.match(doc.headers.get('content-type'), /application\/pdf/);

    // The district officer returns it (a reason is needed) ...
    const dst = await supplyPage(t, 'district', `/?view=supply&unit=${P.village.code}`);
    await dst.waitForSelector('#sup-review-form');
    await dst.click('#sup-return');
    await dst.waitForSelector('#sup-review-form [data-field="reason"] .form-error');
    assert.equal((await dst.textContent('#sup-review-form .form-error')).trim(), EN['sup.check.reason']);
    await dst.fill('#sup-review-form textarea[name="reason"]', 'The resolution is not signed by the Sarpanch');
    await dst.click('#sup-return');
    await dst.waitForSelector('#sup-hgj[data-status="returned"]');
    assert.match(await dst.textContent('#sup-hgj-reason'), /not signed by the Sarpanch/);
    // ... the block officer submits again with a new resolution, the video
    // sent before standing ...
    await blk.reload();
    await viewReady(blk);
    await blk.waitForSelector('#sup-hgj[data-status="returned"] #sup-certify-form');
    assert.equal((await blk.textContent('#sup-upload-video')).trim(), EN['sup.doc.earlier']);
    assert.equal(await blk.inputValue('#sup-certify-form input[name="resolution_no"]'), `GS/${tag}/1`);
    await blk.setInputFiles('#sup-file-resolution', { name: 'resolution-signed.pdf', mimeType: 'application/pdf', buffer: PDF });
    await blk.waitForSelector('[data-field="resolution_document"][data-uploaded]:not([data-uploaded=""])');
    await blk.fill('#sup-certify-form input[name="resolution_no"]', `GS/${tag}/2`);
    await blk.click('#sup-certify');
    await blk.waitForSelector('#sup-hgj[data-status="submitted"]');
    // ... and the district accepts it.
    await dst.reload();
    await viewReady(dst);
    await dst.waitForSelector('#sup-review-form');
    assert.match(await dst.textContent('#sup-certification'), new RegExp(`GS/${tag}/2`));
    await dst.click('#sup-accept');
    await dst.waitForSelector('#sup-hgj[data-status="certified"]');
    assert.match(await dst.textContent('#sup-flash'), /certified Har Ghar Jal/);
    assert.ok(await dst.locator('#sup-history li[data-status="certified"]').count() >= 1);

    // The public count moved, on this page and on the dashboard.
    const after = await summary(P.district.code);
    assert.equal(after.certified, before.certified + 1);
    assert.equal(after.reported, before.reported + 1);
    await pub.reload();
    await viewReady(pub);
    await pub.waitForSelector('#sup-summary');
    assert.equal(await card(pub, 'sup-card-certified'), before.certified + 1);
    await pub.screenshot({ path: `${SHOTS}-public.png`, fullPage: true });
    // The state's page drills down to the district.
    await pub.goto(`${BASE}/?view=supply&unit=${P.state.code}`);
    await viewReady(pub);
    const drill = pub.locator(`#sup-children-table a.drill[data-code="${P.district.code}"]`);
    assert.equal(Number(await pub.getAttribute(`#sup-children-table tr[data-code="${P.district.code}"] td[data-key="certified"]`, 'data-value')),
      after.certified);
    await drill.click();
    await pub.waitForFunction((c) => document.querySelector('#sup-summary')?.dataset.unit === c, P.district.code);
    await dash.reload();
    await dashboardReady(dash);
    await dash.waitForSelector('#headline-hgj-certified');
    assert.equal(await card(dash, 'headline-hgj-certified'), before.certified + 1);
    // The village's own dashboard shows its status and links to its panel.
    await dash.goto(`${BASE}/?unit=${P.village.code}`);
    await dashboardReady(dash);
    await dash.waitForSelector('#headline-hgj-status');
    assert.equal(await dash.getAttribute('#headline-hgj-status', 'data-value'), 'certified');
    await dash.click('#village-supply-link');
    await viewReady(dash);
    await dash.waitForSelector('#sup-hgj[data-status="certified"]');
    for (const p of [pub, blk, dst, dash]) assert.deepEqual(p.problems, []);
  });

  test('a fall in coverage puts a reported village back in progress, with the reason', async (t) => {
    // Another ready village of the block, reported, then a tap taken away.
    const ready = await ok('block', `/hgj/queue?place=${P.block.code}&status=ready`);
    const row = ready.rows.find((r) => r.village.code !== P.village.code);
    if (!row) {
      t.skip('the block has one village ready');
      return;
    }
    const code = row.village.code;
    const before = await summary(P.district.code);
    await ok('block', `/hgj/villages/${code}/report`, { method: 'POST', body: {} });
    await ok('block', '/connections', {
      method: 'POST',
      body: { village_code: code, date: today, households: -1, kind: 'correction', reason: 'a connection was cut off' },
    });
    const after = await summary(P.district.code);
    assert.equal(after.reverted, before.reverted + 1);
    assert.equal(after.reported, before.reported);

    const page = await supplyPage(t, 'block', `/?view=supply&unit=${code}`);
    await page.waitForSelector('#sup-hgj[data-status="in_progress"]');
    assert.equal(await page.getAttribute('#sup-hgj-reason', 'data-code'), 'coverage_fell');
    assert.match(await page.textContent('#sup-hgj-reason'), /coverage fell/i);
    assert.equal(await page.getAttribute('#sup-readiness', 'data-ready'), 'false');
    await page.waitForSelector('#sup-missing li[data-key="sup.missing.households"]');
    await page.waitForSelector('#sup-report-form');
    assert.ok(await page.locator('#sup-history li[data-status="reported"]').count() >= 1);
    // The day before: reported then, and no steps offered on a past day.
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const past = await supplyPage(t, 'block', `/?view=supply&unit=${code}&as_of=${yesterday}`);
    await past.waitForSelector('#sup-past-note');
    assert.equal(await past.locator('#sup-report-form, #sup-certify-form').count(), 0);
    // In Hindi the reason is the page's own sentence.
    await page.selectOption('#lang', 'hi');
    await page.waitForFunction(() => document.documentElement.lang === 'hi');
    await page.waitForFunction((s) => document.querySelector('#sup-hgj-reason')?.textContent.trim() === s, HI['sup.reason_coverage_fell']);
    // The district's "back in progress" count.
    await page.goto(`${BASE}/?view=supply&unit=${P.district.code}`);
    await viewReady(page);
    await page.waitForSelector('#sup-summary');
    assert.equal(await card(page, 'sup-card-reverted'), after.reverted);
    assert.deepEqual(page.problems, []);
  });

  test('schemes, assets, their condition and the service level', async (t) => {
    const page = await supplyPage(t, 'district', `/?view=supply&unit=${P.village.code}`);
    await page.waitForSelector('#sup-schemes');
    await page.click('#sup-scheme-details summary');
    const f = page.locator('#sup-scheme-form');
    const code = `SVS-${tag}`;
    await f.locator('input[name="code"]').fill(code);
    await f.locator('input[name="name"]').fill('Piped water supply, test');
    await f.locator('input[name="sanctioned_on"]').fill('2023-04-01');
    await f.locator('input[name="sanction_cost_lakh"]').fill('ten');
    await page.click('#sup-add-scheme');
    // The page's own check, beside the field.
    await page.waitForSelector('#sup-scheme-form [data-field="sanction_cost_lakh"] .form-error');
    await f.locator('input[name="sanction_cost_lakh"]').fill('42.5');
    await f.locator('input[name="agency"]').fill('PHED');
    await f.locator('select[name="status"]').selectOption('commissioned');
    await f.locator('input[name="commissioned_on"]').fill('2024-03-01');
    await page.click('#sup-add-scheme');
    const scheme = page.locator(`.sup-scheme[data-code="${code}"]`);
    await scheme.waitFor();
    await scheme.locator('.sup-action-details summary').last().click();
    const af = scheme.locator('.sup-asset-form');
    await af.locator('select[name="type"]').selectOption('overhead_tank');
    await af.locator('input[name="name"]').fill('ESR by the school');
    await af.locator('input[name="capacity"]').fill('50');
    await af.locator('input[name="capacity_unit"]').fill('kl');
    await af.locator('.sup-add-asset').click();
    const asset = page.locator(`.sup-scheme[data-code="${code}"] .sup-asset[data-type="overhead_tank"]`);
    await asset.waitFor();
    await asset.locator('.sup-action-details summary').click();
    await asset.locator('select[name="condition"]').selectOption('partly_working');
    await asset.locator('input[name="note"]').fill('Leak at the outlet valve');
    await asset.locator('.sup-record-condition').click();
    await page.waitForSelector(`.sup-scheme[data-code="${code}"] .sup-asset[data-condition="partly_working"]`);
    assert.match(await page.textContent(`.sup-scheme[data-code="${code}"] .sup-asset`), /Partly working/);

    // Two service-level readings draw the chart.
    for (const [on, lpcd] of [['2025-01-10', '38'], [today, '56.5']]) {
      await page.click('#sup-service .sup-action-details summary');
      await page.fill('#sup-lpcd-form input[name="on"]', on);
      await page.fill('#sup-lpcd-form input[name="lpcd"]', lpcd);
      await page.click('#sup-add-lpcd');
      await page.waitForSelector(`.sup-lpcd-table tr[data-on="${on}"]`, { state: 'attached' });
    }
    await page.waitForSelector('#sup-lpcd svg polyline');
    assert.equal(Number(await page.getAttribute('#sup-card-lpcd', 'data-value')), 56.5);
    await page.screenshot({ path: `${SHOTS}-schemes.png`, fullPage: true });
    // The public sees the scheme but no forms.
    const pub = await supplyPage(t, null, `/?view=supply&unit=${P.village.code}`);
    await pub.waitForSelector(`.sup-scheme[data-code="${code}"]`);
    assert.equal(await pub.locator('#sup-scheme-form, .sup-condition-form, #sup-lpcd-form, #sup-report-form').count(), 0);
    for (const p of [page, pub]) assert.deepEqual(p.problems, []);
  });

  test('a survey round is set up, a household recorded on the phone form, and the results have intervals', async (t) => {
    const page = await supplyPage(t, 'state', '/?view=supply&tab=surveys');
    await page.click('#sup-survey-setup summary');
    const f = page.locator('#sup-survey-form');
    await f.locator('input[name="name"]').fill(`Round ${tag}`);
    await f.locator('input[name="period_from"]').fill(today);
    await f.locator('input[name="period_to"]').fill(today);
    await f.locator('textarea[name="methodology"]').fill('Two stages: villages by size, households at random.');
    await f.locator('input[name="place"]').fill(P.state.code);
    await f.locator('input[name="villages_per_district"]').fill('2');
    await f.locator('input[name="households_per_village"]').fill('3');
    await f.locator('select[name="frame"]').selectOption('all');
    await page.click('#sup-add-survey');
    await page.waitForSelector('#sup-round-title');
    await page.waitForSelector('#sup-sample-table a.sup-sample-village');
    await page.screenshot({ path: `${SHOTS}-round.png`, fullPage: true });

    // The household form, at phone size, as the state officer.
    const href = await page.getAttribute('#sup-sample-table a.sup-sample-village', 'href');
    P.householdsHref = href;
    const phone = await supplyPage(t, 'state', href, { viewport: { width: 360, height: 740 } });
    await phone.waitForSelector('#sup-hh-form');
    await noSidewaysScroll(phone, 'household form');
    // Big targets: the toggles and the button are at least 44 px tall.
    for (const sel of ['#sup-hh-form .sup-toggle-opt span', '#sup-hh-submit', '#sup-hh-no']) {
      const box = await phone.locator(sel).first().boundingBox();
      assert.ok(box.height >= 44, `${sel}: ${box.height}`);
    }
    const hh = await phone.inputValue('#sup-hh-no');
    await phone.click('#sup-hh-submit');
    await phone.waitForSelector('#sup-hh-form [data-field="tap_present"] .form-error');
    await phone.click('#sup-hh-form [data-field="tap_present"] .sup-toggle-opt:has(input[value="yes"])');
    await phone.click('#sup-hh-form [data-field="water_last_7_days"] .sup-toggle-opt:has(input[value="yes"])');
    await phone.fill('#sup-hh-form input[name="household_size"]', '5');
    await phone.fill('#sup-hh-form input[name="litres_per_day"]', '300');
    await phone.waitForFunction(() => /60/.test(document.querySelector('#sup-hh-lpcd')?.textContent || ''));
    await phone.fill('#sup-hh-form input[name="days_per_week"]', '7');
    await phone.fill('#sup-hh-form input[name="hours_per_day"]', '2');
    await phone.click('#sup-hh-form [data-field="method"] .sup-toggle-opt:has(input[value="ftk"])');
    await phone.click('#sup-hh-form [data-field="result"] .sup-toggle-opt:has(input[value="safe"])');
    await noSidewaysScroll(phone, 'household form filled');
    await phone.screenshot({ path: `${SHOTS}-phone-household.png`, fullPage: true });
    await phone.click('#sup-hh-submit');
    await phone.waitForSelector(`#sup-hh-list li[data-household="${hh}"][data-recorded="true"]`);
    assert.match(await phone.textContent('#sup-flash'), new RegExp(`Household ${hh} recorded`));
    // The next household has no tap: the quantity questions go, the water
    // is still tested.
    const next = await phone.inputValue('#sup-hh-no');
    assert.notEqual(next, hh, 'the form moves on to a household not yet recorded');
    await phone.click('#sup-hh-form [data-field="tap_present"] .sup-toggle-opt:has(input[value="no"])');
    assert.equal(await phone.isVisible('#sup-hh-water'), false);
    assert.equal(await phone.isVisible('#sup-hh-form [data-field="water_last_7_days"]'), false);
    await phone.fill('#sup-hh-form input[name="household_size"]', '4');
    await phone.click('#sup-hh-form [data-field="method"] .sup-toggle-opt:has(input[value="ftk"])');
    await phone.click('#sup-hh-form [data-field="result"] .sup-toggle-opt:has(input[value="unsafe"])');
    await phone.click('#sup-hh-submit');
    await phone.waitForSelector(`#sup-hh-list li[data-household="${next}"][data-recorded="true"]`);
    assert.match(await phone.textContent(`#sup-hh-list li[data-household="${next}"]`), new RegExp(EN['sup.hh.not_fully']));

    // The results: a share with its interval for each measure.
    await page.click('a.sup-results-link');
    await viewReady(page);
    await page.waitForSelector('#sup-estimates');
    for (const m of ['working', 'adequate', 'regular', 'potable', 'fully_functional']) {
      await page.waitForSelector(`#sup-ci-${m}`);
    }
    const share = await page.getAttribute('#sup-ci-working', 'data-share');
    if (share) {
      const [s, lo, hi] = await Promise.all(['share', 'low', 'high'].map((k) => page.getAttribute('#sup-ci-working', `data-${k}`)));
      assert.ok(Number(lo) <= Number(s) && Number(s) <= Number(hi), `${lo} ${s} ${hi}`);
    }
    await page.screenshot({ path: `${SHOTS}-results.png`, fullPage: true });
    for (const p of [page, phone]) assert.deepEqual(p.problems, []);
  });

  test('in Hindi', async (t) => {
    const page = await supplyPage(t, null, `/?view=supply&unit=${P.village.code}&lang=hi`);
    await page.waitForSelector('#sup-hgj');
    assert.equal((await page.textContent('#supply-title')).trim(), HI['sup.title']);
    assert.equal((await page.textContent('#nav-supply')).trim(), HI['nav.supply']);
    assert.match(await page.textContent('#sup-hgj-status'), new RegExp(HI['sup.hgj_status.certified']));
    assert.equal((await page.textContent('#sup-readiness h4')).trim(), HI['sup.readiness_title']);
    await page.goto(`${BASE}/?view=supply&unit=${P.district.code}&lang=hi`);
    await viewReady(page);
    await page.waitForSelector('#sup-summary');
    assert.equal((await page.textContent('#sup-card-certified .card-label')).trim(), HI['sup.card.certified']);
    await page.screenshot({ path: `${SHOTS}-hindi.png`, fullPage: true });
    // The refusal of a village short of taps, in Hindi.
    if (P.short) {
      const blk = await supplyPage(t, 'block', `/?view=supply&unit=${P.short.code}&lang=hi`);
      await blk.waitForSelector('#sup-report-form');
      await blk.click('#sup-report');
      const refusal = blk.locator('#sup-report-form .form-error');
      await refusal.waitFor({ state: 'visible' });
      assert.match(await refusal.textContent(), /[\u0900-\u097F]/);
      assert.match(await refusal.textContent(), /घरों में नल नहीं है/);
      assert.deepEqual(blk.problems, []);
    }
    // The household form in Hindi on a phone.
    if (P.householdsHref) {
      const phone = await supplyPage(t, 'state', `${P.householdsHref}&lang=hi`, { viewport: { width: 360, height: 740 } });
      await phone.waitForSelector('#sup-hh-form');
      assert.equal((await phone.textContent('#sup-hh-submit')).trim(), HI['sup.hh.submit']);
      assert.equal((await phone.textContent('#sup-hh-form [data-field="tap_present"] legend')).trim(), HI['sup.hh.tap_present']);
      await noSidewaysScroll(phone, 'household form in Hindi');
      await phone.screenshot({ path: `${SHOTS}-phone-household-hi.png`, fullPage: true });
      assert.deepEqual(phone.problems, []);
    }
    // Switching the language redraws the page in English.
    await page.selectOption('#lang', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal((await page.textContent('#sup-card-certified .card-label')).trim(), EN['sup.card.certified']);
    assert.deepEqual(page.problems, []);
  });

  test('at 360 px nothing scrolls sideways', async (t) => {
    const phone = { viewport: { width: 360, height: 740 } };
    const pub = await supplyPage(t, null, `/?view=supply&unit=${P.district.code}`, phone);
    await pub.waitForSelector('#sup-summary');
    await noSidewaysScroll(pub, 'district');
    await pub.screenshot({ path: `${SHOTS}-phone.png`, fullPage: true });
    const blk = await supplyPage(t, 'block', `/?view=supply&unit=${P.village.code}`, phone);
    await blk.waitForSelector('#sup-hgj');
    await blk.waitForSelector('#sup-schemes');
    await noSidewaysScroll(blk, 'village');
    await blk.screenshot({ path: `${SHOTS}-phone-village.png`, fullPage: true });
    await blk.goto(`${BASE}/?view=supply&tab=queue&status=certified`);
    await viewReady(blk);
    await blk.waitForSelector('#sup-queue');
    await noSidewaysScroll(blk, 'queue');
    await blk.goto(`${BASE}/?view=supply&tab=results`);
    await viewReady(blk);
    await blk.waitForSelector('#sup-results-title');
    await noSidewaysScroll(blk, 'results');
    await blk.screenshot({ path: `${SHOTS}-phone-results.png`, fullPage: true });
    for (const p of [pub, blk]) assert.deepEqual(p.problems, []);
  });
});
