// Unit tests for what the page offers to whom, and the entry and audit
// helpers: node --test web/scope.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { canRecordAt, ancestry, managesUsers, grantableRoles } from './session.js';
import { checkEntry } from './entry.js';
import { compactChange } from './audit.js';

const role = (r, unit, o = {}) => ({
  role: r, unit_code: unit, can_record: true, can_manage_users: true, can_unlock: true, ...o,
});
const village = {
  code: 'V9',
  path: [
    { code: 'IN', level: 'nation' }, { code: 'S1', level: 'state' }, { code: 'D2', level: 'district' },
    { code: 'B3', level: 'block' }, { code: 'G4', level: 'gp' },
  ],
};

test('a role records at its place and everything under it', () => {
  assert.deepEqual(ancestry(village), ['IN', 'S1', 'D2', 'B3', 'G4', 'V9']);
  assert.ok(canRecordAt({ roles: [role('district_officer', 'D2')] }, ancestry(village)));
  assert.ok(canRecordAt({ roles: [role('national_admin', 'IN')] }, ancestry(village)));
  assert.ok(canRecordAt({ roles: [role('vwsc_operator', 'V9', { can_manage_users: false })] }, ancestry(village)));
  assert.ok(!canRecordAt({ roles: [role('district_officer', 'D7')] }, ancestry(village)), 'another district');
  assert.ok(!canRecordAt({ roles: [role('national_viewer', 'IN', { can_record: false })] }, ancestry(village)));
  assert.ok(!canRecordAt(null, ancestry(village)));
});

test('who manages users, and which roles they may give', () => {
  assert.ok(!managesUsers(null));
  assert.ok(!managesUsers({ roles: [role('block_officer', 'B3', { can_manage_users: false })] }));
  // Officers appoint the analysts of labs in their place and the FTK testers
  // of their villages (issue 10).
  assert.deepEqual(grantableRoles({ roles: [role('district_officer', 'D2')] }),
    ['block_officer', 'vwsc_operator', 'lab_analyst', 'ftk_tester']);
  // A state officer appoints the surveyors of its districts (issue 11).
  assert.deepEqual(grantableRoles({ roles: [role('state_officer', 'S1')] }),
    ['district_officer', 'block_officer', 'vwsc_operator', 'lab_analyst', 'ftk_tester', 'surveyor']);
  assert.equal(grantableRoles({ roles: [role('national_admin', 'IN')] }).length, 10);
});

test('the entry form checks what it can before sending', () => {
  const ok = { date: '2024-06-01', households: '5', kind: 'connection', reason: '' };
  assert.equal(checkEntry(ok, '2024-06-02'), null);
  assert.equal(checkEntry({ ...ok, date: '' }).field, 'date');
  assert.equal(checkEntry({ ...ok, date: '2019-08-15' }).field, 'date');
  assert.equal(checkEntry({ ...ok, date: '2024-06-03' }, '2024-06-02').key, 'entry.date_future');
  assert.equal(checkEntry({ ...ok, households: '2.5' }).field, 'households');
  assert.equal(checkEntry({ ...ok, households: '0' }).key, 'entry.not_zero');
  assert.equal(checkEntry({ ...ok, households: '-2' }).key, 'entry.negative_is_correction');
  assert.equal(checkEntry({ ...ok, households: '-2', kind: 'correction' }).field, 'reason');
  assert.equal(checkEntry({ ...ok, households: '-2', kind: 'correction', reason: 'double entry' }), null);
});

test('an audit change in one line', () => {
  assert.equal(
    compactChange({ V1: { hh_with_tap: 90, total_hh: 251 } },
      { V1: { hh_with_tap: 95, total_hh: 251 }, events: [{ seq: 1 }] }),
    'V1.hh_with_tap: 90 → 95; events: — → [1]');
  assert.equal(compactChange(null, { username: 'ravi', role: 'block_officer' }), 'username: ravi; role: block_officer');
  assert.equal(compactChange(null, null), '');
  assert.equal(compactChange({ disabled: 'false' }, { disabled: 'true' }), 'disabled: false → true');
});
