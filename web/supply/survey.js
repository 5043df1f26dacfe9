// The functionality survey (/?view=supply&tab=surveys…, tab=results…): the
// rounds (GET /surveys) with the set-up form for national administrators
// and state officers (POST /surveys; the sample is drawn at once), a
// round's sampled villages (GET /surveys/{id}?district=), a village's
// sampled households with the household entry form made for a phone
// (big yes/no toggles, number fields; POST /surveys/{id}/households), and
// the results with confidence intervals for a place and the places below
// it (GET /surveys/{id}/results?place=).

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api as coreApi } from '../api.js';
import { todayInIndia } from '../format.js';
import { sup } from './api.js';
import {
  MEASURES, FRAMES, resultsPlace, QUALITY_METHODS, QUALITY_RESULTS, mayManageSurveys, mayRecordSurvey, surveyBody, householdBody,
  lpcdOf, requestId, formatShare, readEstimate,
} from './model.js';
import {
  word, num, day, facts, field, select, formError, runForm, checked, formValues, ciRow,
} from './ui.js';

const sortRounds = (rows) => rows.slice().sort((a, b) => String(b.period_to || '').localeCompare(String(a.period_to || ''))
  || (b.id ?? 0) - (a.id ?? 0));

// ---- Loading -----------------------------------------------------------------

export async function loadSurveys(q, signal) {
  if (q.round && q.village) {
    const [round, households, unit] = await Promise.all([
      sup.survey(q.round, {}, { signal }),
      sup.surveyVillage(q.round, q.village, { signal }),
      coreApi.unit(q.village, { signal }).catch((e) => {
        if (e.name === 'AbortError') throw e;
        return { code: q.village, name: q.village, path: [] };
      }),
    ]);
    return { kind: 'village', round, unit, households: Array.isArray(households.households) ? households.households : [] };
  }
  if (q.round) {
    const round = await sup.survey(q.round, { district: q.district }, { signal });
    return { kind: 'round', round };
  }
  const body = await sup.surveys({ signal });
  return { kind: 'list', rounds: sortRounds(Array.isArray(body.rows) ? body.rows : []) };
}

export async function loadResults(q, unit, signal) {
  const rounds = sortRounds((await sup.surveys({ signal })).rows || []);
  const id = q.round || rounds[0]?.id;
  if (!id) return { rounds, round: null, results: null };
  const results = await sup.results(id, { place: resultsPlace(unit) }, { signal });
  return { rounds, round: rounds.find((r) => String(r.id) === String(id)) || results.round || { id }, results };
}

// ---- The list of rounds --------------------------------------------------------

function roundFacts(r) {
  return facts([
    [t('sup.survey.period'), t('sup.survey.period_value', { from: day(r.period_from), to: day(r.period_to) })],
    [t('sup.survey.frame'), r.frame ? word('frame', r.frame) : null],
    [t('sup.survey.villages_per_district'), typeof r.villages_per_district === 'number' ? num(r.villages_per_district) : null],
    [t('sup.survey.households_per_village'), typeof r.households_per_village === 'number' ? num(r.households_per_village) : null],
    [t('sup.survey.seed'), r.seed === undefined || r.seed === null ? null : String(r.seed)],
    [t('sup.survey.place'), r.place?.name || (typeof r.place === 'string' ? r.place : null)],
    [t('sup.survey.drawn'), typeof r.villages_drawn === 'number'
      ? t('sup.survey.drawn_value', { villages: num(r.villages_drawn), households: num(r.households_drawn) }) : null],
    [t('sup.survey.recorded'), typeof r.households_recorded === 'number'
      ? t('sup.survey.recorded_of', { n: num(r.households_recorded), total: num(r.households_drawn) }) : null],
  ]);
}

function setupForm(ctx) {
  const err = formError();
  const today = todayInIndia();
  const form = h('form', { id: 'sup-survey-form', class: 'sup-form', novalidate: true },
    h('div', { class: 'form-grid' },
      field('name', t('sup.survey.name'), { type: 'text', maxlength: '200' }),
      field('period_from', t('sup.survey.period_from'), { type: 'date' }),
      field('period_to', t('sup.survey.period_to'), { type: 'date' }),
      field('methodology', t('sup.survey.methodology'), h('textarea', { name: 'methodology', rows: '3', maxlength: '2000' }),
        { hint: t('sup.survey.methodology_hint') }),
      field('place', t('sup.survey.place'), { type: 'text', value: 'IN', maxlength: '40', autocapitalize: 'characters', spellcheck: 'false' },
        { hint: t('sup.survey.place_hint') }),
      field('seed', t('sup.survey.seed'), { type: 'text', inputmode: 'numeric', value: String(Number(today.replace(/-/g, ''))), maxlength: '16' },
        { hint: t('sup.survey.seed_hint') }),
      field('villages_per_district', t('sup.survey.villages_per_district'), { type: 'text', inputmode: 'numeric', value: '5', maxlength: '4' }),
      field('households_per_village', t('sup.survey.households_per_village'), { type: 'text', inputmode: 'numeric', value: '10', maxlength: '4' }),
      field('frame', t('sup.survey.frame'), select('frame', FRAMES.map((f) => [f, word('frame', f)]), { value: 'reported' })),
      h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button', id: 'sup-add-survey' }, t('sup.survey.add')))),
    err);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = formValues(form);
    const round = await runForm(form, err, () => sup.addSurvey(checked(surveyBody({
      name: f.name, periodFrom: f.period_from, periodTo: f.period_to, methodology: f.methodology, place: f.place,
      seed: f.seed, villagesPerDistrict: f.villages_per_district, householdsPerVillage: f.households_per_village, frame: f.frame,
    }))));
    if (round) {
      ctx.flash(t('sup.flash.survey', { name: round.name || f.name }));
      ctx.navigate({ tab: 'surveys', round: String(round.id ?? round.round?.id ?? ''), district: '', village: '' });
    }
  });
  return h('details', { class: 'panel sup-action-details', id: 'sup-survey-setup' },
    h('summary', null, t('sup.survey.setup')), form);
}

function paintList(data, ctx) {
  return [
    h('h3', { id: 'sup-surveys-title', class: 'section-title', tabindex: '-1' }, t('sup.survey.title')),
    h('p', { class: 'muted' }, t('sup.survey.intro')),
    mayManageSurveys(ctx.session) ? setupForm(ctx) : null,
    data.rounds.length === 0 ? h('p', { class: 'muted', id: 'sup-surveys-none' }, t('sup.survey.none'))
      : h('ul', { class: 'sup-rounds', id: 'sup-rounds' }, data.rounds.map((r) => h('li', { class: 'panel', dataset: { round: String(r.id) } },
        h('h4', null, h('a', { href: ctx.hrefFor({ tab: 'surveys', round: String(r.id), district: '', village: '' }), class: 'sup-round-link' }, r.name || `#${r.id}`)),
        roundFacts(r),
        h('p', null, h('a', { href: ctx.resultsHref(r), class: 'sup-results-link' }, t('sup.survey.see_results')))))),
  ];
}

// ---- A round's villages ------------------------------------------------------------

function paintRound(data, ctx) {
  const r = data.round.round || data.round;
  const villages = Array.isArray(data.round.villages) ? data.round.villages : [];
  const districts = [...new Map(villages.map((v) => {
    const d = v.district && typeof v.district === 'object' ? v.district : { code: v.district, name: v.district };
    return [d.code, d];
  })).values()].filter((d) => d.code);
  const recorder = mayRecordSurvey(ctx.session);
  return [
    h('p', null, h('a', { href: ctx.hrefFor({ tab: 'surveys', round: '', district: '', village: '' }), id: 'sup-back-rounds' }, `← ${t('sup.survey.all_rounds')}`)),
    h('h3', { id: 'sup-round-title', class: 'section-title', tabindex: '-1', dataset: { round: String(r.id) } }, r.name || `#${r.id}`),
    roundFacts(r),
    r.methodology ? h('details', { class: 'sup-methodology' }, h('summary', null, t('sup.survey.methodology')), h('p', null, r.methodology)) : null,
    h('p', null, h('a', { href: ctx.resultsHref(r), class: 'sup-results-link' }, t('sup.survey.see_results'))),
    districts.length > 1 || ctx.q.district ? h('div', { class: 'field wq-inline-field' },
      h('label', { for: 'sup-district' }, t('sup.survey.district')),
      (() => {
        const s = select('district', districts.map((d) => [d.code, d.name || d.code]), { value: ctx.q.district, blank: t('sup.survey.all_districts'), id: 'sup-district' });
        s.addEventListener('change', () => ctx.navigate({ district: s.value, village: '' }));
        return s;
      })()) : null,
    h('section', { class: 'panel', id: 'sup-sample', 'aria-labelledby': 'sup-sample-title' },
      h('h4', { id: 'sup-sample-title' }, t('sup.survey.sample_title', { n: num(villages.length) })),
      villages.length === 0 ? h('p', { class: 'muted' }, t('sup.survey.no_villages'))
        : h('table', { class: 'data-table sup-stack', id: 'sup-sample-table' },
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, t('sup.queue.village')),
            h('th', { scope: 'col' }, t('sup.survey.district')),
            h('th', { scope: 'col', class: 'num' }, t('sup.survey.households')),
            h('th', { scope: 'col', class: 'num' }, t('sup.survey.probability')),
            h('th', { scope: 'col', class: 'num' }, t('sup.survey.weight')),
            h('th', { scope: 'col', class: 'num' }, t('sup.survey.recorded')))),
          h('tbody', null, villages.map((v) => h('tr', { dataset: { code: v.code, recorded: String(v.recorded ?? 0) } },
            h('th', { scope: 'row' }, recorder
              ? h('a', { class: 'drill sup-sample-village', href: ctx.hrefFor({ village: v.code }), dataset: { code: v.code } }, v.name || v.code)
              : (v.name || v.code)),
            h('td', { 'data-label': t('sup.survey.district') }, v.district?.name || v.district || '—'),
            h('td', { class: 'num', 'data-label': t('sup.survey.households') }, num(v.households)),
            h('td', { class: 'num', 'data-label': t('sup.survey.probability') }, typeof v.probability === 'number' ? v.probability.toFixed(4) : '—'),
            h('td', { class: 'num', 'data-label': t('sup.survey.weight') }, num(v.weight, 1)),
            h('td', { class: 'num', 'data-label': t('sup.survey.recorded') },
              t('sup.survey.recorded_of', { n: num(v.recorded ?? 0), total: num(v.households_sampled) }))))))),
  ];
}

// ---- A village's households and the entry form ----------------------------------------

// A yes/no question as two big radio buttons.
function toggle(name, label, value = null) {
  const opt = (v, text) => h('label', { class: 'sup-toggle-opt' },
    h('input', { type: 'radio', name, value: v, checked: value === v ? true : null }), h('span', null, text));
  return h('fieldset', { class: 'field sup-toggle', dataset: { field: name } },
    h('legend', null, label),
    h('div', { class: 'sup-toggle-row' }, opt('yes', t('sup.yes')), opt('no', t('sup.no'))));
}

function choice(name, label, options) {
  return h('fieldset', { class: 'field sup-toggle', dataset: { field: name } },
    h('legend', null, label),
    h('div', { class: 'sup-toggle-row' }, options.map(([v, text]) => h('label', { class: 'sup-toggle-opt' },
      h('input', { type: 'radio', name, value: v }), h('span', null, text)))));
}

const bigNumber = (name, label, extra = {}) => field(name, label, {
  type: 'text', inputmode: extra.decimal ? 'decimal' : 'numeric', maxlength: '8', autocomplete: 'off', class: 'sup-big-input', ...extra.props,
}, { hint: extra.hint || null });

function householdForm(data, ctx) {
  const round = data.round.round || data.round;
  const err = formError();
  const households = data.households;
  const next = households.find((x) => !x.response) || households[0];
  const pick = select('household_no', households.map((x) => [String(x.household_no),
    t(x.response ? 'sup.hh.option_done' : 'sup.hh.option', { n: num(x.household_no) })]), { value: next ? String(next.household_no) : '', id: 'sup-hh-no' });
  pick.classList.add('sup-big-input');
  const derived = h('div', { id: 'sup-derived', class: 'sup-derived', role: 'status', 'aria-live': 'polite' });
  const lpcdLive = h('p', { class: 'sup-lpcd-live', id: 'sup-hh-lpcd', 'aria-live': 'polite' });
  const water = h('div', { class: 'sup-hh-water', id: 'sup-hh-water' },
    bigNumber('litres_per_day', t('sup.hh.litres_per_day'), { decimal: true, hint: t('sup.hh.litres_hint') }),
    lpcdLive,
    bigNumber('days_per_week', t('sup.hh.days_per_week'), { hint: t('sup.hh.days_hint') }),
    bigNumber('hours_per_day', t('sup.hh.hours_per_day'), { decimal: true, hint: t('sup.hh.hours_hint') }));
  const quality = h('div', { class: 'sup-hh-quality', id: 'sup-hh-quality' },
    choice('method', t('sup.hh.quality_method'), QUALITY_METHODS.map((m) => [m, word('quality_method', m)])),
    choice('result', t('sup.hh.quality_result'), QUALITY_RESULTS.map((m) => [m, word('quality_result', m)])),
    field('sample', t('sup.hh.sample'), { type: 'text', maxlength: '40', autocomplete: 'off', spellcheck: 'false' }, { hint: t('sup.hh.sample_hint') }));
  let rid = requestId();
  const form = h('form', { id: 'sup-hh-form', class: 'sup-form sup-hh-form', novalidate: true, dataset: { round: String(round.id), village: data.unit.code } },
    h('h4', null, t('sup.hh.title')),
    field('household_no', t('sup.hh.household_no'), pick),
    toggle('tap_present', t('sup.hh.tap_present')),
    toggle('water_last_7_days', t('sup.hh.water_last_7_days')),
    bigNumber('household_size', t('sup.hh.household_size'), { hint: t('sup.hh.size_hint') }),
    water,
    quality,
    h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button sup-big-button', id: 'sup-hh-submit' }, t('sup.hh.submit'))),
    err, derived);
  const yn = (name) => {
    const v = form.querySelector(`input[name="${name}"]:checked`)?.value;
    return v === 'yes' ? true : v === 'no' ? false : null;
  };
  const sync = () => {
    const tap = yn('tap_present');
    const w = yn('water_last_7_days');
    form.querySelector('[data-field="water_last_7_days"]').hidden = tap === false;
    water.hidden = tap === false || w === false;
    const l = lpcdOf(form.elements.litres_per_day.value, form.elements.household_size.value);
    lpcdLive.textContent = l === null ? '' : t('sup.hh.lpcd_live', { n: num(l, 1) });
  };
  form.addEventListener('input', sync);
  form.addEventListener('change', sync);
  // A new household: a new request id (a retry of the same one is a no-op).
  pick.addEventListener('change', () => { rid = requestId(); });
  sync();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = formValues(form);
    const result = await runForm(form, err, () => sup.recordHousehold(round.id, checked(householdBody({
      requestId: rid, village: data.unit.code, householdNo: f.household_no, tapPresent: yn('tap_present'),
      waterLast7Days: yn('water_last_7_days'), litresPerDay: f.litres_per_day, householdSize: f.household_size,
      daysPerWeek: f.days_per_week, hoursPerDay: f.hours_per_day, qualityMethod: f.method, qualityResult: f.result,
      qualitySample: f.sample,
    }))));
    if (result) {
      const d = result.derived || {};
      ctx.flash(t('sup.flash.household', {
        n: num(Number(f.household_no)),
        verdict: t(d.fully_functional ? 'sup.hh.verdict_yes' : 'sup.hh.verdict_no'),
      }));
      ctx.reload();
    }
  });
  return form;
}

function paintVillageHouseholds(data, ctx) {
  const round = data.round.round || data.round;
  const done = data.households.filter((x) => x.response).length;
  return [
    h('p', null, h('a', { href: ctx.hrefFor({ village: '' }), id: 'sup-back-round' }, `← ${round.name || `#${round.id}`}`)),
    h('h3', { id: 'sup-hh-title', class: 'section-title', tabindex: '-1' }, t('sup.hh.village_title', { name: data.unit.name })),
    h('p', { class: 'muted', id: 'sup-hh-count', dataset: { done: String(done), total: String(data.households.length) } },
      t('sup.survey.recorded_of', { n: num(done), total: num(data.households.length) })),
    mayRecordSurvey(ctx.session) && data.households.length ? householdForm(data, ctx) : null,
    h('ul', { class: 'sup-hh-list', id: 'sup-hh-list' }, data.households.map((x) => {
      const d = x.response?.derived || x.response || null;
      return h('li', { dataset: { household: String(x.household_no), recorded: String(Boolean(x.response)) } },
        h('strong', null, t('sup.hh.option', { n: num(x.household_no) })), ' ',
        x.response
          ? h('span', { class: `tag ${d?.fully_functional ? 'tag-on' : 'tag-warn'}` },
            d?.fully_functional ? `✓ ${t('sup.measure.fully_functional')}` : `! ${t('sup.hh.not_fully')}`)
          : h('span', { class: 'muted' }, t('sup.hh.pending')));
    })),
  ];
}

export function paintSurveys(data, ctx) {
  if (data.kind === 'village') return paintVillageHouseholds(data, ctx);
  if (data.kind === 'round') return paintRound(data, ctx);
  return paintList(data, ctx);
}

// ---- Results -------------------------------------------------------------------

export function paintResults(data, ctx) {
  const out = [h('h3', { id: 'sup-results-title', class: 'section-title', tabindex: '-1' }, t('sup.results.title'))];
  if (!data.round) {
    out.push(h('p', { class: 'muted', id: 'sup-results-none' }, t('sup.survey.none')));
    return out;
  }
  const pick = select('round', data.rounds.map((r) => [String(r.id), r.name || `#${r.id}`]), { value: String(data.round.id), id: 'sup-results-round' });
  pick.addEventListener('change', () => ctx.navigate({ tab: 'results', round: pick.value }));
  const res = data.results || {};
  const place = res.place || {};
  const est = res.estimates || {};
  const rows = Array.isArray(res.rows) ? res.rows : [];
  out.push(
    h('div', { class: 'field wq-inline-field' }, h('label', { for: 'sup-results-round' }, t('sup.results.round')), pick),
    h('p', { class: 'muted' }, t('sup.results.intro')),
    h('section', { class: 'panel', id: 'sup-estimates', dataset: { place: place.code || '' }, 'aria-labelledby': 'sup-estimates-title' },
      h('h4', { id: 'sup-estimates-title' }, t('sup.results.place_title', { name: place.name || place.code || '' })),
      h('div', { class: 'sup-cis' }, MEASURES.map((m) => ciRow(m, est[m], { id: `sup-ci-${m}` })))),
  );
  if (rows.length) {
    out.push(h('section', { class: 'panel', id: 'sup-results-children' },
      h('h4', null, t('sup.results.children_title')),
      h('table', { class: 'data-table sup-stack', id: 'sup-results-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('table.name')),
          MEASURES.map((m) => h('th', { scope: 'col', class: 'num' }, word('measure', m))),
          h('th', { scope: 'col', class: 'num' }, t('sup.results.households')))),
        h('tbody', null, rows.map((r) => {
          const e = r.estimates || {};
          const ff = readEstimate(e.fully_functional);
          return h('tr', { dataset: { code: r.code } },
            h('th', { scope: 'row' }, h('a', { class: 'drill', href: ctx.placeHref(r.code), dataset: { code: r.code } }, r.name || r.code)),
            MEASURES.map((m) => {
              const x = readEstimate(e[m]);
              return h('td', { class: 'num', 'data-label': word('measure', m), dataset: { measure: m, share: x ? String(x.share) : '' } },
                x ? formatShare(x.share) : '—',
                x ? h('small', { class: 'sup-sub' }, `${formatShare(x.low)}–${formatShare(x.high)}`) : null);
            }),
            h('td', { class: 'num', 'data-label': t('sup.results.households') }, num(ff?.households ?? null)));
        })))));
  }
  return out;
}
