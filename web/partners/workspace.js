// Partners and a partner's workspace:
//   #/partners                     the mission's list (a partner user goes
//                                  straight to their own organisation)
//   #/partners/2[/tab]             profile and focal persons; plans;
//                                  master trainers; trainings; knowledge;
//                                  social audits.
// Partner users change their own organisation's records; administrators
// set agreements and where a partner works; national viewers read.

import { h, add } from '../dom.js';
import { t } from '../i18n.js';
import { papi } from './api.js';
import {
  isAdmin, isNational, actsFor, partnerIdsOf, routeHash, PARTNER_TABS, plannableYears, splitList,
  GENDERS, TRAINING_KINDS, TRAINING_ROLES, KNOWLEDGE_KINDS, ACTIVITY_THEMES, ACTION_STATUSES,
  wholeOrNull, MAX_DOCUMENTS,
} from './model.js';
import {
  name, num, day, when, field, input, textarea, choice, formMessages, submit, panel, statusTag,
  dataTable, facts, docLinks, tabs, repeater, subField, placeInput, fileInput, readFiles, uid,
} from './ui.js';

const unitNames = (units) => (units || []).map((u) => u.name).join(', ') || '—';

function agreementText(a) {
  if (!a?.signed_on) return t('sp.partner.no_agreement');
  return t('sp.partner.agreement_text', { signed: day(a.signed_on), from: day(a.from), to: day(a.to) });
}

// A number typed in a form: null when empty; the text when not whole (the
// server names the field).
function whole(el) {
  const v = el.value.trim();
  if (v === '') return null;
  return wholeOrNull(v) ?? v;
}

// ---- #/partners -------------------------------------------------------------------------

export async function renderPartners(ctx) {
  const { body, session } = ctx;
  const own = partnerIdsOf(session);
  if (!isNational(session) && own.length === 1) {
    ctx.go(routeHash('partner', { id: own[0] }), { replace: true });
    return;
  }
  const { partners = [] } = await papi.partners();
  ctx.setTitle(t('sp.title.partners'));
  add(body, h('p', { class: 'muted' }, t('sp.partners.intro')));
  add(body, panel(t('sp.partners.list'), dataTable({
    id: 'partners-table',
    caption: t('sp.partners.list'),
    cols: [{ label: t('sp.col.partner') }, { label: t('sp.col.org_type') }, { label: t('sp.col.works_in') },
      { label: t('sp.col.agreement') }, { label: t('sp.col.since') }, { label: t('sp.col.links') }],
    rows: partners.map((p) => h('tr', { dataset: { id: String(p.id) } },
      h('th', { scope: 'row' }, h('a', { href: routeHash('partner', { id: p.id }) }, p.name)),
      h('td', null, name('org_type', p.org_type)),
      h('td', { class: 'wrap-cell' }, unitNames(p.units)),
      h('td', { class: 'wrap-cell' }, agreementText(p.agreement)),
      h('td', null, when(p.created_at)),
      h('td', null, h('a', { href: routeHash('partner', { id: p.id, tab: 'plans' }) }, t('sp.partner.tab.plans'))))),
    empty: t('sp.partners.empty'),
  })));
}

// ---- #/partners/{id}[/tab] ---------------------------------------------------------------

export async function renderPartner(ctx) {
  const { body, route, session } = ctx;
  const partner = await papi.partner(route.id);
  const tab = PARTNER_TABS.includes(route.tab) ? route.tab : 'profile';
  const mine = actsFor(session, partner.id);
  ctx.setTitle(partner.name);
  body.dataset.partner = String(partner.id);
  add(body, 
    isNational(session) ? h('p', null, h('a', { href: routeHash('partners') }, `← ${t('sp.title.partners')}`)) : null,
    tabs(t('sp.partner.sections'), PARTNER_TABS.map((x) => ({
      href: routeHash('partner', { id: partner.id, tab: x }),
      label: t(`sp.partner.tab.${x}`),
      current: x === tab,
      data: { tab: x },
    }))));
  const pctx = { ...ctx, partner, mine, admin: isAdmin(session) };
  const draw = {
    profile: profileTab, plans: plansTab, trainers: trainersTab, trainings: trainingsTab,
    knowledge: knowledgeTab, audits: auditsTab,
  }[tab];
  const section = h('div', { class: 'sp-tab', dataset: { tab } });
  await draw(pctx, section);
  add(body, section);
}

// Where a partner may work, as district choices: its districts, and the
// districts of its states.  null when it works nationally (codes typed).
async function partnerDistricts(partner) {
  const units = partner.units || [];
  if (units.some((u) => u.level === 'nation')) return null;
  const out = new Map();
  for (const u of units) if (u.level === 'district') out.set(u.code, u.name);
  await Promise.all(units.filter((u) => u.level === 'state').map(async (s) => {
    for (const d of (await papi.districts(s.code)).rows || []) out.set(d.code, d.name);
  }));
  return [...out].map(([code, n]) => ({ code, name: n })).sort((a, b) => a.name.localeCompare(b.name));
}

// ---- Profile ------------------------------------------------------------------------------

function profileTab(ctx, el) {
  const { partner, mine, admin } = ctx;
  const pr = partner.profile || {};
  const focal = Array.isArray(pr.focal_persons) ? pr.focal_persons : [];
  add(el, panel(t('sp.partner.profile'),
    facts([
      [t('sp.apply.org_type'), name('org_type', partner.org_type)],
      [t('sp.partner.about'), pr.about || '—'],
      [t('sp.apply.website'), pr.website || '—'],
      [t('sp.apply.address'), pr.address || '—'],
      [t('sp.col.works_in'), unitNames(partner.units)],
      [t('sp.col.agreement'), agreementText(partner.agreement)],
      [t('sp.partner.users'), (partner.users || []).map((u) => u.username).join(', ') || '—'],
      [t('sp.col.since'), when(partner.created_at)],
    ]),
    h('h4', null, t('sp.partner.focal_persons')),
    dataTable({
      id: 'focal-table',
      caption: t('sp.partner.focal_persons'),
      cols: [{ label: t('sp.apply.contact_name') }, { label: t('sp.apply.contact_designation') },
        { label: t('sp.apply.contact_email') }, { label: t('sp.apply.contact_phone') }],
      rows: focal.map((f) => h('tr', null, h('th', { scope: 'row' }, f.name), h('td', null, f.designation || '—'),
        h('td', null, f.email ? h('a', { href: `mailto:${f.email}` }, f.email) : '—'), h('td', null, f.phone || '—'))),
    })));

  if (mine) {
    const msgs = formMessages();
    const about = textarea({ id: 'profile-about', maxlength: '4000', rows: '4' }, pr.about || '');
    const website = input({ id: 'profile-website', type: 'url', maxlength: '500', value: pr.website || '' });
    const address = textarea({ id: 'profile-address', maxlength: '500', rows: '2' }, pr.address || '');
    const people = repeater({
      prefix: 'profile.focal_persons',
      min: 1,
      max: 10,
      legend: (n) => t('sp.partner.focal_n', { n }),
      addLabel: t('sp.partner.add_focal'),
      removeLabel: (n) => t('sp.partner.remove_focal', { n }),
      make: (v) => [
        subField('.name', t('sp.apply.contact_name'), input({ name: 'name', maxlength: '120', value: v.name || '' })),
        subField('.designation', t('sp.apply.contact_designation'), input({ name: 'designation', maxlength: '120', value: v.designation || '' })),
        subField('.email', t('sp.apply.contact_email'), input({ name: 'email', type: 'email', maxlength: '200', value: v.email || '' })),
        subField('.phone', t('sp.apply.contact_phone'), input({ name: 'phone', type: 'tel', maxlength: '20', value: v.phone || '' })),
      ],
    });
    (focal.length ? focal : [{}]).forEach((f) => people.add(f));
    const form = h('form', { id: 'profile-form', novalidate: true },
      h('div', { class: 'form-grid' },
        field('profile.about', t('sp.partner.about'), about, { cls: 'field-wide' }),
        field('profile.website', t('sp.apply.website'), website),
        field('profile.address', t('sp.apply.address'), address, { cls: 'field-wide' })),
      h('h4', null, t('sp.partner.focal_persons')),
      people.el,
      h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button' }, t('sp.save'))),
      msgs.error);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const val = (row, n) => row.querySelector(`[name="${n}"]`).value.trim();
      const r = await submit(form, msgs.error, () => papi.patchPartner(partner.id, {
        profile: {
          about: about.value.trim(),
          website: website.value.trim(),
          address: address.value.trim(),
          focal_persons: people.rows().map((row) => ({
            name: val(row, 'name'), designation: val(row, 'designation'), email: val(row, 'email'), phone: val(row, 'phone'),
          })),
        },
      }));
      if (r) ctx.reload(t('sp.partner.saved'));
    });
    add(el, panel(t('sp.partner.edit_profile'), form));
  }

  if (admin) {
    const a = partner.agreement || {};
    const msgs = formMessages();
    const signed = input({ id: 'agreement-signed', type: 'date', value: a.signed_on || '' });
    const from = input({ id: 'agreement-from', type: 'date', value: a.from || '' });
    const to = input({ id: 'agreement-to', type: 'date', value: a.to || '' });
    const units = input({
      id: 'partner-units', value: (partner.units || []).map((u) => u.code).join(', '),
      spellcheck: 'false', autocapitalize: 'characters',
    });
    const form = h('form', { id: 'agreement-form', class: 'form-grid', novalidate: true },
      field('agreement.signed_on', t('sp.partner.signed_on'), signed),
      field('agreement.from', t('sp.partner.from'), from),
      field('agreement.to', t('sp.partner.to'), to),
      field('units', t('sp.partner.units'), units, { hint: t('sp.partner.units_hint'), cls: 'field-wide' }),
      h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button' }, t('sp.save'))),
      msgs.error);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const patch = { units: splitList(units.value).map((c) => c.toUpperCase()) };
      if (signed.value || from.value || to.value) {
        patch.agreement = { signed_on: signed.value || null, from: from.value || null, to: to.value || null };
      }
      const r = await submit(form, msgs.error, () => papi.patchPartner(partner.id, patch));
      if (r) ctx.reload(t('sp.partner.saved'));
    });
    add(el, panel(t('sp.partner.agreement_title'), form));
  }
}

// ---- Plans ---------------------------------------------------------------------------------

async function plansTab(ctx, el) {
  const { partner, mine } = ctx;
  const { plans = [] } = await papi.plans(partner.id);
  add(el, panel(t('sp.partner.plans'), dataTable({
    id: 'plans-table',
    caption: t('sp.partner.plans'),
    cols: [{ label: t('sp.col.fy') }, { label: t('sp.col.revision'), num: true }, { label: t('sp.col.status') },
      { label: t('sp.col.in_force'), num: true }, { label: t('sp.col.activities'), num: true },
      { label: t('sp.col.updated') }, { label: t('sp.col.links') }],
    rows: plans.map((p) => h('tr', { dataset: { id: String(p.id), fy: p.fy, status: p.status } },
      h('th', { scope: 'row' }, h('a', { href: routeHash('plan', { id: p.id }) }, t('sp.plan.name', { fy: p.fy }))),
      h('td', { class: 'num' }, num(p.revision)),
      h('td', null, statusTag('plan_status', p.status)),
      h('td', { class: 'num' }, p.in_force_revision ? num(p.in_force_revision) : '—'),
      h('td', { class: 'num' }, num(p.activities)),
      h('td', null, when(p.updated_at)),
      h('td', null, p.in_force_revision
        ? h('a', { href: routeHash('progress', { id: p.id }) }, t('sp.plan.progress_link')) : '—'))),
    empty: t('sp.partner.no_plans'),
  })));
  if (!mine) return;
  const taken = new Set(plans.map((p) => p.fy));
  const years = plannableYears(ctx.today).filter((y) => !taken.has(y));
  if (!years.length) return;
  const msgs = formMessages();
  const fy = choice(years, { props: { id: 'plan-fy' }, labelOf: (y) => y });
  const form = h('form', { id: 'plan-create', class: 'form-grid', novalidate: true },
    field('fy', t('sp.col.fy'), fy),
    h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button', id: 'plan-create-submit' }, t('sp.plan.create'))),
    msgs.error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const p = await submit(form, msgs.error, () => papi.createPlan(partner.id, fy.value));
    if (p) ctx.go(routeHash('plan', { id: p.id }));
  });
  add(el, panel(t('sp.plan.start'), h('p', { class: 'muted' }, t('sp.plan.start_intro')), form));
}

// ---- Master trainers ----------------------------------------------------------------------

async function trainersTab(ctx, el) {
  const { partner, mine } = ctx;
  const { trainers = [] } = await papi.trainers(partner.id);
  add(el, panel(t('sp.partner.trainers'), dataTable({
    id: 'trainers-table',
    caption: t('sp.partner.trainers'),
    cols: [{ label: t('sp.trainer.name') }, { label: t('sp.trainer.gender') }, { label: t('sp.trainer.phone') },
      { label: t('sp.trainer.skills') }, { label: t('sp.trainer.languages') }, { label: t('sp.trainer.districts') }],
    rows: trainers.map((x) => h('tr', { dataset: { id: String(x.id) } },
      h('th', { scope: 'row' }, x.name),
      h('td', null, name('gender', x.gender)),
      h('td', null, x.phone || '—'),
      h('td', { class: 'wrap-cell' }, (x.skills || []).join(', ')),
      h('td', null, (x.languages || []).join(', ')),
      h('td', { class: 'wrap-cell' }, (x.districts || []).join(', ') || '—'))),
    empty: t('sp.trainer.none'),
  })));
  if (!mine) return;
  const districts = await partnerDistricts(partner).catch(() => null);
  const msgs = formMessages();
  const f = {
    name: input({ id: 'trainer-name', maxlength: '120' }),
    gender: choice(GENDERS, { kind: 'gender', blank: t('sp.choose'), props: { id: 'trainer-gender' } }),
    phone: input({ id: 'trainer-phone', type: 'tel', maxlength: '20' }),
    skills: input({ id: 'trainer-skills', maxlength: '1000' }),
    languages: input({ id: 'trainer-languages', maxlength: '400' }),
    districts: input({ id: 'trainer-districts', spellcheck: 'false', autocapitalize: 'characters' }),
  };
  const districtPicker = districts
    ? h('fieldset', { class: 'checks checks-compact field-wide', dataset: { field: 'districts' } },
      h('legend', null, t('sp.trainer.districts')),
      h('div', { class: 'check-list' }, districts.map((d) => {
        const id = uid('td');
        return h('label', { class: 'check', for: id },
          h('input', { type: 'checkbox', id, name: 'trainer_district', value: d.code }), ' ', d.name);
      })))
    : field('districts', t('sp.trainer.districts'), f.districts, { hint: t('sp.codes_hint') });
  const form = h('form', { id: 'trainer-form', class: 'form-grid', novalidate: true },
    field('name', t('sp.trainer.name'), f.name),
    field('gender', t('sp.trainer.gender'), f.gender),
    field('phone', t('sp.trainer.phone'), f.phone),
    field('skills', t('sp.trainer.skills'), f.skills, { hint: t('sp.list_hint') }),
    field('languages', t('sp.trainer.languages'), f.languages, { hint: t('sp.list_hint') }),
    districtPicker,
    h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button' }, t('sp.trainer.add'))),
    msgs.error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = districts
      ? [...form.querySelectorAll('input[name="trainer_district"]:checked')].map((c) => c.value)
      : splitList(f.districts.value).map((c) => c.toUpperCase());
    const body = {
      name: f.name.value.trim(), gender: f.gender.value || null,
      skills: splitList(f.skills.value), languages: splitList(f.languages.value), districts: chosen,
    };
    if (f.phone.value.trim()) body.phone = f.phone.value.trim();
    const r = await submit(form, msgs.error, () => papi.addTrainer(partner.id, body));
    if (r) ctx.reload(t('sp.trainer.added', { name: r.name }));
  });
  add(el, panel(t('sp.trainer.add_title'), form));
}

// ---- Trainings and community events -----------------------------------------------------

async function trainingsTab(ctx, el) {
  const { partner, mine } = ctx;
  const [{ trainings = [] }, { trainers = [] }] = await Promise.all([
    papi.trainings(partner.id), mine ? papi.trainers(partner.id) : Promise.resolve({ trainers: [] }),
  ]);
  const totals = trainings.reduce((s, x) => ({
    participants: s.participants + (x.participants?.total || 0),
    women: s.women + (x.participants?.female || 0),
    ftk: s.ftk + (x.roles?.ftk_women || 0),
  }), { participants: 0, women: 0, ftk: 0 });
  add(el, panel(t('sp.partner.trainings'),
    h('p', { class: 'muted' }, t('sp.training.totals', {
      n: num(trainings.length), participants: num(totals.participants), women: num(totals.women), ftk: num(totals.ftk),
    })),
    dataTable({
      id: 'trainings-table',
      caption: t('sp.partner.trainings'),
      cols: [{ label: t('sp.training.date') }, { label: t('sp.training.kind') }, { label: t('sp.training.place') },
        { label: t('sp.training.topic') }, { label: t('sp.training.trainer') },
        { label: t('sp.training.female'), num: true }, { label: t('sp.training.male'), num: true },
        { label: t('sp.training.other'), num: true }, { label: t('sp.training.total'), num: true },
        ...TRAINING_ROLES.map((r) => ({ label: name('training_role', r), num: true }))],
      rows: trainings.map((x) => h('tr', { dataset: { id: String(x.id) } },
        h('td', null, day(x.date)),
        h('td', null, name('training_kind', x.kind)),
        h('td', null, x.place ? `${x.place.name} (${x.place.code})` : '—'),
        h('td', { class: 'wrap-cell' }, x.topic),
        h('td', null, x.trainer?.name || '—'),
        h('td', { class: 'num' }, num(x.participants?.female)),
        h('td', { class: 'num' }, num(x.participants?.male)),
        h('td', { class: 'num' }, num(x.participants?.other)),
        h('td', { class: 'num' }, num(x.participants?.total)),
        TRAINING_ROLES.map((r) => h('td', { class: 'num' }, num(x.roles?.[r]))))),
      empty: t('sp.training.none'),
    })));
  if (!mine) return;
  const msgs = formMessages();
  const numberBox = (id) => input({ id, type: 'number', min: '0', step: '1', inputmode: 'numeric', value: '0' });
  const f = {
    kind: choice(TRAINING_KINDS, { kind: 'training_kind', props: { id: 'training-kind' } }),
    date: input({ id: 'training-date', type: 'date', max: ctx.today, value: ctx.today }),
    place: placeInput(papi.findPlaces, { id: 'training-place', levels: ['village', 'habitation'] }),
    topic: input({ id: 'training-topic', maxlength: '300' }),
    trainer: choice(trainers.map((x) => String(x.id)), {
      blank: t('sp.training.no_trainer'), props: { id: 'training-trainer' },
      labelOf: (id) => trainers.find((x) => String(x.id) === id)?.name || id,
    }),
    female: numberBox('training-female'),
    male: numberBox('training-male'),
    other: numberBox('training-other'),
    roles: Object.fromEntries(TRAINING_ROLES.map((r) => [r, numberBox(`training-${r}`)])),
    note: textarea({ id: 'training-note', maxlength: '2000', rows: '2' }),
  };
  const form = h('form', { id: 'training-form', novalidate: true },
    h('div', { class: 'form-grid' },
      field('kind', t('sp.training.kind'), f.kind),
      field('date', t('sp.training.date'), f.date),
      field('place', t('sp.training.place'), f.place, { hint: t('sp.training.place_hint') }),
      field('topic', t('sp.training.topic'), f.topic, { cls: 'field-wide' }),
      field('trainer_id', t('sp.training.trainer'), f.trainer)),
    h('fieldset', { class: 'sp-section', dataset: { field: 'participants' } },
      h('legend', null, t('sp.training.participants')),
      h('div', { class: 'form-grid' },
        field('participants.female', t('sp.training.female'), f.female),
        field('participants.male', t('sp.training.male'), f.male),
        field('participants.other', t('sp.training.other'), f.other))),
    h('fieldset', { class: 'sp-section', dataset: { field: 'roles' } },
      h('legend', null, t('sp.training.roles')),
      h('div', { class: 'form-grid' }, TRAINING_ROLES.map((r) =>
        field(`roles.${r}`, name('training_role', r), f.roles[r],
          r === 'ftk_women' ? { hint: t('sp.training.ftk_hint') } : undefined)))),
    h('div', { class: 'form-grid' }, field('note', t('sp.training.note'), f.note, { cls: 'field-wide' })),
    h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button', id: 'training-submit' }, t('sp.training.add'))),
    msgs.error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {
      kind: f.kind.value,
      date: f.date.value || null,
      place: f.place.value.trim().toUpperCase(),
      topic: f.topic.value.trim(),
      participants: { female: whole(f.female), male: whole(f.male), other: whole(f.other) ?? 0 },
      roles: Object.fromEntries(TRAINING_ROLES.map((r) => [r, whole(f.roles[r]) ?? 0])),
    };
    if (f.trainer.value) body.trainer_id = Number(f.trainer.value);
    if (f.note.value.trim()) body.note = f.note.value.trim();
    const r = await submit(form, msgs.error, () => papi.addTraining(partner.id, body));
    if (r) ctx.reload(t('sp.training.added', { place: r.place?.name || body.place }));
  });
  add(el, panel(t('sp.training.add_title'), form));
}

// ---- Knowledge: best practices, replicable models, workshops, conferences ----------------

async function knowledgeTab(ctx, el) {
  const { partner, mine } = ctx;
  const { records: ours = [] } = await papi.knowledge(undefined, partner.id);
  add(el, panel(t('sp.partner.knowledge'), dataTable({
    id: 'knowledge-table',
    caption: t('sp.partner.knowledge'),
    cols: [{ label: t('sp.knowledge.date') }, { label: t('sp.knowledge.kind') }, { label: t('sp.knowledge.title') },
      { label: t('sp.knowledge.place') }, { label: t('sp.knowledge.theme') },
      { label: t('sp.knowledge.participants'), num: true }, { label: t('sp.knowledge.details') }],
    rows: ours.map((r) => h('tr', { dataset: { id: String(r.id) } },
      h('td', null, day(r.date)),
      h('td', null, name('knowledge_kind', r.kind)),
      h('th', { scope: 'row', class: 'wrap-cell' }, r.title),
      h('td', null, r.place?.name || '—'),
      h('td', null, name('activity_theme', r.theme)),
      h('td', { class: 'num' }, r.participants ? num(r.participants) : '—'),
      h('td', { class: 'wrap-cell' },
        h('details', null, h('summary', null, t('sp.knowledge.show')),
          h('p', null, r.what_was_done), r.results ? h('p', null, t('sp.knowledge.results_text', { text: r.results })) : null,
          docLinks(r.evidence))))),
    empty: t('sp.knowledge.none'),
  })));
  if (!mine) return;
  const msgs = formMessages();
  const f = {
    kind: choice(KNOWLEDGE_KINDS, { kind: 'knowledge_kind', props: { id: 'knowledge-kind' } }),
    title: input({ id: 'knowledge-title', maxlength: '300' }),
    place: placeInput(papi.findPlaces, { id: 'knowledge-place' }),
    theme: choice(ACTIVITY_THEMES, { kind: 'activity_theme', blank: t('sp.choose'), props: { id: 'knowledge-theme' } }),
    date: input({ id: 'knowledge-date', type: 'date', max: ctx.today, value: ctx.today }),
    participants: input({ id: 'knowledge-participants', type: 'number', min: '1', step: '1', inputmode: 'numeric' }),
    what: textarea({ id: 'knowledge-what', maxlength: '8000', rows: '4' }),
    results: textarea({ id: 'knowledge-results', maxlength: '8000', rows: '3' }),
    evidence: fileInput({ id: 'knowledge-evidence' }),
  };
  const form = h('form', { id: 'knowledge-form', class: 'form-grid', novalidate: true },
    field('kind', t('sp.knowledge.kind'), f.kind),
    field('title', t('sp.knowledge.title'), f.title, { cls: 'field-wide' }),
    field('place', t('sp.knowledge.place'), f.place, { hint: t('sp.knowledge.place_hint') }),
    field('theme', t('sp.knowledge.theme'), f.theme),
    field('date', t('sp.knowledge.date'), f.date),
    field('participants', t('sp.knowledge.participants'), f.participants, { hint: t('sp.knowledge.participants_hint') }),
    field('what_was_done', t('sp.knowledge.what'), f.what, { cls: 'field-wide' }),
    field('results', t('sp.knowledge.results'), f.results, { cls: 'field-wide' }),
    field('evidence', t('sp.knowledge.evidence'), f.evidence, { hint: t('sp.files_hint', { n: MAX_DOCUMENTS }), cls: 'field-wide' }),
    h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button' }, t('sp.knowledge.add'))),
    msgs.error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await submit(form, msgs.error, async () => {
      const body = {
        kind: f.kind.value, title: f.title.value.trim(), theme: f.theme.value || null, date: f.date.value || null,
        what_was_done: f.what.value.trim(),
      };
      if (f.place.value.trim()) body.place = f.place.value.trim().toUpperCase();
      if (f.participants.value.trim()) body.participants = whole(f.participants);
      if (f.results.value.trim()) body.results = f.results.value.trim();
      const docs = await readFiles(f.evidence, 'evidence');
      if (docs.length) body.evidence = docs;
      return papi.addKnowledge(partner.id, body);
    });
    if (r) ctx.reload(t('sp.knowledge.added', { title: r.title }));
  });
  add(el, panel(t('sp.knowledge.add_title'), form));
}

// ---- Social audits and their follow-up --------------------------------------------------

async function auditsTab(ctx, el) {
  const { partner, mine, admin } = ctx;
  const { social_audits: audits = [] } = await papi.socialAudits(partner.id);
  const canFollow = mine || admin;
  const list = h('div', { id: 'audits-list' });
  if (!audits.length) add(list, h('p', { class: 'muted' }, t('sp.audit.none')));
  for (const a of audits) {
    add(list, h('article', { class: 'sp-audit', dataset: { id: String(a.id) } },
      h('h4', null, t('sp.audit.heading', { village: a.village?.name || '—', date: day(a.date) })),
      h('p', null, a.findings),
      dataTable({
        caption: t('sp.audit.actions'),
        cols: [{ label: t('sp.audit.action') }, { label: t('sp.audit.owner') }, { label: t('sp.audit.due_on') },
          { label: t('sp.col.status') }, { label: t('sp.col.updated') }],
        rows: (a.actions || []).map((x) => h('tr', { dataset: { actionId: String(x.id), status: x.status } },
          h('th', { scope: 'row', class: 'wrap-cell' }, x.action),
          h('td', null, x.owner),
          h('td', null, x.due_on ? day(x.due_on) : '—'),
          h('td', null, canFollow ? actionStatusForm(ctx, x) : statusTag('action_status', x.status)),
          h('td', null, t('sp.by_at', { who: x.updated_by || '—', time: when(x.updated_at) })))),
        empty: t('sp.audit.no_actions'),
      })));
  }
  add(el, panel(t('sp.partner.audits'), list));
  if (!mine) return;
  const msgs = formMessages();
  const f = {
    village: placeInput(papi.findPlaces, { id: 'audit-village', levels: ['village'] }),
    date: input({ id: 'audit-date', type: 'date', max: ctx.today, value: ctx.today }),
    findings: textarea({ id: 'audit-findings', maxlength: '8000', rows: '4' }),
  };
  const actions = repeater({
    prefix: 'actions',
    max: 50,
    legend: (n) => t('sp.audit.action_n', { n }),
    addLabel: t('sp.audit.add_action'),
    removeLabel: (n) => t('sp.audit.remove_action', { n }),
    make: () => [
      subField('.action', t('sp.audit.action'), input({ name: 'action', maxlength: '1000' }), { cls: 'field-wide' }),
      subField('.owner', t('sp.audit.owner'), input({ name: 'owner', maxlength: '200' })),
      subField('.due_on', t('sp.audit.due_on'), input({ name: 'due_on', type: 'date' })),
    ],
  });
  actions.add();
  const form = h('form', { id: 'audit-form', novalidate: true },
    h('div', { class: 'form-grid' },
      field('village', t('sp.audit.village'), f.village, { hint: t('sp.audit.village_hint') }),
      field('date', t('sp.audit.date'), f.date),
      field('findings', t('sp.audit.findings'), f.findings, { cls: 'field-wide' })),
    h('h4', null, t('sp.audit.actions')),
    actions.el,
    h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button' }, t('sp.audit.add'))),
    msgs.error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const rows = actions.rows().map((row) => {
      const v = (n) => row.querySelector(`[name="${n}"]`).value.trim();
      const x = { action: v('action'), owner: v('owner') };
      if (v('due_on')) x.due_on = v('due_on');
      return x;
    }).filter((x) => x.action || x.owner || x.due_on);
    const r = await submit(form, msgs.error, () => papi.addSocialAudit(partner.id, {
      village: f.village.value.trim().toUpperCase(), date: f.date.value || null,
      findings: f.findings.value.trim(), actions: rows,
    }));
    if (r) ctx.reload(t('sp.audit.added', { village: r.village?.name || '' }));
  });
  add(el, panel(t('sp.audit.add_title'), form));
}

function actionStatusForm(ctx, x) {
  const msgs = formMessages();
  const id = uid('as');
  const sel = choice(ACTION_STATUSES, { kind: 'action_status', selected: x.status, props: { id, name: 'status' } });
  const form = h('form', { class: 'inline-status', novalidate: true, dataset: { field: 'status' } },
    h('label', { for: id, class: 'visually-hidden' }, t('sp.audit.status_of', { action: x.action })),
    sel,
    h('button', { type: 'submit', class: 'button-small' }, t('sp.update')),
    msgs.error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await submit(form, msgs.error, () => papi.patchAuditAction(x.id, sel.value));
    if (r) ctx.reload(t('sp.audit.action_updated', { status: name('action_status', r.status) }));
  });
  return form;
}
