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
let db;
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
  const school = col('School_TapCon');
  const agan = col('Bal_Agan_TapCon');
  const out = { hh: 0, tap: 0, villages: 0, schools: 0, anganwadis: 0, districts: new Map() };
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    const h = Number(f[hh]);
    const t = Number(f[tap]);
    out.hh += h;
    out.tap += t;
    out.villages += 1;
    out.schools += Number(f[school]) || 0;
    out.anganwadis += Number(f[agan]) || 0;
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
  db = newDb(dir, 'reports');
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
  // As officials write it, "J3".
  const upper = await api(base, `/api/v1/reports/J3?as_of=${AS_OF}`);
  assert.equal(upper.status, 200);
  assert.equal(upper.body.report, 'j3');
  assert.deepEqual(upper.body.rows, j3.body.rows);
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

test('J2 counts the file\'s schools and anganwadi centres with tap, in its group', async () => {
  const sums = fileSums();
  const j2 = (await api(base, `/api/v1/reports/j2?as_of=${AS_OF}`)).body;
  const k = j2.columns.map((c) => c.key);
  const row = j2.rows.find((r) => r.kind === 'row').cells;
  assert.equal(row[k.indexOf('group')], 'OTHER', 'Telangana is neither north-eastern nor a union territory');
  assert.equal(row[k.indexOf('schools_with_tap')], sums.schools);
  assert.equal(row[k.indexOf('anganwadis_with_tap')], sums.anganwadis);
  assert.equal(row[k.indexOf('total')], sums.schools + sums.anganwadis);
  const subs = j2.rows.filter((r) => r.kind === 'subtotal').map((r) => r.cells);
  assert.deepEqual(subs.map((c) => c[k.indexOf('group')]), ['NE', 'UT', 'OTHER']);
  assert.equal(subs[2][k.indexOf('total')], sums.schools + sums.anganwadis);
  assert.equal(subs[0][k.indexOf('total')], 0);
  const total = j2.rows.find((r) => r.kind === 'total').cells;
  assert.equal(total[k.indexOf('total')], sums.schools + sums.anganwadis);
});

test('jjm report NAME writes the table the API serves, in every format', () => {
  const cli = jjm(['report', 'j17', '--db', db, '--place', state, '--as-of', AS_OF]);
  assert.equal(cli.status, 0, cli.stderr);
  const csv = parseCsv(cli.stdout);
  assert.ok(csv.head[0].startsWith('Format J17'));
  assert.equal(csv.rows.length, fileSums().districts.size + 1);
  assert.equal(Number(csv.rows.at(-1)[csv.columns.indexOf('Total households')]), fileSums().hh);
  const json = jjm(['report', 'j3', '--db', db, '--as-of', AS_OF, '--format', 'json']);
  assert.equal(json.status, 0, json.stderr);
  const j3 = JSON.parse(json.stdout);
  const total = j3.rows.find((r) => r.kind === 'total').cells;
  assert.equal(total[j3.columns.map((c) => c.key).indexOf('total_hh')], fileSums().hh);
  // The format follows the file's name.
  const xlsx = join(dir, 'cli-j7.xlsx');
  assert.equal(jjm(['report', 'j7', '--db', db, '--place', state, '--as-of', AS_OF, '--out', xlsx]).status, 0);
  assert.equal(readFileSync(xlsx).subarray(0, 2).toString(), 'PK', 'a zip: the workbook');
  const py = spawnSync('/usr/bin/python3', ['-c', `
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]
print(sum(1 for _ in ws.iter_rows()))
`, xlsx], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  assert.ok(Number(py.stdout) > fileSums().villages, 'every village is a row of the workbook');
  const pdf = join(dir, 'cli-j3.pdf');
  assert.equal(jjm(['report', 'j3', '--db', db, '--as-of', AS_OF, '--lang', 'hi', '--out', pdf]).status, 0);
  const t = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.match(t.stdout, /प्रारूप J3/);
  // Bad input: exit 2, a message naming what was wrong, nothing written.
  const refused = [
    [['report', 'j99', '--db', db], /no report 'j99'/],
    [['report', 'j3', '--db', db, '--format', 'docx'], /--format/],
    [['report', 'j3', '--db', db, '--out', join(dir, 'j3.docx')], /ends in no format/],
    [['report', 'j3', '--db', db, '--lang', 'fr'], /--lang/],
    [['report', 'j3', '--db', db, '--as-of', '2024-02-30'], /--as-of/],
    [['report', 'j17', '--db', db, '--place', 'NOPE'], /NOPE/],
    [['report', 'j7', '--db', db, '--villages'], /--villages/],
    [['report', '--db', db, '--place', state], /--place needs a report name/],
  ];
  for (const [args, why] of refused) {
    const r = jjm(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, why, args.join(' '));
    assert.equal(r.stdout, '', 'nothing written');
  }
  // Without a name, the coverage CSV two databases are compared by.
  const old = jjm(['report', '--db', db, '--as-of', AS_OF]);
  assert.equal(old.status, 0);
  assert.ok(old.stdout.startsWith('level,code,name,parent_code,total_hh'));
});

test('a table the page shows is written out as the page sent it, every bad cell refused by name', async () => {
  const table = {
    title: 'Coverage of the districts of Telangana',
    title_hi: 'तेलंगाना के ज़िलों का कवरेज',
    name: 'coverage',
    head: [{ label: 'Place', label_hi: 'स्थान', value: 'Telangana' }, { label: 'As of', value: AS_OF }],
    columns: [
      { title: 'District', title_hi: 'ज़िला' },
      { title: 'Households', kind: 'count' },
      { title: 'With tap (%)', kind: 'percent' },
    ],
    rows: [['Adilabad', 1234567, 99.5], ['Nirmal', 20, null], { kind: 'total', cells: ['Total', 1234587, 99.51] }],
  };
  const post = (body, q = 'format=csv') => fetch(`${base}/api/v1/exports?${q}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const csvRes = await post(table);
  assert.equal(csvRes.status, 200, await csvRes.clone().text());
  assert.match(csvRes.headers.get('content-disposition'), /filename="coverage-\d{4}-\d\d-\d\d\.csv"/);
  const csvText = await csvRes.text();
  const csv = parseCsv(csvText);
  assert.equal(csv.head[0], 'Coverage of the districts of Telangana');
  assert.ok(csv.head.some((l) => l.startsWith('Generated,')), 'the time it was made');
  assert.deepEqual(csv.columns, ['District', 'Households', 'With tap (%)']);
  assert.deepEqual(csv.rows[0], ['Adilabad', '1234567', '99.50']);
  assert.ok(csvText.includes('\nNirmal,20,\n'), 'an empty cell stays empty');

  const x = await post(table, 'format=xlsx&lang=hi');
  assert.equal(x.status, 200);
  const path = join(dir, 'page.xlsx');
  writeFileSync(path, Buffer.from(await x.arrayBuffer()));
  const py = spawnSync('/usr/bin/python3', ['-c', `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(json.dumps([[c.value for c in r] for r in ws.iter_rows()], default=str))
`, path], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const rows = JSON.parse(py.stdout);
  assert.equal(rows[0][0], 'तेलंगाना के ज़िलों का कवरेज');
  const at = rows.findIndex((r) => r[0] === 'ज़िला');
  assert.ok(at > 0, 'Hindi column headings');
  assert.deepEqual(rows[at + 1].slice(0, 2), ['Adilabad', 1234567], 'a number cell');
  const pdf = await post(table, 'format=pdf');
  assert.equal(pdf.status, 200);
  assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');

  const bad = [
    [{ ...table, title: '' }, 'title'],
    [{ ...table, columns: [] }, 'columns'],
    [{ ...table, columns: [{ title: 'A', kind: 'money' }, ...table.columns.slice(1)] }, 'columns[0].kind'],
    [{ ...table, rows: [['Adilabad', 12]] }, 'rows[0]'],
    [{ ...table, rows: [['Adilabad', 1.5, 2]] }, 'rows[0][1]'],
    [{ ...table, rows: [['Adilabad', 'many', 2]] }, 'rows[0][1]'],
    [{ ...table, rows: [['Adilabad', { x: 1 }, 2]] }, 'rows[0][1]'],
    [{ ...table, rows: [{ kind: 'grand', cells: ['a', 1, 2] }] }, 'rows[0].kind'],
    [{ ...table, name: '../etc/passwd' }, 'name'],
    [{ ...table, rows: Array.from({ length: 200001 }, () => [null, null, null]) }, 'rows'],
  ];
  for (const [body, field] of bad) {
    const r = await post(body);
    const text = await r.text();
    assert.equal(r.status, 400, `${field}: ${text.slice(0, 200)}`);
    assert.equal(JSON.parse(text).error.field, field, text);
  }
  assertRefused(await api(base, '/api/v1/exports?format=docx', { method: 'POST', body: table }), 400, 'format');
  const long = await post({ ...table, rows: Array.from({ length: 20001 }, () => ['a', 1, 1]) }, 'format=pdf');
  assert.equal(long.status, 400);
  assert.equal((await long.json()).error.field, 'rows', 'a long PDF is refused; CSV and XLSX take it');
  assert.equal((await post({ ...table, rows: Array.from({ length: 20001 }, () => ['a', 1, 1]) }, 'format=csv')).status, 200);
});

test('Kerala: J3, J17, J7 and J5 from `jjm report` against the file\'s own sums', () => {
  const KERALA = join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv');
  const kdb = newDb(dir, 'kerala');
  const r = jjm(['import', 'villages', KERALA, '--db', kdb, '--as-of', '2024-03-01', '--commit', '--quiet',
    '--rejects', join(dir, 'kerala.rejected.csv'), '--closed-periods', 'tests load published history']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  // The file's figures, computed here.
  const lines = readFileSync(KERALA, 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const col = (n) => head.indexOf(n);
  const sums = { hh: 0, tap: 0, villages: 0, districts: new Map(), bands: [0, 0, 0, 0, 0, 0] };
  const split = (l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
  for (const line of lines.slice(1)) {
    const f = split(line);
    const hh = Number(f[col('TotalNoofHouseholds')]);
    const tap = Number(f[col('HousesWithTaps')]);
    sums.hh += hh;
    sums.tap += tap;
    sums.villages += 1;
    const d = f[col('district_name')];
    sums.districts.set(d, (sums.districts.get(d) || 0) + hh);
    if (hh > 0) {
      const p = (100 * tap) / hh;
      sums.bands[p === 0 ? 0 : p < 25 ? 1 : p < 50 ? 2 : p < 75 ? 3 : p < 100 ? 4 : 5] += 1;
    }
  }
  assert.equal(sums.hh, 7080578, 'the published total');
  const report = (name, extra = []) => {
    const out = jjm(['report', name, '--db', kdb, '--as-of', AS_OF, '--format', 'json', ...extra]);
    assert.equal(out.status, 0, out.stderr);
    const t = JSON.parse(out.stdout);
    const k = t.columns.map((c) => c.key);
    return { t, k, total: t.rows.find((x) => x.kind === 'total').cells };
  };
  const j3 = report('j3');
  assert.equal(j3.total[j3.k.indexOf('total_hh')], sums.hh);
  assert.equal(j3.total[j3.k.indexOf('hh_with_tap')], sums.tap);
  assert.equal(j3.total[j3.k.indexOf('villages')], sums.villages);
  const kerala = j3.t.rows.find((x) => x.kind === 'row').cells[j3.k.indexOf('code')];
  const j17 = report('j17', ['--place', kerala]);
  const rows17 = j17.t.rows.filter((x) => x.kind === 'row');
  assert.equal(rows17.length, sums.districts.size);
  for (const row of rows17) {
    assert.equal(row.cells[j17.k.indexOf('total_hh')], sums.districts.get(row.cells[j17.k.indexOf('district')]));
  }
  const j7 = report('j7', ['--place', kerala]);
  assert.equal(j7.t.rows.filter((x) => x.kind === 'row').length, sums.villages);
  const j5 = report('j5', ['--place', kerala]);
  ['0', '0_25', '25_50', '50_75', '75_100', '100'].forEach((b, i) => {
    assert.equal(j5.total[j5.k.indexOf(`band_${b}_villages`)], sums.bands[i], `band ${b}`);
  });
});

test('J2 on demo data: each group adds up to its sub-total, the sub-totals to the total', () => {
  const gen = join(dir, 'gen');
  assert.equal(jjm(['generate', '--scale', '0.003', '--out', gen]).status, 0);
  const ddb = newDb(dir, 'demo_j2');
  const imp = jjm(['import', 'generated', gen, '--db', ddb]);
  assert.equal(imp.status, 0, imp.stderr);
  const out = jjm(['report', 'j2', '--db', ddb, '--format', 'json']);
  assert.equal(out.status, 0, out.stderr);
  const t = JSON.parse(out.stdout);
  const k = t.columns.map((c) => c.key);
  const g = k.indexOf('group');
  const figures = ['schools_with_tap', 'anganwadis_with_tap', 'total'].map((x) => k.indexOf(x));
  const rows = t.rows.filter((x) => x.kind === 'row');
  const subs = t.rows.filter((x) => x.kind === 'subtotal');
  const total = t.rows.find((x) => x.kind === 'total').cells;
  assert.equal(rows.length, 36, 'every state and UT');
  assert.deepEqual(rows.filter((x) => x.cells[g] === 'NE').map((x) => x.cells[k.indexOf('state')]).sort(),
    ['Arunachal Pradesh', 'Assam', 'Manipur', 'Meghalaya', 'Mizoram', 'Nagaland', 'Sikkim', 'Tripura']);
  for (const s of subs) {
    for (const f of figures) {
      const sum = rows.filter((x) => x.cells[g] === s.cells[g]).reduce((a, x) => a + x.cells[f], 0);
      assert.equal(s.cells[f], sum, `${s.cells[g]} ${k[f]}`);
    }
  }
  for (const f of figures) {
    assert.equal(total[f], subs.reduce((a, x) => a + x.cells[f], 0), k[f]);
    assert.ok(total[f] > 0);
  }
  for (const x of rows) {
    assert.equal(x.cells[k.indexOf('total')], x.cells[figures[0]] + x.cells[figures[1]]);
  }
});
