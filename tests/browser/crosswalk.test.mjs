// The import page (/?view=crosswalk) in headless Chromium, against the real
// `jjm serve` on the LGD lists: a state officer checks the real Kerala
// file, sees the names LGD spells otherwise grouped by district with their
// candidates, chooses one, imports with a confirmation and sees the counts;
// the page at phone size; and in Hindi.  An Excel workbook of the same file
// checks the same, its faulty cell named as Excel names it.
//
//   node --test tests/browser/crosswalk.test.mjs
//
// Starts its own server on a new database.  Screenshots:
// /tmp/jjm-crosswalk-*.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { jjm, startServer, addUser, signIn, api, tempDir, newDb, SHARED } from '../lib/jjm.mjs';
import { openPage as openPageIn, launchBrowser, signInWithForm, PASSWORD, TIMEOUT } from '../lib/browser.mjs';
import { workbookBase64 } from '../lib/xlsx.mjs';

const SHOTS = '/tmp/jjm-crosswalk';
const KERALA = join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv');
const HI = JSON.parse(readFileSync(new URL('../../web/i18n/hi.json', import.meta.url), 'utf8'));
const EN = JSON.parse(readFileSync(new URL('../../web/i18n/en.json', import.meta.url), 'utf8'));

let server;
let BASE;
let browser;
const P = {};

const openPage = (t, opts) => openPageIn(browser, t, opts);

async function code(q, level) {
  const r = await api(BASE, `/api/v1/units?q=${encodeURIComponent(q)}&level=${level}`);
  return r.body.results.find((x) => x.name.toLowerCase() === q.toLowerCase()).code;
}

// Opens the import page signed in as the state officer.
async function importPage(t, opts) {
  const page = await openPage(t, opts);
  await page.goto(`${BASE}/?view=crosswalk`);
  await signInWithForm(page, 'kerala.officer');
  await page.waitForSelector('#cw-file-form', { state: 'visible' });
  return page;
}

// Chooses the Kerala file and waits for the names.
async function check(page) {
  await page.setInputFiles('#cw-file', KERALA);
  await page.click('#cw-check');
  await page.waitForSelector('#cw-names', { state: 'visible', timeout: TIMEOUT });
}

describe('the import page', () => {
  before(async () => {
    const db = newDb(tempDir('jjm-crosswalk-'), 'crosswalk');
    const l = jjm(['import', 'lgd', join(SHARED, 'lgd'), '--db', db, '--commit']);
    assert.equal(l.status, 0, l.stdout + l.stderr);
    addUser(db, 'admin', 'national_admin', 'IN');
    server = await startServer({ db });
    BASE = server.url;
    P.kerala = await code('Kerala', 'state');
    P.bharanicavu = await code('Bharanicavu', 'block');
    const admin = await signIn(BASE, 'admin');
    for (const [username, role, unit] of [['kerala.officer', 'state_officer', P.kerala], ['kerala.viewer', 'national_viewer', 'IN']]) {
      const r = await api(BASE, '/api/v1/users', { method: 'POST', session: admin, body: { username, role, unit, password: PASSWORD } });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('only officers are offered the page', async (t) => {
    const page = await openPage(t);
    await page.goto(`${BASE}/?view=crosswalk`);
    await page.waitForSelector('#crosswalk-message', { state: 'visible' });
    assert.equal((await page.textContent('#crosswalk-message')).trim(), EN['cw.sign_in']);
    assert.equal(await page.isVisible('#nav-crosswalk'), false);
    await signInWithForm(page, 'kerala.viewer');
    await page.waitForFunction((s) => document.querySelector('#crosswalk-message')?.textContent.trim() === s, EN['cw.not_allowed']);
    assert.equal(await page.isVisible('#nav-crosswalk'), false);
    assert.equal(await page.isVisible('#cw-file-form'), false);
    assert.deepEqual(page.problems, []);
  });

  test('at phone size the page does not scroll sideways', async (t) => {
    const page = await importPage(t, { viewport: { width: 360, height: 740 } });
    await check(page);
    await page.click('#cw-import');
    await page.waitForSelector('#cw-confirm', { state: 'visible' });
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, win: window.innerWidth }));
    assert.ok(widths.doc <= widths.win && widths.body <= widths.win, JSON.stringify(widths));
    await page.click('#cw-confirm-no');
    await page.waitForSelector('#cw-confirm', { state: 'detached' });
    await page.screenshot({ path: `${SHOTS}-phone.png`, fullPage: false });
    assert.deepEqual(page.problems, []);
  });

  test('in Hindi', async (t) => {
    const page = await importPage(t);
    await page.selectOption('#lang', 'hi');
    await page.waitForFunction(() => document.documentElement.lang === 'hi');
    assert.equal((await page.textContent('#crosswalk-title')).trim(), HI['cw.title']);
    assert.equal((await page.textContent('#cw-check')).trim(), HI['cw.check']);
    assert.equal((await page.textContent('#nav-crosswalk')).trim(), HI['nav.crosswalk']);
    await check(page);
    assert.equal((await page.textContent('#cw-names-title')).trim(), HI['cw.names_title']);
    assert.equal((await page.textContent('#cw-import')).trim(), HI['cw.import']);
    const legend = await page.textContent('.cw-group legend');
    assert.ok(legend.startsWith('ज़िला '), legend);
    const unplaced = await page.locator('.cw-name').first().locator('.cw-choice').last().textContent();
    assert.equal(unplaced.trim(), HI['cw.leave_unplaced']);
    // A refusal in the reader's words: a file that is not a villages file.
    await page.setInputFiles('#cw-file', { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
    await page.click('#cw-check');
    await page.waitForSelector('#cw-error', { state: 'visible' });
    const msg = (await page.textContent('#cw-error')).trim();
    assert.equal(msg, HI['error.code.invalid_argument.field'].replace('{field}', HI['field.header']));
    await page.screenshot({ path: `${SHOTS}-hindi.png`, fullPage: true });
    assert.deepEqual(page.problems, []);
  });

  test('an Excel workbook checks as the CSV does, its faulty cell named', async (t) => {
    // The Kerala file saved by openpyxl, with one households cell spoiled.
    const book = workbookBase64({ path: KERALA }, { edit: "ws['I5'] = 'many'" });
    const page = await importPage(t);
    assert.match(await page.getAttribute('#cw-file', 'accept'), /\.xlsx/);
    await page.setInputFiles('#cw-file', { name: 'kerala.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(book, 'base64') });
    await page.fill('#cw-sheet', 'Villages');
    await page.click('#cw-check');
    await page.waitForSelector('#cw-names', { state: 'visible', timeout: TIMEOUT });
    assert.equal(Number(await page.getAttribute('#cw-summary', 'data-rows-read')), 1411);
    assert.equal(await page.locator('.cw-name').count(), 60, 'the same names as the CSV');
    assert.match(await page.textContent('#cw-rejections'), /Cell Villages!I5, TotalNoofHouseholds “many”/);
    assert.deepEqual(page.problems, []);
  });

  test('a state officer checks the file, chooses a candidate, imports and sees the counts', async (t) => {
    const page = await importPage(t);
    assert.equal(await page.isVisible('#nav-crosswalk'), true);
    await check(page);
    const summary = await page.getAttribute('#cw-summary', 'data-rows-read');
    assert.equal(Number(summary), 1411);
    // The names by district, each with candidates and scores.
    const groups = await page.locator('.cw-group legend').allTextContents();
    assert.ok(groups.some((g) => g.includes('Alappuzha')), groups.join(' | '));
    assert.equal(await page.locator('.cw-name').count(), 60);
    // A clear match is prefilled...
    const thy = page.locator('.cw-name[data-source="Thykkattussery"]');
    assert.equal(await thy.locator('input[value="B5959"]').isChecked(), true);
    assert.match(await thy.textContent(), /Thycattussery \(B5959\)/);
    assert.match(await thy.textContent(), /score (0\.9\d|1\.00)/);
    // ... the others wait for a person: choose Bharanicavu.
    const bar = page.locator('.cw-name[data-source="Baranikkavu"]');
    assert.equal(await bar.locator('input[value=""]').isChecked(), true);
    await bar.locator(`input[value="${P.bharanicavu}"]`).check();
    // Import: a dry run says what will be written, then the confirmation.
    await page.click('#cw-import');
    await page.waitForSelector('#cw-confirm', { state: 'visible' });
    const confirm = await page.textContent('#cw-confirm');
    assert.match(confirm, /rows of jjm_villages_kerala\.csv will be written/);
    assert.equal(await api(BASE, '/api/v1/health').then((r) => r.body.villages), 0, 'nothing written before the confirmation');
    assert.equal(await page.isChecked('#cw-remember'), true, 'remembering the choices is offered, on');
    await page.click('#cw-confirm-yes');
    await page.waitForSelector('#cw-result[data-committed="true"]', { timeout: TIMEOUT });
    // 42 clear matches prefilled and Bharanicavu chosen: 43 remembered.
    assert.match(await page.textContent('#cw-remembered'), /43 choices remembered/);
    const accepted = Number(await page.getAttribute('#cw-result-summary', 'data-rows-accepted'));
    const rejected = Number(await page.getAttribute('#cw-result-summary', 'data-rows-rejected'));
    assert.equal(accepted + rejected, 1411);
    assert.ok(accepted > 1000, String(accepted));
    assert.match(await page.textContent('#cw-result'), /villages created: /);
    // The server holds what the page said, and the chosen name's rows.
    assert.equal((await api(BASE, '/api/v1/health')).body.villages, accepted);
    const placed = await api(BASE, `/api/v1/coverage?parent=${P.bharanicavu}&level=village`);
    assert.equal(placed.body.rows.length, 7);
    await page.screenshot({ path: `${SHOTS}-result.png`, fullPage: true });
    await page.locator('#cw-result').screenshot({ path: `${SHOTS}-counts.png` });
    await page.locator('.cw-group').first().screenshot({ path: `${SHOTS}-names.png` });
    assert.deepEqual(page.problems, []);
  });
});
