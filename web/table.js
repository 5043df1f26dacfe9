// The sortable table of a unit's children (states of India, districts of a
// state, ...), with a total row for the unit itself.

import { h, fill } from './dom.js';
import { t } from './i18n.js';
import { formatIndian, formatPct } from './format.js';

// `of`: the field shown after the figure as "/ total".
const COLUMNS = [
  { key: 'name', label: 'table.name', text: true },
  { key: 'total_hh', label: 'table.hh' },
  { key: 'hh_with_tap', label: 'table.tap' },
  { key: 'pct', label: 'table.pct', title: 'table.pct_long' },
  { key: 'villages', label: 'table.villages' },
  { key: 'hgj_villages', label: 'table.hgj', title: 'table.hgj_long' },
  { key: 'schools_with_tap', label: 'table.schools', of: 'schools' },
  { key: 'anganwadis_with_tap', label: 'table.anganwadis', of: 'anganwadis' },
];

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function isMissing(v) {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

// A sorted copy.  Missing figures go last whichever the direction, and ties
// keep name order so the result does not depend on the server's order.
export function sortRows(rows, key, dir) {
  if (!key) return rows.slice();
  const sign = dir === 'desc' ? -1 : 1;
  const byName = (a, b) => collator.compare(a.name ?? '', b.name ?? '');
  return rows.slice().sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (isMissing(x) || isMissing(y)) {
      if (isMissing(x) && isMissing(y)) return byName(a, b);
      return isMissing(x) ? 1 : -1;
    }
    const c = key === 'name' ? collator.compare(x, y) : x - y;
    return c !== 0 ? sign * c : byName(a, b);
  });
}

function band(pct) {
  if (pct >= 100) return 'full';
  if (pct >= 75) return 'high';
  if (pct >= 40) return 'mid';
  return 'low';
}

function pctCell(pct) {
  const fillEl = h('span', { class: 'pct-fill' });
  // Width from script, not a style attribute: allowed under the CSP.
  fillEl.style.width = `${Math.max(0, Math.min(100, Number(pct) || 0))}%`;
  return h('span', { class: 'pct-cell', 'data-band': band(pct) },
    h('span', { class: 'pct-bar', 'aria-hidden': 'true' }, fillEl),
    formatPct(pct));
}

// data-key/data-value carry the raw figure for scripts and tests.
function figureCell(row, col) {
  const raw = row[col.key];
  const attrs = { class: 'num', dataset: { key: col.key, value: isMissing(raw) ? '' : String(raw) } };
  if (col.key === 'pct') return h('td', attrs, pctCell(raw));
  const value = formatIndian(raw);
  if (col.of && !isMissing(row[col.of])) {
    return h('td', attrs, value, h('span', { class: 'of' }, `/ ${formatIndian(row[col.of])}`));
  }
  return h('td', attrs, value);
}

function headerCell(col, sort, dir, onSort) {
  const active = sort === col.key;
  const label = t(col.label);
  const indicator = active ? (dir === 'desc' ? '▼' : '▲') : '↕';
  const button = h('button', {
    type: 'button',
    class: 'sort-button',
    dataset: { sort: col.key },
    title: t('table.sort_by', { column: t(col.title || col.label) }),
    onclick: () => onSort(col.key),
  }, h('span', null, label), h('span', { class: 'sort-indicator', 'aria-hidden': 'true' }, indicator));
  return h('th', {
    scope: 'col',
    class: col.text ? null : 'num',
    // Only the sorted column carries aria-sort, as ARIA asks.
    'aria-sort': active ? (dir === 'desc' ? 'descending' : 'ascending') : null,
    dataset: { key: col.key },
  }, button);
}

// Draws the table.
//   data: {rows, total, parent: {code, name}, levels (plural label),
//          asOfLabel}
//   view: {sort, dir}
//   on:   {sort(key), href(code)}
export function renderTable(table, data, view, on) {
  const { rows, total, parent } = data;
  const sorted = sortRows(rows, view.sort, view.dir);

  const caption = h('caption', { class: 'visually-hidden' },
    t('table.caption', { levels: data.levels, name: parent.name, date: data.asOfLabel }));

  const thead = h('thead', null,
    h('tr', null, COLUMNS.map((c) => headerCell(c, view.sort, view.dir, on.sort))));

  const tbody = h('tbody');
  if (sorted.length === 0) {
    tbody.append(h('tr', null, h('td', { class: 'empty', colspan: COLUMNS.length },
      t('table.empty', { levels: data.levels.toLowerCase(), name: parent.name }))));
  }
  for (const row of sorted) {
    const link = h('a', {
      class: 'drill',
      href: on.href(row.code),
      title: t('table.open', { name: row.name }),
      dataset: { code: row.code },
    }, row.name); // followed in place by app.js's document click handler
    tbody.append(h('tr', { dataset: { code: row.code, level: row.level || '' } },
      h('th', { scope: 'row' }, link),
      COLUMNS.slice(1).map((c) => figureCell(row, c))));
  }

  const tfoot = total
    ? h('tfoot', null, h('tr', { class: 'total', dataset: { total: parent.code } },
      h('th', { scope: 'row' }, t('table.total', { name: parent.name })),
      COLUMNS.slice(1).map((c) => figureCell(total, c))))
    : null;

  // Keep keyboard focus on the header just used: the table is rebuilt.
  const focusedSort = table.contains(document.activeElement)
    ? document.activeElement.dataset?.sort : null;
  fill(table, caption, thead, tbody, tfoot);
  if (focusedSort) table.querySelector(`button[data-sort="${focusedSort}"]`)?.focus();
}

// The table as drawn (same order), for "download as CSV, XLSX, PDF"
// (table_export.js): name and code, then each figure; "schools with tap"
// is followed by the number of schools it is out of.
export function tableForExport(data, view) {
  const sorted = sortRows(data.rows, view.sort, view.dir);
  const columns = [{ title: t('table.name') }, { title: t('export.code') }];
  const keys = [];
  for (const c of COLUMNS.slice(1)) {
    columns.push({ title: t(c.title || c.label), kind: c.key === 'pct' ? 'percent' : 'count' });
    keys.push(c.key);
    if (c.of) {
      columns.push({ title: t(`export.of.${c.of}`), kind: 'count' });
      keys.push(c.of);
    }
  }
  const cells = (r) => keys.map((k) => (isMissing(r[k]) ? null : r[k]));
  const rows = sorted.map((r) => [r.name, r.code, ...cells(r)]);
  if (data.total) rows.push({ kind: 'total', cells: [t('table.total', { name: data.parent.name }), data.parent.code, ...cells(data.total)] });
  return { columns, rows };
}
