#!/usr/bin/env node
// The Har Ghar Jal and functionality benchmark, in one run, on `jjm generate`
// data with the water-supply demo on top:
//   1. data: `jjm generate --scale S`, `jjm import generated`, then
//      `jjm import supply-demo` (Har Ghar Jal steps for the villages with
//      full coverage, schemes with assets, a survey round);
//   2. start-up and in process: `jjm bench supply` (coverage and supply
//      loaded from the store, seconds and VmRSS; HgjSummary, Headline and
//      the first round's Results for random places and days);
//   3. HTTP: `jjm serve` on that database, `jjm bench http` against
//      /api/v1/hgj/summary?place=CODE&as_of=DAY for random states,
//      districts and blocks, "first" (each URL once) and "steady";
//   4. PostgreSQL: a private server holding the same places and Har Ghar
//      Jal steps (tables `unit` and `hgj_event` copied from jjm's database
//      with sqlite3 -> COPY), a derived village -> gp/block/district/state
//      table with the indexes a DBA would add, and the same question as one
//      statement: per child place, villages by their latest status on or
//      before the day.  Each SQL answer is checked against jjm's HTTP answer
//      for the same place and day (jjm also puts villages whose coverage
//      fell after their report back in progress, which the steps alone do
//      not show: such differences are counted, not hidden);
//   5. shapes: the same HTTP and SQL questions on big and small places
//      (the top and bottom quarter of each level by villages) and on early
//      and recent days (the first and last third of the steps' days).
// Writes results.json into the work folder and prints a Markdown section
// (with --results FILE, also into that file, replacing its "## Har Ghar Jal
// and functionality" section).  Hold the shared CPU lock on a shared
// machine; nothing is written into the checkout.
//
//   node bench/supply.mjs [--scale 1] [--work /tmp/jjm-bench-supply]
//        [--seed 42] [--http-seconds 3] [--sql-queries 20] [--iterations 2000]
//        [--results FILE] [--keep] [--data-only | --reuse] [--live 20]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readFileSync, existsSync, chmodSync, statSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

import { parseArgs, log, run as runAny, lines, rng, elapsed } from './lib.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = parseArgs();
const SCALE = Number(args.scale ?? 1);
const WORK = resolve(args.work ?? '/tmp/jjm-bench-supply');
const JJM = resolve(args.jjm ?? join(REPO, 'build', 'jjm'));
const SEED = Number(args.seed ?? 42);
const HTTP_SECONDS = Number(args['http-seconds'] ?? 3);
const SQL_QUERIES = Number(args['sql-queries'] ?? 20);
const ITERATIONS = Number(args.iterations ?? 2000);
const PG_BIN = '/usr/lib/postgresql/15/bin';
const REASON = 'benchmark loads generated history';
const STEP_TIMEOUT_MS = 40 * 60 * 1000;
if (!Number.isFinite(SCALE) || SCALE <= 0) throw new Error('--scale wants a positive number');
if (WORK === REPO || WORK.startsWith(`${REPO}/`)) throw new Error('--work must lie outside the checkout');

const run = (cmd, argv, opts = {}) => runAny(cmd, argv, { timeout: STEP_TIMEOUT_MS, ...opts });
const rand = rng(SEED);
const pick = (list) => list[Math.floor(rand() * list.length)];
function jsonLines(text) { return lines(text).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)); }
function percentile(v, p) {
  if (!v.length) return NaN;
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}
const stats = (v) => ({ p50: percentile(v, 0.5), p99: percentile(v, 0.99), n: v.length });
function freePort() {
  return new Promise((res) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => res(port)); });
  });
}
const DAY_MS = 86400000;
const isoOf = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const sqlite = (db, sql) => lines(run('sqlite3', [db, sql]).stdout).map((l) => l.split('|'));

// `jjm serve` from its start: seconds to the first answer of
// GET /api/v1/hgj/summary?place=IN, and VmRSS then.
async function serve(db) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = process.hrtime.bigint();
  const secs = () => Number(process.hrtime.bigint() - t0) / 1e9;
  const proc = spawn(JJM, ['serve', '--db', db, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let exited = null;
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  proc.on('exit', (c) => { exited = c; });
  let first = NaN;
  while (Number.isNaN(first)) {
    if (exited !== null) throw new Error(`jjm serve exited ${exited}:\n${out}`);
    if (secs() > 900) { proc.kill('SIGKILL'); throw new Error(`jjm serve gave no answer in 900 s:\n${out}`); }
    try {
      const r = await fetch(`${url}/api/v1/hgj/summary?place=IN`);
      if (r.ok) { await r.json(); first = secs(); } else await r.text();
    } catch { /* not listening yet */ }
    if (Number.isNaN(first)) await new Promise((res) => setTimeout(res, 20));
  }
  const m = readFileSync(`/proc/${proc.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  return { proc, url, first_answer_s: first, rss_mib: m ? Number(m[1]) / 1024 : NaN };
}
async function stopServe(proc) {
  if (proc.exitCode !== null) return;
  await new Promise((res) => { proc.on('exit', res); proc.kill('SIGTERM'); });
}

// ---------------------------------------------------------------- 1. data
if (!existsSync(JJM)) throw new Error(`${JJM} is missing: build it (make build TESTING=OFF)`);
for (const tool of ['sqlite3', 'psql', `${PG_BIN}/initdb`]) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) throw new Error(`${tool} is missing: run scripts/install-deps.sh --bench`);
}
// --reuse: keep the work folder's database from an earlier run (its data
// step), for trying the later steps again.
const REUSE = args.reuse === 'true' && existsSync(join(WORK, 'jjm.db'));
if (!REUSE) rmSync(WORK, { recursive: true, force: true });
for (const p of ['pgdata', 'pgsock']) rmSync(join(WORK, p), { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
chmodSync(WORK, 0o755);
const gen = join(WORK, 'gen');
const main = join(WORK, 'jjm.db');
const results = {
  scale: SCALE,
  seed: SEED,
  machine: {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memory_gib: +(os.totalmem() / 2 ** 30).toFixed(1),
    commit: spawnSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim(),
    date: new Date().toISOString().slice(0, 10),
    postgresql: spawnSync(`${PG_BIN}/postgres`, ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ')[2],
  },
};
if (REUSE) {
  const none = { seconds: NaN, summary: '(an earlier run)' };
  Object.assign(results, { generate: none, import_generated: none, supply_demo: none },
    existsSync(join(WORK, 'data.json')) ? JSON.parse(readFileSync(join(WORK, 'data.json'), 'utf8')) : {});
  log('reusing the database of an earlier run');
} else {
log(`generating scale ${SCALE} into ${gen}`);
const g = run(JJM, ['generate', '--scale', String(SCALE), '--out', gen]);
results.generate = { seconds: g.secs, summary: g.stdout.trim().split('\n').slice(0, 3).join(' ') };
// The quality files are not needed here: drop them before the import.
for (const f of ['labs.csv', 'sources.csv', 'quality-results.csv']) rmSync(join(gen, f), { force: true });
log('jjm import generated');
const ig = run(JJM, ['import', 'generated', gen, '--db', main, '--closed-periods', REASON]);
results.import_generated = { seconds: ig.secs };
log(`  ${ig.secs.toFixed(1)} s; jjm import supply-demo`);
const sd = run(JJM, ['import', 'supply-demo', '--db', main, '--seed', String(SEED)]);
results.supply_demo = { seconds: sd.secs, summary: sd.stdout.trim().split('\n').slice(-4).join(' | ') };
log(`  ${sd.secs.toFixed(1)} s: ${results.supply_demo.summary}`);
run('sqlite3', [main, 'PRAGMA wal_checkpoint(TRUNCATE);'], { allowFail: true });
if (args.keep !== 'true') rmSync(join(gen, 'connections.csv'), { force: true });
}

// What the data holds, and each state's, district's and block's villages.
{
  const [[villages, events, evVillages, first, last, schemes, assets, rounds, households]] = sqlite(main,
    `SELECT (SELECT count(*) FROM unit WHERE level = 5), (SELECT count(*) FROM hgj_event),
            (SELECT count(DISTINCT village_id) FROM hgj_event), (SELECT min(day) FROM hgj_event),
            (SELECT max(day) FROM hgj_event), (SELECT count(*) FROM scheme), (SELECT count(*) FROM scheme_asset),
            (SELECT count(*) FROM fa_round), (SELECT count(*) FROM fa_household)`);
  const byStatus = Object.fromEntries(sqlite(main, 'SELECT status, count(*) FROM hgj_event GROUP BY status'));
  const byLevel = Object.fromEntries(sqlite(main, 'SELECT level, count(*) FROM unit GROUP BY level').map(([l, n]) => [l, +n]));
  results.data = { villages: +villages, events: +events, event_villages: +evVillages, first_day: +first, last_day: +last,
    by_level: byLevel, schemes: +schemes, assets: +assets, rounds: +rounds, survey_households: +households, by_status: byStatus,
    db_mib: statSync(main).size / 2 ** 20 };
  log(`data: ${JSON.stringify(results.data)}`);
  if (!REUSE) {
    writeFileSync(join(WORK, 'data.json'), JSON.stringify({ generate: results.generate, import_generated: results.import_generated,
      supply_demo: results.supply_demo, scale: SCALE }));
  }
}
// --data-only: stop here (a shared machine's lock can be let go between the
// data step and the measurements, which --reuse then runs).
if (args['data-only'] === 'true') {
  log(`data ready in ${WORK}; run again with --reuse for the measurements`);
  process.exit(0);
}
const LEVELS = [['state', 1, 'state_id', 'district_id'], ['district', 2, 'district_id', 'block_id'], ['block', 3, 'block_id', 'gp_id']];
const places = {};
for (const [name, , col] of LEVELS) {
  // code, villages, sorted by villages.
  places[name] = sqlite(main, `WITH vp AS (
      SELECT v.id AS village_id, b.id AS block_id, d.id AS district_id, s.id AS state_id
      FROM unit v JOIN unit g ON g.id = v.parent_id JOIN unit b ON b.id = g.parent_id
      JOIN unit d ON d.id = b.parent_id JOIN unit s ON s.id = d.parent_id WHERE v.level = 5)
    SELECT u.code, count(*) FROM vp JOIN unit u ON u.id = vp.${col} GROUP BY u.code ORDER BY count(*), u.code`)
    .map(([code, n]) => ({ code, villages: +n }));
}
results.places = Object.fromEntries(Object.entries(places).map(([k, v]) => [k, {
  n: v.length, villages_min: v[0]?.villages, villages_max: v.at(-1)?.villages }]));
const FIRST = results.data.first_day;
const TODAY = Math.floor(Date.now() / DAY_MS);
const LAST = Math.max(results.data.last_day, FIRST);
const third = Math.max(1, Math.floor((LAST - FIRST) / 3));
const WINDOWS = { all: [FIRST, TODAY], early: [FIRST, FIRST + third], recent: [LAST - third, TODAY] };
const SIZES = {
  all: (list) => list,
  big: (list) => list.slice(Math.floor(list.length * 0.75)),
  small: (list) => list.slice(0, Math.max(1, Math.ceil(list.length * 0.25))),
};
const dayIn = ([a, b]) => a + Math.floor(rand() * (b - a + 1));
// The cells asked about: each level on all places and days, then each level
// by size (big, small) and window (early, recent).
const cells = [];
for (const [name] of LEVELS) {
  cells.push({ level: name, size: 'all', window: 'all' });
  for (const size of ['big', 'small']) for (const window of ['early', 'recent']) cells.push({ level: name, size, window });
}
for (const c of cells) {
  c.key = `${c.level}/${c.size}/${c.window}`;
  c.codes = SIZES[c.size](places[c.level]).map((p) => p.code);
  const sizes = SIZES[c.size](places[c.level]).map((p) => p.villages);
  c.villages = { min: Math.min(...sizes), max: Math.max(...sizes) };
}

// ---------------------------------------------------------------- 2. in process
log('in process: jjm bench supply');
const bs = jsonLines(run(JJM, ['bench', 'supply', '--db', main, '--iterations', String(ITERATIONS), '--seed', String(SEED),
  '--from', isoOf(FIRST), '--to', isoOf(TODAY)]).stdout);
results.startup = bs.find((r) => r.name === 'startup');
results.inproc = Object.fromEntries(bs.filter((r) => r.name !== 'startup').map((r) => [r.name, r]));
log(`  startup ${JSON.stringify(results.startup)}`);

// ---------------------------------------------------------------- 3. HTTP
const served = await serve(main);
results.serve = { first_answer_s: served.first_answer_s, rss_mib: served.rss_mib };
log(`serve: first Har Ghar Jal answer after ${served.first_answer_s.toFixed(2)} s, ${Math.round(served.rss_mib)} MiB`);
const summaryPath = (code, day) => `/api/v1/hgj/summary?place=${code}&as_of=${isoOf(day)}`;
try {
  for (const c of cells) {
    const file = join(WORK, `targets-${c.key.replaceAll('/', '-')}.txt`);
    const n = c.size === 'all' && c.window === 'all' ? 2000 : 500;
    const list = Array.from({ length: n }, () => summaryPath(pick(c.codes), dayIn(WINDOWS[c.window])));
    writeFileSync(file, [...new Set(list)].join('\n'));
    const http = (extra) => jsonLines(run(JJM, ['bench', 'http', '--url', served.url, '--targets', file, '--name', c.key,
      '--connections', '1', ...extra]).stdout)[0];
    c.http_first = http(['--once']);
    c.http_steady = http(['--seconds', String(HTTP_SECONDS)]);
    log(`  ${c.key}: first p99 ${c.http_first.p99_us} µs, steady p99 ${c.http_steady.p99_us} µs`);
  }
  // The functionality survey's results (weighted estimates with intervals
  // for the place and each child place) of the first round.
  const round = sqlite(main, 'SELECT min(id) FROM fa_round')[0]?.[0];
  results.survey_http = {};
  if (round) {
    for (const name of ['nation', 'state', 'district']) {
      const codes = name === 'nation' ? ['IN'] : places[name].map((p) => p.code);
      const file = join(WORK, `targets-survey-${name}.txt`);
      writeFileSync(file, codes.map((c) => `/api/v1/surveys/${round}/results?place=${c}`).join('\n'));
      const http = (extra) => jsonLines(run(JJM, ['bench', 'http', '--url', served.url, '--targets', file, '--name', `survey_${name}`,
        '--connections', '1', ...extra]).stdout)[0];
      results.survey_http[name] = { first: name === 'nation' ? null : http(['--once']), steady: http(['--seconds', String(HTTP_SECONDS)]) };
      log(`  survey results ${name}: steady p99 ${results.survey_http[name].steady.p99_us} µs`);
    }
  }
  results.answer = {};
  for (const [name] of LEVELS) {
    const big = places[name].at(-1).code;
    const text = await (await fetch(`${served.url}${summaryPath(big, TODAY)}`)).text();
    results.answer[name] = { code: big, bytes: Buffer.byteLength(text), rows: JSON.parse(text).rows?.length ?? 0 };
  }
  // The places and days the SQL is asked, with jjm's answers to compare.
  for (const c of cells) {
    c.checks = [];
    const n = c.size === 'all' && c.window === 'all' ? SQL_QUERIES : Math.max(5, Math.floor(SQL_QUERIES / 2));
    for (let i = 0; i < n; i++) {
      const code = pick(c.codes);
      const day = dayIn(WINDOWS[c.window]);
      const r = await fetch(`${served.url}${summaryPath(code, day)}`);
      if (!r.ok) throw new Error(`summary of ${code} on ${isoOf(day)}: HTTP ${r.status} ${await r.text()}`);
      const j = await r.json();
      const rows = j.rows.filter((x) => x.reported > 0).map((x) => `${x.code}:${x.reported}/${x.submitted}/${x.returned}/${x.certified}`).sort();
      c.checks.push({ code, day, jjm: rows.join(' ') || '-', reverted: j.totals.reverted, reported: j.totals.reported, certified: j.totals.certified });
    }
  }
} finally {
  await stopServe(served.proc);
}

// ---------------------------------------------------------------- 4. PostgreSQL
log('starting a private PostgreSQL server');
const pgPort = await freePort();
const pgData = join(WORK, 'pgdata');
const pgSock = join(WORK, 'pgsock');
mkdirSync(pgSock, { recursive: true });
const asPostgres = process.getuid() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
if (process.getuid() === 0) run('chown', ['-R', 'postgres', WORK]);
const pgRun = (bin, argv, opts) => run(asPostgres[0] ?? `${PG_BIN}/${bin}`,
  asPostgres.length ? [...asPostgres.slice(1), `${PG_BIN}/${bin}`, ...argv] : argv, opts);
pgRun('initdb', ['-D', pgData, '-A', 'trust', '-U', 'postgres', '--no-sync']);
pgRun('pg_ctl', ['-D', pgData, '-l', join(WORK, 'pg.log'), '-w', '-o',
  `-p ${pgPort} -k ${pgSock} -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c work_mem=256MB -c max_parallel_workers_per_gather=2 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, 'start']);
const psqlArgs = ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-X', '-q', '-v', 'ON_ERROR_STOP=1'];
const psql = (sql) => run('psql', [...psqlArgs, '-c', sql]);
try {
  log('copying unit and hgj_event into PostgreSQL');
  const t0 = Date.now();
  const unitCsv = join(WORK, 'unit.csv');
  const eventCsv = join(WORK, 'hgj_event.csv');
  run('sqlite3', ['-csv', main, `.output ${unitCsv}`, 'SELECT id, parent_id, level, code FROM unit']);
  run('sqlite3', ['-csv', main, `.output ${eventCsv}`, 'SELECT id, village_id, status, day FROM hgj_event']);
  if (process.getuid() === 0) run('chown', ['postgres', unitCsv, eventCsv]);
  psql(`CREATE TABLE unit (id integer PRIMARY KEY, parent_id integer, level smallint NOT NULL, code text NOT NULL UNIQUE);
        CREATE TABLE hgj_event (id bigint PRIMARY KEY, village_id integer NOT NULL REFERENCES unit(id),
          status text NOT NULL, day integer NOT NULL);`);
  run('psql', [...psqlArgs, '-c', `\\copy unit FROM '${unitCsv}' CSV`]);
  run('psql', [...psqlArgs, '-c', `\\copy hgj_event FROM '${eventCsv}' CSV`]);
  results.pg_load_seconds = (Date.now() - t0) / 1000;
  // What a fair DBA adds: each village's gp, block, district and state once,
  // indexed by each level, and the steps by village and day (the latest
  // step on or before a day is then one index descent per village).
  const t1 = Date.now();
  psql(`CREATE TABLE village_place AS
          SELECT v.id AS village_id, g.id AS gp_id, b.id AS block_id, d.id AS district_id, s.id AS state_id
          FROM unit v JOIN unit g ON g.id = v.parent_id JOIN unit b ON b.id = g.parent_id
          JOIN unit d ON d.id = b.parent_id JOIN unit s ON s.id = d.parent_id WHERE v.level = 5;
        ALTER TABLE village_place ADD PRIMARY KEY (village_id);
        CREATE INDEX village_place_gp ON village_place (gp_id);
        CREATE INDEX village_place_block ON village_place (block_id);
        CREATE INDEX village_place_district ON village_place (district_id);
        CREATE INDEX village_place_state ON village_place (state_id);
        CREATE INDEX hgj_event_village_day ON hgj_event (village_id, day DESC, id DESC) INCLUDE (status);`);
  psql('VACUUM ANALYZE');
  results.pg_index_seconds = (Date.now() - t1) / 1000;
  const ids = {};
  for (const l of lines(run('psql', [...psqlArgs, '-A', '-t', '-F', ',', '-c', 'SELECT code, id FROM unit WHERE level BETWEEN 1 AND 3']).stdout)) {
    const [code, id] = l.split(',');
    ids[code] = id;
  }
  const column = Object.fromEntries(LEVELS.map(([name, , col, child]) => [name, [col, child]]));
  // Per child place: villages whose latest step on or before the day is
  // reported, submitted, returned or certified (all four count as reported).
  const sqlOf = (level, code, day, tag) => {
    const [col, child] = column[level];
    return `WITH latest AS (
  SELECT DISTINCT ON (e.village_id) vp.${child} AS child, e.status
  FROM village_place vp JOIN hgj_event e ON e.village_id = vp.village_id
  WHERE vp.${col} = ${ids[code]} AND e.day <= ${day}
  ORDER BY e.village_id, e.day DESC, e.id DESC),
per AS (
  SELECT child, count(*) AS reported, count(*) FILTER (WHERE status = 'submitted') AS submitted,
         count(*) FILTER (WHERE status = 'returned') AS returned, count(*) FILTER (WHERE status = 'certified') AS certified
  FROM latest GROUP BY child)
SELECT '${tag}', coalesce(string_agg(u.code || ':' || reported || '/' || submitted || '/' || returned || '/' || certified, ' ' ORDER BY u.code COLLATE "C"), '-')
FROM per JOIN unit u ON u.id = per.child;`;
  };
  const all = cells.flatMap((c) => c.checks.map((k, i) => ({ c, k, tag: `${c.key}#${i}` })));
  results.sql_example = sqlOf('district', all.find((x) => x.c.level === 'district').k.code, TODAY, 'example');
  log(`timing the statement in PostgreSQL (${all.length} places and days)`);
  const file = join(WORK, 'pg-hgj.sql');
  // Each statement twice: the first warms the cache, the second is timed.
  writeFileSync(file, all.map(({ c, k, tag }) => {
    const s = sqlOf(c.level, k.code, k.day, tag);
    return `\\timing off\n${s}\n\\timing on\n${s}\n`;
  }).join(''));
  const r = run('psql', [...psqlArgs, '-A', '-t', '-F', '|', '-f', file]);
  const ms = [...r.stdout.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));
  const answers = {};
  for (const l of lines(r.stdout)) {
    if (l.startsWith('Time:')) continue;
    const at = l.indexOf('|');
    answers[l.slice(0, at)] = l.slice(at + 1);
  }
  let same = 0;
  const differ = [];
  all.forEach(({ c, k, tag }, i) => {
    k.pg_ms = ms[i];
    k.pg = answers[tag];
    if (k.pg === k.jjm) same++;
    else differ.push({ cell: c.key, place: k.code, day: isoOf(k.day), reverted: k.reverted, jjm: k.jjm.slice(0, 300), pg: (k.pg ?? '').slice(0, 300) });
  });
  results.pg_check = { same, of: all.length, differ: differ.slice(0, 20), differ_n: differ.length,
    differ_with_reverted: differ.filter((d) => d.reverted > 0).length };
  log(`PostgreSQL answers equal to jjm's: ${same} of ${all.length}`);
  for (const c of cells) c.pg_ms = stats(c.checks.map((k) => k.pg_ms));
} finally {
  pgRun('pg_ctl', ['-D', pgData, '-m', 'fast', 'stop'], { allowFail: true });
}

// ---------------------------------------------------------------- 6. live
// A district officer reports villages that are ready (full coverage, not
// yet reported) over HTTP; right after each 201, the summaries of India,
// the village's state, district and block for today are read back, and
// each must count the village (reported up by exactly one).  On a copy of
// the database, which is removed afterwards.
const LIVE = Number(args.live ?? 20);
if (LIVE > 0) {
  const district = places.district.at(-1).code;
  const liveDb = join(WORK, 'live.db');
  run('sqlite3', [main, 'PRAGMA wal_checkpoint(TRUNCATE);'], { allowFail: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(liveDb + suffix, { force: true });
  copyFileSync(main, liveDb);
  run(JJM, ['user', 'add', '--db', liveDb, '--username', 'bench.officer', '--role', 'district_officer', '--unit', district]);
  const key = run(JJM, ['user', 'apikey', '--db', liveDb, '--username', 'bench.officer', '--label', 'supply benchmark']).stdout.trim();
  const auth = { Authorization: `Bearer ${key}` };
  const sv = await serve(liveDb);
  try {
    const q = await fetch(`${sv.url}/api/v1/hgj/queue?place=${district}&status=ready&limit=${LIVE}`, { headers: auth });
    if (!q.ok) throw new Error(`queue of ${district}: HTTP ${q.status} ${await q.text()}`);
    const ready = (await q.json()).rows.slice(0, LIVE);
    const reportedOf = async (code) => (await (await fetch(`${sv.url}/api/v1/hgj/summary?place=${code}&as_of=${isoOf(TODAY)}`)).json()).totals.reported;
    const live = { district, tried: ready.length, reported: 0, visible: 0, refused: [], post_ms: [], read_ms: [] };
    for (const row of ready) {
      const code = row.village.code;
      const path = (row.village.path ?? (await (await fetch(`${sv.url}/api/v1/hgj/villages/${code}`)).json()).path).split('/');
      const chain = ['IN', ...path.filter((c) => /^[SDB]/.test(c))];
      const before = await Promise.all(chain.map(reportedOf));
      const t0 = process.hrtime.bigint();
      const r = await fetch(`${sv.url}/api/v1/hgj/villages/${code}/report`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{}' });
      const t1 = process.hrtime.bigint();
      const text = await r.text();
      if (r.status !== 201) { live.refused.push(`${code}: ${r.status} ${text.slice(0, 200)}`); continue; }
      live.reported++;
      const after = await Promise.all(chain.map(reportedOf));
      live.read_ms.push(Number(process.hrtime.bigint() - t1) / 1e6);
      live.post_ms.push(Number(t1 - t0) / 1e6);
      if (after.every((n, i) => n === before[i] + 1)) live.visible++;
      else live.refused.push(`${code}: reported ${JSON.stringify(before)} -> ${JSON.stringify(after)} along ${chain.join('/')}`);
    }
    results.live = { ...live, post_ms: stats(live.post_ms), read_ms: stats(live.read_ms) };
    log(`live: ${live.visible} of ${live.reported} reports visible in all ${4} summaries at once (${live.tried} ready villages tried)`);
  } finally {
    await stopServe(sv.proc);
    for (const suffix of ['', '-wal', '-shm']) rmSync(liveDb + suffix, { force: true });
  }
}
results.cells = cells.map(({ codes, checks, ...rest }) => ({ ...rest, checks: checks.length }));
results.seconds = elapsed();
writeFileSync(join(WORK, 'results.json'), JSON.stringify({ ...results, checks: cells.map((c) => ({ key: c.key, checks: c.checks })) }, null, 2));
if (args.keep !== 'true') {
  for (const p of [pgData, join(WORK, 'unit.csv'), join(WORK, 'hgj_event.csv')]) rmSync(p, { recursive: true, force: true });
}

// ---------------------------------------------------------------- report
const f = (x, d = 1) => (Number.isFinite(x) ? x.toLocaleString('en-IN', { maximumFractionDigits: d }) : 'n/a');
const int = (x) => f(x, 0);
const us = (x) => (!Number.isFinite(x) ? 'n/a' : x >= 1000 ? `${f(x / 1000, 2)} ms` : `${f(x, 2)} µs`);
const pair = (a, b) => `${us(a)} / ${us(b)}`;
const D = results.data;
const out = [];
out.push(`## Har Ghar Jal and functionality (\`node bench/supply.mjs --scale ${SCALE}\`)\n`);
out.push(`Run ${results.machine.date} on commit ${results.machine.commit}: ${results.machine.cores} cores (${results.machine.cpu}), ${results.machine.memory_gib} GiB; PostgreSQL ${results.machine.postgresql}. Data: \`jjm generate --scale ${SCALE}\` (${['states', 'districts', 'blocks', 'gram panchayats', 'villages', 'habitations'].map((n, i) => `${int(D.by_level[i + 1] ?? 0)} ${n}`).join(', ')}; its water-quality files left out), \`jjm import generated\` (${f(results.import_generated.seconds, 0)} s), then \`jjm import supply-demo --seed ${SEED}\` (${f(results.supply_demo.seconds, 0)} s): ${int(D.villages)} villages, ${int(D.events)} Har Ghar Jal steps for ${int(D.event_villages)} villages (${Object.entries(D.by_status).map(([k, n]) => `${k} ${int(+n)}`).join(', ')}) from ${isoOf(D.first_day)} to ${isoOf(D.last_day)}, ${int(D.schemes)} schemes with ${int(D.assets)} assets, ${int(D.rounds)} survey round(s) with ${int(D.survey_households)} households drawn; database ${f(D.db_mib, 0)} MiB. Whole run ${f(results.seconds / 60, 1)} minutes.\n`);
const S = results.startup;
out.push(`Start-up (\`jjm bench supply\`): coverage ${f(S.coverage_seconds, 2)} s (${int(S.coverage_rss_mib)} MiB), supply ${f(S.supply_seconds, 2)} s, together ${f(S.total_seconds, 2)} s and ${int(S.rss_mib)} MiB resident. \`jjm serve\`: first answer of \`GET /api/v1/hgj/summary?place=IN\` after ${f(results.serve.first_answer_s, 2)} s, ${int(results.serve.rss_mib)} MiB resident.\n`);
out.push('### In process (`jjm bench supply`, random places and days)\n');
out.push('| question | nation | state | district | block | gp |');
out.push('|---|---|---|---|---|---|');
for (const [what, label] of [['hgj_summary', 'HgjSummary (place + a row per child)'], ['headline', 'Headline (coverage, Har Ghar Jal, functionality)'], ['survey_results', 'Results of the survey round (place + children, with CIs)']]) {
  const cellOf = (l) => { const r = results.inproc[`${l}_${what}`]; return r ? `${pair(r.p50_us, r.p99_us)}${r.errors ? ` (${r.errors} errors)` : ''}` : ''; };
  out.push(`| ${label} | ${['nation', 'state', 'district', 'block', 'gp'].map(cellOf).join(' | ')} |`);
}
out.push(`\n### \`GET /api/v1/hgj/summary?place=CODE&as_of=DAY\` over HTTP beside PostgreSQL\n`);
out.push(`HTTP: \`jjm bench http\`, one keep-alive connection; "first" asks each distinct URL once (computed afresh), "steady" repeats them for ${HTTP_SECONDS} s. PostgreSQL: \`unit\` and \`hgj_event\` copied from jjm's database (${f(results.pg_load_seconds, 1)} s), a derived village -> gp/block/district/state table with an index per level and an index on the steps by (village, day desc, id desc) including the status (${f(results.pg_index_seconds, 1)} s), then one statement per place and day (per child place, villages by their latest step on or before the day; \`psql \\timing\`, each statement run once untimed first). Places: "big" / "small" are the top / bottom quarter of the level by villages; days: "early" / "recent" the first / last third of the steps' days (${isoOf(WINDOWS.early[0])} to ${isoOf(WINDOWS.early[1])}, ${isoOf(WINDOWS.recent[0])} to ${isoOf(WINDOWS.recent[1])}), "all" any day from ${isoOf(FIRST)} to ${isoOf(TODAY)}. p50 / p99.\n`);
out.push('| level / places / days | villages a place | jjm in process | HTTP first | HTTP steady | PostgreSQL | PostgreSQL / HTTP first (p50) | PostgreSQL / in process (p50) | SQL = jjm |');
out.push('|---|---|---|---|---|---|---|---|---|');
for (const c of cells) {
  const ratio = c.pg_ms?.p50 && c.http_first ? `${int(c.pg_ms.p50 * 1000 / c.http_first.p50_us)}x` : '';
  const eq = c.checks.filter((k) => k.pg === k.jjm).length;
  const ip = c.size === 'all' && c.window === 'all' ? results.inproc[`${c.level}_hgj_summary`] : null;
  const ipRatio = ip && c.pg_ms?.p50 ? `${int(c.pg_ms.p50 * 1000 / ip.p50_us)}x` : '';
  out.push(`| ${c.key} | ${int(c.villages.min)}-${int(c.villages.max)} | ${ip ? pair(ip.p50_us, ip.p99_us) : ''} | ${pair(c.http_first.p50_us, c.http_first.p99_us)} | ${pair(c.http_steady.p50_us, c.http_steady.p99_us)} | ${c.pg_ms ? pair(c.pg_ms.p50 * 1000, c.pg_ms.p99 * 1000) : ''} | ${ratio} | ${ipRatio} | ${eq} of ${c.checks.length} |`);
}
out.push(`\nAn answer for the largest place of each level (today): ${LEVELS.map(([n]) => `${n} ${results.answer[n].code}, ${int(results.answer[n].rows)} rows, ${int(results.answer[n].bytes)} bytes`).join('; ')}. PostgreSQL answers equal to jjm's HTTP answers (children with their reported / submitted / returned / certified villages): ${results.pg_check.same} of ${results.pg_check.of}.`);
if (results.pg_check.differ_n) {
  out.push(`\n${results.pg_check.differ_n} differ, ${results.pg_check.differ_with_reverted} of them where jjm counts villages reverted by a coverage drop (which the steps alone do not show). First ones (jjm | PostgreSQL): ${results.pg_check.differ.slice(0, 5).map((d) => `${d.place} ${d.day} (reverted ${d.reverted}): ${d.jjm.slice(0, 120)} | ${d.pg.slice(0, 120)}`).join('; ')}.`);
}
if (Object.keys(results.survey_http ?? {}).length) {
  out.push('\n### `GET /api/v1/surveys/ROUND/results?place=CODE` over HTTP (the first round, every place of the level)\n');
  out.push('| level | jjm in process (Results) | HTTP first | HTTP steady |');
  out.push('|---|---|---|---|');
  for (const [name, r] of Object.entries(results.survey_http)) {
    const ip = results.inproc[`${name}_survey_results`];
    out.push(`| ${name} | ${ip ? pair(ip.p50_us, ip.p99_us) : ''} | ${r.first ? pair(r.first.p50_us, r.first.p99_us) : '(one URL)'} | ${pair(r.steady.p50_us, r.steady.p99_us)} |`);
  }
  out.push('\nNo peer was asked the survey question (weighted estimates with their intervals).');
}
if (results.live) {
  const L = results.live;
  out.push(`\nLive: a district officer of ${L.district} reported ${L.reported} of ${L.tried} ready villages over HTTP (\`POST /api/v1/hgj/villages/CODE/report\`, p50 / p99 ${f(L.post_ms.p50, 2)} / ${f(L.post_ms.p99, 2)} ms); right after each 201 the summaries of India, its state, district and block for today counted it (reported up by one) in ${L.visible} of ${L.reported}${L.refused.length ? `; not: ${L.refused.slice(0, 3).join('; ')}` : ''}.`);
}
const report = out.join('\n') + '\n';
console.log(report);
// --results FILE: the section replaces the file's "## Har Ghar Jal and
// functionality" section (up to the next "## " heading), or is added at
// its end.
if (args.results) {
  const file = resolve(args.results);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = before.search(/^## Har Ghar Jal and functionality/m);
  let text;
  if (at < 0) {
    text = `${before}${before && !before.endsWith('\n\n') ? '\n' : ''}${report}`;
  } else {
    const rest = before.slice(at + 3);
    const next = rest.search(/^## /m);
    text = before.slice(0, at) + report + (next < 0 ? '' : `\n${rest.slice(next)}`);
  }
  writeFileSync(file, text);
}
log(`done; raw figures in ${join(WORK, 'results.json')}`);
