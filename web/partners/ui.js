// Building blocks of the Sector Partner pages: labelled fields, checkbox
// groups, tables, status tags, errors beside the field the server names,
// and files read as base64.  Everything goes through h() (text nodes only)
// and t() (en/hi catalogues).

import { h, fill } from '../dom.js';
import { t, getLanguage } from '../i18n.js';
import { ApiError } from '../api.js';
import { errorMessage } from '../errors.js';
import { sessionEnded, loadSession } from '../session.js';
import { formatIndian, formatDate, formatDateTime } from '../format.js';
import { fieldCandidates, checkFiles } from './model.js';
import { documentHref } from './api.js';

// ---- Words -----------------------------------------------------------------------

// The name of a code from one of the fixed lists: name('theme', 'health').
export function name(kind, code) {
  const key = `sp.${kind}.${code}`;
  const s = t(key);
  return s === key ? String(code ?? '—') : s;
}

// A failure in the reader's words (errors.js; the page's own checks carry
// an i18nKey).
export const errorText = (e) => errorMessage(e);

export const num = (n) => formatIndian(n);
export const day = (iso) => (iso ? formatDate(iso, getLanguage()) : '—');
export const when = (iso) => (iso ? formatDateTime(iso, getLanguage(), { seconds: false }) : '—');
export function score(n) {
  return typeof n === 'number' && Number.isFinite(n) ? formatIndian(n, Number.isInteger(n) ? 0 : 1) : '—';
}

// ---- Controls ----------------------------------------------------------------------

let idSeq = 0;
export function uid(prefix = 'sp') {
  idSeq += 1;
  return `${prefix}-${idSeq}`;
}

// A labelled control: <div class="field" data-field="contact.email">.
// `name` is the field as the API names it, so its errors land here.
export function field(name, labelText, control, { hint, wide = false, cls = '' } = {}) {
  if (!control.id) control.id = uid('f');
  let hintEl = null;
  if (hint) {
    hintEl = h('small', { id: `${control.id}-hint`, class: 'muted' }, hint);
    const before = control.getAttribute('aria-describedby');
    control.setAttribute('aria-describedby', before ? `${before} ${hintEl.id}` : hintEl.id);
  }
  return h('div', { class: `field${wide ? ' field-wide' : ''}${cls ? ` ${cls}` : ''}`, dataset: name ? { field: name } : null },
    h('label', { for: control.id }, labelText),
    control,
    control.datalist || null,
    hintEl);
}

export function input(props = {}) {
  return h('input', { type: 'text', ...props });
}

export function textarea(props = {}, value = '') {
  const el = h('textarea', { rows: '3', ...props });
  el.value = value ?? '';
  return el;
}

// <select> of `values` named by name(kind, v); `blank` adds a first empty choice.
export function choice(values, { kind, selected, blank, props = {}, labelOf } = {}) {
  return h('select', props,
    blank ? h('option', { value: '' }, blank) : null,
    values.map((v) => h('option', { value: v, selected: v === selected },
      labelOf ? labelOf(v) : name(kind, v))));
}

// A group of checkboxes in a fieldset; `field` is its API name.
export function checkGroup({ legend, field: fieldName, options, checked = [], name: inputName, cls = '' }) {
  const set = new Set(checked);
  return h('fieldset', { class: `checks${cls ? ` ${cls}` : ''}`, dataset: fieldName ? { field: fieldName } : null },
    h('legend', null, legend),
    h('div', { class: 'check-list' },
      options.map((o) => {
        const id = uid('c');
        return h('label', { class: 'check', for: id },
          h('input', { type: 'checkbox', id, name: inputName, value: o.value, checked: set.has(o.value) }),
          ' ', o.label);
      })));
}

export function checkedValues(root, inputName) {
  return [...root.querySelectorAll(`input[type="checkbox"][name="${CSS.escape(inputName)}"]`)]
    .filter((c) => c.checked).map((c) => c.value);
}

export function button(text, props = {}) {
  return h('button', { type: 'button', class: 'button-small', ...props }, text);
}

// ---- Errors beside fields -------------------------------------------------------------

export function formMessages() {
  return {
    error: h('p', { class: 'form-error', role: 'alert', hidden: true }),
    ok: h('p', { class: 'form-ok', role: 'status', hidden: true }),
  };
}

export function clearError(form, errorEl) {
  errorEl.hidden = true;
  errorEl.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const actions = [...form.querySelectorAll('.field-actions')].pop();
  if (actions) actions.after(errorEl);
  else form.append(errorEl);
}

// Puts `message` beside the field `field` names ("past_projects[0].title",
// "contact.email", …: the closest wrapper the form has), or under the
// buttons when the form has none of them.
export function showError(form, errorEl, message, fieldName) {
  clearError(form, errorEl);
  errorEl.textContent = message;
  errorEl.hidden = false;
  for (const f of fieldCandidates(fieldName)) {
    const wrapper = form.querySelector(`[data-field="${CSS.escape(f)}"]`);
    if (!wrapper || wrapper.closest('[hidden]')) continue;
    const control = wrapper.querySelector('input:not([type="hidden"]), select, textarea');
    wrapper.append(errorEl);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      control.focus();
    }
    return;
  }
}

// Runs a write for `form`: its buttons are disabled meanwhile; a refusal
// is shown beside its field.  Resolves with the answer, or undefined.
export async function submit(form, errorEl, run) {
  const buttons = [...form.querySelectorAll('button')];
  if (form.getAttribute('aria-busy') === 'true') return undefined;
  clearError(form, errorEl);
  for (const b of buttons) b.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof ApiError) && !e?.i18nKey) console.error(e);
    if (e instanceof ApiError && e.status === 401) sessionEnded();
    if (e instanceof ApiError && e.status === 403 && e.field === 'x-csrf-token') loadSession();
    showError(form, errorEl, errorText(e), e?.field ?? null);
    return undefined;
  } finally {
    for (const b of buttons) b.disabled = false;
    form.removeAttribute('aria-busy');
  }
}

// An error raised by the page itself (before anything is sent).
export function pageError(key, params, fieldName = null) {
  const e = new Error(key);
  e.i18nKey = key;
  e.params = params;
  e.field = fieldName;
  return e;
}

// ---- Files ------------------------------------------------------------------------------

function readOne(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const s = String(reader.result || '');
      resolve({ name: file.name, content_type: file.type, data_base64: s.slice(s.indexOf(',') + 1) });
    };
    reader.onerror = () => reject(reader.error || new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

// The files of an <input type=file> as the API takes them; throws a
// pageError naming `fieldName` when one is too big, of the wrong type, or
// there are too many.
export async function readFiles(fileInput, fieldName) {
  const files = Array.from(fileInput?.files || []);
  const bad = checkFiles(files);
  if (bad) throw pageError(bad.key, { name: bad.name, max: bad.max }, fieldName);
  return Promise.all(files.map(readOne));
}

export function fileInput(props = {}) {
  return h('input', {
    type: 'file', multiple: true, accept: 'application/pdf,image/png,image/jpeg', ...props,
  });
}

export function docLinks(docs) {
  const list = Array.isArray(docs) ? docs : [];
  if (!list.length) return h('span', { class: 'muted' }, t('sp.no_documents'));
  return h('ul', { class: 'doc-list' }, list.map((d) => h('li', null,
    h('a', { href: documentHref(d.id), download: d.name || '', dataset: { documentId: String(d.id) } }, d.name),
    ' ', h('small', { class: 'muted' }, `${d.content_type || ''} · ${t('sp.kb', { n: num(Math.ceil((d.size || 0) / 1024)) })}`))));
}

// ---- Layout ------------------------------------------------------------------------------

export function panel(title, ...children) {
  const id = uid('p');
  return h('section', { class: 'panel', 'aria-labelledby': id },
    h('h3', { id, class: 'section-title' }, title),
    children);
}

export function tag(text, kind = '') {
  return h('span', { class: `tag${kind ? ` tag-${kind}` : ''}` }, text);
}

const STATUS_TONE = {
  approved: 'on', accepted: 'on', shortlisted: 'on', eligible: 'on', open: 'on', done: 'on', scored: 'on',
  submitted: 'warn', returned: 'off', not_eligible: 'off', not_shortlisted: 'off', closed: '', dropped: 'off',
  in_progress: 'warn', declare: 'warn', score: 'warn', conflict: 'off',
};

// A plan's, report's, action's… status as a coloured tag.
export function statusTag(kind, status) {
  return h('span', { class: `tag tag-${STATUS_TONE[status] ?? 'plain'}`, dataset: { status: String(status) } },
    name(kind, status));
}

// A table: cols [{label, num}], rows (tr elements); `empty` when no rows.
export function dataTable({ caption, cols, rows, empty, cls = '', foot = null, id }) {
  return h('div', { class: 'table-scroll' },
    h('table', { class: `data-table compact ${cls}`, id },
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', null, h('tr', null, cols.map((c) =>
        h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h('tbody', null, rows.length ? rows
        : h('tr', null, h('td', { colspan: String(cols.length), class: 'empty' }, empty || t('sp.none')))),
      foot));
}

// <dl> of [label, value] pairs.
export function facts(pairs) {
  return h('dl', { class: 'facts sp-facts' },
    pairs.filter(Boolean).map(([label, value]) => h('div', null, h('dt', null, label), h('dd', null, value))));
}

// Links along the top of an area: [{href, label, current}].
export function tabs(label, items) {
  return h('nav', { class: 'sp-tabs', 'aria-label': label },
    h('ul', null, items.map((it) => h('li', null,
      h('a', { href: it.href, 'aria-current': it.current ? 'page' : null, dataset: it.data || null }, it.label)))));
}

// ---- Rows to add and remove ---------------------------------------------------------------
//
// repeater({prefix: 'actions', make: () => [field…], min, max, legend: (n) => …})
// -> {el, add(), rows()}.  Each row is a fieldset whose fields carry
// data-sub=".action" and get data-field="actions[2].action", so errors
// the server names for a row land in it.
export function repeater({ prefix, make, min = 0, max = 50, legend, addLabel, removeLabel }) {
  const list = h('div', { class: 'repeat-list', dataset: { field: prefix } });
  const addButton = button(addLabel, { dataset: { action: 'add-row' } });
  function renumber() {
    [...list.children].forEach((row, i) => {
      row.dataset.field = `${prefix}[${i}]`;
      for (const f of row.querySelectorAll('[data-sub]')) f.dataset.field = `${prefix}[${i}]${f.dataset.sub}`;
      row.querySelector('.row-legend').textContent = legend(i + 1);
      const rm = row.querySelector('[data-action="remove-row"]');
      rm.setAttribute('aria-label', removeLabel(i + 1));
      rm.hidden = list.children.length <= min;
    });
    addButton.disabled = list.children.length >= max;
  }
  function add(values) {
    const row = h('fieldset', { class: 'repeat-row' },
      h('legend', { class: 'row-legend' }),
      h('div', { class: 'form-grid' }, make(values || {}),
        h('div', { class: 'field-actions' }, button(t('sp.remove'), { dataset: { action: 'remove-row' } }))));
    list.append(row);
    renumber();
    return row;
  }
  list.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-action="remove-row"]');
    if (!b) return;
    const row = b.closest('.repeat-row');
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    renumber();
    (next?.querySelector('input, select, textarea') || addButton).focus();
  });
  addButton.addEventListener('click', () => add().querySelector('input, select, textarea')?.focus());
  return {
    el: h('div', { class: 'repeater' }, list, h('div', { class: 'row-buttons' }, addButton)),
    add,
    rows: () => [...list.children],
  };
}

// A field inside a repeater row: `sub` is ".name" under the row's path.
export function subField(sub, labelText, control, opts) {
  const f = field(null, labelText, control, opts);
  f.dataset.sub = sub;
  return f;
}

// ---- Places ---------------------------------------------------------------------------

// A text box for a place code that suggests places by name as one types
// (GET /units?q=), at `levels` only.
export function placeInput(findPlaces, { levels, ...props } = {}) {
  const list = h('datalist', { id: uid('places') });
  const el = input({ spellcheck: 'false', autocapitalize: 'characters', maxlength: '40', ...props, list: list.id });
  let timer = 0;
  let lastQ = '';
  el.addEventListener('input', () => {
    clearTimeout(timer);
    const q = el.value.trim();
    if (q.length < 2 || q === lastQ) return;
    timer = setTimeout(async () => {
      lastQ = q;
      try {
        const { results = [] } = await findPlaces(q);
        fill(list, results.filter((r) => !levels || levels.includes(r.level)).slice(0, 20).map((r) =>
          h('option', { value: r.code, label: `${r.name} · ${t(`level.${r.level}`)}${r.path ? ` · ${r.path}` : ''}` })));
      } catch {
        /* only suggestions */
      }
    }, 250);
  });
  // field() puts the list beside the box.
  el.datalist = list;
  return el;
}
