// The operations pages' rules (web/operations/model.js) and their words in
// both catalogues: node --test web/operations.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

import * as m from './operations/model.js';
import { readState, toUrl } from './url.js';

const load = (lang) => JSON.parse(readFileSync(new URL(`./i18n/${lang}.json`, import.meta.url), 'utf8'));
const en = load('en');
const hi = load('hi');
const devanagari = /[\u0900-\u097F]/;
const tr = (cat) => (key, params = {}) => (cat[key] ?? key).replace(/\{(\w+)\}/g, (x, n) => (n in params ? String(params[n]) : x));

test('the addresses round-trip and drop what does not belong', () => {
  const cases = [
    '/?view=complaint',
    '/?view=complaint&village=V123',
    '/?view=complaint&ref=JJM-0A1B2C3D4E&secret=abc_DEF-123',
    '/?view=operations&place=V123',
    '/?view=operations&tab=queue&place=B12',
    '/?view=operations&tab=place&place=D532&lang=hi',
  ];
  for (const url of cases) assert.equal(toUrl(readState(url.slice(1))), url, url);
  assert.equal(toUrl(readState('?view=operations&tab=bogus')), '/?view=operations');
  // A followed complaint does not carry the form's village.
  assert.equal(toUrl(readState('?view=complaint&ref=R&secret=S&village=V1')), '/?view=complaint&ref=R&secret=S');
  // Other views leave the operations part out.
  assert.equal(toUrl({ ...readState('?view=supply'), ops: { ref: 'R' } }), '/?view=supply');
});

test('the deadline clock: time left, overdue, days and minutes', () => {
  const e = tr(en);
  const at = Date.parse('2026-01-01T10:00:00Z');
  const deadline = '2026-01-03T10:00:00Z';
  assert.deepEqual(m.clockParts(deadline, at), { overdue: false, days: 2, hours: 0, minutes: 0 });
  assert.equal(m.clockText(deadline, at, e), '2 d 0 h left');
  assert.equal(m.clockText(deadline, at + 47 * 3600e3 + 15 * 60e3, e), '45 min left');
  assert.equal(m.clockText(deadline, at + 45 * 3600e3, e), '3 h 0 min left');
  // Exactly at the deadline it is not overdue yet; a minute on it is.
  assert.equal(m.clockParts(deadline, Date.parse(deadline)).overdue, false);
  assert.equal(m.clockText(deadline, Date.parse(deadline) + 61e3, e), 'overdue by 1 min');
  assert.equal(m.clockText(deadline, Date.parse('2026-01-04T13:30:00Z'), e), 'overdue by 1 d 3 h');
  assert.equal(m.clockText(deadline, at, tr(hi)), '2 दिन 0 घंटे शेष');
  assert.equal(m.clockText('not a time', at, e), '');
});

test('statuses, holders, events and steps', () => {
  for (const s of m.STATUSES) assert.ok(en[m.statusKey(s)] && hi[m.statusKey(s)], s);
  assert.equal(m.statusKey('bogus'), 'ops.status.unknown');
  for (const s of m.HOLDERS) assert.ok(en[m.holderKey(s)], s);
  for (const k of ['assigned', 'escalated', 'quality_test', 'spam', 'whatever']) assert.ok(en[m.eventKey(k)], k);
  assert.equal(m.isOpen({ status: 'assigned' }), true);
  assert.equal(m.isOpen({ status: 'resolved' }), false);
  // As src/operations/escalation.h allows; never resolved straight from received.
  assert.deepEqual(m.stepsFor({ status: 'received' }), ['assigned', 'in_progress', 'spam']);
  assert.deepEqual(m.stepsFor({ status: 'assigned' }), ['in_progress', 'resolved', 'spam']);
  assert.deepEqual(m.stepsFor({ status: 'in_progress' }), ['resolved', 'spam']);
  assert.deepEqual(m.stepsFor({ status: 'reopened' }), ['assigned', 'in_progress', 'spam']);
  assert.deepEqual(m.stepsFor({ status: 'resolved' }), []);
  assert.deepEqual(m.stepsFor({ status: 'closed' }), []);
  assert.equal(m.showsNote({ kind: 'resolved', note: 'new valve' }), true);
  assert.equal(m.showsNote({ kind: 'reopened', note: 'still dry' }), true);
  assert.equal(m.showsNote({ kind: 'assigned', note: "to the village's committee and its operator" }), false);
  assert.equal(m.showsNote({ kind: 'closed', note: 'the filer confirmed it is resolved' }), false);
  assert.equal(m.showsNote({ kind: 'resolved' }), false);
  assert.equal(m.filerCanAct({ status: 'resolved' }), true);
  assert.equal(m.filerCanAct({ status: 'closed' }), false);
});

test('the request bodies', () => {
  assert.deepEqual(m.complaintBody({ village: ' V1 ', category: 'no_supply', description: ' none ', contact: ' ' }),
    { village: 'V1', category: 'no_supply', description: 'none' });
  assert.deepEqual(m.complaintBody({
    village: 'V1', category: 'leakage', description: 'd', contact: '98', photo: { content_type: 'image/png', data_base64: 'AA==' }, requestId: 'r1',
  }), { village: 'V1', category: 'leakage', description: 'd', contact: '98', photo: { content_type: 'image/png', data_base64: 'AA==' }, request_id: 'r1' });
  assert.deepEqual(m.stepBody('in_progress', ''), { kind: 'in_progress' });
  assert.deepEqual(m.stepBody('resolved', ' fixed the valve '), { kind: 'resolved', note: 'fixed the valve' });
  assert.deepEqual(m.filerBody('s', 'confirm', ''), { secret: 's', action: 'confirm' });
  assert.deepEqual(m.filerBody('s', 'reopen', ' still dry '), { secret: 's', action: 'reopen', note: 'still dry' });
  assert.deepEqual(m.memberBody({ name: ' Asha ', role: 'chair', gender: 'female', socialGroup: 'sc', elected: 1, joinedOn: '2025-01-01' }),
    { name: 'Asha', role: 'chair', gender: 'female', social_group: 'sc', elected_member: true, joined_on: '2025-01-01' });
  assert.deepEqual(m.meetingBody({ on: '2025-02-01', attendance: '9', decisions: ' tariff ' }), { on: '2025-02-01', attendance: 9, decisions: 'tariff' });
  assert.deepEqual(m.breakdownBody({ village: 'V1', startedOn: '2025-03-01', reason: 'power', households: '40', note: '' }),
    { village: 'V1', started_on: '2025-03-01', reason: 'power', households_affected: 40 });
});

test('photos are checked like the server checks them', () => {
  assert.equal(m.photoProblem(null), null);
  assert.equal(m.photoProblem({ type: 'image/jpeg', size: 1000 }), null);
  assert.equal(m.photoProblem({ type: 'image/png', size: m.MAX_PHOTO_BYTES }), null);
  assert.equal(m.photoProblem({ type: 'image/png', size: m.MAX_PHOTO_BYTES + 1 }), 'ops.photo.size');
  assert.equal(m.photoProblem({ type: 'image/gif', size: 10 }), 'ops.photo.type');
  assert.equal(m.toBase64(new Uint8Array([0xff, 0xd8, 0xff]).buffer), '/9j/');
});

test('shortfalls, categories and medians in words', () => {
  for (const code of m.SHORTFALLS) {
    const [key, params] = m.shortfallWords({ code, have: 3, need: 5 });
    assert.ok(en[key] && hi[key], code);
    assert.match(tr(hi)(key, params), /3.*5/, code);
  }
  assert.equal(m.shortfallWords({ code: 'new_rule' })[0], 'ops.short.other');
  const rules = { categories: [{ code: 'no_supply', name_en: 'No supply', name_hi: 'पानी नहीं' }] };
  assert.equal(m.categoryName(rules, 'no_supply', 'hi'), 'पानी नहीं');
  assert.equal(m.categoryName(rules, 'no_supply', 'en'), 'No supply');
  assert.equal(m.categoryName(rules, 'other', 'en'), 'other');
  assert.deepEqual(m.hoursWords(null), ['ops.sum.no_median', {}]);
  assert.deepEqual(m.hoursWords(20.25), ['ops.sum.hours', { n: 20.3 }]);
  assert.deepEqual(m.hoursWords(72), ['ops.sum.days', { n: 3 }]);
});

test('the roles the pages offer', () => {
  assert.deepEqual(m.opsRoles(null), { villages: [], officer: null });
  assert.deepEqual(m.opsRoles({ roles: [{ role: 'vwsc_operator', unit_code: 'V1' }, { role: 'block_officer', unit_code: 'B1' }] }),
    { villages: ['V1'], officer: 'B1' });
});

test('every operations word the pages use is in both catalogues, in Hindi', () => {
  const src = readdirSync(new URL('./operations/', import.meta.url)).filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(new URL(`./operations/${f}`, import.meta.url), 'utf8')).join('\n');
  const keys = new Set([...src.matchAll(/'(ops\.[a-z_.]+[a-z_])'/g)].map((x) => x[1]));
  for (const [prefix, values] of [['ops.role', m.MEMBER_ROLES], ['ops.gender', m.GENDERS], ['ops.group', m.GROUPS],
    ['ops.reason', m.REASONS], ['ops.tab', m.TABS], ['ops.short', m.SHORTFALLS]]) {
    for (const v of values) keys.add(`${prefix}.${v}`);
  }
  for (const k of ['assigned', 'in_progress', 'resolved', 'spam']) keys.add(`ops.step.${k}`).add(`ops.step.done_${k}`);
  for (const k of ['received', 'open', 'overdue', 'resolved', 'median']) keys.add(`ops.sum.${k}`);
  keys.delete('ops.role'); keys.delete('ops.gender'); keys.delete('ops.group'); keys.delete('ops.reason');
  assert.ok(keys.size > 100, String(keys.size));
  for (const k of keys) {
    assert.ok(typeof en[k] === 'string', `en: ${k}`);
    assert.ok(typeof hi[k] === 'string' && devanagari.test(hi[k]), `hi: ${k}`);
  }
  for (const k of ['nav.complaint', 'nav.operations', 'ops.title']) assert.ok(devanagari.test(hi[k]), k);
});

test('the action plan: the financial year of a day, and the files refused before sending', async () => {
  const { fyOf, planProblem, photoHref, MAX_PLAN_BYTES } = await import('./operations/plans.js');
  assert.equal(fyOf('2026-03-31'), '2025-26');
  assert.equal(fyOf('2026-04-01'), '2026-27');
  assert.equal(fyOf('2099-12-01'), '2099-00');
  assert.equal(planProblem(null), 'ops.vap.need_file');
  assert.equal(planProblem({ type: 'text/plain', size: 10 }), 'ops.vap.type');
  assert.equal(planProblem({ type: 'application/pdf', size: MAX_PLAN_BYTES + 1 }), 'ops.vap.size');
  assert.equal(planProblem({ type: 'application/pdf', size: MAX_PLAN_BYTES }), null);
  assert.equal(photoHref('JJM-AB', 7, 'a b'), '/api/v1/complaints/track/JJM-AB/photos/7?secret=a%20b');
  assert.equal(photoHref('JJM-AB', 7, ''), '/api/v1/complaints/track/JJM-AB/photos/7');
});
