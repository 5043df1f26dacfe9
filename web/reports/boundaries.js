// The map's boundary files, on the Reports page: the levels the map draws
// from official boundaries and the files uploaded (GET /boundary-files,
// public), and for national administrators an upload (POST
// /boundary-files) whose answer says which places the file draws and
// which it lacks, so that no place is silently left grey on the map.  The
// server checks the file whole and the caller's role again.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { getJson, send, ApiError } from '../api.js';
import { errorMessage } from '../errors.js';
import { formatIndian } from '../format.js';

const isAdmin = (session) => (session?.roles || []).some((r) => r.role === 'national_admin');
const levelsText = (levels) => (levels
  ? levels.split(',').map((l) => t(`rep.bounds.level_${l}`)).join(', ')
  : t('rep.bounds.none'));

// The answer to an upload: per level, places with and without a boundary.
function uploadResult(r) {
  const parts = [h('p', { id: 'rep-bounds-done', role: 'status' },
    t('rep.bounds.done', { name: r.filename, features: formatIndian(r.features), levels: levelsText(r.levels) }))];
  for (const [level, p] of Object.entries(r.places || {})) {
    parts.push(h('p', { dataset: { level } }, t('rep.bounds.places', {
      level: t(`rep.bounds.level_${level}`), with: formatIndian(p.places_with_boundary), without: formatIndian(p.places_without_boundary),
    })));
    if (p.missing?.length) {
      parts.push(h('details', { class: 'rep-bounds-missing', dataset: { level } },
        h('summary', null, t('rep.bounds.missing', { n: formatIndian(p.missing.length) })),
        h('ul', null, p.missing.map((m) => h('li', null, `${m.name} (${m.code}${m.lgd_code != null ? `, LGD ${m.lgd_code}` : ''})`)))));
    }
    if (p.districts_in_states_not_drawn) {
      parts.push(h('p', { class: 'muted' }, t('rep.bounds.elsewhere', { n: formatIndian(p.districts_in_states_not_drawn) })));
    }
    if (p.features_naming_no_place) {
      parts.push(h('p', { class: 'warn' }, t('rep.bounds.unknown', {
        n: formatIndian(p.features_naming_no_place), codes: p.unknown_lgd_codes.slice(0, 20).join(', '),
      })));
    }
  }
  return h('div', { id: 'rep-bounds-result' }, parts);
}

// A <details> section; `session` decides whether the upload is offered.
export function boundariesPanel(session) {
  const list = h('div', { id: 'rep-bounds-list' }, h('p', { class: 'muted' }, t('rep.bounds.loading')));
  const result = h('div', { 'aria-live': 'polite' });
  async function refresh() {
    try {
      const b = await getJson('/boundary-files');
      list.replaceChildren(
        h('p', { id: 'rep-bounds-levels' }, t('rep.bounds.levels', { levels: levelsText(b.levels) })),
        b.files.length ? h('ul', { id: 'rep-bounds-files' }, b.files.map((f) => h('li', null,
          t('rep.bounds.file', {
            name: f.filename, levels: levelsText(f.levels), features: formatIndian(f.features), by: f.recorded_by, at: f.recorded_at.slice(0, 16).replace('T', ' '),
          })))) : h('p', { class: 'muted' }, t('rep.bounds.no_files')));
    } catch (e) {
      list.replaceChildren(h('p', { class: 'error' }, errorMessage(e)));
    }
  }
  let form = null;
  if (isAdmin(session)) {
    const file = h('input', { id: 'rep-bounds-file', name: 'file', type: 'file', accept: '.geojson,.json,application/geo+json,application/json' });
    const error = h('p', { id: 'rep-bounds-error', class: 'error', role: 'alert', hidden: true });
    const button = h('button', { id: 'rep-bounds-upload', type: 'submit', class: 'button' }, t('rep.bounds.upload'));
    form = h('form', {
      id: 'rep-bounds-form', class: 'form-grid', novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        error.hidden = true;
        result.replaceChildren();
        const f = file.files?.[0];
        if (!f) {
          error.textContent = t('rep.bounds.choose');
          error.hidden = false;
          return;
        }
        button.disabled = true;
        try {
          const r = await send('POST', '/boundary-files', { file: await f.text(), filename: f.name });
          result.replaceChildren(uploadResult(r));
          await refresh();
        } catch (err) {
          if (!(err instanceof ApiError)) console.error(err);
          error.textContent = errorMessage(err);
          error.hidden = false;
        } finally {
          button.disabled = false;
        }
      },
    },
    h('div', { class: 'field', dataset: { field: 'file' } },
      h('label', { for: 'rep-bounds-file' }, t('rep.bounds.file_label')),
      file,
      h('small', { class: 'muted' }, t('rep.bounds.hint'))),
    h('div', { class: 'field-actions' }, button), error);
  }
  refresh();
  return h('details', { id: 'rep-bounds', class: 'panel rep-bounds' },
    h('summary', null, h('h3', null, t('rep.bounds.title'))),
    h('p', { class: 'muted' }, t('rep.bounds.intro')), list, form, result);
}
