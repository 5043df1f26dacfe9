// Small pieces the water-supply pages share: words for codes, a status as
// a tag with a word (never colour alone), form fields and the error beside
// them, a share with its confidence interval as a bar, and the
// service-level chart (an SVG drawn from model.js lpcdChart, with a table
// of the same figures).  Text goes in through h() as text nodes only.

import { h } from '../dom.js';
import { t, getLanguage } from '../i18n.js';
import { ApiError } from '../api.js';
import { errorMessage } from '../errors.js';
import { showFieldError, clearFieldError } from '../forms.js';
import { formatIndian, formatDate, formatDateTime } from '../format.js';
import { nameKey, ciBar, formatShare, readEstimate, lpcdChart } from './model.js';

export function word(list, code) {
  const key = nameKey(list, code);
  const s = t(key);
  return s === key ? String(code ?? '—') : s;
}

export const num = (n, d = 0) => formatIndian(n, d);
export const day = (iso) => (iso ? formatDate(iso, getLanguage()) : '—');
export const when = (iso) => (iso ? formatDateTime(iso, getLanguage(), { seconds: false }) : '—');

// A Har Ghar Jal status: a sign and a word.
const MARKS = { in_progress: '…', reported: '●', submitted: '▲', certified: '✓', returned: '↩' };
export function statusTag(status, id = null) {
  const s = status || 'in_progress';
  return h('span', { class: 'sup-status', id, dataset: { status: s } },
    h('span', { class: 'sup-mark', 'aria-hidden': 'true' }, MARKS[s] || '?'), ' ', word('hgj_status', s));
}

export function conditionTag(condition) {
  if (!condition) return h('span', { class: 'sup-cond', dataset: { condition: '' } }, t('sup.asset.no_condition'));
  return h('span', { class: 'sup-cond', dataset: { condition } }, word('condition', condition));
}

// A definition list of facts: [[label, value], ...] (empty values left out).
export function facts(pairs, cls = '') {
  return h('dl', { class: `sup-facts${cls ? ` ${cls}` : ''}` },
    pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([label, v]) => h('div', null, h('dt', null, label), h('dd', null, v))));
}

export function figureCard({ id, label, n, of = null, detail = null, accent = null, text = null }) {
  let bar = null;
  if (typeof of === 'number' && of > 0 && typeof n === 'number') {
    const fillEl = h('span', { class: 'bar-fill' });
    fillEl.style.width = `${Math.max(0, Math.min(100, (100 * n) / of))}%`;
    bar = h('div', { class: 'bar', 'aria-hidden': 'true' }, fillEl);
  }
  return h('article', {
    class: `card${accent ? ` accent-${accent}` : ''}`, id,
    dataset: { value: typeof n === 'number' ? String(n) : '' },
  },
  h('h3', { class: 'card-label' }, label),
  h('p', { class: 'card-value' }, text ?? num(n)),
  bar,
  detail ? h('p', { class: 'card-detail' }, detail) : null);
}

// ---- Forms --------------------------------------------------------------------

let fieldSeq = 0;

// <div class="field" data-field="name"><label>…</label><input …><small>hint</small></div>
// `control` is an element or the props of an <input>.
export function field(name, label, control, { hint = null, cls = '' } = {}) {
  const id = `sup-f-${name.replace(/\W/g, '-')}-${++fieldSeq}`;
  const el = control instanceof Node ? control : h('input', { name, ...control });
  el.id ||= id;
  const hintEl = hint ? h('small', { class: 'muted', id: `${el.id}-hint` }, hint) : null;
  if (hintEl) el.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: `field${cls ? ` ${cls}` : ''}`, dataset: { field: name } },
    h('label', { for: el.id }, label), el, hintEl);
}

export function select(name, options, { value = '', blank = null, id = null } = {}) {
  return h('select', { name, id },
    blank === null ? null : h('option', { value: '' }, blank),
    options.map(([v, label]) => h('option', { value: v, selected: v === value ? true : null }, label)));
}

export function formError() {
  return h('p', { class: 'form-error', role: 'alert', hidden: true });
}

// The sentence for a refusal: the page's own for the codes of this module
// (the server's English for English readers otherwise, errors.js).
// The server names the case as its code or as the error's `reason`
// (a not_full_coverage refusal is failed_precondition with that reason).
// As errors.js does, English readers get the server's own sentence, the
// most precise there is; others the page's, with `extra` (the facts it
// needs, worded by the page).
export function supplyError(e, extra = null) {
  if (e instanceof ApiError && e.message && getLanguage() === 'en') return errorMessage(e);
  if (e instanceof ApiError) {
    for (const code of [e.details?.reason, e.code]) {
      if (!code) continue;
      const own = t(`sup.error.${code}`);
      if (own !== `sup.error.${code}`) return extra ? `${own} ${extra}` : own;
    }
  }
  return errorMessage(e);
}

// Runs `work` for a form: its button busy, the form's error cleared first;
// a refusal (ApiError, or {field, key} from the page's checks) shown beside
// the field it names.  Resolves with work's result, or undefined after a
// refusal.
export async function runForm(form, errorEl, work, { describe = null } = {}) {
  // Once the field the error names is changed, the error goes.
  if (!form.dataset.watched) {
    form.dataset.watched = 'true';
    const fixed = (e) => {
      if (!errorEl.hidden && errorEl.parentElement?.contains(e.target) && errorEl.parentElement !== form) {
        clearFieldError(form, errorEl);
      }
    };
    // As it is typed (not on leaving the field: the form would move under
    // the pointer on its way to a button).
    form.addEventListener('input', fixed);
    form.addEventListener('change', fixed);
  }
  const buttons = [...form.querySelectorAll('button')];
  clearFieldError(form, errorEl);
  form.setAttribute('aria-busy', 'true');
  for (const b of buttons) b.disabled = true;
  try {
    return await work();
  } catch (e) {
    if (e?.name === 'AbortError') return undefined;
    if (!(e instanceof ApiError) && !e?.key) console.error(e);
    const message = e?.key && !(e instanceof ApiError) ? t(e.key, e.params) : (describe ? describe(e) : supplyError(e));
    showFieldError(form, errorEl, message, e?.field || null);
    return undefined;
  } finally {
    form.removeAttribute('aria-busy');
    for (const b of buttons) b.disabled = false;
  }
}

// Throws the page's own check failure {field, key} for runForm.
export function checked(result) {
  if (result.error) {
    const err = new Error(result.error.key);
    err.key = result.error.key;
    err.field = result.error.field;
    throw err;
  }
  return result.body;
}

export function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

// ---- A share with its interval ----------------------------------------------------

// <div class="sup-ci">: the interval as a band on a 0-100% track, the share
// as a mark, and the words "82.3% (78.1–86.0%)" beside it.
export function ciRow(measure, est, { id = null } = {}) {
  const e = readEstimate(est);
  const g = ciBar(est);
  const label = word('measure', measure);
  if (!e || !g) {
    return h('div', { class: 'sup-ci', id, dataset: { measure, share: '' } },
      h('span', { class: 'sup-ci-label' }, label), h('span', { class: 'sup-ci-text muted' }, t('sup.results.none')));
  }
  const band = h('span', { class: 'sup-ci-band' });
  band.style.left = `${g.left}%`;
  band.style.width = `${Math.max(g.width, 0.5)}%`;
  const mark = h('span', { class: 'sup-ci-mark' });
  mark.style.left = `${g.at}%`;
  const words = t('sup.results.share_ci', { share: formatShare(e.share), low: formatShare(e.low), high: formatShare(e.high) });
  return h('div', {
    class: 'sup-ci', id,
    dataset: { measure, share: String(e.share), low: String(e.low), high: String(e.high) },
  },
  h('span', { class: 'sup-ci-label' }, label),
  h('span', { class: 'sup-ci-track', role: 'img', 'aria-label': `${label}: ${words}` }, band, mark),
  h('span', { class: 'sup-ci-text' }, words,
    e.households === null ? null : h('small', null, t('sup.results.sample_size', { households: num(e.households), villages: num(e.villages) }))));
}

// ---- The service-level chart ----------------------------------------------------

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) if (c) el.append(c);
  return el;
}

export function lpcdFigure(series, { name }) {
  const c = lpcdChart(series);
  if (!c) return h('p', { class: 'muted', id: 'sup-lpcd-empty' }, t('sup.lpcd.none'));
  const summary = t('sup.lpcd.summary', {
    name, n: num(c.points.length), last: num(c.points[c.points.length - 1].lpcd, 1), date: day(c.points[c.points.length - 1].on),
  });
  const svg = s('svg', {
    viewBox: `0 0 ${c.width} ${c.height}`, class: 'sup-lpcd-chart', role: 'img', 'aria-label': summary,
  },
  s('line', { x1: 24, x2: c.width - 24, y1: c.height - 24, y2: c.height - 24, class: 'axis' }),
  s('line', { x1: 24, x2: c.width - 24, y1: c.normY, y2: c.normY, class: 'norm' }),
  s('text', { x: 26, y: c.normY - 4, 'text-anchor': 'start', class: 'norm-label' }, document.createTextNode(t('sup.lpcd.norm'))),
  // The scale's ends and the first and last dates.
  s('text', { x: 20, y: c.height - 24, 'text-anchor': 'end', class: 'tick' }, document.createTextNode('0')),
  s('text', { x: 20, y: 28, 'text-anchor': 'end', class: 'tick' }, document.createTextNode(num(c.top))),
  s('text', { x: 24, y: c.height - 10, 'text-anchor': 'start', class: 'tick' }, document.createTextNode(day(c.points[0].on))),
  c.points.length > 1 ? s('text', { x: c.width - 24, y: c.height - 10, 'text-anchor': 'end', class: 'tick' },
    document.createTextNode(day(c.points[c.points.length - 1].on))) : null,
  c.points.length > 1 ? s('polyline', { points: c.polyline, class: 'line' }) : null,
  ...c.points.map((p) => s('circle', { cx: p.x, cy: p.y, r: 3.5, class: `dot from-${p.from || 'scheme_record'}` },
    s('title', {}, document.createTextNode(`${day(p.on)}: ${num(p.lpcd, 1)} ${t('sup.lpcd.unit')}`)))));
  const table = h('table', { class: 'data-table compact sup-lpcd-table' },
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t('sup.lpcd.on')),
      h('th', { scope: 'col', class: 'num' }, t('sup.lpcd.lpcd')),
      h('th', { scope: 'col' }, t('sup.lpcd.from')))),
    h('tbody', null, c.points.slice().reverse().map((p) => h('tr', { dataset: { on: p.on, lpcd: String(p.lpcd) } },
      h('th', { scope: 'row' }, day(p.on)),
      h('td', { class: 'num' }, num(p.lpcd, 1)),
      h('td', null, word('lpcd_from', p.from || 'scheme_record'), p.note ? h('small', { class: 'sup-sub' }, p.note) : null)))));
  return h('div', { class: 'sup-lpcd', id: 'sup-lpcd' }, svg,
    h('details', { class: 'chart-data' }, h('summary', null, t('chart.table')), table));
}
