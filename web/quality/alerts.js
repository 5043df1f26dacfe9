// The alert queue (/?view=quality&tab=alerts&unit=&status=), for officers
// of the village's block and district (and above) and its committee: each
// alert with its contaminant, place, the day it opened and how many days it
// has been open, a bacteriological repeat sample due or overdue, and its
// remedial actions; recording an action (POST /quality/alerts/{id}/actions)
// and marking one done (POST /quality/actions/{id}/done).

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { ApiError } from '../api.js';
import { errorMessage } from '../errors.js';
import { todayInIndia } from '../format.js';
import { showFieldError, clearFieldError } from '../forms.js';
import { wq } from './api.js';
import {
  ALERT_STATUSES, ACTION_KINDS, refOf, daysOpen, repeatOverdue, isOpen, actionBody, doneBody, checkAction,
  mayRecordRemedies, isDate,
} from './model.js';
import { word, num, day, facts, tag } from './ui.js';
import { moreButton } from './lab.js';

const alertsOf = (json) => (Array.isArray(json) ? json : (Array.isArray(json?.alerts) ? json.alerts : []));

export async function loadAlerts(q, unit, signal) {
  const query = { place: unit === 'IN' ? '' : unit, status: q.status || 'open' };
  const json = await wq.alerts(query, { signal });
  return { query, alerts: alertsOf(json), nextBefore: json?.next_before_id ?? null };
}

// ctx: {q, session, navigate(patch), flash(text), reload()}
export function paintAlerts(data, ctx) {
  const status = ctx.q.status || 'open';
  const sel = h('select', { id: 'wq-alert-status' },
    ALERT_STATUSES.map((s) => h('option', { value: s, selected: s === status }, word('alert_status', s))));
  sel.addEventListener('change', () => ctx.navigate({ status: sel.value }));
  const today = todayInIndia();
  const may = mayRecordRemedies(ctx.session);
  const error = h('p', { id: 'wq-alerts-error', class: 'form-error', role: 'alert', hidden: true });
  const showError = (e) => {
    error.textContent = errorMessage(e);
    error.hidden = false;
  };
  return [
    h('h3', { id: 'wq-alerts-title', class: 'section-title', tabindex: '-1' }, t('wq.alerts.title')),
    h('div', { class: 'field wq-inline-field' }, h('label', { for: 'wq-alert-status' }, t('wq.col.status')), sel),
    h('p', { id: 'wq-alerts-count', class: 'muted', role: 'status' }, t('wq.alerts.count', { n: num(data.alerts.length) })),
    data.alerts.length === 0 ? h('p', { class: 'muted', id: 'wq-alerts-empty' }, t('wq.alerts.none'))
      : h('div', { id: 'wq-alerts-list', class: 'wq-alerts' }, data.alerts.map((a) => alertCard(a, today, may, ctx))),
    error,
    data.nextBefore ? moreButton('wq-alerts-more', async () => {
      const more = await wq.alerts({ ...data.query, beforeId: data.nextBefore });
      data.alerts.push(...alertsOf(more));
      data.nextBefore = more?.next_before_id ?? null;
    }, ctx, showError) : null,
  ];
}

function alertCard(a, today, may, ctx) {
  const village = refOf(a, 'village');
  const hab = refOf(a, 'habitation');
  const source = refOf(a, 'source');
  const sample = refOf(a, 'sample');
  const open = isOpen(a);
  const days = daysOpen(a, today);
  const overdue = open && repeatOverdue(a, today);
  const actions = Array.isArray(a.actions) ? a.actions : [];
  return h('article', {
    class: 'panel wq-alert',
    dataset: { alert: String(a.id), contaminant: a.contaminant || '', open: String(open), overdue: String(overdue), village: village?.code || '' },
  },
  h('h4', { class: 'wq-alert-title' },
    word('contaminant', a.contaminant), ' · ', [village?.name, hab && hab.name !== village?.name ? hab.name : null].filter(Boolean).join(' · ')),
  h('p', { class: 'wq-tags' },
    tag(open ? t('wq.alerts.open') : t('wq.alerts.closed_on', { date: day(a.closed_on) }), open ? 'off' : 'on'),
    days === null ? null : tag(t('wq.alerts.days_open', { n: num(days) }), 'plain'),
    overdue ? tag(t('wq.alerts.repeat_overdue', { date: day(a.repeat_due_on) }), 'warn') : null,
    !overdue && open && a.repeat_due_on && !a.repeat_taken && !a.repeat_taken_on ? tag(t('wq.alerts.repeat_due', { date: day(a.repeat_due_on) }), 'plain') : null,
    a.unconfirmed ? tag(t('wq.unconfirmed'), 'warn') : null),
  facts([
    [t('wq.alerts.opened'), day(a.opened_on)],
    [t('wq.source'), source ? (source.name && source.name !== source.code ? `${source.name} (${source.code})` : source.code) : null],
    [t('wq.sample'), sample?.code || null],
  ]),
  h('div', { class: 'wq-actions' },
    h('h5', { class: 'wq-actions-title' }, t('wq.alerts.actions')),
    actions.length === 0 ? h('p', { class: 'muted wq-no-actions' }, t('wq.alerts.no_actions'))
      : h('ul', { class: 'wq-list' }, actions.map((x) => actionItem(x, may && open, today, ctx))),
    may && open ? actionForm(a, today, ctx) : null));
}

function actionItem(x, may, today, ctx) {
  const done = Boolean(x.done_on);
  const li = h('li', { class: 'wq-action', dataset: { action: String(x.id), kind: x.kind || '', done: String(done) } },
    h('strong', null, word('action_kind', x.kind)), ' · ', t('wq.alerts.started', { date: day(x.started_on) }), ' · ',
    done ? tag(t('wq.alerts.done_on', { date: day(x.done_on) }), 'on') : tag(t('wq.alerts.pending'), 'warn'),
    x.note ? h('small', { class: 'wq-sub' }, x.note) : null,
    x.recorded_by ? h('small', { class: 'wq-sub' }, t('wq.alerts.recorded_by', { name: x.recorded_by })) : null);
  if (!done && may) {
    const id = `wq-done-on-${x.id}`;
    const input = h('input', { id, name: 'done_on', type: 'date', value: today, max: today, min: x.started_on || null });
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const button = h('button', { type: 'submit', class: 'button-quiet wq-mark-done' }, t('wq.alerts.mark_done'));
    const form = h('form', { class: 'inline-form wq-done-form', novalidate: true },
      h('div', { class: 'field', dataset: { field: 'done_on' } }, h('label', { for: id }, t('wq.alerts.done_day')), input),
      h('div', { class: 'field-actions' }, button), error);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearFieldError(form, error);
      if (!isDate(input.value)) return showFieldError(form, error, t('wq.action.need_date'), 'done_on');
      button.disabled = true;
      try {
        await wq.actionDone(x.id, doneBody({ done_on: input.value }));
        ctx.flash(t('wq.alerts.done_flash', { kind: word('action_kind', x.kind) }));
        ctx.reload();
      } catch (err) {
        button.disabled = false;
        if (!(err instanceof ApiError)) console.error(err);
        showFieldError(form, error, errorMessage(err), err.field);
      }
    });
    li.append(form);
  }
  return li;
}

function actionForm(a, today, ctx) {
  const p = `wq-act-${a.id}`;
  const kind = h('select', { id: `${p}-kind`, name: 'kind' },
    h('option', { value: '' }, t('wq.action.choose')),
    ACTION_KINDS.map((k) => h('option', { value: k }, word('action_kind', k))));
  const started = h('input', { id: `${p}-started`, name: 'started_on', type: 'date', value: today, max: today });
  const note = h('input', { id: `${p}-note`, name: 'note', type: 'text', maxlength: '500' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const button = h('button', { type: 'submit', class: 'button wq-add-action' }, t('wq.action.submit'));
  const form = h('form', { class: 'form-grid wq-action-form', novalidate: true, dataset: { alert: String(a.id) } },
    h('div', { class: 'field', dataset: { field: 'kind' } }, h('label', { for: kind.id }, t('wq.action.kind')), kind),
    h('div', { class: 'field', dataset: { field: 'started_on' } }, h('label', { for: started.id }, t('wq.action.started_on')), started),
    h('div', { class: 'field', dataset: { field: 'note' } }, h('label', { for: note.id }, t('wq.action.note')), note),
    h('div', { class: 'field-actions' }, button),
    error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldError(form, error);
    const values = { kind: kind.value, started_on: started.value, note: note.value };
    const problem = checkAction(values, today);
    if (problem) return showFieldError(form, error, t(problem.key), problem.field);
    button.disabled = true;
    try {
      await wq.addAction(a.id, actionBody(values));
      ctx.flash(t('wq.action.flash', { kind: word('action_kind', values.kind) }));
      ctx.reload();
    } catch (err) {
      button.disabled = false;
      if (!(err instanceof ApiError)) console.error(err);
      showFieldError(form, error, errorMessage(err), err.field);
    }
  });
  return h('details', { class: 'wq-action-details' }, h('summary', null, t('wq.action.title')), form);
}
