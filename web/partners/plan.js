// A partner's annual plan and its quarterly progress reports:
//   #/plans/5               the plan: activities by level, place and theme
//                           with targets per quarter; the partner edits a
//                           draft (or a returned plan) and submits it; an
//                           administrator approves or returns it; an
//                           approved plan can be revised
//   #/plans/5/progress[/3]  progress against the approved activities,
//                           quarter by quarter, with cumulative figures;
//                           the partner reports and submits, an
//                           administrator accepts or returns.

import { h, add } from '../dom.js';
import { t } from '../i18n.js';
import { papi } from './api.js';
import {
  isAdmin, actsFor, routeHash, PLAN_LEVELS, ACTIVITY_THEMES, MEASURES, fyStart, fyOf, quarterOf,
  quarterStart, wholeOrNull, MAX_DOCUMENTS,
} from './model.js';
import {
  name, num, day, when, field, input, textarea, choice, formMessages, submit, panel, statusTag,
  dataTable, facts, docLinks, tabs, button, uid, fileInput, readFiles, clearError,
} from './ui.js';

const QUARTERS = [1, 2, 3, 4];

function whole(el) {
  const v = el.value.trim();
  if (v === '') return null;
  return wholeOrNull(v) ?? v;
}

function historyTable(history, { quarter = false } = {}) {
  return dataTable({
    caption: t('sp.history'),
    cols: [
      quarter ? null : { label: t('sp.col.revision'), num: true },
      { label: t('sp.col.status') }, { label: t('sp.col.comment') }, { label: t('sp.col.by') }, { label: t('sp.col.at') },
    ].filter(Boolean),
    rows: (history || []).map((v) => h('tr', null,
      quarter ? null : h('td', { class: 'num' }, num(v.revision)),
      h('td', null, statusTag(quarter ? 'report_status' : 'plan_status', v.status)),
      h('td', { class: 'wrap-cell' }, v.comment || '—'),
      h('td', null, v.by || '—'),
      h('td', null, when(v.at)))),
  });
}

// The activities of a plan version, read only.
function activitiesTable(activities, id) {
  const rows = [];
  for (const a of activities || []) {
    const targets = a.targets || [];
    targets.forEach((x, i) => {
      rows.push(h('tr', { dataset: { activity: a.id, measure: x.measure } },
        i === 0 ? h('th', { scope: 'row', rowspan: String(targets.length), class: 'wrap-cell' },
          h('span', { class: 'sp-id' }, a.id), ' ', a.description) : null,
        i === 0 ? h('td', { rowspan: String(targets.length) }, `${name('plan_level', a.level)} · ${a.unit_name || a.unit}`) : null,
        i === 0 ? h('td', { rowspan: String(targets.length), class: 'wrap-cell' }, name('activity_theme', a.theme)) : null,
        h('td', null, name('measure', x.measure)),
        QUARTERS.map((q) => h('td', { class: 'num' }, num(x[`q${q}`]))),
        h('td', { class: 'num' }, num(QUARTERS.reduce((s, q) => s + (x[`q${q}`] || 0), 0))),
        i === 0 ? h('td', { rowspan: String(targets.length), class: 'wrap-cell' }, a.resources || '—') : null,
        i === 0 ? h('td', { rowspan: String(targets.length), class: 'num' }, a.budget_inr ? `₹${num(a.budget_inr)}` : '—') : null));
    });
  }
  return dataTable({
    id,
    caption: t('sp.plan.activities'),
    cols: [{ label: t('sp.plan.activity') }, { label: t('sp.plan.where') }, { label: t('sp.plan.theme') },
      { label: t('sp.plan.measure') }, ...QUARTERS.map((q) => ({ label: t('sp.q', { q }), num: true })),
      { label: t('sp.plan.year'), num: true }, { label: t('sp.plan.resources') }, { label: t('sp.plan.budget'), num: true }],
    rows,
    empty: t('sp.plan.no_activities'),
  });
}

// ---- The editor ------------------------------------------------------------------------------

// Place choices for an activity at each level, from where the partner works.
async function placeChoices(partner) {
  const units = partner.units || [];
  const national = units.some((u) => u.level === 'nation');
  const states = new Map(units.filter((u) => u.level === 'state').map((u) => [u.code, u.name]));
  const districts = new Map(units.filter((u) => u.level === 'district').map((u) => [u.code, u.name]));
  if (national) {
    for (const s of (await papi.states()).rows || []) states.set(s.code, s.name);
  }
  if (!national) {
    await Promise.all([...states.keys()].map(async (code) => {
      for (const d of (await papi.districts(code)).rows || []) districts.set(d.code, d.name);
    }));
  }
  const sorted = (m) => [...m].map(([code, n]) => ({ code, name: n })).sort((a, b) => a.name.localeCompare(b.name));
  return {
    national: [{ code: 'IN', name: t('breadcrumb.india') }],
    state: sorted(states),
    // A national partner types district codes.
    district: national ? null : sorted(districts),
  };
}

function planEditor(ctx, plan, places, { onSaved }) {
  const msgs = formMessages();
  const list = h('div', { class: 'sp-activities', id: 'plan-activities' });

  function unitControl(level, value) {
    const opts = places[level];
    if (!opts) {
      return input({ name: 'unit', value: value || '', spellcheck: 'false', autocapitalize: 'characters', maxlength: '40' });
    }
    return h('select', { name: 'unit' },
      h('option', { value: '' }, t('sp.choose')),
      opts.map((o) => h('option', { value: o.code, selected: o.code === value }, `${o.name} (${o.code})`)));
  }

  function sub(key, labelText, control, opts) {
    const f = field(null, labelText, control, opts);
    f.dataset.asub = key;
    return f;
  }

  function targetRow(x = {}) {
    const row = h('tr', { class: 'target-row' },
      h('td', { dataset: { tsub: '.measure' } },
        choice(MEASURES, { kind: 'measure', selected: x.measure, blank: t('sp.choose'), props: { name: 'measure', 'aria-label': t('sp.plan.measure') } })),
      QUARTERS.map((q) => h('td', { class: 'num', dataset: { tsub: `.q${q}` } },
        input({
          name: `q${q}`, type: 'number', min: '0', step: '1', inputmode: 'numeric', value: x[`q${q}`] ? String(x[`q${q}`]) : '',
          'aria-label': t('sp.plan.target_q', { q }), class: 'num-input',
        }))),
      h('td', null, button(t('sp.remove'), { dataset: { action: 'remove-target' } })));
    return row;
  }

  function activityRow(a = {}) {
    const level = a.level || 'district';
    const unitBox = h('div', { class: 'unit-box' });
    const levelSel = choice(PLAN_LEVELS, { kind: 'plan_level', selected: level, props: { name: 'level' } });
    const unitField = sub('.unit', t('sp.plan.where'), unitControl(level, a.unit));
    add(unitBox, unitField);
    levelSel.addEventListener('change', () => {
      const fresh = sub('.unit', t('sp.plan.where'), unitControl(levelSel.value, levelSel.value === 'national' ? 'IN' : ''));
      unitBox.replaceChildren(fresh);
      renumber();
    });
    const targets = h('tbody', null, (a.targets?.length ? a.targets : [{}]).map(targetRow));
    const row = h('fieldset', { class: 'repeat-row sp-activity', dataset: a.id ? { activityId: a.id } : null },
      h('legend', { class: 'row-legend' }),
      h('div', { class: 'form-grid' },
        sub('.level', t('sp.plan.level'), levelSel),
        unitBox,
        sub('.theme', t('sp.plan.theme'), choice(ACTIVITY_THEMES, { kind: 'activity_theme', selected: a.theme, blank: t('sp.choose'), props: { name: 'theme' } })),
        sub('.description', t('sp.plan.description'), textarea({ name: 'description', maxlength: '2000', rows: '2' }, a.description || ''), { cls: 'field-wide' })),
      h('div', { class: 'sp-targets', dataset: { asub: '.targets' } },
        h('p', { class: 'sp-targets-title' }, t('sp.plan.targets')),
        h('div', { class: 'table-scroll' },
          h('table', { class: 'data-table compact' },
            h('caption', { class: 'visually-hidden' }, t('sp.plan.targets')),
            h('thead', null, h('tr', null,
              h('th', { scope: 'col' }, t('sp.plan.measure')),
              QUARTERS.map((q) => h('th', { scope: 'col', class: 'num' }, t('sp.q', { q }))),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('sp.remove'))))),
            targets)),
        h('div', { class: 'row-buttons' }, button(t('sp.plan.add_target'), { dataset: { action: 'add-target' } }))),
      h('div', { class: 'form-grid' },
        sub('.resources', t('sp.plan.resources'), input({ name: 'resources', maxlength: '1000', value: a.resources || '' })),
        sub('.budget_inr', t('sp.plan.budget_inr'), input({ name: 'budget_inr', type: 'number', min: '0', step: '1', inputmode: 'numeric', value: a.budget_inr ? String(a.budget_inr) : '' })),
        h('div', { class: 'field-actions' }, button(t('sp.plan.remove_activity'), { dataset: { action: 'remove-activity' } }))));
    return row;
  }

  function renumber() {
    [...list.children].forEach((row, i) => {
      row.dataset.field = `activities[${i}]`;
      for (const f of row.querySelectorAll('[data-asub]')) f.dataset.field = `activities[${i}]${f.dataset.asub}`;
      [...row.querySelectorAll('.target-row')].forEach((tr, k) => {
        tr.dataset.field = `activities[${i}].targets[${k}]`;
        for (const c of tr.querySelectorAll('[data-tsub]')) c.dataset.field = `activities[${i}].targets[${k}]${c.dataset.tsub}`;
        tr.querySelector('[data-action="remove-target"]').hidden = row.querySelectorAll('.target-row').length === 1;
      });
      row.querySelector('.row-legend').textContent = t('sp.plan.activity_n', { n: i + 1, id: row.dataset.activityId || '' }).trim();
      row.querySelector('[data-action="remove-activity"]').setAttribute('aria-label', t('sp.plan.remove_activity_n', { n: i + 1 }));
    });
  }

  list.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-action]');
    if (!b) return;
    const row = b.closest('.sp-activity');
    if (b.dataset.action === 'add-target') {
      const tr = targetRow();
      row.querySelector('.target-row').parentElement.append(tr);
      renumber();
      tr.querySelector('select').focus();
    } else if (b.dataset.action === 'remove-target') {
      const tr = b.closest('.target-row');
      const next = tr.nextElementSibling || tr.previousElementSibling;
      tr.remove();
      renumber();
      next?.querySelector('select')?.focus();
    } else if (b.dataset.action === 'remove-activity') {
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber();
      (next?.querySelector('select') || addActivity).focus();
    }
  });

  const addActivity = button(t('sp.plan.add_activity'), { id: 'plan-add-activity' });
  addActivity.addEventListener('click', () => {
    const row = activityRow();
    add(list, row);
    renumber();
    row.querySelector('select').focus();
  });

  for (const a of plan.current.activities || []) add(list, activityRow(a));
  if (!list.children.length) add(list, activityRow());
  renumber();

  function read() {
    return [...list.children].map((row) => {
      const get = (n) => row.querySelector(`[name="${n}"]`);
      const a = {
        level: get('level').value,
        unit: get('unit').value.trim().toUpperCase() || null,
        theme: get('theme').value || null,
        description: get('description').value.trim(),
        targets: [...row.querySelectorAll('.target-row')].map((tr) => {
          const x = { measure: tr.querySelector('[name="measure"]').value || null };
          for (const q of QUARTERS) x[`q${q}`] = whole(tr.querySelector(`[name="q${q}"]`)) ?? 0;
          return x;
        }),
        resources: get('resources').value.trim(),
        budget_inr: whole(get('budget_inr')) ?? 0,
      };
      if (row.dataset.activityId) a.id = row.dataset.activityId;
      return a;
    });
  }

  const save = h('button', { type: 'submit', class: 'button-quiet', value: 'save', id: 'plan-save' }, t('sp.plan.save'));
  const send = h('button', { type: 'submit', class: 'button', value: 'submit', id: 'plan-submit' }, t('sp.plan.submit'));
  const form = h('form', { id: 'plan-form', novalidate: true },
    list,
    h('div', { class: 'row-buttons' }, addActivity),
    h('div', { class: 'field-actions' }, save, send),
    msgs.error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const submitting = e.submitter?.value === 'submit';
    let saved = false;
    const r = await submit(form, msgs.error, async () => {
      const p = await papi.savePlan(plan.id, read());
      saved = true;
      return submitting ? papi.planStatus(plan.id, 'submitted') : p;
    });
    if (r) onSaved(submitting ? t('sp.plan.submitted') : t('sp.plan.saved'));
    else if (saved) onSaved(t('sp.plan.saved_not_submitted', { message: msgs.error.textContent }), { error: true });
  });
  return form;
}

// Approve or return (administrators), with a comment.
export function decisionForm(id, { okValue, okLabel, backLabel, run, onDone }) {
  const msgs = formMessages();
  const comment = textarea({ id: `${id}-comment`, maxlength: '4000', rows: '2' });
  const form = h('form', { id, class: 'sp-decision', novalidate: true },
    h('div', { class: 'form-grid' }, field('comment', t('sp.comment'), comment, { hint: t('sp.comment_hint'), cls: 'field-wide' })),
    h('div', { class: 'field-actions' },
      h('button', { type: 'submit', class: 'button', value: okValue, dataset: { decision: okValue } }, okLabel),
      h('button', { type: 'submit', class: 'button-quiet', value: 'returned', dataset: { decision: 'returned' } }, backLabel)),
    msgs.error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const status = e.submitter?.value || okValue;
    const r = await submit(form, msgs.error, () => run(status, comment.value.trim()));
    if (r) onDone(status);
  });
  return form;
}

// ---- #/plans/{id} -----------------------------------------------------------------------------

export async function renderPlan(ctx) {
  const { body, route, session } = ctx;
  const plan = await papi.plan(route.id);
  const cur = plan.current;
  const mine = actsFor(session, plan.partner.id);
  const admin = isAdmin(session);
  const editable = mine && (cur.status === 'draft' || cur.status === 'returned');
  ctx.setTitle(t('sp.plan.title', { partner: plan.partner.name, fy: plan.fy }));
  body.dataset.status = cur.status;
  add(body, 
    h('p', null, h('a', { href: routeHash('partner', { id: plan.partner.id, tab: 'plans' }) }, `← ${plan.partner.name}`)),
    h('p', { class: 'sp-status-line', id: 'plan-status', dataset: { status: cur.status, revision: String(cur.revision) } },
      statusTag('plan_status', cur.status), ' ',
      t('sp.plan.revision_line', { n: num(cur.revision), by: cur.by || '—', time: when(cur.at) }),
      plan.in_force ? h('span', { class: 'muted' }, ` · ${t('sp.plan.in_force', { n: num(plan.in_force.revision) })}`) : null),
    cur.status === 'returned' && cur.comment
      ? h('p', { class: 'notice', id: 'plan-returned' }, t('sp.plan.returned_note', { by: cur.by, comment: cur.comment })) : null,
    plan.in_force ? h('p', null, h('a', { href: routeHash('progress', { id: plan.id }), id: 'progress-link' }, t('sp.plan.progress_link'))) : null);

  if (editable) {
    const partner = await papi.partner(plan.partner.id);
    const places = await placeChoices(partner);
    add(body, panel(t('sp.plan.edit'),
      h('p', { class: 'muted' }, t('sp.plan.edit_intro')),
      planEditor(ctx, plan, places, { onSaved: (text, opts) => ctx.reload(text, opts) })));
  } else {
    add(body, panel(t('sp.plan.activities'), activitiesTable(cur.activities, 'plan-activities-table')));
  }

  if (cur.status === 'submitted') {
    if (admin) {
      add(body, panel(t('sp.plan.decide'),
        h('p', { class: 'muted' }, t('sp.plan.decide_intro')),
        decisionForm('plan-decision', {
          okValue: 'approved',
          okLabel: t('sp.plan.approve'),
          backLabel: t('sp.plan.return'),
          run: (status, comment) => papi.planStatus(plan.id, status, comment),
          onDone: (status) => ctx.reload(t(status === 'approved' ? 'sp.plan.approved_ok' : 'sp.plan.returned_ok')),
        })));
    } else {
      add(body, h('p', { class: 'notice' }, t('sp.plan.waiting')));
    }
  }

  if (mine && cur.status === 'approved') {
    const msgs = formMessages();
    const form = h('form', { id: 'plan-revise', novalidate: true },
      h('p', { class: 'muted' }, t('sp.plan.revise_intro')),
      h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button-quiet' }, t('sp.plan.revise'))),
      msgs.error);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const r = await submit(form, msgs.error, () => papi.planStatus(plan.id, 'draft'));
      if (r) ctx.reload(t('sp.plan.revising', { n: num(r.current.revision) }));
    });
    add(body, panel(t('sp.plan.revise_title'), form));
  }

  if (plan.in_force && plan.in_force.version_id !== cur.version_id && cur.status !== 'approved') {
    add(body, panel(t('sp.plan.in_force_title', { n: num(plan.in_force.revision) }),
      activitiesTable(plan.in_force.activities, 'plan-in-force-table')));
  }
  add(body, panel(t('sp.history'), historyTable(plan.history)));
}

// ---- #/plans/{id}/progress[/q] ----------------------------------------------------------------

function defaultQuarter(fy, today) {
  const here = fyOf(today);
  if (here === fy) return quarterOf(today);
  return fyStart(here) > fyStart(fy) ? 4 : 1;
}

export async function renderProgress(ctx) {
  const { body, route, session } = ctx;
  const [plan, prog] = await Promise.all([papi.plan(route.id), papi.progress(route.id)]);
  const mine = actsFor(session, plan.partner.id);
  const admin = isAdmin(session);
  const q = route.quarter || defaultQuarter(prog.fy, ctx.today);
  const qd = prog.quarters.find((x) => x.quarter === q) || { quarter: q, current: null, history: [] };
  const status = qd.current?.status || 'none';
  ctx.setTitle(t('sp.progress.title', { partner: plan.partner.name, fy: prog.fy }));
  body.dataset.quarter = String(q);
  body.dataset.status = status;
  add(body, 
    h('p', null,
      h('a', { href: routeHash('plan', { id: plan.id }) }, `← ${t('sp.plan.name', { fy: prog.fy })}`), ' · ',
      h('a', { href: routeHash('partner', { id: plan.partner.id, tab: 'plans' }) }, plan.partner.name)));
  if (!prog.in_force_revision) {
    add(body, h('p', { class: 'notice', id: 'progress-no-plan' }, t('sp.progress.no_approved')));
    return;
  }
  add(body, 
    h('p', { class: 'muted' }, t('sp.progress.intro', { n: num(prog.in_force_revision) })),
    tabs(t('sp.progress.quarters'), prog.quarters.map((x) => ({
      href: routeHash('progress', { id: plan.id, quarter: x.quarter }),
      label: `${t('sp.q', { q: x.quarter })} · ${name('report_status', x.current?.status || 'none')}${
        x.due_on < ctx.today && !['submitted', 'accepted'].includes(x.current?.status) ? ` · ${t('sp.progress.overdue_tag')}` : ''}`,
      current: x.quarter === q,
      data: { quarter: String(x.quarter), status: x.current?.status || 'none' },
    }))));

  const started = ctx.today >= quarterStart(prog.fy, q);
  const editable = mine && started && ['none', 'draft', 'returned'].includes(status);
  const rowsNow = new Map((qd.current?.rows || []).map((r) => [`${r.activity}|${r.measure}`, r]));

  // The quarter: targets, achievements and cumulative figures per measure.
  const lines = [];
  for (const a of prog.activities || []) {
    for (const m of a.measures || []) {
      const qq = m.quarters?.[q - 1] || {};
      const got = rowsNow.get(`${a.id}|${m.measure}`);
      const achievedId = uid('ach');
      const narrativeId = uid('nar');
      const label = `${a.id} · ${name('measure', m.measure)}`;
      lines.push(h('tr', { class: 'progress-row', dataset: { activity: a.id, measure: m.measure } },
        h('th', { scope: 'row', class: 'wrap-cell' }, h('span', { class: 'sp-id' }, a.id), ' ', a.description,
          h('small', { class: 'muted' }, ` · ${a.unit_name || a.unit}`)),
        h('td', null, name('measure', m.measure)),
        h('td', { class: 'num' }, num(qq.target)),
        h('td', { class: 'num', dataset: { cumulativeTarget: String(qq.cumulative_target ?? '') } }, num(qq.cumulative_target)),
        editable
          ? h('td', { class: 'num', dataset: { sub: '.achieved' } },
            h('label', { for: achievedId, class: 'visually-hidden' }, t('sp.progress.achieved_of', { what: label })),
            input({ id: achievedId, name: 'achieved', type: 'number', min: '0', step: '1', inputmode: 'numeric', class: 'num-input', value: got ? String(got.achieved) : '' }))
          : h('td', { class: 'num', dataset: { achieved: String(got?.achieved ?? '') } }, got ? num(got.achieved) : '—'),
        h('td', { class: 'num', dataset: { cumulativeAchieved: String(qq.cumulative_achieved ?? '') } }, num(qq.cumulative_achieved)),
        editable
          ? h('td', { dataset: { sub: '.narrative' } },
            h('label', { for: narrativeId, class: 'visually-hidden' }, t('sp.progress.narrative_of', { what: label })),
            input({ id: narrativeId, name: 'narrative', maxlength: '4000', value: got?.narrative || '' }))
          : h('td', { class: 'wrap-cell' }, got?.narrative || '—')));
    }
  }
  const table = dataTable({
    id: 'progress-table',
    caption: t('sp.progress.caption', { q }),
    cols: [{ label: t('sp.plan.activity') }, { label: t('sp.plan.measure') },
      { label: t('sp.progress.target_q'), num: true }, { label: t('sp.progress.cum_target'), num: true },
      { label: t('sp.progress.achieved_q'), num: true }, { label: t('sp.progress.cum_achieved'), num: true },
      { label: t('sp.progress.narrative') }],
    rows: lines,
    empty: t('sp.plan.no_activities'),
  });

  const quarterParts = [
    facts([
      [t('sp.progress.due'), day(qd.due_on)],
      [t('sp.col.status'), statusTag('report_status', status)],
      qd.current ? [t('sp.progress.last_change'), t('sp.by_at', { who: qd.current.by, time: when(qd.current.at) })] : null,
    ]),
    status === 'returned' && qd.current?.comment
      ? h('p', { class: 'notice', id: 'report-returned' }, t('sp.progress.returned_note', { by: qd.current.by, comment: qd.current.comment })) : null,
    !started ? h('p', { class: 'notice' }, t('sp.progress.not_started', { date: day(quarterStart(prog.fy, q)) })) : null,
    h('p', { class: 'muted' }, t('sp.progress.cumulative_note')),
  ];

  if (editable) {
    const msgs = formMessages();
    const evidence = fileInput({ id: 'progress-evidence' });
    const save = h('button', { type: 'submit', class: 'button-quiet', value: 'save', id: 'progress-save' }, t('sp.progress.save'));
    const send = h('button', { type: 'submit', class: 'button', value: 'submit', id: 'progress-submit' }, t('sp.progress.submit'));
    const form = h('form', { id: 'progress-form', novalidate: true },
      table,
      h('div', { class: 'form-grid' },
        field('evidence', t('sp.progress.evidence'), evidence, { hint: t('sp.files_hint', { n: MAX_DOCUMENTS }), cls: 'field-wide' })),
      h('div', null, docLinks(qd.current?.evidence)),
      h('div', { class: 'field-actions' }, save, send),
      msgs.error);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const submitting = e.submitter?.value === 'submit';
      clearError(form, msgs.error);
      // Rows with a figure are sent; the row's place in what is sent is
      // the index the server's errors name.
      const rows = [];
      for (const tr of form.querySelectorAll('tr.progress-row')) {
        delete tr.dataset.field;
        for (const c of tr.querySelectorAll('[data-sub]')) delete c.dataset.field;
        const ach = tr.querySelector('[name="achieved"]');
        const narrative = tr.querySelector('[name="narrative"]').value.trim();
        if (ach.value.trim() === '' && !narrative) continue;
        const k = rows.length;
        tr.dataset.field = `rows[${k}]`;
        for (const c of tr.querySelectorAll('[data-sub]')) c.dataset.field = `rows[${k}]${c.dataset.sub}`;
        const row = { activity: tr.dataset.activity, measure: tr.dataset.measure, achieved: whole(ach) };
        if (narrative) row.narrative = narrative;
        rows.push(row);
      }
      let saved = false;
      const r = await submit(form, msgs.error, async () => {
        const docs = await readFiles(evidence, 'evidence');
        const b = { rows };
        if (docs.length) b.evidence = docs;
        const s = await papi.saveProgress(plan.id, q, b);
        saved = true;
        return submitting ? papi.progressStatus(plan.id, q, 'submitted') : s;
      });
      if (r) ctx.reload(t(submitting ? 'sp.progress.submitted' : 'sp.progress.saved', { q }));
      else if (saved) ctx.reload(t('sp.progress.saved_not_submitted', { message: msgs.error.textContent }), { error: true });
    });
    quarterParts.push(form);
  } else {
    quarterParts.push(table, h('div', null, h('h4', null, t('sp.progress.evidence')), docLinks(qd.current?.evidence)));
  }

  if (admin && status === 'submitted') {
    quarterParts.push(h('h4', null, t('sp.progress.decide')), decisionForm('report-decision', {
      okValue: 'accepted',
      okLabel: t('sp.progress.accept'),
      backLabel: t('sp.progress.return'),
      run: (st, comment) => papi.progressStatus(plan.id, q, st, comment),
      onDone: (st) => ctx.reload(t(st === 'accepted' ? 'sp.progress.accepted_ok' : 'sp.progress.returned_ok', { q })),
    }));
  } else if (status === 'submitted') {
    quarterParts.push(h('p', { class: 'notice' }, t('sp.progress.waiting')));
  }
  quarterParts.push(h('h4', null, t('sp.history')), historyTable(qd.history, { quarter: true }));
  add(body, h('section', { class: 'panel', id: 'quarter-panel', 'aria-labelledby': 'quarter-title', dataset: { quarter: String(q), status } },
    h('h3', { id: 'quarter-title', class: 'section-title' }, t('sp.progress.quarter_title', { q, fy: prog.fy })),
    quarterParts));

  // The year so far: every measure, quarter by quarter.
  const yearRows = [];
  for (const a of prog.activities || []) {
    for (const m of a.measures || []) {
      const pct = m.target > 0 ? Math.round((1000 * m.achieved) / m.target) / 10 : null;
      yearRows.push(h('tr', { dataset: { activity: a.id, measure: m.measure, achieved: String(m.achieved), target: String(m.target) } },
        h('th', { scope: 'row', class: 'wrap-cell' }, h('span', { class: 'sp-id' }, a.id), ' ', a.description),
        h('td', null, name('measure', m.measure)),
        (m.quarters || []).map((x) => h('td', { class: 'num' },
          t('sp.progress.of', { a: num(x.cumulative_achieved), t: num(x.cumulative_target) }))),
        h('td', { class: 'num' }, num(m.target)),
        h('td', { class: 'num' }, num(m.achieved)),
        h('td', { class: 'num' }, pct === null ? '—' : `${pct}%`)));
    }
  }
  add(body, panel(t('sp.progress.year_title', { fy: prog.fy }),
    h('p', { class: 'muted' }, t('sp.progress.year_note')),
    dataTable({
      id: 'progress-year-table',
      caption: t('sp.progress.year_title', { fy: prog.fy }),
      cols: [{ label: t('sp.plan.activity') }, { label: t('sp.plan.measure') },
        ...QUARTERS.map((x) => ({ label: t('sp.progress.to_q', { q: x }), num: true })),
        { label: t('sp.progress.year_target'), num: true }, { label: t('sp.progress.year_achieved'), num: true },
        { label: '%', num: true }],
      rows: yearRows,
      empty: t('sp.plan.no_activities'),
    })));
}

