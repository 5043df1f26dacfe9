// The JSON API of the running binary, on the real Telangana and Kerala
// village files: answers, refusals, and the OpenAPI document kept true.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { jjm, tempDir, startServer, api, addUser, signIn, SHARED, REPO, newDb, assertRefused } from '../lib/jjm.mjs';
import { openapiOf } from '../lib/openapi.mjs';

// These files describe past months, which are closed to ordinary writes.
const HIST = ['--closed-periods', 'tests load published and generated history'];

const TELANGANA = join(SHARED, 'jjm-dashboard', 'jjm_villages_telangana.csv');
const KERALA = join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv');
const AS_OF = '2024-03-01';

let server;
let base;
let openapi;
let admin; // a national administrator's session

// Answers checked against the OpenAPI document (set in before()).
let conforms;

// A refusal: the status, its error code, a message and the field.
const isError = (res, status, field) => assertRefused(res, status, field);

before(async () => {
  const dir = tempDir();
  const db = newDb(dir, 'api');
  for (const file of [TELANGANA, KERALA]) {
    const r = jjm(['import', 'villages', file, '--db', db, '--as-of', AS_OF, '--commit', '--quiet', ...HIST]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  }
  addUser(db, 'admin', 'national_admin', 'IN');
  server = await startServer({ db });
  base = server.url;
  openapi = (await api(base, '/api/v1/openapi.json')).body;
  ({ conforms } = openapiOf(openapi));
  admin = await signIn(base, 'admin');
  assert.equal(admin.status, 200, JSON.stringify(admin.body));
  // The tests write in mid-2024: a national administrator reopens it.
  for (const month of ['2024-06', '2024-07', '2024-08', '2024-09', '2024-10']) {
    const u = await api(base, '/api/v1/periods/unlock', {
      method: 'POST', session: admin,
      body: { unit: 'IN', month, reason: 'tests replay 2024 field reports', hours: 2 },
    });
    assert.equal(u.status, 201, JSON.stringify(u.body));
  }
});

after(async () => {
  await server?.stop();
});

describe('reading', () => {
  test('health', async () => {
    const r = await api(base, '/api/v1/health');
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'ok');
    assert.equal(r.body.villages, 9458 + 1411);
    conforms('/health', 'get', r);
  });

  test('states of India with a total row', async () => {
    const r = await api(base, '/api/v1/coverage?level=state');
    assert.equal(r.status, 200);
    conforms('/coverage', 'get', r);
    const t = r.body.rows.find((x) => x.name === 'Telangana');
    assert.equal(t.total_hh, 5398219);
    assert.equal(t.hh_with_tap, 5398219);
    assert.equal(t.pct, 100);
    assert.equal(t.villages, 9458);
    assert.equal(t.hgj_villages, 9458);
    const k = r.body.rows.find((x) => x.name === 'Kerala');
    assert.equal(k.total_hh, 7080578);
    assert.equal(k.hh_with_tap, 3701517);
    assert.equal(k.pct, 52.28);
    assert.equal(r.body.total.code, 'IN');
    for (const f of ['total_hh', 'hh_with_tap', 'villages', 'hgj_villages', 'schools_with_tap', 'anganwadis_with_tap']) {
      assert.equal(r.body.total[f], r.body.rows.reduce((s, x) => s + x[f], 0), `total ${f} is the sum`);
    }
    assert.equal(r.body.total.remaining, 7080578 - 3701517);
    assert.equal(r.body.total.target_date, '2028-03-31');
    assert.ok(r.body.total.hh_per_day_needed > 0);
  });

  test('drill down to a village, level by level', async () => {
    const states = (await api(base, '/api/v1/coverage')).body;
    assert.equal(states.level, 'state');
    const kerala = states.rows.find((x) => x.name === 'Kerala');
    const districts = (await api(base, `/api/v1/coverage?parent=${kerala.code}`)).body;
    assert.equal(districts.level, 'district');
    assert.equal(districts.rows.length, 14);
    const blocks = (await api(base, `/api/v1/coverage?parent=${districts.rows[0].code}`)).body;
    assert.equal(blocks.level, 'block');
    const villages = (await api(base, `/api/v1/coverage?parent=${blocks.rows[0].code}`)).body;
    assert.equal(villages.level, 'village');
    assert.equal(villages.total.total_hh, villages.rows.reduce((s, x) => s + x.total_hh, 0));
    const v = villages.rows[0];
    const pub = await api(base, `/api/v1/units/${v.code}`);
    assert.equal(pub.body.recent_ledger, undefined, 'who recorded what is not public');
    const unit = await api(base, `/api/v1/units/${v.code}`, { session: admin });
    assert.equal(unit.status, 200);
    conforms('/units/{code}', 'get', unit);
    assert.equal(unit.body.level, 'village');
    assert.deepEqual(unit.body.path.map((p) => p.level), ['nation', 'state', 'district', 'block']);
    assert.equal(unit.body.facts.households, v.total_hh);
    assert.equal(unit.body.facts.as_of, AS_OF);
    assert.equal(unit.body.recent_ledger[0].kind, 'adjustment');
    assert.equal(unit.body.recent_ledger[0].source, 'jjm_villages_kerala.csv');
    const kids = await api(base, `/api/v1/units/${blocks.rows[0].code}/children`);
    conforms('/units/{code}/children', 'get', kids);
    assert.equal(kids.body.children.length, villages.rows.length);
  });

  test('as of a date before the file, households are known but taps are not', async () => {
    const r = await api(base, '/api/v1/coverage?level=state&as_of=2024-02-29');
    assert.equal(r.body.total.total_hh, 5398219 + 7080578);
    assert.equal(r.body.total.hh_with_tap, 0);
    assert.equal(r.body.as_of, '2024-02-29');
  });

  test('time series', async () => {
    const r = await api(base, '/api/v1/coverage/timeseries?unit=IN&from=2024-01-01&to=2024-06-30');
    assert.equal(r.status, 200);
    conforms('/coverage/timeseries', 'get', r);
    assert.equal(r.body.points.length, 6);
    assert.equal(r.body.points[0].date, '2024-01-31');
    assert.equal(r.body.points[0].hh_with_tap, 0);
    assert.equal(r.body.points[2].hh_with_tap, 5398219 + 3701517);
    const d = await api(base, '/api/v1/coverage/timeseries?unit=IN&from=2024-02-27&to=2024-03-02&interval=day');
    assert.deepEqual(d.body.points.map((p) => p.hh_with_tap > 0), [false, false, false, true, true]);
  });

  test('search finds places by name', async () => {
    const r = await api(base, '/api/v1/units?q=adilabad');
    assert.equal(r.status, 200);
    conforms('/units', 'get', r);
    assert.equal(r.body.results[0].level, 'district');
    assert.equal(r.body.results[0].name, 'Adilabad');
    assert.equal(r.body.results[0].match, 'name');
    assert.deepEqual(r.body.results[0].within.map((p) => p.level), ['state']);
    // Ranked: every exact name before any that only starts with the text.
    const kinds = r.body.results.map((x) => x.match);
    const order = ['code', 'name', 'prefix', 'word', 'contains', 'former_name'];
    assert.deepEqual([...kinds].sort((a, b) => order.indexOf(a) - order.indexOf(b)), kinds);
    assert.equal(r.body.total >= r.body.results.length, true);
    // By its code in any case, and by its bare LGD number where it has one.
    const d = r.body.results[0];
    const byCode = await api(base, `/api/v1/units?q=${d.code.toLowerCase()}`);
    assert.equal(byCode.body.results[0].code, d.code);
    assert.equal(byCode.body.results[0].match, 'code');
    // Pages: the second page follows the first, none twice.
    const all = (await api(base, '/api/v1/units?q=ad&limit=100')).body;
    const p1 = (await api(base, '/api/v1/units?q=ad&limit=3')).body;
    const p2 = (await api(base, '/api/v1/units?q=ad&limit=3&offset=3')).body;
    conforms('/units', 'get', { status: 200, body: p2 });
    assert.deepEqual([...p1.results, ...p2.results].map((x) => x.code), all.results.slice(0, 6).map((x) => x.code));
    assert.equal(p1.more, all.total > 3);
    assert.equal(p1.total, all.total);
    // Within a place: only its own.
    const state = d.within[0].code;
    const inside = await api(base, `/api/v1/units?q=ad&within=${state}&limit=100`);
    assert.equal(inside.status, 200);
    assert.ok(inside.body.results.length > 0);
    for (const x of inside.body.results) assert.ok(x.within.some((p) => p.code === state) || x.code === state, x.code);
    assert.ok(inside.body.total < all.total || all.total === inside.body.total);
    isError(await api(base, '/api/v1/units?q=ad&limit=0'), 400, 'limit');
    isError(await api(base, '/api/v1/units?q=ad&limit=101'), 400, 'limit');
    isError(await api(base, '/api/v1/units?q=ad&offset=-1'), 400, 'offset');
    isError(await api(base, '/api/v1/units?q=ad&offset=1001'), 400, 'offset');
    isError(await api(base, '/api/v1/units?q=ad&within=NOPE'), 404, 'within');
  });

  test('GET /me says who the page is for, without an error when nobody is signed in', async () => {
    const out = await api(base, '/api/v1/me');
    assert.equal(out.status, 200);
    conforms('/me', 'get', out);
    assert.deepEqual(out.body, { signed_in: false });
    const me = await api(base, '/api/v1/me', { session: admin });
    assert.equal(me.status, 200);
    assert.equal(me.body.signed_in, true);
    assert.equal(me.body.username, 'admin');
    const session = (await api(base, '/api/v1/session', { session: admin })).body;
    assert.deepEqual({ ...me.body, signed_in: undefined }, { ...session, signed_in: undefined });
    assert.equal((await api(base, '/api/v1/session')).status, 401, 'GET /session still refuses');
    isError(await api(base, '/api/v1/me?x=1'), 400, null);
  });

  test('bad reads get a 4xx with a JSON error naming the field', async () => {
    isError(await api(base, '/api/v1/coverage?level=county'), 400, 'level');
    isError(await api(base, '/api/v1/coverage?parent=NOPE'), 404, 'parent');
    isError(await api(base, '/api/v1/coverage?as_of=2024-13-01'), 400, 'as_of');
    isError(await api(base, '/api/v1/coverage?as_of=2999-01-01'), 400, 'as_of');
    isError(await api(base, '/api/v1/coverage?as-of=2024-01-01'), 400, 'as-of');
    const states = (await api(base, '/api/v1/coverage')).body;
    isError(await api(base, `/api/v1/coverage?parent=${states.rows[0].code}&level=state`), 400, 'level');
    isError(await api(base, '/api/v1/units/NOPE'), 404, 'code');
    isError(await api(base, '/api/v1/units?q=a'), 400, 'q');
    isError(await api(base, '/api/v1/coverage/timeseries'), 400, 'unit');
    isError(await api(base, '/api/v1/coverage/timeseries?unit=IN&from=2024-05-01&to=2024-01-01'), 400, 'to');
    isError(await api(base, '/api/v1/coverage/timeseries?unit=IN&interval=week'), 400, 'interval');
    isError(await api(base, '/api/v1/nothing'), 404, null);
    isError(await api(base, '/api/v1/coverage', { method: 'DELETE' }), 405, null);
    isError(await api(base, '/api/v1/coverage?%zz=1'), 400, null);
    conforms('/coverage', 'get', await api(base, '/api/v1/coverage?level=county'));
  });
});

describe('recording connections', () => {
  let village; // a Kerala village with households still to connect
  const coverageOf = async (code) => (await api(base, `/api/v1/units/${code}`, { session: admin })).body;
  const national = async () => (await api(base, '/api/v1/coverage')).body.total;

  before(async () => {
    const k = (await api(base, '/api/v1/units?q=Kerala&level=state')).body.results[0];
    const d = (await api(base, `/api/v1/coverage?parent=${k.code}&level=village`)).body.rows;
    village = d.find((v) => v.total_hh - v.hh_with_tap > 100);
    assert.ok(village);
  });

  test('one connection, then a batch; the roll-ups change at once', async () => {
    const before = await national();
    const r = await api(base, '/api/v1/connections', {
      method: 'POST', session: admin,
      body: { village_code: village.code, date: '2024-06-01', households: 7 },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    conforms('/connections', 'post', r);
    assert.equal(r.body.villages[0].hh_with_tap, village.hh_with_tap + 7);
    assert.equal((await national()).hh_with_tap, before.hh_with_tap + 7);
    const b = await api(base, '/api/v1/connections', {
      method: 'POST', session: admin,
      body: {
        connections: [
          { village_code: village.code, date: '2024-07-01', households: 3 },
          { village_code: village.code, date: '2024-08-01', households: -2, reason: 'double entry on 1 July' },
        ],
      },
    });
    assert.equal(b.status, 201, JSON.stringify(b.body));
    assert.equal(b.body.seqs.length, 2);
    assert.equal((await national()).hh_with_tap, before.hh_with_tap + 8);
    const asOfJuly = await api(base, '/api/v1/coverage?level=state&as_of=2024-07-15');
    assert.equal(asOfJuly.body.total.hh_with_tap, before.hh_with_tap + 10);
    const ledger = (await coverageOf(village.code)).recent_ledger;
    assert.equal(ledger[0].kind, 'correction');
    assert.equal(ledger[0].reason, 'double entry on 1 July');
    assert.equal(ledger[0].households, -2);
  });

  test('a retried request id is a no-op; reused for other content it is a conflict', async () => {
    const before = await national();
    const body = { request_id: 'field-app-123', village_code: village.code, date: '2024-09-01', households: 4 };
    const first = await api(base, '/api/v1/connections', { method: 'POST', body, session: admin });
    assert.equal(first.status, 201);
    const again = await api(base, '/api/v1/connections', { method: 'POST', body, session: admin });
    assert.equal(again.status, 200);
    assert.equal(again.body.replayed, true);
    assert.deepEqual(again.body.seqs, first.body.seqs);
    conforms('/connections', 'post', again);
    assert.equal((await national()).hh_with_tap, before.hh_with_tap + 4);
    const clash = await api(base, '/api/v1/connections', { method: 'POST', body: { ...body, households: 5 }, session: admin });
    isError(clash, 409, 'request_id');
    const header = await api(base, '/api/v1/connections', {
      method: 'POST', session: admin,
      headers: { 'idempotency-key': 'hdr-1' },
      body: { village_code: village.code, date: '2024-09-02', households: 1 },
    });
    assert.equal(header.status, 201);
    const header2 = await api(base, '/api/v1/connections', {
      method: 'POST', session: admin,
      headers: { 'idempotency-key': 'hdr-1' },
      body: { village_code: village.code, date: '2024-09-02', households: 1 },
    });
    assert.equal(header2.status, 200);
    assert.equal((await national()).hh_with_tap, before.hh_with_tap + 5);
  });

  test('refusals change nothing and say what was wrong', async () => {
    const before = await national();
    const telangana = (await api(base, '/api/v1/units?q=Adilabad&level=block')).body.results[0];
    const full = (await api(base, `/api/v1/coverage?parent=${telangana.code}&level=village`)).body.rows[0];
    const post = (body, headers) => api(base, '/api/v1/connections', { method: 'POST', body, headers, session: admin });
    const one = (o) => ({ village_code: village.code, date: '2024-10-01', households: 1, ...o });
    isError(await post(one({ date: '2019-08-14' })), 400, 'date');
    isError(await post(one({ date: '2099-01-01' })), 400, 'date');
    isError(await post(one({ date: '01-10-2024' })), 400, 'date');
    isError(await post(one({ households: 0 })), 400, 'households');
    isError(await post(one({ households: 2.5 })), 400, 'households');
    isError(await post(one({ households: '3' })), 400, 'households');
    isError(await post(one({ households: -1 })), 400, 'reason');
    isError(await post(one({ village_code: 'VNOPE' })), 404, 'village_code');
    isError(await post(one({ village_code: telangana.code })), 400, 'village_code');
    isError(await post(one({ colour: 'blue' })), 400, 'colour');
    isError(await post({ village_code: village.code, households: 1 }), 400, 'date');
    isError(await post(one({ village_code: full.code })), 422, 'households');
    isError(await post(one({ households: 10_000_000 })), 400, 'households');
    isError(await post(one({ households: -100000, reason: 'x' })), 422, 'households');
    const r422 = await post(one({ village_code: full.code }));
    assert.match(r422.body.error.message, /would have .* households with tap on 2024-10-01 but has only/);
    conforms('/connections', 'post', r422);
    // A batch with one bad item writes none of them.
    isError(await post({ connections: [one({}), one({ village_code: full.code })] }), 422, 'connections[1].households');
    isError(await post({ connections: [] }), 400, 'connections');
    isError(await post({ connections: [one({})], extra: 1 }), 400, 'extra');
    // Malformed bodies.
    isError(await post('{"village_code": '), 400, 'body');
    isError(await post('[1,2]'), 400, 'body');
    isError(await post('{"a":' + '['.repeat(50) + ']'.repeat(50) + '}'), 400, 'body');
    isError(await api(base, '/api/v1/connections', { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, session: admin }), 400, 'content-type');
    // Signed out, or without the CSRF token the session was given.
    isError(await api(base, '/api/v1/connections', { method: 'POST', body: one({}) }), 401, null);
    isError(await api(base, '/api/v1/connections', { method: 'POST', body: one({}), session: admin, headers: { 'x-csrf-token': 'forged' } }), 403, 'x-csrf-token');
    // A month nobody reopened.
    isError(await post(one({ date: '2024-02-10' })), 422, 'date');
    const big = await post(JSON.stringify({ connections: [], pad: 'x'.repeat(9 << 20) }));
    isError(big, 413, null);
    const after = await national();
    assert.equal(after.hh_with_tap, before.hh_with_tap);
    assert.equal(after.total_hh, before.total_hh);
  });
});

describe('the OpenAPI document is kept true', () => {
  test('every documented path and method answers; other methods and paths do not', async () => {
    assert.equal(openapi.openapi, '3.0.3');
    const fill = (path) => path.replace('{code}', 'IN').replace('{username}', 'nobody.here').replace('{id}', '999999')
      .replace('{quarter}', '1');
    const query = { '/units': '?q=ker', '/coverage/timeseries': '?unit=IN' };
    const throwaway = await signIn(base, 'admin');
    const methods = ['get', 'post', 'patch', 'delete'];
    let checked = 0;
    for (const [path, item] of Object.entries(openapi.paths)) {
      for (const m of methods) {
        const session = path === '/session' && m === 'delete' ? throwaway : admin;
        const r = await api(base, `/api/v1${fill(path)}${query[path] ?? ''}`,
          { method: m.toUpperCase(), session, body: m === 'get' || m === 'delete' ? undefined : {} });
        if (item[m]) {
          assert.notEqual(r.status, 405, `${m} ${path} is documented`);
          assert.ok(!(r.status === 404 && /no such endpoint/.test(r.body?.error?.message ?? '')), `${m} ${path} exists`);
          if (r.status !== 204) {
            assert.ok(item[m].responses[String(r.status)], `${m} ${path} documents status ${r.status}`);
          }
          checked++;
        } else {
          assertRefused(r, 405, null, `${m} ${path} is not documented, so it must not answer`);
        }
      }
    }
    assert.ok(checked >= 20);
    for (const path of ['/api/v1/connections/1', '/api/v1/unit/IN', '/api/v2/health', '/api/v1/users/a/b/c']) {
      const r = await api(base, path);
      assertRefused(r, 404, null, path);
    }
  });

  test('every route the server registers is documented', () => {
    // The routes as the C++ sources register them: router->Add("METHOD", "/api/v1/...".
    const dir = join(REPO, 'src', 'http');
    const routes = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.cc')).sort()) {
      const text = readFileSync(join(dir, file), 'utf8');
      const found = [...text.matchAll(/router->Add\(\s*"([A-Z]+)"\s*,\s*"\/api\/v1(\/[^"]*)"/g)];
      // A registration written some other way would escape the check.
      assert.equal(found.length, text.split('router->Add(').length - 1, `every router->Add in ${file} is read`);
      for (const m of found) routes.push({ file, method: m[1], path: m[2] });
    }
    assert.ok(routes.length >= 50, `found only ${routes.length} routes in ${dir}`);
    for (const file of ['accounts_api.cc', 'coverage_api.cc', 'partners_api.cc']) {
      assert.ok(routes.some((r) => r.file === file), `routes found in ${file}`);
    }
    const undocumented = routes.filter((r) => !openapi.paths[r.path]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.path} (${r.file})`);
    assert.deepEqual(undocumented, [], 'every registered route is in openapi.json');
  });

  test('every $ref names a schema in the document', () => {
    const { refs, resolve } = openapiOf(openapi);
    const all = refs();
    assert.ok(all.length > 50, `${all.length} refs`);
    const broken = all.filter(({ ref }) => { try { resolve({ $ref: ref }); return false; } catch { return true; } });
    assert.deepEqual(broken, [], 'unresolved $refs');
  });

  test('the checker fails on an unresolved $ref', () => {
    const doc = openapiOf({
      paths: { '/x': { get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } } }, 201: { $ref: '#/components/responses/Gone' } } } } },
      components: { schemas: { Thing: { type: 'object', properties: { inner: { $ref: '#/components/schemas/Nowhere' } } } } },
    });
    assert.throws(() => doc.conforms('/x', 'get', { status: 200, body: {} }), /unresolved \$ref #\/components\/schemas\/Missing/);
    assert.throws(() => doc.conforms('/x', 'get', { status: 201, body: {} }), /unresolved \$ref #\/components\/responses\/Gone/);
    assert.match(doc.validate({ $ref: '#/components/schemas/Thing' }, { inner: 1 }).join(), /unresolved \$ref #\/components\/schemas\/Nowhere/);
    assert.deepEqual(doc.validate({ $ref: '#/components/schemas/Thing' }, {}), [], 'a ref not reached by the value is not looked at');
  });

  test('answers match their schemas', async () => {
    // Something in every list: an unlock exists (before()); a connection
    // is recorded.  The partner programme's answers are checked with their
    // data in partners.test.mjs.
    const k = (await api(base, '/api/v1/units?q=Kerala&level=state')).body.results[0];
    const v = (await api(base, `/api/v1/coverage?parent=${k.code}&level=village`)).body.rows.find((x) => x.total_hh - x.hh_with_tap > 10);
    const rec = await api(base, '/api/v1/connections', { method: 'POST', session: admin, body: { village_code: v.code, date: '2024-10-15', households: 1 } });
    assert.equal(rec.status, 201, JSON.stringify(rec.body));
    const samples = {
      '/health': '/api/v1/health',
      '/units': '/api/v1/units?q=ker',
      '/units/{code}': '/api/v1/units/IN',
      '/units/{code}/children': '/api/v1/units/IN/children',
      '/coverage': '/api/v1/coverage',
      '/coverage/timeseries': '/api/v1/coverage/timeseries?unit=IN',
      '/session': '/api/v1/session',
      '/users': '/api/v1/users',
      '/users/{username}': '/api/v1/users/admin',
      '/audit': '/api/v1/audit?limit=5',
      '/periods': '/api/v1/periods?unit=IN',
      '/trainings/coverage': '/api/v1/trainings/coverage?parent=IN&level=state',
    };
    // The list in each answer that must not be empty, so that its items
    // are checked too.
    const lists = {
      '/units': 'results', '/units/{code}/children': 'children', '/coverage': 'rows',
      '/coverage/timeseries': 'points', '/users': 'users', '/audit': 'rows', '/periods': 'unlocks', '/trainings/coverage': 'rows',
    };
    for (const [path, url] of Object.entries(samples)) {
      const r = await api(base, url, { session: admin });
      assert.equal(r.status, 200, url);
      if (lists[path]) assert.ok(r.body[lists[path]]?.length > 0, `${url}: ${lists[path]} is not empty`);
      conforms(path, 'get', r);
    }
    const village = await api(base, `/api/v1/units/${v.code}`, { session: admin });
    assert.ok(village.body.recent_ledger.length > 0);
    conforms('/units/{code}', 'get', village);
  });
});

describe('the web server', () => {
  test('security headers on every answer', async () => {
    for (const path of ['/', '/api/v1/health', '/api/v1/nothing']) {
      const r = await api(base, path);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.match(r.headers.get('content-security-policy'), /default-src 'self'.*frame-ancestors 'none'/);
    }
  });

  test('HEAD gives the headers of GET without the body', async () => {
    const get = await fetch(`${base}/api/v1/coverage?level=state`);
    const body = await get.text();
    const head = await fetch(`${base}/api/v1/coverage?level=state`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(body)));
    assert.equal(await head.text(), '');
    assert.ok(head.headers.get('date'));
  });

  test('the page and its assets are served locally; nothing outside the web root', async () => {
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /text\/html/);
    const html = await page.text();
    assert.doesNotMatch(html, /https?:\/\//, 'no external assets');
    assert.equal((await fetch(`${base}/vendor/echarts.js`)).status, 200);
    for (const path of ['/assets/../../CMakeLists.txt', '/assets/%2e%2e/%2e%2e/CMakeLists.txt',
      '/assets/node_modules/echarts/package.json', '/assets/.git/config', '/etc/passwd',
      '/assets/..%2f..%2fCMakeLists.txt']) {
      const r = await fetch(base + path);
      assert.equal(r.status, 404, path);
    }
  });
});
