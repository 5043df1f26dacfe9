// The import page's rules without the DOM (tested by crosswalk.test.mjs):
// who is offered the page, how names are keyed and merged across checks,
// which decisions are sent, and the words for a score and a count.

const rolesOf = (session) => (Array.isArray(session?.roles) ? session.roles : []);

// True when one of the session's roles may import a villages file (state
// and district officers, national administrators).
export function mayImport(session) {
  return rolesOf(session).some((r) => r.can_import);
}

// One unmatched name under its parent, whatever the case and spacing.
export function nameKey(entry) {
  const name = String(entry.source_name || '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return `${entry.level}|${entry.parent_code}|${name}`;
}

export function groupKey(g) {
  return `${g.state}|${g.district}|${g.district_code ?? ''}`;
}

// The groups after a new check: every name seen before stays (a name the
// person placed is no longer unmatched, but its choice must still be
// shown and sent), and new names join their group, or a new one.
export function mergeGroups(groups, districts) {
  const out = groups.map((g) => ({ ...g, names: [...g.names] }));
  const byKey = new Map(out.map((g) => [g.key, g]));
  const seen = new Set(out.flatMap((g) => g.names.map(nameKey)));
  for (const d of districts) {
    const key = groupKey(d);
    let g = byKey.get(key);
    if (!g) {
      g = { key, state: d.state, district: d.district, district_code: d.district_code ?? null, names: [] };
      byKey.set(key, g);
      out.push(g);
    }
    for (const entry of d.names || []) {
      const k = nameKey(entry);
      if (seen.has(k)) {
        // The newer answer has the newer candidates.
        g.names = g.names.map((e) => (nameKey(e) === k ? entry : e));
        for (const other of out) other.names = other.names.map((e) => (nameKey(e) === k ? entry : e));
        continue;
      }
      seen.add(k);
      g.names.push(entry);
    }
  }
  return out;
}

// The decisions to send: every name whose choice is a place.
export function decisionsOf(groups, choices) {
  const out = [];
  for (const g of groups) {
    for (const entry of g.names) {
      const code = choices.get(nameKey(entry));
      if (code) out.push({ level: entry.level, parent_code: entry.parent_code, source_name: entry.source_name, code });
    }
  }
  return out;
}

// How a candidate matched, from its score (the matcher's fixed stages,
// src/crosswalk/name_match.h).
export function matchWords(score) {
  const s = Number(score);
  if (s >= 0.995) return 'cw.match.same';
  if (s >= 0.965) return 'cw.match.spelling';
  if (s >= 0.945) return 'cw.match.former';
  if (s >= 0.925) return 'cw.match.letter';
  if (s >= 0.845) return 'cw.match.suffix';
  if (s >= 0.745) return 'cw.match.words';
  return 'cw.match.near';
}

// The report's counts the page has words for (ImportReport::Count names).
export const COUNTS = Object.freeze({
  'fact records': 'cw.count.facts',
  'villages created': 'cw.count.villages_created',
  'blocks created': 'cw.count.blocks_created',
  'districts created': 'cw.count.districts_created',
  'states created': 'cw.count.states_created',
  'gps created': 'cw.count.gps_created',
  'places renamed': 'cw.count.renamed',
  'villages with unchanged facts': 'cw.count.unchanged',
  'baseline events': 'cw.count.baseline',
  'adjustment events': 'cw.count.adjustment',
  'net households with tap added': 'cw.count.net_taps',
  'households in accepted rows': 'cw.count.households',
  'households with tap in accepted rows': 'cw.count.households_tap',
  'names placed through the crosswalk': 'cw.count.crosswalked',
  'distinct names found in the hierarchy': 'cw.count.found',
});

export function countKey(what) {
  return COUNTS[what] || null;
}
