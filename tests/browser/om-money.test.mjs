// The committee's monthly accounts on a phone (360×740) in headless
// Chromium against `jjm serve --demo`: the village's operator signs in on
// the committee's page, records a month through the form and sees the
// fund's balance (its opening balance plus collected minus spent), records
// a month that ends in deficit (marked with "!", not by colour alone),
// uploads a CSV whose bad row is shown with its row, column and reason
// (and nothing written); the page by place shows the collection
// efficiency.  Nothing scrolls sideways at 360 px.
//
//   JJM_BIN=build/jjm node --test tests/browser/om-money.test.mjs
//
// Screenshots: /tmp/jjm-om-money-*.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { startServer, addUser, signIn, api, tempDir, newDb } from '../lib/jjm.mjs';
import { openPage as openPageIn, launchBrowser, signInWithForm, PASSWORD, TIMEOUT } from '../lib/browser.mjs';

const SHOTS = '/tmp/jjm-om-money';
const EN = JSON.parse(readFileSync(new URL('../../web/i18n/en.json', import.meta.url), 'utf8'));
const PHONE = { viewport: { width: 360, height: 740 } };
const tag = `${process.pid % 10000}`;

let server;
let BASE;
let browser;
const S = {};
const P = {};

// "YYYY-MM" `n` months before this month in India.
function month(n = 0) {
  const ist = new Date(Date.now() + 5.5 * 3600_000);
  const m = ist.getUTCFullYear() * 12 + ist.getUTCMonth() - n;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
}

async function ok(who, path, opts = {}) {
  const r = await api(BASE, `/api/v1${path}`, { ...opts, session: who ? S[who] : undefined });
  assert.ok([200, 201].includes(r.status), `${opts.method || 'GET'} ${path}: ${r.status} ${r.text}`);
  return r.body;
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

describe('monthly accounts on a phone', () => {
  before(async () => {
    const db = newDb(tempDir('jjm-om-money-'), 'ommoney');
    addUser(db, 'admin', 'national_admin', 'IN');
    server = await startServer({ db, demo: true, demoScale: 0.003 });
    BASE = server.url;
    S.admin = await signIn(BASE, 'admin');
    assert.equal(S.admin.status, 200);
    // A village with households and no committee yet.
    const districts = (await ok(null, '/coverage?level=district')).rows;
    for (const d of districts) {
      const villages = (await ok(null, `/coverage?parent=${d.code}&level=village`)).rows.filter((v) => v.total_hh >= 20);
      for (const v of villages) {
        if ((await api(BASE, `/api/v1/committees/${v.code}`)).status === 404) {
          P.village = v.code;
          P.district = d.code;
          break;
        }
      }
      if (P.village) break;
    }
    assert.ok(P.village, 'a village without a committee');
    await ok('admin', '/committees', { method: 'POST', body: { village: P.village, formed_on: '2024-04-01' } });
    await ok('admin', `/committees/${P.village}/fund-opening`, { method: 'POST', body: { opening_paise: 50000 } });
    P.operator = `om.operator${tag}`;
    await ok('admin', '/users', { method: 'POST', body: { username: P.operator, password: PASSWORD, role: 'vwsc_operator', unit: P.village } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the operator records a month and sees the balance; a deficit; a CSV with a bad row', async (t) => {
    const page = await openPageIn(browser, t, PHONE);
    await page.goto(`${BASE}/?view=operations&place=${P.village}`);
    await signInWithForm(page, P.operator);
    await viewReady(page, 'committee');
    await page.waitForSelector('#ops-money');
    assert.equal((await page.textContent('#ops-money-none')).trim(), EN['ops.om.none']);

    // A month: 100 households at Rs 50, Rs 4,000 collected, Rs 3,000 spent.
    const m1 = month(2);
    await page.click('#ops-add-account summary');
    await page.fill('#ops-om-month', m1);
    await page.fill('#ops-om-households', '100');
    await page.fill('#ops-om-tariff', '50');
    await page.fill('#ops-om-collected', '4,000');
    await page.fill('#ops-om-operator_pay', '2000');
    await page.fill('#ops-om-electricity', '1000');
    await noSidewaysScroll(page, 'the form');
    await page.click('#ops-om-form-submit');
    await page.waitForSelector(`#ops-money-table tr[data-month="${m1}"]`);
    // Rs 500 opening + 4,000 - 3,000 = Rs 1,500.
    assert.equal(await page.getAttribute(`tr[data-month="${m1}"]`, 'data-closing'), '150000');
    const row = await page.textContent(`tr[data-month="${m1}"]`);
    assert.match(row, /₹5,000/);
    assert.match(row, /80%/);
    assert.match(row, /₹1,500/);
    assert.match(await page.textContent('#ops-flash'), new RegExp(m1));

    // A refusal beside its field: collected above 12 months of demand.
    const m2 = month(1);
    await page.click('#ops-add-account summary').catch(() => {});
    if (!(await page.isVisible('#ops-om-month'))) await page.click('#ops-add-account summary');
    await page.fill('#ops-om-month', m2);
    await page.fill('#ops-om-collected', '100000');
    await page.click('#ops-om-form-submit');
    await page.waitForSelector('[data-field="collected_paise"] .field-error:not([hidden])');

    // A month of repairs: the fund goes into deficit, marked "!".
    await page.fill('#ops-om-collected', '2500');
    await page.fill('#ops-om-repairs', '6000');
    await page.click('#ops-om-form-submit');
    await page.waitForSelector(`#ops-money-table tr[data-month="${m2}"]`);
    assert.equal(await page.getAttribute(`tr[data-month="${m2}"]`, 'data-closing'), '-200000');
    assert.match(await page.textContent(`tr[data-month="${m2}"] .ops-balance`), /^! −₹2,000$/);
    await noSidewaysScroll(page, 'the accounts');
    await page.screenshot({ path: `${SHOTS}-accounts.png`, fullPage: true });

    // A CSV with a good row and a bad one: checked, nothing written.
    const csv = `village,month,households,tariff,collected\n${P.village},${month(3)},100,50,4500\n${P.village},${month(4)},100,fifty,4500\n`;
    await page.click('#ops-om-upload summary');
    await page.setInputFiles('#ops-om-file', { name: 'months.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('#ops-om-csv-submit');
    await page.waitForSelector('#ops-om-rejections li');
    const li = page.locator('#ops-om-rejections li[data-row="3"][data-column="tariff"]');
    assert.equal(await li.count(), 1);
    assert.match(await li.textContent(), /Row 3, column tariff \(fifty\)/);
    assert.match(await page.textContent('#ops-om-report-summary'), /Nothing was written/);
    assert.equal(await page.locator(`#ops-money-table tr[data-month="${month(3)}"]`).count(), 0);
    await noSidewaysScroll(page, 'the import report');
    await page.screenshot({ path: `${SHOTS}-import.png`, fullPage: true });

    // By place: the district's collection efficiency, public.
    const pub = await openPageIn(browser, t, PHONE);
    await pub.goto(`${BASE}/?view=operations&tab=place&place=${P.district}`);
    await viewReady(pub, 'place');
    await pub.waitForSelector('#ops-money-places tbody tr');
    assert.ok(await pub.locator('#ops-money-places tbody tr').count() >= 1);
    await noSidewaysScroll(pub, 'by place');
    await pub.screenshot({ path: `${SHOTS}-places.png`, fullPage: true });
  });
});
