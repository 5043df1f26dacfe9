// The operations routes of the API (src/http/operations_api.cc; shapes in
// src/operations/operations_service.h), through web/api.js: every failure
// is an ApiError, writes carry the CSRF token.

import { getJson, send } from '../api.js';

const enc = encodeURIComponent;

export const ops = {
  rules: (opts) => getJson('/complaints/rules', {}, opts),
  file: (body) => send('POST', '/complaints', body),
  track: (ref, secret, opts) => getJson(`/complaints/track/${enc(ref)}`, { secret }, opts),
  filerAction: (ref, body) => send('POST', `/complaints/track/${enc(ref)}`, body),
  queue: (place, status, opts) => getJson('/complaints', { place, status }, opts),
  step: (id, body) => send('POST', `/complaints/${enc(id)}/steps`, body),
  summary: (place, opts) => getJson('/complaints/summary', { place }, opts),
  committees: (place, failing, opts) => getJson('/committees', { place, failing: failing ? 'true' : '' }, opts),
  committee: (code, opts) => getJson(`/committees/${enc(code)}`, {}, opts),
  createCommittee: (body) => send('POST', '/committees', body),
  addMember: (code, body) => send('POST', `/committees/${enc(code)}/members`, body),
  addMeeting: (code, body) => send('POST', `/committees/${enc(code)}/meetings`, body),
  addActionPlan: (code, body) => send('POST', `/committees/${enc(code)}/action-plans`, body),
  approveActionPlan: (id, body) => send('POST', `/action-plans/${enc(id)}/approval`, body),
  linkSample: (id, body) => send('POST', `/complaints/${enc(id)}/samples`, body),
  schemes: (village, opts) => getJson('/schemes', { village }, opts),
  schemeBreakdowns: (id, opts) => getJson(`/schemes/${enc(id)}/breakdowns`, {}, opts),
  breakdowns: (village, opts) => getJson('/breakdowns', { village }, opts),
  addBreakdown: (body) => send('POST', '/breakdowns', body),
  endBreakdown: (id, body) => send('POST', `/breakdowns/${enc(id)}/end`, body),
  sustainability: (village, opts) => getJson('/sustainability', { village }, opts),
  sourcesSummary: (place, threshold, opts) => getJson('/sustainability/summary', { place, threshold_m: threshold }, opts),
  recordSource: (code, part, body) => send('POST', `/sustainability/sources/${enc(code)}/${part}`, body),
  reviveDrySpell: (id, body) => send('POST', `/sustainability/dry-spells/${enc(id)}/revive`, body),
  addRechargeWork: (body) => send('POST', '/sustainability/recharge-works', body),
  completeRechargeWork: (id, body) => send('POST', `/sustainability/recharge-works/${enc(id)}/complete`, body),
  addGreywater: (body) => send('POST', '/sustainability/greywater', body),
  unit: (code, opts) => getJson(`/units/${enc(code)}`, {}, opts),
  search: (q, opts) => getJson('/units', { q }, opts),
};
