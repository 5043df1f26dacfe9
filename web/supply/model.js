// The water-supply pages' rules without the DOM (tested by
// web/supply.test.mjs): the view's address, the fixed lists and the
// catalogue keys of their names, Har Ghar Jal statuses and what counts as
// reported, what a village lacks for reporting (in the reader's words,
// from the figures), which actions the session's roles let the page offer,
// the checks on a document before it is sent, the bodies the page sends,
// confidence-interval bar geometry and the service-level chart's points.
// The JSON shapes are those of /work/SUPPLY-TEAM.md (src/http/supply_api.cc).

// ---- The address ------------------------------------------------------------

// /?view=supply&unit=D532&as_of=2025-01-01               Har Ghar Jal by place (public)
// /?view=supply&unit=V123                                a village: HGJ panel, schemes, service level
// /?view=supply&tab=queue&unit=B12&status=ready           the certification queue
// /?view=supply&tab=surveys                               survey rounds (and the set-up form)
// /?view=supply&tab=surveys&round=3&district=D532         a round's sampled villages
// /?view=supply&tab=surveys&round=3&village=V123          a village's households (entry form)
// /?view=supply&tab=results&round=3&unit=S27              a round's estimates for a place
export const TABS = Object.freeze(['place', 'queue', 'surveys', 'results']);
export const QUEUE_STATUSES = Object.freeze(['ready', 'reported', 'submitted', 'returned', 'certified']);
export const HGJ_STATUSES = Object.freeze(['in_progress', 'reported', 'submitted', 'certified', 'returned']);
// Counted as reported (SUPPLY-TEAM.md): every status past in_progress.
export const REPORTED_STATUSES = Object.freeze(['reported', 'submitted', 'returned', 'certified']);

const ID_RE = /^\d{1,12}$/;
const CODE_RE = /^[A-Za-z0-9_-]{1,40}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(s) {
  return typeof s === 'string' && DATE_RE.test(s);
}

// The supply view's own part of the query string.
export function readSupply(q) {
  const get = (k) => (q.get(k) || '').trim();
  const tab = TABS.includes(get('tab')) ? get('tab') : 'place';
  const status = get('status');
  const round = ID_RE.test(get('round')) ? get('round') : '';
  return {
    tab,
    status: tab === 'queue' && QUEUE_STATUSES.includes(status) ? status : '',
    round: tab === 'surveys' || tab === 'results' ? round : '',
    district: tab === 'surveys' && round && CODE_RE.test(get('district')) ? get('district') : '',
    village: tab === 'surveys' && round && CODE_RE.test(get('village')) ? get('village') : '',
  };
}

// [key, value] pairs for the URL, leaving out defaults.
export function supplyParams(supply = {}) {
  const out = [];
  const tab = TABS.includes(supply.tab) ? supply.tab : 'place';
  if (tab !== 'place') out.push(['tab', tab]);
  if (tab === 'queue' && supply.status) out.push(['status', supply.status]);
  if ((tab === 'surveys' || tab === 'results') && supply.round) out.push(['round', supply.round]);
  if (tab === 'surveys' && supply.round && supply.district) out.push(['district', supply.district]);
  if (tab === 'surveys' && supply.round && supply.village) out.push(['village', supply.village]);
  return out;
}

// ---- Fixed lists and their names --------------------------------------------

export const SCHEME_KINDS = Object.freeze(['single_village', 'multi_village']);
export const SCHEME_STATUSES = Object.freeze(['sanctioned', 'in_progress', 'commissioned', 'closed']);
export const ASSET_TYPES = Object.freeze(['source_work', 'pump', 'rising_main', 'treatment_unit',
  'overhead_tank', 'ground_storage', 'distribution_pipeline', 'household_connections', 'chlorinator']);
export const CONDITIONS = Object.freeze(['working', 'partly_working', 'not_working', 'abandoned']);
export const MEASURES = Object.freeze(['working', 'adequate', 'regular', 'potable', 'fully_functional']);
export const FRAMES = Object.freeze(['reported', 'all']);
export const QUALITY_METHODS = Object.freeze(['ftk', 'lab']);
export const QUALITY_RESULTS = Object.freeze(['safe', 'unsafe']);
export const LPCD_FROM = Object.freeze(['survey', 'scheme_record']);
export const DOCUMENT_KINDS = Object.freeze(['resolution', 'video']);

// The catalogue key naming a code of one of the lists:
// nameKey('hgj_status', 'certified') -> 'sup.hgj_status.certified'.
export function nameKey(list, code) {
  return `sup.${list}.${code}`;
}

// Every key the lists need (the catalogues are checked against these).
export function listKeys() {
  const lists = {
    tab: TABS, hgj_status: HGJ_STATUSES, queue_status: QUEUE_STATUSES, scheme_kind: SCHEME_KINDS,
    scheme_status: SCHEME_STATUSES, asset_type: ASSET_TYPES, condition: CONDITIONS, measure: MEASURES,
    frame: FRAMES, quality_method: QUALITY_METHODS, quality_result: QUALITY_RESULTS, lpcd_from: LPCD_FROM,
    doc_kind: DOCUMENT_KINDS,
  };
  return Object.entries(lists).flatMap(([list, codes]) => codes.map((c) => nameKey(list, c)));
}

// ---- Har Ghar Jal -------------------------------------------------------------

export function isReported(status) {
  return REPORTED_STATUSES.includes(status);
}

// A summary row with every figure a number (null when the server left it
// out), and the gap worked out when it is missing.
const ROW_FIGURES = ['villages', 'full_coverage', 'reported', 'certified', 'gap', 'submitted', 'returned', 'reverted'];
export function readHgjRow(row = {}) {
  const out = { code: String(row.code || ''), name: String(row.name || row.code || ''), level: row.level || '' };
  // A place is reported (certified) when every one of its villages is.
  out.status = HGJ_STATUSES.includes(row.status) ? row.status : null;
  for (const k of ROW_FIGURES) out[k] = typeof row[k] === 'number' ? row[k] : null;
  if (out.gap === null && out.reported !== null && out.certified !== null) out.gap = out.reported - out.certified;
  return out;
}

export function readHgjSummary(json = {}) {
  const place = json.place || {};
  return {
    place: { code: place.code || '', name: place.name || place.code || '', level: place.level || '' },
    asOf: json.as_of || '',
    totals: readHgjRow({ ...place, ...(json.totals || {}) }),
    rows: (Array.isArray(json.rows) ? json.rows : []).map(readHgjRow),
  };
}

// A share in percent (0-100) of `n` in `of`, or null.
export function pct(n, of) {
  return typeof n === 'number' && typeof of === 'number' && of > 0 ? (100 * n) / of : null;
}

// What a village lacks before it can be reported, as catalogue keys with
// their parameters, from its readiness figures (so the page says it in
// the reader's language; the server's `missing` texts are English).
// [] when nothing is missing.
export function missingItems(readiness = {}) {
  const out = [];
  for (const [what, total, withTap] of [
    ['households', 'households', 'households_with_tap'],
    ['schools', 'schools', 'schools_with_tap'],
    ['anganwadis', 'anganwadis', 'anganwadis_with_tap'],
  ]) {
    const n = readiness[total];
    const w = readiness[withTap];
    if (typeof n !== 'number') {
      if (what === 'households') out.push({ key: 'sup.missing.households_unknown', params: {} });
      continue;
    }
    if (what === 'households' && n === 0) {
      out.push({ key: 'sup.missing.households_unknown', params: {} });
      continue;
    }
    if (typeof w === 'number' && w < n) {
      out.push({ key: `sup.missing.${what}`, params: { n: n - w, with: w, total: n } });
    }
  }
  return out;
}

// ---- Roles ----------------------------------------------------------------------

const OFFICERS = ['state_officer', 'district_officer', 'block_officer'];
const rolesOf = (session) => (Array.isArray(session?.roles) ? session.roles : []);

// The roles of the session whose place is in `codes` (the ancestry of a
// place, India first); national roles sit at IN.
function rolesAt(session, codes) {
  const set = new Set(codes);
  return rolesOf(session).filter((r) => set.has(r.unit_code));
}

// What the session may do at a village whose ancestry is `codes` (India
// first, the village last), as src/accounts/roles.cc grants it: national
// administrators everything; officers (state, district, block) report,
// certify, manage schemes and record supply and survey households; only
// district officers (and administrators) review; the village's VWSC
// certifies and records supply; surveyors record households.  The server
// checks again; these decide only what the page offers.  A role may also carry the server's own flags
// (can_report_hgj, can_review_hgj, ...), which are taken when present.
export function abilities(session, codes) {
  const here = rolesAt(session, codes);
  const village = codes[codes.length - 1];
  const has = (flag, names) => here.some((r) => (typeof r[flag] === 'boolean' ? r[flag] : names.includes(r.role)));
  return {
    report: has('can_report_hgj', [...OFFICERS, 'national_admin']),
    document: here.some((r) => [...OFFICERS, 'national_admin'].includes(r.role)
      || (r.role === 'vwsc_operator' && r.unit_code === village)),
    review: has('can_review_hgj', ['district_officer', 'national_admin']),
    schemes: has('can_manage_schemes', [...OFFICERS, 'national_admin']),
    condition: here.some((r) => [...OFFICERS, 'national_admin'].includes(r.role)
      || (r.role === 'vwsc_operator' && r.unit_code === village)),
    serviceLevel: here.some((r) => [...OFFICERS, 'national_admin'].includes(r.role)
      || (r.role === 'vwsc_operator' && r.unit_code === village)),
    survey: has('can_record_survey', [...OFFICERS, 'surveyor', 'national_admin']),
  };
}

// The certification queue: block and district officers (and those above
// them who review: state officers see, national administrators review).
export function mayQueue(session) {
  return rolesOf(session).some((r) => ['block_officer', 'district_officer', 'state_officer', 'national_admin',
    'national_viewer'].includes(r.role));
}

export function mayManageSurveys(session) {
  return rolesOf(session).some((r) => (typeof r.can_manage_surveys === 'boolean' ? r.can_manage_surveys
    : ['national_admin', 'state_officer'].includes(r.role)));
}

export function mayRecordSurvey(session, codes = null) {
  const list = codes ? rolesAt(session, codes) : rolesOf(session);
  return list.some((r) => (typeof r.can_record_survey === 'boolean' ? r.can_record_survey
    : [...OFFICERS, 'surveyor', 'national_admin'].includes(r.role)));
}

// The tabs the session sees, in order.
export function tabsFor(session) {
  const out = ['place'];
  if (mayQueue(session)) out.push('queue');
  out.push('surveys', 'results');
  return out;
}

// Which actions a village's HGJ panel offers, given its status and what
// the session may do: report (in progress), submit the Gram Sabha's
// certification (reported or returned), review (submitted).
export function hgjActions(status, can) {
  return {
    report: Boolean(can.report) && (status === 'in_progress' || !status),
    certify: Boolean(can.document) && (status === 'reported' || status === 'returned'),
    review: Boolean(can.review) && status === 'submitted',
  };
}

// ---- Documents --------------------------------------------------------------------

const MIB = 1024 * 1024;
export const DOCUMENT_LIMITS = Object.freeze({
  resolution: Object.freeze({ types: Object.freeze(['application/pdf', 'image/jpeg', 'image/png']), bytes: 5 * MIB }),
  video: Object.freeze({ types: Object.freeze(['video/mp4', 'video/webm', 'video/3gpp']), bytes: 48 * MIB }),
});
const BY_EXTENSION = Object.freeze({
  pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png',
  mp4: 'video/mp4', m4v: 'video/mp4', webm: 'video/webm', '3gp': 'video/3gpp',
});

// The Content-Type a file goes with: the browser's, else from its name.
export function contentTypeOf(file) {
  const type = String(file?.type || '').toLowerCase();
  if (type) return type === 'image/jpg' ? 'image/jpeg' : type;
  const ext = String(file?.name || '').toLowerCase().split('.').pop();
  return BY_EXTENSION[ext] || '';
}

// null when `file` may be sent as `kind`, else {key, params} of the
// sentence saying why not (before anything is sent; the server checks the
// bytes again).
export function checkDocument(kind, file) {
  const limit = DOCUMENT_LIMITS[kind];
  if (!limit) return { key: 'sup.doc.bad_kind', params: {} };
  if (!file) return { key: 'sup.doc.none', params: {} };
  const type = contentTypeOf(file);
  if (!limit.types.includes(type)) return { key: `sup.doc.bad_type_${kind}`, params: {} };
  if (!(file.size > 0)) return { key: 'sup.doc.empty', params: {} };
  if (file.size > limit.bytes) {
    return { key: 'sup.doc.too_big', params: { max: formatBytes(limit.bytes), size: formatBytes(file.size) } };
  }
  return null;
}

// 1536 -> "1.5 KB", 5242880 -> "5 MB" (binary units, as the limits are).
export function formatBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  const s = v >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, '');
  return `${s} ${units[i]}`;
}

// Upload progress as a whole percent, or null when the size is unknown.
export function progressPct(loaded, total) {
  if (!(total > 0) || !(loaded >= 0)) return null;
  return Math.max(0, Math.min(100, Math.round((100 * loaded) / total)));
}

// ---- Bodies ------------------------------------------------------------------

// Each builder returns {body} or {error: {field, key}} for the first field
// the page can see is wrong before asking the server.

const trim = (v) => String(v ?? '').trim();
const bad = (field, key) => ({ error: { field, key } });

// "12.5" -> 12.5; "" -> null; anything else -> NaN.
export function parseNumber(v) {
  const s = trim(v).replace(/,/g, '');
  if (s === '') return null;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : NaN;
}

function codesOf(text) {
  return [...new Set(String(text ?? '').split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}

// The report is made today (the server's day); a note may go with it.
export function reportBody({ note = '' } = {}) {
  return { body: trim(note) ? { note: trim(note) } : {} };
}

export function certificationBody({ gramSabhaOn, resolutionNo, resolutionId, videoId }) {
  if (!isDate(gramSabhaOn)) return bad('gram_sabha_on', 'sup.check.date');
  if (!trim(resolutionNo)) return bad('resolution_no', 'sup.check.required');
  if (!resolutionId) return bad('resolution_document', 'sup.check.resolution_document');
  if (!videoId) return bad('video_document', 'sup.check.video_document');
  return {
    body: {
      gram_sabha_on: gramSabhaOn, resolution_no: trim(resolutionNo),
      resolution_document: resolutionId, video_document: videoId,
    },
  };
}

export function reviewBody({ decision, reason = '' }) {
  if (decision !== 'accept' && decision !== 'return') return bad('decision', 'sup.check.required');
  if (decision === 'return' && !trim(reason)) return bad('reason', 'sup.check.reason');
  return { body: decision === 'return' ? { decision, reason: trim(reason) } : { decision } };
}

export function schemeBody(f) {
  const code = trim(f.code);
  const name = trim(f.name);
  if (!code) return bad('code', 'sup.check.required');
  if (!name) return bad('name', 'sup.check.required');
  if (!SCHEME_KINDS.includes(f.kind)) return bad('kind', 'sup.check.required');
  const villages = codesOf(f.villages);
  if (!villages.length) return bad('villages', 'sup.check.required');
  if (f.kind === 'single_village' && villages.length > 1) return bad('villages', 'sup.check.single_village');
  if (!isDate(f.sanctionedOn)) return bad('sanctioned_on', 'sup.check.date');
  const cost = parseNumber(f.sanctionCostLakh);
  if (cost === null || Number.isNaN(cost) || cost < 0) return bad('sanction_cost_lakh', 'sup.check.number');
  if (f.commissionedOn && !isDate(f.commissionedOn)) return bad('commissioned_on', 'sup.check.date');
  if (!SCHEME_STATUSES.includes(f.status)) return bad('status', 'sup.check.required');
  const body = {
    code, name, kind: f.kind, villages, habitations: codesOf(f.habitations), sources: codesOf(f.sources),
    sanctioned_on: f.sanctionedOn, sanction_cost_lakh: cost, agency: trim(f.agency), status: f.status,
  };
  if (f.commissionedOn) body.commissioned_on = f.commissionedOn;
  return { body };
}

export function assetBody(f) {
  if (!ASSET_TYPES.includes(f.type)) return bad('type', 'sup.check.required');
  if (!trim(f.village)) return bad('village', 'sup.check.required');
  const body = { type: f.type, village: trim(f.village) };
  const cap = parseNumber(f.capacity);
  if (Number.isNaN(cap) || (cap !== null && cap < 0)) return bad('capacity', 'sup.check.number');
  if (cap !== null) {
    body.capacity = cap;
    if (trim(f.capacityUnit)) body.capacity_unit = trim(f.capacityUnit);
  }
  if (f.commissionedOn) {
    if (!isDate(f.commissionedOn)) return bad('commissioned_on', 'sup.check.date');
    body.commissioned_on = f.commissionedOn;
  }
  if (trim(f.name)) body.name = trim(f.name);
  return { body };
}

export function conditionBody({ on, condition, note = '' }) {
  if (!isDate(on)) return bad('on', 'sup.check.date');
  if (!CONDITIONS.includes(condition)) return bad('condition', 'sup.check.required');
  const body = { on, condition };
  if (trim(note)) body.note = trim(note);
  return { body };
}

export function serviceLevelBody({ on, lpcd, note = '' }) {
  if (!isDate(on)) return bad('on', 'sup.check.date');
  const n = parseNumber(lpcd);
  if (n === null || Number.isNaN(n) || n < 0 || n > 1000) return bad('lpcd', 'sup.check.number');
  const body = { on, lpcd: n };
  if (trim(note)) body.note = trim(note);
  return { body };
}

const wholeIn = (v, lo, hi) => {
  const n = parseNumber(v);
  return n !== null && !Number.isNaN(n) && Number.isInteger(n) && n >= lo && n <= hi ? n : null;
};

export function surveyBody(f) {
  if (!trim(f.name)) return bad('name', 'sup.check.required');
  if (!isDate(f.periodFrom)) return bad('period_from', 'sup.check.date');
  if (!isDate(f.periodTo)) return bad('period_to', 'sup.check.date');
  if (f.periodTo < f.periodFrom) return bad('period_to', 'sup.check.period');
  if (!trim(f.methodology)) return bad('methodology', 'sup.check.required');
  const seed = wholeIn(f.seed, 0, Number.MAX_SAFE_INTEGER);
  if (seed === null) return bad('seed', 'sup.check.whole');
  const vpd = wholeIn(f.villagesPerDistrict, 1, 1000);
  if (vpd === null) return bad('villages_per_district', 'sup.check.whole');
  const hpv = wholeIn(f.householdsPerVillage, 1, 1000);
  if (hpv === null) return bad('households_per_village', 'sup.check.whole');
  if (!FRAMES.includes(f.frame)) return bad('frame', 'sup.check.required');
  const body = {
    name: trim(f.name), period_from: f.periodFrom, period_to: f.periodTo, methodology: trim(f.methodology),
    seed, villages_per_district: vpd, households_per_village: hpv, frame: f.frame,
  };
  if (trim(f.place)) body.place = trim(f.place);
  return { body };
}

// A household's answers.  Without a tap (or water in the last week) the
// quantity questions are moot: their numbers are sent as 0 so the record
// is whole.  The water is always tested (the server wants it); a lab
// sample's code lets the server take the result from the water-quality
// module, so the result may then be left out.
export function householdBody(f) {
  const householdNo = wholeIn(f.householdNo, 1, 1e9);
  if (householdNo === null) return bad('household_no', 'sup.check.required');
  if (typeof f.tapPresent !== 'boolean') return bad('tap_present', 'sup.check.choose');
  const tap = f.tapPresent;
  if (tap && typeof f.waterLast7Days !== 'boolean') return bad('water_last_7_days', 'sup.check.choose');
  const water = tap && f.waterLast7Days;
  const size = wholeIn(f.householdSize, 1, 99);
  if (size === null) return bad('household_size', 'sup.check.whole');
  let litres = 0;
  let days = 0;
  let hours = 0;
  if (water) {
    litres = parseNumber(f.litresPerDay);
    if (litres === null || Number.isNaN(litres) || litres < 0 || litres > 100000) return bad('litres_per_day', 'sup.check.number');
    days = wholeIn(f.daysPerWeek, 0, 7);
    if (days === null) return bad('days_per_week', 'sup.check.days');
    hours = parseNumber(f.hoursPerDay);
    if (hours === null || Number.isNaN(hours) || hours < 0 || hours > 24) return bad('hours_per_day', 'sup.check.hours');
  }
  const body = {
    village: f.village, household_no: householdNo, tap_present: tap, water_last_7_days: Boolean(water),
    litres_per_day: litres, household_size: size, days_per_week: days, hours_per_day: hours,
  };
  if (f.requestId) body.request_id = f.requestId;
  if (!QUALITY_METHODS.includes(f.qualityMethod)) return bad('quality.method', 'sup.check.choose');
  const sample = trim(f.qualitySample);
  if (sample && f.qualityMethod !== 'lab') return bad('quality.method', 'sup.check.sample_is_lab');
  if (!QUALITY_RESULTS.includes(f.qualityResult) && !sample) return bad('quality.result', 'sup.check.choose');
  body.quality = { method: f.qualityMethod };
  if (QUALITY_RESULTS.includes(f.qualityResult)) body.quality.result = f.qualityResult;
  if (sample) body.quality.sample = sample;
  return { body };
}

// litres a day for the household -> litres per person per day, or null.
export function lpcdOf(litres, size) {
  const l = parseNumber(litres);
  const s = parseNumber(size);
  if (l === null || s === null || Number.isNaN(l) || Number.isNaN(s) || s <= 0) return null;
  return l / s;
}

// ---- Estimates -------------------------------------------------------------------

// An estimate as numbers (shares in 0..1) or null when it has none.
export function readEstimate(e) {
  if (!e || typeof e.share !== 'number' || e.households === 0) return null;
  const clamp = (x) => Math.max(0, Math.min(1, x));
  const share = clamp(e.share);
  const low = typeof e.ci_low === 'number' ? clamp(e.ci_low) : share;
  const high = typeof e.ci_high === 'number' ? clamp(e.ci_high) : share;
  return {
    share, low: Math.min(low, share), high: Math.max(high, share),
    se: typeof e.se === 'number' ? e.se : null,
    households: typeof e.households === 'number' ? e.households : null,
    villages: typeof e.villages === 'number' ? e.villages : null,
  };
}

// The geometry of a share with its interval on a 0-100% track, in percent
// of the track's width: {left, width} of the interval, {at} of the share.
export function ciBar(est) {
  const e = readEstimate(est);
  if (!e) return null;
  const r = (x) => Math.round(x * 10000) / 100;
  return { left: r(e.low), width: r(e.high - e.low), at: r(e.share) };
}

// 0.8234 -> "82.3%".
export function formatShare(x, decimals = 1) {
  return typeof x === 'number' && Number.isFinite(x) ? `${(100 * x).toFixed(decimals)}%` : '—';
}

// ---- The service-level chart -------------------------------------------------------

// Points in date order with an SVG polyline's coordinates in a box of
// width x height (padding `pad`), the y scale from 0 to the larger of the
// highest value and `norm` (55 lpcd, the JJM norm), and where the norm's
// line sits.  null for no points.
export function lpcdChart(series, { width = 320, height = 140, pad = 24, norm = 55 } = {}) {
  const pts = (Array.isArray(series) ? series : [])
    .filter((p) => isDate(p.on) && typeof p.lpcd === 'number' && Number.isFinite(p.lpcd))
    .slice().sort((a, b) => a.on.localeCompare(b.on));
  if (!pts.length) return null;
  const ms = pts.map((p) => Date.parse(`${p.on}T00:00:00Z`));
  const t0 = ms[0];
  const t1 = ms[ms.length - 1];
  const top = Math.max(norm, ...pts.map((p) => p.lpcd)) * 1.1;
  const w = width - 2 * pad;
  const hgt = height - 2 * pad;
  const x = (t) => (t1 === t0 ? pad + w / 2 : pad + ((t - t0) / (t1 - t0)) * w);
  const y = (v) => pad + hgt - (v / top) * hgt;
  const round = (v) => Math.round(v * 10) / 10;
  const out = pts.map((p, i) => ({ ...p, x: round(x(ms[i])), y: round(y(p.lpcd)) }));
  return {
    points: out,
    polyline: out.map((p) => `${p.x},${p.y}`).join(' '),
    normY: round(y(norm)),
    top: round(top),
    width,
    height,
  };
}

// ---- Misc ------------------------------------------------------------------------

// Estimates are made for India, a state or a district (the survey's
// strata): the place to ask the results for, or '' for the round's own.
export function resultsPlace(code) {
  return /^(IN|S[A-Z0-9]+|D[A-Z0-9]+)$/.test(String(code || '')) ? code : '';
}

// A document of a certification as the API names it: its id, or an
// object with the id and perhaps its size.
export function documentRef(d) {
  if (d === null || d === undefined || d === '') return null;
  if (typeof d === 'object') return d.id === undefined || d.id === null ? null : { id: d.id, bytes: d.bytes ?? null };
  return { id: d, bytes: null };
}

// A request id for a household record: a retry of the same entry is a no-op.
export function requestId(rand = () => Math.random()) {
  if (typeof crypto !== 'undefined' && crypto.randomUUID) return crypto.randomUUID();
  return `r${Date.now().toString(36)}${Math.floor(rand() * 1e9).toString(36)}`;
}
