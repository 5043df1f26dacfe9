// The water-supply routes of the API (src/http/supply_api.cc; shapes in
// /work/SUPPLY-TEAM.md), through web/api.js: every failure is an ApiError,
// writes carry the CSRF token.  A document goes as its raw bytes with its
// Content-Type, through XMLHttpRequest so the page can show the upload's
// progress.

import { getJson, send, ApiError, getCsrfToken } from '../api.js';

const enc = encodeURIComponent;
const BASE = '/api/v1';

// POSTs `file` (a Blob) raw to BASE+path; onProgress(loaded, total) as it
// goes.  Resolves with the JSON answer; rejects with an ApiError.
export function uploadBytes(path, file, contentType, { onProgress, signal } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', BASE + path);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    const token = getCsrfToken();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.withCredentials = true;
    if (onProgress) xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network', 'upload failed')));
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        if (body === null) reject(new ApiError(xhr.status, 'bad_response', 'response is not JSON'));
        else resolve(body);
        return;
      }
      const err = body && typeof body.error === 'object' && body.error ? body.error : {};
      const { code, message, field, ...details } = err;
      reject(new ApiError(xhr.status, code || 'http', message || '', field || null, details));
    });
    xhr.send(file);
  });
}

export const sup = {
  // Har Ghar Jal.
  hgjSummary: ({ place, asOf }, opts) => getJson('/hgj/summary', { place, as_of: asOf }, opts),
  hgjVillage: (code, { asOf } = {}, opts) => getJson(`/hgj/villages/${enc(code)}`, { as_of: asOf }, opts),
  report: (code, body) => send('POST', `/hgj/villages/${enc(code)}/report`, body),
  upload: (code, kind, file, contentType, opts) => uploadBytes(
    `/hgj/villages/${enc(code)}/documents?kind=${enc(kind)}${file.name ? `&name=${enc(file.name.slice(-120))}` : ''}`,
    file, contentType, opts),
  // The dashboard's side-by-side figures: coverage, Har Ghar Jal counts and
  // the latest survey round's estimates.
  headline: ({ place, asOf }, opts) => getJson('/hgj/headline', { place, as_of: asOf }, opts),
  documentHref: (id) => `${BASE}/hgj/documents/${enc(id)}`,
  certify: (code, body) => send('POST', `/hgj/villages/${enc(code)}/certification`, body),
  review: (code, body) => send('POST', `/hgj/villages/${enc(code)}/review`, body),
  queue: ({ place, status }, opts) => getJson('/hgj/queue', { place, status }, opts),

  // Schemes and assets.
  supplyVillage: (code, { asOf } = {}, opts) => getJson(`/supply/villages/${enc(code)}`, { as_of: asOf }, opts),
  addScheme: (body) => send('POST', '/schemes', body),
  addAsset: (schemeId, body) => send('POST', `/schemes/${enc(schemeId)}/assets`, body),
  addCondition: (assetId, body) => send('POST', `/assets/${enc(assetId)}/conditions`, body),
  addServiceLevel: (code, body) => send('POST', `/supply/villages/${enc(code)}/service-level`, body),

  // The functionality survey.
  surveys: (opts) => getJson('/surveys', {}, opts),
  survey: (id, { district } = {}, opts) => getJson(`/surveys/${enc(id)}`, { district }, opts),
  addSurvey: (body) => send('POST', '/surveys', body),
  surveyVillage: (id, code, opts) => getJson(`/surveys/${enc(id)}/villages/${enc(code)}`, {}, opts),
  recordHousehold: (id, body) => send('POST', `/surveys/${enc(id)}/households`, body),
  results: (id, { place } = {}, opts) => getJson(`/surveys/${enc(id)}/results`, { place }, opts),
};
