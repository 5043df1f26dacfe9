// The complaint and village-committee pages (/?view=complaint,
// /?view=operations) in headless Chromium at phone size (360×740), against
// the real `jjm serve --demo`: a complaint is filed signed out through the
// public form, followed by its link, worked and resolved by the village's
// committee operator on its page (which also shows the committee's
// composition with its shortfalls, and takes a member, a meeting and a
// breakdown), reopened by the filer with a note, resolved again and
// confirmed by the filer (who opens both photos by the link); the
// officer's queue and the public figures by place show it; then Hindi; the
// Village Action Plan uploaded and its approval recorded; nothing scrolls
// sideways at 360 px.
//
//   JJM_BIN=build/jjm node --test tests/browser/operations.test.mjs
//
// Starts its own server on a new database (JJM_URL: use a running one
// whose national administrator is `admin` with the tests' password).  The
// set-up makes the committee (with too few members) and the operator and
// block officer through the API.  Screenshots: /tmp/jjm-operations-*.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { todayInIndia } from '../../web/format.js';
import { startServer, addUser, signIn, api, tempDir, newDb } from '../lib/jjm.mjs';
import { openPage as openPageIn, launchBrowser, signInWithForm, PASSWORD, TIMEOUT } from '../lib/browser.mjs';

const SHOTS = '/tmp/jjm-operations';
const EN = JSON.parse(readFileSync(new URL('../../web/i18n/en.json', import.meta.url), 'utf8'));
const HI = JSON.parse(readFileSync(new URL('../../web/i18n/hi.json', import.meta.url), 'utf8'));
const PHONE = { viewport: { width: 360, height: 740 } };
const tag = `${process.pid % 10000}`;
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let server;
let BASE = (process.env.JJM_URL || '').replace(/\/+$/, '');
let browser;
const S = {};
const U = {};
const P = {};

const openPage = (t, opts = PHONE) => openPageIn(browser, t, opts);

async function ok(who, path, opts = {}, status = [200, 201]) {
  const r = await api(BASE, `/api/v1${path}`, { ...opts, session: who ? S[who] : undefined });
  assert.ok([].concat(status).includes(r.status), `${opts.method || 'GET'} ${path}: ${r.status} ${r.text}`);
  return r.body;
}

async function makeUser(name, role, unit) {
  const username = `${name}${tag}`;
  await ok('admin', '/users', { method: 'POST', body: { username, password: PASSWORD, role, unit } });
  U[name] = username;
  S[name] = await signIn(BASE, username);
  assert.equal(S[name].status, 200, username);
}

async function viewReady(page, part) {
  await page.waitForFunction(
    (p) => document.body.dataset.state !== 'loading'
      && ['complaint', 'operations'].includes(document.body.dataset.view)
      && (!p || document.querySelector('#operations-body')?.dataset.part === p),
    part, { timeout: TIMEOUT },
  );
}

async function noSidewaysScroll(page, what) {
  const w = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, win: window.innerWidth,
  }));
  assert.ok(w.doc <= w.win && w.body <= w.win, `${what}: ${JSON.stringify(w)}`);
}

// The first village under `code`, going down the first child that has one.
async function firstVillage(code) {
  const r = await ok(null, `/units/${code}/children`);
  for (const c of r.children || []) {
    if (c.level === 'village') return c;
    const v = await firstVillage(c.code);
    if (v) return v;
  }
  return null;
}

describe('complaints and the village committee on a phone', () => {
  before(async () => {
    if (!BASE) {
      const db = newDb(tempDir('jjm-operations-'), 'operations');
      addUser(db, 'admin', 'national_admin', 'IN');
      server = await startServer({ db, demo: true });
      BASE = server.url;
    }
    S.admin = await signIn(BASE, 'admin');
    assert.equal(S.admin.status, 200);
    const v = await firstVillage('IN');
    assert.ok(v, 'a demo village');
    const unit = await ok(null, `/units/${v.code}`);
    P.village = { code: v.code, name: unit.name };
    P.block = unit.path.find((p) => p.level === 'block');
    assert.ok(P.block, JSON.stringify(unit.path));
    // The village's committee, if the demo data has none: three members,
    // short of the guidelines' ten.
    const has = await api(BASE, `/api/v1/committees/${v.code}`);
    if (has.status === 404) {
      await ok('admin', '/committees', { method: 'POST', body: { village: v.code, name: `Paani Samiti ${tag}`, formed_on: '2024-04-01' } });
      for (const [name, role, gender] of [['Asha Devi', 'chair', 'female'], ['Ramesh Kumar', 'secretary', 'male'], ['Sunita', 'operator', 'female']]) {
        await ok('admin', `/committees/${v.code}/members`, {
          method: 'POST', body: { name, role, gender, social_group: 'other', joined_on: '2024-04-01' },
        });
      }
    }
    await makeUser('operator', 'vwsc_operator', v.code);
    await makeUser('block', 'block_officer', P.block.code);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('filed signed out, followed by its link, resolved by the committee, confirmed by the filer', async (t) => {
    // --- the filer, signed out, on a phone --------------------------------
    const filer = await openPage(t);
    await filer.goto(`${BASE}/?view=complaint`);
    await viewReady(filer, 'file');
    assert.equal(await filer.locator('#nav-complaint[aria-current="page"]').count(), 1);
    // Categories come from the server, in English here.
    const rules = await ok(null, '/complaints/rules');
    const labels = await filer.locator('#ops-category option').allTextContents();
    for (const c of rules.categories) assert.ok(labels.includes(c.name_en), c.code);
    // The contact says it is never public.
    assert.match(await filer.textContent('[data-field="contact"]'), /never shown publicly/);
    // Sending without a village is refused beside the field.
    await filer.click('#ops-file-form-submit');
    await filer.waitForSelector('[data-field="village"] .field-error:not([hidden])');
    // A GIF is refused before sending.
    await filer.fill('#ops-village-search', P.village.name.slice(0, 12));
    await filer.click(`#ops-village-results .ops-pick[data-code="${P.village.code}"]`);
    assert.equal(await filer.inputValue('#ops-village'), P.village.code);
    await filer.selectOption('#ops-category', 'no_supply');
    await filer.fill('#ops-description', 'No water from the public tap near the school for two days.');
    await filer.fill('#ops-contact', '9876543210');
    await filer.setInputFiles('#ops-photo', { name: 'x.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
    await filer.click('#ops-file-form-submit');
    await filer.waitForSelector('[data-field="photo"] .field-error:not([hidden])');
    assert.equal((await filer.textContent('[data-field="photo"] .field-error')).trim(), EN['ops.photo.type']);
    await filer.setInputFiles('#ops-photo', { name: 'tap.png', mimeType: 'image/png', buffer: PNG });
    await noSidewaysScroll(filer, 'the complaint form');
    await filer.screenshot({ path: `${SHOTS}-form.png`, fullPage: true });
    await filer.click('#ops-file-form-submit');
    await filer.waitForSelector('#ops-filed');
    const reference = await filer.getAttribute('#ops-filed', 'data-reference');
    assert.match(reference, /^JJM-/);
    assert.equal((await filer.textContent('#ops-filed-ref')).trim(), reference);
    assert.match(await filer.textContent('#ops-filed'), /Keep this link/);
    const follow = await filer.getAttribute('#ops-follow-link', 'href');
    assert.match(follow, new RegExp(`view=complaint&ref=${reference}&secret=`));
    await noSidewaysScroll(filer, 'the reference');
    await filer.screenshot({ path: `${SHOTS}-filed.png`, fullPage: true });

    // --- following it by the link -----------------------------------------
    await filer.click('#ops-follow-link');
    await viewReady(filer, 'follow');
    await filer.waitForSelector('#ops-follow');
    assert.equal(await filer.getAttribute('#ops-status', 'data-status'), 'assigned');
    assert.equal(await filer.getAttribute('#ops-held-by', 'data-level'), 'committee');
    assert.match(await filer.textContent('.ops-clock'), /left$/);
    // The contact is never on the public page.
    assert.doesNotMatch(await filer.textContent('#operations-body'), /9876543210/);
    assert.equal(await filer.locator('#ops-confirm').count(), 0);
    await noSidewaysScroll(filer, 'following');
    // A wrong secret is "no such complaint".
    const wrong = await openPage(t);
    await wrong.goto(`${BASE}/?view=complaint&ref=${reference}&secret=nope`);
    await wrong.waitForSelector('#operations-message:not([hidden])');
    assert.equal((await wrong.textContent('#operations-message')).trim(), EN['ops.follow.not_found']);

    // --- the committee's operator resolves it ------------------------------
    const op = await openPage(t);
    await op.goto(`${BASE}/?view=operations&place=${P.village.code}`);
    await signInWithForm(op, U.operator);
    await viewReady(op, 'committee');
    await op.waitForSelector('#ops-committee');
    // The composition fails, with the shortfall named in words.
    assert.equal(await op.getAttribute('#ops-committee', 'data-meets'), 'false');
    const short = await op.locator('#ops-shortfalls li[data-code="too_few_members"]').textContent();
    assert.match(short, /Too few members: \d+, at least 10/);
    // A member and a meeting.
    await op.click('#ops-add-member summary');
    await op.fill('#ops-m-name', 'Meena Kumari');
    await op.selectOption('#ops-m-group', 'sc');
    await op.click('#ops-member-form-submit');
    await op.waitForSelector('#ops-flash:not([hidden])');
    assert.match(await op.textContent('#ops-members'), /Meena Kumari/);
    await op.click('#ops-add-meeting summary');
    await op.fill('#ops-mt-attendance', '4');
    await op.fill('#ops-mt-decisions', 'Repair the valve near the school.');
    await op.click('#ops-meeting-form-submit');
    await op.waitForFunction(() => /valve/.test(document.querySelector('#ops-meetings')?.textContent || ''));
    // The complaint with its clock; work starts, then it is resolved.
    const card = `#ops-complaints li[data-reference="${reference}"]`;
    await op.waitForSelector(card);
    assert.match(await op.textContent(`${card} .ops-clock`), /left$/);
    assert.match(await op.textContent(card), /9876543210/); // the committee sees the contact
    await op.click(`${card} button[data-step="in_progress"]`);
    await op.waitForSelector(`${card}[data-status="in_progress"]`);
    // Resolving needs what was done.
    await op.click(`${card} button[data-step="resolved"]`);
    await op.waitForSelector(`${card} .field-error:not([hidden])`);
    await op.fill(`${card} textarea`, 'Replaced the broken valve; water is back.');
    await op.setInputFiles(`${card} input[type="file"]`, { name: 'valve.png', mimeType: 'image/png', buffer: PNG });
    await op.click(`${card} button[data-step="resolved"]`);
    await op.waitForSelector(`${card}[data-status="resolved"]`);
    // A breakdown, recorded and ended.
    await op.click('#ops-add-breakdown summary');
    await op.selectOption('#ops-bd-reason', 'pump_failure');
    await op.fill('#ops-bd-households', '40');
    await op.click('#ops-bd-form-submit');
    await op.waitForSelector('#ops-breakdowns li[data-open="true"]');
    await op.click('#ops-breakdowns li[data-open="true"] button');
    await op.waitForSelector('#ops-breakdowns li[data-open="false"]');
    await noSidewaysScroll(op, 'the committee page');
    await op.screenshot({ path: `${SHOTS}-committee.png`, fullPage: true });

    // --- the block officer's queue -----------------------------------------
    const blk = await openPage(t);
    await blk.goto(`${BASE}/?view=operations&tab=queue&place=${P.block.code}`);
    await signInWithForm(blk, U.block);
    await viewReady(blk, 'queue');
    await blk.waitForSelector(`#ops-complaints li[data-reference="${reference}"]`);
    assert.match(await blk.textContent('#ops-failing'), new RegExp(P.village.name));
    await noSidewaysScroll(blk, 'the queue');
    await blk.screenshot({ path: `${SHOTS}-queue.png`, fullPage: true });

    // --- the filer confirms ------------------------------------------------
    await filer.reload();
    await viewReady(filer, 'follow');
    await filer.waitForSelector('#ops-follow[data-status="resolved"]');
    assert.match(await filer.textContent('.ops-events'), /Replaced the broken valve/);
    // Both photos, the filer's and the work's, open through the secret link.
    const photos = await filer.locator('#ops-follow .ops-photos a').evaluateAll((as) => as.map((a) => a.href));
    assert.equal(photos.length, 2, 'the filing photo and the photo of the work');
    for (const href of photos) {
      const r = await fetch(href);
      assert.deepEqual([r.status, r.headers.get('content-type')], [200, 'image/png'], href);
    }
    // Not yet: reopening needs a note, then the clock runs again.
    await filer.click('#ops-reopen');
    await filer.waitForSelector('[data-field="note"] .field-error:not([hidden])');
    await filer.fill('#ops-filer-note', 'Water came for one day and stopped again.');
    await filer.click('#ops-reopen');
    await filer.waitForSelector('#ops-follow[data-status="reopened"]');
    assert.equal((await filer.textContent('#ops-flash')).trim(), EN['ops.follow.reopened']);
    assert.match(await filer.textContent('.ops-clock'), /left$/);
    // The committee sees it again, takes it on and resolves it.
    await op.reload();
    await viewReady(op, 'committee');
    await op.waitForSelector(`${card}[data-status="reopened"]`);
    assert.match(await op.textContent(card), /stopped again/);
    await op.click(`${card} button[data-step="in_progress"]`);
    await op.waitForSelector(`${card}[data-status="in_progress"]`);
    await op.fill(`${card} textarea`, 'Cleaned the clogged pipe at the tank.');
    await op.click(`${card} button[data-step="resolved"]`);
    await op.waitForSelector(`${card}[data-status="resolved"]`);
    await filer.reload();
    await viewReady(filer, 'follow');
    await filer.waitForSelector('#ops-follow[data-status="resolved"]');
    await filer.click('#ops-confirm');
    await filer.waitForSelector('#ops-follow[data-status="closed"]');
    assert.equal((await filer.textContent('#ops-flash')).trim(), EN['ops.follow.confirmed']);
    await filer.screenshot({ path: `${SHOTS}-confirmed.png`, fullPage: true });

    // --- by place, public --------------------------------------------------
    const pub = await openPage(t);
    await pub.goto(`${BASE}/?view=operations&tab=place&place=${P.block.code}`);
    await viewReady(pub, 'place');
    await pub.waitForSelector('#ops-sum-received');
    assert.ok(Number(await pub.getAttribute('#ops-sum-received', 'data-value')) >= 1);
    assert.ok(Number(await pub.getAttribute('#ops-sum-resolved', 'data-value')) >= 1);
    assert.notEqual(await pub.getAttribute('#ops-sum-median', 'data-value'), '');
    await noSidewaysScroll(pub, 'by place');

    // --- Hindi ---------------------------------------------------------------
    const hi = await openPage(t);
    // From the village's dashboard, the form comes with the village chosen.
    await hi.goto(`${BASE}/?unit=${P.village.code}&lang=hi`);
    await hi.waitForFunction(() => document.body.dataset.state === 'ready' && document.body.dataset.view === 'dashboard');
    await hi.click('#village-complaint-link');
    await viewReady(hi, 'file');
    assert.equal(await hi.inputValue('#ops-village'), P.village.code);
    assert.match(await hi.textContent('#ops-village-chosen'), new RegExp(P.village.name));
    assert.equal((await hi.textContent('#operations-title')).trim(), HI['ops.file.title']);
    const hiLabels = await hi.locator('#ops-category option').allTextContents();
    assert.ok(hiLabels.includes(rules.categories[0].name_hi));
    await hi.goto(`${BASE}/${follow.replace(/^\//, '')}&lang=hi`);
    await viewReady(hi, 'follow');
    await hi.waitForSelector('#ops-follow');
    assert.equal((await hi.textContent('#ops-status')).trim(), HI['ops.status.closed']);
    await noSidewaysScroll(hi, 'Hindi');
    await hi.screenshot({ path: `${SHOTS}-hindi.png`, fullPage: true });

    for (const [name, p] of Object.entries({ filer, wrong, op, blk, pub, hi })) assert.deepEqual(p.problems, [], name);
  });

  test("the Village Action Plan: uploaded by the committee's operator, approved by the Gram Sabha, on a phone", async (t) => {
    const op = await openPage(t);
    await op.goto(`${BASE}/?view=operations&place=${P.village.code}`);
    await signInWithForm(op, U.operator);
    await viewReady(op, 'committee');
    await op.waitForSelector('#ops-plans');
    const before = await op.locator('#ops-plan-list li').count();
    await op.click('#ops-add-plan summary');
    // A text file is refused on the page before sending.
    await op.setInputFiles('#ops-vap-file', { name: 'plan.txt', mimeType: 'text/plain', buffer: Buffer.from('a plan') });
    await op.click('#ops-vap-form-submit');
    await op.waitForSelector('[data-field="document"] .field-error:not([hidden])');
    assert.equal((await op.textContent('[data-field="document"] .field-error')).trim(), EN['ops.vap.type']);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
    await op.setInputFiles('#ops-vap-file', { name: 'vap.pdf', mimeType: 'application/pdf', buffer: pdf });
    await op.click('#ops-vap-form-submit');
    await op.waitForSelector('#ops-flash:not([hidden])');
    await op.waitForFunction((n) => document.querySelectorAll('#ops-plan-list li').length === n + 1, before);
    const plan = op.locator('#ops-plan-list li[data-approved="false"]').first();
    assert.match(await plan.textContent(), new RegExp(EN['ops.vap.not_approved']));
    const doc = await plan.locator('a').getAttribute('href');
    const r = await fetch(`${BASE}${doc}`);
    assert.deepEqual([r.status, r.headers.get('content-type')], [200, 'application/pdf']);
    // The Gram Sabha's approval needs its resolution.
    await plan.locator('details summary').click();
    await plan.locator('button[type="submit"]').click();
    await op.waitForSelector('#ops-plan-list [data-field="resolution"] .field-error:not([hidden])');
    await plan.locator('textarea').fill('The Gram Sabha approved the plan with the repair of the tank.');
    await plan.locator('button[type="submit"]').click();
    await op.waitForSelector('#ops-plan-list li[data-approved="true"]');
    assert.match(await op.textContent('#ops-plan-list'), /repair of the tank/);
    await noSidewaysScroll(op, 'the action plan');
    await op.screenshot({ path: `${SHOTS}-plan.png`, fullPage: true });

    // A breakdown of a scheme's pump, chosen in the form, shows in the
    // pump's repair history as out of service.
    const scheme = await ok('admin', '/schemes', { method: 'POST', body: {
      code: `SCH-BR-${tag}`, name: `Test scheme ${tag}`, kind: 'single_village', villages: [P.village.code],
      sanctioned_on: '2024-04-01', sanction_cost_lakh: 10, agency: 'Rural Water Supply Department',
    } });
    const pump = await ok('admin', `/schemes/${scheme.id}/assets`, { method: 'POST', body: { type: 'pump', village: P.village.code, name: `Pump ${tag}` } });
    await op.reload();
    await viewReady(op, 'committee');
    await op.click('#ops-add-breakdown summary');
    await op.selectOption('#ops-bd-asset', String(pump.id));
    await op.selectOption('#ops-bd-reason', 'pump_failure');
    await op.fill('#ops-bd-households', '10');
    await op.click('#ops-bd-form-submit');
    await op.waitForSelector(`#ops-repairs li[data-asset="${pump.id}"][data-down="true"]`);
    assert.match(await op.textContent(`#ops-repairs li[data-asset="${pump.id}"]`), new RegExp(`Pump ${tag}`));
    assert.deepEqual(op.problems, []);
  });
});
