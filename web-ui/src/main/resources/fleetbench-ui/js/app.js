// The shell: hash routes to one small module per page, the navigation, the live-stream indicator and the token
// button. Each page gets a context whose subscriptions and timers end when the page is left.
import { askToken, on, onStreamState, startEvents, token } from './api.js';
import { h, note, put } from './dom.js';
import { loadDefinitions } from './format.js';

const PAGES = {
  fleet: () => import('./pages/fleet.js'),
  campaigns: () => import('./pages/campaigns.js'),
  'campaigns/new': () => import('./pages/builder.js'),
  campaign: () => import('./pages/campaign.js'),
  results: () => import('./pages/results.js'),
  recommendations: () => import('./pages/recommendations.js'),
  compare: () => import('./pages/compare.js'),
  answers: () => import('./pages/answers.js'),
};

const NAV = [
  ['fleet', 'Fleet'], ['campaigns', 'Campaigns'], ['results', 'Results'], ['recommendations', 'Recommendations'],
  ['compare', 'Compare'], ['answers', 'Answers'],
];

/** "#/campaigns/abc?x=1" → { page, id, params }. */
export function parseHash(hash) {
  const raw = (hash || '').replace(/^#\/?/, '');
  const [path, q = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(q);
  if (parts.length === 0) return { page: 'fleet', id: null, params };
  if (parts[0] === 'campaigns' && parts[1] === 'new') return { page: 'campaigns/new', id: null, params };
  if (parts[0] === 'campaigns' && parts[1]) return { page: 'campaign', id: parts[1], params };
  return { page: PAGES[parts[0]] ? parts[0] : 'missing', id: null, params };
}

/** A hash link for a page and its parameters. */
export function link(page, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, v);
  const s = q.toString();
  return `#/${page}${s ? `?${s}` : ''}`;
}

let current = { cleanups: [], generation: 0 };

async function route() {
  for (const fn of current.cleanups) fn();
  const generation = current.generation + 1;
  current = { cleanups: [], generation };
  const r = parseHash(location.hash);
  const navKey = r.page === 'campaign' || r.page === 'campaigns/new' ? 'campaigns' : r.page;
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === navKey);
  const root = document.getElementById('view');
  const ctx = {
    ...r,
    alive: () => current.generation === generation,
    on: (type, fn) => current.cleanups.push(on(type, (d) => ctx.alive() && fn(d))),
    every: (millis, fn) => {
      const t = setInterval(() => ctx.alive() && fn(), millis);
      current.cleanups.push(() => clearInterval(t));
    },
    cleanup: (fn) => current.cleanups.push(fn),
  };
  if (r.page === 'missing') {
    put(root, note('empty', 'No such page. ', h('a', { href: '#/fleet' }, 'Go to the fleet.')));
    return;
  }
  root.setAttribute('aria-busy', 'true');
  try {
    const [mod] = await Promise.all([PAGES[r.page](), loadDefinitions()]);
    if (!ctx.alive()) return;
    const page = h('section', { class: 'page', id: `page-${r.page.replace('/', '-')}` });
    put(root, page);
    await mod.render(page, ctx);
  } catch (e) {
    if (ctx.alive()) put(root, note('error', `This page failed: ${e.message}`));
  } finally {
    if (ctx.alive()) root.setAttribute('aria-busy', 'false');
  }
}

function shell() {
  const nav = document.getElementById('nav');
  put(nav, NAV.map(([page, label]) => h('a', { href: `#/${page}`, dataset: { page } }, label)));
  const live = document.getElementById('live');
  onStreamState((s) => {
    live.dataset.state = s;
    live.textContent = s === 'live' ? '● live' : s === 'connecting' ? '○ connecting' : '○ offline';
    live.title = s === 'live' ? 'Updates arrive as they happen (GET /api/events)'
      : 'Not receiving live updates; retrying';
  });
  const tokenButton = document.getElementById('token-button');
  const label = () => { tokenButton.textContent = token() ? 'Token ✓' : 'Token'; };
  label();
  tokenButton.addEventListener('click', async () => {
    await askToken('Enter the coordinator\'s token (kept for this browser session only).');
    label();
  });
  window.addEventListener('storage', label);
  on('open', label);
}

shell();
window.addEventListener('hashchange', route);
route();
startEvents();
