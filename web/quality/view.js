// The water-quality view (/?view=quality...): tabs for the public view of
// a place (place.js; everyone), a lab's samples (lab.js; lab analysts) and
// the alert queue (alerts.js; officers and village committees).  app.js
// routes here and hands over the state (url.js reads the quality part with
// model.js readQuality); links inside are ordinary links to this page, and
// form changes go through `navigate`, so every step has an address and
// Back works.  After a write the tab is read again from the server and a
// message (#wq-flash) says what happened.

import { h, fill, $ } from '../dom.js';
import { t } from '../i18n.js';
import { ApiError } from '../api.js';
import { errorMessage } from '../errors.js';
import { sessionEnded } from '../session.js';
import { toUrl } from '../url.js';
import { wq } from './api.js';
import { tabsFor } from './model.js';
import { word } from './ui.js';
import { loadPlace, paintPlace } from './place.js';
import { loadLab, paintLab } from './lab.js';
import { loadAlerts, paintAlerts } from './alerts.js';
import { loadReports, paintReports } from './reports.js';

export function createQualityView({ navigate }) {
  const els = {
    view: $('#quality-view'),
    title: $('#quality-title'),
    tabs: $('#wq-tabs'),
    flash: $('#wq-flash'),
    message: $('#quality-message'),
    body: $('#quality-body'),
  };
  let state = null;
  let session = null;
  let data = null;
  let problem = null;
  let seq = 0;
  let controller = null;
  let standardP = null;
  let flashText = '';
  let flashKeep = 0;

  const standard = () => {
    if (!standardP) {
      standardP = wq.standard();
      standardP.catch(() => { standardP = null; });
    }
    return standardP;
  };

  const q = () => state.quality || { tab: 'place' };
  const hrefWith = (patch) => toUrl({ ...state, view: 'quality', quality: { ...q(), ...patch } });
  const go = (patch, extra = {}) => navigate({ view: 'quality', ...extra, quality: { ...q(), ...patch } });

  function showMessage(text) {
    els.message.textContent = text || '';
    els.message.hidden = !text;
  }

  function paintTabs(allowed) {
    const tab = q().tab;
    fill(els.tabs, h('ul', null, allowed.map((name) => h('li', null,
      h('a', {
        id: `wq-tab-${name}`,
        href: toUrl({ ...state, view: 'quality', quality: { tab: name } }),
        'aria-current': name === tab ? 'page' : null,
      }, word('tab', name))))));
    els.tabs.hidden = allowed.length < 2;
  }

  const ctxBase = () => ({
    q: q(),
    session,
    navigate: (patch) => go(patch),
    hrefFor: hrefWith,
    flash: (text) => {
      flashText = text;
      flashKeep = 1;
    },
    reload: () => reload(),
    repaint: () => paint(),
  });

  function paint() {
    els.title.textContent = t('wq.title');
    const allowed = tabsFor(session);
    paintTabs(allowed);
    els.flash.textContent = flashText;
    els.flash.hidden = !flashText;
    const tab = q().tab;
    if (problem) {
      fill(els.body);
      showMessage(problem.key ? t(problem.key) : errorMessage(problem.error));
      return;
    }
    showMessage('');
    if (!data) {
      fill(els.body);
      return;
    }
    if (tab === 'lab') fill(els.body, paintLab(data, ctxBase()));
    else if (tab === 'alerts') fill(els.body, paintAlerts(data, ctxBase()));
    else if (tab === 'reports') {
      fill(els.body, paintReports(data, {
        hrefFor: (patch) => toUrl({ ...state, view: 'quality', unit: patch.unit ?? state.unit, quality: { ...q(), ...patch, unit: undefined } }),
        onFy: (fy) => go({ fy }),
      }));
    }
    else {
      fill(els.body, paintPlace(data, {
        hrefFor: (code) => toUrl({ ...state, view: 'quality', unit: code, quality: { tab: 'place' } }),
        dashboardHref: (code) => toUrl({ view: 'dashboard', unit: code, asOf: state.asOf, lang: state.lang }),
        asOf: state.asOf,
        onAsOf: (asOf) => navigate({ view: 'quality', asOf, quality: { tab: 'place' } }),
      }));
    }
  }

  async function fetchTab(signal) {
    const tab = q().tab;
    if (tab === 'lab') return loadLab(q(), session, signal, standard());
    if (tab === 'alerts') return loadAlerts(q(), state.unit, signal);
    if (tab === 'reports') return loadReports(q(), state.unit, state.asOf, signal);
    return loadPlace({ unit: state.unit, asOf: state.asOf }, signal, standard());
  }

  async function load() {
    const mine = ++seq;
    controller?.abort();
    controller = new AbortController();
    const tab = q().tab;
    problem = null;
    if (tab !== 'place' && !tabsFor(session).includes(tab)) {
      data = null;
      problem = { key: session ? 'wq.not_allowed' : 'wq.sign_in' };
      paint();
      return 'ready';
    }
    try {
      const d = await fetchTab(controller.signal);
      if (mine !== seq) return null;
      data = d;
      paint();
      return 'ready';
    } catch (e) {
      if (e.name === 'AbortError' || mine !== seq) return null;
      if (e instanceof ApiError && e.status === 401 && session) await sessionEnded();
      if (!(e instanceof ApiError)) console.error(e);
      data = null;
      problem = { error: e };
      paint();
      return 'error';
    }
  }

  // After a write: read the tab again, keep the message, move focus to it.
  async function reload() {
    flashKeep = 0;
    const outcome = await load();
    if (outcome && flashText) {
      els.flash.hidden = false;
      els.flash.focus();
    }
  }

  return {
    async show(s, sess) {
      state = s;
      session = sess;
      // A message outlives the navigation that follows a write, not the
      // next place the person goes to.
      if (flashKeep > 0) flashKeep -= 1;
      else flashText = '';
      els.view.hidden = false;
      return load();
    },
    hide() {
      els.view.hidden = true;
      controller?.abort();
      seq += 1;
    },
    focus() {
      const heading = els.body.querySelector('h3[tabindex="-1"]') || els.title;
      heading.focus();
    },
    title() {
      return t('wq.title');
    },
    repaint() {
      if (state && !els.view.hidden) paint();
    },
  };
}
