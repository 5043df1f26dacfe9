import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultMeta } from './search.js';

test('a result is told apart by its level and the places above it, nearest first', () => {
  const tr = (k) => ({ 'level.village': 'Village', 'level.state': 'State' }[k] ?? k);
  const r = { level: 'village', within: [{ name: 'Amarsar' }, { name: 'Bhimgarh' }, { name: 'Gopalgarh' }, { name: 'Andhra Pradesh' }] };
  assert.equal(resultMeta(r, tr), 'Village · Amarsar · Bhimgarh · Gopalgarh · Andhra Pradesh');
  assert.equal(resultMeta({ level: 'state', within: [] }, tr), 'State');
  assert.equal(resultMeta({ level: 'state' }, tr), 'State', 'an answer without within');
});
