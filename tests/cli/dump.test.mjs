// A whole database written out with `jjm export all` and read back with
// `jjm import all` loses nothing: places, facts, the ledger, accounts,
// sessions, the audit trail, with their ids; and it moves between SQLite
// and PostgreSQL (under scripts/with-postgres.sh both ways are tried).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, cpSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { jjm, tempDir, newDb, sql, PG, addUser, startServer, signIn, api } from '../lib/jjm.mjs';

const HIST = ['--closed-periods', 'tests load generated history'];
const DATES = ['2019-08-15', '2021-10-10', '2024-03-07', '2026-01-01'];

function ok(args, opts) {
  const r = jjm(args, opts);
  assert.equal(r.status, 0, `jjm ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function files(dir) {
  const out = {};
  for (const f of readdirSync(dir).sort()) out[f] = readFileSync(join(dir, f), 'utf8');
  return out;
}

function reports(db) {
  return DATES.map((d) => ok(['report', '--db', db, '--as-of', d]));
}

function count(db, table) {
  return Number(sql(db, `SELECT COUNT(*) FROM ${table}`).stdout.trim());
}

describe('export all, then import all', () => {
  let dir;
  let a;
  let dumpA;
  let awkwardVillage;
  const awkward = 'entered twice\tby the "block" office\nsee C:\\notes; ಕನ್ನಡ, हिन्दी';

  before(async () => {
    dir = tempDir();
    const gen = join(dir, 'gen');
    ok(['generate', '--scale', '0.003', '--out', gen]);
    a = newDb(dir, 'a');
    ok(['import', 'generated', gen, '--db', a]);
    addUser(a, 'admin', 'national_admin', 'IN');
    ok(['user', 'apikey', '--db', a, '--username', 'admin', '--label', 'field app']);
    // A correction whose reason holds a tab, a newline, quotes, a backslash
    // and Indian scripts, written through the server (so that a session and
    // audit rows exist too).
    const server = await startServer({ db: a });
    try {
      const admin = await signIn(server.url, 'admin');
      assert.equal(admin.status, 200);
      const state = (await api(server.url, '/api/v1/coverage?level=state')).body.rows[0].code;
      const vs = (await api(server.url, `/api/v1/coverage?parent=${state}&level=village`)).body.rows;
      awkwardVillage = vs.find((v) => v.hh_with_tap > 5).code;
      const r = await api(server.url, '/api/v1/connections', {
        method: 'POST', session: admin,
        body: { village_code: awkwardVillage, date: '2026-11-20', households: -1, reason: awkward },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      // The partner programme: a round, an application with a document.
      const today = new Date(Date.now() + 5.5 * 3600e3).toISOString().slice(0, 10);
      const round = await api(server.url, '/api/v1/rounds', { method: 'POST', session: admin, body: { name: 'Dump round', opens_on: '2026-01-01', closes_on: '2099-12-31' } });
      assert.equal(round.status, 201, JSON.stringify(round.body));
      const app = await api(server.url, `/api/v1/rounds/${round.body.id}/applications`, {
        method: 'POST',
        body: {
          org_name: 'Jal Seva Trust — ಜಲ ಸೇವಾ', org_type: 'trust', registration_numbers: [{ kind: 'NGO Darpan', number: 'KA/2015/0012345' }],
          years_of_work: 9, years_rural: 7, themes: ['water_sanitation_hygiene'], states: [state],
          past_projects: [{ title: 'Water safety plans', from_year: 2018, to_year: 2020, themes: ['water_sanitation_hygiene'], summary: 'tab\there, line\nthere' }],
          contact: { name: 'Anita', email: 'anita@example.org', phone: '+91 98470 12345' },
          documents: [{ name: 'reg.pdf', content_type: 'application/pdf', data_base64: Buffer.from('%PDF-1.4 dump test').toString('base64') }],
        },
      });
      assert.equal(app.status, 201, JSON.stringify(app.body));
      assert.ok(today);
      // A state's own target date (reports).
      const target = await api(server.url, `/api/v1/targets/${state}`, {
        method: 'POST', session: admin, body: { target_date: '2028-03-31', reason: 'agreed — तय' },
      });
      assert.equal(target.status, 200, JSON.stringify(target.body));
    } finally {
      await server.stop();
    }
    dumpA = join(dir, 'dump-a');
    ok(['export', 'all', '--db', a, '--out', dumpA]);
  });

  test('into an empty database: the same rows, ids and reports', () => {
    const manifest = readFileSync(join(dumpA, 'MANIFEST'), 'utf8');
    for (const t of ['batch', 'unit', 'village_fact', 'tap_event', 'account', 'session', 'api_key', 'audit', 'partner_round', 'application', 'application_state', 'document', 'state_target']) {
      const m = manifest.match(new RegExp(`^${t} (\\d+)$`, 'm'));
      assert.ok(m && Number(m[1]) > 0, `${t} rows in ${manifest}`);
    }
    const b = newDb(dir, 'b');
    const dry = ok(['import', 'all', dumpA, '--db', b]);
    assert.match(dry, /nothing written/);
    assert.equal(count(b, 'tap_event'), 0, 'a dry run writes nothing');
    ok(['import', 'all', dumpA, '--db', b, '--commit']);
    const dumpB = join(dir, 'dump-b');
    ok(['export', 'all', '--db', b, '--out', dumpB]);
    assert.deepEqual(files(dumpB), files(dumpA));
    assert.deepEqual(reports(b), reports(a));
    const reason = sql(b, `SELECT reason FROM tap_event WHERE households = -1 ORDER BY seq DESC LIMIT 1`).stdout;
    assert.ok(reason.includes('ಕನ್ನಡ, हिन्दी'), reason);
  });

  test('the loaded database works: the password signs in and new ids follow on', async () => {
    const b = newDb(dir, 'b2');
    ok(['import', 'all', dumpA, '--db', b, '--commit']);
    const lastSeq = Number(sql(b, 'SELECT MAX(seq) FROM tap_event').stdout.trim());
    const lastAudit = Number(sql(b, 'SELECT MAX(id) FROM audit').stdout.trim());
    const server = await startServer({ db: b });
    try {
      const admin = await signIn(server.url, 'admin');
      assert.equal(admin.status, 200, JSON.stringify(admin.body));
      const r = await api(server.url, '/api/v1/connections', {
        method: 'POST', session: admin,
        body: { village_code: awkwardVillage, date: '2026-11-21', households: 1 },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.deepEqual(r.body.seqs, [lastSeq + 1]);
      const audit = await api(server.url, '/api/v1/audit?limit=5', { session: admin });
      assert.equal(audit.status, 200);
      assert.ok(audit.body.rows.some((x) => x.id > lastAudit), 'new audit rows follow on');
    } finally {
      await server.stop();
    }
  });

  test('refused: a database that holds data, a damaged file; nothing is written', () => {
    const full = jjm(['import', 'all', dumpA, '--db', a, '--commit']);
    assert.equal(full.status, 2, full.stderr);
    assert.match(full.stderr, /already holds data/);

    const broken = join(dir, 'broken');
    cpSync(dumpA, broken, { recursive: true });
    const ev = join(broken, 'tap_event.tsv');
    const lines = readFileSync(ev, 'utf8').split('\n');
    lines[3] = lines[3].split('\t').slice(0, 3).join('\t');
    writeFileSync(ev, lines.join('\n'));
    const c = newDb(dir, 'c');
    const r = jjm(['import', 'all', broken, '--db', c, '--commit']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /tap_event\.tsv: line 4: 3 values, expected 7/);
    assert.equal(count(c, 'unit'), 0, 'places loaded before the damaged file are rolled back');

    const short = join(dir, 'short');
    cpSync(dumpA, short, { recursive: true });
    const au = join(short, 'audit.tsv');
    writeFileSync(au, readFileSync(au, 'utf8').split('\n').slice(0, -2).join('\n') + '\n');
    const d = newDb(dir, 'd');
    const s = jjm(['import', 'all', short, '--db', d, '--commit']);
    assert.equal(s.status, 2, s.stderr);
    assert.match(s.stderr, /audit\.tsv holds \d+ rows, not the number MANIFEST gives/);
    assert.equal(count(d, 'batch'), 0);

    const notDump = jjm(['import', 'all', dir, '--db', newDb(dir, 'e'), '--commit']);
    assert.equal(notDump.status, 2, notDump.stderr);
    assert.match(notDump.stderr, /MANIFEST/);
  });

  test('the README\'s backups, taken while the server writes, restore to the same reports', async () => {
    const server = await startServer({ db: a });
    let copyDuring;
    let copyAfter;
    try {
      const admin = await signIn(server.url, 'admin');
      const backup = (name) => {
        if (!PG) {
          const file = join(dir, `${name}.db`);
          const r = spawnSync('sqlite3', [a, `.backup '${file}'`], { encoding: 'utf8' });
          assert.equal(r.status, 0, r.stderr);
          return file;
        }
        const file = join(dir, `${name}.dump`);
        let r = spawnSync('pg_dump', ['-Fc', '-f', file, a], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        const target = newDb(dir, name);
        r = spawnSync('pg_restore', ['--no-owner', '-d', target, file], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        return target;
      };
      const before = Number(sql(a, 'SELECT COUNT(*) FROM tap_event').stdout.trim());
      let writing = true;
      const writer = (async () => {
        let n = 0;
        while (writing) {
          const r = await api(server.url, '/api/v1/connections', {
            method: 'POST', session: admin,
            body: { village_code: awkwardVillage, date: '2026-11-22', households: n % 2 ? 1 : -1, reason: 'backup test' },
          });
          assert.equal(r.status, 201, JSON.stringify(r.body));
          n++;
        }
        return n;
      })();
      await new Promise((r) => setTimeout(r, 100));
      copyDuring = backup('during');
      writing = false;
      const written = await writer;
      assert.ok(written > 0);
      const inCopy = Number(sql(copyDuring, 'SELECT COUNT(*) FROM tap_event').stdout.trim());
      assert.ok(inCopy >= before && inCopy <= before + written, `${before} <= ${inCopy} <= ${before + written}`);
      copyAfter = backup('after');
    } finally {
      await server.stop();
    }
    // Each copy opens, and the one taken after the writes reports the same.
    ok(['report', '--db', copyDuring]);
    assert.deepEqual(reports(copyAfter), reports(a));
  });

  test('between SQLite and PostgreSQL, both ways', { skip: !PG && 'no PostgreSQL in this run' }, () => {
    // Here `a` is a PostgreSQL database: move it into SQLite and back.
    const lite = join(dir, 'moved.db');
    ok(['import', 'all', dumpA, '--db', lite, '--commit']);
    const dumpLite = join(dir, 'dump-lite');
    ok(['export', 'all', '--db', lite, '--out', dumpLite]);
    assert.deepEqual(files(dumpLite), files(dumpA));
    assert.deepEqual(reports(lite), reports(a));
    const back = newDb(dir, 'back');
    ok(['import', 'all', dumpLite, '--db', back, '--commit']);
    const dumpBack = join(dir, 'dump-back');
    ok(['export', 'all', '--db', back, '--out', dumpBack]);
    assert.deepEqual(files(dumpBack), files(dumpA));
  });
});
