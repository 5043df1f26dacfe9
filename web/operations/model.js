// The operations pages' rules, with no DOM and no fetch, so that
// web/operations.test.mjs can check them: the address of the complaint and
// committee pages, a complaint's deadline clock in words, its status and
// holder as catalogue keys, the steps a complaint allows, and the request
// bodies the forms send (src/operations/operations_service.h).

export const MAX_PHOTO_BYTES = 2 * 1024 * 1024; // 2 MiB, as the server
export const PHOTO_TYPES = Object.freeze(['image/jpeg', 'image/png']);
export const TABS = Object.freeze(['committee', 'queue', 'place']);
export const STATUSES = Object.freeze(['received', 'assigned', 'in_progress', 'resolved', 'closed', 'reopened']);
export const HOLDERS = Object.freeze(['committee', 'block', 'district']);
export const REASONS = Object.freeze(['power', 'pump_failure', 'pipe_burst', 'source_dried', 'other']);
export const MEMBER_ROLES = Object.freeze(['chair', 'secretary', 'member', 'operator']);
export const GENDERS = Object.freeze(['female', 'male', 'other']);
export const GROUPS = Object.freeze(['sc', 'st', 'other']);
export const SHORTFALLS = Object.freeze([
  'too_few_members', 'too_many_members', 'too_few_women', 'too_many_elected', 'too_few_sc', 'too_few_st',
]);

const clean = (v) => (typeof v === 'string' ? v.trim() : '');

// The operations part of the address: view=complaint (ref, secret,
// village) or view=operations (tab, place).
export function readOps(q) {
  const tab = q.get('tab');
  return {
    ref: clean(q.get('ref')),
    secret: clean(q.get('secret')),
    village: clean(q.get('village')),
    tab: TABS.includes(tab) ? tab : 'committee',
    place: clean(q.get('place')),
  };
}

// [key, value] pairs for the address, leaving out defaults.
export function opsParams(view, ops = {}) {
  const out = [];
  if (view === 'complaint') {
    if (ops.ref) out.push(['ref', ops.ref]);
    if (ops.secret) out.push(['secret', ops.secret]);
    if (!ops.ref && ops.village) out.push(['village', ops.village]);
  } else {
    if (ops.tab && ops.tab !== 'committee') out.push(['tab', ops.tab]);
    if (ops.place) out.push(['place', ops.place]);
  }
  return out;
}

// Whole minutes between now and the deadline (ISO strings or ms) as
// {overdue, days, hours, minutes}.
export function clockParts(deadline, now) {
  const d = typeof deadline === 'number' ? deadline : Date.parse(deadline);
  const n = typeof now === 'number' ? now : Date.parse(now);
  if (!Number.isFinite(d) || !Number.isFinite(n)) return null;
  const overdue = n > d;
  let mins = Math.floor(Math.abs(d - n) / 60000);
  const days = Math.floor(mins / 1440);
  mins -= days * 1440;
  const hours = Math.floor(mins / 60);
  return { overdue, days, hours, minutes: mins - hours * 60 };
}

// "2 d 3 h left" / "overdue by 45 min", through `tr` (the catalogue).
export function clockText(deadline, now, tr) {
  const p = clockParts(deadline, now);
  if (!p) return '';
  const bits = [];
  if (p.days) bits.push(tr('ops.clock.days', { n: p.days }));
  if (p.hours || p.days) bits.push(tr('ops.clock.hours', { n: p.hours }));
  if (!p.days) bits.push(tr('ops.clock.minutes', { n: p.minutes }));
  return tr(p.overdue ? 'ops.clock.overdue' : 'ops.clock.left', { time: bits.join(' ') });
}

// True when the complaint's clock is running (not resolved or closed).
export function isOpen(c) {
  return c && c.status !== 'resolved' && c.status !== 'closed';
}

export const statusKey = (s) => (STATUSES.includes(s) ? `ops.status.${s}` : 'ops.status.unknown');
export const holderKey = (s) => (HOLDERS.includes(s) ? `ops.holder.${s}` : 'ops.holder.unknown');
export const eventKey = (k) => `ops.event.${['filed', 'assigned', 'in_progress', 'resolved', 'spam', 'closed',
  'reopened', 'escalated', 'quality_test'].includes(k) ? k : 'other'}`;

// Whether an event's note is a person's words (what was done, why it is
// spam, why the filer reopened it) rather than the server's own English
// for an automatic step, which the event's name already says in the
// reader's language.
export const showsNote = (e) => Boolean(e?.note) && ['in_progress', 'resolved', 'spam', 'reopened'].includes(e.kind);

// The category's name in the reader's language, from GET /complaints/rules.
export function categoryName(rules, code, lang) {
  const c = (rules?.categories || []).find((x) => x.code === code);
  if (!c) return code;
  return (lang === 'hi' ? c.name_hi : c.name_en) || c.name_en || code;
}

// A shortfall of the composition, as [key, params].
export function shortfallWords(f) {
  const code = SHORTFALLS.includes(f?.code) ? f.code : 'other';
  return [`ops.short.${code}`, { have: f?.have ?? '', need: f?.need ?? '' }];
}

// The steps the committee or an officer may take now (as
// src/operations/escalation.h CheckComplaintStep allows).
const NEXT = {
  received: ['assigned', 'in_progress'],
  assigned: ['in_progress', 'resolved'],
  in_progress: ['resolved'],
  reopened: ['assigned', 'in_progress'],
};
export function stepsFor(c) {
  const next = NEXT[c?.status];
  return next ? [...next, 'spam'] : [];
}

// What the filer may do: confirm or reopen a resolved complaint.
export const filerCanAct = (c) => c?.status === 'resolved';

// A photo file, checked as the server will ({name,type,size}): null when
// fine, else the catalogue key of the refusal.
export function photoProblem(file) {
  if (!file) return null;
  if (!PHOTO_TYPES.includes(file.type)) return 'ops.photo.type';
  if (file.size > MAX_PHOTO_BYTES) return 'ops.photo.size';
  return null;
}

// The bytes of an ArrayBuffer as base64.
export function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

// POST /complaints: {village, category, description, contact?, photo?,
// request_id?}.
export function complaintBody({ village, category, description, contact, photo, requestId }) {
  const b = { village: clean(village), category: clean(category), description: clean(description) };
  if (clean(contact)) b.contact = clean(contact);
  if (photo?.data_base64) b.photo = { content_type: photo.content_type, data_base64: photo.data_base64 };
  if (requestId) b.request_id = requestId;
  return b;
}

// POST /complaints/{id}/steps.
export function stepBody(kind, note) {
  const b = { kind };
  if (clean(note)) b.note = clean(note);
  return b;
}

// POST /complaints/track/{ref}.
export function filerBody(secret, action, note) {
  const b = { secret, action };
  if (action === 'reopen' || clean(note)) b.note = clean(note);
  return b;
}

export function memberBody({ name, role, gender, socialGroup, elected, joinedOn }) {
  return {
    name: clean(name), role, gender, social_group: socialGroup, elected_member: Boolean(elected), joined_on: clean(joinedOn),
  };
}

export function meetingBody({ on, attendance, decisions }) {
  return { on: clean(on), attendance: Number(attendance), decisions: clean(decisions) };
}

export function breakdownBody({ village, startedOn, reason, households, note }) {
  const b = { village, started_on: clean(startedOn), reason, households_affected: Number(households) };
  if (clean(note)) b.note = clean(note);
  return b;
}

// Median hours as words' params: under two days in hours, else days.
export function hoursWords(h) {
  if (h === null || h === undefined || !Number.isFinite(h)) return ['ops.sum.no_median', {}];
  if (h < 48) return ['ops.sum.hours', { n: Math.round(h * 10) / 10 }];
  return ['ops.sum.days', { n: Math.round((h / 24) * 10) / 10 }];
}

// The villages among the session's roles that have a committee role, and
// whether the session has an officer's role (block, district, state,
// national): what the bar offers.
export function opsRoles(session) {
  const roles = Array.isArray(session?.roles) ? session.roles : [];
  const villages = roles.filter((r) => r.role === 'vwsc_operator').map((r) => r.unit_code);
  const officer = roles.find((r) => ['block_officer', 'district_officer', 'state_officer', 'national_admin'].includes(r.role));
  return { villages, officer: officer ? officer.unit_code : null };
}
