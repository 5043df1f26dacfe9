#!/usr/bin/env node
// The water-quality benchmark, in one run, on `jjm generate` data (labs.csv,
// sources.csv and quality-results.csv beside the coverage files):
//   1. import: `jjm import quality-labs | quality-sources | quality-results
//      FILE --commit` (every check on; jjm's "committed in" seconds) beside
//      `sqlite3 .import` of the very same file into a new database, on
//      several shapes of the results file (as generated, by village;
//      shuffled; by collection date; the long layout, one row per sample
//      and parameter) and of the sources file (bare LGD village numbers,
//      when the villages have LGD codes: generated ones have not);
//   2. start-up: `jjm bench quality --iterations 0` (coverage and quality
//      loaded from the store, seconds and VmRSS) on each imported shape,
//      and `jjm serve` from its start to its first quality answer;
//   3. roll-ups: `jjm bench quality` (SummaryOf in process, random places
//      and days), `jjm bench http` against /api/v1/quality/summary for
//      states, districts and blocks, and the same question (samples
//      collected, tested, failing by contaminant; sources tested in the
//      financial year) as one SQL statement on a private PostgreSQL server
//      holding the same data (`jjm export all` -> `jjm import all`), with a
//      derived place table and the indexes a DBA would add; each SQL
//      answer is checked against jjm's HTTP answer for the same place and
//      day.
// Writes results.json into the work folder and prints a Markdown section
// (with --results FILE, also into that file). Hold the shared CPU lock on a
// shared machine; nothing is written into the checkout.
//
//   node bench/quality.mjs [--scale 0.05] [--work /tmp/jjm-bench-quality]
//        [--shapes a,b,c,d,e] [--seed 42] [--http-seconds 4] [--sql-queries 20]
//        [--results FILE (its "## Water quality" section is replaced)] [--keep]
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import {
  mkdirSync, rmSync, writeFileSync, readFileSync, existsSync, copyFileSync, statSync, createReadStream,
  createWriteStream, chmodSync,
} from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createServer } from 'node:net';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

import { parseArgs, log, run as runAny, lines, rng, elapsed } from './lib.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = parseArgs();
const SCALE = Number(args.scale ?? 0.05);
const WORK = resolve(args.work ?? '/tmp/jjm-bench-quality');
const JJM = resolve(args.jjm ?? join(REPO, 'build', 'jjm'));
const SEED = Number(args.seed ?? 42);
const HTTP_SECONDS = Number(args['http-seconds'] ?? 4);
const SQL_QUERIES = Number(args['sql-queries'] ?? 20);
const PG_BIN = '/usr/lib/postgresql/15/bin';
const REASON = 'benchmark loads generated history';
const STEP_TIMEOUT_MS = 30 * 60 * 1000;
const SHAPES = {
  a: 'results as generated (by village)',
  b: 'results shuffled',
  c: 'results by collection date',
  d: 'results in the long layout (one row per sample and parameter)',
  e: 'sources with bare LGD village numbers',
};
const picked = (args.shapes ?? Object.keys(SHAPES).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
for (const s of picked) if (!SHAPES[s]) throw new Error(`unknown shape ${s}: pick from ${Object.keys(SHAPES).join(',')}`);
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
function freePort() {
  return new Promise((res) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => res(port)); });
  });
}
function countRows(file) {
  return Number(execFileSync('wc', ['-l', file], { encoding: 'utf8' }).split(' ')[0]) - 1;
}
const DAY_MS = 86400000;
const dayNumber = (iso) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const isoOf = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);
// The first day of the financial year (April to March) holding `day`.
function fyStart(day) {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCMonth() >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  return Math.round(Date.UTC(y, 3, 1) / DAY_MS);
}
function copyDb(from, to) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(to + suffix, { force: true });
  for (const suffix of ['', '-wal']) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
}
function removeDb(db) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
}
// Folds the WAL into the file, so that a copy of the file is the database.
const checkpoint = (db) => run('sqlite3', [db, 'PRAGMA wal_checkpoint(TRUNCATE);'], { allowFail: true });

// ---------------------------------------------------------------- reshaping, with streams
// Writes `file` line by line from the generator `gen` (strings), waiting
// for the stream to drain.
async function writeLines(file, gen) {
  const out = createWriteStream(file, { highWaterMark: 1 << 22 });
  let chunk = [];
  let size = 0;
  for (const line of gen) {
    chunk.push(line);
    size += line.length;
    if (size >= 1 << 22) {
      if (!out.write(chunk.join(''))) await once(out, 'drain');
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length) out.write(chunk.join(''));
  out.end();
  await once(out, 'finish');
}
// The lines of a file (without the header, newlines kept), read with a
// stream; the header apart.
async function readAllLines(file) {
  const rl = createInterface({ input: createReadStream(file, { highWaterMark: 1 << 22 }), crlfDelay: Infinity });
  let header = null;
  const rows = [];
  for await (const l of rl) {
    if (header === null) header = `${l}\n`;
    else if (l) rows.push(`${l}\n`);
  }
  return { header, rows };
}
// The generated results file has no quoted cells (checked): a split on
// commas is its CSV.
function assertUnquoted(rows, file) {
  for (let i = 0; i < rows.length; i += Math.max(1, Math.floor(rows.length / 1000))) {
    if (rows[i].includes('"')) throw new Error(`${file} has quoted cells; the reshaper reads plain CSV only`);
  }
}
async function shuffledFile(src, dst) {
  const { header, rows } = await readAllLines(src);
  assertUnquoted(rows, src);
  const r = rng(SEED);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = rows[i]; rows[i] = rows[j]; rows[j] = t;
  }
  await writeLines(dst, (function* g() { yield header; yield* rows; })());
  return rows.length;
}
// A stable sort by collected_on (yyyy-mm-dd sorts as text).
async function byDateFile(src, dst) {
  const { header, rows } = await readAllLines(src);
  assertUnquoted(rows, src);
  const col = header.trim().split(',').indexOf('collected_on');
  if (col < 0) throw new Error(`${src} has no collected_on column`);
  const keyed = rows.map((l, i) => [l.split(',', col + 1)[col], i]);
  keyed.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]));
  await writeLines(dst, (function* g() { yield header; for (const [, i] of keyed) yield rows[i]; })());
  return rows.length;
}
// Wide -> long: the sample's columns, then parameter,unit,value, one row per
// non-empty parameter cell.  The parameter is written as the standard's
// code and the unit apart, as labs' LIMS exports do.
const LONG_PARAMETERS = {
  'pH': ['ph', ''],
  'Turbidity (NTU)': ['turbidity', 'NTU'],
  'TDS (mg/l)': ['tds', 'mg/l'],
  'Total hardness (as CaCO3) mg/L': ['total_hardness', 'mg/l'],
  'Total alkalinity (mg/l)': ['total_alkalinity', 'mg/l'],
  'Chloride (as Cl) mg/L': ['chloride', 'mg/l'],
  'Sulphate (mg/l)': ['sulphate', 'mg/l'],
  'Magnesium (mg/l)': ['magnesium', 'mg/l'],
  'Nitrate (as NO3) mg/L': ['nitrate', 'mg/l'],
  'Fluoride (as F) mg/L': ['fluoride', 'mg/l'],
  'Iron (mg/l)': ['iron', 'mg/l'],
  'Manganese (mg/l)': ['manganese', 'mg/l'],
  'Arsenic (mg/l)': ['arsenic', 'mg/l'],
  'Lead (mg/l)': ['lead', 'mg/l'],
  'Total coliform (per 100 ml)': ['total_coliform', ''],
  'E. coli (per 100 ml)': ['e_coli', ''],
};
async function longFile(src, dst) {
  const rl = createInterface({ input: createReadStream(src, { highWaterMark: 1 << 22 }), crlfDelay: Infinity });
  let header = null;
  let nSample = 0;
  let params = [];
  let rows = 0;
  let samples = 0;
  async function* gen() {
    for await (const l of rl) {
      if (!l) continue;
      if (header === null) {
        header = l.split(',');
        nSample = header.findIndex((h) => LONG_PARAMETERS[h]);
        params = header.slice(nSample).map((h) => {
          if (!LONG_PARAMETERS[h]) throw new Error(`no long-layout name for the column "${h}" of ${src}`);
          return LONG_PARAMETERS[h];
        });
        yield `${header.slice(0, nSample).join(',')},parameter,unit,value\n`;
        continue;
      }
      if (l.includes('"')) throw new Error(`${src} has quoted cells; the reshaper reads plain CSV only`);
      const f = l.split(',');
      const head = f.slice(0, nSample).join(',');
      ++samples;
      let out = '';
      for (let k = 0; k < params.length; k++) {
        const v = f[nSample + k];
        if (v === undefined || v === '') continue;
        out += `${head},${params[k][0]},${params[k][1]},${v}\n`;
        ++rows;
      }
      yield out;
    }
  }
  const out = createWriteStream(dst, { highWaterMark: 1 << 22 });
  let buf = '';
  for await (const piece of gen()) {
    buf += piece;
    if (buf.length >= 1 << 22) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.write(buf);
  out.end();
  await once(out, 'finish');
  return { rows, samples };
}
// Sources with bare LGD village numbers: V583451 -> 583451 (project codes
// keep their letters).
async function bareSourcesFile(src, dst) {
  const { header, rows } = await readAllLines(src);
  const col = header.trim().split(',').indexOf('village');
  if (col !== 1) throw new Error(`${src}: expected the village in the second column`);
  let bare = 0;
  await writeLines(dst, (function* g() {
    yield header;
    for (const l of rows) {
      const c = l.indexOf(',') + 1;
      if (l[c] === 'V' && l[c + 1] >= '0' && l[c + 1] <= '9') { ++bare; yield l.slice(0, c) + l.slice(c + 1); } else yield l;
    }
  })());
  return { rows: rows.length, bare };
}

// ---------------------------------------------------------------- jjm
function importQuality(kind, file, db) {
  const r = run(JJM, ['import', kind, file, '--db', db, '--commit', '--quiet']);
  const m = r.stdout.match(/committed in ([\d.]+) s/);
  if (!m) throw new Error(`jjm import ${kind} ${file} committed nothing:\n${r.stdout.slice(0, 4000)}\n${r.stderr.slice(0, 2000)}`);
  const rejected = r.stdout.match(/(\d[\d,]*) rejected/);
  return { seconds: Number(m[1]), wall_s: r.secs, rejected: rejected ? Number(rejected[1].replace(/,/g, '')) : 0, out: r.stdout.trim().split('\n').slice(0, 6).join(' | ') };
}
function sqliteImport(file, table) {
  const sq = join(WORK, `sqlite-${table}.db`);
  removeDb(sq);
  const r = run('sqlite3', [sq, '-cmd', 'PRAGMA journal_mode=WAL', '.mode csv', `.import ${file} ${table}`]);
  removeDb(sq);
  return r.secs;
}
function benchStartup(db) {
  const r = jsonLines(run(JJM, ['bench', 'quality', '--db', db, '--iterations', '0']).stdout);
  return r.find((x) => x.name === 'startup');
}
// `jjm serve` from its start: seconds to the "serving" line, to the first
// answer of GET /api/v1/quality/summary?place=IN, and VmRSS then.
async function serveStartup(db) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = process.hrtime.bigint();
  const secs = () => Number(process.hrtime.bigint() - t0) / 1e9;
  const proc = spawn(JJM, ['serve', '--db', db, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let serving = NaN;
  let exited = null;
  proc.stdout.on('data', (d) => { out += d; if (Number.isNaN(serving) && /serving http/.test(out)) serving = secs(); });
  proc.stderr.on('data', (d) => { out += d; });
  proc.on('exit', (c) => { exited = c; });
  let first = NaN;
  while (Number.isNaN(first)) {
    if (exited !== null) throw new Error(`jjm serve exited ${exited}:\n${out}`);
    if (secs() > 600) { proc.kill('SIGKILL'); throw new Error(`jjm serve gave no answer in 600 s:\n${out}`); }
    try {
      const r = await fetch(`${url}/api/v1/quality/summary?place=IN`);
      if (r.ok) { await r.json(); first = secs(); } else await r.text();
    } catch { /* not listening yet */ }
    if (Number.isNaN(first)) await new Promise((res) => setTimeout(res, 10));
  }
  const m = readFileSync(`/proc/${proc.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  return { proc, url, serving_s: serving, first_answer_s: first, rss_mib: m ? Number(m[1]) / 1024 : NaN, log: out.trim() };
}
async function stopServe(proc) {
  if (proc.exitCode !== null) return;
  await new Promise((res) => { proc.on('exit', res); proc.kill('SIGTERM'); });
}

// ---------------------------------------------------------------- setup
if (!existsSync(JJM)) throw new Error(`${JJM} is missing: build it (make build TESTING=OFF)`);
for (const tool of ['sqlite3', 'psql', `${PG_BIN}/initdb`]) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) throw new Error(`${tool} is missing: run scripts/install-deps.sh --bench`);
}
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
chmodSync(WORK, 0o755);
const gen = join(WORK, 'gen');
const results = {
  scale: SCALE,
  seed: SEED,
  machine: {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memory_gib: +(os.totalmem() / 2 ** 30).toFixed(1),
    commit: spawnSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim(),
    date: new Date().toISOString().slice(0, 10),
    sqlite: spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0],
    postgresql: spawnSync(`${PG_BIN}/postgres`, ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ')[2],
  },
  imports: [],
  startup: {},
};

log(`generating scale ${SCALE} into ${gen}`);
const g = run(JJM, ['generate', '--scale', String(SCALE), '--out', gen]);
results.generate = { seconds: g.secs, summary: g.stdout.trim() };
for (const f of ['labs.csv', 'sources.csv', 'quality-results.csv']) {
  if (!existsSync(join(gen, f))) throw new Error(`jjm generate wrote no ${f}`);
}
const resultsFile = join(gen, 'quality-results.csv');
{
  // What the generated samples cover: their days and financial years.
  const r = run('sh', ['-c', `awk -F, 'NR>1 {print $5}' ${resultsFile} | sort | uniq -c | awk '{print $2, $1}'`]);
  const days = lines(r.stdout).map((l) => l.split(' '));
  const fy = {};
  for (const [d, n] of days) { const k = isoOf(fyStart(dayNumber(d))).slice(0, 4); fy[k] = (fy[k] ?? 0) + Number(n); }
  results.data = { first_day: days[0][0], last_day: days.at(-1)[0], samples_by_fy: fy,
    labs: countRows(join(gen, 'labs.csv')), sources: countRows(join(gen, 'sources.csv')), samples: countRows(resultsFile),
    results_mib: statSync(resultsFile).size / 2 ** 20 };
  log(`samples ${results.data.samples} from ${results.data.first_day} to ${results.data.last_day}, by FY ${JSON.stringify(fy)}`);
}

log('importing the coverage files once (base database)');
const base = join(WORK, 'base.db');
const manifest = lines(readFileSync(join(gen, 'manifest.txt'), 'utf8')).filter((l) => !l.startsWith('#'));
for (const line of manifest) {
  const [kind, file, date] = line.split(/\s+/);
  if (kind === 'partners' || kind.startsWith('quality')) continue;
  const argv = ['import', kind, join(gen, file), '--db', base, '--commit', '--quiet', '--closed-periods', REASON];
  if (date) argv.push('--as-of', date);
  run(JJM, argv);
}
checkpoint(base);

// ---------------------------------------------------------------- 1. imports
const importRow = (name, file, rows, jjm, sqliteSecs, extra = {}) => {
  const row = { name, file: file.replace(`${WORK}/`, ''), rows, file_mib: statSync(file).size / 2 ** 20,
    jjm_s: jjm.seconds, jjm_wall_s: jjm.wall_s, rejected: jjm.rejected, jjm_rows_per_s: rows / jjm.seconds,
    sqlite_s: sqliteSecs, sqlite_rows_per_s: rows / sqliteSecs, ratio: sqliteSecs / jjm.seconds, ...extra };
  results.imports.push(row);
  log(`${name}: jjm ${jjm.seconds} s (${Math.round(row.jjm_rows_per_s)} rows/s), sqlite3 ${sqliteSecs.toFixed(2)} s, ratio ${row.ratio.toFixed(2)}`);
  if (jjm.rejected) log(`  ${jjm.rejected} rows rejected: ${jjm.out}`);
  return row;
};
const withLabs = join(WORK, 'labs.db');
const withSources = join(WORK, 'sources.db');
const main = join(WORK, 'jjm.db');
copyDb(base, withLabs);
log('jjm import quality-labs');
importRow('labs.csv', join(gen, 'labs.csv'), countRows(join(gen, 'labs.csv')),
  importQuality('quality-labs', join(gen, 'labs.csv'), withLabs), sqliteImport(join(gen, 'labs.csv'), 'labs'));
checkpoint(withLabs);
copyDb(withLabs, withSources);
log('jjm import quality-sources');
importRow('sources.csv', join(gen, 'sources.csv'), results.data.sources,
  importQuality('quality-sources', join(gen, 'sources.csv'), withSources), sqliteImport(join(gen, 'sources.csv'), 'sources'));
checkpoint(withSources);

// The results file in each shape, into a copy of the database with labs
// and sources; shape a's copy is the database every later step reads.
for (const id of picked) {
  log(`shape ${id} (${SHAPES[id]})`);
  if (id === 'e') {
    const file = join(WORK, 'sources-bare.csv');
    const { rows, bare } = await bareSourcesFile(join(gen, 'sources.csv'), file);
    if (bare === 0) {
      // `jjm generate` gives villages project codes (VX1) at every scale:
      // there is no LGD number to write bare.
      rmSync(file, { force: true });
      results.skipped = [...(results.skipped ?? []), { shape: 'e', why: 'the generated villages have project codes (VX1...), not LGD codes: no bare number to write' }];
      log('shape e skipped: the generated villages have no LGD codes');
      continue;
    }
    const db = join(WORK, 'shape-e.db');
    copyDb(withLabs, db);
    importRow(`e: ${SHAPES.e}`, file, rows, importQuality('quality-sources', file, db), sqliteImport(file, 'sources'), { shape: 'e', bare_codes: bare });
    removeDb(db);
    if (args.keep !== 'true') rmSync(file, { force: true });
    continue;
  }
  let file = resultsFile;
  let rows = results.data.samples;
  let samples = rows;
  if (id === 'b') { file = join(WORK, 'results-shuffled.csv'); rows = await shuffledFile(resultsFile, file); }
  if (id === 'c') { file = join(WORK, 'results-by-date.csv'); rows = await byDateFile(resultsFile, file); }
  if (id === 'd') { file = join(WORK, 'results-long.csv'); ({ rows, samples } = await longFile(resultsFile, file)); }
  const db = id === 'a' ? main : join(WORK, `shape-${id}.db`);
  copyDb(withSources, db);
  const jjm = importQuality('quality-results', file, db);
  const row = importRow(`${id}: ${SHAPES[id]}`, file, rows, jjm, sqliteImport(file, 'results'),
    { shape: id, samples, jjm_samples_per_s: samples / jjm.seconds });
  // What the import stored: a sample's row, its events, its results and
  // the alerts it opened (each written with its indexes).
  const counts = lines(run('sqlite3', [db, 'SELECT (SELECT count(*) FROM wq_sample), (SELECT count(*) FROM wq_sample_event), (SELECT count(*) FROM wq_result), (SELECT count(*) FROM wq_alert)']).stdout)[0].split('|').map(Number);
  row.stored = { samples: counts[0], events: counts[1], results: counts[2], alerts: counts[3] };
  row.stored_rows_per_s = counts.reduce((a, b) => a + b, 0) / jjm.seconds;
  log(`shape ${id}: start-up (jjm bench quality --iterations 0)`);
  row.startup = benchStartup(db);
  if (id !== 'a') removeDb(db);
  if (file !== resultsFile && args.keep !== 'true') rmSync(file, { force: true });
}
if (!existsSync(main)) throw new Error('shape a (as generated) is needed for the later steps');
removeDb(withLabs);
removeDb(withSources);
checkpoint(main);

// ---------------------------------------------------------------- 2. start-up
log('start-up: jjm bench quality --iterations 0, then jjm serve to its first answer');
results.startup.bench = benchStartup(main);
const served = await serveStartup(main);
results.startup.serve = { serving_s: served.serving_s, first_answer_s: served.first_answer_s, rss_mib: served.rss_mib, log: served.log };
log(`serve: serving after ${served.serving_s.toFixed(2)} s, first quality answer after ${served.first_answer_s.toFixed(2)} s, ${Math.round(served.rss_mib)} MiB`);

// ---------------------------------------------------------------- 3. roll-ups
// Days asked about: those the samples cover.
const FIRST = dayNumber(results.data.first_day);
const LAST = dayNumber(results.data.last_day);
const randomDay = () => FIRST + Math.floor(rand() * (LAST - FIRST + 1));
const LEVELS = [['state', 1], ['district', 2], ['block', 3]];
const places = {};
for (const [name, level] of LEVELS) {
  places[name] = lines(run('sqlite3', [main, `SELECT code FROM unit WHERE level = ${level} ORDER BY code`]).stdout);
}
results.places = Object.fromEntries(Object.entries(places).map(([k, v]) => [k, v.length]));
results.rollups = {};
let checks;
try {
  log('roll-ups in process: jjm bench quality');
  for (const r of jsonLines(run(JJM, ['bench', 'quality', '--db', main, '--from', isoOf(FIRST), '--to', isoOf(LAST)]).stdout)) {
    if (r.name === 'startup') continue;
    results.rollups[r.name] = { inproc_us: { p50: r.p50_us, p99: r.p99_us, n: r.n } };
  }
  log('roll-ups over HTTP: jjm bench http');
  for (const [name] of LEVELS) {
    const key = `${name}_summary`;
    const file = join(WORK, `targets-${name}.txt`);
    const list = Array.from({ length: 2000 }, () => `/api/v1/quality/summary?place=${pick(places[name])}&as_of=${isoOf(randomDay())}`);
    writeFileSync(file, [...new Set(list)].join('\n'));
    const first = jsonLines(run(JJM, ['bench', 'http', '--url', served.url, '--targets', file, '--name', key, '--once', '--connections', '1']).stdout)[0];
    const steady = jsonLines(run(JJM, ['bench', 'http', '--url', served.url, '--targets', file, '--name', key, '--connections', '1', '--seconds', String(HTTP_SECONDS)]).stdout)[0];
    results.rollups[key] = { ...(results.rollups[key] ?? {}), http_first_us: { p50: first.p50_us, p99: first.p99_us, n: first.n },
      http_us: { p50: steady.p50_us, p99: steady.p99_us, n: steady.n } };
  }
  // The size of an answer at each level (the place's summary and one per
  // child place).
  results.answer = {};
  for (const [name] of LEVELS) {
    const r = await fetch(`${served.url}/api/v1/quality/summary?place=${places[name][0]}&as_of=${isoOf(LAST)}`);
    const text = await r.text();
    results.answer[name] = { bytes: Buffer.byteLength(text), rows: JSON.parse(text).rows?.length ?? 0 };
  }
  // The places and days the SQL is asked, with jjm's answers to compare.
  checks = [];
  for (const [name] of LEVELS) {
    for (let i = 0; i < SQL_QUERIES; i++) {
      const code = pick(places[name]);
      const day = randomDay();
      const r = await fetch(`${served.url}/api/v1/quality/summary?place=${code}&as_of=${isoOf(day)}`);
      if (!r.ok) throw new Error(`summary of ${code} on ${isoOf(day)}: HTTP ${r.status} ${await r.text()}`);
      const j = await r.json();
      checks.push({ level: name, code, day, jjm: j.summary ?? j });
    }
  }
} finally {
  await stopServe(served.proc);
}

// ---------------------------------------------------------------- PostgreSQL
log('exporting the database (jjm export all)');
const dump = join(WORK, 'dump');
const ex = run(JJM, ['export', 'all', '--db', main, '--out', dump]);
results.dump = { seconds: ex.secs, summary: ex.stdout.trim().split('\n').at(-1) };
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
const PG = `postgresql://postgres@127.0.0.1:${pgPort}/postgres`;
const psqlArgs = ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-X', '-q', '-v', 'ON_ERROR_STOP=1'];
const psql = (sql) => run('psql', [...psqlArgs, '-c', sql]);
try {
  log('jjm migrate and jjm import all into PostgreSQL');
  run(JJM, ['migrate', '--db', PG]);
  const load = run(JJM, ['import', 'all', dump, '--db', PG, '--commit']);
  results.pg_load = { seconds: load.secs, summary: load.stdout.trim().split('\n').at(-1) };
  // What a fair DBA adds: each village's block, district and state once
  // (the hierarchy is village < gp < block < district < state), indexed by
  // each level, and samples by village and day.
  const t = Date.now();
  psql(`CREATE TABLE village_place AS
          SELECT v.id AS village_id, g.id AS gp_id, b.id AS block_id, d.id AS district_id, s.id AS state_id
          FROM unit v JOIN unit g ON g.id = v.parent_id JOIN unit b ON b.id = g.parent_id
          JOIN unit d ON d.id = b.parent_id JOIN unit s ON s.id = d.parent_id WHERE v.level = 5;
        ALTER TABLE village_place ADD PRIMARY KEY (village_id);
        CREATE INDEX village_place_block ON village_place (block_id);
        CREATE INDEX village_place_district ON village_place (district_id);
        CREATE INDEX village_place_state ON village_place (state_id);
        CREATE INDEX wq_sample_village_day ON wq_sample (village_id, collected_day);`);
  psql('VACUUM ANALYZE');
  results.pg_index_seconds = (Date.now() - t) / 1000;
  const ids = {};
  for (const l of lines(run('psql', [...psqlArgs, '-A', '-t', '-F', ',', '-c', 'SELECT code, id FROM unit WHERE level <= 3']).stdout)) {
    const [code, id] = l.split(',');
    ids[code] = id;
  }
  // The summary's figures for a place and day, in one statement: samples
  // collected by the day; of them tested by the day; failing (a final
  // result beyond, or above acceptable where the source has an alternate)
  // by the day, in all and by contaminant; sources tested by a lab
  // (chemical or physical parameters, and bacteriological) in the
  // financial year up to the day.
  const column = { state: 'state_id', district: 'district_id', block: 'block_id' };
  const sqlOf = (c) => `WITH s AS (
  SELECT s.id, s.method, s.source_id, s.collected_day, COALESCE(so.has_alternate, 0) AS alt
  FROM village_place vp JOIN wq_sample s ON s.village_id = vp.village_id
  LEFT JOIN wq_source so ON so.id = s.source_id
  WHERE vp.${column[c.level]} = ${ids[c.code]} AND s.collected_day <= ${c.day}),
e AS (
  SELECT e.sample_id AS id, MIN(e.day) FILTER (WHERE e.kind = 'tested') AS tested_day,
         MAX(e.day) FILTER (WHERE e.kind = 'final') AS final_day
  FROM s JOIN wq_sample_event e ON e.sample_id = s.id GROUP BY e.sample_id),
r AS (
  SELECT s.id, s.method, s.source_id, s.collected_day, p.contaminant, p.family,
         (r.grade = 2 OR (r.grade = 1 AND s.alt = 1)) AS fails, e.final_day
  FROM s JOIN e ON e.id = s.id AND e.final_day IS NOT NULL
  JOIN wq_sample_event te ON te.sample_id = s.id AND te.kind = 'tested'
  JOIN wq_result r ON r.event_id = te.id JOIN wq_parameter p ON p.id = r.parameter_id)
SELECT '${c.level},${c.code},${c.day}',
  (SELECT count(*) FROM s),
  (SELECT count(*) FROM e WHERE tested_day <= ${c.day}),
  (SELECT count(DISTINCT id) FROM r WHERE fails AND final_day <= ${c.day}),
  (SELECT coalesce(string_agg(contaminant || '=' || n, ' ' ORDER BY contaminant), '')
     FROM (SELECT contaminant, count(DISTINCT id) AS n FROM r WHERE fails AND final_day <= ${c.day} GROUP BY contaminant) x),
  (SELECT count(DISTINCT source_id) FROM r WHERE method = 'lab' AND source_id IS NOT NULL
     AND collected_day >= ${fyStart(c.day)} AND family <> 'bacteriological'),
  (SELECT count(DISTINCT source_id) FROM r WHERE method = 'lab' AND source_id IS NOT NULL
     AND collected_day >= ${fyStart(c.day)} AND family = 'bacteriological');`;
  results.sql_example = sqlOf(checks.find((c) => c.level === 'district'));
  log(`timing the GROUP BY in PostgreSQL (${checks.length} places and days)`);
  const file = join(WORK, 'pg-quality.sql');
  // Each statement twice: the first warms the cache, the second is timed.
  writeFileSync(file, checks.map((c) => `\\timing off\n${sqlOf(c)}\n\\timing on\n${sqlOf(c)}\n`).join(''));
  const r = run('psql', [...psqlArgs, '-A', '-t', '-F', '|', '-f', file]);
  const ms = [...r.stdout.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));
  const answers = lines(r.stdout).filter((l) => !l.startsWith('Time:')).map((l) => l.split('|'));
  let same = 0;
  const differ = [];
  checks.forEach((c, i) => {
    c.pg_ms = ms[i];
    const [, samples, tested, failing, by, chem, bact] = answers[2 * i];
    const j = c.jjm;
    const jjmBy = Object.entries(j.failing_by ?? {}).filter(([, n]) => n > 0).map(([k, n]) => `${k}=${n}`).sort().join(' ');
    const mine = [j.samples, j.tested, j.failing, jjmBy, j.sources_tested_chemical, j.sources_tested_bacteriological].join('|');
    const theirs = [samples, tested, failing, by, chem, bact].join('|');
    if (mine === theirs) same++;
    else differ.push({ place: c.code, day: isoOf(c.day), jjm: mine, pg: theirs });
  });
  results.pg_check = { same, of: checks.length, differ: differ.slice(0, 10) };
  log(`PostgreSQL answers equal to jjm's: ${same} of ${checks.length}`);
  for (const [name] of LEVELS) {
    const v = checks.filter((c) => c.level === name).map((c) => c.pg_ms);
    const key = `${name}_summary`;
    results.rollups[key] = { ...(results.rollups[key] ?? {}), pg_ms: { p50: percentile(v, 0.5), p99: percentile(v, 0.99), n: v.length } };
  }
} finally {
  pgRun('pg_ctl', ['-D', pgData, '-m', 'fast', 'stop'], { allowFail: true });
}
results.seconds = elapsed();
writeFileSync(join(WORK, 'results.json'), JSON.stringify(results, null, 2));
if (args.keep !== 'true') {
  for (const p of [pgData, dump, join(gen, 'connections.csv')]) rmSync(p, { recursive: true, force: true });
}

// ---------------------------------------------------------------- report
const f = (x, d = 1) => (Number.isFinite(x) ? x.toLocaleString('en-IN', { maximumFractionDigits: d }) : 'n/a');
const int = (x) => f(x, 0);
const us = (x) => (!Number.isFinite(x) ? 'n/a' : x >= 1000 ? `${f(x / 1000, 2)} ms` : `${f(x, 2)} µs`);
const D = results.data;
const out = [];
out.push(`## Water quality (\`node bench/quality.mjs --scale ${SCALE}\`)\n`);
out.push(`Run ${results.machine.date} on commit ${results.machine.commit}: ${results.machine.cores} cores (${results.machine.cpu}), ${results.machine.memory_gib} GiB; SQLite ${results.machine.sqlite}, PostgreSQL ${results.machine.postgresql}. Data: \`jjm generate --scale ${SCALE}\`: ${int(D.labs)} labs, ${int(D.sources)} sources, ${int(D.samples)} samples (${D.results_mib.toFixed(0)} MiB, wide layout) collected ${D.first_day} to ${D.last_day}, by financial year ${Object.entries(D.samples_by_fy).map(([y, n]) => `${y}-${String(Number(y) + 1).slice(2)} ${int(n)}`).join(', ')}. Whole run ${f(results.seconds / 60, 1)} minutes.\n`);
out.push('### Import (every check on) beside `sqlite3 .import` of the very same file\n');
out.push('jjm: `jjm import quality-labs|quality-sources|quality-results FILE --commit --quiet` into a database holding the coverage data (and the labs, and the sources, before results), its "committed in" seconds; sqlite3: `sqlite3 NEW.db -cmd \'PRAGMA journal_mode=WAL\' \'.mode csv\' \'.import FILE t\'`, wall seconds. Rows are the file\'s lines; ratio = jjm rows/s / sqlite3 rows/s (target at least 1). Start-up: `jjm bench quality --iterations 0` on the database that import made (coverage then quality loaded from the store; RSS once both are loaded).\n');
out.push('| file | rows | MiB | jjm rows/s | sqlite3 rows/s | ratio | rejected | jjm stored rows/s | start-up coverage + quality s | RSS MiB |');
out.push('|---|---|---|---|---|---|---|---|---|---|');
for (const r of results.imports) {
  const st = r.startup ? `${f(r.startup.coverage_seconds, 2)} + ${f(r.startup.quality_seconds, 2)}` : '';
  out.push(`| ${r.name} | ${int(r.rows)} | ${f(r.file_mib, 0)} | ${int(r.jjm_rows_per_s)}${r.jjm_samples_per_s && r.samples !== r.rows ? ` (${int(r.jjm_samples_per_s)} samples/s)` : ''} | ${int(r.sqlite_rows_per_s)} | ${f(r.ratio, 2)} | ${r.rejected} | ${r.stored_rows_per_s ? int(r.stored_rows_per_s) : ''} | ${st} | ${r.startup ? int(r.startup.rss_mib) : ''} |`);
}
for (const sk of results.skipped ?? []) out.push(`\nShape ${sk.shape} (${SHAPES[sk.shape]}) skipped: ${sk.why}. The results file names sources (WS1...) and labs (DLDX1...) by the project's own codes, which have no other form.`);
const st = results.imports.find((r) => r.shape === 'a')?.stored;
if (st) out.push(`\n"Stored rows": what jjm writes for the file, each with its indexes: as generated, ${int(st.samples)} samples, ${int(st.events)} events (received, tested, final), ${int(st.results)} results and ${int(st.alerts)} alerts; sqlite3 writes one row per line and no index.`);
out.push('');
const sb = results.startup.bench;
const ss = results.startup.serve;
out.push('### Start-up and memory\n');
out.push(`- \`jjm bench quality --iterations 0\` (as generated): coverage ${f(sb.coverage_seconds, 2)} s (${int(sb.coverage_rss_mib)} MiB), quality ${f(sb.quality_seconds, 2)} s, together ${f(sb.total_seconds, 2)} s and ${int(sb.rss_mib)} MiB resident (targets: under 10 s, under 3 GB).`);
out.push(`- \`jjm serve\`: "serving" after ${f(ss.serving_s, 2)} s, first answer of \`GET /api/v1/quality/summary?place=IN\` after ${f(ss.first_answer_s, 2)} s, ${int(ss.rss_mib)} MiB resident then.\n`);
out.push('### Roll-ups: a place\'s summary for a day\n');
out.push(`Random places and days between ${D.first_day} and ${D.last_day}. In process: \`jjm bench quality\` (QualityService::SummaryOf). HTTP: \`jjm bench http\`, one keep-alive connection, against \`/api/v1/quality/summary?place=CODE&as_of=DAY\`; "first" asks each distinct URL once, "steady" repeats them for ${HTTP_SECONDS} s. PostgreSQL: the database exported with \`jjm export all\` and loaded with \`jjm migrate\` + \`jjm import all --commit\` (${f(results.pg_load?.seconds, 1)} s), plus a derived table village -> gp/block/district/state with an index per level and an index on samples by (village, day) (${f(results.pg_index_seconds, 1)} s), then one statement per place and day giving samples collected, tested, failing in all and by contaminant, and sources tested chemically and bacteriologically in the financial year (\`psql \\timing\`, each statement run once untimed first). Every PostgreSQL answer was compared with jjm's HTTP answer for the same place and day: ${results.pg_check?.same} of ${results.pg_check?.of} equal.\n`);
out.push('| level | jjm in process p50 / p99 | HTTP first p50 / p99 | HTTP steady p50 / p99 | PostgreSQL p50 / p99 | PostgreSQL / in process (p50) |');
out.push('|---|---|---|---|---|---|');
for (const name of ['nation', 'state', 'district', 'block', 'gp', 'village', 'state_districts']) {
  const r = results.rollups[`${name}_summary`];
  if (!r) continue;
  const cell = (m, k = 1) => (m ? `${us(m.p50 * k)} / ${us(m.p99 * k)}` : '');
  const ratio = r.pg_ms && r.inproc_us ? `${int(r.pg_ms.p50 * 1000 / r.inproc_us.p50)}x` : '';
  out.push(`| ${name === 'state_districts' ? "a state's districts, one summary each" : name} | ${cell(r.inproc_us)} | ${cell(r.http_first_us)} | ${cell(r.http_us)} | ${cell(r.pg_ms, 1000)} | ${ratio} |`);
}
out.push(`\nAn HTTP answer holds the place's summary and one per child place: ${LEVELS.map(([n]) => `a ${n}, ${int(results.answer[n].rows)} rows, ${int(results.answer[n].bytes)} bytes`).join('; ')}. The in-process figures are one SummaryOf each (the last row: a state's districts, one SummaryOf each).`);
if (results.pg_check?.differ.length) {
  out.push(`\nAnswers that differ (jjm | PostgreSQL, as samples|tested|failing|by contaminant|sources chemical|bacteriological): ${results.pg_check.differ.map((d) => `${d.place} ${d.day}: ${d.jjm} vs ${d.pg}`).join('; ')}.`);
}
const report = out.join('\n') + '\n';
console.log(report);
// --results FILE: the section replaces the file's "## Water quality"
// section (up to the next "## " heading), or is added at its end.
if (args.results) {
  const file = resolve(args.results);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = before.search(/^## Water quality/m);
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
