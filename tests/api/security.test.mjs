// Access control, audit and hardening of the running binary: every role
// against every write and read, in scope, out of scope and signed out; one
// audit row per write; lockout, expiry and revocation; cross-site writes;
// oversized and malformed requests.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { connect } from 'node:net';
import { spawnSync } from 'node:child_process';

import { jjm, tempDir, startServer, api, addUser, signIn, SHARED, newDb, sql, assertRefused } from '../lib/jjm.mjs';

const HIST = ['--closed-periods', 'tests load published history'];
const TELANGANA = join(SHARED, 'jjm-dashboard', 'jjm_villages_telangana.csv');
const KERALA = join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv');
const TODAY = new Date(Date.now() + 5.5 * 3600e3).toISOString().slice(0, 10);
const MONTH = TODAY.slice(0, 7);
// The project's villages CSV header (kVillageColumns).
const VILLAGE_HEADER = 'state_code,state_name,district_code,district_name,block_code,block_name,gp_code,gp_name,village_code,village_name,total_hh,hh_with_tap';

let server;
let base;
let db;
const S = {}; // sessions by name
const P = {}; // places: codes

async function children(code, level) {
  return (await api(base, `/api/v1/coverage?parent=${code}${level ? `&level=${level}` : ''}`)).body.rows;
}

async function auditMax() {
  const r = await api(base, '/api/v1/audit?limit=1', { session: S.admin });
  return r.body.rows[0]?.id ?? 0;
}

async function auditSince(id) {
  const r = await api(base, '/api/v1/audit?limit=1000', { session: S.admin });
  return r.body.rows.filter((x) => x.id > id);
}

before(async () => {
  const dir = tempDir();
  db = newDb(dir, 'sec');
  for (const f of [TELANGANA, KERALA]) {
    const r = jjm(['import', 'villages', f, '--db', db, '--as-of', TODAY, '--commit', '--quiet']);
    assert.equal(r.status, 0, r.stdout);
  }
  addUser(db, 'admin', 'national_admin', 'IN');
  server = await startServer({ db });
  base = server.url;
  S.admin = await signIn(base, 'admin');
  // Places: Kerala > district > block > village with room (in scope), and
  // their Telangana counterparts (out of scope).
  const states = await children('IN', 'state');
  P.kerala = states.find((s) => s.name === 'Kerala').code;
  P.telangana = states.find((s) => s.name === 'Telangana').code;
  const kd = await children(P.kerala, 'district');
  P.district = kd[0].code;
  P.otherDistrict = kd[1].code;
  P.block = (await children(P.district, 'block'))[0].code;
  const kv = await children(P.block, 'village');
  P.village = kv.find((v) => v.total_hh - v.hh_with_tap > 50).code;
  P.village2 = kv.find((v) => v.code !== P.village && v.total_hh - v.hh_with_tap > 50)?.code ?? P.village;
  P.otherVillage = (await children(P.otherDistrict, 'village')).find((v) => v.total_hh - v.hh_with_tap > 50).code;
  const td = await children(P.telangana, 'district');
  P.tDistrict = td[0].code;
  P.tBlock = (await children(P.tDistrict, 'block'))[0].code;
  P.tVillage = (await children(P.tBlock, 'village'))[0].code;
  const users = [
    ['viewer', 'national_viewer', 'IN'],
    ['state', 'state_officer', P.kerala],
    ['district', 'district_officer', P.district],
    ['block', 'block_officer', P.block],
    ['vwsc', 'vwsc_operator', P.village],
  ];
  for (const [u, role, unit] of users) {
    const r = await api(base, '/api/v1/users', { method: 'POST', session: S.admin, body: { username: u, role, unit, password: 'correct horse 42' } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    S[u] = await signIn(base, u);
    assert.equal(S[u].status, 200);
  }
  const p = await api(base, '/api/v1/users', { method: 'POST', session: S.admin, body: { username: 'partner', role: 'partner_user', unit: 'IN', partner_id: 7, password: 'correct horse 42' } });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  S.partner = await signIn(base, 'partner');
  // A machine client: a district's own system with an API key.
  const m = await api(base, '/api/v1/users', { method: 'POST', session: S.admin, body: { username: 'district.system', role: 'district_officer', unit: P.district } });
  assert.equal(m.status, 201);
  const key = await api(base, '/api/v1/users/district.system/api-keys', { method: 'POST', session: S.admin, body: { label: 'district MIS push' } });
  assert.equal(key.status, 201);
  S.apikey = { cookie: '', csrf: '', bearer: key.body.key };
});

after(async () => { await server?.stop(); });

// A refusal: the status, its error code, and the field (null: none).
const refused = (r, status, label = '', field) => assertRefused(r, status, field, label);

// Calls as one of the sessions (or the public, for null).
function as(who, path, opts = {}) {
  const s = who ? S[who] : null;
  const headers = { ...(opts.headers ?? {}) };
  if (s?.bearer) headers.authorization = `Bearer ${s.bearer}`;
  return api(base, path, { ...opts, headers, session: s && !s.bearer ? s : undefined });
}

// An organisation's expression of interest, eligible under the default
// rules; `n` makes it a different organisation.
function application(n) {
  return {
    org_name: `Matrix Jal Trust ${n}`, org_type: 'trust',
    registration_numbers: [{ kind: 'NGO Darpan', number: `KL/2016/${String(700000 + n)}` }],
    years_of_work: 10, years_rural: 8, themes: ['water_sanitation_hygiene'], states: [P.kerala],
    past_projects: [{ title: 'Water safety plans', from_year: 2018, to_year: 2020, themes: ['water_sanitation_hygiene'], summary: 'Plans in 30 villages' }],
    contact: { name: `Contact ${n}`, designation: 'Director', email: `matrix${n}@example.org`, phone: '+91 98470 12345' },
  };
}

describe('authorisation matrix', () => {
  // The partner programme's routes need a round and a partner: one round
  // screened to a shortlist of one, and one round open to applications.
  const R = {};
  before(async () => {
    const day = (n) => new Date(Date.parse(TODAY) + n * 86400e3).toISOString().slice(0, 10);
    const round = await as('admin', '/api/v1/rounds', { method: 'POST', body: { name: 'matrix screened round', opens_on: TODAY, closes_on: day(5) } });
    assert.equal(round.status, 201, JSON.stringify(round.body));
    R.screened = round.body.id;
    const a = await as(null, `/api/v1/rounds/${R.screened}/applications`, { method: 'POST', body: application(0) });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const assigned = await as('admin', `/api/v1/rounds/${R.screened}/reviewers`, { method: 'POST', body: { reviewers: ['admin', 'viewer'] } });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    for (const who of ['admin', 'viewer']) {
      const r = await as(who, `/api/v1/applications/${a.body.id}/review`, { method: 'POST', body: { conflict: false, scores: { experience: 8, capacity: 8, reach: 8, approach: 8 } } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    assert.equal((await as('admin', `/api/v1/applications/${a.body.id}/moderation`, { method: 'POST', body: {} })).status, 200);
    assert.equal((await as('admin', `/api/v1/rounds/${R.screened}`, { method: 'PATCH', body: { closes_on: day(-1) } })).status, 200);
    const d = await as('admin', `/api/v1/rounds/${R.screened}/shortlist`, { method: 'POST' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    const partners = (await as('admin', '/api/v1/partners')).body.partners;
    assert.equal(partners.length, 1);
    R.partner = partners[0].id;
    assert.notEqual(R.partner, 7, "the partner user's organisation is another one");
    const open = await as('admin', '/api/v1/rounds', { method: 'POST', body: { name: 'matrix open round', opens_on: TODAY, closes_on: day(10) } });
    assert.equal(open.status, 201);
    R.open = open.body.id;
  });

  // Each cell: 'ok' passes the access check and succeeds with the case's
  // status `ok`; or the refusal's status, 401 or 403.
  const ROLES = ['admin', 'viewer', 'state', 'district', 'block', 'vwsc', 'partner', 'apikey', null];
  const cases = [
    { name: 'record a connection, in scope', ok: 201, req: () => ['POST', '/api/v1/connections', { village_code: P.village, date: TODAY, households: 1 }],
      want: { admin: 'ok', viewer: 403, state: 'ok', district: 'ok', block: 'ok', vwsc: 'ok', partner: 403, apikey: 'ok', null: 401 } },
    { name: 'record a connection, out of scope', ok: 201, req: () => ['POST', '/api/v1/connections', { village_code: P.tVillage, date: TODAY, households: -1, reason: 'matrix test: entered twice' }],
      want: { admin: 'ok', viewer: 403, state: 403, district: 403, block: 403, vwsc: 403, partner: 403, apikey: 403, null: 401 } },
    { name: 'record in a batch that strays out of scope', ok: 201, req: () => ['POST', '/api/v1/connections', { connections: [{ village_code: P.village, date: TODAY, households: 1 }, { village_code: P.otherVillage, date: TODAY, households: 1 }] }],
      want: { admin: 'ok', viewer: 403, state: 'ok', district: 403, block: 403, vwsc: 403, partner: 403, apikey: 403, null: 401 } },
    { name: 'read the audit of the district', ok: 200, req: () => ['GET', `/api/v1/audit?unit=${P.district}`],
      want: { admin: 'ok', viewer: 'ok', state: 'ok', district: 'ok', block: 403, vwsc: 403, partner: 403, apikey: 'ok', null: 401 } },
    { name: 'read the audit of another state', ok: 200, req: () => ['GET', `/api/v1/audit?unit=${P.telangana}`],
      want: { admin: 'ok', viewer: 'ok', state: 403, district: 403, block: 403, vwsc: 403, partner: 403, apikey: 403, null: 401 } },
    { name: 'read the audit of the village', ok: 200, req: () => ['GET', `/api/v1/audit?unit=${P.village}`],
      want: { admin: 'ok', viewer: 'ok', state: 'ok', district: 'ok', block: 'ok', vwsc: 'ok', partner: 403, apikey: 'ok', null: 401 } },
    { name: 'list users', ok: 200, req: () => ['GET', '/api/v1/users'],
      want: { admin: 'ok', viewer: 403, state: 'ok', district: 'ok', block: 403, vwsc: 403, partner: 403, apikey: 'ok', null: 401 } },
    { name: 'create a VWSC operator in scope', ok: 201, req: (who) => ['POST', '/api/v1/users', { username: `op.${who ?? 'anon'}.in`, role: 'vwsc_operator', unit: P.village2, password: 'correct horse 42' }],
      want: { admin: 'ok', viewer: 403, state: 'ok', district: 'ok', block: 403, vwsc: 403, partner: 403, apikey: 'ok', null: 401 } },
    { name: 'create a VWSC operator out of scope', ok: 201, req: (who) => ['POST', '/api/v1/users', { username: `op.${who ?? 'anon'}.out`, role: 'vwsc_operator', unit: P.tVillage, password: 'correct horse 42' }],
      want: { admin: 'ok', viewer: 403, state: 403, district: 403, block: 403, vwsc: 403, partner: 403, apikey: 403, null: 401 } },
    { name: 'create a state officer (own level or above)', ok: 201, req: (who) => ['POST', '/api/v1/users', { username: `st.${who ?? 'anon'}`, role: 'state_officer', unit: P.kerala, password: 'correct horse 42' }],
      want: { admin: 'ok', viewer: 403, state: 403, district: 403, block: 403, vwsc: 403, partner: 403, apikey: 403, null: 401 } },
    { name: 'disable a user in scope', ok: 200, req: () => ['PATCH', '/api/v1/users/vwsc', { disabled: false }],
      want: { admin: 'ok', viewer: 403, state: 'ok', district: 'ok', block: 403, vwsc: 'ok-self-refused', partner: 403, apikey: 'ok', null: 401 } },
    { name: 'reopen a month for a block in scope', ok: 201, req: () => ['POST', '/api/v1/periods/unlock', { unit: P.block, month: '2024-01', reason: 'matrix test reopening', hours: 1 }],
      want: { admin: 'ok', viewer: 403, state: 'ok', district: 'ok', block: 403, vwsc: 403, partner: 403, apikey: 'ok', null: 401 } },
    { name: 'reopen a month for a block out of scope', ok: 201, req: () => ['POST', '/api/v1/periods/unlock', { unit: P.tBlock, month: '2024-01', reason: 'matrix test reopening', hours: 1 }],
      want: { admin: 'ok', viewer: 403, state: 403, district: 403, block: 403, vwsc: 403, partner: 403, apikey: 403, null: 401 } },
    { name: 'read coverage (published)', ok: 200, req: () => ['GET', `/api/v1/coverage?parent=${P.telangana}`],
      want: { admin: 'ok', viewer: 'ok', state: 'ok', district: 'ok', block: 'ok', vwsc: 'ok', partner: 'ok', apikey: 'ok', null: 'ok' } },
    { name: 'open a round of expressions of interest', ok: 201, req: (who) => ['POST', '/api/v1/rounds', { name: `matrix round ${who}`, opens_on: TODAY, closes_on: TODAY }],
      want: { admin: 'ok', viewer: 403, state: 403, district: 403, block: 403, vwsc: 403, partner: 403, apikey: 403, null: 401 } },
    { name: 'apply to a round (public)', ok: 201, req: (who) => ['POST', `/api/v1/rounds/${R.open}/applications`, application(1 + ROLES.indexOf(who))],
      want: { admin: 'ok', viewer: 'ok', state: 'ok', district: 'ok', block: 'ok', vwsc: 'ok', partner: 'ok', apikey: 'ok', null: 'ok' } },
    { name: "read a round's applications", ok: 200, req: () => ['GET', `/api/v1/rounds/${R.screened}/applications`],
      want: { admin: 'ok', viewer: 'ok', state: 403, district: 403, block: 403, vwsc: 403, partner: 403, apikey: 403, null: 401 } },
    { name: 'list partners', ok: 200, req: () => ['GET', '/api/v1/partners'],
      want: { admin: 'ok', viewer: 'ok', state: 403, district: 403, block: 403, vwsc: 403, partner: 'ok', apikey: 403, null: 401 } },
    { name: "read another organisation's plans", ok: 200, req: () => ['GET', `/api/v1/partners/${R.partner}/plans`],
      want: { admin: 'ok', viewer: 'ok', state: 403, district: 403, block: 403, vwsc: 403, partner: 403, apikey: 403, null: 401 } },
    { name: "add a training for another organisation", req: () => ['POST', `/api/v1/partners/${R.partner}/trainings`, { kind: 'training' }],
      want: { admin: 403, viewer: 403, state: 403, district: 403, block: 403, vwsc: 403, partner: 403, apikey: 403, null: 401 } },
    { name: 'progress roll-ups', ok: 200, req: () => ['GET', '/api/v1/progress/rollup?by=theme'],
      want: { admin: 'ok', viewer: 'ok', state: 403, district: 403, block: 403, vwsc: 403, partner: 'ok', apikey: 403, null: 401 } },
    { name: 'villages trained (published)', ok: 200, req: () => ['GET', '/api/v1/trainings/coverage?level=state'],
      want: { admin: 'ok', viewer: 'ok', state: 'ok', district: 'ok', block: 'ok', vwsc: 'ok', partner: 'ok', apikey: 'ok', null: 'ok' } },
    { name: 'check a villages file (header only)', ok: 200, req: () => ['POST', '/api/v1/imports/villages/check', { file: `${VILLAGE_HEADER}\n` }],
      want: { admin: 'ok', viewer: 403, state: 'ok', district: 'ok', block: 403, vwsc: 403, partner: 403, apikey: 'ok', null: 401 } },
    { name: 'import a villages file (a dry run, header only)', ok: 200, req: () => ['POST', '/api/v1/imports/villages', { file: `${VILLAGE_HEADER}\n`, commit: false }],
      want: { admin: 'ok', viewer: 403, state: 'ok', district: 'ok', block: 403, vwsc: 403, partner: 403, apikey: 'ok', null: 401 } },
    { name: 'import a villages file deciding a name outside the state', ok: 200, req: () => ['POST', '/api/v1/imports/villages', { file: `${VILLAGE_HEADER}\n`, decisions: [{ level: 'district', parent_code: P.telangana, source_name: 'Elsewhere', code: P.tDistrict }] }],
      want: { admin: 'ok', viewer: 403, state: 403, district: 403, block: 403, vwsc: 403, partner: 403, apikey: 403, null: 401 } },
    { name: 'read my session', ok: 200, req: () => ['GET', '/api/v1/session'],
      want: { admin: 'ok', viewer: 'ok', state: 'ok', district: 'ok', block: 'ok', vwsc: 'ok', partner: 'ok', apikey: 'ok', null: 401 } },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      for (const who of ROLES) {
        const [method, path, body] = c.req(who);
        const r = await as(who, path, { method, body });
        const want = c.want[String(who)];
        const label = `${c.name}: ${who ?? 'signed out'} got ${r.status} ${JSON.stringify(r.body?.error ?? '')}`;
        if (want === 'ok') {
          assert.equal(r.status, c.ok, label);
        } else if (want === 'ok-self-refused') {
          // A VWSC operator may not manage even itself: 403.
          refused(r, 403, label);
        } else {
          refused(r, want, label);
        }
      }
    });
  }

  test("a village's ledger rows are shown only within scope", async () => {
    const v = P.village;
    assert.ok(Array.isArray((await as('vwsc', `/api/v1/units/${v}`)).body.recent_ledger));
    assert.ok(Array.isArray((await as('district', `/api/v1/units/${v}`)).body.recent_ledger));
    assert.equal((await as('district', `/api/v1/units/${P.tVillage}`)).body.recent_ledger, undefined);
    assert.equal((await as(null, `/api/v1/units/${v}`)).body.recent_ledger, undefined);
    assert.equal((await as('partner', `/api/v1/units/${v}`)).body.recent_ledger, undefined);
  });
});

test('audit trail', async (t) => {
  await t.test('every write leaves exactly one audit row with who, where, before and after', async () => {
    const writes = [
      ['connections.record', 'district', 'POST', '/api/v1/connections', { village_code: P.village, date: TODAY, households: 2 }],
      ['user.create', 'district', 'POST', '/api/v1/users', { username: 'audited.op', role: 'vwsc_operator', unit: P.village, password: 'correct horse 42' }],
      ['user.disable', 'district', 'PATCH', '/api/v1/users/audited.op', { disabled: true }],
      ['user.enable', 'district', 'PATCH', '/api/v1/users/audited.op', { disabled: false }],
      ['user.password', 'district', 'PATCH', '/api/v1/users/audited.op', { password: 'another horse 43' }],
      ['role.grant', 'state', 'POST', '/api/v1/users/audited.op/roles', { role: 'block_officer', unit: P.block }],
      ['session.revoke', 'state', 'DELETE', '/api/v1/users/audited.op/sessions', undefined],
      ['apikey.create', 'admin', 'POST', '/api/v1/users/audited.op/api-keys', { label: 'tablet app' }],
      ['period.unlock', 'state', 'POST', '/api/v1/periods/unlock', { unit: P.district, month: '2024-02', reason: 'late register from the district', hours: 2 }],
    ];
    for (const [action, who, method, path, body] of writes) {
      const since = await auditMax();
      const r = await as(who, path, { method, body });
      assert.ok(r.status >= 200 && r.status < 300, `${action}: ${r.status} ${JSON.stringify(r.body)}`);
      const rows = await auditSince(since);
      assert.equal(rows.length, 1, `${action} left ${rows.length} rows: ${JSON.stringify(rows)}`);
      assert.equal(rows[0].action, action);
      assert.equal(rows[0].actor, who === 'admin' ? 'admin' : who);
      assert.equal(rows[0].remote, '127.0.0.1');
      assert.ok(rows[0].after !== null || rows[0].before !== null, `${action} has before or after`);
      if (action === 'connections.record') {
        const v = P.village;
        assert.equal(rows[0].after[v].hh_with_tap, rows[0].before[v].hh_with_tap + 2);
        assert.equal(rows[0].after.events[0].households, 2);
        assert.match(rows[0].unit_path, new RegExp(`^IN/${P.kerala}/${P.district}/${P.block}/${v}$`));
      }
    }
    // Revoking the role and the key: one row each.
    const u = (await as('admin', '/api/v1/users/audited.op')).body;
    const roleId = u.roles.find((r) => r.role === 'block_officer').id;
    let since = await auditMax();
    assert.equal((await as('state', `/api/v1/users/audited.op/roles/${roleId}`, { method: 'DELETE' })).status, 200);
    assert.equal((await auditSince(since))[0].action, 'role.revoke');
    since = await auditMax();
    const keys = (await auditSince(0)).filter((r) => r.action === 'apikey.create' && r.entity_id === 'audited.op');
    assert.equal(keys.length, 1);
    // Sign-in and sign-out are recorded too.
    since = await auditMax();
    const s = await signIn(base, 'audited.op', 'another horse 43');
    assert.equal(s.status, 200);
    assert.equal((await api(base, '/api/v1/session', { method: 'DELETE', session: s })).status, 204);
    assert.deepEqual((await auditSince(since)).map((r) => r.action).reverse(), ['session.create', 'session.delete']);
  });

  await t.test('imports are audited, and the audit cannot be changed through the API', async () => {
    const rows = (await api(base, '/api/v1/audit?action=import&limit=10', { session: S.admin })).body.rows;
    assert.ok(rows.length >= 2, 'both file imports');
    assert.match(rows[0].actor, /^cli:/);
    assert.match(rows[0].after.source, /jjm_villages_(kerala|telangana)\.csv/);
    for (const m of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      refused(await as('admin', '/api/v1/audit', { method: m, body: m === 'DELETE' ? undefined : {} }), 405, m, null);
    }
    for (const statement of ['UPDATE audit SET actor = \'x\'', 'DELETE FROM audit']) {
      const q = sql(db, statement);
      assert.notEqual(q.status, 0, `${statement} must fail`);
      assert.match(q.stderr, /audit trail cannot be changed/);
    }
  });

  await t.test('changes to an account are filed under the place where it works', async () => {
    const rows = (await as('district', '/api/v1/audit?action=user.password&limit=10')).body.rows;
    assert.ok(rows.some((r) => r.entity_id === 'audited.op'), 'the district officer sees the password change of its operator');
    const renamed = await as('district', '/api/v1/users/audited.op', { method: 'PATCH', body: { display_name: 'Sita, pump operator' } });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.display_name, 'Sita, pump operator');
    const r = (await as('district', '/api/v1/audit?action=user.rename&limit=1')).body.rows[0];
    assert.equal(r.after.display_name, 'Sita, pump operator');
    assert.match(r.unit_path, new RegExp(`/${P.village}$`));
    const d = (await as('admin', '/api/v1/audit?action=user.disable&limit=1')).body.rows[0];
    assert.equal(d.after.disabled, true, 'booleans are booleans');
  });

  await t.test('scoped audit reading: a district officer sees its district only', async () => {
    const rows = (await as('district', '/api/v1/audit?limit=1000')).body.rows;
    assert.ok(rows.length > 0);
    for (const r of rows) {
      assert.ok(r.unit_path.startsWith(`IN/${P.kerala}/${P.district}`), r.unit_path);
    }
  });
});



describe('sessions', () => {
  test('the cookie is HttpOnly and SameSite=Strict; a write without the CSRF token is refused', async () => {
    const s = await signIn(base, 'block');
    assert.match(s.setCookie, /HttpOnly/);
    assert.match(s.setCookie, /SameSite=Strict/);
    assert.match(s.setCookie, /Path=\//);
    const body = { village_code: P.village, date: TODAY, households: 1 };
    const noToken = await api(base, '/api/v1/connections', { method: 'POST', body, headers: { cookie: s.cookie } });
    refused(noToken, 403, '', 'x-csrf-token');
    assert.equal(noToken.body.error.field, 'x-csrf-token');
    const other = await api(base, '/api/v1/connections', { method: 'POST', body, headers: { cookie: s.cookie, 'x-csrf-token': S.district.csrf } });
    refused(other, 403, "another session's token does not fit", 'x-csrf-token');
    // A form post from another site cannot send JSON, and is refused too.
    const form = await api(base, '/api/v1/connections', { method: 'POST', body: 'village_code=x', headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': s.csrf } });
    refused(form, 400, '', 'content-type');
    const ok = await api(base, '/api/v1/connections', { method: 'POST', body, session: s });
    assert.equal(ok.status, 201);
    // The page gets the token again after a reload.
    const again = await api(base, '/api/v1/session', { session: s });
    assert.equal(again.body.csrf_token, s.csrf);
  });

  test('signing out, a changed role, a new password and disabling end sessions at once', async () => {
    const make = async (name, role, unit) => {
      const r = await as('admin', '/api/v1/users', { method: 'POST', body: { username: name, role, unit, password: 'correct horse 42' } });
      assert.equal(r.status, 201);
      return signIn(base, name);
    };
    const a = await make('rev.a', 'block_officer', P.block);
    assert.equal((await api(base, '/api/v1/session', { method: 'DELETE', session: a })).status, 204);
    refused(await api(base, '/api/v1/session', { session: a }), 401, '', null);

    const b = await make('rev.b', 'block_officer', P.block);
    const role = (await as('admin', '/api/v1/users/rev.b')).body.roles[0].id;
    assert.equal((await as('district', `/api/v1/users/rev.b/roles/${role}`, { method: 'DELETE' })).status, 200);
    refused(await api(base, '/api/v1/session', { session: b }), 401, '', null);

    const c = await make('rev.c', 'block_officer', P.block);
    assert.equal((await as('district', '/api/v1/users/rev.c', { method: 'PATCH', body: { password: 'new horse 44x' } })).status, 200);
    refused(await api(base, '/api/v1/session', { session: c }), 401, '', null);
    refused(await signIn(base, 'rev.c'), 401, 'the old password is gone', 'password');
    assert.equal((await signIn(base, 'rev.c', 'new horse 44x')).status, 200);

    const d = await make('rev.d', 'block_officer', P.block);
    assert.equal((await as('district', '/api/v1/users/rev.d', { method: 'PATCH', body: { disabled: true } })).status, 200);
    refused(await api(base, '/api/v1/session', { session: d }), 401, '', null);
    refused(await signIn(base, 'rev.d'), 401, 'a disabled account cannot sign in', 'password');
  });

  test('a revoked API key stops working', async () => {
    const m = await as('admin', '/api/v1/users', { method: 'POST', body: { username: 'machine.two', role: 'district_officer', unit: P.district } });
    assert.equal(m.status, 201);
    const k = await as('admin', '/api/v1/users/machine.two/api-keys', { method: 'POST', body: { label: 'nightly push' } });
    const headers = { authorization: `Bearer ${k.body.key}` };
    assert.equal((await api(base, '/api/v1/session', { headers })).status, 200);
    assert.equal((await as('admin', `/api/v1/api-keys/${k.body.id}`, { method: 'DELETE' })).status, 204);
    refused(await api(base, '/api/v1/session', { headers }), 401, '', 'authorization');
    refused(await api(base, '/api/v1/session', { headers: { authorization: 'Bearer jjm_nope_nope' } }), 401, '', 'authorization');
  });

  test('no default passwords: a user without one cannot sign in', async () => {
    refused(await signIn(base, 'district.system', ''), 400, '', 'password');
    refused(await signIn(base, 'district.system', 'anything at all'), 401, '', 'password');
  });
});

describe('closed periods', () => {
  test('a closed month is refused until a higher level reopens it for the place', async () => {
    const body = (date) => ({ village_code: P.village, date, households: 1 });
    const r = await as('block', '/api/v1/connections', { method: 'POST', body: body('2024-03-05') });
    refused(r, 422, '', 'date');
    assert.equal(r.body.error.field, 'date');
    assert.match(r.body.error.message, /the month 2024-03 closed on 2024-04-07/);
    // The block officer may not reopen its own block; the district officer may.
    refused(await as('block', '/api/v1/periods/unlock', { method: 'POST', body: { unit: P.block, month: '2024-03', reason: 'late field register', hours: 1 } }), 403, '', 'unit');
    const u = await as('district', '/api/v1/periods/unlock', { method: 'POST', body: { unit: P.block, month: '2024-03', reason: 'late field register', hours: 1 } });
    assert.equal(u.status, 201);
    const open = await as('block', '/api/v1/connections', { method: 'POST', body: body('2024-03-05') });
    assert.ok(open.status === 201 || open.status === 422 && open.body.error.field !== 'date', JSON.stringify(open.body));
    const p = await as('block', `/api/v1/periods?unit=${P.block}`);
    assert.ok(p.body.unlocks.some((x) => x.month === '2024-03' && x.unit === P.block && x.granted_by === 'district'));
    refused(await as('district', '/api/v1/periods/unlock', { method: 'POST', body: { unit: P.block, month: MONTH, reason: 'this month is still open', hours: 1 } }), 422, '', 'month');
    refused(await as('district', '/api/v1/periods/unlock', { method: 'POST', body: { unit: P.block, month: '2024-03', reason: 'short', hours: 1 } }), 400, '', 'reason');
  });
});

describe('hardening', () => {
  test('oversized, malformed and deep bodies are refused and change nothing', async () => {
    const before = (await as('admin', '/api/v1/users')).body.users.length;
    const post = (body, extra = {}) => as('admin', '/api/v1/users', { method: 'POST', body, ...extra });
    refused(await post(JSON.stringify({ username: 'x'.repeat(9 << 20) })), 413, '', null);
    refused(await post('{"username": "a", '), 400, '', 'body');
    refused(await post('{"a":' + '['.repeat(100) + ']'.repeat(100) + '}'), 400, '', 'body');
    refused(await post({ username: 'ok.name', role: 'vwsc_operator', unit: P.village, password: 'short' }), 400, '', 'password');
    refused(await post({ username: 'Bad Name', role: 'vwsc_operator', unit: P.village }), 400, '', 'username');
    refused(await post({ username: 'ok.name', role: 'emperor', unit: P.village }), 400, '', 'role');
    refused(await post({ username: 'ok.name', role: 'vwsc_operator', unit: P.block }), 400, 'a VWSC role belongs to a village', 'unit');
    assert.equal((await as('admin', '/api/v1/users')).body.users.length, before);
    const big = await fetch(`${base}/api/v1/health`, { headers: { 'x-big': 'y'.repeat(40000) } }).catch((e) => e);
    assert.ok(big instanceof Error || big.status === 431, 'an oversized header is refused');
  });

  test('an internal error answers 500 without its text, and its text is logged', async () => {
    // A separate server whose database loses a table under it.
    const db5 = newDb(tempDir(), 'internal');
    addUser(db5, 'admin', 'national_admin', 'IN');
    const s5 = await startServer({ db: db5 });
    try {
      const admin5 = await signIn(s5.url, 'admin');
      const dropped = sql(db5, 'DROP TABLE period_unlock');
      assert.equal(dropped.status, 0, dropped.stderr);
      const r = await api(s5.url, '/api/v1/periods/unlock', { method: 'POST', session: admin5, body: { unit: 'IN', month: '2024-01', reason: 'a table went missing', hours: 1 } });
      assertRefused(r, 500, null);
      assert.equal(r.body.error.message, 'internal error; it has been logged');
      assert.doesNotMatch(r.text, /period_unlock|table|relation/);
      const logged = () => s5.output().split('\n').filter((l) => l.startsWith('error: internal: '));
      for (let i = 0; i < 20 && logged().length === 0; i++) await new Promise((res) => setTimeout(res, 50));
      assert.equal(logged().length, 1, s5.output());
      assert.match(logged()[0], /period_unlock/, 'the log says what failed');
    } finally {
      await s5.stop();
    }
  });

  test('a request that is not HTTP gets 400 and the connection closes', async () => {
    const url = new URL(base);
    const reply = await new Promise((resolve) => {
      const sock = connect(Number(url.port), url.hostname, () => sock.write('GARBAGE\r\n\r\n'));
      let data = '';
      sock.on('data', (d) => { data += d; });
      sock.on('close', () => resolve(data));
      sock.setTimeout(3000, () => sock.destroy());
    });
    assert.match(reply, /^HTTP\/1\.1 400/);
    assert.doesNotMatch(reply, /exception|what\(\)|boost/i, 'no internal error text');
  });

  test('security headers and no path traversal', async () => {
    for (const path of ['/', '/api/v1/health', '/api/v1/session']) {
      const r = await fetch(base + path);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    }
    for (const path of ['/assets/%2e%2e/%2e%2e/CMakeLists.txt', '/assets/..%2f..%2fsrc%2fcli%2fmain.cc', '/assets/node_modules/echarts/package.json', '/assets/.git/HEAD']) {
      assert.equal((await fetch(base + path)).status, 404, path);
    }
  });
});

describe('brute force', () => {
  test('an account locks after five wrong passwords, for longer each time; an address after twenty', async () => {
    // A separate server, so that its address lock does not touch the rest.
    const dir = tempDir();
    const db2 = newDb(dir, 'lock');
    addUser(db2, 'admin', 'national_admin', 'IN');
    addUser(db2, 'target', 'national_viewer', 'IN');
    const s2 = await startServer({ db: db2 });
    try {
      for (let i = 0; i < 4; i++) {
        refused(await signIn(s2.url, 'target', 'wrong password!'), 401, '', 'password');
      }
      const startedLock = Date.now();
      const fifth = await signIn(s2.url, 'target', 'wrong password!');
      refused(fifth, 429, 'the fifth failure locks and says so', 'password');
      assert.match(fifth.body.error.message, /wrong username or password; .* locked until/);
      // Whose lock and until when, as fields of their own (ISO-8601 UTC):
      // the first lock lasts 15 minutes.
      const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
      assert.equal(fifth.body.error.lock, 'account');
      assert.match(fifth.body.error.locked_until, ISO_UTC);
      const lockMs = Date.parse(fifth.body.error.locked_until) - startedLock;
      assert.ok(lockMs > 14 * 60e3 && lockMs <= 15 * 60e3 + 5e3, `${lockMs} ms`);
      const locked = await signIn(s2.url, 'target');
      refused(locked, 429, 'even the right password waits', null);
      assert.match(locked.body.error.message, /locked .* until \d{4}-\d{2}-\d{2}T/);
      assert.equal(locked.body.error.lock, 'account');
      assert.equal(locked.body.error.locked_until, fifth.body.error.locked_until);
      assert.ok(locked.body.error.message.includes(locked.body.error.locked_until), 'the message says the same time');
      const admin2 = await signIn(s2.url, 'admin');
      assert.equal(admin2.status, 200);
      const view = await api(s2.url, '/api/v1/users/target', { session: admin2 });
      assert.equal(view.body.locked_until, fifth.body.error.locked_until);
      assert.equal((await api(s2.url, '/api/v1/users/target', { method: 'PATCH', session: admin2, body: { clear_lock: true } })).status, 200);
      assert.equal((await signIn(s2.url, 'target')).status, 200);
      // Twenty failures from one address, on any usernames, stop that address.
      const startedBlock = Date.now();
      for (let i = 0; i < 20; i++) {
        const r = await signIn(s2.url, `nobody${i}`, 'wrong password!');
        assert.equal(r.body.error.lock, undefined, 'a plain wrong password is no lock');
        assert.equal(r.body.error.locked_until, undefined);
      }
      const blocked = await signIn(s2.url, 'admin');
      refused(blocked, 429, '', null);
      assert.match(blocked.body.error.message, /too many failed sign-ins from this address/);
      // The address's lock ends 15 minutes after the oldest of the twenty.
      assert.equal(blocked.body.error.lock, 'address');
      assert.match(blocked.body.error.locked_until, ISO_UTC);
      const blockMs = Date.parse(blocked.body.error.locked_until) - startedBlock;
      assert.ok(blockMs > 14 * 60e3 && blockMs <= 15 * 60e3 + 5e3, `${blockMs} ms`);
      assert.ok(blocked.body.error.message.includes(blocked.body.error.locked_until));
    } finally {
      await s2.stop();
    }
  });

  test('behind a trusted proxy each client address counts on its own; from others X-Forwarded-For is ignored', async () => {
    const dir = tempDir();
    const db4 = newDb(dir, 'proxy');
    addUser(db4, 'admin', 'national_admin', 'IN');
    const signInFrom = (url, xff, username, password) => fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': xff },
      body: JSON.stringify({ username, password }),
    });
    await assert.rejects(startServer({ db: db4, args: ['--trusted-proxy', 'not-an-address'] }),
      /trusted proxy 'not-an-address' is not an IP address/);
    const s4 = await startServer({ db: db4, args: ['--trusted-proxy', '127.0.0.1'] });
    try {
      // The proxy appends the client's address last; what the client put
      // before it is not believed.
      for (let i = 0; i < 20; i++) {
        const r = await signInFrom(s4.url, `198.51.100.7, 203.0.113.5`, `nobody${i}`, 'wrong password!');
        assert.equal(r.status, 401);
        assert.equal((await r.json()).error.code, 'unauthenticated');
      }
      const limited = await signInFrom(s4.url, '203.0.113.5', 'admin', 'correct horse 42');
      assert.equal(limited.status, 429);
      assert.equal((await limited.json()).error.code, 'resource_exhausted');
      assert.equal((await signInFrom(s4.url, '203.0.113.6', 'admin', 'correct horse 42')).status, 200);
      assert.equal((await signInFrom(s4.url, '198.51.100.7', 'admin', 'correct horse 42')).status, 200);
      const admin = await signIn(s4.url, 'admin');
      const audit = await api(s4.url, '/api/v1/audit?limit=50', { session: admin });
      assert.ok(audit.body.rows.some((x) => x.remote === '203.0.113.6'), JSON.stringify(audit.body.rows.map((x) => x.remote)));
    } finally {
      await s4.stop();
    }
    // Without --trusted-proxy the header changes nothing: the peer is 127.0.0.1.
    const s5 = await startServer({ db: db4 });
    try {
      const r = await signInFrom(s5.url, '203.0.113.9', 'admin', 'correct horse 42');
      assert.equal(r.status, 200);
      const admin = await signIn(s5.url, 'admin');
      const audit = await api(s5.url, '/api/v1/audit?limit=5', { session: admin });
      assert.ok(!audit.body.rows.some((x) => x.remote === '203.0.113.9'));
      assert.ok(audit.body.rows.some((x) => x.remote === '127.0.0.1'));
    } finally {
      await s5.stop();
    }
  });

  test('a session ends when it expires', async () => {
    const dir = tempDir();
    const db3 = newDb(dir, 'expiry');
    addUser(db3, 'brief', 'national_viewer', 'IN');
    const s3 = await startServer({ db: db3, args: ['--session-minutes', '0.04'] });
    try {
      const s = await signIn(s3.url, 'brief');
      assert.equal((await api(s3.url, '/api/v1/session', { session: s })).status, 200);
      await new Promise((r) => setTimeout(r, 3500));
      refused(await api(s3.url, '/api/v1/session', { session: s }), 401, '', null);
    } finally {
      await s3.stop();
    }
  });
});
