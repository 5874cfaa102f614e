// The prediction beside the measurement: per hardware class × model, the decode rate predicted from the machine's
// measured memory bandwidth and the model's size (an estimate) next to the measured decode median (with its n), their
// ratio, the predicted memory fit, and the prediction's error per class.
// Data: GET /api/campaigns/{id}/predictions (docs/api.md).
import { get } from './api.js';
import { h, put, table } from './dom.js';
import { bytes, num, tps } from './format.js';

/** "4.82 tok/s"; "—" without a figure. */
function rate(v) {
  return v == null ? '—' : tps(v);
}

/** Fills el with the prediction table of a campaign; leaves it empty where no cell has a prediction. */
export async function predictionsView(el, campaignId, alive) {
  const doc = await get(`/api/campaigns/${encodeURIComponent(campaignId)}/predictions`);
  const rows = (doc.rows || []).filter((r) => r.predicted_cells > 0);
  if (!alive() || rows.length === 0) return;
  const defs = doc.definitions || {};
  const th = (label, key) => h('th', { title: defs[key] || '' }, label);
  const errors = new Map((doc.classes || []).map((c) => [c.hardware_class, c]));
  put(el,
    h('h2', null, 'Predicted against measured decode'),
    h('p', { class: 'muted small' }, 'Predicted (estimated): the machine\'s measured memory bandwidth ÷ the bytes read '
      + 'per token (model file + key/value cache), an upper bound where memory sets the pace. Measured: the median decode '
      + 'rate of the measured requests. Error per class: median over its cells of |predicted − measured| ÷ measured.'),
    table({ class: 'grid', id: 'predictions' },
      ['Hardware class', 'Model', th('Predicted decode', 'predicted_decode_tps'), th('Measured decode p50', 'measured_decode_p50'),
        th('Measured ÷ predicted', 'ratio'), th('Memory need', 'memory_bytes'), th('Class error', 'median_abs_pct_error')],
      rows.map((r) => {
        const err = errors.get(r.hardware_class);
        return h('tr', { dataset: { class: r.hardware_class, model: r.model } },
          h('td', { title: r.hardware_class }, r.hardware_class_label || r.hardware_class),
          h('td', null, r.model),
          h('td', { class: 'num predicted', title: defs.predicted_decode_tps || '' }, rate(r.predicted_decode_tps),
            r.skipped ? h('div', { class: 'muted small', title: defs.predicted_too_slow || '' }, `${r.skipped} cell${r.skipped === 1 ? '' : 's'} not run: predicted too slow`) : null),
          h('td', { class: 'num measured', title: defs.measured_decode_p50 || '' }, rate(r.measured_decode_p50),
            h('div', { class: 'muted small' }, `n = ${r.n}`)),
          h('td', { class: 'num ratio', title: defs.ratio || '' }, r.ratio == null ? '—' : `${num(r.ratio, 2)}×`),
          h('td', { class: 'num memory', title: defs.memory_bytes || '' }, bytes(r.memory_bytes),
            r.fits == null ? null : h('div', { class: 'muted small' }, r.fits ? 'fits' : 'does not fit')),
          h('td', { class: 'num error', title: defs.median_abs_pct_error || '' },
            err && err.median_abs_pct_error != null ? `${num(err.median_abs_pct_error, 1)} %` : '—',
            err ? h('div', { class: 'muted small' }, `${err.scored_cells} cell${err.scored_cells === 1 ? '' : 's'}`) : null));
      })));
}
