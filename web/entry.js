// On a village's view: the form that records tap connections (shown only
// when one of the signed-in user's roles may record there) and the
// village's recent ledger entries (which the server sends only to users
// with the village in scope).

import { h, fill } from './dom.js';
import { t, getLanguage } from './i18n.js';
import { api, ApiError } from './api.js';
import { errorMessage } from './errors.js';
import { canRecordAt, ancestry, sessionEnded, loadSession } from './session.js';
import { formatIndian, formatDate, formatDateTime, todayInIndia } from './format.js';
import { showFieldError, clearFieldError } from './forms.js';

// The first day after the mission's baseline: earlier dates are refused.
const FIRST_DAY = '2019-08-16';
export const KINDS = Object.freeze(['connection', 'correction']);

function newKey() {
  if (globalThis.crypto?.randomUUID) return `web-${crypto.randomUUID()}`;
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return `web-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

// Checks the entry before sending it; -> {field, key[, date]} or null.  The server
// checks everything again (closed months, more taps than households).
export function checkEntry({ date, households, kind, reason }, today) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return { field: 'date', key: 'entry.need_date' };
  if (date < FIRST_DAY) return { field: 'date', key: 'entry.date_too_early', date: FIRST_DAY };
  if (today && date > today) return { field: 'date', key: 'entry.date_future' };
  if (!/^-?\d+$/.test(households)) return { field: 'households', key: 'entry.need_whole' };
  const n = Number(households);
  if (n === 0) return { field: 'households', key: 'entry.not_zero' };
  if (n < 0 && kind !== 'correction') return { field: 'households', key: 'entry.negative_is_correction' };
  if (kind === 'correction' && !reason.trim()) return { field: 'reason', key: 'entry.need_reason' };
  return null;
}

export function createEntry({ section, ledgerSection, ledgerTable, onRecorded }) {
  // The form stays while the same user looks at the same village, so what
  // was typed and the last result survive a refresh of the figures.
  let built = null; // {code, username, form, inputs, error, result, hint, title, intro}
  let key = newKey();
  let periodsSeq = 0;
  let today = todayInIndia();

  function field(name, label, control, hint) {
    return h('div', { class: 'field', dataset: { field: name } },
      h('label', { for: control.id, 'data-i18n': label }, t(label)),
      control,
      hint || null);
  }

  function build(unit, session) {
    const inputs = {
      date: h('input', {
        id: 'entry-date', name: 'date', type: 'date', required: true,
        min: FIRST_DAY, max: today, value: today, 'aria-describedby': 'entry-date-hint',
      }),
      households: h('input', {
        id: 'entry-households', name: 'households', type: 'number', step: '1',
        inputmode: 'numeric', required: true, 'aria-describedby': 'entry-households-hint',
      }),
      kind: h('select', { id: 'entry-kind', name: 'kind' },
        KINDS.map((k) => h('option', { value: k, 'data-i18n': `kind.${k}` }, t(`kind.${k}`)))),
      reason: h('input', {
        id: 'entry-reason', name: 'reason', type: 'text', maxlength: '500',
        'aria-describedby': 'entry-reason-hint',
      }),
    };
    const hint = h('small', { id: 'entry-date-hint', class: 'muted' });
    const error = h('p', { id: 'entry-error', class: 'form-error', role: 'alert', hidden: true });
    const result = h('p', { id: 'entry-result', class: 'form-ok', role: 'status', hidden: true });
    const submit = h('button', { id: 'entry-submit', type: 'submit', class: 'button', 'data-i18n': 'entry.submit' },
      t('entry.submit'));
    const form = h('form', { id: 'entry-form', class: 'form-grid', novalidate: true },
      field('date', 'entry.date', inputs.date, hint),
      field('households', 'entry.households', inputs.households,
        h('small', { id: 'entry-households-hint', class: 'muted', 'data-i18n': 'entry.households_hint' },
          t('entry.households_hint'))),
      field('kind', 'entry.kind', inputs.kind),
      field('reason', 'entry.reason', inputs.reason,
        h('small', { id: 'entry-reason-hint', class: 'muted', 'data-i18n': 'entry.reason_hint' },
          t('entry.reason_hint'))),
      h('div', { class: 'field-actions' }, submit),
      error,
      result);
    const title = h('h2', { id: 'entry-title', class: 'section-title', 'data-i18n': 'entry.title' }, t('entry.title'));
    const intro = h('p', { class: 'muted' });
    fill(section, title, intro, form);

    built = {
      code: unit.code, name: unit.name, username: session.username,
      form, inputs, error, result, hint, submit, intro, periods: null,
    };
    // A changed entry is a new entry: it gets a new idempotency key.
    form.addEventListener('input', () => { key = newKey(); });
    inputs.households.addEventListener('change', () => {
      // A negative count can only be a correction.
      if (Number(inputs.households.value) < 0) inputs.kind.value = 'correction';
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submitEntry();
    });
    loadPeriods(unit.code);
  }

  async function loadPeriods(code) {
    const seq = ++periodsSeq;
    try {
      const p = await api.periods(code);
      if (seq !== periodsSeq || !built || built.code !== code) return;
      built.periods = p;
      if (/^\d{4}-\d{2}-\d{2}$/.test(p.today || '')) {
        today = p.today;
        built.inputs.date.max = today;
        if (built.inputs.date.value > today) built.inputs.date.value = today;
      }
      paintHint();
    } catch (e) {
      // Only a hint: the server still says which months are closed.
      if (seq === periodsSeq && built) built.periods = null;
    }
  }

  function paintHint() {
    if (!built) return;
    const lang = getLanguage();
    const p = built.periods;
    const parts = [];
    if (p?.open_from) parts.push(t('entry.open_from', { date: formatDate(p.open_from, lang) }));
    for (const u of (Array.isArray(p?.unlocks) ? p.unlocks : [])) {
      parts.push(t('entry.reopened', { month: u.month, until: formatDateTime(u.expires_at, lang, { seconds: false }) }));
    }
    built.hint.textContent = parts.join(' ');
  }

  function clearError() {
    clearFieldError(built.form, built.error);
  }

  // Puts the message beside the field it names (error.field from the API),
  // or under the form when it names none of them.
  function showError(message, fieldName) {
    showFieldError(built.form, built.error, message, fieldName);
  }

  function values() {
    const { inputs } = built;
    return {
      date: inputs.date.value,
      households: inputs.households.value.trim(),
      kind: inputs.kind.value,
      reason: inputs.reason.value,
    };
  }

  async function submitEntry() {
    if (!built || built.submit.disabled) return;
    const b = built;
    const v = values();
    b.result.hidden = true;
    const bad = checkEntry(v, today);
    if (bad) {
      showError(t(bad.key, { date: formatDate(bad.date, getLanguage()) }), bad.field);
      return;
    }
    clearError();
    b.submit.disabled = true;
    b.form.setAttribute('aria-busy', 'true');
    try {
      const r = await api.recordConnection({
        village_code: b.code,
        date: v.date,
        households: Number(v.households),
        kind: v.kind,
        reason: v.reason.trim(),
      }, key);
      if (built !== b) return;
      const village = (r.villages || []).find((x) => x.code === b.code) || r.villages?.[0] || {};
      b.result.textContent = t(r.replayed ? 'entry.replayed' : 'entry.recorded', {
        name: b.name,
        with: formatIndian(village.hh_with_tap),
        total: formatIndian(village.total_hh),
      });
      b.result.dataset.hhWithTap = String(village.hh_with_tap ?? '');
      b.result.dataset.totalHh = String(village.total_hh ?? '');
      b.result.hidden = false;
      b.inputs.households.value = '';
      b.inputs.reason.value = '';
      b.inputs.kind.value = 'connection';
      key = newKey();
      onRecorded(b.code, r);
    } catch (e) {
      if (built !== b) return;
      if (!(e instanceof ApiError)) {
        console.error(e);
        showError(t('error.bad_response'), null);
      } else if (e.status === 0) {
        showError(t('error.network'), null);
      } else if (e.status === 401) {
        showError(t('entry.signed_out'), null);
        sessionEnded();
      } else {
        showError(errorMessage(e), e.field);
        // A lost CSRF token: fetch a fresh one, so that trying again works.
        if (e.status === 403 && e.field === 'x-csrf-token') loadSession();
      }
    } finally {
      b.submit.disabled = false;
      b.form.removeAttribute('aria-busy');
    }
  }

  function paintLedger(unit) {
    const rows = unit.recent_ledger;
    if (!Array.isArray(rows)) {
      ledgerSection.hidden = true;
      fill(ledgerTable);
      return;
    }
    const lang = getLanguage();
    const cols = ['date', 'households', 'kind', 'reason', 'recorded_by', 'recorded_at'];
    fill(ledgerTable,
      h('caption', { class: 'visually-hidden' }, t('ledger.caption', { name: unit.name })),
      h('thead', null, h('tr', null, cols.map((c) =>
        h('th', { scope: 'col', class: c === 'households' ? 'num' : null }, t(`ledger.${c}`))))),
      h('tbody', null, rows.length === 0
        ? h('tr', null, h('td', { colspan: cols.length, class: 'empty' }, t('ledger.empty')))
        : rows.map((r) => h('tr', { dataset: { seq: String(r.seq ?? '') } },
          h('td', null, formatDate(r.date, lang)),
          h('td', { class: 'num' }, formatIndian(r.households)),
          h('td', null, t(`kind.${r.kind}`) === `kind.${r.kind}` ? r.kind : t(`kind.${r.kind}`)),
          h('td', { class: 'wrap-cell' }, r.reason || '—'),
          h('td', { title: r.source || null }, r.recorded_by || '—'),
          h('td', null, formatDateTime(r.recorded_at, lang, { seconds: false }))))));
    ledgerSection.hidden = false;
  }

  return {
    // Draws (or keeps) the form for `unit` when `session` may record there.
    paint(unit, session) {
      paintLedger(unit);
      const allowed = unit.level === 'village' && session && canRecordAt(session, ancestry(unit));
      if (!allowed) {
        this.hide({ keepLedger: true });
        return;
      }
      if (!built || built.code !== unit.code || built.username !== session.username) {
        build(unit, session);
      }
      built.name = unit.name;
      built.intro.textContent = t('entry.intro', { name: unit.name });
      paintHint();
      section.hidden = false;
    },
    hide({ keepLedger = false } = {}) {
      built = null;
      periodsSeq++;
      fill(section);
      section.hidden = true;
      if (!keepLedger) {
        ledgerSection.hidden = true;
        fill(ledgerTable);
      }
    },
  };
}
