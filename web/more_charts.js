// The charts beside the progress chart (issue 13, deliverable 5): net tap
// connections per month (bars), the rate needed to reach Har Ghar Jal by
// the target date against the rate achieved lately, and the places below
// ranked by coverage.  Each has its figures as a table one click away and
// downloads as a PNG.  Drawn with ECharts, like chart.js; the figures come
// from what the dashboard already loaded.

import * as echarts from '/vendor/echarts.js';
import { h, fill } from './dom.js';
import { t } from './i18n.js';
import { formatIndian, formatPct, formatMonth } from './format.js';
import { getLanguage } from './i18n.js';
import { monthlyConnections, recentRate, ranked } from './more_charts_model.js';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';
const COLORS = ['#0f766e', '#94a3b8', '#1d5fa8'];

// One chart with its table and PNG button, in `host` (a <div>).
class Panel {
  constructor(host, id, title) {
    this.id = id;
    this.heading = h('h3', { id: `${id}-title`, class: 'chart-title' }, title);
    this.canvas = h('div', { id: `${id}-chart`, class: 'chart more-chart', role: 'img' });
    this.png = h('button', { id: `${id}-png`, type: 'button', class: 'button-small', onclick: () => this.download() }, t('charts.png'));
    this.table = h('table', { id: `${id}-table`, class: 'data-table compact' });
    this.details = h('details', { class: 'chart-data' },
      h('summary', null, t('chart.table')), h('div', { class: 'table-scroll' }, this.table));
    this.el = h('section', { id, class: 'more-chart-panel', 'aria-labelledby': `${id}-title` },
      this.heading, this.canvas, h('p', { class: 'chart-actions' }, this.png), this.details);
    host.append(this.el);
    this.instance = null;
    this.observer = new ResizeObserver(() => this.instance?.resize());
    this.observer.observe(this.canvas);
  }

  draw(option, summary, head, rows) {
    if (!this.instance) this.instance = echarts.init(this.canvas, null, { renderer: 'canvas' });
    this.instance.resize();
    this.instance.setOption({ animationDuration: 300, textStyle: { fontFamily: FONT }, ...option }, { notMerge: true });
    this.canvas.setAttribute('aria-label', summary);
    fill(this.table,
      h('thead', null, h('tr', null, head.map((x, i) => h('th', { scope: 'col', class: i ? 'num' : null }, x)))),
      h('tbody', null, rows.map((r) => h('tr', null, r.map((c, i) => (i ? h('td', { class: 'num' }, c) : h('th', { scope: 'row' }, c)))))));
  }

  // The chart as a PNG file, on white.
  download() {
    if (!this.instance) return;
    const url = this.instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    const a = h('a', { href: url, download: `${this.id}.png` });
    document.body.append(a);
    a.click();
    a.remove();
  }

  dispose() {
    this.observer.disconnect();
    this.instance?.dispose();
    this.instance = null;
  }
}

function bars({ categories, values, horizontal = false, color = COLORS[0], percent = false }) {
  const valueAxis = {
    type: 'value', min: 0, max: percent ? 100 : null,
    axisLabel: { formatter: (v) => (percent ? `${v}%` : formatIndian(v)) },
    splitLine: { lineStyle: { color: '#e7eef4' } },
  };
  const catAxis = {
    type: 'category', data: categories, inverse: horizontal,
    axisLabel: { formatter: (v) => (v.length > 24 ? `${v.slice(0, 23)}…` : v) },
  };
  return {
    color: [color],
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis', confine: true, axisPointer: { type: 'shadow' },
      valueFormatter: (v) => (percent ? formatPct(v) : formatIndian(v)),
    },
    xAxis: horizontal ? valueAxis : catAxis,
    yAxis: horizontal ? catAxis : valueAxis,
    series: [{ type: 'bar', data: values, barMaxWidth: horizontal ? 16 : 22 }],
  };
}

export class MoreCharts {
  constructor(host) {
    this.host = host;
    this.panels = null;
  }

  // points: the monthly series; rows: the places below with their figures;
  // total: the place's own figures (hh_per_day_needed, target_date);
  // levels: what the rows are ("Districts").
  render({ points, rows, total, name, levels }) {
    const lang = getLanguage();
    if (!this.panels) {
      fill(this.host);
      this.panels = {
        monthly: new Panel(this.host, 'chart-monthly', ''),
        rate: new Panel(this.host, 'chart-rate', ''),
        ranked: new Panel(this.host, 'chart-ranked', ''),
      };
    }
    const { monthly, rate, ranked: rank } = this.panels;

    const months = monthlyConnections(points);
    monthly.heading.textContent = t('charts.monthly', { name });
    monthly.draw(bars({ categories: months.map((m) => formatMonth(m.date, lang)), values: months.map((m) => m.added) }),
      t('charts.monthly_summary', { name, n: months.length }),
      [t('charts.month'), t('charts.connections')],
      months.map((m) => [formatMonth(m.date, lang), formatIndian(m.added)]));

    const achieved = recentRate(points, 3);
    // Every household reached: none needed (the server's rate is 0 then).
    const done = total?.remaining === 0;
    const needed = done ? null : (total?.hh_per_day_needed ?? null);
    const neededText = done ? t('charts.none_needed') : (needed === null ? '—' : formatIndian(needed, 1));
    rate.heading.textContent = t('charts.rate', { name });
    const labels = [t('charts.needed', { date: total?.target_date || '' }), t('charts.achieved')];
    rate.draw(bars({ categories: labels, values: [needed ?? 0, achieved ?? 0], horizontal: true, color: COLORS[2] }),
      t('charts.rate_summary', { needed: neededText, achieved: achieved === null ? '—' : formatIndian(achieved, 1) }),
      [t('charts.what'), t('charts.per_day')],
      [[labels[0], neededText],
        [labels[1], achieved === null ? '—' : formatIndian(achieved, 1)]]);

    const order = ranked(rows);
    rank.el.hidden = order.length === 0;
    rank.heading.textContent = t('charts.ranked', { levels, name });
    rank.canvas.style.height = `${Math.max(12, Math.min(70, 4 + order.length * 1.6))}rem`;
    rank.draw(bars({ categories: order.map((r) => r.name), values: order.map((r) => r.pct), horizontal: true, percent: true }),
      t('charts.ranked_summary', { levels, first: order[0]?.name || '', last: order.at(-1)?.name || '' }),
      [t('table.name'), t('table.pct_long')],
      order.map((r) => [r.name, formatPct(r.pct)]));
  }
}
