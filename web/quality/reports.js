// The water-quality reports tab (/?view=quality&tab=reports&report=l5&
// unit=S2&as_of=…): the formats officials know by name, CS1 B(i) (labs,
// treatment plants and sources tested, by state) and L5 (villages tested,
// by the level below the place), as of a day, each row a link to the same
// report one level down; and surveillance against the rules for a
// financial year (sources due and tested by round, villages tested, trained
// women, district labs' samples against their monthly target).  All public
// (GET /quality/reports/{name}, GET /quality/surveillance).

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { formatPct } from '../format.js';
import { wq } from './api.js';
import { REPORTS } from './model.js';
import { word, num } from './ui.js';

// [key, label key] of each report's columns (after the place).
const CS1BI = [
  ['total_districts', 'wq.rep.total_districts'],
  ['districts_with_nabl_lab', 'wq.rep.districts_with_nabl_lab'],
  ['nabl_state_referral_labs', 'wq.rep.nabl_state_referral_labs'],
  ['nabl_district_labs', 'wq.rep.nabl_district_labs'],
  ['wtps', 'wq.rep.wtps'],
  ['wtps_with_lab', 'wq.rep.wtps_with_lab'],
  ['wtps_with_nabl_lab', 'wq.rep.wtps_with_nabl_lab'],
  ['wtps_without_lab_linked_to_nabl', 'wq.rep.wtps_without_lab_linked_to_nabl'],
  ['wtps_geotagged', 'wq.rep.wtps_geotagged'],
  ['sources', 'wq.rep.sources'],
  ['sources_tested_chemical', 'wq.rep.sources_tested_chemical'],
  ['sources_tested_bacteriological', 'wq.rep.sources_tested_bacteriological'],
];
const L5 = [
  ['total_villages', 'wq.rep.total_villages'],
  ['tested_by_lab', 'wq.rep.tested_by_lab'],
  ['chemical_by_lab', 'wq.rep.chemical_by_lab'],
  ['bacteriological_by_lab', 'wq.rep.bacteriological_by_lab'],
  ['chemical_by_ftk', 'wq.rep.chemical_by_ftk'],
];

const ROUNDS = {
  chemical: 'wq.rep.round_chemical',
  bacteriological_pre_monsoon: 'wq.rep.round_bacteriological_pre_monsoon',
  bacteriological_post_monsoon: 'wq.rep.round_bacteriological_post_monsoon',
};

// A figure of a report: a count, or {number, percent}.
export function cellText(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object') return `${num(v.number)} (${formatPct(v.percent)})`;
  return num(v);
}

// The financial year ("2025-26") a day falls in.
export function fyOfDay(day) {
  const [y, m] = String(day).split('-').map(Number);
  const s = m >= 4 ? y : y - 1;
  return `${s}-${String((s + 1) % 100).padStart(2, '0')}`;
}

export async function loadReports(q, unit, asOf, signal) {
  const report = REPORTS.includes(q.report) ? q.report : 'cs1bi';
  if (report === 'surveillance') {
    return { report, body: await wq.surveillance({ place: unit, fy: q.fy || '' }, { signal }) };
  }
  return { report, body: await wq.report(report, { place: unit, asOf }, { signal }) };
}

function reportTable(body, columns, hrefFor) {
  const row = (r, total) => h('tr', { dataset: { code: r.place?.code || '' }, class: total ? 'wq-total' : null },
    h(total ? 'th' : 'td', { scope: total ? 'row' : null },
      total || !r.place?.code ? (r.place?.name || '') : h('a', { href: hrefFor({ unit: r.place.code }) }, r.place.name)),
    columns.map(([k, label]) => h('td', { class: 'num', dataset: { col: k, label: t(label) } }, cellText(r[k]))));
  return h('div', { class: 'wq-table-wrap' }, h('table', { id: 'wq-report-table', class: 'data-table wq-stack' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('wq.rep.place')),
      columns.map(([, label]) => h('th', { scope: 'col' }, t(label))))),
    h('tbody', null, (body.rows || []).map((r) => row(r, false))),
    body.total ? h('tfoot', null, row(body.total, true)) : null));
}

function surveillance(body, hrefFor) {
  const v = body.villages || {};
  const w = v.trained_women || {};
  const labs = body.district_labs || {};
  return [
    h('h4', null, t('wq.rep.sources_due')),
    h('div', { class: 'wq-table-wrap' }, h('table', { id: 'wq-rounds', class: 'data-table wq-stack' },
      h('thead', null, h('tr', null, ['wq.rep.round', 'wq.rep.from', 'wq.rep.to', 'wq.rep.due', 'wq.rep.tested', 'wq.rep.pending',
        'wq.rep.overdue'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, ((body.sources || {}).rounds || []).map((r) => h('tr', { dataset: { round: r.name, state: r.state } },
        h('td', null, ROUNDS[r.name] ? t(ROUNDS[r.name]) : r.name),
        h('td', { dataset: { label: t('wq.rep.from') } }, r.from), h('td', { dataset: { label: t('wq.rep.to') } }, r.to),
        ['due', 'tested', 'pending', 'overdue'].map((k) => h('td', { class: 'num', dataset: { label: t(`wq.rep.${k}`) } }, num(r[k])))))))),
    h('h4', null, t('wq.rep.villages')),
    h('ul', { id: 'wq-villages', class: 'wq-list' },
      h('li', null, t('wq.rep.tested_by_lab'), ': ', cellText(v.tested_by_lab), ` / ${num(v.total)}`),
      h('li', null, t('wq.rep.tested_by_ftk'), ': ', cellText(v.tested_by_ftk)),
      h('li', null, t('wq.rep.enough_women'), ': ', cellText(w.villages_with_enough), ` · ${t('wq.rep.women', { n: num(w.women) })}`),
      w.rule ? h('li', { class: 'muted' }, w.rule) : null),
    h('h4', null, t('wq.rep.district_labs', { target: num(labs.target_per_month) })),
    h('div', { class: 'wq-table-wrap' }, h('table', { id: 'wq-district-labs', class: 'data-table wq-stack' },
      h('thead', null, h('tr', null, ['wq.rep.lab', 'wq.rep.place', 'wq.rep.samples', 'wq.rep.target', 'wq.rep.shortfall']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, (labs.rows || []).map((r) => h('tr', { dataset: { code: r.code } },
        h('td', null, r.name), h('td', null, r.place?.code ? h('a', { href: hrefFor({ unit: r.place.code }) }, r.place.name) : ''),
        h('td', { class: 'num', dataset: { label: t('wq.rep.samples') } }, num(r.samples)),
        h('td', { class: 'num', dataset: { label: t('wq.rep.target') } }, num(r.target)),
        h('td', { class: 'num', dataset: { label: t('wq.rep.shortfall') } }, num(r.shortfall))))))),
  ];
}

// ctx: {hrefFor(patch), onFy(fy)}.
export function paintReports(data, ctx) {
  const { report, body } = data;
  const picker = h('nav', { class: 'wq-report-picker', 'aria-label': t('wq.rep.choose') }, h('ul', null,
    REPORTS.map((r) => h('li', null, h('a', {
      id: `wq-report-${r}`, href: ctx.hrefFor({ report: r }), 'aria-current': r === report ? 'page' : null,
    }, word('report', r))))));
  const head = [
    h('h3', { tabindex: '-1', id: 'wq-report-title', dataset: { report } },
      `${word('report', report)} · ${body.place?.name || ''}`),
    h('p', { class: 'muted', id: 'wq-report-when' }, report === 'surveillance'
      ? t('wq.rep.for_fy', { fy: body.fy || '', day: body.as_of || '' })
      : t('wq.rep.as_of', { day: body.as_of || '', fy: body.fy || '' })),
  ];
  if (report === 'surveillance') {
    const fy = h('input', { id: 'wq-report-fy', value: body.fy || '', maxlength: 7, size: 8, inputmode: 'numeric' });
    fy.addEventListener('change', () => ctx.onFy(fy.value.trim()));
    head.push(h('p', null, h('label', { for: 'wq-report-fy' }, t('wq.rep.fy')), ' ', fy));
    return [picker, ...head, ...surveillance(body, ctx.hrefFor)];
  }
  return [picker, ...head, reportTable(body, report === 'l5' ? L5 : CS1BI, ctx.hrefFor),
    body.note ? h('p', { class: 'muted wq-report-note' }, body.note) : null];
}
