// The water-quality roles (issue 10): a lab_analyst is bound to a lab that
// exists and through it to the lab's place; an ftk_tester to a village.
// Granting both through the API and the command line, what the answers
// say of the lab, and the refusals (unknown lab, a lab outside the
// manager's place, an ftk_tester at a district, a lab for another role).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { jjm, tempDir, newDb, startServer, api, addUser, signIn, assertRefused, sql, SHARED, BIN } from '../lib/jjm.mjs';
import { openapiOf } from '../lib/openapi.mjs';
import { spawnSync } from 'node:child_process';

const KERALA = join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv');
const PASSWORD = 'correct horse 42';

let server;
let base;
let conforms;
let db;
const S = {}; // sessions
const P = {}; // places: d1, d2 ({id, code}), village (of d1)

// Rows of a query as arrays of cells (sqlite3 and psql -A both give a|b).
function rows(statement) {
  const r = sql(db, statement);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => l.split('|'));
}

function userAdd(args, password = PASSWORD) {
  return spawnSync(BIN, ['user', 'add', '--db', db, ...args, '--password-stdin'],
    { input: `${password}\n`, encoding: 'utf8' });
}

const post = (who, path, body) => api(base, path, { method: 'POST', body, session: S[who] });

before(async () => {
  const dir = tempDir();
  db = newDb(dir, 'qroles');
  const r = jjm(['import', 'villages', KERALA, '--db', db, '--as-of', '2024-03-01', '--commit', '--quiet',
    '--closed-periods', 'tests load published history']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const districts = rows('SELECT id, code FROM unit WHERE level = 2 ORDER BY id LIMIT 2');
  assert.equal(districts.length, 2);
  [P.d1, P.d2] = districts.map(([id, code]) => ({ id: Number(id), code }));
  // Two district labs, one in each district (the register is the quality
  // service's; the roles only need the rows).
  const ins = sql(db, `INSERT INTO wq_lab (code, name, level, unit_id, created_at, created_by) VALUES
    ('KL-DWTL-1', 'District water testing lab one', 'district', ${P.d1.id}, '2026-01-01T00:00:00Z', 'test'),
    ('KL-DWTL-2', 'District water testing lab two', 'district', ${P.d2.id}, '2026-01-01T00:00:00Z', 'test')`);
  assert.equal(ins.status, 0, ins.stderr);
  addUser(db, 'admin', 'national_admin', 'IN');
  addUser(db, 'dist.one', 'district_officer', P.d1.code);
  // The command line appoints an analyst by the lab's code; an unknown lab
  // is refused naming it.
  const cli = userAdd(['--username', 'cli.analyst', '--role', 'lab_analyst', '--lab', 'KL-DWTL-1']);
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /created user cli\.analyst \(lab_analyst of lab KL-DWTL-1\)/);
  const bad = userAdd(['--username', 'cli.nolab', '--role', 'lab_analyst', '--lab', 'NO-SUCH-LAB']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /no lab has code 'NO-SUCH-LAB'/);
  const nolab = userAdd(['--username', 'cli.nolab', '--role', 'lab_analyst', '--unit', P.d1.code]);
  assert.notEqual(nolab.status, 0);
  assert.match(nolab.stderr, /lab/);
  const list = jjm(['user', 'list', '--db', db]);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, new RegExp(`lab_analyst\\s+${P.d1.code} .*\\[lab KL-DWTL-1\\]`));

  server = await startServer({ db });
  base = server.url;
  ({ conforms } = openapiOf((await api(base, '/api/v1/openapi.json')).body));
  S.admin = await signIn(base, 'admin');
  S.dist = await signIn(base, 'dist.one');
  for (const s of [S.admin, S.dist]) assert.equal(s.status, 200, JSON.stringify(s.body));
  const v = await api(base, `/api/v1/coverage?parent=${P.d1.code}&level=village`);
  assert.equal(v.status, 200);
  P.village = v.body.rows[0].code;
});

after(async () => {
  await server?.stop();
});

test('a lab analyst is bound to the lab and its place, and the answers name the lab', async () => {
  const r = await post('admin', '/api/v1/users', {
    username: 'asha.analyst', password: PASSWORD, role: 'lab_analyst', lab: 'KL-DWTL-2',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  conforms('/users', 'post', r);
  const [role] = r.body.roles;
  assert.equal(role.role, 'lab_analyst');
  assert.equal(role.unit_code, P.d2.code, 'bound to the lab\'s place');
  assert.equal(role.lab.code, 'KL-DWTL-2');
  assert.equal(role.lab.name, 'District water testing lab two');
  assert.ok(Number.isInteger(role.lab.id));
  // Other roles say lab: null.
  const admin = await api(base, '/api/v1/users/admin', { session: S.admin });
  assert.equal(admin.body.roles[0].lab, null);
  conforms('/users/{username}', 'get', admin);
  // The analyst's session names the lab too.
  const s = await signIn(base, 'asha.analyst');
  assert.equal(s.status, 200, JSON.stringify(s.body));
  assert.equal(s.body.roles[0].lab.code, 'KL-DWTL-2');
  assert.equal(s.body.roles[0].unit_code, P.d2.code);
  conforms('/session', 'post', s);
  // The command line's analyst reads the same.
  const cli = await api(base, '/api/v1/users/cli.analyst', { session: S.admin });
  assert.equal(cli.body.roles[0].lab.code, 'KL-DWTL-1');
  assert.equal(cli.body.roles[0].unit_code, P.d1.code);
  // The grant is audited with its lab.
  const audit = await api(base, '/api/v1/audit?action=user.create&limit=20', { session: S.admin });
  const row = audit.body.rows.find((x) => x.entity_id === 'asha.analyst');
  assert.equal(row.after.lab, 'KL-DWTL-2');
  assert.equal(row.after.unit, P.d2.code);
});

test('a district officer appoints the analysts of a lab in their district, not of another', async () => {
  const ok = await post('dist', '/api/v1/users', {
    username: 'ravi.analyst', password: PASSWORD, role: 'lab_analyst', lab: 'KL-DWTL-1',
  });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.roles[0].lab.code, 'KL-DWTL-1');
  const far = await post('dist', '/api/v1/users', {
    username: 'far.analyst', password: PASSWORD, role: 'lab_analyst', lab: 'KL-DWTL-2',
  });
  assertRefused(far, 403, undefined, 'a lab in another district');
  // The unit, when given, must be the lab's place.
  const wrongPlace = await post('admin', '/api/v1/users', {
    username: 'wrong.place', password: PASSWORD, role: 'lab_analyst', lab: 'KL-DWTL-1', unit: P.d2.code,
  });
  assertRefused(wrongPlace, 400, 'unit', 'a unit that is not the lab\'s place');
  const samePlace = await post('admin', '/api/v1/users', {
    username: 'same.place', password: PASSWORD, role: 'lab_analyst', lab: 'KL-DWTL-1', unit: P.d1.code,
  });
  assert.equal(samePlace.status, 201, JSON.stringify(samePlace.body));
});

test('refusals: an unknown lab, no lab, a lab for another role', async () => {
  const unknown = await post('admin', '/api/v1/users', {
    username: 'no.lab', password: PASSWORD, role: 'lab_analyst', lab: 'NO-SUCH-LAB',
  });
  assertRefused(unknown, 404, 'lab', 'an unknown lab');
  assert.match(unknown.body.error.message, /NO-SUCH-LAB/);
  const none = await post('admin', '/api/v1/users', {
    username: 'no.lab', password: PASSWORD, role: 'lab_analyst', unit: P.d1.code,
  });
  assertRefused(none, 400, 'lab', 'a lab analyst without a lab');
  const other = await post('admin', '/api/v1/users', {
    username: 'no.lab', password: PASSWORD, role: 'vwsc_operator', unit: P.village, lab: 'KL-DWTL-1',
  });
  assertRefused(other, 400, 'lab', 'a lab for a vwsc_operator');
  const notString = await post('admin', '/api/v1/users', {
    username: 'no.lab', password: PASSWORD, role: 'lab_analyst', lab: 7,
  });
  assertRefused(notString, 400, 'lab');
  assert.equal((await api(base, '/api/v1/users/no.lab', { session: S.admin })).status, 404, 'nothing made');
});

test('an FTK tester is bound to a village, not a district', async () => {
  const ok = await post('dist', '/api/v1/users', {
    username: 'sunita.ftk', password: PASSWORD, role: 'ftk_tester', unit: P.village,
  });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.roles[0].role, 'ftk_tester');
  assert.equal(ok.body.roles[0].unit_code, P.village);
  assert.equal(ok.body.roles[0].lab, null);
  const district = await post('admin', '/api/v1/users', {
    username: 'ftk.district', password: PASSWORD, role: 'ftk_tester', unit: P.d1.code,
  });
  assertRefused(district, 400, 'unit', 'an ftk_tester at a district');
  assert.match(district.body.error.message, /ftk_tester is bound to a village/);
  const grant = await post('admin', '/api/v1/users/admin/roles', { role: 'ftk_tester', unit: P.d2.code });
  assertRefused(grant, 400, 'unit', 'granting an ftk_tester at a district');
});

test('granting and revoking a lab analyst role on an existing user', async () => {
  const made = await post('dist', '/api/v1/users', {
    username: 'meena.ftk', password: PASSWORD, role: 'ftk_tester', unit: P.village,
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const g = await post('dist', '/api/v1/users/meena.ftk/roles', { role: 'lab_analyst', lab: 'KL-DWTL-1' });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  conforms('/users/{username}/roles', 'post', g);
  const analyst = g.body.roles.find((x) => x.role === 'lab_analyst');
  assert.equal(analyst.lab.code, 'KL-DWTL-1');
  assert.equal(analyst.unit_code, P.d1.code);
  const far = await post('dist', '/api/v1/users/meena.ftk/roles', { role: 'lab_analyst', lab: 'KL-DWTL-2' });
  assertRefused(far, 403, undefined, 'a lab in another district');
  const unknown = await post('dist', '/api/v1/users/meena.ftk/roles', { role: 'lab_analyst', lab: 'NOPE' });
  assertRefused(unknown, 404, 'lab');
  // Stored: a restart reads the lab back from the database.
  const audit = await api(base, '/api/v1/audit?action=role.grant&limit=5', { session: S.admin });
  assert.equal(audit.body.rows.find((x) => x.entity_id === 'meena.ftk').after.lab, 'KL-DWTL-1');
  const stored = rows("SELECT r.role, l.code FROM account_role r JOIN account a ON a.id = r.account_id " +
    "JOIN wq_lab l ON l.id = r.lab_id WHERE a.username = 'meena.ftk'");
  assert.deepEqual(stored, [['lab_analyst', 'KL-DWTL-1']]);
  const del = await api(base, `/api/v1/users/meena.ftk/roles/${analyst.id}`, { method: 'DELETE', session: S.dist });
  assert.equal(del.status, 200, JSON.stringify(del.body));
  assert.deepEqual(del.body.roles.map((x) => x.role), ['ftk_tester']);
});
