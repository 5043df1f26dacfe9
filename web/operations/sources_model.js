// The sources section's rules, with no DOM and no fetch (checked by
// web/operations-sources.test.mjs): the request bodies its forms send
// (src/operations/operations_service.h, "sources") and the words of a
// monsoon year's change in level.

export const SEASONS = Object.freeze(['pre_monsoon', 'post_monsoon']);
export const RECORDS = Object.freeze(['level', 'yield', 'dried']);
export const WORK_KINDS = Object.freeze(['recharge_pit', 'check_dam', 'pond_renovation', 'rooftop_harvesting', 'other']);
export const GREYWATER_KINDS = Object.freeze(['soak_pit', 'leach_pit', 'magic_pit', 'stabilisation_pond', 'other']);
export const PAID_BY = Object.freeze(['mgnregs', 'finance_commission', 'other']);

const clean = (v) => (typeof v === 'string' ? v.trim() : '');
// A number typed (comma or point for decimals), or the text as typed so
// that the server names the field.
function num(v) {
  const s = clean(String(v ?? '')).replace(',', '.');
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
}
const withNote = (b, note) => {
  const n = clean(note);
  if (n) b.note = n;
  return b;
};
// Rupees typed (with or without the separators of 2,50,000), in paise.
export function paise(rupees) {
  const n = num(String(rupees ?? '').replace(/[,\s]/g, ''));
  return typeof n === 'number' ? Math.round(n * 100) : n;
}

// The body of a level, a yield or a dry spell, and the path's last part.
export function recordBody(what, { day, season, depth, litres, note }) {
  if (what === 'yield') return { part: 'yields', body: withNote({ day, litres_per_hour: num(litres) }, note) };
  if (what === 'dried') return { part: 'dry-spells', body: withNote({ dried_on: day }, note) };
  return { part: 'levels', body: withNote({ day, season, depth_m: num(depth) }, note) };
}

function paid(b, paidBy, paidByNote) {
  b.paid_by = paidBy;
  const n = clean(paidByNote);
  if (n) b.paid_by_note = n;
  return b;
}

export function workBody({ village, source, kind, startedOn, completedOn, rupees, paidBy, paidByNote, note }) {
  const b = { village, kind, started_on: startedOn, cost_paise: paise(rupees) };
  if (clean(source)) b.source = clean(source);
  if (clean(completedOn)) b.completed_on = clean(completedOn);
  return withNote(paid(b, paidBy, paidByNote), note);
}

export function greywaterBody({ village, kind, count, households, completedOn, rupees, paidBy, paidByNote, note }) {
  const b = { village, kind, count: num(count), households_served: num(households), completed_on: completedOn, cost_paise: paise(rupees) };
  return withNote(paid(b, paidBy, paidByNote), note);
}

// A year's change as [key, params]: the level fell (deeper), rose, or
// there is no year before to compare.
export function fallWords(fallM) {
  if (fallM === null || fallM === undefined) return null;
  if (fallM > 0) return ['ops.src.fell', { m: fallM.toFixed(2) }];
  if (fallM < 0) return ['ops.src.rose', { m: (-fallM).toFixed(2) }];
  return ['ops.src.same', {}];
}

// Paise as rupees for the page ("1,23,456").
export function rupees(p) {
  return Math.round((p || 0) / 100);
}
