// GET /api/v1/boundaries and `jjm serve --boundaries` on the running
// binary: a file keyed by LGD codes gives each child's geometry and lists
// the children it lacks; without a file nothing is available; a bad file
// stops the server from starting, naming the feature at fault.  A national
// administrator uploads a file (POST /api/v1/boundary-files): checked whole,
// in force at once, its levels laid over the operator's file, audited, and
// still there after a restart; nobody else may, and a bad file changes
// nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';

import { jjm, tempDir, newDb, startServer, api, addUser, signIn, assertRefused, sql, SHARED } from '../lib/jjm.mjs';
import { openapiOf } from '../lib/openapi.mjs';

const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

const square = (x, y) => ({ type: 'Polygon', coordinates: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]] });

test('boundaries by LGD code, the missing listed; bad files refused at start', async () => {
  const dir = tempDir();
  const db = newDb(dir, 'bounds');
  const r = jjm(['import', 'lgd', join(SHARED, 'lgd'), '--db', db, '--commit', '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  const file = join(dir, 'states.geojson');
  writeFileSync(file, JSON.stringify({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { lgd_code: 36, level: 'state' }, geometry: square(78, 17) },
      { type: 'Feature', properties: { state_code: '32' }, geometry: { type: 'MultiPolygon', coordinates: [square(76, 9).coordinates] } },
    ],
  }));
  const server = await startServer({ db, args: ['--boundaries', file] });
  servers.push(server);
  const { conforms } = openapiOf((await api(server.url, '/api/v1/openapi.json')).body);
  const b = await api(server.url, '/api/v1/boundaries');
  assert.equal(b.status, 200);
  conforms('/boundaries', 'get', b);
  assert.equal(b.body.level, 'state');
  assert.equal(b.body.available, true);
  assert.deepEqual(b.body.features.map((f) => f.lgd_code).sort(), [32, 36]);
  assert.equal(b.body.features.find((f) => f.lgd_code === 36).geometry.type, 'Polygon');
  assert.equal(b.body.missing.length, 34, 'the other states and UTs, listed');
  const kerala = b.body.features.find((f) => f.lgd_code === 32).code;
  const d = await api(server.url, `/api/v1/boundaries?parent=${kerala}`);
  assert.equal(d.body.level, 'district');
  assert.equal(d.body.available, false, 'the file has no districts');
  assertRefused(await api(server.url, '/api/v1/boundaries?parent=NOPE'), 404, 'parent');
  assertRefused(await api(server.url, '/api/v1/boundaries?colour=red'), 400, 'colour');
  const rows = (await api(server.url, '/api/v1/coverage?parent=IN')).body.rows;
  assert.equal(rows.find((x) => x.code === kerala).lgd_code, 32, 'coverage rows carry the LGD code');

  const bad = [
    [{ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: square(1, 1) }] }, /feature 1 names no LGD code/],
    [{ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { state_code: 1 }, geometry: { type: 'Point', coordinates: [1, 1] } }] }, /feature 1 is a Point/],
    [{ type: 'FeatureCollection', features: [{ properties: { state_code: 1 }, geometry: square(1, 1) }, { properties: { st_code: 1 }, geometry: square(2, 2) }] }, /feature 2 repeats the state with LGD code 1/],
    [{ type: 'Topology' }, /FeatureCollection/],
    [{ type: 5 }, /FeatureCollection/],
    [{ type: 'FeatureCollection', features: [{ properties: { state_code: 1 }, geometry: { type: null } }] }, /feature 1 is a shape of no type/],
    [{ type: 'FeatureCollection', features: [{ properties: { lgd_code: 1, level: 2 }, geometry: square(1, 1) }] }, /no level/],
  ];
  for (const [doc, why] of bad) {
    const f = join(dir, 'bad.geojson');
    writeFileSync(f, JSON.stringify(doc));
    const s = jjm(['serve', '--db', db, '--port', '0', '--boundaries', f], { timeout: 20_000 });
    assert.equal(s.status, 2, s.stderr);
    assert.match(s.stderr, why);
  }
  const none = jjm(['serve', '--db', db, '--port', '0', '--boundaries', join(dir, 'nope.geojson')], { timeout: 20_000 });
  assert.equal(none.status, 2);
  assert.match(none.stderr, /cannot read the boundary file/);
});

test('without a file, no level has boundaries', async () => {
  const dir = tempDir();
  const db = newDb(dir, 'plain');
  assert.equal(jjm(['import', 'lgd', join(SHARED, 'lgd'), '--db', db, '--commit', '--quiet']).status, 0);
  const server = await startServer({ db });
  servers.push(server);
  const b = await api(server.url, '/api/v1/boundaries');
  assert.equal(b.status, 200);
  assert.equal(b.body.available, false);
  assert.deepEqual(b.body.features, []);
});

test('a national administrator uploads boundaries: checked, in force, audited, kept', async () => {
  const dir = tempDir();
  const db = newDb(dir, 'upload');
  assert.equal(jjm(['import', 'lgd', join(SHARED, 'lgd'), '--db', db, '--commit', '--quiet']).status, 0);
  // The operator's file has Telangana (36); the uploads come on top of it.
  const base = join(dir, 'base.geojson');
  writeFileSync(base, JSON.stringify({ type: 'FeatureCollection', features: [
    { type: 'Feature', properties: { state_code: 36 }, geometry: square(78, 17) }] }));
  addUser(db, 'admin', 'national_admin', 'IN');
  let server = await startServer({ db, args: ['--boundaries', base] });
  servers.push(server);
  const { conforms } = openapiOf((await api(server.url, '/api/v1/openapi.json')).body);
  const rows = (await api(server.url, '/api/v1/coverage?parent=IN')).body.rows;
  const kerala = rows.find((x) => x.lgd_code === 32).code;
  const officerPlace = rows.find((x) => x.lgd_code === 36).code;
  addUser(db, 'officer', 'state_officer', officerPlace);
  const admin = await signIn(server.url, 'admin');
  const officer = await signIn(server.url, 'officer');
  const districts = (await api(server.url, `/api/v1/coverage?parent=${kerala}`)).body.rows;
  assert.ok(districts.length >= 14, 'Kerala has its 14 districts');
  const file = { type: 'FeatureCollection', features: [
    // Kerala as a state, all but one of its districts, and a code no place has.
    { type: 'Feature', properties: { lgd_code: 32, level: 'state' }, geometry: square(76, 9) },
    ...districts.slice(1).map((d, i) => ({ type: 'Feature', properties: { district_code: d.lgd_code }, geometry: square(70 + i, 8) })),
    { type: 'Feature', properties: { district_code: 999999 }, geometry: square(1, 1) }] };
  const upload = (session, doc, extra = {}) => api(server.url, '/api/v1/boundary-files', {
    method: 'POST', session, body: { file: typeof doc === 'string' ? doc : JSON.stringify(doc), filename: 'kerala.geojson', ...extra } });

  // Nobody but a national administrator; a bad file changes nothing.
  assert.equal((await upload(null, file)).status, 401);
  assertRefused(await upload(officer, file), 403);
  assertRefused(await upload(admin, '{"type":"FeatureCollection","features":[{"properties":{},"geometry":{"type":"Polygon","coordinates":[]}}]}'), 400, 'file');
  const notJson = await upload(admin, 'not json');
  assertRefused(notJson, 400, 'file');
  assert.match(notJson.body.error.message, /kerala\.geojson.*not JSON/);
  assertRefused(await upload(admin, { type: 'FeatureCollection', features: [] }), 400, 'file');
  assertRefused(await upload(admin, file, { colour: 'red' }), 400, 'colour');
  assertRefused(await api(server.url, '/api/v1/boundary-files', { method: 'POST', session: admin, body: { file: 5 } }), 400, 'file');
  const none = await api(server.url, '/api/v1/boundary-files');
  assert.equal(none.status, 200);
  conforms('/boundary-files', 'get', none);
  assert.deepEqual(none.body.files, []);
  assert.equal(none.body.levels, 'state');

  const up = await upload(admin, file);
  assert.equal(up.status, 201, JSON.stringify(up.body));
  conforms('/boundary-files', 'post', up);
  assert.equal(up.body.levels, 'state,district');
  assert.equal(up.body.features, districts.length + 1);
  assert.equal(up.body.places.district.places_with_boundary, districts.length - 1);
  assert.ok(up.body.places.district.missing.some((m) => m.code === districts[0].code), 'the district left out is listed');
  assert.deepEqual(up.body.places.district.unknown_lgd_codes, [999999]);
  assert.equal(up.body.places.district.missing.length, 1, "only Kerala's districts are listed");
  assert.ok(up.body.places.district.districts_in_states_not_drawn > 500);
  assert.equal(up.body.places.state.places_with_boundary, 1);
  assert.equal(up.body.places.state.missing.length, up.body.places.state.places_without_boundary);

  const check = async (s) => {
    // The upload's states replace the operator's: Telangana is no longer drawn.
    const st = (await api(s.url, '/api/v1/boundaries')).body;
    assert.deepEqual(st.features.map((f) => f.lgd_code), [32]);
    const ds = (await api(s.url, `/api/v1/boundaries?parent=${kerala}`)).body;
    assert.equal(ds.available, true);
    assert.equal(ds.features.length, districts.length - 1);
    assert.deepEqual(ds.missing.map((m) => m.code), [districts[0].code]);
  };
  await check(server);
  // Districts alone leave the states as they were.
  const only = { type: 'FeatureCollection', features: districts.map((d, i) => ({ type: 'Feature', properties: { lgd_code: d.lgd_code, level: 'district' }, geometry: square(60 + i, 8) })) };
  const up2 = await upload(admin, only);
  assert.equal(up2.status, 201);
  assert.equal(up2.body.levels, 'district');
  assert.equal((await api(server.url, `/api/v1/boundaries?parent=${kerala}`)).body.missing.length, 0);
  assert.deepEqual((await api(server.url, '/api/v1/boundaries')).body.features.map((f) => f.lgd_code), [32]);
  const list = (await api(server.url, '/api/v1/boundary-files')).body;
  assert.deepEqual(list.files.map((f) => [f.id, f.levels, f.recorded_by]), [[up2.body.id, 'district', 'admin'], [up.body.id, 'state,district', 'admin']]);
  const audit = (await api(server.url, '/api/v1/audit?action=reports.boundaries.upload', { session: admin })).body;
  assert.equal(audit.rows.length, 2, JSON.stringify(audit));
  assert.equal(audit.rows[0].entity_id, String(up2.body.id));

  // A restart keeps them, over the operator's file again.
  await server.stop();
  servers.splice(servers.indexOf(server), 1);
  server = await startServer({ db, args: ['--boundaries', base] });
  servers.push(server);
  assert.equal((await api(server.url, `/api/v1/boundaries?parent=${kerala}`)).body.missing.length, 0);
  assert.deepEqual((await api(server.url, '/api/v1/boundaries')).body.features.map((f) => f.lgd_code), [32]);
  // The store refuses to change a stored file.
  const del = sql(db, 'DELETE FROM boundary_file');
  assert.notEqual(del.status, 0);
  assert.match(del.stderr, /replaced by a new upload/);
});
