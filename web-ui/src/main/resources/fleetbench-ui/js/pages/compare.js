// Compare two machines, hardware classes or campaign runs side by side, model by model, differences highlighted; and
// the regressions between runs of scheduled campaigns with the fingerprint fields that changed.
// Data: GET /api/compare?a=…&b=…, GET /api/regressions, GET /api/workers, GET /api/campaigns.
import { get, query } from '../api.js';
import { h, note, put, select, table } from '../dom.js';
import { DEFINITIONS, METRIC_INFO, inUnit, num, pct, when } from '../format.js';
import { machineNames } from './fleet.js';

/** The figures compared; unit and the direction that is better are the API's (GET /api/metrics). */
const FIGURES = [
  { metric: 'ttft_ms', ratio: 'ttft_ms_p50', label: 'TTFT p50' },
  { metric: 'decode_tps', ratio: 'decode_tps_p50', label: 'Decode p50' },
  { metric: 'e2e_ms', ratio: 'e2e_ms_p50', label: 'E2E p50' },
].map((f) => ({ ...f, get unit() { return METRIC_INFO[f.metric].unit; }, get higherIsBetter() { return METRIC_INFO[f.metric].higherIsBetter; } }));

/** A change B/A worth pointing at (≥ 5 %): 'better', 'worse' or null. */
export function verdict(ratio, higherIsBetter) {
  if (ratio == null || Math.abs(ratio - 1) < 0.05) return null;
  return (ratio > 1) === higherIsBetter ? 'better' : 'worse';
}

export async function render(root, ctx) {
  const [workers, campaigns] = await Promise.all([get('/api/workers'), get('/api/campaigns')]);
  const names = machineNames(workers);
  const classes = [...new Map(workers.map((w) => [w.hardware_class, w.hardware_class_label || w.hardware_class])).entries()];
  const sorted = [...campaigns].sort((x, y) => (y.created_at || '').localeCompare(x.created_at || ''));
  const options = {
    campaign: sorted.map((c) => [`campaign:${c.id}`, `${c.name || c.id} (${when(c.created_at)})`]),
    class: classes.map(([k, l]) => [`class:${k}`, l]),
    worker: workers.map((w) => [`worker:${w.worker_id}`, names.get(w.worker_id)]),
  };
  const labelOf = (v) => Object.values(options).flat().find(([k]) => k === v)?.[1] || v;
  const a = ctx.params.get('a') || options.campaign[1]?.[0] || '';
  const b = ctx.params.get('b') || options.campaign[0]?.[0] || '';
  const picker = (side, value) => {
    const kind = value.split(':')[0] || 'campaign';
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
  put(root, h('h1', null, 'Compare'), form, out, h('h2', null, 'Regressions'),
    h('p', { class: 'muted small', title: DEFINITIONS.regression }, DEFINITIONS.regression),
    regressions);

  const loadComparison = async () => {
    if (!a || !b) {
      put(out, note('empty', 'Pick two campaign runs, hardware classes or machines, then Compare.'));
      return;
    }
    let result;
    try {
      result = await get(`/api/compare${query({ a, b })}`);
    } catch (e) {
      put(out, note('error', e.message));
      return;
    }
    const models = result.models || [];
    if (models.length === 0) {
      put(out, note('empty', 'Neither side has measured samples yet.'));
      return;
    }
    const figureCells = (row, f) => {
      const side = (s) => (s && s.metrics && s.metrics[f.metric] ? s.metrics[f.metric].p50 : null);
      const ratio = row.b_over_a ? row.b_over_a[f.ratio] : null;
      const v = verdict(ratio, f.higherIsBetter);
      return [
        h('td', { class: 'num', title: DEFINITIONS[f.metric] }, row.a ? inUnit(side(row.a), f.unit) : '—'),
        h('td', { class: 'num', title: DEFINITIONS[f.metric] }, row.b ? inUnit(side(row.b), f.unit) : '—'),
        h('td', { class: `num change ${v || ''}`, dataset: { verdict: v || 'same' },
          title: 'B / A of the medians; changes of 5 % or more are marked (green better, red worse)' },
        ratio == null ? '' : `${ratio >= 1 ? '+' : ''}${num((ratio - 1) * 100, 1)} %`),
      ];
    };
    const errors = (s) => (s ? pct(s.requests ? s.failures / s.requests : null) : '—');
    put(out,
      h('p', { class: 'muted' }, h('strong', null, 'A: '), labelOf(result.a), ' · ', h('strong', null, 'B: '), labelOf(result.b)),
      h('div', { class: 'table-wrap' }, h('table', { class: 'grid compare', id: 'comparison-table' },
        h('thead', null,
          h('tr', null, h('th', { rowspan: '2' }, 'Model'),
            FIGURES.map((f) => h('th', { colspan: '3', title: DEFINITIONS[f.metric] }, f.label)),
            h('th', { colspan: '2', title: DEFINITIONS.n }, 'n'), h('th', { colspan: '2', title: DEFINITIONS.error_rate }, 'Errors')),
          h('tr', { class: 'subhead' }, FIGURES.map(() => [h('th', null, 'A'), h('th', null, 'B'), h('th', null, 'B vs A')]),
            h('th', null, 'A'), h('th', null, 'B'), h('th', null, 'A'), h('th', null, 'B'))),
        h('tbody', null, models.map((row) => h('tr', { dataset: { model: row.model } },
          h('td', null, row.model, !row.a ? h('div', { class: 'muted small' }, 'only in B') : null,
            !row.b ? h('div', { class: 'muted small' }, 'only in A') : null),
          FIGURES.map((f) => figureCells(row, f)),
          h('td', { class: 'num' }, row.a ? row.a.requests : '—'), h('td', { class: 'num' }, row.b ? row.b.requests : '—'),
          h('td', { class: 'num' }, errors(row.a)), h('td', { class: 'num' }, errors(row.b))))))));
  };

  const loadRegressions = async () => {
    let list;
    try {
      list = await get('/api/regressions');
    } catch (e) {
      put(regressions, note('error', `Regressions could not be read: ${e.message}`));
      return;
    }
    const items = Array.isArray(list) ? list : list.regressions || [];
    if (items.length === 0) {
      put(regressions, note('empty', 'No regressions: no change beyond the noise and the practical threshold between runs of scheduled campaigns.'));
      return;
    }
    const unit = (m) => (m.endsWith('_tps') ? 'tok/s' : m.endsWith('_ms') ? 'ms' : '');
    const signed = (x) => `${x > 0 ? '+' : ''}${num(x, 1)} %`;
    const cellList = (r) => h('details', null, h('summary', null, `${(r.cells || []).length} cells, n ${r.previous_n} → ${r.n}`),
      h('ul', { class: 'small' }, (r.cells || []).map((c) => h('li', null,
        `${c.worker_id} · ${c.prompt}: ${signed(c.change_pct)}`,
        c.ci_low_pct == null ? ' (too few repetitions for an interval)' : ` [${signed(c.ci_low_pct)}, ${signed(c.ci_high_pct)}]`,
        ` · n ${c.previous_n} → ${c.n} · p ${num(c.p_value, 3)}`))));
    put(regressions, table({ class: 'grid', id: 'regression-list' },
      ['Class', 'Model', 'Metric', 'Before', 'After', 'Change', '95 % interval', 'p (Holm)', 'Cells', 'Fingerprint changes'],
      items.map((r) => h('tr', { class: r.worse ? 'worse' : 'better' },
        h('td', null, r.hardware_class), h('td', null, r.model), h('td', { title: DEFINITIONS[r.metric] || '' }, r.metric),
        h('td', { class: 'num' }, inUnit(r.previous_median, unit(r.metric)), h('div', { class: 'muted small' }, r.previous_campaign)),
        h('td', { class: 'num' }, inUnit(r.median, unit(r.metric)), h('div', { class: 'muted small' }, r.campaign)),
        h('td', { class: `num change ${r.worse ? 'worse' : 'better'}`, title: DEFINITIONS.regression }, signed(r.change_pct)),
        h('td', { class: 'num', title: `beyond ± ${num(r.threshold_pct, 1)} %` },
          `${signed(r.ci_low_pct)} … ${signed(r.ci_high_pct)}`, h('div', { class: 'muted small' }, `threshold ± ${num(r.threshold_pct, 1)} %`)),
        h('td', { class: 'num' }, num(r.adjusted_p, 4), h('div', { class: 'muted small' }, `${r.family_size} tests`)),
        h('td', null, cellList(r)),
        h('td', null, Object.entries(r.fingerprint_changes || {}).map(([field, c]) =>
          h('div', null, h('strong', null, field), `: ${(c.before || []).join(', ')} → ${(c.after || []).join(', ')}`)))))));
  };
  await Promise.all([loadComparison(), loadRegressions()]);
}
