import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWorkbook, toBase64, fileMembers } from './upload.js';

test('a workbook is told by its first bytes, not its name', async () => {
  const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 255]);
  assert.equal(isWorkbook(zip), true);
  assert.equal(isWorkbook(new TextEncoder().encode('PK,1,2')), false);
  const m = await fileMembers(new File([zip], 'named.csv'), ' Sheet2 ');
  assert.deepEqual(m, { file_base64: Buffer.from(zip).toString('base64'), filename: 'named.csv', sheet: 'Sheet2' });
});

test('CSV travels as text, Devanagari intact, and no sheet unless given', async () => {
  const m = await fileMembers(new File(['village,month\nगाँव,2025-04\n'], 'a.csv'), '  ');
  assert.deepEqual(m, { file: 'village,month\nगाँव,2025-04\n', filename: 'a.csv' });
});

test('base64 of a large file equals Node\'s, across the slices', () => {
  const big = new Uint8Array(100003);
  for (let i = 0; i < big.length; ++i) big[i] = (i * 7919) & 255;
  assert.equal(toBase64(big), Buffer.from(big).toString('base64'));
  assert.equal(toBase64(new Uint8Array(0)), '');
});
