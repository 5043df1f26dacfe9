// The sources section's rules (operations/sources_model.js): the bodies
// its forms send and the words of a year's change in level.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { readFileSync } from 'node:fs';

import * as sm from './operations/sources_model.js';

test('a reading, a yield and a dry spell go to their paths with their fields', () => {
  assert.deepEqual(sm.recordBody('level', { day: '2024-11-10', season: 'post_monsoon', depth: ' 10,95 ', note: ' ' }),
    { part: 'levels', body: { day: '2024-11-10', season: 'post_monsoon', depth_m: 10.95 } });
  assert.deepEqual(sm.recordBody('level', { day: '2024-11-10', season: 'post_monsoon', depth: 'deep' }).body.depth_m, 'deep',
    'left as typed for the server to name the field');
  assert.deepEqual(sm.recordBody('yield', { day: '2024-11-10', litres: '1800', note: 'pump test' }),
    { part: 'yields', body: { day: '2024-11-10', litres_per_hour: 1800, note: 'pump test' } });
  assert.deepEqual(sm.recordBody('dried', { day: '2025-05-01' }), { part: 'dry-spells', body: { dried_on: '2025-05-01' } });
});

test('works and greywater: rupees become paise, the scheme\'s note only when given', () => {
  assert.deepEqual(sm.workBody({ village: 'V1', source: '', kind: 'check_dam', startedOn: '2025-01-01', completedOn: '',
    rupees: '2,500.50', paidBy: 'mgnregs', paidByNote: '' }),
  { village: 'V1', kind: 'check_dam', started_on: '2025-01-01', cost_paise: 250050, paid_by: 'mgnregs' });
  assert.deepEqual(sm.greywaterBody({ village: 'V1', kind: 'soak_pit', count: '12', households: '10', completedOn: '2025-02-01',
    rupees: '60000', paidBy: 'other', paidByNote: ' CSR ' }),
  { village: 'V1', kind: 'soak_pit', count: 12, households_served: 10, completed_on: '2025-02-01', cost_paise: 6000000,
    paid_by: 'other', paid_by_note: 'CSR' });
  assert.equal(sm.paise('2,50,000'), 25_000_000);
  assert.equal(sm.rupees(25_000_000), 250000);
});

test('a year\'s change in words', () => {
  assert.deepEqual(sm.fallWords(1.2), ['ops.src.fell', { m: '1.20' }]);
  assert.deepEqual(sm.fallWords(-0.5), ['ops.src.rose', { m: '0.50' }]);
  assert.deepEqual(sm.fallWords(0), ['ops.src.same', {}]);
  assert.equal(sm.fallWords(null), null);
});

test('every word of the sources section is in both catalogues, in Hindi', () => {
  const load = (lang) => JSON.parse(readFileSync(new URL(`./i18n/${lang}.json`, import.meta.url), 'utf8'));
  const en = load('en');
  const hi = load('hi');
  const keys = [];
  for (const [prefix, values] of [['ops.src.season', sm.SEASONS], ['ops.src.record', sm.RECORDS], ['ops.src.recorded', sm.RECORDS],
    ['ops.src.work', sm.WORK_KINDS], ['ops.src.grey', sm.GREYWATER_KINDS], ['ops.src.paid_by', sm.PAID_BY],
    ['ops.src.col', ['year', 'pre', 'post', 'change']]]) {
    for (const v of values) keys.push(`${prefix}.${v}`);
  }
  for (const k of keys) {
    assert.equal(typeof en[k], 'string', `en: ${k}`);
    assert.match(hi[k], /[\u0900-\u097F]/, `hi: ${k}`);
  }
});
