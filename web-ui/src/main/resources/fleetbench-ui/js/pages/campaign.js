// One campaign: the live progress matrix (model × prompt rows, machine columns) with an ETA, fed by campaign events
// and re-reads of its cells, cancel, and its samples with their answers. Data: GET /api/campaigns/{id},
// /api/campaigns/{id}/cells, /api/campaigns/{id}/samples, GET /api/workers; POST /api/campaigns/{id}/cancel.
import { ApiError, get, post } from '../api.js';
import { h, note, put, throttle } from '../dom.js';
import { duration, when } from '../format.js';
import { samplesTable } from '../samples.js';
import { progress, stateBadge } from './campaigns.js';
import { machineNames } from './fleet.js';

const SAMPLE_PAGE = 50;

/** Estimated time left: the measured samples so far, at the rate since the campaign started, against those planned. */
export function eta(campaign, cells, now = Date.now()) {
  if (campaign.state !== 'running') return null;
  let measured = 0;
  let remaining = 0;
  for (const c of cells) {
    measured += c.measured || 0;
    if (c.status === 'pending' || c.status === 'running') remaining += Math.max((c.planned || 0) - (c.measured || 0), 0);
  }
  const elapsed = now - Date.parse(campaign.created_at);
  if (measured === 0 || !(elapsed > 0)) return undefined;
  return remaining * (elapsed / measured);
}

export async function render(root, ctx) {
  const id = ctx.id;
  const path = `/api/campaigns/${encodeURIComponent(id)}`;
  let campaign;
  try {
    campaign = await get(path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      put(root, note('empty', `No campaign '${id}'. `, h('a', { href: '#/campaigns' }, 'See all campaigns.')));
      return;
    }
    throw e;
  }
  let cells = [];
  let hosts = new Map();
  const head = h('div');
  const message = h('div');
  const summary = h('div', { class: 'summary' });
  const matrix = h('div', { id: 'matrix' });
  const samples = h('div', { id: 'samples' });
  let sampleOffset = 0;
  let shownSamples = 0;
  let finalSamples = false;
  put(root, head, message, summary, h('h2', null, 'Progress'), matrix, h('h2', null, 'Samples and answers'), samples);

  const load = async () => {
    const [c, cs, ws] = await Promise.all([get(path), get(`${path}/cells`), get('/api/workers')]);
    if (!ctx.alive()) return;
    campaign = c;
    cells = cs;
    hosts = machineNames(ws);
    draw();
    // The first page of samples fills up while the campaign runs; once it is full it stays as it is.
    if (sampleOffset === 0 && shownSamples < SAMPLE_PAGE && !finalSamples) {
      finalSamples = c.state !== 'running';
      loadSamples();
    }
  };
  const refresh = throttle(() => load().catch(() => {}), 500);

  function draw() {
    put(head, h('div', { class: 'page-head' },
      h('h1', null, campaign.name || campaign.id, ' ', stateBadge(campaign.state)),
      h('div', { class: 'actions' },
        campaign.state === 'running' ? h('button', { class: 'danger', id: 'cancel-campaign', onclick: cancel }, 'Cancel') : null,
        h('a', { class: 'button', href: `#/results?campaign=${encodeURIComponent(id)}` }, 'Results'),
        h('a', { class: 'button', href: `${path}/export.csv`, download: `${id}-samples.csv` }, 'CSV'),
        h('a', { class: 'button', href: `${path}/report.html`, target: '_blank', rel: 'noopener' }, 'HTML report'))));
    const left = eta(campaign, cells);
    const planned = cells.filter((c) => c.status !== 'does_not_fit' && c.status !== 'cancelled' && c.status !== 'predicted_too_slow')
      .reduce((a, c) => a + (c.planned || 0), 0);
    const measured = cells.reduce((a, c) => a + (c.measured || 0), 0);
    put(summary,
      progress(campaign),
      h('p', { class: 'muted' },
        h('span', { id: 'sample-count' }, `${measured}/${planned} measured samples`),
        ' · started ', when(campaign.created_at),
        campaign.finished_at ? ` · finished ${when(campaign.finished_at)}` : null,
        campaign.state === 'running' ? h('span', { id: 'eta' }, ' · ETA ',
          left === undefined ? 'estimating…' : duration(left)) : null),
      (campaign.notes || []).length ? h('ul', { class: 'notes' }, campaign.notes.map((n) => h('li', null, n))) : null);
    drawMatrix();
  }

  function drawMatrix() {
    if (cells.length === 0) {
      put(matrix, note('empty', 'This campaign has no cells: no machine matched its selector when it started.'));
      return;
    }
    const machines = [...new Set(cells.map((c) => c.worker_id))].sort((a, b) =>
      String(hosts.get(a) || a).localeCompare(String(hosts.get(b) || b)));
    const rows = [...new Set(cells.map((c) => `${c.model}\u0000${c.prompt_id}`))].sort();
    const at = new Map(cells.map((c) => [`${c.model}\u0000${c.prompt_id}\u0000${c.worker_id}`, c]));
    put(matrix, h('div', { class: 'table-wrap' }, h('table', { class: 'matrix', id: 'progress-matrix' },
      h('thead', null, h('tr', null, h('th', null, 'Model'), h('th', null, 'Prompt'),
        machines.map((m) => h('th', { title: m }, hosts.get(m) || m)))),
      h('tbody', null, rows.map((key) => {
        const [model, prompt] = key.split('\u0000');
        return h('tr', null, h('td', null, model), h('td', null, prompt), machines.map((m) => {
          const c = at.get(`${key}\u0000${m}`);
          if (!c) return h('td', { class: 'cell cell-none' }, '');
          const f = c.planned ? Math.min(1, (c.measured || 0) / c.planned) : 0;
          const label = c.status === 'does_not_fit' ? 'does not fit'
            : c.status === 'predicted_too_slow' ? 'too slow' : `${c.measured || 0}/${c.planned}`;
          return h('td', { class: `cell cell-${c.status}`, dataset: { status: c.status, cell: c.id },
            title: `${c.status}${c.reason ? `: ${c.reason}` : ''}${c.variant_id && c.variant_id !== c.model ? ` (${c.variant_id})` : ''}` },
          h('div', { class: 'cell-fill', style: { width: `${Math.round(f * 100)}%` } }), h('span', null, label));
        }));
      })))),
    h('p', { class: 'legend small' }, ['pending', 'running', 'done', 'failed', 'does_not_fit', 'predicted_too_slow', 'cancelled'].map((s) =>
      h('span', { class: `cell-${s} swatch` }, s.replace(/_/g, ' ')))));
  }

  async function loadSamples() {
    try {
      const list = await get(`${path}/samples?offset=${sampleOffset}&limit=${SAMPLE_PAGE}`);
      if (!ctx.alive()) return;
      shownSamples = list.length;
      put(samples, list.length === 0 ? note('empty', sampleOffset ? 'No more samples.' : 'No samples stored yet.')
        : samplesTable(list, (w) => hosts.get(w) || w),
      h('div', { class: 'actions' },
        sampleOffset > 0 ? h('button', { class: 'small', onclick: () => { sampleOffset = Math.max(0, sampleOffset - SAMPLE_PAGE); loadSamples(); } }, '← Previous') : null,
        list.length === SAMPLE_PAGE ? h('button', { class: 'small', id: 'next-samples', onclick: () => { sampleOffset += SAMPLE_PAGE; loadSamples(); } }, 'Next →') : null,
        h('button', { class: 'small', onclick: loadSamples }, 'Refresh')));
    } catch (e) {
      put(samples, note('error', `Samples could not be read: ${e.message}`));
    }
  }

  async function cancel() {
    try {
      campaign = await post(`${path}/cancel`);
      await load();
    } catch (e) {
      put(message, note('error', e.message));
    }
  }

  ctx.on('campaign', (e) => {
    if (e.id !== id) return;
    Object.assign(campaign, e);
    draw();
    refresh();
  });
  ctx.on('open', refresh);
  // The stream carries campaign-level counts; a slow re-read of the cells keeps the matrix exact while it runs.
  ctx.every(2000, () => campaign.state === 'running' && refresh());
  ctx.every(1000, () => {
    const el = root.querySelector('#eta');
    const left = eta(campaign, cells);
    if (el) el.textContent = ` · ETA ${left === undefined ? 'estimating…' : duration(left)}`;
  });
  await load();
}
