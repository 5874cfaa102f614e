// Fleet: every worker with its hardware class, CPU / RAM / GPU / NPU, engine and cached models; the state follows the
// event stream (worker and lease events) and the list is re-read when a worker appears. Data: GET /api/workers.
// Enrollment: a new worker waits here for Approve / Reject; an approved worker whose hardware changed shows what
// changed until acknowledged (POST /api/workers/{id}/approve | reject | acknowledge-hardware).
import { get, post } from '../api.js';
import { h, note, put, select, table, throttle } from '../dom.js';
import { DEFINITIONS, ago, gb } from '../format.js';

const STATES = {
  ready: 'ready: registered and waiting for work',
  busy: 'busy: running a lease',
  missing: 'missing: heartbeats stopped; its lease expires unless it returns',
  gone: 'gone: silent for long; kept for the record',
};

/** The devices a worker offers to campaigns' device selectors. */
export function devices(w) {
  const hw = w.hardware || {};
  const out = ['cpu'];
  if ((hw.gpus || []).length) out.push('gpu');
  if ((hw.npus || []).length) out.push('npu');
  return out;
}

/** worker id → a name for people: the host name, with the id's tail where several workers share a host name. */
export function machineNames(workers) {
  const count = new Map();
  for (const w of workers) count.set(w.hostname, (count.get(w.hostname) || 0) + 1);
  return new Map(workers.map((w) => [w.worker_id, !w.hostname ? w.worker_id
    : count.get(w.hostname) > 1 ? `${w.hostname} (${w.worker_id.slice(-4)})` : w.hostname]));
}

export function labelPairs(w) {
  return Object.entries(w.labels || {}).map(([k, v]) => `${k}=${v}`);
}

export async function render(root, ctx) {
  const filters = {
    class: ctx.params.get('class') || '',
    label: ctx.params.get('label') || '',
    device: ctx.params.get('device') || '',
  };
  const bar = h('div', { class: 'filters' });
  const body = h('div');
  put(root, h('h1', null, 'Fleet'), bar, body);
  let workers = [];
  const phases = new Map(); // worker id -> latest lease phase text

  const load = async () => {
    workers = await get('/api/workers');
    draw();
  };
  const reload = throttle(() => load().catch(() => {}), 1000);

  let barKey = null;

  function draw() {
    const classes = [...new Map(workers.map((w) => [w.hardware_class, w.hardware_class_label])).entries()];
    const labels = [...new Set(workers.flatMap(labelPairs))].sort();
    const change = (key) => (e) => {
      filters[key] = e.target.value;
      draw();
    };
    // The filters are rebuilt only when their choices change, not on every event (an open list would close).
    const key = JSON.stringify([classes, labels]);
    if (key !== barKey) {
      barKey = key;
      put(bar,
      h('label', null, 'Class ', select({ id: 'filter-class', onchange: change('class') },
        [['', 'all classes'], ...classes.map(([k, l]) => [k, l || k])], filters.class)),
      h('label', null, 'Label ', select({ id: 'filter-label', onchange: change('label') },
        [['', 'all labels'], ...labels], filters.label)),
      h('label', null, 'Device ', select({ id: 'filter-device', onchange: change('device') },
        [['', 'any device'], ['cpu', 'CPU'], ['gpu', 'GPU'], ['npu', 'NPU']], filters.device)));
    }
    if (workers.length === 0) {
      put(body, note('empty', h('strong', null, 'No workers yet: '), 'start one with ',
        h('code', null, `./fleetbench worker --join ${location.hostname}:PORT`),
        ' (PORT is the coordinator\'s cluster port, printed when it starts). They appear here as they join.'));
      return;
    }
    const shown = workers.filter((w) => (!filters.class || w.hardware_class === filters.class)
      && (!filters.label || labelPairs(w).includes(filters.label))
      && (!filters.device || devices(w).includes(filters.device)));
    const pending = workers.filter((w) => w.enrollment === 'pending').length;
    const counts = Object.keys(STATES).map((s) => [s, workers.filter((w) => w.status === s).length])
      .filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(' · ')
      + (pending ? ` · ${pending} waiting for approval` : '');
    put(body,
      h('p', { class: 'muted', id: 'fleet-summary' }, `${workers.length} worker${workers.length === 1 ? '' : 's'}: ${counts}`
        + (shown.length < workers.length ? ` — ${shown.length} shown` : '')),
      shown.length === 0 ? note('empty', 'No worker matches these filters.')
        : table({ id: 'workers', class: 'grid' },
          ['Machine', 'State', 'Enrollment', h('th', { title: DEFINITIONS.hardware_class }, 'Hardware class'), 'CPU', 'RAM', 'GPU', 'NPU', 'Engine', 'Models cached', 'Labels', 'Last seen'],
          shown.map(row)));
  }

  function row(w) {
    const hw = w.hardware || {};
    const cpu = hw.cpu || {};
    const gpus = hw.gpus || [];
    const npus = hw.npus || [];
    const cached = w.models_cached || [];
    return h('tr', { dataset: { worker: w.worker_id } },
      h('td', null, h('strong', null, w.hostname || '—'), h('div', { class: 'muted small' }, w.worker_id)),
      h('td', { class: 'state-cell' }, stateBadge(w.status, phases.get(w.worker_id)), duplicateBadge(w), pausedNote(w)),
      h('td', { class: 'enrollment-cell' }, enrollment(w)),
      h('td', { title: w.hardware_class }, w.hardware_class_label || w.hardware_class),
      h('td', null, cpu.model || '—', h('div', { class: 'muted small' },
        `${cpu.physical_cores || '?'} cores / ${cpu.logical_cores || '?'} threads`)),
      h('td', null, gb((hw.memory || {}).total_bytes)),
      h('td', null, gpus.length ? gpus.map((g) => h('div', null, g.name || g.vendor)) : '—'),
      h('td', null, npus.length ? npus.map((n) => h('div', null, n.name || n.vendor)) : '—'),
      h('td', null, w.engine, h('div', { class: 'muted small' }, w.engine_version || '')),
      h('td', { class: 'models' }, cached.length ? cached.join(', ') : '—',
        h('div', { class: 'muted small' }, `${cached.length} cached of ${w.models_available ?? '?'} in its catalog`)),
      h('td', null, labelPairs(w).map((l) => h('span', { class: 'tag' }, l))),
      h('td', { title: w.last_seen }, ago(w.last_seen)));
  }

  /** Approve, reject (with the reason typed beside it) or acknowledge, then re-read the list. */
  async function decide(w, action, button) {
    const cell = button.closest('td');
    const reason = action === 'reject' ? (cell.querySelector('input.reject-reason') || {}).value || null : null;
    button.disabled = true;
    try {
      await post(`/api/workers/${encodeURIComponent(w.worker_id)}/${action}`, action === 'reject' ? { reason } : {});
      await load();
    } catch (e) {
      button.disabled = false;
      cell.append(note('error', e.message));
    }
  }

  function enrollment(w) {
    const button = (action, text, cls) => h('button', {
      type: 'button', class: `small ${cls}`, onclick: (e) => decide(w, action, e.target),
    }, text);
    if (w.enrollment === 'pending') {
      return [h('span', { class: 'badge state-pending', title: 'Asked to join; gets no work until approved' },
        'pending approval'),
      h('div', { class: 'enroll-actions' }, button('approve', 'Approve', 'approve'),
        h('input', { type: 'text', class: 'reject-reason', placeholder: 'reason (optional)', maxlength: 500 }),
        button('reject', 'Reject', 'reject'))];
    }
    if (w.enrollment === 'rejected') {
      return [h('span', { class: 'badge state-rejected', title: 'Refused: its registrations are turned away' },
        'rejected'), w.rejection_reason ? h('div', { class: 'muted small' }, w.rejection_reason) : null,
      h('div', { class: 'enroll-actions' }, button('approve', 'Approve', 'approve'))];
    }
    const changes = w.hardware_changes || [];
    if (changes.length) {
      return [h('span', { class: 'badge state-changed', title: 'Its hardware differs from the hardware approved' },
        'hardware changed'), h('ul', { class: 'changes small' }, changes.map((c) => h('li', null, c))),
      h('div', { class: 'enroll-actions' }, button('acknowledge-hardware', 'Acknowledge', 'acknowledge'))];
    }
    return w.enrollment ? h('span', { class: 'muted' }, w.enrollment) : '—';
  }

  ctx.on('worker', (e) => {
    const w = workers.find((x) => x.worker_id === e.worker_id);
    if (e.enrollment && (!w || w.enrollment !== e.enrollment)) {
      reload();
      return;
    }
    if (!w) {
      reload();
      return;
    }
    w.status = e.status;
    if (e.duplicate_identity) w.duplicate_identity = true;
    if (e.status !== 'busy') phases.delete(e.worker_id);
    draw();
  });
  ctx.on('lease', (e) => {
    if (!workers.some((x) => x.worker_id === e.worker_id)) return;
    const text = [e.model, e.phase, e.percent != null ? `${Math.round(e.percent)} %` : null].filter(Boolean).join(' · ');
    phases.set(e.worker_id, text);
    const cell = root.querySelector(`tr[data-worker="${CSS.escape(e.worker_id)}"] .state-cell`);
    const w = workers.find((x) => x.worker_id === e.worker_id);
    if (cell && w) put(cell, stateBadge(w.status, text), duplicateBadge(w), pausedNote(w));
  });
  ctx.on('open', reload);
  ctx.every(15_000, reload);
  await load();
}

/** The worker takes no work although idle, and says why (its disk is nearly full). */
function pausedNote(w) {
  return w.paused ? h('div', null, h('span', { class: 'badge state-paused', title: w.paused }, '⏸ paused'),
    h('div', { class: 'muted small' }, w.paused)) : null;
}

/** Two live agents report with this worker's identity (a copied data directory): only the last to register counts. */
function duplicateBadge(w) {
  return w.duplicate_identity ? h('div', null, h('span', {
    class: 'badge state-duplicate',
    title: 'Two live agents use this worker identity (a copied data directory?). Only the agent that registered last '
      + 'is listened to; give each machine its own --data-dir.',
  }, '⚠ duplicate identity')) : null;
}

export function stateBadge(status, detail) {
  return [h('span', { class: `badge state-${status}`, title: STATES[status] || status }, status),
    detail ? h('div', { class: 'muted small' }, detail) : null];
}
