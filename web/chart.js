// The progress chart: total households and households with tap over time,
// and the coverage % on a second axis, drawn with ECharts (served locally).

import * as echarts from '/vendor/echarts.js';
import { h, fill } from './dom.js';
import { t, getLanguage } from './i18n.js';
import { formatIndian, formatShort, formatPct, formatMonth, formatDate, parseIsoDate } from './format.js';

// Kept in step with .tt-dot.s0/s1/s2 in style.css.
const COLORS = ['#94a3b8', '#0f766e', '#1d5fa8'];

const isoOf = (ts) => new Date(ts).toISOString().slice(0, 10);

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function unitWords() {
  return { crore: t('unit.crore'), lakh: t('unit.lakh') };
}

// Axis labels: "15 crore" rather than "15.00 crore".
function axisShort(v) {
  return formatShort(v, unitWords()).replace(/\.00(?= )/, '');
}

// The tooltip is HTML built from our own strings, styled by classes: the
// default one writes style="" attributes, which the CSP refuses.
function tooltip(params) {
  const list = Array.isArray(params) ? params : [params];
  if (!list.length) return '';
  const lang = getLanguage();
  const head = `<div class="tt-date">${escapeHtml(formatMonth(isoOf(list[0].value[0]), lang))}</div>`;
  const rows = list.map((p) => {
    const v = p.value[1];
    const shown = p.seriesIndex === 2 ? formatPct(v) : formatIndian(v);
    return `<div class="tt-row"><span class="tt-dot s${p.seriesIndex}"></span>` +
      `${escapeHtml(p.seriesName)}<b>${escapeHtml(shown)}</b></div>`;
  });
  return head + rows.join('');
}

// Narrow containers (phones) get room for a legend that wraps to two lines
// and drop the axis names, which would collide with it.
const NARROW_PX = 560;

function options(points, asOf, narrow) {
  const lang = getLanguage();
  const at = (p) => parseIsoDate(p.date)?.getTime();
  const series = (key) => points.map((p) => [at(p), p[key]]);
  const asOfTs = asOf ? parseIsoDate(asOf)?.getTime() : null;
  return {
    // Calendar dates: ticks on UTC month boundaries whatever the viewer's
    // time zone, matching the timestamps built above.
    useUTC: true,
    color: COLORS,
    animationDuration: 400,
    textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif' },
    grid: { left: 8, right: 8, top: narrow ? 76 : 52, bottom: 8, containLabel: true },
    legend: { top: 0, left: 'center', itemGap: narrow ? 10 : 16 },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: tooltip,
      backgroundColor: '#ffffff',
      borderColor: '#d8e2ea',
      textStyle: { color: '#10243a', fontSize: 13 },
    },
    xAxis: {
      type: 'time',
      axisLabel: { formatter: (ts) => formatMonth(isoOf(ts), lang), hideOverlap: true },
      axisLine: { lineStyle: { color: '#9fb3c8' } },
    },
    yAxis: [
      {
        type: 'value',
        name: narrow ? '' : t('chart.households'),
        min: 0,
        axisLabel: { formatter: axisShort },
        splitLine: { lineStyle: { color: '#e7eef4' } },
      },
      {
        type: 'value',
        name: narrow ? '' : '%',
        min: 0,
        max: 100,
        axisLabel: { formatter: '{value}%' },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: t('chart.total'),
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 2, type: 'dashed' },
        data: series('total_hh'),
      },
      {
        name: t('chart.tap'),
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 3 },
        areaStyle: { opacity: 0.15 },
        data: series('hh_with_tap'),
        markLine: asOfTs ? {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#b45309', type: 'solid', width: 1.5 },
          label: { formatter: t('chart.as_of', { date: formatDate(asOf, lang) }), color: '#b45309' },
          data: [{ xAxis: asOfTs }],
        } : undefined,
      },
      {
        name: t('chart.pct'),
        type: 'line',
        yAxisIndex: 1,
        showSymbol: false,
        lineStyle: { width: 1.5 },
        data: series('pct'),
      },
    ],
  };
}

// The same figures as a table, for screen readers and for copying.
function dataTable(table, points) {
  const lang = getLanguage();
  const head = h('thead', null, h('tr', null,
    h('th', { scope: 'col' }, t('chart.month')),
    h('th', { scope: 'col', class: 'num' }, t('chart.total')),
    h('th', { scope: 'col', class: 'num' }, t('chart.tap')),
    h('th', { scope: 'col', class: 'num' }, t('chart.pct'))));
  const body = h('tbody', null, points.map((p) => h('tr', null,
    h('th', { scope: 'row' }, formatMonth(p.date, lang)),
    h('td', { class: 'num' }, formatIndian(p.total_hh)),
    h('td', { class: 'num' }, formatIndian(p.hh_with_tap)),
    h('td', { class: 'num' }, formatPct(p.pct)))));
  fill(table, head, body);
}

export class ProgressChart {
  // el: the chart container; table: the <table> for the data view;
  // message: where "no history" and errors are shown.
  constructor(el, table, message) {
    this.el = el;
    this.table = table;
    this.message = message;
    this.instance = null;
    this.last = null; // the arguments of the last render, to redraw on resize
    // Resize with the container (window resizes, phone rotation); crossing
    // the narrow width changes the layout, so that redraws.
    this.observer = new ResizeObserver(() => {
      if (!this.instance || this.el.hidden) return;
      if (this.last && this.isNarrow() !== this.last.narrow) this.render(...this.last.args);
      else this.instance.resize();
    });
    this.observer.observe(el);
  }

  // points: [{date, total_hh, hh_with_tap, pct}], name: the unit's name.
  isNarrow() {
    return this.el.clientWidth > 0 && this.el.clientWidth < NARROW_PX;
  }

  render(points, { name, asOf }) {
    const lang = getLanguage();
    this.last = null;
    if (!points.length) {
      this.showMessage(t('chart.empty'));
      return;
    }
    this.message.hidden = true;
    this.el.hidden = false;
    if (!this.instance) this.instance = echarts.init(this.el, null, { renderer: 'canvas' });
    // The container may just have been unhidden: pick up its real size.
    this.instance.resize();
    const narrow = this.isNarrow();
    this.instance.setOption(options(points, asOf, narrow), { notMerge: true });
    this.last = { narrow, args: [points, { name, asOf }] };
    const first = points[0];
    const last = points[points.length - 1];
    this.el.setAttribute('aria-label', t('chart.summary', {
      name,
      from: formatIndian(first.hh_with_tap),
      d1: formatDate(first.date, lang),
      to: formatIndian(last.hh_with_tap),
      d2: formatDate(last.date, lang),
    }));
    dataTable(this.table, points);
  }

  showMessage(text) {
    this.instance?.clear();
    this.el.hidden = true;
    this.el.removeAttribute('aria-label');
    this.message.textContent = text;
    this.message.hidden = false;
    fill(this.table);
  }
}

// ---- Bars: targets against achievements (the Sector Partner roll-up) --------

function barTooltip(params) {
  const list = Array.isArray(params) ? params : [params];
  if (!list.length) return '';
  const head = `<div class="tt-date">${escapeHtml(list[0].name)}</div>`;
  const rows = list.map((p) => `<div class="tt-row"><span class="tt-dot s${p.seriesIndex === 0 ? 0 : 1}"></span>` +
    `${escapeHtml(p.seriesName)}<b>${escapeHtml(formatIndian(p.value))}</b></div>`);
  return head + rows.join('');
}

// Grouped horizontal bars, one category per row of the table beside it
// (which stays the accessible copy of the figures).
export class BarChart {
  constructor(el) {
    this.el = el;
    this.instance = null;
    this.observer = new ResizeObserver(() => this.instance?.resize());
    this.observer.observe(el);
  }

  // categories: labels; series: [{name, data}] (the first drawn grey);
  // summary: the aria-label.
  render({ categories, series, summary }) {
    // One bar pair per category: the height grows with the rows.
    this.el.style.height = `${Math.max(14, Math.min(60, 6 + categories.length * 3.2))}rem`;
    if (!this.instance) this.instance = echarts.init(this.el, null, { renderer: 'canvas' });
    this.instance.resize();
    this.instance.setOption({
      color: [COLORS[0], COLORS[1]],
      animationDuration: 400,
      textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif' },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, left: 'center' },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        confine: true,
        formatter: barTooltip,
        backgroundColor: '#ffffff',
        borderColor: '#d8e2ea',
        textStyle: { color: '#10243a', fontSize: 13 },
      },
      // Counts: whole-number ticks.
      xAxis: {
        type: 'value', min: 0, minInterval: 1, axisLabel: { formatter: axisShort },
        splitLine: { lineStyle: { color: '#e7eef4' } },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        // Long names are shortened on the axis; the tooltip and the table
        // beside the chart have them whole.
        data: categories,
        axisLabel: { formatter: (v) => (v.length > 38 ? `${v.slice(0, 37)}…` : v) },
      },
      series: series.map((s) => ({
        name: s.name,
        type: 'bar',
        data: s.data,
        barMaxWidth: 18,
        label: { show: true, position: 'right', formatter: (p) => formatIndian(p.value), color: '#4a5d72' },
      })),
    }, { notMerge: true });
    this.el.setAttribute('aria-label', summary || '');
  }

  dispose() {
    this.observer.disconnect();
    this.instance?.dispose();
    this.instance = null;
  }
}
