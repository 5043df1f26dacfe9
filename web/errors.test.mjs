// How the page words the server's refusals (errors.js): node --test web/errors.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { errorMessage, fieldLabel, lockMessage, ERROR_CODES } from './errors.js';
import { ApiError } from './api.js';

const load = (lang) => JSON.parse(readFileSync(new URL(`./i18n/${lang}.json`, import.meta.url), 'utf8'));
const en = load('en');
const hi = load('hi');
// t() of i18n.js over one catalogue, English filling gaps.
const translator = (cat) => (key, params) => {
  const template = cat[key] ?? en[key] ?? key;
  return params ? template.replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m)) : template;
};
const inHindi = { tr: translator(hi), lang: 'hi' };
const inEnglish = { tr: translator(en), lang: 'en' };
const DEVANAGARI = /[\u0900-\u097F]/;

test('in Hindi a refusal is a Hindi sentence naming the field by its label', () => {
  const e = new ApiError(400, 'invalid_argument', 'contact e-mail is not an address', 'contact.email');
  assert.equal(errorMessage(e, inHindi), '“ई-मेल” मान्य नहीं है। कृपया इसे जाँचें।');
  const batch = new ApiError(422, 'failed_precondition', 'village V1 would have 12 households with tap', 'connections[1].households');
  assert.match(errorMessage(batch, inHindi), /“परिवार”/);
  assert.doesNotMatch(errorMessage(batch, inHindi), /household|village/i, 'none of the English');
  assert.equal(errorMessage(new ApiError(403, 'permission_denied', 'D1 lies outside what you may do'), inHindi),
    hi['error.code.permission_denied']);
});

test('in English the server\'s own words are shown', () => {
  const e = new ApiError(422, 'failed_precondition', 'the month 2024-03 closed on 2024-04-07', 'date');
  assert.equal(errorMessage(e, inEnglish), 'the month 2024-03 closed on 2024-04-07');
  assert.equal(errorMessage(new ApiError(500, 'internal', ''), inEnglish), en['error.code.internal']);
});

test('the server\'s English only when nothing better is known', () => {
  assert.equal(errorMessage(new ApiError(418, 'teapot', 'I am a teapot'), inHindi), 'I am a teapot');
  assert.equal(errorMessage(new ApiError(502, 'http', ''), inHindi), translator(hi)('error.http', { status: 502 }));
  assert.equal(errorMessage(new ApiError(0, 'network', 'fetch failed'), inHindi), hi['error.network']);
  assert.equal(errorMessage(new ApiError(200, 'bad_response', 'response is not JSON'), inHindi), hi['error.bad_response']);
  assert.equal(errorMessage(Object.assign(new Error('x'), { i18nKey: 'error.network' }), inHindi), hi['error.network']);
  assert.equal(errorMessage(new TypeError('boom'), inHindi), hi['error.bad_response']);
});

test('every error code has a sentence in both languages, with and without a field', () => {
  for (const code of ERROR_CODES) {
    for (const [lang, cat] of [['en', en], ['hi', hi]]) {
      assert.ok(cat[`error.code.${code}`], `${lang}: error.code.${code}`);
      const withField = errorMessage(new ApiError(400, code, 'x', 'households'), { tr: translator(cat), lang: 'hi' });
      assert.ok(withField.length > 5, `${lang}: ${code}`);
      if (lang === 'hi') assert.match(withField, DEVANAGARI, code);
    }
  }
});

test('field labels: the full path first, then its end; unknown names stay', () => {
  assert.equal(fieldLabel('registration_numbers[0].kind', translator(hi)), hi['field.registration_numbers.kind']);
  assert.equal(fieldLabel('activities[2].targets[0].q3', translator(en)), 'Quarter 3');
  assert.equal(fieldLabel('colour', translator(hi)), 'colour');
  assert.equal(fieldLabel(null), '');
});

test('every field the forms name has a label', () => {
  const files = ['index.html', 'entry.js', 'users.js', 'audit.js', 'account.js',
    ...['apply', 'screening', 'workspace', 'plan', 'mission', 'ui'].map((f) => `partners/${f}.js`)];
  const names = new Set();
  for (const f of files) {
    const src = readFileSync(new URL(`./${f}`, import.meta.url), 'utf8');
    for (const m of src.matchAll(/data-field="([\w.[\]]+)"/g)) names.add(m[1]);
    for (const m of src.matchAll(/\bfield: '([\w.[\]]+)'/g)) names.add(m[1]);
    for (const m of src.matchAll(/'data-field': '([\w.[\]]+)'/g)) names.add(m[1]);
    for (const m of src.matchAll(/\bfield\('([\w.[\]]+)'/g)) names.add(m[1]);
  }
  assert.ok(names.size > 10, [...names].join());
  for (const name of names) {
    assert.notEqual(fieldLabel(name, translator(hi)), name, `a label for ${name}`);
  }
});

test('a sign-in lock: whose it is and when it ends, from the details, in the reader\'s language', () => {
  const until = '2026-11-26T20:00:00Z';  // 27 Nov 2026, 01:30 IST
  // The server's English says a different time on purpose: nothing is read from it.
  const account = new ApiError(429, 'resource_exhausted', 'locked until 2001-01-01T00:00:00Z', null,
    { lock: 'account', locked_until: until });
  const address = new ApiError(429, 'resource_exhausted', 'too many from this address until 2001-01-01T00:00:00Z', null,
    { lock: 'address', locked_until: until });
  assert.equal(lockMessage(account, inEnglish), 'This account is locked after repeated failed sign-ins until 27 Nov 2026, 01:30 IST.');
  assert.equal(lockMessage(address, inEnglish), 'Signing in is locked after repeated failed sign-ins, until 27 Nov 2026, 01:30 IST.');
  for (const e of [account, address]) {
    const text = lockMessage(e, inHindi);
    assert.match(text, DEVANAGARI);
    assert.match(text, /01:30 IST/, text);
    assert.doesNotMatch(text, /2001|locked|address/, text);
  }
  assert.notEqual(lockMessage(account, inHindi), lockMessage(address, inHindi));
  // The failure that locks names the password field and is an account lock all the same.
  const fifth = new ApiError(429, 'resource_exhausted', 'x', 'password', { lock: 'account', locked_until: until });
  assert.equal(lockMessage(fifth, inHindi), lockMessage(account, inHindi));
  // No readable end: try again later.
  assert.equal(lockMessage(new ApiError(429, 'resource_exhausted', 'until 2026-11-26T20:00:00Z', null, { lock: 'account' }), inHindi),
    hi['signin.locked_later']);
  assert.equal(lockMessage(new ApiError(429, 'resource_exhausted', 'x', null, { lock: 'address', locked_until: 'soon' }), inEnglish),
    en['signin.blocked_later']);
  assert.equal(lockMessage(new ApiError(429, 'resource_exhausted', 'x'), inEnglish), en['signin.blocked_later']);
  // Anything else is not a lock.
  assert.equal(lockMessage(new ApiError(401, 'unauthenticated', 'wrong username or password', 'password'), inHindi), null);
  assert.equal(lockMessage(new TypeError('boom'), inHindi), null);
});
