// Sources and their sustainability (issue 12, part 5) on the running
// binary, on the demo data: a village's sources are the water-quality
// register's (created there first); their groundwater levels before and
// after the monsoon, yields and dry spells recorded by the village's
// vwsc_operator (not by another village's), each refusal naming its field
// (a season that is not one, a day that does not fit its season or is
// after today, a depth out of range); recharge works and greywater
// structures with the scheme that paid, a work completed once; the
// village's page by monsoon
// year; the roll-up of sources whose post-monsoon level fell by more than
// a threshold (a fall of 1.2 m listed at 1 m, not at 1.5 m), and works by
// scheme; the same after a restart (the state is loaded from the store);
// audit rows and the append-only triggers.  Every answer is checked
// against the OpenAPI document.  Runs on SQLite, and on PostgreSQL under
// scripts/with-postgres.sh (JJM_TEST_PG).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, newDb, startServer, api, addUser, signIn, assertRefused, sql } from '../lib/jjm.mjs';
import { openapiOf } from '../lib/openapi.mjs';

const PASSWORD = 'correct horse 42';

let server;
let base;
let db;
let conforms;
const S = { anon: null };
const P = {};

// YYYY-MM-DD `days` from today in India (negative: before).
function day(days = 0) {
  const ist = new Date(Date.now() + 5.5 * 3600_000 + days * 86400_000);
  return ist.toISOString().slice(0, 10);
}
// Two monsoon years well in the past: Y and Y + 1.
const Y = Number(day().slice(0, 4)) - 3;
const Y1 = Y + 1;

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

const LEVELS = '/sustainability/sources/{code}/levels';
const YIELDS = '/sustainability/sources/{code}/yields';
const SPELLS = '/sustainability/sources/{code}/dry-spells';
const REVIVE = '/sustainability/dry-spells/{id}/revive';
const WORKS = '/sustainability/recharge-works';
const GREY = '/sustainability/greywater';
const SUMMARY = '/sustainability/summary';
const level = (who, code, body) => post(who, `/sustainability/sources/${code}/levels`, body);

async function summary(query) {
  return answers(await get('anon', `/sustainability/summary?${query}`), 200, SUMMARY);
}
const listed = (s, code) => s.falling.find((f) => f.source === code);

before(async () => {
  const dir = tempDir();
  db = newDb(dir, 'sources');
  addUser(db, 'admin', 'national_admin', 'IN');
  server = await startServer({ db, demo: true, demoScale: 0.003 });
  base = server.url;
  ({ conforms } = openapiOf((await api(base, '/api/v1/openapi.json')).body));
  // Two villages with households, of one block.
  const districts = (await get('anon', '/coverage?level=district')).body.rows;
  for (const d of districts) {
    const villages = (await get('anon', `/coverage?parent=${d.code}&level=village`)).body.rows
      .filter((v) => v.total_hh >= 20);
    if (villages.length < 2) continue;
    [P.v1, P.v2] = villages.slice(0, 2).map((v) => v.code);
    P.hh1 = villages[0].total_hh;
    break;
  }
  assert.ok(P.v1 && P.v2, 'two villages with households');
  P.b1 = (await api(base, `/api/v1/units/${P.v1}`)).body.path.find((p) => p.level === 'block').code;
  S.admin = await signIn(base, 'admin');
  assert.equal(S.admin.status, 200, JSON.stringify(S.admin.body));
  for (const u of [
    { username: 'op.one', role: 'vwsc_operator', unit: P.v1 },
    { username: 'op.two', role: 'vwsc_operator', unit: P.v2 },
  ]) {
    const made = await post('admin', '/users', { ...u, password: PASSWORD });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  S.op1 = await signIn(base, 'op.one');
  S.op2 = await signIn(base, 'op.two');
  // The sources, in the water-quality register first.
  P.s1 = answers(await post('op1', '/quality/sources', { code: 'GW-TEST-1', village: P.v1, type: 'borewell', name: 'School borewell' }),
    201, '/quality/sources', 'post').code;
  P.s2 = answers(await post('op2', '/quality/sources', { code: 'GW-TEST-2', village: P.v2, type: 'open_well' }),
    201, '/quality/sources', 'post').code;
});

after(async () => {
  await server?.stop();
});

test('levels: recorded by the village operator; every refusal names its field', async () => {
  const ok = { day: `${Y}-05-15`, season: 'pre_monsoon', depth_m: 13.4 };
  refused(await level('anon', P.s1, ok), 401, undefined, LEVELS, 'post', 'signed out');
  refused(await level('op2', P.s1, ok), 403, undefined, LEVELS, 'post', 'another village\'s operator');
  refused(await level('op1', 'NO-SUCH-SOURCE', ok), 404, undefined, LEVELS, 'post', 'an unknown source');
  refused(await level('op1', P.s1, { ...ok, season: 'monsoon' }), 400, 'season', LEVELS, 'post', 'a season that is not one');
  refused(await level('op1', P.s1, { ...ok, day: `${Y}-10-15` }), 400, 'day', LEVELS, 'post', 'pre-monsoon in October');
  refused(await level('op1', P.s1, { ...ok, season: 'post_monsoon', day: `${Y}-05-15` }), 400, 'day', LEVELS, 'post',
    'post-monsoon in May');
  refused(await level('op1', P.s1, { ...ok, day: day(3) }), 400, 'day', LEVELS, 'post', 'after today');
  refused(await level('op1', P.s1, { ...ok, day: `${Y}-02-30` }), 400, 'day', LEVELS, 'post', 'no such day');
  refused(await level('op1', P.s1, { ...ok, depth_m: 2500 }), 400, 'depth_m', LEVELS, 'post', 'deeper than 2000 m');
  refused(await level('op1', P.s1, { ...ok, depth_m: -60 }), 400, 'depth_m', LEVELS, 'post', 'far above ground');
  refused(await level('op1', P.s1, { ...ok, depth_m: 'deep' }), 400, 'depth_m', LEVELS, 'post', 'not a number');
  refused(await level('op1', P.s1, { ...ok, metres: 3 }), 400, 'metres', LEVELS, 'post', 'an unknown field');

  const made = answers(await level('op1', P.s1, { ...ok, note: 'measured with a tape' }), 201, LEVELS, 'post');
  assert.deepEqual([made.source, made.day, made.season, made.depth_m, made.monsoon_year, made.by],
    [P.s1, ok.day, 'pre_monsoon', 13.4, Y, 'op.one']);
  // A post-monsoon reading of January belongs to the monsoon before.
  const jan = answers(await level('op1', P.s1, { day: `${Y1}-01-10`, season: 'post_monsoon', depth_m: 10.9 }), 201, LEVELS, 'post');
  assert.equal(jan.monsoon_year, Y);
  for (const [d, season, depth_m] of [[`${Y}-11-10`, 'post_monsoon', 10.3], [`${Y1}-05-12`, 'pre_monsoon', 14.1],
    [`${Y1}-11-08`, 'post_monsoon', 11.5]]) {
    answers(await level('op1', P.s1, { day: d, season, depth_m }), 201, LEVELS, 'post');
  }
  // The other village's source, by its own operator: steady.
  for (const [d, depth_m] of [[`${Y}-11-20`, 6.0], [`${Y1}-11-20`, 6.2]]) {
    answers(await level('op2', P.s2, { day: d, season: 'post_monsoon', depth_m }), 201, LEVELS, 'post');
  }
});

test('yields and dry spells: one open spell at a time, revived once', async () => {
  const Yd = { day: day(-20), litres_per_hour: 1800 };
  refused(await post('op2', `/sustainability/sources/${P.s1}/yields`, Yd), 403, undefined, YIELDS, 'post', 'another village');
  refused(await post('op1', `/sustainability/sources/${P.s1}/yields`, { ...Yd, litres_per_hour: -5 }), 400, 'litres_per_hour',
    YIELDS, 'post');
  refused(await post('op1', `/sustainability/sources/${P.s1}/yields`, { ...Yd, litres_per_hour: 12.5 }), 400, 'litres_per_hour',
    YIELDS, 'post', 'not whole litres');
  const y = answers(await post('op1', `/sustainability/sources/${P.s1}/yields`, Yd), 201, YIELDS, 'post');
  assert.equal(y.litres_per_hour, 1800);

  const dried = { dried_on: day(-10), note: 'the pump draws air' };
  refused(await post('op1', `/sustainability/sources/${P.s1}/dry-spells`, { dried_on: day(2) }), 400, 'dried_on', SPELLS, 'post');
  refused(await post('op1', `/sustainability/sources/${P.s1}/dry-spells`, { dried_on: day(-5), revived_on: day(-8) }), 400,
    'revived_on', SPELLS, 'post', 'revived before it dried');
  const spell = answers(await post('op1', `/sustainability/sources/${P.s1}/dry-spells`, dried), 201, SPELLS, 'post');
  assert.equal(spell.revived_on, null);
  refused(await post('op1', `/sustainability/sources/${P.s1}/dry-spells`, { dried_on: day(-3) }), 409, 'dried_on', SPELLS, 'post',
    'dry already');
  const page = answers(await get('anon', `/sustainability?village=${P.v1}`), 200, '/sustainability');
  assert.equal(page.sources.find((s) => s.code === P.s1).dry_now, true);

  refused(await post('op2', `/sustainability/dry-spells/${spell.id}/revive`, { revived_on: day(-1) }), 403, undefined, REVIVE, 'post');
  refused(await post('op1', `/sustainability/dry-spells/${spell.id}/revive`, { revived_on: day(-12) }), 400, 'revived_on', REVIVE,
    'post', 'before it dried');
  refused(await post('op1', '/sustainability/dry-spells/999999/revive', { revived_on: day(-1) }), 404, undefined, REVIVE, 'post');
  const back = answers(await post('op1', `/sustainability/dry-spells/${spell.id}/revive`, { revived_on: day(-1) }), 200, REVIVE, 'post');
  assert.equal(back.revived_on, day(-1));
  refused(await post('op1', `/sustainability/dry-spells/${spell.id}/revive`, { revived_on: day() }), 422, undefined, REVIVE, 'post',
    'revived twice');
});

test('recharge works and greywater structures, with the scheme that paid', async () => {
  const before = await summary(`place=${P.v1}`);
  const work = { village: P.v1, source: P.s1, kind: 'recharge_pit', started_on: day(-90), completed_on: day(-40),
    cost_paise: 12_500_000, paid_by: 'mgnregs' };
  refused(await post('op2', WORKS, work), 403, undefined, WORKS, 'post', 'another village\'s operator');
  refused(await post('op1', WORKS, { ...work, kind: 'dam' }), 400, 'kind', WORKS, 'post');
  refused(await post('op1', WORKS, { ...work, source: P.s2 }), 400, 'source', WORKS, 'post', 'a source of another village');
  refused(await post('op1', WORKS, { ...work, paid_by: 'other' }), 400, 'paid_by_note', WORKS, 'post', 'other, unnamed');
  refused(await post('op1', WORKS, { ...work, paid_by: 'csr' }), 400, 'paid_by', WORKS, 'post');
  refused(await post('op1', WORKS, { ...work, cost_paise: -1 }), 400, 'cost_paise', WORKS, 'post');
  refused(await post('op1', WORKS, { ...work, completed_on: day(-100) }), 400, 'completed_on', WORKS, 'post');
  refused(await post('op1', WORKS, { ...work, village: P.b1 }), 400, 'village', WORKS, 'post', 'a block');
  const w = answers(await post('op1', WORKS, work), 201, WORKS, 'post');
  assert.deepEqual([w.kind, w.source, w.cost_paise, w.paid_by], ['recharge_pit', P.s1, 12_500_000, 'mgnregs']);
  const dam = answers(await post('op1', WORKS, { village: P.v1, kind: 'check_dam', started_on: day(-30), cost_paise: 40_000_000,
    paid_by: 'other', paid_by_note: 'State CAMPA' }), 201, WORKS, 'post');
  assert.equal(dam.completed_on, null);
  // Completed later, once.
  const DONE = '/sustainability/recharge-works/{id}/complete';
  const complete = (who, id, body) => post(who, `/sustainability/recharge-works/${id}/complete`, body);
  refused(await complete('op2', dam.id, { completed_on: day(-2) }), 403, undefined, DONE, 'post', 'another village\'s operator');
  refused(await complete('op1', dam.id, { completed_on: day(-31) }), 400, 'completed_on', DONE, 'post', 'before it started');
  refused(await complete('op1', dam.id, { completed_on: day(1) }), 400, 'completed_on', DONE, 'post', 'after today');
  refused(await complete('op1', 999999, { completed_on: day(-2) }), 404, undefined, DONE, 'post');
  const done = answers(await complete('op1', dam.id, { completed_on: day(-2) }), 200, DONE, 'post');
  assert.deepEqual([done.completed_on, done.kind, done.source], [day(-2), 'check_dam', null]);
  refused(await complete('op1', dam.id, { completed_on: day(-1) }), 422, undefined, DONE, 'post', 'completed twice');
  refused(await complete('op1', w.id, { completed_on: day(-1) }), 422, undefined, DONE, 'post', 'completed when recorded');

  const grey = { village: P.v1, kind: 'soak_pit', count: 12, households_served: 12, completed_on: day(-15), cost_paise: 6_000_000,
    paid_by: 'finance_commission' };
  refused(await post('op2', GREY, grey), 403, undefined, GREY, 'post');
  refused(await post('op1', GREY, { ...grey, count: 0 }), 400, 'count', GREY, 'post');
  refused(await post('op1', GREY, { ...grey, households_served: P.hh1 + 1 }), 400, 'households_served', GREY, 'post',
    'more households than the village has');
  refused(await post('op1', GREY, { ...grey, kind: 'septic_tank' }), 400, 'kind', GREY, 'post');
  answers(await post('op1', GREY, grey), 201, GREY, 'post');

  const after = await summary(`place=${P.v1}`);
  const d = (k, f) => after.totals[k][f] - before.totals[k][f];
  assert.equal(d('works', 'count'), 2);
  assert.equal(d('works', 'cost_paise'), 52_500_000);
  assert.equal(after.totals.works_by_paid_by.mgnregs.count - before.totals.works_by_paid_by.mgnregs.count, 1);
  assert.equal(after.totals.works_by_paid_by.other.cost_paise - before.totals.works_by_paid_by.other.cost_paise, 40_000_000);
  assert.equal(after.totals.works_by_kind.check_dam.count - before.totals.works_by_kind.check_dam.count, 1);
  assert.equal(d('greywater', 'count'), 12);
  assert.equal(after.totals.greywater_by_paid_by.finance_commission.households_served
    - before.totals.greywater_by_paid_by.finance_commission.households_served, 12);
  // The block's roll-up counts them in the village's row too.
  const block = await summary(`place=${P.b1}`);
  assert.ok(block.rows.length >= 1);
  assert.ok(block.totals.works.count >= 2);
});

test('the village page: levels by monsoon year with the change since the year before', async () => {
  const page = answers(await get('anon', `/sustainability?village=${P.v1}`), 200, '/sustainability');
  assert.equal(page.village.code, P.v1);
  const s = page.sources.find((x) => x.code === P.s1);
  assert.ok(s, 'the source of the register');
  assert.equal(s.levels.length, 5);
  assert.ok(s.levels.every((l) => !('by' in l)), 'who recorded it is not public');
  const byYear = Object.fromEntries(s.by_year.map((y) => [y.monsoon_year, y]));
  assert.deepEqual([byYear[Y].pre_monsoon_m, byYear[Y].post_monsoon_m, byYear[Y].fall_m], [13.4, 10.9, null],
    'the January reading is the latest of the monsoon before');
  assert.deepEqual([byYear[Y1].pre_monsoon_m, byYear[Y1].post_monsoon_m], [14.1, 11.5]);
  assert.equal(byYear[Y1].fall_m, 0.6);
  assert.equal(s.yields.length, 1);
  assert.equal(s.dry_spells.length, 1);
  assert.equal(s.dry_now, false);
  assert.ok(page.works.some((w) => w.paid_by_note === 'State CAMPA' && w.completed_on === day(-2)));
  assert.ok(page.greywater.some((g) => g.kind === 'soak_pit' && g.count === 12));
  refused(await get('anon', `/sustainability?village=${P.b1}`), 400, 'village', '/sustainability', 'get', 'a block');
  // Signed in for the village, who recorded it shows.
  const mine = answers(await get('op1', `/sustainability?village=${P.v1}`), 200, '/sustainability');
  assert.equal(mine.sources.find((x) => x.code === P.s1).levels[0].by, 'op.one');
});

test('the falling roll-up: a fall of 1.2 m is listed at a 1 m threshold, not at 1.5 m', async () => {
  // Y's post-monsoon reading taken last is January's (10.9 m) and Y1's
  // is 11.5 m: a fall of 0.6 m.  A later reading of Y1 makes it 1.2 m.
  answers(await level('op1', P.s1, { day: `${Y1}-12-05`, season: 'post_monsoon', depth_m: 12.1 }), 201, LEVELS, 'post');
  const at1 = await summary(`place=${P.b1}&threshold_m=1`);
  const f = listed(at1, P.s1);
  assert.ok(f, 'listed at 1 m');
  assert.deepEqual([f.monsoon_year, f.previous.depth_m, f.latest.depth_m, f.fall_m, f.village.code], [Y1, 10.9, 12.1, 1.2, P.v1]);
  assert.equal(f.latest.day, `${Y1}-12-05`);
  assert.ok(at1.falling_count >= 1);
  assert.equal(at1.threshold_m, 1);
  assert.ok(!listed(await summary(`place=${P.b1}&threshold_m=1.5`), P.s1), 'not listed at 1.5 m');
  assert.ok(listed(await summary(`place=${P.b1}`), P.s1), 'the default threshold is 1 m');
  assert.ok(!listed(await summary(`place=${P.b1}`), P.s2), 'a steady source is not listed');
  assert.ok(listed(await summary(`place=${P.b1}&threshold_m=1&monsoon_year=${Y1}`), P.s1));
  assert.ok(!listed(await summary(`place=${P.b1}&threshold_m=1&monsoon_year=${Y}`), P.s1), 'no reading the year before Y');
  // The place below the block that holds the village counts it.
  assert.ok(at1.rows.some((r) => r.falling >= 1), 'a row below the block');
  // Refusals.
  refused(await get('anon', `${SUMMARY}?threshold_m=deep`), 400, 'threshold_m', SUMMARY, 'get');
  refused(await get('anon', `${SUMMARY}?threshold_m=-1`), 400, 'threshold_m', SUMMARY, 'get');
  refused(await get('anon', `${SUMMARY}?monsoon_year=20.5`), 400, 'monsoon_year', SUMMARY, 'get');
  refused(await get('anon', `${SUMMARY}?place=NOWHERE`), 400, 'place', SUMMARY, 'get');
  refused(await get('anon', `${SUMMARY}?depth=1`), 400, 'depth', SUMMARY, 'get');
});

test('audited, append-only, and the same after a restart', async () => {
  for (const [action, n] of [['operations.source.level', 6], ['operations.source.yield', 1], ['operations.source.dried', 1],
    ['operations.source.revived', 1], ['operations.recharge_work.add', 2], ['operations.recharge_work.complete', 1],
    ['operations.greywater.add', 1]]) {
    const r = sql(db, `SELECT COUNT(*) FROM audit WHERE action = '${action}' AND actor = 'op.one'`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(Number(r.stdout.trim()), n, action);
  }
  for (const statement of ['UPDATE source_level SET depth_m = 1', 'DELETE FROM source_yield', 'DELETE FROM recharge_work',
    'UPDATE recharge_work SET cost_paise = 1', 'UPDATE recharge_work SET completed_day = 1',
    'UPDATE greywater_structure SET count = 1', 'DELETE FROM source_dry_spell',
    "UPDATE source_dry_spell SET revived_day = 1 WHERE revived_day IS NOT NULL"]) {
    assert.notEqual(sql(db, statement).status, 0, `refused: ${statement}`);
  }
  await server.stop();
  server = await startServer({ db });
  base = server.url;
  const f = listed(await summary(`place=${P.b1}&threshold_m=1`), P.s1);
  assert.ok(f && f.fall_m === 1.2, 'loaded from the store');
  const page = answers(await get('anon', `/sustainability?village=${P.v1}`), 200, '/sustainability');
  assert.ok(page.works.some((w) => w.kind === 'check_dam' && w.completed_on === day(-2)), 'the completion too');
});
