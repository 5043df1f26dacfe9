#!/usr/bin/env node
// Finding a place (GET /api/v1/units?q=, issue 16), on a national database
// beside SQLite answering the same questions on the same file:
//   1. the questions, drawn from the database's own places with a seed, in
//      several shapes: a village's exact name, its first three letters, a
//      word from the middle of a name, two letters, a village's code and its
//      bare LGD number where it has one, and a name in Devanagari;
//   2. jjm: `jjm serve` on the database, `jjm bench http --once` (each
//      question once, one connection: every answer ranks all matches);
//   3. SQLite: the same file, one statement a question that ranks the same
//      way (exact name, then prefix, then contains; shallower first) and
//      takes the first 20, `.timer` per statement.
// Prints a Markdown section.  Nothing is written into the checkout; hold
// the shared CPU lock on a shared machine.
//
//   node bench/search.mjs --db FILE [--work /tmp/jjm-bench-search]
//        [--seed 7] [--per-shape 40]
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parseArgs, log, run, lines, rng } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const JJM = process.env.JJM_BIN || resolve(here, '..', 'build', 'jjm');
const args = parseArgs();
if (!args.db) throw new Error('--db FILE (a national SQLite database) is required');
const WORK = args.work || '/tmp/jjm-bench-search';
const PER = Number(args['per-shape'] || 40);
const random = rng(Number(args.seed || 7));
mkdirSync(WORK, { recursive: true });

const sqlite = (sql) => lines(run('sqlite3', [args.db, sql]).stdout).map((l) => l.split('|'));
const pick = (list, n) => Array.from({ length: Math.min(n, list.length) }, () => list[Math.floor(random() * list.length)]);
const villages = sqlite('SELECT code, name, lgd_code FROM unit WHERE level = 5 ORDER BY random() LIMIT 5000');
const words = villages.flatMap(([, name]) => name.split(/\s+/).slice(1)).filter((w) => w.length >= 4);
const shapes = {
  'exact village name': pick(villages, PER).map(([, n]) => n),
  'first three letters': pick(villages, PER).map(([, n]) => n.slice(0, 3)),
  'a later word of a name': pick(words.length ? words : villages.map(([, n]) => n), PER),
  'two letters': pick(villages, PER).map(([, n]) => n.slice(1, 3)),
  'a village code': pick(villages, PER).map(([c]) => c.toLowerCase()),
  'a bare LGD number': pick(villages.filter(([, , l]) => l), PER).map(([, , l]) => l),
  Devanagari: pick(['पुर', 'गाँव', 'नगर', 'बालापुरा', 'रामपुर'], PER),
};

function freePort() {
  return new Promise((res) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => res(port)); });
  });
}

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
log('starting jjm serve on', args.db);
const proc = spawn(JJM, ['serve', '--db', args.db, '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
for (let i = 0; ; ++i) {
  try {
    const r = await fetch(`${url}/api/v1/health`);
    if (r.ok) { await r.json(); break; }
  } catch { /* not yet */ }
  if (i > 60000) throw new Error('jjm serve gave no answer');
  await new Promise((res) => setTimeout(res, 20));
}

const rows = [];
try {
  const places = Number(sqlite('SELECT count(*) FROM unit')[0][0]);
  for (const [shape, qs] of Object.entries(shapes)) {
    if (!qs.length) continue;
    const file = join(WORK, 'targets.txt');
    writeFileSync(file, qs.map((q) => `/api/v1/units?q=${encodeURIComponent(q)}`).join('\n'));
    const jjm = JSON.parse(run(JJM, ['bench', 'http', '--url', url, '--targets', file, '--name', shape, '--once', '--connections', '1']).stdout.trim());
    // The peer: one ranked statement per question, timed by sqlite3.
    const esc = (s) => s.replace(/'/g, "''");
    const sql = qs.map((q) => `SELECT id, name FROM unit WHERE name LIKE '%${esc(q)}%' OR code = upper('${esc(q)}') `
      + `OR CAST(lgd_code AS TEXT) = '${esc(q)}' ORDER BY (code = upper('${esc(q)}') OR CAST(lgd_code AS TEXT) = '${esc(q)}') DESC, `
      + `lower(name) = lower('${esc(q)}') DESC, name LIKE '${esc(q)}%' DESC, level, name LIMIT 20;`).join('\n');
    const out = run('sqlite3', [args.db], { input: `.timer on\n${sql}\n` }).stdout;
    const ms = [...out.matchAll(/Run Time: real (\S+)/g)].map((m) => Number(m[1]) * 1000).sort((a, b) => a - b);
    const pct = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
    rows.push({ shape, n: qs.length, jjm_p50_ms: jjm.p50_us / 1000, jjm_p99_ms: jjm.p99_us / 1000, sqlite_p50_ms: pct(0.5), sqlite_p99_ms: pct(0.99) });
    log(shape, JSON.stringify(rows.at(-1)));
  }
  const f = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(x < 10 ? 2 : 0));
  const out = [`## Finding a place (\`node bench/search.mjs --db FILE\`)\n`,
    `Run ${new Date().toISOString().slice(0, 10)} on ${places.toLocaleString('en-IN')} places. Each question once over one keep-alive connection (\`jjm bench http --once\`: every answer scans and ranks all matches, nothing cached), against one SQLite statement per question on the same file that ranks the same way and takes 20 (\`.timer\`).\n`,
    '| question | n | jjm p50 / p99, ms | SQLite p50 / p99, ms |', '|---|---|---|---|',
    ...rows.map((r) => `| ${r.shape} | ${r.n} | ${f(r.jjm_p50_ms)} / ${f(r.jjm_p99_ms)} | ${f(r.sqlite_p50_ms)} / ${f(r.sqlite_p99_ms)} |`)];
  console.log(out.join('\n'));
} finally {
  proc.kill('SIGTERM');
}
