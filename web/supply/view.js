// The water-supply view (/?view=supply...): tabs for Har Ghar Jal by place
// and a village's panel with its schemes (place.js, village.js; everyone),
// the certification queue (queue.js; officers), the functionality survey's
// rounds, sample and household entry (survey.js) and its results.  app.js
// routes here and hands over the state (url.js reads the supply part with
// model.js readSupply); links inside are ordinary links to this page and
// changes go through `navigate`, so every step has an address and Back
// works.  After a write the tab is read again and a message (#sup-flash)
// says what happened.

import { h, fill, $ } from '../dom.js';
import { t } from '../i18n.js';
import { ApiError } from '../api.js';
import { sessionEnded } from '../session.js';
import { toUrl } from '../url.js';
import { tabsFor } from './model.js';
import { word, supplyError } from './ui.js';
import { loadPlace, paintPlace } from './place.js';
import { loadQueue, paintQueue } from './queue.js';
import { loadSurveys, paintSurveys, loadResults, paintResults } from './survey.js';

export function createSupplyView({ navigate }) {
  const els = {
    view: $('#supply-view'),
    title: $('#supply-title'),
    tabs: $('#sup-tabs'),
    flash: $('#sup-flash'),
    message: $('#supply-message'),
    body: $('#supply-body'),
  };
  let state = null;
  let session = null;
  let data = null;
  let problem = null;
  let seq = 0;
  let controller = null;
  let flashText = '';
  let flashKeep = 0;

  const q = () => state.supply || { tab: 'place' };
  const urlWith = (patch, extra = {}) => toUrl({ ...state, view: 'supply', ...extra, supply: { ...q(), ...patch } });

  function showMessage(text) {
    els.message.textContent = text || '';
    els.message.hidden = !text;
  }

  // From a village, the other tabs are about its block.
  function tabUnit(name) {
    const unit = data?.unit;
    if (name === 'place' || unit?.level !== 'village' || !Array.isArray(unit.path)) return state.unit;
    return unit.path.find((p) => p.level === 'block')?.code || state.unit;
  }

  function paintTabs(allowed) {
    const tab = q().tab;
    fill(els.tabs, h('ul', null, allowed.map((name) => h('li', null,
      h('a', {
        id: `sup-tab-${name}`,
        href: toUrl({ ...state, view: 'supply', unit: tabUnit(name), supply: { tab: name } }),
        'aria-current': name === tab ? 'page' : null,
      }, word('tab', name))))));
    els.tabs.hidden = false;
  }

  const ctx = () => ({
    q: q(),
    session,
    asOf: state.asOf,
    // Within the tab: a patch of the supply part of the address.
    hrefFor: (patch) => (typeof patch === 'string'
      ? toUrl({ ...state, view: 'supply', unit: patch, supply: { tab: 'place' } })
      : urlWith(patch)),
    villageHref: (code) => toUrl({ ...state, view: 'supply', unit: code, asOf: '', supply: { tab: 'place' } }),
    // A round's results for its own place (India or a state).
    resultsHref: (round) => toUrl({
      ...state, view: 'supply', unit: round?.place?.code || state.unit, supply: { tab: 'results', round: String(round.id) },
    }),
    placeHref: (code) => toUrl({ ...state, view: 'supply', unit: code, supply: { ...q(), tab: 'results' } }),
    dashboardHref: (code) => toUrl({ view: 'dashboard', unit: code, asOf: state.asOf, lang: state.lang }),
    onAsOf: (asOf) => navigate({ view: 'supply', asOf, supply: { tab: 'place' } }),
    navigate: (patch) => navigate({ view: 'supply', supply: { ...q(), ...patch } }),
    // The same tab for another place.
    goUnit: (code) => navigate({ view: 'supply', unit: code, supply: q() }),
    flash: (text) => {
      flashText = text;
      flashKeep = 1;
    },
    reload: () => reload(),
  });

  function paint() {
    els.title.textContent = t('sup.title');
    paintTabs(tabsFor(session));
    els.flash.textContent = flashText;
    els.flash.hidden = !flashText;
    if (problem) {
      fill(els.body);
      showMessage(problem.key ? t(problem.key) : supplyError(problem.error));
      return;
    }
    showMessage('');
    if (!data) {
      fill(els.body);
      return;
    }
    const tab = q().tab;
    const c = ctx();
    if (tab === 'queue') fill(els.body, paintQueue(data, c));
    else if (tab === 'surveys') fill(els.body, paintSurveys(data, c));
    else if (tab === 'results') fill(els.body, paintResults(data, c));
    else fill(els.body, paintPlace(data, c));
    els.body.dataset.tab = tab;
  }

  function fetchTab(signal) {
    const tab = q().tab;
    if (tab === 'queue') return loadQueue(q(), state.unit, session, signal);
    if (tab === 'surveys') return loadSurveys(q(), signal);
    if (tab === 'results') return loadResults(q(), state.unit, signal);
    return loadPlace({ unit: state.unit, asOf: state.asOf }, session, signal);
  }

  async function load() {
    const mine = ++seq;
    controller?.abort();
    controller = new AbortController();
    const tab = q().tab;
    problem = null;
    if (!tabsFor(session).includes(tab)) {
      data = null;
      problem = { key: session ? 'sup.not_allowed' : 'sup.sign_in' };
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
      return t('sup.title');
    },
    repaint() {
      if (state && !els.view.hidden) paint();
    },
  };
}
