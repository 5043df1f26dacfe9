// Small pieces the water-quality pages share: words for codes, grades as
// a sign and a word (never colour alone), limits, values, figure cards,
// and a flash message.  Text goes in through h() as text nodes only.

import { h } from '../dom.js';
import { t, getLanguage } from '../i18n.js';
import { formatIndian, formatDate } from '../format.js';
import { nameKey, gradeName, gradeMark, limitWords, formatValue, parameterName } from './model.js';

// The name of a code of a fixed list (model.js), or the code itself.
export function word(list, code) {
  const key = nameKey(list, code);
  const s = t(key);
  return s === key ? String(code ?? '—') : s;
}

export const num = (n) => formatIndian(n);
export const day = (iso) => (iso ? formatDate(iso, getLanguage()) : '—');
export const value = (x) => formatValue(x, formatIndian);

// <span class="wq-grade" data-grade="beyond">✗ Beyond the limit</span>
export function gradeTag(grade, { reason = '' } = {}) {
  const g = gradeName(grade);
  if (!g) return h('span', { class: 'wq-grade', dataset: { grade: '' } }, t('wq.grade.pending'));
  return h('span', { class: 'wq-grade', dataset: { grade: g }, title: reason ? word('reason', reason) : null },
    h('span', { class: 'wq-mark', 'aria-hidden': 'true' }, gradeMark(g)), ' ', word('grade', g));
}

export function limitText(limit) {
  const { key, params } = limitWords(limit, value);
  return t(key, params).replace(/\s+$/, '').replace(/\s+([;,)])/g, '$1');
}

// A result's value with its unit, or the words of a presence test.
export function resultValue(r, unit) {
  if (typeof r.detected === 'boolean' && (r.value === null || r.value === undefined)) {
    return t(r.detected ? 'wq.entry.present' : 'wq.entry.absent');
  }
  const u = r.unit || unit || '';
  return u && u !== 'pH' ? `${value(r.value)} ${u}` : value(r.value);
}

export function paramLabel(p, code) {
  return p ? parameterName(p, getLanguage()) : code;
}

// A figure card like the dashboard's: label, value, "of n", a bar.
export function figureCard({ id, label, n, of = null, detail = null, accent = null }) {
  let bar = null;
  if (typeof of === 'number' && of > 0 && typeof n === 'number') {
    const fill = h('span', { class: 'bar-fill' });
    fill.style.width = `${Math.max(0, Math.min(100, (100 * n) / of))}%`;
    bar = h('div', { class: 'bar', 'aria-hidden': 'true' }, fill);
  }
  const detailText = detail ?? (typeof of === 'number' ? t('wq.of', { n: num(of) }) : null);
  return h('article', {
    class: `card${accent ? ` accent-${accent}` : ''}`,
    id,
    dataset: { value: typeof n === 'number' ? String(n) : '' },
  },
  h('h3', { class: 'card-label' }, label),
  h('p', { class: 'card-value' }, num(n)),
  bar,
  detailText ? h('p', { class: 'card-detail' }, detailText) : null);
}

// A definition list of facts: [[label, value], ...] (null values left out).
export function facts(pairs, cls = '') {
  return h('dl', { class: `wq-facts${cls ? ` ${cls}` : ''}` },
    pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([label, v]) => h('div', null, h('dt', null, label), h('dd', null, v))));
}

// A tag with a word (repeat overdue, unconfirmed, accredited...).
export function tag(text, kind = 'plain') {
  return h('span', { class: `tag tag-${kind} wq-tag`, dataset: { tag: kind } }, text);
}
