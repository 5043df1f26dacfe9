// Number and date formatting for the dashboard.
//
// Figures are always shown with Indian digit grouping (12,34,56,789), in
// English and in Hindi alike: officials read them that way, and the Latin
// digits match the mission's own reports.  We group by hand instead of using
// Intl.NumberFormat('en-IN') so the output is identical in every browser and
// in Node (whose ICU data may be trimmed), which the unit tests rely on.

const DASH = '—';

const CRORE = 1e7;
const LAKH = 1e5;

function toFiniteNumber(n) {
  if (n === null || n === undefined || n === '') return null;
  const x = typeof n === 'number' ? n : Number(n);
  return Number.isFinite(x) ? x : null;
}

// Groups the digits of a non-negative integer string: last three, then twos.
function groupIndian(digits) {
  if (digits.length <= 3) return digits;
  const head = digits.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ',');
  return `${head},${digits.slice(-3)}`;
}

// 193600000 -> "19,36,00,000"; -5398219 -> "-53,98,219"; with `decimals`,
// 1234.5 -> "1,234.50".  null, undefined and non-numbers give "—" so a
// missing figure never shows as 0.
export function formatIndian(n, decimals = 0) {
  const x = toFiniteNumber(n);
  if (x === null) return DASH;
  const fixed = Math.abs(x).toFixed(decimals);
  const [int, frac] = fixed.split('.');
  const body = frac ? `${groupIndian(int)}.${frac}` : groupIndian(int);
  // No "-0" when a small negative rounds to zero.
  return x < 0 && Number(fixed) !== 0 ? `-${body}` : body;
}

// Short form for headline figures: 193600000 -> "19.36 crore",
// 5398219 -> "53.98 lakh", below one lakh the full grouped number.
// `words` names the units in the page's language ({crore, lakh}).
export function formatShort(n, words = { crore: 'crore', lakh: 'lakh' }) {
  const x = toFiniteNumber(n);
  if (x === null) return DASH;
  const sign = x < 0 ? '-' : '';
  const abs = Math.abs(x);
  if (abs >= LAKH) {
    const lakhs = (abs / LAKH).toFixed(2);
    // 99,99,999 rounds to "100.00 lakh"; say "1.00 crore" instead.
    if (abs < CRORE && Number(lakhs) < 100) {
      return `${sign}${lakhs} ${words.lakh}`;
    }
    return `${sign}${formatIndian(abs / CRORE, 2)} ${words.crore}`;
  }
  return formatIndian(x);
}

// A percentage already on the 0-100 scale: 79.523 -> "79.52%".
export function formatPct(x, decimals = 2) {
  const v = toFiniteNumber(x);
  if (v === null) return DASH;
  return `${v.toFixed(decimals)}%`;
}

// Parses "YYYY-MM-DD" as a calendar date (UTC midnight), or null.
export function parseIsoDate(s) {
  if (typeof s !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  // Rejects 2023-02-30 and the like, which Date.UTC would roll over.
  return d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] ? d : null;
}

const dateFormats = new Map();
function dateFormat(lang, opts) {
  const key = `${lang}|${JSON.stringify(opts)}`;
  if (!dateFormats.has(key)) {
    const locale = lang === 'hi' ? 'hi-IN' : 'en-IN';
    // Calendar dates carry no time zone: format them in UTC so the day
    // never shifts with the viewer's clock.
    dateFormats.set(key, new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'UTC' }));
  }
  return dateFormats.get(key);
}

// "2019-08-15" -> "15 Aug 2019" (or the Hindi month name).
export function formatDate(iso, lang = 'en') {
  const d = parseIsoDate(iso);
  if (!d) return iso ? String(iso) : DASH;
  return dateFormat(lang, { day: 'numeric', month: 'short', year: 'numeric' }).format(d);
}

// "2019-08-31" -> "Aug 2019", for monthly chart points.
export function formatMonth(iso, lang = 'en') {
  const d = parseIsoDate(iso);
  if (!d) return iso ? String(iso) : DASH;
  return dateFormat(lang, { month: 'short', year: 'numeric' }).format(d);
}

// India has one time zone, five and a half hours ahead of UTC, and no
// daylight saving: shifting by hand avoids relying on the time-zone data
// of the browser (or of Node, in the unit tests).
const IST_OFFSET_MS = 330 * 60 * 1000;

// Today's date in India as "YYYY-MM-DD" (the server's "today" for the
// ledger), whatever the viewer's clock zone.
export function todayInIndia(now = Date.now()) {
  return new Date(now + IST_OFFSET_MS).toISOString().slice(0, 10);
}

// "2026-11-26T04:31:25Z" -> "26 Nov 2026, 10:01:25 IST": a UTC instant
// from the server shown in India time.  Anything unparsable is returned
// as it is.
export function formatDateTime(iso, lang = 'en', { seconds = true } = {}) {
  if (!iso) return DASH;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return String(iso);
  const ist = new Date(ms + IST_OFFSET_MS).toISOString();
  const time = ist.slice(11, seconds ? 19 : 16);
  return `${formatDate(ist.slice(0, 10), lang)}, ${time} IST`;
}
