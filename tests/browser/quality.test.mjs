// The water-quality pages (/?view=quality) in headless Chromium, against
// the real `jjm serve --demo`: a lab analyst receives a sample and records a
// failing arsenic result through the result form (graded as it is typed),
// the district officer sees the alert in the queue, records a remedial
// action and marks it done, a passing retest of the same source is recorded,
// and the habitation leaves the village's affected list while the public
// figures change; then the pages in Hindi, and at phone size without
// sideways scrolling.
//
//   JJM_BIN=build/jjm node --test tests/browser/quality.test.mjs
//
// Starts its own server on a new database.  Screenshots:
// /tmp/jjm-quality-*.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { todayInIndia } from '../../web/format.js';
import { startServer, addUser, signIn, api, tempDir, newDb } from '../lib/jjm.mjs';
import { openPage as openPageIn, launchBrowser, signInWithForm, PASSWORD, TIMEOUT } from '../lib/browser.mjs';

const SHOTS = '/tmp/jjm-quality';
const EN = JSON.parse(readFileSync(new URL('../../web/i18n/en.json', import.meta.url), 'utf8'));
const HI = JSON.parse(readFileSync(new URL('../../web/i18n/hi.json', import.meta.url), 'utf8'));
const LAB = 'QT-DWTL-1';

let server;
let BASE;
let browser;
const S = {}; // API sessions
const P = {}; // places: state, district, village, habitation ({code, name})
let source = ''; // the source the samples are taken at

const openPage = (t, opts) => openPageIn(browser, t, opts);
const today = todayInIndia();

function daysAgo(n) {
  return new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}

async function call(who, path, { method = 'GET', body } = {}) {
  const r = await api(BASE, `/api/v1${path}`, { method, body, session: who ? S[who] : undefined });
  return r;
}

async function ok(who, path, opts, status = [200, 201]) {
  const r = await call(who, path, opts);
  assert.ok([].concat(status).includes(r.status), `${opts?.method || 'GET'} ${path}: ${r.status} ${r.text}`);
  return r.body;
}

// The public figures of a place (GET /quality/summary).
async function figures(code) {
  const b = await ok(null, `/quality/summary?place=${encodeURIComponent(code)}`);
  return b.summary ?? b.place;
}

// A sample at the test source, registered by the district officer.
async function registerSample(extra = {}) {
  const b = await ok('officer', '/quality/samples', {
    method: 'POST',
    body: { method: 'lab', lab: LAB, source, collected_on: today, collected_by: 'Sunita Devi', ...extra },
  });
  return b.sample ?? b;
}

async function viewReady(page) {
  await page.waitForFunction(
    () => document.body.dataset.view === 'quality' && document.body.dataset.state !== 'loading',
    null, { timeout: TIMEOUT },
  );
}

// The number a figure card shows (its data-value).
async function card(page, id) {
  return Number(await page.getAttribute(`#${id}`, 'data-value'));
}

async function noSidewaysScroll(page, what) {
  const w = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, win: window.innerWidth,
  }));
  assert.ok(w.doc <= w.win && w.body <= w.win, `${what}: ${JSON.stringify(w)}`);
}

// The lab analyst's register, signed in; optionally one sample's form.
async function labPage(t, opts) {
  const page = await openPage(t, opts);
  await page.goto(`${BASE}/?view=quality&tab=lab`);
  await signInWithForm(page, 'analyst');
  await page.waitForSelector('#wq-register', { state: 'visible' });
  return page;
}

// Receives `sample` and records `arsenic` (mg/l) through the result form;
// returns the grade the form showed before recording.
async function recordArsenic(page, sample, arsenic) {
  const row = `#wq-register-table tr[data-code="${sample.code}"]`;
  await page.waitForSelector(row);
  await page.click(`${row} button[data-step="received"]`);
  await page.waitForSelector(`${row}[data-status="received"]`);
  await page.click(`${row} a.wq-enter`);
  await page.waitForSelector(`#wq-entry-form[data-code="${sample.code}"]`);
  // Units and limits beside the value.
  assert.equal((await page.textContent('.wq-param[data-parameter="arsenic"] .wq-unit')).trim(), 'mg/l');
  assert.match(await page.textContent('#wq-limit-arsenic'), /0\.01 mg\/l/);
  await page.fill('#wq-v-arsenic', String(arsenic));
  await page.waitForFunction(() => document.querySelector('#wq-grade-arsenic')?.dataset.grade);
  const grade = await page.getAttribute('#wq-grade-arsenic', 'data-grade');
  await page.click('#wq-entry-submit');
  await page.waitForSelector('#wq-entry-form', { state: 'detached' });
  await page.waitForSelector('#wq-flash', { state: 'visible' });
  await page.waitForSelector(`${row}[data-status="final"], #wq-register-empty`).catch(() => {});
  return grade;
}

describe('the water-quality pages', () => {
  before(async () => {
    const db = newDb(tempDir('jjm-quality-'), 'quality');
    addUser(db, 'admin', 'national_admin', 'IN');
    server = await startServer({ db, demo: true });
    BASE = server.url;
    S.admin = await signIn(BASE, 'admin');
    assert.equal(S.admin.status, 200);
    // A village of the demo data with habitations, its district and state.
    const states = (await ok(null, '/coverage')).rows;
    for (const st of states) {
      const villages = (await ok(null, `/coverage?parent=${st.code}&level=village`)).rows || [];
      for (const v of villages.slice(0, 40)) {
        const unit = await ok(null, `/units/${v.code}`);
        if (!unit.child_count) continue;
        // One the demo data left unaffected, with no alert open.
        const wq = await ok(null, `/quality/villages/${v.code}`);
        if (wq.affected.length || wq.alerts_open.length) continue;
        const habs = (await ok(null, `/units/${v.code}/children`)).children;
        if (habs.length) {
          P.state = { code: st.code, name: st.name };
          P.district = unit.path.find((p) => p.level === 'district');
          P.village = { code: v.code, name: v.name };
          P.habitation = { code: habs[0].code, name: habs[0].name };
          break;
        }
      }
      if (P.village) break;
    }
    assert.ok(P.habitation, 'a demo village with habitations');
    await ok('admin', '/quality/labs', {
      method: 'POST',
      body: { code: LAB, name: 'Quality test district lab', level: 'district', place: P.district.code, parameters: ['ph', 'fluoride', 'arsenic', 'e_coli'] },
    });
    for (const [username, body] of [
      ['analyst', { role: 'lab_analyst', lab: LAB }],
      ['officer', { role: 'district_officer', unit: P.district.code }],
    ]) {
      await ok('admin', '/users', { method: 'POST', body: { username, password: PASSWORD, ...body } });
      S[username] = await signIn(BASE, username);
      assert.equal(S[username].status, 200);
    }
    const src = await ok('officer', '/quality/sources', {
      method: 'POST',
      body: { village: P.village.code, habitation: P.habitation.code, type: 'hand_pump', name: 'Pump by the school', created_on: daysAgo(30) },
    });
    source = (src.source ?? src).code;
    assert.ok(source);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a failing arsenic result is followed to remedy, and the public page changes', async (t) => {
    const before = await figures(P.district.code);
    const first = await registerSample();

    // The public village view before: the habitation is not affected.
    const pub = await openPage(t);
    await pub.goto(`${BASE}/?view=quality&unit=${P.village.code}`);
    await viewReady(pub);
    await pub.waitForSelector('#wq-sources');
    assert.equal(await pub.locator(`#wq-affected-list li[data-habitation="${P.habitation.code}"]`).count(), 0);
    assert.equal(await pub.locator('#nav-quality[aria-current="page"]').count(), 1);

    // The analyst records 0.08 mg/l: beyond the limit, graded on entry.
    const lab = await labPage(t);
    assert.match(await lab.textContent('#wq-lab-title'), /Quality test district lab/);
    const grade = await recordArsenic(lab, first, 0.08);
    assert.equal(grade, 'beyond');
    await lab.screenshot({ path: `${SHOTS}-lab.png`, fullPage: true });
    const failed = await ok('analyst', `/quality/samples/${first.id}`);
    assert.equal((failed.sample ?? failed).status, 'final');

    // The public district figures and the village's affected list change.
    const during = await figures(P.district.code);
    assert.equal(during.failing_by.arsenic, before.failing_by.arsenic + 1);
    assert.equal(during.habitations_affected, before.habitations_affected + 1);
    assert.equal(during.alerts_open, before.alerts_open + 1);
    await pub.reload();
    await viewReady(pub);
    await pub.waitForSelector(`#wq-affected-list li[data-habitation="${P.habitation.code}"]`);
    assert.match(await pub.textContent(`#wq-affected-list li[data-habitation="${P.habitation.code}"]`), /Arsenic/);
    const latest = pub.locator(`.wq-source[data-source="${source}"]`);
    assert.equal(await latest.locator('tr[data-parameter="arsenic"]').getAttribute('data-grade'), 'beyond');
    assert.match(await latest.locator('tr[data-parameter="arsenic"] .wq-grade').textContent(), new RegExp(EN['wq.grade.beyond']));
    // The public never sees who collected or tested.
    assert.doesNotMatch(await latest.textContent(), /Sunita Devi/);

    // The district officer's queue: the alert, days open, a remedy done.
    // Signed in, the officer sees who collected the sample.
    const off = await openPage(t);
    await off.goto(`${BASE}/?view=quality&unit=${P.village.code}`);
    await signInWithForm(off, 'officer');
    await off.waitForSelector(`.wq-source[data-source="${source}"] .wq-latest`);
    // The panel may still be the one drawn before signing in: wait for the
    // view drawn with the session (it names the collector).
    await off
      .waitForFunction(
        (sel) => /Sunita Devi/.test(document.querySelector(sel)?.textContent || ''),
        `.wq-source[data-source="${source}"]`,
        { timeout: 15000 },
      )
      .catch(() => {});
    assert.match(await off.textContent(`.wq-source[data-source="${source}"]`), /Sunita Devi/);
    await off.click('#wq-tab-alerts');
    await viewReady(off);
    const alert = off.locator(`.wq-alert[data-contaminant="arsenic"][data-village="${P.village.code}"][data-open="true"]`);
    await alert.waitFor();
    assert.match(await alert.textContent(), /Open 0 days/);
    await alert.locator('.wq-action-details summary').click();
    await alert.locator('select[name="kind"]').selectOption('cwpp');
    await alert.locator('input[name="note"]').fill('Arsenic removal unit at the pump');
    await alert.locator('.wq-add-action').click();
    await off.waitForSelector('#wq-flash', { state: 'visible' });
    const action = alert.locator('.wq-action[data-kind="cwpp"]');
    await action.waitFor();
    assert.equal(await action.getAttribute('data-done'), 'false');
    await action.locator('.wq-mark-done').click();
    await alert.locator('.wq-action[data-kind="cwpp"][data-done="true"]').waitFor();
    await off.screenshot({ path: `${SHOTS}-alerts.png`, fullPage: true });

    // A passing retest of the same source closes the alert.
    const retest = await registerSample();
    await lab.goto(`${BASE}/?view=quality&tab=lab`);
    await lab.waitForSelector('#wq-register', { state: 'visible' });
    assert.equal(await recordArsenic(lab, retest, 0.005), 'acceptable');
    const after = await figures(P.district.code);
    assert.equal(after.habitations_affected, before.habitations_affected);
    assert.equal(after.alerts_open, before.alerts_open);
    assert.equal(after.failing_by.arsenic, before.failing_by.arsenic + 1, 'the failed sample still counts');

    await off.reload();
    await viewReady(off);
    assert.equal(await off.locator(`.wq-alert[data-village="${P.village.code}"][data-contaminant="arsenic"]`).count(), 0);
    await off.selectOption('#wq-alert-status', 'closed');
    await off.waitForSelector(`.wq-alert[data-village="${P.village.code}"][data-open="false"]`);

    await pub.reload();
    await viewReady(pub);
    await pub.waitForSelector('#wq-sources');
    assert.equal(await pub.locator(`#wq-affected-list li[data-habitation="${P.habitation.code}"]`).count(), 0);
    assert.equal(await pub.locator(`.wq-source[data-source="${source}"] tr[data-parameter="arsenic"]`).getAttribute('data-grade'), 'acceptable');
    // The district's public page shows the new figures, and drills down.
    await pub.goto(`${BASE}/?view=quality&unit=${P.district.code}`);
    await viewReady(pub);
    await pub.waitForSelector('#wq-children-table');
    assert.equal(await card(pub, 'wq-card-affected'), after.habitations_affected);
    assert.equal(await card(pub, 'wq-card-alerts'), after.alerts_open);
    assert.equal(Number(await pub.getAttribute('#wq-contaminants-table tr[data-contaminant="arsenic"] td[data-key="failing"]', 'data-value')),
      after.failing_by.arsenic);
    // "As of" a day before: the figures of that day, before both samples.
    const yesterday = await ok(null, `/quality/summary?place=${P.district.code}&as_of=${daysAgo(1)}`);
    await pub.fill('#wq-as-of', daysAgo(1));
    await pub.dispatchEvent('#wq-as-of', 'change');
    await pub.waitForFunction((d) => document.querySelector('#wq-summary')?.dataset.asOf === d, daysAgo(1));
    assert.ok(pub.url().includes(`as_of=${daysAgo(1)}`), pub.url());
    assert.equal(Number(await pub.getAttribute('#wq-contaminants-table tr[data-contaminant="arsenic"] td[data-key="failing"]', 'data-value')),
      yesterday.summary.failing_by.arsenic);
    assert.ok(yesterday.summary.failing_by.arsenic <= before.failing_by.arsenic);
    assert.equal(await card(pub, 'wq-card-affected'), yesterday.summary.habitations_affected);
    // A row of the table drills down to the place below.
    const child = pub.locator('#wq-children-table tbody a.drill').first();
    const code = await child.getAttribute('data-code');
    await child.click();
    await pub.waitForFunction((c) => document.querySelector('#wq-summary')?.dataset.unit === c, code);
    assert.ok(pub.url().includes(`unit=${code}`) && pub.url().includes(`as_of=${daysAgo(1)}`), pub.url());
    await pub.goBack();
    await pub.waitForFunction((c) => document.querySelector('#wq-summary')?.dataset.unit === c, P.district.code);
    await pub.screenshot({ path: `${SHOTS}-public.png`, fullPage: true });
    for (const p of [pub, lab, off]) assert.deepEqual(p.problems, []);
  });

  test('in Hindi', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/?view=quality&unit=${P.village.code}&lang=hi`);
    await viewReady(page);
    await page.waitForSelector('#wq-sources');
    assert.equal((await page.textContent('#quality-title')).trim(), HI['wq.title']);
    assert.equal((await page.textContent('#nav-quality')).trim(), HI['nav.quality']);
    assert.equal((await page.textContent('#wq-sources-title')).trim(), HI['wq.sources_title']);
    assert.equal((await page.textContent('#wq-card-affected .card-label')).trim(), HI['wq.card.habitations_affected']);
    const words = ['acceptable', 'permissible', 'beyond'].map((g) => HI[`wq.grade.${g}`]);
    const shown = await page.locator(`.wq-source[data-source="${source}"] tr[data-parameter="arsenic"] .wq-grade`).textContent();
    assert.ok(words.some((w) => shown.includes(w)), shown);

    // The result form in Hindi: 0.03 mg/l arsenic is permissible only
    // without an alternate source, said in Hindi as it is typed.
    const sample = await registerSample();
    await page.goto(`${BASE}/?view=quality&tab=lab&lang=hi`);
    await signInWithForm(page, 'analyst');
    const row = `#wq-register-table tr[data-code="${sample.code}"]`;
    await page.waitForSelector(row);
    assert.equal((await page.textContent(`${row} button[data-step="received"]`)).trim(), HI['wq.lab.step_received']);
    await page.click(`${row} button[data-step="received"]`);
    await page.waitForSelector(`${row}[data-status="received"]`);
    await page.click(`${row} a.wq-enter`);
    await page.waitForSelector('#wq-entry-form');
    assert.equal((await page.textContent('#wq-entry-submit')).trim(), HI['wq.entry.submit']);
    assert.equal((await page.textContent('.wq-param[data-parameter="arsenic"] .wq-param-name')).trim(), 'आर्सेनिक');
    await page.fill('#wq-v-arsenic', '0.03');
    await page.waitForSelector('#wq-grade-arsenic[data-grade="permissible"]');
    assert.match(await page.textContent('#wq-grade-arsenic'), new RegExp(HI['wq.grade.permissible']));
    // A value that is not a number is named in Hindi, before any request.
    await page.fill('#wq-v-fluoride', 'abc');
    await page.waitForSelector('#wq-v-fluoride[aria-invalid="true"]');
    assert.equal((await page.textContent('#wq-grade-fluoride')).trim(), HI['wq.entry.not_number']);
    await page.screenshot({ path: `${SHOTS}-hindi.png`, fullPage: true });
    // Switching the language redraws the page in English.
    await page.selectOption('#lang', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal((await page.textContent('#quality-title')).trim(), EN['wq.title']);
    assert.deepEqual(page.problems, []);
  });

  test('at phone size nothing scrolls sideways', async (t) => {
    const phone = { viewport: { width: 360, height: 740 } };
    const pub = await openPage(t, phone);
    await pub.goto(`${BASE}/?view=quality&unit=${P.district.code}`);
    await viewReady(pub);
    await pub.waitForSelector('#wq-children-table');
    await noSidewaysScroll(pub, 'district');
    await pub.screenshot({ path: `${SHOTS}-phone.png`, fullPage: true });
    await pub.goto(`${BASE}/?view=quality&unit=${P.village.code}`);
    await viewReady(pub);
    await pub.waitForSelector('#wq-sources');
    await noSidewaysScroll(pub, 'village');
    await pub.screenshot({ path: `${SHOTS}-phone-village.png`, fullPage: true });

    const sample = await registerSample();
    const lab = await labPage(t, phone);
    await noSidewaysScroll(lab, 'register');
    const row = `#wq-register-table tr[data-code="${sample.code}"]`;
    await lab.click(`${row} button[data-step="received"]`);
    await lab.waitForSelector(`${row}[data-status="received"]`);
    await lab.click(`${row} a.wq-enter`);
    await lab.waitForSelector('#wq-entry-form');
    await lab.fill('#wq-v-arsenic', '0.2');
    await lab.waitForSelector('#wq-grade-arsenic[data-grade="beyond"]');
    await noSidewaysScroll(lab, 'result form');
    await lab.screenshot({ path: `${SHOTS}-phone-entry.png`, fullPage: true });
    // Enter moves on and sends nothing; "Record results only" leaves the
    // sample tested, and the register then sends it for retest.
    await lab.press('#wq-v-arsenic', 'Enter');
    assert.equal(await lab.isVisible('#wq-entry-form'), true);
    await lab.click('#wq-entry-tested');
    await lab.waitForSelector('#wq-entry-form', { state: 'detached' });
    await lab.waitForSelector(`${row}[data-status="tested"]`);
    await lab.click(`${row} button[data-step="retest"]`);
    await lab.waitForSelector(`#wq-retests-list li[data-code="${sample.code}"]`);
    await lab.waitForSelector(`${row}[data-status="retest"]`);
    const again = lab.locator('#wq-register-table tr[data-status="registered"]', { hasText: EN['wq.sample_reason.retest'] });
    assert.ok(await again.count() >= 1, 'the new sample of the retest is in the register');
    await noSidewaysScroll(lab, 'register with the retest queue');

    const off = await openPage(t, phone);
    await off.goto(`${BASE}/?view=quality&tab=alerts&unit=${P.district.code}&status=all`);
    await signInWithForm(off, 'officer');
    await off.waitForSelector('.wq-alert');
    await off.locator('.wq-action-details summary').first().click().catch(() => {});
    // A long queue comes a page at a time.
    const listed = await ok('officer', `/quality/alerts?place=${P.district.code}&status=all`);
    const shown = await off.locator('.wq-alert').count();
    assert.equal(shown, listed.alerts.length);
    if (listed.next_before_id) {
      await off.click('#wq-alerts-more');
      await off.waitForFunction((n) => document.querySelectorAll('.wq-alert').length > n, shown);
    } else {
      assert.equal(await off.locator('#wq-alerts-more').count(), 0);
    }
    await noSidewaysScroll(off, 'alerts');
    await off.screenshot({ path: `${SHOTS}-phone-alerts.png`, fullPage: true });
    for (const p of [pub, lab, off]) assert.deepEqual(p.problems, []);
  });

  test('the reports tab: CS1 B(i) by state, L5 drilled down to a state, surveillance for a year, on a phone', async (t) => {
    const phone = { viewport: { width: 360, height: 740 } };
    const pub = await openPage(t, phone);
    await pub.goto(`${BASE}/?view=quality&tab=reports`);
    await viewReady(pub);
    await pub.waitForSelector('#wq-report-title[data-report="cs1bi"]');
    // The rows are the server's, state by state, with the total below.
    const cs1 = await ok(null, '/quality/reports/cs1bi');
    const sources = await pub.locator('#wq-report-table tfoot td[data-col="sources"]').textContent();
    assert.equal(sources.replace(/[^0-9]/g, ''), String(cs1.total.sources));
    assert.equal(await pub.locator('#wq-report-table tbody tr').count(), cs1.rows.length);
    await noSidewaysScroll(pub, 'CS1 B(i)');
    // L5, then the state's districts by clicking the state.
    await pub.click('#wq-report-l5');
    await pub.waitForSelector('#wq-report-title[data-report="l5"]');
    await pub.click(`#wq-report-table tbody tr[data-code="${P.state.code}"] a`);
    await pub.waitForFunction((name) => document.querySelector('#wq-report-title')?.textContent.includes(name), P.state.name);
    const l5 = await ok(null, `/quality/reports/l5?place=${P.state.code}`);
    const codes = await pub.locator('#wq-report-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.code));
    assert.deepEqual(codes, l5.rows.map((r) => r.place.code));
    assert.match(pub.url(), new RegExp(`unit=${P.state.code}`));
    await noSidewaysScroll(pub, 'L5 of a state');
    await pub.screenshot({ path: `${SHOTS}-phone-l5.png`, fullPage: true });
    // Surveillance: the rounds of the year and the district labs.
    await pub.click('#wq-report-surveillance');
    await pub.waitForSelector('#wq-rounds tbody tr[data-round="chemical"]');
    const sv = await ok(null, `/quality/surveillance?place=${P.state.code}`);
    assert.equal(await pub.locator('#wq-rounds tbody tr').count(), sv.sources.rounds.length);
    assert.equal(await pub.inputValue('#wq-report-fy'), sv.fy);
    await noSidewaysScroll(pub, 'surveillance');
    // In Hindi, the tab and the report's name.
    await pub.goto(`${BASE}/?view=quality&tab=reports&report=l5&lang=hi`);
    await viewReady(pub);
    await pub.waitForSelector('#wq-report-title[data-report="l5"]');
    assert.match(await pub.textContent('#wq-report-title'), new RegExp(HI['wq.report.l5'].slice(0, 4)));
    assert.equal((await pub.textContent('#wq-tab-reports')).trim(), HI['wq.tab.reports']);
    assert.deepEqual(pub.problems, []);
  });

  test('the lab and alert tabs are for their roles', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/?view=quality&tab=lab`);
    await viewReady(page);
    await page.waitForSelector('#quality-message', { state: 'visible' });
    assert.equal((await page.textContent('#quality-message')).trim(), EN['wq.sign_in']);
    await signInWithForm(page, 'officer');
    await page.waitForFunction((s) => document.querySelector('#quality-message')?.textContent.trim() === s, EN['wq.not_allowed']);
    assert.equal(await page.isVisible('#wq-tab-lab'), false);
    assert.equal(await page.isVisible('#wq-tab-alerts'), true);
    assert.deepEqual(page.problems, []);
  });
});
