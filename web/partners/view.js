// The Sector Partner programme's pages, at hash routes of the dashboard
// (see model.js parseRoute): the public application form, screening,
// partners' workspaces, plans and progress, and the mission's views.
// app.js shows this view whenever the address has such a hash; each page
// is drawn by its module from the API's answers, into #programme-body.

import { h, fill, $ } from '../dom.js';
import { t } from '../i18n.js';
import { ApiError } from '../api.js';
import { sessionEnded } from '../session.js';
import { todayInIndia } from '../format.js';
import { isNational, partnerIdsOf } from './model.js';
import { errorText } from './ui.js';
import { renderApply } from './apply.js';
import { renderRounds, renderRound, renderApplication } from './screening.js';
import { renderPartners, renderPartner } from './workspace.js';
import { renderPlan, renderProgress } from './plan.js';
import { renderMission } from './mission.js';

// Who may open each page; the server checks every request again.
//   public: anyone; signed_in: any account (the page narrows it down);
//   national: national administrators and viewers.
const PAGES = {
  apply: { render: renderApply, needs: 'public' },
  rounds: { render: renderRounds, needs: 'national' },
  round: { render: renderRound, needs: 'national' },
  application: { render: renderApplication, needs: 'national' },
  partners: { render: renderPartners, needs: 'partner' },
  partner: { render: renderPartner, needs: 'partner' },
  plan: { render: renderPlan, needs: 'partner' },
  progress: { render: renderProgress, needs: 'partner' },
  mission: { render: renderMission, needs: 'public' },
};

export function createProgrammeView({ go }) {
  const els = {
    view: $('#programme-view'),
    title: $('#programme-title'),
    flash: $('#programme-flash'),
    message: $('#programme-message'),
    body: $('#programme-body'),
  };
  let seq = 0;
  let route = null;
  let session = null;
  let titleText = '';
  let pendingFlash = null; // {text, error} shown after the next drawing

  function showMessage(text) {
    els.message.textContent = text || '';
    els.message.hidden = !text;
  }

  function showFlash(f) {
    els.flash.textContent = f ? f.text : '';
    els.flash.classList.toggle('form-error', Boolean(f?.error));
    els.flash.classList.toggle('form-ok', Boolean(f && !f.error));
    els.flash.setAttribute('role', f?.error ? 'alert' : 'status');
    els.flash.hidden = !f;
  }

  function setTitle(text) {
    titleText = text;
    els.title.textContent = text;
  }

  function gate(needs, s) {
    if (needs === 'public') return null;
    if (!s) return t('sp.sign_in');
    if (needs === 'national' && !isNational(s)) return t('sp.not_national');
    if (needs === 'partner' && !isNational(s) && partnerIdsOf(s).length === 0) return t('sp.not_partner');
    return null;
  }

  async function show(r, s, { keepFlash = false } = {}) {
    const mySeq = ++seq;
    route = r;
    session = s;
    els.view.hidden = false;
    els.view.dataset.route = r.name;
    const page = PAGES[r.name];
    if (!keepFlash) pendingFlash = null;
    showFlash(null);
    if (!page) {
      setTitle(t('sp.not_found_title'));
      fill(els.body);
      showMessage(t('sp.not_found'));
      return 'error';
    }
    const refused = gate(page.needs, s);
    if (refused) {
      setTitle(t(`sp.title.${r.name}`));
      fill(els.body);
      showMessage(refused);
      return 'ready';
    }
    showMessage('');
    const body = h('div', { class: 'sp-page', dataset: { page: r.name } });
    let pageTitle = t(`sp.title.${r.name}`);
    const ctx = {
      route: r,
      session: s,
      today: todayInIndia(),
      body,
      setTitle(text) { pageTitle = text; },
      stale: () => mySeq !== seq,
      go,
      // Draws the page again from the server, with `text` above it.
      reload(text, { error = false } = {}) {
        if (mySeq !== seq) return Promise.resolve(null);
        pendingFlash = text ? { text, error } : null;
        return show(route, session, { keepFlash: true }).then((outcome) => {
          if (text && outcome && !els.flash.hidden) els.flash.focus({ preventScroll: false });
          return outcome;
        });
      },
      flash(text, { error = false } = {}) {
        if (mySeq !== seq) return;
        showFlash({ text, error });
        els.flash.focus();
      },
    };
    try {
      await page.render(ctx);
      if (mySeq !== seq) return null;
      setTitle(pageTitle);
      fill(els.body, body);
      if (pendingFlash) showFlash(pendingFlash);
      pendingFlash = null;
      return 'ready';
    } catch (e) {
      if (mySeq !== seq) return null;
      if (e instanceof ApiError && e.status === 401) sessionEnded();
      if (!(e instanceof ApiError)) console.error(e);
      setTitle(pageTitle);
      fill(els.body);
      showMessage(errorText(e));
      return 'error';
    }
  }

  return {
    show: (r, s) => show(r, s),
    hide() {
      seq++;
      route = null;
      els.view.hidden = true;
      delete els.view.dataset.route;
    },
    focus() {
      els.title.focus();
    },
    title: () => titleText || t('sp.programme'),
  };
}
