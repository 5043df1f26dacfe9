// Unit tests for url.js: node --test web/url.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { readState, toUrl, emptyFilters } from './url.js';

test('the dashboard URL round-trips', () => {
  const url = '/?unit=D532&as_of=2024-01-01&lang=hi&sort=pct&dir=desc';
  const s = readState(url.slice(1));
  assert.equal(s.view, 'dashboard');
  assert.equal(s.unit, 'D532');
  assert.equal(toUrl(s), url);
  assert.equal(toUrl(readState('')), '/');
});

test('the audit view keeps its filters, and unit is the audit place', () => {
  const s = readState('?view=audit&unit=D532&user=dist.officer&action=connections.record&from=2024-06-01&lang=hi');
  assert.equal(s.view, 'audit');
  assert.equal(s.unit, 'IN', 'the dashboard unit stays at India');
  assert.deepEqual(s.filters, {
    ...emptyFilters(), unit: 'D532', user: 'dist.officer', action: 'connections.record', from: '2024-06-01',
  });
  assert.equal(toUrl(s), '/?view=audit&unit=D532&user=dist.officer&action=connections.record&from=2024-06-01&lang=hi');
  assert.equal(toUrl({ view: 'audit', filters: emptyFilters() }), '/?view=audit');
});

test('users view; unknown views are the dashboard', () => {
  assert.equal(toUrl(readState('?view=users&unit=D1&sort=pct')), '/?view=users');
  const s = readState('?view=nope&unit=S1');
  assert.equal(s.view, 'dashboard');
  assert.equal(s.unit, 'S1');
});

test('the reports view keeps its place, date and report', () => {
  const url = '/?view=reports&unit=S36&as_of=2024-03-31&report=j17&lang=hi';
  const s = readState(url.slice(1));
  assert.equal(s.view, 'reports');
  assert.equal(s.unit, 'S36');
  assert.equal(s.report, 'j17');
  assert.equal(toUrl(s), url);
  assert.equal(readState('?view=reports&report=../x').report, '', 'a name, not a path');
  assert.equal(toUrl(readState('?view=reports')), '/?view=reports');
});
