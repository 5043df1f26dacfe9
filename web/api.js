// The JSON API of `jjm serve`, under /api/v1.  Every failure becomes an
// ApiError so the page has one place to turn it into a message.

const BASE = '/api/v1';

export class ApiError extends Error {
  // status: HTTP status, or 0 when the server could not be reached.
  // code/field: from the server's {"error":{"code","message","field"}}.
  constructor(status, code, message, field = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

// GET BASE+path with the non-empty `params` as the query string.
export async function getJson(path, params = {}, { signal } = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const query = qs.toString();
  const url = BASE + path + (query ? `?${query}` : '');
  let res;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json' }, signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', e.message);
  }
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    // A proxy's HTML error page, or a truncated body.
    if (res.ok) throw new ApiError(res.status, 'bad_response', 'response is not JSON');
  }
  if (!res.ok) {
    const err = body && typeof body.error === 'object' ? body.error : {};
    throw new ApiError(res.status, err.code || 'http', err.message || '', err.field || null);
  }
  return body;
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
  search: (q, opts) => getJson('/units', { q }, opts),
};
