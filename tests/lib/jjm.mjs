// Starts and drives the real `jjm` binary for API, CLI and browser tests.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = join(here, '..', '..');
export const BIN = process.env.JJM_BIN || join(REPO, 'build', 'jjm');
export const SHARED = process.env.JJM_SHARED_DATA || join(REPO, '..', 'shared', 'data');

// A fresh temporary folder, removed when the process exits.
export function tempDir(prefix = 'jjm-test-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// PostgreSQL to test against, when the run has one (scripts/with-postgres.sh).
export const PG = process.env.JJM_TEST_PG || '';
let dbCount = 0;

// A new, empty database: a SQLite file in `dir`, or, under PostgreSQL, a
// new database on the test server.  Returns what --db takes.
export function newDb(dir, name = 'jjm') {
  if (!PG) return join(dir, `${name}.db`);
  const db = `jjm_${name}_${process.pid}_${++dbCount}_${Date.now() % 100000}`;
  const r = spawnSync('psql', [`${PG}/postgres`, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${db}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot create ${db}: ${r.stderr}`);
  return `${PG}/${db}`;
}

// Runs SQL straight against a test database (sqlite3 or psql); returns
// { status, stdout, stderr }.
export function sql(db, statement) {
  const r = db.startsWith('postgresql://')
    ? spawnSync('psql', [db, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-t', '-A', '-c', statement], { encoding: 'utf8' })
    : spawnSync('sqlite3', [db, statement], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Runs `jjm args...` to completion; returns { status, stdout, stderr }.
export function jjm(args, opts = {}) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 600_000, ...opts });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function childPids(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

// Starts `jjm serve` on a free port and resolves once it is listening.
//   const server = await startServer({ db, demo: true });
//   await fetch(`${server.url}/api/v1/health`);
//   await server.stop();
// `wrap` runs the server under another program (['strace', ...flags]).
export async function startServer({ db, demo = false, demoScale = 0.003, args = [], wrap = [] } = {}) {
  const dbPath = db || newDb(tempDir(), 'server');
  const argv = ['serve', '--db', dbPath, '--port', '0', ...args];
  if (demo) argv.push('--demo', '--demo-scale', String(demoScale));
  const proc = wrap.length
    ? spawn(wrap[0], [...wrap.slice(1), BIN, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(BIN, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`jjm serve did not start:\n${out}\n${err}`)), 120_000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`jjm serve exited with ${code}:\n${out}\n${err}`));
    });
  });
  proc.removeAllListeners('exit');
  const stop = () => new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.on('exit', () => resolve());
    // Under a wrapper the signal goes to the server itself; the wrapper
    // ends when it does.
    const children = wrap.length ? childPids(proc.pid) : [];
    if (children.length) children.forEach((pid) => process.kill(pid, 'SIGTERM'));
    else proc.kill('SIGTERM');
  });
  process.on('exit', () => { try { proc.kill('SIGKILL'); } catch { /* gone */ } });
  return { url, proc, stop, dbPath, output: () => out + err };
}

// fetch + JSON, returning { status, body, headers }.  With `session` (from
// signIn), sends its cookie and, for writes, its CSRF token.
export async function api(base, path, { method = 'GET', body, headers = {}, session } = {}) {
  const init = { method, headers: { ...headers } };
  if (session) {
    init.headers.cookie = session.cookie;
    if (method !== 'GET' && method !== 'HEAD' && !('x-csrf-token' in init.headers)) {
      init.headers['x-csrf-token'] = session.csrf;
    }
  }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    if (!init.headers['content-type']) init.headers['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body: json, text, headers: res.headers };
}

// Creates a user with the command line (password on standard input).
export function addUser(db, username, role, unit, password = 'correct horse 42') {
  const r = spawnSync(BIN, ['user', 'add', '--db', db, '--username', username, '--role', role,
    '--unit', unit, '--password-stdin'], { input: `${password}\n`, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`user add ${username}: ${r.stderr}`);
  return password;
}

// Signs in; returns { cookie, csrf, body, status }.
export async function signIn(base, username, password = 'correct horse 42') {
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json();
  const set = res.headers.get('set-cookie') || '';
  const cookie = set.split(';')[0];
  return { status: res.status, body, cookie, csrf: body.csrf_token, setCookie: set };
}

// The error code each refusal status stands for ({"error":{"code"}}).
export const ERROR_CODES = Object.freeze({
  400: 'invalid_argument', 401: 'unauthenticated', 403: 'permission_denied', 404: 'not_found',
  405: 'invalid_argument', 409: 'conflict', 413: 'payload_too_large', 422: 'failed_precondition',
  429: 'resource_exhausted', 500: 'internal', 503: 'unavailable',
});

// Asserts that `res` (from api() or signIn()) is a refusal: the status, and
// {"error":{"code","message","field"}} with the code of that status and,
// unless `field` is undefined, that field (null: none).
export function assertRefused(res, status, field, label = '') {
  const text = `${label} ${res.status} ${JSON.stringify(res.body)}`.trim();
  assert.equal(res.status, status, text);
  assert.equal(res.body?.error?.code, ERROR_CODES[status], text);
  assert.equal(typeof res.body.error.message, 'string', text);
  assert.ok(res.body.error.message.length > 5, text);
  assert.ok('field' in res.body.error, text);
  if (process.env.JJM_SHOW_FIELDS && field === undefined) {
    console.log('FIELD', status, JSON.stringify(res.body.error.field), new Error().stack.split('\n')[3]?.trim());
  }
  if (field !== undefined) assert.equal(res.body.error.field, field, text);
}

// The rows of a small CSV text as objects by header (quoted cells too).
export function parseCsv(text) {
  const rows = [];
  for (const line of text.trim().split('\n')) {
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g).slice(0, -1)
      .map((c) => c.replace(/,$/, '').replace(/^"(.*)"$/s, '$1').replaceAll('""', '"'));
    rows.push(cells);
  }
  const header = rows.shift();
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

// The number an import report gives after "label:" ("rows read: 1,411").
export function figure(stdout, label) {
  const m = stdout.match(new RegExp(`${label}:\\s+([\\d,]+)`));
  assert.ok(m, `no "${label}" in:\n${stdout}`);
  return Number(m[1].replaceAll(',', ''));
}
