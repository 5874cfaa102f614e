// Numbers for people, and what each one means (shared/guides/metrics.md). The API's own definitions win where it
// sends them (GET /api/aggregates → definitions); these are the same texts for pages that have none.

export const PERCENTILES = 'Percentiles use linear interpolation between closest ranks (DuckDB quantile_cont); pooled over several cells (machine × model variant × prompt), every cell weighs the same: each of its n values weighs 1/n, so extra rounds for an unstable cell sharpen it without giving it more weight.';

export const DEFINITIONS = {
  ttft_ms: 'Time to first token: t_first − t_send, from writing the request to the arrival of the first streamed chunk that carries generated text (ms).',
  e2e_ms: 'End to end: t_end − t_send, from writing the request until [DONE] is parsed (or the final chunk of a stream without [DONE]); never the later moment the connection closes (ms).',
  tpot_ms: 'Time per output token after the first: (t_last − t_first) / (n_out − 1), only when n_out > 1 (ms).',
  decode_tps: 'Decode rate: (n_out − 1) / (t_last − t_first) = 1000 / tpot_ms (tokens/s).',
  prefill_tps: 'Prefill rate: n_in / ttft_ms × 1000 (tokens/s); includes queueing and transport.',
  peak_rss_bytes: 'Peak resident memory of the engine during the measured requests (bytes).',
  error_rate: 'Failed measured requests / measured requests.',
  n: 'n: measured requests behind the figure (warm-ups and the cold request excluded).',
  hardware_class: 'Hardware class: CPU vendor and family (generation where the name tells it), logical threads, RAM (the smallest standard size that holds what the OS reports: 8/12/16/24/32/48/64/96/128 GB), accelerators (a discrete GPU as gpu:vendor-VRAM tier, an NPU as npu:vendor, both joined by +; else an integrated GPU as igpu:vendor), OS, and for laptops the power source of each request. Fixed when a sample is stored: a machine that changes later does not move its history.',
  machines: 'Machines of the hardware class whose samples are pooled (never an average of per-machine percentiles).',
  ci: '95 % confidence interval of the median (distribution-free; with cells of unequal size, for the effective number of values cells² / Σ 1/n).',
  cells: 'Cells (machine × model variant × prompt) behind the figure; each weighs the same in its percentiles.',
  unstable: 'Unstable: coefficient of variation ≥ 3 %, or a point farther than 3 × 1.4826 × MAD (a robust 3 sd) from the cell median, even after extra repetitions.',
  regression: 'Regressions between consecutive runs of a schedule compare each cell (machine × model variant × prompt) with itself, only cells measured in both runs; per hardware class × model × metric the change is the Hodges–Lehmann shift of those cells in %, with its exact 95 % interval (Mann–Whitney, summed over the cells); p is Holm-adjusted over every test of the run pair, and a change is shown only when significant and when its whole interval lies beyond the campaign\'s threshold (default ± 3 %).',
  quality_failed: 'Failed quality check: an answer did not match the prompt\'s expectation (exact, contains or regex).',
  tokens_per_joule: 'Tokens per joule: all output tokens over all joules of the successful measured answers whose machine read an energy counter (RAPL package and DRAM on Linux, the same through the Energy Meter Interface on Windows, or the battery while on battery). An estimate (est.): the counters cover the whole processor or machine, not the engine alone; idle power is not subtracted. — where no counter was read.',
  suspected_cpu_fallback: 'Suspected CPU fallback: this NPU or GPU variant decoded with the CPU at least half as busy as the CPU variant of the same model on the same machine; never recommended.',
};

/** The metrics the results page offers: where the figure lives in an aggregate group, its unit and direction. */
export const METRICS = [
  { key: 'decode_p50', label: 'Decode tok/s p50', metric: 'decode_tps', stat: 'p50', unit: 'tok/s', higherIsBetter: true },
  { key: 'ttft_p90', label: 'TTFT p90', metric: 'ttft_ms', stat: 'p90', unit: 'ms', higherIsBetter: false },
  { key: 'e2e_p50', label: 'E2E p50', metric: 'e2e_ms', stat: 'p50', unit: 'ms', higherIsBetter: false },
  { key: 'peak_memory', label: 'Peak memory', metric: 'peak_rss_bytes', stat: null, unit: 'bytes', higherIsBetter: false },
];

/** The definition of a metric, the API's when given. */
export function definition(metric, apiDefinitions) {
  return (apiDefinitions && apiDefinitions[metric]) || DEFINITIONS[metric] || '';
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
