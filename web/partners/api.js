// The Sector Partner programme's part of the JSON API (src/http/partners_api.cc).
// Same rules as ../api.js: every failure is an ApiError, writes carry the
// CSRF token.

import { getJson, send } from '../api.js';

const enc = encodeURIComponent;
const BASE = '/api/v1';

export const papi = {
  // Rounds and applications.
  rounds: () => getJson('/rounds'),
  createRound: (body) => send('POST', '/rounds', body),
  patchRound: (id, body) => send('PATCH', `/rounds/${enc(id)}`, body),
  apply: (roundId, body) => send('POST', `/rounds/${enc(roundId)}/applications`, body),
  applications: (roundId) => getJson(`/rounds/${enc(roundId)}/applications`),
  application: (id) => getJson(`/applications/${enc(id)}`),
  assignReviewers: (roundId, reviewers) => send('POST', `/rounds/${enc(roundId)}/reviewers`, { reviewers }),
  review: (id, body) => send('POST', `/applications/${enc(id)}/review`, body),
  moderate: (id, body) => send('POST', `/applications/${enc(id)}/moderation`, body),
  shortlist: (roundId) => send('POST', `/rounds/${enc(roundId)}/shortlist`),
  funnel: (roundId, by) => getJson(`/rounds/${enc(roundId)}/funnel`, { by }),

  // Partners.
  partners: () => getJson('/partners'),
  partner: (id) => getJson(`/partners/${enc(id)}`),
  patchPartner: (id, body) => send('PATCH', `/partners/${enc(id)}`, body),

  // Plans and progress.
  plans: (partnerId) => getJson(`/partners/${enc(partnerId)}/plans`),
  createPlan: (partnerId, fy) => send('POST', `/partners/${enc(partnerId)}/plans`, { fy }),
  plan: (id) => getJson(`/plans/${enc(id)}`),
  savePlan: (id, activities) => send('PATCH', `/plans/${enc(id)}`, { activities }),
  planStatus: (id, status, comment) => send('POST', `/plans/${enc(id)}/status`,
    comment ? { status, comment } : { status }),
  progress: (id) => getJson(`/plans/${enc(id)}/progress`),
  saveProgress: (id, quarter, body) => send('PATCH', `/plans/${enc(id)}/progress/${enc(quarter)}`, body),
  progressStatus: (id, quarter, status, comment) =>
    send('POST', `/plans/${enc(id)}/progress/${enc(quarter)}/status`, comment ? { status, comment } : { status }),
  rollup: (by, fy) => getJson('/progress/rollup', { by, fy }),
  overdue: (fy) => getJson('/progress/overdue', { fy }),
  queue: () => getJson('/review-queue'),

  // Master trainers, trainings, knowledge, social audits.
  trainers: (partnerId) => getJson(`/partners/${enc(partnerId)}/trainers`),
  addTrainer: (partnerId, body) => send('POST', `/partners/${enc(partnerId)}/trainers`, body),
  trainings: (partnerId) => getJson(`/partners/${enc(partnerId)}/trainings`),
  addTraining: (partnerId, body) => send('POST', `/partners/${enc(partnerId)}/trainings`, body),
  trainingCoverage: (parent, level) => getJson('/trainings/coverage', { parent, level }),
  knowledge: (kind, partner) => getJson('/knowledge', { kind, partner }),
  addKnowledge: (partnerId, body) => send('POST', `/partners/${enc(partnerId)}/knowledge`, body),
  socialAudits: (partnerId) => getJson(`/partners/${enc(partnerId)}/social-audits`),
  addSocialAudit: (partnerId, body) => send('POST', `/partners/${enc(partnerId)}/social-audits`, body),
  patchAuditAction: (id, status) => send('PATCH', `/audit-actions/${enc(id)}`, { status }),

  // Places, for the pickers.
  unit: (code) => getJson(`/units/${enc(code)}`),
  states: () => getJson('/coverage', { parent: 'IN', level: 'state' }),
  districts: (state) => getJson('/coverage', { parent: state, level: 'district' }),
  findPlaces: (q) => getJson('/units', { q }),
  users: () => getJson('/users'),
};

// Links (downloads), not fetches.
export const documentHref = (id) => `${BASE}/documents/${enc(id)}`;
export const funnelCsvHref = (roundId, by) =>
  `${BASE}/rounds/${enc(roundId)}/funnel?by=${enc(by)}&format=csv`;
