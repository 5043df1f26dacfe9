// The Sector Partner programme's pages: what does not touch the page.
// The server's fixed lists, the hash routes (#/apply, #/rounds/3, …), who
// may see what, financial years and quarters, and small checks.  No DOM
// here, so `node --test` can load it (web/partners.test.mjs).

// The lists the server accepts (src/partners/screening.h, partner_service.cc).
export const ORG_TYPES = Object.freeze([
  'un_agency', 'ngo', 'trust', 'foundation', 'csr', 'academic', 'community', 'other',
]);
export const THEMES = Object.freeze([
  'water_sanitation_hygiene', 'natural_resource_management', 'community_engagement',
  'capacity_building', 'education', 'health', 'tribal_development', 'gender_equity',
]);
export const ACTIVITY_THEMES = Object.freeze([
  'programme_management', 'iec', 'community_mobilisation', 'capacity_building',
  'replicable_models', 'best_practices', 'social_audit', 'workshops_conferences',
]);
export const MEASURES = Object.freeze([
  'trainings', 'participants', 'villages', 'iec_events', 'documents', 'audits',
  'workshops', 'master_trainers', 'vwscs', 'reports',
]);
export const PLAN_LEVELS = Object.freeze(['national', 'state', 'district']);
export const PLAN_STATUSES = Object.freeze(['draft', 'submitted', 'returned', 'approved']);
export const REPORT_STATUSES = Object.freeze(['none', 'draft', 'submitted', 'returned', 'accepted']);
export const KNOWLEDGE_KINDS = Object.freeze(['best_practice', 'replicable_model', 'workshop', 'conference']);
export const ACTION_STATUSES = Object.freeze(['open', 'in_progress', 'done', 'dropped']);
export const GENDERS = Object.freeze(['female', 'male', 'other']);
export const TRAINING_KINDS = Object.freeze(['training', 'community_event']);
export const TRAINING_ROLES = Object.freeze(['vwsc_members', 'ftk_women', 'pri_members', 'frontline_workers']);
export const ROLLUP_BY = Object.freeze(['theme', 'level', 'state', 'partner']);
export const FUNNEL_BY = Object.freeze(['org_type', 'state']);
// A partner's workspace, tab by tab, and the mission's views.
export const PARTNER_TABS = Object.freeze(['profile', 'plans', 'trainers', 'trainings', 'knowledge', 'audits']);
export const MISSION_TABS = Object.freeze(['queue', 'funnel', 'progress', 'overdue', 'coverage']);

// Common kinds of registration, offered as suggestions.
export const REGISTRATION_KINDS = Object.freeze([
  'NGO Darpan', 'Societies Registration Act', 'Indian Trusts Act', 'Section 8 company',
  '12A', '80G', 'FCRA', 'CSR-1', 'PAN',
]);

export const MAX_REGISTRATIONS = 6;
export const MAX_PROJECTS = 20;
export const MAX_DOCUMENTS = 5;
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
export const DOCUMENT_TYPES = Object.freeze(['application/pdf', 'image/png', 'image/jpeg']);

// ---- Routes -----------------------------------------------------------------
//
//   #/apply  #/apply/3                      the public form (round 3)
//   #/rounds  #/rounds/3                    screening (national roles)
//   #/applications/7                        one application
//   #/partners  #/partners/2[/plans|…]      partners and a partner's workspace
//   #/plans/5  #/plans/5/progress[/3]       a plan; its progress reports
//   #/mission[/queue|funnel|progress|overdue|coverage][?by=…]
//
// -> {name, id?, tab?, quarter?, round?, query} or null when the hash is
// not one of these pages (no hash, "#main", …).

const posInt = (s) => (/^[1-9]\d{0,11}$/.test(s || '') ? Number(s) : null);

export function parseRoute(hash) {
  if (typeof hash !== 'string' || !hash.startsWith('#/')) return null;
  const [path, qs = ''] = hash.slice(2).split('?');
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const query = Object.fromEntries(new URLSearchParams(qs));
  const [head, a, b, c] = parts;
  switch (head) {
    case 'apply':
      return { name: 'apply', round: posInt(a), query };
    case 'rounds':
      if (a === undefined) return { name: 'rounds', query };
      return posInt(a) ? { name: 'round', id: posInt(a), query } : { name: 'not_found', query };
    case 'applications':
      return posInt(a) ? { name: 'application', id: posInt(a), query } : { name: 'not_found', query };
    case 'partners':
      if (a === undefined) return { name: 'partners', query };
      if (!posInt(a)) return { name: 'not_found', query };
      return { name: 'partner', id: posInt(a), tab: PARTNER_TABS.includes(b) ? b : 'profile', query };
    case 'plans':
      if (!posInt(a)) return { name: 'not_found', query };
      if (b === 'progress') {
        const q = posInt(c);
        return { name: 'progress', id: posInt(a), quarter: q && q <= 4 ? q : null, query };
      }
      return { name: 'plan', id: posInt(a), query };
    case 'mission':
      return { name: 'mission', tab: MISSION_TABS.includes(a) ? a : 'queue', query };
    default:
      return { name: 'not_found', query };
  }
}

// The hash for a route (the inverse of parseRoute, for links).
export function routeHash(name, { id, tab, quarter, round, query } = {}) {
  let path;
  switch (name) {
    case 'apply': path = round ? `apply/${round}` : 'apply'; break;
    case 'rounds': path = 'rounds'; break;
    case 'round': path = `rounds/${id}`; break;
    case 'application': path = `applications/${id}`; break;
    case 'partners': path = 'partners'; break;
    case 'partner': path = tab && tab !== 'profile' ? `partners/${id}/${tab}` : `partners/${id}`; break;
    case 'plan': path = `plans/${id}`; break;
    case 'progress': path = quarter ? `plans/${id}/progress/${quarter}` : `plans/${id}/progress`; break;
    case 'mission': path = tab && tab !== 'queue' ? `mission/${tab}` : 'mission'; break;
    default: path = '';
  }
  const qs = new URLSearchParams(
    Object.entries(query || {}).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ).toString();
  return `#/${path}${qs ? `?${qs}` : ''}`;
}

// Which item of the account bar a route belongs to.
export function routeArea(route) {
  if (!route) return null;
  switch (route.name) {
    case 'apply': return 'apply';
    case 'rounds': case 'round': case 'application': return 'screening';
    case 'partners': case 'partner': case 'plan': case 'progress': return 'partners';
    case 'mission': return 'mission';
    default: return null;
  }
}

// ---- Who may see what (the server checks every request again) -------------

const rolesOf = (session) => (Array.isArray(session?.roles) ? session.roles : []);

export function isAdmin(session) {
  return rolesOf(session).some((r) => r.role === 'national_admin');
}

// National administrators and viewers: screening and the mission's views.
export function isNational(session) {
  return rolesOf(session).some((r) => r.role === 'national_admin' || r.role === 'national_viewer');
}

// The partner organisations this session acts for.
export function partnerIdsOf(session) {
  const ids = rolesOf(session)
    .filter((r) => r.role === 'partner_user' && Number.isInteger(r.partner_id) && r.partner_id > 0)
    .map((r) => r.partner_id);
  return [...new Set(ids)];
}

export function actsFor(session, partnerId) {
  return partnerIdsOf(session).includes(Number(partnerId));
}

// ---- Financial years and quarters --------------------------------------------
// India's financial year runs April to March; "2026-27" starts 1 April 2026.

export function fyName(startYear) {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

export function fyStart(fy) {
  const m = /^(\d{4})-(\d{2})$/.exec(fy || '');
  if (!m || fyName(Number(m[1])) !== fy) return null;
  return Number(m[1]);
}

// "2026-11-26" -> "2026-27".
export function fyOf(isoDate) {
  const [y, mo] = String(isoDate).split('-').map(Number);
  return fyName(mo >= 4 ? y : y - 1);
}

// The quarter (1-4) of its financial year a date falls in.
export function quarterOf(isoDate) {
  const mo = Number(String(isoDate).split('-')[1]);
  return mo >= 4 ? Math.floor((mo - 4) / 3) + 1 : 4;
}

// The first day of quarter q of `fy`: "2026-04-01", "2026-07-01", …
export function quarterStart(fy, q) {
  const y = fyStart(fy);
  const month = [4, 7, 10, 1][q - 1];
  return `${q === 4 ? y + 1 : y}-${String(month).padStart(2, '0')}-01`;
}

// The financial years a partner may start a plan for: this one and the next.
export function plannableYears(today) {
  const y = fyStart(fyOf(today));
  return [fyName(y), fyName(y + 1)];
}

// The day before `iso` ("2026-03-01" -> "2026-02-28").
export function dayBefore(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

// ---- Screening ------------------------------------------------------------------

// The weighted score out of 100 of scores 0-10 by criterion, as the server
// computes it (WeightedScore); null until every criterion has a score.
export function weightedScore(criteria, scores) {
  if (!Array.isArray(criteria) || !criteria.length || !scores) return null;
  let sum = 0;
  for (const c of criteria) {
    const v = scores[c.code];
    if (typeof v !== 'number' || !Number.isFinite(v)) return null;
    sum += (v / 10) * c.weight;
  }
  return Math.round(sum * 100) / 100;
}

// What a reviewer still has to do with an application: 'declare' (conflict
// of interest), 'score', 'scored', 'conflict', 'closed' (moderated or
// decided), or null when not a reviewer of it.
export function reviewStep(app) {
  const mine = app?.my_review;
  if (!mine) return null;
  if (app.moderation || app.decision) return 'closed';
  if (mine.conflict === null || mine.conflict === undefined) return 'declare';
  if (mine.conflict === true) return 'conflict';
  return mine.scores ? 'scored' : 'score';
}

// The state of a round: 'upcoming', 'open' or 'closed'.
export function roundState(round) {
  if (round?.open) return 'open';
  if (round?.closed) return 'closed';
  return 'upcoming';
}

// ---- Forms --------------------------------------------------------------------

// Where to show an error the server names: "registration_numbers[1].number"
// is tried as it is, then "registration_numbers[1]", then
// "registration_numbers" (the first that the form has wins).
export function fieldCandidates(field) {
  if (typeof field !== 'string' || !field) return [];
  const out = [field];
  let f = field;
  for (;;) {
    const m = /^(.*)(\.[^.[\]]+|\[\d+\])$/.exec(f);
    if (!m || !m[1]) break;
    f = m[1];
    out.push(f);
  }
  return out;
}

// "Hindi, English ,  Malayalam" -> ["Hindi", "English", "Malayalam"].
export function splitList(text) {
  return String(text || '').split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);
}

// A whole number typed in a form, or null when empty or not whole.
export function wholeOrNull(text) {
  const s = String(text ?? '').trim();
  return /^\d+$/.test(s) ? Number(s) : null;
}


// Checks chosen files before reading them: -> {key, name} or null.
export function checkFiles(files, max = MAX_DOCUMENTS) {
  const list = Array.from(files || []);
  if (list.length > max) return { key: 'sp.files_too_many', name: '', max };
  for (const f of list) {
    if (!DOCUMENT_TYPES.includes(f.type)) return { key: 'sp.file_type', name: f.name, max };
    if (f.size > MAX_DOCUMENT_BYTES) return { key: 'sp.file_too_big', name: f.name, max };
    if (f.size === 0) return { key: 'sp.file_empty', name: f.name, max };
  }
  return null;
}
