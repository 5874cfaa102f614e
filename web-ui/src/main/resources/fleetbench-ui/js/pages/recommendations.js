// Recommendations: per hardware class and use case, the recommended model with its figures and why each alternative
// lost; models.json and the HTML report to take away. Data: GET /api/recommendations[?campaign=ID], GET /api/campaigns.
import { get, missingEndpoint, query } from '../api.js';
import { h, note, put, select, table } from '../dom.js';
import { DEFINITIONS, bytes, ms, pct, tps } from '../format.js';

/** The API's reason codes (Recommendation.Reason), in words. */
export const REASONS = {
  too_slow: 'too slow',
  too_many_errors: 'too many errors',
  does_not_fit: 'does not fit',
  failed_quality_check: 'failed quality check',
  no_variant: 'no variant for this device',
  not_measured: 'not measured on this class',
  no_data: 'no measured requests',
  lower_quality: 'lower quality than the recommended one',
};

export async function render(root, ctx) {
  const campaigns = await get('/api/campaigns');
  const wanted = ctx.params.get('campaign') || '';
  put(root, h('div', { class: 'page-head' }, h('h1', null, 'Recommendations'),
    h('div', { class: 'actions' }, h('a', { class: 'button', id: 'models-json', href: `/api/export/models.json${query({ campaign: wanted })}`, download: 'models.json' }, 'Download models.json'))));
  root.append(h('div', { class: 'filters' }, h('label', null, 'Campaign ',
    select({ id: 'rec-campaign', onchange: (e) => { location.hash = `#/recommendations${query({ campaign: e.target.value })}`; } },
      [['', 'latest results'], ...[...campaigns].sort((a, b) => (b.created_at || '').localeCompare(a.created_at || ''))
        .map((c) => [c.id, `${c.name || c.id} (${c.state})`])], wanted))));
  let rec;
  try {
    rec = await get(`/api/recommendations${query({ campaign: wanted })}`);
  } catch (e) {
    if (!missingEndpoint(e)) throw e;
    root.append(note('warn', 'This coordinator does not serve recommendations (GET /api/recommendations) yet.'));
    return;
  }
  if (rec.campaign) {
    root.querySelector('.page-head .actions').append(h('a', { class: 'button', id: 'report-link', target: '_blank', rel: 'noopener',
      href: `/api/campaigns/${encodeURIComponent(rec.campaign)}/report.html` }, 'HTML report'));
  }
  const slo = rec.slo || {};
  root.append(h('p', { class: 'muted', id: 'slo' }, 'Service levels: ',
    [slo.ttft_p90_max_ms != null ? `TTFT p90 ≤ ${ms(slo.ttft_p90_max_ms)}` : null,
      slo.decode_p50_min_tps != null ? `decode p50 ≥ ${tps(slo.decode_p50_min_tps)}` : null,
      slo.max_error_rate != null ? `error rate < ${pct(slo.max_error_rate)}` : null,
      slo.max_memory_fraction != null ? `peak memory ≤ ${pct(slo.max_memory_fraction, 0)} of RAM` : null,
      'no failed quality check'].filter(Boolean).join(' · '),
    rec.campaign ? ` — from campaign ${rec.campaign}` : ''));
  const classes = rec.classes || [];
  if (classes.length === 0) {
    root.append(note('empty', 'No recommendations yet: run a campaign to completion and they appear here.'));
    return;
  }
  for (const c of classes) {
    root.append(h('section', { class: 'card rec-class', dataset: { class: c.hardware_class } },
      h('h2', { title: c.hardware_class }, c.hardware_class_label || c.hardware_class,
        h('span', { class: 'muted small', title: DEFINITIONS.machines }, ` · ${c.machines ?? '?'} machine${c.machines === 1 ? '' : 's'}`)),
      table({ class: 'grid rec' }, ['Use case', 'Recommended', h('th', { title: DEFINITIONS.ttft_ms }, 'TTFT p90'),
        h('th', { title: DEFINITIONS.decode_tps }, 'Decode p50'), h('th', { title: DEFINITIONS.e2e_ms }, 'E2E p50'),
        h('th', { title: DEFINITIONS.error_rate }, 'Errors'), h('th', { title: DEFINITIONS.peak_rss_bytes }, 'Peak memory'),
        'Why not the others'],
      (c.use_cases || []).map((u) => {
        const f = u.figures || {};
        return h('tr', { dataset: { useCase: u.use_case } },
          h('td', null, u.use_case),
          h('td', { class: 'recommended' }, u.recommended ? h('strong', null, u.recommended) : h('span', { class: 'muted' }, 'none meets the service levels'),
            u.summary ? h('div', { class: 'muted small' }, u.summary) : null),
          h('td', { class: 'num', title: DEFINITIONS.ttft_ms }, ms(f.ttft_p90_ms)),
          h('td', { class: 'num', title: DEFINITIONS.decode_tps }, tps(f.decode_p50_tps)),
          h('td', { class: 'num', title: DEFINITIONS.e2e_ms }, ms(f.e2e_p50_ms)),
          h('td', { class: 'num', title: DEFINITIONS.error_rate }, pct(f.error_rate)),
          h('td', { class: 'num', title: DEFINITIONS.peak_rss_bytes }, bytes(f.peak_rss_bytes)),
          h('td', null, (u.alternatives || []).length === 0 ? h('span', { class: 'muted' }, 'no alternatives')
            : h('ul', { class: 'alternatives' }, u.alternatives.map((a) => h('li', null, h('strong', null, a.model), ': ',
              REASONS[a.reason] || String(a.reason || '').replace(/_/g, ' '), a.detail ? h('span', { class: 'muted' }, ` (${a.detail})`) : null)))));
      }))));
  }
}
