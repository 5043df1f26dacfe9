// The "find a place" box: an ARIA combobox over GET /api/v1/units?q=.
// Focus stays in the input; arrow keys move the highlighted option
// (aria-activedescendant), Enter opens it, Escape closes the list.

import { h, fill } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';
import { errorMessage } from './errors.js';

const DEBOUNCE_MS = 200;
const MIN_CHARS = 2;

export function attachSearch({ form, input, list, status }, onPick) {
  let results = [];
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
      fill(list, items.map((r, i) => h('li', {
        id: `search-option-${i}`,
        role: 'option',
        'aria-selected': 'false',
        dataset: { code: r.code },
        // mousedown, not click: keeps the input focused so blur does not
        // close the list before the pick lands.
        onmousedown: (e) => { e.preventDefault(); pick(i); },
      },
      h('span', { class: 'result-name' }, r.name),
      h('span', { class: 'result-meta' },
        [t(`level.${r.level}`), r.path].filter(Boolean).join(' · ')))));
    }
    status.textContent = items.length ? t('search.count', { n: items.length }) : t('search.none', { q });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  async function run(q) {
    controller?.abort();
    controller = new AbortController();
    try {
      const body = await api.search(q, { signal: controller.signal });
      // A slower, older answer must not replace a newer one.
      if (q !== lastQuery) return;
      show(Array.isArray(body.results) ? body.results : [], q);
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

  // Enter: the highlighted result, else the first.
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!list.hidden && results.length) pick(active >= 0 ? active : 0);
  });

  input.addEventListener('blur', close);
}
