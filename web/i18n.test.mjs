// Checks that the message catalogues agree: node --test web/i18n.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { ROLES } from './session.js';
import { ACTIONS } from './audit.js';
import { KINDS } from './entry.js';

const load = (lang) =>
  JSON.parse(readFileSync(new URL(`./i18n/${lang}.json`, import.meta.url), 'utf8'));
const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const en = load('en');
const hi = load('hi');

test('Hindi has exactly the English keys', () => {
  assert.deepEqual(Object.keys(hi).sort(), Object.keys(en).sort());
});

test('each translation uses the same placeholders', () => {
  for (const key of Object.keys(en)) {
    assert.deepEqual(placeholders(hi[key] ?? ''), placeholders(en[key]), key);
  }
});

test('no message is empty', () => {
  for (const [lang, cat] of [['en', en], ['hi', hi]]) {
    for (const [key, value] of Object.entries(cat)) {
      assert.ok(typeof value === 'string' && value.trim() !== '', `${lang}:${key}`);
    }
  }
});

test('every key the page uses exists in English', () => {
  const files = ['app.js', 'table.js', 'chart.js', 'search.js', 'index.html',
    'account.js', 'entry.js', 'audit.js', 'users.js'];
  const used = new Set();
  for (const f of files) {
    const src = readFileSync(new URL(`./${f}`, import.meta.url), 'utf8');
    // t('key' ...), data-i18n="key", "attr:key" pairs.
    for (const m of src.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]);
    for (const m of src.matchAll(/data-i18n="([\w.]+)"/g)) used.add(m[1]);
    for (const m of src.matchAll(/'data-i18n': '([\w.]+)'/g)) used.add(m[1]);
    // Keys chosen at run time: checkEntry's {key: 'entry.…'}, field labels.
    for (const m of src.matchAll(/key: '([a-z_]+\.[\w.]+)'/g)) used.add(m[1]);
    for (const m of src.matchAll(/field\('\w+', '([\w.]+)'/g)) used.add(m[1]);
    for (const m of src.matchAll(/data-i18n-attr="([^"]+)"/g)) {
      for (const pair of m[1].split(';')) used.add(pair.split(':')[1].trim());
    }
  }
  assert.ok(used.size > 20, 'found the keys in use');
  for (const key of used) assert.ok(key in en, `missing key ${key}`);
});

test('every role, ledger kind, audit action and column has a name', () => {
  const keys = [
    ...ROLES.map((r) => `role.${r}`),
    ...[...KINDS, 'baseline', 'adjustment'].map((k) => `kind.${k}`),
    ...ACTIONS.map((a) => `action.${a}`),
    ...['time', 'actor', 'remote', 'action', 'entity', 'place', 'change'].map((c) => `audit.col_${c}`),
    ...['user', 'status', 'roles', 'created', 'actions'].map((c) => `users.col_${c}`),
    ...['date', 'households', 'kind', 'reason', 'recorded_by', 'recorded_at'].map((c) => `ledger.${c}`),
  ];
  for (const key of keys) assert.ok(key in en, `missing key ${key}`);
});
