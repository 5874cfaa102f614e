// Results: heatmap hardware class × model for one metric (each cell with its n, the definition on hover), bars of the
// median with its 95 % confidence interval, unstable cells and failed quality checks marked, and drill-down to the
// samples behind a cell, and the accelerators against the CPU variant where a campaign measured several devices.
// Data: GET /api/aggregates?campaign=ID&by=hardware_class,model, GET /api/campaigns, GET /api/workers,
// GET /api/campaigns/{id}/samples, GET /api/acceleration?campaign=ID.
import { get, missingEndpoint, query } from '../api.js';
import { h, note, put, select, table } from '../dom.js';
import { DEFINITIONS, METRICS, PERCENTILES, definition, inUnit, num, pct } from '../format.js';
import { barsWithCi, esc, heatmap } from '../charts.js';
import { samplesTable } from '../samples.js';
import { accelerationView } from '../acceleration.js';
import { machineNames } from './fleet.js';

/** The figure of a group for a metric choice, with its n and interval. */
export function figure(group, m) {
  if (m.metric === 'peak_rss_bytes') return { value: group.peak_rss_bytes ?? null, n: group.requests, low: null, high: null };
  const s = (group.metrics || {})[m.metric] || {};
  return { value: s[m.stat] ?? null, n: s.n ?? 0, low: s.median_ci_low ?? null, high: s.median_ci_high ?? null, median: s.p50 ?? null };
}

/** Marks of a group, as short symbols and as sentences. */
export function marks(g) {
  const out = [];
  if (g.unstable) out.push(['⚠', DEFINITIONS.unstable]);
  if (g.quality_failed) out.push(['✗', DEFINITIONS.quality_failed]);
  if (g.suspected_cpu_fallback > 0) out.push(['⇣CPU', `${DEFINITIONS.suspected_cpu_fallback} (${g.suspected_cpu_fallback} flagged requests)`]);
  if (g.comparable === false) out.push(['≠', 'Not comparable: its samples come from different fingerprints (engine, version or provider).']);
  return out;
}

/** The campaign to show: the one asked for, else the newest finished one, else the newest. */
export function pickCampaign(campaigns, wanted) {
  if (wanted && campaigns.some((c) => c.id === wanted)) return wanted;
  const newest = [...campaigns].sort((a, b) => (b.created_at || '').localeCompare(a.created_at || ''));
  return (newest.find((c) => c.state === 'done') || newest[0] || {}).id || null;
}

export async function render(root, ctx) {
  const campaigns = await get('/api/campaigns');
  const campaignId = pickCampaign(campaigns, ctx.params.get('campaign'));
  const metric = METRICS.find((m) => m.key === ctx.params.get('metric')) || METRICS[0];
  const go = (changes) => {
    const p = { campaign: campaignId, metric: metric.key, class: ctx.params.get('class'), model: ctx.params.get('model'), ...changes };
    location.hash = `#/results${query(p)}`;
  };
  put(root, h('h1', null, 'Results'));
  if (!campaignId) {
    root.append(note('empty', 'No campaign has run yet: ', h('a', { href: '#/campaigns/new' }, 'start one'), ' and its results appear here.'));
    return;
  }
  root.append(h('div', { class: 'filters' },
    h('label', null, 'Campaign ', select({ id: 'results-campaign', onchange: (e) => go({ campaign: e.target.value, class: null, model: null }) },
      [...campaigns].sort((a, b) => (b.created_at || '').localeCompare(a.created_at || ''))
        .map((c) => [c.id, `${c.name || c.id} (${c.state})`]), campaignId)),
    h('label', null, 'Metric ', select({ id: 'results-metric', onchange: (e) => go({ metric: e.target.value }) },
      METRICS.map((m) => [m.key, m.label]), metric.key))));

  let agg;
  try {
    agg = await get(`/api/aggregates${query({ campaign: campaignId, by: 'hardware_class,model' })}`);
  } catch (e) {
    if (!missingEndpoint(e)) throw e;
    root.append(note('warn', 'This coordinator does not serve aggregates (GET /api/aggregates) yet. The raw samples are on the ',
      h('a', { href: `#/campaigns/${encodeURIComponent(campaignId)}` }, 'campaign page'), '.'));
    return;
  }
  const groups = agg.groups || [];
  if (groups.length === 0) {
    root.append(note('empty', 'No measured samples in this campaign yet: results appear as samples arrive.'));
    return;
  }
  // Peak memory is per model and class, not per aggregate group (docs/api.md): the groups carry none, so it comes
  // from the campaign's per-class fits (GET /api/fits); a group's own figure, where one is sent, is kept.
  if (metric.metric === 'peak_rss_bytes' && groups.every((g) => g.peak_rss_bytes == null)) {
    try {
      const fits = await get(`/api/fits${query({ campaign: campaignId })}`);
      for (const g of groups) {
        const f = ((fits.models || {})[g.model] || []).find((x) => x.hardware_class === g.hardware_class);
        if (f && f.peak_rss_bytes != null) g.peak_rss_bytes = f.peak_rss_bytes;
      }
    } catch (e) {
      if (!missingEndpoint(e)) throw e;
    }
  }
  const def = definition(metric.metric, agg.definitions);
  const apiDefs = agg.definitions || {};
  const pctNote = apiDefs.percentiles ? `Percentiles: ${apiDefs.percentiles}.` : PERCENTILES;
  const ciNote = apiDefs.median_ci || DEFINITIONS.ci;
  const classes = [...new Map(groups.map((g) => [g.hardware_class, g.hardware_class_label || g.hardware_class])).entries()];
  const models = [...new Set(groups.map((g) => g.model))].sort();
  // One cell per class × model: where fingerprints split a pair into several groups, the largest one stands for it.
  const byCell = new Map();
  for (const g of groups) {
    const k = `${g.hardware_class}\u0000${g.model}`;
    const prev = byCell.get(k);
    if (!prev || (g.requests || 0) > (prev.requests || 0)) byCell.set(k, g);
  }
  const cellGroups = [...byCell.values()];
  const tooltip = (g) => {
    const f = figure(g, metric);
    const lines = [`<strong>${esc(g.model)}</strong> on ${esc(g.hardware_class_label || g.hardware_class)}`,
      `${esc(metric.label)}: <strong>${esc(inUnit(f.value, metric.unit))}</strong>`,
      `n = ${esc(f.n)} requests in ${esc(g.cells ?? '?')} cell(s) on ${esc(g.machines ?? '?')} machine(s), error rate ${esc(pct(g.error_rate))}`];
    if (f.low != null) lines.push(`median ${esc(inUnit(f.median, metric.unit))}, 95 % CI ${esc(inUnit(f.low, metric.unit))} – ${esc(inUnit(f.high, metric.unit))}`);
    lines.push(`<i>${esc(def)}</i>`);
    if (metric.stat) lines.push(`<i>${esc(pctNote)}</i>`);
    for (const [, text] of marks(g)) lines.push(esc(text));
    return `<div class="tip">${lines.join('<br>')}</div>`;
  };

  const heat = h('div', { class: 'chart heatmap', id: 'heatmap', style: { height: `${Math.max(220, 90 + classes.length * 70)}px` } });
  const bars = h('div', { class: 'chart bars', id: 'bars' });
  const details = h('div', { id: 'drilldown' });
  const accel = h('div', { id: 'acceleration-view' });
  root.append(
    h('h2', { title: def }, `${metric.label} by hardware class × model`),
    h('p', { class: 'muted small definition' }, def, metric.stat ? ` ${pctNote}` : ''),
    heat,
    h('p', { class: 'legend small' }, 'n = measured requests behind the figure. ',
      h('span', { title: DEFINITIONS.unstable }, '⚠ unstable'), ' · ',
      h('span', { title: DEFINITIONS.quality_failed }, '✗ failed quality check'), ' · ',
      h('span', { title: DEFINITIONS.suspected_cpu_fallback }, '⇣CPU suspected CPU fallback'), ' · ',
      h('span', null, '≠ mixed fingerprints'), ' · click a cell for its samples.'),
    groupTable(),
    accel,
    h('h2', null, metric.stat ? 'Median with its 95 % confidence interval' : 'Peak memory'),
    h('p', { class: 'muted small' }, metric.stat ? `Bars: median (p50) of ${metric.metric}; whiskers: ${ciNote}` : DEFINITIONS.peak_rss_bytes),
    bars, details);

  accelerationView(accel, campaignId, ctx.alive)
    .catch((e) => put(accel, note('error', `The accelerator comparison could not be read: ${e.message}`)));
  await heatmap(heat, ctx, {
    rows: classes.map(([, l]) => l),
    columns: models,
    higherIsBetter: metric.higherIsBetter,
    cells: cellGroups.map((g) => {
      const f = figure(g, metric);
      const flags = marks(g).map(([s]) => s).join(' ');
      return {
        group: g,
        x: models.indexOf(g.model),
        y: classes.findIndex(([k]) => k === g.hardware_class),
        value: f.value,
        label: `${f.value == null ? '—' : shortValue(f.value, metric.unit)}\nn=${f.n}${flags ? ` ${flags}` : ''}`,
        tooltip: tooltip(g),
      };
    }),
    onClick: (cell) => cell && go({ class: cell.group.hardware_class, model: cell.group.model }),
  });
  const several = classes.length > 1;
  const mib = metric.unit === 'bytes';
  await barsWithCi(bars, ctx, {
    unitLabel: mib ? 'MiB' : metric.unit,
    items: cellGroups.map((g) => {
      const f = figure(g, metric);
      const label = several ? `${g.model} · ${g.hardware_class_label || g.hardware_class}` : g.model;
      return metric.stat ? { name: label, value: f.median, low: f.low, high: f.high, tooltip: tooltip(g) }
        : { name: label, value: f.value == null ? null : (mib ? f.value / 1024 ** 2 : f.value), low: null, high: null, tooltip: tooltip(g) };
    }),
  });

  const wantClass = ctx.params.get('class');
  const wantModel = ctx.params.get('model');
  if (wantClass && wantModel) {
    drill(details, byCell.get(`${wantClass}\u0000${wantModel}`)).catch((e) => put(details, note('error', `Samples could not be read: ${e.message}`)));
  }

  function groupTable() {
    const th = (label, key) => h('th', { title: definition(key, agg.definitions) || DEFINITIONS[key] || '' }, label);
    return table({ class: 'grid', id: 'groups' },
      [th('Hardware class', 'hardware_class'), 'Model', th('Machines', 'machines'), th('n', 'n'), th('Error rate', 'error_rate'),
        th(metric.label, metric.metric), th('95 % CI of the median', 'ci'), 'Marks', th('Tokens/J', 'tokens_per_joule'), ''],
      cellGroups.map((g) => {
        const f = figure(g, metric);
        return h('tr', { dataset: { class: g.hardware_class, model: g.model }, class: g.unstable || g.quality_failed || g.suspected_cpu_fallback > 0 ? 'flagged' : null },
          h('td', { title: g.hardware_class }, g.hardware_class_label || g.hardware_class),
          h('td', null, g.model),
          h('td', { class: 'num', title: DEFINITIONS.machines }, g.machines ?? '—'),
          h('td', { class: 'num', title: `${DEFINITIONS.n} ${DEFINITIONS.cells}` }, f.n,
            g.cells ? h('div', { class: 'muted small' }, `${g.cells} cells`) : null),
          h('td', { class: 'num', title: DEFINITIONS.error_rate }, pct(g.error_rate)),
          h('td', { class: 'num metric-value', title: `${def}${metric.stat ? ` ${pctNote}` : ''}` }, inUnit(f.value, metric.unit)),
          h('td', { class: 'num', title: ciNote }, f.low == null ? '—' : `${inUnit(f.low, metric.unit)} – ${inUnit(f.high, metric.unit)}`),
          h('td', null, marks(g).map(([s, text]) => h('span', { class: 'mark', title: text }, `${s} `))),
          h('td', { class: 'num', title: DEFINITIONS.tokens_per_joule }, g.energy && g.energy.tokens_per_joule != null
            ? `${num(g.energy.tokens_per_joule, 2)}${g.energy.estimate ? ' est.' : ''}` : '—',
          g.energy ? h('div', { class: 'muted small' }, `${num(g.energy.joules_per_answer, 1)} J/answer, n=${g.energy.requests}`) : null),
          h('td', null, h('a', { href: `#/results${query({ campaign: campaignId, metric: metric.key, class: g.hardware_class, model: g.model })}`, class: 'drill' }, 'samples')));
      }));
  }

  async function drill(el, g) {
    if (!g) return;
    put(el, h('h2', null, `Samples: ${g.model} on ${g.hardware_class_label || g.hardware_class}`), h('p', { class: 'muted' }, 'Loading…'));
    const [workers, samples] = await Promise.all([get('/api/workers'), allSamples(campaignId)]);
    if (!ctx.alive()) return;
    const classOf = new Map(workers.map((w) => [w.worker_id, w.hardware_class]));
    const host = machineNames(workers);
    const mine = samples.filter((s) => s.model === g.model && classOf.get(s.worker_id) === g.hardware_class);
    const warm = h('input', { type: 'checkbox', id: 'show-warmups' });
    const list = h('div');
    const show = () => put(list, samplesTable(mine.filter((s) => warm.checked || s.kind === 'measured'), (w) => host.get(w) || w));
    warm.addEventListener('change', show);
    put(el, h('h2', { id: 'drilldown-title' }, `Samples: ${g.model} on ${g.hardware_class_label || g.hardware_class}`),
      h('p', { class: 'muted' }, `${mine.filter((s) => s.kind === 'measured').length} measured samples (n = ${g.requests}: `
        + 'measured samples beyond a cell\'s planned count are listed here but left out of the figures); ',
        h('label', null, warm, ' include the cold request and warm-ups'),
        fingerprintText(g) ? ` · ${fingerprintText(g)}` : ''),
      list);
    show();
    el.scrollIntoView({ block: 'start' });
  }
}

/** The fingerprint(s) a group pools, in words. */
function fingerprintText(g) {
  const list = g.fingerprints || (g.fingerprint ? [g.fingerprint] : []);
  const one = (f) => (typeof f === 'string' ? f : Object.entries(f).filter(([, v]) => v != null).map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', '));
  return list.length ? `fingerprint: ${list.map(one).join('; ')}` : '';
}

function shortValue(v, unit) {
  if (unit === 'bytes') return `${num(v / 1024 ** 2, 0)} MiB`;
  return num(v);
}

/** Every sample of a campaign, page by page (10,000 at most per page). */
async function allSamples(id) {
  const out = [];
  for (let offset = 0; offset < 200_000; offset += 10_000) {
    const page = await get(`/api/campaigns/${encodeURIComponent(id)}/samples?offset=${offset}&limit=10000`);
    out.push(...page);
    if (page.length < 10_000) break;
  }
  return out;
}
