// The page: reads the view from the URL, loads it from the API, and draws
// it.  The dashboard has the headline, the village facts (with the
// connection entry form and recent ledger for those whose roles cover the
// village), the progress chart and the table of children; the audit trail
// and user management are views of their own (audit.js, users.js), and the
// Sector Partner programme's pages live at hash routes (/#/apply,
// /#/rounds/3, … see partners/model.js), drawn by partners/view.js.  The
// account bar (account.js) signs in and out.  Navigation is pushState +
// popstate, so every view has a URL that can be shared and the back button
// works.

import { api, getJson, ApiError } from './api.js';
import { errorMessage, fieldLabel } from './errors.js';
import { h, fill, $ } from './dom.js';
import {
  setLanguage, getLanguage, isLanguage, t, translateStatic, storedLanguage, storeLanguage,
} from './i18n.js';
import { formatIndian, formatShort, formatPct, formatDate, todayInIndia } from './format.js';
import { readState, toUrl, NATION, emptyFilters } from './url.js';
import { renderTable, tableForExport } from './table.js';
import { exportButtons } from './table_export.js';
import { renderTileMap, renderChoropleth, untiled, BAND_LABELS } from './map.js';
import { attachSearch } from './search.js';
import { loadSession, getSession, onSessionChange } from './session.js';
import { createAccountBar } from './account.js';
import { createEntry } from './entry.js';
import { createAuditView } from './audit.js';
import { createUsersView } from './users.js';
import { createCrosswalkView } from './crosswalk/view.js';
import { createQualityView } from './quality/view.js';
import { createSupplyView } from './supply/view.js';
import { createOperationsView } from './operations/view.js';
import { createReportsView } from './reports/view.js';
import { opsRoles } from './operations/model.js';
import { sup } from './supply/api.js';
import { statusTag } from './supply/ui.js';
import { readEstimate, formatShare } from './supply/model.js';
import { createProgrammeView } from './partners/view.js';
import { parseRoute, routeArea, routeHash, isNational, partnerIdsOf } from './partners/model.js';

const LAUNCH_DATE = '2019-08-15';
// Below this the spinner would only flicker.
const PROGRESS_DELAY_MS = 150;

// Loaded apart from the rest: if the chart library fails, the figures and
// the table still work.
const chartModule = import('./chart.js');
// Leaving the page while the chart still loads aborts the import: not a
// page error (the dashboard's own await still sees a real failure).
chartModule.catch(() => {});

const els = {
  body: document.body,
  main: $('#main'),
  progress: $('#progress'),
  status: $('#status'),
  dashboardView: $('#dashboard-view'),
  asOfControl: $('#as-of-control'),
  entrySection: $('#entry-section'),
  ledgerSection: $('#ledger-section'),
  ledgerTable: $('#ledger-table'),
  breadcrumbs: $('#breadcrumbs'),
  error: $('#error'),
  errorMessage: $('#error-message'),
  errorDetail: $('#error-detail'),
  errorRetry: $('#error-retry'),
  errorHome: $('#error-home'),
  headline: $('#headline'),
  headlineTitle: $('#headline-title'),
  cards: $('#headline-cards'),
  village: $('#village-facts'),
  villageBadge: $('#village-badge'),
  villageList: $('#village-list'),
  villageAsOf: $('#village-as-of'),
  chartSection: $('#chart-section'),
  chart: $('#chart'),
  chartMessage: $('#chart-message'),
  chartTable: $('#chart-table'),
  childrenSection: $('#children-section'),
  childrenTitle: $('#children-title'),
  childrenExport: $('#children-export'),
  table: $('#children-table'),
  asOf: $('#as-of'),
  asOfClear: $('#as-of-clear'),
  lang: $('#lang'),
  homeLink: $('#home-link'),
  footer: $('#footer-note'),
  supplyLink: $('#supply-link'),
  reportsLink: $('#reports-link'),
  moreChartsSection: $('#more-charts-section'),
  moreCharts: $('#more-charts'),
  mapSection: $('#map-section'),
  mapTitle: $('#map-title'),
  map: $('#map'),
  mapMeasure: $('#map-measure'),
  mapLegend: $('#map-legend'),
  mapMissing: $('#map-missing'),
  navReports: $('#nav-reports'),
  villageSupplyLink: $('#village-supply-link'),
  navSupply: $('#nav-supply'),
  navComplaint: $('#nav-complaint'),
  villageComplaintLink: $('#village-complaint-link'),
  villageCommitteeLink: $('#village-committee-link'),
  navOperations: $('#nav-operations'),
};

let state = readState();
let view = null;       // the last loaded dashboard view, redrawn on language change
let lastError = null;  // {error, code} while the error box is up
let loadSeq = 0;
let controller = null;
let progressTimer = 0;
let chart = null;
let moreCharts = null;

// Monthly series per unit; they do not depend on as_of.  Cleared after a
// connection is recorded.
const seriesCache = new Map();
// Official boundaries by parent code (GET /boundaries); they change only
// when the server restarts.
const boundaryCache = new Map();
const SERIES_CACHE_MAX = 30;

// The parts that are not the dashboard; made in start().
let account = null;
let entry = null;
let audit = null;
let users = null;
let crosswalk = null;
let quality = null;
let supply = null;
let operations = null;
let reports = null;
let programme = null;
// What was last drawn (path, query and programme route), so that a
// popstate or hashchange for the same address (a "#main" skip link) does
// not load it again.
let loadedKey = null;

// ---- Loading ------------------------------------------------------------

function setBusy(busy, outcome) {
  clearTimeout(progressTimer);
  els.main.setAttribute('aria-busy', String(busy));
  if (busy) {
    els.body.dataset.state = 'loading';
    els.status.textContent = t('status.loading');
    progressTimer = setTimeout(() => { els.progress.hidden = false; }, PROGRESS_DELAY_MS);
  } else {
    els.progress.hidden = true;
    els.body.dataset.state = outcome;
  }
}

async function loadSeries(code, signal) {
  if (seriesCache.has(code)) return { points: seriesCache.get(code) };
  try {
    const body = await api.timeseries({ unit: code, interval: 'month' }, { signal });
    const points = Array.isArray(body.points) ? body.points : [];
    if (seriesCache.size >= SERIES_CACHE_MAX) seriesCache.delete(seriesCache.keys().next().value);
    seriesCache.set(code, points);
    return { points };
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    return { error: e };
  }
}

// Har Ghar Jal reported and certified with the latest survey's "fully
// functional" share (GET /hgj/headline) for a place, or a village's status
// (GET /hgj/villages/{code}); null when they cannot be read, and the
// headline goes without them.
async function loadHgj(unit, asOf, signal) {
  try {
    return unit.level === 'village'
      ? await sup.hgjVillage(unit.code, { asOf }, { signal })
      : await sup.headline({ place: unit.code, asOf }, { signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    return null;
  }
}

// A village has no children; its own figures come as the `total` of
// coverage?parent=<village>.  If the server refuses that, take the
// village's row from its parent's table instead.
async function villageCoverage(unit, ownCoverage, asOf, signal) {
  try {
    const c = await ownCoverage;
    if (c && c.total) return c;
  } catch (e) {
    if (e.name === 'AbortError' || !(e instanceof ApiError) || e.status === 0) throw e;
  }
  if (!unit.parent) throw new ApiError(404, 'not_found', `no coverage for ${unit.code}`);
  const c = await api.coverage({ parent: unit.parent.code, level: 'village', asOf }, { signal });
  const row = (c.rows || []).find((r) => r.code === unit.code);
  if (!row) throw new ApiError(404, 'not_found', `no coverage for ${unit.code}`);
  return { as_of: c.as_of, level: null, parent: unit, rows: [], total: row };
}

// The programme page the address names (#/apply, #/rounds/3, …), or null.
function currentRoute() {
  return parseRoute(window.location.hash);
}

function locationKey() {
  const route = currentRoute();
  return window.location.pathname + window.location.search + (route ? window.location.hash : '');
}

// Shows the view the state names and hides the others.
function showView(name) {
  els.body.dataset.view = name;
  els.dashboardView.hidden = name !== 'dashboard';
  els.asOfControl.hidden = name !== 'dashboard';
  if (name !== 'audit') audit.hide();
  if (name !== 'users') users.hide();
  if (name !== 'crosswalk') crosswalk.hide();
  if (name !== 'quality') quality.hide();
  if (name !== 'supply') supply.hide();
  if (name !== 'complaint' && name !== 'operations') operations.hide();
  if (name !== 'reports') reports.hide();
  if (name !== 'programme') programme.hide();
  paintNav();
}

function load(opts = {}) {
  loadedKey = locationKey();
  if (currentRoute()) {
    showView('programme');
    return loadProgramme(opts);
  }
  showView(state.view);
  if (state.view !== 'dashboard') return loadOther(opts);
  return loadDashboard(opts);
}

// A page of the Sector Partner programme.
async function loadProgramme({ focus = false } = {}) {
  const seq = ++loadSeq;
  controller?.abort();
  controller = null;
  view = null;
  lastError = null;
  delete els.body.dataset.unit;
  delete els.body.dataset.level;
  setBusy(true);
  const outcome = await programme.show(currentRoute(), getSession());
  if (seq !== loadSeq || outcome === null) return;
  setBusy(false, outcome);
  const title = programme.title();
  document.title = t('app.page_title', { name: title });
  els.status.textContent = t('status.loaded', { name: title });
  if (focus) programme.focus();
}

// Goes to a programme page (`hash` like "#/plans/5"), keeping the language.
function goRoute(hash, { replace = false } = {}) {
  const url = window.location.pathname + window.location.search + hash;
  window.history[replace ? 'replaceState' : 'pushState'](null, '', url);
  load({ focus: true });
}

// The title of the audit trail, user management, the import page or water
// quality.
function otherTitle() {
  if (state.view === 'complaint' || state.view === 'operations') return operations.title(state);
  return t({
    audit: 'audit.title', users: 'users.title', crosswalk: 'cw.title', quality: 'wq.title', supply: 'sup.title', reports: 'rep.title',
  }[state.view]);
}

// The audit trail, user management, the import page or water quality.
async function loadOther({ focus = false } = {}) {
  const seq = ++loadSeq;
  controller?.abort();
  controller = null;
  view = null;
  lastError = null;
  delete els.body.dataset.unit;
  delete els.body.dataset.level;
  const part = { audit, users, crosswalk, quality, supply, complaint: operations, operations, reports }[state.view];
  const title = otherTitle();
  document.title = t('app.page_title', { name: title });
  setBusy(true);
  let shown;
  if (state.view === 'audit') shown = audit.show(state.filters, getSession());
  else if (state.view === 'quality') shown = quality.show(state, getSession());
  else if (state.view === 'supply') shown = supply.show(state, getSession());
  else if (state.view === 'reports') shown = reports.show(state, getSession());
  else if (state.view === 'complaint' || state.view === 'operations') shown = operations.show(state, getSession());
  else shown = part.show(getSession());
  const outcome = await shown;
  if (seq !== loadSeq || outcome === null) return;
  setBusy(false, outcome);
  els.status.textContent = t('status.loaded', { name: title });
  if (focus) part.focus();
}

async function loadDashboard({ focus = false } = {}) {
  const seq = ++loadSeq;
  controller?.abort();
  controller = new AbortController();
  const { signal } = controller;
  const s = state;
  setBusy(true);
  els.asOf.value = s.asOf;
  els.asOfClear.disabled = !s.asOf;
  try {
    // All three at once; the unit decides how the rest is read.
    const unitP = api.unit(s.unit, { signal });
    const coverageP = api.coverage({ parent: s.unit, asOf: s.asOf }, { signal });
    const seriesP = loadSeries(s.unit, signal);
    // The map does without boundaries if they fail to load.
    const boundsP = loadBoundaries(s.unit, signal).catch(() => null);
    coverageP.catch(() => {}); // handled below; avoids an "unhandled" report
    seriesP.catch(() => {});

    let unit;
    try {
      unit = await unitP;
    } catch (e) {
      e.source = 'unit';
      throw e;
    }
    const hgjP = loadHgj(unit, s.asOf, signal);
    const coverage = unit.level === 'village'
      ? await villageCoverage(unit, coverageP, s.asOf, signal)
      : await coverageP;
    const series = await seriesP;
    const hgj = await hgjP;
    const bounds = await boundsP;
    if (seq !== loadSeq) return;

    view = { unit, coverage, series, hgj, bounds };
    lastError = null;
    paint();
    setBusy(false, 'ready');
    els.status.textContent = t('status.loaded', { name: unit.name });
    if (focus) els.headlineTitle.focus();
  } catch (e) {
    if (e.name === 'AbortError' || seq !== loadSeq) return;
    view = null;
    lastError = { error: e, code: s.unit };
    paintError();
    setBusy(false, 'error');
    if (!(e instanceof ApiError)) console.error(e);
  }
}

// ---- Navigation ---------------------------------------------------------

function hrefFor(code) {
  return toUrl({ ...state, view: 'dashboard', unit: code });
}

function auditHref(filters) {
  return toUrl({ ...state, view: 'audit', filters: { ...emptyFilters(), ...filters } });
}

function paintNav() {
  const lang = state.lang;
  const home = toUrl({ view: 'dashboard', unit: NATION, lang });
  const session = getSession();
  const own = partnerIdsOf(session);
  const route = currentRoute();
  account.paintNav(route ? 'programme' : state.view, {
    dashboard: home,
    audit: toUrl({ view: 'audit', filters: emptyFilters(), lang }),
    users: toUrl({ view: 'users', lang }),
    crosswalk: toUrl({ view: 'crosswalk', lang }),
    // Water quality of the place on view.
    quality: toUrl({ view: 'quality', unit: route ? NATION : state.unit, lang }),
    apply: home + routeHash('apply'),
    screening: home + routeHash('rounds'),
    partners: home + (!isNational(session) && own.length === 1
      ? routeHash('partner', { id: own[0] }) : routeHash('partners')),
    mission: home + routeHash('mission'),
  }, routeArea(route));
  // Water supply (Har Ghar Jal) of the place on view.
  els.navSupply.href = toUrl({ view: 'supply', unit: route ? NATION : state.unit, lang });
  if (!route && state.view === 'supply') els.navSupply.setAttribute('aria-current', 'page');
  else els.navSupply.removeAttribute('aria-current');
  // Reports of the place on view.
  els.navReports.href = toUrl({ view: 'reports', unit: route ? NATION : state.unit, lang });
  if (!route && state.view === 'reports') els.navReports.setAttribute('aria-current', 'page');
  else els.navReports.removeAttribute('aria-current');
  // Complaints and committees: the public form, and the pages by place.
  els.navComplaint.href = toUrl({ view: 'complaint', lang });
  // (a committee's operator: its page; an officer: the queue; else by place)
  const mine = opsRoles(getSession());
  els.navOperations.href = toUrl({
    view: 'operations', lang, ops: { tab: mine.villages.length ? 'committee' : mine.officer ? 'queue' : 'place' },
  });
  for (const [el, v] of [[els.navComplaint, 'complaint'], [els.navOperations, 'operations']]) {
    if (!route && state.view === v) el.setAttribute('aria-current', 'page');
    else el.removeAttribute('aria-current');
  }
}

function navigate(patch, { replace = false, focus = true } = {}) {
  state = { ...state, ...patch };
  const url = toUrl(state);
  // (From a programme page the hash goes too.)
  if (url !== window.location.pathname + window.location.search + window.location.hash) {
    window.history[replace ? 'replaceState' : 'pushState'](null, '', url);
  }
  load({ focus });
}

// Every link to a view of this page (table names, breadcrumbs, the home
// link) is followed in place; modified clicks still open a new tab.
function onDocumentClick(e) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  // "#main" (the skip link) on a programme page: move there without
  // changing the hash, which names the page.
  const href = a.getAttribute('href');
  if (href.startsWith('#') && !parseRoute(href) && currentRoute()) {
    const target = href.length > 1 ? document.getElementById(href.slice(1)) : null;
    if (target) {
      e.preventDefault();
      target.focus();
      target.scrollIntoView();
    }
    return;
  }
  if (a.origin !== window.location.origin || a.pathname !== '/') return;
  // A programme page ("#/plans/5", or "/?lang=hi#/apply" from the account bar).
  if (parseRoute(a.hash)) {
    e.preventDefault();
    const here = a.getAttribute('href').startsWith('#') ? window.location.search : a.search;
    const url = `/${here}${a.hash}`;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.pushState(null, '', url);
    }
    state = readState();
    load({ focus: true });
    return;
  }
  if (a.getAttribute('href').startsWith('#')) return;
  e.preventDefault();
  const next = readState(a.search);
  navigate({ ...next, lang: next.lang || state.lang });
}

async function onPopState() {
  // The same address again: a "#main" skip link, or a hash set by a page.
  if (locationKey() === loadedKey) return;
  state = readState();
  const lang = effectiveLanguage();
  if (lang !== getLanguage()) await switchLanguage(lang, { remember: false });
  load();
}

// A connection was recorded: the figures (and their history) changed.
function onRecorded() {
  seriesCache.clear();
  load({ focus: false });
}

function onSort(key) {
  const dir = state.sort === key && state.dir === 'asc' ? 'desc' : 'asc';
  state = { ...state, sort: key, dir };
  // Sorting is not a new place: replace, so Back still leaves the view.
  window.history.replaceState(null, '', toUrl(state));
  if (view) paintTable();
}

// ---- Language -----------------------------------------------------------

function effectiveLanguage() {
  if (isLanguage(state.lang)) return state.lang;
  const stored = storedLanguage();
  if (stored) return stored;
  const preferred = (navigator.languages || []).find((l) => /^(en|hi)\b/i.test(l));
  return preferred ? preferred.slice(0, 2).toLowerCase() : 'en';
}

async function switchLanguage(lang, { remember }) {
  try {
    await setLanguage(lang);
  } catch (e) {
    // The catalogue did not load: English text from the HTML stays.
    console.error(e);
  }
  if (remember) storeLanguage(getLanguage());
  els.lang.value = getLanguage();
  translateStatic();
  els.footer.textContent = t('app.footer', { date: formatDate(LAUNCH_DATE, getLanguage()) });
  account?.repaint();
  audit?.repaint();
  users?.repaint();
  crosswalk?.repaint();
  quality?.repaint();
  supply?.repaint();
  operations?.repaint();
  reports?.repaint();
}

async function onLanguageChange() {
  const lang = els.lang.value;
  state = { ...state, lang };
  const route = currentRoute();
  window.history.replaceState(null, '', toUrl(state) + (route ? window.location.hash : ''));
  loadedKey = locationKey();
  await switchLanguage(lang, { remember: true });
  paintNav();
  if (route) {
    // Drawn again from the server in the new language.
    load({ focus: false });
  } else if (state.view !== 'dashboard') {
    document.title = t('app.page_title', { name: otherTitle() });
  } else if (view) paint();
  else if (lastError) paintError();
}

// ---- Drawing ------------------------------------------------------------

function unitWords() {
  return { crore: t('unit.crore'), lakh: t('unit.lakh') };
}

function paintBreadcrumbs(unit) {
  const trail = (Array.isArray(unit.path) ? unit.path : []).filter((p) => p.code !== unit.code);
  const items = trail.map((p) => h('li', null, h('a', { href: hrefFor(p.code), dataset: { code: p.code } }, p.name)));
  items.push(h('li', null,
    h('a', { href: hrefFor(unit.code), 'aria-current': 'page', dataset: { code: unit.code } }, unit.name)));
  fill(els.breadcrumbs, h('ol', null, items));
}

function card({ id, label, value, detail, raw, accent, bar }) {
  const barEl = bar === undefined ? null : (() => {
    const fillEl = h('span', { class: 'bar-fill' });
    fillEl.style.width = `${Math.max(0, Math.min(100, Number(bar) || 0))}%`;
    return h('div', { class: 'bar', 'aria-hidden': 'true' }, fillEl);
  })();
  return h('article', {
    class: `card${accent ? ` accent-${accent}` : ''}`,
    id,
    dataset: raw === undefined || raw === null ? null : { value: String(raw) },
  },
  h('h3', { class: 'card-label' }, label),
  h('p', { class: 'card-value' }, value),
  barEl,
  detail ? h('p', { class: `card-detail${detail.exact ? ' exact' : ''}` }, detail.text) : null);
}

function paceCard(total, lang) {
  const base = { id: 'headline-pace', label: t('headline.pace'), accent: 'amber' };
  const remaining = total.remaining ?? (total.total_hh - total.hh_with_tap);
  if (remaining <= 0 && total.total_hh > 0) {
    return card({ ...base, value: '0', raw: 0, detail: { text: t('headline.pace_done') } });
  }
  if (typeof total.hh_per_day_needed === 'number') {
    // Fewer than one a day (19 households over years): not "0", but less
    // than one a day and how many a month.
    const exact = total.days_to_target > 0 ? remaining / total.days_to_target : total.hh_per_day_needed;
    if (remaining > 0 && exact < 1) {
      return card({
        ...base,
        value: t('headline.pace_under_one'),
        raw: exact,
        detail: {
          text: t('headline.pace_month_detail', {
            n: formatIndian(Math.ceil(exact * 30)),
            date: formatDate(total.target_date, lang),
            days: formatIndian(total.days_to_target),
          }),
        },
      });
    }
    // Whole households, rounded up: the pace that is at least enough.
    const perDay = Math.ceil(exact);
    return card({
      ...base,
      value: formatIndian(perDay),
      raw: perDay,
      detail: {
        text: t('headline.pace_detail', {
          date: formatDate(total.target_date, lang),
          days: formatIndian(total.days_to_target),
        }),
      },
    });
  }
  if (total.target_date) {
    return card({ ...base, value: '—', detail: { text: t('headline.pace_passed', { date: formatDate(total.target_date, lang) }) } });
  }
  return card({ ...base, value: '—', detail: { text: t('headline.pace_none') } });
}

// The full figure under a short one ("19.36 crore" over "19,36,00,000"),
// unless the short form is already the full figure.
function exactDetail(n) {
  const full = formatIndian(n);
  return full === formatShort(n, unitWords()) ? null : { text: full, exact: true };
}

// The Har Ghar Jal cards beside coverage: villages reported and certified
// (with the gap), or a village's status.
function hgjCards(unit, hgj) {
  if (!hgj) return [];
  if (unit.level === 'village') {
    const status = hgj.status || 'in_progress';
    return [card({
      id: 'headline-hgj-status', label: t('headline.hgj_status'), value: statusTag(status), raw: status,
      accent: status === 'certified' ? 'teal' : null,
      detail: hgj.since ? { text: t('sup.since', { date: formatDate(hgj.since, getLanguage()) }) } : null,
    })];
  }
  const T = hgj.hgj || hgj.totals || {};
  const gap = typeof T.gap === 'number' ? T.gap : (T.reported ?? 0) - (T.certified ?? 0);
  const f = hgj.functionality;
  const ff = readEstimate(f?.estimates?.fully_functional);
  return [
    card({
      id: 'headline-hgj-reported', label: t('headline.hgj_reported'), value: formatIndian(T.reported), raw: T.reported,
      accent: 'teal', detail: { text: t('headline.of', { n: formatIndian(T.villages) }) },
    }),
    card({
      id: 'headline-hgj-certified', label: t('headline.hgj_certified'), value: formatIndian(T.certified), raw: T.certified,
      accent: 'teal', detail: { text: t('headline.hgj_gap', { n: formatIndian(gap) }) },
    }),
    card({
      id: 'headline-functional', label: t('headline.functional'), value: ff ? formatShare(ff.share) : '—',
      raw: ff ? ff.share : null, accent: 'teal', bar: ff ? 100 * ff.share : undefined,
      detail: {
        text: ff ? t('headline.functional_detail', { low: formatShare(ff.low), high: formatShare(ff.high), round: f.round.name })
          : t('headline.functional_none'),
      },
    }),
  ];
}

function paintHeadline(unit, coverage, hgj = null) {
  const lang = getLanguage();
  // A village's HGJ status, schools and anganwadis are in its facts panel.
  const isVillage = unit.level === 'village';
  const T = coverage.total || {};
  const words = unitWords();
  const remaining = T.remaining ?? (T.total_hh - T.hh_with_tap);
  els.headlineTitle.textContent = t('headline.title', {
    name: unit.name,
    date: formatDate(coverage.as_of, lang),
  });
  els.headline.dataset.asOf = coverage.as_of || '';
  fill(els.cards,
    card({
      id: 'headline-hh',
      label: t('headline.hh'),
      value: formatShort(T.total_hh, words),
      raw: T.total_hh,
      detail: exactDetail(T.total_hh),
    }),
    card({
      id: 'headline-tap',
      label: t('headline.tap'),
      value: formatShort(T.hh_with_tap, words),
      raw: T.hh_with_tap,
      accent: 'teal',
      detail: exactDetail(T.hh_with_tap),
    }),
    card({
      id: 'headline-pct',
      label: t('headline.pct'),
      value: formatPct(T.pct),
      raw: T.pct,
      accent: 'teal',
      bar: T.pct,
      detail: Number.isFinite(remaining)
        ? { text: t('headline.pct_detail', { n: formatIndian(remaining) }) } : null,
    }),
    hgjCards(unit, hgj),
    card({
      id: 'headline-since',
      label: t('headline.since'),
      value: formatShort(T.connections_since_launch, words),
      raw: T.connections_since_launch,
      detail: { text: t('headline.since_detail', { date: formatDate(LAUNCH_DATE, lang) }) },
    }),
    isVillage ? null : card({
      id: 'headline-hgj',
      label: t('headline.hgj'),
      value: formatIndian(T.hgj_villages),
      raw: T.hgj_villages,
      detail: { text: t('headline.of', { n: formatIndian(T.villages) }) },
    }),
    isVillage ? null : card({
      id: 'headline-schools',
      label: t('headline.schools'),
      value: formatIndian(T.schools_with_tap),
      raw: T.schools_with_tap,
      detail: { text: t('headline.of', { n: formatIndian(T.schools) }) },
    }),
    isVillage ? null : card({
      id: 'headline-anganwadis',
      label: t('headline.anganwadis'),
      value: formatIndian(T.anganwadis_with_tap),
      raw: T.anganwadis_with_tap,
      detail: { text: t('headline.of', { n: formatIndian(T.anganwadis) }) },
    }),
    paceCard(T, lang));
  els.headline.hidden = false;
}

function fact(label, value, note) {
  return h('div', null, h('dt', null, label), h('dd', null, value, note ? h('small', null, note) : null));
}

function paintVillage(unit, coverage) {
  const lang = getLanguage();
  const F = unit.facts || {};
  const T = coverage.total || {};
  const nr = t('village.not_reported');
  const num = (v) => (v === null || v === undefined ? nr : formatIndian(v));
  const households = F.households ?? T.total_hh;
  const pops = [F.sc_population, F.st_population, F.general_population];
  const population = pops.some((p) => typeof p === 'number')
    ? pops.reduce((a, p) => a + (p || 0), 0) : null;
  const withTapOf = (w, n) => (n === null || n === undefined ? null
    : t('village.with_tap_of', { with: num(w), total: num(n) }));

  const isHgj = T.hgj_villages > 0 || (T.total_hh > 0 && T.hh_with_tap >= T.total_hh);
  els.villageBadge.textContent = isHgj ? t('village.hgj') : t('village.not_hgj');
  els.villageBadge.classList.toggle('is-hgj', isHgj);

  fill(els.villageList,
    fact(t('village.households'), num(households)),
    fact(t('village.with_tap'), num(T.hh_with_tap)),
    fact(t('village.pct'), formatPct(T.pct)),
    fact(t('village.habitations'), num(F.habitations)),
    fact(t('village.schools'), num(F.schools), withTapOf(F.schools_with_tap ?? T.schools_with_tap, F.schools)),
    fact(t('village.anganwadis'), num(F.anganwadis),
      withTapOf(F.anganwadis_with_tap ?? T.anganwadis_with_tap, F.anganwadis)),
    fact(t('village.population'), num(population), population === null ? null
      : t('village.population_detail', {
        sc: num(F.sc_population), st: num(F.st_population), general: num(F.general_population),
      })),
    fact(t('village.lpcd'),
      F.service_lpcd === null || F.service_lpcd === undefined ? nr
        : t('village.lpcd_value', { n: formatIndian(F.service_lpcd, Number.isInteger(F.service_lpcd) ? 0 : 1) }),
      t('village.lpcd_hint')));
  els.villageAsOf.textContent = F.as_of ? t('village.facts_as_of', { date: formatDate(F.as_of, lang) }) : '';
  els.village.hidden = false;
}

function paintTable() {
  const { unit, coverage } = view;
  const rows = Array.isArray(coverage.rows) ? coverage.rows : [];
  const childLevel = coverage.level || unit.child_level || rows[0]?.level || 'village';
  const levels = t(`levels.${childLevel}`);
  els.childrenTitle.textContent = t('table.title', { levels, name: unit.name });
  renderTable(els.table, {
    rows,
    total: coverage.total,
    parent: unit,
    levels,
    asOfLabel: formatDate(coverage.as_of, getLanguage()),
  }, { sort: state.sort, dir: state.dir }, { sort: onSort, href: hrefFor });
  if (!els.childrenExport.firstChild) els.childrenExport.append(exportButtons('children-export-buttons', childrenForExport));
  els.childrenSection.hidden = false;
}

async function loadBoundaries(code, signal) {
  if (boundaryCache.has(code)) return boundaryCache.get(code);
  const b = await getJson('/boundaries', { parent: code }, { signal });
  if (boundaryCache.size > 50) boundaryCache.clear();
  boundaryCache.set(code, b);
  return b;
}

// The map: official boundaries where the server has them for the level
// below, else at the national level the tile grid of states.
function paintMap() {
  const { unit, coverage, bounds } = view;
  const rows = Array.isArray(coverage.rows) ? coverage.rows : [];
  const choropleth = unit.level !== 'village' && bounds?.available && bounds.features?.length > 0;
  if (!choropleth && unit.level !== 'nation') {
    els.mapSection.hidden = true;
    return;
  }
  const measure = els.mapMeasure.value || 'pct';
  const measureName = els.mapMeasure.selectedOptions[0]?.textContent || '';
  const childLevel = coverage.level || unit.child_level || 'state';
  els.mapTitle.textContent = t('map.title', { levels: t(`levels.${childLevel}`), name: unit.name });
  const ctx = {
    measure,
    hrefFor,
    go: (code) => navigate({ view: 'dashboard', unit: code }),
    label: (row, v) => t('map.label', {
      name: row.name, measure: measureName, value: v === null ? t('map.no_value') : formatPct(v),
    }),
    noData: (name) => t('map.no_data', { name }),
  };
  let missing = [];
  if (choropleth) {
    renderChoropleth(els.map, bounds.features, rows, ctx);
    missing = (bounds.missing || []).map((m) => m.name);
  } else {
    renderTileMap(els.map, rows, ctx);
    missing = untiled(rows).map((r) => r.name);
  }
  els.map.dataset.kind = choropleth ? 'choropleth' : 'tiles';
  fill(els.mapLegend,
    BAND_LABELS.map((label, i) => h('li', null, h('span', { class: `swatch band-${i}`, 'aria-hidden': 'true' }), label)),
    h('li', null, h('span', { class: 'swatch band-none', 'aria-hidden': 'true' }), t('map.legend_none')));
  els.mapMissing.hidden = missing.length === 0;
  els.mapMissing.textContent = missing.length
    ? t(choropleth ? 'map.missing' : 'map.untiled', { n: missing.length, names: missing.join(', ') }) : '';
  els.mapSection.hidden = false;
}

// The table of places as drawn, with its place and date, for download.
function childrenForExport() {
  const { unit, coverage } = view;
  const rows = Array.isArray(coverage.rows) ? coverage.rows : [];
  const childLevel = coverage.level || unit.child_level || rows[0]?.level || 'village';
  const table = tableForExport({ rows, total: coverage.total, parent: unit }, { sort: state.sort, dir: state.dir });
  const path = (Array.isArray(unit.path) ? unit.path : []).map((p) => p.name);
  if (!path.length || path.at(-1) !== unit.name) path.push(unit.name);
  return {
    name: `coverage-${unit.code}`.toLowerCase().replace(/[^a-z0-9_-]/g, '_'),
    title: t('table.title', { levels: t(`levels.${childLevel}`), name: unit.name }),
    head: [
      { label: t('export.place'), value: `${path.join(' › ')} (${unit.code})` },
      { label: t('export.as_of'), value: coverage.as_of || state.asOf || t('export.latest') },
    ],
    ...table,
  };
}

async function paintChart() {
  const { unit, series } = view;
  els.chartSection.hidden = false;
  try {
    if (!chart) {
      const { ProgressChart } = await chartModule;
      chart ??= new ProgressChart(els.chart, els.chartTable, els.chartMessage);
    }
  } catch (e) {
    console.error(e);
    els.chart.hidden = true;
    els.chartMessage.textContent = t('error.chart', { message: e.message });
    els.chartMessage.hidden = false;
    return;
  }
  if (view?.unit !== unit) return; // navigated away while the chart loaded
  if (series.error) {
    chart.showMessage(t('error.chart', { message: messageFor(series.error) }));
  } else {
    chart.render(series.points, { name: unit.name, asOf: state.asOf });
  }
}

function paint() {
  const { unit, coverage } = view;
  const isVillage = unit.level === 'village';
  els.supplyLink.hidden = isVillage;
  els.supplyLink.closest('p').hidden = isVillage;
  document.title = t('app.page_title', { name: unit.name });
  els.error.hidden = true;
  els.body.dataset.unit = unit.code;
  els.body.dataset.level = unit.level;
  els.homeLink.href = hrefFor(NATION);
  els.errorHome.href = hrefFor(NATION);
  els.asOf.value = state.asOf;
  els.asOfClear.disabled = !state.asOf;
  paintBreadcrumbs(unit);
  paintHeadline(unit, coverage, view.hgj);
  paintMap();
  const supplyHref = toUrl({ view: 'supply', unit: unit.code, asOf: state.asOf, lang: state.lang });
  els.supplyLink.href = supplyHref;
  els.reportsLink.href = toUrl({ view: 'reports', unit: unit.code, asOf: state.asOf, lang: state.lang });
  els.villageSupplyLink.href = supplyHref;
  els.villageComplaintLink.href = toUrl({ view: 'complaint', lang: state.lang, ops: { village: unit.code } });
  els.villageCommitteeLink.href = toUrl({ view: 'operations', lang: state.lang, ops: { place: unit.code } });
  if (isVillage) {
    paintVillage(unit, coverage);
    entry.paint(unit, getSession());
    els.childrenSection.hidden = true;
    fill(els.table);
  } else {
    els.village.hidden = true;
    entry.hide();
    paintTable();
  }
  paintChart();
  paintMoreCharts();
}

// Connections per month, the rate needed against the rate achieved, and
// the places below ranked (more_charts.js, loaded when first needed).
async function paintMoreCharts() {
  const { unit, coverage, series } = view;
  const points = series?.points || [];
  if (unit.level === 'village' || points.length < 2) {
    els.moreChartsSection.hidden = true;
    return;
  }
  els.moreChartsSection.hidden = false;
  try {
    const { MoreCharts } = await import('./more_charts.js');
    if (view?.unit !== unit) return;
    moreCharts ??= new MoreCharts(els.moreCharts);
    const rows = Array.isArray(coverage.rows) ? coverage.rows : [];
    const childLevel = coverage.level || unit.child_level || 'state';
    moreCharts.render({ points, rows, total: coverage.total, name: unit.name, levels: t(`levels.${childLevel}`) });
  } catch (e) {
    console.error(e);
    els.moreChartsSection.hidden = true;
  }
}

function paintError() {
  const { error: e, code } = lastError;
  const notFound = e instanceof ApiError && e.source === 'unit' && e.status === 404;
  els.errorMessage.textContent = notFound ? t('error.unit_not_found', { code }) : errorMessage(e);
  // The server's own words under ours, for English readers; the field at
  // fault by its label.
  const detail = [];
  if (notFound && e.message && getLanguage() === 'en') detail.push(e.message);
  if (e instanceof ApiError && e.field) detail.push(t('error.field', { field: fieldLabel(e.field) }));
  els.errorDetail.textContent = detail.join(' · ');
  els.errorHome.href = toUrl({ ...state, unit: NATION, asOf: '' });
  // Asking again only helps when the server was unreachable or failed.
  els.errorRetry.hidden = e instanceof ApiError && e.status >= 400 && e.status < 500;
  els.error.hidden = false;
  for (const section of [els.headline, els.village, els.chartSection, els.childrenSection]) {
    section.hidden = true;
  }
  entry.hide();
  fill(els.breadcrumbs, h('ol', null,
    h('li', null, h('a', { href: toUrl({ ...state, unit: NATION }) }, t('breadcrumb.india')))));
  document.title = t('app.page_title', { name: t('error.title') });
  delete els.body.dataset.unit;
}

// ---- Start --------------------------------------------------------------

async function start() {
  // Who is signed in, asked while the catalogue loads.
  const sessionP = loadSession();
  account = createAccountBar();
  entry = createEntry({
    section: els.entrySection,
    ledgerSection: els.ledgerSection,
    ledgerTable: els.ledgerTable,
    onRecorded,
  });
  audit = createAuditView({ navigate: (patch) => navigate(patch), auditHref });
  users = createUsersView();
  crosswalk = createCrosswalkView();
  quality = createQualityView({ navigate: (patch) => navigate(patch) });
  supply = createSupplyView({ navigate: (patch) => navigate(patch) });
  operations = createOperationsView({ navigate: (patch) => navigate(patch) });
  reports = createReportsView({ navigate: (patch) => navigate(patch) });
  programme = createProgrammeView({ go: goRoute });

  await switchLanguage(effectiveLanguage(), { remember: false });
  els.asOf.max = todayInIndia();
  els.asOf.min = LAUNCH_DATE;

  const problem = await sessionP;
  if (problem) console.warn('session', problem);
  account.setSession(getSession(), { initial: true });
  els.body.dataset.session = getSession() ? 'in' : 'out';
  // Signing in or out redraws the view: what it offers depends on the roles.
  onSessionChange((s) => {
    account.setSession(s);
    els.body.dataset.session = s ? 'in' : 'out';
    load({ focus: false });
  });

  document.addEventListener('click', onDocumentClick);
  window.addEventListener('popstate', onPopState);
  // A typed or pasted "#/…" address (popstate may not come first).
  window.addEventListener('hashchange', onPopState);
  els.lang.addEventListener('change', onLanguageChange);
  // 'change' fires once a whole date is picked or the field is cleared.
  els.asOf.addEventListener('change', () => navigate({ asOf: els.asOf.value }, { focus: false }));
  els.asOfClear.addEventListener('click', () => navigate({ asOf: '' }, { focus: false }));
  els.mapMeasure.addEventListener('change', () => { if (view) paintMap(); });
  els.errorRetry.addEventListener('click', () => load());
  attachSearch({
    form: $('#search-form'),
    input: $('#search'),
    list: $('#search-results'),
    status: $('#search-status'),
    level: $('#search-level'),
  }, (code) => navigate({ view: 'dashboard', unit: code }));

  await load();
}

start();
