// Checks that the message catalogues agree: node --test web/i18n.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { ROLES } from './session.js';
import { ACTIONS } from './audit.js';
import { KINDS } from './entry.js';
import * as sp from './partners/model.js';

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
    'account.js', 'entry.js', 'audit.js', 'users.js', 'crosswalk/view.js', 'crosswalk/model.js',
    ...['model', 'ui', 'view', 'apply', 'screening', 'workspace', 'plan', 'mission'].map((f) => `partners/${f}.js`)];
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
    // The programme's pages pick some keys with a condition: every
    // 'sp.…' literal there is a key.
    if (f.startsWith('partners/')) for (const m of src.matchAll(/'(sp\.[\w.]+)'/g)) used.add(m[1]);
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

test('every code of the Sector Partner programme has a name', () => {
  const lists = {
    org_type: sp.ORG_TYPES, theme: sp.THEMES, activity_theme: sp.ACTIVITY_THEMES, measure: sp.MEASURES,
    plan_level: sp.PLAN_LEVELS, plan_status: sp.PLAN_STATUSES, report_status: sp.REPORT_STATUSES,
    knowledge_kind: sp.KNOWLEDGE_KINDS, action_status: sp.ACTION_STATUSES, gender: sp.GENDERS,
    training_kind: sp.TRAINING_KINDS, training_role: sp.TRAINING_ROLES, rollup_by: sp.ROLLUP_BY,
    review_step: ['declare', 'score', 'scored', 'conflict', 'closed'],
    round_state: ['open', 'closed', 'upcoming'],
    measure_app: ['years_work', 'years_rural', 'water_work', 'themes', 'states', 'past_projects', 'water_projects'],
    'partner.tab': sp.PARTNER_TABS,
    'mission.tab': sp.MISSION_TABS,
    title: ['apply', 'rounds', 'round', 'application', 'partners', 'partner', 'plan', 'progress', 'mission', 'not_found'],
    funnel: [...sp.FUNNEL_BY.flatMap((b) => [`by_${b}`, `col_${b}`]), 'applied', 'eligible', 'screened', 'shortlisted'],
    coverage: ['villages', 'villages_trained', 'pct_villages_trained', 'trainings', 'participants', 'women',
      'ftk_women', 'total_hh', 'hh_with_tap', 'pct_hh_with_tap'],
  };
  for (const [kind, codes] of Object.entries(lists)) {
    for (const code of codes) assert.ok(`sp.${kind}.${code}` in en, `missing key sp.${kind}.${code}`);
  }
});

test('a count of one takes the singular form where there is one', async () => {
  const { fillMessage } = await import('./i18n.js');
  const cat = { 'x.count': '{n} entries.', 'x.count.one': '{n} entry.' };
  assert.equal(fillMessage(cat, {}, 'x.count', { n: 1 }), '1 entry.');
  assert.equal(fillMessage(cat, {}, 'x.count', { n: '1' }), '1 entry.');
  assert.equal(fillMessage(cat, {}, 'x.count', { n: 2 }), '2 entries.');
  assert.equal(fillMessage({}, cat, 'x.count', { n: 1 }), '1 entry.', 'from English when missing');
  assert.equal(fillMessage(en, {}, 'audit.count', { n: 1 }), '1 entry.');
  assert.equal(fillMessage(hi, {}, 'audit.count', { n: 1 }), '1 प्रविष्टि।');
});
