// Prompt length: TTFT and prefill rate against the prompt's length in tokens, one line per hardware class × model,
// and the table behind them (n, the median's interval, peak memory, approximated lengths, lengths that do not fit).
// Shown only for a campaign that swept context lengths. Data: GET /api/campaigns/{id}/context (docs/api.md).
import { get } from './api.js';
import { h, put, table } from './dom.js';
import { bytes, num } from './format.js';
import { chart, esc } from './charts.js';

/** The lines of one figure: per class × model, the points [tokens, p50] with their n, ascending in length. */
export function lines(rows, key) {
  const out = new Map();
  for (const r of rows) {
    const f = r[key] || {};
    if (f.p50 == null) continue;
    const name = `${r.model} · ${r.hardware_class_label || r.hardware_class}`;
    if (!out.has(name)) out.set(name, []);
    out.get(name).push({ value: [r.context_tokens, f.p50], n: f.n, low: f.median_ci_low, high: f.median_ci_high, row: r });
  }
  for (const points of out.values()) points.sort((a, b) => a.value[0] - b.value[0]);
  return [...out.entries()].map(([name, points]) => ({ name, points }));
}

async function lineChart(el, ctx, { series, unit, label }) {
  const c = await chart(el, ctx);
  c.setOption({
    animation: false,
    grid: { left: 16, right: 24, top: 56, bottom: 36, containLabel: true },
    legend: { type: 'scroll', top: 0 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => {
        const pt = series[p.seriesIndex]?.points[p.dataIndex];
        if (!pt) return '';
        const ci = pt.low == null ? 'no interval (fewer than 6 values)' : `95 % CI ${esc(num(pt.low))} – ${esc(num(pt.high))}`;
        return `<div class="tip"><strong>${esc(series[p.seriesIndex].name)}</strong><br>${esc(pt.value[0])} prompt tokens: `
          + `${esc(label)} p50 <strong>${esc(num(pt.value[1]))} ${esc(unit)}</strong><br>n = ${esc(pt.n)}, ${ci}</div>`;
      },
    },
    xAxis: { type: 'log', logBase: 2, name: 'prompt tokens', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: `${label} p50 (${unit})`, nameTextStyle: { align: 'left' } },
    series: series.map((s) => ({ type: 'line', name: s.name, symbolSize: 8, data: s.points.map((p) => p.value) })),
  });
  return c;
}

/** Fills el with the context curves of a campaign; leaves it empty where the campaign swept no lengths. */
export async function contextView(el, campaignId, ctx) {
  const doc = await get(`/api/campaigns/${encodeURIComponent(campaignId)}/context`);
  if (!ctx.alive() || !(doc.lengths || []).length) return;
  const rows = doc.rows || [];
  const defs = doc.definitions || {};
  const ttft = h('div', { class: 'chart lines', id: 'context-ttft-chart' });
  const prefill = h('div', { class: 'chart lines', id: 'context-prefill-chart' });
  const th = (label, key) => h('th', { title: defs[key] || '' }, label);
  put(el,
    h('h2', null, 'Prompt length'),
    h('p', { class: 'muted small', id: 'context-basis' }, `TTFT and prefill rate against the prompt's length (${doc.lengths.join(', ')} tokens), `
      + `one line per model × hardware class. ${doc.basis || ''}.`),
    h('h3', null, 'Time to first token'), ttft,
    h('h3', null, 'Prefill rate'), prefill,
    table({ class: 'grid', id: 'context-table' },
      ['Hardware class', 'Model', 'Prompt tokens', th('n', 'ttft_ms'), th('TTFT p50', 'ttft_ms'), '95 % CI of the median',
        th('Prefill p50', 'prefill_tps'), th('Peak memory p50', 'peak_rss_bytes'), th('Note', 'does_not_fit')],
      rows.map((r) => {
        const t = r.ttft_ms || {};
        const notes = [];
        if (r.does_not_fit) notes.push(`does not fit: ${r.does_not_fit}`);
        if (r.approximate > 0) notes.push(`${r.approximate} approximate length${r.approximate === 1 ? '' : 's'}`);
        if (r.failures > 0) notes.push(`${r.failures} failed`);
        return h('tr', { dataset: { class: r.hardware_class, model: r.model, tokens: r.context_tokens }, class: r.does_not_fit ? 'flagged' : null },
          h('td', { title: r.hardware_class }, r.hardware_class_label || r.hardware_class),
          h('td', null, r.model),
          h('td', { class: 'num' }, r.context_tokens),
          h('td', { class: 'num' }, t.n ?? 0),
          h('td', { class: 'num' }, t.p50 == null ? '—' : `${num(t.p50)} ms`),
          h('td', { class: 'num' }, t.median_ci_low == null ? '—' : `${num(t.median_ci_low)} – ${num(t.median_ci_high)}`),
          h('td', { class: 'num' }, (r.prefill_tps || {}).p50 == null ? '—' : `${num(r.prefill_tps.p50)} tok/s`),
          h('td', { class: 'num' }, bytes((r.peak_rss_bytes || {}).p50)),
          h('td', { class: 'small', title: r.approximate > 0 ? defs.approximate || '' : '' }, notes.join('; ')));
      })));
  await lineChart(ttft, ctx, { series: lines(rows, 'ttft_ms'), unit: 'ms', label: 'TTFT' });
  await lineChart(prefill, ctx, { series: lines(rows, 'prefill_tps'), unit: 'tok/s', label: 'prefill' });
}
