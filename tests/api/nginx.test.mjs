// The deployment the README describes: deploy/nginx/jjm.conf in front of
// two jjm serve processes on one database.  The page, sign-in and writes
// work through nginx whichever process takes each request; the audit trail
// records the client's address as nginx saw it, not what the client
// claims; when one process stops, nginx serves from the other.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';

import { jjm, tempDir, startServer, api, addUser, signIn, newDb, REPO, SHARED } from '../lib/jjm.mjs';

const KERALA = join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv');
const TODAY = new Date(Date.now() + 5.5 * 3600e3).toISOString().slice(0, 10);

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(fn, ms = 5000) {
  const start = Date.now();
  while (Date.now() - start < ms) {
    try {
      if (await fn()) return true;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('two jjm processes behind nginx with deploy/nginx/jjm.conf', () => {
  let dir;
  let a;
  let b;
  let nginx;
  let front;
  let village;

  before(async () => {
    dir = tempDir();
    const db = newDb(dir, 'behind');
    const r = jjm(['import', 'villages', KERALA, '--db', db, '--as-of', TODAY, '--commit', '--quiet']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    addUser(db, 'admin', 'national_admin', 'IN');
    const args = ['--trusted-proxy', '127.0.0.1'];
    a = await startServer({ db, args });
    b = await startServer({ db, args });

    // The shipped file, with this run's addresses put in its marked lines.
    const port = await freePort();
    const upstreams = [a.url, b.url].map((u) => `    server ${u.replace('http://', '')};`).join('\n');
    const site = readFileSync(join(REPO, 'deploy', 'nginx', 'jjm.conf'), 'utf8')
      .replace(/^.*# jjm-upstream\n/m, `${upstreams}\n`)
      .replace(/^.*# jjm-upstream\n/m, '')
      .replace(/^.*# jjm-listen$/m, `    listen 127.0.0.1:${port};`);
    assert.ok(!site.includes('jjm-upstream') && !site.includes('jjm-listen'), site);
    const ngx = join(dir, 'nginx');
    mkdirSync(join(ngx, 'tmp'), { recursive: true });
    writeFileSync(join(ngx, 'jjm.conf'), site);
    writeFileSync(join(ngx, 'nginx.conf'), `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1; daemon off; pid ${ngx}/nginx.pid; error_log ${ngx}/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${ngx}/tmp/body; proxy_temp_path ${ngx}/tmp/proxy;
  fastcgi_temp_path ${ngx}/tmp/fcgi; uwsgi_temp_path ${ngx}/tmp/uwsgi; scgi_temp_path ${ngx}/tmp/scgi;
  include ${ngx}/jjm.conf;
}
`);
    nginx = spawn('nginx', ['-p', ngx, '-c', join(ngx, 'nginx.conf')], { stdio: ['ignore', 'inherit', 'inherit'] });
    process.on('exit', () => { try { nginx.kill('SIGKILL'); } catch { /* gone */ } });
    front = `http://127.0.0.1:${port}`;
    assert.ok(await waitFor(async () => (await fetch(`${front}/api/v1/health`)).ok),
      `nginx did not start: ${(() => { try { return readFileSync(join(ngx, 'error.log'), 'utf8'); } catch { return ''; } })()}`);
    const rows = (await api(front, '/api/v1/coverage?level=village&parent=IN')).body.rows;
    village = rows.find((v) => v.total_hh - v.hh_with_tap > 100);
    assert.ok(village);
  });

  after(async () => {
    nginx?.kill('SIGTERM');
    await a?.stop();
    await b?.stop();
  });

  test('the page, a sign-in and writes through nginx, whichever process answers', async () => {
    const page = await fetch(`${front}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    const admin = await signIn(front, 'admin');
    assert.equal(admin.status, 200);
    const before = (await api(a.url, '/api/v1/coverage?level=state')).body.total.hh_with_tap;
    // Round robin between the two: the session made through one is good on
    // the other, and each write is checked against the other's.
    for (let i = 0; i < 6; i++) {
      const w = await api(front, '/api/v1/connections', {
        method: 'POST', session: admin,
        body: { village_code: village.code, date: TODAY, households: 1 },
      });
      assert.equal(w.status, 201, JSON.stringify(w.body));
    }
    for (const s of [a, b]) {
      assert.ok(await waitFor(async () => (await api(s.url, '/api/v1/coverage?level=state')).body.total.hh_with_tap === before + 6, 2000),
        `${s.url} shows all six`);
    }
  });

  test('the audit trail keeps the address nginx saw, not the one a client claims', async () => {
    const admin = await signIn(front, 'admin');
    const w = await fetch(`${front}/api/v1/connections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'x-forwarded-for': '203.0.113.99' },
      body: JSON.stringify({ village_code: village.code, date: TODAY, households: 1, reason: 'through nginx' }),
    });
    assert.equal(w.status, 201);
    const audit = await api(front, '/api/v1/audit?limit=20', { session: admin });
    assert.equal(audit.status, 200);
    assert.ok(audit.body.rows.length > 0);
    assert.ok(audit.body.rows.every((x) => x.remote !== '203.0.113.99'), JSON.stringify(audit.body.rows.map((x) => x.remote)));
    assert.ok(audit.body.rows.some((x) => x.remote === '127.0.0.1'));
  });

  test('when one process stops, nginx serves from the other', async () => {
    await a.stop();
    for (let i = 0; i < 6; i++) {
      const r = await api(front, '/api/v1/coverage?level=state');
      assert.equal(r.status, 200);
      assert.ok(r.body.total.hh_with_tap > 0);
    }
    const admin = await signIn(front, 'admin');
    assert.equal(admin.status, 200);
  });
});
