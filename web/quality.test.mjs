// The water-quality pages' rules: node --test web/quality.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

import * as m from './quality/model.js';
import { readState, toUrl } from './url.js';
import { formatIndian } from './format.js';

const load = (lang) => JSON.parse(readFileSync(new URL(`./i18n/${lang}.json`, import.meta.url), 'utf8'));
const en = load('en');
const hi = load('hi');

// The standard as GET /quality/standard could send it (migration 006's rows).
const STANDARD = {
  versions: [
    {
      id: 1, code: 'IS 10500:2012', in_force_from: '2012-05-01',
      limits: [
        { parameter: 'ph', unit: 'pH', kind: 'range', acceptable_min: 6.5, acceptable_max: 8.5, permissible_max: null },
        { parameter: 'fluoride', unit: 'mg/l', kind: 'max', acceptable_max: 1.0, permissible_max: 1.5 },
        { parameter: 'arsenic', unit: 'mg/l', kind: 'max', acceptable_max: 0.01, permissible_max: 0.05 },
        { parameter: 'lead', unit: 'mg/l', kind: 'max', acceptable_max: 0.01, permissible_max: null },
        { parameter: 'free_residual_chlorine', unit: 'mg/l', kind: 'min', acceptable_min: 0.2, permissible_max: 1, applies_when: 'chlorinated' },
        { parameter: 'e_coli', unit: 'per 100 ml', kind: 'absent' },
      ],
    },
    { id: 2, code: 'IS 10500:2030', in_force_from: '2030-01-01', limits: [{ parameter: 'arsenic', unit: 'mg/l', kind: 'max', acceptable_max: 0.005, permissible_max: null }] },
  ],
  parameters: [
    { id: 16, code: 'arsenic', name_en: 'Arsenic (as As)', name_hi: 'आर्सेनिक', family: 'chemical', contaminant: 'arsenic', ordinal: 16 },
    { id: 1, code: 'ph', name_en: 'pH', name_hi: 'पीएच', family: 'physical', contaminant: 'other', ordinal: 1 },
    { id: 10, code: 'fluoride', name_en: 'Fluoride (as F)', name_hi: 'फ्लोराइड', family: 'chemical', contaminant: 'fluoride', ordinal: 10 },
    { id: 17, code: 'lead', name_en: 'Lead (as Pb)', name_hi: 'सीसा', family: 'chemical', contaminant: 'heavy_metals', ordinal: 17 },
    { id: 15, code: 'free_residual_chlorine', name_en: 'Free residual chlorine', name_hi: 'मुक्त अवशिष्ट क्लोरीन', family: 'chemical', contaminant: 'other', ordinal: 15 },
    { id: 24, code: 'e_coli', name_en: 'E. coli', name_hi: 'ई. कोलाई', family: 'bacteriological', contaminant: 'bacteriological', ordinal: 24 },
    { id: 99, code: 'unlisted', name_en: 'No limit', family: 'chemical', ordinal: 99 },
  ],
};

test('the quality view has an address that round-trips', () => {
  const url = '/?view=quality&unit=D532&as_of=2025-01-01&lang=hi';
  const s = readState(url.slice(1));
  assert.equal(s.view, 'quality');
  assert.equal(s.unit, 'D532');
  assert.equal(s.asOf, '2025-01-01');
  assert.deepEqual(s.quality, { tab: 'place', lab: '', sample: '', status: '', report: '', fy: '' });
  assert.equal(toUrl(s), url);
  const lab = '/?view=quality&tab=lab&lab=7&status=received&sample=12';
  assert.equal(toUrl(readState(lab.slice(1))), lab);
  const alerts = '/?view=quality&unit=D532&tab=alerts&status=closed';
  assert.equal(toUrl(readState(alerts.slice(1))), alerts);
  // Reports: CS1 B(i) by default; a financial year for surveillance only.
  const l5 = '/?view=quality&unit=S2&as_of=2025-01-01&tab=reports&report=l5';
  assert.equal(toUrl(readState(l5.slice(1))), l5);
  const sv = '/?view=quality&tab=reports&report=surveillance&fy=2025-26';
  assert.equal(toUrl(readState(sv.slice(1))), sv);
  assert.equal(toUrl(readState('?view=quality&tab=reports&report=j99&fy=2025')), '/?view=quality&tab=reports');
  assert.equal(readState('?view=quality&tab=reports').quality.report, 'cs1bi');
  // Nonsense is dropped, and the dashboard knows nothing of the tabs.
  assert.equal(toUrl(readState('?view=quality&tab=nope&lab=x&sample=1;drop&status=final')), '/?view=quality');
  assert.equal(toUrl(readState('?view=quality&tab=alerts&status=received')), '/?view=quality&tab=alerts');
  assert.equal(toUrl(readState('?unit=D1&tab=lab&lab=3')), '/?unit=D1');
  assert.equal(toUrl({ view: 'quality' }), '/?view=quality');
});

test('grades have a sign and a word, and fail as the standard says', () => {
  assert.equal(m.gradeName(0), 'acceptable');
  assert.equal(m.gradeName(2), 'beyond');
  assert.equal(m.gradeName('permissible'), 'permissible');
  assert.equal(m.gradeName(7), null);
  assert.equal(m.gradeName('bad'), null);
  const marks = m.GRADES.map(m.gradeMark);
  assert.equal(new Set(marks).size, 4, 'each grade has its own sign');
  assert.equal(m.gradeMark(null), '?');
  assert.equal(m.fails('beyond'), true);
  assert.equal(m.fails('permissible', false), false);
  assert.equal(m.fails('permissible', true), true);
  assert.equal(m.fails('acceptable', true), false);
  assert.equal(m.worstGrade(['acceptable', 'not_applicable', 1]), 'permissible');
  assert.equal(m.worstGrade(['acceptable', 'beyond', 'permissible']), 'beyond');
  assert.equal(m.worstGrade(['not_applicable']), null);
  assert.equal(m.worstGrade([]), null);
});

test('the standard is read with the version in force on the day', () => {
  const s = m.readStandard(STANDARD, '2025-06-01');
  assert.equal(s.version.code, 'IS 10500:2012');
  assert.deepEqual(s.parameters.map((p) => p.code), ['ph', 'fluoride', 'free_residual_chlorine', 'arsenic', 'lead', 'e_coli', 'unlisted']);
  assert.equal(s.byCode.get('arsenic').limit.acceptable_max, 0.01);
  assert.equal(s.byCode.get('free_residual_chlorine').limit.only_when_chlorinated, true);
  assert.equal(s.byCode.get('unlisted').limit, null);
  const later = m.readStandard(STANDARD, '2031-01-01');
  assert.equal(later.version.code, 'IS 10500:2030');
  assert.equal(later.byCode.get('arsenic').limit.acceptable_max, 0.005);
  // Before every version: the earliest.
  assert.equal(m.readStandard(STANDARD, '2001-01-01').version.code, 'IS 10500:2012');
  // Limits under the parameters, by parameter id.
  const alt = m.readStandard({
    versions: [{ id: 1, code: 'A', in_force_from: '2012-01-01', limits: [{ parameter_id: 10, unit: 'mg/l', kind: 'max', acceptable_max: '1', permissible_max: '1.5' }] }],
    parameters: [{ id: 10, code: 'fluoride', ordinal: 1 }, { id: 3, code: 'tds', ordinal: 2, limit: { unit: 'mg/l', kind: 'max', acceptable_max: 500, permissible_max: 2000 } }],
  });
  assert.equal(alt.byCode.get('fluoride').limit.permissible_max, 1.5);
  assert.equal(alt.byCode.get('tds').limit.acceptable_max, 500);
  assert.deepEqual(m.readStandard(null).parameters, []);
});

test('a lab is offered the parameters it tests, in the standard order', () => {
  const s = m.readStandard(STANDARD);
  assert.deepEqual(m.labParameters(s, ['arsenic', 'ph']).map((p) => p.code), ['ph', 'arsenic']);
  assert.deepEqual(m.labParameters(s, [{ code: 'e_coli' }]).map((p) => p.code), ['e_coli']);
  // None listed: every parameter with a limit.
  assert.equal(m.labParameters(s, []).length, 6);
  assert.equal(m.labParameters(s, undefined).length, 6);
  assert.equal(m.parameterName(s.byCode.get('lead'), 'hi'), 'सीसा');
  assert.equal(m.parameterName(s.byCode.get('lead'), 'en'), 'Lead (as Pb)');
});

test('limits are worded by kind, each with its unit', () => {
  const s = m.readStandard(STANDARD);
  const words = (code) => m.limitWords(s.byCode.get(code).limit, (x) => m.formatValue(x, formatIndian));
  assert.deepEqual(words('fluoride'), { key: 'wq.limit.max', params: { max: '1', permissible: '1.5', unit: 'mg/l' } });
  assert.deepEqual(words('lead'), { key: 'wq.limit.max_no_relaxation', params: { max: '0.01', unit: 'mg/l' } });
  assert.deepEqual(words('ph'), { key: 'wq.limit.range', params: { min: '6.5', max: '8.5', unit: '' } });
  assert.deepEqual(words('free_residual_chlorine'), { key: 'wq.limit.min_chlorinated', params: { min: '0.2', unit: 'mg/l' } });
  assert.deepEqual(words('e_coli'), { key: 'wq.limit.absent', params: {} });
  assert.deepEqual(m.limitWords({ kind: 'min', unit: 'mg/l', acceptable_min: 1 }).key, 'wq.limit.min');
  assert.equal(m.limitWords(null).key, 'wq.limit.none');
  for (const key of ['wq.limit.max', 'wq.limit.max_no_relaxation', 'wq.limit.range', 'wq.limit.min', 'wq.limit.min_chlorinated', 'wq.limit.absent', 'wq.limit.none']) {
    assert.ok(en[key] && hi[key], key);
  }
  assert.equal(m.formatValue(1500, formatIndian), '1,500');
  assert.equal(m.formatValue(0.003, formatIndian), '0.003');
  assert.equal(m.formatValue(123456.5, formatIndian), '1,23,456.5');
  assert.equal(m.formatValue(null, formatIndian), '—');
});

test('typed values become results; blanks are left out, nonsense is named', () => {
  const s = m.readStandard(STANDARD);
  const absent = s.byCode.get('e_coli').limit;
  assert.deepEqual(m.parseEntry('', null), { empty: true });
  assert.deepEqual(m.parseEntry('  ', null), { empty: true });
  assert.deepEqual(m.parseEntry('0.05', null), { value: 0.05 });
  assert.deepEqual(m.parseEntry('1,200', null), { value: 1200 });
  assert.deepEqual(m.parseEntry('.5', null), { value: 0.5 });
  assert.deepEqual(m.parseEntry('-1', null), { error: 'wq.entry.not_number' });
  assert.deepEqual(m.parseEntry('1e3', null), { error: 'wq.entry.not_number' });
  assert.deepEqual(m.parseEntry('abc', null), { error: 'wq.entry.not_number' });
  assert.deepEqual(m.parseEntry('present', absent), { detected: true });
  assert.deepEqual(m.parseEntry('absent', absent), { detected: false });
  assert.deepEqual(m.parseEntry('0', absent), { value: 0 });
  assert.deepEqual(m.parseEntry('present', null), { error: 'wq.entry.not_number' });
  const params = m.labParameters(s, ['arsenic', 'fluoride', 'ph', 'e_coli']);
  const { results, errors } = m.resultsOf(params, { arsenic: '0.08', fluoride: '', ph: 'x', e_coli: 'absent' });
  assert.deepEqual(results, [
    { parameter: 'arsenic', unit: 'mg/l', value: 0.08 },
    { parameter: 'e_coli', unit: 'per 100 ml', detected: false },
  ]);
  assert.deepEqual(errors, [{ parameter: 'ph', key: 'wq.entry.not_number' }]);
});

test('the bodies the page sends', () => {
  const results = [{ parameter: 'arsenic', unit: 'mg/l', value: 0.08 }];
  assert.deepEqual(m.gradeRequest({ results, day: '2025-04-02', chlorinated: false, source: 'SRC1' }),
    { results, day: '2025-04-02', chlorinated: false, source: 'SRC1' });
  assert.deepEqual(m.gradeRequest({ results, day: 'bad' }), { results });
  assert.deepEqual(m.testedEvent({ on: '2025-04-03', results }), { kind: 'tested', results, on: '2025-04-03' });
  assert.deepEqual(m.stepEvent('final', { on: '2025-04-03' }), { kind: 'final', on: '2025-04-03' });
  assert.deepEqual(m.stepEvent('retest', { note: '  turbid  ' }), { kind: 'retest', note: 'turbid' });
  assert.deepEqual(m.stepEvent('received'), { kind: 'received' });
  assert.deepEqual(m.actionBody({ kind: 'cwpp', started_on: '2025-04-05', note: ' ' }), { kind: 'cwpp', started_on: '2025-04-05' });
  assert.deepEqual(m.actionBody({ kind: 'advisory', started_on: '2025-04-05', note: 'door to door' }),
    { kind: 'advisory', started_on: '2025-04-05', note: 'door to door' });
  assert.deepEqual(m.doneBody({ done_on: '2025-04-09' }), { done_on: '2025-04-09' });
  assert.deepEqual(m.checkAction({ kind: '', started_on: '2025-04-05' }), { field: 'kind', key: 'wq.action.need_kind' });
  assert.deepEqual(m.checkAction({ kind: 'cwpp', started_on: '' }), { field: 'started_on', key: 'wq.action.need_date' });
  assert.deepEqual(m.checkAction({ kind: 'cwpp', started_on: '2025-04-06' }, '2025-04-05'), { field: 'started_on', key: 'wq.action.future' });
  assert.equal(m.checkAction({ kind: 'cwpp', started_on: '2025-04-05' }, '2025-04-05'), null);
  const graded = m.gradesByParameter({ results: [{ parameter: 'arsenic', grade: 'beyond', reason_code: 'beyond_permissible', reason: 'x' }, { parameter: { code: 'ph' }, grade: 0 }] });
  assert.deepEqual(graded.get('arsenic'), { grade: 'beyond', reason: 'x', reason_code: 'beyond_permissible' });
  assert.equal(graded.get('ph').grade, 'acceptable');
  assert.equal(m.gradesByParameter(null).size, 0);
});

test('summaries are read flat or nested, with counts by contaminant', () => {
  const s = m.readSummary({
    as_of: '2025-06-01',
    place: { code: 'D1', name: 'Nadia', sources: 10, sources_tested_chemical: 4, failing: 2, failing_by: { arsenic: 2 }, affected_by: { arsenic: 1 }, habitations_affected: 1, alerts_open: 1 },
    rows: [{ code: 'B1', name: 'Block', level: 'block', figures: { sources: 3, failing_by: [{ contaminant: 'fluoride', n: 1 }] } }],
  });
  assert.equal(s.as_of, '2025-06-01');
  assert.equal(s.place.sources, 10);
  assert.equal(s.place.failing_by.arsenic, 2);
  assert.equal(s.place.affected_by.arsenic, 1);
  assert.equal(s.place.sources_tested_bacteriological, null, 'a missing figure is not 0');
  assert.equal(s.level, 'block');
  assert.equal(s.rows[0].sources, 3);
  assert.equal(s.rows[0].failing_by.fluoride, 1);
  const arr = m.readSummary({ total: { failing_by: [5, 0, 1] }, children: [] });
  assert.deepEqual(arr.place.failing_by, { arsenic: 5, fluoride: 0, iron: 1 });
  assert.equal(m.share(1, 4), 25);
  assert.equal(m.share(1, 0), null);
  assert.equal(m.share(null, 4), null);
});

test('alerts: days open, repeats overdue, open or closed', () => {
  assert.equal(m.daysOpen({ days_open: 4 }, '2025-01-01'), 4);
  assert.equal(m.daysOpen({ opened_on: '2025-01-01' }, '2025-01-11'), 10);
  assert.equal(m.daysOpen({ opened_on: '2025-01-01', closed_on: '2025-01-03' }, '2025-01-11'), 2);
  assert.equal(m.daysOpen({}, '2025-01-11'), null);
  assert.equal(m.repeatOverdue({ repeat_overdue: true }, '2025-01-01'), true);
  assert.equal(m.repeatOverdue({ repeat_due_on: '2025-01-02' }, '2025-01-03'), true);
  assert.equal(m.repeatOverdue({ repeat_due_on: '2025-01-02' }, '2025-01-02'), false);
  assert.equal(m.repeatOverdue({ repeat_due_on: '2025-01-02', repeat_taken_on: '2025-01-02' }, '2025-01-05'), false);
  assert.equal(m.isOpen({ status: 'open' }), true);
  assert.equal(m.isOpen({ status: 'closed' }), false);
  assert.equal(m.isOpen({ closed_on: '2025-01-02' }), false);
  assert.equal(m.isOpen({}), true);
});

test('what the roles let the page offer', () => {
  const analyst = { roles: [{ role: 'lab_analyst', lab_id: 7, lab_code: 'L7', lab_name: 'Nadia district lab', unit_code: 'D1' }, { role: 'lab_analyst', lab_id: 7 }] };
  assert.deepEqual(m.labsOf(analyst), [{ id: '7', code: 'L7', name: 'Nadia district lab' }]);
  assert.deepEqual(m.labsOf({ roles: [{ role: 'lab_analyst', lab: { id: 3, code: 'L3', name: 'x' } }] }), [{ id: '3', code: 'L3', name: 'x' }]);
  assert.deepEqual(m.tabsFor(null), ['place', 'reports']);
  assert.deepEqual(m.tabsFor(analyst), ['place', 'lab', 'reports']);
  const officer = { roles: [{ role: 'block_officer', unit_code: 'B1' }] };
  assert.deepEqual(m.tabsFor(officer), ['place', 'alerts', 'reports']);
  assert.deepEqual(m.tabsFor({ roles: [{ role: 'partner_user' }] }), ['place', 'reports']);
  assert.equal(m.mayRecordRemedies(officer), true);
  assert.equal(m.mayRecordRemedies(officer, ['IN', 'S1', 'D1', 'B1', 'V1']), true);
  assert.equal(m.mayRecordRemedies(officer, ['IN', 'S1', 'D2']), false);
  assert.equal(m.mayRecordRemedies({ roles: [{ role: 'national_viewer', unit_code: 'IN' }] }), false);
  assert.equal(m.mayRecordRemedies({ roles: [{ role: 'national_viewer', can_record_remedies: true, unit_code: 'IN' }] }), true);
  assert.equal(m.mayRecordRemedies(analyst), false);
});

test('answers name places two ways; the latest results are read', () => {
  assert.deepEqual(m.refOf({ village: { code: 'V1', name: 'Ranaghat' } }, 'village'), { id: null, code: 'V1', name: 'Ranaghat' });
  assert.deepEqual(m.refOf({ village_code: 'V1', village_name: 'Ranaghat' }, 'village'), { id: null, code: 'V1', name: 'Ranaghat' });
  assert.deepEqual(m.refOf({ source: 'S9' }, 'source'), { id: null, code: 'S9', name: 'S9' });
  assert.equal(m.refOf({}, 'source'), null);
  const l = m.latestOf({ latest: { code: 'WQ1', collected_on: '2025-01-01', results: [{ parameter: 'arsenic', value: 0.08, unit: 'mg/l', grade: 2 }, { parameter: { code: 'e_coli' }, detected: 0, grade: 'acceptable' }] } });
  assert.equal(l.code, 'WQ1');
  assert.equal(l.collected_by, null, 'names only when the API sends them');
  assert.deepEqual(l.results.map((r) => [r.parameter, r.value, r.detected, r.grade]), [['arsenic', 0.08, null, 'beyond'], ['e_coli', null, false, 'acceptable']]);
  assert.equal(m.latestOf({}), null);
  assert.equal(m.latestOf({ latest_results: [{ parameter: 'ph', value: 7 }] }).results.length, 1);
  assert.equal(m.sampleStatus({ status: 'received' }), 'received');
  assert.equal(m.sampleStatus({ events: [{ kind: 'received' }, { kind: 'tested' }] }), 'tested');
  assert.equal(m.sampleStatus({}), 'registered');
  assert.deepEqual(m.nextSteps('registered'), ['received', 'refused']);
  assert.deepEqual(m.nextSteps('received'), ['tested', 'retest', 'refused']);
  assert.deepEqual(m.nextSteps('tested'), ['final', 'retest']);
  assert.deepEqual(m.nextSteps('final'), []);
});

test('grading is debounced: one call after the typing stops', () => {
  let now = 0;
  const timers = [];
  const fake = {
    setTimeout: (fn, ms) => { timers.push({ fn, at: now + ms, live: true }); return timers.length - 1; },
    clearTimeout: (i) => { if (timers[i]) timers[i].live = false; },
  };
  const advance = (ms) => {
    now += ms;
    for (const x of timers) if (x.live && x.at <= now) { x.live = false; x.fn(); }
  };
  const calls = [];
  const d = m.debounce((v) => calls.push(v), 300, fake);
  d('0'); advance(100); d('0.0'); advance(100); d('0.08');
  advance(299);
  assert.deepEqual(calls, []);
  advance(1);
  assert.deepEqual(calls, ['0.08']);
  d('x');
  d.cancel();
  advance(1000);
  assert.deepEqual(calls, ['0.08']);
  d('y');
  d.flush();
  assert.deepEqual(calls, ['0.08', 'y']);
  advance(1000);
  assert.deepEqual(calls, ['0.08', 'y'], 'a flushed call does not run again');
});

test('every key the quality pages use is in English and Hindi', () => {
  const dir = new URL('./quality/', import.meta.url);
  const used = new Set(m.listKeys());
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.js'))) {
    const src = readFileSync(new URL(f, dir), 'utf8');
    for (const mm of src.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(mm[1]);
    for (const mm of src.matchAll(/'(wq\.[\w.]+)'/g)) used.add(mm[1]);
  }
  // Keys built from a step's name.
  for (const s of ['received', 'final', 'retest']) used.add(`wq.lab.step_${s}`).add(`wq.lab.done_${s}`);
  const html = readFileSync(new URL('./index.html', import.meta.url), 'utf8');
  for (const mm of html.matchAll(/data-i18n="((?:wq|nav\.quality)[\w.]*)"/g)) used.add(mm[1]);
  assert.ok(used.size > 150, `found ${used.size} keys`);
  for (const key of used) {
    assert.ok(typeof en[key] === 'string' && en[key].trim(), `en: missing ${key}`);
    assert.ok(typeof hi[key] === 'string' && hi[key].trim(), `hi: missing ${key}`);
    assert.notEqual(hi[key], en[key], `hi: ${key} is not translated`);
  }
  // The field names the quality API refuses with have labels.
  for (const f of ['results.value', 'results.unit', 'results.parameter', 'started_on', 'done_on', 'on', 'kind', 'note']) {
    assert.ok(`field.${f}` in en && `field.${f}` in hi, `field.${f}`);
  }
});

test('the service\'s own shapes: figures under summary, alerts with open', () => {
  const s = m.readSummary({
    place: { code: 'D1', name: 'Nadia', level: 'district' }, as_of: '2025-06-01',
    summary: { sources: 9, failing_by: { arsenic: 3 }, alerts_open: 2 },
    rows: [{ code: 'B1', name: 'Ranaghat', level: 'block', summary: { sources: 4, habitations_affected: 1 } }],
  });
  assert.equal(s.place.code, 'D1');
  assert.equal(s.place.sources, 9);
  assert.equal(s.place.failing_by.arsenic, 3);
  assert.equal(s.rows[0].sources, 4);
  assert.equal(s.rows[0].habitations_affected, 1);
  assert.equal(s.level, 'block');
  assert.equal(m.isOpen({ open: false }), false);
  assert.equal(m.isOpen({ open: true, closed_on: 'x' }), true);
  assert.equal(m.repeatOverdue({ repeat_due_on: '2025-01-02', repeat_taken: true }, '2025-01-05'), false);
});

test('the reports tab: figures as counts or a number with its share, the year of a day', async () => {
  const { cellText, fyOfDay } = await import('./quality/reports.js');
  assert.equal(cellText(null), '—');
  assert.equal(cellText(1234567), '12,34,567');
  assert.equal(cellText({ number: 1722, percent: 84.66 }), '1,722 (84.66%)');
  assert.equal(fyOfDay('2026-03-31'), '2025-26');
  assert.equal(fyOfDay('2026-04-01'), '2026-27');
});
