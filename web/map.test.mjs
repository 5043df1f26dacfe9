// Unit tests for map.js: node --test web/map.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { TILES, matchTiles, untiled, bandOf, nameKey, project, MEASURES } from './map.js';

test('one tile per LGD state or UT, each on its own square', () => {
  const shared = process.env.JJM_SHARED_DATA || '../../shared/data';
  const lgd = readFileSync(`${shared}/lgd/1-state.csv`, 'utf8').trim().split('\n').slice(1)
    .map((l) => Number(l.split(',')[1]));
  assert.deepEqual(TILES.map((t) => t.lgd).sort((a, b) => a - b), lgd.sort((a, b) => a - b));
  const squares = new Set(TILES.map((t) => `${t.col},${t.row}`));
  assert.equal(squares.size, TILES.length);
});

test('states match their tile by LGD code, else by name', () => {
  const rows = [
    { code: 'S36', name: 'Telangana', lgd_code: null, pct: 100, total_hh: 5 },
    { code: 'S1', name: 'Somewhere Else', lgd_code: 32 },
    { code: 'SX', name: 'Nowhere', lgd_code: null },
    { code: 'S38', name: 'Dadra and Nagar Haveli and Daman and Diu', lgd_code: null },
  ];
  const m = matchTiles(rows);
  assert.equal(m.find((x) => x.tile.abbr === 'TG').row.code, 'S36');
  assert.equal(m.find((x) => x.tile.abbr === 'KL').row.code, 'S1', 'by LGD code over name');
  assert.equal(m.find((x) => x.tile.abbr === 'DD').row.code, 'S38', '"The" and case do not matter');
  assert.deepEqual(untiled(rows).map((r) => r.code), ['SX'], 'a state the grid lacks is listed');
  assert.equal(nameKey('The Dadra & Nagar'), nameKey('dadra and nagar'));
});

test('bands and measures', () => {
  assert.deepEqual([0, 24.9, 25, 50, 75, 99.99, 100].map(bandOf), [0, 0, 1, 2, 3, 3, 4]);
  assert.equal(bandOf(null), -1);
  assert.equal(MEASURES.pct({ total_hh: 0, pct: 0 }), null, 'no households: not known, not 0%');
  assert.equal(MEASURES.schools({ schools: 4, schools_with_tap: 1 }), 25);
  assert.equal(MEASURES.hgj({ villages: 0, hgj_villages: 0 }), null);
});

test('boundaries are projected north up into the view box', () => {
  const square = (x, y) => ({ type: 'Polygon', coordinates: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]] });
  const { width, height, paths } = project([{ code: 'a', geometry: square(78, 17) }, { code: 'b', geometry: square(79, 18) }]);
  assert.equal(width, 1000);
  assert.ok(height > 900 && height < 1200, `${height}`);
  assert.match(paths[0].d, /^M0\.0,\d+/);
  assert.equal(paths.length, 2);
  const multi = project([{ code: 'm', geometry: { type: 'MultiPolygon', coordinates: [[square(1, 1).coordinates[0]], [square(3, 1).coordinates[0]]] } }]);
  assert.equal((multi.paths[0].d.match(/M/g) || []).length, 2, 'each part drawn');
});

test('the extra charts\' figures', async () => {
  const { monthlyConnections, recentRate, ranked } = await import('./more_charts_model.js');
  const pts = [
    { date: '2024-01-31', hh_with_tap: 100 },
    { date: '2024-02-29', hh_with_tap: 129 },
    { date: '2024-03-31', hh_with_tap: 160 },
    { date: '2024-04-30', hh_with_tap: 150 },
  ];
  assert.deepEqual(monthlyConnections(pts).map((m) => m.added), [29, 31, -10]);
  assert.equal(recentRate(pts, 3), 50 / 90);
  assert.equal(recentRate(pts.slice(0, 1)), null);
  const r = ranked([{ name: 'B', pct: 50, total_hh: 1 }, { name: 'A', pct: 50, total_hh: 1 }, { name: 'C', pct: 90, total_hh: 1 }, { name: 'Z', pct: 0, total_hh: 0 }]);
  assert.deepEqual(r.map((x) => x.name), ['C', 'A', 'B']);
});
