// Building DOM without HTML strings: every text, whether ours or a model's answer, goes in as a text node.
// Nothing in this UI parses a string as HTML (UiSourceTest keeps it that way).

/**
 * Creates an element. props: class, text, dataset{}, style{}, on<event> handlers, DOM properties (value, checked,
 * disabled…) when not strings, anything else as an attribute. Children: nodes, strings (as text), arrays, null.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style') Object.assign(el.style, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (typeof v !== 'string' && k in el) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  add(el, children);
  return el;
}

/** Appends children (nodes, or anything else as text). */
export function add(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** Replaces all children. */
export function put(el, ...children) {
  el.replaceChildren();
  return add(el, ...children);
}

/** A message box: kind is info, empty, error or warn. */
export function note(kind, ...children) {
  return h('div', { class: `note note-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...children);
}

/** A labelled select; options are [value, label] pairs or plain values. */
export function select(props, options, selected) {
  const s = h('select', props);
  for (const o of options) {
    const [value, label] = Array.isArray(o) ? o : [o, o];
    s.append(h('option', { value: String(value), selected: String(value) === String(selected) }, label));
  }
  return s;
}

/** A table: head is a list of header cells (text or nodes), rows a list of row elements. */
export function table(props, head, rows) {
  return h('div', { class: 'table-wrap' },
    h('table', props, h('thead', null, h('tr', null, head.map((c) => (c instanceof Node ? c : h('th', null, c))))),
      h('tbody', null, rows)));
}

/** Calls fn at most once per `ms`, the last call winning. */
export function throttle(fn, ms) {
  let timer = null;
  let pending = false;
  return (...args) => {
    if (timer) {
      pending = args;
      return;
    }
    fn(...args);
    timer = setTimeout(function tick() {
      if (pending) {
        const a = pending;
        pending = false;
        fn(...a);
        timer = setTimeout(tick, ms);
      } else {
        timer = null;
      }
    }, ms);
  };
}
