// The water-supply API (issue 11) on the running binary, on the demo data:
// Har Ghar Jal reported only at full coverage (refused naming what is
// missing), the Gram Sabha's resolution and video uploaded (their types
// checked by the bytes), the certification submitted, accepted or returned
// by the district (not by a block), the public summary's counts moving, a
// correction that drops coverage putting a village back in progress;
// schemes, assets and their conditions, service levels; a functionality
// survey round drawn, households recorded by a surveyor in her district
// only, replays, and the estimates.  Every answer is checked against the
// OpenAPI document.  Runs on SQLite, and on PostgreSQL under
// scripts/with-postgres.sh (JJM_TEST_PG), like the other API tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

import { tempDir, newDb, startServer, api, addUser, signIn, assertRefused } from '../lib/jjm.mjs';
import { openapiOf } from '../lib/openapi.mjs';

const PASSWORD = 'correct horse 42';

let server;
let base;
let conforms;
const S = { anon: null }; // sessions by who
const P = {}; // places by key: codes

// YYYY-MM-DD `days` from today in India (negative: before).
function day(days = 0) {
  const ist = new Date(Date.now() + 5.5 * 3600_000 + days * 86400_000);
  return ist.toISOString().slice(0, 10);
}
const TODAY = day(0);

const get = (who, path) => api(base, `/api/v1${path}`, { session: S[who] });
const post = (who, path, body) => api(base, `/api/v1${path}`, { method: 'POST', body, session: S[who] });
const patch = (who, path, body) => api(base, `/api/v1${path}`, { method: 'PATCH', body, session: S[who] });

// A documented answer: the status, then the OpenAPI schema of `route`.
function answers(res, status, route, method = 'get') {
  assert.equal(res.status, status, `${method} ${route}: ${res.status} ${JSON.stringify(res.body)}`);
  conforms(route, method, res);
  return res.body;
}
// A documented refusal.
function refused(res, status, field, route, method, label) {
  assertRefused(res, status, field, label);
  conforms(route, method, res);
  return res.body.error;
}

// Uploads raw bytes as a Gram Sabha document of `village`.
async function upload(who, village, kind, type, bytes, name) {
  const headers = {};
  if (S[who]) Object.assign(headers, { cookie: S[who].cookie, 'x-csrf-token': S[who].csrf });
  if (type) headers['content-type'] = type;
  const q = new URLSearchParams({ kind });
  if (name) q.set('name', name);
  const res = await fetch(`${base}/api/v1/hgj/villages/${village}/documents?${q}`, { method: 'POST', headers, body: bytes });
  const text = await res.text();
  let body = null;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body, text, headers: res.headers };
}
const DOCS = '/hgj/villages/{code}/documents';

// Small files of each kind.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(24, 1)]);
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(40, 0)]);

// The village's Har Ghar Jal view (public unless `who`).
async function village(code, who = 'anon') {
  return answers(await get(who, `/hgj/villages/${code}`), 200, '/hgj/villages/{code}');
}
// The summary's totals of a place.
async function totals(place) {
  const r = answers(await get('anon', `/hgj/summary?place=${place}`), 200, '/hgj/summary');
  assert.equal(r.place.code, place);
  return r.totals;
}
// Counts that moved between two totals rows.
function moved(before, after) {
  const out = {};
  for (const k of ['reported', 'certified', 'gap', 'submitted', 'returned', 'reverted']) {
    if (after[k] !== before[k]) out[k] = after[k] - before[k];
  }
  return out;
}

// The resolution and video of `code`, uploaded by `who`: their ids.
async function documents(who, code) {
  const res = answers(await upload(who, code, 'resolution', 'application/pdf', PDF, 'resolution.pdf'), 201, DOCS, 'post');
  const vid = answers(await upload(who, code, 'video', 'video/mp4', MP4, 'gram-sabha.mp4'), 201, DOCS, 'post');
  return { res: res.id, vid: vid.id };
}
const certification = (docs, extra = {}) => ({
  gram_sabha_on: TODAY, resolution_no: 'GS/2026/17', resolution_document: docs.res, video_document: docs.vid, ...extra,
});

before(async () => {
  const dir = tempDir();
  const db = newDb(dir, 'supply');
  addUser(db, 'admin', 'national_admin', 'IN');
  server = await startServer({ db, demo: true, demoScale: 0.003 });
  base = server.url;
  ({ conforms } = openapiOf((await api(base, '/api/v1/openapi.json')).body));
  S.admin = await signIn(base, 'admin');
  assert.equal(S.admin.status, 200, JSON.stringify(S.admin.body));

  // Villages ready to report (full coverage, in progress), by district; a
  // district with three of them and a village short of full coverage.
  const ready = answers(await get('admin', '/hgj/queue?status=ready&limit=1000'), 200, '/hgj/queue');
  assert.ok(ready.rows.length >= 10, `${ready.rows.length} ready villages`);
  assert.ok(ready.rows.every((r) => r.status === 'in_progress'));
  const byDistrict = new Map();
  for (const r of ready.rows) {
    const [, , d, b] = r.path.split('/');
    if (!byDistrict.has(d)) byDistrict.set(d, []);
    byDistrict.get(d).push({ code: r.village.code, block: b });
  }
  for (const [d, list] of byDistrict) {
    if (list.length < 3) continue;
    const villages = (await get('anon', `/coverage?parent=${d}&level=village`)).body.rows;
    const short = villages.find((v) => v.total_hh - v.hh_with_tap >= 2);
    if (!short) continue;
    P.d1 = d;
    [P.v1, P.v2, P.v3] = list.slice(0, 3).map((x) => x.code);
    P.b1 = list[0].block;
    P.short = short.code;
    P.d1Villages = villages.map((v) => v.code);
    break;
  }
  assert.ok(P.d1, 'a district with three ready villages and one short of full coverage');
  // A ready village of another district.
  const [d2, others] = [...byDistrict].find(([d]) => d !== P.d1);
  P.d2 = d2;
  P.other = others[0].code;
  P.state = ready.rows.find((r) => r.village.code === P.v1).path.split('/')[1];

  const users = [
    { username: 'dist.officer', role: 'district_officer', unit: P.d1 },
    { username: 'dist.two', role: 'district_officer', unit: P.d2 },
    { username: 'block.officer', role: 'block_officer', unit: P.b1 },
    { username: 'surveyor.one', role: 'surveyor', unit: P.d1 },
  ];
  for (const u of users) {
    const made = await post('admin', '/users', { ...u, password: PASSWORD });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  S.officer = await signIn(base, 'dist.officer');
  S.dist2 = await signIn(base, 'dist.two');
  S.block = await signIn(base, 'block.officer');
  S.surveyor = await signIn(base, 'surveyor.one');
  for (const k of ['officer', 'dist2', 'block', 'surveyor']) assert.equal(S[k].status, 200, JSON.stringify(S[k].body));
});

after(async () => {
  await server?.stop();
});

test('a village short of full coverage is refused naming what is missing', async () => {
  const view = await village(P.short);
  assert.equal(view.status, 'in_progress');
  assert.equal(view.readiness.ready, false);
  assert.ok(view.readiness.missing.length >= 1);
  assert.ok(view.readiness.households_with_tap < view.readiness.households);
  const r = await post('officer', `/hgj/villages/${P.short}/report`, {});
  const e = refused(r, 422, null, '/hgj/villages/{code}/report', 'post', 'not full coverage');
  assert.equal(e.reason, 'not_full_coverage');
  for (const line of view.readiness.missing) assert.ok(e.message.includes(line), `${e.message} names "${line}"`);
  assert.match(e.message, /households/);
  // The refusal changed nothing.
  assert.equal((await village(P.short)).history.length, 0);
  // Signed out, outside one's places, unknown fields and places.
  refused(await post('anon', `/hgj/villages/${P.v1}/report`, {}), 401, undefined, '/hgj/villages/{code}/report', 'post');
  refused(await post('dist2', `/hgj/villages/${P.v1}/report`, {}), 403, undefined, '/hgj/villages/{code}/report', 'post',
    'another district\'s officer');
  refused(await post('surveyor', `/hgj/villages/${P.v1}/report`, {}), 403, undefined, '/hgj/villages/{code}/report', 'post',
    'a surveyor reports nothing');
  refused(await post('officer', `/hgj/villages/${P.v1}/report`, { colour: 'blue' }), 400, 'colour', '/hgj/villages/{code}/report', 'post');
  refused(await post('officer', `/hgj/villages/${P.d1}/report`, {}), 400, 'village', '/hgj/villages/{code}/report', 'post');
  refused(await get('anon', '/hgj/villages/VNOPE'), 400, 'village', '/hgj/villages/{code}', 'get');
  refused(await get('anon', `/hgj/villages/${P.v1}?as_of=yesterday`), 400, 'as_of', '/hgj/villages/{code}', 'get');
});

test('a full-coverage village is reported by its block officer; a second report is refused naming its status', async () => {
  const before = await totals(P.d1);
  const view = await village(P.v1);
  assert.equal(view.status, 'in_progress');
  assert.equal(view.readiness.ready, true);
  assert.deepEqual(view.readiness.missing, []);
  const r = answers(await post('block', `/hgj/villages/${P.v1}/report`, { note: 'all 3 wards checked' }), 201,
    '/hgj/villages/{code}/report', 'post');
  assert.equal(r.village.code, P.v1);
  assert.equal(r.status, 'reported');
  assert.equal(r.since, TODAY);
  assert.deepEqual(r.history.map((h) => [h.on, h.status, h.by]), [[TODAY, 'reported', 'block.officer']]);
  assert.equal(r.history[0].reason, 'all 3 wards checked');
  const again = await post('officer', `/hgj/villages/${P.v1}/report`, {});
  const e = refused(again, 422, undefined, '/hgj/villages/{code}/report', 'post', 'reported twice');
  assert.equal(e.status, 'reported');
  assert.match(e.message, /reported/);
  assert.deepEqual(moved(before, await totals(P.d1)), { reported: 1, gap: 1 });
  const one = answers(await get('anon', `/hgj/summary?place=${P.v1}`), 200, '/hgj/summary');
  assert.deepEqual([one.totals.status, one.totals.villages, one.totals.reported, one.rows], ['reported', 1, 1, []],
    'a village\'s own summary');
  assert.notEqual((await totals(P.d1)).status, 'certified');
  // The queue: no longer ready; reported.
  const q = answers(await get('officer', '/hgj/queue?status=reported'), 200, '/hgj/queue');
  assert.ok(q.rows.some((x) => x.village.code === P.v1 && x.since === TODAY));
  assert.ok(q.counts.reported >= 1);
  const ready = answers(await get('officer', '/hgj/queue?status=ready&limit=1000'), 200, '/hgj/queue');
  assert.ok(!ready.rows.some((x) => x.village.code === P.v1));
  assert.ok(ready.rows.some((x) => x.village.code === P.v2));
  refused(await get('anon', '/hgj/queue'), 401, undefined, '/hgj/queue', 'get');
  refused(await get('officer', `/hgj/queue?place=${P.d2}`), 403, 'place', '/hgj/queue', 'get');
  refused(await get('officer', '/hgj/queue?status=lost'), 400, 'status', '/hgj/queue', 'get');
});

test('documents: wrong type, bytes not of the type, empty, unknown kind are refused; a PDF and an MP4 are stored and served', async () => {
  const route = DOCS;
  refused(await upload('block', P.v1, 'resolution', 'text/plain', Buffer.from('hello')), 400, 'content-type', route, 'post', 'text');
  refused(await upload('block', P.v1, 'resolution', 'video/mp4', MP4), 400, 'content-type', route, 'post', 'a video as resolution');
  refused(await upload('block', P.v1, 'video', 'application/pdf', PDF), 400, 'content-type', route, 'post', 'a PDF as video');
  refused(await upload('block', P.v1, 'resolution', 'application/pdf', Buffer.from('GIF89a not a pdf')), 400, 'body', route, 'post',
    'bytes that are not a PDF');
  refused(await upload('block', P.v1, 'video', 'video/mp4', PDF), 400, 'body', route, 'post', 'a PDF called an MP4');
  refused(await upload('block', P.v1, 'resolution', 'image/png', PDF), 400, 'body', route, 'post', 'a PDF called a PNG');
  refused(await upload('block', P.v1, 'resolution', 'application/pdf', Buffer.alloc(0)), 400, 'body', route, 'post', 'empty');
  refused(await upload('block', P.v1, 'photo', 'image/png', PNG), 400, 'kind', route, 'post', 'unknown kind');
  const big = Buffer.concat([PDF, Buffer.alloc(5 << 20, 0x20)]);
  refused(await upload('block', P.v1, 'resolution', 'application/pdf', big), 413, 'body', route, 'post', 'a resolution over 5 MiB');
  refused(await upload('anon', P.v1, 'resolution', 'application/pdf', PDF), 401, undefined, route, 'post');
  refused(await upload('dist2', P.v1, 'resolution', 'application/pdf', PDF), 403, undefined, route, 'post', 'another district');
  refused(await upload('surveyor', P.v1, 'resolution', 'application/pdf', PDF), 403, undefined, route, 'post', 'a surveyor');

  const pdf = answers(await upload('block', P.v1, 'resolution', 'application/pdf; charset=binary', PDF, 'GS resolution 17.pdf'), 201, route, 'post');
  assert.equal(pdf.kind, 'resolution');
  assert.equal(pdf.content_type, 'application/pdf');
  assert.equal(pdf.bytes, PDF.length);
  assert.equal(pdf.sha256, createHash('sha256').update(PDF).digest('hex'));
  assert.equal(pdf.name, 'GS resolution 17.pdf');
  const png = answers(await upload('officer', P.v1, 'resolution', 'image/png', PNG), 201, route, 'post');
  assert.equal(png.name, 'resolution', 'the kind when no name is given');
  const mp4 = answers(await upload('block', P.v1, 'video', 'video/mp4', MP4, 'gram-sabha.mp4'), 201, route, 'post');
  assert.equal(mp4.kind, 'video');
  assert.equal(mp4.content_type, 'video/mp4');
  const gp = answers(await upload('block', P.v1, 'video', 'video/3gpp', MP4), 201, route, 'post');
  assert.equal(gp.content_type, 'video/3gpp');
  // Served to anyone, with their type.
  const served = await fetch(`${base}/api/v1/hgj/documents/${pdf.id}`);
  assert.equal(served.status, 200);
  assert.equal(served.headers.get('content-type'), 'application/pdf');
  assert.equal(served.headers.get('etag'), `"${pdf.sha256}"`);
  assert.match(served.headers.get('content-disposition'), /^inline; filename="GSresolution17\.pdf"$/);
  assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
  assert.deepEqual(Buffer.from(await served.arrayBuffer()), PDF);
  const video = await fetch(`${base}/api/v1/hgj/documents/${mp4.id}`);
  assert.equal(video.headers.get('content-type'), 'video/mp4');
  assert.deepEqual(Buffer.from(await video.arrayBuffer()), MP4);
  refused(await get('anon', '/hgj/documents/999999'), 404, undefined, '/hgj/documents/{id}', 'get');
  refused(await get('anon', '/hgj/documents/abc'), 404, undefined, '/hgj/documents/{id}', 'get');
  P.v1docs = { res: pdf.id, vid: mp4.id };
});

test('certification: refused before the report, with another village\'s document, with a Gram Sabha in the future; then submitted', async () => {
  const route = '/hgj/villages/{code}/certification';
  const v2docs = await documents('officer', P.v2);
  // V2 is not reported yet.
  const early = refused(await post('officer', `/hgj/villages/${P.v2}/certification`, certification(v2docs)), 422, undefined, route, 'post',
    'before the report');
  assert.equal(early.status, 'in_progress');
  // V1 with V2's resolution, or its video as the resolution.
  refused(await post('block', `/hgj/villages/${P.v1}/certification`, certification({ res: v2docs.res, vid: P.v1docs.vid })), 400,
    'resolution_document', route, 'post', 'another village\'s resolution');
  refused(await post('block', `/hgj/villages/${P.v1}/certification`, certification({ res: P.v1docs.res, vid: v2docs.vid })), 400,
    'video_document', route, 'post', 'another village\'s video');
  refused(await post('block', `/hgj/villages/${P.v1}/certification`, certification({ res: P.v1docs.vid, vid: P.v1docs.vid })), 400,
    'resolution_document', route, 'post', 'a video as the resolution');
  refused(await post('block', `/hgj/villages/${P.v1}/certification`, certification(P.v1docs, { resolution_document: 999999 })), 400,
    'resolution_document', route, 'post', 'no such document');
  refused(await post('block', `/hgj/villages/${P.v1}/certification`, certification(P.v1docs, { gram_sabha_on: day(1) })), 400,
    'gram_sabha_on', route, 'post', 'a Gram Sabha tomorrow');
  refused(await post('block', `/hgj/villages/${P.v1}/certification`, certification(P.v1docs, { gram_sabha_on: day(-1) })), 400,
    'gram_sabha_on', route, 'post', 'a Gram Sabha before the report');
  refused(await post('block', `/hgj/villages/${P.v1}/certification`, certification(P.v1docs, { resolution_no: '' })), 400,
    'resolution_no', route, 'post');
  refused(await post('dist2', `/hgj/villages/${P.v1}/certification`, certification(P.v1docs)), 403, undefined, route, 'post');
  refused(await post('anon', `/hgj/villages/${P.v1}/certification`, certification(P.v1docs)), 401, undefined, route, 'post');

  const before = await totals(P.d1);
  const r = answers(await post('block', `/hgj/villages/${P.v1}/certification`, certification(P.v1docs)), 201, route, 'post');
  assert.equal(r.status, 'submitted');
  assert.deepEqual(r.certification, {
    gram_sabha_on: TODAY, resolution_no: 'GS/2026/17', submitted_on: TODAY,
    resolution_document: {
      id: P.v1docs.res, name: 'GS resolution 17.pdf', content_type: 'application/pdf', bytes: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    },
    video_document: {
      id: P.v1docs.vid, name: 'gram-sabha.mp4', content_type: 'video/mp4', bytes: MP4.length,
      sha256: createHash('sha256').update(MP4).digest('hex'),
    },
  });
  assert.deepEqual(moved(before, await totals(P.d1)), { submitted: 1 });
  const again = refused(await post('block', `/hgj/villages/${P.v1}/certification`, certification(P.v1docs)), 422, undefined, route, 'post');
  assert.equal(again.status, 'submitted');
  P.v2docs = v2docs;
});

test('review: a block officer and another district may not; a return needs a reason; the district accepts', async () => {
  const route = '/hgj/villages/{code}/review';
  refused(await post('block', `/hgj/villages/${P.v1}/review`, { decision: 'accept' }), 403, undefined, route, 'post', 'a block officer');
  refused(await post('dist2', `/hgj/villages/${P.v1}/review`, { decision: 'accept' }), 403, undefined, route, 'post', 'another district');
  refused(await post('anon', `/hgj/villages/${P.v1}/review`, { decision: 'accept' }), 401, undefined, route, 'post');
  refused(await post('officer', `/hgj/villages/${P.v1}/review`, { decision: 'return' }), 400, 'reason', route, 'post', 'a return without a reason');
  refused(await post('officer', `/hgj/villages/${P.v1}/review`, { decision: 'maybe' }), 400, 'decision', route, 'post');
  const before = await totals(P.d1);
  const stateBefore = (answers(await get('anon', `/hgj/summary?place=${P.state}`), 200, '/hgj/summary')).rows.find((x) => x.code === P.d1);
  const r = answers(await post('officer', `/hgj/villages/${P.v1}/review`, { decision: 'accept' }), 200, route, 'post');
  assert.equal(r.status, 'certified');
  assert.equal(r.since, TODAY);
  assert.deepEqual(moved(before, await totals(P.d1)), { certified: 1, gap: -1, submitted: -1 });
  // The district's row in its state's summary says the same.
  const stateAfter = (answers(await get('anon', `/hgj/summary?place=${P.state}`), 200, '/hgj/summary')).rows.find((x) => x.code === P.d1);
  assert.deepEqual(moved(stateBefore, stateAfter), { certified: 1, gap: -1, submitted: -1 });
  const e = refused(await post('officer', `/hgj/villages/${P.v1}/review`, { decision: 'accept' }), 422, undefined, route, 'post');
  assert.equal(e.status, 'certified');
  // The history: every step, who made it only for readers in scope.
  const inner = await village(P.v1, 'officer');
  assert.deepEqual(inner.history.map((h) => [h.on, h.status, h.by]),
    [[TODAY, 'reported', 'block.officer'], [TODAY, 'submitted', 'block.officer'], [TODAY, 'certified', 'dist.officer']]);
  assert.ok(inner.history.every((h) => typeof h.recorded_at === 'string'));
  const pub = await village(P.v1);
  assert.deepEqual(pub.history.map((h) => h.status), ['reported', 'submitted', 'certified']);
  assert.ok(pub.history.every((h) => !('by' in h)), 'no names in public');
  const far = await village(P.v1, 'dist2');
  assert.ok(far.history.every((h) => !('by' in h)), 'none for another district\'s officer');
  // Before today the village was in progress.
  const then = await village(P.v1 + `?as_of=${day(-1)}`);
  assert.equal(then.status, 'in_progress');
  assert.deepEqual(then.history, []);
});

test('a returned certification: the reason shows; the village submits again', async () => {
  const route = '/hgj/villages/{code}';
  answers(await post('officer', `/hgj/villages/${P.v2}/report`, {}), 201, `${route}/report`, 'post');
  answers(await post('officer', `/hgj/villages/${P.v2}/certification`, certification(P.v2docs)), 201, `${route}/certification`, 'post');
  const q = answers(await get('officer', '/hgj/queue'), 200, '/hgj/queue');
  assert.equal(q.status, 'submitted', 'the queue shows submitted certifications by default');
  assert.ok(q.rows.some((x) => x.village.code === P.v2));
  const before = await totals(P.d1);
  const r = answers(await post('officer', `/hgj/villages/${P.v2}/review`, { decision: 'return', reason: 'the video does not show the quorum' }),
    200, `${route}/review`, 'post');
  assert.equal(r.status, 'returned');
  assert.equal(r.returned_reason, 'the video does not show the quorum');
  assert.equal(r.history.at(-1).reason, 'the video does not show the quorum');
  assert.deepEqual(moved(before, await totals(P.d1)), { submitted: -1, returned: 1 });
  const again = answers(await post('officer', `/hgj/villages/${P.v2}/certification`, certification(await documents('officer', P.v2),
    { resolution_no: 'GS/2026/18' })), 201, `${route}/certification`, 'post');
  assert.equal(again.status, 'submitted');
  assert.equal(again.certification.resolution_no, 'GS/2026/18');
  assert.deepEqual(again.history.map((h) => h.status), ['reported', 'submitted', 'returned', 'submitted']);
  assert.deepEqual(moved(before, await totals(P.d1)), {});
});

test('a correction that drops coverage puts a reported village back in progress until it is reported again', async () => {
  answers(await post('officer', `/hgj/villages/${P.v3}/report`, {}), 201, '/hgj/villages/{code}/report', 'post');
  const before = await totals(P.d1);
  const national = await totals('IN');
  const drop = await post('admin', '/connections', {
    village_code: P.v3, date: TODAY, households: -1, kind: 'correction', reason: 'a tap counted twice',
  });
  answers(drop, 201, '/connections', 'post');
  const view = await village(P.v3, 'officer');
  assert.equal(view.status, 'in_progress');
  assert.equal(view.reason_code, 'coverage_fell');
  assert.match(view.reason, /coverage fell/);
  assert.equal(view.reason, `coverage fell: ${view.readiness.missing.join('; ')}`);
  assert.match(view.reason, new RegExp(`: 1 of ${view.readiness.households} households has no tap`));
  assert.equal(view.since, TODAY);
  assert.equal(view.readiness.ready, false);
  const fell = view.history.at(-1);
  assert.equal(fell.status, 'in_progress');
  assert.equal(fell.reason_code, 'coverage_fell');
  assert.deepEqual(moved(before, await totals(P.d1)), { reported: -1, gap: -1, reverted: 1 });
  assert.deepEqual(moved(national, await totals('IN')), { reported: -1, gap: -1, reverted: 1 });
  // Not ready to report now.
  const e = refused(await post('officer', `/hgj/villages/${P.v3}/report`, {}), 422, null, '/hgj/villages/{code}/report', 'post');
  assert.equal(e.reason, 'not_full_coverage');
  const notReady = answers(await get('officer', '/hgj/queue?status=ready&limit=1000'), 200, '/hgj/queue');
  assert.ok(!notReady.rows.some((x) => x.village.code === P.v3));
  const reverted = answers(await get('officer', '/hgj/queue?status=in_progress&limit=1000'), 200, '/hgj/queue');
  const row = reverted.rows.find((x) => x.village.code === P.v3);
  assert.ok(row, 'the village is in progress in the queue');
  assert.equal(row.reason, view.reason);
  // Coverage is judged on a day's figures after all of its changes: a tap
  // connected again the same day means coverage never fell short.
  answers(await post('admin', '/connections', { village_code: P.v3, date: TODAY, households: 1 }), 201, '/connections', 'post');
  const covered = await village(P.v3);
  assert.equal(covered.status, 'reported');
  assert.equal(covered.readiness.ready, true);
  assert.ok(!covered.history.some((h) => h.reason_code === 'coverage_fell'));
  assert.deepEqual(moved(before, await totals(P.d1)), {});
  const again = refused(await post('officer', `/hgj/villages/${P.v3}/report`, {}), 422, undefined, '/hgj/villages/{code}/report', 'post');
  assert.equal(again.status, 'reported');
});

test('the headline shows Har Ghar Jal beside coverage', async () => {
  const h = answers(await get('anon', `/hgj/headline?place=${P.d1}`), 200, '/hgj/headline');
  const t = await totals(P.d1);
  assert.equal(h.place.code, P.d1);
  assert.equal(h.hgj.reported, t.reported);
  assert.equal(h.hgj.certified, t.certified);
  assert.ok(h.coverage.households >= h.coverage.households_with_tap);
  refused(await get('anon', '/hgj/summary?place=NOWHERE'), 400, 'place', '/hgj/summary', 'get');
  refused(await get('anon', '/hgj/summary?colour=blue'), 400, 'colour', '/hgj/summary', 'get');
});

test('schemes: single- and multi-village; the refusals; assets and their conditions', async () => {
  const scheme = (o) => ({
    code: 'SCH-T-1', name: 'Test single-village scheme', kind: 'single_village', villages: [P.v1],
    sanctioned_on: day(-400), sanction_cost_lakh: 42.5, agency: 'Rural Water Supply Department', ...o,
  });
  const one = answers(await post('officer', '/schemes', scheme({})), 201, '/schemes', 'post');
  assert.equal(one.kind, 'single_village');
  assert.deepEqual(one.villages.map((v) => v.code), [P.v1]);
  assert.equal(one.status, 'sanctioned');
  assert.equal(one.commissioned_on, null);
  assert.deepEqual(one.assets, []);
  const multi = answers(await post('officer', '/schemes', scheme({
    code: 'SCH-T-2', name: 'Test multi-village scheme', kind: 'multi_village', villages: [P.v1, P.v2], status: 'commissioned',
    commissioned_on: day(-30),
  })), 201, '/schemes', 'post');
  assert.deepEqual(multi.villages.map((v) => v.code), [P.v1, P.v2]);
  assert.equal(multi.commissioned_on, day(-30));
  // Refusals.
  refused(await post('officer', '/schemes', scheme({ code: 'SCH-T-3', villages: [P.v1, P.v2] })), 400, 'villages', '/schemes', 'post',
    'a single-village scheme of two villages');
  refused(await post('officer', '/schemes', scheme({ code: 'SCH-T-3', villages: ['VNOPE'] })), 400, 'villages[0]', '/schemes', 'post',
    'an unknown village');
  refused(await post('officer', '/schemes', scheme({ code: 'SCH-T-3', kind: 'multi_village', villages: [P.v1, P.v1] })), 400,
    'villages[1]', '/schemes', 'post', 'a village twice');
  refused(await post('officer', '/schemes', scheme({ code: 'SCH-T-3', villages: [] })), 400, 'villages', '/schemes', 'post');
  refused(await post('officer', '/schemes', scheme({})), 409, 'code', '/schemes', 'post', 'a code taken');
  refused(await post('officer', '/schemes', scheme({ code: 'SCH-T-3', status: 'commissioned' })), 400, 'commissioned_on', '/schemes', 'post',
    'commissioned without a date');
  refused(await post('officer', '/schemes', scheme({ code: 'SCH-T-3', commissioned_on: day(-500) })), 400, 'commissioned_on', '/schemes',
    'post', 'commissioned before its sanction');
  refused(await post('officer', '/schemes', scheme({ code: 'SCH-T-3', kind: 'pipes' })), 400, 'kind', '/schemes', 'post');
  refused(await post('officer', '/schemes', scheme({ code: 'SCH-T-3', sanctioned_on: day(2) })), 400, 'sanctioned_on', '/schemes', 'post');
  refused(await post('officer', '/schemes', scheme({ code: 'SCH-T-3', villages: [P.other] })), 403, undefined, '/schemes', 'post',
    'a village of another district');
  refused(await post('surveyor', '/schemes', scheme({ code: 'SCH-T-3' })), 403, undefined, '/schemes', 'post', 'a surveyor');
  refused(await post('anon', '/schemes', scheme({ code: 'SCH-T-3' })), 401, undefined, '/schemes', 'post');
  // Reading them.
  const list = answers(await get('anon', `/schemes?village=${P.v2}`), 200, '/schemes');
  assert.deepEqual(list.rows.map((s) => s.code), ['SCH-T-2']);
  const inDistrict = answers(await get('anon', `/schemes?place=${P.d1}`), 200, '/schemes');
  assert.ok(['SCH-T-1', 'SCH-T-2'].every((c) => inDistrict.rows.some((s) => s.code === c)));
  answers(await get('anon', `/schemes/${one.id}`), 200, '/schemes/{id}');
  refused(await get('anon', '/schemes/999999'), 404, undefined, '/schemes/{id}', 'get');
  refused(await get('anon', '/schemes?village=VNOPE'), 400, 'village', '/schemes', 'get');
  // Its status.
  const changed = answers(await patch('officer', `/schemes/${one.id}`, { status: 'commissioned', commissioned_on: day(-10) }), 200,
    '/schemes/{id}', 'patch');
  assert.equal(changed.status, 'commissioned');
  assert.equal(changed.commissioned_on, day(-10));
  refused(await patch('officer', `/schemes/${one.id}`, { status: 'finished' }), 400, 'status', '/schemes/{id}', 'patch');
  refused(await patch('dist2', `/schemes/${one.id}`, { status: 'closed' }), 403, undefined, '/schemes/{id}', 'patch');
  refused(await patch('officer', '/schemes/999999', { status: 'closed' }), 404, undefined, '/schemes/{id}', 'patch');

  // Assets.
  const aroute = '/schemes/{id}/assets';
  const tank = answers(await post('officer', `/schemes/${one.id}/assets`, {
    type: 'overhead_tank', village: P.v1, name: 'OHSR ward 2', capacity: 50000, capacity_unit: 'litres', commissioned_on: day(-10),
    condition: 'working',
  }), 201, aroute, 'post');
  assert.equal(tank.type, 'overhead_tank');
  assert.equal(tank.village.code, P.v1);
  assert.equal(tank.capacity, 50000);
  assert.equal(tank.condition, 'working');
  assert.equal(tank.condition_on, day(-10));
  const pump = answers(await post('officer', `/schemes/${multi.id}/assets`, { type: 'pump', village: P.v2 }), 201, aroute, 'post');
  assert.equal(pump.condition, null);
  assert.equal(pump.capacity, null);
  refused(await post('officer', `/schemes/${one.id}/assets`, { type: 'castle', village: P.v1 }), 400, 'type', aroute, 'post');
  refused(await post('officer', `/schemes/${one.id}/assets`, { type: 'pump', village: P.v2 }), 400, 'village', aroute, 'post',
    'a village the scheme does not serve');
  refused(await post('officer', `/schemes/${one.id}/assets`, { type: 'pump', village: P.v1, capacity: -1 }), 400, 'capacity', aroute, 'post');
  refused(await post('officer', '/schemes/999999/assets', { type: 'pump', village: P.v1 }), 404, undefined, aroute, 'post');
  refused(await post('officer', `/schemes/${one.id}/assets`, { type: 'pump', village: P.v1, commissioned_on: day(1) }), 400,
    'commissioned_on', aroute, 'post', 'commissioned tomorrow');
  refused(await post('officer', `/schemes/${one.id}/assets`, { type: 'pump', village: P.v1, commissioned_on: day(-401) }), 400,
    'commissioned_on', aroute, 'post', 'commissioned before the scheme\'s sanction');
  refused(await post('dist2', `/schemes/${one.id}/assets`, { type: 'pump', village: P.v1 }), 403, undefined, aroute, 'post');
  // Conditions over time.
  const croute = '/assets/{id}/conditions';
  const worse = answers(await post('block', `/assets/${tank.id}/conditions`, { on: day(-2), condition: 'partly_working', note: 'inlet valve leaks' }),
    201, croute, 'post');
  assert.equal(worse.condition, 'partly_working');
  assert.equal(worse.condition_on, day(-2));
  assert.deepEqual(worse.history.map((h) => [h.on, h.condition]), [[day(-10), 'working'], [day(-2), 'partly_working']]);
  refused(await post('block', `/assets/${tank.id}/conditions`, { on: day(-20), condition: 'working' }), 400, 'on', croute, 'post',
    'before the asset was commissioned');
  refused(await post('block', `/assets/${tank.id}/conditions`, { on: day(1), condition: 'working' }), 400, 'on', croute, 'post');
  refused(await post('block', `/assets/${tank.id}/conditions`, { on: TODAY, condition: 'fine' }), 400, 'condition', croute, 'post');
  refused(await post('block', '/assets/999999/conditions', { on: TODAY, condition: 'working' }), 404, undefined, croute, 'post');
  refused(await post('dist2', `/assets/${tank.id}/conditions`, { on: TODAY, condition: 'working' }), 403, undefined, croute, 'post');
  // The scheme reads back with its assets; names only to those in scope.
  const pub = answers(await get('anon', `/schemes/${one.id}`), 200, '/schemes/{id}');
  assert.deepEqual(pub.assets.map((a) => [a.id, a.condition]), [[tank.id, 'partly_working']]);
  assert.ok(pub.assets[0].history.every((h) => !('by' in h)));
  const inner = answers(await get('officer', `/schemes/${one.id}`), 200, '/schemes/{id}');
  assert.deepEqual(inner.assets[0].history.map((h) => h.by), ['dist.officer', 'block.officer']);
  P.schemes = [one.id, multi.id];
});

test('service levels and a village\'s supply', async () => {
  const route = '/supply/villages/{code}/service-level';
  const r = answers(await post('block', `/supply/villages/${P.v1}/service-level`, { on: day(-3), lpcd: 55, note: 'bulk meter reading' }),
    201, route, 'post');
  assert.equal(r.from, 'scheme_record');
  assert.equal(r.lpcd, 55);
  refused(await post('block', `/supply/villages/${P.v1}/service-level`, { on: day(-3), lpcd: 2000 }), 400, 'lpcd', route, 'post');
  refused(await post('block', `/supply/villages/${P.v1}/service-level`, { on: day(3), lpcd: 40 }), 400, 'on', route, 'post');
  refused(await post('surveyor', `/supply/villages/${P.v1}/service-level`, { on: TODAY, lpcd: 40 }), 403, undefined, route, 'post');
  refused(await post('anon', `/supply/villages/${P.v1}/service-level`, { on: TODAY, lpcd: 40 }), 401, undefined, route, 'post');
  const v = answers(await get('anon', `/supply/villages/${P.v1}`), 200, '/supply/villages/{code}');
  assert.equal(v.village.code, P.v1);
  assert.equal(v.hgj.status, 'certified');
  assert.deepEqual(v.schemes.map((s) => s.id).sort((a, b) => a - b), [...P.schemes].sort((a, b) => a - b));
  assert.deepEqual(v.service_level.map((x) => [x.on, x.lpcd, x.from]), [[day(-3), 55, 'scheme_record']]);
  const then = answers(await get('anon', `/supply/villages/${P.v1}?as_of=${day(-4)}`), 200, '/supply/villages/{code}');
  assert.deepEqual(then.service_level, []);
  assert.equal(then.hgj.status, 'in_progress');
  refused(await get('anon', `/supply/villages/${P.d1}`), 400, 'village', '/supply/villages/{code}', 'get');
});

test('a survey round: drawn at once, households recorded by a surveyor in her district only, replays, results', async () => {
  const round = {
    name: 'Functionality assessment test round', period_from: day(-20), period_to: day(20),
    methodology: 'Two-stage sample: villages PPS by households within each district, households by simple random sampling.',
    seed: 20261202, villages_per_district: 2, households_per_village: 3, frame: 'all',
  };
  refused(await post('officer', '/surveys', round), 403, undefined, '/surveys', 'post', 'a district officer sets up no rounds');
  refused(await post('admin', '/surveys', { ...round, frame: 'some' }), 400, 'frame', '/surveys', 'post');
  refused(await post('admin', '/surveys', { ...round, period_to: day(-30) }), 400, 'period_to', '/surveys', 'post');
  refused(await post('admin', '/surveys', { ...round, place: P.d1 }), 400, 'place', '/surveys', 'post', 'a round of a district');
  refused(await post('anon', '/surveys', round), 401, undefined, '/surveys', 'post');
  const r = answers(await post('admin', '/surveys', round), 201, '/surveys', 'post');
  assert.equal(r.place.code, 'IN');
  assert.equal(r.frame, 'all');
  assert.equal(r.frame_on, TODAY);
  assert.ok(r.villages_drawn >= 2 && r.districts >= 1, JSON.stringify(r));
  assert.ok(r.villages_drawn <= 2 * r.districts);
  assert.equal(r.households_recorded, 0);
  refused(await post('admin', '/surveys', round), 409, 'name', '/surveys', 'post', 'a name taken');
  const list = answers(await get('anon', '/surveys'), 200, '/surveys');
  assert.ok(list.rows.some((x) => x.id === r.id));
  const all = answers(await get('anon', `/surveys/${r.id}`), 200, '/surveys/{id}');
  assert.equal(all.villages.length, r.villages_drawn);
  assert.equal(all.villages.reduce((s, v) => s + v.households_sampled, 0), r.households_drawn);
  const mine = answers(await get('anon', `/surveys/${r.id}?district=${P.d1}`), 200, '/surveys/{id}');
  assert.ok(mine.villages.length >= 1);
  assert.ok(mine.villages.every((v) => v.district.code === P.d1));
  const elsewhere = all.villages.find((v) => v.district.code !== P.d1);
  assert.ok(elsewhere, 'a village drawn in another district');
  refused(await get('anon', '/surveys/999999'), 404, undefined, '/surveys/{id}', 'get');
  refused(await get('anon', `/surveys/${r.id}?district=${P.v1}`), 400, 'district', '/surveys/{id}', 'get');

  // The households drawn in a village of the surveyor's district.
  const vs = mine.villages[0].code;
  const drawn = answers(await get('surveyor', `/surveys/${r.id}/villages/${vs}`), 200, '/surveys/{id}/villages/{code}');
  assert.equal(drawn.village.code, vs);
  const numbers = drawn.households.map((h) => h.household_no);
  assert.equal(numbers.length, Math.min(3, mine.villages[0].households));
  assert.ok(drawn.households.every((h) => !h.response));
  const notDrawnVillage = P.d1Villages.find((c) => !mine.villages.some((v) => v.code === c));
  refused(await get('anon', `/surveys/${r.id}/villages/${notDrawnVillage}`), 404, undefined, '/surveys/{id}/villages/{code}', 'get');

  const hroute = '/surveys/{id}/households';
  const household = (o) => ({
    village: vs, household_no: numbers[0], tap_present: true, water_last_7_days: true, litres_per_day: 300, household_size: 5,
    days_per_week: 7, hours_per_day: 2, quality: { method: 'ftk', result: 'safe' }, on: TODAY, ...o,
  });
  const notDrawn = Array.from({ length: 1000 }, (_, i) => i + 1).find((n) => !numbers.includes(n));
  refused(await post('surveyor', `/surveys/${r.id}/households`, household({ household_no: notDrawn })), 400, 'household_no', hroute, 'post',
    'a household not drawn');
  if (notDrawnVillage) {
    refused(await post('surveyor', `/surveys/${r.id}/households`, household({ village: notDrawnVillage })), 400, 'village', hroute, 'post',
      'a village not drawn');
  }
  refused(await post('surveyor', `/surveys/${r.id}/households`, household({ on: day(-30) })), 400, 'on', hroute, 'post',
    'a day before the round');
  refused(await post('surveyor', `/surveys/${r.id}/households`, household({ on: day(1) })), 400, 'on', hroute, 'post', 'tomorrow');
  refused(await post('surveyor', `/surveys/${r.id}/households`, household({ household_size: 0 })), 400, 'household_size', hroute, 'post');
  refused(await post('surveyor', `/surveys/${r.id}/households`, household({ household_size: 2.5 })), 400, 'household_size', hroute, 'post');
  refused(await post('surveyor', `/surveys/${r.id}/households`, household({ tap_present: 'yes' })), 400, 'tap_present', hroute, 'post');
  refused(await post('surveyor', `/surveys/${r.id}/households`, household({ quality: { method: 'ftk', result: 'fine' } })), 400,
    'quality.result', hroute, 'post');
  refused(await post('surveyor', `/surveys/${r.id}/households`, household({ village: elsewhere.code })), 403, undefined, hroute, 'post',
    'a surveyor outside her district');
  refused(await post('surveyor', '/surveys/999999/households', household({})), 404, undefined, hroute, 'post');
  refused(await post('anon', `/surveys/${r.id}/households`, household({})), 401, undefined, hroute, 'post');

  const first = answers(await post('surveyor', `/surveys/${r.id}/households`, household({ request_id: 'fa-test-1' })), 201, hroute, 'post');
  assert.deepEqual(first.derived, { working: true, adequate: true, regular: true, potable: true, fully_functional: true, lpcd: 60 });
  const again = answers(await post('surveyor', `/surveys/${r.id}/households`, household({ request_id: 'fa-test-1' })), 200, hroute, 'post');
  assert.equal(again.replayed, true);
  assert.equal(again.id, first.id);
  assert.deepEqual(again.derived, first.derived);
  const clash = await post('surveyor', `/surveys/${r.id}/households`, household({ request_id: 'fa-test-1', household_no: numbers[1] }));
  refused(clash, 409, 'request_id', hroute, 'post', 'a request id used for another household');
  // The Idempotency-Key header is a request id too.
  const hdr = { village: vs, household_no: numbers[1], tap_present: true, water_last_7_days: false, litres_per_day: 0, household_size: 4,
    days_per_week: 0, hours_per_day: 0, quality: { method: 'lab', result: 'unsafe' } };
  const byKey = (o) => api(base, `/api/v1/surveys/${r.id}/households`,
    { method: 'POST', body: o, session: S.officer, headers: { 'idempotency-key': 'fa-test-2' } });
  const second = answers(await byKey(hdr), 201, hroute, 'post');
  assert.equal(second.derived.fully_functional, false);
  assert.equal(second.derived.working, false);
  const second2 = answers(await byKey(hdr), 200, hroute, 'post');
  assert.equal(second2.replayed, true);
  assert.equal(second2.id, second.id);

  // What was recorded; who recorded only for readers in scope.
  const inner = answers(await get('officer', `/surveys/${r.id}/villages/${vs}`), 200, '/surveys/{id}/villages/{code}');
  const recorded = inner.households.filter((h) => h.response);
  assert.deepEqual(recorded.map((h) => [h.household_no, h.response.by]).sort(),
    [[numbers[0], 'surveyor.one'], [numbers[1], 'dist.officer']].sort());
  const pub = answers(await get('anon', `/surveys/${r.id}/villages/${vs}`), 200, '/surveys/{id}/villages/{code}');
  assert.ok(pub.households.every((h) => !h.response || !('by' in h.response)));
  const after = answers(await get('anon', `/surveys/${r.id}`), 200, '/surveys/{id}');
  assert.equal(after.households_recorded, 2);

  // Results: weighted shares with intervals, for India and by state.
  const res = answers(await get('anon', `/surveys/${r.id}/results`), 200, '/surveys/{id}/results');
  assert.equal(res.place.code, 'IN');
  assert.equal(res.round.id, r.id);
  const est = res.estimates;
  for (const m of ['working', 'adequate', 'regular', 'potable', 'fully_functional']) {
    const e = est[m];
    assert.equal(e.households, 2, m);
    assert.equal(e.villages, 1, m);
    assert.ok(e.share >= 0 && e.share <= 1, `${m} ${e.share}`);
    assert.ok(e.ci_low <= e.share && e.share <= e.ci_high, `${m} ${JSON.stringify(e)}`);
  }
  const near = (a, b) => Math.abs(a - b) < 1e-9;
  assert.ok(near(est.fully_functional.share, 0.5), 'one of two equally weighted households');
  assert.ok(near(est.working.share, 0.5));
  assert.ok(res.rows.some((x) => x.code === P.state && x.estimates.working.households === 2));
  const district = answers(await get('anon', `/surveys/${r.id}/results?place=${P.d1}`), 200, '/surveys/{id}/results');
  assert.equal(district.place.code, P.d1);
  assert.ok(near(district.estimates.fully_functional.share, 0.5));
  refused(await get('anon', `/surveys/${r.id}/results?place=${vs}`), 400, 'place', '/surveys/{id}/results', 'get');
  refused(await get('anon', '/surveys/999999/results'), 404, undefined, '/surveys/{id}/results', 'get');
  // The survey's service level in the village's supply; the headline's
  // functionality.
  const supply = answers(await get('anon', `/supply/villages/${vs}`), 200, '/supply/villages/{code}');
  const fromSurvey = supply.service_level.filter((x) => x.from === 'survey');
  assert.equal(fromSurvey.length, 1);
  assert.equal(fromSurvey[0].lpcd, (60 + 0) / 2);
  const headline = answers(await get('anon', '/hgj/headline'), 200, '/hgj/headline');
  assert.ok(headline.functionality, 'a round covers India');
  P.round = { id: r.id, village: vs, numbers };
});

test('a surveyed household\'s lab sample: the water-quality module\'s final result is the household\'s', async () => {
  const { id, village: vs, numbers } = P.round;
  assert.ok(numbers.length >= 3, 'a third household drawn');
  // A district lab, its analyst, a source in the village and a sample.
  const lab = answers(await post('admin', '/quality/labs', { code: 'SUP-DWTL-1', name: 'Supply test lab', level: 'district', place: P.d1 }),
    201, '/quality/labs', 'post');
  const made = await post('admin', '/users', { username: 'sup.analyst', role: 'lab_analyst', lab: lab.code, password: PASSWORD });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  S.analyst = await signIn(base, 'sup.analyst');
  const source = answers(await post('officer', '/quality/sources', { code: 'SUP-SRC-1', village: vs, type: 'borewell' }), 201,
    '/quality/sources', 'post');
  const reg = answers(await post('officer', '/quality/samples', {
    method: 'lab', lab: lab.code, source: source.code, collected_on: TODAY, collected_by: 'Geeta Kumari',
  }), 201, '/quality/samples', 'post');
  const sample = reg.sample ?? reg;
  const hroute = '/surveys/{id}/households';
  const household = (quality) => ({
    village: vs, household_no: numbers[2], tap_present: true, water_last_7_days: true, litres_per_day: 300, household_size: 5,
    days_per_week: 7, hours_per_day: 2, quality,
  });
  refused(await post('surveyor', `/surveys/${id}/households`, household({ method: 'lab', sample: sample.code })), 422, 'quality.sample',
    hroute, 'post', 'a sample without a final result');
  refused(await post('surveyor', `/surveys/${id}/households`, household({ method: 'lab', sample: 'NO-SUCH-SAMPLE' })), 404, 'quality.sample',
    hroute, 'post', 'no such sample');
  refused(await post('surveyor', `/surveys/${id}/households`, household({ method: 'ftk', sample: sample.code })), 400, 'quality.method',
    hroute, 'post', 'a sample is a lab test');
  // The lab finds arsenic above the limit: the sample is final and unsafe.
  const step = (body) => post('analyst', `/quality/samples/${sample.id}/events`, body);
  answers(await step({ kind: 'received', on: TODAY }), 201, '/quality/samples/{id}/events', 'post');
  answers(await step({ kind: 'tested', on: TODAY, results: [{ parameter: 'arsenic', value: 0.08, unit: 'mg/l' }] }), 201,
    '/quality/samples/{id}/events', 'post');
  answers(await step({ kind: 'final', on: TODAY }), 201, '/quality/samples/{id}/events', 'post');
  refused(await post('surveyor', `/surveys/${id}/households`, household({ method: 'lab', sample: sample.code, result: 'safe' })), 400,
    'quality.result', hroute, 'post', 'a result the lab contradicts');
  const rec = answers(await post('surveyor', `/surveys/${id}/households`, household({ method: 'lab', sample: sample.code })), 201, hroute,
    'post');
  assert.equal(rec.derived.potable, false);
  assert.equal(rec.derived.working, true);
  assert.equal(rec.derived.fully_functional, false);
  const inner = answers(await get('officer', `/surveys/${id}/villages/${vs}`), 200, '/surveys/{id}/villages/{code}');
  const third = inner.households.find((h) => h.household_no === numbers[2]);
  assert.deepEqual(third.response.quality, { method: 'lab', result: 'unsafe' });
  const res = answers(await get('anon', `/surveys/${id}/results?place=${P.d1}`), 200, '/surveys/{id}/results');
  assert.equal(res.estimates.potable.households, 3);
  assert.ok(Math.abs(res.estimates.fully_functional.share - 1 / 3) < 1e-9, 'one of three equally weighted households');
});

test('other roles: a village\'s vwsc_operator certifies and records supply there only; a state officer reviews nothing but draws rounds of the state', async () => {
  for (const u of [
    { username: 'vwsc.two', role: 'vwsc_operator', unit: P.v2 },
    { username: 'state.officer', role: 'state_officer', unit: P.state },
  ]) {
    const made = await post('admin', '/users', { ...u, password: PASSWORD });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  S.vwsc = await signIn(base, 'vwsc.two');
  S.state = await signIn(base, 'state.officer');
  // The operator of V2 (submitted).
  answers(await upload('vwsc', P.v2, 'resolution', 'image/png', PNG), 201, DOCS, 'post');
  refused(await upload('vwsc', P.v1, 'resolution', 'image/png', PNG), 403, undefined, DOCS, 'post', 'another village');
  refused(await post('vwsc', `/hgj/villages/${P.v2}/report`, {}), 403, undefined, '/hgj/villages/{code}/report', 'post',
    'an operator reports nothing');
  refused(await post('vwsc', `/hgj/villages/${P.v2}/review`, { decision: 'accept' }), 403, undefined, '/hgj/villages/{code}/review', 'post');
  answers(await post('vwsc', `/supply/villages/${P.v2}/service-level`, { on: TODAY, lpcd: 48 }), 201,
    '/supply/villages/{code}/service-level', 'post');
  refused(await post('vwsc', `/supply/villages/${P.v1}/service-level`, { on: TODAY, lpcd: 48 }), 403, undefined,
    '/supply/villages/{code}/service-level', 'post');
  const multi = answers(await get('anon', `/schemes/${P.schemes[1]}`), 200, '/schemes/{id}');
  const pump = multi.assets.find((a) => a.village.code === P.v2);
  answers(await post('vwsc', `/assets/${pump.id}/conditions`, { on: TODAY, condition: 'not_working', note: 'motor burnt' }), 201,
    '/assets/{id}/conditions', 'post');
  refused(await post('vwsc', '/schemes', {
    code: 'SCH-T-9', name: 'Not hers', kind: 'single_village', villages: [P.v2], sanctioned_on: TODAY, sanction_cost_lakh: 1,
    agency: 'VWSC',
  }), 403, undefined, '/schemes', 'post', 'an operator manages no schemes');
  const q = answers(await get('vwsc', '/hgj/queue?status=submitted'), 200, '/hgj/queue');
  assert.deepEqual(q.rows.map((x) => x.village.code), [P.v2], 'only her village');
  // A state officer may not review; a national administrator may.
  refused(await post('state', `/hgj/villages/${P.v2}/review`, { decision: 'accept' }), 403, undefined, '/hgj/villages/{code}/review', 'post',
    'a state officer');
  const accepted = answers(await post('admin', `/hgj/villages/${P.v2}/review`, { decision: 'accept' }), 200, '/hgj/villages/{code}/review',
    'post');
  assert.equal(accepted.status, 'certified');
  // A round of the state, from its villages reported Har Ghar Jal.
  const round = {
    name: 'State round of reported villages', period_from: day(-5), period_to: day(5), place: P.state,
    methodology: 'Villages reported Har Ghar Jal, PPS within each district.', seed: 7, villages_per_district: 5, households_per_village: 2,
  };
  refused(await post('state', '/surveys', { ...round, place: 'IN' }), 403, undefined, '/surveys', 'post', 'a state officer for India');
  const r = answers(await post('state', '/surveys', round), 201, '/surveys', 'post');
  assert.equal(r.frame, 'reported');
  assert.equal(r.place.code, P.state);
  const drawn = answers(await get('anon', `/surveys/${r.id}`), 200, '/surveys/{id}');
  const codes = drawn.villages.map((v) => v.code);
  // A district with at most villages_per_district reported villages gives
  // all of them.
  if ((await totals(P.d1)).reported <= 5) {
    for (const v of [P.v1, P.v2, P.v3]) assert.ok(codes.includes(v), `${v} is reported and drawn`);
  }
  for (const v of drawn.villages) {
    const view = await village(v.code);
    assert.notEqual(view.status, 'in_progress', `${v.code} drawn from the reported villages`);
  }
  assert.ok(!codes.includes(P.short));
  // The headline's functionality: the latest round covering the place.
  const national = answers(await get('anon', '/hgj/headline'), 200, '/hgj/headline');
  assert.equal(national.functionality.round.id, P.round.id, 'a state\'s round says nothing of India');
  const inState = answers(await get('anon', `/hgj/headline?place=${P.d1}`), 200, '/hgj/headline');
  assert.equal(inState.functionality.round.id, r.id, 'the state\'s round, later, covers its district');
  // Drawn again from the same seed, the same villages.
  const twin = answers(await post('state', '/surveys', { ...round, name: 'State round, again' }), 201, '/surveys', 'post');
  const again = answers(await get('anon', `/surveys/${twin.id}`), 200, '/surveys/{id}');
  assert.deepEqual(again.villages.map((v) => [v.code, v.households_sampled]), drawn.villages.map((v) => [v.code, v.households_sampled]));
});

test('after a restart, every step, scheme, round and estimate reads back the same', async () => {
  const snapshot = async () => ({
    d1: await totals(P.d1),
    nation: await totals('IN'),
    v1: await village(P.v1, 'officer'),
    v3: await village(P.v3, 'officer'),
    supply: answers(await get('officer', `/supply/villages/${P.v1}`), 200, '/supply/villages/{code}'),
    schemes: answers(await get('officer', `/schemes?place=${P.d1}`), 200, '/schemes'),
    rounds: answers(await get('anon', '/surveys'), 200, '/surveys'),
    round: answers(await get('officer', `/surveys/${P.round.id}/villages/${P.round.village}`), 200, '/surveys/{id}/villages/{code}'),
    results: answers(await get('anon', `/surveys/${P.round.id}/results`), 200, '/surveys/{id}/results'),
  });
  const before = await snapshot();
  const db = server.dbPath;
  await server.stop();
  server = await startServer({ db });
  base = server.url;
  S.officer = await signIn(base, 'dist.officer');
  assert.equal(S.officer.status, 200);
  assert.deepEqual(await snapshot(), before);
});
