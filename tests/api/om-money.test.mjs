// O&M money (issue 12 part 4) on the running binary, on the demo data: a
// committee's monthly accounts recorded by the village's vwsc_operator (not
// by another village's, nor signed out), bad months and figures refused by
// field, the fund's balance month by month from its opening balance, a
// correction as a new version (the old one kept, the roll-up moving by the
// difference), bills checked by their bytes and shown only within the
// place, the public roll-up by place and period, and the CSV import: a dry
// run by default, every rejected row reported with row, column and reason,
// nothing written while a row is rejected; the command line's import too.
// Every answer is checked against the OpenAPI document.  Runs on SQLite,
// and on PostgreSQL under scripts/with-postgres.sh (JJM_TEST_PG).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { tempDir, newDb, startServer, api, addUser, signIn, assertRefused, sql, jjm } from '../lib/jjm.mjs';
import { openapiOf } from '../lib/openapi.mjs';
import { workbookBase64 } from '../lib/xlsx.mjs';

const PASSWORD = 'correct horse 42';

let server;
let base;
let conforms;
let db;
let dir;
const S = { anon: null };
const P = {};

// "YYYY-MM" `n` months before this month in India.
function month(n = 0) {
  const ist = new Date(Date.now() + 5.5 * 3600_000);
  const m = ist.getUTCFullYear() * 12 + ist.getUTCMonth() - n;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
}
function day(days = 0) {
  return new Date(Date.now() + 5.5 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

const get = (who, path) => api(base, `/api/v1${path}`, { session: S[who] });
const post = (who, path, body) => api(base, `/api/v1${path}`, { method: 'POST', body, session: S[who] });

function answers(res, status, route, method = 'get') {
  assert.equal(res.status, status, `${method} ${route}: ${res.status} ${JSON.stringify(res.body)}`);
  conforms(route, method, res);
  return res.body;
}
function refused(res, status, field, route, method, label) {
  assertRefused(res, status, field, label);
  conforms(route, method, res);
  return res.body.error;
}
const ACC = '/committees/{code}/accounts';
const BILLS = '/committees/{code}/bills';
const SUMMARY = '/om-accounts/summary';
const IMPORT = '/imports/om-accounts';

function audits(action) {
  const r = sql(db, `SELECT count(*) FROM audit WHERE action = '${action}'`);
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
}
function versions(code) {
  const r = sql(db, `SELECT count(*) FROM om_account a JOIN vwsc_committee c ON c.id = a.committee_id
                     JOIN unit u ON u.id = c.unit_id WHERE u.code = '${code}'`);
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
}

before(async () => {
  dir = tempDir();
  db = newDb(dir, 'om');
  addUser(db, 'admin', 'national_admin', 'IN');
  server = await startServer({ db, demo: true, demoScale: 0.003 });
  base = server.url;
  ({ conforms } = openapiOf((await api(base, '/api/v1/openapi.json')).body));
  // Two villages with households, of one block, without a committee.
  const districts = (await get('anon', '/coverage?level=district')).body.rows;
  for (const d of districts) {
    const villages = (await get('anon', `/coverage?parent=${d.code}&level=village`)).body.rows
      .filter((v) => v.total_hh >= 20);
    const free = [];
    for (const v of villages) {
      if ((await get('anon', `/committees/${v.code}`)).status === 404) free.push(v);
      if (free.length === 2) break;
    }
    if (free.length < 2) continue;
    [P.v1, P.v2] = free.map((v) => v.code);
    P.d1 = d.code;
    break;
  }
  assert.ok(P.v1 && P.v2, 'two villages with households and no committee');
  const unit = (await api(base, `/api/v1/units/${P.v1}`)).body;
  P.b1 = unit.path.find((p) => p.level === 'block').code;
  P.under = unit.path.find((p) => p.level === 'state').code;
  S.admin = await signIn(base, 'admin');
  for (const u of [
    { username: 'block.officer', role: 'block_officer', unit: P.b1 },
    { username: 'op.one', role: 'vwsc_operator', unit: P.v1 },
    { username: 'op.two', role: 'vwsc_operator', unit: P.v2 },
  ]) {
    const made = await post('admin', '/users', { ...u, password: PASSWORD });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  S.block = await signIn(base, 'block.officer');
  S.op1 = await signIn(base, 'op.one');
  S.op2 = await signIn(base, 'op.two');
  for (const v of [P.v1, P.v2]) {
    answers(await post('block', '/committees', { village: v, formed_on: day(-400) }), 201, '/committees', 'post');
  }
});

after(async () => {
  await server?.stop();
});

const M1 = month(3);
const M2 = month(2);
const account = (m, extra = {}) => ({
  month: m, households: 100, tariff_paise: 5000, collected_paise: 400000,
  spent_paise: { operator_pay: 200000, electricity: 150000, chemicals: 10000 }, ...extra,
});

test('the demo holds a year of accounts for its committees, some in deficit', async () => {
  const s = answers(await get('anon', SUMMARY), 200, SUMMARY);
  assert.ok(s.total.accounts >= 12, JSON.stringify(s.total));
  assert.ok(s.total.efficiency > 0.3 && s.total.efficiency < 1.1, `${s.total.efficiency}`);
  const committees = (await get('anon', '/committees')).body.rows;
  let deficits = 0;
  for (const c of committees.slice(0, 20)) {
    const a = answers(await get('anon', `/committees/${c.place.code}/accounts`), 200, ACC);
    if (a.months.length === 0) continue;
    assert.equal(a.months.length, 12);
    for (const m of a.months) {
      assert.ok(m.tariff_paise >= 3000 && m.tariff_paise <= 10000, `${m.tariff_paise}`);
      assert.equal(m.demanded_paise, m.households * m.tariff_paise);
      assert.ok(!('recorded_by' in m), 'who recorded is not public');
      if (m.deficit) deficits++;
    }
  }
  assert.ok(deficits > 0, 'some months end in deficit');
});

test('recording a month: refusals by field and by role, the balance, a correction as a new version', async () => {
  const path = `/committees/${P.v1}/accounts`;
  const before = answers(await get('anon', `${SUMMARY}?place=${P.b1}&from=${M1}&to=${M2}`), 200, SUMMARY);
  const audited = audits('operations.om_account.record');

  refused(await post('anon', path, account(M1)), 401, undefined, ACC, 'post', 'signed out');
  refused(await post('op2', path, account(M1)), 403, undefined, ACC, 'post', "another village's operator");
  refused(await post('op1', path, account('2026-13')), 400, 'month', ACC, 'post', 'month 13');
  refused(await post('op1', path, account('May 2026')), 400, 'month', ACC, 'post', 'not YYYY-MM');
  refused(await post('op1', path, account(month(-2))), 400, 'month', ACC, 'post', 'a month not begun');
  refused(await post('op1', path, account(M1, { collected_paise: 100 * 5000 * 13 })), 400, 'collected_paise', ACC, 'post',
    'collected over 12 months of demand');
  refused(await post('op1', path, account(M1, { households: -1 })), 400, 'households', ACC, 'post');
  refused(await post('op1', path, account(M1, { spent_paise: { repairs: -5 } })), 400, 'spent_paise.repairs', ACC, 'post');
  refused(await post('op1', path, account(M1, { spent_paise: { salary: 5 } })), 400, 'spent_paise.salary', ACC, 'post');
  refused(await post('op1', path, account(M1, { colour: 'blue' })), 400, 'colour', ACC, 'post');
  refused(await post('op1', '/committees/V0000000000/accounts', account(M1)), 400, 'village', ACC, 'post');
  assert.equal(versions(P.v1), 0, 'nothing written by a refusal');
  assert.equal(audits('operations.om_account.record'), audited);

  answers(await post('op1', `/committees/${P.v1}/fund-opening`, { opening_paise: 100000 }), 200,
    '/committees/{code}/fund-opening', 'post');
  refused(await post('op2', `/committees/${P.v1}/fund-opening`, { opening_paise: 1 }), 403, undefined,
    '/committees/{code}/fund-opening', 'post');
  let a = answers(await post('op1', path, account(M1)), 201, ACC, 'post');
  assert.equal(a.months.length, 1);
  let m = a.months[0];
  assert.equal(m.month, M1);
  assert.equal(m.version, 1);
  assert.equal(m.demanded_paise, 500000);
  assert.equal(m.efficiency, 0.8);
  assert.equal(m.spent_paise, 360000);
  assert.equal(m.opening_paise, 100000);
  assert.equal(m.closing_paise, 140000);
  assert.equal(m.recorded_by, 'op.one');
  // A second month spends more than it collects: the balance goes below 0.
  a = answers(await post('block', path, account(M2, {
    collected_paise: 200000, spent_paise: { operator_pay: 200000, repairs: 300000 },
  })), 201, ACC, 'post');
  assert.deepEqual(a.months.map((x) => x.closing_paise), [140000, -160000]);
  assert.equal(a.months[1].deficit, true);
  assert.equal(a.totals.collected_paise, 600000);
  assert.equal(a.totals.efficiency, 0.6);

  // A correction of the first month: version 2; the first stays stored.
  a = answers(await post('op1', path, account(M1, { collected_paise: 500000, note: 'a receipt book found' })), 201, ACC, 'post');
  assert.equal(a.months[0].version, 2);
  assert.equal(a.months[0].efficiency, 1);
  assert.deepEqual(a.months.map((x) => x.closing_paise), [240000, -60000]);
  assert.equal(versions(P.v1), 3);
  assert.equal(audits('operations.om_account.record'), audited + 3);
  const upd = sql(db, 'UPDATE om_account SET collected_paise = 0');
  assert.notEqual(upd.status, 0, 'accounts cannot be changed in place');

  // The public view has the figures without who recorded them.
  const pub = answers(await get('anon', `${path}?from=${M2}`), 200, ACC);
  assert.deepEqual(pub.months.map((x) => x.month), [M2]);
  assert.equal(pub.totals.opening_paise, 240000);
  assert.ok(!('recorded_by' in pub.months[0]) && !('bills' in pub.months[0]));
  refused(await get('anon', `${path}?from=${M2}&to=${M1}`), 400, 'from', ACC, 'get', 'from after to');
  refused(await get('anon', `${path}?to=2026-99`), 400, 'to', ACC, 'get');

  // The roll-up moved by exactly this committee's months.
  const after = answers(await get('anon', `${SUMMARY}?place=${P.b1}&from=${M1}&to=${M2}`), 200, SUMMARY);
  assert.equal(after.total.demanded_paise - before.total.demanded_paise, 1000000);
  assert.equal(after.total.collected_paise - before.total.collected_paise, 700000);
  assert.equal(after.total.spent_by_head.repairs - before.total.spent_by_head.repairs, 300000);
  assert.equal(after.total.accounts - before.total.accounts, 2);
  const sum = after.places.reduce((s, p) => s + p.collected_paise, 0);
  assert.equal(sum, after.total.collected_paise, 'the places below add up to the place');
  const india = answers(await get('anon', `${SUMMARY}?place=${P.under}`), 200, SUMMARY);
  assert.ok(india.places.length >= 1);
  refused(await get('anon', `${SUMMARY}?place=nowhere`), 400, 'place', SUMMARY, 'get');
});

// 1x1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');

test('bills: checked by their bytes, for a month with an account, shown only within the place', async () => {
  const path = `/committees/${P.v1}/bills`;
  const bill = (extra = {}) => ({
    month: M2, head: 'repairs', amount_paise: 300000,
    file: { name: 'pump-repair.png', content_type: 'image/png', data_base64: PNG }, ...extra,
  });
  refused(await post('anon', path, bill()), 401, undefined, BILLS, 'post');
  refused(await post('op2', path, bill()), 403, undefined, BILLS, 'post', "another village's operator");
  refused(await post('op1', path, bill({ head: 'salary' })), 400, 'head', BILLS, 'post');
  refused(await post('op1', path, bill({ month: month(8) })), 400, 'month', BILLS, 'post', 'a month without an account');
  refused(await post('op1', path, bill({ file: { content_type: 'application/pdf', data_base64: PNG } })), 400,
    'file.data_base64', BILLS, 'post', 'a PNG called a PDF');
  refused(await post('op1', path, bill({ file: { content_type: 'text/plain', data_base64: Buffer.from('hi').toString('base64') } })),
    400, 'file.data_base64', BILLS, 'post', 'not an image or PDF');
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2.2 * 1024 * 1024, 32)]).toString('base64');
  refused(await post('op1', path, bill({ file: { content_type: 'application/pdf', data_base64: big } })), 413,
    undefined, BILLS, 'post', 'over 2 MiB');
  const b = answers(await post('op1', path, bill()), 201, BILLS, 'post');
  assert.equal(b.content_type, 'image/png');
  const p = answers(await post('block', path, bill({ head: 'electricity', amount_paise: null,
    file: { content_type: 'application/pdf', data_base64: PDF } })), 201, BILLS, 'post');
  assert.equal(p.name, 'bill.pdf');
  const mine = answers(await get('op1', `/committees/${P.v1}/accounts?from=${M2}&to=${M2}`), 200, ACC);
  assert.deepEqual(mine.months[0].bills.map((x) => x.head), ['repairs', 'electricity']);
  const F = '/om-bills/{id}';
  refused(await get('anon', `/om-bills/${b.id}`), 401, undefined, F, 'get');
  refused(await get('op2', `/om-bills/${b.id}`), 404, undefined, F, 'get', "another village's bill");
  const file = answers(await get('op1', `/om-bills/${b.id}`), 200, F);
  assert.equal(file.data_base64, PNG);
  assert.equal(audits('operations.om_bill.attach'), 2);
});

const CSV = (rows) => `village,month,households,tariff,collected,operator_pay,electricity,repairs,chemicals,other,note\n${rows.join('\n')}\n`;

test('the CSV import: a dry run by default, every rejected row with row, column and reason, nothing written while any is rejected', async () => {
  const M3 = month(1);
  const good = [
    `${P.v1},${M3},100,50,"4,500.50",2000,1500,,100,,`,
    `${P.v1},${month(4)},100,50,5000,2000,1500,0,100,0,`,
  ];
  const bad = [
    `${P.v1},2026-13,100,50,4500,2000,1500,0,100,0,`, // line 4: month
    `${P.v1},${month(5)},100,fifty,4500,2000,1500,0,100,0,`, // line 5: tariff
    `${P.v1},${month(6)},100,50,70000,0,0,0,0,0,`, // line 6: collected over 12 months
    `${P.v2},${month(6)},100,50,4500,0,0,0,0,0,`, // line 7: another village (op1's scope)
    `${P.v1},${M3},100,50,4500,0,0,0,0,0,`, // line 8: the month twice
    `V0000000000,${month(6)},100,50,4500,0,0,0,0,0,`, // line 9: no such place
  ];
  const stored = versions(P.v1);
  const audited = audits('operations.om_account.import');
  refused(await post('anon', IMPORT, { file: CSV(good) }), 401, undefined, IMPORT, 'post');
  refused(await post('op1', IMPORT, { file: 'village,month\n' }), 400, 'header', IMPORT, 'post', 'columns missing');
  refused(await post('op1', IMPORT, { file: CSV(good), commit: 'yes' }), 400, 'commit', IMPORT, 'post');

  let r = answers(await post('op1', IMPORT, { file: CSV([...good, ...bad]) }), 200, IMPORT, 'post');
  assert.equal(r.committed, false);
  assert.equal(r.rows_read, 8);
  assert.equal(r.rows_accepted, 2);
  assert.equal(r.rows_rejected, 6);
  const got = r.rejections.map((x) => [x.row, x.column]);
  assert.deepEqual(got, [[4, 'month'], [5, 'tariff'], [6, 'collected'], [7, 'village'], [8, 'month'], [9, 'village']]);
  for (const x of r.rejections) assert.ok(x.reason.length > 5, JSON.stringify(x));
  assert.equal(r.rejections[1].value, 'fifty');
  assert.equal(versions(P.v1), stored, 'a dry run writes nothing');

  // commit with rejected rows: still nothing.
  r = answers(await post('op1', IMPORT, { file: CSV([...good, ...bad]), commit: true }), 200, IMPORT, 'post');
  assert.equal(r.committed, false);
  assert.equal(versions(P.v1), stored);
  assert.equal(audits('operations.om_account.import'), audited);

  // The good rows alone, committed.
  r = answers(await post('op1', IMPORT, { file: CSV(good), commit: true }), 201, IMPORT, 'post');
  assert.equal(r.committed, true);
  assert.equal(r.counts.accounts, 2);
  assert.equal(versions(P.v1), stored + 2);
  assert.equal(audits('operations.om_account.import'), audited + 1);
  const a = answers(await get('anon', `/committees/${P.v1}/accounts?from=${M3}&to=${M3}`), 200, ACC);
  assert.equal(a.months[0].collected_paise, 450050);
  assert.equal(a.months[0].spent_paise, 360000);

  // With skip_invalid: the valid rows of a file with rejected ones.
  r = answers(await post('block', IMPORT, {
    file: CSV([`${P.v2},${month(6)},80,40,3200,0,0,0,0,0,`, bad[0]]), commit: true, skip_invalid: true,
  }), 201, IMPORT, 'post');
  assert.equal(r.counts.accounts, 1);
  assert.equal(r.rows_rejected, 1);
});

test('the import takes an Excel workbook too, its rejections named by cell', async () => {
  const rows = [
    `${P.v1},${month(8)},100,50,4500,0,0,0,0,0,`,
    `${P.v1},2026-13,100,50,4500,0,0,0,0,0,`, // Accounts!B3: month
    `${P.v1},${month(9)},100,fifty,4500,0,0,0,0,0,`, // Accounts!D4: tariff
  ];
  // Written by openpyxl, numbers as number cells, after a sheet of notes.
  const book = workbookBase64({ text: CSV(rows) }, { sheet: 'Accounts', notes: 'Monthly O&M accounts, sheet Accounts' });
  const stored = versions(P.v1);
  refused(await post('op1', IMPORT, { file_base64: book, filename: 'om.xlsx' }), 400, 'header', IMPORT, 'post', 'the first sheet is the notes');
  refused(await post('op1', IMPORT, { file_base64: book, sheet: 'Nope' }), 400, 'sheet', IMPORT, 'post');
  refused(await post('op1', IMPORT, { file_base64: 'not base64!' }), 400, 'file_base64', IMPORT, 'post');
  refused(await post('op1', IMPORT, { file: CSV(rows), file_base64: book }), 400, 'file', IMPORT, 'post');
  let a = answers(await post('op1', IMPORT, { file_base64: book, filename: 'om.xlsx', sheet: 'Accounts' }), 200, IMPORT, 'post');
  assert.deepEqual(a.rejections.map((x) => [x.row, x.cell]), [[3, 'Accounts!B3'], [4, 'Accounts!D4']]);
  assert.equal(a.rows_accepted, 1);
  assert.equal(versions(P.v1), stored, 'a dry run writes nothing');
  a = answers(await post('op1', IMPORT, { file_base64: book, sheet: 'Accounts', commit: true, skip_invalid: true }), 201, IMPORT, 'post');
  assert.equal(a.counts.accounts, 1);
  assert.equal(versions(P.v1), stored + 1);
});

test('jjm import om-accounts: a dry run reports every rejected row and writes nothing', async () => {
  if (db.startsWith('postgresql://')) return; // one CLI check is enough
  const file = join(dir, 'om.csv');
  writeFileSync(file, CSV([`${P.v1},${month(7)},100,50,4500,0,0,0,0,0,`, `${P.v1},2026-00,1,1,1,0,0,0,0,0,`]));
  const stored = versions(P.v1);
  const r = jjm(['import', 'om-accounts', file, '--db', db, '--quiet', '--rejects', join(dir, 'om.rejected.csv')]);
  assert.notEqual(r.status, 0, r.stdout);
  assert.match(r.stdout, /dry run/);
  assert.match(r.stdout, /month/);
  assert.equal(versions(P.v1), stored);
});
