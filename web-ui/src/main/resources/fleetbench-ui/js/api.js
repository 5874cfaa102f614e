// The one way this UI talks to the coordinator: JSON over fetch, the bearer token (asked once, kept for the browser
// session in sessionStorage), and the Server-Sent Events of GET /api/events read through fetch so that the token
// travels in a header, never in a URL.
import { h, put } from './dom.js';

const TOKEN_KEY = 'fleetbench.token';

/** An answer of the API that was not 2xx: status, the API's message and the field it names (or null). */
export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field ?? null;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(extra) {
  const out = { accept: 'application/json', ...extra };
  const t = token();
  if (t) out.authorization = `Bearer ${t}`;
  return out;
}

// ---- the token dialog: one at a time, whoever asks first ----
let asking = null;

/** Asks for the token (once for all callers waiting at the same time); resolves to it, or null when dismissed. */
export function askToken(reason) {
  if (!asking) {
    asking = new Promise((resolve) => {
      const input = h('input', { type: 'password', id: 'token-input', name: 'token', autocomplete: 'off', required: true });
      const dialog = h('dialog', { id: 'token-dialog', class: 'token-dialog' });
      const done = (value) => {
        dialog.close();
        dialog.remove();
        asking = null;
        if (value) setToken(value);
        resolve(value || null);
      };
      put(dialog, h('form', {
        method: 'dialog',
        onsubmit: (e) => {
          e.preventDefault();
          done(input.value.trim());
        },
      },
      h('h2', null, 'Coordinator token'),
      h('p', null, reason || 'This coordinator runs with --token: enter it once for this browser session.'),
      h('label', { for: 'token-input' }, 'Bearer token'), input,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', id: 'token-save', class: 'primary' }, 'Use token'),
        h('button', { type: 'button', onclick: () => done(null) }, 'Cancel'))));
      dialog.addEventListener('cancel', () => done(null));
      document.body.append(dialog);
      dialog.showModal();
      input.focus();
    });
  }
  return asking;
}

async function request(method, path, body, contentType) {
  for (let attempt = 0; ; attempt++) {
    const init = { method, headers: headers(body === undefined ? {} : { 'content-type': contentType }) };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(path, init);
    if (res.status === 401 && attempt < 3) {
      const hadToken = token() != null;
      setToken(null);
      const t = await askToken(hadToken ? 'The token was refused: enter the coordinator\'s token.' : null);
      if (t) continue;
    }
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = text;
    }
    if (!res.ok) {
      const message = data && typeof data === 'object' && data.error ? data.error : `${res.status} ${res.statusText}`;
      throw new ApiError(res.status, message, data && typeof data === 'object' ? data.field : null);
    }
    return data;
  }
}

export const get = (path) => request('GET', path);
export const post = (path, body, contentType = 'application/json') => request('POST', path, body ?? {}, contentType);

/** Query string from an object, skipping empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ---- the event stream ----
const listeners = new Map(); // type -> Set<fn>
let state = 'connecting';
const stateListeners = new Set();

/** Subscribes to one event type (worker, campaign, lease, or 'open' after every (re)connection); returns unsubscribe. */
export function on(type, fn) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(fn);
  return () => listeners.get(type).delete(fn);
}

/** Follows the stream's state: connecting, live, offline. */
export function onStreamState(fn) {
  stateListeners.add(fn);
  fn(state);
  return () => stateListeners.delete(fn);
}

function setState(s) {
  state = s;
  for (const fn of stateListeners) fn(s);
}

function dispatch(type, data) {
  for (const fn of listeners.get(type) || []) {
    try {
      fn(data);
    } catch (e) {
      console.warn('event listener failed', e); // eslint-disable-line no-console
    }
  }
}

/** Parses one SSE block ("event: x\ndata: {...}"), dispatching it. */
function block(text) {
  let type = 'message';
  const data = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith(':') || line === '') continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return;
  let payload;
  try {
    payload = JSON.parse(data.join('\n'));
  } catch {
    return;
  }
  dispatch(type, payload);
}

let started = false;

/** Opens the stream once; reconnects with back-off, asking for the token when it is refused. */
export function startEvents() {
  if (started) return;
  started = true;
  let delay = 1000;
  const loop = async () => {
    for (;;) {
      try {
        setState('connecting');
        const res = await fetch('/api/events', { headers: headers({ accept: 'text/event-stream' }) });
        if (res.status === 401) {
          const hadToken = token() != null;
          setToken(null);
          const t = await askToken(hadToken ? 'The token was refused: enter the coordinator\'s token.'
            : 'Live updates need the coordinator\'s token (it runs with --token).');
          if (!t) {
            setState('offline');
            await sleep(30_000);
          }
          continue;
        }
        if (!res.ok || !res.body) throw new Error(`event stream: ${res.status}`);
        setState('live');
        dispatch('open', {});
        delay = 1000;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut;
          while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
            const m = buffer.slice(cut).match(/^\r?\n\r?\n/);
            block(buffer.slice(0, cut));
            buffer = buffer.slice(cut + m[0].length);
          }
        }
      } catch {
        // the coordinator went away or the network dropped: try again below
      }
      setState('offline');
      await sleep(delay);
      delay = Math.min(delay * 2, 10_000);
    }
  };
  loop();
}

function sleep(millis) {
  return new Promise((r) => setTimeout(r, millis));
}
