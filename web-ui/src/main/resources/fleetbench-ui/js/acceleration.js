// CPU vs GPU vs NPU on one PC: per hardware class and model alias, each accelerator variant against the CPU variant
// of the same alias on the same machines and prompts (a campaign with devices: [npu, gpu, cpu]).
// Data: GET /api/acceleration?campaign=ID (docs/api.md).
import { get, query } from './api.js';
import { h, put, table } from './dom.js';
import { DEFINITIONS, num } from './format.js';

/** "2.00× (95 % CI 1.75–2.29)"; the interval is left out, and said so, where the cells hold too few values. */
export function ratioText(r) {
  if (!r) return '—';
  const ci = r.ci_low == null ? ' (no interval: too few values)' : ` (95 % CI ${num(r.ci_low, 2)}–${num(r.ci_high, 2)})`;
  return `${num(r.estimate, 2)}×${ci}`;
}

/** Fills el with the acceleration table of a campaign; leaves it empty where nothing was compared. */
export async function accelerationView(el, campaignId, alive) {
  const doc = await get(`/api/acceleration${query({ campaign: campaignId })}`);
  if (!alive() || !(doc.rows || []).length) return;
  const defs = doc.definitions || {};
  const fallback = DEFINITIONS.suspected_cpu_fallback;
  const th = (label, key) => h('th', { title: defs[key] || '' }, label);
  put(el,
    h('h2', null, 'Accelerators against the CPU variant'),
    h('p', { class: 'muted small' }, 'Each NPU or GPU variant against the CPU variant of the same model, over the cells '
      + '(machine × prompt) both ran on a hardware class. Decode speed-up above 1 is faster; TTFT ratio below 1 answers '
      + 'sooner. Hodges–Lehmann ratio with its exact 95 % interval.'),
    table({ class: 'grid', id: 'acceleration' },
      ['Hardware class', 'Model', 'Device', 'Variant', th('Decode speed-up', 'decode_speedup'), th('TTFT ratio', 'ttft_ratio'),
        h('th', { title: 'measured requests of the accelerator / of the CPU variant behind the decode ratio, and the machines' }, 'n'),
        'Marks'],
      doc.rows.map((r) => {
        const n = r.decode_speedup || r.ttft_ratio;
        const flagged = r.suspected_cpu_fallback > 0;
        return h('tr', { dataset: { class: r.hardware_class, model: r.model, device: r.device }, class: flagged ? 'flagged' : null },
          h('td', { title: r.hardware_class }, r.hardware_class_label || r.hardware_class),
          h('td', null, r.model),
          h('td', null, String(r.device).toUpperCase()),
          h('td', { class: 'small', title: `against ${r.cpu_variant}` }, r.variant),
          h('td', { class: 'num speedup', title: defs.decode_speedup || '' }, ratioText(r.decode_speedup)),
          h('td', { class: 'num ttft-ratio', title: defs.ttft_ratio || '' }, ratioText(r.ttft_ratio)),
          h('td', { class: 'num pairs' }, n ? `${n.n} / ${n.n_cpu}` : '—',
            h('div', { class: 'muted small' }, `${r.machines} machine${r.machines === 1 ? '' : 's'}`)),
          h('td', { class: 'marks' }, flagged
            ? h('span', { class: 'mark', title: `${fallback} (${r.suspected_cpu_fallback} flagged requests)` },
              `⇣CPU ×${r.suspected_cpu_fallback}`)
            : null));
      })));
}
