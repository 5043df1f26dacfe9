// Message catalogues.  Every string a person reads comes from
// i18n/<lang>.json through t(key, params); English is always loaded too and
// fills any key a translation lacks, so a missing Hindi string shows English
// rather than a raw key.

export const LANGUAGES = Object.freeze({ en: 'English', hi: 'हिन्दी' });
export const DEFAULT_LANG = 'en';
const STORAGE_KEY = 'jjm.lang';

const catalogues = new Map(); // lang -> Promise<object>
let current = DEFAULT_LANG;
let messages = {};
let fallback = {};

export function isLanguage(code) {
  return Object.prototype.hasOwnProperty.call(LANGUAGES, code);
}

function load(lang) {
  if (!catalogues.has(lang)) {
    // Resolved against this module so it works wherever /assets/ is mounted.
    const url = new URL(`./i18n/${lang}.json`, import.meta.url);
    const p = fetch(url, { headers: { Accept: 'application/json' } }).then((r) => {
      if (!r.ok) throw new Error(`${url.pathname}: HTTP ${r.status}`);
      return r.json();
    });
    // A failed load must not stay cached: the next attempt may succeed.
    p.catch(() => catalogues.delete(lang));
    catalogues.set(lang, p);
  }
  return catalogues.get(lang);
}

// Loads `lang` (and English) and makes it current.
export async function setLanguage(lang) {
  const code = isLanguage(lang) ? lang : DEFAULT_LANG;
  const [en, msgs] = await Promise.all([load('en'), load(code)]);
  fallback = en;
  messages = msgs;
  current = code;
  document.documentElement.lang = code;
}

export function getLanguage() {
  return current;
}

// "{name} of {n}" with params {name, n}.  Unknown placeholders stay as they
// are, which makes a mismatch between catalogues easy to spot.
// `key`'s message from `catalogue` (else `base`, else the key itself) with
// each {name} in it filled from `params`; a count `n` of 1 takes the
// key's ".one" form where there is one ("1 entry.", not "1 entries.").
export function fillMessage(catalogue, base, key, params) {
  const one = params && (params.n === 1 || params.n === '1')
    ? catalogue[`${key}.one`] ?? base[`${key}.one`] : undefined;
  const template = one ?? catalogue[key] ?? base[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m,
  );
}

export function t(key, params) {
  return fillMessage(messages, fallback, key, params);
}

// Remembered choice; localStorage may be unavailable (privacy modes).
export function storedLanguage() {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

export function storeLanguage(lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* not remembered; the URL still carries it */
  }
}

// Translates the static parts of the page: elements with data-i18n get
// their text, and data-i18n-attr="placeholder:key;aria-label:key" their
// attributes.
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}
