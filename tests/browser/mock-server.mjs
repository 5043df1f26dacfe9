// A stand-in for `jjm serve`, for working on the web page without the C++
// build: it serves web/ at the same URLs and answers the /api/v1 read
// endpoints the page uses, from a small made-up hierarchy, following the
// API contract the page was written against.  It also sends the strict
// Content-Security-Policy the real server will, so CSP mistakes show up.
//
//   node tests/browser/mock-server.mjs [port]      (default 18081)
//   JJM_URL=http://127.0.0.1:18081 node --test tests/browser/
//
// Not a test of the server: the browser test is meant to run against the
// real binary.

import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
const LAUNCH = '2019-08-15';
const TARGET = '2028-03-31';
const DAY = 86400000;

// ---- Made-up data -------------------------------------------------------

// Deterministic pseudo-random numbers (mulberry32).
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(42);
const between = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const days = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;

const units = new Map(); // code -> unit
function add(code, name, level, parent, lgd = null) {
  const u = { code, name, level, parent, children: [], lgd_code: lgd };
  units.set(code, u);
  if (parent) units.get(parent).children.push(code);
  return u;
}

let villageSeq = 1;
function addVillages(parent, n) {
  for (let i = 0; i < n; i++) {
    const code = `V${String(villageSeq).padStart(6, '0')}`;
    const v = add(code, `${units.get(parent).name.split(' ')[0]} Village ${i + 1}`, 'village', parent, 500000 + villageSeq);
    villageSeq++;
    v.hh = between(20000, 400000);
    v.base = rand() * 0.35;
    v.final = rand() < 0.4 ? 1 : 0.55 + rand() * 0.44;
    v.doneDay = days('2021-01-01') + between(0, 1500);
    v.schools = between(0, 6);
    v.anganwadis = between(0, 5);
    v.habitations = between(1, 6);
    v.pop = [between(100, 900), between(0, 700), between(500, 3000)];
    v.lpcd = rand() < 0.2 ? null : between(30, 70);
  }
}

add('IN', 'India', 'nation', null);
const STATES = [
  ['S36', 'Telangana', 36, [['D532', 'Adilabad', 532], ['D533', 'Nizamabad', 533]]],
  ['S10', 'Bihar', 10, [['D201', 'Patna', 201], ['D202', 'Gaya', 202]]],
  ['S30', 'Goa', 30, [['D551', 'North Goa', 551]]],
];
let blockSeq = 1;
for (const [sc, sn, sl, districts] of STATES) {
  add(sc, sn, 'state', 'IN', sl);
  for (const [dc, dn, dl] of districts) {
    add(dc, dn, 'district', sc, dl);
    for (let b = 0; b < 2; b++) {
      const bc = `B${String(blockSeq++).padStart(4, '0')}`;
      add(bc, `${dn} ${b === 0 ? 'Rural' : 'Urban Fringe'}`, 'block', dc);
      if (b === 0) {
        for (let g = 0; g < 3; g++) {
          const gc = `${bc}G${g + 1}`;
          add(gc, `${dn} GP ${g + 1}`, 'gp', bc);
          addVillages(gc, between(2, 4));
        }
      } else {
        addVillages(bc, between(3, 5)); // villages straight under the block
      }
    }
  }
}

function fraction(v, day) {
  const start = days(LAUNCH);
  if (day <= start) return v.base;
  if (day >= v.doneDay) return v.final;
  return v.base + ((v.final - v.base) * (day - start)) / (v.doneDay - start);
}

function villagesUnder(code, out = []) {
  const u = units.get(code);
  if (u.level === 'village') out.push(u);
  else for (const c of u.children) villagesUnder(c, out);
  return out;
}

function metrics(code, iso) {
  const day = days(iso);
  const m = {
    total_hh: 0, hh_with_tap: 0, villages: 0, hgj_villages: 0, schools: 0,
    schools_with_tap: 0, anganwadis: 0, anganwadis_with_tap: 0,
  };
  for (const v of villagesUnder(code)) {
    const f = fraction(v, day);
    const tap = Math.round(v.hh * f);
    m.total_hh += v.hh;
    m.hh_with_tap += tap;
    m.villages += 1;
    if (tap >= v.hh) m.hgj_villages += 1;
    m.schools += v.schools;
    m.schools_with_tap += Math.floor(v.schools * f);
    m.anganwadis += v.anganwadis;
    m.anganwadis_with_tap += Math.floor(v.anganwadis * f);
  }
  return m;
}

function figures(code, iso) {
  const m = metrics(code, iso);
  const u = units.get(code);
  const pct = m.total_hh ? Math.round((10000 * m.hh_with_tap) / m.total_hh) / 100 : 0;
  const since = iso >= LAUNCH ? m.hh_with_tap - metrics(code, LAUNCH).hh_with_tap : 0;
  return { code, name: u.name, level: u.level, ...m, pct, connections_since_launch: since };
}

// ---- API ----------------------------------------------------------------

class HttpError extends Error {
  constructor(status, code, message, field = null) {
    super(message);
    Object.assign(this, { status, code, field });
  }
}

const today = () => new Date().toISOString().slice(0, 10);
const ref = (u) => u && { code: u.code, name: u.name, level: u.level };

function unitOr404(code) {
  const u = units.get(code);
  if (!u) throw new HttpError(404, 'not_found', `no unit with code "${code}"`, 'code');
  return u;
}

function dateParam(q, name, dflt) {
  const v = q.get(name);
  if (v === null || v === '') return dflt;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
    throw new HttpError(400, 'invalid_argument', `${name} must be a date YYYY-MM-DD`, name);
  }
  return v;
}

function pathOf(u) {
  const out = [];
  for (let p = units.get(u.parent); p; p = units.get(p.parent)) out.unshift(ref(p));
  return out;
}

const LEVELS = ['nation', 'state', 'district', 'block', 'gp', 'village'];

function descendantsAt(code, level, out = []) {
  for (const c of units.get(code).children) {
    const u = units.get(c);
    if (u.level === level) out.push(u);
    else if (LEVELS.indexOf(u.level) < LEVELS.indexOf(level)) descendantsAt(c, level, out);
  }
  return out;
}

const routes = [
  [/^\/api\/v1\/health$/, () => ({ status: 'ok', units: units.size })],
  [/^\/api\/v1\/units$/, (q) => {
    const text = (q.get('q') || '').trim().toLowerCase();
    if (text.length < 1) throw new HttpError(400, 'invalid_argument', 'q is required', 'q');
    const results = [...units.values()]
      .filter((u) => u.name.toLowerCase().includes(text))
      .slice(0, 20)
      .map((u) => ({ ...ref(u), path: pathOf(u).slice(1).map((p) => p.name).join(' > ') }));
    return { results };
  }],
  [/^\/api\/v1\/units\/([^/]+)\/children$/, (q, [code]) => {
    const u = unitOr404(code);
    return { unit: ref(u), children: u.children.map((c) => ref(units.get(c))) };
  }],
  [/^\/api\/v1\/units\/([^/]+)$/, (q, [code]) => {
    const u = unitOr404(code);
    const body = {
      ...ref(u),
      lgd_code: u.lgd_code,
      former_names: [],
      parent: ref(units.get(u.parent)) || null,
      path: pathOf(u),
      child_level: u.children.length ? units.get(u.children[0]).level : null,
      child_count: u.children.length,
    };
    if (u.level === 'village') {
      body.facts = {
        as_of: '2023-04-01',
        households: u.hh,
        habitations: u.habitations,
        schools: u.schools,
        schools_with_tap: Math.floor(u.schools * u.final),
        anganwadis: u.anganwadis,
        anganwadis_with_tap: Math.floor(u.anganwadis * u.final),
        sc_population: u.pop[0],
        st_population: u.pop[1],
        general_population: u.pop[2],
        service_lpcd: u.lpcd,
      };
    }
    return body;
  }],
  [/^\/api\/v1\/coverage$/, (q) => {
    const parent = unitOr404(q.get('parent') || 'IN');
    const asOf = dateParam(q, 'as_of', today());
    const level = q.get('level') ||
      (parent.children.length ? units.get(parent.children[0]).level : null);
    if (level && !LEVELS.slice(1).includes(level)) {
      throw new HttpError(400, 'invalid_argument', `unknown level "${level}"`, 'level');
    }
    const rows = level ? descendantsAt(parent.code, level).map((u) => figures(u.code, asOf)) : [];
    const total = figures(parent.code, asOf);
    const remaining = total.total_hh - total.hh_with_tap;
    const left = days(TARGET) - days(asOf);
    return {
      as_of: asOf,
      level,
      parent: ref(parent),
      rows,
      total: {
        ...total,
        remaining,
        target_date: TARGET,
        days_to_target: left,
        hh_per_day_needed: left > 0 ? remaining / left : null,
      },
    };
  }],
  [/^\/api\/v1\/coverage\/timeseries$/, (q) => {
    const u = unitOr404(q.get('unit') || '');
    const from = dateParam(q, 'from', LAUNCH);
    const to = dateParam(q, 'to', today());
    const points = [];
    // Month ends from `from` to `to`, and `to` itself.
    let d = new Date(`${from}T00:00:00Z`);
    for (;;) {
      const end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
      const iso = end.toISOString().slice(0, 10);
      if (iso > to) break;
      points.push(iso);
      d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    }
    if (points[points.length - 1] !== to) points.push(to);
    return {
      unit: ref(u),
      interval: 'month',
      points: points.map((iso) => {
        const f = figures(u.code, iso);
        return {
          date: iso, total_hh: f.total_hh, hh_with_tap: f.hh_with_tap, pct: f.pct,
          hgj_villages: f.hgj_villages,
        };
      }),
    };
  }],
];

// ---- HTTP ---------------------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
const SECURITY = {
  'Content-Security-Policy': "default-src 'self'",
  'X-Content-Type-Options': 'nosniff',
};

async function serveFile(res, file) {
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', ...SECURITY });
    res.end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain', ...SECURITY });
    res.end('not found\n');
  }
}

function handle(req, res) {
  const url = new URL(req.url, 'http://x');
  const p = decodeURIComponent(url.pathname);
  if (p.startsWith('/api/')) {
    let status = 200;
    let body;
    try {
      const route = routes.find(([re]) => re.test(p));
      if (!route) throw new HttpError(404, 'not_found', `no route ${p}`);
      body = route[1](url.searchParams, p.match(route[0]).slice(1));
    } catch (e) {
      if (!(e instanceof HttpError)) console.error(e);
      status = e.status || 500;
      body = { error: { code: e.code || 'internal', message: e.message, field: e.field || null } };
    }
    res.writeHead(status, { 'Content-Type': 'application/json', ...SECURITY });
    res.end(JSON.stringify(body));
    return;
  }
  if (p === '/') return serveFile(res, path.join(WEB, 'index.html'));
  if (p === '/vendor/echarts.js') {
    return serveFile(res, path.join(WEB, 'node_modules/echarts/dist/echarts.esm.min.js'));
  }
  if (p.startsWith('/assets/')) {
    const file = path.normalize(path.join(WEB, p.slice('/assets/'.length)));
    if (!file.startsWith(WEB) || file.includes(`${path.sep}node_modules${path.sep}`)) {
      res.writeHead(404, SECURITY);
      res.end();
      return;
    }
    return serveFile(res, file);
  }
  res.writeHead(404, { 'Content-Type': 'text/plain', ...SECURITY });
  res.end('not found\n');
}

export function startMockServer(port = 0, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = http.createServer(handle);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] || 18081);
  startMockServer(port).then(() => console.log(`mock jjm on http://127.0.0.1:${port}`));
}
