// The monthly accounts' pure parts (web/operations/money.js): rupees typed
// into the form as paise, the body sent, amounts shown in rupees.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { toPaise, accountBody, rupees, percent, HEADS } from './operations/money.js';

test('rupees as typed become paise; what is not rupees goes to the server as typed', () => {
  assert.equal(toPaise('1250'), 125000);
  assert.equal(toPaise('1,250.5'), 125050);
  assert.equal(toPaise(' 0.05 '), 5);
  assert.equal(toPaise(''), 0);
  assert.equal(toPaise('', ''), '');
  assert.equal(toPaise('fifty'), 'fifty');
  assert.equal(toPaise('1.234'), '1.234');
});

test('the body of a month: every head, the note only when given', () => {
  const b = accountBody({ month: '2026-05', households: '120', tariff: '50', collected: '5,400', spent: { repairs: '300' } });
  assert.deepEqual(b, {
    month: '2026-05', households: 120, tariff_paise: 5000, collected_paise: 540000,
    spent_paise: { operator_pay: 0, electricity: 0, repairs: 30000, chemicals: 0, other: 0 },
  });
  assert.deepEqual(Object.keys(b.spent_paise), HEADS);
  assert.equal(accountBody({ month: '2026-05', households: '-3', note: ' late receipt ' }).households, '-3');
  assert.equal(accountBody({ month: '2026-05', households: '1', note: ' late receipt ' }).note, 'late receipt');
});

test('amounts in rupees, a deficit with a minus sign; efficiency in whole percent', () => {
  assert.equal(rupees(150000), '₹1,500');
  assert.equal(rupees(125050), '₹1,250.50');
  assert.equal(rupees(-200000), '−₹2,000');
  assert.equal(rupees(1234567800), '₹1,23,45,678');
  assert.equal(percent(0.8), '80%');
  assert.equal(percent(1.05), '105%');
});
