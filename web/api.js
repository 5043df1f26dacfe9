// The JSON API of `jjm serve`, under /api/v1.  Every failure becomes an
// ApiError so the page has one place to turn it into a message.
//
// Requests go to the same origin, so the browser sends the HttpOnly session
// cookie by itself.  Writes also carry the CSRF token the session was given
// (set with setCsrfToken after signing in or reading the session).

const BASE = '/api/v1';

export class ApiError extends Error {
  // status: HTTP status, or 0 when the server could not be reached.
  // code/field: from the server's {"error":{"code","message","field"}}.
  // details: the error object's other members, facts for the page to
  // show in its own words (a sign-in lock's {lock, locked_until}).
  constructor(status, code, message, field = null, details = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
  }
}

let csrfToken = '';

export function setCsrfToken(token) {
  csrfToken = token || '';
}

// For writes that cannot go through send() (a file's raw bytes with upload
// progress, supply/api.js).
export function getCsrfToken() {
  return csrfToken;
}

function urlFor(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const query = qs.toString();
  return BASE + path + (query ? `?${query}` : '');
}

async function request(url, init) {
  let res;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', e.message);
  }
  if (res.status === 204) return null;
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    // A proxy's HTML error page, or a truncated body.
    if (res.ok) throw new ApiError(res.status, 'bad_response', 'response is not JSON');
  }
  if (!res.ok) {
    const err = body && typeof body.error === 'object' && body.error ? body.error : {};
    const { code, message, field, ...details } = err;
    throw new ApiError(res.status, code || 'http', message || '', field || null, details);
  }
  return body;
}

// GET BASE+path with the non-empty `params` as the query string.
export function getJson(path, params = {}, { signal } = {}) {
  return request(urlFor(path, params), { headers: { Accept: 'application/json' }, signal });
}

// POST/PATCH/DELETE with a JSON body (if any) and the CSRF token.
export function send(method, path, body, { signal, headers = {} } = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (csrfToken) h['X-CSRF-Token'] = csrfToken;
  const init = { method, headers: h, signal, cache: 'no-store' };
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return request(BASE + path, init);
}

const enc = encodeURIComponent;

export const api = {
  unit: (code, opts) => getJson(`/units/${enc(code)}`, {}, opts),
  children: (code, opts) => getJson(`/units/${enc(code)}/children`, {}, opts),
  // level omitted: the server uses the parent's child level.
  coverage: ({ parent, level, asOf }, opts) =>
    getJson('/coverage', { parent, level, as_of: asOf }, opts),
  timeseries: ({ unit, from, to, interval = 'month' }, opts) =>
    getJson('/coverage/timeseries', { unit, from, to, interval }, opts),
  // `params`: {q, level, within, offset, limit}, or the text alone.
  search: (params, opts) => getJson('/units', typeof params === 'string' ? { q: params } : params, opts),

  // Accounts.  GET /me answers {signed_in: false} when nobody is signed in
  // (GET /session would answer 401: an error in the console of every
  // signed-out page).
  session: (opts) => request(urlFor('/me'), {
    headers: { Accept: 'application/json' }, cache: 'no-store', ...opts,
  }),
  signIn: (username, password) => send('POST', '/session', { username, password }),
  signOut: () => send('DELETE', '/session'),

  // One ledger event; `key` makes a retry of the same entry a no-op.
  recordConnection: (entry, key) =>
    send('POST', '/connections', entry, { headers: key ? { 'Idempotency-Key': key } : {} }),
  periods: (unit, opts) => getJson('/periods', { unit }, opts),
  audit: (filters, opts) => getJson('/audit', filters, opts),

  users: (opts) => getJson('/users', {}, opts),
  createUser: (user) => send('POST', '/users', user),
  patchUser: (username, patch) => send('PATCH', `/users/${enc(username)}`, patch),
  // A lab analyst's role names the lab (its code) instead of a place.
  grantRole: (username, role, unit, lab) => send('POST', `/users/${enc(username)}/roles`,
    lab ? { role, lab } : { role, unit }),
  revokeRole: (username, id) => send('DELETE', `/users/${enc(username)}/roles/${enc(id)}`),
  endSessions: (username) => send('DELETE', `/users/${enc(username)}/sessions`),
};
