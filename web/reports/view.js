// The Reports page (/?view=reports&unit=S36&as_of=2024-03-31&report=j17):
// the formats officials know by name (GET /api/v1/reports), for a place
// picked by name (its path to go up, its children to go down) and a date;
// each downloads as CSV, XLSX or PDF with headings in the page's language,
// and the one chosen is drawn below with its heading, how each figure is
// computed, and a print button (print CSS lays the table out on paper).
// Reports are public, like the dashboard's figures.

import { h, fill, $ } from '../dom.js';
import { t, getLanguage } from '../i18n.js';
import { api, getJson, ApiError } from '../api.js';
import { errorMessage } from '../errors.js';
import { formatIndian } from '../format.js';
import { toUrl } from '../url.js';
import { getSession } from '../session.js';
import { boundariesPanel } from './boundaries.js';
import {
  FORMATS, FIRST_ROWS, reportName, reportHref, drawnOnScreen, fitsLevel, cellText, isFigure,
} from './model.js';

export function createReportsView({ navigate }) {
  const els = {
    view: $('#reports-view'),
    title: $('#reports-title'),
    message: $('#reports-message'),
    body: $('#reports-body'),
  };
  let state = null;
  let data = null; // {list, unit, children, table}
  let problem = null;
  let showAll = false;
  let seq = 0;
  let controller = null;

  const lang = () => getLanguage();
  const chosen = () => reportName(state?.report);
  const hrefFor = (patch) => toUrl({ ...state, view: 'reports', ...patch });
  // What a row is, in the page's language (the server's English else).
  const rowsText = (r) => {
    const key = `rep.rows.${r.name}`;
    const text = t(key);
    return text === key ? r.rows : text;
  };
  const titleOf = (r) => (lang() === 'hi' && r.title_hi ? r.title_hi : r.title);

  function showMessage(text) {
    els.message.textContent = text || '';
    els.message.hidden = !text;
  }

  // ---- Drawing --------------------------------------------------------

  function paintPlace() {
    const { unit, children } = data;
    const path = (Array.isArray(unit.path) ? unit.path : []).filter((p) => p.code !== unit.code);
    const crumbs = [...path, unit].map((p, i, all) => (i === all.length - 1
      ? h('span', { 'aria-current': 'page' }, p.name)
      : h('a', { href: hrefFor({ unit: p.code }) }, p.name)));
    const pick = children.length ? h('div', { class: 'field' },
      h('label', { for: 'rep-child' }, t('rep.within', { name: unit.name })),
      h('select', {
        id: 'rep-child',
        onchange: (e) => { if (e.target.value) navigate({ view: 'reports', unit: e.target.value }); },
      },
      h('option', { value: '' }, t('rep.choose_place')),
      children.map((c) => h('option', { value: c.code }, c.name)))) : null;
    return h('form', {
      id: 'rep-place',
      class: 'panel form-grid rep-controls',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        navigate({ view: 'reports', asOf: $('#rep-as-of').value });
      },
    },
    h('div', { class: 'field rep-path' },
      h('span', { class: 'label' }, t('rep.place')),
      h('nav', { class: 'breadcrumbs', 'aria-label': t('rep.place') }, crumbs.flatMap((c, i) => (i ? [' › ', c] : [c])))),
    pick,
    h('div', { class: 'field' },
      h('label', { for: 'rep-as-of' }, t('rep.as_of')),
      h('input', {
        id: 'rep-as-of', type: 'date', min: '2019-08-15', value: state.asOf || '',
        onchange: (e) => navigate({ view: 'reports', asOf: e.target.value }),
      }),
      h('small', { class: 'muted' }, t('rep.as_of_hint'))));
  }

  function fileLinks(name, idPrefix) {
    return h('span', { class: 'rep-files' }, FORMATS.map((f) => h('a', {
      id: `${idPrefix}-${f}`,
      class: 'button-small',
      href: reportHref(name, { place: state.unit, asOf: state.asOf, format: f, lang: lang() }),
      download: '',
      dataset: { format: f },
      'aria-label': t('rep.download_as', { format: f.toUpperCase(), name: name.toUpperCase() }),
    }, f.toUpperCase())));
  }

  function paintList() {
    const rows = data.list.reports.filter((r) => r.available);
    return h('section', { class: 'panel', 'aria-labelledby': 'rep-list-title' },
      h('h3', { id: 'rep-list-title' }, t('rep.list_title', { name: data.unit.name })),
      h('div', { class: 'table-scroll' },
        h('table', { id: 'rep-list', class: 'data-table' },
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, t('rep.report')),
            h('th', { scope: 'col' }, t('rep.rows')),
            h('th', { scope: 'col' }, t('rep.files')))),
          h('tbody', null, rows.map((r) => h('tr', {
            dataset: { report: r.name },
            'aria-current': r.name === chosen() ? 'true' : null,
          },
          h('th', { scope: 'row' }, h('a', { href: hrefFor({ report: r.name }) }, titleOf(r))),
          h('td', null, rowsText(r)),
          h('td', null, fitsLevel(r.deepest, data.unit.level)
            ? fileLinks(r.name, `rep-file-${r.name}`)
            : h('span', { class: 'muted' }, t('rep.not_here', { level: t(`level.${r.deepest}`) })))))))));
  }

  // Paper has every row and the notes open.
  function onPrint() {
    if (data?.table && !showAll && data.table.rows.length > FIRST_ROWS) {
      showAll = true;
      paint();
    }
    const notes = els.body.querySelector('.rep-notes');
    if (notes) notes.open = true;
    window.print();
  }

  function paintTable() {
    const table = data.table;
    const name = chosen();
    const info = data.list.reports.find((r) => r.name === name);
    const heading = h('h3', { id: 'rep-table-title', tabindex: '-1' }, info ? titleOf(info) : name);
    const actions = h('p', { class: 'rep-actions' }, fileLinks(name, 'rep-download'),
      h('button', { id: 'rep-print', type: 'button', class: 'button-small', onclick: onPrint }, t('rep.print')));
    if (!table) {
      return h('section', { id: 'rep-report', class: 'panel', 'aria-labelledby': 'rep-table-title' },
        heading, data.why === 'level'
          ? h('p', { id: 'rep-not-here', class: 'notice' }, t('rep.not_here_long', { level: t(`level.${info?.deepest}`) }))
          : h('p', { id: 'rep-too-long', class: 'notice' }, t('rep.too_long', { name: data.unit.name })),
        data.why === 'level' ? null : actions);
    }
    const hi = lang() === 'hi';
    const head = h('dl', { class: 'rep-head' }, table.head.flatMap((l) => [
      h('dt', null, hi && l.label_hi ? l.label_hi : l.label), h('dd', null, l.value)]));
    const body = showAll ? table.rows : table.rows.slice(0, FIRST_ROWS);
    const kinds = table.columns.map((c) => c.kind);
    const grid = h('div', { class: 'table-scroll', tabindex: '0', 'aria-label': t('rep.scroll') },
      h('table', { id: 'rep-table', class: 'data-table rep-table' },
        h('thead', null, h('tr', null, table.columns.map((c) => h('th', {
          scope: 'col', class: isFigure(c.kind) ? 'num' : null, title: c.note || null,
        }, hi && c.title_hi ? c.title_hi : c.title)))),
        h('tbody', null, body.map((r) => h('tr', { class: r.kind !== 'row' ? `rep-${r.kind}` : null, dataset: { kind: r.kind } },
          r.cells.map((v, i) => h('td', {
            class: isFigure(kinds[i]) ? 'num' : null,
            dataset: { key: table.columns[i].key, value: v === null ? '' : String(v) },
          }, cellText(v, kinds[i], formatIndian))))))));
    const more = table.rows.length > body.length
      ? h('p', { class: 'more-row' },
        t('rep.showing', { shown: formatIndian(body.length), total: formatIndian(table.rows.length) }), ' ',
        h('button', { id: 'rep-show-all', type: 'button', class: 'button-small', onclick: () => { showAll = true; paint(); } },
          t('rep.show_all')))
      : null;
    const notes = table.columns.filter((c) => c.note);
    return h('section', { id: 'rep-report', class: 'panel', 'aria-labelledby': 'rep-table-title' },
      heading, head, actions, grid, more,
      table.note ? h('p', { class: 'muted rep-note' }, table.note) : null,
      notes.length ? h('details', { class: 'rep-notes' },
        h('summary', null, t('rep.how')),
        h('dl', null, notes.flatMap((c) => [h('dt', null, hi && c.title_hi ? c.title_hi : c.title), h('dd', null, c.note)])))
        : null);
  }

  function paint() {
    els.title.textContent = t('rep.title');
    if (problem) {
      fill(els.body);
      showMessage(errorMessage(problem));
      return;
    }
    showMessage('');
    if (!data) {
      fill(els.body);
      return;
    }
    fill(els.body, paintPlace(), chosen() ? paintTable() : null, paintList(), boundariesPanel(getSession()));
  }

  // ---- Loading --------------------------------------------------------

  async function load() {
    const mine = ++seq;
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    problem = null;
    try {
      const listP = getJson('/reports', {}, { signal });
      const unit = await api.unit(state.unit, { signal });
      const childrenP = unit.level === 'village'
        ? Promise.resolve({ children: [] }) : api.children(state.unit, { signal });
      const name = chosen();
      const listed = (await listP).reports.find((r) => r.name === name);
      // Why the report is not drawn: too deep a place for it, or too long.
      let why = null;
      if (name && listed && !fitsLevel(listed.deepest, unit.level)) why = 'level';
      else if (name && !drawnOnScreen(name, unit.level)) why = 'long';
      const tableP = name && !why
        ? getJson(`/reports/${encodeURIComponent(name)}`, {
          place: state.unit === 'IN' ? '' : state.unit, as_of: state.asOf, lang: lang(),
        }, { signal })
        : Promise.resolve(null);
      const [list, kids, table] = await Promise.all([listP, childrenP, tableP]);
      if (mine !== seq) return null;
      const children = Array.isArray(kids?.children) ? kids.children : (Array.isArray(kids?.rows) ? kids.rows : []);
      data = { list, unit, children, table, why };
      paint();
      return 'ready';
    } catch (e) {
      if (e.name === 'AbortError' || mine !== seq) return null;
      if (!(e instanceof ApiError)) console.error(e);
      data = null;
      problem = e;
      paint();
      return 'error';
    }
  }

  return {
    async show(s) {
      const same = state && state.report === s.report && state.unit === s.unit && state.asOf === s.asOf;
      if (!same) showAll = false;
      state = s;
      els.view.hidden = false;
      return load();
    },
    hide() {
      els.view.hidden = true;
      controller?.abort();
      seq += 1;
    },
    focus() {
      const heading = els.body.querySelector('#rep-table-title') || els.title;
      heading.focus();
    },
    title() {
      return t('rep.title');
    },
    repaint() {
      if (state && !els.view.hidden) load();
    },
  };
}
