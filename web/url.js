// The page's state lives in the query string so every view can be shared
// and restored: /?unit=D532&as_of=2024-01-01&lang=hi&sort=pct&dir=desc.

export const NATION = 'IN';
export const SORT_KEYS = Object.freeze([
  'name', 'total_hh', 'hh_with_tap', 'pct', 'villages', 'hgj_villages',
  'schools_with_tap', 'anganwadis_with_tap',
]);

// -> {unit, asOf, lang, sort, dir}; lang is null when the URL has none.
export function readState(search = window.location.search) {
  const q = new URLSearchParams(search);
  const sort = q.get('sort');
  const dir = q.get('dir');
  return {
    unit: (q.get('unit') || '').trim() || NATION,
    // Kept as typed: the server checks it and says what is wrong.
    asOf: (q.get('as_of') || '').trim(),
    lang: q.get('lang') || null,
    sort: SORT_KEYS.includes(sort) ? sort : null,
    dir: dir === 'desc' ? 'desc' : 'asc',
  };
}

// The URL for `state`, leaving out what is at its default so that the
// national view is plain "/".
export function toUrl(state) {
  const q = new URLSearchParams();
  if (state.unit && state.unit !== NATION) q.set('unit', state.unit);
  if (state.asOf) q.set('as_of', state.asOf);
  if (state.lang) q.set('lang', state.lang);
  if (state.sort) {
    q.set('sort', state.sort);
    q.set('dir', state.dir === 'desc' ? 'desc' : 'asc');
  }
  const s = q.toString();
  return s ? `/?${s}` : '/';
}
