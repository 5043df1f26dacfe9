// The water-quality pages' rules without the DOM (tested by
// web/quality.test.mjs): the view's address, the fixed lists and the
// catalogue keys of their names, how a grade and a limit are worded, how
// a typed value becomes a result, the bodies the page sends, and what the
// session's roles let the page offer.  The JSON shapes are those of
// src/quality/quality_service.h; where the service may name a member two
// ways, the readers here take either.

// ---- The address ------------------------------------------------------------

// /?view=quality&unit=D532&as_of=2025-01-01            a place (public)
// /?view=quality&tab=lab&lab=7&status=received&sample=12  a lab's register
// /?view=quality&tab=alerts&unit=D532&status=open         the alert queue
// /?view=quality&tab=reports&report=l5&unit=S2&as_of=…     reports (public)
export const TABS = Object.freeze(['place', 'lab', 'alerts', 'reports']);
export const REPORTS = Object.freeze(['cs1bi', 'l5', 'surveillance']);
const FY_RE = /^\d{4}-\d{2}$/;
export const SAMPLE_STATUSES = Object.freeze(['registered', 'received', 'tested', 'final', 'refused', 'retest']);
export const ALERT_STATUSES = Object.freeze(['open', 'closed', 'all']);

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const ID_RE = /^\d{1,12}$/;

// The quality view's own part of the query string.
export function readQuality(q) {
  const get = (k) => (q.get(k) || '').trim();
  const tab = TABS.includes(get('tab')) ? get('tab') : 'place';
  const status = get('status');
  return {
    tab,
    lab: ID_RE.test(get('lab')) ? get('lab') : '',
    sample: ID_RE.test(get('sample')) ? get('sample') : '',
    status: tab === 'lab' ? (SAMPLE_STATUSES.includes(status) ? status : '')
      : tab === 'alerts' ? (ALERT_STATUSES.includes(status) ? status : '') : '',
    report: tab === 'reports' && REPORTS.includes(get('report')) ? get('report') : (tab === 'reports' ? 'cs1bi' : ''),
    fy: tab === 'reports' && FY_RE.test(get('fy')) ? get('fy') : '',
  };
}

// [key, value] pairs for the URL, leaving out defaults.
export function qualityParams(quality = {}) {
  const out = [];
  const tab = TABS.includes(quality.tab) ? quality.tab : 'place';
  if (tab !== 'place') out.push(['tab', tab]);
  if (tab === 'lab' && quality.lab) out.push(['lab', quality.lab]);
  if (quality.status && tab !== 'place') out.push(['status', quality.status]);
  if (tab === 'lab' && quality.sample) out.push(['sample', quality.sample]);
  if (tab === 'reports' && quality.report && quality.report !== 'cs1bi') out.push(['report', quality.report]);
  if (tab === 'reports' && quality.report === 'surveillance' && quality.fy) out.push(['fy', quality.fy]);
  return out;
}

export function isDate(s) {
  return typeof s === 'string' && DATE_RE.test(s);
}

// ---- Fixed lists (migration 006) and their names ------------------------------

export const CONTAMINANTS = Object.freeze(['arsenic', 'fluoride', 'iron', 'salinity', 'nitrate',
  'heavy_metals', 'bacteriological', 'other']);
export const GRADES = Object.freeze(['acceptable', 'permissible', 'beyond', 'not_applicable']);
export const REASON_CODES = Object.freeze(['within', 'above_acceptable', 'beyond_permissible', 'no_relaxation',
  'below_minimum', 'out_of_range', 'detected', 'sum_exceeded', 'relaxation_refused', 'not_applicable']);
export const SOURCE_TYPES = Object.freeze(['borewell', 'tube_well', 'open_well', 'hand_pump', 'river',
  'reservoir', 'canal', 'pond', 'spring']);
export const POINT_KINDS = Object.freeze(['source', 'wtp_inlet', 'wtp_outlet', 'storage_esr', 'storage_gsr',
  'household_tap', 'school_tap', 'anganwadi_tap', 'stand_post']);
export const ACTION_KINDS = Object.freeze(['disinfection', 'source_changed', 'treatment_unit', 'cwpp',
  'advisory', 'other']);
export const SAMPLE_REASONS = Object.freeze(['routine', 'repeat', 'retest', 'confirmation', 'referral']);
export const FAMILIES = Object.freeze(['physical', 'chemical', 'bacteriological']);
export const METHODS = Object.freeze(['lab', 'ftk']);

// The catalogue key naming a code of one of the lists above:
// nameKey('contaminant', 'arsenic') -> 'wq.contaminant.arsenic'.
export function nameKey(list, code) {
  return `wq.${list}.${code}`;
}

// Every key the lists need (the catalogues are checked against these).
export function listKeys() {
  const lists = {
    contaminant: CONTAMINANTS, grade: GRADES, reason: REASON_CODES, source_type: SOURCE_TYPES,
    point_kind: POINT_KINDS, action_kind: ACTION_KINDS, status: SAMPLE_STATUSES,
    sample_reason: SAMPLE_REASONS, family: FAMILIES, method: METHODS, tab: TABS, alert_status: ALERT_STATUSES,
    report: REPORTS,
  };
  return Object.entries(lists).flatMap(([list, codes]) => codes.map((c) => nameKey(list, c)));
}

// ---- Grades -----------------------------------------------------------------

// A grade as the API sends it (its name, or its stored number 0-3), as a
// name; null when unknown.
export function gradeName(g) {
  if (typeof g === 'number' && Number.isInteger(g) && g >= 0 && g < GRADES.length) return GRADES[g];
  if (typeof g === 'string' && GRADES.includes(g)) return g;
  return null;
}

// A sign beside the grade's word, so the grade is never told by colour
// alone (and reads in print): acceptable ✓, permissible !, beyond ✗,
// not applicable –.
const GRADE_MARKS = Object.freeze({ acceptable: '✓', permissible: '!', beyond: '✗', not_applicable: '–' });
export function gradeMark(g) {
  return GRADE_MARKS[gradeName(g)] || '?';
}

// Whether a grade fails the standard for a source with or without an
// alternate source (standard.h Fails()).
export function fails(g, hasAlternate = false) {
  const name = gradeName(g);
  return name === 'beyond' || (name === 'permissible' && Boolean(hasAlternate));
}

// The worst of some grades (not applicable ignored), or null for none.
export function worstGrade(grades) {
  let worst = -1;
  for (const g of grades) {
    const i = GRADES.indexOf(gradeName(g));
    if (i >= 0 && i < 3 && i > worst) worst = i;
  }
  return worst < 0 ? null : GRADES[worst];
}

// ---- The standard -------------------------------------------------------------

// GET /quality/standard -> parameters by code, each with the limit of the
// version in force on `day` (the latest in_force_from on or before it;
// the earliest for a day before them all; today when no day is given).  Takes limits listed under the
// version ({versions:[{limits:[{parameter|parameter_id|parameter_code}]}]})
// or under the parameter ({parameters:[{limit}|{limits}]}).
export function readStandard(json, day = '') {
  const params = Array.isArray(json?.parameters) ? json.parameters : [];
  const versions = (Array.isArray(json?.versions) ? json.versions : [])
    .slice().sort((a, b) => String(a.in_force_from || '').localeCompare(String(b.in_force_from || '')));
  const on = isDate(day) ? day : new Date().toISOString().slice(0, 10);
  let version = versions[0] || null;
  for (const v of versions) if (String(v.in_force_from || '') <= on) version = v;
  const byId = new Map();
  const byCode = new Map();
  for (const p of params) {
    const entry = {
      id: p.id ?? null,
      code: String(p.code || ''),
      name_en: p.name_en || p.name || p.code,
      name_hi: p.name_hi || p.name_en || p.name || p.code,
      family: p.family || 'chemical',
      contaminant: p.contaminant || 'other',
      ordinal: Number(p.ordinal) || 0,
      limit: p.limit ? readLimit(p.limit) : null,
    };
    if (!entry.limit && Array.isArray(p.limits) && p.limits.length) {
      const own = version ? p.limits.find((l) => l.standard === version.code || l.standard_id === version.id
        || l.version === version.code) : null;
      entry.limit = readLimit(own || p.limits[p.limits.length - 1]);
    }
    byCode.set(entry.code, entry);
    if (entry.id !== null) byId.set(entry.id, entry);
  }
  for (const l of Array.isArray(version?.limits) ? version.limits : []) {
    const p = byCode.get(l.parameter_code ?? l.parameter) || byId.get(l.parameter_id ?? l.parameter);
    if (p) p.limit = readLimit(l);
  }
  const list = [...byCode.values()].sort((a, b) => a.ordinal - b.ordinal || a.code.localeCompare(b.code));
  return { version: version ? { id: version.id ?? null, code: version.code || '' } : null, parameters: list, byCode };
}

function numOrNull(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
}

export function readLimit(l) {
  if (!l) return null;
  return {
    unit: l.unit || '',
    kind: l.kind || 'max',
    acceptable_min: numOrNull(l.acceptable_min),
    acceptable_max: numOrNull(l.acceptable_max),
    permissible_max: numOrNull(l.permissible_max),
    only_when_chlorinated: Boolean(l.only_when_chlorinated || l.applies_when === 'chlorinated'),
  };
}

// The parameters a lab tests, in the standard's order: `codes` empty or
// missing means all.
export function labParameters(standard, codes) {
  const list = Array.isArray(codes) ? codes.map((c) => (typeof c === 'object' && c ? c.code : c)) : [];
  if (!list.length) return standard.parameters.filter((p) => p.limit);
  const want = new Set(list);
  return standard.parameters.filter((p) => p.limit && want.has(p.code));
}

export function parameterName(p, lang) {
  return (lang === 'hi' ? p?.name_hi : p?.name_en) || p?.code || '';
}

// A number as a person wrote it, Indian grouping for the integer part,
// up to 4 decimals kept: 0.05 -> "0.05", 1500 -> "1,500".
export function formatValue(x, formatIndian) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '—';
  const s = String(x);
  const decimals = s.includes('e') ? 4 : Math.min(4, (s.split('.')[1] || '').length);
  return formatIndian(x, decimals);
}

// The words of a limit as {key, params}: t(key, params) says it.
//   max with a permissible limit: "acceptable ≤ 1 mg/l; permissible ≤ 1.5"
//   max without: "≤ 0.01 mg/l, no relaxation"
//   range: "6.5 to 8.5"; min: "at least 0.2 mg/l" (where chlorinated);
//   absent: "not detectable in 100 ml".
export function limitWords(limit, fmt = String) {
  if (!limit) return { key: 'wq.limit.none', params: {} };
  const unit = limit.unit === 'pH' ? '' : limit.unit;
  const v = (x) => fmt(x);
  switch (limit.kind) {
    case 'range':
      return { key: 'wq.limit.range', params: { min: v(limit.acceptable_min), max: v(limit.acceptable_max), unit } };
    case 'min':
      return {
        key: limit.only_when_chlorinated ? 'wq.limit.min_chlorinated' : 'wq.limit.min',
        params: { min: v(limit.acceptable_min), unit },
      };
    case 'absent':
      return { key: 'wq.limit.absent', params: {} };
    default:
      return limit.permissible_max === null
        ? { key: 'wq.limit.max_no_relaxation', params: { max: v(limit.acceptable_max), unit } }
        : { key: 'wq.limit.max', params: { max: v(limit.acceptable_max), permissible: v(limit.permissible_max), unit } };
  }
}

// ---- Values typed into the result form ----------------------------------------

// What one field of the result form holds: {empty} (left blank),
// {value} (a number), {detected} (a presence test), or {error: key}.
// `text` is the typed text or, for a presence test, "present"/"absent".
export function parseEntry(text, limit) {
  const s = String(text ?? '').trim().replace(/,/g, '');
  if (s === '') return { empty: true };
  if (limit?.kind === 'absent') {
    if (s === 'present' || s === 'detected') return { detected: true };
    if (s === 'absent' || s === 'not_detected') return { detected: false };
    // A count: 0 is not detected.
  }
  if (!/^[+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return { error: 'wq.entry.not_number' };
  const value = Number(s);
  if (!Number.isFinite(value)) return { error: 'wq.entry.not_number' };
  return { value };
}

// The results of a filled form: [{parameter, value|detected, unit}] for
// every field not left blank, in the parameters' order; fields with an
// error are left out and listed in `errors` ([{parameter, key}]).
export function resultsOf(parameters, entries) {
  const results = [];
  const errors = [];
  for (const p of parameters) {
    const e = parseEntry(entries[p.code], p.limit);
    if (e.empty) continue;
    if (e.error) {
      errors.push({ parameter: p.code, key: e.error });
      continue;
    }
    const r = { parameter: p.code, unit: p.limit?.unit || '' };
    if ('detected' in e) r.detected = e.detected;
    else r.value = e.value;
    results.push(r);
  }
  return { results, errors };
}

// POST /quality/grade: grades without writing.
export function gradeRequest({ results, day, chlorinated, source }) {
  const body = { results };
  if (isDate(day)) body.day = day;
  if (chlorinated !== undefined) body.chlorinated = Boolean(chlorinated);
  if (source) body.source = source;
  return body;
}

// The graded answer by parameter code: {grade, reason, reason_code}.
export function gradesByParameter(answer) {
  const out = new Map();
  for (const r of Array.isArray(answer?.results) ? answer.results : []) {
    const code = typeof r.parameter === 'object' && r.parameter ? r.parameter.code : r.parameter;
    out.set(String(code), { grade: gradeName(r.grade), reason: r.reason || '', reason_code: r.reason_code || '' });
  }
  return out;
}

// POST /quality/samples/{id}/events bodies.
export function testedEvent({ on, results, note }) {
  const body = { kind: 'tested', results };
  if (isDate(on)) body.on = on;
  if (note) body.note = note;
  return body;
}

export function stepEvent(kind, { on, note } = {}) {
  const body = { kind };
  if (isDate(on)) body.on = on;
  if (note && String(note).trim()) body.note = String(note).trim();
  return body;
}

// POST /quality/alerts/{id}/actions and /quality/actions/{id}/done.
export function actionBody({ kind, started_on, note }) {
  const body = { kind, started_on };
  if (note && String(note).trim()) body.note = String(note).trim();
  return body;
}

export function doneBody({ done_on }) {
  return { done_on };
}

// The page's own check of an action form before sending: a key or null.
export function checkAction({ kind, started_on }, today) {
  if (!ACTION_KINDS.includes(kind)) return { field: 'kind', key: 'wq.action.need_kind' };
  if (!isDate(started_on)) return { field: 'started_on', key: 'wq.action.need_date' };
  if (today && started_on > today) return { field: 'started_on', key: 'wq.action.future' };
  return null;
}

// ---- Summaries ------------------------------------------------------------------

const FIGURES = ['sources', 'sources_tested_chemical', 'sources_tested_bacteriological', 'samples', 'tested',
  'failing', 'habitations_affected', 'villages_affected', 'households_affected', 'alerts_open',
  'repeats_overdue', 'actions_pending'];

// One place's figures, whatever nesting the answer uses ({summary:{}},
// {figures:{}} or flat), with failing_by and affected_by as
// {contaminant: n}.
export function readFigures(row) {
  const inner = [row?.summary, row?.figures].find((x) => x && typeof x === 'object');
  const src = inner ? { ...row, ...inner } : (row || {});
  const out = { code: src.code || '', name: src.name || src.code || '', level: src.level || '' };
  for (const k of FIGURES) out[k] = numOrNull(src[k]);
  out.failing_by = byContaminant(src.failing_by);
  out.affected_by = byContaminant(src.affected_by);
  return out;
}

function byContaminant(v) {
  const out = {};
  if (Array.isArray(v)) {
    // [{contaminant, n|count}] or counts in CONTAMINANTS order.
    v.forEach((x, i) => {
      if (x && typeof x === 'object') out[x.contaminant] = numOrNull(x.n ?? x.count) ?? 0;
      else if (CONTAMINANTS[i]) out[CONTAMINANTS[i]] = numOrNull(x) ?? 0;
    });
  } else if (v && typeof v === 'object') {
    for (const [k, n] of Object.entries(v)) out[k] = numOrNull(n) ?? 0;
  }
  return out;
}

// GET /quality/summary -> {as_of, place, level, rows}: the place's
// figures are its own members or the answer's `summary`.
export function readSummary(json) {
  const own = json?.place && typeof json.place === 'object' ? json.place : (json?.total || json?.unit || {});
  const place = json?.summary && typeof json.summary === 'object' && !own.summary ? { ...own, summary: json.summary } : own;
  const rows = Array.isArray(json?.rows) ? json.rows : (Array.isArray(json?.children) ? json.children : []);
  return {
    as_of: json?.as_of || '',
    place: readFigures(place),
    level: json?.level || json?.child_level || rows[0]?.level || '',
    rows: rows.map(readFigures),
  };
}

// A share of a total on the 0-100 scale, or null.
export function share(n, total) {
  return typeof n === 'number' && typeof total === 'number' && total > 0 ? (100 * n) / total : null;
}

// ---- Alerts -------------------------------------------------------------------------

const DAY_MS = 86_400_000;

// Days an alert has been open on `today` (the API's days_open when it
// sends one).
export function daysOpen(alert, today) {
  if (typeof alert?.days_open === 'number') return alert.days_open;
  const from = Date.parse(alert?.opened_on || '');
  const to = Date.parse(alert?.closed_on || today || '');
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  return Math.max(0, Math.round((to - from) / DAY_MS));
}

export function repeatOverdue(alert, today) {
  if (typeof alert?.repeat_overdue === 'boolean') return alert.repeat_overdue;
  return Boolean(alert?.repeat_due_on && !alert?.repeat_taken && !alert?.repeat_taken_on && !alert?.closed_on
    && today && alert.repeat_due_on < today);
}

export function isOpen(alert) {
  if (typeof alert?.open === 'boolean') return alert.open;
  return alert?.status ? alert.status === 'open' : !alert?.closed_on;
}

// ---- Roles --------------------------------------------------------------------------

const rolesOf = (session) => (Array.isArray(session?.roles) ? session.roles : []);

// The labs the session's lab_analyst roles are bound to:
// [{id, code, name}] without repeats.
export function labsOf(session) {
  const out = new Map();
  for (const r of rolesOf(session)) {
    if (r.role !== 'lab_analyst') continue;
    const id = r.lab_id ?? r.lab?.id;
    if (id === undefined || id === null) continue;
    if (!out.has(String(id))) {
      out.set(String(id), { id: String(id), code: r.lab_code ?? r.lab?.code ?? '', name: r.lab_name ?? r.lab?.name ?? '' });
    }
  }
  return [...out.values()];
}

export function isLabAnalyst(session) {
  return rolesOf(session).some((r) => r.role === 'lab_analyst');
}

// Roles whose holders have an alert queue: officers from the block up,
// a village's committee and national roles (the server lists only the
// alerts of their places).
export const QUEUE_ROLES = Object.freeze(['national_admin', 'national_viewer', 'state_officer',
  'district_officer', 'block_officer', 'vwsc_operator']);
// ... and who may record remedial actions (kRecordRemedies).
export const REMEDY_ROLES = Object.freeze(['national_admin', 'state_officer', 'district_officer',
  'block_officer', 'vwsc_operator']);

export function hasAlertQueue(session) {
  return rolesOf(session).some((r) => QUEUE_ROLES.includes(r.role));
}

// True when some role may record remedies at a place whose ancestry
// (codes from India down) is `codes` (all places when `codes` is null).
export function mayRecordRemedies(session, codes = null) {
  const set = codes ? new Set(codes) : null;
  return rolesOf(session).some((r) => (r.can_record_remedies ?? REMEDY_ROLES.includes(r.role))
    && (!set || set.has(r.unit_code)));
}

// The tabs the session is offered, in order.
export function tabsFor(session) {
  const out = ['place'];
  if (isLabAnalyst(session)) out.push('lab');
  if (hasAlertQueue(session)) out.push('alerts');
  out.push('reports');
  return out;
}

// ---- Timing -------------------------------------------------------------------------

// fn(...args) once `ms` have passed without another call; .cancel() and
// .flush() (runs a pending call now).  `timers` for tests.
export function debounce(fn, ms, timers = globalThis) {
  let handle = null;
  let pending = null;
  const run = () => {
    handle = null;
    const args = pending;
    pending = null;
    if (args) fn(...args);
  };
  const d = (...args) => {
    pending = args;
    if (handle !== null) timers.clearTimeout(handle);
    handle = timers.setTimeout(run, ms);
  };
  d.cancel = () => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
    pending = null;
  };
  d.flush = () => {
    if (handle !== null) timers.clearTimeout(handle);
    run();
  };
  return d;
}

// A sample's status: the API's, or the kind of its last event.
export function sampleStatus(sample) {
  if (sample?.status) return sample.status;
  const events = Array.isArray(sample?.events) ? sample.events : [];
  return events.length ? events[events.length - 1].kind : 'registered';
}

// The steps a lab may take next on a sample of `status` (quality_service.h).
export function nextSteps(status) {
  switch (status) {
    case 'registered': return ['received', 'refused'];
    case 'received': return ['tested', 'retest', 'refused'];
    case 'tested': return ['final', 'retest'];
    default: return [];
  }
}

// ---- Reading the answers ----------------------------------------------------------

// A place, source or sample an answer names as {code, name}, as a code
// string, or as `<key>_code`/`<key>_name` beside it; null when absent.
export function refOf(x, key) {
  const v = x?.[key];
  if (v && typeof v === 'object') {
    return { id: v.id ?? null, code: String(v.code ?? v.id ?? ''), name: v.name || v.code || '' };
  }
  const code = typeof v === 'string' || typeof v === 'number' ? String(v) : (x?.[`${key}_code`] ?? null);
  if (code === null || code === '') return null;
  return { id: x?.[`${key}_id`] ?? null, code: String(code), name: x?.[`${key}_name`] || String(code) };
}

// The latest tested sample of a source or sampling point of a village view:
// {code, collected_on, tested_on, collected_by, tested_by, method, results}.
export function latestOf(x) {
  const l = x?.latest || x?.latest_sample || null;
  const results = Array.isArray(l?.results) ? l.results : (Array.isArray(x?.latest_results) ? x.latest_results : []);
  if (!l && !results.length) return null;
  return {
    code: l?.code || l?.sample_code || '',
    collected_on: l?.collected_on || '',
    tested_on: l?.tested_on || l?.final_on || '',
    collected_by: l?.collected_by ?? null,
    tested_by: l?.tested_by ?? null,
    method: l?.method || 'lab',
    failing: typeof l?.failing === 'boolean' ? l.failing : null,
    results: results.map((r) => ({
      parameter: typeof r.parameter === 'object' && r.parameter ? r.parameter.code : String(r.parameter ?? r.parameter_code ?? ''),
      value: numOrNull(r.value),
      detected: typeof r.detected === 'boolean' ? r.detected : (r.detected === 1 ? true : (r.detected === 0 ? false : null)),
      unit: r.unit || '',
      grade: gradeName(r.grade),
      reason_code: r.reason_code || '',
    })),
  };
}
