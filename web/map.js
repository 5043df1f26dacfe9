// The dashboard's map.  At the national level a tile grid of India: one
// square per state or union territory, placed roughly where it lies, so it
// needs no boundary data; coloured by the measure chosen, each a link to the
// place.  Where the operator gave official boundaries for the level on view
// (`jjm serve --boundaries`, GET /api/v1/boundaries), a choropleth of them
// instead, and the places the file lacks are listed, never left silently
// grey.  No inline styles (the CSP): colours are classes, positions are set
// from script.

import { h, fill } from './dom.js';

// [LGD state code, abbreviation, column, row, LGD name].
const GRID = [
  [1, 'JK', 2, 0, 'JAMMU AND KASHMIR'], [37, 'LA', 3, 0, 'LADAKH'],
  [4, 'CH', 1, 1, 'CHANDIGARH'], [3, 'PB', 2, 1, 'PUNJAB'], [2, 'HP', 3, 1, 'HIMACHAL PRADESH'],
  [5, 'UK', 4, 1, 'UTTARAKHAND'], [12, 'AR', 8, 1, 'ARUNACHAL PRADESH'],
  [6, 'HR', 2, 2, 'HARYANA'], [7, 'DL', 3, 2, 'DELHI'], [9, 'UP', 4, 2, 'UTTAR PRADESH'],
  [10, 'BR', 5, 2, 'BIHAR'], [11, 'SK', 6, 2, 'SIKKIM'], [18, 'AS', 7, 2, 'ASSAM'], [13, 'NL', 8, 2, 'NAGALAND'],
  [8, 'RJ', 2, 3, 'RAJASTHAN'], [23, 'MP', 3, 3, 'MADHYA PRADESH'], [22, 'CG', 4, 3, 'CHHATTISGARH'],
  [20, 'JH', 5, 3, 'JHARKHAND'], [19, 'WB', 6, 3, 'WEST BENGAL'], [17, 'ML', 7, 3, 'MEGHALAYA'], [14, 'MN', 8, 3, 'MANIPUR'],
  [24, 'GJ', 1, 4, 'GUJARAT'], [38, 'DD', 2, 4, 'THE DADRA AND NAGAR HAVELI AND DAMAN AND DIU'],
  [27, 'MH', 3, 4, 'MAHARASHTRA'], [36, 'TG', 4, 4, 'TELANGANA'], [21, 'OD', 5, 4, 'ODISHA'],
  [16, 'TR', 7, 4, 'TRIPURA'], [15, 'MZ', 8, 4, 'MIZORAM'],
  [30, 'GA', 2, 5, 'GOA'], [29, 'KA', 3, 5, 'KARNATAKA'], [28, 'AP', 4, 5, 'ANDHRA PRADESH'],
  [31, 'LD', 1, 6, 'LAKSHADWEEP'], [32, 'KL', 3, 6, 'KERALA'], [33, 'TN', 4, 6, 'TAMIL NADU'],
  [34, 'PY', 5, 6, 'PUDUCHERRY'], [35, 'AN', 7, 6, 'ANDAMAN AND NICOBAR ISLANDS'],
];
export const TILES = Object.freeze(GRID.map(([lgd, abbr, col, row, name]) => Object.freeze({ lgd, abbr, col, row, name })));

// The measures a map can show, as a percentage of a row (null: unknown).
const share = (part, whole) => (whole > 0 ? (100 * part) / whole : null);
export const MEASURES = Object.freeze({
  pct: (r) => (r.total_hh > 0 ? r.pct : null),
  hgj: (r) => share(r.hgj_villages, r.villages),
  schools: (r) => share(r.schools_with_tap, r.schools),
  anganwadis: (r) => share(r.anganwadis_with_tap, r.anganwadis),
});

// Five bands of a percentage, and "no data" (-1).
export function bandOf(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return -1;
  if (v >= 100) return 4;
  if (v >= 75) return 3;
  if (v >= 50) return 2;
  if (v >= 25) return 1;
  return 0;
}
export const BAND_LABELS = Object.freeze(['0–25%', '25–50%', '50–75%', '75–<100%', '100%']);

// A name reduced for matching ("The Dadra…" and "Dadra…" alike).
export function nameKey(s) {
  return String(s || '').toLowerCase().replace(/&/g, 'and').replace(/[^a-z]/g, '').replace(/^the/, '');
}

// Each tile with the coverage row of its state: by LGD code, else by name.
export function matchTiles(rows) {
  const byLgd = new Map();
  const byName = new Map();
  for (const r of rows) {
    if (Number.isInteger(r.lgd_code)) byLgd.set(r.lgd_code, r);
    byName.set(nameKey(r.name), r);
  }
  return TILES.map((tile) => ({ tile, row: byLgd.get(tile.lgd) || byName.get(nameKey(tile.name)) || null }));
}

// The rows no tile shows (a state the grid does not know).
export function untiled(rows) {
  const shown = new Set(matchTiles(rows).map((m) => m.row).filter(Boolean));
  return rows.filter((r) => !shown.has(r));
}

// `ctx`: {measure, hrefFor(code), label(row, value) -> text, noData}
export function renderTileMap(el, rows, ctx) {
  const fn = MEASURES[ctx.measure] || MEASURES.pct;
  const tiles = matchTiles(rows).map(({ tile, row }) => {
    const value = row ? fn(row) : null;
    const band = bandOf(value);
    const inner = [h('span', { class: 'tile-abbr', 'aria-hidden': 'true' }, tile.abbr),
      h('span', { class: 'tile-value', 'aria-hidden': 'true' }, value === null ? '–' : `${Math.floor(value)}%`)];
    const attrs = {
      class: `tile band-${band < 0 ? 'none' : band}`,
      dataset: { lgd: String(tile.lgd), abbr: tile.abbr, value: value === null ? '' : String(value), band: String(band) },
    };
    const el2 = row
      ? h('a', { ...attrs, href: ctx.hrefFor(row.code), 'aria-label': ctx.label(row, value), title: ctx.label(row, value), dataset: { ...attrs.dataset, code: row.code } }, inner)
      : h('span', { ...attrs, title: ctx.noData(tile.name), 'aria-label': ctx.noData(tile.name) }, inner);
    // Position from script: allowed under the CSP, unlike a style attribute.
    el2.style.gridColumn = String(tile.col + 1);
    el2.style.gridRow = String(tile.row + 1);
    return el2;
  });
  fill(el, h('div', { class: 'tile-grid', role: 'list' }, tiles.map((t) => {
    t.setAttribute('role', 'listitem');
    return t;
  })));
}

// ---- Choropleth ------------------------------------------------------

function rings(geometry) {
  if (geometry?.type === 'Polygon') return geometry.coordinates || [];
  if (geometry?.type === 'MultiPolygon') return (geometry.coordinates || []).flat();
  return [];
}

// Projects features (lon, lat) into a viewBox of width 1000: longitude
// scaled by the cosine of the middle latitude, north up.  -> {width,
// height, paths: [{feature, d}]}
export function project(features) {
  let minX = Infinity; let maxX = -Infinity; let minY = Infinity; let maxY = -Infinity;
  for (const f of features) {
    for (const ring of rings(f.geometry)) {
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (!Number.isFinite(minX)) return { width: 1000, height: 1000, paths: [] };
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxX - minX) * k, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = 1000 / spanX;
  const height = Math.max(1, Math.round(spanY * scale));
  const px = (x) => ((x - minX) * k * scale).toFixed(1);
  const py = (y) => ((maxY - y) * scale).toFixed(1);
  const paths = features.map((f) => ({
    feature: f,
    d: rings(f.geometry).map((ring) => `M${ring.map(([x, y]) => `${px(x)},${py(y)}`).join('L')}Z`).join(''),
  }));
  return { width: 1000, height, paths };
}

const SVG = 'http://www.w3.org/2000/svg';
function svgEl(tag, attrs = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  return el;
}

// `ctx` as renderTileMap's, with go(code) to open a place.
export function renderChoropleth(el, features, rows, ctx) {
  const fn = MEASURES[ctx.measure] || MEASURES.pct;
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const { width, height, paths } = project(features);
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, class: 'choropleth', role: 'list' });
  for (const { feature, d } of paths) {
    const row = byCode.get(feature.code) || null;
    const value = row ? fn(row) : null;
    const band = bandOf(value);
    const label = row ? ctx.label(row, value) : ctx.noData(feature.name);
    const path = svgEl('path', {
      d,
      class: `area band-${band < 0 ? 'none' : band}`,
      tabindex: '0',
      role: 'link',
      'aria-label': label,
      'data-code': feature.code,
      'data-value': value === null ? '' : String(value),
    });
    const title = svgEl('title');
    title.textContent = label;
    path.append(title);
    const open = () => ctx.go(feature.code);
    path.addEventListener('click', open);
    path.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
      }
    });
    svg.append(path);
  }
  fill(el, svg);
}
