// Imports and exports through the real `jjm` binary, on the real public
// files in ../shared/data and on crafted bad files.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { jjm, tempDir, startServer, api, SHARED, newDb } from '../lib/jjm.mjs';

// These files describe past months, which are closed to ordinary writes.
const HIST = ['--closed-periods', 'tests load published and generated history'];

const TELANGANA = join(SHARED, 'jjm-dashboard', 'jjm_villages_telangana.csv');
const KERALA = join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv');
const LGD = join(SHARED, 'lgd');

// Parses `jjm report` CSV into { code: row }.
function report(db, asOf, extra = []) {
  const r = jjm(['report', '--db', db, '--as-of', asOf, ...extra]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const header = lines[0].split(',');
  const rows = {};
  for (const line of lines.slice(1)) {
    // Names may be quoted; codes and figures never are.
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, ''));
    const row = Object.fromEntries(header.map((h, i) => [h, cells[i]]));
    rows[row.code] = row;
  }
  return { rows, text: r.stdout };
}

function count(stdout, label) {
  const m = stdout.match(new RegExp(`${label}:\\s+([\\d,]+)`));
  return m ? Number(m[1].replaceAll(',', '')) : null;
}

test('real JJM dashboard files', async (t) => {
  const dir = tempDir();
  const db = newDb(dir, 'real');

  await t.test('a dry run checks every row and writes nothing', () => {
    const r = jjm(['import', 'villages', TELANGANA, '--db', db, '--as-of', '2024-03-01', ...HIST]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(count(r.stdout, 'rows read'), 9458);
    assert.equal(count(r.stdout, 'rows accepted'), 9458);
    assert.equal(count(r.stdout, 'rows rejected'), 0);
    assert.match(r.stdout, /dry run .* nothing written/);
    const rep = report(db, '2024-03-01');
    assert.equal(rep.rows.IN.villages, '0');
  });

  await t.test('Telangana: 9,458 villages, 53,98,219 households, all with tap', () => {
    const r = jjm(['import', 'villages', TELANGANA, '--db', db, '--as-of', '2024-03-01', '--commit', ...HIST]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /committed/);
    assert.equal(count(r.stdout, 'villages created'), 9458);
    assert.equal(count(r.stdout, 'districts created'), 32);
    assert.equal(count(r.stdout, 'blocks created'), 542);
    const rep = report(db, '2024-03-01');
    const states = Object.values(rep.rows).filter((x) => x.level === 'state');
    assert.equal(states.length, 1);
    const ts = states[0];
    assert.equal(ts.name, 'Telangana');
    assert.equal(ts.villages, '9458');
    assert.equal(ts.total_hh, '5398219');
    assert.equal(ts.hh_with_tap, '5398219');
    assert.equal(ts.pct, '100.00');
    assert.equal(ts.hgj_villages, '9458');
    // Before the file's date the ledger has nothing: 0 with tap, the same
    // (back-filled) households.
    const before = report(db, '2024-02-29').rows[ts.code];
    assert.equal(before.hh_with_tap, '0');
    assert.equal(before.total_hh, '5398219');
  });

  await t.test('villages sharing a name within a block are all kept', () => {
    // The file has 113 such pairs in Telangana; each is its own village.
    const text = readFileSync(TELANGANA, 'utf8').trim().split('\n').slice(1);
    const seen = new Map();
    let pairs = 0;
    for (const line of text) {
      const c = line.split(',');
      const key = `${c[3]}|${c[4]}`;
      if (seen.has(key)) pairs++;
      seen.set(key, true);
    }
    assert.ok(pairs > 100, `${pairs} same-name pairs`);
    const rep = report(db, '2024-03-01', ['--villages']);
    const villages = Object.values(rep.rows).filter((x) => x.level === 'village');
    assert.equal(villages.length, 9458);
  });

  await t.test('importing the same file again changes nothing', () => {
    const before = report(db, '2025-01-01').text;
    const r = jjm(['import', 'villages', TELANGANA, '--db', db, '--as-of', '2024-03-01', '--commit', ...HIST]);
    assert.equal(r.status, 0, r.stdout);
    assert.equal(count(r.stdout, 'villages created'), null);
    assert.equal(count(r.stdout, 'fact records'), null);
    assert.equal(count(r.stdout, 'adjustment events'), null);
    assert.equal(count(r.stdout, 'villages with unchanged facts'), 9458);
    assert.equal(report(db, '2025-01-01').text, before);
  });

  await t.test('Kerala: 1,411 villages and 70,80,578 households', () => {
    const r = jjm(['import', 'villages', KERALA, '--db', db, '--as-of', '2024-03-01', '--commit', ...HIST]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const rep = report(db, '2024-03-01');
    const kerala = Object.values(rep.rows).find((x) => x.level === 'state' && x.name === 'Kerala');
    assert.equal(kerala.villages, '1411');
    assert.equal(kerala.total_hh, '7080578');
    assert.equal(kerala.hh_with_tap, '3701517');
    assert.equal(kerala.hgj_villages, '117');
    assert.equal(rep.rows.IN.total_hh, String(5398219 + 7080578));
  });

  await t.test('a later report of the same villages appends an adjustment dated that day', () => {
    // Kerala reports 10 more households with tap in one village a year on.
    const lines = readFileSync(KERALA, 'utf8').split('\n');
    const header = lines[0];
    const cols = header.split(',');
    const row = lines[1].split(',');
    const tap = cols.indexOf('HousesWithTaps');
    row[tap] = String(Number(row[tap]) + 10);
    const file = join(dir, 'kerala-later.csv');
    writeFileSync(file, `${header}\n${row.join(',')}\n`);
    const r = jjm(['import', 'villages', file, '--db', db, '--as-of', '2025-03-01', '--commit', ...HIST]);
    assert.equal(r.status, 0, r.stdout);
    assert.equal(count(r.stdout, 'adjustment events'), 1);
    assert.equal(count(r.stdout, 'net households with tap added'), 10);
    assert.equal(report(db, '2025-03-01').rows.IN.hh_with_tap, String(5398219 + 3701517 + 10));
    assert.equal(report(db, '2025-02-28').rows.IN.hh_with_tap, String(5398219 + 3701517));
  });
});

test('bad input', async (t) => {
  const dir = tempDir();
  const db = newDb(dir, 'bad');
  const header = readFileSync(KERALA, 'utf8').split('\n')[0];
  const good = readFileSync(KERALA, 'utf8').split('\n').slice(1, 4);

  await t.test('every rejected row is reported with row, column, value and reason; nothing is committed', () => {
    const cols = header.split(',');
    const bad = (edit) => {
      const c = good[0].split(',');
      edit(c);
      return c.join(',');
    };
    const idx = (n) => cols.indexOf(n);
    const rows = [
      good[0], // line 2: fine
      good[1], // line 3: fine
      bad((c) => { c[idx('TotalNoofHouseholds')] = 'many'; c[idx('vil_encode')] = '99991'; }), // 4
      bad((c) => { c[idx('HousesWithTaps')] = '999999'; c[idx('vil_encode')] = '99981'; }), // 5
      bad((c) => { c[idx('vil_encode')] = 'xx'; }), // 6
      good[0], // line 7: the same village as line 2
      bad((c) => { c[idx('School_TapCon')] = '-1'; c[idx('vil_encode')] = '99971'; }), // 8
      good[2], // line 9: fine
    ];
    const file = join(dir, 'bad.csv');
    writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
    const r = jjm(['import', 'villages', file, '--db', db, '--as-of', '2024-03-01', '--commit', ...HIST]);
    assert.equal(r.status, 1, 'non-zero exit when rows are rejected');
    assert.equal(count(r.stdout, 'rows rejected'), 5);
    assert.match(r.stdout, /rejected row 4, column TotalNoofHouseholds, value 'many': not a whole number/);
    assert.match(r.stdout, /rejected row 5, column HousesWithTaps, value '999999': more than TotalNoofHouseholds/);
    assert.match(r.stdout, /rejected row 6, column vil_encode, value 'xx'/);
    assert.match(r.stdout, /rejected row 7, column vil_encode, .*already appears on line 2/);
    assert.match(r.stdout, /rejected row 8, column School_TapCon, value '-1': must not be negative/);
    assert.match(r.stdout, /nothing written/);
    const csv = readFileSync(`${file}.rejected.csv`, 'utf8').trim().split('\n');
    assert.equal(csv[0], 'row,column,value,reason');
    assert.equal(csv.length, 6);
    assert.equal(report(db, '2024-03-01').rows.IN.villages, '0');

    // --skip-invalid writes the three good rows and still exits 1.
    const s = jjm(['import', 'villages', file, '--db', db, '--as-of', '2024-03-01', '--commit', '--skip-invalid', ...HIST]);
    assert.equal(s.status, 1);
    assert.match(s.stdout, /committed/);
    assert.equal(report(db, '2024-03-01').rows.IN.villages, '3');
  });

  await t.test('a file with the wrong header is refused as a whole', () => {
    const file = join(dir, 'header.csv');
    writeFileSync(file, 'a,b,c\n1,2,3\n');
    const r = jjm(['import', 'villages', file, '--db', db, ...HIST]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /neither the JJM dashboard's columns/);
    const m = join(dir, 'missing.csv');
    writeFileSync(m, 'state_name,vil_encode\nX,11\n');
    const r2 = jjm(['import', 'villages', m, '--db', db, ...HIST]);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /missing columns: district_name, block_name/);
  });

  await t.test('a future --as-of, a missing file and a bad date are clear errors', () => {
    // Failures other than rejected rows exit with 2 and say why.
    const failed = (args, why) => {
      const r = jjm(args);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, why);
    };
    failed(['import', 'villages', KERALA, '--db', db, '--as-of', '2999-01-01', ...HIST], /in the future/);
    failed(['import', 'villages', join(dir, 'nope.csv'), '--db', db, ...HIST], /cannot open/);
    failed(['import', 'villages', KERALA, '--db', db, '--as-of', '2024-02-30', ...HIST], /not a valid date/);
  });

  await t.test('connections: every bad row reported, the ledger rules applied per village', () => {
    // VJ codes come from the Kerala rows imported above.
    const rep = report(db, '2024-03-01', ['--villages']);
    const v = Object.values(rep.rows).find((x) => x.level === 'village' && Number(x.total_hh) > Number(x.hh_with_tap) + 20);
    const room = Number(v.total_hh) - Number(v.hh_with_tap);
    const file = join(dir, 'conn.csv');
    writeFileSync(file, [
      'village_code,date,count',
      `${v.code},2024-04-01,5`, // 2 ok
      `${v.code},2019-08-01,5`, // 3 before the baseline
      `${v.code},2024-04-31,5`, // 4 no such day
      'VNOPE,2024-04-01,5', // 5 unknown village
      `${v.code},2024-05-01,x`, // 6 not a number
      `${v.code},2024-05-01,-3`, // 7 a correction without a reason column
      `${v.code},2024-06-01,${room}`, // 8 more than the households left
      `${v.code},2099-01-01,1`, // 9 future
    ].join('\n'));
    const r = jjm(['import', 'connections', file, '--db', db, '--commit', ...HIST]);
    assert.equal(r.status, 1, r.stdout);
    assert.equal(count(r.stdout, 'rows rejected'), 7);
    assert.match(r.stdout, /row 3, column date, value '2019-08-01': .*not after the JJM baseline/);
    assert.match(r.stdout, /row 4, column date, value '2024-04-31': .*not a valid date/);
    assert.match(r.stdout, /row 5, column village_code, value 'VNOPE': no place has this code/);
    assert.match(r.stdout, /row 6, column count, value 'x': not a whole number/);
    assert.match(r.stdout, /row 7, column reason, .*needs a reason column/);
    assert.match(r.stdout, /row 8, column count, .*would have .* households with tap on 2024-06-01 but has only/);
    assert.match(r.stdout, /row 9, column date, value '2099-01-01': .*in the future/);
    assert.equal(report(db, '2024-12-31').rows[v.code], undefined); // not a village-level report
    const after = report(db, '2024-12-31', ['--villages']).rows[v.code];
    assert.equal(after.hh_with_tap, v.hh_with_tap, 'nothing committed');
    const ok = jjm(['import', 'connections', file, '--db', db, '--commit', '--skip-invalid', ...HIST]);
    assert.equal(ok.status, 1);
    assert.equal(report(db, '2024-12-31', ['--villages']).rows[v.code].hh_with_tap, String(Number(v.hh_with_tap) + 5));
  });
});

describe('closed periods', () => {
  test('rows dated in a closed month are rejected unless the import gives a reason', () => {
    const dir = tempDir();
    const db = newDb(dir, 'closed');
    // The rejected rows go to the test's folder, never beside the shared file.
    const v = jjm(['import', 'villages', KERALA, '--db', db, '--as-of', '2024-03-01', '--commit', '--rejects', join(dir, 'k.rejected.csv')]);
    assert.equal(v.status, 1);
    assert.match(v.stdout, /rejected row 2, column --as-of, value '2024-03-01': the month 2024-03 closed on 2024-04-07; a higher level can reopen it .*--closed-periods REASON/);
    const today = new Date(Date.now() + 5.5 * 3600e3).toISOString().slice(0, 10);
    const now = jjm(['import', 'villages', KERALA, '--db', db, '--as-of', today, '--commit', '--quiet']);
    assert.equal(now.status, 0, now.stdout);
    const code = report(db, today, ['--villages']).text.split('\n').find((l) => l.startsWith('village,') && Number(l.split(',').at(-10)) > Number(l.split(',').at(-9))).split(',')[1];
    const file = join(dir, 'c.csv');
    writeFileSync(file, `village_code,date,count\n${code},2024-06-01,1\n${code},${today},1\n`);
    const c = jjm(['import', 'connections', file, '--db', db, '--commit']);
    assert.equal(c.status, 1);
    assert.match(c.stdout, /row 2, column date, value '2024-06-01': the month 2024-06 closed on 2024-07-07/);
    assert.doesNotMatch(c.stdout, /row 3,/);
    const d = jjm(['import', 'connections', file, '--db', db, '--commit', '--closed-periods', 'late register from the block office']);
    assert.equal(d.status, 0, d.stdout);
  });
});

test('LGD lists', async (t) => {
  const dir = tempDir();
  const db = newDb(dir, 'lgd');

  await t.test('states, districts and blocks; blocks listed under two districts are reported', () => {
    // The published lists commit as they are: the ten blocks listed under
    // two districts are reported with both listings, and not imported twice.
    const r = jjm(['import', 'lgd', LGD, '--db', db, '--commit', '--rejects', join(dir, 'lgd.rejected.csv')]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(count(r.stdout, 'states created'), 36);
    assert.equal(count(r.stdout, 'districts created'), 763);
    assert.equal(count(r.stdout, 'blocks created'), 7223);
    assert.equal(count(r.stdout, 'rows rejected'), 0);
    assert.equal(count(r.stdout, 'listings not imported \\(listed twice\\)'), 10);
    assert.match(r.stdout, /note: blocks.csv line 799: block B2494 Gobardhana is listed again under Baksa \(D616\); first on line 795 under Bajali/);
    assert.equal((r.stdout.match(/^note: blocks.csv line \d+: block B\d+ .* is listed again under /gm) || []).length, 10);
    assert.match(r.stdout, /committed/);
    // Imported again: nothing new.
    const s = jjm(['import', 'lgd', LGD, '--db', db, '--commit']);
    assert.equal(s.status, 0, s.stdout + s.stderr);
    assert.equal(count(s.stdout, 'blocks created'), null);
    const rep = report(db, '2024-01-01');
    assert.equal(rep.rows.S36.name, 'Telangana');
    assert.equal(rep.rows.S38.name, 'The Dadra and Nagar Haveli and Daman and Diu');
    assert.ok(rep.rows.D532, 'district 532 exists');
    assert.equal(rep.rows.B2494.name, 'Gobardhana');
  });

  await t.test('JJM names that LGD does not know are reported, never guessed', () => {
    const rejects = join(dir, 'telangana.rejected.csv');
    const r = jjm(['import', 'villages', TELANGANA, '--db', db, '--as-of', '2024-03-01', '--rejects', rejects, ...HIST]);
    assert.equal(r.status, 1);
    const rej = readFileSync(rejects, 'utf8').trim().split('\n');
    assert.equal(rej.length - 1, count(r.stdout, 'rows rejected'));
    // Districts renamed since (Warangal Rural is LGD's Hanumakonda) and
    // block names LGD spells otherwise are rows it could not place.
    assert.ok(rej.some((l) => /^\d+,district_name,Warangal Rural,no district of Telangana has this name/.test(l)));
    assert.ok(rej.some((l) => /^\d+,block_name,Adilabad,no block of Adilabad has this name/.test(l)));
    assert.match(r.stdout, /nothing written/);
  });

  await t.test('--create-missing places them with project codes under the LGD state', () => {
    const r = jjm(['import', 'villages', TELANGANA, '--db', db, '--as-of', '2024-03-01', '--commit', '--create-missing', ...HIST]);
    assert.equal(r.status, 0, r.stdout);
    assert.equal(count(r.stdout, 'states created'), null, 'Telangana is the LGD state S36');
    const rep = report(db, '2024-03-01');
    assert.equal(rep.rows.S36.total_hh, '5398219');
    assert.equal(rep.rows.S36.villages, '9458');
  });
});

test('project villages CSV', async (t) => {
  const dir = tempDir();
  const db = newDb(dir, 'project');
  const header = 'state_code,state_name,district_code,district_name,block_code,block_name,gp_code,gp_name,village_code,village_name,total_hh,hh_with_tap';

  await t.test('codes, bare LGD numbers, villages without a gram panchayat, habitations', () => {
    const file = join(dir, 'v1.csv');
    writeFileSync(file, [header,
      '36,Telangana,DX1,Warangal Rural,BX1,Atmakur,GX1,Pedda Gram,VX1,Akkampet,120,30',
      'S36,Telangana,DX1,Warangal Rural,BX1,Atmakur,,,VX2,Chinna Tanda,80,80',
    ].join('\n'));
    const r = jjm(['import', 'villages', file, '--db', db, '--as-of', '2024-01-01', '--commit', ...HIST]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const rep = report(db, '2024-01-01');
    assert.equal(rep.rows.S36.total_hh, '200');
    assert.equal(rep.rows.S36.hgj_villages, '1');
    assert.equal(rep.rows.GX1.villages, '1');
    assert.equal(rep.rows.BX1.villages, '2');
    const hab = join(dir, 'hab.csv');
    writeFileSync(hab, 'village_code,habitation_code,habitation_name\nVX1,HX1,Akkampet Tanda\nVX1,HX2,Akkampet Colony\nVX9,HX3,Nowhere\nVX2,HX1,Again\n');
    const h = jjm(['import', 'habitations', hab, '--db', db, '--commit', '--skip-invalid']);
    assert.equal(h.status, 1);
    assert.equal(count(h.stdout, 'habitations created'), 2);
    assert.match(h.stdout, /row 4, column village_code, value 'VX9': no place has this code/);
    assert.match(h.stdout, /row 5, column habitation_code, value 'HX1': the same habitation already appears on line 2/);
  });

  await t.test('a place that moves, a bad code and a village code at the wrong level are rejected', () => {
    const file = join(dir, 'v2.csv');
    writeFileSync(file, [header,
      'S36,Telangana,DX1,Warangal Rural,BX2,Other Block,,,VX1,Akkampet,120,30',
      'S36,Telangana,DX1,Warangal Rural,BX1,Atmakur,,,V-1,Bad,10,0',
      'S36,Telangana,DX1,Warangal Rural,BX1,Atmakur,,,BX1,Wrong,10,0',
    ].join('\n'));
    const r = jjm(['import', 'villages', file, '--db', db, '--as-of', '2024-01-01', ...HIST]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /row 2, column village_code, value 'VX1': village VX1 lies under GX1, not under BX2/);
    assert.match(r.stdout, /row 3, column village_code, value 'V-1': .*only capital letters and digits/);
    assert.match(r.stdout, /row 4, column village_code, value 'BX1': 'BX1' is not a village code/);
  });

  await t.test('a rename keeps the old name findable', async () => {
    const file = join(dir, 'v3.csv');
    writeFileSync(file, [header,
      'S36,Telangana,DX1,Hanumakonda,BX1,Atmakur,GX1,Pedda Gram,VX1,Akkampet,120,30',
    ].join('\n'));
    const r = jjm(['import', 'villages', file, '--db', db, '--as-of', '2024-02-01', '--commit', ...HIST]);
    assert.equal(r.status, 0, r.stdout);
    assert.equal(count(r.stdout, 'places renamed'), 1);
    assert.equal(report(db, '2024-02-01').rows.DX1.name, 'Hanumakonda');
    const server = await startServer({ db });
    try {
      const unit = await api(server.url, '/api/v1/units/DX1');
      assert.equal(unit.body.name, 'Hanumakonda');
      assert.deepEqual(unit.body.former_names, ['Warangal Rural']);
      const found = await api(server.url, '/api/v1/units?q=warangal%20rural');
      assert.equal(found.body.results[0].code, 'DX1');
      assert.deepEqual(found.body.results[0].former_names, ['Warangal Rural']);
      const kids = await api(server.url, '/api/v1/units/VX1/children');
      assert.deepEqual(kids.body.children.map((c) => c.name), ['Akkampet Colony', 'Akkampet Tanda']);
    } finally {
      await server.stop();
    }
  });
});
