// Parts of the operations page (view.js) for the Village Action Plan and
// its approval by the Gram Sabha, and for what a complaint carries beyond
// its steps: its photos and the water-quality samples taken for it.  Each
// function returns nodes; `ui` gives view.js's helpers:
//   { form(id, children, submitLabel, fn), field(name, label, control, hint),
//     details(summary, id, node), flash(text), reload(), lang() }.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { formatDate, todayInIndia } from '../format.js';
import { ops } from './api.js';
import * as m from './model.js';

export const PLAN_TYPES = Object.freeze(['application/pdf', 'image/jpeg', 'image/png']);
export const MAX_PLAN_BYTES = 8 * 1024 * 1024;

// The key of what is wrong with a chosen plan file, or null.
export function planProblem(file) {
  if (!file) return 'ops.vap.need_file';
  if (!PLAN_TYPES.includes(file.type)) return 'ops.vap.type';
  if (file.size > MAX_PLAN_BYTES) return 'ops.vap.size';
  return null;
}

// The financial year ("2025-26") a day (YYYY-MM-DD) falls in.
export function fyOf(day) {
  const [y, mo] = day.split('-').map(Number);
  const start = mo >= 4 ? y : y - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

// The committee's plans, newest year first, with the forms to add one and
// to record the Gram Sabha's approval (for whoever manages the committee).
export function actionPlans(committee, code, session, ui) {
  const plans = [...(committee.action_plans || [])].sort((a, b) => (b.fy.localeCompare(a.fy) || b.id - a.id));
  const out = h('section', { id: 'ops-plans', class: 'ops-section' }, h('h4', null, t('ops.vap.title')));
  if (!plans.length) out.append(h('p', { class: 'muted', id: 'ops-no-plans' }, t('ops.vap.none')));
  else {
    out.append(h('ul', { class: 'ops-list', id: 'ops-plan-list' }, plans.map((p) => h('li', {
      dataset: { id: String(p.id), fy: p.fy, approved: String(Boolean(p.approved_on)) },
    },
    h('strong', null, t('ops.vap.for', { fy: p.fy })), p.current ? '' : ` (${t('ops.vap.superseded')})`, ' · ',
    t('ops.vap.prepared', { on: formatDate(p.prepared_on, ui.lang()) }), ' · ',
    h('a', { href: p.document.href, target: '_blank', rel: 'noopener' },
      `${t('ops.vap.document')} (${Math.max(1, Math.round(p.document.size / 1024))} KB)`),
    h('br'),
    p.approved_on
      ? h('span', { class: 'ops-ok' }, `✓ ${t('ops.vap.approved', { on: formatDate(p.approved_on, ui.lang()) })}`, p.resolution ? ` — ${p.resolution}` : '')
      : h('span', { class: 'ops-bad' }, `✗ ${t('ops.vap.not_approved')}`),
    session && !p.approved_on && p.current ? approvalForm(p, ui) : null))));
  }
  if (session) out.append(planForm(code, ui));
  return out;
}

function planForm(code, ui) {
  const today = todayInIndia();
  const fy = h('input', { id: 'ops-vap-fy', name: 'fy', value: fyOf(today), maxlength: 7, inputmode: 'numeric' });
  const prepared = h('input', { id: 'ops-vap-prepared', name: 'prepared_on', type: 'date', value: today });
  const file = h('input', { id: 'ops-vap-file', name: 'document', type: 'file', accept: PLAN_TYPES.join(',') });
  return ui.details(t('ops.vap.add'), 'ops-add-plan', ui.form('ops-vap-form', [
    ui.field('fy', t('ops.field.fy'), fy, t('ops.vap.fy_hint')),
    ui.field('prepared_on', t('ops.field.prepared_on'), prepared),
    ui.field('document', t('ops.field.vap_document'), file, t('ops.vap.file_hint')),
  ], t('ops.vap.add'), async () => {
    const f = file.files?.[0];
    const bad = planProblem(f);
    if (bad) throw Object.assign(new Error('document'), { key: bad, field: 'document' });
    await ops.addActionPlan(code, {
      fy: fy.value.trim(),
      prepared_on: prepared.value,
      document: { name: f.name, content_type: f.type, data_base64: m.toBase64(await f.arrayBuffer()) },
    });
    ui.flash(t('ops.vap.added', { fy: fy.value.trim() }));
    await ui.reload();
  }));
}

function approvalForm(p, ui) {
  const on = h('input', { id: `ops-vap-approved-${p.id}`, name: 'approved_on', type: 'date', value: todayInIndia() });
  const res = h('textarea', { id: `ops-vap-resolution-${p.id}`, name: 'resolution', rows: 2 });
  return ui.details(t('ops.vap.approve'), `ops-approve-${p.id}`, ui.form(`ops-vap-approve-${p.id}`, [
    ui.field('approved_on', t('ops.field.approved_on'), on),
    ui.field('resolution', t('ops.field.resolution'), res, t('ops.vap.resolution_hint')),
  ], t('ops.vap.approve'), async () => {
    if (res.value.trim().length < 3) throw Object.assign(new Error('resolution'), { key: 'ops.vap.need_resolution', field: 'resolution' });
    await ops.approveActionPlan(p.id, { approved_on: on.value, resolution: res.value.trim() });
    ui.flash(t('ops.vap.approval_recorded', { fy: p.fy }));
    await ui.reload();
  }));
}

// The address of a complaint's photo: with the secret for the filer.
export function photoHref(reference, id, secret) {
  const q = secret ? `?secret=${encodeURIComponent(secret)}` : '';
  return `/api/v1/complaints/track/${encodeURIComponent(reference)}/photos/${id}${q}`;
}

// The complaint's photos (the filing photo, then each step's).
export function complaintPhotos(c, secret) {
  const ids = [];
  if (c.photo) ids.push(['ops.photo.filed', c.photo]);
  for (const e of c.events || []) if (e.photo) ids.push(['ops.photo.step', e.photo]);
  if (!ids.length) return null;
  return h('p', { class: 'ops-photos' }, ids.map(([key, id], i) => [i ? ' · ' : '',
    h('a', { href: photoHref(c.reference, id, secret), target: '_blank', rel: 'noopener', dataset: { photo: String(id) } }, t(key))]));
}

// The samples taken for a complaint with their verdicts, and (for whoever
// handles it, `canLink`) the form to link one by its code.
export function complaintSamples(c, canLink, ui) {
  const list = c.samples || [];
  if (!list.length && !canLink) return null;
  const out = h('div', { class: 'ops-samples', dataset: { samples: String(list.length) } });
  if (list.length) {
    out.append(h('ul', { class: 'ops-list' }, list.map((s) => h('li', { dataset: { code: s.code, status: s.status } },
      `${t('ops.sample.label')} ${s.code}: `,
      h('strong', { class: s.status === 'unsafe' ? 'ops-bad' : s.status === 'safe' ? 'ops-ok' : '' },
        `${s.status === 'unsafe' ? '✗ ' : s.status === 'safe' ? '✓ ' : ''}${t(`ops.sample.${s.status}`)}`)))));
  } else if (c.quality_test_requested) {
    out.append(h('p', { class: 'muted' }, t('ops.sample.none_yet')));
  }
  if (canLink) {
    const code = h('input', { id: `ops-sample-${c.id}`, name: 'sample', autocomplete: 'off' });
    out.append(ui.details(t('ops.sample.link'), null, ui.form(`ops-sample-form-${c.id}`, [
      ui.field('sample', t('ops.field.sample'), code, t('ops.sample.hint')),
    ], t('ops.sample.link'), async () => {
      await ops.linkSample(c.id, { sample: code.value.trim() });
      ui.flash(t('ops.sample.linked', { code: code.value.trim(), ref: c.reference }));
      await ui.reload();
    })));
  }
  return out;
}

// ---- breakdowns of a scheme's assets -----------------------------------------
// The village's schemes' assets as [id, label] for the breakdown form.
export function assetChoices(schemes) {
  const out = [];
  for (const s of schemes || []) {
    for (const a of s.assets || []) {
      const type = t(`sup.asset_type.${a.type}`);
      out.push([a.id, `${a.name || type}${a.name ? ` (${type})` : ''} · ${s.name}`]);
    }
  }
  return out;
}

// The asset a breakdown names, in words ('' for none or an unknown one).
export function assetLabel(schemes, id) {
  if (!id) return '';
  return assetChoices(schemes).find(([x]) => x === id)?.[1] || '';
}

// Each asset's repair history from GET /schemes/{id}/breakdowns answers.
export function assetRepairs(histories, ui) {
  const rows = (histories || []).flatMap((hh) => hh.assets || []);
  if (!rows.length) return null;
  return h('div', { id: 'ops-repairs', class: 'ops-section' }, h('h4', null, t('ops.bd.repairs')),
    h('ul', { class: 'ops-list' }, rows.map((a) => h('li', { dataset: { asset: String(a.asset_id), down: String(Boolean(a.down_since)) } },
      h('strong', null, a.name || t(`sup.asset_type.${a.type}`)), ' · ',
      t('ops.bd.repair_counts', { n: a.breakdowns, days: a.days_down }),
      a.down_since ? h('span', { class: 'ops-bad' }, ` · ✗ ${t('ops.bd.down_since', { on: formatDate(a.down_since, ui.lang()) })}`)
        : a.last_repaired_on ? ` · ${t('ops.bd.last_repaired', { on: formatDate(a.last_repaired_on, ui.lang()) })}` : ''))));
}
