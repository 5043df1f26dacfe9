// Acknowledged means on disk.  On SQLite every response that acknowledges a
// write, and the import's "committed", come after a sync of the WAL that
// holds the write (strace shows the order of the system calls); on
// PostgreSQL `jjm serve` names any server setting that makes commits not
// durable (the test server runs with fsync=off).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { jjm, tempDir, newDb, startServer, api, addUser, signIn, SHARED, PG, BIN } from '../lib/jjm.mjs';

const KERALA = join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv');
// A date in a month still open (months close on the 7th of the next).
const YESTERDAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const TRACE = ['-f', '-y', '-s', '2000', '-e', 'trace=fsync,fdatasync,write,pwrite64,writev,sendmsg,sendto'];

// Reads an `strace -f -y` log and follows, call by call, whether a SQLite
// journal file (-wal, -journal) holds bytes written since its last sync.
// Returns the acknowledgements (writes matching `ackPattern`) and how many
// of them were sent while a journal held unsynced bytes.
function checkOrder(traceText, ackPattern) {
  const dirty = new Set();
  const pending = new Map(); // pid -> the call a `resumed` line finishes
  let acks = 0;
  let early = 0;
  let syncs = 0;
  const journal = (s) => { const m = s.match(/^\d+<([^>]*-(?:wal|journal))>/); return m ? m[1] : null; };
  for (const line of traceText.split('\n')) {
    const m = line.match(/^(\d+)\s+(.*)$/);
    if (!m) continue;
    const [, pid, rest] = m;
    const resumed = rest.match(/^<\.\.\. (\w+) resumed>/);
    if (resumed) {
      const call = pending.get(pid);
      pending.delete(pid);
      if (call && (call.name === 'fsync' || call.name === 'fdatasync') && call.file && /= 0$/.test(rest)) {
        dirty.delete(call.file);
        syncs += 1;
      }
      continue;
    }
    const c = rest.match(/^(\w+)\((.*)$/);
    if (!c) continue;
    const [, name, args] = c;
    const file = journal(args);
    const finished = !/<unfinished \.\.\.>$/.test(rest);
    if (name === 'fsync' || name === 'fdatasync') {
      if (finished) {
        if (file && /= 0$/.test(rest)) { dirty.delete(file); syncs += 1; }
      } else {
        pending.set(pid, { name, file });
      }
      continue;
    }
    // A write counts from its start: its bytes are not synced until a sync
    // that starts after it finishes.
    if (file && (name === 'write' || name === 'pwrite64')) {
      dirty.add(file);
    } else if (ackPattern.test(args)) {
      acks += 1;
      if (dirty.size > 0) early += 1;
    }
    if (!finished) pending.set(pid, { name, file });
  }
  return { acks, early, syncs };
}

function strace(trace, argv) {
  const r = spawnSync('strace', ['-o', trace, ...TRACE, ...argv], { encoding: 'utf8', timeout: 300_000 });
  if (r.error) throw r.error;
  return r;
}

test('the import reports "committed" only after the WAL is synced', { skip: PG ? 'SQLite only' : false }, () => {
  const dir = tempDir();
  const db = newDb(dir, 'durable-import');
  const trace = join(dir, 'import.trace');
  const r = strace(trace, [BIN, 'import', 'villages', KERALA, '--db', db, '--as-of', '2024-01-01',
    '--commit', '--create-missing', '--closed-periods', 'tests load history']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /committed in/);
  const order = checkOrder(readFileSync(trace, 'utf8'), /committed in/);
  assert.equal(order.acks, 1, 'one "committed" line in the trace');
  assert.ok(order.syncs >= 1, 'the WAL was synced');
  assert.equal(order.early, 0, '"committed" was printed before the WAL was synced');
});

// Records 20 single connections and 5 batches, one request at a time, with
// the server under strace; returns what checkOrder finds.
async function acknowledgedWrites(mode, { parallel = 0 } = {}) {
  const dir = tempDir();
  const db = newDb(dir, `durable-${mode}`);
  let r = jjm(['import', 'villages', KERALA, '--db', db, '--as-of', '2024-01-01', '--commit', '--create-missing', '--closed-periods', 'tests load history']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  addUser(db, 'admin', 'national_admin', 'IN');
  const trace = join(dir, 'serve.trace');
  const server = await startServer({ db, args: ['--sqlite-synchronous', mode], wrap: ['strace', '-o', trace, ...TRACE] });
  try {
    const warned = /warning: SQLite runs with synchronous=NORMAL/.test(server.output());
    assert.equal(warned, mode === 'normal', server.output());
    const admin = await signIn(server.url, 'admin');
    assert.equal(admin.status, 200, JSON.stringify(admin.body));
    const k = (await api(server.url, '/api/v1/units?q=Kerala&level=state')).body.results[0];
    const rows = (await api(server.url, `/api/v1/coverage?parent=${k.code}&level=village`)).body.rows;
    const village = rows.find((v) => v.total_hh - v.hh_with_tap > 100);
    assert.ok(village);
    if (parallel) {
      // `parallel` clients at once, 10 requests each: the committer groups
      // them, one sync per group.
      await Promise.all(Array.from({ length: parallel }, async () => {
        for (let i = 0; i < 10; i++) {
          const w = await api(server.url, '/api/v1/connections', {
            method: 'POST', session: admin, body: { village_code: village.code, date: YESTERDAY, households: 1 },
          });
          assert.equal(w.status, 201, JSON.stringify(w.body));
        }
      }));
    }
    for (let i = 0; i < (parallel ? 0 : 20); i++) {
      const w = await api(server.url, '/api/v1/connections', {
        method: 'POST', session: admin, body: { village_code: village.code, date: YESTERDAY, households: 1 },
      });
      assert.equal(w.status, 201, JSON.stringify(w.body));
    }
    for (let i = 0; i < (parallel ? 0 : 5); i++) {
      const w = await api(server.url, '/api/v1/connections', {
        method: 'POST', session: admin,
        body: { connections: [1, 2].map(() => ({ village_code: village.code, date: YESTERDAY, households: 1 })) },
      });
      assert.equal(w.status, 201, JSON.stringify(w.body));
    }
  } finally {
    await server.stop();
  }
  return checkOrder(readFileSync(trace, 'utf8'), /HTTP\/1\.1 201/);
}

test('every 201 follows a sync of the WAL that holds its rows', { skip: PG ? 'SQLite only' : false }, async (t) => {
  const order = await acknowledgedWrites('full');
  t.diagnostic(JSON.stringify(order));
  assert.ok(order.acks >= 25, `25 acknowledgements traced, saw ${order.acks}`);
  assert.equal(order.early, 0, `${order.early} of ${order.acks} acknowledgements were sent before their WAL sync`);
});

test('the check sees the difference: with synchronous=NORMAL writes are acknowledged unsynced', { skip: PG ? 'SQLite only' : false }, async (t) => {
  const order = await acknowledgedWrites('normal');
  t.diagnostic(JSON.stringify(order));
  assert.ok(order.acks >= 25, `25 acknowledgements traced, saw ${order.acks}`);
  assert.ok(order.early >= 20, `only ${order.early} of ${order.acks} acknowledgements came before a sync`);
});

test('writers at once share a sync: fewer syncs than acknowledgements', { skip: PG ? 'SQLite only' : false }, async (t) => {
  const order = await acknowledgedWrites('full', { parallel: 16 });
  t.diagnostic(JSON.stringify(order));
  assert.equal(order.acks, 160);
  assert.ok(order.syncs < order.acks, `${order.syncs} syncs for ${order.acks} acknowledgements`);
});

test('jjm serve warns when the PostgreSQL server does not make commits durable', { skip: PG ? false : 'PostgreSQL only' }, async () => {
  // scripts/with-postgres.sh starts its test server with fsync=off.
  const server = await startServer({});
  try {
    assert.match(server.output(), /warning: the PostgreSQL server runs with fsync=off/);
    assert.doesNotMatch(server.output(), /synchronous_commit=off/);
  } finally {
    await server.stop();
  }
});
