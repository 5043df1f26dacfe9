// A tiny element builder.  Text always goes in as text nodes, never as
// HTML, so names from the data cannot inject markup; and no inline style
// attributes are written, which the Content-Security-Policy would refuse.

// h('a', {class: 'drill', href: '/?unit=S36', dataset: {code: 'S36'},
//   onclick: fn}, 'Telangana')
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

// Replaces the children of `el`.
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

// Appends to `el` like h() does: null, undefined and false are left out,
// arrays are flattened (Element.append would write "null").
export function add(el, ...children) {
  append(el, children);
  return el;
}
