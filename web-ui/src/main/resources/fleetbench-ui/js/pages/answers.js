// Answers: two answers to one prompt side by side, blind (models hidden until rated), and the rating form (1–5 on
// accuracy, clarity, completeness). Answers are untrusted text: textContent only. Data: GET /api/campaigns,
// GET /api/campaigns/{id}/cells (the prompt ids), GET /api/answers?campaign=&prompt=; POST /api/ratings.
import { ApiError, get, post, query } from '../api.js';
import { h, note, put, select } from '../dom.js';
import { answer } from '../samples.js';
import { pickCampaign } from './results.js';

export const CRITERIA = ['accuracy', 'clarity', 'completeness'];

export async function render(root, ctx) {
  const campaigns = await get('/api/campaigns');
  const campaignId = pickCampaign(campaigns, ctx.params.get('campaign'));
  put(root, h('h1', null, 'Answers'));
  if (!campaignId) {
    root.append(note('empty', 'No campaign has run yet: answers to compare appear once one has.'));
    return;
  }
  const cells = await get(`/api/campaigns/${encodeURIComponent(campaignId)}/cells`);
  const prompts = [...new Set(cells.map((c) => c.prompt_id))].sort();
  const promptId = prompts.includes(ctx.params.get('prompt')) ? ctx.params.get('prompt') : prompts[0];
  const go = (p) => { location.hash = `#/answers${query({ campaign: campaignId, prompt: promptId, ...p, n: Date.now() % 100000 })}`; };
  root.append(h('div', { class: 'filters' },
    h('label', null, 'Campaign ', select({ id: 'answers-campaign', onchange: (e) => go({ campaign: e.target.value, prompt: null }) },
      [...campaigns].sort((a, b) => (b.created_at || '').localeCompare(a.created_at || ''))
        .map((c) => [c.id, `${c.name || c.id} (${c.state})`]), campaignId)),
    h('label', null, 'Prompt ', select({ id: 'answers-prompt', onchange: (e) => go({ prompt: e.target.value }) }, prompts, promptId))));
  if (!promptId) {
    root.append(note('empty', 'This campaign has no prompts with answers yet.'));
    return;
  }
  let pair;
  try {
    pair = await get(`/api/answers${query({ campaign: campaignId, prompt: promptId })}`);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 409 || e.status === 400)) {
      root.append(note('empty', `No pair of answers to compare for this prompt: ${e.message}`));
      return;
    }
    throw e;
  }
  const prompt = pair.prompt || {};
  const result = h('div', { id: 'rating-result' });
  const side = (key) => h('div', { class: 'answer-side card', id: `answer-${key}` },
    h('h2', null, `Answer ${key.toUpperCase()}`, h('span', { class: 'muted small revealed', id: `revealed-${key}` })),
    answer(pair[key]?.text));
  const radios = (key, criterion) => h('td', null, h('div', { class: 'scale', role: 'radiogroup', 'aria-label': `${key} ${criterion}` },
    [1, 2, 3, 4, 5].map((v) => h('label', null, h('input', { type: 'radio', name: `${key}-${criterion}`, value: String(v), required: true }), ` ${v}`))));
  const form = h('form', { id: 'rating-form', onsubmit: submit },
    h('table', { class: 'grid rating' }, h('thead', null, h('tr', null, h('th', null, '1 (poor) – 5 (excellent)'), h('th', null, 'Answer A'), h('th', null, 'Answer B'))),
      h('tbody', null, CRITERIA.map((c) => h('tr', null, h('th', null, c), radios('a', c), radios('b', c))))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'submit-rating' }, 'Rate and reveal'),
      h('button', { type: 'button', id: 'another-pair', onclick: () => go({}) }, 'Another pair')),
    result);
  root.append(
    h('div', { class: 'card prompt-card' }, h('div', { class: 'muted small' }, `${prompt.id || promptId} · ${prompt.category || ''}`),
      h('p', { class: 'prompt-text' }, prompt.text || '')),
    h('div', { class: 'answers' }, side('a'), side('b')),
    form);

  async function submit(e) {
    e.preventDefault();
    const scores = (key) => Object.fromEntries(CRITERIA.map((c) => [c, Number(form.querySelector(`input[name="${key}-${c}"]:checked`)?.value)]));
    const body = { pair_id: pair.pair_id, a: scores('a'), b: scores('b') };
    if ([...Object.values(body.a), ...Object.values(body.b)].some((v) => !v)) {
      put(result, note('error', 'Rate both answers on all three criteria (1–5).'));
      return;
    }
    try {
      const r = await post('/api/ratings', body);
      const revealed = r.revealed || {};
      root.querySelector('#revealed-a').textContent = ` — ${revealed.a ?? '?'}`;
      root.querySelector('#revealed-b').textContent = ` — ${revealed.b ?? '?'}`;
      form.querySelector('#submit-rating').disabled = true;
      put(result, note('info', `Thank you: A was ${revealed.a ?? '?'}, B was ${revealed.b ?? '?'}.`));
    } catch (err) {
      put(result, note('error', err.field ? `${err.field}: ${err.message}` : err.message));
    }
  }
}
