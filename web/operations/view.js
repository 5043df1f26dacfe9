// The village runs its water (/?view=complaint, /?view=operations):
//   /?view=complaint[&village=V]          the public complaint form
//   /?view=complaint&ref=R&secret=S       following a complaint by its link
//   /?view=operations&place=V             a village's committee, its
//                                         complaints and breakdowns
//   /?view=operations&tab=queue&place=P   an officer's complaint queue and
//                                         committees not meeting the rules
//   /?view=operations&tab=place&place=P   complaints by place (public)
// app.js routes here with the state (url.js reads the part with
// model.js readOps).  After a write the page is read again and a message
// (#ops-flash, focused) says what happened.

import { h, fill, add, $ } from '../dom.js';
import { t, getLanguage } from '../i18n.js';
import { ApiError } from '../api.js';
import { errorMessage } from '../errors.js';
import { showFieldError, clearFieldError } from '../forms.js';
import { formatDate, formatDateTime, formatIndian, todayInIndia } from '../format.js';
import { toUrl } from '../url.js';
import { ops } from './api.js';
import * as m from './model.js';
import { actionPlans, assetChoices, assetLabel, assetRepairs, complaintPhotos, complaintSamples } from './plans.js';
import { money, moneySection, moneyPlaceSection } from './money.js';
import { sourcesSection, fallingSection } from './sources.js';

const field = (name, label, control, hint) => h('div', { class: 'field ops-field', dataset: { field: name } },
  h('label', { for: control.id }, label), control, hint ? h('p', { class: 'muted ops-hint' }, hint) : null);

const options = (values, prefix, chosen) => values.map((v) => h('option', { value: v, selected: v === chosen }, t(`${prefix}.${v}`)));

function clockEl(c, now = Date.now()) {
  if (!m.isOpen(c)) return null;
  const el = h('span', { class: 'ops-clock', dataset: { deadline: c.deadline } });
  setClock(el, now);
  return el;
}

// The clock's words and sign (⏱ time left, ! overdue: never colour alone).
function setClock(el, now = Date.now()) {
  const over = Boolean(m.clockParts(el.dataset.deadline, now)?.overdue);
  el.classList.toggle('ops-overdue', over);
  el.dataset.overdue = String(over);
  el.textContent = `${over ? '!' : '⏱'} ${m.clockText(el.dataset.deadline, now, t)}`;
}

// The clocks on the page move on by themselves (the forms stay as typed).
setInterval(() => {
  for (const el of document.querySelectorAll('#operations-view:not([hidden]) .ops-clock[data-deadline]')) setClock(el);
}, 30_000);

export function createOperationsView({ navigate }) {
  const els = {
    view: $('#operations-view'),
    title: $('#operations-title'),
    flash: $('#ops-flash'),
    message: $('#operations-message'),
    body: $('#operations-body'),
  };
  let state = null;
  let session = null;
  let rules = null;
  let data = null;
  let seq = 0;
  let flashText = '';
  let flashKeep = 0;
  let filed = null; // the answer of the last complaint filed here
  let fallThreshold = '1'; // the officer's falling-sources threshold, metres

  const o = () => state.ops || {};
  const lang = () => getLanguage();
  const href = (view, ops2) => toUrl({ view, lang: state.lang, ops: ops2 });

  function flash(text) {
    flashText = text;
    flashKeep = 1;
  }

  function showMessage(text) {
    els.message.textContent = text || '';
    els.message.hidden = !text;
  }

  function title(s = state) {
    const q = s?.ops || {};
    if (s?.view === 'complaint') return t(q.ref ? 'ops.follow.title' : 'ops.file.title');
    return t(`ops.tab.${q.tab || 'committee'}`);
  }

  // A form whose submit runs `fn(form, errorEl)`; a refusal goes beside
  // the field the server names.
  function form(id, children, submitLabel, fn) {
    const err = h('p', { class: 'field-error', role: 'alert', hidden: true });
    const button = h('button', { type: 'submit', class: 'ops-button', id: `${id}-submit` }, submitLabel);
    const f = h('form', { id, class: 'ops-form', novalidate: true }, children, h('div', { class: 'field-actions' }, button), err);
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearFieldError(f, err);
      button.disabled = true;
      try {
        await fn(f);
      } catch (x) {
        if (!(x instanceof ApiError) && !x.key) console.error(x);
        showFieldError(f, err, x.key ? t(x.key) : errorMessage(x), x.field);
      } finally {
        button.disabled = false;
      }
    });
    return f;
  }

  function details(summary, id, f) {
    return h('details', { class: 'ops-more', id }, h('summary', null, summary), f);
  }

  // view.js's helpers for the parts in plans.js.
  const ui = { form, field, details, flash, reload: () => reload(), lang };

  // ---- the public form --------------------------------------------------
  function placePicker(initial) {
    const hidden = h('input', { type: 'hidden', id: 'ops-village', name: 'village', value: initial?.code || '' });
    const chosen = h('p', { id: 'ops-village-chosen', class: 'ops-chosen', 'aria-live': 'polite' },
      initial ? t('ops.file.village_chosen', { name: initial.name }) : '');
    const list = h('ul', { id: 'ops-village-results', class: 'ops-results' });
    const input = h('input', { id: 'ops-village-search', type: 'search', autocomplete: 'off', placeholder: t('ops.file.village_placeholder') });
    let timer = 0;
    let ctl = null;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2) return fill(list);
      timer = setTimeout(async () => {
        ctl?.abort();
        ctl = new AbortController();
        try {
          const r = await ops.search(q, { signal: ctl.signal });
          const villages = (r.results || []).filter((x) => x.level === 'village');
          fill(list, villages.length ? villages.map((v) => h('li', null, h('button', {
            type: 'button', class: 'ops-pick', dataset: { code: v.code },
            onclick: () => {
              hidden.value = v.code;
              chosen.textContent = t('ops.file.village_chosen', { name: v.name });
              input.value = '';
              fill(list);
            },
          }, h('span', { class: 'ops-pick-name' }, v.name), h('span', { class: 'muted' }, v.path || '')))) : h('li', { class: 'muted' }, t('search.none', { q })));
        } catch (e) {
          if (e.name !== 'AbortError') fill(list, h('li', null, errorMessage(e)));
        }
      }, 200);
    });
    return h('div', { class: 'field ops-field', dataset: { field: 'village' } },
      h('label', { for: 'ops-village-search' }, t('ops.file.village')), input, list, chosen, hidden);
  }

  function paintFile() {
    if (filed) {
      const link = new URL(filed.follow, window.location.origin);
      if (state.lang) link.searchParams.set('lang', state.lang);
      return h('section', { id: 'ops-filed', class: 'ops-card ops-filed', dataset: { reference: filed.reference } },
        h('h3', { tabindex: '-1' }, t('ops.file.done')),
        h('p', { class: 'ops-ref' }, t('ops.file.reference'), ' ', h('strong', { id: 'ops-filed-ref' }, filed.reference)),
        h('p', null, h('a', { id: 'ops-follow-link', class: 'ops-button', href: link.pathname + link.search }, t('ops.file.follow'))),
        h('p', { class: 'ops-keep' }, t('ops.file.keep')),
        h('p', { class: 'ops-link-text' }, h('code', null, link.href)),
        filed.quality_test_requested ? h('p', null, t('ops.quality_test')) : null,
        h('p', null, h('a', { href: href('complaint', {}), onclick: () => { filed = null; } }, t('ops.file.another'))));
    }
    const initial = data?.village || null;
    const cat = h('select', { id: 'ops-category', name: 'category' },
      h('option', { value: '' }, t('ops.file.category_choose')),
      (rules?.categories || []).map((c) => h('option', { value: c.code }, m.categoryName(rules, c.code, lang()))));
    const desc = h('textarea', { id: 'ops-description', name: 'description', rows: 4, maxlength: 2000 });
    const contact = h('input', { id: 'ops-contact', name: 'contact', autocomplete: 'tel', maxlength: 200 });
    const photo = h('input', { id: 'ops-photo', name: 'photo', type: 'file', accept: 'image/jpeg,image/png' });
    const requestId = `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    return form('ops-file-form', [
      h('p', { class: 'muted' }, t('ops.file.intro')),
      placePicker(initial),
      field('category', t('ops.file.category'), cat),
      field('description', t('ops.file.description'), desc),
      field('contact', t('ops.file.contact'), contact, t('ops.file.contact_hint')),
      field('photo', t('ops.file.photo'), photo, t('ops.file.photo_hint')),
    ], t('ops.file.submit'), async (f) => {
      const village = f.querySelector('#ops-village').value;
      if (!village) throw Object.assign(new Error('village'), { key: 'ops.file.need_village', field: 'village' });
      if (!cat.value) throw Object.assign(new Error('category'), { key: 'ops.file.need_category', field: 'category' });
      let p = null;
      const file = photo.files?.[0];
      if (file) {
        const bad = m.photoProblem(file);
        if (bad) throw Object.assign(new Error('photo'), { key: bad, field: 'photo' });
        p = { content_type: file.type, data_base64: m.toBase64(await file.arrayBuffer()) };
      }
      filed = await ops.file(m.complaintBody({
        village, category: cat.value, description: desc.value, contact: contact.value, photo: p, requestId,
      }));
      paint();
      els.body.querySelector('#ops-filed h3')?.focus();
    });
  }

  // ---- following a complaint ----------------------------------------------
  function events(list) {
    return h('ol', { class: 'ops-events' }, (list || []).map((e) => h('li', { dataset: { kind: e.kind } },
      h('span', { class: 'ops-when' }, formatDateTime(e.at, lang(), { seconds: false })), ' ',
      h('strong', null, t(m.eventKey(e.kind))),
      e.level ? ` (${t(m.holderKey(e.level))})` : '',
      m.showsNote(e) ? h('span', { class: 'ops-note' }, ` — ${e.note}`) : null,
      e.by ? h('span', { class: 'muted' }, ` · ${e.by}`) : null)));
  }

  function complaintFacts(c) {
    return [
      h('p', { class: 'ops-status' },
        h('span', { id: 'ops-status', class: `ops-tag ops-tag-${c.status}`, dataset: { status: c.status } }, t(m.statusKey(c.status))),
        ' ', clockEl(c)),
      h('dl', { class: 'ops-facts' },
        h('dt', null, t('ops.field.village')), h('dd', null, c.village?.name || ''),
        h('dt', null, t('ops.field.category')), h('dd', null, m.categoryName(rules, c.category, lang())),
        h('dt', null, t('ops.field.held_by')), h('dd', { id: 'ops-held-by', dataset: { level: c.held_by } }, t(m.holderKey(c.held_by))),
        h('dt', null, t('ops.field.filed_at')), h('dd', null, formatDateTime(c.filed_at, lang(), { seconds: false })),
        h('dt', null, t('ops.field.deadline')), h('dd', null, formatDateTime(c.deadline, lang(), { seconds: false })),
        c.next_escalation_at && m.isOpen(c) ? [h('dt', null, t('ops.field.next_escalation')),
          h('dd', null, formatDateTime(c.next_escalation_at, lang(), { seconds: false }))] : null,
        h('dt', null, t('ops.field.description')), h('dd', { class: 'ops-desc' }, c.description)),
      c.quality_test_requested ? h('p', null, t('ops.quality_test')) : null,
    ];
  }

  function paintFollow() {
    const c = data.complaint;
    const out = h('section', { id: 'ops-follow', class: 'ops-card', dataset: { status: c.status, reference: c.reference } },
      h('h3', { tabindex: '-1' }, t('ops.follow.heading', { ref: c.reference })),
      complaintFacts(c),
      complaintPhotos(c, o().secret),
      complaintSamples(c, false, ui),
      h('h4', null, t('ops.follow.events')), events(c.events));
    if (m.filerCanAct(c)) {
      const note = h('textarea', { id: 'ops-filer-note', name: 'note', rows: 2 });
      let action = 'confirm';
      const f = form('ops-filer-form', [
        h('p', null, t('ops.follow.resolved_ask')),
        field('note', t('ops.follow.note'), note, t('ops.follow.note_hint')),
        h('button', { type: 'submit', id: 'ops-reopen', class: 'ops-button ops-secondary', onclick: () => { action = 'reopen'; } }, t('ops.follow.reopen')),
      ], t('ops.follow.confirm'), async () => {
        const a = action;
        action = 'confirm';
        if (a === 'reopen' && note.value.trim().length < 3) throw Object.assign(new Error('note'), { key: 'ops.follow.need_note', field: 'note' });
        await ops.filerAction(o().ref, m.filerBody(o().secret, a, note.value));
        flash(t(a === 'reopen' ? 'ops.follow.reopened' : 'ops.follow.confirmed'));
        await reload();
      });
      f.querySelector('#ops-filer-form-submit').id = 'ops-confirm';
      add(out, f);
    }
    return out;
  }

  // ---- the committee's page --------------------------------------------
  function paintCommittee() {
    const { committee, complaints, breakdowns, place, accounts } = data;
    const code = place?.code || o().place;
    const out = [h('h3', { tabindex: '-1' }, place?.name || code)];
    if (!committee) {
      out.push(h('p', { id: 'ops-no-committee' }, t('ops.com.none')));
      if (session) {
        const name = h('input', { id: 'ops-com-name', name: 'name' });
        const formed = h('input', { id: 'ops-com-formed', name: 'formed_on', type: 'date', value: todayInIndia() });
        out.push(form('ops-com-form', [field('name', t('ops.com.name'), name), field('formed_on', t('ops.com.formed_on'), formed)],
          t('ops.com.create'), async () => {
            const b = { village: code, formed_on: formed.value };
            if (name.value.trim()) b.name = name.value.trim();
            await ops.createCommittee(b);
            flash(t('ops.com.created'));
            await reload();
          }));
      }
    } else {
      const comp = committee.composition || {};
      out.push(h('section', { id: 'ops-committee', class: 'ops-card', dataset: { meets: String(Boolean(comp.meets)) } },
        h('h4', null, committee.name || t('ops.com.title')),
        h('p', { id: 'ops-composition', class: comp.meets ? 'ops-ok' : 'ops-bad' },
          comp.meets ? `✓ ${t('ops.com.meets')}` : `✗ ${t('ops.com.fails')}`),
        h('p', { class: 'muted' }, t('ops.com.counts', {
          size: comp.size ?? 0, women: comp.women ?? 0, elected: comp.elected ?? 0, sc: comp.sc ?? 0, st: comp.st ?? 0,
        })),
        (comp.shortfalls || []).length ? h('ul', { id: 'ops-shortfalls', class: 'ops-shortfalls' },
          comp.shortfalls.map((s) => h('li', { dataset: { code: s.code } }, t(...m.shortfallWords(s))))) : null,
        h('h4', null, t('ops.com.members')),
        h('ul', { id: 'ops-members', class: 'ops-list' }, (committee.members || []).map((x) => h('li', null,
          h('strong', null, x.name), ' · ', t(`ops.role.${x.role}`), ' · ', t(`ops.gender.${x.gender}`), ' · ',
          t(`ops.group.${x.social_group}`), x.elected_member ? ` · ${t('ops.com.elected')}` : ''))),
        h('h4', null, t('ops.com.meetings')),
        (committee.meetings || []).length ? h('ul', { id: 'ops-meetings', class: 'ops-list' }, committee.meetings.map((x) => h('li', null,
          h('strong', null, formatDate(x.on, lang())), ' · ', t('ops.com.attendance', { n: x.attendance }), x.decisions ? ` — ${x.decisions}` : '')))
          : h('p', { class: 'muted' }, t('ops.com.no_meetings')),
        actionPlans(committee, code, session, ui)));
      if (session) out.push(memberForm(code), meetingForm(code));
      out.push(moneySection({ code, accounts, session, form, field, flash, reload }));
    }
    out.push(h('h3', null, t('ops.com.complaints')));
    if (complaints === null) out.push(h('p', { class: 'muted' }, t('ops.com.sign_in')));
    else out.push(complaintList(complaints));
    out.push(breakdownSection(code, breakdowns, data.schemes, data.repairs));
    out.push(sourcesSection(srcCtx(), code, data.sources));
    return out;
  }

  function memberForm(code) {
    const c = (id, name, el) => Object.assign(el, { id, name });
    const name = c('ops-m-name', 'name', h('input'));
    const role = c('ops-m-role', 'role', h('select', null, options(m.MEMBER_ROLES, 'ops.role', 'member')));
    const gender = c('ops-m-gender', 'gender', h('select', null, options(m.GENDERS, 'ops.gender', 'female')));
    const group = c('ops-m-group', 'social_group', h('select', null, options(m.GROUPS, 'ops.group', 'other')));
    const elected = h('input', { id: 'ops-m-elected', type: 'checkbox' });
    const joined = h('input', { id: 'ops-m-joined', name: 'joined_on', type: 'date', value: todayInIndia() });
    return details(t('ops.com.add_member'), 'ops-add-member', form('ops-member-form', [
      field('name', t('ops.field.name'), name), field('role', t('ops.field.role'), role),
      field('gender', t('ops.field.gender'), gender), field('social_group', t('ops.field.group'), group),
      h('div', { class: 'field ops-check', dataset: { field: 'elected_member' } }, elected, h('label', { for: 'ops-m-elected' }, t('ops.com.elected'))),
      field('joined_on', t('ops.field.joined_on'), joined),
    ], t('ops.com.add_member'), async () => {
      await ops.addMember(code, m.memberBody({
        name: name.value, role: role.value, gender: gender.value, socialGroup: group.value, elected: elected.checked, joinedOn: joined.value,
      }));
      flash(t('ops.com.member_added', { name: name.value.trim() }));
      await reload();
    }));
  }

  function meetingForm(code) {
    const on = h('input', { id: 'ops-mt-on', name: 'on', type: 'date', value: todayInIndia() });
    const att = h('input', { id: 'ops-mt-attendance', name: 'attendance', type: 'number', min: 0, inputmode: 'numeric' });
    const dec = h('textarea', { id: 'ops-mt-decisions', name: 'decisions', rows: 3 });
    return details(t('ops.com.add_meeting'), 'ops-add-meeting', form('ops-meeting-form', [
      field('on', t('ops.field.on'), on), field('attendance', t('ops.field.attendance'), att), field('decisions', t('ops.field.decisions'), dec),
    ], t('ops.com.add_meeting'), async () => {
      await ops.addMeeting(code, m.meetingBody({ on: on.value, attendance: att.value, decisions: dec.value }));
      flash(t('ops.com.meeting_added'));
      await reload();
    }));
  }

  // The complaints with their clocks and the steps each allows.
  function complaintList(list) {
    const rows = list?.rows || [];
    if (!rows.length) return h('p', { class: 'muted', id: 'ops-no-complaints' }, t('ops.queue.none'));
    return h('ul', { id: 'ops-complaints', class: 'ops-complaints' }, rows.map((c) => {
      const note = h('textarea', { id: `ops-step-note-${c.id}`, name: 'note', rows: 2 });
      let kind = null;
      const steps = m.stepsFor(c);
      const photo = h('input', { id: `ops-step-photo-${c.id}`, name: 'photo', type: 'file', accept: 'image/jpeg,image/png' });
      const f = steps.length ? form(`ops-step-${c.id}`, [
        field('note', t('ops.step.note'), note, t('ops.step.note_hint')),
        steps.includes('resolved') ? field('photo', t('ops.step.photo'), photo, t('ops.file.photo_hint')) : null,
        h('div', { class: 'ops-steps' }, steps.map((k) => h('button', {
          type: 'submit', class: `ops-button${k === 'spam' ? ' ops-secondary' : ''}`, dataset: { step: k }, onclick: () => { kind = k; },
        }, t(`ops.step.${k}`)))),
      ], '', async () => {
        if (!kind) return;
        if ((kind === 'resolved' || kind === 'spam') && note.value.trim().length < 3) {
          throw Object.assign(new Error('note'), { key: kind === 'spam' ? 'ops.step.need_why' : 'ops.step.need_what', field: 'note' });
        }
        const body = m.stepBody(kind, note.value);
        const file = kind === 'resolved' ? photo.files?.[0] : null;
        if (file) {
          const bad = m.photoProblem(file);
          if (bad) throw Object.assign(new Error('photo'), { key: bad, field: 'photo' });
          body.photo = { content_type: file.type, data_base64: m.toBase64(await file.arrayBuffer()) };
        }
        await ops.step(c.id, body);
        flash(t(`ops.step.done_${kind}`, { ref: c.reference }));
        await reload();
      }) : null;
      f?.querySelector('.field-actions')?.remove();
      return h('li', { class: `ops-card${c.overdue ? ' ops-card-overdue' : ''}`, dataset: { reference: c.reference, id: String(c.id), status: c.status } },
        h('h4', null, c.reference, c.held_by && c.held_by !== 'committee' && m.isOpen(c)
          ? h('span', { class: 'ops-tag ops-escalated', dataset: { level: c.held_by } }, ` ↑ ${t('ops.queue.escalated', { to: t(m.holderKey(c.held_by)) })}`) : null),
        complaintFacts(c),
        complaintPhotos(c, ''),
        complaintSamples(c, true, ui),
        c.contact ? h('p', null, t('ops.field.contact'), ': ', c.contact) : null,
        details(t('ops.follow.events'), null, events(c.events)), f);
    }));
  }

  function breakdownSection(code, b, schemes, repairs) {
    const list = b?.breakdowns || [];
    const out = h('section', { id: 'ops-breakdowns', class: 'ops-section' }, h('h3', null, t('ops.bd.title')));
    if (!list.length) add(out, h('p', { class: 'muted' }, t('ops.bd.none')));
    add(out, h('ul', { class: 'ops-list' }, list.map((x) => h('li', { dataset: { id: String(x.id), open: String(!x.ended_on) } },
      h('strong', null, t(`ops.reason.${x.reason}`)), ' · ',
      x.asset_id && assetLabel(schemes, x.asset_id) ? [assetLabel(schemes, x.asset_id), ' · '] : null,
      x.ended_on ? t('ops.bd.from_to', { from: formatDate(x.started_on, lang()), to: formatDate(x.ended_on, lang()) })
        : t('ops.bd.since', { from: formatDate(x.started_on, lang()) }),
      ' · ', t('ops.bd.households', { n: formatIndian(x.households_affected) }),
      x.note ? ` — ${x.note}` : '',
      session && !x.ended_on ? h('button', {
        type: 'button', class: 'ops-button ops-secondary', onclick: async (e) => {
          e.target.disabled = true;
          try {
            await ops.endBreakdown(x.id, { ended_on: todayInIndia() });
            flash(t('ops.bd.ended'));
            await reload();
          } catch (err) {
            showMessage(errorMessage(err));
            e.target.disabled = false;
          }
        },
      }, t('ops.bd.end')) : null))));
    const months = (b?.days_without_supply || []).filter((x) => x.days_without_supply > 0);
    if (months.length) {
      add(out, h('p', { class: 'muted' }, t('ops.bd.days'), ' ',
        months.map((x) => `${x.month}: ${x.days_without_supply}`).join(', ')));
    }
    add(out, assetRepairs(repairs, ui));
    if (session) {
      const choices = assetChoices(schemes);
      const asset = h('select', { id: 'ops-bd-asset', name: 'asset' }, h('option', { value: '' }, t('ops.bd.no_asset')),
        choices.map(([id, label]) => h('option', { value: String(id) }, label)));
      const started = h('input', { id: 'ops-bd-started', name: 'started_on', type: 'date', value: todayInIndia() });
      const reason = h('select', { id: 'ops-bd-reason', name: 'reason' }, options(m.REASONS, 'ops.reason', 'power'));
      const hh = h('input', { id: 'ops-bd-households', name: 'households_affected', type: 'number', min: 0, inputmode: 'numeric' });
      const note = h('input', { id: 'ops-bd-note', name: 'note' });
      add(out, details(t('ops.bd.add'), 'ops-add-breakdown', form('ops-bd-form', [
        choices.length ? field('asset', t('ops.field.asset'), asset) : null,
        field('started_on', t('ops.field.started_on'), started), field('reason', t('ops.field.reason'), reason),
        field('households_affected', t('ops.field.households'), hh), field('note', t('ops.field.note'), note),
      ], t('ops.bd.add'), async () => {
        const body = m.breakdownBody({ village: code, startedOn: started.value, reason: reason.value, households: hh.value, note: note.value });
        if (asset.value) body.asset = Number(asset.value);
        await ops.addBreakdown(body);
        flash(t('ops.bd.added'));
        await reload();
      })));
    }
    return out;
  }

  // ---- sources (sources.js) ----------------------------------------------
  function srcCtx() {
    return { form, field, details, flash, reload, session, lang, href, showMessage: (e) => showMessage(errorMessage(e)) };
  }

  // ---- the officer's queue -----------------------------------------------
  function paintQueue() {
    const { queue, failing } = data;
    return [
      h('h3', { tabindex: '-1' }, t('ops.queue.heading', { open: queue?.open ?? 0, overdue: queue?.overdue ?? 0 })),
      complaintList(queue),
      h('h3', null, t('ops.queue.failing')),
      (failing?.rows || []).length ? h('ul', { id: 'ops-failing', class: 'ops-list' }, failing.rows.map((r) => h('li', null,
        h('a', { href: href('operations', { place: r.place?.code }) }, r.place?.name || ''), ` · ${r.name || ''} · `,
        (r.shortfalls || []).map((s) => t(...m.shortfallWords(s))).join('; '))))
        : h('p', { class: 'muted' }, t('ops.queue.no_failing')),
      fallingSection(srcCtx(), data.falling, fallThreshold, async (v) => {
        await ops.sourcesSummary(defaultPlace(), v);
        fallThreshold = v;
        await reload();
      }),
    ];
  }

  // ---- by place ---------------------------------------------------------
  function summaryCells(x) {
    return [
      ['received', formatIndian(x.received)], ['open', formatIndian(x.open)], ['overdue', formatIndian(x.overdue)],
      ['resolved', formatIndian(x.resolved)], ['median', t(...m.hoursWords(x.median_hours_to_resolve))],
    ];
  }

  function paintPlace() {
    const s = data.summary;
    const tot = s.totals || {};
    return [
      h('h3', { tabindex: '-1' }, t('ops.sum.heading', { name: tot.name || '' })),
      h('div', { class: 'ops-cards' }, summaryCells(tot).map(([k, v]) => h('div', { class: 'ops-card', id: `ops-sum-${k}`, dataset: { value: k === 'median' ? String(tot.median_hours_to_resolve ?? '') : String(tot[k] ?? 0) } },
        h('span', { class: 'muted' }, t(`ops.sum.${k}`)), h('strong', null, v)))),
      (s.rows || []).length ? h('ul', { id: 'ops-sum-rows', class: 'ops-list' }, s.rows.map((r) => h('li', null,
        h('a', { href: href('operations', { tab: 'place', place: r.code }) }, r.name), ': ',
        summaryCells(r).map(([k, v]) => `${t(`ops.sum.${k}`)} ${v}`).join(' · ')))) : null,
      moneyPlaceSection(data.money, (code) => href('operations', { tab: 'place', place: code })),
    ];
  }

  // ---- loading -----------------------------------------------------------
  function tabs() {
    if (state.view === 'complaint') return null;
    const place = o().place;
    return h('ul', null, m.TABS.filter((x) => x !== 'queue' || session).map((x) => h('li', null, h('a', {
      id: `ops-tab-${x}`, href: href('operations', { tab: x, place }), 'aria-current': x === o().tab ? 'page' : null,
    }, t(`ops.tab.${x}`)))));
  }

  function paint() {
    els.title.textContent = title();
    fill($('#ops-tabs'), tabs());
    els.flash.textContent = flashText;
    els.flash.hidden = !flashText;
    if (!data) return fill(els.body);
    if (data.problem) {
      fill(els.body);
      return showMessage(data.problem);
    }
    showMessage('');
    let part;
    if (state.view === 'complaint') part = o().ref ? paintFollow() : paintFile();
    else if (o().tab === 'queue') part = paintQueue();
    else if (o().tab === 'place') part = paintPlace();
    else part = paintCommittee();
    fill(els.body, part);
    els.body.dataset.part = state.view === 'complaint' ? (o().ref ? 'follow' : 'file') : o().tab;
  }

  // The place a page is about: the address's, else the first of the
  // session's roles (the committee's village, the officer's place).
  function defaultPlace() {
    const r = m.opsRoles(session);
    if (o().tab === 'committee') return o().place || r.villages[0] || '';
    return o().place || r.officer || r.villages[0] || 'IN';
  }

  async function fetchData(signal) {
    if (!rules) rules = await ops.rules({ signal });
    if (state.view === 'complaint') {
      if (o().ref) return { complaint: await ops.track(o().ref, o().secret, { signal }) };
      return { village: o().village ? await ops.unit(o().village, { signal }).catch(() => null) : null };
    }
    const place = defaultPlace();
    if (o().tab === 'queue') {
      if (!session) return { problem: t('ops.sign_in') };
      const [queue, failing, falling] = await Promise.all([
        ops.queue(o().place || '', 'all', { signal }), ops.committees(place, true, { signal }).catch(() => null),
        ops.sourcesSummary(place, fallThreshold, { signal }).catch(() => null)]);
      queue.rows = queue.rows.filter((c) => m.isOpen(c)).concat(queue.rows.filter((c) => !m.isOpen(c)));
      return { queue, failing, falling };
    }
    if (o().tab === 'place') {
      const [summary, om] = await Promise.all([ops.summary(place, { signal }), money.summary(place, { signal }).catch(() => null)]);
      return { summary, money: om };
    }
    if (!place) return { problem: t('ops.com.choose') };
    const unit = await ops.unit(place, { signal });
    if (unit.level !== 'village') return { problem: t('ops.com.choose') };
    const committee = await ops.committee(place, { signal }).catch((e) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    });
    const complaints = session ? await ops.queue(place, 'all', { signal }).catch(() => null) : null;
    const breakdowns = await ops.breakdowns(place, { signal }).catch(() => null);
    // The village's schemes' assets, and each scheme's repair history.
    const schemes = (await ops.schemes(place, { signal }).catch(() => null))?.rows || [];
    const repairs = await Promise.all(schemes.filter((x) => (x.assets || []).length)
      .map((x) => ops.schemeBreakdowns(x.id, { signal }).catch(() => null)));
    const accounts = committee ? await money.accounts(place, { signal }).catch(() => null) : null;
    const sources = await ops.sustainability(place, { signal }).catch(() => null);
    return { place: unit, committee, complaints, breakdowns, schemes, repairs: repairs.filter(Boolean), accounts, sources };
  }

  let controller = null;
  async function load() {
    const mine = ++seq;
    controller?.abort();
    controller = new AbortController();
    try {
      const d = await fetchData(controller.signal);
      if (mine !== seq) return null;
      data = d;
      paint();
      return 'ready';
    } catch (e) {
      if (e.name === 'AbortError' || mine !== seq) return null;
      if (!(e instanceof ApiError)) console.error(e);
      data = { problem: e instanceof ApiError && e.status === 404 && state.view === 'complaint' ? t('ops.follow.not_found') : errorMessage(e) };
      paint();
      return 'error';
    }
  }

  async function reload() {
    flashKeep = 0;
    const outcome = await load();
    if (outcome && flashText) {
      els.flash.hidden = false;
      els.flash.focus();
    }
  }

  return {
    async show(s, sess) {
      if (state && (s.view !== state.view || s.ops?.ref !== state.ops?.ref)) filed = null;
      state = s;
      session = sess;
      if (flashKeep > 0) flashKeep -= 1;
      else flashText = '';
      els.view.hidden = false;
      return load();
    },
    hide() {
      els.view.hidden = true;
      controller?.abort();
      seq += 1;
    },
    focus() {
      (els.body.querySelector('h3[tabindex="-1"]') || els.title).focus();
    },
    title,
    repaint() {
      if (state && !els.view.hidden) paint();
    },
    navigate,
  };
}
