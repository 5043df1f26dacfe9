// The public Har Ghar Jal view of a place (/?view=supply&unit=D532&as_of=…):
// villages reported and certified, the gap between them and those put back
// in progress by a fall in coverage, beside coverage and the latest
// functionality survey's "fully functional" share with its interval; and
// the same for each place one level below with a link to drill down
// (GET /hgj/summary).  A village is drawn by village.js.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api as coreApi } from '../api.js';
import { formatPct } from '../format.js';
import { sup } from './api.js';
import { readHgjSummary, pct, readEstimate, formatShare } from './model.js';
import { num, day, figureCard, ciRow, statusTag } from './ui.js';
import { loadVillage, paintVillage } from './village.js';

const COLUMNS = [
  ['villages', 'sup.col.villages'],
  ['full_coverage', 'sup.col.full_coverage'],
  ['reported', 'sup.col.reported'],
  ['certified', 'sup.col.certified'],
  ['gap', 'sup.col.gap'],
  ['submitted', 'sup.col.submitted'],
  ['returned', 'sup.col.returned'],
  ['reverted', 'sup.col.reverted'],
];

// The latest survey round's "fully functional" estimate for `place` on
// the day (GET /hgj/headline), or null when there is none or it cannot be
// read.
export async function latestFunctionality(place, asOf, signal) {
  try {
    const f = (await sup.headline({ place, asOf }, { signal }))?.functionality;
    if (!f?.round) return null;
    return { round: f.round, estimate: f.estimates?.fully_functional || null };
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    return null;
  }
}

export async function loadPlace({ unit: code, asOf }, session, signal) {
  const unitP = coreApi.unit(code, { signal });
  unitP.catch(() => {});
  const unit = await unitP;
  if (unit.level === 'village') return { unit, village: await loadVillage(unit, { asOf }, signal) };
  const [summary, coverage, functionality] = await Promise.all([
    sup.hgjSummary({ place: code, asOf }, { signal }),
    coreApi.coverage({ parent: code, asOf }, { signal }).catch((e) => {
      if (e.name === 'AbortError') throw e;
      return null;
    }),
    latestFunctionality(code, asOf, signal),
  ]);
  return { unit, summary: readHgjSummary(summary), coverage, functionality };
}

export function breadcrumbs(unit, hrefFor) {
  const trail = (Array.isArray(unit.path) ? unit.path : []).filter((p) => p.code !== unit.code);
  return h('nav', { class: 'breadcrumbs', 'aria-label': t('breadcrumb.label') },
    h('ol', null,
      trail.map((p) => h('li', null, h('a', { href: hrefFor(p.code), dataset: { code: p.code } }, p.name))),
      h('li', null, h('a', { href: hrefFor(unit.code), 'aria-current': 'page', dataset: { code: unit.code } }, unit.name))));
}

export function asOfForm(unit, { asOf, onAsOf, dashboardHref }) {
  const dateInput = h('input', { id: 'sup-as-of', type: 'date', value: asOf || '', min: '2019-08-15' });
  dateInput.addEventListener('change', () => onAsOf(dateInput.value));
  return h('div', { class: 'sup-asof' },
    h('div', { class: 'field' }, h('label', { for: 'sup-as-of' }, t('asof.label')), dateInput),
    h('button', { type: 'button', class: 'button-quiet', id: 'sup-as-of-clear', disabled: !asOf, onclick: () => onAsOf('') },
      t('asof.latest')),
    h('a', { href: dashboardHref(unit.code), id: 'sup-coverage-link' }, t('sup.coverage_link')));
}

export function paintPlace(data, ctx) {
  if (data.village) return paintVillage(data.unit, data.village, ctx);
  const { unit, summary, coverage, functionality } = data;
  const T = summary.totals;
  const head = h('section', {
    id: 'sup-summary', class: 'headline', 'aria-labelledby': 'sup-summary-title',
    dataset: { asOf: summary.asOf, unit: unit.code },
  },
  h('h3', { id: 'sup-summary-title', class: 'section-title', tabindex: '-1' },
    t('sup.summary_title', { name: unit.name, date: day(summary.asOf) })),
  T.status && T.status !== 'in_progress'
    ? h('p', { class: 'sup-status-line', id: 'sup-place-status' }, statusTag(T.status), ' ', t(`sup.place_${T.status}`)) : null,
  h('div', { class: 'cards' },
    figureCard({ id: 'sup-card-villages', label: t('sup.card.villages'), n: T.villages }),
    figureCard({ id: 'sup-card-full', label: t('sup.card.full_coverage'), n: T.full_coverage, of: T.villages, accent: 'teal',
      detail: t('sup.of', { n: num(T.villages) }) }),
    figureCard({ id: 'sup-card-reported', label: t('sup.card.reported'), n: T.reported, of: T.villages, accent: 'teal',
      detail: t('sup.of', { n: num(T.villages) }) }),
    figureCard({ id: 'sup-card-certified', label: t('sup.card.certified'), n: T.certified, of: T.reported, accent: 'teal',
      detail: t('sup.of_reported', { n: num(T.reported) }) }),
    figureCard({ id: 'sup-card-gap', label: t('sup.card.gap'), n: T.gap, accent: 'amber',
      detail: t('sup.gap_detail', { submitted: num(T.submitted), returned: num(T.returned) }) }),
    figureCard({ id: 'sup-card-reverted', label: t('sup.card.reverted'), n: T.reverted, accent: 'amber',
      detail: t('sup.reverted_detail') })));

  // Coverage, functionality and certification side by side.
  const cov = coverage?.total || null;
  const est = readEstimate(functionality?.estimate);
  const side = h('section', { id: 'sup-side', class: 'panel', 'aria-labelledby': 'sup-side-title' },
    h('h3', { id: 'sup-side-title', class: 'section-title' }, t('sup.side_title')),
    h('div', { class: 'sup-side' },
      h('div', { class: 'sup-side-item', id: 'sup-side-coverage', dataset: { value: cov ? String(cov.pct) : '' } },
        h('h4', null, t('sup.side.coverage')),
        h('p', { class: 'sup-big' }, cov ? formatPct(cov.pct, 1) : '—'),
        cov ? h('p', { class: 'muted' }, t('sup.side.coverage_detail', { with: num(cov.hh_with_tap), total: num(cov.total_hh) })) : null),
      h('div', { class: 'sup-side-item', id: 'sup-side-functional', dataset: { value: est ? String(est.share) : '' } },
        h('h4', null, t('sup.side.functional')),
        est ? [h('p', { class: 'sup-big' }, formatShare(est.share)),
          ciRow('fully_functional', functionality.estimate),
          h('p', { class: 'muted' }, t('sup.side.functional_detail', { round: functionality.round.name || `#${functionality.round.id}` }))]
          : h('p', { class: 'muted' }, t('sup.side.functional_none'))),
      h('div', { class: 'sup-side-item', id: 'sup-side-certified', dataset: { value: String(T.certified ?? '') } },
        h('h4', null, t('sup.side.certified')),
        h('p', { class: 'sup-big' }, T.villages ? formatPct(pct(T.certified, T.villages), 1) : '—'),
        h('p', { class: 'muted' }, t('sup.side.certified_detail', { n: num(T.certified), total: num(T.villages) })))));

  const levels = t(`levels.${summary.rows[0]?.level || unit.child_level || 'village'}`);
  const table = h('section', { id: 'sup-children', class: 'panel', 'aria-labelledby': 'sup-children-title' },
    h('h3', { id: 'sup-children-title', class: 'section-title' }, t('sup.children_title', { levels, name: unit.name })),
    summary.rows.length === 0 ? h('p', { class: 'muted' }, t('sup.no_children'))
      : h('table', { id: 'sup-children-table', class: 'data-table sup-stack' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('table.name')),
          COLUMNS.map(([, label]) => h('th', { scope: 'col', class: 'num' }, t(label))))),
        h('tbody', null, summary.rows.map((row) => h('tr', { dataset: { code: row.code } },
          h('th', { scope: 'row' }, h('a', { class: 'drill', href: ctx.hrefFor(row.code), dataset: { code: row.code } }, row.name),
            row.status && row.status !== 'in_progress' ? [' ', statusTag(row.status)] : null),
          COLUMNS.map(([key, label]) => h('td', {
            class: 'num', 'data-label': t(label), dataset: { key, value: row[key] === null ? '' : String(row[key]) },
          }, num(row[key]))))))));

  return [breadcrumbs(unit, ctx.hrefFor), asOfForm(unit, ctx), head, side, table];
}
