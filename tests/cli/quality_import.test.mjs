// Water-quality imports through the real `jjm` binary: labs, sources and
// lab results in both layouts, with planted faults; dry runs, --commit,
// --skip-invalid and the rejects file; the export; and the demo data of
// `jjm generate` loaded as `serve --demo` loads it.  Every file is written
// in the test's own temporary folder (so are the rejects files beside
// them): the checkout and ../shared stay untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { jjm, tempDir, newDb, sql } from '../lib/jjm.mjs';

const HIST = ['--closed-periods', 'tests load generated history'];

function count(stdout, label) {
  const m = stdout.match(new RegExp(`${label}:\\s+([\\d,]+)`));
  return m ? Number(m[1].replaceAll(',', '')) : null;
}

function scalar(db, statement) {
  const r = sql(db, statement);
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
}

function write(dir, name, lines) {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

// The rejections a run printed, as "row|column|reason" lines.
function rejections(stdout) {
  return [...stdout.matchAll(/rejected row (\d+), column (.*?), value '(.*?)': (.*)/g)]
    .map((m) => ({ row: Number(m[1]), column: m[2], value: m[3], reason: m[4] }));
}

function rejected(list, row, column, reason) {
  const hit = list.find((r) => r.row === row && r.column === column && reason.test(r.reason));
  assert.ok(hit, `no rejection of row ${row}, column ${column} matching ${reason}:\n${JSON.stringify(list, null, 1)}`);
  return hit;
}

// A results file with a column per parameter and a fault planted in every
// row but the first (and the last but one, a repeat of the first).
function wideFaults(p) {
  return [
    'sample_code,lab,source,method,collected_on,tested_on,collected_by,tested_by,pH,fluoride (mg/l),Radium (Bq/l),Iron (ppb),Total coliform (per 100 ml)',
    `${p}-1,BL1,WS1,lab,2025-05-10,2025-05-12,Rina Das,Amit Roy,7.2,0.4,,,absent`,
    `${p}-2,BL1,WS1,lab,2025-05-10,2025-05-12,Rina Das,Amit Roy,7.2,0.4,5,,absent`,
    `${p}-3,BL1,WS1,lab,2025-05-10,2025-05-12,Rina Das,Amit Roy,7.2,0.4,,120,absent`,
    `${p}-4,BL1,WS1,lab,2025-05-10,2025-05-12,Rina Das,Amit Roy,7.2,high,,,absent`,
    `${p}-5,BL1,WS1,lab,2099-05-10,,Rina Das,Amit Roy,7.2,0.4,,,absent`,
    `${p}-6,BL1,WS999,lab,2025-05-10,2025-05-12,Rina Das,Amit Roy,7.2,0.4,,,absent`,
    'S-1,BL1,WS1,lab,2025-05-10,2025-05-12,Rina Das,Amit Roy,7.2,0.4,,,absent',
    `${p}-1,BL1,WS1,lab,2025-05-10,2025-05-12,Rina Das,Amit Roy,7.2,0.4,,,absent`,
    `${p}-7,BL1,WS2,lab,2025-05-11,2025-05-09,Rina Das,Amit Roy,7.2,0.4,,,absent`,
  ];
}

// The same with one row per sample and parameter: only sample 1 is clean.
function longFaults(p) {
  return [
    'sample_code,lab,source,collected_on,tested_on,collected_by,tested_by,parameter,unit,value',
    `${p}-1,DL1,WS3,2025-07-01,2025-07-03,Rina Das,Amit Roy,pH,,7.1`,
    `${p}-1,DL1,WS3,2025-07-01,2025-07-03,Rina Das,Amit Roy,Fluoride (as F),mg/L,0.5`,
    `${p}-1,DL1,WS3,2025-07-01,2025-07-03,Rina Das,Amit Roy,E. coli,per 100 ml,absent`,
    `${p}-2,DL1,WS3,2025-07-01,2025-07-03,Rina Das,Amit Roy,fluoride,ppb,0.5`,
    `${p}-2,DL1,WS3,2025-07-01,2025-07-03,Rina Das,Amit Roy,pH,,7.0`,
    `${p}-3,DL1,WS3,2025-07-01,2025-07-03,Rina Das,Amit Roy,Unobtainium,mg/l,1`,
    `${p}-4,DL1,WS3,2025-07-01,2025-07-03,Rina Das,Amit Roy,nitrate,mg/l,lots`,
    `${p}-5,DL1,WS3,2099-07-01,,Rina Das,Amit Roy,pH,,7.0`,
    `${p}-6,DL1,WS3,2025-07-02,2025-07-03,Rina Das,Amit Roy,pH,,7.2`,
    `${p}-6,SL19,WS3,2025-07-02,2025-07-03,Rina Das,Amit Roy,iron,mg/l,0.1`,
    `${p}-7,DL1,NOPE,2025-07-01,2025-07-03,Rina Das,Amit Roy,pH,,7.0`,
    `${p}-7,DL1,NOPE,2025-07-01,2025-07-03,Rina Das,Amit Roy,fluoride,mg/l,0.3`,
  ];
}

const samples = (db) => scalar(db, 'SELECT count(*) FROM wq_sample');
const results = (db) => scalar(db, 'SELECT count(*) FROM wq_result');

test('quality imports: labs, sources, results in both layouts', async (t) => {
  const dir = tempDir();
  const db = newDb(dir, 'quality');
  const villages = write(dir, 'villages.csv', [
    'state_code,state_name,district_code,district_name,block_code,block_name,gp_code,gp_name,village_code,village_name,total_hh,hh_with_tap',
    'S19,West Bengal,DX1,Nadia,BX1,Haringhata,GX1,Birohi,VX1,Birohi,200,50',
    'S19,West Bengal,DX1,Nadia,BX1,Haringhata,GX1,Birohi,VX2,Mohanpur,150,20',
  ]);
  const v = jjm(['import', 'villages', villages, '--db', db, '--as-of', '2024-01-01', '--commit', ...HIST]);
  assert.equal(v.status, 0, v.stdout + v.stderr);

  await t.test('labs and sources: a dry run writes nothing, --commit writes them', () => {
    const labs = write(dir, 'labs.csv', [
      'code,name,level,place,parameters,refers_to,nabl_certificate,nabl_valid_from,nabl_valid_to',
      'SL19,State Referral Laboratory West Bengal,state,S19,,,TC-1001,2024-01-01,2025-12-31',
      'DL1,Nadia District Laboratory,district,DX1,,SL19,,,',
      'BL1,Haringhata Block Laboratory,block,BX1,ph turbidity tds chloride nitrate fluoride iron arsenic total_coliform e_coli,DL1,,,',
    ]);
    const dry = jjm(['import', 'quality-labs', labs, '--db', db]);
    assert.equal(dry.status, 0, dry.stdout + dry.stderr);
    assert.equal(count(dry.stdout, 'rows accepted'), 3);
    assert.match(dry.stdout, /dry run .* nothing written/);
    assert.equal(scalar(db, 'SELECT count(*) FROM wq_lab'), 0);
    const r = jjm(['import', 'quality-labs', labs, '--db', db, '--commit']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /committed/);
    assert.equal(scalar(db, 'SELECT count(*) FROM wq_lab'), 3);
    assert.equal(scalar(db, 'SELECT count(*) FROM wq_accreditation'), 1);
    assert.equal(existsSync(`${labs}.rejected.csv`), false, 'no rejects file for a clean file');

    const sources = write(dir, 'sources.csv', [
      'code,village,habitation,type,name,has_alternate',
      'WS1,VX1,,tube_well,Tube well 1,no',
      'WS2,VX1,,hand_pump,Hand pump 1,yes',
      'WS3,VX2,,pond,Pond 1,no',
      'WS4,VX404,,borewell,Nowhere,no',
      'WS5,VX2,,jacuzzi,Hot tub,no',
    ]);
    const bad = jjm(['import', 'quality-sources', sources, '--db', db, '--commit']);
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    const list = rejections(bad.stdout);
    rejected(list, 5, 'village', /./);
    rejected(list, 6, 'type', /./);
    assert.match(bad.stdout, /nothing written: rows were rejected/);
    assert.equal(scalar(db, 'SELECT count(*) FROM wq_source'), 0);
    const csv = readFileSync(`${sources}.rejected.csv`, 'utf8').trim().split('\n');
    assert.equal(csv[0], 'row,column,value,reason');
    assert.equal(csv.length, 3);
    const skip = jjm(['import', 'quality-sources', sources, '--db', db, '--commit', '--skip-invalid']);
    assert.equal(skip.status, 1, skip.stdout + skip.stderr);
    assert.match(skip.stdout, /committed/);
    assert.equal(scalar(db, 'SELECT count(*) FROM wq_source'), 3);
  });

  await t.test('wide layout: a clean file is committed, failures open alerts', () => {
    const good = write(dir, 'good.csv', [
      'sample_code,lab,source,method,collected_on,tested_on,collected_by,tested_by,pH,fluoride (mg/l),Arsenic (as As) mg/L,Iron (mg/l),Total coliform (per 100 ml)',
      'S-1,BL1,WS1,lab,2025-05-10,2025-05-12,Rina Das,Amit Roy,7.2,0.4,0.004,0.1,absent',
      'S-2,BL1,WS2,lab,2025-05-10,2025-05-12,Rina Das,Amit Roy,7.4,0.6,0.08,0.2,absent',
      'S-3,,WS3,ftk,2025-06-01,2025-06-01,Sunita Devi,Sunita Devi,7.0,,,,present',
    ]);
    const dry = jjm(['import', 'quality-results', good, '--db', db]);
    assert.equal(dry.status, 0, dry.stdout + dry.stderr);
    assert.equal(count(dry.stdout, 'rows accepted'), 3);
    assert.equal(count(dry.stdout, 'samples'), 3);
    assert.equal(count(dry.stdout, 'results'), 12);
    assert.equal(samples(db), 0, 'a dry run writes nothing');
    const r = jjm(['import', 'quality-results', good, '--db', db, '--commit']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /committed/);
    assert.equal(samples(db), 3);
    assert.equal(results(db), 12);
    // Arsenic beyond its limit at WS2; bacteria found by the FTK at WS3.
    assert.equal(scalar(db, "SELECT count(*) FROM wq_alert WHERE contaminant = 'arsenic'"), 1);
    assert.equal(scalar(db, "SELECT count(*) FROM wq_alert WHERE contaminant = 'bacteriological'"), 1);
  });

  await t.test('wide layout: every planted fault is rejected with row, column, value and reason', () => {
    const bad = write(dir, 'bad.csv', wideFaults('B'));
    const before = samples(db);
    const r = jjm(['import', 'quality-results', bad, '--db', db]);
    assert.equal(r.status, 1, 'non-zero exit when rows are rejected');
    const list = rejections(r.stdout);
    rejected(list, 3, 'Radium (Bq/l)', /unknown parameter/);
    const unit = rejected(list, 4, 'Iron (ppb)', /wrong unit/);
    assert.equal(unit.value, '120');
    const nan = rejected(list, 5, 'fluoride (mg/l)', /not a number/);
    assert.equal(nan.value, 'high');
    rejected(list, 6, 'collected_on', /future/);
    rejected(list, 7, 'source', /source/i);
    rejected(list, 8, 'sample_code', /final/);
    rejected(list, 9, 'sample_code', /already appears on line 2/);
    rejected(list, 10, 'tested_on', /before it was collected/);
    assert.equal(count(r.stdout, 'rows accepted'), 1);
    assert.match(r.stdout, /dry run .* nothing written/);
    assert.equal(samples(db), before, 'a dry run writes nothing');
    const csv = readFileSync(`${bad}.rejected.csv`, 'utf8').trim().split('\n');
    assert.equal(csv[0], 'row,column,value,reason');
    assert.ok(csv.some((l) => l.startsWith('4,Iron (ppb),120,')), csv.join('\n'));

    const commit = jjm(['import', 'quality-results', bad, '--db', db, '--commit']);
    assert.equal(commit.status, 1);
    assert.match(commit.stdout, /nothing written: rows were rejected/);
    assert.equal(samples(db), before, 'nothing is written unless every row passes');

    const skip = jjm(['import', 'quality-results', bad, '--db', db, '--commit', '--skip-invalid']);
    assert.equal(skip.status, 1);
    assert.match(skip.stdout, /committed/);
    assert.equal(samples(db), before + 1, '--skip-invalid writes the valid row');
    assert.equal(scalar(db, "SELECT count(*) FROM wq_sample WHERE code = 'B-1'"), 1);
    return { dry: rejections(r.stdout) };
  });

  await t.test('long layout: rows grouped by sample; a bad row keeps its whole sample out', () => {
    const long = write(dir, 'long.csv', longFaults('L'));
    const before = samples(db);
    const beforeResults = results(db);
    const r = jjm(['import', 'quality-results', long, '--db', db]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const list = rejections(r.stdout);
    rejected(list, 5, 'unit', /wrong unit/);
    rejected(list, 6, 'sample_code', /line 5 of the same sample/);
    rejected(list, 7, 'parameter', /unknown parameter/);
    rejected(list, 8, 'value', /not a number/);
    rejected(list, 9, 'collected_on', /future/);
    rejected(list, 11, 'lab', /differs from line 10/);
    rejected(list, 12, 'source', /source/i);
    rejected(list, 13, 'sample_code', /line 12 of the same sample/);
    assert.equal(count(r.stdout, 'rows accepted'), 3);
    assert.equal(samples(db), before);
    const skip = jjm(['import', 'quality-results', long, '--db', db, '--commit', '--skip-invalid']);
    assert.equal(skip.status, 1, skip.stdout + skip.stderr);
    assert.match(skip.stdout, /committed/);
    assert.equal(samples(db), before + 1);
    assert.equal(results(db), beforeResults + 3);
  });

  await t.test('a file read in chunks (two samples a call) is judged and written the same', () => {
    const env = { env: { ...process.env, JJM_QUALITY_IMPORT_CHUNK: '2' } };
    const shape = (list) => list.map((r) => `${r.row}|${r.column}`).sort().join('\n');
    for (const [name, rows, written, addedResults] of [
      ['wide', wideFaults('C'), 1, 3], ['long', longFaults('M'), 1, 3]]) {
      const file = write(dir, `chunked-${name}.csv`, rows);
      const whole = jjm(['import', 'quality-results', file, '--db', db]);
      const chunked = jjm(['import', 'quality-results', file, '--db', db], env);
      assert.equal(chunked.status, 1, chunked.stdout + chunked.stderr);
      assert.equal(shape(rejections(chunked.stdout)), shape(rejections(whole.stdout)), name);
      assert.ok(rejections(chunked.stdout).length >= 8, chunked.stdout);
      const before = samples(db);
      const beforeResults = results(db);
      const commit = jjm(['import', 'quality-results', file, '--db', db, '--commit'], env);
      assert.match(commit.stdout, /nothing written: rows were rejected/);
      assert.equal(samples(db), before);
      const skip = jjm(['import', 'quality-results', file, '--db', db, '--commit', '--skip-invalid'], env);
      assert.match(skip.stdout, /committed/, skip.stdout + skip.stderr);
      assert.equal(samples(db), before + written, name);
      assert.equal(results(db), beforeResults + addedResults, name);
    }
  });

  await t.test('export: one row per result', () => {
    const out = join(dir, 'export.csv');
    const r = jjm(['export', 'quality-results', '--db', db, '--out', out]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines.length - 1, results(db));
    assert.match(r.stdout, new RegExp(`${lines.length - 1} rows written`));
  });
});

test('jjm generate --scale 0.01 and the quality demo load: labs, sources, samples, open and closed alerts', () => {
  const dir = tempDir();
  const out = join(dir, 'gen');
  const g = jjm(['generate', '--scale', '0.01', '--out', out]);
  assert.equal(g.status, 0, g.stdout + g.stderr);
  assert.match(g.stdout, /water quality: [\d,]+ labs/);
  for (const f of ['labs.csv', 'sources.csv', 'quality-results.csv']) {
    assert.ok(existsSync(join(out, f)), f);
  }
  // The same seed gives the same files.
  const again = join(dir, 'again');
  assert.equal(jjm(['generate', '--scale', '0.01', '--out', again]).status, 0);
  for (const f of ['labs.csv', 'sources.csv', 'quality-results.csv']) {
    assert.equal(readFileSync(join(out, f), 'utf8'), readFileSync(join(again, f), 'utf8'), f);
  }
  const header = readFileSync(join(out, 'quality-results.csv'), 'utf8').split('\n', 1)[0];
  assert.match(header, /Fluoride \(as F\) mg\/L/);

  const db = newDb(dir, 'demo');
  const c = jjm(['import', 'generated', out, '--db', db]);
  assert.equal(c.status, 0, c.stdout + c.stderr);
  const q = jjm(['import', 'quality-demo', out, '--db', db]);
  assert.equal(q.status, 0, q.stdout + q.stderr);
  const labs = scalar(db, 'SELECT count(*) FROM wq_lab');
  assert.ok(labs >= 60 && labs <= 200, `labs: ${labs}`);
  const levels = scalar(db, 'SELECT count(DISTINCT level) FROM wq_lab');
  assert.equal(levels, 5, 'state, district, block, mobile and WTP labs');
  const sources = scalar(db, 'SELECT count(*) FROM wq_source');
  assert.ok(sources > 11000 && sources < 15000, `sources: ${sources}`);
  assert.ok(samples(db) > 40000, `samples: ${samples(db)}`);
  assert.ok(scalar(db, "SELECT count(*) FROM wq_sample WHERE method = 'ftk'") > 10000);
  const open = scalar(db, 'SELECT count(*) FROM wq_alert WHERE closed_day IS NULL');
  const closed = scalar(db, 'SELECT count(*) FROM wq_alert WHERE closed_day IS NOT NULL');
  assert.ok(open > 0, 'some alerts stay open');
  assert.ok(closed > 0, 'some alerts are closed by a passing retest after a remedy');
  assert.ok(scalar(db, 'SELECT count(*) FROM wq_remedial_action WHERE done_day IS NOT NULL') > 0);
  assert.ok(scalar(db, 'SELECT count(*) FROM wq_trained_tester') > 0);
  // The geography: arsenic alerts in West Bengal (S19), none in Kerala.
  // (village -> gram panchayat -> block -> district -> state)
  const inState = (state, contaminant) => scalar(db, `SELECT count(*) FROM wq_alert a
    JOIN unit v ON v.id = a.village_id JOIN unit g ON g.id = v.parent_id JOIN unit b ON b.id = g.parent_id
    JOIN unit d ON d.id = b.parent_id JOIN unit s ON s.id = d.parent_id
    WHERE a.contaminant = '${contaminant}' AND s.code = '${state}'`);
  assert.ok(inState('S19', 'arsenic') > 0, 'arsenic in West Bengal');
  assert.equal(inState('S32', 'arsenic'), 0, 'no arsenic in Kerala');
  assert.ok(inState('S8', 'fluoride') > 0, 'fluoride in Rajasthan');
});
