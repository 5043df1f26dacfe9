// Surveillance due by rule and the reports CS1 B(i) and Format L5 (issue
// 10, deliverables 6 and 7) on the running binary, on the real Kerala
// villages file: a small register of labs, treatment plants, sources,
// samples and trained women whose every figure is known, and each figure of
// the answers checked against it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { jjm, tempDir, newDb, startServer, api, addUser, signIn, assertRefused, SHARED } from '../lib/jjm.mjs';
import { openapiOf } from '../lib/openapi.mjs';

const KERALA = join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv');
const PASSWORD = 'correct horse 42';

let server;
let base;
let conforms;
const S = {};
const P = {};
let households = 0; // of the first village

// YYYY-MM-DD of `days` from today in India (negative: before).
function dayFromToday(days) {
  return new Date(Date.now() + 5.5 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}
const TODAY = dayFromToday(0);
const FY_START = Number(TODAY.slice(5, 7)) >= 4 ? Number(TODAY.slice(0, 4)) : Number(TODAY.slice(0, 4)) - 1;
const FY = `${FY_START}-${String((FY_START + 1) % 100).padStart(2, '0')}`;

const post = (who, path, body) => api(base, `/api/v1/quality${path}`, { method: 'POST', body, session: S[who] });
const get = (who, path) => api(base, `/api/v1/quality${path}`, { session: S[who] });
function answers(res, status, route, method = 'get') {
  assert.equal(res.status, status, `${method} ${route}: ${res.status} ${JSON.stringify(res.body)}`);
  conforms(route, method, res);
  return res.body;
}

before(async () => {
  const dir = tempDir();
  const db = newDb(dir, 'quality_reports');
  const r = jjm(['import', 'villages', KERALA, '--db', db, '--as-of', '2024-03-01', '--commit', '--quiet',
    '--closed-periods', 'tests load published history']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  addUser(db, 'admin', 'national_admin', 'IN');
  server = await startServer({ db });
  base = server.url;
  ({ conforms } = openapiOf((await api(base, '/api/v1/openapi.json')).body));
  S.admin = await signIn(base, 'admin');
  S.anon = null;
  const states = (await api(base, '/api/v1/coverage?parent=IN&level=state')).body.rows;
  P.state = states[0].code;
  const districts = (await api(base, `/api/v1/coverage?parent=${P.state}&level=district`)).body.rows;
  P.districts = districts.map((d) => d.code);
  [P.d1, P.d2, P.d3] = P.districts;
  const blocks = (await api(base, `/api/v1/coverage?parent=${P.d1}&level=block`)).body.rows;
  const villages = (await api(base, `/api/v1/coverage?parent=${blocks[0].code}&level=village`)).body.rows;
  [P.v1, P.v2] = [villages[0].code, villages[1].code];
  households = villages[0].total_hh;
  assert.ok(households > 0, 'the first village has households');

  // Labs: a state referral lab (NABL), a district lab of the first district
  // (NABL) that also serves the second, a district lab of the third whose
  // certificate has expired, a block lab without one.
  const labs = [
    { code: 'T-SL', name: 'State referral lab', level: 'state', place: P.state },
    { code: 'T-D1', name: 'District lab one', level: 'district', place: P.d1, serves: [P.d1, P.d2] },
    { code: 'T-D3', name: 'District lab three', level: 'district', place: P.d3 },
  ];
  for (const body of labs) answers(await post('admin', '/labs', body), 201, '/quality/labs', 'post');
  const labList = answers(await get('anon', '/labs'), 200, '/quality/labs').labs;
  const idOf = (code) => labList.find((l) => l.code === code).id;
  for (const [code, from, to] of [['T-SL', -400, 400], ['T-D1', -400, 400], ['T-D3', -800, -1]]) {
    answers(await post('admin', `/labs/${idOf(code)}/accreditations`,
      { certificate_no: `TC-${code}`, valid_from: dayFromToday(from), valid_to: dayFromToday(to) }),
    201, '/quality/labs/{id}/accreditations', 'post');
  }
  // Treatment plants: one geotagged in the first district, one in the
  // second linked to the first district's NABL lab.
  answers(await post('admin', '/treatment-plants', { code: 'T-WTP1', name: 'Plant one', place: P.v1, latitude: 10.1, longitude: 76.3 }),
    201, '/quality/treatment-plants', 'post');
  answers(await post('admin', '/treatment-plants', { code: 'T-WTP2', name: 'Plant two', place: P.d2, linked_lab: 'T-D1' }),
    201, '/quality/treatment-plants', 'post');
  // Users: the first district lab's analyst, an FTK tester of the second
  // village, the first district's officer.
  for (const u of [
    { username: 'analyst', role: 'lab_analyst', lab: 'T-D1' },
    { username: 'ftk', role: 'ftk_tester', unit: P.v2 },
    { username: 'officer', role: 'district_officer', unit: P.d1 },
  ]) {
    const made = await api(base, '/api/v1/users', { method: 'POST', session: S.admin, body: { ...u, password: PASSWORD } });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    S[u.username] = await signIn(base, u.username);
  }
  // Sources: three in the first village, one in the second.
  for (const [code, village] of [['T-S1', P.v1], ['T-S2', P.v1], ['T-S3', P.v1], ['T-S4', P.v2]]) {
    answers(await post('officer', '/sources', { code, village, type: 'borewell', created_on: '2024-01-01' }),
      201, '/quality/sources', 'post');
  }
  // Samples today: T-S1 tested chemically, T-S2 for bacteria, both by the
  // first district lab; an FTK test of T-S4.
  for (const [source, results] of [
    ['T-S1', [{ parameter: 'fluoride', value: 0.4, unit: 'mg/l' }]],
    ['T-S2', [{ parameter: 'e_coli', detected: false }]],
  ]) {
    const reg = answers(await post('officer', '/samples', { method: 'lab', lab: 'T-D1', source, collected_on: TODAY, collected_by: 'Collector' }),
      201, '/quality/samples', 'post');
    const id = (reg.sample ?? reg).id;
    for (const body of [{ kind: 'received', on: TODAY }, { kind: 'tested', on: TODAY, results }, { kind: 'final', on: TODAY }]) {
      answers(await post('analyst', `/samples/${id}/events`, body), 201, '/quality/samples/{id}/events', 'post');
    }
  }
  answers(await post('ftk', '/ftk-tests', { source: 'T-S4', tested_on: TODAY, results: [{ parameter: 'fluoride', value: 0.5, unit: 'mg/l' }] }),
    201, '/quality/ftk-tests', 'post');
  // Two trained women in the first village.
  for (const name of ['Asha', 'Bindu']) {
    answers(await post('officer', '/testers', { village: P.v1, name, trained_on: dayFromToday(-10) }), 201, '/quality/testers', 'post');
  }
});

after(async () => {
  await server?.stop();
});

test('CS1 B(i): labs by level and NABL status on the day, districts with access, plants, sources tested', async () => {
  const r = answers(await get('anon', `/reports/cs1bi?place=IN&as_of=${TODAY}`), 200, '/quality/reports/{name}');
  assert.equal(r.report, 'cs1bi');
  const row = r.rows.find((x) => x.place.code === P.state);
  assert.ok(row, 'a row for the state');
  assert.equal(row.total_districts, P.districts.length);
  assert.equal(row.nabl_state_referral_labs, 1);
  assert.equal(row.nabl_district_labs, 1, 'the third district\'s certificate has expired');
  assert.equal(row.districts_with_nabl_lab, 2, 'the first district, and the second it serves');
  assert.equal(row.wtps, 2);
  assert.equal(row.wtps_geotagged, 1);
  assert.equal(row.wtps_with_lab, 0);
  assert.equal(row.wtps_without_lab_linked_to_nabl, 1);
  assert.equal(row.sources, 4);
  assert.equal(row.sources_tested_chemical, 1, 'the FTK test is no lab test');
  assert.equal(row.sources_tested_bacteriological, 1);
  assert.deepEqual(r.total.sources, 4);
  // Two years ago the third district's lab was accredited; no source had
  // been created yet.
  const then = answers(await get('anon', `/reports/cs1bi?place=${P.state}&as_of=${dayFromToday(-500)}`), 200, '/quality/reports/{name}');
  assert.equal(then.rows.length, 1);
  assert.equal(then.rows[0].nabl_district_labs, 1, 'T-D1 not yet valid, T-D3 valid');
  assert.equal(then.rows[0].nabl_state_referral_labs, 0);
  assertRefused(await get('anon', `/reports/cs1bi?place=${P.d1}`), 400, 'place');
  assertRefused(await get('anon', '/reports/j99'), 404);
  assertRefused(await get('anon', '/reports/cs1bi?as_of=2025-02-30'), 400, 'as_of');
});

test('Format L5: villages tested through labs and FTK, with percentages', async () => {
  const r = answers(await get('anon', `/reports/l5?place=${P.state}&as_of=${TODAY}`), 200, '/quality/reports/{name}');
  const d1 = r.rows.find((x) => x.place.code === P.d1);
  assert.equal(d1.tested_by_lab.number, 1);
  assert.equal(d1.chemical_by_lab.number, 1);
  assert.equal(d1.bacteriological_by_lab.number, 1);
  assert.equal(d1.chemical_by_ftk.number, 1);
  assert.equal(d1.tested_by_lab.percent, Math.round(10000 / d1.total_villages) / 100);
  const d2 = r.rows.find((x) => x.place.code === P.d2);
  assert.equal(d2.tested_by_lab.number, 0);
  assert.equal(r.total.tested_by_lab.number, 1);
  assert.equal(r.total.total_villages, r.rows.reduce((n, x) => n + x.total_villages, 0));
  assertRefused(await get('anon', `/reports/l5?place=${P.v1}`), 400, 'place');
});

test('surveillance: sources due, tested and overdue by the rule; villages with enough trained women', async () => {
  const r = answers(await get('anon', `/surveillance?place=${P.d1}&fy=${FY}`), 200, '/quality/surveillance');
  assert.equal(r.fy, FY);
  assert.equal(r.sources.total, 4);
  const round = (name) => r.sources.rounds.find((x) => x.name === name);
  assert.deepEqual(r.sources.rounds.map((x) => x.name),
    ['chemical', 'bacteriological_pre_monsoon', 'bacteriological_post_monsoon']);
  assert.deepEqual(round('chemical'), {
    name: 'chemical', from: `${FY_START}-04-01`, to: `${FY_START + 1}-03-31`, state: 'open',
    due: 4, tested: 1, pending: 3, overdue: 0,
  });
  const month = Number(TODAY.slice(5, 7));
  const pre = round('bacteriological_pre_monsoon');
  const post_ = round('bacteriological_post_monsoon');
  assert.equal(pre.to, `${FY_START}-06-30`);
  assert.equal(post_.from, `${FY_START}-10-01`);
  if (month >= 4 && month <= 6) {
    assert.deepEqual([pre.state, pre.tested, pre.pending, pre.overdue], ['open', 1, 3, 0]);
    assert.deepEqual([post_.state, post_.tested, post_.pending], ['upcoming', 0, 4]);
  } else if (month >= 7 && month <= 9) {
    assert.deepEqual([pre.state, pre.tested, pre.overdue], ['closed', 0, 4]);
    assert.deepEqual([post_.state, post_.tested, post_.pending], ['upcoming', 0, 4]);
  } else {
    assert.deepEqual([pre.state, pre.tested, pre.overdue], ['closed', 0, 4], 'untested in its window: overdue');
    assert.deepEqual([post_.state, post_.tested, post_.pending, post_.overdue], ['open', 1, 3, 0]);
  }
  assert.equal(r.villages.tested_by_lab.number, 1);
  assert.equal(r.villages.tested_by_ftk.number, 1);
  // The first village has two trained women: enough only if its people
  // (households at the rule's 4.94 a household) are at most 1,000.
  const w = r.villages.trained_women;
  assert.equal(w.women, 2);
  assert.equal(w.villages_with_enough.number, households * 4.94 <= 1000 ? 1 : 0);
  assert.match(w.population_note, /4\.94/);
  assert.equal(r.district_labs.target_per_month, 250);
  const lab = r.district_labs.rows.find((x) => x.code === 'T-D1');
  const begun = (month - 4 + 12) % 12 + 1;
  assert.equal(r.district_labs.months_begun, begun);
  assert.equal(lab.samples, 2);
  assert.equal(lab.target, 250 * begun);
  assert.equal(lab.shortfall, 250 * begun - 2);
  assert.equal(lab.months.length, begun);
  assert.equal(lab.months.at(-1).month, TODAY.slice(0, 7));
  assert.equal(lab.months.at(-1).samples, 2);
  assert.equal(lab.months[0].month, `${FY_START}-04`);
  assert.ok(!r.district_labs.rows.some((x) => x.code === 'T-D3'), 'the third district\'s lab is not in the first');
  assertRefused(await get('anon', `/surveillance?place=${P.d1}&fy=2019-21`), 400, 'fy');
  assertRefused(await get('anon', `/surveillance?place=${P.d1}&fy=${FY_START + 1}-${String((FY_START + 2) % 100).padStart(2, '0')}`), 400, 'fy');
  assertRefused(await get('anon', '/surveillance?place=NOWHERE'), 400, 'place');
});

test('the rule\'s persons a household is Census 2011 rural India', async () => {
  // The shared Census 2011 A-1 table: rural India's persons and households.
  const { readFileSync } = await import('node:fs');
  const rows = readFileSync(join(SHARED, 'census2011', 'census2011_A1_villages_households_population.csv'), 'utf8').split('\n');
  const header = rows[0].split(',');
  const rural = rows.map((l) => l.split(',')).find((c) => c[4] === 'INDIA' && c[6] === 'Rural');
  const persons = Number(rural[header.indexOf('Population (Person)')]);
  const hh = Number(rural[header.indexOf('Households')]);
  assert.equal(Math.round((persons / hh) * 100) / 100, 4.94);
});
