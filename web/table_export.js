// "Download as CSV · XLSX · PDF" for a table the page shows: the page sends
// the table it drew (POST /api/v1/exports, the server looks nothing
// up) with its place, date and filters, and the server writes the file with
// the heading and generation time of the J-formats.  Used by the
// dashboard's table of places and the audit trail.

import { h } from './dom.js';
import { t, getLanguage } from './i18n.js';
import { getCsrfToken, ApiError } from './api.js';
import { errorMessage } from './errors.js';

const FORMATS = ['csv', 'xlsx', 'pdf'];

// Posts `table` and saves the answer as a file.
export async function downloadTable(table, format, lang = getLanguage()) {
  const headers = { 'Content-Type': 'application/json' };
  const csrf = getCsrfToken();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const q = new URLSearchParams({ format, lang });
  let res;
  try {
    res = await fetch(`/api/v1/exports?${q}`, {
      method: 'POST', headers, body: JSON.stringify(table), credentials: 'same-origin', cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  if (!res.ok) {
    let err = {};
    try { err = (await res.json()).error || {}; } catch { /* not JSON */ }
    throw new ApiError(res.status, err.code || 'http', err.message || '', err.field || null);
  }
  const blob = await res.blob();
  const m = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '');
  const a = h('a', { href: URL.createObjectURL(blob), download: m ? m[1] : `table.${format}` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

// Buttons that download what `getTable()` gives ({title, title_hi, name,
// head, columns, rows}); `id` prefixes their ids ("children-export").
export function exportButtons(id, getTable) {
  const status = h('span', { id: `${id}-status`, class: 'export-status', role: 'status' });
  const buttons = FORMATS.map((f) => h('button', {
    id: `${id}-${f}`,
    type: 'button',
    class: 'button-small',
    dataset: { format: f },
    'aria-label': t('export.as', { format: f.toUpperCase() }),
    onclick: async (e) => {
      const b = e.currentTarget;
      b.disabled = true;
      status.textContent = t('export.making');
      try {
        await downloadTable(getTable(), f);
        status.textContent = '';
      } catch (err) {
        status.textContent = t('export.failed', { message: errorMessage(err) });
      } finally {
        b.disabled = false;
      }
    },
  }, f.toUpperCase()));
  return h('div', { id, class: 'export-buttons' }, h('span', { class: 'muted' }, t('export.label')), buttons, status);
}

// Parses a figure as drawn ("1,23,456", "45.5%", "—") -> number or null;
// anything else stays text.
export function parseShown(text) {
  const s = String(text ?? '').trim();
  if (s === '' || s === '—' || s === '-') return null;
  const m = /^(-?[\d,]+(?:\.\d+)?)\s*%?$/.exec(s);
  if (!m) return s;
  const n = Number(m[1].replace(/,/g, ''));
  return Number.isFinite(n) ? n : s;
}

// A drawn <table> as the export's columns and rows: headings from its
// <thead>, cells as shown (figures in `.num` cells as numbers, percent
// where the heading says %), rows of its <tfoot> as the total.  Rows that
// only say "none" (a single cell spanning the table) are left out.
export function tableFromDom(table, meta = {}) {
  const heads = [...table.querySelectorAll('thead th')];
  const rowsOf = (sel) => [...table.querySelectorAll(sel)]
    .map((tr) => [...tr.children])
    .filter((cells) => cells.length === heads.length);
  const body = rowsOf('tbody tr');
  const foot = rowsOf('tfoot tr');
  const columns = heads.map((th, i) => {
    const title = th.textContent.trim();
    const figures = [...body, ...foot].map((cells) => cells[i]).filter((c) => c.classList.contains('num'));
    if (!figures.length && !th.classList.contains('num')) return { title };
    const values = figures.map((c) => parseShown(c.textContent)).filter((v) => v !== null);
    const pct = /%/.test(title) || figures.some((c) => /%\s*$/.test(c.textContent));
    if (values.some((v) => typeof v !== 'number')) return { title };
    if (pct) return { title, kind: 'percent' };
    return { title, kind: values.every(Number.isInteger) ? 'count' : 'decimal' };
  });
  const cellsOf = (cells) => cells.map((c, i) => {
    const text = c.textContent.replace(/\s+/g, ' ').trim();
    if (!columns[i].kind) return text === '—' ? null : text;
    return parseShown(text.replace(/\s*\/\s*[\d,]+$/, ''));
  });
  return {
    ...meta,
    columns,
    rows: [...body.map(cellsOf), ...foot.map((cells) => ({ kind: 'total', cells: cellsOf(cells) }))],
  };
}
