#!/usr/bin/env node
// The ledger import and `jjm serve` start-up on several shapes of the same
// ledger file, not only the one `jjm generate` writes (ordered by village).
// One `jjm generate` run; the places, villages, habitations and re-surveys
// are imported once into a base database, which is copied for each shape;
// then, per shape of connections.csv:
//   - `jjm import connections FILE --commit` into the copy (the "committed
//     in X s" line), beside `sqlite3 .import` of the very same file into a
//     new database;
//   - `jjm serve --port 0` on the copy: seconds to the "serving" line, jjm's
//     own "loading took" split, and VmRSS once it serves.
// Shapes (pick with --shapes a,b,...; all by default):
//   a  as generated: ordered by village
//   b  by date, then village (a stable sort of a by date)
//   c  shuffled (seeded)
//   d  as a, with bare LGD village numbers (V583451 -> 583451)
//   e  long histories: as a, only the villages with the most ledger rows
//      (at or above the 75th percentile of rows per village)
//   f  short histories: as a, only the villages with the fewest ledger rows
//      (at or below the 25th percentile)
//   g  by date with bare LGD numbers (b and d together: the shape of the
//      independent national ledger)
// Writes results.json into the work folder and prints a Markdown table
// (with --results FILE, also to that file). Run it holding the shared CPU
// lock; each step has a time limit and shapes past --budget-minutes are
// skipped (and said so).
//
//   node bench/shapes.mjs [--scale 1] [--work /tmp/jjm-bench-shapes]
//        [--shapes a,b,c,d,e,f,g] [--seed 42] [--results bench/SHAPES.md]
//        [--budget-minutes 14] [--keep]
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import {
  mkdirSync, rmSync, writeFileSync, readFileSync, existsSync, copyFileSync, openSync, writeSync, closeSync,
  statSync,
} from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

import { parseArgs, log, run as runAny, lines, rng, elapsed } from './lib.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = parseArgs();
const SCALE = Number(args.scale ?? 1);
const WORK = resolve(args.work ?? '/tmp/jjm-bench-shapes');
const JJM = resolve(args.jjm ?? join(REPO, 'build', 'jjm'));
const SEED = Number(args.seed ?? 42);
const BUDGET_S = Number(args['budget-minutes'] ?? 14) * 60;
const STEP_TIMEOUT_MS = 10 * 60 * 1000;
const SERVE_TIMEOUT_MS = 5 * 60 * 1000;
const REASON = 'benchmark loads generated history';
const SHAPES = {
  a: 'as generated (by village)',
  b: 'by date, then village',
  c: 'shuffled',
  d: 'bare LGD village numbers',
  e: 'long histories only',
  f: 'short histories only',
  g: 'by date, bare LGD numbers',
};
const picked = (args.shapes ?? Object.keys(SHAPES).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
for (const s of picked) {
  if (!SHAPES[s]) throw new Error(`unknown shape ${s}: pick from ${Object.keys(SHAPES).join(',')}`);
}
if (!Number.isFinite(SCALE) || SCALE <= 0) throw new Error('--scale wants a positive number');


// Every step is bounded.
const run = (cmd, argv, opts = {}) => runAny(cmd, argv, { timeout: STEP_TIMEOUT_MS, ...opts });

// ---------------------------------------------------------------- the ledger file in memory
// The file as one buffer and the offset of each line (header excluded);
// line i is buf[starts[i], starts[i + 1]), newline included.
function loadLedger(file) {
  let buf = readFileSync(file);
  if (buf.length && buf[buf.length - 1] !== 0x0a) buf = Buffer.concat([buf, Buffer.from('\n')]);
  if (buf.length >= 2 ** 32) throw new Error(`${file} is over 4 GiB`);
  const headerEnd = buf.indexOf(0x0a) + 1;
  let n = 0;
  for (let p = headerEnd; p < buf.length; p = buf.indexOf(0x0a, p) + 1) n++;
  const starts = new Uint32Array(n + 1);
  let i = 0;
  for (let p = headerEnd; p < buf.length; p = buf.indexOf(0x0a, p) + 1) starts[i++] = p;
  starts[n] = buf.length;
  return { buf, header: buf.subarray(0, headerEnd), starts, n };
}
// The village code of line i (bytes up to the first comma).
function villageOf(led, i) {
  const s = led.starts[i];
  return led.buf.toString('latin1', s, led.buf.indexOf(0x2c, s));
}
// yyyymmdd of line i's date (the second column, written yyyy-mm-dd).
function dateKeyOf(led, i) {
  const b = led.buf;
  const p = b.indexOf(0x2c, led.starts[i]) + 1;
  const d = (k) => b[p + k] - 48;
  return (((d(0) * 10 + d(1)) * 10 + d(2)) * 10 + d(3)) * 10000 + (d(5) * 10 + d(6)) * 100 + d(8) * 10 + d(9);
}
// Writes the header and the lines in `order`; with bare, a village code
// written V<digits> loses its V (project codes such as VX12 keep theirs).
function writeLedger(led, order, file, { bare = false } = {}) {
  const fd = openSync(file, 'w');
  const CHUNK = 1 << 23;
  let out = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  const flush = () => { writeSync(fd, out, 0, used); used = 0; };
  writeSync(fd, led.header);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    let s = led.starts[i];
    const e = led.starts[i + 1];
    if (bare && led.buf[s] === 0x56 && led.buf[s + 1] >= 0x30 && led.buf[s + 1] <= 0x39) s++;
    if (used + (e - s) > out.length) {
      flush();
      if (e - s > out.length) out = Buffer.allocUnsafe(e - s);
    }
    used += led.buf.copy(out, used, s, e);
  }
  flush();
  closeSync(fd);
}
function identity(n) {
  const o = new Uint32Array(n);
  for (let i = 0; i < n; i++) o[i] = i;
  return o;
}
// Stable counting sort of the lines by date: within a date, the order of a.
function byDate(led) {
  const keys = new Uint32Array(led.n);
  const count = new Map();
  for (let i = 0; i < led.n; i++) {
    const k = dateKeyOf(led, i);
    keys[i] = k;
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const next = new Map();
  let at = 0;
  for (const k of [...count.keys()].sort((x, y) => x - y)) { next.set(k, at); at += count.get(k); }
  const order = new Uint32Array(led.n);
  for (let i = 0; i < led.n; i++) {
    const k = keys[i];
    const p = next.get(k);
    order[p] = i;
    next.set(k, p + 1);
  }
  return order;
}
function shuffled(n, seed) {
  const o = identity(n);
  const r = rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = o[i]; o[i] = o[j]; o[j] = t;
  }
  return o;
}
// Rows per village, and the lines of the villages whose row count passes `keep`.
function rowsPerVillage(led) {
  const per = new Map();
  for (let i = 0; i < led.n; i++) {
    const v = villageOf(led, i);
    per.set(v, (per.get(v) ?? 0) + 1);
  }
  return per;
}
function linesOfVillages(led, keep) {
  const out = [];
  for (let i = 0; i < led.n; i++) if (keep(villageOf(led, i))) out.push(i);
  return Uint32Array.from(out);
}
function quantile(sorted, q) { return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]; }

// ---------------------------------------------------------------- jjm serve
// Starts `jjm serve --port 0` on db; resolves with the seconds to the
// "serving" line, jjm's own load lines and VmRSS, then stops it.
function timeStartup(db) {
  return new Promise((res, rej) => {
    const t0 = process.hrtime.bigint();
    const proc = spawn(JJM, ['serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      proc.kill('SIGKILL');
      rej(new Error(`jjm serve did not serve within ${SERVE_TIMEOUT_MS / 1000} s:\n${out}\n${err}`));
    }, SERVE_TIMEOUT_MS);
    proc.stderr.on('data', (d) => { err += d; });
    proc.stdout.on('data', (d) => {
      out += d;
      if (done || !/serving http/.test(out)) return;
      done = true;
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const m = readFileSync(`/proc/${proc.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
      const split = out.match(/loading took ([\d.]+) s for places, ([\d.]+) s facts, ([\d.]+) s ledger, ([\d.]+) s roll-ups/);
      const loaded = out.match(/loaded in ([\d.]+) s/);
      const result = {
        seconds,
        rss_mib: m ? Number(m[1]) / 1024 : NaN,
        loaded_s: loaded ? Number(loaded[1]) : NaN,
        places_s: split ? Number(split[1]) : NaN,
        facts_s: split ? Number(split[2]) : NaN,
        ledger_s: split ? Number(split[3]) : NaN,
        rollups_s: split ? Number(split[4]) : NaN,
        log: out.trim(),
      };
      proc.on('exit', () => res(result));
      proc.kill('SIGTERM');
    });
    proc.on('exit', (c, sig) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      rej(new Error(`jjm serve exited ${c ?? sig} before serving:\n${out}\n${err}`));
    });
  });
}

// ---------------------------------------------------------------- setup
if (!existsSync(JJM)) throw new Error(`${JJM} is missing: build it (make build TESTING=OFF)`);
if (spawnSync('sh', ['-c', 'command -v sqlite3']).status !== 0) {
  throw new Error('sqlite3 is missing: run scripts/install-deps.sh --bench');
}
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const gen = join(WORK, 'gen');
const base = join(WORK, 'base.db');
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
  },
  shapes: [],
  skipped: [],
};

log(`generating scale ${SCALE} into ${gen}`);
const g = run(JJM, ['generate', '--scale', String(SCALE), '--out', gen]);
results.generate = { seconds: g.secs, summary: g.stdout.trim() };

log('importing the places, villages, habitations and re-surveys once');
const manifest = lines(readFileSync(join(gen, 'manifest.txt'), 'utf8')).filter((l) => !l.startsWith('#'));
results.base_imports = [];
for (const line of manifest) {
  const [kind, file, date] = line.split(/\s+/);
  // The ledger is what is measured; the partner programme is no part of it.
  if (kind === 'connections' || kind === 'partners') continue;
  const argv = ['import', kind, join(gen, file), '--db', base, '--commit', '--quiet', '--closed-periods', REASON];
  if (date) argv.push('--as-of', date);
  const r = run(JJM, argv);
  results.base_imports.push({ kind, file, wall_s: r.secs });
}
// Fold the WAL into the file, so that a copy of the file is the database.
run('sqlite3', [base, 'PRAGMA wal_checkpoint(TRUNCATE);'], { allowFail: true });

log('reading connections.csv');
const led = loadLedger(join(gen, 'connections.csv'));
const per = rowsPerVillage(led);
const counts = [...per.values()].sort((x, y) => x - y);
const q25 = quantile(counts, 0.25);
const q75 = quantile(counts, 0.75);
const villageRows = Number(execFileSync('wc', ['-l', join(gen, 'villages.csv')], { encoding: 'utf8' }).split(' ')[0]) - 1;
results.ledger = {
  rows: led.n,
  villages_touched: per.size,
  villages: villageRows,
  rows_per_village: { min: counts[0], p25: q25, p50: quantile(counts, 0.5), p75: q75, max: counts.at(-1) },
};
log(`${led.n} ledger rows over ${per.size} of ${villageRows} villages; rows per village p25 ${q25}, p75 ${q75}`);

// Each shape: its file, its lines in order and whether codes are bare.
function makeShape(id) {
  const file = join(WORK, `connections-${id}.csv`);
  let order;
  let bare = false;
  let villages = per.size;
  switch (id) {
    case 'a': return { file: join(gen, 'connections.csv'), rows: led.n, villages };
    case 'b': order = byDate(led); break;
    case 'c': order = shuffled(led.n, SEED); break;
    case 'd': order = identity(led.n); bare = true; break;
    case 'e':
      order = linesOfVillages(led, (v) => per.get(v) >= q75);
      villages = counts.filter((c) => c >= q75).length;
      break;
    case 'f':
      order = linesOfVillages(led, (v) => per.get(v) <= q25);
      villages = counts.filter((c) => c <= q25).length;
      break;
    case 'g': order = byDate(led); bare = true; break;
    default: throw new Error(id);
  }
  writeLedger(led, order, file, { bare });
  return { file, rows: order.length, villages };
}

// ---------------------------------------------------------------- the shapes
for (const id of picked) {
  if (elapsed() > BUDGET_S) {
    log(`shape ${id}: skipped, the run is past its ${BUDGET_S / 60}-minute budget`);
    results.skipped.push(id);
    continue;
  }
  log(`shape ${id} (${SHAPES[id]}): writing the file`);
  const shape = makeShape(id);
  const copy = join(WORK, `jjm-${id}.db`);
  for (const suffix of ['', '-wal']) {
    if (existsSync(base + suffix)) copyFileSync(base + suffix, copy + suffix);
  }
  log(`shape ${id}: jjm import connections (${shape.rows} rows)`);
  const imp = run(JJM, ['import', 'connections', shape.file, '--db', copy, '--commit', '--quiet',
    '--closed-periods', REASON]);
  const committed = imp.stdout.match(/committed in ([\d.]+) s/);
  const jjmSecs = committed ? Number(committed[1]) : NaN;
  log(`shape ${id}: sqlite3 .import of the same file`);
  const sq = join(WORK, `sqlite-${id}.db`);
  const sqr = run('sqlite3', [sq, '-cmd', 'PRAGMA journal_mode=WAL', '.mode csv', `.import ${shape.file} ledger`]);
  log(`shape ${id}: jjm serve start-up`);
  const startup = await timeStartup(copy);
  const row = {
    id,
    shape: SHAPES[id],
    rows: shape.rows,
    villages: shape.villages,
    file_mib: statSync(shape.file).size / 2 ** 20,
    jjm_import_s: jjmSecs,
    jjm_import_wall_s: imp.secs,
    jjm_rows_per_s: shape.rows / jjmSecs,
    sqlite_import_s: sqr.secs,
    sqlite_rows_per_s: shape.rows / sqr.secs,
    ratio: sqr.secs / jjmSecs,
    startup,
  };
  results.shapes.push(row);
  log(`shape ${id}: jjm ${jjmSecs} s, sqlite3 ${sqr.secs.toFixed(2)} s, ratio ${row.ratio.toFixed(2)}; `
    + `start-up ${startup.seconds.toFixed(2)} s (ledger ${startup.ledger_s} s), ${startup.rss_mib.toFixed(0)} MiB`);
  if (args.keep !== 'true') {
    for (const f of [copy, `${copy}-wal`, `${copy}-shm`, sq, `${sq}-wal`, `${sq}-shm`]) rmSync(f, { force: true });
    if (shape.file !== join(gen, 'connections.csv')) rmSync(shape.file, { force: true });
  }
}
results.seconds = elapsed();
writeFileSync(join(WORK, 'results.json'), JSON.stringify(results, null, 2));

// ---------------------------------------------------------------- report
const f = (x, d = 1) => (Number.isFinite(x) ? x.toLocaleString('en-IN', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');
const int = (x) => (Number.isFinite(x) ? x.toLocaleString('en-IN', { maximumFractionDigits: 0 }) : 'n/a');
const L = results.ledger;
const out = [];
out.push('# jjm import and start-up on several shapes of the same ledger\n');
out.push(`Run ${results.machine.date} on commit ${results.machine.commit}: ${results.machine.cores} cores (${results.machine.cpu}), ${results.machine.memory_gib} GiB; SQLite ${results.machine.sqlite}. Data: \`jjm generate --scale ${SCALE}\` (${results.generate.summary.replace(/^wrote [^:]+: /, '')}); the ledger has ${int(L.rows)} rows over ${int(L.villages_touched)} of ${int(L.villages)} villages, rows per village p25 ${L.rows_per_village.p25}, median ${L.rows_per_village.p50}, p75 ${L.rows_per_village.p75}, max ${L.rows_per_village.max}. Whole run ${f(results.seconds / 60, 1)} minutes (\`node bench/shapes.mjs --scale ${SCALE}${args.shapes ? ` --shapes ${args.shapes}` : ''}\`, holding the shared CPU lock).\n`);
out.push('Each shape is imported with `jjm import connections FILE --commit --quiet --closed-periods ...` into a copy of the same database (places, villages, habitations and re-surveys already in; jjm\'s "committed in" seconds), and the very same file with `sqlite3 NEW.db -cmd \'PRAGMA journal_mode=WAL\' \'.mode csv\' \'.import FILE ledger\'` (wall seconds); ratio = jjm rows/s / sqlite3 rows/s (target >= 1.0). Start-up: `jjm serve --port 0` on that copy, seconds to the "serving" line; "ledger" is the ledger part of jjm\'s own "loading took" line; RSS is VmRSS once serving.\n');
out.push('| shape | rows | villages | jjm rows/s | sqlite3 rows/s | ratio | start-up s | of which ledger load s | RSS MiB |');
out.push('|---|---|---|---|---|---|---|---|---|');
for (const r of results.shapes) {
  out.push(`| ${r.id}: ${r.shape} | ${int(r.rows)} | ${int(r.villages)} | ${int(r.jjm_rows_per_s)} | ${int(r.sqlite_rows_per_s)} | ${f(r.ratio, 2)} | ${f(r.startup.seconds, 2)} | ${f(r.startup.ledger_s, 2)} | ${int(r.startup.rss_mib)} |`);
}
out.push('');
out.push('Shapes: a, the file as `jjm generate` writes it (ordered by village); b, the same rows sorted by date (stable, so by village within a date); c, shuffled (seeded); d, as a with bare LGD village numbers (`V583451` written `583451`); e, as a, only the villages with at least the 75th percentile of rows per village (long histories); f, as a, only the villages with at most the 25th percentile (short histories); g, as b with bare numbers (the shape of the independent national ledger: by date, bare codes).\n');
out.push(`jjm's split of each start-up (places / facts / ledger / roll-ups, s): ${results.shapes.map((r) => `${r.id} ${f(r.startup.places_s, 2)} / ${f(r.startup.facts_s, 2)} / ${f(r.startup.ledger_s, 2)} / ${f(r.startup.rollups_s, 2)}`).join('; ')}.`);
if (results.skipped.length) out.push(`\nSkipped (past the ${BUDGET_S / 60}-minute budget): ${results.skipped.join(', ')}.`);
const report = out.join('\n') + '\n';
console.log(report);
if (args.results) writeFileSync(resolve(args.results), report);
log(`done; raw figures in ${join(WORK, 'results.json')}`);
