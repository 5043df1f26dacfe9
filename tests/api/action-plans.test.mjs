// The committee's Village Action Plan and its approval by the Gram Sabha,
// a complaint's photos, and the water-quality samples taken for a
// complaint of contaminated water (issue 12, linking to the water-quality
// module), on the running binary.  Every answer is checked against the
// OpenAPI document.  Runs on SQLite, and on PostgreSQL under
// scripts/with-postgres.sh (JJM_TEST_PG), like the other API tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, newDb, startServer, api, addUser, signIn, assertRefused } from '../lib/jjm.mjs';
import { openapiOf } from '../lib/openapi.mjs';

const PASSWORD = 'correct horse 42';

let server;
let base;
let conforms;
const S = { anon: null };
const P = {};

// YYYY-MM-DD `days` from today in India (negative: before).
function day(days = 0) {
  const ist = new Date(Date.now() + 5.5 * 3600_000 + days * 86400_000);
  return ist.toISOString().slice(0, 10);
}
// The financial year ("2025-26") of today in India.
function thisFy() {
  const [y, m] = day().split('-').map(Number);
  const s = m >= 4 ? y : y - 1;
  return `${s}-${String((s + 1) % 100).padStart(2, '0')}`;
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

// Bytes as base64, and the raw bytes of a GET.
const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
async function raw(path, session) {
  const headers = {};
  if (session?.cookie) headers.cookie = session.cookie;
  if (session?.headers) Object.assign(headers, session.headers);
  const r = await fetch(`${base}/api/v1${path}`, { headers });
  return { status: r.status, type: r.headers.get('content-type'), etag: r.headers.get('etag'), bytes: Buffer.from(await r.arrayBuffer()) };
}

before(async () => {
  const dir = tempDir();
  const db = newDb(dir, 'vap');
  addUser(db, 'admin', 'national_admin', 'IN');
  server = await startServer({ db, demo: true, demoScale: 0.003 });
  base = server.url;
  ({ conforms } = openapiOf((await api(base, '/api/v1/openapi.json')).body));
  S.admin = await signIn(base, 'admin');
  assert.equal(S.admin.status, 200, JSON.stringify(S.admin.body));
  // Two villages of one district with households and without a committee.
  const districts = (await get('anon', '/coverage?level=district')).body.rows;
  for (const d of districts) {
    const free = [];
    for (const v of (await get('anon', `/coverage?parent=${d.code}&level=village`)).body.rows.filter((x) => x.total_hh >= 20)) {
      if ((await get('anon', `/committees/${v.code}`)).status === 404) free.push(v.code);
      if (free.length === 2) break;
    }
    if (free.length === 2) {
      [P.v1, P.v2] = free;
      P.d1 = d.code;
      break;
    }
  }
  assert.ok(P.v1 && P.v2, 'two villages without a committee');
  const unit = (await get('anon', `/units/${P.v1}`)).body;
  P.b1 = unit.path.find((p) => p.level === 'block').code;
  for (const u of [
    { username: 'district.officer', role: 'district_officer', unit: P.d1 },
    { username: 'op.one', role: 'vwsc_operator', unit: P.v1 },
    { username: 'op.two', role: 'vwsc_operator', unit: P.v2 },
    { username: 'ftk.one', role: 'ftk_tester', unit: P.v1 },
    { username: 'ftk.two', role: 'ftk_tester', unit: P.v2 },
  ]) {
    const made = await post('admin', '/users', { ...u, password: PASSWORD });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  S.district = await signIn(base, 'district.officer');
  S.op1 = await signIn(base, 'op.one');
  S.op2 = await signIn(base, 'op.two');
  S.ftk1 = await signIn(base, 'ftk.one');
  S.ftk2 = await signIn(base, 'ftk.two');
  answers(await post('district', '/committees', { village: P.v1, formed_on: day(-400) }), 201, '/committees', 'post');
});

after(async () => {
  await server?.stop();
});

test('a Village Action Plan: recorded with its document, refusals named, approved by the Gram Sabha once, a revision superseding it', async () => {
  const R = '/committees/{code}/action-plans';
  const A = '/action-plans/{id}/approval';
  const fy = thisFy();
  const good = { fy, prepared_on: day(-10), document: { name: 'vap.pdf', content_type: 'application/pdf', data_base64: b64(PDF) } };
  refused(await post('anon', `/committees/${P.v1}/action-plans`, good), 401, undefined, R, 'post', 'signed out');
  refused(await post('op2', `/committees/${P.v1}/action-plans`, good), 403, undefined, R, 'post', "another village's operator");
  refused(await post('op1', `/committees/${P.v2}/action-plans`, good), 403, undefined, R, 'post', 'a village without a committee, not theirs');
  refused(await post('district', `/committees/${P.v2}/action-plans`, good), 404, undefined, R, 'post', 'a village without a committee');
  refused(await post('op1', `/committees/${P.v1}/action-plans`, { ...good, fy: '2025' }), 400, 'fy', R, 'post', 'fy not YYYY-YY');
  refused(await post('op1', `/committees/${P.v1}/action-plans`, { ...good, fy: '2019-21' }), 400, 'fy', R, 'post', 'fy not consecutive');
  refused(await post('op1', `/committees/${P.v1}/action-plans`, { ...good, prepared_on: day(2) }), 400, 'prepared_on', R, 'post',
    'prepared in the future');
  refused(await post('op1', `/committees/${P.v1}/action-plans`, { ...good, prepared_on: '2019-01-01' }), 400, 'prepared_on', R, 'post',
    'prepared years before the year');
  refused(await post('op1', `/committees/${P.v1}/action-plans`, { ...good, document: { content_type: 'application/pdf', data_base64: b64(PNG) } }),
    400, 'document.data_base64', R, 'post', 'a PNG called a PDF');
  refused(await post('op1', `/committees/${P.v1}/action-plans`, { ...good, document: { content_type: 'text/html', data_base64: b64('<html>') } }),
    400, 'document.data_base64', R, 'post', 'not a PDF or an image');
  refused(await post('op1', `/committees/${P.v1}/action-plans`, { fy, prepared_on: day(-10) }), 400, 'document', R, 'post', 'no document');
  refused(await post('op1', `/committees/${P.v1}/action-plans`, { ...good, extra: 1 }), 400, 'extra', R, 'post', 'an unknown field');
  let c = answers(await get('anon', `/committees/${P.v1}`), 200, '/committees/{code}');
  assert.deepEqual(c.action_plans, [], 'nothing refused was written');

  c = answers(await post('op1', `/committees/${P.v1}/action-plans`, good), 201, R, 'post');
  assert.equal(c.action_plans.length, 1);
  const plan = c.action_plans[0];
  assert.deepEqual([plan.fy, plan.prepared_on, plan.current, plan.approved_on, plan.resolution], [fy, day(-10), true, null, null]);
  assert.equal(plan.document.size, PDF.length);
  assert.equal(plan.recorded_by, 'op.one');
  // The public page shows the plan, not who recorded it; the document is public.
  const pub = answers(await get('anon', `/committees/${P.v1}`), 200, '/committees/{code}');
  assert.equal(pub.action_plans[0].recorded_by, undefined);
  const doc = await raw(plan.document.href.replace('/api/v1', ''));
  assert.equal(doc.status, 200);
  assert.equal(doc.type, 'application/pdf');
  assert.ok(doc.bytes.equals(PDF), 'the bytes as uploaded');
  assert.match(doc.etag, /^"[0-9a-f]{64}"$/);
  assert.equal((await raw('/action-plans/999999/document')).status, 404);

  // The Gram Sabha's approval: not before the plan, not in the future, once.
  refused(await post('op2', `/action-plans/${plan.id}/approval`, { approved_on: day(-2), resolution: 'Approved unanimously' }), 403, undefined, A, 'post');
  refused(await post('op1', `/action-plans/${plan.id}/approval`, { approved_on: day(-11), resolution: 'Approved unanimously' }), 400,
    'approved_on', A, 'post', 'before the plan was prepared');
  refused(await post('op1', `/action-plans/${plan.id}/approval`, { approved_on: day(1), resolution: 'Approved unanimously' }), 400,
    'approved_on', A, 'post', 'in the future');
  refused(await post('op1', `/action-plans/${plan.id}/approval`, { approved_on: day(-2) }), 400, 'resolution', A, 'post');
  refused(await post('op1', '/action-plans/999999/approval', { approved_on: day(-2), resolution: 'Approved' }), 404, undefined, A, 'post');
  c = answers(await post('op1', `/action-plans/${plan.id}/approval`, { approved_on: day(-2), resolution: 'Approved unanimously' }), 200, A, 'post');
  assert.deepEqual([c.action_plans[0].approved_on, c.action_plans[0].resolution], [day(-2), 'Approved unanimously']);
  refused(await post('district', `/action-plans/${plan.id}/approval`, { approved_on: day(-1), resolution: 'Again' }), 409, 'approved_on', A, 'post',
    'an approval is recorded once');

  // A revised plan for the year (a PNG scan) is the current one now.
  c = answers(await post('district', `/committees/${P.v1}/action-plans`, {
    fy, prepared_on: day(-1), document: { content_type: 'image/png', data_base64: b64(PNG) },
  }), 201, R, 'post');
  assert.deepEqual(c.action_plans.map((p) => [p.id === plan.id, p.current, p.approved_on !== null]), [[true, false, true], [false, true, false]]);
  assert.equal((await raw(c.action_plans[1].document.href.replace('/api/v1', ''))).type, 'image/png');
});

test("a complaint's photos: the filer's by the secret, an officer's signed in; a wrong secret or another complaint's photo refused", async () => {
  const filed = answers(await post('anon', '/complaints', {
    village: P.v1, category: 'broken_tap', description: 'the tap near the school is broken',
    photo: { content_type: 'image/png', data_base64: b64(PNG) },
  }), 201, '/complaints', 'post');
  const other = answers(await post('anon', '/complaints', {
    village: P.v2, category: 'broken_tap', description: 'the tap near the well is broken',
    photo: { content_type: 'image/png', data_base64: b64(Buffer.concat([PNG, Buffer.from('x')])) },
  }), 201, '/complaints', 'post');
  const T = (ref, secret) => `/complaints/track/${ref}?secret=${encodeURIComponent(secret)}`;
  const mine = answers(await get('anon', T(filed.reference, filed.secret)), 200, '/complaints/track/{reference}');
  const theirs = answers(await get('anon', T(other.reference, other.secret)), 200, '/complaints/track/{reference}');
  assert.ok(mine.photo > 0 && mine.has_photo);
  assert.deepEqual(mine.samples, []);
  const photo = (ref, id, secret) => raw(`/complaints/track/${ref}/photos/${id}${secret ? `?secret=${encodeURIComponent(secret)}` : ''}`);
  let r = await photo(filed.reference, mine.photo, filed.secret);
  assert.deepEqual([r.status, r.type], [200, 'image/png']);
  assert.ok(r.bytes.equals(PNG));
  assert.equal((await photo(filed.reference, mine.photo, 'wrong-secret')).status, 404, 'a wrong secret');
  assert.equal((await photo(filed.reference, theirs.photo, filed.secret)).status, 404, "another complaint's photo");
  assert.equal((await photo(filed.reference, mine.photo, '')).status, 401, 'no secret, signed out');
  r = await raw(`/complaints/track/${filed.reference}/photos/${mine.photo}`, S.op1);
  assert.equal(r.status, 200, "the village's operator");
  r = await raw(`/complaints/track/${filed.reference}/photos/${mine.photo}`, S.op2);
  assert.equal(r.status, 403, "another village's operator");
});

test('a contaminated-water complaint: a test asked for, samples of the village linked, their verdicts from the water-quality module', async () => {
  const L = '/complaints/{id}/samples';
  const filed = answers(await post('anon', '/complaints', {
    village: P.v1, category: 'contaminated_water', description: 'yellowish water with a smell',
  }), 201, '/complaints', 'post');
  assert.equal(filed.quality_test_requested, true);
  const q = answers(await get('district', '/complaints?status=all&limit=1000'), 200, '/complaints');
  const id = q.rows.find((x) => x.reference === filed.reference).id;
  // FTK tests by the trained women: one in the complaint's village
  // (fluoride beyond the limit), one in another village.
  const ftk = async (who, village, value) => {
    const b = answers(await post(who, '/quality/ftk-tests', {
      village, point_kind: 'household_tap', tested_on: day(), results: [{ parameter: 'fluoride', value, unit: 'mg/l' }],
    }), 201, '/quality/ftk-tests', 'post');
    return (b.sample ?? b).code;
  };
  const bad = await ftk('ftk1', P.v1, 3.2);
  const fine = await ftk('ftk1', P.v1, 0.4);
  const elsewhere = await ftk('ftk2', P.v2, 0.4);
  refused(await post('anon', `/complaints/${id}/samples`, { sample: bad }), 401, undefined, L, 'post');
  refused(await post('op2', `/complaints/${id}/samples`, { sample: bad }), 403, undefined, L, 'post', "another village's operator");
  refused(await post('op1', `/complaints/${id}/samples`, { sample: 'NO-SUCH-SAMPLE' }), 400, 'sample', L, 'post', 'an unknown sample');
  refused(await post('op1', `/complaints/${id}/samples`, { sample: elsewhere }), 400, 'sample', L, 'post', 'a sample of another village');
  refused(await post('op1', `/complaints/${id}/samples`, {}), 400, 'sample', L, 'post');
  refused(await post('op1', '/complaints/999999/samples', { sample: bad }), 404, undefined, L, 'post');
  let c = answers(await post('op1', `/complaints/${id}/samples`, { sample: bad }), 201, L, 'post');
  assert.deepEqual(c.samples.map((s) => [s.code, s.status]), [[bad, 'unsafe']]);
  refused(await post('district', `/complaints/${id}/samples`, { sample: bad }), 409, 'sample', L, 'post', 'linked twice');
  c = answers(await post('district', `/complaints/${id}/samples`, { sample: fine }), 201, L, 'post');
  assert.deepEqual(c.samples.map((s) => [s.code, s.status]), [[bad, 'unsafe'], [fine, 'safe']]);
  // The filer sees the verdicts on the follow-up page.
  const t = answers(await get('anon', `/complaints/track/${filed.reference}?secret=${encodeURIComponent(filed.secret)}`), 200,
    '/complaints/track/{reference}');
  assert.deepEqual(t.samples.map((s) => s.status), ['unsafe', 'safe']);
  // And the audit trail records who linked them.
  const audit = answers(await get('admin', '/audit?action=operations.complaint.sample'), 200, '/audit');
  assert.deepEqual(audit.rows.map((a) => [a.entity_id, a.actor]).reverse(),
    [[filed.reference, 'op.one'], [filed.reference, 'district.officer']]);
});

test("breakdowns of a scheme's assets: the asset names the scheme, refusals named, each asset's repair history", async () => {
  const B = '/breakdowns';
  const H = '/schemes/{id}/breakdowns';
  const scheme = answers(await post('district', '/schemes', {
    code: `SCH-VAP-${process.pid}`, name: 'Test scheme of two villages', kind: 'multi_village', villages: [P.v1, P.v2],
    sanctioned_on: day(-400), status: 'commissioned', commissioned_on: day(-200), agency: 'Rural Water Supply Department', sanction_cost_lakh: 12.5,
  }), 201, '/schemes', 'post');
  const lone = answers(await post('district', '/schemes', {
    code: `SCH-VAP1-${process.pid}`, name: 'Test scheme of the second village', kind: 'single_village', villages: [P.v2],
    sanctioned_on: day(-400), agency: 'Rural Water Supply Department', sanction_cost_lakh: 12.5,
  }), 201, '/schemes', 'post');
  const pump = answers(await post('district', `/schemes/${scheme.id}/assets`, { type: 'pump', village: P.v1, name: 'Borewell pump' }),
    201, '/schemes/{id}/assets', 'post');
  const tank = answers(await post('district', `/schemes/${scheme.id}/assets`, { type: 'overhead_tank', village: P.v2 }),
    201, '/schemes/{id}/assets', 'post');
  const other = answers(await post('district', `/schemes/${lone.id}/assets`, { type: 'pump', village: P.v2 }),
    201, '/schemes/{id}/assets', 'post');
  const base = { village: P.v1, reason: 'pump_failure', households_affected: 3 };
  refused(await post('op1', B, { ...base, asset: 999999, started_on: day(-20) }), 400, 'asset', B, 'post', 'no such asset');
  refused(await post('op1', B, { ...base, asset: other.id, started_on: day(-20) }), 400, 'asset', B, 'post',
    'an asset of a scheme not serving the village');
  refused(await post('op1', B, { ...base, scheme: lone.id, asset: pump.id, started_on: day(-20) }), 400, 'asset', B, 'post',
    'an asset of another scheme than the one given');
  // The pump broke twice (once still down); the tank once.
  const first = answers(await post('op1', B, { ...base, asset: pump.id, started_on: day(-20), ended_on: day(-18) }), 201, B, 'post');
  assert.deepEqual([first.scheme_id, first.asset_id], [scheme.id, pump.id], 'the asset names its scheme');
  answers(await post('op1', B, { ...base, asset: pump.id, started_on: day(-3) }), 201, B, 'post');
  answers(await post('op2', B, { village: P.v2, reason: 'pipe_burst', households_affected: 2, asset: tank.id, started_on: day(-9),
    ended_on: day(-9) }), 201, B, 'post');
  const h = answers(await get('anon', `/schemes/${scheme.id}/breakdowns`), 200, H);
  assert.equal(h.breakdowns.length, 3);
  assert.deepEqual(h.breakdowns.map((b) => b.village.code), [P.v1, P.v2, P.v1]);
  assert.ok(h.breakdowns.every((b) => b.by === undefined), 'who recorded them is not public');
  const byAsset = Object.fromEntries(h.assets.map((a) => [a.asset_id, a]));
  assert.deepEqual([byAsset[pump.id].breakdowns, byAsset[pump.id].days_down, byAsset[pump.id].last_repaired_on, byAsset[pump.id].down_since],
    [2, 3 + 4, day(-18), day(-3)]);
  assert.deepEqual([byAsset[tank.id].breakdowns, byAsset[tank.id].days_down, byAsset[tank.id].down_since], [1, 1, null]);
  assert.equal(byAsset[pump.id].type, 'pump');
  refused(await get('anon', '/schemes/999999/breakdowns'), 404, undefined, H, 'get');
  refused(await get('anon', `/schemes/${scheme.id}/breakdowns?x=1`), 400, 'x', H, 'get');
});
