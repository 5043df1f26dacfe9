#!/usr/bin/env node
// The reports benchmark (issue 13's speed targets), in one run:
//   1. data: a database given with --db (e.g. `jjm generate --scale 1` +
//      `jjm import generated`), or the real Telangana file imported here
//      (a shape jjm did not make: 9,458 villages, 32 districts, 542 blocks);
//   2. `jjm bench reports`: the nation's village-wise J7 built and written
//      as XLSX (libxlsxwriter, constant memory) and CSV, seconds and
//      resident memory; each state's J3, J5, J17 and J23 as PDF, and the
//      largest state's J7 as PDF;
//   3. peer: Python's openpyxl (Debian's python3-openpyxl) writing the very
//      same rows, read from jjm's CSV, to XLSX in its write-only (streaming)
//      mode, seconds and peak resident memory.
// Prints a Markdown section.  Hold the shared CPU lock on a shared machine.
//
//   node bench/reports.mjs [--db FILE] [--work /tmp/jjm-bench-reports] [--states N]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const JJM = process.env.JJM_BIN || resolve(here, '..', 'build', 'jjm');
const SHARED = process.env.JJM_SHARED_DATA || resolve(here, '..', '..', 'shared', 'data');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : true]);
  return acc;
}, []));
const work = args.work || '/tmp/jjm-bench-reports';
mkdirSync(work, { recursive: true });

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

let db = args.db;
let data = 'the database given';
if (!db) {
  db = join(work, 'telangana.db');
  if (existsSync(db)) rmSync(db);
  run(JJM, ['import', 'villages', join(SHARED, 'jjm-dashboard', 'jjm_villages_telangana.csv'), '--db', db,
    '--as-of', '2024-03-01', '--commit', '--quiet', '--closed-periods', 'benchmark loads published history']);
  data = 'the real Telangana villages file (9,458 villages)';
}
const lines = run(JJM, ['bench', 'reports', '--db', db, '--out-dir', work, '--states', String(args.states || 0)])
  .trim().split('\n').map((l) => JSON.parse(l));
const by = Object.fromEntries(lines.map((l) => [l.name, l]));
const csv = join(work, 'jjm-bench-j7.csv');
const peer = JSON.parse(run('/usr/bin/python3', ['-c', `
import csv, json, resource, sys, time
from openpyxl import Workbook
t = time.time()
wb = Workbook(write_only=True)
ws = wb.create_sheet('Report')
n = 0
for row in csv.reader(open(sys.argv[1], encoding='utf-8')):
    ws.append([int(v) if v.isdigit() else v for v in row])
    n += 1
wb.save(sys.argv[2])
print(json.dumps({"rows": n, "seconds": time.time() - t,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`, csv, join(work, 'peer.xlsx')]));
rmSync(csv, { force: true });
rmSync(join(work, 'peer.xlsx'), { force: true });

const j7 = by['national j7'];
const fmt = (x, d = 2) => Number(x).toFixed(d);
const out = [];
out.push(`Run ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB; data: ${data}.`);
out.push('');
out.push('| measure | jjm | peer (openpyxl write-only, same rows) | target |');
out.push('|---|---|---|---|');
out.push(`| national J7 (${j7.rows.toLocaleString('en-IN')} rows) to XLSX, s | ${fmt(j7.xlsx_total_s)} (build ${fmt(j7.build_s)} + write ${fmt(j7.xlsx_s)}) | ${fmt(peer.seconds)} (write only, from CSV) | < 30 |`);
out.push(`| resident memory during it, MiB | peak ${fmt(j7.rss_peak_mib, 0)} (${fmt(j7.rss_before_mib, 0)} before: the loaded roll-ups; table ${fmt(j7.table_mib, 0)}) | peak ${fmt(peer.peak_mib, 0)} | < 300 for the export |`);
out.push(`| national J7 to CSV, s | ${fmt(j7.csv_s)} (${(j7.csv_bytes / 2 ** 20).toFixed(0)} MiB) | | |`);
for (const n of ['j3', 'j5', 'j17', 'j23']) {
  const s = by[`state ${n} pdf`];
  out.push(`| a state's ${n.toUpperCase()} as PDF, s (${s.states} states) | median ${fmt(s.median_s, 3)}, max ${fmt(s.max_s, 3)} (${s.slowest}) | | < 2 |`);
}
const big = by['largest state j7 pdf'];
if (big) out.push(`| the largest state's J7 (${big.rows.toLocaleString('en-IN')} rows) as PDF, s (3 runs) | median ${fmt(big.median_s)} (min ${fmt(big.min_s)}, max ${fmt(big.max_s)}) | | < 2 |`);
out.push(`| start-up before the reports, s | ${fmt(by['start-up'].seconds)} (RSS ${fmt(by['start-up'].rss_mib, 0)} MiB) | | |`);
console.log(out.join('\n'));
