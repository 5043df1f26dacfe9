#!/usr/bin/env node
// jjm beside its peers, in one run, on `jjm generate` data:
//   - import of the villages and the ledger, beside sqlite3 .import and
//     PostgreSQL COPY of the same CSV files;
//   - start-up time and resident memory of `jjm serve`;
//   - the roll-up questions in process, over HTTP, and as SQL on a private
//     PostgreSQL server and on SQLite loaded with the same files;
//   - wrk against the state coverage endpoint and nginx serving the same bytes;
//   - a mixed load of writers and readers.
// Prints one side-by-side table and writes results.json (and, with
// --results FILE, the Markdown report) into the work folder.
//
//   node bench/run.mjs [--scale 1] [--work /tmp/jjm-bench] [--results bench/RESULTS.md]
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readFileSync, existsSync, chmodSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import os from 'node:os';

import { parseArgs, log, run, lines, rng, elapsed } from './lib.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = parseArgs();
const SCALE = Number(args.scale ?? 1);
const WORK = resolve(args.work ?? '/tmp/jjm-bench');
const JJM = resolve(args.jjm ?? join(REPO, 'build', 'jjm'));
const MIXED_SECONDS = Number(args['mixed-seconds'] ?? (SCALE >= 0.5 ? 60 : 15));
const HTTP_SECONDS = Number(args['http-seconds'] ?? 10);
const PG_BIN = '/usr/lib/postgresql/15/bin';
const results = { scale: SCALE, rows: {} };

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
function rss(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  return m ? Number(m[1]) / 1024 : NaN;
}
function countRows(file) {
  return Number(execFileSync('wc', ['-l', file], { encoding: 'utf8' }).split(' ')[0]) - 1;
}
const rand = rng(42);
const DAY0 = Date.UTC(2019, 7, 16);
const DAYS = Math.round((Date.UTC(2025, 6, 16) - DAY0) / 86400000);
function randomDate() {
  return new Date(DAY0 + Math.floor(rand() * (DAYS + 1)) * 86400000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- setup
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
chmodSync(WORK, 0o755);
const gen = join(WORK, 'gen');
const db = join(WORK, 'jjm.db');
for (const tool of ['sqlite3', 'nginx', 'wrk', `${PG_BIN}/initdb`]) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    throw new Error(`${tool} is missing: run scripts/install-deps.sh --bench`);
  }
}
results.machine = {
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  memory_gib: +(os.totalmem() / 2 ** 30).toFixed(1),
  commit: spawnSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim(),
  date: new Date().toISOString().slice(0, 10),
  sqlite: spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0],
  postgresql: spawnSync(`${PG_BIN}/postgres`, ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ')[2],
  nginx: spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr.trim().split('/').pop(),
};

log(`generating scale ${SCALE} into ${gen}`);
const g = run(JJM, ['generate', '--scale', String(SCALE), '--out', gen]);
results.generate = { seconds: g.secs, summary: g.stdout.trim() };

// ---------------------------------------------------------------- imports
log('importing into jjm');
const manifest = lines(readFileSync(join(gen, 'manifest.txt'), 'utf8')).filter((l) => !l.startsWith('#'));
const imports = [];
for (const line of manifest) {
  const [kind, file, date] = line.split(/\s+/);
  // The partner programme is no part of the coverage benchmark.
  if (kind === 'partners') continue;
  // Generated history lies in closed months: say why it is written.
  const argv = ['import', kind, join(gen, file), '--db', db, '--commit', '--quiet',
    '--closed-periods', 'benchmark loads generated history'];
  if (date) argv.push('--as-of', date);
  const r = run(JJM, argv);
  const m = r.stdout.match(/committed in ([\d.]+) s/);
  imports.push({ kind, file, rows: countRows(join(gen, file)), seconds: m ? Number(m[1]) : NaN, wall: r.secs });
}
results.imports = imports;
const ledgerImport = imports.find((i) => i.kind === 'connections');
const villagesImport = imports.find((i) => i.file === 'villages.csv');

log('sqlite3 .import of the same files');
const sq = join(WORK, 'sqlite-import.db');
const sqImport = (file, table) => run('sqlite3', [sq, '-cmd', 'PRAGMA journal_mode=WAL', '.mode csv', `.import ${join(gen, file)} ${table}`]).secs;
const sqliteLedgerSecs = sqImport('connections.csv', 'ledger');
const sqliteVillagesSecs = sqImport('villages.csv', 'villages');

// ---------------------------------------------------------------- PostgreSQL
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
const psql = (sql, opts = {}) => run('psql', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], opts);
let pgLedgerSecs;
let pgVillagesSecs;
try {
  psql(`CREATE TABLE ledger (village_code text, date date, count int);
        CREATE TABLE villages_gen (state_code text, state_name text, district_code text, district_name text, block_code text, block_name text, gp_code text, gp_name text, village_code text, village_name text, total_hh int, hh_with_tap int, habitations int, schools int, schools_with_tap int, anganwadis int, anganwadis_with_tap int, sc_population int, st_population int, general_population int, service_lpcd real);`);
  log('PostgreSQL COPY of the same files');
  pgLedgerSecs = psql(`COPY ledger FROM '${join(gen, 'connections.csv')}' WITH (FORMAT csv, HEADER true)`).secs;
  pgVillagesSecs = psql(`COPY villages_gen FROM '${join(gen, 'villages.csv')}' WITH (FORMAT csv, HEADER true)`).secs;
} catch (e) {
  pgRun('pg_ctl', ['-D', pgData, '-m', 'immediate', 'stop'], { allowFail: true });
  throw e;
}
results.rows.import = {
  ledger: { jjm: ledgerImport.rows / ledgerImport.seconds, sqlite: ledgerImport.rows / sqliteLedgerSecs, pg: ledgerImport.rows / pgLedgerSecs, rows: ledgerImport.rows },
  villages: { jjm: villagesImport.rows / villagesImport.seconds, sqlite: villagesImport.rows / sqliteVillagesSecs, pg: villagesImport.rows / pgVillagesSecs, rows: villagesImport.rows },
};

// The same questions need the same data: jjm exports today's villages, and
// the ledger from the baseline on, and both peers load those files.
log('exporting the data the peers will query');
const exportedVillages = join(WORK, 'villages-today.csv');
const exportedLedger = join(WORK, 'ledger.csv');
run(JJM, ['export', 'villages', '--db', db, '--out', exportedVillages]);
run(JJM, ['export', 'connections', '--db', db, '--out', exportedLedger, '--after', '2019-08-14']);
if (process.getuid() === 0) run('chown', ['-R', 'postgres', WORK]);
const villagesDdl = `CREATE TABLE villages (state_code text, state_name text, district_code text, district_name text, block_code text, block_name text, gp_code text, gp_name text, village_code text, village_name text, total_hh int, hh_with_tap int, habitations int, schools int, schools_with_tap int, anganwadis int, anganwadis_with_tap int, sc_population int, st_population int, general_population int, service_lpcd real)`;
psql(`DROP TABLE ledger; CREATE TABLE ledger (village_code text, date date, count int); ${villagesDdl};
      COPY villages FROM '${exportedVillages}' WITH (FORMAT csv, HEADER true);
      COPY ledger FROM '${exportedLedger}' WITH (FORMAT csv, HEADER true);
      CREATE INDEX villages_district ON villages (district_code);
      CREATE INDEX villages_code ON villages (village_code);
      ANALYZE;`);

// The five questions, as SQL.  $D: a date; $X: a district code.
const districts = lines(run(JJM, ['report', '--db', db]).stdout).filter((l) => l.startsWith('district,')).map((l) => l.split(',')[1]);
const QUESTIONS = [
  { key: 'state_rollup', label: 'state-level roll-up', n: 40,
    sql: () => `SELECT state_code, SUM(total_hh), SUM(hh_with_tap), COUNT(*), SUM(CASE WHEN total_hh > 0 AND hh_with_tap >= total_hh THEN 1 ELSE 0 END) FROM villages GROUP BY state_code` },
  { key: 'state_district_block_rollup', label: 'state > district > block (ROLLUP)', n: 20,
    sql: () => `SELECT state_code, district_code, block_code, SUM(total_hh), SUM(hh_with_tap), COUNT(*) FROM villages GROUP BY ROLLUP (state_code, district_code, block_code)`,
    sqlite: () => ['state_code', 'state_code, district_code', 'state_code, district_code, block_code', null].map((g) => g ? `SELECT ${g}, SUM(total_hh), SUM(hh_with_tap), COUNT(*) FROM villages GROUP BY ${g}` : 'SELECT SUM(total_hh), SUM(hh_with_tap), COUNT(*) FROM villages').join(';\n') },
  { key: 'district_blocks', label: "one district's blocks (indexed)", n: 200,
    sql: () => `SELECT block_code, SUM(total_hh), SUM(hh_with_tap), COUNT(*) FROM villages WHERE district_code = '${districts[Math.floor(rand() * districts.length)]}' GROUP BY block_code` },
  { key: 'national_as_of', label: 'national total as of a date, from the ledger', n: 20,
    sql: () => `SELECT SUM(count) FROM ledger WHERE date <= '${randomDate()}'` },
  { key: 'states_as_of', label: 'per-state totals as of a date, from the ledger', n: 10,
    sql: () => `SELECT v.state_code, SUM(l.count) FROM ledger l JOIN villages v ON v.village_code = l.village_code WHERE l.date <= '${randomDate()}' GROUP BY v.state_code` },
];
const scaleN = (n) => Math.max(3, Math.round(n * Math.min(1, 0.5 / Math.max(SCALE, 0.05)) * (SCALE >= 0.5 ? 1 : 2)));

log('timing the questions in PostgreSQL');
for (const q of QUESTIONS) {
  const n = scaleN(q.n);
  const script = ['\\timing on', ...Array.from({ length: n }, () => `${q.sql()};`)].join('\n');
  const file = join(WORK, `pg-${q.key}.sql`);
  writeFileSync(file, script);
  const r = run('psql', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-X', '-q', '-o', '/dev/null', '-f', file]);
  const ms = [...r.stdout.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));
  results.rows[q.key] = { ...(results.rows[q.key] ?? {}), pg_ms: { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99), n: ms.length } };
}
pgRun('pg_ctl', ['-D', pgData, '-m', 'fast', 'stop']);
rmSync(pgData, { recursive: true, force: true });
log('PostgreSQL stopped');

log('timing the questions in SQLite');
const sqq = join(WORK, 'sqlite-query.db');
const typed = villagesDdl.replace(/ int/g, ' INTEGER').replace(/ real/g, ' REAL').replace(/ text/g, ' TEXT');
run('sqlite3', [sqq, typed, 'CREATE TABLE ledger (village_code TEXT, date TEXT, count INTEGER)',
  `.import --csv --skip 1 ${exportedVillages} villages`, `.import --csv --skip 1 ${exportedLedger} ledger`,
  'CREATE INDEX villages_district ON villages (district_code)', 'CREATE INDEX villages_code ON villages (village_code)', 'ANALYZE']);
for (const q of QUESTIONS) {
  const n = Math.max(3, Math.ceil(scaleN(q.n) / (q.key === 'states_as_of' ? 2 : 1)));
  const body = Array.from({ length: n }, () => `${(q.sqlite ?? q.sql)()};`).join('\n');
  const file = join(WORK, `sqlite-${q.key}.sql`);
  // One timer line per statement: the ROLLUP stand-in is four GROUP BYs.
  writeFileSync(file, `.timer on\n.output /dev/null\n${body}\n`);
  const r = run('sqlite3', [sqq, `.read ${file}`]);
  let ms = [...(r.stdout + r.stderr).matchAll(/Run Time: real ([\d.]+)/g)].map((m) => Number(m[1]) * 1000);
  if (q.sqlite) {
    const per = ms.length / n;
    ms = Array.from({ length: n }, (_, i) => ms.slice(i * per, (i + 1) * per).reduce((a, b) => a + b, 0));
  }
  results.rows[q.key].sqlite_ms = { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99), n: ms.length };
}

// ---------------------------------------------------------------- jjm serve
log('starting jjm serve');
// Starts `jjm serve` on a free port; resolves once it is listening.
async function startJjm(extra = []) {
  const p = await freePort();
  const proc = spawn(JJM, ['serve', '--db', db, '--port', String(p), ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise((res, rej) => {
    proc.stdout.on('data', (d) => { out += d; if (/serving http/.test(out)) res(); });
    proc.on('exit', (c) => rej(new Error(`jjm serve exited ${c}: ${out}`)));
  });
  proc.removeAllListeners('exit');
  return { proc, out, url: `http://127.0.0.1:${p}` };
}
async function stopJjm(proc) {
  if (proc.exitCode !== null) return;
  await new Promise((res) => { proc.on('exit', res); proc.kill('SIGTERM'); });
}
const t0 = Date.now();
const first = await startJjm();
let server = first.proc;
const serverOut = first.out;
const startupSecs = (Date.now() - t0) / 1000;
const serverRss = rss(server.pid);
results.startup = { seconds: startupSecs, rss_mib: serverRss, log: serverOut.trim() };
let url = first.url;
try {
  log('timing the questions in process');
  const inproc = jsonLines(run(JJM, ['bench', 'queries', '--db', db]).stdout);
  for (const r of inproc) {
    if (r.name === 'load') continue;
    results.rows[r.name] = { ...(results.rows[r.name] ?? {}), inproc_us: { p50: r.p50_us, p99: r.p99_us, n: r.n } };
  }

  log('timing the questions over HTTP');
  const targets = {
    state_rollup: ['/api/v1/coverage?level=state'],
    state_district_block_rollup: ['/api/v1/coverage?level=block'],
    district_blocks: districts.map((d) => `/api/v1/coverage?parent=${d}&level=block`),
    national_as_of: Array.from({ length: 2000 }, () => { const d = randomDate(); return `/api/v1/coverage/timeseries?unit=IN&from=${d}&to=${d}&interval=day`; }),
    states_as_of: Array.from({ length: 2000 }, () => `/api/v1/coverage?level=state&as_of=${randomDate()}`),
  };
  for (const [key, list] of Object.entries(targets)) {
    const file = join(WORK, `targets-${key}.txt`);
    writeFileSync(file, [...new Set(list)].join('\n'));
    // First answers (nothing cached), then the steady state a dashboard sees.
    if (list.length > 1) {
      const once = jsonLines(run(JJM, ['bench', 'http', '--url', url, '--targets', file, '--name', key, '--once', '--connections', '1']).stdout)[0];
      results.rows[key].http_first_us = { p50: once.p50_us, p99: once.p99_us, n: once.n };
    }
    const steady = jsonLines(run(JJM, ['bench', 'http', '--url', url, '--targets', file, '--name', key, '--connections', '1', '--seconds', String(HTTP_SECONDS / 2)]).stdout)[0];
    results.rows[key].http_us = { p50: steady.p50_us, p99: steady.p99_us, n: steady.n };
  }

  log('wrk: jjm state coverage against nginx serving the same bytes');
  const body = run('curl', ['-s', `${url}/api/v1/coverage?level=state`]).stdout;
  const ngx = join(WORK, 'nginx');
  mkdirSync(join(ngx, 'html'), { recursive: true });
  mkdirSync(join(ngx, 'logs'), { recursive: true });
  writeFileSync(join(ngx, 'html', 'state.json'), body);
  const ngxPort = await freePort();
  writeFileSync(join(ngx, 'nginx.conf'), `worker_processes 1; daemon on; pid ${ngx}/nginx.pid; error_log ${ngx}/logs/error.log;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:${ngxPort}; root ${ngx}/html; location / { default_type application/json; } } }\n`);
  run('nginx', ['-c', join(ngx, 'nginx.conf'), '-p', ngx]);
  const wrk = (u) => {
    const out = run('wrk', ['-t1', '-c64', `-d${HTTP_SECONDS}s`, '--latency', u]).stdout;
    const toMs = (s) => (s.endsWith('us') ? Number(s.slice(0, -2)) / 1000 : s.endsWith('ms') ? Number(s.slice(0, -2)) : Number(s.slice(0, -1)) * 1000);
    return { rps: Number(out.match(/Requests\/sec:\s+([\d.]+)/)[1]),
      p50_ms: toMs(out.match(/50%\s+(\S+)/)[1]), p99_ms: toMs(out.match(/99%\s+(\S+)/)[1]) };
  };
  results.wrk = { nginx: wrk(`http://127.0.0.1:${ngxPort}/state.json`), jjm: wrk(`${url}/api/v1/coverage?level=state`), bytes: Buffer.byteLength(body) };
  run('nginx', ['-c', join(ngx, 'nginx.conf'), '-p', ngx, '-s', 'stop'], { allowFail: true });

  log(`mixed load: 64 writers and 64 readers for ${MIXED_SECONDS} s, twice`);
  const reportNow = () => lines(run(JJM, ['report', '--db', db, '--villages']).stdout);
  // Villages with households still to connect, with how many: read again
  // before each run, since the first run uses some of the room.
  const writeVillages = (rep) => writeFileSync(join(WORK, 'villages.txt'), rep
    .filter((l) => l.startsWith('village,')).map((l) => l.split(','))
    .map((c) => [c[1], Number(c.at(-10)) - Number(c.at(-9))]).filter(([, room]) => room >= 20)
    .map(([code, room]) => `${code},${room}`).join('\n'));
  const rep = reportNow();
  const reads = ['/api/v1/coverage?level=state',
    ...rep.filter((l) => l.startsWith('state,') || l.startsWith('district,')).map((l) => `/api/v1/coverage?parent=${l.split(',')[1]}`)];
  writeFileSync(join(WORK, 'reads.txt'), reads.join('\n'));
  // Writers sign their requests with a national administrator's API key.
  run(JJM, ['user', 'add', '--db', db, '--username', 'bench.writer', '--role', 'national_admin', '--unit', 'IN']);
  const key = run(JJM, ['user', 'apikey', '--db', db, '--username', 'bench.writer', '--label', 'mixed-load benchmark']).stdout.trim();
  writeFileSync(join(WORK, 'api-key.txt'), `${key}\n`, { mode: 0o600 });
  const mixed = (extra, rep) => {
    writeVillages(rep);
    return jsonLines(run(JJM, ['bench', 'mixed', '--url', url, '--villages', join(WORK, 'villages.txt'),
      '--reads', join(WORK, 'reads.txt'), '--seconds', String(MIXED_SECONDS),
      '--api-key-file', join(WORK, 'api-key.txt'), ...extra], { allowFail: true }).stdout)[0];
  };
  // Durable commits (synchronous=FULL, the default) first, then the same
  // paced load on a server started with synchronous=NORMAL, for the cost.
  results.mixed = { paced: mixed(['--write-rate', '40', '--read-rate', '20'], rep) };
  results.mixed.flat_out = mixed([], reportNow());
  await stopJjm(server);
  log('mixed load again, paced, with --sqlite-synchronous normal');
  const normal = await startJjm(['--sqlite-synchronous', 'normal']);
  server = normal.proc;
  url = normal.url;
  results.mixed.paced_normal = mixed(['--write-rate', '40', '--read-rate', '20'], reportNow());
} finally {
  server.kill('SIGTERM');
}
results.seconds = elapsed();
writeFileSync(join(WORK, 'results.json'), JSON.stringify(results, null, 2));

// ---------------------------------------------------------------- report
const f = (x, d = 1) => (Number.isFinite(x) ? x.toLocaleString('en-IN', { maximumFractionDigits: d }) : 'n/a');
const us = (x) => (x >= 1000 ? `${f(x / 1000, 2)} ms` : x === 0 ? '< 1 ms' : `${f(x, 2)} µs`);
const ratio = (a, b) => (a > 0 && b > 0 ? `${f(a / b, 0)}x` : 'n/a');
const out = [];
out.push(`# jjm benchmark results\n`);
out.push(`Run ${results.machine.date} on commit ${results.machine.commit}: ${results.machine.cores} cores (${results.machine.cpu}), ${results.machine.memory_gib} GiB; SQLite ${results.machine.sqlite}, PostgreSQL ${results.machine.postgresql}, nginx ${results.machine.nginx}. Data: \`jjm generate --scale ${SCALE}\` (${results.generate.summary.replace(/^wrote [^:]+: /, '')}). Whole run ${f(results.seconds / 60, 1)} minutes (\`node bench/run.mjs --scale ${SCALE}\`).\n`);
out.push(`## Roll-up questions\n`);
out.push(`p50 / p99 over many random units and dates. In process: the in-memory index. Over HTTP: one keep-alive connection, \`jjm bench http\`; "first" asks each distinct URL once (nothing cached), "steady" repeats them as a dashboard does. SQL: the same question on the same exported data (\`jjm export\`), PostgreSQL with indexes on district and village code, \`psql \\timing\`; SQLite \`.timer\`.\n`);
out.push('| question | jjm in process | jjm HTTP first | jjm HTTP steady | PostgreSQL | SQLite | PostgreSQL / jjm in process |');
out.push('|---|---|---|---|---|---|---|');
for (const q of QUESTIONS) {
  const r = results.rows[q.key];
  const cell = (m, unit) => (m ? (unit === 'ms' ? `${us(m.p50 * 1000)} / ${us(m.p99 * 1000)}` : `${us(m.p50)} / ${us(m.p99)}`) : 'n/a');
  out.push(`| ${q.label} | ${cell(r.inproc_us)} | ${r.http_first_us ? cell(r.http_first_us) : '(one URL)'} | ${cell(r.http_us)} | ${cell(r.pg_ms, 'ms')} | ${cell(r.sqlite_ms, 'ms')} | ${ratio(r.pg_ms?.p50 * 1000, r.inproc_us?.p50)} |`);
}
out.push('');
out.push(`## Imports\n`);
out.push('| file | rows | jjm (all checks on) | sqlite3 .import | PostgreSQL COPY | jjm / sqlite3 |');
out.push('|---|---|---|---|---|---|');
for (const [name, r] of Object.entries(results.rows.import)) {
  out.push(`| ${name === 'ledger' ? 'ledger (connections.csv)' : 'villages.csv'} | ${f(r.rows, 0)} | ${f(r.jjm, 0)} rows/s | ${f(r.sqlite, 0)} rows/s | ${f(r.pg, 0)} rows/s | ${f(r.jjm / r.sqlite, 2)} |`);
}
out.push(`\nEvery jjm import step: ${results.imports.map((i) => `${i.file} ${f(i.rows, 0)} rows in ${f(i.seconds, 2)} s`).join('; ')}.\n`);
out.push(`## Start-up, HTTP throughput, mixed load\n`);
out.push(`- \`jjm serve\` start-up with this data: ${f(results.startup.seconds, 2)} s to listening; resident memory ${f(results.startup.rss_mib, 0)} MiB.`);
out.push(`- wrk -t1 -c64 -d${HTTP_SECONDS}s, the same ${f(results.wrk.bytes, 0)} bytes: jjm \`GET /api/v1/coverage?level=state\` ${f(results.wrk.jjm.rps, 0)} req/s (p99 ${f(results.wrk.jjm.p99_ms, 2)} ms); nginx static file ${f(results.wrk.nginx.rps, 0)} req/s (p99 ${f(results.wrk.nginx.p99_ms, 2)} ms); jjm / nginx ${f(results.wrk.jjm.rps / results.wrk.nginx.rps, 2)}.`);
for (const [name, m] of Object.entries(results.mixed)) {
  if (!m) continue;
  const how = name === 'flat_out' ? 'writers and readers back to back' : 'writers at 40 requests/s each, readers at 20/s each';
  const sync = name === 'paced_normal' ? 'synchronous=NORMAL, not durable to a power cut' : 'durable: synchronous=FULL';
  out.push(`- Mixed load (${how}; ${sync}), 64 writers (half single, half batches of 10) and 64 readers, ${f(m.seconds, 0)} s: ${f(m.writes_per_s, 0)} acknowledged connection writes/s (write p99 ${us(m.write_p99_us)}), ${f(m.reads_per_s, 0)} reads/s, read p50 ${us(m.read_p50_us)}, read p99 ${us(m.read_p99_us)}, errors ${m.errors}, national total moved by exactly what was acknowledged: ${m.totals_exact ? 'yes' : 'NO'} (${f(m.acknowledged_households, 0)} households).`);
}
const report = out.join('\n') + '\n';
console.log(report);
if (args.results) writeFileSync(resolve(args.results), report);
log(`done; raw figures in ${join(WORK, 'results.json')}`);
