// A village on the water-supply view (/?view=supply&unit=V123): its Har
// Ghar Jal panel (GET /hgj/villages/{code}: status with its reason, what
// is missing before it can be reported, the Gram Sabha's certification and
// the history) with the actions the reader's roles allow (report, upload
// the resolution and the video and submit the certification, the
// district's review), and its schemes and assets with their condition and
// the service level over time (GET /supply/villages/{code}), with forms
// for officers.  After a write the view is read again (ctx.reload) and a
// message says what happened (ctx.flash).

import { h } from '../dom.js';
import { t, getLanguage } from '../i18n.js';
import { ancestry } from '../session.js';
import { todayInIndia } from '../format.js';
import { sup } from './api.js';
import {
  abilities, hgjActions, missingItems, checkDocument, contentTypeOf, formatBytes, progressPct, DOCUMENT_LIMITS,
  reportBody, certificationBody, documentRef, reviewBody, schemeBody, assetBody, conditionBody, serviceLevelBody,
  SCHEME_KINDS, SCHEME_STATUSES, ASSET_TYPES, CONDITIONS,
} from './model.js';
import {
  word, num, day, when, statusTag, conditionTag, facts, figureCard, field, select, formError, runForm, checked,
  formValues, supplyError, lpcdFigure,
} from './ui.js';
import { breadcrumbs, asOfForm } from './place.js';

export async function loadVillage(unit, { asOf }, signal) {
  const [hgj, supply] = await Promise.all([
    sup.hgjVillage(unit.code, { asOf }, { signal }),
    sup.supplyVillage(unit.code, { asOf }, { signal }).catch((e) => {
      if (e.name === 'AbortError') throw e;
      return { error: e };
    }),
  ]);
  return { hgj, supply };
}

const today = () => todayInIndia();

export function paintVillage(unit, data, ctx) {
  const can = abilities(ctx.session, ancestry(unit));
  const parts = [breadcrumbs(unit, ctx.hrefFor), asOfForm(unit, ctx), hgjPanel(unit, data.hgj, can, ctx)];
  if (data.supply?.error) {
    parts.push(h('p', { class: 'notice', id: 'sup-supply-error' }, supplyError(data.supply.error)));
  } else {
    parts.push(schemesPanel(unit, data.supply, can, ctx), serviceLevelPanel(unit, data.supply, can, ctx));
  }
  return parts;
}

// ---- Har Ghar Jal --------------------------------------------------------------

function missingList(readiness, id = 'sup-missing') {
  const items = missingItems(readiness);
  if (!items.length) return null;
  return h('ul', { class: 'sup-list', id }, items.map((m) => h('li', { dataset: { key: m.key } }, t(m.key, {
    ...m.params, n: num(m.params.n), with: num(m.params.with), total: num(m.params.total),
  }))));
}

function readinessBlock(r = {}) {
  const line = (label, w, n) => (typeof n === 'number' ? [label, t('sup.with_tap_of', { with: num(w), total: num(n) })] : [label, null]);
  return h('div', { id: 'sup-readiness', class: 'sup-readiness', dataset: { ready: String(Boolean(r.ready)) } },
    h('h4', null, t('sup.readiness_title')),
    h('p', { class: 'sup-tags' }, r.ready
      ? h('span', { class: 'tag tag-on', dataset: { tag: 'ready' } }, `✓ ${t('sup.ready')}`)
      : h('span', { class: 'tag tag-warn', dataset: { tag: 'not_ready' } }, `! ${t('sup.not_ready')}`)),
    facts([
      line(t('sup.households'), r.households_with_tap, r.households),
      line(t('sup.schools'), r.schools_with_tap, r.schools),
      line(t('sup.anganwadis'), r.anganwadis_with_tap, r.anganwadis),
    ]),
    r.ready ? null : missingList(r));
}

function documentLink(d, kind) {
  const doc = documentRef(d);
  if (!doc) return null;
  return h('a', { href: sup.documentHref(doc.id), class: 'sup-doc', dataset: { kind, id: String(doc.id) }, target: '_blank', rel: 'noopener' },
    t(`sup.doc.open_${kind}`), doc.bytes === null ? null : [' ', h('small', null, `(${formatBytes(doc.bytes)})`)]);
}

// Why the village is where it is: a fall in coverage in the reader's
// words (the server's sentence, with its figures, for English readers),
// or the district's reason for returning, as written.
function reasonText(v) {
  if (v.reason_code === 'coverage_fell' && getLanguage() !== 'en') return t('sup.reason_coverage_fell');
  const reason = v.reason || (v.status === 'returned' ? v.returned_reason : '');
  return reason ? t(v.status === 'returned' ? 'sup.returned_reason' : 'sup.reason', { reason }) : '';
}

function certificationBlock(c) {
  if (!c) return null;
  return h('div', { id: 'sup-certification', class: 'sup-certification' },
    h('h4', null, t('sup.certification_title')),
    facts([
      [t('sup.gram_sabha_on'), day(c.gram_sabha_on)],
      [t('sup.resolution_no'), c.resolution_no],
      [t('sup.submitted_on'), c.submitted_on ? day(c.submitted_on) : null],
      [t('sup.doc_kind.resolution'), documentLink(c.resolution_document, 'resolution')],
      [t('sup.doc_kind.video'), documentLink(c.video_document, 'video')],
    ]));
}

function historyBlock(history) {
  const rows = Array.isArray(history) ? history : [];
  if (!rows.length) return null;
  return h('details', { class: 'sup-history', id: 'sup-history', open: rows.length <= 4 ? true : null },
    h('summary', null, t('sup.history_title', { n: num(rows.length) })),
    h('ol', { class: 'sup-timeline' }, rows.map((e) => h('li', { dataset: { status: e.status } },
      h('span', { class: 'sup-when' }, day(e.on)), ' ', statusTag(e.status),
      e.reason_code === 'coverage_fell' && getLanguage() !== 'en'
        ? h('span', { class: 'sup-reason' }, ` ${t('sup.reason_coverage_fell')}`)
        : (e.reason ? h('span', { class: 'sup-reason' }, ` ${e.reason}`) : null),
      e.by ? h('small', { class: 'sup-sub' }, t('sup.by', { name: e.by, time: when(e.recorded_at) })) : null))));
}

function hgjPanel(unit, v, can, ctx) {
  // Steps are taken today: a past day's view offers none.
  const past = Boolean(ctx.asOf) && ctx.asOf < today();
  const actions = past ? {} : hgjActions(v.status, can);
  const since = v.since ? t('sup.since', { date: day(v.since) }) : null;
  return h('section', {
    id: 'sup-hgj', class: 'panel sup-hgj', 'aria-labelledby': 'sup-hgj-title',
    dataset: { status: v.status || 'in_progress', village: unit.code },
  },
  h('h3', { id: 'sup-hgj-title', class: 'section-title', tabindex: '-1' }, t('sup.hgj_title', { name: unit.name })),
  h('p', { class: 'sup-status-line' }, statusTag(v.status, 'sup-hgj-status'), since ? ` ${since}` : null),
  past ? h('p', { class: 'muted', id: 'sup-past-note' }, t('sup.past_note')) : null,
  reasonText(v) ? h('p', { class: 'notice sup-reason-box', id: 'sup-hgj-reason', dataset: { code: v.reason_code || '' } }, reasonText(v)) : null,
  readinessBlock(v.readiness),
  certificationBlock(v.certification),
  actions.report ? reportForm(unit, v, ctx) : null,
  actions.certify ? certifyForm(unit, v, ctx) : null,
  actions.review ? reviewForm(unit, ctx) : null,
  historyBlock(v.history));
}

function reportForm(unit, v, ctx) {
  const err = formError();
  const form = h('form', { id: 'sup-report-form', class: 'sup-form', novalidate: true },
    h('h4', null, t('sup.report_title')),
    h('p', { class: 'muted' }, t('sup.report_intro')),
    h('div', { class: 'sup-row' },
      field('note', t('sup.report_note'), { type: 'text', maxlength: '500', autocomplete: 'off' }),
      h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button', id: 'sup-report' }, t('sup.report')))),
    err);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const done = await runForm(form, err, async () => {
      const body = checked(reportBody(formValues(form)));
      return sup.report(unit.code, body);
    }, {
      // The refusal, then what is missing in the reader's words.
      describe: (x) => {
        const items = missingItems(v.readiness).map((m) => t(m.key, { ...m.params, n: num(m.params.n), with: num(m.params.with), total: num(m.params.total) }));
        return supplyError(x, items.length && x?.code !== 'permission_denied' ? items.join(' ') : null);
      },
    });
    if (done) {
      ctx.flash(t('sup.flash.reported', { name: unit.name }));
      ctx.reload();
    }
  });
  return form;
}

// A file input that sends its file as soon as it is chosen: the limits
// beside it, a progress bar while it goes, the size and checksum after.
function uploadField(unit, kind, state, ctx) {
  const limit = DOCUMENT_LIMITS[kind];
  const input = h('input', {
    type: 'file', name: `${kind}_file`, id: `sup-file-${kind}`,
    accept: limit.types.join(','),
  });
  const progress = h('progress', { id: `sup-progress-${kind}`, max: '100', hidden: true });
  const status = h('p', { class: 'sup-upload-status', id: `sup-upload-${kind}`, role: 'status', 'aria-live': 'polite' },
    state[kind] ? t('sup.doc.earlier') : null);
  const wrap = h('div', { class: 'field sup-upload', dataset: { field: `${kind}_document`, kind } },
    h('label', { for: input.id }, t(`sup.doc.choose_${kind}`)),
    input,
    h('small', { class: 'muted', id: `sup-limit-${kind}` }, t(`sup.doc.limit_${kind}`, { max: formatBytes(limit.bytes) })),
    progress, status);
  input.setAttribute('aria-describedby', `sup-limit-${kind}`);
  input.addEventListener('change', async () => {
    state[kind] = null;
    wrap.dataset.uploaded = '';
    input.removeAttribute('aria-invalid');
    const file = input.files?.[0];
    if (!file) {
      status.textContent = '';
      return;
    }
    const problem = checkDocument(kind, file);
    if (problem) {
      status.textContent = t(problem.key, problem.params);
      status.className = 'sup-upload-status form-error';
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    status.className = 'sup-upload-status';
    status.textContent = t('sup.doc.sending', { size: formatBytes(file.size) });
    progress.hidden = false;
    progress.removeAttribute('value');
    wrap.setAttribute('aria-busy', 'true');
    state.busy += 1;
    try {
      const doc = await sup.upload(unit.code, kind, file, contentTypeOf(file), {
        onProgress: (loaded, total) => {
          const p = progressPct(loaded, total);
          if (p !== null) progress.value = p;
        },
      });
      state[kind] = doc;
      wrap.dataset.uploaded = String(doc.id);
      status.textContent = t('sup.doc.sent', { size: formatBytes(doc.bytes), sha: String(doc.sha256 || '').slice(0, 12) });
    } catch (e) {
      status.textContent = supplyError(e);
      status.className = 'sup-upload-status form-error';
      input.setAttribute('aria-invalid', 'true');
    } finally {
      state.busy -= 1;
      progress.hidden = true;
      wrap.removeAttribute('aria-busy');
    }
  });
  return wrap;
}

function certifyForm(unit, v, ctx) {
  const err = formError();
  // Submitted again after a return: the earlier files stand unless others
  // are chosen.
  const prev = v.status === 'returned' ? v.certification : null;
  const state = { resolution: documentRef(prev?.resolution_document), video: documentRef(prev?.video_document), busy: 0 };
  const form = h('form', { id: 'sup-certify-form', class: 'sup-form', novalidate: true },
    h('h4', null, t('sup.certify_title')),
    h('p', { class: 'muted' }, t(v.status === 'returned' ? 'sup.certify_again' : 'sup.certify_intro')),
    h('div', { class: 'form-grid' },
      field('gram_sabha_on', t('sup.gram_sabha_on'), { type: 'date', max: today(), value: prev?.gram_sabha_on || '' }),
      field('resolution_no', t('sup.resolution_no'), { type: 'text', maxlength: '80', value: prev?.resolution_no || '', autocomplete: 'off' }),
      uploadField(unit, 'resolution', state, ctx),
      uploadField(unit, 'video', state, ctx),
      h('div', { class: 'field-actions' },
        h('button', { type: 'submit', class: 'button', id: 'sup-certify' }, t('sup.certify')))),
    err);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (state.busy) {
      err.textContent = t('sup.doc.wait');
      err.hidden = false;
      return;
    }
    const f = formValues(form);
    const done = await runForm(form, err, () => sup.certify(unit.code, checked(certificationBody({
      gramSabhaOn: f.gram_sabha_on, resolutionNo: f.resolution_no,
      resolutionId: state.resolution?.id, videoId: state.video?.id,
    }))));
    if (done) {
      ctx.flash(t('sup.flash.submitted', { name: unit.name }));
      ctx.reload();
    }
  });
  return form;
}

function reviewForm(unit, ctx) {
  const err = formError();
  const reason = h('textarea', { name: 'reason', rows: '3', maxlength: '500' });
  const form = h('form', { id: 'sup-review-form', class: 'sup-form', novalidate: true },
    h('h4', null, t('sup.review_title')),
    h('p', { class: 'muted' }, t('sup.review_intro')),
    field('reason', t('sup.return_reason'), reason, { hint: t('sup.return_reason_hint') }),
    h('div', { class: 'field-actions' },
      h('button', { type: 'submit', class: 'button', id: 'sup-accept', value: 'accept' }, t('sup.accept')),
      h('button', { type: 'submit', class: 'button-quiet', id: 'sup-return', value: 'return' }, t('sup.return'))),
    err);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const decision = e.submitter?.value || 'accept';
    const done = await runForm(form, err, () => sup.review(unit.code, checked(reviewBody({ decision, reason: reason.value }))));
    if (done) {
      ctx.flash(t(decision === 'accept' ? 'sup.flash.certified' : 'sup.flash.returned', { name: unit.name }));
      ctx.reload();
    }
  });
  return form;
}

// ---- Schemes and assets ------------------------------------------------------------

function assetHistory(a) {
  const rows = Array.isArray(a.history) ? a.history : [];
  if (!rows.length) return null;
  return h('details', { class: 'sup-asset-history' },
    h('summary', null, t('sup.asset.history', { n: num(rows.length) })),
    h('ol', { class: 'sup-timeline' }, rows.map((r) => h('li', { dataset: { condition: r.condition } },
      h('span', { class: 'sup-when' }, day(r.on)), ' ', conditionTag(r.condition),
      r.note ? h('span', null, ` ${r.note}`) : null,
      r.by ? h('small', { class: 'sup-sub' }, r.by) : null))));
}

function conditionForm(asset, ctx) {
  const err = formError();
  const form = h('form', { class: 'sup-form sup-inline sup-condition-form', novalidate: true, dataset: { asset: String(asset.id) } },
    field('on', t('sup.asset.condition_on'), { type: 'date', value: today(), max: today() }),
    field('condition', t('sup.asset.condition'), select('condition', CONDITIONS.map((c) => [c, word('condition', c)]), { value: asset.condition || 'working' })),
    field('note', t('sup.note'), { type: 'text', maxlength: '300' }),
    h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button-quiet sup-record-condition' }, t('sup.asset.record_condition'))),
    err);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const done = await runForm(form, err, () => sup.addCondition(asset.id, checked(conditionBody(formValues(form)))));
    if (done) {
      ctx.flash(t('sup.flash.condition', { name: asset.name || word('asset_type', asset.type) }));
      ctx.reload();
    }
  });
  return h('details', { class: 'sup-action-details' }, h('summary', null, t('sup.asset.record_condition')), form);
}

function assetItem(unit, a, can, ctx) {
  const cap = typeof a.capacity === 'number' ? `${num(a.capacity, Number.isInteger(a.capacity) ? 0 : 1)}${a.capacity_unit ? ` ${a.capacity_unit}` : ''}` : null;
  return h('li', { class: 'sup-asset', dataset: { asset: String(a.id), type: a.type, condition: a.condition || '' } },
    h('div', { class: 'sup-asset-head' },
      h('strong', null, a.name || word('asset_type', a.type)), ' ',
      h('span', { class: 'muted' }, a.name ? word('asset_type', a.type) : ''), ' ', conditionTag(a.condition)),
    facts([
      // An asset of a multi-village scheme may stand in another village.
      [t('sup.asset.in_village'), a.village?.code && a.village.code !== unit.code ? (a.village.name || a.village.code) : null],
      [t('sup.asset.capacity'), cap],
      [t('sup.asset.commissioned_on'), a.commissioned_on ? day(a.commissioned_on) : null],
      [t('sup.asset.condition_as_of'), a.condition_on ? day(a.condition_on) : null],
    ]),
    assetHistory(a),
    can.condition ? conditionForm(a, ctx) : null);
}

function assetForm(unit, scheme, ctx) {
  const err = formError();
  const form = h('form', { class: 'sup-form sup-asset-form', novalidate: true, dataset: { scheme: String(scheme.id) } },
    h('div', { class: 'form-grid' },
      field('type', t('sup.asset.type'), select('type', ASSET_TYPES.map((c) => [c, word('asset_type', c)]), { blank: t('sup.choose') })),
      field('name', t('sup.asset.name'), { type: 'text', maxlength: '120' }),
      field('village', t('sup.asset.village'), { type: 'text', value: unit.code, maxlength: '40', autocapitalize: 'characters', spellcheck: 'false' }),
      field('capacity', t('sup.asset.capacity'), { type: 'text', inputmode: 'decimal', maxlength: '14' }),
      field('capacity_unit', t('sup.asset.capacity_unit'), { type: 'text', maxlength: '20', placeholder: t('sup.asset.capacity_unit_hint') }),
      field('commissioned_on', t('sup.asset.commissioned_on'), { type: 'date', max: today() }),
      h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button sup-add-asset' }, t('sup.asset.add')))),
    err);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = formValues(form);
    const done = await runForm(form, err, () => sup.addAsset(scheme.id, checked(assetBody({
      type: f.type, name: f.name, village: f.village, capacity: f.capacity, capacityUnit: f.capacity_unit, commissionedOn: f.commissioned_on,
    }))));
    if (done) {
      ctx.flash(t('sup.flash.asset', { name: scheme.name }));
      ctx.reload();
    }
  });
  return h('details', { class: 'sup-action-details' }, h('summary', null, t('sup.asset.add')), form);
}

function schemeCard(unit, s, can, ctx) {
  const assets = Array.isArray(s.assets) ? s.assets : [];
  const names = (list) => (Array.isArray(list) && list.length ? list.map((x) => x.name || x.code || x).join(', ') : null);
  return h('article', { class: 'sup-scheme', dataset: { scheme: String(s.id), code: s.code || '' } },
    h('h4', { class: 'sup-scheme-title' }, `${s.name} (${s.code})`, ' ',
      h('span', { class: 'tag tag-plain', dataset: { status: s.status } }, word('scheme_status', s.status))),
    facts([
      [t('sup.scheme.kind'), word('scheme_kind', s.kind)],
      [t('sup.scheme.sanctioned_on'), day(s.sanctioned_on)],
      [t('sup.scheme.cost'), typeof s.sanction_cost_lakh === 'number' ? t('sup.scheme.lakh', { n: num(s.sanction_cost_lakh, 2) }) : null],
      [t('sup.scheme.commissioned_on'), s.commissioned_on ? day(s.commissioned_on) : null],
      [t('sup.scheme.agency'), s.agency || null],
      [t('sup.scheme.villages'), names(s.villages)],
      [t('sup.scheme.habitations'), names(s.habitations)],
      [t('sup.scheme.sources'), Array.isArray(s.sources) && s.sources.length ? s.sources.join(', ') : null],
    ]),
    h('h5', { class: 'sup-assets-title' }, t('sup.asset.title', { n: num(assets.length) })),
    assets.length ? h('ul', { class: 'sup-assets' }, assets.map((a) => assetItem(unit, a, can, ctx)))
      : h('p', { class: 'muted' }, t('sup.asset.none')),
    can.schemes ? assetForm(unit, s, ctx) : null);
}

function schemeForm(unit, ctx) {
  const err = formError();
  const form = h('form', { id: 'sup-scheme-form', class: 'sup-form', novalidate: true },
    h('div', { class: 'form-grid' },
      field('code', t('sup.scheme.code'), { type: 'text', maxlength: '40', autocapitalize: 'characters', spellcheck: 'false' }),
      field('name', t('sup.scheme.name'), { type: 'text', maxlength: '200' }),
      field('kind', t('sup.scheme.kind'), select('kind', SCHEME_KINDS.map((c) => [c, word('scheme_kind', c)]), { value: 'single_village' })),
      field('villages', t('sup.scheme.villages'), { type: 'text', value: unit.code, spellcheck: 'false' }, { hint: t('sup.codes_hint') }),
      field('habitations', t('sup.scheme.habitations'), { type: 'text', spellcheck: 'false' }, { hint: t('sup.codes_hint') }),
      field('sources', t('sup.scheme.sources'), { type: 'text', spellcheck: 'false' }, { hint: t('sup.codes_hint') }),
      field('sanctioned_on', t('sup.scheme.sanctioned_on'), { type: 'date', max: today() }),
      field('sanction_cost_lakh', t('sup.scheme.cost_lakh'), { type: 'text', inputmode: 'decimal', maxlength: '14' }),
      field('commissioned_on', t('sup.scheme.commissioned_on'), { type: 'date', max: today() }),
      field('agency', t('sup.scheme.agency'), { type: 'text', maxlength: '200' }),
      field('status', t('sup.scheme.status'), select('status', SCHEME_STATUSES.map((c) => [c, word('scheme_status', c)]), { value: 'sanctioned' })),
      h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button', id: 'sup-add-scheme' }, t('sup.scheme.add')))),
    err);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = formValues(form);
    const done = await runForm(form, err, () => sup.addScheme(checked(schemeBody({
      code: f.code, name: f.name, kind: f.kind, villages: f.villages, habitations: f.habitations, sources: f.sources,
      sanctionedOn: f.sanctioned_on, sanctionCostLakh: f.sanction_cost_lakh, commissionedOn: f.commissioned_on,
      agency: f.agency, status: f.status,
    }))));
    if (done) {
      ctx.flash(t('sup.flash.scheme', { name: f.name }));
      ctx.reload();
    }
  });
  return h('details', { class: 'sup-action-details', id: 'sup-scheme-details' }, h('summary', null, t('sup.scheme.add')), form);
}

function schemesPanel(unit, data, can, ctx) {
  const schemes = Array.isArray(data?.schemes) ? data.schemes : [];
  return h('section', { id: 'sup-schemes', class: 'panel sup-schemes', 'aria-labelledby': 'sup-schemes-title' },
    h('h3', { id: 'sup-schemes-title', class: 'section-title' }, t('sup.schemes_title')),
    schemes.length ? schemes.map((s) => schemeCard(unit, s, can, ctx)) : h('p', { class: 'muted', id: 'sup-schemes-none' }, t('sup.scheme.none')),
    can.schemes ? schemeForm(unit, ctx) : null);
}

function serviceLevelPanel(unit, data, can, ctx) {
  const series = Array.isArray(data?.service_level) ? data.service_level : [];
  let form = null;
  if (can.serviceLevel) {
    const err = formError();
    const f = h('form', { id: 'sup-lpcd-form', class: 'sup-form sup-inline', novalidate: true },
      field('on', t('sup.lpcd.on'), { type: 'date', value: today(), max: today() }),
      field('lpcd', t('sup.lpcd.lpcd'), { type: 'text', inputmode: 'decimal', maxlength: '8' }),
      field('note', t('sup.note'), { type: 'text', maxlength: '300' }),
      h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button-quiet', id: 'sup-add-lpcd' }, t('sup.lpcd.add'))),
      err);
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      const done = await runForm(f, err, () => sup.addServiceLevel(unit.code, checked(serviceLevelBody(formValues(f)))));
      if (done) {
        ctx.flash(t('sup.flash.lpcd', { name: unit.name }));
        ctx.reload();
      }
    });
    form = h('details', { class: 'sup-action-details' }, h('summary', null, t('sup.lpcd.add')), f);
  }
  const last = series.length ? series.slice().sort((a, b) => String(a.on).localeCompare(String(b.on))).at(-1) : null;
  return h('section', { id: 'sup-service', class: 'panel', 'aria-labelledby': 'sup-service-title' },
    h('h3', { id: 'sup-service-title', class: 'section-title' }, t('sup.lpcd.title')),
    last ? h('div', { class: 'cards' }, figureCard({
      id: 'sup-card-lpcd', label: t('sup.lpcd.latest'), n: last.lpcd, text: `${num(last.lpcd, 1)} ${t('sup.lpcd.unit')}`,
      detail: t('sup.lpcd.latest_detail', { date: day(last.on) }), accent: last.lpcd >= 55 ? 'teal' : 'amber',
    })) : null,
    lpcdFigure(series, { name: unit.name }),
    form);
}
