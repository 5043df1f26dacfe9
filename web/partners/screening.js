// Screening, for the mission's national roles:
//   #/rounds            the rounds (administrators open new ones)
//   #/rounds/3          a round's applications with eligibility and review
//                       status; administrators assign reviewers, close the
//                       round and decide the shortlist
//   #/applications/7    one application and its documents; an assigned
//                       reviewer declares a conflict (or none) and scores;
//                       administrators see every review, the mean and the
//                       disagreements, and moderate.

import { h, add } from '../dom.js';
import { t } from '../i18n.js';
import { papi } from './api.js';
import {
  isAdmin, routeHash, reviewStep, roundState, weightedScore, dayBefore,
} from './model.js';
import {
  name, num, day, when, score, field, input, textarea, formMessages, submit, panel, tag, statusTag,
  dataTable, facts, docLinks, uid, button, pageError,
} from './ui.js';

const roundLink = (r) => h('a', { href: routeHash('round', { id: r.id }) }, r.name);

function roundTag(r) {
  const s = roundState(r);
  return h('span', { class: `tag tag-${s === 'open' ? 'on' : s === 'closed' ? 'plain' : 'warn'}`, dataset: { status: s } },
    name('round_state', s));
}

// ---- #/rounds ---------------------------------------------------------------------------

export async function renderRounds(ctx) {
  const { body, session } = ctx;
  const { rounds = [] } = await papi.rounds();
  ctx.setTitle(t('sp.title.rounds'));
  add(body, h('p', { class: 'muted' }, t('sp.rounds.intro')));
  add(body, panel(t('sp.rounds.list'), dataTable({
    id: 'rounds-table',
    caption: t('sp.rounds.list'),
    cols: [
      { label: t('sp.col.round') }, { label: t('sp.col.opens') }, { label: t('sp.col.closes') },
      { label: t('sp.col.status') }, { label: t('sp.col.applications'), num: true }, { label: t('sp.col.links') },
    ],
    rows: rounds.map((r) => h('tr', { dataset: { id: String(r.id) } },
      h('th', { scope: 'row' }, roundLink(r)),
      h('td', null, day(r.opens_on)),
      h('td', null, day(r.closes_on)),
      h('td', null, roundTag(r)),
      h('td', { class: 'num' }, num(r.applications)),
      h('td', null, h('a', { href: routeHash('mission', { tab: 'funnel', query: { round: r.id } }) }, t('sp.rounds.funnel'))))),
    empty: t('sp.rounds.empty'),
  })));

  if (!isAdmin(session)) return;
  const msgs = formMessages();
  const f = {
    name: input({ id: 'round-name', maxlength: '200' }),
    opens: input({ id: 'round-opens', type: 'date', value: ctx.today }),
    closes: input({ id: 'round-closes', type: 'date' }),
  };
  const form = h('form', { id: 'round-form', class: 'form-grid', novalidate: true },
    field('name', t('sp.rounds.name'), f.name, { cls: 'field-wide' }),
    field('opens_on', t('sp.rounds.opens_on'), f.opens),
    field('closes_on', t('sp.rounds.closes_on'), f.closes),
    h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button' }, t('sp.rounds.create'))),
    h('p', { class: 'muted field-note' }, t('sp.rounds.rules_note')),
    msgs.error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await submit(form, msgs.error, () => papi.createRound({
      name: f.name.value.trim(), opens_on: f.opens.value || null, closes_on: f.closes.value || null,
    }));
    if (r) ctx.reload(t('sp.rounds.created', { name: r.name }));
  });
  add(body, panel(t('sp.rounds.new'), form));
}

// ---- #/rounds/{id} ------------------------------------------------------------------------

function rulesPanel(round) {
  const rules = round.rules || {};
  return panel(t('sp.round.rules'),
    h('div', { class: 'sp-columns' },
      h('div', null,
        h('h4', null, t('sp.round.checks')),
        h('ul', null, (rules.checks || []).map((c) => h('li', null, c.label || `${c.measure} ≥ ${c.min}`)))),
      h('div', null,
        h('h4', null, t('sp.round.criteria')),
        h('ul', null, (rules.criteria || []).map((c) => h('li', null,
          t('sp.round.criterion', { label: c.label, weight: num(c.weight) }),
          c.pass > 0 ? h('small', { class: 'muted' }, ` ${t('sp.round.criterion_pass', { n: score(c.pass) })}`) : null))))),
    h('p', { class: 'muted' }, t('sp.round.rules_line', {
      pass: score(rules.pass_mark),
      reviewers: num(rules.reviewers_per_application),
      spread: score(rules.moderation_spread),
    })));
}

function eligibilityCell(a) {
  return h('td', { class: 'wrap-cell' },
    a.eligible ? tag(t('sp.eligible'), 'on') : tag(t('sp.not_eligible'), 'off'),
    a.eligible ? null : h('ul', { class: 'sp-small-list' }, (a.eligibility_failures || []).map((f) => h('li', null, f))));
}

function decisionCell(a) {
  const d = a.decision;
  if (!d) return h('td', { class: 'muted' }, t('sp.undecided'));
  return h('td', { class: 'wrap-cell', dataset: { shortlisted: String(d.shortlisted) } },
    d.shortlisted ? tag(t('sp.shortlisted'), 'on') : tag(t('sp.not_shortlisted'), 'off'),
    h('small', { class: 'sp-reason' }, d.reason),
    a.partner_id ? h('a', { href: routeHash('partner', { id: a.partner_id }) }, t('sp.round.partner_link')) : null);
}

function myReviewCell(a) {
  const step = reviewStep(a);
  if (!step) return h('td', { class: 'muted' }, '—');
  return h('td', { dataset: { step } },
    h('a', { href: routeHash('application', { id: a.id }) }, statusTag('review_step', step)));
}

async function reviewerChoices() {
  try {
    const { users = [] } = await papi.users();
    return users.filter((u) => !u.disabled && (u.roles || []).some((r) =>
      r.role === 'national_admin' || r.role === 'national_viewer')).map((u) => u.username);
  } catch {
    return null; // typed instead
  }
}

async function adminTools(ctx, round, apps) {
  const tools = [];
  const state = roundState(round);
  const decided = apps.some((a) => a.decision);

  // Reviewers.
  if (!decided) {
    const names = await reviewerChoices();
    const msgs = formMessages();
    const typed = input({ id: 'reviewers-typed', spellcheck: 'false', autocapitalize: 'none' });
    const picker = names
      ? h('fieldset', { class: 'checks', dataset: { field: 'reviewers' } },
        h('legend', null, t('sp.round.reviewers')),
        h('div', { class: 'check-list' }, names.map((u) => {
          const id = uid('rv');
          return h('label', { class: 'check', for: id },
            h('input', { type: 'checkbox', id, name: 'reviewer', value: u }), ' ', u);
        })))
      : field('reviewers', t('sp.round.reviewers_typed'), typed, { hint: t('sp.round.reviewers_typed_hint') });
    const form = h('form', { id: 'assign-form', novalidate: true }, picker,
      h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button' }, t('sp.round.assign'))),
      msgs.error);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const chosen = names
        ? [...form.querySelectorAll('input[name="reviewer"]:checked')].map((c) => c.value)
        : typed.value.split(/[\s,;]+/).filter(Boolean);
      const r = await submit(form, msgs.error, () => papi.assignReviewers(round.id, chosen));
      if (r) {
        ctx.reload(t('sp.round.assigned', {
          n: num(r.assigned), short: num(r.applications_short_of_reviewers),
          per: num(round.rules?.reviewers_per_application),
        }));
      }
    });
    tools.push(panel(t('sp.round.assign_title'),
      h('p', { class: 'muted' }, t('sp.round.assign_intro', { n: num(round.rules?.reviewers_per_application) })),
      form));
  }

  // Closing early: the last day becomes yesterday.
  if (state === 'open') {
    const msgs = formMessages();
    const yesterday = dayBefore(ctx.today);
    const confirmBox = h('div', { class: 'sp-confirm', hidden: true },
      h('p', null, t('sp.round.close_confirm', { date: day(yesterday) })),
      h('div', { class: 'row-buttons' },
        h('button', { type: 'submit', class: 'button', id: 'close-round-confirm' }, t('sp.round.close_yes')),
        button(t('sp.cancel'), { dataset: { action: 'cancel' } })));
    const start = button(t('sp.round.close'), { id: 'close-round' });
    const form = h('form', { id: 'close-form', novalidate: true },
      h('p', { class: 'muted' }, t('sp.round.close_intro', { date: day(round.closes_on) })),
      h('div', { class: 'field-actions' }, start), confirmBox, msgs.error);
    start.addEventListener('click', () => {
      confirmBox.hidden = false;
      start.hidden = true;
      confirmBox.querySelector('button[type="submit"]').focus();
    });
    confirmBox.querySelector('[data-action="cancel"]').addEventListener('click', () => {
      confirmBox.hidden = true;
      start.hidden = false;
      start.focus();
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const r = await submit(form, msgs.error, () => papi.patchRound(round.id, { closes_on: yesterday }));
      if (r) ctx.reload(t('sp.round.closed_now', { name: r.name, date: day(r.closes_on) }));
    });
    tools.push(panel(t('sp.round.close_title'), form));
  }

  // The shortlist, once closed and every eligible application moderated.
  if (!decided) {
    const waiting = apps.filter((a) => a.eligible && !a.moderation);
    const msgs = formMessages();
    const go = h('button', { type: 'submit', class: 'button', id: 'shortlist-submit', disabled: state !== 'closed' },
      t('sp.round.shortlist'));
    const form = h('form', { id: 'shortlist-form', novalidate: true },
      h('p', { class: 'muted' }, t('sp.round.shortlist_intro')),
      state !== 'closed' ? h('p', { class: 'notice' }, t('sp.round.shortlist_after_close', { date: day(round.closes_on) })) : null,
      waiting.length ? h('div', { class: 'notice' },
        h('p', null, t('sp.round.waiting', { n: num(waiting.length) })),
        h('ul', null, waiting.map((a) => h('li', null,
          h('a', { href: routeHash('application', { id: a.id }) }, `${a.reference} · ${a.org_name}`))))) : null,
      h('div', { class: 'field-actions' }, go),
      msgs.error);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const r = await submit(form, msgs.error, () => papi.shortlist(round.id));
      if (r) {
        ctx.reload(t('sp.round.decided', {
          applied: num(r.applied), eligible: num(r.eligible), screened: num(r.screened),
          shortlisted: num(r.shortlisted), partners: num(r.partners_created),
        }));
      }
    });
    tools.push(panel(t('sp.round.shortlist_title'), form));
  }
  return tools;
}

export async function renderRound(ctx) {
  const { body, session, route } = ctx;
  const [{ round, applications: apps = [] }, stateNames] = await Promise.all([
    papi.applications(route.id),
    papi.states().then((r) => new Map((r.rows || []).map((x) => [x.code, x.name]))).catch(() => new Map()),
  ]);
  ctx.setTitle(round.name);
  const decided = apps.filter((a) => a.decision);
  const counts = {
    applied: apps.length,
    eligible: apps.filter((a) => a.eligible).length,
    moderated: apps.filter((a) => a.moderation).length,
    shortlisted: decided.filter((a) => a.decision.shortlisted).length,
  };
  const mine = apps.filter((a) => ['declare', 'score'].includes(reviewStep(a)));
  add(body, 
    h('p', null, h('a', { href: routeHash('rounds') }, `← ${t('sp.title.rounds')}`)),
    facts([
      [t('sp.col.status'), roundTag(round)],
      [t('sp.col.opens'), day(round.opens_on)],
      [t('sp.col.closes'), day(round.closes_on)],
      [t('sp.round.applied'), num(counts.applied)],
      [t('sp.round.eligible'), num(counts.eligible)],
      [t('sp.round.moderated'), num(counts.moderated)],
      decided.length ? [t('sp.round.shortlisted'), num(counts.shortlisted)] : null,
    ]),
    mine.length ? h('p', { class: 'notice', id: 'my-reviews-waiting' }, t('sp.round.my_todo', { n: num(mine.length) })) : null,
    rulesPanel(round),
    panel(t('sp.round.applications'), dataTable({
      id: 'applications-table',
      caption: t('sp.round.applications'),
      cols: [
        { label: t('sp.col.reference') }, { label: t('sp.col.organisation') }, { label: t('sp.col.states') },
        { label: t('sp.col.eligibility') }, { label: t('sp.col.reviews') }, { label: t('sp.col.score'), num: true },
        { label: t('sp.col.decision') }, { label: t('sp.col.my_review') },
      ],
      rows: apps.map((a) => h('tr', {
        dataset: { id: String(a.id), reference: a.reference, eligible: String(a.eligible) },
      },
      h('th', { scope: 'row' }, h('a', { href: routeHash('application', { id: a.id }) }, a.reference),
        h('small', { class: 'sp-sub' }, when(a.submitted_at))),
      h('td', { class: 'wrap-cell' }, a.org_name, h('small', { class: 'sp-sub' }, name('org_type', a.org_type))),
      h('td', { class: 'wrap-cell' }, (a.states || []).map((c) => stateNames.get(c) || c).join(', ')),
      eligibilityCell(a),
      h('td', { dataset: { scored: String(a.review_counts?.scored ?? 0) } },
        t('sp.round.review_counts', {
          scored: num(a.review_counts?.scored), assigned: num(a.review_counts?.assigned),
        }),
        a.review_counts?.conflicts ? h('small', { class: 'sp-sub' }, t('sp.round.conflicts', { n: num(a.review_counts.conflicts) })) : null,
        a.disagreements?.length ? h('small', { class: 'sp-sub sp-warn' }, t('sp.round.disagree_short')) : null),
      h('td', { class: 'num', dataset: { score: String(a.moderation?.score ?? a.mean_score ?? '') } },
        a.moderation ? score(a.moderation.score) : score(a.mean_score),
        a.moderation || a.mean_score !== null
          ? h('small', { class: 'sp-sub' }, t(a.moderation ? 'sp.round.score_moderated' : 'sp.round.score_mean')) : null),
      decisionCell(a),
      myReviewCell(a))),
      empty: t('sp.round.no_applications'),
    })));
  if (isAdmin(session)) add(body, ...await adminTools(ctx, round, apps));
  add(body, h('p', null,
    h('a', { href: routeHash('mission', { tab: 'funnel', query: { round: round.id } }) }, t('sp.round.funnel_link'))));
}

// ---- #/applications/{id} ---------------------------------------------------------------

async function placeNames(stateCodes) {
  const names = new Map();
  try {
    for (const s of (await papi.states()).rows || []) names.set(s.code, s.name);
    await Promise.all(stateCodes.map(async (code) => {
      for (const d of (await papi.districts(code)).rows || []) names.set(d.code, d.name);
    }));
  } catch {
    /* codes are shown instead */
  }
  return names;
}

function scoreInputs(criteria, values, prefix) {
  return criteria.map((c) => field(`scores.${c.code}`,
    t('sp.review.criterion', { label: c.label, weight: num(c.weight) }),
    input({
      id: `${prefix}-${c.code}`, name: c.code, type: 'number', min: '0', max: '10', step: '0.5',
      inputmode: 'decimal', value: values?.[c.code] ?? '', dataset: { criterion: c.code },
    }),
    { hint: c.pass > 0 ? t('sp.review.pass_hint', { n: score(c.pass) }) : t('sp.review.range_hint') }));
}

function readScores(form, criteria) {
  const out = {};
  for (const c of criteria) {
    const v = form.querySelector(`[data-criterion="${CSS.escape(c.code)}"]`).value.trim();
    out[c.code] = v === '' ? null : Number(v);
  }
  return out;
}

function reviewPanel(ctx, app, criteria) {
  const step = reviewStep(app);
  if (!step) return null;
  const mine = app.my_review;
  const parts = [];
  if (step === 'declare') {
    const msgs = formMessages();
    const no = uid('cf');
    const yes = uid('cf');
    const note = textarea({ id: 'conflict-note', maxlength: '1000' });
    const noteField = field('conflict_note', t('sp.review.conflict_note'), note, { hint: t('sp.review.conflict_note_hint'), cls: 'field-wide' });
    const form = h('form', { id: 'declare-form', novalidate: true },
      h('fieldset', { class: 'checks', dataset: { field: 'conflict' } },
        h('legend', null, t('sp.review.conflict_question', { org: app.org_name })),
        h('label', { class: 'check', for: no },
          h('input', { type: 'radio', id: no, name: 'conflict', value: 'no' }), ' ', t('sp.review.no_conflict')),
        h('label', { class: 'check', for: yes },
          h('input', { type: 'radio', id: yes, name: 'conflict', value: 'yes' }), ' ', t('sp.review.has_conflict'))),
      h('div', { class: 'form-grid' }, noteField),
      h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button', id: 'declare-submit' }, t('sp.review.declare'))),
      msgs.error);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const chosen = form.querySelector('input[name="conflict"]:checked')?.value;
      const r = await submit(form, msgs.error, async () => {
        if (!chosen) throw pageError('sp.review.need_choice', null, 'conflict');
        return papi.review(app.id, chosen === 'yes'
          ? { conflict: true, conflict_note: note.value.trim() }
          : { conflict: false });
      });
      if (r) ctx.reload(t(r.conflict ? 'sp.review.declared_conflict' : 'sp.review.declared_none'));
    });
    parts.push(h('p', { class: 'muted' }, t('sp.review.declare_intro')), form);
  } else if (step === 'conflict') {
    parts.push(h('p', { class: 'notice', id: 'review-conflict' }, t('sp.review.you_declared', { note: mine.conflict_note || '—' })));
  } else if (step === 'score' || step === 'scored') {
    const msgs = formMessages();
    const total = h('output', { id: 'review-total', class: 'sp-total', 'aria-live': 'polite' });
    const comment = textarea({ id: 'review-comment', maxlength: '4000', rows: '4' }, mine.comment || '');
    const form = h('form', { id: 'score-form', novalidate: true },
      h('div', { class: 'form-grid' }, scoreInputs(criteria, mine.scores, 'score'),
        field('comment', t('sp.review.comment'), comment, { cls: 'field-wide' })),
      h('p', null, total),
      h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button', id: 'score-submit' },
        t(step === 'scored' ? 'sp.review.update_scores' : 'sp.review.save_scores'))),
      msgs.error);
    const paintTotal = () => {
      const w = weightedScore(criteria, readScores(form, criteria));
      total.textContent = w === null ? t('sp.review.total_pending') : t('sp.review.total', { n: score(w) });
    };
    form.addEventListener('input', paintTotal);
    paintTotal();
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const r = await submit(form, msgs.error, () => papi.review(app.id, {
        scores: readScores(form, criteria), comment: comment.value.trim(),
      }));
      if (r) ctx.reload(t('sp.review.scored', { n: score(weightedScore(criteria, r.scores)) }));
    });
    parts.push(
      h('p', { class: 'muted' }, t('sp.review.no_conflict_recorded')),
      step === 'scored' ? h('p', { class: 'form-ok', id: 'review-scored' }, t('sp.review.scored_at', { time: when(mine.scored_at) })) : null,
      form);
  } else {
    parts.push(h('p', { class: 'notice' }, t('sp.review.closed')),
      mine.scores ? h('p', null, t('sp.review.your_total', { n: score(weightedScore(criteria, mine.scores)) })) : null);
  }
  return h('section', { class: 'panel', id: 'my-review', 'aria-labelledby': 'my-review-title', dataset: { step } },
    h('h3', { id: 'my-review-title', class: 'section-title' }, t('sp.review.title')), parts);
}

function conflictText(r) {
  if (r.conflict === true) return t('sp.review.conflict_yes', { note: r.conflict_note || '—' });
  if (r.conflict === false) return t('sp.review.conflict_no');
  return t('sp.review.conflict_unknown');
}

function moderationPanel(ctx, app, criteria, rules) {
  const reviews = app.reviews || [];
  const scored = reviews.filter((r) => r.conflict === false && r.scores);
  const pending = reviews.filter((r) => r.conflict !== true && !r.scores);
  const cols = [
    { label: t('sp.col.reviewer') }, { label: t('sp.col.conflict') },
    ...criteria.map((c) => ({ label: c.code, num: true })),
    { label: t('sp.col.weighted'), num: true }, { label: t('sp.col.comment') }, { label: t('sp.col.scored_at') },
  ];
  const rows = reviews.map((r) => h('tr', { dataset: { reviewer: r.reviewer } },
    h('th', { scope: 'row' }, r.reviewer),
    h('td', { class: 'wrap-cell' }, conflictText(r)),
    criteria.map((c) => h('td', { class: 'num' }, score(r.scores?.[c.code]))),
    h('td', { class: 'num' }, score(weightedScore(criteria, r.scores))),
    h('td', { class: 'wrap-cell' }, r.comment || '—'),
    h('td', null, when(r.scored_at))));
  const foot = app.mean_scores ? h('tfoot', null, h('tr', { id: 'mean-row' },
    h('th', { scope: 'row' }, t('sp.review.mean')), h('td', null, ''),
    criteria.map((c) => h('td', {
      class: `num${(app.disagreements || []).includes(c.code) ? ' sp-disagree' : ''}`,
    }, score(app.mean_scores[c.code]))),
    h('td', { class: 'num' }, score(app.mean_score)), h('td', null, ''), h('td', null, ''))) : null;
  const parts = [
    h('p', { class: 'muted' }, t('sp.review.criteria_key', {
      list: criteria.map((c) => `${c.code}: ${c.label}`).join('; '),
    })),
    dataTable({ id: 'reviews-table', caption: t('sp.review.all'), cols, rows, foot, empty: t('sp.review.none_assigned') }),
  ];
  if (app.disagreements?.length) {
    parts.push(h('p', { class: 'notice', id: 'disagreements' }, t('sp.review.disagreements', {
      spread: score(rules.moderation_spread),
      list: app.disagreements.map((code) => criteria.find((c) => c.code === code)?.label || code).join(', '),
    })));
  }
  if (app.moderation) {
    const m = app.moderation;
    parts.push(h('div', { id: 'moderation-done', class: 'sp-moderation', dataset: { score: String(m.score) } },
      h('h4', null, t('sp.review.moderated', { n: score(m.score) })),
      h('p', null, criteria.map((c) => `${c.code} ${score(m.scores?.[c.code])}`).join(' · ')),
      m.note ? h('p', null, t('sp.review.moderation_note', { note: m.note })) : null,
      h('p', { class: 'muted' }, t('sp.by_at', { who: m.by, time: when(m.at) }))));
  }
  if (app.decision) return parts;
  if (!app.eligible) {
    parts.push(h('p', { class: 'muted' }, t('sp.review.not_eligible_nothing')));
    return parts;
  }
  if (!scored.length || pending.length) {
    parts.push(h('p', { class: 'notice', id: 'moderation-waiting' }, pending.length
      ? t('sp.review.waiting_for', { n: num(pending.length), names: pending.map((r) => r.reviewer).join(', ') })
      : t('sp.review.no_scores_yet')));
    return parts;
  }
  const msgs = formMessages();
  const keep = uid('md');
  const set = uid('md');
  const inputs = h('div', { class: 'form-grid', hidden: true },
    scoreInputs(criteria, app.moderation?.scores || app.mean_scores, 'moderate'));
  const note = textarea({ id: 'moderation-note', maxlength: '4000' }, '');
  const form = h('form', { id: 'moderation-form', novalidate: true },
    h('fieldset', { class: 'checks' },
      h('legend', null, t('sp.review.final_scores')),
      h('label', { class: 'check', for: keep },
        h('input', { type: 'radio', id: keep, name: 'final', value: 'mean', checked: true }), ' ',
        t('sp.review.keep_mean', { n: score(app.mean_score) })),
      h('label', { class: 'check', for: set },
        h('input', { type: 'radio', id: set, name: 'final', value: 'set' }), ' ', t('sp.review.set_scores'))),
    inputs,
    h('div', { class: 'form-grid' },
      field('note', t('sp.review.note'), note, { hint: t('sp.review.note_hint'), cls: 'field-wide' })),
    h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'button', id: 'moderation-submit' },
      t(app.moderation ? 'sp.review.moderate_again' : 'sp.review.moderate'))),
    msgs.error);
  form.addEventListener('change', (e) => {
    if (e.target.name === 'final') inputs.hidden = e.target.value !== 'set';
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { note: note.value.trim() };
    if (form.querySelector('input[name="final"]:checked')?.value === 'set') body.scores = readScores(form, criteria);
    const r = await submit(form, msgs.error, () => papi.moderate(app.id, body));
    if (r) ctx.reload(t('sp.review.moderated_ok', { reference: r.reference, n: score(r.score) }));
  });
  parts.push(h('h4', null, t('sp.review.moderation')), form);
  return parts;
}

export async function renderApplication(ctx) {
  const { body, session, route } = ctx;
  const app = await papi.application(route.id);
  const doc = app.application || {};
  const round = app.round || {};
  const criteria = round.rules?.criteria || [];
  const names = await placeNames(app.states || []);
  const place = (c) => names.get(c) || c;
  ctx.setTitle(`${app.reference} · ${app.org_name}`);

  const d = app.decision;
  add(body, 
    h('p', null, h('a', { href: routeHash('round', { id: round.id }) }, `← ${round.name}`)),
    h('p', { class: 'sp-status-line', id: 'application-status' },
      app.eligible ? tag(t('sp.eligible'), 'on') : tag(t('sp.not_eligible'), 'off'), ' ',
      d ? (d.shortlisted ? tag(t('sp.shortlisted'), 'on') : tag(t('sp.not_shortlisted'), 'off')) : null, ' ',
      h('span', { class: 'muted' }, t('sp.submitted_on', { time: when(app.submitted_at) }))));

  if (d) {
    add(body, h('section', { class: 'panel', id: 'decision', 'aria-labelledby': 'decision-title', dataset: { shortlisted: String(d.shortlisted) } },
      h('h3', { id: 'decision-title', class: 'section-title' }, t('sp.review.decision')),
      h('p', { class: 'sp-reason' }, d.reason),
      h('p', { class: 'muted' }, t('sp.by_at', { who: d.by, time: when(d.at) })),
      app.partner_id ? h('p', null, h('a', { href: routeHash('partner', { id: app.partner_id }) }, t('sp.round.partner_link'))) : null));
  }

  add(body, panel(t('sp.review.eligibility'),
    app.eligible ? h('p', null, t('sp.review.meets_checks'))
      : h('ul', { id: 'eligibility-failures' }, (app.eligibility_failures || []).map((f) => h('li', null, f))),
    facts(Object.entries(app.measures || {}).map(([k, v]) => [name('measure_app', k), num(v)]))));

  const c = doc.contact || {};
  add(body, panel(t('sp.review.application'),
    facts([
      [t('sp.apply.org_type'), name('org_type', doc.org_type)],
      [t('sp.apply.registrations'), h('ul', { class: 'sp-small-list' },
        (doc.registration_numbers || []).map((r) => h('li', null, `${r.kind}: ${r.number}`)))],
      doc.website ? [t('sp.apply.website'), doc.website] : null,
      doc.address ? [t('sp.apply.address'), doc.address] : null,
      [t('sp.apply.years_of_work'), num(doc.years_of_work)],
      [t('sp.apply.years_rural'), num(doc.years_rural)],
      [t('sp.review.themes'), (doc.themes || []).map((x) => name('theme', x)).join(', ')],
      [t('sp.review.states'), (doc.states || []).map(place).join(', ')],
      [t('sp.review.districts'), (doc.districts || []).length ? doc.districts.map(place).join(', ') : '—'],
      [t('sp.apply.contact'), [c.name, c.designation, c.email, c.phone].filter(Boolean).join(' · ')],
    ]),
    h('h4', null, t('sp.apply.projects')),
    dataTable({
      caption: t('sp.apply.projects'),
      cols: [{ label: t('sp.apply.project_title') }, { label: t('sp.review.years') }, { label: t('sp.review.themes') },
        { label: t('sp.apply.funded_by') }, { label: t('sp.apply.summary') }],
      rows: (doc.past_projects || []).map((p) => h('tr', null,
        h('th', { scope: 'row', class: 'wrap-cell' }, p.title),
        h('td', null, p.to_year && p.to_year !== p.from_year ? `${p.from_year}–${p.to_year}` : String(p.from_year)),
        h('td', { class: 'wrap-cell' }, (p.themes || []).map((x) => name('theme', x)).join(', ')),
        h('td', { class: 'wrap-cell' }, p.funded_by || '—'),
        h('td', { class: 'wrap-cell' }, p.summary || '—'))),
      empty: t('sp.review.no_projects'),
    }),
    h('h4', null, t('sp.apply.documents')),
    h('div', { id: 'application-documents' }, docLinks(app.documents))));

  const mine = reviewPanel(ctx, app, criteria);
  if (mine) add(body, mine);
  if (isAdmin(session)) {
    add(body, h('section', { class: 'panel', id: 'moderation', 'aria-labelledby': 'moderation-title' },
      h('h3', { id: 'moderation-title', class: 'section-title' }, t('sp.review.reviews_title')),
      moderationPanel(ctx, app, criteria, round.rules || {})));
  }
}
