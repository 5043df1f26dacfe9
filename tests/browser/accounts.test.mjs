// Accounts in the browser, against the real `jjm serve`: signing in and
// out, "my scope", the tap-connection entry form on a village (only where
// the roles reach), closed months, the audit trail, account locks, and
// user management.
//
//   node --test tests/browser/accounts.test.mjs
//
// Always starts its own server (it needs to create the first administrator
// on an empty database), with demo data.  Needs web/node_modules and
// /usr/bin/chromium (or CHROMIUM_PATH).  Leaves screenshots in
// /tmp/jjm-accounts-*.png.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { todayInIndia, formatIndian, formatDateTime } from '../../web/format.js';
import { startServer, addUser, signIn, api, tempDir, newDb } from '../lib/jjm.mjs';
import {
  openPage as openPageIn, launchBrowser, signInWithForm, cardValue, PASSWORD, TIMEOUT,
} from '../lib/browser.mjs';

const SHOTS = '/tmp/jjm-accounts';

let server;
let BASE;
let browser;
let admin; // the administrator's API session (node fetch)
// Places picked from the demo data in before().
const place = {
  district: null, // {code, name}: dist.officer's district
  block: null, // a block of that district
  village: null, // a village of that district with households still to connect
  otherVillage: null, // a village of another district
  otherBlock: null, // a block of another district
};

const openPage = (t, opts) => openPageIn(browser, t, opts);

// Waits until the dashboard has drawn `code`.
async function ready(page, code) {
  await page.waitForFunction(
    (c) => document.body.dataset.view === 'dashboard' && document.body.dataset.state === 'ready'
      && document.body.dataset.unit === c,
    code,
    { timeout: TIMEOUT },
  );
}

// Waits until the audit or users view has loaded.
async function viewReady(page, view) {
  await page.waitForFunction(
    (v) => document.body.dataset.view === v && document.body.dataset.state !== 'loading',
    view,
    { timeout: TIMEOUT },
  );
}

// One attempt with the form; resolves after the server has answered and
// the page has shown it.
async function attempt(page, username, password) {
  await page.fill('#signin-username', username);
  await page.fill('#signin-password', password);
  const answered = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST',
  );
  await page.click('#signin-submit');
  const res = await answered;
  await page.waitForSelector('#signin-submit:not([disabled])');
  await page.waitForSelector('#signin-error', { state: 'visible' });
  const body = await res.json().catch(() => null);
  return { status: res.status(), body, text: (await page.textContent('#signin-error')).trim() };
}

const rows = async (path) => (await api(BASE, `/api/v1${path}`)).body.rows;

describe('accounts in the browser', () => {
  before(async () => {
    const db = newDb(tempDir('jjm-accounts-'), 'accounts');
    // The first administrator, before any place exists; then the demo
    // data loads because the database has no places.
    addUser(db, 'admin', 'national_admin', 'IN', PASSWORD);
    server = await startServer({ db, demo: true, demoScale: 0.003 });
    BASE = server.url;
    admin = await signIn(BASE, 'admin', PASSWORD);
    assert.equal(admin.status, 200, JSON.stringify(admin.body));

    // Walk down from India to a district with villages that still lack taps.
    for (const state of await rows('/coverage?parent=IN')) {
      if (state.villages === 0) continue;
      for (const d of await rows(`/coverage?parent=${state.code}`)) {
        if (d.total_hh - d.hh_with_tap < 20) continue;
        const villages = await rows(`/coverage?parent=${d.code}&level=village`);
        const v = villages.find((x) => x.total_hh - x.hh_with_tap >= 10);
        if (!v) continue;
        if (!place.district) {
          place.district = d;
          place.village = v;
          const blocks = await rows(`/coverage?parent=${d.code}`);
          place.block = blocks.find((b) => b.level === 'block') || blocks[0];
        } else if (!place.otherVillage && d.code !== place.district.code) {
          place.otherVillage = v;
          place.otherBlock = (await rows(`/coverage?parent=${d.code}`))[0];
        }
        if (place.otherVillage) break;
      }
      if (place.otherVillage) break;
    }
    assert.ok(place.district && place.village && place.otherVillage, JSON.stringify(place));
    assert.equal(place.block.level, 'block');

    for (const [username, displayName] of [['dist.officer', 'District Officer'], ['lock.me', 'Lock Me']]) {
      const r = await api(BASE, '/api/v1/users', {
        method: 'POST', session: admin,
        body: {
          username, display_name: displayName, password: PASSWORD,
          role: 'district_officer', unit: place.district.code,
        },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }

    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a district officer records connections in their district, and nowhere else', async (t) => {
    const page = await openPage(t);
    const { district, village, otherVillage } = place;

    await page.goto(`${BASE}/`);
    await ready(page, 'IN');
    // Signed out is normal: no error box, the sign-in form, no audit link.
    assert.ok(await page.locator('#error').isHidden());
    assert.ok(await page.locator('#nav-audit').isHidden());
    assert.ok(await page.locator('#my-scope').isHidden());

    await signInWithForm(page, 'dist.officer');
    const scope = await page.textContent('#my-scope');
    assert.match(scope, /District Officer/);
    assert.ok(scope.includes(`District officer · ${district.name}`), scope);
    assert.ok(await page.locator('#signin-form').isHidden());
    assert.ok(await page.locator('#nav-audit').isVisible());
    assert.ok(await page.locator('#nav-users').isVisible(), 'a district officer manages users');

    // The district's figure before the entry.
    await page.goto(`${BASE}/?unit=${district.code}`);
    await ready(page, district.code);
    const districtBefore = await cardValue(page, 'headline-tap');
    assert.equal(districtBefore, district.hh_with_tap);
    assert.equal(await page.locator('#entry-form').count(), 0, 'no entry form above a village');

    await page.goto(`${BASE}/?unit=${village.code}`);
    await ready(page, village.code);
    await page.waitForSelector('#entry-form', { state: 'visible' });
    const villageBefore = await cardValue(page, 'headline-tap');
    assert.equal(villageBefore, village.hh_with_tap);
    assert.equal(await page.inputValue('#entry-date'), todayInIndia(), 'the date is today in India');
    assert.equal(await page.getAttribute('#entry-date', 'max'), todayInIndia());
    // Signed in with the village in scope: its recent ledger is shown.
    await page.waitForSelector('#ledger-table tbody tr', { state: 'visible' });

    await page.fill('#entry-date', todayInIndia());
    await page.fill('#entry-households', '5');
    await page.selectOption('#entry-kind', 'connection');
    await page.click('#entry-submit');
    await page.waitForSelector('#entry-result', { state: 'visible' });
    assert.equal(Number(await page.getAttribute('#entry-result', 'data-hh-with-tap')), villageBefore + 5);
    const note = await page.textContent('#entry-result');
    assert.ok(note.includes(village.name) && note.includes(formatIndian(villageBefore + 5)), note);
    // The view refreshes: the headline and the ledger show the entry.
    await page.waitForFunction((n) => Number(document.querySelector('#headline-tap')?.dataset.value) === n,
      villageBefore + 5);
    await ready(page, village.code);
    assert.ok(await page.locator('#entry-result').isVisible(), 'the note stays after the refresh');
    const firstLedger = await page.$$eval('#ledger-table tbody tr:first-child td', (tds) => tds.map((td) => td.textContent));
    assert.equal(firstLedger[1], '5');
    assert.equal(firstLedger[2], 'Connection');
    assert.equal(firstLedger[4], 'dist.officer');
    await page.screenshot({ path: `${SHOTS}-village.png`, fullPage: true });

    // The district's roll-up moved at once.
    await page.goto(`${BASE}/?unit=${district.code}`);
    await ready(page, district.code);
    assert.equal(await cardValue(page, 'headline-tap'), districtBefore + 5);

    // The audit trail's newest row is this entry.
    await page.click('#nav-audit');
    await page.waitForURL(/view=audit/);
    await viewReady(page, 'audit');
    const newest = page.locator('#audit-table tbody tr[data-id]').first();
    await newest.waitFor();
    assert.equal(await newest.getAttribute('data-action'), 'connections.record');
    assert.equal(await newest.getAttribute('data-actor'), 'dist.officer');
    assert.match(await newest.textContent(), new RegExp(village.code));
    await newest.locator('details summary').click();
    assert.match(await newest.locator('details').textContent(), /hh_with_tap/);
    await page.screenshot({ path: `${SHOTS}-audit.png`, fullPage: true });

    // A village of another district: figures, but no form and no ledger.
    await page.goto(`${BASE}/?unit=${otherVillage.code}`);
    await ready(page, otherVillage.code);
    assert.equal(await page.locator('#entry-form').count(), 0, 'no entry form outside the district');
    assert.ok(await page.locator('#ledger-section').isHidden());

    await page.click('#signout');
    await page.waitForSelector('#signin-form', { state: 'visible' });
    assert.ok(await page.locator('#my-scope').isHidden());
    assert.ok(await page.locator('#nav-audit').isHidden());
    // Signed out on a village of their own district: the form is gone too.
    await page.goto(`${BASE}/?unit=${village.code}`);
    await ready(page, village.code);
    assert.equal(await page.locator('#entry-form').count(), 0);
    assert.deepEqual(page.problems, []);
  });

  test('refusals are shown beside the field they name, in Hindi too', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/?unit=${place.village.code}`);
    await ready(page, place.village.code);
    await signInWithForm(page, 'dist.officer');
    await page.waitForSelector('#entry-form', { state: 'visible' });
    const before = await cardValue(page, 'headline-tap');

    // A month that closed long ago: the server's 422 names the date.
    await page.fill('#entry-date', '2020-01-15');
    await page.fill('#entry-households', '1');
    await page.click('#entry-submit');
    const dateError = page.locator('[data-field="date"] #entry-error');
    await dateError.waitFor({ state: 'visible' });
    assert.match(await dateError.textContent(), /2020-01.*closed/);
    assert.equal(await page.getAttribute('#entry-date', 'aria-invalid'), 'true');

    // A correction without a reason is caught before it is sent.
    await page.fill('#entry-date', todayInIndia());
    await page.fill('#entry-households', '-1');
    await page.selectOption('#entry-kind', 'correction');
    await page.click('#entry-submit');
    await page.locator('[data-field="reason"] #entry-error').waitFor({ state: 'visible' });

    // More taps than households: the server's 422 names households.
    await page.fill('#entry-households', String(place.village.total_hh + 1000));
    await page.selectOption('#entry-kind', 'connection');
    await page.click('#entry-submit');
    const hhError = page.locator('[data-field="households"] #entry-error');
    await hhError.waitFor({ state: 'visible' });
    assert.match(await hhError.textContent(), /household/);
    assert.equal(await cardValue(page, 'headline-tap'), before, 'nothing was recorded');

    await page.selectOption('#lang', 'hi');
    await page.waitForFunction(() => document.documentElement.lang === 'hi');
    await ready(page, place.village.code);
    assert.match(await page.textContent('label[for="entry-households"]'), /[\u0900-\u097F]/);
    assert.match(await page.textContent('#my-scope'), /ज़िला अधिकारी/);
    assert.match(await page.textContent('#signout'), /[\u0900-\u097F]/);
    // Refused again, now in Hindi: the sentence for the error code, naming
    // the field by its Hindi label, and none of the server's English.
    await page.fill('#entry-households', String(place.village.total_hh + 1000));
    await page.click('#entry-submit');
    const hiError = page.locator('[data-field="households"] #entry-error');
    await page.waitForFunction(() => /[\u0900-\u097F]/.test(document.querySelector('[data-field="households"] #entry-error')?.textContent || ''));
    const hiText = await hiError.textContent();
    assert.match(hiText, /“परिवार”/, hiText);
    assert.match(hiText, /स्वीकार्य नहीं है/, hiText);
    assert.doesNotMatch(hiText, /[a-z]{3,}/i, `no English: ${hiText}`);
    assert.equal(await page.getAttribute('#entry-households', 'aria-invalid'), 'true');
    assert.equal(await cardValue(page, 'headline-tap'), before, 'still nothing was recorded');
    await page.screenshot({ path: `${SHOTS}-refused-hi.png`, fullPage: true });
    assert.deepEqual(page.problems, []);
  });

  test('a wrong password is refused, and five lock the account', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/`);
    await ready(page, 'IN');
    await page.waitForSelector('#signin-form', { state: 'visible' });

    for (let i = 1; i <= 4; i++) {
      const r = await attempt(page, 'lock.me', `wrong password ${i}`);
      assert.equal(r.status, 401, `attempt ${i}`);
      assert.match(r.text, /wrong username or password/i);
      assert.equal(await page.getAttribute('#signin-password', 'aria-invalid'), 'true');
    }
    // The fifth failure locks the account, and says so at once.
    const fifth = await attempt(page, 'lock.me', 'wrong password 5');
    assert.equal(fifth.status, 429);
    assert.match(fifth.text, /locked/i);
    assert.match(fifth.text, /until \d{1,2} \w+ \d{4}, \d{2}:\d{2} IST/);
    // The time shown is the refusal's locked_until field, in India time.
    assert.equal(fifth.body.error.lock, 'account');
    const until = formatDateTime(fifth.body.error.locked_until, 'en', { seconds: false });
    assert.equal(fifth.text, `This account is locked after repeated failed sign-ins until ${until}.`);
    // Even the right password is refused now, with the time the lock ends.
    const locked = await attempt(page, 'lock.me', PASSWORD);
    assert.equal(locked.status, 429);
    assert.match(locked.text, /locked/i);
    assert.match(locked.text, /until \d{1,2} \w+ \d{4}, \d{2}:\d{2} IST/);
    assert.equal(locked.body.error.locked_until, fifth.body.error.locked_until);
    assert.equal(locked.text, fifth.text);
    assert.ok(await page.locator('#my-scope').isHidden());
    await page.screenshot({ path: `${SHOTS}-locked.png` });
    // In Hindi the same lock, the same time, none of the server's English.
    await page.selectOption('#lang', 'hi');
    await page.waitForFunction(() => document.documentElement.lang === 'hi');
    await page.waitForFunction(() => /[\u0900-\u097F]/.test(document.querySelector('#signin-error')?.textContent || ''));
    const hiText = (await page.textContent('#signin-error')).trim();
    // (The month's Hindi name comes from the browser's own data: only the
    // time and the year are compared.)
    const [, year, time] = /(\d{4}), (\d{2}:\d{2} IST)$/.exec(until);
    assert.ok(hiText.includes(year) && hiText.includes(time), `${hiText} / ${until}`);
    assert.match(hiText, /खाता/, hiText);
    assert.doesNotMatch(hiText, /locked|sign-in|\d{4}-\d{2}-\d{2}T/i, hiText);
    await page.screenshot({ path: `${SHOTS}-locked-hi.png` });

    // The administrator sees the lock in the user list and clears it.
    const users = (await api(BASE, '/api/v1/users', { session: admin })).body.users;
    assert.ok(users.find((u) => u.username === 'lock.me').locked_until);
    assert.deepEqual(page.problems, []);
  });

  test('a national administrator manages users', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/`);
    await ready(page, 'IN');
    await signInWithForm(page, 'admin');
    assert.match(await page.textContent('#my-scope'), /National administrator · India/);
    await page.click('#nav-users');
    await page.waitForURL(/view=users/);
    await viewReady(page, 'users');

    const officer = page.locator('#users-table tr[data-username="dist.officer"]');
    await officer.waitFor();
    assert.ok((await officer.textContent()).includes(`District officer · ${place.district.name}`));
    const locked = page.locator('#users-table tr[data-username="lock.me"]');
    if (await locked.getAttribute('data-locked') === 'true') {
      await locked.locator('button[data-action="clear-lock"]').click();
      await page.waitForSelector('#users-table tr[data-username="lock.me"][data-locked="false"]');
    }

    // A block officer for a block of the district, through the form.
    await page.fill('#new-username', 'block.officer');
    await page.fill('#new-display-name', 'Block Officer');
    await page.fill('#new-password', 'another horse 42');
    await page.selectOption('#new-role', 'block_officer');
    // The wrong level first: the server's 400 shows beside the place code.
    await page.fill('#new-unit', place.district.code);
    await page.click('#user-create-submit');
    await page.locator('[data-field="unit"] #user-create-error').waitFor({ state: 'visible' });
    assert.match(await page.textContent('#user-create-error'), /block/);
    await page.fill('#new-unit', place.block.code);
    await page.click('#user-create-submit');
    const created = page.locator('#users-table tr[data-username="block.officer"]');
    await created.waitFor();
    assert.match(await created.textContent(), /Block officer/);
    assert.ok(await page.locator('#user-create-result').isVisible());

    // Disable and enable again; end their sessions.
    await created.locator('button[data-action="disable"]').click();
    await page.waitForSelector('#users-table tr[data-username="block.officer"][data-disabled="true"]');
    await page.locator('#users-table tr[data-username="block.officer"] button[data-action="enable"]').click();
    await page.waitForSelector('#users-table tr[data-username="block.officer"][data-disabled="false"]');
    await page.locator('#users-table tr[data-username="block.officer"] button[data-action="end-sessions"]').click();
    await page.waitForFunction(() => /ended/.test(
      document.querySelector('#users-table tr[data-username="block.officer"] .row-message')?.textContent || ''));

    // Grant a second role, then revoke it.
    const row = () => page.locator('#users-table tr[data-username="block.officer"]');
    await row().locator('details.inline-form', { hasText: 'Grant a role' }).locator('summary').click();
    await row().locator('form[data-form="grant"] select').selectOption('vwsc_operator');
    await row().locator('form[data-form="grant"] input[name="unit"]').fill(place.village.code);
    await row().locator('form[data-form="grant"] button[type="submit"]').click();
    await page.waitForFunction(() => document.querySelectorAll(
      '#users-table tr[data-username="block.officer"] li[data-role-id]').length === 2);
    await row().locator('li[data-role="vwsc_operator"] button[data-action="revoke"]').click();
    await page.waitForFunction(() => document.querySelectorAll(
      '#users-table tr[data-username="block.officer"] li[data-role-id]').length === 1);

    // A new password works for signing in.
    await row().locator('details.inline-form', { hasText: 'Set password' }).locator('summary').click();
    await row().locator('form[data-form="password"] input[type="password"]').fill('third horse 4242');
    await row().locator('form[data-form="password"] button[type="submit"]').click();
    await page.waitForFunction(() => /Password set/.test(
      document.querySelector('#users-table tr[data-username="block.officer"] .row-message')?.textContent || ''));
    assert.equal((await signIn(BASE, 'block.officer', 'third horse 4242')).status, 200);
    await page.screenshot({ path: `${SHOTS}-users.png`, fullPage: true });
    assert.deepEqual(page.problems, []);
  });

  test('a district officer is refused outside their district', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/?view=users`);
    await viewReady(page, 'users');
    assert.ok(await page.locator('#users-message').isVisible(), 'signed out: asked to sign in');
    await signInWithForm(page, 'dist.officer');
    await page.waitForSelector('#user-create-form', { state: 'visible' });
    // Only the roles below their own are offered, and the analysts of labs
    // and FTK testers they appoint.
    const offered = await page.$$eval('#new-role option', (os) => os.map((o) => o.value).filter(Boolean));
    assert.deepEqual(offered, ['block_officer', 'vwsc_operator', 'lab_analyst', 'ftk_tester']);
    await page.fill('#new-username', 'far.away');
    await page.fill('#new-password', 'another horse 42');
    await page.selectOption('#new-role', 'block_officer');
    await page.fill('#new-unit', place.otherBlock.code);
    await page.click('#user-create-submit');
    await page.waitForSelector('#user-create-error', { state: 'visible' });
    assert.match(await page.textContent('#user-create-error'), /outside|may not/);
    assert.equal(await page.locator('#users-table tr[data-username="far.away"]').count(), 0);

    // Their audit trail is their district's: another district is refused.
    await page.goto(`${BASE}/?view=audit&unit=${place.otherVillage.code}`);
    await viewReady(page, 'audit');
    await page.waitForSelector('#audit-message', { state: 'visible' });
    assert.match(await page.textContent('#audit-message'), /outside your scope/);
    await page.goto(`${BASE}/?view=audit&unit=${place.district.code}&action=connections.record`);
    await viewReady(page, 'audit');
    assert.equal(await page.inputValue('#audit-unit'), place.district.code);
    assert.equal(await page.inputValue('#audit-action'), 'connections.record');
    const actions = await page.$$eval('#audit-table tbody tr[data-id]', (trs) => trs.map((tr) => tr.dataset.action));
    assert.ok(actions.length >= 1 && actions.every((a) => a === 'connections.record'), String(actions));
    assert.deepEqual(page.problems, []);
  });

  test('a district officer appoints a lab analyst by the lab\'s code, and an FTK tester of a village', async (t) => {
    const lab = await api(BASE, '/api/v1/quality/labs', {
      method: 'POST', session: admin,
      body: { code: 'TEST-DWTL-1', name: 'Test district lab', level: 'district', place: place.district.code },
    });
    assert.equal(lab.status, 201, JSON.stringify(lab.body));
    const page = await openPage(t);
    await page.goto(`${BASE}/?view=users`);
    await viewReady(page, 'users');
    await signInWithForm(page, 'dist.officer');
    await page.waitForSelector('#user-create-form', { state: 'visible' });
    await page.fill('#new-username', 'lab.analyst');
    await page.fill('#new-password', 'another horse 42');
    await page.selectOption('#new-role', 'lab_analyst');
    // The lab's code instead of a place.
    assert.ok(await page.locator('#new-lab').isVisible());
    assert.ok(await page.locator('[data-field="unit"]').isHidden());
    await page.click('#user-create-submit');
    await page.locator('#user-create-error').waitFor({ state: 'visible' });
    assert.match(await page.textContent('#user-create-error'), /lab/i, 'a lab is needed');
    await page.fill('#new-lab', 'NO-SUCH-LAB');
    await page.click('#user-create-submit');
    await page.waitForFunction(() => /NO-SUCH-LAB/.test(document.querySelector('#user-create-error')?.textContent || ''));
    assert.ok(await page.locator('[data-field="lab"] #user-create-error').isVisible(), 'shown beside the lab');
    await page.fill('#new-lab', 'TEST-DWTL-1');
    await page.click('#user-create-submit');
    const made = page.locator('#users-table tr[data-username="lab.analyst"]');
    await made.waitFor();
    assert.match(await made.textContent(), new RegExp(`Lab analyst · ${place.district.name}.*TEST-DWTL-1`));
    // An FTK tester: back to a place, a village.
    await page.fill('#new-username', 'ftk.tester');
    await page.fill('#new-password', 'another horse 42');
    await page.selectOption('#new-role', 'ftk_tester');
    assert.ok(await page.locator('[data-field="unit"]').isVisible());
    assert.ok(await page.locator('#new-lab-field').isHidden());
    await page.fill('#new-unit', place.village.code);
    await page.click('#user-create-submit');
    const tester = page.locator('#users-table tr[data-username="ftk.tester"]');
    await tester.waitFor();
    assert.match(await tester.textContent(), /FTK tester/);
    assert.deepEqual(page.problems, []);
  });

  test('"more" pages through the audit trail', async (t) => {
    // Enough entries for a second page: switch a throwaway account off and
    // on (each change is an audit row).
    const made = await api(BASE, '/api/v1/users', {
      method: 'POST', session: admin,
      body: { username: 'toggle.me', display_name: 'Toggle', password: PASSWORD, role: 'national_viewer', unit: 'IN' },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    for (let i = 0; i < 30; i++) {
      for (const disabled of [true, false]) {
        const r = await api(BASE, '/api/v1/users/toggle.me', { method: 'PATCH', session: admin, body: { disabled } });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
    }
    const page = await openPage(t);
    await page.goto(`${BASE}/?view=audit`);
    await viewReady(page, 'audit');
    await signInWithForm(page, 'admin');
    await page.waitForSelector('#audit-table tbody tr[data-id]');
    const first = await page.$$eval('#audit-table tbody tr[data-id]', (trs) => trs.map((tr) => Number(tr.dataset.id)));
    const total = (await api(BASE, '/api/v1/audit?limit=1000', { session: admin })).body.rows.length;
    assert.equal(first.length, Math.min(50, total));
    assert.ok(first.every((id, i) => i === 0 || first[i - 1] > id), 'newest first');
    assert.ok(total > 50, `${total} audit rows`);
    assert.ok(await page.locator('#audit-more').isVisible());
    await page.click('#audit-more');
    await page.waitForFunction((n) => document.querySelectorAll('#audit-table tbody tr[data-id]').length > n, 50);
    const ids = await page.$$eval('#audit-table tbody tr[data-id]', (trs) => trs.map((tr) => Number(tr.dataset.id)));
    assert.equal(ids.length, Math.min(100, total));
    assert.ok(ids.every((id, i) => i === 0 || ids[i - 1] > id), 'still newest first, no repeats');
    await page.screenshot({ path: `${SHOTS}-audit-more.png` });
    // Filters go into the URL; Back returns to the unfiltered trail.
    await page.fill('#audit-user', 'dist.officer');
    await page.click('#audit-apply');
    await page.waitForURL(/user=dist\.officer/);
    await viewReady(page, 'audit');
    await page.waitForFunction(() => [...document.querySelectorAll('#audit-table tbody tr[data-id]')]
      .every((tr) => tr.dataset.actor === 'dist.officer'));
    await page.goBack();
    await page.waitForFunction(() => !/user=/.test(window.location.search));
    await viewReady(page, 'audit');
    assert.equal(await page.inputValue('#audit-user'), '');
    assert.deepEqual(page.problems, []);
  });
});
