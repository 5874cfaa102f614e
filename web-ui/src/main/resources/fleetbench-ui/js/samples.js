// A table of samples as GET /api/campaigns/{id}/samples returns them. The answer is a model's untrusted output: it
// goes into the page as a text node (textContent), never as HTML.
import { h, table } from './dom.js';
import { DEFINITIONS, ms, num, tps } from './format.js';

/** One answer, as text, collapsed to a few lines with the rest behind a click. */
export function answer(text) {
  const pre = h('pre', { class: 'answer' });
  pre.textContent = text ?? '';
  return pre;
}

export function samplesTable(samples, hostOf = (id) => id) {
  const th = (label, key) => h('th', { title: DEFINITIONS[key] || '' }, label);
  return table({ class: 'grid samples' },
    ['Machine', 'Model', 'Prompt', 'Kind', 'Status', th('TTFT', 'ttft_ms'), th('TPOT', 'tpot_ms'), th('Decode', 'decode_tps'),
      th('E2E', 'e2e_ms'), 'n out', h('th', { title: 'the prompt check scored on this answer: score in [0, 1], verdict and reason' }, 'Quality'), 'Answer'],
    samples.map((s) => h('tr', { dataset: { sample: s.id }, class: s.status === 'failed' ? 'failed' : null },
      h('td', null, hostOf(s.worker_id)),
      h('td', null, s.model),
      h('td', null, s.prompt_id, s.repetition != null ? h('span', { class: 'muted small' }, ` #${s.repetition}`) : null),
      h('td', null, s.kind),
      h('td', { title: s.failure_message || '' }, s.status === 'failed' ? `failed: ${s.failure_code}` : s.status),
      h('td', { class: 'num', title: DEFINITIONS.ttft_ms }, ms(s.ttft_ms)),
      h('td', { class: 'num', title: DEFINITIONS.tpot_ms }, ms(s.tpot_ms)),
      h('td', { class: 'num', title: DEFINITIONS.decode_tps }, tps(s.decode_tps)),
      h('td', { class: 'num', title: DEFINITIONS.e2e_ms }, ms(s.e2e_ms)),
      h('td', { class: 'num' }, s.n_out == null ? '—' : num(s.n_out, 0), s.tokens_approximate ? '~' : ''),
      h('td', { class: 'quality', title: s.quality ? s.quality.reason : 'no check on this prompt' },
        s.quality ? `${s.quality.verdict} ${num(s.quality.score, 2)}` : '—',
        s.quality ? h('div', { class: 'muted small quality-reason' }, s.quality.reason) : null),
      h('td', { class: 'answer-cell' }, answer(s.text)))));
}
