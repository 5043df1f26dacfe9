// The water-supply pages' rules (web/supply/model.js) and their words in
// both catalogues: node --test web/supply.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

import * as m from './supply/model.js';
import { readState, toUrl } from './url.js';

const load = (lang) => JSON.parse(readFileSync(new URL(`./i18n/${lang}.json`, import.meta.url), 'utf8'));
const en = load('en');
const hi = load('hi');
const devanagari = /[\u0900-\u097F]/;

test('the address round-trips and drops what does not belong', () => {
  const cases = [
    '/?view=supply',
    '/?view=supply&unit=D532&as_of=2025-01-01',
    '/?view=supply&unit=B12&tab=queue&status=submitted',
    '/?view=supply&tab=surveys&round=3&district=D532',
    '/?view=supply&tab=surveys&round=3&village=V123',
    '/?view=supply&unit=S27&tab=results&round=4&lang=hi',
  ];
  for (const url of cases) assert.equal(toUrl(readState(url.slice(1))), url, url);
  // A status off the queue, a village without a round, a bad round.
  assert.equal(toUrl(readState('?view=supply&status=ready')), '/?view=supply');
  assert.equal(toUrl(readState('?view=supply&tab=surveys&village=V1')), '/?view=supply&tab=surveys');
  assert.equal(toUrl(readState('?view=supply&tab=results&round=x')), '/?view=supply&tab=results');
  assert.equal(toUrl(readState('?view=supply&tab=queue&status=bogus')), '/?view=supply&tab=queue');
  assert.equal(readState('?view=supply&tab=nope').supply.tab, 'place');
  // Other views carry no supply part.
  assert.deepEqual(readState('?view=quality').supply, m.readSupply(new URLSearchParams()));
});

test('reported counts every status past in progress; rows get their gap', () => {
  assert.deepEqual(m.HGJ_STATUSES.filter(m.isReported), ['reported', 'submitted', 'certified', 'returned']);
  assert.equal(m.isReported('in_progress'), false);
  const row = m.readHgjRow({ code: 'D1', name: 'X', villages: 10, reported: 6, certified: 2 });
  assert.equal(row.gap, 4);
  assert.equal(row.reverted, null);
  assert.equal(row.status, null);
  assert.equal(m.readHgjRow({ status: 'certified' }).status, 'certified');
  assert.equal(m.readHgjRow({ reported: 6, certified: 2, gap: 3 }).gap, 3, "the server's gap wins");
  const s = m.readHgjSummary({ place: { code: 'IN', name: 'India', level: 'nation' }, as_of: '2026-01-01',
    totals: { villages: 5, reported: 1, certified: 1 }, rows: [{ code: 'S1', reported: 1, certified: 0 }] });
  assert.equal(s.totals.code, 'IN');
  assert.equal(s.totals.gap, 0);
  assert.equal(s.rows[0].gap, 1);
  assert.equal(m.pct(1, 4), 25);
  assert.equal(m.pct(1, 0), null);
});

test('what a village lacks is said from its figures', () => {
  assert.deepEqual(m.missingItems({
    households: 120, households_with_tap: 118, schools: 2, schools_with_tap: 2, anganwadis: 1, anganwadis_with_tap: 0,
  }), [
    { key: 'sup.missing.households', params: { n: 2, with: 118, total: 120 } },
    { key: 'sup.missing.anganwadis', params: { n: 1, with: 0, total: 1 } },
  ]);
  assert.deepEqual(m.missingItems({ households: 5, households_with_tap: 5, schools: 0, schools_with_tap: 0 }), []);
  assert.equal(m.missingItems({ households: 0, households_with_tap: 0 })[0].key, 'sup.missing.households_unknown');
  assert.equal(m.missingItems({})[0].key, 'sup.missing.households_unknown');
});

test('what the roles let the page offer', () => {
  const path = ['IN', 'S1', 'D1', 'B1', 'G1', 'V1'];
  const as = (role, unit) => ({ roles: [{ role, unit_code: unit }] });
  const block = m.abilities(as('block_officer', 'B1'), path);
  assert.equal(block.report, true);
  assert.equal(block.review, false);
  assert.equal(block.document, true);
  assert.equal(m.abilities(as('block_officer', 'B2'), path).report, false, 'another block');
  const district = m.abilities(as('district_officer', 'D1'), path);
  assert.equal(district.report && district.review, true);
  assert.equal(m.abilities(as('state_officer', 'S1'), path).report, true);
  assert.equal(m.abilities(as('state_officer', 'S1'), path).review, false, 'state officers do not review');
  assert.equal(m.abilities(as('national_viewer', 'IN'), path).report, false);
  assert.equal(m.abilities(as('state_officer', 'S1'), path).schemes, true);
  assert.equal(m.abilities(as('national_admin', 'IN'), path).review, true);
  const vwsc = m.abilities(as('vwsc_operator', 'V1'), path);
  assert.deepEqual([vwsc.report, vwsc.document, vwsc.condition, vwsc.schemes], [false, true, true, false]);
  assert.equal(m.abilities(null, path).report, false);
  // The server's own flags win when it sends them.
  assert.equal(m.abilities({ roles: [{ role: 'block_officer', unit_code: 'B1', can_report_hgj: false }] }, path).report, false);

  assert.deepEqual(m.hgjActions('in_progress', block), { report: true, certify: false, review: false });
  assert.deepEqual(m.hgjActions('reported', block), { report: false, certify: true, review: false });
  assert.deepEqual(m.hgjActions('returned', block), { report: false, certify: true, review: false });
  assert.deepEqual(m.hgjActions('submitted', district), { report: false, certify: false, review: true });
  assert.deepEqual(m.hgjActions('certified', district), { report: false, certify: false, review: false });

  assert.deepEqual(m.tabsFor(null), ['place', 'surveys', 'results']);
  assert.deepEqual(m.tabsFor(as('block_officer', 'B1')), ['place', 'queue', 'surveys', 'results']);
  assert.equal(m.mayManageSurveys(as('state_officer', 'S1')), true);
  assert.equal(m.mayManageSurveys(as('district_officer', 'D1')), false);
  assert.equal(m.mayRecordSurvey(as('surveyor', 'D1'), path), true);
  assert.equal(m.mayRecordSurvey(as('surveyor', 'D2'), path), false);
});

test('documents are checked before they are sent', () => {
  const file = (name, type, size) => ({ name, type, size });
  assert.equal(m.checkDocument('resolution', file('r.pdf', 'application/pdf', 2000)), null);
  assert.equal(m.checkDocument('resolution', file('r.pdf', '', 2000)), null, 'type from the name');
  assert.equal(m.checkDocument('video', file('v.3gp', '', 2000)), null);
  assert.equal(m.checkDocument('resolution', file('r.docx', 'application/msword', 10)).key, 'sup.doc.bad_type_resolution');
  assert.equal(m.checkDocument('video', file('v.pdf', 'application/pdf', 10)).key, 'sup.doc.bad_type_video');
  assert.equal(m.checkDocument('resolution', file('r.pdf', 'application/pdf', 0)).key, 'sup.doc.empty');
  const big = m.checkDocument('resolution', file('r.png', 'image/png', 5 * 1024 * 1024 + 1));
  assert.equal(big.key, 'sup.doc.too_big');
  assert.equal(big.params.max, '5 MB');
  assert.equal(m.checkDocument('video', file('v.mp4', 'video/mp4', 48 * 1024 * 1024)), null, 'the limit itself is fine');
  assert.equal(m.checkDocument('video', file('v.mp4', 'video/mp4', 48 * 1024 * 1024 + 1)).params.max, '48 MB');
  assert.equal(m.contentTypeOf({ name: 'a.JPG', type: '' }), 'image/jpeg');
  assert.equal(m.contentTypeOf({ name: 'a', type: 'image/jpg' }), 'image/jpeg');
  assert.equal(m.formatBytes(512), '512 B');
  assert.equal(m.formatBytes(1536), '1.5 KB');
  assert.equal(m.formatBytes(5 * 1024 * 1024), '5 MB');
  assert.equal(m.formatBytes(150 * 1024), '150 KB');
  assert.equal(m.progressPct(50, 200), 25);
  assert.equal(m.progressPct(5, 0), null);
});

test('request bodies', () => {
  assert.deepEqual(m.reportBody({ note: ' ' }), { body: {} });
  assert.deepEqual(m.reportBody({ note: ' all taps seen ' }), { body: { note: 'all taps seen' } });

  assert.deepEqual(m.certificationBody({ gramSabhaOn: '2026-01-05', resolutionNo: ' GS/12 ', resolutionId: 4, videoId: 5 }).body,
    { gram_sabha_on: '2026-01-05', resolution_no: 'GS/12', resolution_document: 4, video_document: 5 });
  assert.equal(m.certificationBody({ gramSabhaOn: '2026-01-05', resolutionNo: 'x', resolutionId: 4 }).error.field, 'video_document');
  assert.equal(m.certificationBody({ gramSabhaOn: '', resolutionNo: 'x' }).error.field, 'gram_sabha_on');

  assert.deepEqual(m.reviewBody({ decision: 'accept', reason: 'ignored' }).body, { decision: 'accept' });
  assert.equal(m.reviewBody({ decision: 'return', reason: ' ' }).error.field, 'reason');
  assert.deepEqual(m.reviewBody({ decision: 'return', reason: 'video unclear' }).body, { decision: 'return', reason: 'video unclear' });

  const scheme = m.schemeBody({ code: 'SVS-1', name: 'Pipe', kind: 'multi_village', villages: 'V1, V2 V1', habitations: '',
    sources: 'SRC1', sanctionedOn: '2024-04-01', sanctionCostLakh: '12.5', commissionedOn: '', agency: 'PHED', status: 'in_progress' });
  assert.deepEqual(scheme.body, { code: 'SVS-1', name: 'Pipe', kind: 'multi_village', villages: ['V1', 'V2'], habitations: [],
    sources: ['SRC1'], sanctioned_on: '2024-04-01', sanction_cost_lakh: 12.5, agency: 'PHED', status: 'in_progress' });
  assert.equal(m.schemeBody({ code: 'a', name: 'b', kind: 'single_village', villages: 'V1,V2' }).error.key, 'sup.check.single_village');
  assert.equal(m.schemeBody({ code: 'a', name: 'b', kind: 'single_village', villages: 'V1', sanctionedOn: '2024-01-01', sanctionCostLakh: 'ten' }).error.field,
    'sanction_cost_lakh');

  assert.deepEqual(m.assetBody({ type: 'overhead_tank', village: 'V1', capacity: '50', capacityUnit: 'kl', name: 'ESR' }).body,
    { type: 'overhead_tank', village: 'V1', capacity: 50, capacity_unit: 'kl', name: 'ESR' });
  assert.deepEqual(m.assetBody({ type: 'pump', village: 'V1', capacity: '', capacityUnit: 'hp' }).body, { type: 'pump', village: 'V1' });
  assert.equal(m.assetBody({ type: 'tap', village: 'V1' }).error.field, 'type');

  assert.deepEqual(m.conditionBody({ on: '2026-01-01', condition: 'partly_working', note: ' leak ' }).body,
    { on: '2026-01-01', condition: 'partly_working', note: 'leak' });
  assert.equal(m.conditionBody({ on: '2026-01-01', condition: 'fine' }).error.field, 'condition');
  assert.deepEqual(m.serviceLevelBody({ on: '2026-01-01', lpcd: '48.5' }).body, { on: '2026-01-01', lpcd: 48.5 });
  assert.equal(m.serviceLevelBody({ on: '2026-01-01', lpcd: '-1' }).error.field, 'lpcd');

  const round = m.surveyBody({ name: 'R1', periodFrom: '2026-01-01', periodTo: '2026-03-31', methodology: 'PPS', place: 'IN',
    seed: '42', villagesPerDistrict: '5', householdsPerVillage: '10', frame: 'reported' });
  assert.deepEqual(round.body, { name: 'R1', period_from: '2026-01-01', period_to: '2026-03-31', methodology: 'PPS', seed: 42,
    villages_per_district: 5, households_per_village: 10, frame: 'reported', place: 'IN' });
  assert.equal(m.surveyBody({ name: 'R', periodFrom: '2026-02-01', periodTo: '2026-01-01', methodology: 'x' }).error.key, 'sup.check.period');
  assert.equal(m.surveyBody({ name: 'R', periodFrom: '2026-01-01', periodTo: '2026-01-02', methodology: 'x', seed: '1.5' }).error.field, 'seed');
});

test('a household record', () => {
  const base = { village: 'V1', householdNo: '3', householdSize: '5', requestId: 'r1' };
  const full = m.householdBody({ ...base, tapPresent: true, waterLast7Days: true, litresPerDay: '300', daysPerWeek: '7',
    hoursPerDay: '2.5', qualityMethod: 'ftk', qualityResult: 'safe', qualitySample: '' });
  assert.deepEqual(full.body, { request_id: 'r1', village: 'V1', household_no: 3, tap_present: true, water_last_7_days: true,
    litres_per_day: 300, household_size: 5, days_per_week: 7, hours_per_day: 2.5, quality: { method: 'ftk', result: 'safe' } });
  // No tap: the quantity questions are moot and sent as 0; the water is
  // still tested.
  const none = m.householdBody({ ...base, tapPresent: false, waterLast7Days: null, litresPerDay: 'abc', qualityMethod: 'ftk', qualityResult: 'unsafe' });
  assert.deepEqual(none.body, { request_id: 'r1', village: 'V1', household_no: 3, tap_present: false, water_last_7_days: false,
    litres_per_day: 0, household_size: 5, days_per_week: 0, hours_per_day: 0, quality: { method: 'ftk', result: 'unsafe' } });
  assert.equal(m.householdBody({ ...base, tapPresent: false }).error.field, 'quality.method');
  // A lab sample's code: the server takes the result from the lab.
  assert.deepEqual(m.householdBody({ ...base, tapPresent: false, qualityMethod: 'lab', qualitySample: ' S-12 ' }).body.quality,
    { method: 'lab', sample: 'S-12' });
  assert.equal(m.householdBody({ ...base, tapPresent: false, qualityMethod: 'ftk', qualitySample: 'S-12' }).error.key, 'sup.check.sample_is_lab');
  assert.equal(m.householdBody({ ...base, tapPresent: null }).error.field, 'tap_present');
  assert.equal(m.householdBody({ ...base, tapPresent: true }).error.field, 'water_last_7_days');
  const water = { ...base, tapPresent: true, waterLast7Days: true, litresPerDay: '100', daysPerWeek: '8', hoursPerDay: '1' };
  assert.equal(m.householdBody(water).error.field, 'days_per_week');
  assert.equal(m.householdBody({ ...water, daysPerWeek: '6', hoursPerDay: '25' }).error.field, 'hours_per_day');
  assert.equal(m.householdBody({ ...water, daysPerWeek: '6' }).error.field, 'quality.method');
  assert.equal(m.householdBody({ ...water, daysPerWeek: '6', qualityMethod: 'lab' }).error.field, 'quality.result');
  assert.equal(m.lpcdOf('275', '5'), 55);
  assert.equal(m.lpcdOf('275', '0'), null);
  assert.equal(m.lpcdOf('', '5'), null);
  assert.notEqual(m.requestId(), m.requestId());
});

test('a share with its interval becomes a bar', () => {
  assert.deepEqual(m.ciBar({ share: 0.8234, ci_low: 0.781, ci_high: 0.86 }), { left: 78.1, width: 7.9, at: 82.34 });
  // Clamped to 0..1, and the interval always holds the share.
  assert.deepEqual(m.ciBar({ share: 0.99, ci_low: 0.95, ci_high: 1.04 }), { left: 95, width: 5, at: 99 });
  assert.deepEqual(m.ciBar({ share: 0.5, ci_low: 0.6, ci_high: 0.7 }), { left: 50, width: 20, at: 50 });
  assert.deepEqual(m.ciBar({ share: 0.5 }), { left: 50, width: 0, at: 50 });
  assert.equal(m.ciBar(null), null);
  assert.equal(m.ciBar({ share: null }), null);
  assert.equal(m.ciBar({ share: 0, ci_low: 0, ci_high: 0, households: 0 }), null, 'nobody surveyed: no estimate');
  assert.equal(m.formatShare(0.8234), '82.3%');
  assert.equal(m.formatShare(null), '—');
  const e = m.readEstimate({ share: 0.4, ci_low: 0.3, ci_high: 0.5, se: 0.05, households: 120, villages: 12 });
  assert.deepEqual([e.households, e.villages, e.se], [120, 12, 0.05]);
});

test('places results are asked for, and document references', () => {
  assert.equal(m.resultsPlace('IN'), 'IN');
  assert.equal(m.resultsPlace('S27'), 'S27');
  assert.equal(m.resultsPlace('D532'), 'D532');
  assert.equal(m.resultsPlace('DX1'), 'DX1');
  assert.equal(m.resultsPlace('B12'), '');
  assert.equal(m.resultsPlace('V123'), '');
  assert.deepEqual(m.documentRef(7), { id: 7, bytes: null });
  assert.deepEqual(m.documentRef({ id: 7, bytes: 90 }), { id: 7, bytes: 90 });
  assert.equal(m.documentRef(null), null);
});

test('the service-level chart', () => {
  assert.equal(m.lpcdChart([]), null);
  assert.equal(m.lpcdChart([{ on: 'x', lpcd: 3 }]), null);
  const c = m.lpcdChart([
    { on: '2026-03-01', lpcd: 40 }, { on: '2026-01-01', lpcd: 55 }, { on: '2026-02-01', lpcd: 110 },
  ], { width: 200, height: 100, pad: 10, norm: 55 });
  assert.deepEqual(c.points.map((p) => p.on), ['2026-01-01', '2026-02-01', '2026-03-01']);
  assert.equal(c.points[0].x, 10);
  assert.equal(c.points[2].x, 190);
  assert.equal(c.top, 121);
  // 110 of 121 is near the top; the norm at 55 sits where the first point is.
  assert.ok(c.points[1].y < 20);
  assert.equal(c.normY, c.points[0].y);
  assert.equal(c.polyline.split(' ').length, 3);
  const one = m.lpcdChart([{ on: '2026-01-01', lpcd: 20 }], { width: 200, height: 100, pad: 10 });
  assert.equal(one.points[0].x, 100, 'a single point in the middle');
});

test('every key the supply pages use is in both catalogues, and Hindi is Hindi', () => {
  const used = new Set(m.listKeys());
  const dir = new URL('./supply/', import.meta.url);
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.js'))) {
    const src = readFileSync(new URL(f, dir), 'utf8');
    for (const x of src.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(x[1]);
    for (const x of src.matchAll(/'(sup\.[\w.]+)'/g)) used.add(x[1]);
    for (const x of src.matchAll(/key: '([\w.]+)'/g)) used.add(x[1]);
  }
  // Keys built at run time.
  for (const s of m.QUEUE_STATUSES) used.add(`sup.queue.empty_${s}`);
  for (const k of m.DOCUMENT_KINDS) {
    for (const p of ['open', 'choose', 'limit', 'bad_type']) used.add(`sup.doc.${p}_${k}`);
  }
  for (const w of ['households', 'schools', 'anganwadis']) used.add(`sup.missing.${w}`);
  used.add('sup.error.not_full_coverage');
  used.add('sup.place_reported');
  used.add('sup.place_certified');
  for (const k of ['headline.hgj_reported', 'headline.hgj_certified', 'headline.hgj_gap', 'headline.hgj_status', 'nav.supply']) used.add(k);
  assert.ok(used.size > 150, `found ${used.size} keys`);
  for (const key of used) {
    assert.ok(key in en, `missing English ${key}`);
    assert.ok(key in hi, `missing Hindi ${key}`);
  }
  // Hindi strings are written in Devanagari (not English left in place),
  // but for names, codes and units kept as they are.
  const keep = new Set(['sup.results.place_title', 'sup.results.share_ci']);
  for (const key of Object.keys(en).filter((k) => k.startsWith('sup.'))) {
    if (keep.has(key)) continue;
    assert.match(hi[key], devanagari, `${key}: ${hi[key]}`);
    assert.notEqual(hi[key], en[key], key);
  }
});
