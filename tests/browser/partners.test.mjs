// The Sector Partner programme in the browser, against the real `jjm serve`:
// a visitor applies through the public form; the administrator assigns a
// reviewer, who declares no conflict of interest and scores; the
// administrator moderates, closes the round and decides the shortlist; the
// new partner's user makes a plan, which the mission approves in its queue;
// the partner reports the quarter's progress, the mission accepts it, and
// the progress roll-up moves.  Then a training shows in the coverage table.
//
//   node --test tests/browser/partners.test.mjs
//
// Starts its own server on a fresh database with Kerala imported (from
// ../shared/data/jjm-dashboard, or JJM_SHARED_DATA).  Needs web/node_modules
// and /usr/bin/chromium (or CHROMIUM_PATH).  The steps build on each
// other, so they are subtests of one test.  Screenshots:
// /tmp/jjm-partners-*.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

import { todayInIndia } from '../../web/format.js';
import { fyOf, quarterOf, dayBefore } from '../../web/partners/model.js';
import { startServer, addUser, signIn, api, tempDir, newDb, jjm, SHARED } from '../lib/jjm.mjs';
import {
  openPage as openPageIn, launchBrowser, signInWithForm, PASSWORD, TIMEOUT,
} from '../lib/browser.mjs';

const SHOTS = '/tmp/jjm-partners';
const TODAY = todayInIndia();
const FY = fyOf(TODAY);
const QUARTER = quarterOf(TODAY);
const THIS_YEAR = Number(TODAY.slice(0, 4));

// A few days before or after today, in India.
function shift(days) {
  let d = TODAY;
  if (days < 0) for (let i = 0; i < -days; i++) d = dayBefore(d);
  else d = new Date(Date.parse(`${TODAY}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);
  return d;
}

// The smallest files of each kind the server accepts (it checks the bytes).
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

let server;
let BASE;
let DB;
let browser;
let admin; // API sessions (node fetch)
let reviewerApi;
const kerala = { code: null, districts: [] };
const shared = {
  round: null, // the open round
  visitorRef: null, // the reference the form gave
  visitorAppId: null,
  partnerId: null,
  planId: null,
  achievedBefore: null,
};

const openPage = (t, opts) => openPageIn(browser, t, opts);

// Waits until the programme page `route` (a route name) has been drawn.
async function pageReady(page, route) {
  await page.waitForFunction(
    (r) => document.body.dataset.view === 'programme' && document.body.dataset.state === 'ready'
      && document.querySelector('#programme-view')?.dataset.route === r,
    route,
    { timeout: TIMEOUT },
  );
}

// Waits for the message a write leaves above the redrawn page.
async function flash(page, pattern) {
  await page.waitForFunction(
    (src) => {
      const el = document.querySelector('#programme-flash');
      return el && !el.hidden && new RegExp(src).test(el.textContent)
        && document.body.dataset.state === 'ready';
    },
    pattern.source,
    { timeout: TIMEOUT },
  );
  return (await page.textContent('#programme-flash')).trim();
}

const rows = async (path) => (await api(BASE, `/api/v1${path}`)).body.rows;

// An application body for the API: eligible under the mission's rules
// unless `over` changes that.
function application(name, email, over = {}) {
  return {
    org_name: name,
    org_type: 'ngo',
    registration_numbers: [{ kind: 'NGO Darpan', number: `KL/${name.length}/${email.length}${name.charCodeAt(0)}` }],
    years_of_work: 12,
    years_rural: 9,
    themes: ['water_sanitation_hygiene', 'community_engagement'],
    states: [kerala.code],
    districts: [kerala.districts[1].code],
    past_projects: [{
      title: 'Village water safety plans', from_year: THIS_YEAR - 4, to_year: THIS_YEAR - 2,
      themes: ['water_sanitation_hygiene'], funded_by: 'State mission', summary: 'Plans in 40 villages',
    }],
    contact: { name: 'Contact Person', designation: 'Director', email, phone: '+91 94470 00000' },
    ...over,
  };
}

test('the Sector Partner programme in the browser', async (t) => {
  { // set-up
    const dir = tempDir('jjm-partners-');
    DB = newDb(dir, 'partners');
    const imported = jjm(['import', 'villages', join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv'),
      '--db', DB, '--commit', '--quiet']);
    assert.equal(imported.status, 0, imported.stderr);
    addUser(DB, 'admin', 'national_admin', 'IN', PASSWORD);
    addUser(DB, 'reviewer', 'national_viewer', 'IN', PASSWORD);
    server = await startServer({ db: DB });
    BASE = server.url;
    admin = await signIn(BASE, 'admin', PASSWORD);
    reviewerApi = await signIn(BASE, 'reviewer', PASSWORD);
    assert.equal(admin.status, 200, JSON.stringify(admin.body));

    const states = await rows('/coverage?parent=IN&level=state');
    const k = states.find((s) => s.name === 'Kerala');
    assert.ok(k, JSON.stringify(states));
    kerala.code = k.code;
    kerala.districts = await rows(`/coverage?parent=${k.code}&level=district`);
    assert.ok(kerala.districts.length >= 3);

    // A round open since last week, under the mission's standard rules.
    const r = await api(BASE, '/api/v1/rounds', {
      method: 'POST', session: admin,
      body: { name: `Sector partners ${FY}`, opens_on: shift(-7), closes_on: shift(30) },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    // A small committee: one reviewer per application.
    const one = await api(BASE, `/api/v1/rounds/${r.body.id}`, {
      method: 'PATCH', session: admin,
      body: { rules: { ...r.body.rules, reviewers_per_application: 1 } },
    });
    assert.equal(one.status, 200, JSON.stringify(one.body));
    shared.round = one.body;

    // Other organisations apply through the API: one eligible, two not.
    const others = [
      application('Kuttanad Water Collective', 'water@kuttanad.example.org', { org_type: 'community' }),
      application('City Schools Trust', 'office@cityschools.example.org', {
        org_type: 'trust', years_rural: 1, themes: ['education'], past_projects: [],
      }),
      application('Green Ledger CSR Foundation', 'csr@greenledger.example.com', {
        org_type: 'csr', themes: ['health', 'education'],
        past_projects: [{ title: 'School health camps', from_year: THIS_YEAR - 3, themes: ['health'] }],
      }),
    ];
    for (const body of others) {
      const a = await api(BASE, `/api/v1/rounds/${shared.round.id}/applications`, { method: 'POST', body });
      assert.equal(a.status, 201, JSON.stringify(a.body));
    }

    browser = await launchBrowser();
  }

  t.after(async () => {
    await browser?.close();
    await server?.stop();
  });

  await t.test('a visitor applies through the public form', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    // The account bar links to the form for everyone.
    assert.ok(await page.locator('#nav-apply').isVisible());
    assert.ok(await page.locator('#nav-screening').isHidden());
    await page.click('#nav-apply');
    await page.waitForURL(/#\/apply$/);
    await pageReady(page, 'apply');
    assert.equal(await page.textContent('#programme-title'), 'Apply to be a sector partner');
    assert.match(await page.textContent('.sp-rules'), /3 years of work in rural areas/);

    // In Hindi too.
    await page.selectOption('#lang', 'hi');
    await page.waitForFunction(() => document.documentElement.lang === 'hi');
    await pageReady(page, 'apply');
    assert.match(await page.textContent('#programme-title'), /[\u0900-\u097F]/);
    assert.match(await page.textContent('label[for="apply-org-name"]'), /[\u0900-\u097F]/);
    assert.match(page.url(), /\?lang=hi#\/apply$/);
    await page.selectOption('#lang', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await pageReady(page, 'apply');

    // The organisation.
    await page.fill('#apply-org-name', 'Kuttanad Water Collective'); // taken: refused below
    await page.selectOption('#apply-org-type', 'ngo');
    await page.fill('#apply-website', 'https://jalasree.example.org');
    await page.fill('#apply-years', '11');
    await page.fill('#apply-years-rural', '8');
    await page.fill('#apply-address', 'Ward 4, Kainakary, Alappuzha, Kerala');

    // Registration numbers: add two rows, remove one.
    const regs = page.locator('#apply-registrations > .repeat-row');
    await regs.nth(0).locator('[name="reg_kind"]').fill('NGO Darpan');
    await regs.nth(0).locator('[name="reg_number"]').fill('KL/2014/0071234');
    await page.click('#apply-add-registration');
    await page.click('#apply-add-registration');
    assert.equal(await regs.count(), 3);
    await regs.nth(1).locator('[name="reg_kind"]').fill('12A');
    await regs.nth(1).locator('[name="reg_number"]').fill('AAATJ1234E/12A/2016');
    await regs.nth(2).locator('button[data-action="remove"]').click();
    assert.equal(await regs.count(), 2);
    assert.equal(await regs.nth(1).getAttribute('data-field'), 'registration_numbers[1]');

    // Themes, the state and a district of it.
    await page.check('fieldset[data-field="themes"] input[value="water_sanitation_hygiene"]');
    await page.check('fieldset[data-field="themes"] input[value="capacity_building"]');
    await page.check(`#apply-states input[value="${kerala.code}"]`);
    const district = kerala.districts[0];
    await page.check(`#apply-districts input[value="${district.code}"]`);

    // Two past projects (the second one added, then the row kept).
    const projects = page.locator('#apply-projects > .repeat-row');
    await projects.nth(0).locator('[name="title"]').fill('Backwater village water quality testing');
    await projects.nth(0).locator('[name="from_year"]').fill(String(THIS_YEAR - 5));
    await projects.nth(0).locator('[name="to_year"]').fill(String(THIS_YEAR - 3));
    await projects.nth(0).locator('input[type="checkbox"][value="water_sanitation_hygiene"]').check();
    await projects.nth(0).locator('[name="funded_by"]').fill('UNICEF');
    await page.click('#apply-add-project');
    await projects.nth(1).locator('[name="title"]').fill('Women field-test-kit trainers');
    await projects.nth(1).locator('[name="from_year"]').fill(String(THIS_YEAR - 2));
    await projects.nth(1).locator('input[type="checkbox"][value="capacity_building"]').check();

    await page.fill('#apply-contact-name', 'Anitha Varghese');
    await page.fill('#apply-contact-designation', 'Secretary');
    await page.fill('#apply-contact-email', 'secretary@jalasree.example.org');
    await page.fill('#apply-contact-phone', '12345'); // too short: refused below
    await page.setInputFiles('#apply-documents', [
      { name: 'registration.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: 'field-visit.png', mimeType: 'image/png', buffer: PNG },
    ]);

    // The server's refusals appear beside the field they name.
    await page.click('#apply-submit');
    const phoneError = page.locator('[data-field="contact.phone"] .form-error');
    await phoneError.waitFor({ state: 'visible' });
    assert.match(await phoneError.textContent(), /contact.phone must have 8 to 15 digits/);
    assert.equal(await page.getAttribute('#apply-contact-phone', 'aria-invalid'), 'true');
    await page.fill('#apply-contact-phone', '+91 477 272 4455');
    await page.click('#apply-submit');
    const nameError = page.locator('[data-field="org_name"] .form-error');
    await nameError.waitFor({ state: 'visible' });
    assert.match(await nameError.textContent(), /already applied/);
    await page.screenshot({ path: `${SHOTS}-apply-refused.png`, fullPage: true });

    await page.fill('#apply-org-name', 'Jalasree Foundation');
    await page.click('#apply-submit');
    const result = page.locator('#apply-result');
    await result.waitFor({ state: 'visible' });
    shared.visitorRef = await result.getAttribute('data-reference');
    shared.visitorAppId = Number(await result.getAttribute('data-id'));
    assert.match(shared.visitorRef, /^EOI-\d+-\d{4}$/);
    assert.ok((await result.textContent()).includes(shared.visitorRef));
    await page.screenshot({ path: `${SHOTS}-apply-done.png`, fullPage: true });

    // What the server keeps.
    const app = (await api(BASE, `/api/v1/applications/${shared.visitorAppId}`, { session: admin })).body;
    assert.equal(app.reference, shared.visitorRef);
    assert.equal(app.eligible, true, JSON.stringify(app.eligibility_failures));
    assert.deepEqual(app.application.registration_numbers.map((r) => r.kind), ['NGO Darpan', '12A']);
    assert.deepEqual(app.application.districts, [district.code]);
    assert.equal(app.application.past_projects.length, 2);
    assert.deepEqual(app.documents.map((d) => d.content_type), ['application/pdf', 'image/png']);
    assert.deepEqual(page.problems, []);
  });

  await t.test('the mission screens the round and decides the shortlist', async (t) => {
    const { round } = shared;
    const adminPage = await openPage(t);
    await adminPage.goto(`${BASE}/`);
    await adminPage.waitForFunction(() => document.body.dataset.state === 'ready');
    await signInWithForm(adminPage, 'admin');
    await adminPage.click('#nav-screening');
    await pageReady(adminPage, 'rounds');
    await adminPage.click(`#rounds-table tr[data-id="${round.id}"] a`);
    await pageReady(adminPage, 'round');
    assert.equal(await adminPage.locator('#applications-table tbody tr[data-id]').count(), 4);
    assert.equal(await adminPage.locator('#applications-table tr[data-eligible="true"]').count(), 2);
    const dry = adminPage.locator('#applications-table tr', { hasText: 'City Schools Trust' });
    assert.match(await dry.textContent(), /Not eligible.*3 years of work in rural areas \(has 1\)/);

    // The administrator assigns the reviewer.
    await adminPage.check('#assign-form input[name="reviewer"][value="reviewer"]');
    await adminPage.click('#assign-form button[type="submit"]');
    assert.match(await flash(adminPage, /reviews assigned/), /^2 reviews assigned/);

    // The other eligible application is reviewed and moderated through the
    // API: a low score, so it will not be shortlisted.
    const apps = (await api(BASE, `/api/v1/rounds/${round.id}/applications`, { session: admin })).body.applications;
    const other = apps.find((a) => a.org_name === 'Kuttanad Water Collective');
    for (const body of [{ conflict: false }, { scores: { experience: 3, capacity: 3, reach: 4, approach: 3 }, comment: 'thin' }]) {
      const r = await api(BASE, `/api/v1/applications/${other.id}/review`, { method: 'POST', session: reviewerApi, body });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const m = await api(BASE, `/api/v1/applications/${other.id}/moderation`, { method: 'POST', session: admin, body: {} });
    assert.equal(m.status, 200, JSON.stringify(m.body));

    // The reviewer declares no conflict and scores in the page.
    const reviewer = await openPage(t);
    await reviewer.goto(`${BASE}/#/rounds/${round.id}`);
    await pageReady(reviewer, 'round');
    assert.match(await reviewer.textContent('#programme-message'), /Sign in/);
    await signInWithForm(reviewer, 'reviewer');
    await pageReady(reviewer, 'round');
    assert.match(await reviewer.textContent('#my-reviews-waiting'), /1 applications wait/);
    assert.equal(await reviewer.locator('#assign-form').count(), 0, 'viewers do not assign');
    const mine = reviewer.locator(`#applications-table tr[data-reference="${shared.visitorRef}"]`);
    assert.equal(await mine.locator('td[data-step]').getAttribute('data-step'), 'declare');
    await mine.locator('th a').click();
    await pageReady(reviewer, 'application');
    assert.equal(await reviewer.locator('#application-documents a').count(), 2);
    const pdf = await api(BASE, await reviewer.getAttribute('#application-documents a >> nth=0', 'href'), { session: reviewerApi });
    assert.equal(pdf.status, 200);
    assert.match(pdf.headers.get('content-type'), /application\/pdf/);
    // Scoring waits for the declaration.
    assert.equal(await reviewer.locator('#score-form').count(), 0);
    await reviewer.click('#declare-submit');
    await reviewer.locator('[data-field="conflict"] .form-error').waitFor({ state: 'visible' });
    await reviewer.check('#declare-form input[name="conflict"][value="no"]');
    await reviewer.click('#declare-submit');
    assert.match(await flash(reviewer, /no conflict/), /You can score/);
    await reviewer.fill('#score-experience', '8');
    await reviewer.fill('#score-capacity', '7');
    await reviewer.fill('#score-reach', '6.5');
    await reviewer.fill('#score-approach', '7');
    await reviewer.fill('#review-comment', 'Strong field presence in Kuttanad; good FTK work.');
    assert.match(await reviewer.textContent('#review-total'), /72 of 100/);
    await reviewer.click('#score-submit');
    assert.match(await flash(reviewer, /scores are saved/), /72 of 100/);
    assert.ok(await reviewer.locator('#review-scored').isVisible());
    assert.equal(await reviewer.locator('#moderation').count(), 0, 'viewers do not moderate');
    await reviewer.screenshot({ path: `${SHOTS}-review.png`, fullPage: true });

    // The administrator sees the review and moderates with a note.
    await adminPage.goto(`${BASE}/#/applications/${shared.visitorAppId}`);
    await pageReady(adminPage, 'application');
    const review = adminPage.locator('#reviews-table tr[data-reviewer="reviewer"]');
    assert.match(await review.textContent(), /None.*8.*7.*6\.5.*7.*72/);
    assert.match(await adminPage.textContent('#mean-row'), /72/);
    await adminPage.check('#moderation-form input[name="final"][value="set"]');
    await adminPage.fill('#moderate-reach', '7.5');
    await adminPage.click('#moderation-submit');
    // Final scores that differ from the mean need a note.
    const noteError = adminPage.locator('[data-field="note"] .form-error');
    await noteError.waitFor({ state: 'visible' });
    assert.match(await noteError.textContent(), /differ from the reviewers' mean/);
    await adminPage.fill('#moderation-note', 'Reach raised: the field visit confirmed work in three more blocks.');
    await adminPage.click('#moderation-submit');
    assert.match(await flash(adminPage, /moderated/), new RegExp(`${shared.visitorRef} moderated: 74 of 100`));
    assert.equal(await adminPage.getAttribute('#moderation-done', 'data-score'), '74');
    await adminPage.screenshot({ path: `${SHOTS}-moderation.png`, fullPage: true });

    // Close the round early, then decide the shortlist.
    await adminPage.goto(`${BASE}/#/rounds/${round.id}`);
    await pageReady(adminPage, 'round');
    assert.ok(await adminPage.locator('#shortlist-submit').isDisabled(), 'not before the round closes');
    await adminPage.click('#close-round');
    await adminPage.click('#close-round-confirm');
    await flash(adminPage, /is closed/);
    const closed = (await api(BASE, '/api/v1/rounds')).body.rounds.find((r) => r.id === round.id);
    assert.equal(closed.closes_on, dayBefore(TODAY));
    assert.equal(closed.closed, true);
    assert.ok(await adminPage.locator('#shortlist-submit').isEnabled());
    await adminPage.click('#shortlist-submit');
    assert.equal(await flash(adminPage, /Shortlist decided/),
      'Shortlist decided: 4 applied, 2 eligible, 2 screened, 1 shortlisted; 1 partners created.');
    const decided = adminPage.locator(`#applications-table tr[data-reference="${shared.visitorRef}"]`);
    assert.equal(await decided.locator('td[data-shortlisted]').getAttribute('data-shortlisted'), 'true');
    assert.match(await decided.textContent(), /shortlisted: eligible; score 74 \(pass mark 60\)/);
    const low = adminPage.locator('#applications-table tr', { hasText: 'Kuttanad Water Collective' });
    assert.match(await low.locator('td[data-shortlisted]').textContent(), /Not shortlisted.*score 32/);
    const dryDecided = adminPage.locator('#applications-table tr', { hasText: 'City Schools Trust' });
    assert.match(await dryDecided.locator('td[data-shortlisted]').textContent(), /not eligible/);
    assert.equal(await adminPage.locator('#shortlist-form').count(), 0, 'the decision is final');
    await adminPage.screenshot({ path: `${SHOTS}-shortlist.png`, fullPage: true });

    const visitor = (await api(BASE, `/api/v1/applications/${shared.visitorAppId}`, { session: admin })).body;
    shared.partnerId = visitor.partner_id;
    assert.ok(Number.isInteger(shared.partnerId), JSON.stringify(visitor.decision));

    // The funnel, by type and by state, with its CSV.
    await adminPage.click('#nav-mission');
    await pageReady(adminPage, 'mission');
    await adminPage.click('.sp-tabs a[data-tab="funnel"]');
    await pageReady(adminPage, 'mission');
    await adminPage.waitForSelector('#funnel-org_type');
    const total = await adminPage.$$eval('#funnel-org_type tfoot td', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(total, ['4', '2', '2', '1']);
    const ngo = await adminPage.$$eval('#funnel-org_type tr[data-key="ngo"] td', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(ngo, ['1', '1', '1', '1']);
    assert.match(await adminPage.textContent(`#funnel-state tr[data-key="${kerala.code}"]`), /Kerala\s*4\s*2\s*2\s*1/);
    const href = await adminPage.getAttribute('#funnel-csv-state', 'href');
    assert.match(href, /format=csv/);
    const csv = await api(BASE, href, { session: admin });
    assert.equal(csv.status, 200);
    assert.match(csv.text, /^key,name,applied,eligible,screened,shortlisted\n/);
    assert.ok(csv.text.includes(`${kerala.code},Kerala,4,2,2,1`), csv.text);
    // The table as shown, to a file: the same figures as numbers.
    const [dl] = await Promise.all([adminPage.waitForEvent('download'), adminPage.click('#funnel-export-state-csv')]);
    const shown = readFileSync(await dl.path(), 'utf8');
    assert.match(dl.suggestedFilename(), /^funnel-round-\d+-state-\d{4}-\d\d-\d\d\.csv$/);
    assert.ok(shown.includes('Kerala,4,2,2,1'), shown);
    assert.match(shown, /\nAll applications,4,2,2,1\n/, shown);
    await adminPage.screenshot({ path: `${SHOTS}-funnel.png`, fullPage: true });
    assert.deepEqual(adminPage.problems, []);
    assert.deepEqual(reviewer.problems, []);
  });

  await t.test('the partner plans and reports; the mission approves, accepts, and the roll-up moves', async (t) => {
    assert.ok(shared.partnerId, 'needs the shortlist of the previous test');
    const made = await api(BASE, '/api/v1/users', {
      method: 'POST', session: admin,
      body: {
        username: 'jalasree', display_name: 'Jalasree Foundation', password: PASSWORD,
        role: 'partner_user', unit: 'IN', partner_id: shared.partnerId,
      },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));

    // The partner starts a plan for this financial year and adds an activity.
    const partner = await openPage(t);
    await partner.goto(`${BASE}/`);
    await partner.waitForFunction(() => document.body.dataset.state === 'ready');
    await signInWithForm(partner, 'jalasree');
    assert.equal((await partner.textContent('#nav-partners')).trim(), 'Our organisation');
    assert.ok(await partner.locator('#nav-screening').isHidden());
    await partner.click('#nav-partners');
    await pageReady(partner, 'partner');
    assert.equal(await partner.textContent('#programme-title'), 'Jalasree Foundation');
    assert.match(await partner.textContent('#focal-table'), /Anitha Varghese/);
    await partner.click('.sp-tabs a[data-tab="plans"]');
    await pageReady(partner, 'partner');
    await partner.selectOption('#plan-fy', FY);
    await partner.click('#plan-create-submit');
    await pageReady(partner, 'plan');
    shared.planId = Number(/#\/plans\/(\d+)/.exec(partner.url())[1]);
    assert.equal(await partner.getAttribute('#plan-status', 'data-status'), 'draft');

    const district = kerala.districts[0];
    const act = partner.locator('#plan-activities > .sp-activity').first();
    await act.locator('[name="level"]').selectOption('district');
    await act.locator('[name="unit"]').selectOption(district.code);
    await act.locator('[name="theme"]').selectOption('capacity_building');
    await act.locator('[name="description"]').fill('Train VWSC members and women on field test kits');
    const targets = act.locator('.target-row');
    await targets.nth(0).locator('[name="measure"]').selectOption('trainings');
    await targets.nth(0).locator(`[name="q${QUARTER}"]`).fill('4');
    await act.locator('button[data-action="add-target"]').click();
    await targets.nth(1).locator('[name="measure"]').selectOption('participants');
    await targets.nth(1).locator(`[name="q${QUARTER}"]`).fill('80');
    await act.locator('[name="resources"]').fill('Two master trainers, FTK sets');
    await act.locator('[name="budget_inr"]').fill('240000');
    // A target without a number is refused beside it.
    await act.locator('button[data-action="add-target"]').click();
    await targets.nth(2).locator('[name="measure"]').selectOption('villages');
    await partner.click('#plan-save');
    const targetError = partner.locator('[data-field="activities[0].targets[2]"] .form-error');
    await targetError.waitFor({ state: 'visible' });
    assert.match(await targetError.textContent(), /needs a number in some quarter/);
    await targets.nth(2).locator('button[data-action="remove-target"]').click();
    await partner.click('#plan-submit');
    assert.match(await flash(partner, /sent to the mission/), /approval/);
    assert.equal(await partner.getAttribute('#plan-status', 'data-status'), 'submitted');
    assert.match(await partner.textContent('#plan-activities-table'), /Train VWSC members[\s\S]*Trainings[\s\S]*Participants/);
    await partner.screenshot({ path: `${SHOTS}-plan.png`, fullPage: true });

    // The mission approves it in the queue.
    const mission = await openPage(t);
    await mission.goto(`${BASE}/#/mission`);
    await pageReady(mission, 'mission');
    await signInWithForm(mission, 'admin');
    await pageReady(mission, 'mission');
    const planRow = mission.locator(`#queue-plans tr[data-plan-id="${shared.planId}"]`);
    await planRow.waitFor();
    assert.match(await planRow.textContent(), /Jalasree Foundation/);
    await planRow.locator('button[data-decision="approved"]').click();
    assert.match(await flash(mission, /approved/), new RegExp(`The ${FY} plan of Jalasree Foundation is approved`));
    assert.equal(await mission.locator(`#queue-plans tr[data-plan-id="${shared.planId}"]`).count(), 0);

    // The roll-up before any report: targets, nothing achieved.
    await mission.click('.sp-tabs a[data-tab="progress"]');
    await pageReady(mission, 'mission');
    const rollupRow = `#rollup-table tr[data-key="capacity_building"][data-measure="trainings"]`;
    await mission.waitForSelector(rollupRow);
    assert.equal(await mission.getAttribute(rollupRow, 'data-target'), '4');
    shared.achievedBefore = Number(await mission.getAttribute(rollupRow, 'data-achieved'));
    assert.equal(shared.achievedBefore, 0);

    // The partner reports this quarter's progress and submits it.
    await partner.goto(`${BASE}/#/plans/${shared.planId}/progress`);
    await pageReady(partner, 'progress');
    assert.equal(await partner.getAttribute('#quarter-panel', 'data-quarter'), String(QUARTER));
    const trainings = partner.locator('#progress-table tr[data-measure="trainings"]');
    assert.equal(await trainings.locator('td[data-cumulative-target]').getAttribute('data-cumulative-target'), '4');
    await trainings.locator('[name="achieved"]').fill('3');
    await trainings.locator('[name="narrative"]').fill('Three trainings in Kainakary and Kuttanad');
    await partner.locator('#progress-table tr[data-measure="participants"] [name="achieved"]').fill('74');
    await partner.setInputFiles('#progress-evidence', [{ name: 'attendance.png', mimeType: 'image/png', buffer: PNG }]);
    await partner.click('#progress-submit');
    assert.match(await flash(partner, /submitted to the mission/), new RegExp(`Q${QUARTER}`));
    assert.equal(await partner.getAttribute('#quarter-panel', 'data-status'), 'submitted');
    assert.equal(await partner.locator('#quarter-panel .doc-list a').count(), 1);
    await partner.screenshot({ path: `${SHOTS}-progress.png`, fullPage: true });

    // The mission accepts the report in the queue.
    await mission.click('.sp-tabs a[data-tab="queue"]');
    await pageReady(mission, 'mission');
    const reportRow = mission.locator(`#queue-reports tr[data-plan-id="${shared.planId}"][data-quarter="${QUARTER}"]`);
    await reportRow.waitFor();
    // Returning needs a comment: the server says so beside the field.
    await reportRow.locator('button[data-decision="returned"]').click();
    await reportRow.locator('[data-field="comment"] .form-error').waitFor({ state: 'visible' });
    await reportRow.locator('button[data-decision="accepted"]').click();
    assert.match(await flash(mission, /accepted/), new RegExp(`The Q${QUARTER} report of Jalasree Foundation is accepted`));

    // The roll-up has moved.
    await mission.click('.sp-tabs a[data-tab="progress"]');
    await pageReady(mission, 'mission');
    await mission.waitForSelector(rollupRow);
    const after = Number(await mission.getAttribute(rollupRow, 'data-achieved'));
    assert.equal(after, shared.achievedBefore + 3);
    assert.equal((await mission.textContent(`${rollupRow} td[data-col="achieved"]`)).trim(), '3');
    assert.match(await mission.textContent(`${rollupRow}`), /75%/);
    await mission.waitForSelector('#rollup-chart canvas');
    assert.match(await mission.getAttribute('#rollup-chart', 'aria-label'), /Capacity building · Trainings: 3 of 4/);
    // By state as well: the district's state.
    await mission.selectOption('#rollup-by', 'state');
    await pageReady(mission, 'mission');
    await mission.waitForFunction(() => /by=state/.test(window.location.hash));
    assert.match(await mission.textContent(`#rollup-table tr[data-key="${kerala.code}"][data-measure="participants"]`), /Kerala[\s\S]*80[\s\S]*74/);
    await mission.screenshot({ path: `${SHOTS}-rollup.png`, fullPage: true });

    // The partner's page shows the cumulative figures the mission accepted.
    await partner.reload();
    await pageReady(partner, 'progress');
    assert.equal(await partner.getAttribute('#quarter-panel', 'data-status'), 'accepted');
    assert.equal(await partner.locator('#progress-table tr[data-measure="trainings"] td[data-cumulative-achieved]')
      .getAttribute('data-cumulative-achieved'), '3');
    assert.equal(await partner.getAttribute('#progress-year-table tr[data-measure="trainings"]', 'data-achieved'), '3');

    // Overdue reports: whatever the date, the view answers for this year.
    await mission.click('.sp-tabs a[data-tab="overdue"]');
    await pageReady(mission, 'mission');
    const overdue = (await api(BASE, `/api/v1/progress/overdue?fy=${FY}`, { session: admin })).body.overdue;
    assert.equal(await mission.locator('#overdue-table tbody tr[data-plan-id]').count(), overdue.length);
    assert.ok(overdue.every((o) => o.quarter < QUARTER), JSON.stringify(overdue));
    assert.deepEqual(partner.problems, []);
    assert.deepEqual(mission.problems, []);
  });

  await t.test('a training shows in the coverage table beside households with taps', async (t) => {
    assert.ok(shared.partnerId);
    const district = kerala.districts[0];
    const blocks = await rows(`/coverage?parent=${district.code}`);
    const villages = await rows(`/coverage?parent=${blocks[0].code}&level=village`);
    const village = villages[0];

    const page = await openPage(t);
    await page.goto(`${BASE}/#/partners/${shared.partnerId}/trainings`);
    await pageReady(page, 'partner');
    await signInWithForm(page, 'jalasree');
    await pageReady(page, 'partner');
    await page.fill('#training-place', village.code);
    await page.fill('#training-topic', 'Testing water with field test kits');
    await page.fill('#training-female', '18');
    await page.fill('#training-male', '4');
    await page.fill('#training-ftk_women', '25'); // more than the women: refused
    await page.click('#training-submit');
    await page.locator('[data-field="roles.ftk_women"] .form-error').waitFor({ state: 'visible' });
    await page.fill('#training-ftk_women', '12');
    await page.click('#training-submit');
    assert.match(await flash(page, /Recorded at/), new RegExp(village.name));
    assert.match(await page.textContent('#trainings-table tbody'), /Testing water with field test kits/);

    // The public coverage table, drilled down from Kerala to the district.
    const visitor = await openPage(t);
    await visitor.goto(`${BASE}/#/mission/coverage`);
    await pageReady(visitor, 'mission');
    await visitor.click(`#training-coverage tr[data-code="${kerala.code}"] a`);
    await pageReady(visitor, 'mission');
    await visitor.waitForSelector(`#training-coverage tr[data-code="${district.code}"]`);
    const cell = (k) => visitor.getAttribute(`#training-coverage tr[data-code="${district.code}"] td[data-key="${k}"]`, 'data-value');
    assert.equal(await cell('villages_trained'), '1');
    assert.equal(await cell('ftk_women'), '12');
    assert.equal(Number(await cell('hh_with_tap')), district.hh_with_tap);
    assert.equal(Number(await cell('total_hh')), district.total_hh);
    await visitor.screenshot({ path: `${SHOTS}-coverage.png`, fullPage: true });
    assert.deepEqual(page.problems, []);
    assert.deepEqual(visitor.problems, []);
  });
});
