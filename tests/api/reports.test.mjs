// The reports layer (issue 13, deliverables 1 and 2) on the running binary,
// on the real Telangana villages file: J3, J17, J7 and J5 against sums the
// test works out from the file itself; the XLSX read back by an independent
// reader (openpyxl, Debian's python3-openpyxl) with the same cells as the
// CSV; the PDF's text (poppler's pdftotext) with the Hindi headings and the
// right total; state target dates as data, set only by a national
// administrator, read by J23.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

import { jjm, tempDir, newDb, startServer, api, addUser, signIn, assertRefused, SHARED } from '../lib/jjm.mjs';
import { openapiOf } from '../lib/openapi.mjs';

const TELANGANA = join(SHARED, 'jjm-dashboard', 'jjm_villages_telangana.csv');
const AS_OF = '2024-03-31';

let server;
let base;
let conforms;
let dir;
let state; // Telangana's code
const S = {};

// The file's own figures: households and households with tap, in all and
// per district name.
function fileSums() {
  const lines = readFileSync(TELANGANA, 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const col = (n) => head.indexOf(n);
  const d = col('district_name');
  const hh = col('TotalNoofHouseholds');
  const tap = col('HousesWithTaps');
  const out = { hh: 0, tap: 0, villages: 0, districts: new Map() };
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    const h = Number(f[hh]);
    const t = Number(f[tap]);
    out.hh += h;
    out.tap += t;
    out.villages += 1;
    const s = out.districts.get(f[d]) || { hh: 0, tap: 0 };
    s.hh += h;
    s.tap += t;
    out.districts.set(f[d], s);
  }
  return out;
}

// The CSV's table: heading lines, then the column titles, then rows.
function parseCsv(text) {
  const lines = text.trim().split('\n');
  const blank = lines.indexOf('');
  assert.ok(blank > 0, 'a blank line ends the heading');
  const split = (l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g).slice(0, -1).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
  return { head: lines.slice(0, blank), columns: split(lines[blank + 1]), rows: lines.slice(blank + 2).map(split) };
}

async function file(path) {
  const res = await fetch(base + path);
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: Buffer.from(await res.arrayBuffer()) };
}

before(async () => {
  dir = tempDir();
  const db = newDb(dir, 'reports');
  const r = jjm(['import', 'villages', TELANGANA, '--db', db, '--as-of', '2024-03-01', '--commit', '--quiet',
    '--closed-periods', 'tests load published history']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  addUser(db, 'admin', 'national_admin', 'IN');
  server = await startServer({ db });
  base = server.url;
  ({ conforms } = openapiOf((await api(base, '/api/v1/openapi.json')).body));
  S.admin = await signIn(base, 'admin');
  state = (await api(base, '/api/v1/coverage?parent=IN&level=state')).body.rows[0].code;
  const states = (await api(base, '/api/v1/coverage?parent=IN&level=state')).body.rows;
  assert.equal(states.length, 1);
  addUser(db, 'officer', 'state_officer', state);
  S.officer = await signIn(base, 'officer');
});

after(async () => { await server?.stop(); });

test('the list names every J-format and the quality formats', async () => {
  const r = await api(base, '/api/v1/reports');
  assert.equal(r.status, 200);
  conforms('/reports', 'get', r);
  const names = r.body.reports.map((x) => x.name);
  for (const n of ['j2', 'j3', 'j5', 'j7', 'j17', 'j23', 'cs1bi', 'l5']) assert.ok(names.includes(n), n);
  assert.ok(r.body.reports.every((x) => x.title && x.title_hi));
});

test('J3 and J17 of Telangana add up to the file', async () => {
  const sums = fileSums();
  assert.equal(sums.hh, 5398219, 'the published total');
  const j3 = await api(base, `/api/v1/reports/j3?as_of=${AS_OF}`);
  assert.equal(j3.status, 200, JSON.stringify(j3.body));
  conforms('/reports/{name}', 'get', j3);
  const cols = j3.body.columns.map((c) => c.key);
  const total = j3.body.rows.find((r) => r.kind === 'total').cells;
  assert.equal(total[cols.indexOf('total_hh')], sums.hh);
  assert.equal(total[cols.indexOf('hh_with_tap')], sums.tap);
  assert.equal(total[cols.indexOf('villages')], sums.villages);
  assert.equal(total[cols.indexOf('balance')], sums.hh - sums.tap);

  const csv = parseCsv((await file(`/api/v1/reports/j17?place=${state}&as_of=${AS_OF}&format=csv`)).bytes.toString());
  assert.ok(csv.head[0].startsWith('Format J17'));
  assert.ok(csv.head.some((l) => l.startsWith('As of,2024-03-31')));
  const ci = (t) => csv.columns.indexOf(t);
  const districts = csv.rows.filter((r) => r[ci('District')] && r[ci('State')] !== 'Total');
  assert.equal(districts.length, sums.districts.size, 'one row per district of the file');
  let hh = 0;
  for (const row of districts) {
    const want = sums.districts.get(row[ci('District')]);
    assert.ok(want, `district ${row[ci('District')]} is in the file`);
    assert.equal(Number(row[ci('Total households')]), want.hh, row[ci('District')]);
    hh += Number(row[ci('Total households')]);
  }
  assert.equal(hh, sums.hh);
  const last = csv.rows.at(-1);
  assert.equal(last[ci('State')], 'Total');
  assert.equal(Number(last[ci('Total households')]), sums.hh);
});

test('J7 lists every village, J5 bands them all at 100%', async () => {
  const sums = fileSums();
  const j7 = (await api(base, `/api/v1/reports/j7?place=${state}&as_of=${AS_OF}`)).body;
  const rows = j7.rows.filter((r) => r.kind === 'row');
  assert.equal(rows.length, sums.villages);
  const k = j7.columns.map((c) => c.key);
  assert.equal(rows.reduce((s, r) => s + r.cells[k.indexOf('total_hh')], 0), sums.hh);
  const subtotals = j7.rows.filter((r) => r.kind === 'subtotal');
  assert.equal(subtotals.reduce((s, r) => s + r.cells[k.indexOf('total_hh')], 0), sums.hh, 'block sub-totals add up');
  const j5 = (await api(base, `/api/v1/reports/j5?place=${state}&as_of=${AS_OF}`)).body;
  const c5 = j5.columns.map((c) => c.key);
  const t5 = j5.rows.find((r) => r.kind === 'total').cells;
  assert.equal(t5[c5.indexOf('band_100_villages')], sums.villages, 'every Telangana village is Har Ghar Jal');
  assert.equal(t5[c5.indexOf('band_100_households')], sums.hh);
  assert.equal(t5[c5.indexOf('band_0_villages')], 0);
});

test('the XLSX has the CSV cells as numbers, read back by openpyxl', async () => {
  const x = await file(`/api/v1/reports/j17?place=${state}&as_of=${AS_OF}&format=xlsx`);
  assert.equal(x.status, 200);
  assert.match(x.type, /spreadsheetml/);
  assert.match(x.disposition, /attachment; filename="j17-.*-2024-03-31\.xlsx"/);
  const path = join(dir, 'j17.xlsx');
  writeFileSync(path, x.bytes);
  const py = spawnSync('/usr/bin/python3', ['-c', `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
rows = [[c.value for c in r] for r in ws.iter_rows()]
print(json.dumps({"sheets": wb.sheetnames, "freeze": ws.freeze_panes, "rows": rows,
  "formats": [c.number_format for c in ws[7]]}, default=str))
`, path], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const book = JSON.parse(py.stdout);
  assert.deepEqual(book.sheets, ['Report', 'Notes']);
  assert.equal(book.freeze, 'A7', 'the column headings stay in view');
  const csv = parseCsv((await file(`/api/v1/reports/j17?place=${state}&as_of=${AS_OF}&format=csv`)).bytes.toString());
  const header = book.rows[5];
  assert.deepEqual(header, csv.columns);
  const data = book.rows.slice(6);
  assert.equal(data.length, csv.rows.length);
  for (let i = 0; i < data.length; i++) {
    for (let j = 0; j < header.length; j++) {
      const want = csv.rows[i][j];
      const got = data[i][j];
      if (want === '') assert.ok(got === null || got === '', `${i},${j}`);
      else if (typeof got === 'number') assert.equal(got, Number(want), `${i},${j}`);
      else assert.equal(String(got), want, `${i},${j}`);
    }
  }
  const hhCol = header.indexOf('Total households');
  assert.equal(typeof data[0][hhCol], 'number', 'counts are number cells');
  assert.match(book.formats[hhCol], /##\\?,##/, 'Indian grouping as a number format');
});

test('the PDF carries the Hindi headings as Unicode and the right total', async () => {
  const p = await file(`/api/v1/reports/j3?as_of=${AS_OF}&format=pdf&lang=hi`);
  assert.equal(p.status, 200);
  assert.equal(p.type, 'application/pdf');
  assert.equal(p.bytes.subarray(0, 5).toString(), '%PDF-');
  const path = join(dir, 'j3.pdf');
  writeFileSync(path, p.bytes);
  const t = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /प्रारूप J3/);
  assert.match(t.stdout, /राज्य/);
  assert.match(t.stdout, /53,98,219/, 'the total in Indian grouping');
  assert.match(t.stdout, /पृष्ठ 1 में से 1/);
});

test('bad input is refused naming the field', async () => {
  assertRefused(await api(base, '/api/v1/reports/j99'), 404, 'name');
  assertRefused(await api(base, '/api/v1/reports/j3?format=docx'), 400, 'format');
  assertRefused(await api(base, '/api/v1/reports/j3?lang=fr'), 400, 'lang');
  assertRefused(await api(base, '/api/v1/reports/j3?as_of=2024-02-30'), 400, 'as_of');
  assertRefused(await api(base, '/api/v1/reports/j3?place=NOPE'), 404, 'place');
  assertRefused(await api(base, '/api/v1/reports/j3?colour=red'), 400, 'colour');
  const village = (await api(base, `/api/v1/reports/j7?place=${state}`)).body.rows[0].cells[4];
  assertRefused(await api(base, `/api/v1/reports/j17?place=${village}`), 400, 'place');
});

test('a state target date is data: set by a national administrator, read by J23', async () => {
  const before = (await api(base, '/api/v1/targets')).body;
  assert.equal(before.states[0].own, false);
  assert.equal((await api(base, `/api/v1/targets/${state}`, { method: 'POST', body: { target_date: '2027-03-31', reason: 'agreed' } })).status, 401);
  assertRefused(await api(base, `/api/v1/targets/${state}`, { method: 'POST', session: S.officer, body: { target_date: '2027-03-31', reason: 'agreed' } }), 403);
  assertRefused(await api(base, `/api/v1/targets/${state}`, { method: 'POST', session: S.admin, body: { target_date: '2018-01-01', reason: 'agreed' } }), 400, 'target_date');
  assertRefused(await api(base, `/api/v1/targets/${state}`, { method: 'POST', session: S.admin, body: { target_date: '2027-03-31' } }), 400, 'reason');
  const set = await api(base, `/api/v1/targets/${state}`, { method: 'POST', session: S.admin, body: { target_date: '2027-03-31', reason: 'agreed in the review meeting' } });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.equal(set.body.target_date, '2027-03-31');
  const again = await api(base, `/api/v1/targets/${state}`, { method: 'POST', session: S.admin, body: { target_date: '2027-03-31', reason: 'agreed in the review meeting' } });
  assert.equal(again.body.unchanged, true);
  const after = (await api(base, '/api/v1/targets')).body;
  conforms('/targets', 'get', { status: 200, body: after });
  assert.equal(after.states[0].target_date, '2027-03-31');
  assert.equal(after.states[0].own, true);
  const j23 = (await api(base, `/api/v1/reports/j23?as_of=2026-03-31`)).body;
  const k = j23.columns.map((c) => c.key);
  const row = j23.rows.find((r) => r.kind === 'row').cells;
  assert.equal(row[k.indexOf('target_date')], '2027-03-31');
  assert.equal(row[k.indexOf('days_left')], 365);
  const audit = await api(base, '/api/v1/audit?action=reports.target.set', { session: S.admin });
  assert.equal(audit.status, 200, JSON.stringify(audit.body));
  assert.equal(audit.body.rows.length, 1, 'one audit row, for the one change');
});
