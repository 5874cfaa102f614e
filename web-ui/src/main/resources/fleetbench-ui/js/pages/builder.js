// The campaign builder: models from the fleet's catalogs, prompts, repetitions, warm-ups, machine selector, schedule,
// lab gating and service levels. It validates nothing itself: the API's 400 names the field, and the message is shown
// next to that field, so the builder and the API can never disagree. Data: GET /api/workers; POST /api/campaigns.
import { ApiError, get, post } from '../api.js';
import { h, note, put, select } from '../dom.js';
import { devices, labelPairs, machineNames } from './fleet.js';

const CATEGORIES = ['chat', 'code', 'reasoning', 'summarization'];

/** The element showing errors for an API field path ("prompts[1].text"), or the nearest one for a parent path. */
export function fieldFor(form, path) {
  let p = path || '';
  while (p) {
    const el = form.querySelector(`[data-field="${CSS.escape(p)}"]`);
    if (el) return el;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
  return null;
}

export async function render(root, ctx) {
  const workers = await get('/api/workers');
  const names = machineNames(workers);
  const models = new Map(); // model id -> machines offering it
  for (const w of workers) for (const m of w.models_cached || []) {
    if (!models.has(m)) models.set(m, []);
    models.get(m).push(names.get(w.worker_id));
  }
  const classes = [...new Map(workers.map((w) => [w.hardware_class, w.hardware_class_label])).entries()];
  const labels = [...new Set(workers.flatMap(labelPairs))].sort();
  const fleetDevices = [...new Set(workers.flatMap(devices))];

  const form = h('form', { id: 'builder', class: 'builder', novalidate: true, onsubmit: submit });
  const formError = h('div', { id: 'builder-error' });
  const preview = h('pre', { id: 'spec-preview', class: 'preview' });
  const prompts = h('div', { id: 'prompts' });

  const field = (path, label, control, help) => h('div', { class: 'field', dataset: { field: path } },
    h('label', null, label), control, help ? h('div', { class: 'muted small' }, help) : null,
    h('div', { class: 'field-error', role: 'alert' }));
  const input = (name, props = {}) => h('input', { name, id: `f-${name.replace(/[^a-z0-9]+/gi, '-')}`, oninput: refresh, ...props });

  const modelChoices = models.size === 0
    ? note('empty', 'No worker has offered a model yet. Start workers, or type model ids below.')
    : h('div', { class: 'choices', id: 'model-choices' }, [...models.entries()].sort().map(([m, hosts]) =>
      h('label', { class: 'choice', title: `cached on ${hosts.join(', ')}` },
        h('input', { type: 'checkbox', name: 'model', value: m, onchange: refresh }), ` ${m} `,
        h('span', { class: 'muted small' }, `(${hosts.length} machine${hosts.length === 1 ? '' : 's'})`))));

  put(form,
    h('fieldset', null, h('legend', null, 'What to run'),
      field('name', 'Name', input('name', { type: 'text', placeholder: 'e.g. lab A, small models', maxlength: '100' })),
      field('models', 'Models', [modelChoices,
        input('models_extra', { type: 'text', placeholder: 'other aliases or variant ids, comma-separated' })],
      'Models from the fleet\'s catalogs; each runs on every selected machine that can hold it.'),
      h('div', { class: 'row' },
        field('repetitions', 'Repetitions', input('repetitions', { type: 'number', min: '1', value: '3' }), 'per prompt'),
        field('warmups', 'Warm-ups', input('warmups', { type: 'number', min: '0', value: '1' }), 'per model, not counted'),
        field('max_tokens', 'Max tokens', input('max_tokens', { type: 'number', min: '1', placeholder: 'default' }))),
      field('prompts', 'Prompts', [prompts,
        h('button', { type: 'button', class: 'small', id: 'add-prompt', onclick: () => addPrompt() }, '+ Prompt')],
      'Leave all prompts empty to use the built-in prompt set.')),
    h('fieldset', null, h('legend', null, 'Where'),
      field('machines.hardware_class', 'Hardware classes', h('div', { class: 'choices' }, classes.map(([k, l]) =>
        h('label', { class: 'choice', title: k }, h('input', { type: 'checkbox', name: 'class', value: k, onchange: refresh }), ` ${l || k}`))),
      'none ticked = every class'),
      field('machines.labels', 'Labels', input('labels', { type: 'text', placeholder: labels[0] || 'room=lab-a', list: 'label-list' }),
        'K=V pairs, comma-separated; machines must carry all of them'),
      h('datalist', { id: 'label-list' }, labels.map((l) => h('option', { value: l }))),
      h('div', { class: 'row' },
        field('machines.min_ram_gb', 'Min RAM (GB)', input('min_ram_gb', { type: 'number', min: '0' })),
        field('machines.device', 'Devices', h('div', { class: 'choices' }, ['cpu', 'gpu', 'npu'].map((d) =>
          h('label', { class: 'choice', title: fleetDevices.includes(d) ? '' : 'no worker offers this device now' },
            h('input', { type: 'checkbox', name: 'device', value: d, onchange: refresh }), ` ${d.toUpperCase()}`))))),
      field('machines.workers', 'Only these machines', h('div', { class: 'choices' }, workers.map((w) =>
        h('label', { class: 'choice' }, h('input', { type: 'checkbox', name: 'worker', value: w.worker_id, onchange: refresh }),
          ` ${names.get(w.worker_id)}`))), 'none ticked = any machine the other rules allow')),
    h('fieldset', null, h('legend', null, 'When and within what'),
      field('schedule', 'Schedule', input('schedule', { type: 'text', placeholder: 'empty = run now; cron, e.g. 0 2 * * *' }),
        '5-field cron on the coordinator\'s clock; a schedule starts a campaign each time it fires'),
      h('div', { class: 'row' },
        field('time_budget', 'Time budget', input('time_budget', { type: 'text', placeholder: 'e.g. 90m, 2h' })),
        field('request_timeout_s', 'Request timeout (s)', input('request_timeout_s', { type: 'number', min: '1', placeholder: '120' }))),
      field('lab_gating', 'Lab gating', h('div', { class: 'choices' },
        h('label', { class: 'choice' }, input('require_idle', { type: 'checkbox', onchange: refresh }), ' only when the user is idle'),
        h('label', { class: 'choice' }, input('require_ac', { type: 'checkbox', onchange: refresh }), ' only on AC power'),
        h('label', { class: 'choice' }, input('remove_downloads', { type: 'checkbox', onchange: refresh }), ' remove downloaded models afterwards'))),
      h('div', { class: 'row' },
        field('slo.ttft_p90_max_ms', 'TTFT p90 ≤ (ms)', input('ttft_p90_max_ms', { type: 'number', placeholder: '2000' })),
        field('slo.decode_p50_min_tps', 'Decode p50 ≥ (tok/s)', input('decode_p50_min_tps', { type: 'number', placeholder: '10' })),
        field('slo.max_error_rate', 'Error rate <', input('max_error_rate', { type: 'number', step: 'any', placeholder: '0.01' })),
        field('slo.max_memory_fraction', 'Memory ≤ (of RAM)', input('max_memory_fraction', { type: 'number', step: 'any', placeholder: '0.8' })))),
    formError,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'start-campaign' }, 'Start campaign'),
      h('a', { href: '#/campaigns' }, 'Back to campaigns')),
    h('details', null, h('summary', null, 'The spec this sends'), preview));
  put(root, h('h1', null, 'New campaign'), form);
  addPrompt();

  function addPrompt() {
    const i = prompts.children.length;
    const rowEl = h('div', { class: 'prompt', dataset: { field: `prompts[${i}]` } },
      h('div', { class: 'row' },
        h('div', { class: 'field', dataset: { field: `prompts[${i}].id` } }, h('label', null, 'Id'),
          h('input', { name: 'prompt_id', type: 'text', placeholder: `p${i + 1}`, oninput: refresh }), h('div', { class: 'field-error' })),
        h('div', { class: 'field', dataset: { field: `prompts[${i}].category` } }, h('label', null, 'Use case'),
          select({ name: 'prompt_category', onchange: refresh }, CATEGORIES, 'chat'), h('div', { class: 'field-error' })),
        h('div', { class: 'field', dataset: { field: `prompts[${i}].max_tokens` } }, h('label', null, 'Max tokens'),
          h('input', { name: 'prompt_max_tokens', type: 'number', min: '1', oninput: refresh }), h('div', { class: 'field-error' })),
        h('div', { class: 'field', dataset: { field: `prompts[${i}].expect` } }, h('label', null, 'Quality check'),
          h('div', { class: 'row tight' }, select({ name: 'prompt_expect_kind', onchange: refresh },
            [['', 'none'], ['contains', 'contains'], ['exact', 'exact'], ['regex', 'regex']], ''),
          h('input', { name: 'prompt_expect', type: 'text', placeholder: 'expected text', oninput: refresh })),
          h('div', { class: 'field-error' }))),
      h('div', { class: 'field', dataset: { field: `prompts[${i}].text` } }, h('label', null, 'Prompt text'),
        h('textarea', { name: 'prompt_text', rows: '2', oninput: refresh }), h('div', { class: 'field-error' })),
      h('button', { type: 'button', class: 'small', onclick: () => { rowEl.remove(); renumber(); refresh(); } }, 'Remove'),
      h('div', { class: 'field-error', role: 'alert' }));
    prompts.append(rowEl);
    refresh();
  }

  function renumber() {
    [...prompts.children].forEach((p, i) => {
      p.dataset.field = `prompts[${i}]`;
      for (const f of p.querySelectorAll('.field')) f.dataset.field = f.dataset.field.replace(/^prompts\[\d+\]/, `prompts[${i}]`);
    });
  }

  function spec() {
    const v = (name) => form.elements[name]?.value.trim() ?? '';
    const n = (name) => (v(name) === '' ? undefined : Number(v(name)));
    const ticked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((x) => x.value);
    const s = {};
    if (v('name')) s.name = v('name');
    s.models = [...ticked('model'), ...v('models_extra').split(',').map((x) => x.trim()).filter(Boolean)];
    const list = [...prompts.children].map((p) => {
      const q = (name) => p.querySelector(`[name="${name}"]`).value.trim();
      const o = {};
      if (q('prompt_id')) o.id = q('prompt_id');
      o.category = q('prompt_category');
      o.text = q('prompt_text');
      if (q('prompt_max_tokens')) o.max_tokens = Number(q('prompt_max_tokens'));
      if (q('prompt_expect_kind')) o.expect = { [q('prompt_expect_kind')]: q('prompt_expect') };
      return o;
    }).filter((o) => o.text || o.id || o.expect || o.max_tokens);
    if (list.length) s.prompts = list;
    for (const k of ['repetitions', 'warmups', 'max_tokens', 'request_timeout_s']) if (n(k) !== undefined) s[k] = n(k);
    const machines = {};
    if (ticked('class').length) machines.hardware_class = ticked('class');
    const pairs = v('labels').split(',').map((x) => x.trim()).filter(Boolean);
    if (pairs.length) {
      machines.labels = {};
      for (const p of pairs) {
        const i = p.indexOf('=');
        machines.labels[i < 0 ? p : p.slice(0, i).trim()] = i < 0 ? '' : p.slice(i + 1).trim();
      }
    }
    if (n('min_ram_gb') !== undefined) machines.min_ram_gb = n('min_ram_gb');
    if (ticked('device').length) machines.device = ticked('device');
    if (ticked('worker').length) machines.workers = ticked('worker');
    if (Object.keys(machines).length) s.machines = machines;
    if (v('schedule')) s.schedule = v('schedule');
    if (v('time_budget')) s.time_budget = v('time_budget');
    if (form.elements.require_idle.checked || form.elements.require_ac.checked) {
      s.lab_gating = { require_idle: form.elements.require_idle.checked, require_ac: form.elements.require_ac.checked };
    }
    if (form.elements.remove_downloads.checked) s.remove_downloads = true;
    const slo = {};
    for (const k of ['ttft_p90_max_ms', 'decode_p50_min_tps', 'max_error_rate', 'max_memory_fraction']) if (n(k) !== undefined) slo[k] = n(k);
    if (Object.keys(slo).length) s.slo = slo;
    return s;
  }

  function refresh() {
    preview.textContent = JSON.stringify(spec(), null, 2);
  }

  function clearErrors() {
    put(formError);
    for (const e of form.querySelectorAll('.field-error')) e.textContent = '';
    for (const e of form.querySelectorAll('.invalid')) e.classList.remove('invalid');
  }

  async function submit(e) {
    e.preventDefault();
    clearErrors();
    const button = form.querySelector('#start-campaign');
    button.disabled = true;
    try {
      const created = await post('/api/campaigns', spec());
      if (!ctx.alive()) return;
      if (created.kind === 'schedule') {
        put(formError, note('info', `Schedule ${created.id} saved: it starts a campaign each time it fires. `,
          h('a', { href: '#/campaigns' }, 'See schedules'), (created.notes || []).map((x) => h('div', null, x))));
      } else {
        location.hash = `#/campaigns/${encodeURIComponent(created.id)}`;
      }
    } catch (err) {
      const message = err instanceof ApiError ? err.message : String(err);
      const target = err instanceof ApiError ? fieldFor(form, err.field) : null;
      if (target) {
        target.classList.add('invalid');
        target.querySelector(':scope > .field-error').textContent = err.field === target.dataset.field
          ? message : `${err.field}: ${message}`;
        target.scrollIntoView({ block: 'center' });
      } else {
        put(formError, note('error', err.field ? `${err.field}: ${message}` : message));
      }
    } finally {
      button.disabled = false;
    }
  }
}
