// A lab's pages (/?view=quality&tab=lab), for lab_analyst users: the
// sample register of their lab with a status filter (GET
// /quality/samples?lab=&status=), receiving a sample, result entry (a form
// per sample with the parameters the lab tests, each with its unit and
// limits beside the value, graded as it is typed by POST /quality/grade,
// debounced, which writes nothing), recording (a "tested" event with the
// results, then "final"), sending for retest, and the retest queue.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { ApiError } from '../api.js';
import { errorMessage, fieldLabel } from '../errors.js';
import { todayInIndia } from '../format.js';
import { wq } from './api.js';
import {
  labsOf, readStandard, labParameters, resultsOf, gradeRequest, gradesByParameter, testedEvent,
  stepEvent, refOf, sampleStatus, nextSteps, SAMPLE_STATUSES, debounce, worstGrade, isDate,
} from './model.js';
import { word, day, gradeTag, limitText, paramLabel, facts, tag } from './ui.js';

export const GRADE_DELAY_MS = 300;

function listOf(json) {
  if (Array.isArray(json)) return json;
  return Array.isArray(json?.samples) ? json.samples : [];
}

function sampleOf(json) {
  if (json?.sample && typeof json.sample === 'object') {
    return { ...json.sample, events: json.events ?? json.sample.events, results: json.results ?? json.sample.results };
  }
  return json || {};
}

// {labs, labId, lab, samples, retests, sample?, standard?}
export async function loadLab(q, session, signal, standardP) {
  const labs = labsOf(session);
  const labId = q.lab && labs.some((l) => l.id === q.lab) ? q.lab : (labs[0]?.id || q.lab || '');
  const out = {
    labs, labId, lab: null, samples: [], retests: [], sample: null, standard: null, code: '', nextBefore: null,
  };
  if (!labId) return out;
  const labP = wq.lab(labId, { signal }).catch((e) => {
    if (e.name === 'AbortError') throw e;
    return null; // the register still works without the lab's details
  });
  // The register names the lab by its code.
  const code = labs.find((l) => l.id === labId)?.code || labId;
  out.code = code;
  const samplesP = wq.samples({ lab: code, status: q.status }, { signal });
  const retestsP = wq.samples({ lab: code, status: 'retest' }, { signal });
  samplesP.catch(() => {});
  retestsP.catch(() => {});
  out.lab = await labP;
  const first = await samplesP;
  out.samples = listOf(first);
  out.nextBefore = first?.next_before_id ?? null;
  out.retests = listOf(await retestsP);
  if (q.sample) {
    out.sample = sampleOf(await wq.sample(q.sample, { signal }));
    out.standard = readStandard(await standardP, out.sample.collected_on || '');
  }
  return out;
}

function labName(data) {
  const l = data.lab?.lab || data.lab;
  const mine = data.labs.find((x) => x.id === data.labId);
  return l?.name || mine?.name || mine?.code || `#${data.labId}`;
}

// ctx: {q, navigate(patch), hrefFor(patch), flash(text), reload()}
export function paintLab(data, ctx) {
  if (!data.labId) return [h('p', { class: 'notice', id: 'wq-lab-none' }, t('wq.lab.no_lab'))];
  const message = h('p', { id: 'wq-lab-error', class: 'form-error', role: 'alert', hidden: true });
  const showError = (e) => {
    message.textContent = errorMessage(e);
    message.hidden = false;
    message.focus?.();
  };
  const parts = [];
  parts.push(h('h3', { id: 'wq-lab-title', class: 'section-title', tabindex: '-1' }, t('wq.lab.title', { name: labName(data) })));
  if (data.labs.length > 1) {
    const sel = h('select', { id: 'wq-lab-select' },
      data.labs.map((l) => h('option', { value: l.id, selected: l.id === data.labId }, l.name || l.code || `#${l.id}`)));
    sel.addEventListener('change', () => ctx.navigate({ lab: sel.value, sample: '' }));
    parts.push(h('div', { class: 'field wq-inline-field' }, h('label', { for: 'wq-lab-select' }, t('wq.lab.choose')), sel));
  }
  parts.push(message);
  if (data.sample) parts.push(paintEntry(data, ctx));
  parts.push(paintRegister(data, ctx, showError));
  parts.push(paintRetests(data));
  return parts;
}

// ---- The register ------------------------------------------------------------

async function step(sample, kind, ctx, showError, button) {
  button.disabled = true;
  try {
    await wq.event(sample.id, stepEvent(kind, { on: todayInIndia() }));
    ctx.flash(t(`wq.lab.done_${kind}`, { code: sample.code || sample.id }));
    ctx.reload();
  } catch (e) {
    button.disabled = false;
    if (!(e instanceof ApiError)) console.error(e);
    showError(e);
  }
}

function actionsFor(sample, ctx, showError) {
  const status = sampleStatus(sample);
  const out = [];
  for (const next of nextSteps(status)) {
    if (next === 'refused') continue;
    if (next === 'tested') {
      out.push(h('a', { class: 'button button-small-link wq-enter', href: ctx.hrefFor({ sample: String(sample.id) }), dataset: { sample: String(sample.id) } },
        t('wq.lab.enter')));
      continue;
    }
    const b = h('button', { type: 'button', class: next === 'received' || next === 'final' ? 'button' : 'button-quiet', dataset: { step: next, sample: String(sample.id) } },
      t(`wq.lab.step_${next}`));
    b.addEventListener('click', () => step(sample, next, ctx, showError, b));
    out.push(b);
  }
  return out;
}

function sampleRow(s, ctx, showError) {
  const status = sampleStatus(s);
  const village = refOf(s, 'village');
  const source = refOf(s, 'source');
  return h('tr', { dataset: { sample: String(s.id), code: s.code || '', status } },
    h('th', { scope: 'row' }, s.code || `#${s.id}`,
      s.reason && s.reason !== 'routine' ? [' ', tag(word('sample_reason', s.reason), 'warn')] : null),
    h('td', { 'data-label': t('wq.col.place') }, village?.name || '—',
      source ? h('small', { class: 'wq-sub' }, source.name && source.name !== source.code ? `${source.name} (${source.code})` : source.code)
        : h('small', { class: 'wq-sub' }, word('point_kind', s.point_kind))),
    h('td', { 'data-label': t('wq.collected_on') }, day(s.collected_on)),
    h('td', { 'data-label': t('wq.col.status') }, h('span', { class: 'wq-status', dataset: { status } }, word('status', status))),
    h('td', { class: 'actions-cell', 'data-label': t('wq.col.actions') }, actionsFor(s, ctx, showError)));
}

function paintRegister(data, ctx, showError) {
  const sel = h('select', { id: 'wq-status-filter' },
    h('option', { value: '' }, t('wq.lab.all_statuses')),
    SAMPLE_STATUSES.map((s) => h('option', { value: s, selected: ctx.q.status === s }, word('status', s))));
  sel.addEventListener('change', () => ctx.navigate({ status: sel.value, sample: '' }));
  return h('section', { id: 'wq-register', class: 'panel', 'aria-labelledby': 'wq-register-title' },
    h('h3', { id: 'wq-register-title', class: 'section-title' }, t('wq.lab.register')),
    h('div', { class: 'field wq-inline-field' }, h('label', { for: 'wq-status-filter' }, t('wq.col.status')), sel),
    data.samples.length === 0 ? h('p', { class: 'muted', id: 'wq-register-empty' }, t('wq.lab.no_samples'))
      : h('table', { id: 'wq-register-table', class: 'data-table wq-stack' },
        h('thead', null, h('tr', null,
          ['wq.sample', 'wq.col.place', 'wq.collected_on', 'wq.col.status', 'wq.col.actions']
            .map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', null, data.samples.map((s) => sampleRow(s, ctx, showError)))),
    data.nextBefore ? moreButton('wq-register-more', async () => {
      const more = await wq.samples({ lab: data.code, status: ctx.q.status, beforeId: data.nextBefore });
      data.samples.push(...listOf(more));
      data.nextBefore = more?.next_before_id ?? null;
    }, ctx, showError) : null);
}

// "Show older …": loads the next page into `data` and draws again.
export function moreButton(id, loadMore, ctx, showError) {
  const b = h('button', { id, type: 'button', class: 'button-quiet wq-more' }, t('wq.more'));
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await loadMore();
      ctx.repaint();
    } catch (e) {
      b.disabled = false;
      if (!(e instanceof ApiError)) console.error(e);
      showError(e);
    }
  });
  return h('div', { class: 'more-row' }, b);
}

function paintRetests(data) {
  return h('section', { id: 'wq-retests', class: 'panel', 'aria-labelledby': 'wq-retests-title' },
    h('h3', { id: 'wq-retests-title', class: 'section-title' }, t('wq.lab.retests')),
    h('p', { class: 'muted' }, t('wq.lab.retests_intro')),
    data.retests.length === 0 ? h('p', { class: 'muted', id: 'wq-retests-empty' }, t('wq.lab.no_retests'))
      : h('ul', { class: 'wq-list', id: 'wq-retests-list' }, data.retests.map((s) => {
        const village = refOf(s, 'village');
        const source = refOf(s, 'source');
        const last = Array.isArray(s.events) ? s.events[s.events.length - 1] : null;
        return h('li', { dataset: { sample: String(s.id), code: s.code || '' } },
          h('strong', null, s.code || `#${s.id}`), ' · ', village?.name || '—',
          source ? ` · ${source.code}` : '', ' · ', t('wq.collected_on_date', { date: day(s.collected_on) }),
          last?.note || s.note ? h('small', { class: 'wq-sub' }, last?.note || s.note) : null);
      })));
}

// ---- Result entry -------------------------------------------------------------

function entryControl(p) {
  const id = `wq-v-${p.code}`;
  if (p.limit?.kind === 'absent') {
    return h('select', { id, name: p.code, class: 'wq-value', dataset: { parameter: p.code } },
      h('option', { value: '' }, t('wq.entry.not_tested')),
      h('option', { value: 'absent' }, t('wq.entry.absent')),
      h('option', { value: 'present' }, t('wq.entry.present')));
  }
  return h('input', {
    id, name: p.code, class: 'wq-value', type: 'text', inputmode: 'decimal', autocomplete: 'off',
    spellcheck: 'false', dataset: { parameter: p.code }, 'aria-describedby': `wq-limit-${p.code} wq-grade-${p.code}`,
  });
}

function paintEntry(data, ctx) {
  const s = data.sample;
  const status = sampleStatus(s);
  const lab = data.lab?.lab || data.lab;
  const params = labParameters(data.standard, lab?.parameters);
  const village = refOf(s, 'village');
  const source = refOf(s, 'source');
  const today = todayInIndia();
  const onInput = h('input', { id: 'wq-tested-on', name: 'on', type: 'date', value: today, max: today, required: true });
  const formError = h('p', { id: 'wq-entry-error', class: 'form-error', role: 'alert', hidden: true });
  const worstEl = h('p', { id: 'wq-entry-worst', class: 'wq-worst', 'aria-live': 'polite' });
  const controls = new Map();
  const outputs = new Map();
  let gradeSeq = 0;
  let sent = [];

  const rows = params.map((p) => {
    const control = entryControl(p);
    controls.set(p.code, control);
    const out = h('output', { id: `wq-grade-${p.code}`, class: 'wq-live', for: control.id, 'aria-live': 'polite' });
    outputs.set(p.code, out);
    const unit = p.limit?.unit && p.limit.kind !== 'absent' ? h('span', { class: 'wq-unit' }, p.limit.unit) : null;
    return h('div', { class: 'wq-param', dataset: { parameter: p.code, field: p.code } },
      h('label', { for: control.id, class: 'wq-param-name' }, paramLabel(p, p.code)),
      h('div', { class: 'wq-param-input' }, control, unit),
      h('small', { id: `wq-limit-${p.code}`, class: 'wq-limit muted' }, limitText(p.limit)),
      out);
  });

  const entries = () => Object.fromEntries([...controls].map(([code, c]) => [code, c.value]));

  // The grades of `results`; fields that are not numbers keep their words.
  function showGrades(answer, results, errors = []) {
    const grades = gradesByParameter(answer);
    const given = new Set(results.map((r) => r.parameter));
    const bad = new Set(errors.map((e) => e.parameter));
    for (const [code, out] of outputs) {
      if (bad.has(code)) continue;
      const g = grades.get(code);
      out.replaceChildren();
      out.dataset.grade = g?.grade || '';
      if (given.has(code) && g) {
        out.append(gradeTag(g.grade, { reason: g.reason_code }));
        if (g.reason_code && g.reason_code !== 'within') out.append(' ', h('small', null, word('reason', g.reason_code)));
      }
    }
    const worst = answer?.worst ? answer.worst : worstGrade([...grades.values()].map((g) => g.grade));
    worstEl.replaceChildren();
    worstEl.dataset.grade = results.length ? worst || '' : '';
    if (results.length && worst) worstEl.append(t('wq.entry.worst'), ' ', gradeTag(worst));
  }

  function markErrors(errors) {
    for (const [code, c] of controls) {
      const bad = errors.find((e) => e.parameter === code);
      if (bad) {
        c.setAttribute('aria-invalid', 'true');
        outputs.get(code).replaceChildren(h('span', { class: 'wq-bad' }, t(bad.key)));
        outputs.get(code).dataset.grade = '';
      } else c.removeAttribute('aria-invalid');
    }
  }

  async function grade() {
    const { results, errors } = resultsOf(params, entries());
    markErrors(errors);
    const seq = ++gradeSeq;
    if (!results.length) {
      showGrades(null, [], errors);
      return;
    }
    try {
      const answer = await wq.grade(gradeRequest({
        results, day: s.collected_on, chlorinated: s.chlorinated, source: source?.code,
      }));
      if (seq !== gradeSeq) return; // a later keystroke's answer is coming
      showGrades(answer, results, errors);
    } catch (e) {
      if (seq !== gradeSeq) return;
      placeError(e, results);
    }
  }
  const gradeSoon = debounce(grade, GRADE_DELAY_MS);

  // An API error beside the parameter its field names (results[i].value).
  function placeError(e, results) {
    const m = /^results\[(\d+)\]/.exec(e?.field || '');
    const code = m ? results[Number(m[1])]?.parameter : null;
    if (code && outputs.has(code)) {
      controls.get(code).setAttribute('aria-invalid', 'true');
      outputs.get(code).replaceChildren(h('span', { class: 'wq-bad' }, errorMessage(e)));
      return code;
    }
    return null;
  }

  // Enter moves to the next value rather than sending the form: a result
  // is reported final only by its button.
  const order = [...controls.values()];
  for (const [i, c] of order.entries()) {
    c.addEventListener('input', () => gradeSoon());
    c.addEventListener('change', () => gradeSoon());
    c.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      (order[i + 1] || submit).focus();
    });
  }

  // "Record and report final" posts tested then final; "Record results
  // only" stops after tested (then the register offers final or retest).
  // A tested event that went through is not sent again on a retry.
  let testedDone = status === 'tested';
  async function onSubmit(ev) {
    ev.preventDefault();
    const finalToo = ev.submitter !== onlyTested;
    formError.hidden = true;
    const { results, errors } = resultsOf(params, entries());
    markErrors(errors);
    const fail = (key) => {
      formError.textContent = t(key);
      formError.hidden = false;
    };
    if (errors.length) return fail('wq.entry.fix_values');
    if (!results.length && !testedDone) return fail('wq.entry.none');
    if (!isDate(onInput.value) || onInput.value > today) {
      onInput.setAttribute('aria-invalid', 'true');
      return fail('wq.entry.need_date');
    }
    onInput.removeAttribute('aria-invalid');
    gradeSoon.cancel();
    submit.disabled = true;
    onlyTested.disabled = true;
    sent = results;
    try {
      if (!testedDone) {
        await wq.event(s.id, testedEvent({ on: onInput.value, results }));
        testedDone = true;
      }
      if (finalToo) await wq.event(s.id, stepEvent('final', { on: onInput.value }));
      ctx.flash(t(finalToo ? 'wq.lab.done_recorded' : 'wq.lab.done_tested', { code: s.code || s.id }));
      ctx.navigate({ sample: '' });
    } catch (e) {
      submit.disabled = false;
      onlyTested.disabled = testedDone;
      if (!(e instanceof ApiError)) console.error(e);
      const placed = placeError(e, sent);
      formError.textContent = e?.field && !placed ? `${errorMessage(e)} (${fieldLabel(e.field)})` : errorMessage(e);
      formError.hidden = false;
    }
  }

  const submit = h('button', { id: 'wq-entry-submit', type: 'submit', class: 'button' }, t('wq.entry.submit'));
  const onlyTested = h('button', { id: 'wq-entry-tested', type: 'submit', class: 'button-quiet', hidden: testedDone },
    t('wq.entry.submit_tested'));
  const form = h('form', { id: 'wq-entry-form', class: 'panel wq-entry', novalidate: true, dataset: { sample: String(s.id), code: s.code || '' } },
    h('h3', { id: 'wq-entry-title', class: 'section-title', tabindex: '-1' }, t('wq.entry.title', { code: s.code || s.id })),
    facts([
      [t('wq.col.place'), village?.name || null],
      [t('wq.source'), source ? source.code : word('point_kind', s.point_kind)],
      [t('wq.collected_on'), day(s.collected_on)],
      [t('wq.collected_by'), s.collected_by ?? null],
      [t('wq.col.status'), word('status', status)],
      [t('wq.chlorinated'), t(s.chlorinated ? 'wq.yes' : 'wq.no')],
    ]),
    status === 'tested' ? h('p', { class: 'notice' }, t('wq.entry.already_tested')) : null,
    h('div', { class: 'field wq-inline-field', dataset: { field: 'on' } }, h('label', { for: 'wq-tested-on' }, t('wq.tested_on')), onInput),
    h('p', { class: 'muted' }, t('wq.entry.intro')),
    params.length ? h('div', { class: 'wq-params' }, rows) : h('p', { class: 'notice' }, t('wq.entry.no_parameters')),
    worstEl,
    formError,
    h('div', { class: 'field-actions' },
      submit,
      onlyTested,
      h('a', { class: 'button-quiet wq-cancel', href: ctx.hrefFor({ sample: '' }) }, t('wq.entry.cancel'))));
  form.addEventListener('submit', onSubmit);
  return form;
}
