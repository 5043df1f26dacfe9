// Importing a villages file through the API with a person's decisions on
// its place names (POST /imports/villages/check and /imports/villages), on
// the LGD lists and the real Kerala file: the unmatched names and their
// candidates, the officers' places, bad input refused with nothing
// changed, and a committed import the running server's roll-ups show.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { jjm, tempDir, newDb, startServer, api, addUser, signIn, assertRefused, SHARED } from '../lib/jjm.mjs';
import { openapiOf } from '../lib/openapi.mjs';
import { workbookBase64 } from '../lib/xlsx.mjs';

const KERALA = join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv');
const LGD = join(SHARED, 'lgd');
const TEXT = readFileSync(KERALA, 'utf8');
const CHECK = '/api/v1/imports/villages/check';
const IMPORT = '/api/v1/imports/villages';

let server;
let base;
let conforms;
const S = {};
const P = {};

async function unitCode(q, level, name) {
  const r = await api(base, `/api/v1/units?q=${encodeURIComponent(q)}&level=${level}`);
  assert.equal(r.status, 200);
  const u = r.body.results.find((x) => x.name.toLowerCase() === name.toLowerCase());
  assert.ok(u, `${level} ${name} in ${JSON.stringify(r.body.results)}`);
  return u.code;
}

function post(who, path, body, headers = {}) {
  return api(base, path, { method: 'POST', body, headers, session: S[who] });
}

// Every name of an answer, flat.
const namesOf = (r) => r.body.districts.flatMap((g) => g.names.map((n) => ({ ...n, group: g })));

// Import batches in the audit trail (the LGD lists are one).
async function imports() {
  return (await api(base, '/api/v1/audit?action=import', { session: S.admin })).body.rows.length;
}

async function villages() {
  return (await api(base, '/api/v1/health')).body.villages;
}

before(async () => {
  const dir = tempDir();
  const db = newDb(dir, 'cwapi');
  const l = jjm(['import', 'lgd', LGD, '--db', db, '--commit']);
  assert.equal(l.status, 0, l.stdout + l.stderr);
  addUser(db, 'admin', 'national_admin', 'IN');
  server = await startServer({ db });
  base = server.url;
  ({ conforms } = openapiOf((await api(base, '/api/v1/openapi.json')).body));
  S.admin = await signIn(base, 'admin');
  P.imports = await imports();
  P.kerala = await unitCode('Kerala', 'state', 'Kerala');
  P.alappuzha = await unitCode('Alappuzha', 'district', 'Alappuzha');
  P.kollam = await unitCode('Kollam', 'district', 'Kollam');
  P.bharanicavu = await unitCode('Bharanicavu', 'block', 'Bharanicavu');
  const users = [
    ['state', 'state_officer', P.kerala],
    ['alappuzha', 'district_officer', P.alappuzha],
    ['kollam', 'district_officer', P.kollam],
    ['block', 'block_officer', P.bharanicavu],
    ['viewer', 'national_viewer', 'IN'],
  ];
  for (const [username, role, unit] of users) {
    const r = await api(base, '/api/v1/users', { method: 'POST', session: S.admin, body: { username, role, unit, password: 'correct horse 42' } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    S[username] = await signIn(base, username);
  }
});

after(async () => { await server?.stop(); });

test('only state and district officers and administrators may import', async () => {
  for (const path of [CHECK, IMPORT]) {
    for (const who of ['viewer', 'block']) {
      assertRefused(await post(who, path, { file: TEXT }), 403, null, `${who} ${path}`);
    }
    assertRefused(await api(base, path, { method: 'POST', body: { file: TEXT } }), 401, null, `signed out ${path}`);
  }
  // The session says who may: can_import on the officers' roles only.
  const roles = (who) => S[who].body.roles.map((r) => r.can_import);
  assert.deepEqual(roles('state'), [true]);
  assert.deepEqual(roles('alappuzha'), [true]);
  assert.deepEqual(roles('block'), [false]);
  assert.deepEqual(roles('viewer'), [false]);
});

test('bad input is refused with its code and field, and nothing changes', async () => {
  const before = await villages();
  assert.equal(before, 0);
  const cases = [
    [CHECK, { file: '' }, 400, 'file'],
    [CHECK, { file: ' \n\n' }, 400, 'file'],
    [CHECK, {}, 400, 'file'],
    [CHECK, { file: 'a,b\n1,2\n' }, 400, 'header'],
    [CHECK, { file: 'state_name,vil_encode\nKerala,x\n' }, 400, 'header'],
    [CHECK, { file: TEXT, colour: 'blue' }, 400, 'colour'],
    [CHECK, { file: TEXT, as_of: '2024-02-30' }, 400, 'as_of'],
    [CHECK, { file: TEXT, as_of: '2999-01-01' }, 400, 'as_of'],
    [CHECK, { file: TEXT, commit: true }, 400, 'commit'],
    [CHECK, { file: TEXT, decisions: {} }, 400, 'decisions'],
    [CHECK, { file: TEXT, decisions: [{ level: 'village', parent_code: P.alappuzha, source_name: 'X', code: P.bharanicavu }] }, 400, 'decisions[0].level'],
    [CHECK, { file: TEXT, decisions: [{ level: 'block', parent_code: P.alappuzha, source_name: 'X' }] }, 400, 'decisions[0].code'],
    [IMPORT, { file: TEXT, commit: true, skip_invalid: true, decisions: [{ level: 'block', parent_code: P.alappuzha, source_name: 'Baranikkavu', code: 'B99999999' }] }, 404, 'decisions[0].code'],
    [IMPORT, { file: TEXT, commit: true, skip_invalid: true, decisions: [{ level: 'block', parent_code: 'D99999', source_name: 'Baranikkavu', code: P.bharanicavu }] }, 404, 'decisions[0].parent_code'],
    [IMPORT, { file: TEXT, commit: true, skip_invalid: true, decisions: [{ level: 'block', parent_code: P.kollam, source_name: 'Baranikkavu', code: P.bharanicavu }] }, 400, 'decisions[0].code'],
    [IMPORT, { file: TEXT, commit: true, skip_invalid: true, decisions: [
      { level: 'block', parent_code: P.alappuzha, source_name: 'Baranikkavu', code: P.bharanicavu },
      { level: 'block', parent_code: P.alappuzha, source_name: 'BARANIKKAVU ', code: await unitCode('Chengannur', 'block', 'Chengannur') }] }, 400, 'decisions[1].code'],
    [IMPORT, { file: TEXT, commit: 'yes' }, 400, 'commit'],
    [IMPORT, { file: '', commit: true }, 400, 'file'],
  ];
  for (const [path, body, status, field] of cases) {
    const r = await post('state', path, body);
    assertRefused(r, status, field, `${path} ${JSON.stringify(body).slice(0, 160)}`);
    conforms(path.replace('/api/v1', ''), 'post', r);
  }
  // The import takes JSON only; the check also the file as text/csv.
  assertRefused(await post('state', IMPORT, TEXT, { 'content-type': 'text/csv' }), 400, 'content-type');
  assertRefused(await post('state', `${CHECK}?colour=blue`, TEXT, { 'content-type': 'text/csv' }), 400);
  assert.equal(await villages(), before, 'nothing was written');
  assert.equal(await imports(), P.imports, 'no import batch');
});

test('a state file larger than the server-wide 8 MiB limit is taken from officers only', async () => {
  // Kerala's rows again and again with new village ids: about 9.5 MiB.
  const [header, ...rows] = TEXT.trim().split('\n');
  const parts = [header];
  let size = header.length;
  for (let copy = 0; size < 9.5 * 2 ** 20; copy++) {
    for (const row of rows) {
      const line = `${row},${copy}`;
      parts.push(line);
      size += line.length + 1;
    }
  }
  const big = `${parts.join('\n')}\n`;
  assert.ok(big.length > 9 * 2 ** 20);
  const r = await post('state', CHECK, big, { 'content-type': 'text/csv' });
  assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
  assert.equal(r.body.rows_read, parts.length - 1);
  assert.equal(r.body.rejections.length, 500);
  for (const who of [null, 'viewer']) {
    const res = await api(base, CHECK, { method: 'POST', body: big, headers: { 'content-type': 'text/csv' }, session: who ? S[who] : undefined });
    assertRefused(res, 413, null, `${who} sends a large body`);
  }
  assert.equal(await villages(), 0);
});

test('the check lists the unmatched names by district, with candidates and scores', async () => {
  // The file itself as the body.
  const r = await post('state', `${CHECK}?filename=jjm_villages_kerala.csv`, TEXT, { 'content-type': 'text/csv' });
  assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 500));
  conforms('/imports/villages/check', 'post', r);
  assert.equal(r.body.committed, false);
  assert.equal(r.body.source, 'jjm_villages_kerala.csv');
  assert.equal(r.body.rows_read, 1411);
  assert.ok(r.body.rows_rejected > 0);
  assert.ok(r.body.rejections_total >= r.body.rows_rejected);
  assert.equal(r.body.rejections.length, Math.min(500, r.body.rejections_total));
  assert.equal(r.body.rows_accepted + r.body.rows_rejected, 1411);
  for (const x of r.body.rejections) assert.ok(x.row >= 2 && x.reason.length > 5, JSON.stringify(x));
  // The figures of `jjm crosswalk suggest` (tests/cli/crosswalk.test.mjs).
  assert.deepEqual(r.body.names, { total: 60, accepted: 42, for_person: 18, no_candidate: 0 });
  const names = namesOf(r);
  assert.equal(names.length, 60);
  // Grouped by district: block names under their district, with its code.
  for (const g of r.body.districts) {
    assert.equal(g.state, 'Kerala');
    assert.ok(g.names.length > 0);
    for (const n of g.names) {
      if (n.level === 'block') assert.equal(g.district_code, n.parent_code);
      for (let i = 1; i < n.candidates.length; i++) assert.ok(n.candidates[i - 1].score >= n.candidates[i].score);
    }
  }
  const keys = r.body.districts.map((g) => `${g.district}|${g.district_code}`);
  assert.equal(new Set(keys).size, keys.length, 'one group per district');
  // Prefilled where the first candidate is clearly ahead ...
  const thy = names.find((n) => n.source_name === 'Thykkattussery');
  assert.equal(thy.decision, 'accept');
  assert.equal(thy.code, 'B5959');
  assert.equal(thy.candidates[0].code, 'B5959');
  assert.equal(thy.candidates[0].name, 'Thycattussery');
  assert.equal(thy.group.district, 'Alappuzha');
  assert.equal(thy.parent_code, P.alappuzha);
  // ... and left for a person otherwise.
  const bar = names.find((n) => n.source_name === 'Baranikkavu');
  assert.equal(bar.decision, null);
  assert.equal(bar.code, null);
  assert.equal(bar.level, 'block');
  assert.ok(bar.rows > 0);
  const cand = bar.candidates.find((c) => c.code === P.bharanicavu);
  assert.ok(cand, JSON.stringify(bar.candidates));
  assert.ok(cand.score > 0.5 && cand.score < 0.9, String(cand.score));
  assert.equal(names.filter((n) => n.decision === 'accept').length, 42);
  assert.equal(await villages(), 0, 'a check writes nothing');
});

// The decisions a person makes: every prefilled one, and Baranikkavu.
async function decisions() {
  const r = await post('state', CHECK, { file: TEXT });
  const out = namesOf(r).filter((n) => n.decision === 'accept')
    .map((n) => ({ level: n.level, parent_code: n.parent_code, source_name: n.source_name, code: n.code }));
  out.push({ level: 'block', parent_code: P.alappuzha, source_name: 'Baranikkavu', code: P.bharanicavu });
  return out;
}

test("a district officer decides and imports only within the district", async () => {
  const r = await post('alappuzha', CHECK, { file: TEXT, filename: 'kerala.csv' });
  assert.equal(r.status, 200);
  conforms('/imports/villages/check', 'post', r);
  const names = namesOf(r);
  assert.ok(names.length > 0 && names.length < 60, String(names.length));
  for (const n of names) {
    assert.equal(n.parent_code, P.alappuzha, JSON.stringify(n));
    assert.equal(n.group.district, 'Alappuzha');
  }
  assert.ok(names.some((n) => n.source_name === 'Baranikkavu'));
  // Rows elsewhere are refused one by one, naming the place.
  const outside = r.body.rejections.filter((x) => /outside the places you may import into/.test(x.reason));
  assert.ok(outside.length > 100, String(outside.length));
  assert.ok(outside.some((x) => x.reason === `district Kollam (${P.kollam}) lies outside the places you may import into (Alappuzha)`
    && x.column === 'district_name' && x.value === 'Kollam'),
    JSON.stringify(outside.slice(0, 3)));
  assert.ok(outside.every((x) => /\(Alappuzha\)$/.test(x.reason)), outside[0].reason);
  // A district officer of another district may not decide Alappuzha's names.
  const d = [{ level: 'block', parent_code: P.alappuzha, source_name: 'Baranikkavu', code: P.bharanicavu }];
  for (const path of [CHECK, IMPORT]) {
    const k = await post('kollam', path, { file: TEXT, decisions: d, commit: path === IMPORT ? true : undefined });
    assertRefused(k, 403, 'decisions[0].code', `kollam ${path}`);
  }
  // Nor does the Kollam officer's check show Alappuzha's names.
  const kc = await post('kollam', CHECK, { file: TEXT });
  assert.ok(namesOf(kc).every((n) => n.parent_code === P.kollam));
  // A dry run with the decisions: Alappuzha's rows only.
  const dry = await post('alappuzha', IMPORT, { file: TEXT, decisions: d, skip_invalid: true });
  assert.equal(dry.status, 200);
  conforms('/imports/villages', 'post', dry);
  assert.equal(dry.body.committed, false);
  assert.equal(dry.body.counts['names placed through the crosswalk'], 1);
  assert.ok(dry.body.rows_accepted > 0 && dry.body.rows_accepted < 200, String(dry.body.rows_accepted));
  assert.deepEqual(dry.body.districts, []);
  assert.equal(await villages(), 0);
});

test('committing with decisions places the rows, and the roll-ups show it at once', async () => {
  const d = await decisions();
  assert.equal(d.length, 43);
  const dry = await post('state', IMPORT, { file: TEXT, filename: 'jjm_villages_kerala.csv', decisions: d, skip_invalid: true });
  assert.equal(dry.status, 200);
  assert.equal(dry.body.counts['names placed through the crosswalk'], 43);
  // Without skip_invalid a file with rejected rows writes nothing.
  const strict = await post('state', IMPORT, { file: TEXT, decisions: d, commit: true });
  assert.equal(strict.status, 200);
  assert.equal(strict.body.committed, false);
  assert.equal(await villages(), 0);

  const r = await post('state', IMPORT, { file: TEXT, filename: 'jjm_villages_kerala.csv', decisions: d, commit: true, skip_invalid: true, remember_decisions: true });
  assert.equal(r.status, 201, JSON.stringify(r.body).slice(0, 500));
  // The decisions are remembered as aliases, each with its audit row.
  assert.deepEqual(r.body.aliases, { stored: 43, already_stored: 0, refused: [] });
  conforms('/imports/villages', 'post', r);
  assert.equal(r.body.committed, true);
  assert.equal(r.body.rows_accepted, dry.body.rows_accepted);
  assert.equal(r.body.rows_rejected, dry.body.rows_rejected);
  assert.equal(r.body.rows_accepted + r.body.rows_rejected, 1411);
  assert.equal(r.body.counts['villages created'], r.body.rows_accepted);
  // Seven of Kerala's rows name Baranikkavu (tests/cli/crosswalk.test.mjs).
  assert.ok(r.body.rejections.every((x) => x.value !== 'Baranikkavu'));
  assert.equal(await villages(), r.body.rows_accepted);
  const placed = await api(base, `/api/v1/coverage?parent=${P.bharanicavu}&level=village`);
  assert.equal(placed.status, 200);
  assert.equal(placed.body.rows.length, 7);
  const state = await api(base, `/api/v1/coverage?parent=IN&level=state`);
  const kerala = state.body.rows.find((x) => x.code === P.kerala);
  assert.equal(kerala.total_hh, r.body.counts['households in accepted rows']);
  assert.equal(kerala.hh_with_tap, r.body.counts['households with tap in accepted rows']);
  // Who imported, from where, and the file: in the batch's audit row.
  const audit = await api(base, '/api/v1/audit?action=import', { session: S.admin });
  assert.equal(audit.body.rows.length, P.imports + 1);
  assert.equal(audit.body.rows[0].actor, 'state');
  assert.equal(audit.body.rows[0].remote, '127.0.0.1');
  assert.equal(audit.body.rows[0].after.source, 'jjm_villages_kerala.csv');
  // The running server records against a new village at once.
  const v = placed.body.rows.find((x) => x.total_hh - x.hh_with_tap > 0);
  assert.ok(v, 'a village with room');
  const c = await api(base, '/api/v1/connections', { method: 'POST', session: S.alappuzha, body: { village_code: v.code, date: r.body.as_of, households: 1 } });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  // The same file again changes nothing more.
  const again = await post('state', IMPORT, { file: TEXT, decisions: d, commit: true, skip_invalid: true });
  assert.ok(again.status === 200 || again.status === 201);
  assert.equal(again.body.counts['villages created'] ?? 0, 0);
  assert.equal(await villages(), r.body.rows_accepted);
  // A check of the file with no decisions now leaves only the names nobody
  // decided (60 found unmatched, 43 decided); the aliases that say so are
  // in the audit trail, one row each, by the officer.
  const next = await post('state', CHECK, { file: TEXT });
  assert.equal(next.status, 200);
  assert.equal(next.body.names.total, 60 - 43, JSON.stringify(next.body.names));
  const applied = await api(base, '/api/v1/audit?action=crosswalk.apply', { session: S.admin });
  assert.equal(applied.status, 200);
  assert.equal(applied.body.rows.length, 43);
  assert.ok(applied.body.rows.every((x) => x.actor === 'state'));
});

// Excel workbooks sent through the API (issue 13: every importer reads
// XLSX): the Kerala file saved by openpyxl checks exactly as its CSV does,
// a planted fault is named as Excel names the cell, and a broken or
// mislabelled workbook is refused with nothing changed.
const workbookOf = (path, edit = '') => workbookBase64({ path }, { edit });

test('a workbook checks as its CSV does, its faults named by cell', async () => {
  const before = await villages();
  const csv = await post('admin', CHECK, { file: TEXT, filename: 'kerala.csv' });
  const xlsx = await post('admin', CHECK, { file_base64: workbookOf(KERALA), filename: 'kerala.xlsx' });
  assert.equal(xlsx.status, 200, JSON.stringify(xlsx.body).slice(0, 400));
  conforms('/imports/villages/check', 'post', xlsx);
  for (const k of ['rows_read', 'rows_accepted', 'rows_rejected']) assert.equal(xlsx.body[k], csv.body[k], k);
  assert.deepEqual(namesOf(xlsx).map((n) => n.source_name), namesOf(csv).map((n) => n.source_name));

  const faulty = await post('admin', CHECK, { file_base64: workbookOf(KERALA, "ws['I5'] = 'many'"), filename: 'kerala.xlsx', sheet: 'Villages' });
  assert.equal(faulty.status, 200);
  conforms('/imports/villages/check', 'post', faulty);
  const planted = faulty.body.rejections.find((x) => x.cell === 'Villages!I5');
  assert.ok(planted, JSON.stringify(faulty.body.rejections.slice(0, 3)));
  assert.equal(planted.row, 5);
  assert.equal(planted.value, 'many');

  const good = workbookOf(KERALA);
  assertRefused(await post('admin', CHECK, { file_base64: good, sheet: 'Sheet9' }), 400, 'sheet');
  assertRefused(await post('admin', CHECK, { file_base64: good.slice(0, 2000) }), 400, 'file');
  assertRefused(await post('admin', CHECK, { file_base64: '***' }), 400, 'file_base64');
  assertRefused(await post('admin', CHECK, { file_base64: 5 }), 400, 'file_base64');
  assertRefused(await post('admin', CHECK, { file: TEXT, file_base64: good }), 400, 'file');
  assertRefused(await post('admin', CHECK, { file: TEXT, sheet: 'Villages' }), 400, 'sheet');
  assert.equal(await villages(), before, 'nothing changed');
});
