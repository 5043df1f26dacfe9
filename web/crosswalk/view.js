// Importing a villages file (/?view=crosswalk), for state and district
// officers within their places: choose the file, check it (POST
// /imports/villages/check), decide what each name no LGD place matches
// means (a radio per candidate with its score, or "leave unplaced"; the
// server prefills the candidate clearly ahead), check again (names under a
// district just placed appear then), and import: a dry run first says how
// many rows will go in, and only a confirmation commits (POST
// /imports/villages).  The server checks everything again.

import { h, fill, $ } from '../dom.js';
import { t } from '../i18n.js';
import { send, ApiError } from '../api.js';
import { errorMessage } from '../errors.js';
import { sessionEnded } from '../session.js';
import { formatIndian } from '../format.js';
import { showFieldError, clearFieldError } from '../forms.js';
import { fileMembers, TABLE_FILES } from '../upload.js';
import { mayImport, nameKey, mergeGroups, decisionsOf, matchWords, countKey } from './model.js';

// Rejected rows shown before "show all".
const FIRST_REJECTIONS = 20;

export function createCrosswalkView() {
  const els = {
    view: $('#crosswalk-view'),
    title: $('#crosswalk-title'),
    message: $('#crosswalk-message'),
    body: $('#crosswalk-body'),
  };
  let session = null;
  let file = null; // {members, name}: the request's file members (upload.js)
  let asOf = '';
  let groups = []; // [{key, state, district, district_code, names: [entry]}]
  const choices = new Map(); // nameKey -> code ('' = leave unplaced)
  let report = null; // the last check's answer
  let pending = null; // the dry run awaiting confirmation
  let result = null; // the committed import's answer
  let problem = null; // {error, where}
  let busy = false;
  let seq = 0;

  function showMessage(text) {
    els.message.textContent = text || '';
    els.message.hidden = !text;
  }

  function numberText(n) {
    return formatIndian(Number(n) || 0);
  }

  // ---- Drawing --------------------------------------------------------------

  function paint() {
    if (!session || !mayImport(session)) {
      fill(els.body);
      showMessage(session ? t('cw.not_allowed') : t('cw.sign_in'));
      return;
    }
    showMessage('');
    fill(els.body, paintFileForm(), report && paintReport(), report && paintNames(),
      report && paintActions(), pending && paintConfirm(), result && paintResult());
    if (problem) showProblem();
  }

  function paintFileForm() {
    const form = h('form', { id: 'cw-file-form', class: 'panel form-grid', novalidate: true, onsubmit: onCheck },
      h('div', { class: 'field', dataset: { field: 'file' } },
        h('label', { for: 'cw-file' }, t('cw.file')),
        h('input', { id: 'cw-file', name: 'file', type: 'file', accept: TABLE_FILES, required: true }),
        h('small', { class: 'muted' }, file ? t('cw.file_chosen', { name: file.name }) : t('cw.file_hint'))),
      h('div', { class: 'field', dataset: { field: 'sheet' } },
        h('label', { for: 'cw-sheet' }, t('upload.sheet')),
        h('input', { id: 'cw-sheet', name: 'sheet', type: 'text', autocomplete: 'off' }),
        h('small', { class: 'muted' }, t('upload.sheet_hint'))),
      h('div', { class: 'field', dataset: { field: 'as_of' } },
        h('label', { for: 'cw-as-of' }, t('cw.as_of')),
        h('input', { id: 'cw-as-of', name: 'as_of', type: 'date', min: '2019-08-15', value: asOf }),
        h('small', { class: 'muted' }, t('cw.as_of_hint'))),
      h('div', { class: 'field-actions' },
        h('button', { id: 'cw-check', type: 'submit', class: 'button', disabled: busy }, t('cw.check'))),
      h('p', { id: 'cw-error', class: 'form-error', role: 'alert', hidden: true }));
    return form;
  }

  // `imported`: the committed import's counts ("rows imported").
  function summary(r, id, imported = false) {
    return h('dl', { id, class: 'facts cw-summary', dataset: { rowsRead: r.rows_read, rowsAccepted: r.rows_accepted, rowsRejected: r.rows_rejected } },
      [['cw.rows_read', r.rows_read], [imported ? 'cw.rows_imported' : 'cw.rows_accepted', r.rows_accepted],
        ['cw.rows_rejected', r.rows_rejected]]
        .map(([key, n]) => h('div', null, h('dt', null, t(key)), h('dd', null, numberText(n)))));
  }

  function countList(r) {
    const items = Object.entries(r.counts || {}).filter(([, n]) => n !== 0).map(([what, n]) => {
      const key = countKey(what);
      const label = key ? t(key) : what;
      return h('li', { dataset: { count: what } }, t('cw.count_item', { what: label, n: numberText(n) }));
    });
    return items.length ? h('ul', { class: 'cw-counts' }, items) : null;
  }

  function rejectionItem(x) {
    return h('li', null,
      h('span', { class: 'cw-where' }, x.cell
        ? t('cw.rejection_cell', { cell: x.cell, column: x.column || '–', value: x.value })
        : t('cw.rejection_where', { row: numberText(x.row), column: x.column || '–', value: x.value })),
      ' ', h('span', { class: 'cw-reason', lang: 'en' }, x.reason));
  }

  function paintReport() {
    const r = report;
    const rows = r.rejections || [];
    const first = rows.slice(0, FIRST_REJECTIONS);
    const rest = rows.slice(FIRST_REJECTIONS);
    return h('section', { id: 'cw-report', class: 'panel', 'aria-labelledby': 'cw-report-title' },
      h('h3', { id: 'cw-report-title', class: 'section-title', tabindex: '-1' }, t('cw.report_title', { name: r.source })),
      summary(r, 'cw-summary'),
      countList(r),
      rows.length ? h('div', { id: 'cw-rejections' },
        h('h4', { class: 'cw-subtitle' }, t('cw.rejections_title')),
        r.rows_rejected > rows.length ? h('p', { class: 'muted' }, t('cw.rejections_capped', { shown: numberText(rows.length), total: numberText(r.rows_rejected) })) : null,
        h('ol', { class: 'cw-rejections' }, first.map(rejectionItem)),
        rest.length ? h('details', null, h('summary', null, t('cw.rejections_more', { n: numberText(rest.length) })),
          h('ol', { class: 'cw-rejections', start: FIRST_REJECTIONS + 1 }, rest.map(rejectionItem))) : null) : null);
  }

  function nameBlock(entry, i) {
    const key = nameKey(entry);
    const chosen = choices.get(key) ?? '';
    const radio = (value, label, extra) => h('label', { class: 'cw-choice' },
      h('input', { type: 'radio', name: `cw-name-${i}`, value, checked: chosen === value, dataset: { key }, onchange: onChoice }),
      h('span', null, label), extra);
    return h('fieldset', { class: 'cw-name', dataset: { key, level: entry.level, source: entry.source_name } },
      h('legend', null, t(`cw.level_${entry.level}`, { name: entry.source_name }),
        ' ', h('span', { class: 'muted' }, t('cw.name_rows', { n: numberText(entry.rows), parent: entry.parent_name }))),
      entry.candidates.length === 0 ? h('p', { class: 'muted' }, t('cw.no_candidate')) : null,
      entry.candidates.map((c) => radio(c.code, t('cw.candidate', { name: c.name, code: c.code }),
        h('span', { class: 'cw-score muted' }, t('cw.score', { score: Number(c.score).toFixed(2), how: t(matchWords(c.score)) })))),
      radio('', t('cw.leave_unplaced')));
  }

  function paintNames() {
    let i = 0;
    const n = report.names || {};
    return h('section', { id: 'cw-names', class: 'panel', 'aria-labelledby': 'cw-names-title' },
      h('h3', { id: 'cw-names-title', class: 'section-title' }, t('cw.names_title')),
      h('p', { class: 'muted' }, groups.length
        ? t('cw.names_intro', { total: numberText(n.total), accepted: numberText(n.accepted), person: numberText(n.for_person) })
        : t('cw.names_none')),
      groups.map((g) => h('fieldset', { class: 'cw-group', dataset: { district: g.district, state: g.state } },
        h('legend', null, g.district ? t('cw.group_district', { district: g.district, state: g.state }) : t('cw.group_state', { state: g.state })),
        g.names.map((entry) => nameBlock(entry, i++)))));
  }

  function paintActions() {
    return h('div', { class: 'panel cw-actions' },
      h('p', { class: 'muted' }, t('cw.actions_hint')),
      h('div', { class: 'field-actions' },
        h('button', { id: 'cw-recheck', type: 'button', class: 'button-quiet', disabled: busy, onclick: onRecheck }, t('cw.recheck')),
        h('button', { id: 'cw-import', type: 'button', class: 'button', disabled: busy, onclick: onImport }, t('cw.import'))),
      h('p', { id: 'cw-action-error', class: 'form-error', role: 'alert', hidden: true }));
  }

  function paintConfirm() {
    const r = pending;
    return h('section', { id: 'cw-confirm', class: 'panel cw-confirm', role: 'alertdialog', 'aria-labelledby': 'cw-confirm-title', 'aria-describedby': 'cw-confirm-text' },
      h('h3', { id: 'cw-confirm-title', class: 'section-title' }, t('cw.confirm_title')),
      h('p', { id: 'cw-confirm-text' }, t('cw.confirm_text', { rows: numberText(r.rows_accepted), rejected: numberText(r.rows_rejected), name: r.source })),
      countList(r),
      h('label', { class: 'check-line' },
        h('input', { id: 'cw-remember', type: 'checkbox', checked: true }),
        ' ', t('cw.remember')),
      h('div', { class: 'field-actions' },
        h('button', { id: 'cw-confirm-yes', type: 'button', class: 'button', disabled: busy || r.rows_accepted === 0, onclick: onConfirm }, t('cw.confirm_yes')),
        h('button', { id: 'cw-confirm-no', type: 'button', class: 'button-quiet', disabled: busy, onclick: onCancel }, t('cw.confirm_no'))));
  }

  function paintResult() {
    const r = result;
    return h('section', { id: 'cw-result', class: 'panel', role: 'status', tabindex: '-1', dataset: { committed: String(r.committed) } },
      h('h3', { class: 'section-title' }, r.committed ? t('cw.result_done') : t('cw.result_not_done')),
      summary(r, 'cw-result-summary', r.committed),
      countList(r),
      r.aliases ? h('p', { id: 'cw-remembered' }, t('cw.remembered', { n: numberText(r.aliases.stored + r.aliases.already_stored) })) : null,
      ...(r.aliases?.refused ?? []).map((x) => h('p', { class: 'cw-not-remembered' }, t('cw.not_remembered', { name: x.source_name, reason: x.reason }))),
      h('p', null, h('a', { href: '/' }, t('cw.to_dashboard'))));
  }

  function showProblem() {
    const { error, where } = problem;
    const text = errorMessage(error);
    if (where === 'check') {
      const form = $('#cw-file-form', els.body);
      if (form) showFieldError(form, $('#cw-error', els.body), text, error.field);
    } else {
      const el = $('#cw-action-error', els.body);
      if (el) {
        el.textContent = text;
        el.hidden = false;
      } else {
        showMessage(text);
      }
    }
  }

  // ---- Requests ------------------------------------------------------------

  function payload(extra = {}) {
    const body = { ...file.members, decisions: decisionsOf(groups, choices), ...extra };
    if (asOf) body.as_of = asOf;
    return body;
  }

  // Runs `fn` with the page marked busy; a failure is shown at `where`.
  async function run(where, fn) {
    if (busy) return;
    const mySeq = seq;
    busy = true;
    problem = null;
    paint();
    els.view.setAttribute('aria-busy', 'true');
    try {
      await fn();
    } catch (e) {
      if (!(e instanceof ApiError) && !e?.i18nKey) console.error(e);
      if (e instanceof ApiError && e.status === 401) sessionEnded();
      problem = { error: e, where };
    } finally {
      if (mySeq === seq) {
        busy = false;
        els.view.removeAttribute('aria-busy');
        paint();
      }
    }
  }

  async function check() {
    const r = await send('POST', '/imports/villages/check', payload());
    report = r;
    groups = mergeGroups(groups, r.districts || []);
    for (const g of r.districts || []) {
      for (const entry of g.names) {
        const key = nameKey(entry);
        if (!choices.has(key)) choices.set(key, entry.decision === 'accept' && entry.code ? entry.code : '');
      }
    }
  }

  async function onCheck(e) {
    e.preventDefault();
    const form = e.currentTarget;
    const input = form.elements.file;
    const chosen = input.files?.[0];
    asOf = form.elements.as_of.value;
    if (!chosen && !file) {
      clearFieldError(form, $('#cw-error', form));
      showFieldError(form, $('#cw-error', form), t('cw.need_file'), 'file');
      return;
    }
    await run('check', async () => {
      if (chosen) {
        file = { members: await fileMembers(chosen, form.elements.sheet.value), name: chosen.name };
        // A new file: its names and choices start afresh.
        report = null;
        groups = [];
        choices.clear();
      }
      pending = null;
      result = null;
      await check();
    });
    $('#cw-report-title', els.body)?.focus();
  }

  function onChoice(e) {
    choices.set(e.target.dataset.key, e.target.value);
  }

  function onRecheck() {
    pending = null;
    result = null;
    run('action', check);
  }

  async function onImport() {
    await run('action', async () => {
      result = null;
      pending = await send('POST', '/imports/villages', payload({ commit: false, skip_invalid: true }));
    });
    $('#cw-confirm-yes', els.body)?.focus();
  }

  async function onConfirm() {
    await run('action', async () => {
      const remember = $('#cw-remember', els.body)?.checked ?? false;
      const r = await send('POST', '/imports/villages', payload({ commit: true, skip_invalid: true, remember_decisions: remember }));
      pending = null;
      result = r;
    });
    $('#cw-result', els.body)?.focus();
  }

  function onCancel() {
    pending = null;
    paint();
    $('#cw-import', els.body)?.focus();
  }

  return {
    async show(s) {
      seq++;
      if (session?.username !== s?.username) {
        file = null;
        groups = [];
        choices.clear();
        report = pending = result = problem = null;
      }
      session = s;
      busy = false;
      els.view.hidden = false;
      paint();
      return 'ready';
    },
    hide() {
      seq++;
      els.view.hidden = true;
    },
    focus() {
      els.title.focus();
    },
    repaint() {
      if (!els.view.hidden) paint();
    },
  };
}
