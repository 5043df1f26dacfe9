// User management (/?view=users), for users with a role that manages users:
// the accounts they manage (GET /api/v1/users), a form to create one, and
// per account: disable/enable, clear a lock, set a password, grant and
// revoke roles, end sessions.  The server decides what each manager may do
// (a 403 names what lies outside their scope); the page shows its answer.

import { h, fill, $ } from './dom.js';
import { t, getLanguage } from './i18n.js';
import { api, ApiError } from './api.js';
import { errorMessage } from './errors.js';
import { managesUsers, grantableRoles, sessionEnded, ROLE_LEVEL } from './session.js';
import { formatDateTime } from './format.js';
import { showFieldError, clearFieldError } from './forms.js';

function roleName(role) {
  const s = t(`role.${role}`);
  return s === `role.${role}` ? role : s;
}

const errorText = (e) => errorMessage(e);

export function isLocked(user, now = Date.now()) {
  const until = Date.parse(user?.locked_until || '');
  return Number.isFinite(until) && until > now;
}

export function createUsersView() {
  const els = {
    view: $('#users-view'),
    title: $('#users-title'),
    message: $('#users-message'),
    body: $('#users-body'),
    form: $('#user-create-form'),
    username: $('#new-username'),
    displayName: $('#new-display-name'),
    password: $('#new-password'),
    role: $('#new-role'),
    unit: $('#new-unit'),
    partnerField: $('#new-partner-field'),
    labField: $('#new-lab-field'),
    lab: $('#new-lab'),
    partner: $('#new-partner'),
    submit: $('#user-create-submit'),
    createError: $('#user-create-error'),
    createResult: $('#user-create-result'),
    table: $('#users-table'),
  };
  let session = null;
  let users = [];
  let seq = 0;
  let notes = new Map(); // username -> {text, error} shown in the row
  let lastError = null;

  function showMessage(text) {
    els.message.textContent = text || '';
    els.message.hidden = !text;
  }

  // The roles this manager may give, after a "choose" option: no role is
  // picked for them (least of all national administrator).
  function roleOptions(selected) {
    return [
      h('option', { value: '', selected: !selected }, t('users.choose_role')),
      grantableRoles(session).map((r) => h('option', { value: r, selected: r === selected }, roleName(r))),
    ];
  }

  function paintCreateForm() {
    fill(els.role, roleOptions(els.role.value));
    onRoleChange();
  }

  // The place a role needs (a district for a district officer…) as a hint;
  // a national role is always for India; a lab analyst names their lab
  // instead (the server binds them to the lab's place).
  function onRoleChange() {
    const role = els.role.value;
    const level = ROLE_LEVEL[role];
    els.partnerField.hidden = role !== 'partner_user';
    els.labField.hidden = level !== 'lab';
    els.unit.closest('.field').hidden = level === 'lab';
    if (level === 'lab') {
      els.unit.placeholder = '';
      return;
    }
    if (level === 'nation') {
      els.unit.value = 'IN';
      els.unit.readOnly = true;
    } else {
      if (els.unit.readOnly) els.unit.value = '';
      els.unit.readOnly = false;
    }
    els.unit.placeholder = level ? t('users.unit_for', { level: t(`level.${level}`) }) : '';
  }

  // ---- The table -------------------------------------------------------------

  function statusCell(u) {
    const lang = getLanguage();
    const bits = [];
    if (u.disabled) bits.push(h('span', { class: 'tag tag-off' }, t('users.disabled')));
    else bits.push(h('span', { class: 'tag tag-on' }, t('users.active')));
    if (isLocked(u)) {
      bits.push(h('span', { class: 'tag tag-warn' },
        t('users.locked_until', { time: formatDateTime(u.locked_until, lang, { seconds: false }) })));
    }
    if (!u.has_password) bits.push(h('span', { class: 'tag' }, t('users.no_password')));
    return h('td', { class: 'status-cell' }, bits);
  }

  function rolesCell(u) {
    const roles = Array.isArray(u.roles) ? u.roles : [];
    return h('td', { class: 'roles-cell' },
      roles.length === 0 ? h('span', { class: 'muted' }, t('users.no_roles')) : h('ul', { class: 'role-list' },
        roles.map((r) => h('li', { dataset: { roleId: String(r.id), role: r.role, unit: r.unit_code } },
          h('span', null, t('scope.role_at', { role: roleName(r.role), place: r.unit_name || r.unit_code }),
            ' ', h('small', { class: 'muted' }, r.lab ? `${r.unit_code} · ${r.lab.code}` : r.unit_code)),
          ' ',
          h('button', {
            type: 'button', class: 'link-button', dataset: { action: 'revoke', roleId: String(r.id) },
            'aria-label': t('users.revoke_label', { role: roleName(r.role), place: r.unit_name || r.unit_code }),
          }, t('users.revoke'))))));
  }

  function actionsCell(u) {
    const name = u.username;
    const pwId = `pw-${name}`;
    const roleId = `grant-role-${name}`;
    const unitId = `grant-unit-${name}`;
    const grantRoles = grantableRoles(session);
    return h('td', { class: 'actions-cell' },
      h('div', { class: 'row-buttons' },
        h('button', { type: 'button', class: 'button-small', dataset: { action: u.disabled ? 'enable' : 'disable' } },
          u.disabled ? t('users.enable') : t('users.disable')),
        u.locked_until
          ? h('button', { type: 'button', class: 'button-small', dataset: { action: 'clear-lock' } }, t('users.clear_lock'))
          : null,
        h('button', { type: 'button', class: 'button-small', dataset: { action: 'end-sessions' } }, t('users.end_sessions'))),
      h('details', { class: 'inline-form' },
        h('summary', null, t('users.set_password')),
        h('form', { dataset: { form: 'password' }, novalidate: true },
          // For password managers: whose password this is.
          h('input', { type: 'text', name: 'username', value: name, autocomplete: 'username', readonly: true, hidden: true }),
          h('label', { for: pwId, class: 'visually-hidden' }, t('users.new_password_for', { user: name })),
          h('input', {
            id: pwId, name: 'password', type: 'password', minlength: '10', maxlength: '1000',
            autocomplete: 'new-password', placeholder: t('users.password_hint'),
          }),
          h('button', { type: 'submit', class: 'button-small' }, t('users.save')))),
      grantRoles.length ? h('details', { class: 'inline-form' },
        h('summary', null, t('users.grant')),
        h('form', { dataset: { form: 'grant' }, novalidate: true },
          h('label', { for: roleId, class: 'visually-hidden' }, t('users.role')),
          h('select', { id: roleId, name: 'role' }, roleOptions('')),
          h('label', { for: unitId, class: 'visually-hidden' }, t('users.unit')),
          h('input', {
            id: unitId, name: 'unit', type: 'text', maxlength: '40', spellcheck: 'false',
            autocapitalize: 'characters', placeholder: t('users.unit'),
          }),
          // For a lab analyst: the lab's code, which takes the place's.
          h('label', { for: `grant-lab-${name}`, class: 'visually-hidden' }, t('users.lab')),
          h('input', {
            id: `grant-lab-${name}`, name: 'lab', type: 'text', maxlength: '40', spellcheck: 'false',
            autocapitalize: 'characters', placeholder: t('users.lab'),
          }),
          h('button', { type: 'submit', class: 'button-small' }, t('users.grant_submit')))) : null,
      h('p', { class: 'row-message', role: 'status' }));
  }

  function rowEl(u) {
    const lang = getLanguage();
    const tr = h('tr', {
      dataset: {
        username: u.username,
        disabled: String(Boolean(u.disabled)),
        locked: String(isLocked(u)),
      },
    },
    h('th', { scope: 'row' },
      h('span', { class: 'username' }, u.username),
      u.display_name && u.display_name !== u.username
        ? h('small', { class: 'display-name' }, u.display_name) : null),
    statusCell(u),
    rolesCell(u),
    h('td', { class: 'created-cell' },
      formatDateTime(u.created_at, lang, { seconds: false }),
      u.created_by ? h('small', { class: 'muted' }, t('users.by', { user: u.created_by })) : null),
    actionsCell(u));
    const note = notes.get(u.username);
    if (note) {
      const p = tr.querySelector('.row-message');
      p.textContent = note.text;
      p.classList.toggle('is-error', note.error);
      p.setAttribute('role', note.error ? 'alert' : 'status');
    }
    return tr;
  }

  function paintTable() {
    const cols = ['user', 'status', 'roles', 'created', 'actions'];
    const sorted = users.slice().sort((a, b) => a.username.localeCompare(b.username));
    fill(els.table,
      h('caption', { class: 'visually-hidden' }, t('users.caption')),
      h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col' }, t(`users.col_${c}`))))),
      h('tbody', null, sorted.length
        ? sorted.map(rowEl)
        : h('tr', null, h('td', { colspan: cols.length, class: 'empty' }, t('users.empty')))));
  }

  // Redraws one account's row (after a change) and puts the focus back on
  // the control that was used, or the row's first button.
  function replaceRow(user, note, focusSel) {
    const i = users.findIndex((u) => u.username === user.username);
    if (i >= 0) users[i] = user;
    else users.push(user);
    if (note) notes.set(user.username, note);
    const old = els.table.querySelector(`tr[data-username="${CSS.escape(user.username)}"]`);
    const fresh = rowEl(user);
    if (old) old.replaceWith(fresh);
    else paintTable();
    const row = els.table.querySelector(`tr[data-username="${CSS.escape(user.username)}"]`);
    (row?.querySelector(focusSel || 'button') || row?.querySelector('button'))?.focus();
  }

  function setRowNote(username, text, error) {
    notes.set(username, { text, error });
    const p = els.table.querySelector(`tr[data-username="${CSS.escape(username)}"] .row-message`);
    if (p) {
      p.textContent = text;
      p.classList.toggle('is-error', error);
      p.setAttribute('role', error ? 'alert' : 'status');
    }
  }

  async function act(username, run, okText, focusSel) {
    const row = els.table.querySelector(`tr[data-username="${CSS.escape(username)}"]`);
    const controls = row ? [...row.querySelectorAll('button, input, select')] : [];
    for (const c of controls) c.disabled = true;
    row?.setAttribute('aria-busy', 'true');
    try {
      const user = await run();
      const note = { text: okText, error: false };
      if (user && user.username) replaceRow(user, note, focusSel);
      else setRowNote(username, okText, false);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) sessionEnded();
      setRowNote(username, errorText(e), true);
    } finally {
      // (A redrawn row has fresh controls; these may be detached.)
      for (const c of controls) c.disabled = false;
      row?.removeAttribute('aria-busy');
    }
  }

  function onTableClick(e) {
    const button = e.target.closest('button[data-action]');
    if (!button || !els.table.contains(button)) return;
    const username = button.closest('tr[data-username]')?.dataset.username;
    if (!username) return;
    const focus = `button[data-action="${button.dataset.action}"]`;
    switch (button.dataset.action) {
      case 'disable':
        act(username, () => api.patchUser(username, { disabled: true }), t('users.done_disabled'),
          'button[data-action="enable"]');
        break;
      case 'enable':
        act(username, () => api.patchUser(username, { disabled: false }), t('users.done_enabled'),
          'button[data-action="disable"]');
        break;
      case 'clear-lock':
        act(username, () => api.patchUser(username, { clear_lock: true }), t('users.done_unlocked'));
        break;
      case 'end-sessions':
        act(username, () => api.endSessions(username), t('users.done_sessions'), focus);
        break;
      case 'revoke':
        act(username, () => api.revokeRole(username, button.dataset.roleId), t('users.done_revoked'));
        break;
      default:
    }
  }

  function onTableSubmit(e) {
    const form = e.target.closest('form[data-form]');
    if (!form) return;
    e.preventDefault();
    const username = form.closest('tr[data-username]')?.dataset.username;
    if (!username) return;
    if (form.dataset.form === 'password') {
      const password = form.elements.password.value;
      if (!password) {
        setRowNote(username, t('users.need_password'), true);
        form.elements.password.focus();
        return;
      }
      act(username, () => api.patchUser(username, { password }), t('users.done_password'));
    } else if (form.dataset.form === 'grant') {
      const role = form.elements.role.value;
      const unit = form.elements.unit.value.trim();
      const lab = form.elements.lab.value.trim();
      if (!role) {
        setRowNote(username, t('users.need_role'), true);
        form.elements.role.focus();
        return;
      }
      if (ROLE_LEVEL[role] === 'lab' && !lab) {
        setRowNote(username, t('users.need_lab'), true);
        form.elements.lab.focus();
        return;
      }
      act(username, () => (ROLE_LEVEL[role] === 'lab'
        ? api.grantRole(username, role, '', lab)
        : api.grantRole(username, role, unit || 'IN')), t('users.done_granted'));
    }
  }

  async function onCreate(e) {
    e.preventDefault();
    if (els.submit.disabled) return;
    clearFieldError(els.form, els.createError);
    els.createResult.hidden = true;
    const body = {
      username: els.username.value.trim(),
      display_name: els.displayName.value.trim(),
      password: els.password.value,
      role: els.role.value,
      unit: els.unit.value.trim(),
    };
    if (!body.username) {
      showFieldError(els.form, els.createError, t('users.need_username'), 'username');
      return;
    }
    if (!body.role) {
      showFieldError(els.form, els.createError, t('users.need_role'), 'role');
      return;
    }
    if (ROLE_LEVEL[body.role] === 'lab') {
      body.lab = els.lab.value.trim();
      delete body.unit;
      if (!body.lab) {
        showFieldError(els.form, els.createError, t('users.need_lab'), 'lab');
        return;
      }
    }
    if (body.role === 'partner_user') {
      const n = Number(els.partner.value);
      if (!Number.isInteger(n) || n <= 0) {
        showFieldError(els.form, els.createError, t('users.need_partner'), 'partner_id');
        return;
      }
      body.partner_id = n;
    }
    els.submit.disabled = true;
    els.form.setAttribute('aria-busy', 'true');
    try {
      const user = await api.createUser(body);
      els.createResult.textContent = t('users.created', { user: user.username || body.username });
      els.createResult.hidden = false;
      for (const el of [els.username, els.displayName, els.password, els.partner, els.lab]) el.value = '';
      if (!els.unit.readOnly) els.unit.value = '';
      if (user && user.username) {
        notes.set(user.username, { text: t('users.created', { user: user.username }), error: false });
        const i = users.findIndex((u) => u.username === user.username);
        if (i >= 0) users[i] = user;
        else users.push(user);
        paintTable();
      }
      els.username.focus();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) sessionEnded();
      showFieldError(els.form, els.createError, errorText(err), err instanceof ApiError ? err.field : null);
    } finally {
      els.submit.disabled = false;
      els.form.removeAttribute('aria-busy');
    }
  }

  els.table.addEventListener('click', onTableClick);
  els.table.addEventListener('submit', onTableSubmit);
  els.form.addEventListener('submit', onCreate);
  els.role.addEventListener('change', onRoleChange);

  return {
    async show(s) {
      const mySeq = ++seq;
      const changedUser = session?.username !== s?.username;
      session = s;
      els.view.hidden = false;
      lastError = null;
      if (changedUser) {
        notes = new Map();
        els.createResult.hidden = true;
        clearFieldError(els.form, els.createError);
      }
      if (!s || !managesUsers(s)) {
        users = [];
        els.body.hidden = true;
        showMessage(s ? t('users.not_manager') : t('users.sign_in'));
        return 'ready';
      }
      showMessage('');
      paintCreateForm();
      try {
        const body = await api.users();
        if (mySeq !== seq) return null;
        users = Array.isArray(body.users) ? body.users : [];
        paintTable();
        els.body.hidden = false;
        return 'ready';
      } catch (e) {
        if (mySeq !== seq) return null;
        if (e instanceof ApiError && e.status === 401) sessionEnded();
        lastError = e;
        els.body.hidden = true;
        showMessage(errorText(e));
        return 'error';
      }
    },
    hide() {
      seq++;
      els.view.hidden = true;
    },
    focus() {
      els.title.focus();
    },
    repaint() {
      if (els.view.hidden) return;
      if (!session || !managesUsers(session)) {
        showMessage(session ? t('users.not_manager') : t('users.sign_in'));
        return;
      }
      if (lastError) showMessage(errorText(lastError));
      paintCreateForm();
      if (!els.body.hidden) paintTable();
    },
  };
}
