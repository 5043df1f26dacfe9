// The water-quality API (issue 10) on the running binary, on the real
// Kerala villages file: labs, sources, a sample's every step and the
// refusals (another lab's analyst, a result on a final sample, a unit the
// parameter does not take, an FTK tester outside her village), request ids
// replayed, the public summary and village view without names and a
// signed-in officer seeing them, and a failing arsenic result followed to
// remedy: the alert it opens, the remedial action, the passing retest that
// closes it, and the summary's affected habitations going back down.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { jjm, tempDir, newDb, startServer, api, addUser, signIn, assertRefused, parseCsv, SHARED } from '../lib/jjm.mjs';
import { openapiOf } from '../lib/openapi.mjs';

const KERALA = join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv');
const PASSWORD = 'correct horse 42';
const COLLECTOR = 'Geeta Kumari';
const TESTER = 'analyst.one'; // a step's actor: the analyst signed in

let server;
let base;
let conforms;
const S = {}; // sessions by who
const P = {}; // places
const L = {}; // labs by key: {id, code}

// YYYY-MM-DD of `days` before today in India.
function daysAgo(days) {
  const ist = new Date(Date.now() + 5.5 * 3600_000 - days * 86400_000);
  return ist.toISOString().slice(0, 10);
}

const post = (who, path, body, headers = {}) => api(base, `/api/v1/quality${path}`,
  { method: 'POST', body, headers, session: S[who] });
const get = (who, path) => api(base, `/api/v1/quality${path}`, { session: S[who] });

// A documented answer: the status, then the OpenAPI schema of `route`.
function answers(res, status, route, method = 'get') {
  assert.equal(res.status, status, `${method} ${route}: ${res.status} ${JSON.stringify(res.body)}`);
  conforms(route, method, res);
  return res.body;
}

// The sample of an answer (the answer itself, or its "sample").
const sampleOf = (body) => body.sample ?? body;

// A lab sample of `source` registered by `who`, collected `days` ago.
async function register(who, lab, source, days, extra = {}) {
  const r = await post(who, '/samples', {
    method: 'lab', lab, source, collected_on: daysAgo(days), collected_by: COLLECTOR, ...extra,
  });
  return sampleOf(answers(r, 201, '/quality/samples', 'post'));
}

// A step of a sample by `who`.
function step(who, id, body) {
  return post(who, `/samples/${id}/events`, body);
}

// Runs a registered sample to final with `results`, as lab analyst `who`.
async function toFinal(who, id, results, days = 1) {
  answers(await step(who, id, { kind: 'received', on: daysAgo(days) }), 201, '/quality/samples/{id}/events', 'post');
  answers(await step(who, id, { kind: 'tested', on: daysAgo(days), results }), 201,
    '/quality/samples/{id}/events', 'post');
  return sampleOf(answers(await step(who, id, { kind: 'final', on: daysAgo(days) }), 201,
    '/quality/samples/{id}/events', 'post'));
}

// The open alerts the officer sees for the village, of `contaminant`.
async function openAlerts(who, contaminant) {
  const r = answers(await get(who, `/alerts?place=${P.d1}&status=open&contaminant=${contaminant}`), 200, '/quality/alerts');
  return r.alerts.filter((a) => a.village?.code === P.v1);
}

// The public summary's quality-affected habitations of a place (a village
// without habitations counts as one), in all and by arsenic.
async function affected(place) {
  const r = answers(await get('anon', `/summary?place=${place}`), 200, '/quality/summary');
  assert.equal(r.place.code, place);
  return { all: r.summary.habitations_affected, arsenic: r.summary.affected_by.arsenic };
}

// Runs `fn` unless the server answers `path` with 503 (a part of the
// service not written yet), which skips the test saying so.
async function unlessUnavailable(t, path, who, fn) {
  const r = await get(who, path);
  if (r.status === 503) {
    t.skip(`${path}: ${r.body?.error?.message}`);
    return;
  }
  await fn(r);
}

before(async () => {
  const dir = tempDir();
  const db = newDb(dir, 'quality');
  const r = jjm(['import', 'villages', KERALA, '--db', db, '--as-of', '2024-03-01', '--commit', '--quiet',
    '--closed-periods', 'tests load published history']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  addUser(db, 'admin', 'national_admin', 'IN');
  server = await startServer({ db });
  base = server.url;
  ({ conforms } = openapiOf((await api(base, '/api/v1/openapi.json')).body));
  S.admin = await signIn(base, 'admin');
  S.anon = null;
  // Two districts; a block and two villages of the first.
  const districts = (await api(base, '/api/v1/coverage?parent=IN&level=district')).body.rows;
  [P.d1, P.d2] = [districts[0].code, districts[1].code];
  const blocks = (await api(base, `/api/v1/coverage?parent=${P.d1}&level=block`)).body.rows;
  P.b1 = blocks[0].code;
  const villages = (await api(base, `/api/v1/coverage?parent=${P.b1}&level=village`)).body.rows;
  [P.v1, P.v2] = [villages[0].code, villages[1].code];
  // Labs: a district lab in each district, and a block lab referring to
  // the first.
  for (const [key, body] of [
    ['d1', { code: 'KL-DWTL-1', name: 'District water testing lab one', level: 'district', place: P.d1 }],
    ['d2', { code: 'KL-DWTL-2', name: 'District water testing lab two', level: 'district', place: P.d2 }],
    ['b1', { code: 'KL-BWTL-1', name: 'Block water testing lab', level: 'block', place: P.b1, refers_to: 'KL-DWTL-1' }],
  ]) {
    const lab = answers(await post('admin', '/labs', body), 201, '/quality/labs', 'post');
    L[key] = { id: lab.id, code: lab.code };
  }
  // Users: an analyst of each district lab, the first district's officer,
  // an FTK tester of each village.
  const users = [
    { username: 'analyst.one', role: 'lab_analyst', lab: L.d1.code },
    { username: 'analyst.two', role: 'lab_analyst', lab: L.d2.code },
    { username: 'dist.officer', role: 'district_officer', unit: P.d1 },
    { username: 'ftk.one', role: 'ftk_tester', unit: P.v1 },
    { username: 'ftk.two', role: 'ftk_tester', unit: P.v2 },
  ];
  for (const u of users) {
    const made = await api(base, '/api/v1/users', { method: 'POST', session: S.admin, body: { ...u, password: PASSWORD } });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  S.a1 = await signIn(base, 'analyst.one');
  S.a2 = await signIn(base, 'analyst.two');
  S.officer = await signIn(base, 'dist.officer');
  S.ftk1 = await signIn(base, 'ftk.one');
  S.ftk2 = await signIn(base, 'ftk.two');
  for (const k of ['a1', 'a2', 'officer', 'ftk1', 'ftk2']) assert.equal(S[k].status, 200, JSON.stringify(S[k].body));
  // The first village's source, by its officer; no alternate source.
  const src = await post('officer', '/sources', { code: 'KL-SRC-1', village: P.v1, type: 'borewell', name: 'Panchayat borewell', has_alternate: false });
  P.source = answers(src, 201, '/quality/sources', 'post').code;
  const src2 = await post('officer', '/sources', { code: 'KL-SRC-2', village: P.v2, type: 'hand_pump' });
  P.source2 = answers(src2, 201, '/quality/sources', 'post').code;
});

after(async () => {
  await server?.stop();
});

test('the standard and grading are public; 1.0 mg/l fluoride is acceptable, 1.01 is not', async () => {
  const std = answers(await get('anon', '/standard'), 200, '/quality/standard');
  const codes = JSON.stringify(std.parameters);
  for (const p of ['fluoride', 'arsenic']) assert.match(codes, new RegExp(p));
  const grade = async (results) => answers(await post('anon', '/grade', { results }), 200, '/quality/grade', 'post');
  const at = await grade([{ parameter: 'fluoride', value: 1.0, unit: 'mg/l' }]);
  assert.equal(at.results[0].grade, 'acceptable');
  assert.equal(at.failing, false);
  const above = await grade([{ parameter: 'fluoride', value: 1.01, unit: 'mg/l' }, { parameter: 'arsenic', value: 0.08, unit: 'mg/l' }]);
  assert.deepEqual(above.results.map((x) => x.grade), ['permissible', 'beyond']);
  assert.equal(above.worst, 'beyond');
  assert.equal(above.failing, true);
  const bad = await post('anon', '/grade', { results: [{ parameter: 'fluoride', value: 1, unit: 'NTU' }] });
  assertRefused(bad, 400, 'results[0].unit', 'a unit fluoride does not take');
});

test('labs: the register is public; a code is unique; writes need a signed-in caller', async () => {
  const labs = answers(await get('anon', '/labs'), 200, '/quality/labs');
  assert.ok(labs.labs.some((l) => l.code === L.b1.code));
  const one = answers(await get('anon', `/labs/${L.b1.id}`), 200, '/quality/labs/{id}');
  assert.equal(one.code, L.b1.code);
  assertRefused(await get('anon', '/labs/999999'), 404);
  const dup = await post('admin', '/labs', { code: L.d1.code, name: 'Again', level: 'district', place: P.d1 });
  assert.ok([400, 409].includes(dup.status), JSON.stringify(dup.body));
  assertRefused(await post('anon', '/labs', { code: 'X', name: 'X', level: 'district', place: P.d1 }), 401);
  // A lab analyst manages no labs.
  assertRefused(await post('a1', '/labs', { code: 'KL-X', name: 'Not a lab', level: 'district', place: P.d1 }), 403);
  // A write with the cookie but without the CSRF token is refused.
  const noCsrf = await api(base, '/api/v1/quality/sources', {
    method: 'POST', session: S.officer, headers: { 'x-csrf-token': '' }, body: { village: P.v1, type: 'borewell' },
  });
  assertRefused(noCsrf, 403, 'x-csrf-token');
  // Unknown query parameters are refused naming them.
  assertRefused(await get('anon', '/labs?colour=blue'), 400, 'colour');
});

test('labs: accreditation as of a day, changes, treatment plants and sampling points', async () => {
  const path = `/labs/${L.d1.id}/accreditations`;
  assertRefused(await post('officer', path, { certificate_no: 'TC-1', valid_from: daysAgo(400), valid_to: daysAgo(30) }), 403,
    undefined, 'a district officer manages no labs');
  const lab = answers(await post('admin', path, { certificate_no: 'TC-5512', valid_from: daysAgo(400), valid_to: daysAgo(30) }),
    201, '/quality/labs/{id}/accreditations', 'post');
  assert.equal(lab.nabl.status, 'expired', 'expired on its date');
  const then = answers(await get('anon', `/labs?place=${P.d1}&as_of=${daysAgo(60)}`), 200, '/quality/labs');
  assert.deepEqual(then.labs.find((l) => l.code === L.d1.code).nabl,
    { status: 'accredited', certificate_no: 'TC-5512', valid_from: daysAgo(400), valid_to: daysAgo(30) });
  assert.ok(!then.labs.some((l) => l.code === L.d2.code), 'the other district\'s lab is not in this one');
  const one = answers(await get('anon', `/labs/${L.d1.id}`), 200, '/quality/labs/{id}');
  assert.deepEqual(one.accreditations.map((x) => x.certificate_no), ['TC-5512']);
  const bad = await post('admin', path, { certificate_no: 'TC-2', valid_from: daysAgo(10), valid_to: daysAgo(20) });
  assertRefused(bad, 400, 'valid_to');
  const patch = (who, id, body) => api(base, `/api/v1/quality/labs/${id}`, { method: 'PATCH', body, session: S[who] });
  const changed = answers(await patch('admin', L.b1.id, { parameters: ['arsenic', 'fluoride', 'e_coli'] }), 200, '/quality/labs/{id}', 'patch');
  assert.deepEqual([...changed.parameters].sort(), ['arsenic', 'e_coli', 'fluoride']);
  assertRefused(await patch('admin', L.b1.id, { colour: 'blue' }), 400, 'colour');
  assertRefused(await patch('admin', 999999, { parameters: ['arsenic'] }), 404);
  const plant = answers(await post('admin', '/treatment-plants', { code: 'KL-WTP-1', name: 'Water treatment plant one', place: P.b1, linked_lab: L.d1.code }),
    201, '/quality/treatment-plants', 'post');
  assert.equal(plant.linked_lab, L.d1.code);
  const point = answers(await post('officer', '/sampling-points', { village: P.v1, kind: 'household_tap', description: 'House 12, ward 3' }),
    201, '/quality/sampling-points', 'post');
  const sources = answers(await get('anon', `/sources?village=${P.v1}`), 200, '/quality/sources');
  assert.ok(sources.points.some((x) => x.id === point.id));
  assert.ok(sources.sources.some((x) => x.code === P.source));
  assertRefused(await post('ftk1', '/sampling-points', { village: P.v1, kind: 'stand_post' }), 403, undefined, 'an FTK tester registers no points');
});

test('a sample: registered with a request id, replayed; another lab\'s analyst is refused; a wrong unit names results[i].unit; a result on a final sample is refused naming its status', async () => {
  const body = { request_id: 'qtest-register-1', method: 'lab', lab: L.d1.code, source: P.source, collected_on: daysAgo(12), collected_by: COLLECTOR };
  const first = sampleOf(answers(await post('officer', '/samples', body), 201, '/quality/samples', 'post'));
  const again = await post('officer', '/samples', body);
  assert.equal(again.status, 200, JSON.stringify(again.body));
  assert.equal(again.body.replayed, true);
  assert.equal(sampleOf(again.body).id, first.id);
  // The Idempotency-Key header is a request id too.
  const { request_id: _, ...bare } = body;
  const h1 = await post('officer', '/samples', bare, { 'idempotency-key': 'qtest-register-2' });
  assert.equal(h1.status, 201, JSON.stringify(h1.body));
  const h2 = await post('officer', '/samples', bare, { 'idempotency-key': 'qtest-register-2' });
  assert.equal(h2.status, 200);
  assert.equal(sampleOf(h2.body).id, sampleOf(h1.body).id);

  // Another lab's analyst may not touch it.
  assertRefused(await step('a2', first.id, { kind: 'received', on: daysAgo(11) }), 403, undefined, 'another lab\'s analyst');
  answers(await step('a1', first.id, { kind: 'received', on: daysAgo(11) }), 201, '/quality/samples/{id}/events', 'post');
  const wrongUnit = await step('a1', first.id, {
    kind: 'tested', on: daysAgo(10),
    results: [{ parameter: 'arsenic', value: 0.005, unit: 'mg/l' }, { parameter: 'fluoride', value: 0.6, unit: 'NTU' }],
  });
  assertRefused(wrongUnit, 400, 'results[1].unit', 'fluoride in NTU');
  answers(await step('a1', first.id, {
    kind: 'tested', on: daysAgo(10),
    results: [{ parameter: 'arsenic', value: 0.005, unit: 'mg/l' }, { parameter: 'fluoride', value: 0.6, unit: 'mg/l' }],
  }), 201, '/quality/samples/{id}/events', 'post');
  answers(await step('a1', first.id, { kind: 'final', on: daysAgo(10) }), 201, '/quality/samples/{id}/events', 'post');
  const late = await step('a1', first.id, {
    kind: 'tested', on: daysAgo(9), results: [{ parameter: 'arsenic', value: 0.5, unit: 'mg/l' }],
  });
  assertRefused(late, 422, 'kind', 'a result on a final sample');
  assert.match(late.body.error.message, /is final/, 'names the sample\'s status');
  // The sample reads back with its events in order and graded results.
  const detail = answers(await get('a1', `/samples/${first.id}`), 200, '/quality/samples/{id}');
  assert.equal(detail.status, 'final');
  assert.deepEqual(detail.events.map((e) => e.kind), ['received', 'tested', 'final']);
  assert.ok(detail.events.every((e) => e.by === TESTER), 'the lab\'s analyst sees who');
  assert.equal(detail.collected_by, COLLECTOR);
  assert.ok(detail.results.every((x) => x.grade === 'acceptable'), JSON.stringify(detail.results));
  assertRefused(await get('anon', `/samples/${first.id}`), 401);
  assertRefused(await get('a1', '/samples/999999'), 404);
  const list = answers(await get('a1', `/samples?lab=${L.d1.code}`), 200, '/quality/samples');
  assert.ok(list.samples.some((s) => s.id === first.id));
});

test('field test kits: a tester in her own village, refused outside it; a replay answers the first', async () => {
  const body = {
    request_id: 'qtest-ftk-1', source: P.source2, tested_on: daysAgo(2),
    results: [{ parameter: 'fluoride', value: 0.5, unit: 'mg/l' }],
  };
  assertRefused(await post('ftk1', '/ftk-tests', body), 403, undefined, 'an FTK tester outside her village');
  assertRefused(await post('officer', '/ftk-tests', body), 403, undefined, 'officers register lab samples instead');
  const ok = answers(await post('ftk2', '/ftk-tests', body), 201, '/quality/ftk-tests', 'post');
  const again = await post('ftk2', '/ftk-tests', body);
  assert.equal(again.status, 200, JSON.stringify(again.body));
  assert.equal(again.body.replayed, true);
  assert.equal(sampleOf(again.body).id, sampleOf(ok).id);
});

test('a failing arsenic result opens an alert; a remedy and a passing retest close it; the village view shows names only to those who may see them', async () => {
  const before = await affected(P.d1);
  const s = await register('officer', L.d1.code, P.source, 8);
  const final = await toFinal('a1', s.id, [{ parameter: 'arsenic', value: 0.08, unit: 'mg/l' }], 7);
  assert.equal(final.status, 'final');
  assert.equal(final.failing, true);
  assert.deepEqual(final.alerts.map((a) => [a.contaminant, a.open]), [['arsenic', true]]);
  // The alert is in the officer's queue; the habitation is affected.
  const [alert] = await openAlerts('officer', 'arsenic');
  assert.ok(alert, 'an arsenic alert is open in the officer\'s queue');
  assert.equal(alert.open, true);
  assert.equal(alert.sample, s.code);
  assert.equal(alert.days_open, 7, 'open since the final day');
  assert.deepEqual(await affected(P.d1), { all: before.all + 1, arsenic: before.arsenic + 1 },
    'the summary counts the affected habitation');
  // Public: the summary and the village view, values and grades without names.
  const pub = answers(await get('anon', `/villages/${P.v1}`), 200, '/quality/villages/{code}');
  const text = JSON.stringify(pub);
  assert.match(text, /arsenic/);
  assert.ok(pub.affected.some((a) => a.contaminants.includes('arsenic')), JSON.stringify(pub.affected));
  assert.ok(pub.alerts_open.some((a) => a.id === alert.id));
  const latest = pub.sources.find((x) => x.code === P.source).latest;
  assert.equal(latest.code, s.code);
  assert.deepEqual(latest.results.map((x) => [x.parameter, x.grade]), [['arsenic', 'beyond']], 'values and grades are public');
  assert.doesNotMatch(text, new RegExp(`${COLLECTOR}|${TESTER}`), 'no names in public');
  const far = answers(await get('a2', `/villages/${P.v1}`), 200, '/quality/villages/{code}');
  assert.doesNotMatch(JSON.stringify(far), new RegExp(COLLECTOR), 'another lab\'s analyst sees no names');
  const inner = answers(await get('officer', `/villages/${P.v1}`), 200, '/quality/villages/{code}');
  const seen = inner.sources.find((x) => x.code === P.source).latest;
  assert.equal(seen.collected_by, COLLECTOR, 'the officer sees who collected');
  assert.equal(seen.tested_by, TESTER, 'and who tested');
  const srcList = answers(await get('anon', `/sources?village=${P.v1}`), 200, '/quality/sources');
  assert.doesNotMatch(JSON.stringify(srcList), new RegExp(`${COLLECTOR}|${TESTER}`), 'no names in the public list');
  // Alerts are not public; another district's analyst has none of them.
  assertRefused(await get('anon', '/alerts'), 401);

  // A remedial action, then completed.
  assertRefused(await post('a2', `/alerts/${alert.id}/actions`, { kind: 'treatment_unit', started_on: daysAgo(6) }), 403);
  const action = answers(await post('officer', `/alerts/${alert.id}/actions`, { kind: 'treatment_unit', started_on: daysAgo(6), note: 'arsenic removal unit fitted' }),
    201, '/quality/alerts/{id}/actions', 'post');
  answers(await post('officer', `/actions/${action.id}/done`, { done_on: daysAgo(4) }), 200, '/quality/actions/{id}/done', 'post');
  assert.equal((await openAlerts('officer', 'arsenic')).length, 1, 'open until a passing retest');
  // A passing sample collected before the action's done day does not close
  // it; a passing retest collected after it does.
  const early = await register('officer', L.d1.code, P.source, 5);
  await toFinal('a1', early.id, [{ parameter: 'arsenic', value: 0.004, unit: 'mg/l' }], 4);
  assert.equal((await openAlerts('officer', 'arsenic')).length, 1, 'a sample collected before the remedy was done');
  const retest = await register('officer', L.d1.code, P.source, 3, { parent: s.code, reason: 'retest' });
  await toFinal('a1', retest.id, [{ parameter: 'arsenic', value: 0.004, unit: 'mg/l' }], 2);
  assert.deepEqual(await openAlerts('officer', 'arsenic'), [], 'the passing retest closed the alert');
  const closed = answers(await get('officer', `/alerts?place=${P.d1}&status=closed`), 200, '/quality/alerts');
  const was = closed.alerts.find((a) => a.id === alert.id);
  assert.equal(was.open, false);
  assert.equal(was.closed_by_sample, retest.code);
  assert.equal(was.actions[0].done_on, daysAgo(4));
  assert.deepEqual(await affected(P.d1), before, 'the habitation is no longer affected');
  const after = answers(await get('anon', `/villages/${P.v1}`), 200, '/quality/villages/{code}');
  assert.deepEqual(after.alerts_open, []);
  assert.ok(!after.affected.some((a) => a.contaminants.includes('arsenic')));
});

test('the export: CSV of results for signed-in callers', async (t) => {
  const r = await fetch(`${base}/api/v1/quality/results.csv?place=${P.d1}`, { headers: { cookie: S.officer.cookie } });
  if (r.status === 503) {
    t.skip(`the export: ${(await r.json()).error.message}`);
    return;
  }
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="quality-results-/);
  const rows = parseCsv(await r.text());
  assert.ok(rows.length >= 4, `${rows.length} rows`);
  assert.ok(rows.some((x) => Object.values(x).includes('arsenic')));
  assertRefused(await api(base, '/api/v1/quality/results.csv'), 401);
});

test('trained testers: names only to those who may see them', async () => {
  answers(await post('officer', '/testers', { village: P.v1, name: 'Sunita Devi', trained_on: daysAgo(30), username: 'ftk.one' }),
    201, '/quality/testers', 'post');
  assertRefused(await post('a1', '/testers', { village: P.v1, name: 'Not hers', trained_on: daysAgo(30) }), 403);
  const testers = answers(await get('officer', `/testers?village=${P.v1}`), 200, '/quality/testers');
  assert.deepEqual(testers.testers.map((x) => x.name), ['Sunita Devi']);
  assert.equal(testers.count, 1);
  const own = answers(await get('ftk1', `/testers?village=${P.v1}`), 200, '/quality/testers');
  assert.equal(own.testers[0].name, 'Sunita Devi', 'the village\'s FTK tester sees names');
  const far = answers(await get('ftk2', `/testers?village=${P.v1}`), 200, '/quality/testers');
  assert.equal(far.count, 1);
  assert.equal(far.testers[0].name, undefined, 'another village\'s tester does not');
});

test('surveillance and the reports', async (t) => {
  await unlessUnavailable(t, `/surveillance?place=${P.d1}`, 'anon', async (r) => {
    answers(r, 200, '/quality/surveillance');
    for (const name of ['cs1bi', 'l5']) answers(await get('anon', `/reports/${name}?place=IN`), 200, '/quality/reports/{name}');
    assertRefused(await get('anon', '/reports/nothing'), 404);
  });
});
