// The public water-quality view of a place (/?view=quality&unit=D532&
// as_of=…): sources tested chemically and bacteriologically against all
// sources, samples failing by contaminant, quality-affected habitations,
// alerts open, and the same for each place one level below with a link to
// drill down (GET /quality/summary).  A village shows its sources and
// sampling points with their latest results, values and grades, and the
// names of collectors and testers only when the API sends them (GET
// /quality/villages/{code}).

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api as coreApi } from '../api.js';
import { wq } from './api.js';
import {
  readSummary, CONTAMINANTS, refOf, latestOf, readStandard, share,
} from './model.js';
import {
  word, num, day, gradeTag, limitText, resultValue, paramLabel, figureCard, facts, tag,
} from './ui.js';

// The columns of the places-below table: [figure, label key, of].
const COLUMNS = [
  ['sources', 'wq.col.sources', null],
  ['sources_tested_chemical', 'wq.col.tested_chemical', 'sources'],
  ['sources_tested_bacteriological', 'wq.col.tested_bacteriological', 'sources'],
  ['failing', 'wq.col.failing', 'tested'],
  ['habitations_affected', 'wq.col.habitations_affected', null],
  ['alerts_open', 'wq.col.alerts_open', null],
];

// Loads what the place tab shows: {unit, summary, village?, standard?}.
export async function loadPlace({ unit: code, asOf }, signal, standardP) {
  const unitP = coreApi.unit(code, { signal });
  const summaryP = wq.summary({ place: code, asOf }, { signal });
  summaryP.catch(() => {});
  const unit = await unitP;
  const out = { unit, summary: readSummary(await summaryP) };
  if (unit.level === 'village') {
    out.village = await wq.village(code, { asOf }, { signal });
    try {
      out.standard = readStandard(await standardP, asOf);
    } catch {
      out.standard = null; // limits are then left out
    }
  }
  return out;
}

export function paintPlace(data, { hrefFor, dashboardHref, asOf, onAsOf }) {
  const { unit, summary } = data;
  const P = summary.place;
  const trail = (Array.isArray(unit.path) ? unit.path : []).filter((p) => p.code !== unit.code);
  const crumbs = h('nav', { class: 'breadcrumbs', 'aria-label': t('breadcrumb.label') },
    h('ol', null,
      trail.map((p) => h('li', null, h('a', { href: hrefFor(p.code), dataset: { code: p.code } }, p.name))),
      h('li', null, h('a', { href: hrefFor(unit.code), 'aria-current': 'page', dataset: { code: unit.code } }, unit.name))));

  const dateInput = h('input', { id: 'wq-as-of', type: 'date', value: asOf || '', min: '2012-01-01' });
  dateInput.addEventListener('change', () => onAsOf(dateInput.value));
  const asOfForm = h('div', { class: 'wq-asof' },
    h('div', { class: 'field' },
      h('label', { for: 'wq-as-of' }, t('asof.label')), dateInput),
    h('button', { type: 'button', class: 'button-quiet', id: 'wq-as-of-clear', disabled: !asOf, onclick: () => onAsOf('') },
      t('asof.latest')),
    h('a', { href: dashboardHref(unit.code), id: 'wq-coverage-link' }, t('wq.coverage_link')));

  const head = h('section', { id: 'wq-summary', class: 'headline', 'aria-labelledby': 'wq-summary-title', dataset: { asOf: summary.as_of, unit: unit.code } },
    h('h3', { id: 'wq-summary-title', class: 'section-title', tabindex: '-1' },
      t('wq.summary_title', { name: unit.name, date: day(summary.as_of) })),
    h('div', { class: 'cards' },
      figureCard({ id: 'wq-card-sources', label: t('wq.card.sources'), n: P.sources }),
      figureCard({ id: 'wq-card-chemical', label: t('wq.card.tested_chemical'), n: P.sources_tested_chemical, of: P.sources, accent: 'teal' }),
      figureCard({ id: 'wq-card-bacteriological', label: t('wq.card.tested_bacteriological'), n: P.sources_tested_bacteriological, of: P.sources, accent: 'teal' }),
      figureCard({ id: 'wq-card-failing', label: t('wq.card.failing'), n: P.failing, detail: t('wq.of_tested', { n: num(P.tested) }), accent: 'amber' }),
      figureCard({ id: 'wq-card-affected', label: t('wq.card.habitations_affected'), n: P.habitations_affected,
        detail: P.villages_affected === null ? null : t('wq.in_villages', { n: num(P.villages_affected) }), accent: 'amber' }),
      figureCard({ id: 'wq-card-alerts', label: t('wq.card.alerts_open'), n: P.alerts_open,
        detail: P.repeats_overdue ? t('wq.repeats_overdue_n', { n: num(P.repeats_overdue) }) : null })));

  const byContaminant = h('section', { id: 'wq-contaminants', class: 'panel', 'aria-labelledby': 'wq-contaminants-title' },
    h('h3', { id: 'wq-contaminants-title', class: 'section-title' }, t('wq.by_contaminant')),
    h('table', { id: 'wq-contaminants-table', class: 'data-table compact wq-narrow' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('wq.col.contaminant')),
        h('th', { scope: 'col', class: 'num' }, t('wq.col.samples_failing')),
        h('th', { scope: 'col', class: 'num' }, t('wq.col.habitations_affected')))),
      h('tbody', null, CONTAMINANTS.map((c) => h('tr', { dataset: { contaminant: c } },
        h('th', { scope: 'row' }, word('contaminant', c)),
        h('td', { class: 'num', 'data-label': t('wq.col.samples_failing'), dataset: { key: 'failing', value: String(P.failing_by[c] ?? 0) } }, num(P.failing_by[c] ?? 0)),
        h('td', { class: 'num', 'data-label': t('wq.col.habitations_affected'), dataset: { key: 'affected', value: String(P.affected_by[c] ?? 0) } }, num(P.affected_by[c] ?? 0)))))));

  const parts = [crumbs, asOfForm, head, byContaminant];
  if (data.village) parts.push(...paintVillage(data.village, data.standard));
  else parts.push(paintChildren(unit, summary, hrefFor));
  return parts;
}

function paintChildren(unit, summary, hrefFor) {
  const levels = t(`levels.${summary.level || unit.child_level || 'village'}`);
  const cell = (row, key, of) => {
    const v = row[key];
    const pct = of ? share(v, row[of]) : null;
    return h('td', { class: 'num', 'data-label': t(COLUMNS.find((c) => c[0] === key)[1]), dataset: { key, value: v === null ? '' : String(v) } },
      num(v), of && row[of] !== null ? h('span', { class: 'of' }, `/ ${num(row[of])}`) : null,
      pct === null ? null : h('small', { class: 'wq-pct' }, ` (${pct.toFixed(1)}%)`));
  };
  return h('section', { id: 'wq-children', class: 'panel', 'aria-labelledby': 'wq-children-title' },
    h('h3', { id: 'wq-children-title', class: 'section-title' }, t('wq.children_title', { levels, name: unit.name })),
    summary.rows.length === 0 ? h('p', { class: 'muted' }, t('wq.no_children'))
      : h('table', { id: 'wq-children-table', class: 'data-table wq-stack' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('table.name')),
          COLUMNS.map(([, label]) => h('th', { scope: 'col', class: 'num' }, t(label))))),
        h('tbody', null, summary.rows.map((row) => h('tr', { dataset: { code: row.code } },
          h('th', { scope: 'row' }, h('a', { class: 'drill', href: hrefFor(row.code), dataset: { code: row.code } }, row.name)),
          COLUMNS.map(([key, , of]) => cell(row, key, of)))))));
}

// ---- A village -------------------------------------------------------------

function resultsTable(latest, standard) {
  return h('table', { class: 'data-table compact wq-stack wq-results' },
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t('wq.col.parameter')),
      h('th', { scope: 'col', class: 'num' }, t('wq.col.value')),
      h('th', { scope: 'col' }, t('wq.col.grade')),
      h('th', { scope: 'col' }, t('wq.col.limit')))),
    h('tbody', null, latest.results.map((r) => {
      const p = standard?.byCode.get(r.parameter);
      return h('tr', { dataset: { parameter: r.parameter, grade: r.grade || '' } },
        h('th', { scope: 'row' }, paramLabel(p, r.parameter)),
        h('td', { class: 'num', 'data-label': t('wq.col.value') }, resultValue(r, p?.limit?.unit)),
        h('td', { 'data-label': t('wq.col.grade') }, gradeTag(r.grade, { reason: r.reason_code })),
        h('td', { class: 'wq-limit', 'data-label': t('wq.col.limit') }, p?.limit ? limitText(p.limit) : '—'));
    })));
}

function latestBlock(x, standard) {
  const latest = latestOf(x);
  if (!latest || !latest.results.length) return h('p', { class: 'muted' }, t('wq.not_tested'));
  return h('div', { class: 'wq-latest', dataset: { sample: latest.code, failing: String(latest.failing) } },
    latest.failing === null ? null : h('p', { class: 'wq-tags' },
      latest.failing ? tag(t('wq.latest_failing'), 'off') : tag(t('wq.latest_passing'), 'on')),
    facts([
      [t('wq.sample'), latest.code],
      [t('wq.method'), word('method', latest.method)],
      [t('wq.collected_on'), day(latest.collected_on)],
      [t('wq.reported_on'), latest.tested_on ? day(latest.tested_on) : null],
      [t('wq.collected_by'), latest.collected_by],
      [t('wq.tested_by'), latest.tested_by],
    ], 'wq-latest-facts'),
    resultsTable(latest, standard));
}

function sourceCard(s, standard) {
  const hab = refOf(s, 'habitation');
  return h('article', { class: 'panel wq-source', dataset: { source: s.code || '' } },
    h('h4', { class: 'wq-source-title' }, s.name ? `${s.name} (${s.code})` : s.code,
      ' ', tag(word('source_type', s.type))),
    facts([
      [t('wq.habitation'), hab?.name || null],
      [t('wq.scheme'), s.scheme || null],
      [t('wq.alternate'), t(s.has_alternate ? 'wq.yes' : 'wq.no')],
    ]),
    latestBlock(s, standard));
}

function pointCard(p, standard) {
  const hab = refOf(p, 'habitation');
  return h('article', { class: 'panel wq-source wq-point', dataset: { point: String(p.id ?? '') } },
    h('h4', { class: 'wq-source-title' }, word('point_kind', p.kind), p.description ? ` · ${p.description}` : ''),
    hab ? facts([[t('wq.habitation'), hab.name]]) : null,
    latestBlock(p, standard));
}

function paintVillage(v, standard) {
  const sources = Array.isArray(v.sources) ? v.sources : [];
  const points = Array.isArray(v.points) ? v.points : (Array.isArray(v.sampling_points) ? v.sampling_points : []);
  const affected = Array.isArray(v.affected) ? v.affected
    : (Array.isArray(v.affected_habitations) ? v.affected_habitations : []);
  const alerts = [v.alerts_open, v.alerts].find(Array.isArray) || [];
  const out = [];
  out.push(h('section', { id: 'wq-affected', class: 'panel', 'aria-labelledby': 'wq-affected-title' },
    h('h3', { id: 'wq-affected-title', class: 'section-title' }, t('wq.affected_title')),
    affected.length === 0 ? h('p', { class: 'muted', id: 'wq-affected-none' }, t('wq.affected_none'))
      : h('ul', { id: 'wq-affected-list', class: 'wq-list' }, affected.map((a) => {
        const hab = refOf(a, 'habitation') || { code: a.code || '', name: a.name || a.code || '' };
        const cs = Array.isArray(a.contaminants) ? a.contaminants : (a.contaminant ? [a.contaminant] : []);
        return h('li', { dataset: { habitation: hab.code } }, h('strong', null, hab.name), ': ',
          cs.map((c) => word('contaminant', c)).join(', '));
      }))));
  if (alerts.length) {
    out.push(h('section', { id: 'wq-village-alerts', class: 'panel', 'aria-labelledby': 'wq-village-alerts-title' },
      h('h3', { id: 'wq-village-alerts-title', class: 'section-title' }, t('wq.village_alerts')),
      h('ul', { class: 'wq-list' }, alerts.map((a) => h('li', { dataset: { alert: String(a.id ?? '') } },
        word('contaminant', a.contaminant), ' · ', t('wq.opened_on', { date: day(a.opened_on) }),
        a.unconfirmed ? [' ', tag(t('wq.unconfirmed'), 'warn')] : null)))));
  }
  out.push(h('section', { id: 'wq-sources', class: 'wq-sources', 'aria-labelledby': 'wq-sources-title' },
    h('h3', { id: 'wq-sources-title', class: 'section-title' }, t('wq.sources_title')),
    sources.length === 0 ? h('p', { class: 'muted' }, t('wq.no_sources')) : sources.map((s) => sourceCard(s, standard))));
  if (points.length) {
    out.push(h('section', { id: 'wq-points', class: 'wq-sources', 'aria-labelledby': 'wq-points-title' },
      h('h3', { id: 'wq-points-title', class: 'section-title' }, t('wq.points_title')),
      points.map((p) => pointCard(p, standard))));
  }
  // Samples taken neither at a registered source nor at a sampling point.
  const others = Array.isArray(v.other_samples) ? v.other_samples : [];
  if (others.length) {
    out.push(h('section', { id: 'wq-others', class: 'wq-sources', 'aria-labelledby': 'wq-others-title' },
      h('h3', { id: 'wq-others-title', class: 'section-title' }, t('wq.others_title')),
      others.map((x) => pointCard({ kind: x.point_kind, latest: x }, standard))));
  }
  return out;
}
