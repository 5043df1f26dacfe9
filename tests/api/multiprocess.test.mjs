// Several processes on one database: two jjm serve processes see each
// other's writes within a second, their checks see each other's writes at
// once, and an import from the command line shows in a running server.  A
// killed import (or, on PostgreSQL, a killed database server) leaves
// nothing half-written, and the import can be run again.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';

import { jjm, tempDir, startServer, api, addUser, signIn, newDb, sql, BIN, PG, SHARED, assertRefused } from '../lib/jjm.mjs';

const KERALA = join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv');
const TODAY = new Date(Date.now() + 5.5 * 3600e3).toISOString().slice(0, 10);
const national = async (base) => (await api(base, '/api/v1/coverage?level=state')).body.total.hh_with_tap;

async function waitFor(fn, ms = 3000) {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await fn()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 25));
  }
  return -1;
}

describe('two jjm serve processes on one database', () => {
  let db;
  let a;
  let b;
  let village;
  before(async () => {
    db = newDb(tempDir(), 'two');
    const r = jjm(['import', 'villages', KERALA, '--db', db, '--as-of', TODAY, '--commit', '--quiet']);
    assert.equal(r.status, 0, r.stdout);
    addUser(db, 'admin', 'national_admin', 'IN');
    a = await startServer({ db });
    b = await startServer({ db });
    const rows = (await api(a.url, '/api/v1/coverage?level=village&parent=IN')).body.rows;
    village = rows.find((v) => v.total_hh - v.hh_with_tap > 100);
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
  });

  test('a connection recorded through one shows in the other within a second', async () => {
    const sa = await signIn(a.url, 'admin');
    const sb = await signIn(b.url, 'admin');
    const before = await national(b.url);
    const w = await api(a.url, '/api/v1/connections', { method: 'POST', session: sa, body: { village_code: village.code, date: TODAY, households: 3 } });
    assert.equal(w.status, 201);
    const took = await waitFor(async () => (await national(b.url)) === before + 3, 1000);
    assert.ok(took >= 0, 'B shows A\'s write within a second');
    const w2 = await api(b.url, '/api/v1/connections', { method: 'POST', session: sb, body: { village_code: village.code, date: TODAY, households: 4 } });
    assert.equal(w2.status, 201);
    assert.ok(await waitFor(async () => (await national(a.url)) === before + 7, 1000) >= 0, 'and back');
  });

  test('failed sign-ins from one address count together, whichever process took them', async () => {
    const dir = tempDir();
    const db2 = newDb(dir, 'limits');
    addUser(db2, 'admin', 'national_admin', 'IN');
    const args = ['--trusted-proxy', '127.0.0.1'];
    const p = await startServer({ db: db2, args });
    const q = await startServer({ db: db2, args });
    try {
      const from = (url, xff, username, password) => fetch(`${url}/api/v1/session`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': xff },
        body: JSON.stringify({ username, password }),
      });
      // A refusal read from a fetch answer: the status and its error code.
      const refused = async (res, status, field) => assertRefused({ status: res.status, body: await res.json() }, status, field);
      for (let i = 0; i < 10; i++) {
        await refused(await from(p.url, '192.0.2.44', `nobody${i}`, 'wrong password!'), 401, 'password');
        await refused(await from(q.url, '192.0.2.44', `nobody${i}`, 'wrong password!'), 401, 'password');
      }
      await refused(await from(p.url, '192.0.2.44', 'admin', 'correct horse 42'), 429, null);
      await refused(await from(q.url, '192.0.2.44', 'admin', 'correct horse 42'), 429, null);
      assert.equal((await from(q.url, '192.0.2.45', 'admin', 'correct horse 42')).status, 200);
    } finally {
      await p.stop();
      await q.stop();
    }
    // A restarted process remembers them.
    const r = await startServer({ db: db2, args });
    try {
      const res = await fetch(`${r.url}/api/v1/session`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.44' },
        body: JSON.stringify({ username: 'admin', password: 'correct horse 42' }),
      });
      assertRefused({ status: res.status, body: await res.json() }, 429, null);
    } finally {
      await r.stop();
    }
  });

  test('accounts are shared: a sign-in, a new user, a disabled user, a sign-out and a revoked key through one hold on the other', async () => {
    const sa = await signIn(a.url, 'admin');
    // At once, without waiting: B looks up a session it does not know.
    assert.equal((await api(b.url, '/api/v1/session', { session: sa })).status, 200,
      'a session made through A is good on B');
    const made = await api(a.url, '/api/v1/users', {
      method: 'POST', session: sa,
      body: { username: 'dist.officer', password: 'district pass 42', role: 'national_viewer', unit: 'IN' },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const viaB = await signIn(b.url, 'dist.officer', 'district pass 42');
    assert.equal(viaB.status, 200, 'a user made through A signs in on B at once');
    assert.equal((await api(b.url, '/api/v1/session', { session: viaB })).status, 200);
    // Disabled through A: B refuses the session within a second.
    const off = await api(a.url, '/api/v1/users/dist.officer', { method: 'PATCH', session: sa, body: { disabled: true } });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.ok(await waitFor(async () => (await api(b.url, '/api/v1/session', { session: viaB })).status === 401, 1000) >= 0,
      'B ends the disabled user\'s session within a second');
    assertRefused(await signIn(b.url, 'dist.officer', 'district pass 42'), 401, 'password');
    // B's own view of the user agrees.
    const sb = await signIn(b.url, 'admin');
    assert.equal((await api(b.url, '/api/v1/users/dist.officer', { session: sb })).body.disabled, true);
    // A display name changed through B keeps A's disabling (no lost update).
    const renamed = await api(b.url, '/api/v1/users/dist.officer', { method: 'PATCH', session: sb, body: { display_name: 'District Officer' } });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    const seen = (await api(a.url, '/api/v1/users/dist.officer', { session: sa })).body;
    assert.equal(seen.disabled, true);
    assert.ok(await waitFor(async () => (await api(a.url, '/api/v1/users/dist.officer', { session: sa })).body.display_name === 'District Officer', 1000) >= 0);
    // Signed out through B: A refuses that session within a second.
    const sb2 = await signIn(b.url, 'admin');
    assert.equal((await api(a.url, '/api/v1/session', { session: sb2 })).status, 200);
    assert.equal((await api(b.url, '/api/v1/session', { method: 'DELETE', session: sb2 })).status, 204);
    assert.ok(await waitFor(async () => (await api(a.url, '/api/v1/session', { session: sb2 })).status === 401, 1000) >= 0,
      'A ends a session signed out through B within a second');
    // An API key made through A works on B at once; revoked through B, A refuses it.
    const key = await api(a.url, '/api/v1/users/admin/api-keys', { method: 'POST', session: sa, body: { label: 'field app' } });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    const withKey = (url) => api(url, '/api/v1/session', { headers: { authorization: `Bearer ${key.body.key}` } });
    assert.equal((await withKey(b.url)).status, 200);
    assert.equal((await api(b.url, `/api/v1/api-keys/${key.body.id}`, { method: 'DELETE', session: sb })).status, 204);
    assert.ok(await waitFor(async () => (await withKey(a.url)).status === 401, 1000) >= 0);
  });

  test('checks see the other process\'s writes at once: no village gets more taps than households', async () => {
    const sa = await signIn(a.url, 'admin');
    const sb = await signIn(b.url, 'admin');
    const v = (await api(a.url, `/api/v1/units/${village.code}`, { session: sa })).body;
    const row = (await api(a.url, `/api/v1/coverage?parent=${v.parent.code}&level=village`)).body.rows.find((x) => x.code === village.code);
    const room = row.total_hh - row.hh_with_tap;
    const half = Math.floor(room / 2) + 1; // two halves are more than the room
    const [ra, rb] = await Promise.all([
      api(a.url, '/api/v1/connections', { method: 'POST', session: sa, body: { village_code: village.code, date: TODAY, households: half } }),
      api(b.url, '/api/v1/connections', { method: 'POST', session: sb, body: { village_code: village.code, date: TODAY, households: half } }),
    ]);
    const statuses = [ra.status, rb.status].sort();
    assert.deepEqual(statuses, [201, 422], JSON.stringify([ra.body, rb.body]));
    assertRefused(ra.status === 422 ? ra : rb, 422, 'households');
    await waitFor(async () => false, 400);
    const ca = (await api(a.url, `/api/v1/coverage?parent=${v.parent.code}&level=village`)).body.rows.find((x) => x.code === village.code);
    const cb = (await api(b.url, `/api/v1/coverage?parent=${v.parent.code}&level=village`)).body.rows.find((x) => x.code === village.code);
    assert.equal(ca.hh_with_tap, row.hh_with_tap + half);
    assert.equal(cb.hh_with_tap, ca.hh_with_tap);
    assert.ok(ca.hh_with_tap <= ca.total_hh);
  });

  test('an import from the command line shows in the running servers', async () => {
    const before = await national(a.url);
    const file = join(tempDir(), 'c.csv');
    spawnSync('sh', ['-c', `printf 'village_code,date,count\\n${village.code},${TODAY},2\\n' > ${file}`]);
    const r = jjm(['import', 'connections', file, '--db', db, '--commit', '--quiet']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.ok(await waitFor(async () => (await national(a.url)) === before + 2 && (await national(b.url)) === before + 2, 1500) >= 0);
  });
});

// The villages and re-surveys of a generated folder: everything but the
// ledger.
function loadVillages(gen, db) {
  const manifest = readFileSync(join(gen, 'manifest.txt'), 'utf8').split('\n')
    .filter((l) => l.startsWith('villages '));
  for (const line of manifest) {
    const [, file, date] = line.split(' ');
    const r = jjm(['import', 'villages', join(gen, file), '--db', db, '--as-of', date, '--commit', '--quiet', '--closed-periods', 'test']);
    assert.equal(r.status, 0, r.stdout);
  }
}

function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

describe('an interrupted import leaves nothing half-written', () => {
  test('killing the import process', async () => {
    const dir = tempDir();
    const gen = join(dir, 'gen');
    assert.equal(jjm(['generate', '--scale', '0.2', '--out', gen]).status, 0);
    const db = newDb(dir, 'killed');
    loadVillages(gen, db);
    const count = () => Number(sql(db, 'SELECT COUNT(*) FROM tap_event').stdout.trim());
    const baseline = count();
    const proc = spawn(BIN, ['import', 'connections', join(gen, 'connections.csv'), '--db', db, '--commit', '--quiet', '--closed-periods', 'test']);
    const exited = new Promise((r) => proc.on('exit', (code, signal) => r(signal ?? code)));
    await new Promise((r) => setTimeout(r, 500));
    proc.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL', 'the import was still running when killed');
    assert.equal(count(), baseline, 'nothing of the killed import is in the store');
    const again = jjm(['import', 'connections', join(gen, 'connections.csv'), '--db', db, '--commit', '--quiet', '--closed-periods', 'test']);
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.ok(count() > baseline);
  });

  test('stopping the PostgreSQL server during an import', { skip: PG ? false : 'runs on PostgreSQL' }, async () => {
    // A server of its own, so that stopping it touches nothing else.
    const bin = spawnSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1'], { encoding: 'utf8' }).stdout.trim();
    const dir = mkdtempSync(join(tmpdir(), 'jjm-pgkill-'));
    chmodSync(dir, 0o755);
    const asPg = process.getuid() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
    if (asPg.length) spawnSync('chown', ['postgres', dir]);
    const run = (cmd, args) => spawnSync(asPg[0] ?? cmd, asPg.length ? [...asPg.slice(1), cmd, ...args] : args, { encoding: 'utf8' });
    assert.equal(run(`${bin}/initdb`, ['-D', `${dir}/data`, '-A', 'trust', '-U', 'postgres', '--no-sync']).status, 0);
    const port = await freePort();
    const start = () => run(`${bin}/pg_ctl`, ['-D', `${dir}/data`, '-l', `${dir}/log`, '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
    assert.equal(start().status, 0);
    try {
      const url = `postgresql://postgres@127.0.0.1:${port}`;
      spawnSync('psql', [`${url}/postgres`, '-c', 'CREATE DATABASE killed']);
      const db = `${url}/killed`;
      const gen = join(tempDir(), 'gen');
      assert.equal(jjm(['generate', '--scale', '0.2', '--out', gen]).status, 0);
      loadVillages(gen, db);
      const count = () => Number(sql(db, 'SELECT COUNT(*) FROM tap_event').stdout.trim());
      const baseline = count();
      const proc = spawn(BIN, ['import', 'connections', join(gen, 'connections.csv'), '--db', db, '--commit', '--quiet', '--closed-periods', 'test']);
      const exited = new Promise((r) => proc.on('exit', (code) => r(code)));
      let out = '';
      proc.stdout.on('data', (d) => { out += d; });
      proc.stderr.on('data', (d) => { out += d; });
      await new Promise((r) => setTimeout(r, 300));
      run(`${bin}/pg_ctl`, ['-D', `${dir}/data`, '-m', 'immediate', 'stop']);
      const code = await exited;
      assert.notEqual(code, 0, `the import fails: ${out}`);
      assert.equal(start().status, 0);
      assert.equal(count(), baseline, 'nothing partial was committed');
      const again = jjm(['import', 'connections', join(gen, 'connections.csv'), '--db', db, '--commit', '--quiet', '--closed-periods', 'test']);
      assert.equal(again.status, 0, again.stdout + again.stderr);
      const rows = Number(spawnSync('sh', ['-c', `tail -n +2 ${join(gen, 'connections.csv')} | wc -l`], { encoding: 'utf8' }).stdout.trim());
      assert.equal(count(), baseline + rows, 'every row once');
    } finally {
      run(`${bin}/pg_ctl`, ['-D', `${dir}/data`, '-m', 'immediate', 'stop']);
      spawnSync('rm', ['-rf', dir]);
    }
  });
});
