// Excel workbooks for tests, written by an independent writer (Python's
// openpyxl from Debian): rows from a CSV file (or CSV text), numbers as
// number cells, the rest as text, returned as base64 for an upload.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

// `csv`: { path } or { text }; `sheet`: the data sheet's name; `notes`: a
// first sheet of notes before it; `edit`: Python run on `ws` before saving.
export function workbookBase64({ path, text }, { sheet = 'Villages', notes = '', edit = '' } = {}) {
  const r = spawnSync('/usr/bin/python3', ['-c', `
import csv, io, sys, base64, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
notes = sys.argv[3]
if notes:
    ws.title = 'Notes'
    ws.append([notes])
    ws = wb.create_sheet(sys.argv[2])
else:
    ws.title = sys.argv[2]
src = open(sys.argv[1], encoding='utf-8-sig') if sys.argv[1] else io.StringIO(sys.stdin.read())
for row in csv.reader(src):
    ws.append([int(v) if v.isdigit() and len(v) < 12 else v for v in row])
${edit}
out = io.BytesIO()
wb.save(out)
sys.stdout.write(base64.b64encode(out.getvalue()).decode())
`, path || '', sheet, notes], { input: text ?? '', encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}
