// Excel workbooks in (issue 13, deliverable 3): the real Telangana villages
// file saved as .xlsx by an independent writer (openpyxl) imports to the
// same figures as the CSV, a ledger sheet with real Excel dates imports
// too, rejected rows are named as Excel shows them ("Villages!I5"), a
// chosen sheet is read with --sheet, and a damaged or hostile workbook is
// refused with nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

import { jjm, tempDir, newDb, sql, SHARED } from '../lib/jjm.mjs';

const TELANGANA = join(SHARED, 'jjm-dashboard', 'jjm_villages_telangana.csv');
const HIST = ['--closed-periods', 'tests load published history'];

// Runs python with openpyxl (Debian's python3-openpyxl).
function py(script, ...args) {
  const r = spawnSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// The CSV as a workbook: numbers as number cells, the rest as text, with a
// notes sheet first when `notesFirst` (then --sheet picks the data).
function toXlsx(csv, xlsx, { sheet = 'Villages', notesFirst = false, edit = '' } = {}) {
  py(`
import csv, sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
if ${notesFirst ? 'True' : 'False'}:
    ws.title = 'Read me'
    ws.append(['This workbook holds villages'])
    ws = wb.create_sheet('${sheet}')
else:
    ws.title = '${sheet}'
for row in csv.reader(open(sys.argv[1], encoding='utf-8-sig')):
    ws.append([int(v) if v.isdigit() and len(v) < 12 else v for v in row])
${edit}
wb.save(sys.argv[2])
`, csv, xlsx);
}

function ok(args) {
  const r = jjm(args);
  assert.equal(r.status, 0, `jjm ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test('the Telangana file as a workbook gives the same figures as the CSV', () => {
  const dir = tempDir();
  const xlsx = join(dir, 'telangana.xlsx');
  toXlsx(TELANGANA, xlsx);
  assert.equal(readFileSync(xlsx).subarray(0, 2).toString(), 'PK');
  const a = newDb(dir, 'csv');
  const b = newDb(dir, 'xlsx');
  ok(['import', 'villages', TELANGANA, '--db', a, '--as-of', '2024-03-01', '--commit', '--quiet', ...HIST]);
  const out = ok(['import', 'villages', xlsx, '--db', b, '--as-of', '2024-03-01', '--commit', '--quiet', ...HIST]);
  assert.match(out, /rows accepted: 9,458/);
  const report = (db) => ok(['report', '--db', db, '--as-of', '2024-03-31', '--villages']);
  assert.equal(report(b), report(a), 'every place, every figure');
});

test('a rejected row is named as Excel shows it; nothing is written', () => {
  const dir = tempDir();
  const xlsx = join(dir, 'bad.xlsx');
  // Row 5 of the sheet: households that are not a number.
  toXlsx(TELANGANA, xlsx, { edit: "ws['I5'] = 'many'" });
  const db = newDb(dir, 'bad');
  const r = jjm(['import', 'villages', xlsx, '--db', db, '--as-of', '2024-03-01', '--commit', '--quiet', ...HIST]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /rejected Villages!I5 \(row 5, column TotalNoofHouseholds\), value 'many'/);
  const rejects = readFileSync(`${xlsx}.rejected.csv`, 'utf8');
  assert.match(rejects, /^row,column,value,reason,cell\n/);
  assert.match(rejects, /\nVillages!I5\n|,Villages!I5\n/);
  assert.equal(sql(db, 'SELECT COUNT(*) FROM unit').stdout.trim(), '0', 'nothing committed');
});

test('--sheet picks the sheet; an unknown one is named', () => {
  const dir = tempDir();
  const xlsx = join(dir, 'two.xlsx');
  toXlsx(TELANGANA, xlsx, { sheet: 'Gram Data', notesFirst: true });
  const db = newDb(dir, 'two');
  const first = jjm(['import', 'villages', xlsx, '--db', db, '--as-of', '2024-03-01', '--quiet', ...HIST]);
  assert.notEqual(first.status, 0, 'the first sheet is the notes, not villages');
  const picked = ok(['import', 'villages', xlsx, '--db', db, '--as-of', '2024-03-01', '--quiet', '--sheet', 'Gram Data', ...HIST]);
  assert.match(picked, /rows accepted: 9,458/);
  const none = jjm(['import', 'villages', xlsx, '--db', db, '--sheet', 'Sheet9', '--quiet']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no sheet 'Sheet9' \(it has: Read me, Gram Data\)/);
  const csvSheet = jjm(['import', 'villages', TELANGANA, '--db', db, '--sheet', 'Villages', '--quiet']);
  assert.equal(csvSheet.status, 2);
  assert.match(csvSheet.stderr, /--sheet is for Excel workbooks/);
});

test('ledger rows with real Excel dates; damaged workbooks refused', () => {
  const dir = tempDir();
  const db = newDb(dir, 'ledger');
  ok(['import', 'villages', TELANGANA, '--db', db, '--as-of', '2024-03-01', '--commit', '--quiet', ...HIST]);
  const village = sql(db, "SELECT code FROM unit WHERE level = 5 ORDER BY code LIMIT 1").stdout.trim();
  const before = Number(sql(db, 'SELECT COUNT(*) FROM tap_event').stdout.trim());
  const xlsx = join(dir, 'ledger.xlsx');
  py(`
import sys, datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = 'Ledger'
ws.append(['village_code', 'date', 'count', 'reason'])
ws.append([sys.argv[2], datetime.date(2024, 6, 3), -2, 'two taps found broken'])
ws.append([sys.argv[2], datetime.date(2024, 6, 4), 1, 'one mended'])
ws.cell(row=2, column=2).number_format = 'DD-MM-YYYY'
ws.cell(row=3, column=2).number_format = 'd mmm yyyy'
wb.save(sys.argv[1])
`, xlsx, village);
  ok(['import', 'connections', xlsx, '--db', db, '--commit', '--quiet', ...HIST]);
  assert.equal(Number(sql(db, 'SELECT COUNT(*) FROM tap_event').stdout.trim()), before + 2);
  const days = sql(db, 'SELECT day FROM tap_event ORDER BY seq DESC LIMIT 2').stdout.trim().split('\n').map(Number);
  // 2024-06-03 and 2024-06-04 as days since 1970-01-01.
  assert.deepEqual(days.sort(), [19877, 19878]);

  const broken = join(dir, 'broken.xlsx');
  writeFileSync(broken, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]));
  const r = jjm(['import', 'connections', broken, '--db', db, '--commit', '--quiet']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not a readable Excel workbook/);
  assert.equal(Number(sql(db, 'SELECT COUNT(*) FROM tap_event').stdout.trim()), before + 2, 'nothing written');
});

test('the LGD lists as workbooks, and O&M accounts from a workbook', () => {
  const dir = tempDir();
  const lgd = join(SHARED, 'lgd');
  const books = join(dir, 'lgd');
  py(`
import csv, os, sys, openpyxl
os.makedirs(sys.argv[2])
for name in ['1-state', '2-district', 'blocks']:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet('List')
    for row in csv.reader(open(os.path.join(sys.argv[1], name + '.csv'), encoding='utf-8-sig')):
        ws.append(row)
    wb.save(os.path.join(sys.argv[2], name + '.xlsx'))
`, lgd, books);
  const a = newDb(dir, 'lgd_csv');
  const b = newDb(dir, 'lgd_xlsx');
  ok(['import', 'lgd', lgd, '--db', a, '--commit', '--quiet']);
  ok(['import', 'lgd', books, '--db', b, '--commit', '--quiet']);
  const places = (db) => sql(db, 'SELECT level, code, name, lgd_code FROM unit ORDER BY code').stdout;
  assert.equal(places(b), places(a), 'the same places from the workbooks');

  ok(['import', 'villages', TELANGANA, '--db', b, '--as-of', '2024-03-01', '--commit', '--quiet',
    '--create-missing', '--rejects', join(dir, 'v.rejected.csv'), ...HIST]);
  const village = sql(b, 'SELECT code FROM unit WHERE level = 5 ORDER BY code LIMIT 1').stdout.trim();
  const om = join(dir, 'om.xlsx');
  py(`
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = 'Accounts'
ws.append(['village', 'month', 'households', 'tariff', 'collected'])
ws.append([sys.argv[2], '2024-04', 120, 50, 5400])
ws.append([])
ws.append([sys.argv[2], '2024-05', 'many', 50, 5400])
wb.save(sys.argv[1])
`, om, village);
  const r = jjm(['import', 'om-accounts', om, '--db', b, '--quiet']);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /rejected Accounts!C4 \(row 4, column households\)/);
});
