// One code form everywhere: a place with an LGD code is named by its code
// with the level letter (V583451) or by the bare LGD number (583451), in
// every import and every API parameter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { jjm, tempDir, newDb, startServer, api } from '../lib/jjm.mjs';

const HIST = ['--closed-periods', 'tests load history'];

test('bare LGD numbers and lettered codes name the same places', async (t) => {
  const dir = tempDir();
  const db = newDb(dir, 'codes');
  const villages = join(dir, 'v.csv');
  writeFileSync(villages, [
    'state_code,state_name,district_code,district_name,block_code,block_name,gp_code,gp_name,village_code,village_name,total_hh,hh_with_tap',
    '36,Telangana,532,Adilabad,4213,Utnoor,200001,Pedda Gram,583451,Akkampet,120,30',
    '36,Telangana,532,Adilabad,4213,Utnoor,200001,Pedda Gram,583452,Chinna,80,10',
  ].join('\n'));
  let r = jjm(['import', 'villages', villages, '--db', db, '--as-of', '2024-01-01', '--commit', ...HIST]);
  assert.equal(r.status, 0, r.stdout + r.stderr);

  // Connections by bare number and by lettered code.
  const conns = join(dir, 'c.csv');
  writeFileSync(conns, 'village_code,date,count\n583451,2024-02-01,5\nV583452,2024-02-01,3\n');
  r = jjm(['import', 'connections', conns, '--db', db, '--commit', ...HIST]);
  assert.equal(r.status, 0, r.stdout + r.stderr);

  // Habitations by bare village number.
  const hab = join(dir, 'h.csv');
  writeFileSync(hab, 'village_code,habitation_code,habitation_name\n583451,HX1,Tanda\n');
  r = jjm(['import', 'habitations', hab, '--db', db, '--commit']);
  assert.equal(r.status, 0, r.stdout + r.stderr);

  const server = await startServer({ db });
  t.after(() => server.stop());
  for (const [bare, lettered] of [['583451', 'V583451'], ['4213', 'B4213'], ['36', 'S36']]) {
    const a = await api(server.url, `/api/v1/units/${bare}`);
    const b = await api(server.url, `/api/v1/units/${lettered}`);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.body.code, lettered);
    assert.deepEqual(a.body, b.body);
  }
  const v = await api(server.url, '/api/v1/units/V583451');
  assert.equal(v.body.facts.households, 120);
  assert.equal(v.body.lgd_code, 583451);
  const cov = await api(server.url, '/api/v1/coverage?parent=4213&level=village&as_of=2024-03-01');
  assert.equal(cov.status, 200, JSON.stringify(cov.body));
  assert.equal(cov.body.parent.code, 'B4213');
  assert.equal(cov.body.total.hh_with_tap, 48);
  assert.equal(cov.body.rows.find((x) => x.code === 'V583451').hh_with_tap, 35);
  const ts = await api(server.url, '/api/v1/coverage/timeseries?unit=583451&from=2024-01-01&to=2024-03-01&interval=month');
  assert.equal(ts.status, 200, JSON.stringify(ts.body));
  assert.equal(ts.body.unit.code, 'V583451');
  const none = await api(server.url, '/api/v1/units/999999');
  assert.equal(none.status, 404);
  assert.equal(none.body.error.code, 'not_found');
});
