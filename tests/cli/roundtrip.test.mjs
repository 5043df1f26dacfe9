// Export and import in the project's own formats lose nothing, and the
// generated demo data follows the published national series.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { jjm, tempDir, SHARED, newDb } from '../lib/jjm.mjs';

// These files describe past months, which are closed to ordinary writes.
const HIST = ['--closed-periods', 'tests load published and generated history'];

const KERALA = join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv');
const DATES = ['2019-08-15', '2020-03-31', '2021-10-10', '2022-12-19', '2023-06-01', '2024-03-07', '2025-07-16', '2026-01-01'];

function ok(args) {
  const r = jjm(args);
  assert.equal(r.status, 0, `jjm ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function reports(db) {
  return DATES.map((d) => ok(['report', '--db', db, '--as-of', d, '--villages']));
}

describe('export then import into an empty database gives identical reports', () => {
  test('villages as of the baseline and the connections after it', () => {
    const dir = tempDir();
    const a = newDb(dir, 'a');
    ok(['import', 'villages', KERALA, '--db', a, '--as-of', '2019-08-15', '--commit', '--quiet', ...HIST]);
    // Connections after the baseline for the villages with room: a file of
    // net additions, some villages on several days, and a correction.
    const villages = ok(['report', '--db', a, '--as-of', '2019-08-15', '--villages'])
      .trim().split('\n').filter((l) => l.startsWith('village,'))
      .map((l) => l.split(','))
      .map((c) => ({ code: c[1], hh: Number(c.at(-10)), tap: Number(c.at(-9)) }));
    const rows = ['village_code,date,count,reason'];
    let n = 0;
    for (const v of villages) {
      // Households sit before pct in the report: pick by position from the end.
      const room = v.hh - v.tap;
      if (room < 10) continue;
      rows.push(`${v.code},2020-0${1 + (n % 9)}-15,${Math.floor(room / 3)},`);
      rows.push(`${v.code},2023-11-0${1 + (n % 9)},${Math.floor(room / 3)},`);
      if (n % 5 === 0) rows.push(`${v.code},2024-01-20,-1,entered twice`);
      n++;
    }
    assert.ok(n > 100, `${n} villages with room`);
    const conn = join(dir, 'conn.csv');
    writeFileSync(conn, rows.join('\n'));
    ok(['import', 'connections', conn, '--db', a, '--commit', '--quiet', ...HIST]);

    const vfile = join(dir, 'villages.csv');
    const cfile = join(dir, 'connections.csv');
    ok(['export', 'villages', '--db', a, '--out', vfile, '--as-of', '2019-08-15']);
    ok(['export', 'connections', '--db', a, '--out', cfile]);
    assert.match(readFileSync(vfile, 'utf8').split('\n')[0],
      /^state_code,state_name,district_code,district_name,block_code,block_name,gp_code,gp_name,village_code,village_name,total_hh,hh_with_tap/);
    assert.match(readFileSync(cfile, 'utf8').split('\n')[0], /^village_code,date,count/);

    const b = newDb(dir, 'b');
    ok(['import', 'villages', vfile, '--db', b, '--as-of', '2019-08-15', '--commit', '--quiet', ...HIST]);
    ok(['import', 'connections', cfile, '--db', b, '--commit', '--quiet', ...HIST]);
    const ra = reports(a);
    const rb = reports(b);
    for (let i = 0; i < DATES.length; i++) assert.equal(rb[i], ra[i], `report as of ${DATES[i]}`);
    assert.notEqual(ra[0], ra[6], 'the ledger moved the figures');
  });

  test('with re-surveys: villages --history and the connections', () => {
    const dir = tempDir();
    const gen = join(dir, 'gen');
    ok(['generate', '--scale', '0.003', '--out', gen]);
    const a = newDb(dir, 'a');
    ok(['import', 'generated', gen, '--db', a]);
    const hfile = join(dir, 'history.csv');
    const cfile = join(dir, 'connections.csv');
    const habfile = join(dir, 'habitations.csv');
    ok(['export', 'villages', '--history', '--db', a, '--out', hfile]);
    ok(['export', 'connections', '--db', a, '--out', cfile]);
    ok(['export', 'habitations', '--db', a, '--out', habfile]);
    const b = newDb(dir, 'b');
    ok(['import', 'villages', hfile, '--db', b, '--commit', '--quiet', ...HIST]);
    ok(['import', 'habitations', habfile, '--db', b, '--commit', '--quiet']);
    ok(['import', 'connections', cfile, '--db', b, '--commit', '--quiet', ...HIST]);
    const habAgain = join(dir, 'habitations-b.csv');
    ok(['export', 'habitations', '--db', b, '--out', habAgain]);
    assert.equal(readFileSync(habAgain, 'utf8'), readFileSync(habfile, 'utf8'));
    assert.ok(readFileSync(habfile, 'utf8').split('\n').length > 1000, 'habitations were generated');
    const ra = reports(a);
    const rb = reports(b);
    for (let i = 0; i < DATES.length; i++) assert.equal(rb[i], ra[i], `report as of ${DATES[i]}`);
    // Importing the history again adds nothing.
    const again = jjm(['import', 'villages', hfile, '--db', b, '--commit', '--quiet', ...HIST]);
    assert.equal(again.status, 0);
    assert.doesNotMatch(again.stdout, /fact records|adjustment events|created/);
  });
});

describe('generated demo data', () => {
  test('a malformed partners.json is a clear error, not a crash', () => {
    const dir = tempDir();
    const gen = join(dir, 'g');
    ok(['generate', '--scale', '0.001', '--out', gen]);
    // Valid JSON of the wrong shape: the JSON reader throws on it.
    for (const [i, text] of ['{"round": 5, "applications": "x"}', '[]'].entries()) {
      writeFileSync(join(gen, 'partners.json'), text);
      const r = jjm(['import', 'generated', gen, '--db', newDb(dir, `bad${i}`)]);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /^jjm: \S*partners\.json\W.*\w/m);
      assert.doesNotMatch(r.stderr, /terminate called|Aborted/);
    }
  });

  test('is deterministic and follows the published national series within 1%', () => {
    const dir = tempDir();
    const out1 = ok(['generate', '--scale', '0.02', '--out', join(dir, 'g1')]);
    ok(['generate', '--scale', '0.02', '--out', join(dir, 'g2')]);
    for (const f of ['villages.csv', 'connections.csv', 'resurvey-2023-03-13.csv']) {
      assert.equal(readFileSync(join(dir, 'g1', f), 'utf8'), readFileSync(join(dir, 'g2', f), 'utf8'), f);
    }
    assert.match(out1, /36 states/);
    const db = newDb(dir, 'g');
    ok(['import', 'generated', join(dir, 'g1'), '--db', db]);
    // Every row of the files is in the store: the national total with tap
    // equals the baseline column plus every ledger row, exactly.
    const csvSum = (file, col) => readFileSync(join(dir, 'g1', file), 'utf8').trim().split('\n').slice(1)
      .reduce((sum, l) => sum + Number(l.split(',')[col]), 0);
    const expected = csvSum('villages.csv', 11) + csvSum('connections.csv', 2);
    const latest = ok(['report', '--db', db, '--as-of', '2025-07-16']).split('\n')[1].split(',');
    assert.equal(Number(latest[5]), expected, 'national households with tap = baseline + ledger');
    const published = readFileSync(join(SHARED, 'jjm-published', 'jjm_national_headline_series.csv'), 'utf8')
      .trim().split('\n').slice(1).map((l) => l.split(','));
    const scale = 0.02;
    for (const [date, hhCrore, tapCrore] of published) {
      const india = ok(['report', '--db', db, '--as-of', date]).split('\n')[1].split(',');
      const tap = Number(india[5]);
      const hh = Number(india[4]);
      const want = Number(tapCrore) * 1e7 * scale;
      assert.ok(Math.abs(tap / want - 1) < 0.01, `${date}: ${tap} with tap, published ${want}`);
      assert.ok(Math.abs(hh / (Number(hhCrore) * 1e7 * scale) - 1) < 0.01, `${date}: ${hh} households`);
    }
    // Some states at 100%, others well below.
    const states = ok(['report', '--db', db, '--as-of', '2025-07-16']).split('\n').filter((l) => l.startsWith('state,'))
      .map((l) => Number(l.split(',').at(-8)));
    assert.equal(states.length, 36);
    assert.ok(states.filter((p) => p === 100).length >= 10, 'states at 100%');
    assert.ok(Math.min(...states) < 60, 'a state well below');
  });
});
