// Recommendations: per hardware class and use case, the recommended model with its figures and why each alternative
// lost; models.json and the HTML report to take away. Data: GET /api/recommendations[?campaign=ID], GET /api/campaigns.
import { get, query } from '../api.js';
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
  lower_quality: 'lower measured quality or rating than the recommended one',
  ranked_lower: 'ranked lower on size or speed (no quality difference)',
  insufficient_evidence: 'insufficient evidence',
};

/** What decided the ranking (Recommendation.basis), in words. */
export const BASIS = {
  only_candidate: 'the only model that qualifies',
  measured_quality: 'measured quality',
  ratings: 'human ratings',
  parameters: 'parameter count (no quality evidence)',
  file_size: 'file size within one quantization family (no quality evidence)',
  speed: 'speed alone',
  none: '—',
};

/** A measured quality estimate as "0.90 (n=12, 95 % CI 0.67–1.00)", or a dash. */
export function qualityText(q) {
  if (!q) return '—';
  return `${q.score.toFixed(2)} (n=${q.n}, 95 % CI ${q.ci_low.toFixed(2)}–${q.ci_high.toFixed(2)})`;
}

/** The evidence behind a recommendation or a "why not", one line for a tooltip and a list for the expanded view. */
export function evidenceLines(e) {
  if (!e) return [];
  return [
    `requests: ${e.successes} successful of ${e.requests}`,
    `errors: ${pct(e.error_rate)}${e.error_rate_upper95 != null ? `, 95 % upper bound ${pct(e.error_rate_upper95)} (Wilson)` : ''}`,
    `TTFT p90: ${ms(e.ttft_p90_ms)} · decode p50: ${tps(e.decode_p50_tps)}${e.decode_p50_ci ? ` (95 % CI ${tps(e.decode_p50_ci[0])}–${tps(e.decode_p50_ci[1])})` : ''}`,
    `quality: ${qualityText(e.quality)}`,
    `ratings: ${e.rating != null ? `${e.rating.toFixed(2)} of 5 (n=${e.ratings})` : 'none'}`,
    `peak memory: ${e.peak_rss_bytes != null ? bytes(e.peak_rss_bytes) : 'not measured'}`,
    `size: ${e.parameter_count != null ? `${e.parameter_count} parameters` : 'parameters unknown'}${e.file_size_bytes != null ? `, file ${bytes(e.file_size_bytes)} ${e.quantization || ''}` : ''}`,
  ];
}

function evidence(e) {
  const lines = evidenceLines(e);
  if (lines.length === 0) return null;
  return h('details', { class: 'evidence', title: lines.join('\n') }, h('summary', { class: 'muted small' }, 'evidence'),
    h('ul', { class: 'small' }, lines.map((l) => h('li', null, l))));
}

export async function render(root, ctx) {
  const campaigns = await get('/api/campaigns');
  const wanted = ctx.params.get('campaign') || '';
  put(root, h('div', { class: 'page-head' }, h('h1', null, 'Recommendations'),
    h('div', { class: 'actions' }, h('a', { class: 'button', id: 'models-json', href: `/api/export/models.json${query({ campaign: wanted })}`, download: 'models.json' }, 'Download models.json'))));
  root.append(h('div', { class: 'filters' }, h('label', null, 'Campaign ',
    select({ id: 'rec-campaign', onchange: (e) => { location.hash = `#/recommendations${query({ campaign: e.target.value })}`; } },
      [['', 'latest results'], ...[...campaigns].sort((a, b) => (b.created_at || '').localeCompare(a.created_at || ''))
        .map((c) => [c.id, `${c.name || c.id} (${c.state})`])], wanted))));
  const rec = await get(`/api/recommendations${query({ campaign: wanted })}`);
  if (rec.campaign) {
    root.querySelector('.page-head .actions').append(h('a', { class: 'button', id: 'report-link', target: '_blank', rel: 'noopener',
      href: `/api/campaigns/${encodeURIComponent(rec.campaign)}/report.html` }, 'HTML report'));
  }
  const slo = rec.slo || {};
  root.append(h('p', { class: 'muted', id: 'slo' }, 'Service levels: ',
    [slo.ttft_p90_max_ms != null ? `TTFT p90 ≤ ${ms(slo.ttft_p90_max_ms)}` : null,
      slo.decode_p50_min_tps != null ? `decode p50 ≥ ${tps(slo.decode_p50_min_tps)}` : null,
      slo.max_error_rate != null ? `error rate < ${pct(slo.max_error_rate)} at its 95 % upper bound` : null,
      slo.max_memory_fraction != null ? `peak memory ≤ ${pct(slo.max_memory_fraction, 0)} of RAM` : null,
      rec.evidence_rules ? `at least ${rec.evidence_rules.min_requests} successful requests` : null,
      rec.evidence_rules ? `mean quality ≥ ${rec.evidence_rules.min_quality} in the use case` : 'no failed quality check',
      rec.evidence_rules ? `quality ranks with ≥ ${rec.evidence_rules.min_scored} scored answers, ratings with ≥ ${rec.evidence_rules.min_ratings} ratings for every model` : null].filter(Boolean).join(' · '),
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
        h('th', { title: 'mean automatic check score in [0, 1] in this use case, with n and its 95 % t interval' }, 'Quality'),
        'Ranked by', 'Why not the others'],
      (c.use_cases || []).map((u) => {
        const f = u.figures || {};
        return h('tr', { dataset: { useCase: u.use_case, basis: u.basis || '' } },
          h('td', null, u.use_case, u.engine_groups > 1 ? h('div', { class: 'muted small' }, u.engine_version || '') : null),
          h('td', { class: 'recommended' }, u.recommended ? h('strong', null, u.recommended) : h('span', { class: 'muted' }, 'none meets the service levels'),
            u.summary ? h('div', { class: 'muted small' }, u.summary) : null, evidence(u.evidence)),
          h('td', { class: 'num', title: DEFINITIONS.ttft_ms }, ms(f.ttft_p90_ms)),
          h('td', { class: 'num', title: DEFINITIONS.decode_tps }, tps(f.decode_p50_tps)),
          h('td', { class: 'num', title: DEFINITIONS.e2e_ms }, ms(f.e2e_p50_ms)),
          h('td', { class: 'num', title: DEFINITIONS.error_rate }, pct(f.error_rate)),
          h('td', { class: 'num', title: DEFINITIONS.peak_rss_bytes }, u.recommended && f.peak_rss_bytes == null ? 'not measured' : bytes(f.peak_rss_bytes)),
          h('td', { class: 'num quality' }, qualityText(u.evidence && u.evidence.quality)),
          h('td', { class: 'basis' }, BASIS[u.basis] || String(u.basis || '—').replace(/_/g, ' ')),
          h('td', null, (u.alternatives || []).length === 0 ? h('span', { class: 'muted' }, 'no alternatives')
            : h('ul', { class: 'alternatives' }, u.alternatives.map((a) => h('li', { dataset: { reason: a.reason }, title: evidenceLines(a.evidence).join('\n') },
              h('strong', null, a.model), ': ',
              REASONS[a.reason] || String(a.reason || '').replace(/_/g, ' '), a.detail ? h('span', { class: 'muted' }, ` (${a.detail})`) : null,
              evidence(a.evidence))))));
      }))));
  }
}
