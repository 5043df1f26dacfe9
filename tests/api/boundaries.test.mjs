// GET /api/v1/boundaries and `jjm serve --boundaries` on the running
// binary: a file keyed by LGD codes gives each child's geometry and lists
// the children it lacks; without a file nothing is available; a bad file
// stops the server from starting, naming the feature at fault.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';

import { jjm, tempDir, newDb, startServer, api, assertRefused, SHARED } from '../lib/jjm.mjs';
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
