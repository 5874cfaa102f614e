// Campaigns: every campaign with its progress (kept current by campaign events), cancel for running ones, and the
// schedules. Data: GET /api/campaigns, GET /api/schedules; POST /api/campaigns/{id}/cancel.
import { ApiError, get, post } from '../api.js';
import { h, note, put, table, throttle } from '../dom.js';
import { when } from '../format.js';

/** Cells that are settled (done, failed, does not fit, cancelled, predicted too slow) out of all cells. */
export function settled(c) {
  return (c.cells_done || 0) + (c.cells_failed || 0) + (c.cells_does_not_fit || 0) + (c.cells_cancelled || 0)
    + (c.cells_predicted_too_slow || 0);
}

/** A progress bar with its counts as text. */
export function progress(c) {
  const total = c.cells_total || 0;
  const fraction = total ? settled(c) / total : 0;
  const parts = [`${c.cells_done || 0} done`];
  if (c.cells_running) parts.push(`${c.cells_running} running`);
  if (c.cells_failed) parts.push(`${c.cells_failed} failed`);
  if (c.cells_does_not_fit) parts.push(`${c.cells_does_not_fit} do not fit`);
  if (c.cells_cancelled) parts.push(`${c.cells_cancelled} cancelled`);
  if (c.cells_predicted_too_slow) parts.push(`${c.cells_predicted_too_slow} predicted too slow`);
  return h('div', { class: 'progress', title: `${settled(c)} of ${total} cells settled` },
    h('div', { class: 'bar' }, h('div', { class: 'fill', style: { width: `${Math.round(fraction * 100)}%` } })),
    h('span', { class: 'small progress-text' }, `${settled(c)}/${total} cells · ${parts.join(' · ')}`));
}

export function stateBadge(state) {
  return h('span', { class: `badge state-${state}` }, state);
}

export async function render(root, ctx) {
  const message = h('div');
  const list = h('div');
  const schedules = h('div');
  put(root,
    h('div', { class: 'page-head' }, h('h1', null, 'Campaigns'),
      h('a', { class: 'button primary', href: '#/campaigns/new', id: 'new-campaign' }, 'New campaign')),
    message, list, h('h2', null, 'Schedules'), schedules);
  let campaigns = [];

  const load = async () => {
    const [c, s] = await Promise.all([get('/api/campaigns'), get('/api/schedules')]);
    campaigns = c;
    draw();
    drawSchedules(s);
  };
  const reload = throttle(() => load().catch(() => {}), 1000);

  function draw() {
    if (campaigns.length === 0) {
      put(list, note('empty', 'No campaigns yet: ', h('a', { href: '#/campaigns/new' }, 'build one'),
        ' from the models your fleet offers, or submit a spec with ', h('code', null, './fleetbench campaign run spec.yaml'), '.'));
      return;
    }
    const sorted = [...campaigns].sort((a, b) => (b.created_at || '').localeCompare(a.created_at || ''));
    put(list, table({ id: 'campaigns', class: 'grid' }, ['Campaign', 'State', 'Progress', 'Created', 'Finished', ''],
      sorted.map((c) => h('tr', { dataset: { campaign: c.id } },
        h('td', null, h('a', { href: `#/campaigns/${encodeURIComponent(c.id)}` }, c.name || c.id),
          h('div', { class: 'muted small' }, c.id)),
        h('td', null, stateBadge(c.state)),
        h('td', { class: 'progress-cell' }, progress(c)),
        h('td', null, when(c.created_at)),
        h('td', null, when(c.finished_at)),
        h('td', null, c.state === 'running' ? h('button', { class: 'small danger', onclick: () => cancel(c) }, 'Cancel')
          : h('a', { href: `#/results?campaign=${encodeURIComponent(c.id)}` }, 'Results'))))));
  }

  function drawSchedules(items) {
    put(schedules, items.length === 0 ? note('empty', 'No schedules: give a campaign a cron schedule in the builder to repeat it.')
      : table({ id: 'schedules', class: 'grid' }, ['Schedule', 'Cron', 'Created', 'Last run', 'Enabled'],
        items.map((s) => h('tr', null, h('td', null, s.name || s.id), h('td', null, h('code', null, s.cron)),
          h('td', null, when(s.created_at)), h('td', null, when(s.last_run_at)), h('td', null, s.enabled ? 'yes' : 'no')))));
  }

  async function cancel(c) {
    try {
      const done = await post(`/api/campaigns/${encodeURIComponent(c.id)}/cancel`);
      Object.assign(c, done);
      draw();
    } catch (e) {
      put(message, note('error', e instanceof ApiError ? e.message : String(e)));
    }
  }

  ctx.on('campaign', (e) => {
    const c = campaigns.find((x) => x.id === e.id);
    if (!c) {
      reload();
      return;
    }
    Object.assign(c, e);
    if (e.state !== 'running') reload();
    else draw();
  });
  ctx.on('open', reload);
  await load();
}
