extension ConsoleAssets {
    static let appJS = ConsoleAsset("app.js", #"""
// app.js — boots the console: who is signed in, the navigation for their role, routing.
import { api, t, el, clear, route, setMe, me, allPages, setHome, onUnauthorized, setLang, lang, onLangChange, navigate, strings } from './core.js';
import './pages.js';

strings({
  'zh-CN': { 'app.signedInAs': '{name}（{role}，{site}）' },
  en: { 'app.signedInAs': '{name} ({role}, {site})' },
});

/** Where each role lands after signing in (the first registered page it may open). */
const homes = {
  agent: ['agent', 'tickets'],
  technician: ['tech', 'tickets'],
  site_supervisor: ['wall', 'tickets'],
  hq_analyst: ['hq', 'reports', 'tickets'],
  admin: ['hq', 'tickets'],
};

function homeFor(m) {
  if (!m) return 'login';
  const ids = new Set(allPages().map((p) => p.id));
  return (homes[m.role] ?? ['tickets']).find((id) => ids.has(id)) ?? 'tickets';
}

function renderChrome() {
  const m = me();
  const top = document.getElementById('top');
  top.hidden = !m;
  const nav = clear(document.getElementById('nav'));
  if (m) {
    for (const page of allPages()) {
      if (!page.nav || (page.roles && !page.roles.includes(m.role))) continue;
      nav.append(el('a', { href: `#/${page.id}`, 'data-page': page.id, 'data-testid': `nav-${page.id}` }, t(page.nav)));
    }
    document.getElementById('who').textContent = t('app.signedInAs', {
      name: m.displayName || m.username, role: t(`core.role.${m.role}`), site: m.site === '*' ? 'HQ' : m.site,
    });
  }
  document.getElementById('lang').textContent = lang() === 'en' ? '中文' : 'English';
  document.getElementById('logout').textContent = t('core.logout');
  document.title = lang() === 'en' ? 'Courtyard' : '庭院 Courtyard';
}

/** Called by the login page, and at boot with the session the cookie holds. */
export function signedIn(account) {
  setMe(account ? { username: account.username, displayName: account.displayName, role: account.role, site: account.site, permissions: account.permissions ?? [] } : null);
  renderChrome();
  if (account && (location.hash === '' || location.hash.startsWith('#/login'))) navigate(`#/${homeFor(me())}`);
  else route();
}

async function boot() {
  document.documentElement.lang = lang();
  setHome(homeFor);
  onUnauthorized(() => { if (me()) signedIn(null); });
  onLangChange(() => { renderChrome(); route(); });
  document.getElementById('lang').addEventListener('click', () => setLang(lang() === 'en' ? 'zh-CN' : 'en'));
  document.getElementById('logout').addEventListener('click', async () => {
    try { await api('POST', '/api/v1/auth/logout'); } catch { /* signed out either way */ }
    signedIn(null);
    navigate('#/login');
  });
  window.addEventListener('hashchange', route);
  try {
    const session = await api('GET', '/api/v1/auth/me');
    signedIn(session.account);
  } catch (e) {
    if (e.code === 'auth_disabled') {
      // A node run with --auth disabled (development): act as a local administrator.
      signedIn({ username: 'local', displayName: 'local', role: 'admin', site: '*' });
    } else {
      signedIn(null);
    }
  }
}

boot();
"""#)
}
