// The "find a place" box: an ARIA combobox over GET /api/v1/units?q=,
// whose answers come ranked (the exact name first) with the places above
// each, shown nearest first ("Balapura · Amarsar · Bhimgarh · Gopalgarh ·
// Andhra Pradesh") so that one of many alike can be told apart.  A level
// box narrows the search; the last option loads more results.  Focus stays
// in the input; arrow keys move the highlighted option
// (aria-activedescendant), Enter opens it, Escape closes the list.

import { h, fill } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';
import { errorMessage } from './errors.js';

const DEBOUNCE_MS = 200;
const MIN_CHARS = 2;
const PAGE = 20;

// What tells a result apart: its level and the places above it.
export function resultMeta(r, tr = t) {
  const above = Array.isArray(r.within) ? r.within.map((p) => p.name) : [];
  return [tr(`level.${r.level}`), ...above].filter(Boolean).join(' · ');
}

export function attachSearch({ form, input, list, status, level }, onPick) {
  let results = [];
  let more = false;
  let total = 0;
  let active = -1;
  let timer = 0;
  let controller = null;
  let lastQuery = '';

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function highlight(i) {
    const items = list.querySelectorAll('[role="option"]');
    if (!items.length) return;
    active = (i + items.length) % items.length;
    items.forEach((el, j) => el.setAttribute('aria-selected', String(j === active)));
    input.setAttribute('aria-activedescendant', items[active].id);
    items[active].scrollIntoView({ block: 'nearest' });
  }

  function pick(i) {
    if (i === results.length && more) {
      run(lastQuery, results.length);
      return;
    }
    const r = results[i];
    if (!r) return;
    close();
    input.value = '';
    onPick(r.code);
  }

  function show(items, q) {
    results = items;
    active = -1;
    if (!items.length) {
      fill(list, h('li', { class: 'result-empty', role: 'presentation' }, t('search.none', { q })));
    } else {
      const options = items.map((r, i) => h('li', {
        id: `search-option-${i}`,
        role: 'option',
        'aria-selected': 'false',
        dataset: { code: r.code, match: r.match || '' },
        // mousedown, not click: keeps the input focused so blur does not
        // close the list before the pick lands.
        onmousedown: (e) => { e.preventDefault(); pick(i); },
      },
      h('span', { class: 'result-name' }, r.name),
      h('span', { class: 'result-meta' }, resultMeta(r))));
      if (more) {
        options.push(h('li', {
          id: 'search-more',
          role: 'option',
          class: 'result-more',
          'aria-selected': 'false',
          onmousedown: (e) => { e.preventDefault(); pick(items.length); },
        }, t('search.more', { n: total - items.length })));
      }
      fill(list, options);
    }
    status.textContent = items.length ? t('search.count', { n: total }) : t('search.none', { q });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  // The first page of `q`'s matches, or (`offset`) the next one after
  // those shown.
  async function run(q, offset = 0) {
    controller?.abort();
    controller = new AbortController();
    try {
      const params = { q, limit: PAGE };
      if (level?.value) params.level = level.value;
      if (offset) params.offset = offset;
      const body = await api.search(params, { signal: controller.signal });
      // A slower, older answer must not replace a newer one.
      if (q !== lastQuery) return;
      const page = Array.isArray(body.results) ? body.results : [];
      more = Boolean(body.more);
      total = Number(body.total ?? page.length);
      show(offset ? [...results, ...page] : page, q);
      if (offset) highlight(offset);
    } catch (e) {
      if (e.name === 'AbortError') return;
      fill(list, h('li', { class: 'result-empty', role: 'presentation' },
        t('search.error', { message: errorMessage(e) })));
      list.hidden = false;
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    lastQuery = q;
    if (q.length < MIN_CHARS) {
      controller?.abort();
      close();
      return;
    }
    timer = setTimeout(() => run(q), DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (list.hidden) return;
      e.preventDefault();
      highlight(active + (e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'Escape') {
      close();
    }
  });

  // Another level: the same text searched again.
  level?.addEventListener('change', () => {
    const q = input.value.trim();
    lastQuery = q;
    if (q.length >= MIN_CHARS) run(q);
  });

  // Enter: the highlighted result, else the first.
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!list.hidden && results.length) pick(active >= 0 ? active : 0);
  });

  input.addEventListener('blur', close);
}
