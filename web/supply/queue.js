// The certification queue (/?view=supply&tab=queue&unit=B12&status=ready):
// for block and district officers (and those above them), the villages in
// their places by Har Ghar Jal status, a tab per status with its count
// (GET /hgj/queue).  `ready` lists villages with full coverage not yet
// reported.  Each village links to its panel, where the actions are.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { sup } from './api.js';
import { QUEUE_STATUSES } from './model.js';
import { word, num, day, statusTag, field } from './ui.js';

// The queue's place: the one on view, or (at India) the place of the
// session's first role below the nation, which the server would pick too.
export function queuePlace(unit, session) {
  if (unit && unit !== 'IN') return unit;
  const roles = Array.isArray(session?.roles) ? session.roles : [];
  const own = roles.find((r) => r.unit_code && r.unit_code !== 'IN');
  return own ? own.unit_code : '';
}

// "IN/S1/DX1/BX1/GX1/VX1" (or [{code,name}]) without India and the village.
export function pathText(path, code) {
  const parts = Array.isArray(path) ? path.map((p) => p.name || p.code || p)
    : String(path || '').split('/').filter(Boolean);
  return parts.filter((p) => p !== 'IN' && p !== code && p !== 'India').join(' › ');
}

export async function loadQueue(q, unit, session, signal) {
  const status = q.status || 'ready';
  const place = queuePlace(unit, session);
  const body = await sup.queue({ place, status }, { signal });
  return { status, place, rows: Array.isArray(body.rows) ? body.rows : [], counts: body.counts || {} };
}

export function paintQueue(data, ctx) {
  const tabs = h('nav', { class: 'sup-subtabs', 'aria-label': t('sup.queue.title') },
    h('ul', null, QUEUE_STATUSES.map((s) => h('li', null, h('a', {
      id: `sup-queue-${s}`,
      href: ctx.hrefFor({ status: s }),
      'aria-current': s === data.status ? 'page' : null,
      dataset: { status: s, count: String(data.counts[s] ?? '') },
    }, word('queue_status', s), ' ', h('span', { class: 'sup-count' }, num(data.counts[s] ?? null)))))));
  const list = data.rows.length === 0
    ? h('p', { class: 'muted', id: 'sup-queue-empty' }, t(`sup.queue.empty_${data.status}`))
    : h('table', { id: 'sup-queue-table', class: 'data-table sup-stack' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('sup.queue.village')),
        h('th', { scope: 'col' }, t('sup.queue.status')),
        h('th', { scope: 'col' }, t('sup.queue.since')))),
      h('tbody', null, data.rows.map((r) => {
        const v = r.village || {};
        return h('tr', { dataset: { code: v.code, status: r.status } },
          h('th', { scope: 'row' }, h('a', { class: 'drill sup-queue-village', href: ctx.villageHref(v.code), dataset: { code: v.code } }, v.name || v.code),
            h('small', { class: 'sup-sub' }, pathText(r.path ?? v.path, v.code))),
          h('td', { 'data-label': t('sup.queue.status') }, statusTag(r.status), r.reason ? h('small', { class: 'sup-sub' }, r.reason) : null),
          h('td', { 'data-label': t('sup.queue.since') }, day(r.since)));
      })));
  const total = data.counts[data.status];
  const more = typeof total === 'number' && total > data.rows.length
    ? h('p', { class: 'muted', id: 'sup-queue-more' }, t('sup.queue.first_n', { n: num(data.rows.length), total: num(total) })) : null;
  // The place whose villages are listed (a block, district or state code).
  const placeInput = h('input', {
    name: 'place', type: 'text', value: data.place, maxlength: '40', spellcheck: 'false', autocapitalize: 'characters',
  });
  const placeForm = h('form', { class: 'sup-row sup-queue-place', id: 'sup-queue-place', novalidate: true },
    field('place', t('sup.queue.place_code'), placeInput, { hint: t('sup.queue.place_hint') }),
    h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button-quiet' }, t('sup.queue.show'))));
  placeForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = placeInput.value.trim().toUpperCase();
    if (code) ctx.goUnit(code);
  });
  return [
    h('h3', { id: 'sup-queue-title', class: 'section-title', tabindex: '-1' }, t('sup.queue.title')),
    h('p', { class: 'muted' }, t('sup.queue.intro')),
    placeForm,
    tabs,
    h('section', { class: 'panel', id: 'sup-queue', dataset: { status: data.status, place: data.place } }, list, more),
  ];
}
