// How every page words a failure.  The server refuses with
// {"error":{"code","message","field"}} (an ApiError here): the page says it
// in the reader's language from the code, naming the field by its label
// (field.<name> in i18n/<lang>.json), and never reads the English message.
// That message is the most precise account there is, so English readers
// get it as it is; so does anyone when the page knows nothing better (an
// unknown code).  Facts the sentence needs come as further members of the
// error object (ApiError.details), never out of the message: a sign-in
// lock's end is {"lock": "account" | "address", "locked_until": ISO time}.
//
//   showError(errorMessage(e));

import { t as translate, getLanguage } from './i18n.js';
import { ApiError } from './api.js';
import { formatDateTime } from './format.js';

// The codes the server sends (src/base/status.cc) that have sentences.
export const ERROR_CODES = Object.freeze([
  'invalid_argument', 'unauthenticated', 'permission_denied', 'not_found', 'conflict',
  'failed_precondition', 'payload_too_large', 'resource_exhausted', 'unavailable', 'internal',
]);

function known(tr, key, params) {
  const s = tr(key, params);
  return s === key ? null : s;
}

// The label of an API field name in the reader's language:
// "connections[0].households" is field.connections.households if there is
// such a key, else field.households; a name without a label stays as it is.
export function fieldLabel(field, tr = translate) {
  if (!field) return '';
  const parts = String(field).replace(/\[\d+\]/g, '').split('.').filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const label = known(tr, `field.${parts.slice(i).join('.')}`);
    if (label) return label;
  }
  return String(field);
}

// The sentence for a failure `e` (an ApiError, an Error with i18nKey and
// params from the page's own checks, or anything else).
export function errorMessage(e, { tr = translate, lang = getLanguage() } = {}) {
  if (!(e instanceof ApiError)) {
    if (e?.i18nKey) return tr(e.i18nKey, e.params);
    return tr('error.bad_response');
  }
  if (e.status === 0) return tr('error.network');
  if (e.code === 'bad_response') return tr('error.bad_response');
  if (lang === 'en' && e.message) return e.message;
  if (ERROR_CODES.includes(e.code)) {
    if (e.field) {
      const s = known(tr, `error.code.${e.code}.field`, { field: fieldLabel(e.field, tr) });
      if (s) return s;
    }
    const s = known(tr, `error.code.${e.code}`);
    if (s) return s;
  }
  return e.message || tr('error.http', { status: e.status });
}

// The sentence for a refused sign-in that a lock stopped (resource
// exhausted), or null for any other failure: whose lock it is (the
// account's, or signing in from this address) and when it ends, in India
// time in the reader's language.  Without a readable end: "try again later".
export function lockMessage(e, { tr = translate, lang = getLanguage() } = {}) {
  if (!(e instanceof ApiError) || e.code !== 'resource_exhausted') return null;
  const account = e.details?.lock === 'account';
  const until = e.details?.locked_until;
  if (typeof until !== 'string' || !Number.isFinite(Date.parse(until))) {
    return tr(account ? 'signin.locked_later' : 'signin.blocked_later');
  }
  const time = formatDateTime(until, lang, { seconds: false });
  return tr(account ? 'signin.locked' : 'signin.blocked', { time });
}
