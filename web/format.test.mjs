// Unit tests for format.js: node --test web/format.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  formatIndian,
  formatShort,
  formatPct,
  formatDate,
  formatMonth,
  parseIsoDate,
  todayInIndia,
  formatDateTime,
} from './format.js';

test('formatIndian groups the last three digits, then twos', () => {
  assert.equal(formatIndian(193600000), '19,36,00,000');
  assert.equal(formatIndian(5398219), '53,98,219');
  assert.equal(formatIndian(123456789), '12,34,56,789');
  assert.equal(formatIndian(100000), '1,00,000');
  assert.equal(formatIndian(10000), '10,000');
  assert.equal(formatIndian(1000), '1,000');
  assert.equal(formatIndian(999), '999');
  assert.equal(formatIndian(12), '12');
  assert.equal(formatIndian(0), '0');
  assert.equal(formatIndian(1234567890123), '12,34,56,78,90,123');
});

test('formatIndian handles negatives without a stray "-0"', () => {
  assert.equal(formatIndian(-5398219), '-53,98,219');
  assert.equal(formatIndian(-999), '-999');
  assert.equal(formatIndian(-1000), '-1,000');
  assert.equal(formatIndian(-0), '0');
  assert.equal(formatIndian(-0.2), '0');
});

test('formatIndian rounds to whole numbers unless decimals are asked for', () => {
  assert.equal(formatIndian(1234.5), '1,235');
  assert.equal(formatIndian(1234.5, 2), '1,234.50');
  assert.equal(formatIndian(1234567.891, 1), '12,34,567.9');
  assert.equal(formatIndian('5398219'), '53,98,219');
});

test('formatIndian shows a dash for missing figures', () => {
  assert.equal(formatIndian(null), '—');
  assert.equal(formatIndian(undefined), '—');
  assert.equal(formatIndian(''), '—');
  assert.equal(formatIndian(NaN), '—');
  assert.equal(formatIndian('abc'), '—');
});

test('formatIndian agrees with Intl en-IN grouping', (t) => {
  let nf;
  try {
    nf = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 0 });
    if (nf.format(100000) !== '1,00,000') throw new Error('no en-IN data');
  } catch {
    t.skip('this Node has no en-IN locale data');
    return;
  }
  for (const n of [0, 7, 999, 1000, 99999, 100000, 1234567, 193600000, 987654321012]) {
    assert.equal(formatIndian(n), nf.format(n), String(n));
    // Intl prints "-0" for -0; we deliberately do not.
    if (n !== 0) assert.equal(formatIndian(-n), nf.format(-n).replace('−', '-'), String(-n));
  }
});

test('formatShort uses crore and lakh', () => {
  assert.equal(formatShort(193600000), '19.36 crore');
  assert.equal(formatShort(5398219), '53.98 lakh');
  assert.equal(formatShort(10000000), '1.00 crore');
  assert.equal(formatShort(100000), '1.00 lakh');
  assert.equal(formatShort(123456789012), '12,345.68 crore');
});

test('formatShort moves to crore when lakh would round to 100', () => {
  assert.equal(formatShort(9999999), '1.00 crore');
  assert.equal(formatShort(9994999), '99.95 lakh');
});

test('formatShort leaves numbers below one lakh in full', () => {
  assert.equal(formatShort(999), '999');
  assert.equal(formatShort(99999), '99,999');
  assert.equal(formatShort(0), '0');
  assert.equal(formatShort(null), '—');
});

test('formatShort keeps the sign and takes translated unit words', () => {
  assert.equal(formatShort(-5398219), '-53.98 lakh');
  assert.equal(formatShort(-193600000), '-19.36 crore');
  assert.equal(formatShort(-999), '-999');
  const hi = { crore: 'करोड़', lakh: 'लाख' };
  assert.equal(formatShort(193600000, hi), '19.36 करोड़');
  assert.equal(formatShort(5398219, hi), '53.98 लाख');
});

test('formatPct shows two decimals on the 0-100 scale', () => {
  assert.equal(formatPct(79.523), '79.52%');
  assert.equal(formatPct(100), '100.00%');
  assert.equal(formatPct(0), '0.00%');
  assert.equal(formatPct(12.3456, 1), '12.3%');
  assert.equal(formatPct(null), '—');
});

test('dates are calendar dates, not shifted by time zone', () => {
  assert.equal(parseIsoDate('2019-08-15').toISOString(), '2019-08-15T00:00:00.000Z');
  assert.equal(parseIsoDate('2023-02-30'), null);
  assert.equal(parseIsoDate('15/08/2019'), null);
  assert.match(formatDate('2019-08-15'), /^15 Aug 2019$/);
  assert.match(formatMonth('2019-08-31'), /^Aug 2019$/);
  assert.equal(formatDate(null), '—');
  assert.equal(formatDate('garbage'), 'garbage');
});

test('today in India turns over at 18:30 UTC', () => {
  assert.equal(todayInIndia(Date.parse('2024-03-31T18:29:59Z')), '2024-03-31');
  assert.equal(todayInIndia(Date.parse('2024-03-31T18:30:00Z')), '2024-04-01');
  assert.match(todayInIndia(), /^\d{4}-\d{2}-\d{2}$/);
});

test('server instants are shown in India time', () => {
  assert.equal(formatDateTime('2026-11-26T04:31:25Z'), '26 Nov 2026, 10:01:25 IST');
  assert.equal(formatDateTime('2026-11-26T20:00:00Z', 'en', { seconds: false }), '27 Nov 2026, 01:30 IST');
  assert.equal(formatDateTime(null), '—');
  assert.equal(formatDateTime('soon'), 'soon');
});
