// The Reports page's rules, apart from the page so that node can test them:
// which report is asked for, the address of each file, which reports are
// too long to show on screen for a place, and how a report's cell reads.

// Reports too long to draw on screen above a district: one row per village.
export const VILLAGE_WISE = Object.freeze(['j7']);
export const FORMATS = Object.freeze(['csv', 'xlsx', 'pdf']);
// Rows drawn on screen before "show all"; the files always have every row.
export const FIRST_ROWS = 200;

// A report name as the address may carry it ("j17"), else ''.
export function reportName(s) {
  const v = String(s || '').trim().toLowerCase();
  return /^[a-z][a-z0-9]{0,15}$/.test(v) ? v : '';
}

// The API address of `name` for `place` as of `asOf` in `format`
// ('' = JSON) with headings in `lang`.
export function reportHref(name, { place, asOf, format, lang } = {}) {
  const q = new URLSearchParams();
  if (place && place !== 'IN') q.set('place', place);
  if (asOf) q.set('as_of', asOf);
  if (format) q.set('format', format);
  if (lang && lang !== 'en') q.set('lang', lang);
  const s = q.toString();
  return `/api/v1/reports/${encodeURIComponent(name)}${s ? `?${s}` : ''}`;
}

// Whether report `name` is drawn on screen for a place at `level`: the
// village-wise list only from a district down.
export function drawnOnScreen(name, level) {
  if (!VILLAGE_WISE.includes(name)) return true;
  return ['district', 'block', 'gp', 'village'].includes(level);
}

// A cell of a report's JSON rows as text: counts and decimals in Indian
// grouping (`formatIndian(n, decimals)`), percentages with two places,
// empty as a dash.
export function cellText(v, kind, formatIndian) {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v !== 'number') return String(v);
  if (kind === 'percent') return `${formatIndian(v, 2)}%`;
  if (kind === 'decimal') return formatIndian(v, 2);
  return formatIndian(v);
}

// Whether a column is right-aligned figures.
export function isFigure(kind) {
  return kind === 'count' || kind === 'percent' || kind === 'decimal';
}

const LEVELS = ['nation', 'state', 'district', 'block', 'gp', 'village'];

// Whether a report whose deepest place is `deepest` can be made for a
// place at `level` (J17 lists districts: not for a block).
export function fitsLevel(deepest, level) {
  const d = LEVELS.indexOf(deepest);
  const l = LEVELS.indexOf(level);
  return d < 0 || l < 0 || l <= d;
}
