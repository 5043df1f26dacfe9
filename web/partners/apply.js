// #/apply: the public expression-of-interest form.  Lists the rounds open
// now; the form has rows to add and remove for registration numbers and
// past projects, states with their districts, thematic areas, the contact
// person and documents (read as base64).  The server's refusals appear
// beside the field they name; on success the page shows the reference.

import { h, fill, add } from '../dom.js';
import { t } from '../i18n.js';
import { papi } from './api.js';
import {
  ORG_TYPES, THEMES, REGISTRATION_KINDS, MAX_REGISTRATIONS, MAX_PROJECTS, MAX_DOCUMENTS,
} from './model.js';
import {
  name, day, when, field, input, textarea, choice, checkGroup, checkedValues, button, formMessages,
  submit, readFiles, fileInput, panel, uid, pageError,
} from './ui.js';

// A number as typed: null when empty, the number when whole, else the
// text (the server says what is wrong with it).
function whole(el) {
  const v = el.value.trim();
  if (v === '') return null;
  return /^\d+$/.test(v) ? Number(v) : v;
}

function rulesList(round) {
  const checks = round?.rules?.checks || [];
  if (!checks.length) return null;
  return h('div', { class: 'sp-rules' },
    h('p', null, t('sp.apply.checks')),
    h('ul', null, checks.map((c) => h('li', null, c.label || c.measure))));
}

export async function renderApply(ctx) {
  const { body } = ctx;
  const [{ rounds = [] }, stateRows] = await Promise.all([
    papi.rounds(),
    papi.states().then((r) => r.rows || []).catch(() => []),
  ]);
  const open = rounds.filter((r) => r.open);
  const upcoming = rounds.filter((r) => !r.open && !r.closed);
  ctx.setTitle(t('sp.title.apply'));
  add(body, h('p', { class: 'muted' }, t('sp.apply.intro')));

  if (!open.length) {
    add(body, h('p', { id: 'apply-none', class: 'notice' }, t('sp.apply.none_open')),
      upcoming.length ? panel(t('sp.apply.upcoming'), h('ul', null, upcoming.map((r) =>
        h('li', null, t('sp.apply.round_dates', { name: r.name, from: day(r.opens_on), to: day(r.closes_on) }))))) : null);
    return;
  }

  let round = open.find((r) => r.id === ctx.route.round) || open[0];
  const msgs = formMessages();
  const form = h('form', { id: 'apply-form', class: 'sp-form', novalidate: true });
  const rulesBox = h('div', { class: 'sp-rules-box' }, rulesList(round));

  // ---- The round -------------------------------------------------------------
  const roundSelect = choice(open.map((r) => String(r.id)), {
    selected: String(round.id),
    labelOf: (id) => {
      const r = open.find((x) => String(x.id) === id);
      return t('sp.apply.round_until', { name: r.name, date: day(r.closes_on) });
    },
    props: { id: 'apply-round', name: 'round' },
  });
  roundSelect.addEventListener('change', () => {
    round = open.find((r) => String(r.id) === roundSelect.value) || round;
    fill(rulesBox, rulesList(round));
  });

  // ---- The organisation ----------------------------------------------------------
  const org = {
    name: input({ id: 'apply-org-name', name: 'org_name', maxlength: '200', autocomplete: 'organization', required: true }),
    type: choice(ORG_TYPES, { kind: 'org_type', blank: t('sp.choose'), props: { id: 'apply-org-type', name: 'org_type' } }),
    website: input({ id: 'apply-website', name: 'website', type: 'url', maxlength: '200', placeholder: 'https://' }),
    address: textarea({ id: 'apply-address', name: 'address', maxlength: '500', rows: '2', autocomplete: 'street-address' }),
    years: input({ id: 'apply-years', name: 'years_of_work', type: 'number', min: '0', max: '200', step: '1', inputmode: 'numeric' }),
    rural: input({ id: 'apply-years-rural', name: 'years_rural', type: 'number', min: '0', max: '200', step: '1', inputmode: 'numeric' }),
  };

  // ---- Registration numbers: rows to add and remove --------------------------------
  const kindsList = h('datalist', { id: uid('kinds') }, REGISTRATION_KINDS.map((k) => h('option', { value: k })));
  const regRows = h('div', { class: 'repeat-list', id: 'apply-registrations' });
  const addReg = button(t('sp.apply.add_registration'), { id: 'apply-add-registration' });

  function renumber(list, prefix) {
    [...list.children].forEach((row, i) => {
      row.dataset.field = `${prefix}[${i}]`;
      for (const f of row.querySelectorAll('[data-sub]')) f.dataset.field = `${prefix}[${i}]${f.dataset.sub}`;
      const legend = row.querySelector('.row-legend');
      if (legend) legend.textContent = t(prefix === 'past_projects' ? 'sp.apply.project_n' : 'sp.apply.registration_n', { n: i + 1 });
      const remove = row.querySelector('[data-action="remove"]');
      if (remove) {
        remove.setAttribute('aria-label', t(prefix === 'past_projects' ? 'sp.apply.remove_project' : 'sp.apply.remove_registration', { n: i + 1 }));
        remove.hidden = prefix === 'registration_numbers' && list.children.length === 1;
      }
    });
    addReg.disabled = regRows.children.length >= MAX_REGISTRATIONS;
    addProject.disabled = projectRows.children.length >= MAX_PROJECTS;
  }

  function sub(suffix, labelText, control, opts) {
    const f = field(null, labelText, control, opts);
    f.dataset.sub = suffix;
    return f;
  }

  function addRegistration() {
    const row = h('fieldset', { class: 'repeat-row' },
      h('legend', { class: 'row-legend' }),
      h('div', { class: 'form-grid' },
        sub('.kind', t('sp.apply.reg_kind'), input({ name: 'reg_kind', list: kindsList.id, maxlength: '60' })),
        sub('.number', t('sp.apply.reg_number'), input({ name: 'reg_number', maxlength: '60', spellcheck: 'false' })),
        h('div', { class: 'field-actions' },
          button(t('sp.remove'), { dataset: { action: 'remove' } }))));
    add(regRows, row);
    renumber(regRows, 'registration_numbers');
    return row;
  }

  // ---- Past projects -----------------------------------------------------------------
  const projectRows = h('div', { class: 'repeat-list', id: 'apply-projects' });
  const addProject = button(t('sp.apply.add_project'), { id: 'apply-add-project' });
  const thisYear = Number(ctx.today.slice(0, 4));

  function addPastProject() {
    const themes = checkGroup({
      legend: t('sp.apply.project_themes'),
      name: `project_theme_${uid('pt')}`,
      options: THEMES.map((v) => ({ value: v, label: name('theme', v) })),
      cls: 'checks-compact',
    });
    themes.dataset.sub = '.themes';
    const row = h('fieldset', { class: 'repeat-row' },
      h('legend', { class: 'row-legend' }),
      h('div', { class: 'form-grid' },
        sub('.title', t('sp.apply.project_title'), input({ name: 'title', maxlength: '200' }), { cls: 'field-wide' }),
        sub('.from_year', t('sp.apply.from_year'), input({ name: 'from_year', type: 'number', min: '1950', max: String(thisYear), step: '1', inputmode: 'numeric' })),
        sub('.to_year', t('sp.apply.to_year'), input({ name: 'to_year', type: 'number', min: '1950', max: String(thisYear + 10), step: '1', inputmode: 'numeric' }), { hint: t('sp.optional') }),
        sub('.funded_by', t('sp.apply.funded_by'), input({ name: 'funded_by', maxlength: '200' }), { hint: t('sp.optional') })),
      themes,
      h('div', { class: 'form-grid' },
        sub('.summary', t('sp.apply.summary'), textarea({ name: 'summary', maxlength: '2000' }), { hint: t('sp.optional'), cls: 'field-wide' }),
        h('div', { class: 'field-actions' }, button(t('sp.remove'), { dataset: { action: 'remove' } }))));
    add(projectRows, row);
    renumber(projectRows, 'past_projects');
    return row;
  }

  for (const [list, prefix] of [[regRows, 'registration_numbers'], [projectRows, 'past_projects']]) {
    list.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-action="remove"]');
      if (!b) return;
      const row = b.closest('.repeat-row');
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber(list, prefix);
      (next?.querySelector('input') || (prefix === 'past_projects' ? addProject : addReg)).focus();
    });
  }
  addReg.addEventListener('click', () => addRegistration().querySelector('input').focus());
  addProject.addEventListener('click', () => addPastProject().querySelector('input').focus());

  // ---- Themes, states and districts ------------------------------------------------------
  const themes = checkGroup({
    legend: t('sp.apply.themes'),
    field: 'themes',
    name: 'theme',
    options: THEMES.map((v) => ({ value: v, label: name('theme', v) })),
  });
  const states = checkGroup({
    legend: t('sp.apply.states'),
    field: 'states',
    name: 'state',
    options: stateRows.map((s) => ({ value: s.code, label: s.name })),
  });
  states.id = 'apply-states';
  const districtsBox = h('div', { id: 'apply-districts', class: 'sp-districts', dataset: { field: 'districts' } },
    h('p', { class: 'muted' }, t('sp.apply.districts_hint')));
  const districtGroups = new Map(); // state code -> fieldset

  async function onStateToggle(e) {
    const box = e.target;
    if (box.type !== 'checkbox') return;
    const code = box.value;
    if (!box.checked) {
      districtGroups.get(code)?.remove();
      districtGroups.delete(code);
      return;
    }
    const stateName = stateRows.find((s) => s.code === code)?.name || code;
    const group = h('fieldset', { class: 'checks checks-compact', dataset: { state: code } },
      h('legend', null, t('sp.apply.districts_of', { name: stateName })),
      h('p', { class: 'muted' }, t('status.loading')));
    districtGroups.set(code, group);
    add(districtsBox, group);
    try {
      const rows = (await papi.districts(code)).rows || [];
      if (districtGroups.get(code) !== group) return;
      fill(group, h('legend', null, t('sp.apply.districts_of', { name: stateName })),
        h('div', { class: 'check-list' }, rows.map((d) => {
          const id = uid('d');
          return h('label', { class: 'check', for: id },
            h('input', { type: 'checkbox', id, name: 'district', value: d.code }), ' ', d.name);
        })));
    } catch (err) {
      fill(group, h('legend', null, t('sp.apply.districts_of', { name: stateName })),
        h('p', { class: 'form-error' }, t('sp.apply.districts_failed')));
    }
  }
  states.addEventListener('change', onStateToggle);

  // ---- Contact and documents -----------------------------------------------------------
  const contact = {
    name: input({ id: 'apply-contact-name', maxlength: '120', autocomplete: 'name' }),
    designation: input({ id: 'apply-contact-designation', maxlength: '120', autocomplete: 'organization-title' }),
    email: input({ id: 'apply-contact-email', type: 'email', maxlength: '200', autocomplete: 'email', spellcheck: 'false' }),
    phone: input({ id: 'apply-contact-phone', type: 'tel', maxlength: '20', autocomplete: 'tel' }),
  };
  const files = fileInput({ id: 'apply-documents', name: 'documents' });
  const submitButton = h('button', { type: 'submit', class: 'button', id: 'apply-submit' }, t('sp.apply.submit'));

  fill(form,
    open.length > 1 ? h('div', { class: 'form-grid' }, field(null, t('sp.apply.round'), roundSelect)) : null,
    rulesBox,
    h('fieldset', { class: 'sp-section' },
      h('legend', null, t('sp.apply.organisation')),
      h('div', { class: 'form-grid' },
        field('org_name', t('sp.apply.org_name'), org.name, { cls: 'field-wide' }),
        field('org_type', t('sp.apply.org_type'), org.type),
        field('website', t('sp.apply.website'), org.website, { hint: t('sp.optional') }),
        field('years_of_work', t('sp.apply.years_of_work'), org.years),
        field('years_rural', t('sp.apply.years_rural'), org.rural, { hint: t('sp.apply.years_rural_hint') }),
        field('address', t('sp.apply.address'), org.address, { hint: t('sp.optional'), cls: 'field-wide' }))),
    h('fieldset', { class: 'sp-section', dataset: { field: 'registration_numbers' } },
      h('legend', null, t('sp.apply.registrations')),
      h('p', { class: 'muted' }, t('sp.apply.registrations_hint', { n: MAX_REGISTRATIONS })),
      kindsList, regRows, h('div', { class: 'row-buttons' }, addReg)),
    h('div', { class: 'sp-section' }, themes),
    h('div', { class: 'sp-section' }, states, districtsBox),
    h('fieldset', { class: 'sp-section', dataset: { field: 'past_projects' } },
      h('legend', null, t('sp.apply.projects')),
      h('p', { class: 'muted' }, t('sp.apply.projects_hint')),
      projectRows, h('div', { class: 'row-buttons' }, addProject)),
    h('fieldset', { class: 'sp-section', dataset: { field: 'contact' } },
      h('legend', null, t('sp.apply.contact')),
      h('div', { class: 'form-grid' },
        field('contact.name', t('sp.apply.contact_name'), contact.name),
        field('contact.designation', t('sp.apply.contact_designation'), contact.designation, { hint: t('sp.optional') }),
        field('contact.email', t('sp.apply.contact_email'), contact.email),
        field('contact.phone', t('sp.apply.contact_phone'), contact.phone))),
    h('div', { class: 'sp-section form-grid' },
      field('documents', t('sp.apply.documents'), files,
        { hint: `${t('sp.optional')} ${t('sp.files_hint', { n: MAX_DOCUMENTS })}`, cls: 'field-wide' })),
    h('div', { class: 'field-actions' }, submitButton),
    msgs.error);
  addRegistration();
  addPastProject();

  async function collect() {
    const regs = [...regRows.children].map((row) => ({
      kind: row.querySelector('[name="reg_kind"]').value.trim(),
      number: row.querySelector('[name="reg_number"]').value.trim(),
    }));
    const projects = [...projectRows.children].map((row) => {
      const p = {
        title: row.querySelector('[name="title"]').value.trim(),
        from_year: whole(row.querySelector('[name="from_year"]')),
        themes: [...row.querySelectorAll('input[type="checkbox"]')].filter((c) => c.checked).map((c) => c.value),
        funded_by: row.querySelector('[name="funded_by"]').value.trim(),
        summary: row.querySelector('[name="summary"]').value.trim(),
      };
      const to = whole(row.querySelector('[name="to_year"]'));
      if (to !== null) p.to_year = to;
      return p;
    // An untouched project row is left out: past projects are optional.
    }).filter((p) => p.title || p.from_year !== null || p.themes.length || p.funded_by || p.summary);
    const out = {
      org_name: org.name.value.trim(),
      org_type: org.type.value || null,
      registration_numbers: regs,
      years_of_work: whole(org.years),
      years_rural: whole(org.rural),
      themes: checkedValues(themes, 'theme'),
      states: checkedValues(states, 'state'),
      districts: checkedValues(districtsBox, 'district'),
      past_projects: projects,
      contact: {
        name: contact.name.value.trim(),
        designation: contact.designation.value.trim(),
        email: contact.email.value.trim(),
        phone: contact.phone.value.trim(),
      },
    };
    if (org.website.value.trim()) out.website = org.website.value.trim();
    if (org.address.value.trim()) out.address = org.address.value.trim();
    if (!out.themes.length) throw pageError('sp.apply.need_theme', null, 'themes');
    if (!out.states.length) throw pageError('sp.apply.need_state', null, 'states');
    const docs = await readFiles(files, 'documents');
    if (docs.length) out.documents = docs;
    return out;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const answer = await submit(form, msgs.error, async () => papi.apply(round.id, await collect()));
    if (!answer) return;
    const result = h('section', {
      id: 'apply-result', class: 'panel sp-result', tabindex: '-1',
      'aria-labelledby': 'apply-result-title', dataset: { reference: answer.reference, id: String(answer.id) },
    },
    h('h3', { id: 'apply-result-title', class: 'section-title' }, t('sp.apply.received')),
    h('p', { class: 'form-ok', role: 'status' },
      t('sp.apply.reference', { reference: answer.reference, round: answer.round || round.name })),
    h('p', null, t('sp.apply.received_at', { time: when(answer.submitted_at) })),
    h('p', { class: 'muted' }, t('sp.apply.next_steps')));
    form.replaceWith(result);
    result.focus();
  });

  add(body, 
    open.length === 1 ? h('p', { class: 'sp-round-line' },
      t('sp.apply.round_dates', { name: round.name, from: day(round.opens_on), to: day(round.closes_on) })) : null,
    h('p', { class: 'muted' }, t('sp.apply.required_note')),
    form);
}
