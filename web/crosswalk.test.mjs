// The import page's rules: node --test web/crosswalk.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { mayImport, nameKey, mergeGroups, decisionsOf, matchWords, countKey, COUNTS } from './crosswalk/model.js';

const name = (source_name, extra = {}) => ({
  level: 'block', parent_code: 'D1', parent_name: 'Alappuzha', source_name, rows: 3,
  decision: null, code: null, candidates: [{ code: 'B1', name: 'Bharanicavu', score: 0.8, reason: '' }], ...extra,
});

test('officers with can_import are offered the page', () => {
  assert.equal(mayImport(null), false);
  assert.equal(mayImport({ roles: [{ role: 'block_officer', can_import: false }] }), false);
  assert.equal(mayImport({ roles: [{ role: 'block_officer' }, { role: 'state_officer', can_import: true }] }), true);
});

test('a name is keyed by level, parent and its letters', () => {
  assert.equal(nameKey(name('Baranikkavu')), nameKey(name(' BARANIKKAVU.')));
  assert.notEqual(nameKey(name('Baranikkavu')), nameKey(name('Baranikkavu', { parent_code: 'D2' })));
  assert.notEqual(nameKey(name('Baranikkavu')), nameKey(name('Baranikkavu', { level: 'district' })));
});

test('a later check keeps the names decided and adds the new ones to their groups', () => {
  const first = mergeGroups([], [{ state: 'Kerala', district: 'Alappuzha', district_code: 'D1', names: [name('Baranikkavu'), name('Other')] }]);
  assert.equal(first.length, 1);
  assert.equal(first[0].names.length, 2);
  // Baranikkavu is placed now (not listed again); a new name under a new district.
  const second = mergeGroups(first, [
    { state: 'Kerala', district: 'Alappuzha', district_code: 'D1', names: [name('Other', { rows: 9 })] },
    { state: 'Kerala', district: 'Kollam', district_code: 'D2', names: [name('New', { parent_code: 'D2' })] },
  ]);
  assert.deepEqual(second.map((g) => g.district), ['Alappuzha', 'Kollam']);
  assert.deepEqual(second[0].names.map((n) => n.source_name), ['Baranikkavu', 'Other']);
  assert.equal(second[0].names[1].rows, 9, 'the newer answer replaces the entry');
  assert.equal(first[0].names[1].rows, 3, 'the old groups are not changed');
  const choices = new Map([[nameKey(name('Baranikkavu')), 'B1'], [nameKey(name('Other')), '']]);
  assert.deepEqual(decisionsOf(second, choices), [{ level: 'block', parent_code: 'D1', source_name: 'Baranikkavu', code: 'B1' }]);
});

test('scores and counts have words', () => {
  assert.equal(matchWords(1), 'cw.match.same');
  assert.equal(matchWords(0.97), 'cw.match.spelling');
  assert.equal(matchWords(0.95), 'cw.match.former');
  assert.equal(matchWords(0.93), 'cw.match.letter');
  assert.equal(matchWords(0.85), 'cw.match.suffix');
  assert.equal(matchWords(0.75), 'cw.match.words');
  assert.equal(matchWords(0.6), 'cw.match.near');
  assert.equal(countKey('villages created'), 'cw.count.villages_created');
  assert.equal(countKey('something new'), null);
  assert.ok(Object.keys(COUNTS).length >= 10);
});
