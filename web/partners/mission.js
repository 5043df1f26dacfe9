// The mission's views of the programme (#/mission/…):
//   queue      plans and quarterly reports waiting for a decision;
//              administrators approve, accept or return them here
//   funnel     a round's applications → eligible → screened → shortlisted,
//              by organisation type and by state, with CSV downloads
//   progress   targets against achievements of approved plans, by theme,
//              level, state or partner, as a table and a bar chart
//   overdue    quarterly reports past their due date
//   coverage   villages reached by trainings beside households with taps
//              (public, like the dashboard's figures)

import { h, fill, add } from '../dom.js';
import { t } from '../i18n.js';
import { papi, funnelCsvHref } from './api.js';
import { ApiError } from '../api.js';
import { errorMessage } from '../errors.js';
import { exportButtons, tableFromDom } from '../table_export.js';
import {
  isAdmin, isNational, routeHash, MISSION_TABS, ROLLUP_BY, FUNNEL_BY, fyOf, fyStart, fyName,
} from './model.js';
import {
  name, num, day, when, field, choice, panel, statusTag, dataTable, tabs,
} from './ui.js';
import { decisionForm } from './plan.js';

// Loaded on demand, like the dashboard's chart: if ECharts fails to load
// the table still shows every figure.
let chartModule = null;
let lastChart = null;

function yearChoices(today) {
  const y = fyStart(fyOf(today));
  return [fyName(y + 1), fyName(y), fyName(y - 1), fyName(y - 2)].filter((fy) => fyStart(fy) >= 2019);
}

export async function renderMission(ctx) {
  const { body, route, session } = ctx;
  const tab = MISSION_TABS.includes(route.tab) ? route.tab : 'queue';
  const national = isNational(session);
  ctx.setTitle(t('sp.title.mission'));
  const visible = national ? MISSION_TABS : ['coverage'];
  add(body, tabs(t('sp.mission.sections'), visible.map((x) => ({
    href: routeHash('mission', { tab: x }),
    label: t(`sp.mission.tab.${x}`),
    current: x === tab,
    data: { tab: x },
  }))));
  const section = h('div', { class: 'sp-tab', dataset: { tab } });
  if (!national && tab !== 'coverage') {
    add(section, h('p', { class: 'notice' }, session ? t('sp.not_national') : t('sp.sign_in')));
    add(body, section);
    return;
  }
  const draw = { queue, funnel, progress, overdue, coverage }[tab];
  await draw(ctx, section);
  add(body, section);
}

// ---- The approval queue ---------------------------------------------------------------

async function queue(ctx, el) {
  const admin = isAdmin(ctx.session);
  const { plans = [], reports = [] } = await papi.queue();
  add(el, h('p', { class: 'muted' }, t('sp.queue.intro')));
  add(el, panel(t('sp.queue.plans', { n: num(plans.length) }), dataTable({
    id: 'queue-plans',
    caption: t('sp.queue.plans', { n: num(plans.length) }),
    cols: [{ label: t('sp.col.partner') }, { label: t('sp.col.fy') }, { label: t('sp.col.revision'), num: true },
      { label: t('sp.col.submitted') }, { label: admin ? t('sp.queue.decide') : t('sp.col.links') }],
    rows: plans.map((p) => h('tr', { dataset: { planId: String(p.plan_id) } },
      h('th', { scope: 'row' }, h('a', { href: routeHash('partner', { id: p.partner.id }) }, p.partner.name)),
      h('td', null, h('a', { href: routeHash('plan', { id: p.plan_id }) }, t('sp.plan.name', { fy: p.fy }))),
      h('td', { class: 'num' }, num(p.revision)),
      h('td', null, when(p.submitted_at)),
      h('td', { class: 'actions-cell' }, admin ? decisionForm(`queue-plan-${p.plan_id}`, {
        okValue: 'approved',
        okLabel: t('sp.plan.approve'),
        backLabel: t('sp.plan.return'),
        run: (status, comment) => papi.planStatus(p.plan_id, status, comment),
        onDone: (status) => ctx.reload(t(status === 'approved' ? 'sp.queue.plan_approved' : 'sp.queue.plan_returned',
          { partner: p.partner.name, fy: p.fy })),
      }) : h('a', { href: routeHash('plan', { id: p.plan_id }) }, t('sp.queue.open'))))),
    empty: t('sp.queue.no_plans'),
  })));
  add(el, panel(t('sp.queue.reports', { n: num(reports.length) }), dataTable({
    id: 'queue-reports',
    caption: t('sp.queue.reports', { n: num(reports.length) }),
    cols: [{ label: t('sp.col.partner') }, { label: t('sp.col.fy') }, { label: t('sp.col.quarter') },
      { label: t('sp.col.submitted') }, { label: admin ? t('sp.queue.decide') : t('sp.col.links') }],
    rows: reports.map((r) => h('tr', { dataset: { planId: String(r.plan_id), quarter: String(r.quarter) } },
      h('th', { scope: 'row' }, h('a', { href: routeHash('partner', { id: r.partner.id }) }, r.partner.name)),
      h('td', null, r.fy),
      h('td', null, h('a', { href: routeHash('progress', { id: r.plan_id, quarter: r.quarter }) }, t('sp.q', { q: r.quarter }))),
      h('td', null, when(r.submitted_at)),
      h('td', { class: 'actions-cell' }, admin ? decisionForm(`queue-report-${r.plan_id}-${r.quarter}`, {
        okValue: 'accepted',
        okLabel: t('sp.progress.accept'),
        backLabel: t('sp.progress.return'),
        run: (status, comment) => papi.progressStatus(r.plan_id, r.quarter, status, comment),
        onDone: (status) => ctx.reload(t(status === 'accepted' ? 'sp.queue.report_accepted' : 'sp.queue.report_returned',
          { partner: r.partner.name, q: r.quarter })),
      }) : h('a', { href: routeHash('progress', { id: r.plan_id, quarter: r.quarter }) }, t('sp.queue.open'))))),
    empty: t('sp.queue.no_reports'),
  })));
}

// ---- The funnel -----------------------------------------------------------------------------

const FUNNEL_COLS = ['applied', 'eligible', 'screened', 'shortlisted'];

function funnelTable(data, by) {
  const row = (x, head) => h('tr', { dataset: { key: x.key ?? 'total', applied: String(x.applied) } },
    h('th', { scope: 'row' }, head),
    FUNNEL_COLS.map((c) => h('td', { class: 'num', dataset: { col: c } }, num(x[c]))));
  return dataTable({
    id: `funnel-${by}`,
    caption: t(`sp.funnel.by_${by}`),
    cols: [{ label: t(`sp.funnel.col_${by}`) }, ...FUNNEL_COLS.map((c) => ({ label: t(`sp.funnel.${c}`), num: true }))],
    rows: (data.rows || []).map((x) => row(x, by === 'org_type' ? name('org_type', x.key) : x.name)),
    foot: h('tfoot', null, row({ ...data.total, key: 'total' }, t('sp.funnel.total'))),
    empty: t('sp.round.no_applications'),
  });
}

async function funnel(ctx, el) {
  const { rounds = [] } = await papi.rounds();
  if (!rounds.length) {
    add(el, h('p', { class: 'notice' }, t('sp.rounds.empty')));
    return;
  }
  const wanted = Number(ctx.route.query?.round);
  const round = rounds.find((r) => r.id === wanted) || rounds[0];
  const sel = choice(rounds.map((r) => String(r.id)), {
    selected: String(round.id),
    labelOf: (id) => rounds.find((r) => String(r.id) === id)?.name || id,
    props: { id: 'funnel-round' },
  });
  sel.addEventListener('change', () => ctx.go(routeHash('mission', { tab: 'funnel', query: { round: sel.value } })));
  add(el, h('div', { class: 'filters panel' }, field(null, t('sp.col.round'), sel),
    h('p', { class: 'muted field-note' }, t('sp.funnel.intro'))));
  const [byType, byState] = await Promise.all(FUNNEL_BY.map((by) => papi.funnel(round.id, by)));
  for (const [by, data] of [['org_type', byType], ['state', byState]]) {
    add(el, panel(t(`sp.funnel.by_${by}`),
      exportButtons(`funnel-export-${by}`, () => tableFromDom(document.getElementById(`funnel-${by}`), {
        name: `funnel-round-${round.id}-${by}`,
        title: t(`sp.funnel.by_${by}`),
        head: [{ label: t('sp.col.round'), value: round.name }],
      })),
      funnelTable(data, by),
      data.note ? h('p', { class: 'muted' }, t('sp.funnel.state_note')) : null,
      h('p', null, h('a', {
        href: funnelCsvHref(round.id, by), download: `funnel-round-${round.id}-${by}.csv`, id: `funnel-csv-${by}`,
      }, t('sp.funnel.csv', { what: t(`sp.funnel.by_${by}`) })))));
  }
  add(el, h('p', null, h('a', { href: routeHash('round', { id: round.id }) }, t('sp.funnel.to_round', { name: round.name }))));
}

// ---- Progress roll-up ---------------------------------------------------------------------

function groupName(by, row) {
  if (by === 'theme') return name('activity_theme', row.key);
  if (by === 'level') return name('plan_level', row.key);
  if (by === 'state' && row.key === 'IN') return t('sp.rollup.national_level');
  return row.name || row.key;
}

async function drawChart(el, rows, by) {
  try {
    chartModule ??= import('../chart.js');
    const { BarChart } = await chartModule;
    if (!el.isConnected) return;
    lastChart?.dispose();
    lastChart = new BarChart(el);
    lastChart.render({
      categories: rows.map((r) => `${groupName(by, r)} · ${name('measure', r.measure)}`),
      series: [
        { name: t('sp.rollup.target'), data: rows.map((r) => r.target) },
        { name: t('sp.rollup.achieved'), data: rows.map((r) => r.achieved) },
      ],
      summary: t('sp.rollup.chart_summary', {
        n: num(rows.length),
        list: rows.slice(0, 6).map((r) => t('sp.rollup.chart_item', {
          what: `${groupName(by, r)} · ${name('measure', r.measure)}`, a: num(r.achieved), t: num(r.target),
        })).join('; '),
      }),
    });
  } catch (e) {
    console.error(e);
    fill(el, h('p', { class: 'muted' }, t('error.chart', { message: e instanceof ApiError ? errorMessage(e) : e.message })));
    el.classList.remove('chart');
  }
}

async function progress(ctx, el) {
  const q = ctx.route.query || {};
  const by = ROLLUP_BY.includes(q.by) ? q.by : 'theme';
  const years = yearChoices(ctx.today);
  const fy = years.includes(q.fy) ? q.fy : fyOf(ctx.today);
  const bySel = choice(ROLLUP_BY, { kind: 'rollup_by', selected: by, props: { id: 'rollup-by' } });
  const fySel = choice(years, { selected: fy, labelOf: (y) => y, props: { id: 'rollup-fy' } });
  const onChange = () => ctx.go(routeHash('mission', { tab: 'progress', query: { by: bySel.value, fy: fySel.value } }));
  bySel.addEventListener('change', onChange);
  fySel.addEventListener('change', onChange);
  add(el, h('div', { class: 'filters panel' },
    field(null, t('sp.rollup.by'), bySel), field(null, t('sp.col.fy'), fySel),
    h('p', { class: 'muted field-note' }, t('sp.rollup.intro'))));
  const { rows = [] } = await papi.rollup(by, fy);
  const chartEl = h('div', { id: 'rollup-chart', class: 'chart', role: 'img' });
  const table = dataTable({
    id: 'rollup-table',
    caption: t('sp.rollup.caption', { by: name('rollup_by', by), fy }),
    cols: [{ label: name('rollup_by', by) }, { label: t('sp.plan.measure') },
      { label: t('sp.col.activities'), num: true }, { label: t('sp.rollup.target'), num: true },
      { label: t('sp.rollup.achieved'), num: true }, { label: '%', num: true }],
    rows: rows.map((r) => h('tr', {
      dataset: { key: r.key, measure: r.measure, target: String(r.target), achieved: String(r.achieved) },
    },
    h('th', { scope: 'row' }, groupName(by, r)),
    h('td', null, name('measure', r.measure)),
    h('td', { class: 'num' }, num(r.activities)),
    h('td', { class: 'num' }, num(r.target)),
    h('td', { class: 'num', dataset: { col: 'achieved' } }, num(r.achieved)),
    h('td', { class: 'num' }, r.pct === null || r.pct === undefined ? '—' : `${r.pct}%`))),
    empty: t('sp.rollup.empty', { fy }),
  });
  add(el, panel(t('sp.rollup.title', { fy }),
    h('p', { class: 'muted' }, t('sp.rollup.counts_note')),
    rows.length ? chartEl : null,
    rows.length ? exportButtons('rollup-export', () => tableFromDom(document.getElementById('rollup-table'), {
      name: `progress-${by}-${fy}`,
      title: t('sp.rollup.title', { fy }),
      head: [{ label: t('sp.rollup.by'), value: name('rollup_by', by) }, { label: t('sp.col.fy'), value: fy }],
    })) : null,
    table));
  if (rows.length) {
    // After the page is drawn: ECharts needs the container's size.
    requestAnimationFrame(() => requestAnimationFrame(() => drawChart(chartEl, rows, by)));
  }
}

// ---- Overdue reports --------------------------------------------------------------------

async function overdue(ctx, el) {
  const q = ctx.route.query || {};
  const years = yearChoices(ctx.today);
  const fy = years.includes(q.fy) ? q.fy : fyOf(ctx.today);
  const fySel = choice(years, { selected: fy, labelOf: (y) => y, props: { id: 'overdue-fy' } });
  fySel.addEventListener('change', () => ctx.go(routeHash('mission', { tab: 'overdue', query: { fy: fySel.value } })));
  add(el, h('div', { class: 'filters panel' }, field(null, t('sp.col.fy'), fySel),
    h('p', { class: 'muted field-note' }, t('sp.overdue.intro'))));
  const { overdue: rows = [], as_of: asOf } = await papi.overdue(fy);
  add(el, panel(t('sp.overdue.title', { n: num(rows.length), date: day(asOf) }), dataTable({
    id: 'overdue-table',
    caption: t('sp.overdue.title', { n: num(rows.length), date: day(asOf) }),
    cols: [{ label: t('sp.col.partner') }, { label: t('sp.col.quarter') }, { label: t('sp.progress.due') },
      { label: t('sp.overdue.days'), num: true }, { label: t('sp.col.status') }],
    rows: rows.map((r) => h('tr', { dataset: { planId: String(r.plan_id), quarter: String(r.quarter) } },
      h('th', { scope: 'row' }, h('a', { href: routeHash('partner', { id: r.partner.id }) }, r.partner.name)),
      h('td', null, h('a', { href: routeHash('progress', { id: r.plan_id, quarter: r.quarter }) }, t('sp.q', { q: r.quarter }))),
      h('td', null, day(r.due_on)),
      h('td', { class: 'num' }, num(r.days_overdue)),
      h('td', null, statusTag('report_status', r.status)))),
    empty: t('sp.overdue.none'),
  })));
}

// ---- Trainings beside taps ----------------------------------------------------------------

async function coverage(ctx, el) {
  const q = ctx.route.query || {};
  const parent = (q.parent || 'IN').toUpperCase();
  // The place's own child level unless the address names one.
  const unit = parent === 'IN' ? null : await papi.unit(parent);
  const level = q.level || unit?.child_level || 'state';
  const data = await papi.trainingCoverage(parent, level);
  const drill = (data.level || level) !== 'village';
  const trail = [{ code: 'IN', name: t('breadcrumb.india') },
    ...((unit?.path || []).filter((p) => p.code !== 'IN')),
    ...(unit ? [{ code: unit.code, name: unit.name }] : [])];
  const coverageHref = (code) => routeHash('mission', { tab: 'coverage', query: code === 'IN' ? {} : { parent: code } });
  add(el, h('nav', { class: 'breadcrumbs', 'aria-label': t('breadcrumb.label') },
    h('ol', null, trail.map((p, i) => h('li', null, i === trail.length - 1
      ? h('span', { 'aria-current': 'page' }, p.name)
      : h('a', { href: coverageHref(p.code) }, p.name))))));
  const T = data.total || {};
  const cols = [
    ['villages', true], ['villages_trained', true], ['pct_villages_trained', true], ['trainings', true],
    ['participants', true], ['women', true], ['ftk_women', true], ['total_hh', true], ['hh_with_tap', true],
    ['pct_hh_with_tap', true],
  ];
  const cell = (r, k) => h('td', { class: 'num', dataset: { key: k, value: String(r[k] ?? '') } },
    k.startsWith('pct') ? `${r[k] ?? 0}%` : num(r[k]));
  const levelWord = t(`levels.${data.level || level}`);
  add(el, panel(t('sp.coverage.title', { levels: levelWord, name: data.parent?.name || parent, date: day(data.as_of) }),
    h('p', { class: 'muted' }, t('sp.coverage.intro')),
    dataTable({
      id: 'training-coverage',
      caption: t('sp.coverage.title', { levels: levelWord, name: data.parent?.name || parent, date: day(data.as_of) }),
      cols: [{ label: t('table.name') }, ...cols.map(([k]) => ({ label: t(`sp.coverage.${k}`), num: true }))],
      rows: (data.rows || []).map((r) => h('tr', { dataset: { code: r.code } },
        h('th', { scope: 'row' }, drill ? h('a', { href: coverageHref(r.code) }, r.name) : r.name),
        cols.map(([k]) => cell(r, k)))),
      foot: h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, t('table.total', { name: data.parent?.name || parent })),
        cols.map(([k]) => cell(T, k)))),
      empty: t('table.empty', { levels: levelWord, name: data.parent?.name || parent }),
    })));
}
