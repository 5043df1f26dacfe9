// The audit trail (/?view=audit&unit=…&user=…&action=…&entity=…&from=…&to=…):
// GET /api/v1/audit, newest first, fifty at a time with "Show older
// entries" following next_before.  The server shows each reader only the
// entries for places under their roles.

import { h, fill, $ } from './dom.js';
import { t, getLanguage } from './i18n.js';
import { api, ApiError } from './api.js';
import { errorMessage, fieldLabel } from './errors.js';
import { sessionEnded } from './session.js';
import { formatDateTime, formatIndian } from './format.js';
import { AUDIT_FILTERS, emptyFilters } from './url.js';
import { exportButtons } from './table_export.js';

export const PAGE_SIZE = 50;
// What the server writes (src/accounts, src/coverage); suggestions only,
// the filters take any text.
export const ACTIONS = Object.freeze([
  'connections.record', 'import', 'user.create', 'user.password', 'user.disable',
  'user.enable', 'user.unlock', 'role.grant', 'role.revoke', 'session.create',
  'session.refused', 'session.delete', 'session.revoke', 'apikey.create',
  'apikey.revoke', 'period.unlock',
]);
export const ENTITIES = Object.freeze(['ledger_batch', 'batch', 'account', 'period_unlock']);

const MAX_SUMMARY = 140;

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// {"VX1":{"hh_with_tap":90}} -> Map {"VX1.hh_with_tap" => 90}; arrays and
// deeper objects stay whole.
function flatten(v, prefix = '', out = new Map(), depth = 0) {
  if (isPlainObject(v) && depth < 2) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out, depth + 1);
  } else if (prefix) {
    out.set(prefix, v);
  }
  return out;
}

function short(v) {
  if (v === undefined) return '—';
  if (Array.isArray(v)) return `[${v.length}]`;
  if (isPlainObject(v)) return '{…}';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

// A one-line account of a change: "VX1.hh_with_tap: 90 → 92; events: — → [1]",
// or the fields of a creation ("username: ravi; role: block_officer").
export function compactChange(before, after) {
  if (before == null && after == null) return '';
  if (!isPlainObject(before) || !isPlainObject(after)) {
    if (before == null || after == null) {
      const only = before ?? after;
      if (!isPlainObject(only)) return short(only);
      return [...flatten(only)].map(([k, v]) => `${k}: ${short(v)}`).join('; ');
    }
    return `${short(before)} → ${short(after)}`;
  }
  const a = flatten(before);
  const b = flatten(after);
  const parts = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    if (JSON.stringify(x) !== JSON.stringify(y)) parts.push(`${k}: ${short(x)} → ${short(y)}`);
  }
  return parts.join('; ');
}

function clip(s, n = MAX_SUMMARY) {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function createAuditView({ navigate, auditHref }) {
  const els = {
    view: $('#audit-view'),
    title: $('#audit-title'),
    form: $('#audit-filters'),
    clear: $('#audit-clear'),
    message: $('#audit-message'),
    results: $('#audit-results'),
    count: $('#audit-count'),
    table: $('#audit-table'),
    more: $('#audit-more'),
    actions: $('#audit-actions'),
    entities: $('#audit-entities'),
    exportSlot: $('#audit-export'),
  };
  const input = (k) => $(`#audit-${k}`);
  let filters = emptyFilters();
  let rows = [];
  let nextBefore = null;
  let seq = 0;
  let controller = null;
  let lastError = null;

  function paintSuggestions() {
    fill(els.actions, ACTIONS.map((a) => h('option', { value: a, label: actionLabel(a) || a })));
    fill(els.entities, ENTITIES.map((e) => h('option', { value: e })));
  }

  function actionLabel(action) {
    const key = `action.${action}`;
    const s = t(key);
    return s === key ? '' : s;
  }

  function readForm() {
    const f = emptyFilters();
    for (const k of AUDIT_FILTERS) f[k] = input(k).value.trim();
    return f;
  }

  function showMessage(text) {
    els.message.textContent = text || '';
    els.message.hidden = !text;
  }

  function errorText(e) {
    const msg = errorMessage(e);
    // The server's English names the field in its own way; say which.
    return e instanceof ApiError && e.field && getLanguage() === 'en'
      ? `${msg} (${t('error.field', { field: fieldLabel(e.field) })})` : msg;
  }

  function pathCell(path) {
    const codes = String(path || '').split('/').filter(Boolean);
    if (!codes.length) return h('td', null, '—');
    return h('td', { class: 'path-cell' }, codes.map((c, i) => [
      i ? h('span', { class: 'path-sep', 'aria-hidden': 'true' }, '›') : null,
      h('a', { href: auditHref({ ...filters, unit: c }), title: t('audit.filter_by_place', { code: c }) }, c),
    ]));
  }

  function changeCell(r) {
    if (r.before == null && r.after == null) return h('td', null, '—');
    const pretty = (v) => (v == null ? '—' : JSON.stringify(v, null, 2));
    return h('td', { class: 'change-cell' },
      h('details', null,
        h('summary', null, clip(compactChange(r.before, r.after)) || t('audit.show_change')),
        h('div', { class: 'change' },
          h('div', null, h('h4', null, t('audit.before')), h('pre', { class: 'json' }, pretty(r.before))),
          h('div', null, h('h4', null, t('audit.after')), h('pre', { class: 'json' }, pretty(r.after))))));
  }

  // The date over the time of day, to keep the column narrow.
  function timeEl(at, lang) {
    const text = formatDateTime(at, lang);
    const cut = text.lastIndexOf(', ');
    return h('time', { datetime: at }, cut < 0 ? text : [text.slice(0, cut), h('br'), text.slice(cut + 2)]);
  }

  function rowEl(r) {
    const lang = getLanguage();
    const label = actionLabel(r.action);
    return h('tr', { dataset: { id: String(r.id), action: r.action, actor: r.actor } },
      h('td', { class: 'time-cell' }, timeEl(r.at, lang)),
      h('td', null, r.actor
        ? h('a', { href: auditHref({ ...filters, user: r.actor }), title: t('audit.filter_by_user', { user: r.actor }) }, r.actor)
        : '—'),
      h('td', null, r.remote || '—'),
      h('td', null,
        h('a', { href: auditHref({ ...filters, action: r.action }), class: 'action-code' }, h('code', null, r.action)),
        label ? h('small', { class: 'action-label' }, label) : null),
      h('td', { class: 'entity-cell' }, h('span', { class: 'entity' }, r.entity || '—'),
        r.entity_id ? [h('br'), h('span', { class: 'entity-id' }, r.entity_id)] : null),
      pathCell(r.unit_path),
      changeCell(r));
  }

  // The rows loaded so far, as shown, with the filters in the heading.
  function exportTable() {
    const text = (v) => {
      if (v == null) return null;
      const s = JSON.stringify(v);
      return s.length > 1900 ? `${s.slice(0, 1900)}…` : s;
    };
    const cols = ['time', 'actor', 'remote', 'action', 'entity', 'entity_id', 'place', 'before', 'after'];
    const head = AUDIT_FILTERS.filter((k) => filters[k]).map((k) => ({ label: t(`audit.filter_${k}`), value: filters[k] }));
    return {
      name: 'audit',
      title: t('audit.title'),
      head,
      columns: cols.map((c) => ({ title: t(`export.audit.${c}`) })),
      rows: rows.map((r) => [r.at, r.actor || null, r.remote || null, r.action, r.entity || null,
        r.entity_id == null ? null : String(r.entity_id), r.unit_path || null, text(r.before), text(r.after)]),
    };
  }

  function paintRows() {
    if (!els.exportSlot.firstChild) els.exportSlot.append(exportButtons('audit-export-buttons', exportTable));
    const cols = ['time', 'actor', 'remote', 'action', 'entity', 'place', 'change'];
    fill(els.table,
      h('caption', { class: 'visually-hidden' }, t('audit.caption')),
      h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col' }, t(`audit.col_${c}`))))),
      h('tbody', null, rows.length
        ? rows.map(rowEl)
        : h('tr', null, h('td', { colspan: cols.length, class: 'empty' }, t('audit.empty')))));
    els.count.textContent = nextBefore
      ? t('audit.count_more', { n: formatIndian(rows.length) })
      : t('audit.count', { n: formatIndian(rows.length) });
    els.more.hidden = !nextBefore;
    els.results.hidden = false;
  }

  async function fetchPage(before, signal) {
    const q = { limit: PAGE_SIZE };
    for (const k of AUDIT_FILTERS) if (filters[k]) q[k] = filters[k];
    if (before) q.before = before;
    return api.audit(q, { signal });
  }

  async function onMore() {
    if (!nextBefore) return;
    const mySeq = seq;
    els.more.disabled = true;
    try {
      const page = await fetchPage(nextBefore);
      if (mySeq !== seq) return;
      const first = rows.length;
      rows = rows.concat(Array.isArray(page.rows) ? page.rows : []);
      nextBefore = page.next_before ?? null;
      paintRows();
      // Keyboard users land on the first new row's link.
      els.table.querySelectorAll('tbody tr')[first]?.querySelector('a')?.focus({ preventScroll: false });
    } catch (e) {
      if (mySeq !== seq) return;
      if (e instanceof ApiError && e.status === 401) sessionEnded();
      showMessage(errorText(e));
    } finally {
      els.more.disabled = false;
    }
  }

  els.form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate({ view: 'audit', filters: readForm() });
  });
  els.clear.addEventListener('click', () => navigate({ view: 'audit', filters: emptyFilters() }));
  els.more.addEventListener('click', onMore);
  paintSuggestions();

  return {
    // Loads the first page for `f`; resolves to 'ready' or 'error'.
    async show(f, session) {
      const mySeq = ++seq;
      controller?.abort();
      controller = new AbortController();
      filters = { ...emptyFilters(), ...f };
      for (const k of AUDIT_FILTERS) input(k).value = filters[k];
      els.view.hidden = false;
      lastError = null;
      if (!session) {
        rows = [];
        nextBefore = null;
        els.results.hidden = true;
        showMessage(t('audit.sign_in'));
        return 'ready';
      }
      showMessage('');
      try {
        const page = await fetchPage(null, controller.signal);
        if (mySeq !== seq) return null;
        rows = Array.isArray(page.rows) ? page.rows : [];
        nextBefore = page.next_before ?? null;
        paintRows();
        return 'ready';
      } catch (e) {
        if (e.name === 'AbortError' || mySeq !== seq) return null;
        if (e instanceof ApiError && e.status === 401) sessionEnded();
        lastError = e;
        rows = [];
        nextBefore = null;
        els.results.hidden = true;
        showMessage(errorText(e));
        return 'error';
      }
    },
    hide() {
      seq++;
      controller?.abort();
      els.view.hidden = true;
    },
    focus() {
      els.title.focus();
    },
    repaint() {
      paintSuggestions();
      if (lastError) showMessage(errorText(lastError));
      else if (!els.message.hidden && els.results.hidden) showMessage(t('audit.sign_in'));
      if (!els.results.hidden) paintRows();
    },
  };
}
