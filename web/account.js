// The account bar at the top of the page: the sign-in form when signed
// out; "my scope" (the display name and each role with its place) and the
// sign-out button when signed in; and the links to the dashboard, the audit
// trail (signed in), user management (for managers) and the Sector Partner
// programme: the application form (everyone), screening, partners and the
// programme's progress (national roles), and a partner user's own
// organisation.

import { h, fill, $ } from './dom.js';
import { t } from './i18n.js';
import { ApiError } from './api.js';
import { errorMessage, lockMessage } from './errors.js';
import { signIn, signOut, managesUsers } from './session.js';
import { isNational, partnerIdsOf } from './partners/model.js';
import { mayImport } from './crosswalk/model.js';

// "District officer · Adilabad"; a national role is "National administrator · India".
export function roleText(role) {
  const name = t(`role.${role.role}`);
  const label = name === `role.${role.role}` ? role.role : name;
  return role.unit_name ? t('scope.role_at', { role: label, place: role.unit_name }) : label;
}

// The server's sign-in refusal in the page's words, from its code and, for
// a lock, whose it is and when it ends (errors.js lockMessage), whatever
// the language: the server's English says the end only in UTC.
export function signInMessage(e) {
  if (!(e instanceof ApiError)) return t('error.bad_response');
  if (e.status === 0) return t('error.network');
  if (e.status === 401) return t('signin.wrong');
  return lockMessage(e) ?? errorMessage(e);
}

// The section links are ordinary links to this page; app.js follows them
// in place like every other.
export function createAccountBar() {
  const els = {
    form: $('#signin-form'),
    username: $('#signin-username'),
    password: $('#signin-password'),
    submit: $('#signin-submit'),
    error: $('#signin-error'),
    signedIn: $('#account-in'),
    scope: $('#my-scope'),
    signout: $('#signout'),
    navDashboard: $('#nav-dashboard'),
    navAudit: $('#nav-audit'),
    navUsers: $('#nav-users'),
    navCrosswalk: $('#nav-crosswalk'),
    navQuality: $('#nav-quality'),
    navApply: $('#nav-apply'),
    navScreening: $('#nav-screening'),
    navPartners: $('#nav-partners'),
    navMission: $('#nav-mission'),
  };
  let session = null;
  let lastError = null;
  let busy = false;

  function showError(e) {
    lastError = e;
    els.error.textContent = e ? signInMessage(e) : '';
    els.error.hidden = !e;
    // The server's own words, for those who read English.
    if (e?.message && e.message !== els.error.textContent) els.error.title = e.message;
    else els.error.removeAttribute('title');
    if (e) {
      els.username.setAttribute('aria-invalid', e.field === 'username' ? 'true' : 'false');
      els.password.setAttribute('aria-invalid', e.status === 401 || e.field === 'password' ? 'true' : 'false');
    } else {
      els.username.removeAttribute('aria-invalid');
      els.password.removeAttribute('aria-invalid');
    }
  }

  async function onSubmit(e) {
    e.preventDefault();
    if (busy) return;
    const username = els.username.value.trim();
    const password = els.password.value;
    if (!username || !password) {
      showError(new ApiError(400, 'invalid_argument', t('signin.need_both'), username ? 'password' : 'username'));
      (username ? els.password : els.username).focus();
      return;
    }
    busy = true;
    els.submit.disabled = true;
    els.form.setAttribute('aria-busy', 'true');
    try {
      await signIn(username, password);
      els.password.value = '';
      showError(null);
    } catch (err) {
      if (!(err instanceof ApiError)) console.error(err);
      showError(err);
      els.password.select();
      els.password.focus();
    } finally {
      busy = false;
      els.submit.disabled = false;
      els.form.removeAttribute('aria-busy');
    }
  }

  async function onSignOut() {
    els.signout.disabled = true;
    try {
      await signOut();
    } catch (err) {
      // The server could not be reached: still signed in there.
      els.scope.append(h('p', { class: 'signin-error', role: 'alert' },
        errorMessage(err)));
    } finally {
      els.signout.disabled = false;
    }
  }

  function paintScope() {
    if (!session) {
      fill(els.scope);
      return;
    }
    const roles = Array.isArray(session.roles) ? session.roles : [];
    fill(els.scope,
      h('span', { class: 'scope-name' },
        t('scope.signed_in_as', { name: session.display_name || session.username })),
      h('ul', { class: 'scope-roles', 'aria-label': t('scope.roles') },
        roles.length
          ? roles.map((r) => h('li', {
            dataset: { role: r.role, unit: r.unit_code },
            title: r.unit_code,
          }, roleText(r)))
          : h('li', null, t('scope.no_roles'))));
  }

  // view: 'dashboard', 'audit', 'users', 'crosswalk', 'quality' or 'programme'; area: which
  // programme link is current ('apply', 'screening', 'partners', 'mission').
  function paintNav(view, hrefs, area = null) {
    const signedIn = Boolean(session);
    const national = isNational(session);
    const partnerUser = partnerIdsOf(session).length > 0;
    els.navDashboard.href = hrefs.dashboard;
    els.navAudit.href = hrefs.audit;
    els.navUsers.href = hrefs.users;
    els.navCrosswalk.href = hrefs.crosswalk;
    els.navQuality.href = hrefs.quality;
    els.navApply.href = hrefs.apply;
    els.navScreening.href = hrefs.screening;
    els.navPartners.href = hrefs.partners;
    els.navMission.href = hrefs.mission;
    els.navAudit.hidden = !signedIn;
    els.navUsers.hidden = !managesUsers(session);
    els.navCrosswalk.hidden = !mayImport(session);
    els.navScreening.hidden = !national;
    els.navPartners.hidden = !national && !partnerUser;
    els.navPartners.textContent = t(national || !partnerUser ? 'nav.partners' : 'nav.my_partner');
    els.navMission.hidden = !national;
    const current = view === 'programme' ? `programme:${area}` : view;
    for (const [name, a] of [
      ['dashboard', els.navDashboard], ['audit', els.navAudit], ['users', els.navUsers],
      ['crosswalk', els.navCrosswalk], ['quality', els.navQuality],
      ['programme:apply', els.navApply], ['programme:screening', els.navScreening],
      ['programme:partners', els.navPartners], ['programme:mission', els.navMission],
    ]) {
      if (name === current) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  els.form.addEventListener('submit', onSubmit);
  els.signout.addEventListener('click', onSignOut);

  return {
    // After a sign-in, sign-out or reload of the session.
    // The focus follows a change the person made (into "Sign out" after
    // signing in, back to the form after signing out), not the first load.
    setSession(s, { initial = false } = {}) {
      const wasIn = Boolean(session);
      session = s;
      els.form.hidden = Boolean(s);
      els.signedIn.hidden = !s;
      paintScope();
      if (s) showError(null);
      if (initial) return;
      if (s && !wasIn) els.signout.focus({ preventScroll: true });
      else if (!s && wasIn) els.username.focus({ preventScroll: true });
    },
    paintNav,
    // The language changed: redraw what is not data-i18n.
    repaint() {
      paintScope();
      if (lastError) showError(lastError);
    },
  };
}
