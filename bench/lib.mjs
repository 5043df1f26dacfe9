// What the benchmark scripts (run.mjs, shapes.mjs) share: the command line,
// running a program with its time, a log with the seconds since start, and
// a seeded random number generator.
import { spawnSync } from 'node:child_process';

// --name value pairs (a --flag with no value is 'true').
export function parseArgs(argv = process.argv.slice(2)) {
  return Object.fromEntries(argv.reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
    return acc;
  }, []));
}

const started = Date.now();
// Seconds since the script started.
export const elapsed = () => (Date.now() - started) / 1000;
export function log(...m) {
  console.error(`[${elapsed().toFixed(0).padStart(4)}s]`, ...m);
}

// Runs `cmd argv...` to completion; throws unless it exits 0 (or
// opts.allowFail).  Returns spawnSync's result with `secs`, the wall time.
export function run(cmd, argv, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && !opts.allowFail) {
    throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  return { ...r, secs };
}

export function lines(text) { return text.trim().split('\n').filter(Boolean); }

// A seeded generator of numbers in [0, 1).
export function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}
