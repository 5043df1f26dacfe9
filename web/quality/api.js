// The water-quality routes of the API (src/http/quality_api.cc; shapes in
// src/quality/quality_service.h), through web/api.js: every failure is an
// ApiError, writes carry the CSRF token.

import { getJson, send } from '../api.js';

const enc = encodeURIComponent;

export const wq = {
  standard: (opts) => getJson('/quality/standard', {}, opts),
  summary: ({ place, asOf }, opts) => getJson('/quality/summary', { place, as_of: asOf }, opts),
  report: (name, { place, asOf }, opts) => getJson(`/quality/reports/${enc(name)}`, { place, as_of: asOf }, opts),
  surveillance: ({ place, fy }, opts) => getJson('/quality/surveillance', { place, fy }, opts),
  village: (code, { asOf } = {}, opts) => getJson(`/quality/villages/${enc(code)}`, { as_of: asOf }, opts),
  lab: (id, opts) => getJson(`/quality/labs/${enc(id)}`, {}, opts),
  samples: ({ lab, status, beforeId }, opts) =>
    getJson('/quality/samples', { lab, status, before_id: beforeId }, opts),
  sample: (id, opts) => getJson(`/quality/samples/${enc(id)}`, {}, opts),
  grade: (body, opts) => send('POST', '/quality/grade', body, opts),
  event: (id, body) => send('POST', `/quality/samples/${enc(id)}/events`, body),
  alerts: ({ place, status, contaminant, beforeId }, opts) =>
    getJson('/quality/alerts', { place, status, contaminant, before_id: beforeId }, opts),
  addAction: (alertId, body) => send('POST', `/quality/alerts/${enc(alertId)}/actions`, body),
  actionDone: (actionId, body) => send('POST', `/quality/actions/${enc(actionId)}/done`, body),
};
