// Unit tests for reports/model.js: node --test web/reports.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { reportName, reportHref, drawnOnScreen, fitsLevel, cellText, isFigure } from './reports/model.js';
import { formatIndian } from './format.js';

test('a report name from the address is a name or nothing', () => {
  assert.equal(reportName('J17'), 'j17');
  assert.equal(reportName(' cs1bi '), 'cs1bi');
  assert.equal(reportName('../etc'), '');
  assert.equal(reportName(''), '');
  assert.equal(reportName(null), '');
});

test('file addresses carry place, date, format and language', () => {
  assert.equal(reportHref('j3', { place: 'IN', format: 'csv', lang: 'en' }), '/api/v1/reports/j3?format=csv');
  assert.equal(reportHref('j17', { place: 'S36', asOf: '2024-03-31', format: 'pdf', lang: 'hi' }),
    '/api/v1/reports/j17?place=S36&as_of=2024-03-31&format=pdf&lang=hi');
  assert.equal(reportHref('j7'), '/api/v1/reports/j7');
});

test('the village-wise list is drawn only from a district down', () => {
  assert.equal(drawnOnScreen('j7', 'nation'), false);
  assert.equal(drawnOnScreen('j7', 'state'), false);
  assert.equal(drawnOnScreen('j7', 'district'), true);
  assert.equal(drawnOnScreen('j3', 'nation'), true);
});

test('a report fits places down to its deepest level', () => {
  assert.equal(fitsLevel('district', 'state'), true);
  assert.equal(fitsLevel('district', 'district'), true);
  assert.equal(fitsLevel('district', 'block'), false);
  assert.equal(fitsLevel('state', 'nation'), true);
  assert.equal(fitsLevel('gp', 'village'), false);
});

test('cells read as Indians write figures', () => {
  assert.equal(cellText(5398219, 'count', formatIndian), '53,98,219');
  assert.equal(cellText(12.5, 'percent', formatIndian), '12.50%');
  assert.equal(cellText(null, 'count', formatIndian), '—');
  assert.equal(cellText('Adilabad', 'text', formatIndian), 'Adilabad');
  assert.equal(isFigure('count'), true);
  assert.equal(isFigure('text'), false);
});

test('figures as drawn read back as numbers', async () => {
  const { parseShown } = await import('./table_export.js');
  assert.equal(parseShown('1,23,456'), 123456);
  assert.equal(parseShown('45.50%'), 45.5);
  assert.equal(parseShown('—'), null);
  assert.equal(parseShown('Adilabad'), 'Adilabad');
  assert.equal(parseShown('-12'), -12);
});
