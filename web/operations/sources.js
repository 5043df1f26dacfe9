// The sources section of a village's committee page (phone-sized): each
// source's groundwater levels before and after the monsoon by year, its
// yields and dry spells, with a form to record a reading, a yield or that
// it dried up; the village's recharge works and greywater structures with
// their forms.  For officers (the queue tab): the sources of their place
// whose post-monsoon level fell, and works by the scheme that paid.
// view.js gives the page's helpers (ctx) and reads the page again after a
// write.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { formatDate, formatIndian, todayInIndia } from '../format.js';
import { ops } from './api.js';
import * as sm from './sources_model.js';

const opts = (values, prefix, chosen) => values.map((v) => h('option', { value: v, selected: v === chosen }, t(`${prefix}.${v}`)));
const metres = (m) => (m === null || m === undefined ? '–' : t('ops.src.m', { m: Number(m).toFixed(2) }));

// ctx: {form, field, details, flash, reload, session, lang}
export function sourcesSection(ctx, code, data) {
  const { form, field, details, flash, reload, session, lang } = ctx;
  const out = h('section', { id: 'ops-sources', class: 'ops-section' }, h('h3', null, t('ops.src.title')));
  const sources = data?.sources || [];
  if (!sources.length) out.append(h('p', { class: 'muted', id: 'ops-no-sources' }, t('ops.src.none')));
  out.append(h('ul', { class: 'ops-complaints', id: 'ops-source-list' }, sources.map((s) => {
    const years = (s.by_year || []).slice().reverse();
    const lastYield = (s.yields || []).at(-1);
    const li = h('li', { class: 'ops-card', dataset: { code: s.code, dry: String(Boolean(s.dry_now)) } },
      h('h4', null, s.name || s.code, ' ', h('span', { class: 'muted' }, `${s.code} · ${t(`wq.source_type.${s.type}`)}`),
        s.dry_now ? h('span', { class: 'ops-tag ops-bad' }, ` ✗ ${t('ops.src.dry_now')}`) : null),
      years.length ? h('table', { class: 'ops-levels' },
        h('caption', { class: 'muted' }, t('ops.src.levels_caption')),
        h('thead', null, h('tr', null, ['year', 'pre', 'post', 'change'].map((k) => h('th', { scope: 'col' }, t(`ops.src.col.${k}`))))),
        h('tbody', null, years.map((y) => {
          const w = sm.fallWords(y.fall_m);
          return h('tr', { dataset: { year: String(y.monsoon_year) } },
            h('th', { scope: 'row' }, String(y.monsoon_year)),
            h('td', { class: 'ops-pre' }, metres(y.pre_monsoon_m)),
            h('td', { class: 'ops-post' }, metres(y.post_monsoon_m)),
            h('td', { class: y.fall_m > 0 ? 'ops-bad' : '' }, w ? t(...w) : '–'));
        }))) : h('p', { class: 'muted' }, t('ops.src.no_levels')),
      lastYield ? h('p', { class: 'ops-yield' }, t('ops.src.yield', { l: formatIndian(lastYield.litres_per_hour), on: formatDate(lastYield.day, lang()) })) : null,
      (s.dry_spells || []).length ? h('ul', { class: 'ops-list' }, s.dry_spells.map((d) => h('li', { dataset: { id: String(d.id) } },
        d.revived_on ? t('ops.src.dried_from_to', { from: formatDate(d.dried_on, lang()), to: formatDate(d.revived_on, lang()) })
          : t('ops.src.dried_since', { from: formatDate(d.dried_on, lang()) }),
        session && !d.revived_on ? h('button', {
          type: 'button', class: 'ops-button ops-secondary', dataset: { revive: String(d.id) }, onclick: async (e) => {
            e.target.disabled = true;
            try {
              await ops.reviveDrySpell(d.id, { revived_on: todayInIndia() });
              flash(t('ops.src.revived'));
              await reload();
            } catch (err) {
              ctx.showMessage(err);
              e.target.disabled = false;
            }
          },
        }, t('ops.src.revive')) : null))) : null);
    if (session) li.append(recordForm(ctx, s));
    return li;
  })));
  out.append(worksPart(ctx, code, data), greywaterPart(ctx, code, data));
  return out;

  function recordForm(c, s) {
    const id = `ops-rec-${s.code}`.replace(/[^A-Za-z0-9_-]/g, '_');
    const what = h('select', { id: `${id}-what`, name: 'what' }, opts(sm.RECORDS, `ops.src.record`, 'level'));
    const day = h('input', { id: `${id}-day`, name: 'day', type: 'date', value: todayInIndia() });
    const season = h('select', { id: `${id}-season`, name: 'season' }, opts(sm.SEASONS, `ops.src.season`, 'post_monsoon'));
    const depth = h('input', { id: `${id}-depth`, name: 'depth_m', type: 'text', inputmode: 'decimal' });
    const litres = h('input', { id: `${id}-litres`, name: 'litres_per_hour', type: 'number', min: 0, inputmode: 'numeric' });
    const note = h('input', { id: `${id}-note`, name: 'note' });
    const fSeason = field('season', t('ops.src.field.season'), season);
    const fDepth = field('depth_m', t('ops.src.field.depth_m'), depth, t('ops.src.depth_hint'));
    const fLitres = field('litres_per_hour', t('ops.src.field.litres_per_hour'), litres);
    const show = () => {
      fSeason.hidden = what.value !== 'level';
      fDepth.hidden = what.value !== 'level';
      fLitres.hidden = what.value !== 'yield';
    };
    what.addEventListener('change', show);
    show();
    return c.details(t('ops.src.record_title'), `${id}-more`, form(id, [
      field('what', t('ops.src.field.what'), what), field('day', t('ops.src.field.day'), day),
      fSeason, fDepth, fLitres, field('note', t('ops.field.note'), note),
    ], t('ops.src.record_submit'), async () => {
      const { part, body } = sm.recordBody(what.value, { day: day.value, season: season.value, depth: depth.value, litres: litres.value, note: note.value });
      await ops.recordSource(s.code, part, body);
      flash(t(`ops.src.recorded.${what.value}`, { source: s.name || s.code }));
      await reload();
    }));
  }
}

function money(ctx, prefix) {
  const { field } = ctx;
  const rupees = h('input', { id: `${prefix}-cost`, name: 'cost_paise', type: 'text', inputmode: 'decimal' });
  const paidBy = h('select', { id: `${prefix}-paid-by`, name: 'paid_by' }, opts(sm.PAID_BY, `ops.src.paid_by`, 'mgnregs'));
  const paidNote = h('input', { id: `${prefix}-paid-note`, name: 'paid_by_note' });
  return {
    rupees, paidBy, paidNote,
    fields: [field('cost_paise', t('ops.src.field.cost'), rupees), field('paid_by', t('ops.src.field.paid_by'), paidBy),
      field('paid_by_note', t('ops.src.field.paid_by_note'), paidNote, t('ops.src.paid_by_note_hint'))],
  };
}

const paidText = (x) => `${t(`ops.src.paid_by.${x.paid_by}`)}${x.paid_by_note ? ` (${x.paid_by_note})` : ''}`;

function worksPart(ctx, code, data) {
  const { form, field, flash, reload, session, lang } = ctx;
  const works = data?.works || [];
  const out = h('div', { id: 'ops-works' }, h('h4', null, t('ops.src.works')));
  out.append(works.length ? h('ul', { class: 'ops-list' }, works.map((w) => h('li', { dataset: { id: String(w.id), kind: w.kind } },
    h('strong', null, t(`ops.src.work.${w.kind}`)), w.source ? ` · ${w.source}` : '', ' · ',
    w.completed_on ? t('ops.bd.from_to', { from: formatDate(w.started_on, lang()), to: formatDate(w.completed_on, lang()) })
      : t('ops.src.since', { from: formatDate(w.started_on, lang()) }),
    ' · ', t('ops.src.rupees', { r: formatIndian(sm.rupees(w.cost_paise)) }), ' · ', paidText(w), w.note ? ` — ${w.note}` : '',
    session && !w.completed_on ? h('button', {
      type: 'button', class: 'ops-button ops-secondary', dataset: { complete: String(w.id) }, onclick: async (e) => {
        e.target.disabled = true;
        try {
          await ops.completeRechargeWork(w.id, { completed_on: todayInIndia() });
          flash(t('ops.src.work_completed'));
          await reload();
        } catch (err) {
          ctx.showMessage(err);
          e.target.disabled = false;
        }
      },
    }, t('ops.src.complete')) : null)))
    : h('p', { class: 'muted' }, t('ops.src.no_works')));
  if (!session) return out;
  const kind = h('select', { id: 'ops-work-kind', name: 'kind' }, opts(sm.WORK_KINDS, `ops.src.work`, 'recharge_pit'));
  const source = h('select', { id: 'ops-work-source', name: 'source' }, h('option', { value: '' }, t('ops.src.whole_village')),
    (data?.sources || []).map((s) => h('option', { value: s.code }, s.name || s.code)));
  const started = h('input', { id: 'ops-work-started', name: 'started_on', type: 'date', value: todayInIndia() });
  const done = h('input', { id: 'ops-work-completed', name: 'completed_on', type: 'date' });
  const note = h('input', { id: 'ops-work-note', name: 'note' });
  const m = money(ctx, 'ops-work');
  out.append(ctx.details(t('ops.src.add_work'), 'ops-add-work', form('ops-work-form', [
    field('kind', t('ops.src.field.kind'), kind), field('source', t('ops.src.field.source'), source),
    field('started_on', t('ops.field.started_on'), started), field('completed_on', t('ops.src.field.completed_on'), done),
    ...m.fields, field('note', t('ops.field.note'), note),
  ], t('ops.src.add_work'), async () => {
    await ops.addRechargeWork(sm.workBody({
      village: code, source: source.value, kind: kind.value, startedOn: started.value, completedOn: done.value,
      rupees: m.rupees.value, paidBy: m.paidBy.value, paidByNote: m.paidNote.value, note: note.value,
    }));
    flash(t('ops.src.work_added'));
    await reload();
  })));
  return out;
}

function greywaterPart(ctx, code, data) {
  const { form, field, flash, reload, session, lang } = ctx;
  const list = data?.greywater || [];
  const out = h('div', { id: 'ops-greywater' }, h('h4', null, t('ops.src.greywater')));
  out.append(list.length ? h('ul', { class: 'ops-list' }, list.map((g) => h('li', { dataset: { id: String(g.id), kind: g.kind } },
    h('strong', null, `${formatIndian(g.count)} × ${t(`ops.src.grey.${g.kind}`)}`), ' · ',
    t('ops.bd.households', { n: formatIndian(g.households_served) }), ' · ', formatDate(g.completed_on, lang()), ' · ',
    t('ops.src.rupees', { r: formatIndian(sm.rupees(g.cost_paise)) }), ' · ', paidText(g))))
    : h('p', { class: 'muted' }, t('ops.src.no_greywater')));
  if (!session) return out;
  const kind = h('select', { id: 'ops-grey-kind', name: 'kind' }, opts(sm.GREYWATER_KINDS, `ops.src.grey`, 'soak_pit'));
  const count = h('input', { id: 'ops-grey-count', name: 'count', type: 'number', min: 1, inputmode: 'numeric' });
  const hh = h('input', { id: 'ops-grey-households', name: 'households_served', type: 'number', min: 0, inputmode: 'numeric' });
  const done = h('input', { id: 'ops-grey-completed', name: 'completed_on', type: 'date', value: todayInIndia() });
  const m = money(ctx, 'ops-grey');
  out.append(ctx.details(t('ops.src.add_greywater'), 'ops-add-greywater', form('ops-grey-form', [
    field('kind', t('ops.src.field.kind'), kind), field('count', t('ops.src.field.count'), count),
    field('households_served', t('ops.field.households'), hh), field('completed_on', t('ops.src.field.completed_on'), done),
    ...m.fields,
  ], t('ops.src.add_greywater'), async () => {
    await ops.addGreywater(sm.greywaterBody({
      village: code, kind: kind.value, count: count.value, households: hh.value, completedOn: done.value,
      rupees: m.rupees.value, paidBy: m.paidBy.value, paidByNote: m.paidNote.value,
    }));
    flash(t('ops.src.greywater_added'));
    await reload();
  })));
  return out;
}

// The officer's list: sources of the place whose post-monsoon level fell
// by more than the threshold, and works by the scheme that paid.
export function fallingSection(ctx, summary, threshold, onThreshold) {
  const { href, lang } = ctx;
  const out = h('section', { id: 'ops-falling', class: 'ops-section' }, h('h3', null, t('ops.src.falling_title')));
  const input = h('input', { id: 'ops-falling-threshold', name: 'threshold_m', type: 'text', inputmode: 'decimal', value: String(threshold) });
  out.append(ctx.form('ops-falling-form', [ctx.field('threshold_m', t('ops.src.field.threshold'), input)], t('ops.src.apply'), async () => {
    await onThreshold(input.value.trim().replace(',', '.'));
  }));
  if (!summary) return out;
  const rows = summary.falling || [];
  out.append(h('p', { id: 'ops-falling-count', dataset: { count: String(summary.falling_count) } },
    t('ops.src.falling_count', { n: formatIndian(summary.falling_count), m: summary.threshold_m })));
  if (rows.length) {
    out.append(h('ul', { id: 'ops-falling-list', class: 'ops-list' }, rows.map((f) => h('li', { dataset: { source: f.source } },
      h('a', { href: href('operations', { place: f.village?.code }) }, f.village?.name || ''), ` · ${f.source} · `,
      t('ops.src.falling_row', {
        year: f.monsoon_year, from: f.previous.depth_m.toFixed(2), to: f.latest.depth_m.toFixed(2), m: f.fall_m.toFixed(2),
      }), ' ', h('span', { class: 'muted' }, formatDate(f.latest.day, lang()))))));
  }
  const tot = summary.totals || {};
  out.append(h('h4', null, t('ops.src.works_by_scheme')),
    h('ul', { id: 'ops-works-by-scheme', class: 'ops-list' }, sm.PAID_BY.map((k) => {
      const w = tot.works_by_paid_by?.[k] || {};
      const g = tot.greywater_by_paid_by?.[k] || {};
      return h('li', { dataset: { scheme: k } }, h('strong', null, t(`ops.src.paid_by.${k}`)), ': ',
        t('ops.src.scheme_row', {
          works: formatIndian(w.count || 0), wr: formatIndian(sm.rupees(w.cost_paise)),
          grey: formatIndian(g.count || 0), gr: formatIndian(sm.rupees(g.cost_paise)),
        }));
    })));
  return out;
}
