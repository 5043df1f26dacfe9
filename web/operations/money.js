// O&M money on the committee's page and on the page by place: the months
// with demanded, collected, efficiency, spent and the fund's balance; the
// form to record (or correct) a month; the CSV upload with every rejected
// row shown; the collection efficiency by place.  Amounts come from the
// server in paise and are shown in rupees.  view.js calls moneySection and
// moneyPlaceSection with its own helpers (form, field, flash, reload).

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { formatIndian } from '../format.js';
import { getJson, send } from '../api.js';
import { fileMembers, TABLE_FILES } from '../upload.js';

const enc = encodeURIComponent;

export const money = {
  accounts: (code, opts) => getJson(`/committees/${enc(code)}/accounts`, {}, opts),
  record: (code, body) => send('POST', `/committees/${enc(code)}/accounts`, body),
  summary: (place, opts) => getJson('/om-accounts/summary', { place }, opts),
  importCsv: (body) => send('POST', '/imports/om-accounts', body),
};

export const HEADS = Object.freeze(['operator_pay', 'electricity', 'repairs', 'chemicals', 'other']);

// "1,250.50" -> 125050; "" -> 0 when `empty` is 0; anything else unread is
// passed on as typed, for the server to refuse by its field.
export function toPaise(text, empty = 0) {
  const s = String(text ?? '').trim().replace(/,/g, '');
  if (s === '') return empty;
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return s;
  const [r, p = ''] = s.split('.');
  return Number(r) * 100 + Number(p.padEnd(2, '0'));
}

// 125050 -> "₹1,250.50"; whole rupees without paise; a deficit with "−".
export function rupees(paise) {
  if (paise === null || paise === undefined) return '—';
  const neg = paise < 0;
  const v = Math.abs(paise);
  const text = v % 100 === 0 ? formatIndian(v / 100) : formatIndian(v / 100, 2);
  return `${neg ? '−' : ''}₹${text}`;
}

export const percent = (e) => `${Math.round((e || 0) * 100)}%`;

// POST /committees/{code}/accounts from the form's texts.
export function accountBody({ month, households, tariff, collected, spent = {}, note }) {
  const hh = String(households ?? '').trim();
  const b = {
    month: String(month || '').trim(),
    households: /^\d+$/.test(hh) ? Number(hh) : hh,
    tariff_paise: toPaise(tariff, ''),
    collected_paise: toPaise(collected, ''),
    spent_paise: {},
  };
  for (const k of HEADS) b.spent_paise[k] = toPaise(spent[k]);
  if (String(note || '').trim()) b.note = String(note).trim();
  return b;
}

// The committee's section: `accounts` from GET .../accounts (or null).
export function moneySection({ code, accounts, session, form, field, flash, reload }) {
  const months = accounts?.months || [];
  const out = h('section', { id: 'ops-money', class: 'ops-section' }, h('h3', null, t('ops.om.title')));
  if (!months.length) {
    out.append(h('p', { class: 'muted', id: 'ops-money-none' }, t('ops.om.none')));
  } else {
    const tot = accounts.totals || {};
    out.append(
      h('p', { id: 'ops-money-totals', dataset: { efficiency: String(tot.efficiency ?? 0), closing: String(tot.closing_paise ?? 0) } },
        t('ops.om.totals', {
          eff: percent(tot.efficiency), collected: rupees(tot.collected_paise), demanded: rupees(tot.demanded_paise),
          balance: rupees(tot.closing_paise),
        })),
      h('div', { class: 'ops-money-wrap' }, h('table', { id: 'ops-money-table', class: 'ops-money-table' },
        h('thead', null, h('tr', null, ['month', 'demanded', 'collected', 'efficiency', 'spent', 'balance']
          .map((k) => h('th', { scope: 'col' }, t(`ops.om.${k}`))))),
        h('tbody', null, months.slice().reverse().map((x) => h('tr', {
          dataset: { month: x.month, closing: String(x.closing_paise), version: String(x.version) },
          class: x.deficit ? 'ops-deficit' : null,
        },
        h('th', { scope: 'row' }, x.month, x.version > 1 ? h('span', { class: 'muted' }, ` (${t('ops.om.corrected')})`) : null),
        h('td', null, rupees(x.demanded_paise)),
        h('td', null, rupees(x.collected_paise)),
        h('td', null, percent(x.efficiency)),
        h('td', null, rupees(x.spent_paise)),
        h('td', { class: 'ops-balance' }, x.deficit ? `! ${rupees(x.closing_paise)}` : rupees(x.closing_paise))))))));
  }
  if (!session) return out;
  // Record (or correct) a month.
  const input = (id, name, attrs = {}) => h('input', { id, name, inputmode: 'decimal', ...attrs });
  const month = input('ops-om-month', 'month', { type: 'month', inputmode: null, placeholder: 'YYYY-MM' });
  const hh = input('ops-om-households', 'households', { type: 'number', min: 0, inputmode: 'numeric' });
  const tariff = input('ops-om-tariff', 'tariff_paise');
  const collected = input('ops-om-collected', 'collected_paise');
  const heads = Object.fromEntries(HEADS.map((k) => [k, input(`ops-om-${k}`, `spent_paise.${k}`)]));
  const note = input('ops-om-note', 'note', { inputmode: null });
  const last = months[months.length - 1];
  if (last) {
    hh.value = String(last.households);
    tariff.value = String(last.tariff_paise / 100);
  }
  out.append(h('details', { class: 'ops-more', id: 'ops-add-account' }, h('summary', null, t('ops.om.add')),
    form('ops-om-form', [
      field('month', t('ops.om.month'), month, t('ops.om.month_hint')),
      field('households', t('ops.om.households'), hh),
      field('tariff_paise', t('ops.om.tariff'), tariff),
      field('collected_paise', t('ops.om.collected_rs'), collected),
      ...HEADS.map((k) => field(`spent_paise.${k}`, t(`ops.om.head.${k}`), heads[k])),
      field('note', t('ops.om.note'), note, t('ops.om.note_hint')),
    ], t('ops.om.save'), async () => {
      const spent = Object.fromEntries(HEADS.map((k) => [k, heads[k].value]));
      await money.record(code, accountBody({
        month: month.value, households: hh.value, tariff: tariff.value, collected: collected.value, spent, note: note.value,
      }));
      flash(t('ops.om.saved', { month: month.value }));
      await reload();
    })));
  // The CSV upload: a check first, then the import.
  const file = h('input', { id: 'ops-om-file', name: 'file', type: 'file', accept: TABLE_FILES });
  const sheet = h('input', { id: 'ops-om-sheet', name: 'sheet', type: 'text', autocomplete: 'off' });
  const commit = h('input', { id: 'ops-om-commit', type: 'checkbox' });
  const report = h('div', { id: 'ops-om-report', 'aria-live': 'polite' });
  out.append(h('details', { class: 'ops-more', id: 'ops-om-upload' }, h('summary', null, t('ops.om.upload')),
    h('p', { class: 'muted' }, t('ops.om.upload_hint')),
    form('ops-om-csv', [
      field('file', t('ops.om.file'), file),
      field('sheet', t('upload.sheet'), sheet, t('upload.sheet_hint')),
      h('div', { class: 'field ops-check' }, commit, h('label', { for: 'ops-om-commit' }, t('ops.om.commit'))),
    ], t('ops.om.check'), async () => {
      const f = file.files?.[0];
      if (!f) throw Object.assign(new Error('file'), { key: 'ops.om.no_file', field: 'file' });
      const r = await money.importCsv({ ...(await fileMembers(f, sheet.value)), commit: commit.checked });
      report.replaceChildren(importReport(r));
      if (r.committed) {
        flash(t('ops.om.imported', { n: r.counts?.accounts ?? 0 }));
        await reload();
      }
    }), report));
  return out;
}

function importReport(r) {
  const rej = r.rejections || [];
  return h('div', { class: 'ops-card', dataset: { committed: String(Boolean(r.committed)), rejected: String(r.rows_rejected ?? 0) } },
    h('p', { id: 'ops-om-report-summary' }, t(r.committed ? 'ops.om.report_done' : 'ops.om.report_dry', {
      read: r.rows_read ?? 0, accepted: r.rows_accepted ?? 0, rejected: r.rows_rejected ?? 0,
    })),
    rej.length ? h('ul', { id: 'ops-om-rejections', class: 'ops-list' }, rej.map((x) => h('li', { dataset: { row: String(x.row), column: x.column } },
      x.cell ? t('ops.om.rejection_cell', { cell: x.cell, column: x.column, value: x.value || '—' })
        : t('ops.om.rejection', { row: x.row, column: x.column, value: x.value || '—' }), ' — ', x.reason))) : null);
}

// Collection efficiency by place: `s` from GET /om-accounts/summary.
export function moneyPlaceSection(s, href) {
  if (!s) return null;
  const row = (x, link) => h('tr', { dataset: { code: x.place?.code || '', efficiency: String(x.efficiency) } },
    h('th', { scope: 'row' }, link ? h('a', { href: href(x.place?.code) }, x.place?.name || '') : (x.place?.name || '')),
    h('td', null, rupees(x.demanded_paise)), h('td', null, rupees(x.collected_paise)),
    h('td', null, percent(x.efficiency)), h('td', null, rupees(x.spent_paise)));
  return h('section', { id: 'ops-money-places', class: 'ops-section' },
    h('h3', null, t('ops.om.by_place')),
    s.total?.accounts ? h('div', { class: 'ops-money-wrap' }, h('table', { class: 'ops-money-table' },
      h('thead', null, h('tr', null, ['place', 'demanded', 'collected', 'efficiency', 'spent']
        .map((k) => h('th', { scope: 'col' }, t(`ops.om.${k}`))))),
      h('tbody', null, row(s.total, false), (s.places || []).map((x) => row(x, true)))))
      : h('p', { class: 'muted' }, t('ops.om.none')));
}
