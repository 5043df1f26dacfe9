// The Sector Partner pages' helpers (no DOM): node --test web/partners.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  parseRoute, routeHash, routeArea, isAdmin, isNational, partnerIdsOf, actsFor, fyOf, fyStart,
  quarterOf, quarterStart, plannableYears, dayBefore, weightedScore, reviewStep, roundState,
  fieldCandidates, splitList, wholeOrNull, checkFiles,
  MAX_DOCUMENT_BYTES,
} from './partners/model.js';

test('hash routes are read and written alike', () => {
  assert.equal(parseRoute(''), null);
  assert.equal(parseRoute('#main'), null, 'the skip link is not a page');
  assert.deepEqual(parseRoute('#/apply'), { name: 'apply', round: null, query: {} });
  assert.deepEqual(parseRoute('#/apply/3'), { name: 'apply', round: 3, query: {} });
  assert.deepEqual(parseRoute('#/rounds/12'), { name: 'round', id: 12, query: {} });
  assert.equal(parseRoute('#/rounds/x').name, 'not_found');
  assert.deepEqual(parseRoute('#/partners/2/plans'), { name: 'partner', id: 2, tab: 'plans', query: {} });
  assert.equal(parseRoute('#/partners/2/nonsense').tab, 'profile');
  assert.deepEqual(parseRoute('#/plans/5/progress/3'), { name: 'progress', id: 5, quarter: 3, query: {} });
  assert.equal(parseRoute('#/plans/5/progress/9').quarter, null);
  assert.deepEqual(parseRoute('#/mission/progress?by=state&fy=2026-27'),
    { name: 'mission', tab: 'progress', query: { by: 'state', fy: '2026-27' } });
  assert.equal(parseRoute('#/mission').tab, 'queue');
  for (const [name, opts] of [
    ['apply', {}], ['apply', { round: 4 }], ['rounds', {}], ['round', { id: 3 }], ['application', { id: 7 }],
    ['partners', {}], ['partner', { id: 2 }], ['partner', { id: 2, tab: 'audits' }], ['plan', { id: 5 }],
    ['progress', { id: 5 }], ['progress', { id: 5, quarter: 2 }], ['mission', {}],
    ['mission', { tab: 'funnel', query: { round: 3 } }],
  ]) {
    const back = parseRoute(routeHash(name, opts));
    assert.equal(back.name, name, routeHash(name, opts));
    for (const k of ['id', 'tab', 'quarter', 'round']) if (opts[k]) assert.equal(back[k], opts[k]);
  }
  assert.equal(routeHash('mission', { tab: 'funnel', query: { round: 3, by: '' } }), '#/mission/funnel?round=3');
  assert.equal(routeArea(parseRoute('#/plans/5')), 'partners');
  assert.equal(routeArea(parseRoute('#/applications/5')), 'screening');
  assert.equal(routeArea(null), null);
});

test('who sees what', () => {
  const s = (...roles) => ({ roles: roles.map(([role, partner_id = null]) => ({ role, unit_code: 'IN', partner_id })) });
  assert.ok(isAdmin(s(['national_admin'])) && isNational(s(['national_admin'])));
  assert.ok(!isAdmin(s(['national_viewer'])) && isNational(s(['national_viewer'])));
  assert.ok(!isNational(s(['partner_user', 4])) && !isNational(null));
  assert.deepEqual(partnerIdsOf(s(['partner_user', 4], ['partner_user', 4], ['state_officer'])), [4]);
  assert.ok(actsFor(s(['partner_user', 4]), '4'));
  assert.ok(!actsFor(s(['partner_user', 4]), 5));
});

test('financial years and quarters', () => {
  assert.equal(fyOf('2026-11-26'), '2026-27');
  assert.equal(fyOf('2027-03-31'), '2026-27');
  assert.equal(fyOf('2027-04-01'), '2027-28');
  assert.equal(fyOf('2099-05-01'), '2099-00');
  assert.equal(fyStart('2026-27'), 2026);
  assert.equal(fyStart('2026-28'), null);
  assert.deepEqual(['2026-04-01', '2026-06-30', '2026-07-01', '2026-12-31', '2027-01-01', '2027-03-31'].map(quarterOf),
    [1, 1, 2, 3, 4, 4]);
  assert.deepEqual([1, 2, 3, 4].map((q) => quarterStart('2026-27', q)),
    ['2026-04-01', '2026-07-01', '2026-10-01', '2027-01-01']);
  assert.deepEqual(plannableYears('2027-02-10'), ['2026-27', '2027-28']);
  assert.equal(dayBefore('2024-03-01'), '2024-02-29');
  assert.equal(dayBefore('2027-01-01'), '2026-12-31');
});

test('screening helpers agree with the server', () => {
  const criteria = [
    { code: 'experience', weight: 30 }, { code: 'capacity', weight: 25 },
    { code: 'reach', weight: 20 }, { code: 'approach', weight: 25 },
  ];
  assert.equal(weightedScore(criteria, { experience: 8, capacity: 7, reach: 6, approach: 7 }), 71);
  assert.equal(weightedScore(criteria, { experience: 8, capacity: 7, reach: 6 }), null);
  assert.equal(weightedScore(criteria, { experience: 10, capacity: 10, reach: 10, approach: 10 }), 100);
  const app = (my, extra = {}) => ({ my_review: my, moderation: null, decision: null, ...extra });
  assert.equal(reviewStep(app(null)), null);
  assert.equal(reviewStep(app({ conflict: null })), 'declare');
  assert.equal(reviewStep(app({ conflict: true })), 'conflict');
  assert.equal(reviewStep(app({ conflict: false, scores: null })), 'score');
  assert.equal(reviewStep(app({ conflict: false, scores: { a: 1 } })), 'scored');
  assert.equal(reviewStep(app({ conflict: false }, { moderation: {} })), 'closed');
  assert.equal(roundState({ open: true, closed: false }), 'open');
  assert.equal(roundState({ open: false, closed: true }), 'closed');
  assert.equal(roundState({ open: false, closed: false }), 'upcoming');
});

test('form helpers', () => {
  assert.deepEqual(fieldCandidates('registration_numbers[1].number'),
    ['registration_numbers[1].number', 'registration_numbers[1]', 'registration_numbers']);
  assert.deepEqual(fieldCandidates('contact.email'), ['contact.email', 'contact']);
  assert.deepEqual(fieldCandidates('org_name'), ['org_name']);
  assert.deepEqual(fieldCandidates(null), []);
  assert.deepEqual(splitList(' Hindi, English ;\nMalayalam,, '), ['Hindi', 'English', 'Malayalam']);
  assert.equal(wholeOrNull(' 12 '), 12);
  assert.equal(wholeOrNull('1.5'), null);
  assert.equal(wholeOrNull(''), null);
  const f = (name, type, size) => ({ name, type, size });
  assert.equal(checkFiles([f('a.pdf', 'application/pdf', 10), f('b.png', 'image/png', 10)]), null);
  assert.equal(checkFiles([f('a.doc', 'application/msword', 10)]).key, 'sp.file_type');
  assert.equal(checkFiles([f('a.pdf', 'application/pdf', MAX_DOCUMENT_BYTES + 1)]).key, 'sp.file_too_big');
  assert.equal(checkFiles([f('a.pdf', 'application/pdf', 0)]).key, 'sp.file_empty');
  assert.equal(checkFiles(Array.from({ length: 6 }, (_, i) => f(`${i}.pdf`, 'application/pdf', 1))).key, 'sp.files_too_many');
});
