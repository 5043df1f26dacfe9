// Who is signed in, and what their roles let the page offer.
//
// The session itself is an HttpOnly cookie the page never sees; what it
// keeps is the answer of GET/POST /api/v1/session: the display name, the
// roles with their places, and the CSRF token every write must carry.
// The server checks every request again: these helpers only decide what to
// show.

import { api, ApiError, setCsrfToken } from './api.js';

export const NATION = 'IN';

// Roles a manager may give, by the role they hold (see src/accounts/roles.cc:
// a national administrator gives any; state and district officers give
// roles below their own level, inside their place, and appoint the analysts
// of labs in their place).
export const ROLES = Object.freeze([
  'national_admin', 'national_viewer', 'state_officer', 'district_officer',
  'block_officer', 'vwsc_operator', 'partner_user', 'lab_analyst', 'ftk_tester', 'surveyor',
]);
const GRANTS = {
  national_admin: ROLES,
  state_officer: ['district_officer', 'block_officer', 'vwsc_operator', 'lab_analyst', 'ftk_tester', 'surveyor'],
  district_officer: ['block_officer', 'vwsc_operator', 'lab_analyst', 'ftk_tester'],
};
// The level of place each role is bound to.
export const ROLE_LEVEL = Object.freeze({
  national_admin: 'nation',
  national_viewer: 'nation',
  partner_user: 'nation',
  state_officer: 'state',
  district_officer: 'district',
  block_officer: 'block',
  vwsc_operator: 'village',
  ftk_tester: 'village',
  // Records households of the functionality survey in a district.
  surveyor: 'district',
  // Bound to a lab (its code), and through it to the lab's place.
  lab_analyst: 'lab',
});

const rolesOf = (session) => (Array.isArray(session?.roles) ? session.roles : []);

// True when one of the session's roles may record connections at a place
// whose ancestry (India first, the place itself last) is `codes`.
export function canRecordAt(session, codes) {
  const set = new Set(codes);
  return rolesOf(session).some((r) => r.can_record && set.has(r.unit_code));
}

// The codes from India down to `unit` itself, from GET /units/{code}.
export function ancestry(unit) {
  const path = Array.isArray(unit?.path) ? unit.path.map((p) => p.code) : [];
  if (!path.includes(NATION)) path.unshift(NATION);
  if (unit?.code && path.at(-1) !== unit.code) path.push(unit.code);
  return path;
}

export function managesUsers(session) {
  return rolesOf(session).some((r) => r.can_manage_users);
}

// The roles this session could give to someone (somewhere), in ROLES order.
export function grantableRoles(session) {
  const can = new Set();
  for (const r of rolesOf(session)) {
    if (r.can_manage_users) for (const g of GRANTS[r.role] || []) can.add(g);
  }
  return ROLES.filter((r) => can.has(r));
}

// ---- The current session ---------------------------------------------------

let current = null;
const listeners = new Set();

export function getSession() {
  return current;
}

// fn(session|null) after every change (sign-in, sign-out, expiry).
export function onSessionChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function set(session) {
  const before = current;
  current = session && typeof session === 'object' ? session : null;
  setCsrfToken(current?.csrf_token);
  if (before !== current) for (const fn of listeners) fn(current);
}

// Asks the server; 401 means signed out, which is normal.  Any other
// failure leaves the page signed out too (it still shows public figures)
// and is returned so a caller can mention it.
export async function loadSession() {
  try {
    const me = await api.session();
    set(me && me.signed_in !== false ? me : null);
    return null;
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    set(null);
    return e instanceof ApiError && e.status === 401 ? null : e;
  }
}

// Resolves with the session; throws the ApiError (401 wrong password,
// 429 locked) for the form to show.
export async function signIn(username, password) {
  const s = await api.signIn(username, password);
  set(s);
  return s;
}

export async function signOut() {
  try {
    await api.signOut();
  } catch (e) {
    // Already ended on the server (401): signed out all the same.
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
  }
  set(null);
}

// After a 401 from a write or a read that needs a session: the session has
// ended on the server, so ask again and let the page follow.
export async function sessionEnded() {
  await loadSession();
}
