// Showing a form's error beside the field it is about.  Each field's
// wrapper carries data-field="<name as the API calls it>"; the API's
// error.field names it (or "connections[0].households" and the like).  One
// error element per form is moved next to that field, so it keeps its id
// and role="alert"; when no field is named it sits under the buttons.

export function clearFieldError(form, errorEl) {
  errorEl.hidden = true;
  errorEl.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const actions = form.querySelector('.field-actions');
  if (actions) actions.after(errorEl);
}

export function showFieldError(form, errorEl, message, field) {
  clearFieldError(form, errorEl);
  errorEl.textContent = message;
  errorEl.hidden = false;
  const name = typeof field === 'string' ? field.replace(/^.*\./, '') : null;
  const wrapper = name ? form.querySelector(`[data-field="${CSS.escape(name)}"]`) : null;
  const control = wrapper?.querySelector('input, select, textarea');
  if (wrapper && control && !wrapper.hidden) {
    control.setAttribute('aria-invalid', 'true');
    wrapper.append(errorEl);
    control.focus();
  }
}
