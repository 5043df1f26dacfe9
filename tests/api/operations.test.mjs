// The operations API (issue 12) on the running binary, on the demo data: a
// village's water and sanitation committee created by its block officer,
// members, the guidelines' composition check naming every shortfall, a
// meeting, a member leaving, the roll-up of committees failing the rules;
// complaints filed signed out (reference and secret; the contact never in a
// public answer), followed, worked and resolved by the village's
// vwsc_operator (not by another village's), confirmed or reopened by the
// filer, closed as spam with a note, steps out of order refused, the queue
// overdue first, the public summary's counts moving, the limit per address;
// breakdowns and days without supply.  Every answer is checked against the
// OpenAPI document.  Runs on SQLite, and on PostgreSQL under
// scripts/with-postgres.sh (JJM_TEST_PG), like the other API tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

import { tempDir, newDb, startServer, api, addUser, signIn, assertRefused, sql } from '../lib/jjm.mjs';
import { openapiOf } from '../lib/openapi.mjs';

const PASSWORD = 'correct horse 42';
const CONTACT = '+91 98765 43210';

let server;
let base;
let conforms;
const S = { anon: null }; // sessions by who
const P = {}; // places by key: codes
let filed = 0; // complaints filed from this address (the limit is 10 an hour)

// YYYY-MM-DD `days` from today in India (negative: before).
function day(days = 0) {
  const ist = new Date(Date.now() + 5.5 * 3600_000 + days * 86400_000);
  return ist.toISOString().slice(0, 10);
}

const get = (who, path) => api(base, `/api/v1${path}`, { session: S[who] });
const post = (who, path, body) => api(base, `/api/v1${path}`, { method: 'POST', body, session: S[who] });

// A documented answer: the status, then the OpenAPI schema of `route`.
function answers(res, status, route, method = 'get') {
  assert.equal(res.status, status, `${method} ${route}: ${res.status} ${JSON.stringify(res.body)}`);
  conforms(route, method, res);
  return res.body;
}
// A documented refusal.
function refused(res, status, field, route, method, label) {
  assertRefused(res, status, field, label);
  conforms(route, method, res);
  return res.body.error;
}

// Files a complaint signed out; returns {reference, secret, ...}.
async function file(body) {
  const r = answers(await post('anon', '/complaints', body), 201, '/complaints', 'post');
  filed++;
  return r;
}
const track = (ref, secret) => get('anon', `/complaints/track/${ref}?secret=${encodeURIComponent(secret)}`);
const TRACK = '/complaints/track/{reference}';
const STEPS = '/complaints/{id}/steps';
// The complaint's id, from the queue of `who`.
async function idOf(who, reference) {
  const q = answers(await get(who, '/complaints?status=all&limit=1000'), 200, '/complaints');
  const row = q.rows.find((x) => x.reference === reference);
  assert.ok(row, `${reference} in the queue of ${who}`);
  return row.id;
}
const step = (who, id, body) => post(who, `/complaints/${id}/steps`, body);
async function totals(place) {
  const r = answers(await get('anon', `/complaints/summary?place=${place}`), 200, '/complaints/summary');
  return r.totals;
}

// A complaint filed 30 hours ago, written straight into the database (the
// server keeps its clock; the test cannot move it): overdue now.
const OLD = { reference: 'JJM-OLD0000001', secret: 'an-old-secret-of-the-test' };

before(async () => {
  const dir = tempDir();
  const db = newDb(dir, 'ops');
  addUser(db, 'admin', 'national_admin', 'IN');
  server = await startServer({ db, demo: true, demoScale: 0.003 });
  base = server.url;
  // Two villages with households, of one block, without a committee.
  const districts = (await get('anon', '/coverage?level=district')).body.rows;
  for (const d of districts) {
    const villages = (await get('anon', `/coverage?parent=${d.code}&level=village`)).body.rows
      .filter((v) => v.total_hh >= 20);
    if (villages.length < 2) continue;
    const free = [];
    for (const v of villages) {
      if ((await get('anon', `/committees/${v.code}`)).status === 404) free.push(v);
      if (free.length === 2) break;
    }
    if (free.length < 2) continue;
    [P.v1, P.v2] = free.map((v) => v.code);
    P.hh1 = free[0].total_hh;
    P.d1 = d.code;
    break;
  }
  assert.ok(P.v1 && P.v2, 'two villages with households and no committee');
  const unit = (await api(base, `/api/v1/units/${P.v1}`)).body;
  P.b1 = unit.path.find((p) => p.level === 'block').code;
  await server.stop();

  // The old complaint, then the server again on the same database.
  const vid = sql(db, `SELECT id FROM unit WHERE code = '${P.v1}'`);
  assert.equal(vid.status, 0, vid.stderr);
  const at = Math.floor(Date.now() / 1000) - 30 * 3600;
  const sha = createHash('sha256').update(OLD.secret).digest('hex');
  for (const statement of [
    `INSERT INTO complaint (reference, secret_sha256, village_id, category, description, contact, filed_at, filed_by, remote)
       VALUES ('${OLD.reference}', '${sha}', ${vid.stdout.trim()}, 'no_supply', 'No water for a day', '', ${at}, 'public', '127.0.0.1')`,
    `INSERT INTO complaint_event (complaint_id, at, kind, level, note, actor)
       SELECT id, ${at}, 'assigned', 'committee', 'to the village''s committee and its operator', 'jjm'
       FROM complaint WHERE reference = '${OLD.reference}'`,
  ]) {
    const r = sql(db, statement);
    assert.equal(r.status, 0, r.stderr);
  }
  server = await startServer({ db });
  base = server.url;
  ({ conforms } = openapiOf((await api(base, '/api/v1/openapi.json')).body));
  S.admin = await signIn(base, 'admin');
  assert.equal(S.admin.status, 200, JSON.stringify(S.admin.body));
  const users = [
    { username: 'block.officer', role: 'block_officer', unit: P.b1 },
    { username: 'op.one', role: 'vwsc_operator', unit: P.v1 },
    { username: 'op.two', role: 'vwsc_operator', unit: P.v2 },
  ];
  for (const u of users) {
    const made = await post('admin', '/users', { ...u, password: PASSWORD });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  S.block = await signIn(base, 'block.officer');
  S.op1 = await signIn(base, 'op.one');
  S.op2 = await signIn(base, 'op.two');
  for (const k of ['block', 'op1', 'op2']) assert.equal(S[k].status, 200, JSON.stringify(S[k].body));
});

after(async () => {
  await server?.stop();
});

const codes = (c) => c.composition.shortfalls.map((f) => f.code);
const member = (name, role, gender, social_group = 'other', extra = {}) => ({
  name, role, gender, social_group, joined_on: day(-30), ...extra,
});

test('a committee: created by the block officer, members, the composition check naming shortfalls, a meeting, a member leaving, the roll-up', async () => {
  const C = '/committees/{code}';
  refused(await get('anon', `/committees/${P.v1}`), 404, undefined, C, 'get', 'no committee yet');
  refused(await post('anon', '/committees', { village: P.v1, formed_on: day(-60) }), 401, undefined, '/committees', 'post');
  refused(await post('op2', '/committees', { village: P.v1, formed_on: day(-60) }), 403, undefined, '/committees', 'post',
    'another village\'s operator');
  refused(await post('block', '/committees', { village: P.b1, formed_on: day(-60) }), 400, 'village', '/committees', 'post',
    'a block has no committee');
  refused(await post('block', '/committees', { village: P.v1, formed_on: day(5) }), 400, 'formed_on', '/committees', 'post',
    'formed in the future');
  const made = answers(await post('block', '/committees', { village: P.v1, formed_on: day(-60) }), 201, '/committees', 'post');
  assert.equal(made.place.code, P.v1);
  assert.match(made.name, /Paani Samiti$/);
  assert.equal(made.formed_on, day(-60));
  assert.deepEqual(made.members, []);
  assert.equal(made.composition.meets, false);
  assert.deepEqual(codes(made), ['too_few_members', 'no_chair', 'no_secretary']);
  refused(await post('block', '/committees', { village: P.v1, formed_on: day(-60) }), 409, 'village', '/committees', 'post',
    'a second committee');

  // Four members, one woman: too few members and too few women, named.
  const M = '/committees/{code}/members';
  let c;
  for (const m of [member('Sunita Devi', 'chair', 'female'), member('Ramesh Kumar', 'secretary', 'male'),
    member('Mohan Lal', 'member', 'male'), member('Arjun Singh', 'operator', 'male')]) {
    c = answers(await post('op1', `/committees/${P.v1}/members`, m), 201, M, 'post');
  }
  assert.equal(c.composition.size, 4);
  assert.equal(c.composition.women, 1);
  const few = c.composition.shortfalls.find((f) => f.code === 'too_few_members');
  assert.deepEqual([few.have, few.need], [4, 10]);
  assert.match(few.message, /4/);
  const women = c.composition.shortfalls.find((f) => f.code === 'too_few_women');
  assert.deepEqual([women.have, women.need], [1, 2]);
  assert.ok(!codes(c).includes('no_chair') && !codes(c).includes('no_secretary'));
  // Refusals: another village's operator, bad values, unknown fields.
  refused(await post('op2', `/committees/${P.v1}/members`, member('Asha Bai', 'member', 'female')), 403, undefined, M, 'post',
    'a vwsc_operator of another village');
  refused(await post('op1', `/committees/${P.v1}/members`, member('Asha Bai', 'treasurer', 'female')), 400, 'role', M, 'post');
  refused(await post('op1', `/committees/${P.v1}/members`, member('Asha Bai', 'member', 'f')), 400, 'gender', M, 'post');
  refused(await post('op1', `/committees/${P.v1}/members`, member('Asha Bai', 'member', 'female', 'obc')), 400, 'social_group', M, 'post');
  refused(await post('op1', `/committees/${P.v1}/members`, member('Asha Bai', 'member', 'female', 'other', { phone: '1' })), 400,
    'phone', M, 'post');
  refused(await post('op1', `/committees/${P.v1}/members`, member('Asha Bai', 'member', 'female', 'other', { joined_on: day(3) })),
    400, 'joined_on', M, 'post');
  refused(await post('admin', `/committees/${P.v2}/members`, member('Asha Bai', 'member', 'female')), 404, undefined, M, 'post',
    'a village without a committee');

  // Six more, five of them women, SC and ST members as the village needs:
  // ten members meet the guidelines.
  const { village_sc_share: sc, village_st_share: st } = c.composition;
  const need = (share) => (share > 0 ? Math.max(1, Math.floor(share * 10 + 0.5 + 1e-9)) : 0);
  const groups = [...Array(need(sc)).fill('sc'), ...Array(need(st)).fill('st')];
  assert.ok(groups.length <= 6, `${groups.length} SC and ST members needed`);
  const more = ['Asha Bai', 'Kamla Devi', 'Geeta Kumari', 'Lakshmi Amma', 'Parvati Bai', 'Raju Prasad']
    .map((name, i) => member(name, 'member', i < 5 ? 'female' : 'male', groups[i] ?? 'other'));
  for (const m of more) c = answers(await post('block', `/committees/${P.v1}/members`, m), 201, M, 'post');
  assert.equal(c.composition.size, 10);
  assert.equal(c.composition.women, 6);
  assert.deepEqual(codes(c), [], JSON.stringify(c.composition));
  assert.equal(c.composition.meets, true);
  assert.equal(c.members.length, 10);

  // The roll-up: it meets the guidelines, so failing=true leaves it out.
  const R = '/committees';
  let roll = answers(await get('anon', `/committees?place=${P.b1}`), 200, R);
  assert.ok(roll.rows.some((r) => r.place.code === P.v1 && r.meets));
  roll = answers(await get('anon', `/committees?place=${P.b1}&failing=true`), 200, R);
  assert.ok(!roll.rows.some((r) => r.place.code === P.v1));
  const failingBefore = roll.not_meeting_guidelines;

  // A meeting.
  const MT = '/committees/{code}/meetings';
  c = answers(await post('op1', `/committees/${P.v1}/meetings`, { on: day(-7), attendance: 9, decisions: 'Repair the valve at ward 3' }),
    201, MT, 'post');
  assert.deepEqual(c.meetings.map((m) => [m.on, m.attendance, m.decisions]), [[day(-7), 9, 'Repair the valve at ward 3']]);
  refused(await post('op1', `/committees/${P.v1}/meetings`, { on: day(-7), attendance: -1, decisions: 'none at all' }), 400,
    'attendance', MT, 'post');
  refused(await post('op2', `/committees/${P.v1}/meetings`, { on: day(-7), attendance: 9, decisions: 'none at all' }), 403,
    undefined, MT, 'post', 'another village\'s operator');
  const pub = answers(await get('anon', `/committees/${P.v1}`), 200, C);
  assert.equal(pub.meetings[0].by, undefined, 'who recorded it is not public');
  assert.equal(answers(await get('op1', `/committees/${P.v1}`), 200, C).meetings[0].by, 'op.one');

  // A woman leaves: nine members, too few members again, and failing.
  const L = '/committee-members/{id}/leave';
  const asha = c.members.find((m) => m.name === 'Asha Bai');
  refused(await post('op2', `/committee-members/${asha.id}/leave`, { left_on: day(-1) }), 403, undefined, L, 'post',
    'another village\'s operator');
  refused(await post('op1', `/committee-members/${asha.id}/leave`, { left_on: day(-90) }), 400, 'left_on', L, 'post',
    'left before joining');
  c = answers(await post('op1', `/committee-members/${asha.id}/leave`, { left_on: day(-1) }), 200, L, 'post');
  assert.equal(c.composition.size, 9);
  assert.ok(!c.members.some((m) => m.id === asha.id));
  assert.deepEqual(codes(c).slice(0, 1), ['too_few_members']);
  refused(await post('op1', `/committee-members/${asha.id}/leave`, { left_on: day(-1) }), 422, undefined, L, 'post', 'left twice');
  refused(await post('op1', '/committee-members/999999/leave', { left_on: day(-1) }), 404, undefined, L, 'post');
  // As of the day before she left, she still served.
  const earlier = answers(await get('anon', `/committees/${P.v1}?as_of=${day(-2)}`), 200, C);
  assert.equal(earlier.composition.size, 10);
  assert.equal(earlier.composition.meets, true);
  roll = answers(await get('anon', `/committees?place=${P.b1}&failing=true`), 200, R);
  const row = roll.rows.find((r) => r.place.code === P.v1);
  assert.ok(row, 'the committee is in the roll-up of those failing');
  assert.equal(row.meets, false);
  assert.equal(row.size, 9);
  assert.ok(row.shortfalls.some((f) => f.code === 'too_few_members'));
  assert.equal(roll.not_meeting_guidelines, failingBefore + 1);
  refused(await get('anon', '/committees?place=NOPE'), 400, 'place', R, 'get');
  refused(await get('anon', '/committees?colour=blue'), 400, 'colour', R, 'get');
  refused(await get('anon', '/committees?failing=yes'), 400, 'failing', R, 'get');
});

test('the complaint rules are data', async () => {
  const r = answers(await get('anon', '/complaints/rules'), 200, '/complaints/rules');
  assert.equal(r.categories.length, 8);
  const cw = r.categories.find((c) => c.code === 'contaminated_water');
  assert.ok(cw.deadline_hours > 0);
  assert.ok(cw.name_hi.length > 0);
  assert.deepEqual(r.ladder.map((x) => x.level), ['committee', 'block', 'district']);
  assert.ok(r.close_after_days >= 1);
});

let A; // the first complaint, filed signed out

test('a complaint filed signed out: a reference and a secret; the contact is never public; a wrong secret is 404', async () => {
  const before = await totals(P.v1);
  A = await file({ village: P.v1, category: 'no_supply', description: 'No water in ward 2 since Monday', contact: CONTACT });
  assert.match(A.reference, /^JJM-[0-9A-F]{10}$/);
  assert.ok(A.secret.length >= 16);
  assert.ok(A.follow.includes(A.reference) && A.follow.includes(A.secret));
  assert.equal(A.status, 'assigned');
  assert.equal(A.quality_test_requested, false);
  assert.ok(!JSON.stringify(A).includes(CONTACT), 'the contact is not echoed');

  const t = answers(await track(A.reference, A.secret), 200, TRACK);
  assert.equal(t.reference, A.reference);
  assert.equal(t.village.code, P.v1);
  assert.equal(t.status, 'assigned');
  assert.equal(t.held_by, 'committee');
  assert.equal(t.overdue, false);
  assert.equal(t.contact, undefined);
  assert.ok(!JSON.stringify(t).includes(CONTACT), 'no contact in the public view');
  assert.ok(t.events.every((e) => e.by === undefined), 'no names in the public view');
  assert.equal(t.deadline, A.deadline);

  // A wrong secret, no secret, an unknown reference: the same 404.
  const wrong = refused(await track(A.reference, 'not-the-secret'), 404, undefined, TRACK, 'get');
  const none = refused(await get('anon', `/complaints/track/${A.reference}`), 404, undefined, TRACK, 'get');
  const unknown = refused(await track('JJM-0000000000', A.secret), 404, undefined, TRACK, 'get');
  assert.equal(wrong.message, unknown.message);
  assert.equal(none.message, unknown.message);

  // The public summary moved and has no contact either.
  const summary = await get('anon', `/complaints/summary?place=${P.b1}`);
  answers(summary, 200, '/complaints/summary');
  assert.ok(!summary.text.includes(CONTACT));
  const after = await totals(P.v1);
  assert.equal(after.received, before.received + 1);
  assert.equal(after.open, before.open + 1);
  assert.equal(after.by_category.no_supply, (before.by_category.no_supply ?? 0) + 1);
  // Its rows are the places one level below the block.
  assert.ok(summary.body.rows.some((r) => r.received >= 1));

  // The queue of those who handle it shows the contact.
  const q = answers(await get('op1', '/complaints'), 200, '/complaints');
  const mine = q.rows.find((x) => x.reference === A.reference);
  assert.equal(mine.contact, CONTACT);
  assert.equal(mine.filed_by, 'public');
  assert.ok(!(answers(await get('op2', '/complaints?status=all'), 200, '/complaints')).rows
    .some((x) => x.reference === A.reference), 'not in another village\'s queue');
  // The filing is audited with the address, never with the contact.
  const audit = (await get('admin', '/audit?action=operations.complaint.file&limit=100')).body;
  const filing = audit.rows.find((x) => x.entity_id === A.reference);
  assert.ok(filing, 'the filing is in the audit trail');
  assert.equal(filing.actor, 'public');
  assert.ok(filing.remote, 'with the address it came from');
  assert.ok(!JSON.stringify(audit).includes(CONTACT));
  refused(await get('anon', '/complaints'), 401, undefined, '/complaints', 'get');
  refused(await get('op2', `/complaints?place=${P.v1}`), 403, undefined, '/complaints', 'get');
  refused(await get('op1', '/complaints?status=closed'), 400, 'status', '/complaints', 'get');
});

test('filing is refused: a bad category, an empty description, a photo that is not an image, unknown places and fields', async () => {
  const ok = { village: P.v1, category: 'low_pressure', description: 'Very low pressure at the top of the hill' };
  const R = '/complaints';
  refused(await post('anon', R, { ...ok, category: 'noise' }), 400, 'category', R, 'post');
  refused(await post('anon', R, { ...ok, description: '' }), 400, 'description', R, 'post');
  refused(await post('anon', R, { ...ok, description: '    ' }), 400, 'description', R, 'post');
  refused(await post('anon', R, { ...ok, village: 'VNOPE' }), 400, 'village', R, 'post');
  refused(await post('anon', R, { ...ok, village: P.b1 }), 400, 'village', R, 'post');
  refused(await post('anon', R, { ...ok, name: 'Ravi' }), 400, 'name', R, 'post');
  const text = Buffer.from('this is not a picture at all').toString('base64');
  refused(await post('anon', R, { ...ok, photo: { content_type: 'image/png', data_base64: text } }), 400, 'photo.data_base64', R, 'post',
    'PNG by its type, text by its bytes');
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(24, 1)]).toString('base64');
  refused(await post('anon', R, { ...ok, photo: { content_type: 'image/jpeg', data_base64: png } }), 400, 'photo.data_base64', R, 'post',
    'a PNG said to be a JPEG');
  refused(await post('anon', R, { ...ok, photo: { content_type: 'application/pdf', data_base64: png } }), 400, 'photo.data_base64', R,
    'post');
  const big = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2 << 20, 1)]).toString('base64');
  refused(await post('anon', R, { ...ok, photo: { content_type: 'image/png', data_base64: big } }), 413, 'photo.data_base64', R, 'post',
    'a photo over 2 MiB');
  refused(await post('anon', R, { ...ok, photo: { content_type: 'image/png', data_base64: '***' } }), 400, 'photo.data_base64', R,
    'post', 'not base64');
});

test('a request filed again with its request id files nothing and gives no secret', async () => {
  const body = { request_id: 'call-centre-0001', village: P.v1, category: 'leakage_burst', description: 'Pipe burst on the main road' };
  const first = await file(body);
  const again = answers(await post('anon', '/complaints', body), 200, '/complaints', 'post');
  assert.equal(again.replayed, true);
  assert.equal(again.reference, first.reference);
  assert.equal(again.secret, undefined, 'the secret is given once');
  answers(await track(first.reference, first.secret), 200, TRACK);
});

test('a contaminated-water complaint asks for a water-quality test', async () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(24, 1)]).toString('base64');
  const D = await file({ village: P.v1, category: 'contaminated_water', description: 'The water is brown and smells',
    photo: { content_type: 'image/png', data_base64: png } });
  assert.equal(D.quality_test_requested, true);
  const t = answers(await track(D.reference, D.secret), 200, TRACK);
  assert.equal(t.quality_test_requested, true);
  assert.equal(t.has_photo, true);
  assert.ok(t.events.some((e) => e.kind === 'quality_test'));
});

test('the village\'s operator works and resolves it, not another village\'s; steps out of order are refused; the filer confirms', async () => {
  const id = await idOf('op1', A.reference);
  refused(await step('op2', id, { kind: 'in_progress' }), 403, undefined, STEPS, 'post', 'an operator of another village');
  refused(await step('op2', id, { kind: 'resolved', note: 'nothing was wrong' }), 403, undefined, STEPS, 'post',
    'an operator of another village closing it');
  refused(await step('anon', id, { kind: 'in_progress' }), 401, undefined, STEPS, 'post');
  refused(await step('op1', id, { kind: 'assigned' }), 422, undefined, STEPS, 'post', 'assigned twice');
  refused(await step('op1', id, { kind: 'closed' }), 400, 'kind', STEPS, 'post');
  refused(await step('op1', 999999, { kind: 'in_progress' }), 404, undefined, STEPS, 'post');
  let c = answers(await step('op1', id, { kind: 'in_progress', note: 'plumber on the way' }), 201, STEPS, 'post');
  assert.equal(c.status, 'in_progress');
  assert.equal(c.events.at(-1).by, 'op.one');
  refused(await step('op1', id, { kind: 'in_progress' }), 422, undefined, STEPS, 'post', 'in progress twice');
  refused(await step('op1', id, { kind: 'assigned' }), 422, undefined, STEPS, 'post', 'back to assigned');
  refused(await step('op1', id, { kind: 'resolved' }), 400, 'note', STEPS, 'post', 'resolved without saying what was done');
  c = answers(await step('op1', id, { kind: 'resolved', note: 'The valve at ward 2 was replaced' }), 201, STEPS, 'post');
  assert.equal(c.status, 'resolved');
  assert.equal(c.overdue, false);
  refused(await step('op1', id, { kind: 'in_progress' }), 422, undefined, STEPS, 'post', 'in progress after resolved');
  // The filer sees what was done, without names, and confirms with the secret.
  const t = answers(await track(A.reference, A.secret), 200, TRACK);
  assert.equal(t.status, 'resolved');
  assert.ok(t.events.some((e) => e.kind === 'resolved' && e.note === 'The valve at ward 2 was replaced'));
  assert.ok(t.events.every((e) => e.by === undefined));
  const FA = TRACK;
  refused(await post('anon', `/complaints/track/${A.reference}`, { secret: 'wrong', action: 'confirm' }), 404, undefined, FA, 'post');
  refused(await post('anon', `/complaints/track/${A.reference}`, { secret: A.secret, action: 'like' }), 400, 'action', FA, 'post');
  const closed = answers(await post('anon', `/complaints/track/${A.reference}`, { secret: A.secret, action: 'confirm' }), 200, FA, 'post');
  assert.equal(closed.status, 'closed');
  assert.equal(closed.contact, undefined);
  // Closed is final.
  refused(await post('anon', `/complaints/track/${A.reference}`, { secret: A.secret, action: 'reopen', note: 'it broke again' }), 422,
    undefined, FA, 'post', 'reopening a closed complaint');
  refused(await step('op1', id, { kind: 'spam', note: 'too late for that' }), 422, undefined, STEPS, 'post', 'spam after closed');
});

test('the filer reopens a resolved complaint; a new round is worked and confirmed', async () => {
  const B = await file({ village: P.v1, category: 'broken_tap', description: 'The public tap near the school is broken',
    contact: CONTACT });
  const id = await idOf('op1', B.reference);
  const FA = TRACK;
  refused(await post('anon', `/complaints/track/${B.reference}`, { secret: B.secret, action: 'confirm' }), 422, undefined, FA, 'post',
    'confirming before it is resolved');
  answers(await step('op1', id, { kind: 'resolved', note: 'A new tap was fitted' }), 201, STEPS, 'post');
  refused(await post('anon', `/complaints/track/${B.reference}`, { secret: B.secret, action: 'reopen' }), 400, 'note', FA, 'post',
    'reopening without a note');
  const re = answers(await post('anon', `/complaints/track/${B.reference}`,
    { secret: B.secret, action: 'reopen', note: 'It leaks again' }), 200, FA, 'post');
  assert.equal(re.status, 'reopened');
  assert.equal(re.held_by, 'committee');
  assert.equal(re.events.at(-1).note, 'It leaks again');
  let c = answers(await step('op1', id, { kind: 'assigned', note: 'to the plumber' }), 201, STEPS, 'post');
  assert.equal(c.status, 'assigned');
  c = answers(await step('op1', id, { kind: 'in_progress' }), 201, STEPS, 'post');
  c = answers(await step('op1', id, { kind: 'resolved', note: 'The washer was replaced' }), 201, STEPS, 'post');
  assert.equal(c.status, 'resolved');
  const done = answers(await post('anon', `/complaints/track/${B.reference}`, { secret: B.secret, action: 'confirm' }), 200, FA, 'post');
  assert.equal(done.status, 'closed');
  assert.deepEqual(done.events.map((e) => e.kind),
    ['assigned', 'resolved', 'reopened', 'assigned', 'in_progress', 'resolved', 'closed']);
});

test('spam is closed with a note saying why, never deleted', async () => {
  const before = await totals(P.v1);
  const C = await file({ village: P.v1, category: 'other', description: 'Buy cheap watches at example dot com' });
  const id = await idOf('block', C.reference);
  refused(await step('block', id, { kind: 'spam' }), 400, 'note', STEPS, 'post', 'spam without a note');
  const c = answers(await step('block', id, { kind: 'spam', note: 'An advertisement' }), 201, STEPS, 'post');
  assert.equal(c.status, 'closed');
  assert.equal(c.spam, true);
  assert.equal(c.events.at(-1).by, 'block.officer');
  const t = answers(await track(C.reference, C.secret), 200, TRACK);
  assert.equal(t.spam, true);
  assert.equal(t.status, 'closed');
  const after = await totals(P.v1);
  assert.equal(after.received, before.received + 1);
  assert.equal(after.spam, before.spam + 1);
  assert.equal(after.open, before.open);
});

test('the queue lists overdue complaints first; the summary counts the resolved', async () => {
  const q = answers(await get('block', `/complaints?place=${P.b1}&status=all`), 200, '/complaints');
  const old = q.rows.find((x) => x.reference === OLD.reference);
  assert.ok(old, 'the complaint filed 30 hours ago is in the block\'s queue');
  assert.equal(old.overdue, true);
  assert.equal(old.held_by, 'block', 'a no_supply complaint 30 hours old is with the block');
  const firstNot = q.rows.findIndex((x) => !x.overdue);
  const lastOverdue = q.rows.findLastIndex((x) => x.overdue);
  assert.ok(firstNot === -1 || lastOverdue < firstNot, 'every overdue complaint comes before the others');
  assert.ok(q.overdue >= 1);
  const overdue = answers(await get('block', `/complaints?place=${P.b1}&status=overdue`), 200, '/complaints');
  assert.ok(overdue.rows.every((x) => x.overdue));
  assert.ok(overdue.rows.some((x) => x.reference === OLD.reference));
  const open = answers(await get('op1', '/complaints?limit=1'), 200, '/complaints');
  assert.equal(open.rows.length, 1);
  assert.equal(open.rows[0].overdue, true, 'overdue first in the operator\'s queue too');
  refused(await get('op1', '/complaints?limit=0'), 400, 'limit', '/complaints', 'get');
  // The filer of the old complaint sees it escalated, without names.
  const t = answers(await track(OLD.reference, OLD.secret), 200, TRACK);
  assert.equal(t.overdue, true);
  assert.equal(t.held_by, 'block');

  const s = await totals(P.v1);
  assert.ok(s.overdue >= 1);
  assert.ok(s.resolved >= 2, 'the two confirmed complaints');
  assert.equal(typeof s.median_hours_to_resolve, 'number');
  assert.ok(s.median_hours_to_resolve >= 0 && s.median_hours_to_resolve < 1);
  const yesterday = answers(await get('anon', `/complaints/summary?place=${P.v1}&as_of=${day(-1)}`), 200, '/complaints/summary');
  assert.equal(yesterday.totals.received, 1, 'only the old complaint was filed by yesterday');
  refused(await get('anon', '/complaints/summary?as_of=2024-13-01'), 400, 'as_of', '/complaints/summary', 'get');
});

test('breakdowns: added, ended, refused; days without supply per month', async () => {
  const B = '/breakdowns';
  const E = '/breakdowns/{id}/end';
  const one = answers(await post('op1', B, { village: P.v1, started_on: day(-10), reason: 'pipe_burst', households_affected: 5 }),
    201, B, 'post');
  assert.equal(one.ended_on, null);
  assert.equal(one.reason, 'pipe_burst');
  assert.equal(one.by, 'op.one');
  refused(await post('op1', B, { village: P.v1, started_on: day(-10), ended_on: day(-12), reason: 'power', households_affected: 5 }),
    400, 'ended_on', B, 'post', 'ended before it started');
  refused(await post('op1', B, { village: P.v1, started_on: day(-10), reason: 'power', households_affected: P.hh1 + 1 }),
    400, 'households_affected', B, 'post', 'more households than the village has');
  refused(await post('op1', B, { village: P.v1, started_on: day(-10), reason: 'rain', households_affected: 5 }), 400, 'reason', B, 'post');
  refused(await post('op1', B, { village: P.v1, started_on: day(2), reason: 'power', households_affected: 5 }), 400, 'started_on', B,
    'post');
  refused(await post('op1', B, { village: P.v1, scheme: 999999, started_on: day(-10), reason: 'power', households_affected: 5 }), 400,
    'scheme', B, 'post', 'no such scheme');
  // A scheme of the demo: one serving the village is taken, one that does not is refused.
  const schemes = (await get('anon', `/schemes?place=${P.d1}`)).body.rows;
  const serving = schemes.find((x) => x.villages.some((v) => v.code === P.v1));
  const other = schemes.find((x) => !x.villages.some((v) => v.code === P.v1));
  if (other) {
    refused(await post('op1', B, { village: P.v1, scheme: other.id, started_on: day(-10), reason: 'power', households_affected: 5 }),
      400, 'scheme', B, 'post', 'a scheme not serving the village');
  }
  if (serving) {
    const withScheme = answers(await post('op1', B, { village: P.v1, scheme: serving.id, started_on: day(-10), ended_on: day(-10),
      reason: 'power', households_affected: 1 }), 201, B, 'post');
    assert.equal(withScheme.scheme_id, serving.id);
  }
  P.withScheme = Boolean(serving);
  refused(await post('op2', B, { village: P.v1, started_on: day(-10), reason: 'power', households_affected: 5 }), 403, undefined, B,
    'post', 'another village\'s operator');
  refused(await post('anon', B, { village: P.v1, started_on: day(-10), reason: 'power', households_affected: 5 }), 401, undefined, B,
    'post');
  refused(await post('op1', `/breakdowns/${one.id}/end`, { ended_on: day(-11) }), 400, 'ended_on', E, 'post', 'ended before it started');
  refused(await post('op2', `/breakdowns/${one.id}/end`, { ended_on: day(-8) }), 403, undefined, E, 'post', 'another village\'s operator');
  const ended = answers(await post('op1', `/breakdowns/${one.id}/end`, { ended_on: day(-8) }), 200, E, 'post');
  assert.equal(ended.ended_on, day(-8));
  refused(await post('op1', `/breakdowns/${one.id}/end`, { ended_on: day(-7) }), 422, undefined, E, 'post', 'ended twice');
  refused(await post('op1', '/breakdowns/999999/end', { ended_on: day(-7) }), 404, undefined, E, 'post');
  // A second one overlapping the first, recorded whole by the block officer.
  answers(await post('block', B, { village: P.v1, started_on: day(-9), ended_on: day(-7), reason: 'power',
    households_affected: Math.floor(P.hh1 / 2), note: 'transformer' }), 201, B, 'post');

  const list = answers(await get('anon', `/breakdowns?village=${P.v1}`), 200, B);
  assert.equal(list.village.code, P.v1);
  assert.equal(list.breakdowns.length, P.withScheme ? 3 : 2);
  assert.ok(list.breakdowns.every((b) => b.by === undefined), 'who recorded it is not public');
  // Days -10 to -7, each once.
  const expected = {};
  for (let d = -10; d <= -7; d++) expected[day(d).slice(0, 7)] = (expected[day(d).slice(0, 7)] ?? 0) + 1;
  assert.deepEqual(Object.fromEntries(list.days_without_supply.map((m) => [m.month, m.days_without_supply])), expected);
  assert.ok(answers(await get('op1', `/breakdowns?village=${P.v1}`), 200, B).breakdowns.every((b) => typeof b.by === 'string'));
  refused(await get('anon', `/breakdowns?village=${P.b1}`), 400, 'village', B, 'get');
  refused(await get('anon', '/breakdowns'), 400, 'village', B, 'get');
});

test('the eleventh complaint from one address within the hour is refused (429)', async () => {
  // Last: every complaint this file filed came from 127.0.0.1.
  assert.ok(filed < 10, `${filed} filed so far`);
  while (filed < 10) {
    await file({ village: P.v2, category: 'irregular_supply', description: `Water comes at odd hours (${filed})` });
  }
  const r = await post('anon', '/complaints', { village: P.v2, category: 'irregular_supply', description: 'Water comes at odd hours' });
  refused(r, 429, undefined, '/complaints', 'post', 'the eleventh within the hour');
  // A refusal filed nothing.
  const q = answers(await get('op2', '/complaints?status=all'), 200, '/complaints');
  assert.equal(q.rows.filter((x) => x.village.code === P.v2).length, 10 - 5);
});
