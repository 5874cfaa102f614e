// Compare two machines, hardware classes or campaign runs side by side, differences highlighted, and list the
// regressions between runs of scheduled campaigns. Data: GET /api/compare?a=…&b=…, GET /api/regressions,
// GET /api/workers, GET /api/campaigns.
import { get, missingEndpoint, query } from '../api.js';
import { h, note, put, select, table } from '../dom.js';
import { num } from '../format.js';
import { machineNames } from './fleet.js';

/** Flattens JSON into [path, value] pairs of its leaves. */
export function flatten(value, path = '', out = []) {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v]) : Object.entries(value).map(([k, v]) => [path ? `.${k}` : k, v]);
    if (entries.length === 0) out.push([path, Array.isArray(value) ? '[]' : '{}']);
    for (const [k, v] of entries) flatten(v, `${path}${k}`, out);
  } else {
    out.push([path, value]);
  }
  return out;
}

/** Rows of a side-by-side view: a path's "a" and "b" leaves paired ("x.a.y" with "x.b.y"); the rest shared. */
export function pairUp(result) {
  const rows = new Map();
  for (const [path, value] of flatten(result)) {
    const parts = path.split('.');
    const i = parts.findIndex((p) => p === 'a' || p === 'b');
    const key = i < 0 ? path : [...parts.slice(0, i), '*', ...parts.slice(i + 1)].join('.');
    if (!rows.has(key)) rows.set(key, { key, a: undefined, b: undefined, shared: undefined });
    const r = rows.get(key);
    if (i < 0) r.shared = value;
    else r[parts[i]] = value;
  }
  return [...rows.values()];
}

/** Relative difference b vs a when both are numbers; null otherwise. */
export function change(a, b) {
  if (typeof a !== 'number' || typeof b !== 'number' || a === b) return typeof a === 'number' && a === b ? 0 : null;
  return a === 0 ? null : (b - a) / Math.abs(a);
}

function show(v) {
  if (v === undefined) return '';
  if (typeof v === 'number') return num(v);
  return String(v);
}

export async function render(root, ctx) {
  const [workers, campaigns] = await Promise.all([get('/api/workers'), get('/api/campaigns')]);
  const classes = [...new Map(workers.map((w) => [w.hardware_class, w.hardware_class_label || w.hardware_class])).entries()];
  const names = machineNames(workers);
  const options = {
    worker: workers.map((w) => [`worker:${w.worker_id}`, names.get(w.worker_id)]),
    class: classes.map(([k, l]) => [`class:${k}`, l]),
    campaign: [...campaigns].sort((x, y) => (y.created_at || '').localeCompare(x.created_at || ''))
      .map((c) => [`campaign:${c.id}`, `${c.name || c.id} (${c.state})`]),
  };
  const a = ctx.params.get('a') || '';
  const b = ctx.params.get('b') || '';
  const picker = (side, value) => {
    const kind = (value.split(':')[0]) || 'campaign';
    const valueSelect = select({ id: `compare-${side}`, name: side }, options[kind] || [], value);
    const kindSelect = select({ id: `compare-${side}-kind`, onchange: (e) => {
      put(valueSelect, (options[e.target.value] || []).map(([v, l]) => h('option', { value: v }, l)));
    } }, [['campaign', 'campaign run'], ['class', 'hardware class'], ['worker', 'machine']], kind);
    return h('div', { class: 'side' }, h('strong', null, side.toUpperCase()), ' ', kindSelect, ' ', valueSelect);
  };
  const form = h('form', { class: 'filters', id: 'compare-form', onsubmit: (e) => {
    e.preventDefault();
    location.hash = `#/compare${query({ a: form.elements.a.value, b: form.elements.b.value })}`;
  } }, picker('a', a), picker('b', b), h('button', { type: 'submit', class: 'primary', id: 'compare-go' }, 'Compare'));
  const out = h('div', { id: 'comparison' });
  const regressions = h('div', { id: 'regressions' });
  put(root, h('h1', null, 'Compare'), form, out, h('h2', null, 'Regressions'), regressions);

  const loadRegressions = async () => {
    try {
      const r = await get('/api/regressions');
      const items = Array.isArray(r) ? r : r.regressions || r.items || [];
      if (items.length === 0) {
        put(regressions, note('empty', 'No regressions: no change beyond the noise between runs of scheduled campaigns.'));
        return;
      }
      const keys = [...new Set(items.flatMap((x) => Object.keys(x)))];
      put(regressions, table({ class: 'grid', id: 'regression-list' }, keys.map((k) => k.replace(/_/g, ' ')),
        items.map((x) => h('tr', null, keys.map((k) => h('td', null,
          x[k] !== null && typeof x[k] === 'object' ? JSON.stringify(x[k]) : show(x[k])))))));
    } catch (e) {
      put(regressions, missingEndpoint(e) ? note('warn', 'This coordinator does not serve regressions (GET /api/regressions) yet.')
        : note('error', `Regressions could not be read: ${e.message}`));
    }
  };
  const loadComparison = async () => {
    if (!a || !b) {
      put(out, note('empty', 'Pick two campaign runs, hardware classes or machines, then Compare.'));
      return;
    }
    try {
      const result = await get(`/api/compare${query({ a, b })}`);
      const rows = pairUp(result);
      put(out, table({ class: 'grid compare', id: 'comparison-table' }, ['', 'A', 'B', 'Change'], rows.map((r) => {
        if (r.a === undefined && r.b === undefined) {
          return h('tr', { class: 'shared' }, h('td', null, r.key), h('td', { colspan: '3' }, show(r.shared)));
        }
        const c = change(r.a, r.b);
        const differs = c === null ? show(r.a) !== show(r.b) : Math.abs(c) >= 0.05;
        return h('tr', { class: differs ? 'differs' : null }, h('td', null, r.key.replace(/\.\*/g, '')),
          h('td', { class: 'num' }, show(r.a)), h('td', { class: 'num' }, show(r.b)),
          h('td', { class: 'num' }, c === null ? (differs ? 'differs' : '') : `${c > 0 ? '+' : ''}${num(c * 100, 1)} %`));
      })));
    } catch (e) {
      put(out, missingEndpoint(e) ? note('warn', 'This coordinator does not serve comparisons (GET /api/compare) yet.')
        : note('error', e.message));
    }
  };
  await Promise.all([loadComparison(), loadRegressions()]);
}
