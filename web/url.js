// The page's state lives in the query string so every view can be shared
// and restored:
//   /?unit=D532&as_of=2024-01-01&lang=hi&sort=pct&dir=desc   the dashboard
//   /?view=audit&unit=D532&user=dist.officer&from=2024-06-01 the audit trail
//   /?view=users                                             user management
//   /?view=crosswalk                                         importing a villages file
//   /?view=quality&unit=D532&as_of=2025-01-01&tab=alerts     water quality (quality/model.js)
//   /?view=supply&unit=D532&as_of=2025-01-01&tab=queue       water supply, Har Ghar Jal (supply/model.js)
//   /?view=complaint&ref=JJM-…&secret=…                      a complaint: the form, following it (operations/model.js)
//   /?view=operations&tab=queue&place=B123                   a committee, the complaint queue, by place
//   /?view=reports&unit=S36&as_of=2024-03-31&report=j17       the J-formats (reports/view.js)

import { readQuality, qualityParams } from './quality/model.js';
import { readSupply, supplyParams } from './supply/model.js';
import { readOps, opsParams } from './operations/model.js';

export const NATION = 'IN';
export const VIEWS = Object.freeze(['dashboard', 'audit', 'users', 'crosswalk', 'quality', 'supply', 'complaint', 'operations', 'reports']);
export const SORT_KEYS = Object.freeze([
  'name', 'total_hh', 'hh_with_tap', 'pct', 'villages', 'hgj_villages',
  'schools_with_tap', 'anganwadis_with_tap',
]);
// The audit trail's filters, in the order they appear in a URL.  `unit` is
// the place whose entries (and those of everything under it) are shown.
export const AUDIT_FILTERS = Object.freeze(['unit', 'user', 'action', 'entity', 'from', 'to']);

export function emptyFilters() {
  return Object.fromEntries(AUDIT_FILTERS.map((k) => [k, '']));
}

// -> {view, unit, asOf, lang, sort, dir, filters}; lang is null when the
// URL has none.  On the audit view `unit` in the URL is the audit filter,
// and the dashboard's unit stays at India.
export function readState(search = window.location.search) {
  const q = new URLSearchParams(search);
  const view = VIEWS.includes(q.get('view')) ? q.get('view') : 'dashboard';
  const sort = q.get('sort');
  const dir = q.get('dir');
  const filters = emptyFilters();
  if (view === 'audit') {
    // Kept as typed: the server checks them and says what is wrong.
    for (const k of AUDIT_FILTERS) filters[k] = (q.get(k) || '').trim();
  }
  // The quality and supply views have a place and a date too.
  const placed = view === 'dashboard' || view === 'quality' || view === 'supply' || view === 'reports';
  return {
    view,
    unit: placed ? (q.get('unit') || '').trim() || NATION : NATION,
    asOf: placed ? (q.get('as_of') || '').trim() : '',
    lang: q.get('lang') || null,
    sort: view === 'dashboard' && SORT_KEYS.includes(sort) ? sort : null,
    dir: dir === 'desc' ? 'desc' : 'asc',
    filters,
    quality: readQuality(view === 'quality' ? q : new URLSearchParams()),
    supply: readSupply(view === 'supply' ? q : new URLSearchParams()),
    ops: readOps(view === 'complaint' || view === 'operations' ? q : new URLSearchParams()),
    report: view === 'reports' && /^[a-z][a-z0-9]{0,15}$/.test(q.get('report') || '') ? q.get('report') : '',
  };
}

// The URL for `state`, leaving out what is at its default so that the
// national view is plain "/".
export function toUrl(state) {
  const q = new URLSearchParams();
  const view = VIEWS.includes(state.view) ? state.view : 'dashboard';
  if (view === 'quality' || view === 'supply' || view === 'reports') {
    q.set('view', view);
    if (state.unit && state.unit !== NATION) q.set('unit', state.unit);
    if (state.asOf) q.set('as_of', state.asOf);
    if (view === 'reports') {
      if (state.report) q.set('report', state.report);
    } else {
      const own = view === 'quality' ? qualityParams(state.quality) : supplyParams(state.supply);
      for (const [k, v] of own) q.set(k, v);
    }
    if (state.lang) q.set('lang', state.lang);
  } else if (view !== 'dashboard') {
    q.set('view', view);
    if (view === 'complaint' || view === 'operations') {
      for (const [k, v] of opsParams(view, state.ops)) q.set(k, v);
    }
    if (view === 'audit') {
      for (const k of AUDIT_FILTERS) {
        const v = state.filters?.[k];
        if (v) q.set(k, v);
      }
    }
    if (state.lang) q.set('lang', state.lang);
  } else {
    if (state.unit && state.unit !== NATION) q.set('unit', state.unit);
    if (state.asOf) q.set('as_of', state.asOf);
    if (state.lang) q.set('lang', state.lang);
    if (state.sort) {
      q.set('sort', state.sort);
      q.set('dir', state.dir === 'desc' ? 'desc' : 'asc');
    }
  }
  const s = q.toString();
  return s ? `/?${s}` : '/';
}
