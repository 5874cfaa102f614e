// Numbers for people, and what each one means. The definitions, units and directions are the coordinator's
// (GET /api/metrics: the one source the API, this UI, the CSV headers and the HTML report read); loadDefinitions()
// fills them once, before the first page renders.
import { get } from './api.js';

/** Term or metric name → its definition, from GET /api/metrics. */
export const DEFINITIONS = {};

/** Metric name → { unit, higherIsBetter }, from GET /api/metrics. */
export const METRIC_INFO = {};

/** The metrics the results page offers: where the figure lives in an aggregate group; unit and direction from the API. */
export const METRICS = [
  { key: 'decode_p50', label: 'Decode tok/s p50', metric: 'decode_tps', stat: 'p50' },
  { key: 'ttft_p90', label: 'TTFT p90', metric: 'ttft_ms', stat: 'p90' },
  { key: 'e2e_p50', label: 'E2E p50', metric: 'e2e_ms', stat: 'p50' },
  { key: 'peak_memory', label: 'Peak memory', metric: 'peak_rss_bytes', stat: null },
];

let loading = null;

/** Reads the definitions, units and directions once; every page awaits it before it renders. */
export function loadDefinitions() {
  if (!loading) {
    loading = get('/api/metrics').then((doc) => {
      for (const m of doc.metrics) {
        DEFINITIONS[m.name] = m.definition;
        METRIC_INFO[m.name] = { unit: m.unit, higherIsBetter: m.direction === 'higher' };
      }
      Object.assign(DEFINITIONS, doc.terms);
      for (const m of METRICS) Object.assign(m, METRIC_INFO[m.metric]);
    }).catch((e) => {
      loading = null;
      throw e;
    });
  }
  return loading;
}

/** The definition of a metric or term. */
export function definition(name) {
  return DEFINITIONS[name] || '';
}

/** A number with sensible precision; '—' when missing. */
export function num(v, digits) {
  if (v == null || Number.isNaN(v)) return '—';
  const n = Number(v);
  const d = digits ?? (Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2);
  return n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function ms(v) {
  if (v == null) return '—';
  return Math.abs(v) >= 10_000 ? `${num(v / 1000, 1)} s` : `${num(v)} ms`;
}

export function tps(v) {
  return v == null ? '—' : `${num(v)} tok/s`;
}

export function bytes(v) {
  if (v == null || v <= 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let x = Number(v);
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${num(x, i === 0 ? 0 : x >= 100 ? 0 : 1)} ${units[i]}`;
}

export function pct(fraction, digits = 1) {
  return fraction == null ? '—' : `${num(fraction * 100, digits)} %`;
}

/** A figure in the unit of a metric. */
export function inUnit(v, unit) {
  switch (unit) {
    case 'ms': return ms(v);
    case 'tok/s': return tps(v);
    case 'bytes': return bytes(v);
    case 'fraction': return pct(v);
    default: return num(v);
  }
}

/** "2 min 05 s", "45 s", "1 h 10 min". */
export function duration(millis) {
  if (millis == null || !Number.isFinite(millis)) return '—';
  const s = Math.max(0, Math.round(millis / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** "12 s ago", from an ISO instant. */
export function ago(iso, now = Date.now()) {
  if (!iso) return '—';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${duration(now - t)} ago`;
}

/** Local date and time of an ISO instant, minutes precision. */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** GB with one decimal from bytes (RAM sizes). */
export function gb(v) {
  return v ? `${num(v / 1024 ** 3, v >= 10 * 1024 ** 3 ? 0 : 1)} GB` : '—';
}
