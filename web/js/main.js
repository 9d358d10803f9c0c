// The panel's frame: who is signed in, the pages their role may open, the
// language switch. Every page is a real server route (checked by role on the
// server), so navigation is plain links and each load asks the server again.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, apiPage, html, pickedCommune, pickCommune, setSession, useApi } from './lib.js';
import { lang, setLang, t } from './i18n.js';
import { Logo } from './components.js';
import { LoginPage } from './pages/login.js';

// Each page's module is fetched when the page is first opened, not all of
// them up front: an officer's load never fetches the technician's page.
const lazy = (load, name) => () => load().then((m) => m[name]);
const PAGES = {
  '/officer': lazy(() => import('./pages/compose.js'), 'ComposePage'),
  '/officer/calendar': lazy(() => import('./pages/calendar.js'), 'CalendarPage'),
  '/officer/lexicon': lazy(() => import('./pages/lexicon.js'), 'LexiconPage'),
  '/broadcasts': lazy(() => import('./pages/broadcasts.js'), 'BroadcastsPage'),
  '/chairman': lazy(() => import('./pages/greeting.js'), 'GreetingPage'),
  '/chairman/approvals': lazy(() => import('./pages/approvals.js'), 'ApprovalsPage'),
  '/technician': lazy(() => import('./pages/technician.js'), 'TechnicianPage'),
  '/emergency': lazy(() => import('./pages/emergency.js'), 'EmergencyPage'),
  '/bulletins': lazy(() => import('./pages/bulletins.js'), 'BulletinsPage'),
  '/live': lazy(() => import('./pages/live.js'), 'LivePage'),
  '/reports': lazy(() => import('./pages/reports.js'), 'ReportsPage'),
  '/users': lazy(() => import('./pages/users.js'), 'UsersPage'),
  '/audit': lazy(() => import('./pages/audit.js'), 'AuditPage'),
  '/setup': lazy(() => import('./pages/setup.js'), 'SetupPage'),
  '/schedules': lazy(() => import('./pages/schedule.js'), 'SchedulesPage'),
  '/settings': lazy(() => import('./pages/settings.js'), 'SettingsPage'),
};
const CoveragePage = lazy(() => import('./pages/broadcasts.js'), 'CoveragePage');
const BulletinPage = lazy(() => import('./pages/bulletins.js'), 'BulletinPage');
const SchedulePage = lazy(() => import('./pages/schedule.js'), 'SchedulePage');

/** A page whose module loads on first use: "Đang tải…" meanwhile. */
function Lazy({ load, props = {} }) {
  const [state, setState] = useState({ Page: null, error: null });
  useEffect(() => {
    let live = true;
    load().then(
      (Page) => live && setState({ Page, error: null }),
      (error) => live && setState({ Page: null, error }),
    );
    return () => (live = false);
  }, [load]);
  if (state.error) return html`<p class="error" role="alert">${t('pageLoadFailed')}</p>`;
  if (!state.Page) return html`<p class="loading" role="status">${t('loading')}</p>`;
  return html`<${state.Page} ...${props} />`;
}

// path → [page, nav label key, permission]; the server enforces the same.
const NAV = [
  ['/officer', 'navCompose', 'panel:officer'],
  ['/officer/calendar', 'navCalendar', 'panel:officer'],
  ['/schedules', 'navSchedules', 'reports:read'],
  ['/live', 'navLive', 'live:start'],
  ['/officer/lexicon', 'navLexicon', 'panel:officer'],
  ['/chairman', 'navGreeting', 'panel:chairman'],
  ['/chairman/approvals', 'navApprovals', 'panel:chairman'],
  ['/technician', 'navReceivers', 'panel:technician'],
  ['/broadcasts', 'navBroadcasts', 'reports:read'],
  ['/bulletins', 'navBulletins', 'reports:read'],
  ['/reports', 'navReports', 'reports:read'],
  ['/setup', 'navSetup', 'panel:setup'],
  ['/users', 'navUsers', 'users:manage'],
  ['/settings', 'navSettings', 'users:manage'],
  ['/audit', 'navAudit', 'audit:read'],
];

/** The module of the page at `path`, and its props. */
function pageAt(path) {
  const m = /^\/broadcasts\/([^/]+)$/.exec(path);
  if (m) return { load: CoveragePage, props: { id: decodeURIComponent(m[1]) } };
  const bulletin = /^\/bulletins\/([^/]+)$/.exec(path);
  if (bulletin) return { load: BulletinPage, props: { id: decodeURIComponent(bulletin[1]) } };
  const schedule = /^\/schedules\/([^/]+)$/.exec(path);
  if (schedule) return { load: SchedulePage, props: { id: decodeURIComponent(schedule[1]) } };
  const load = PAGES[path.replace(/\/$/, '')];
  return load ? { load } : null;
}
// Fetched while the session is asked for, not after.
pageAt(location.pathname)?.load().catch(() => {});

function route(path) {
  const page = pageAt(path);
  return page ? html`<${Lazy} key=${path} load=${page.load} props=${page.props} />` : html`<p>${t('notFound')}</p>`;
}

function LangSwitch({ onChange }) {
  const other = lang() === 'vi' ? 'en' : 'vi';
  return html`<button type="button" class="lang" lang=${other} onClick=${() => onChange(other)}>${other === 'en' ? 'English' : 'Tiếng Việt'}</button>`;
}

/**
 * A district or province account picks the commune it works on; every API
 * call then carries it (X-Loa-Zone) and the server narrows the scope to it.
 * A commune's own accounts have nothing to pick.
 */
function CommunePicker() {
  const [zones] = useApi('/zones?picker=1', []);
  const communes = (zones ?? []).filter((z) => z.kind === 'commune');
  if (communes.length < 2) return null;
  return html`<label class="commune-picker">
    <select aria-label=${t('communePicker')} value=${pickedCommune() ?? ''} onChange=${(e) => {
      pickCommune(e.currentTarget.value || null);
      location.reload();
    }}>
      <option value="">${t('allCommunes')}</option>
      ${communes.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
    </select></label>`;
}

/** How many items wait for this approver: shown on the "Duyệt" tab. */
function useWaitingCount(me) {
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!me?.permissions.includes('broadcasts:approve')) return;
    Promise.all([apiPage('/broadcasts?status=pending_approval&limit=1'), api('/schedules')]).then(
      ([b, s]) => setN((b.total ?? b.items.length) + s.filter((x) => x.status === 'pending_approval').length),
      () => {},
    );
  }, [me]);
  return n;
}

function App() {
  const [, rerender] = useState(0);
  const [me, setMe] = useState(undefined);
  // On a phone the pages' menu folds away so the work gets the screen.
  const [menuOpen, setMenuOpen] = useState(false);
  const waiting = useWaitingCount(me);
  const changeLang = (l) => {
    setLang(l);
    rerender((x) => x + 1);
  };
  useEffect(() => {
    document.documentElement.lang = lang();
  });
  useEffect(() => {
    fetch('/api/v1/auth/session', { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : { me: null }))
      .then(({ me: m }) => {
        if (m) setSession(m);
        setMe(m);
      }, () => setMe(null));
  }, []);
  if (me === undefined) return html`<p class="loading" role="status">${t('loading')}</p>`;
  const path = location.pathname;
  if (!me || path === '/' || path === '/index.html') {
    // A new sign-in starts from its own whole scope.
    pickCommune(null);
    return html`<${LoginPage} me=${me} langSwitch=${html`<${LangSwitch} onChange=${changeLang} />`} />`;
  }
  const may = (p) => me.permissions.includes(p);
  const logout = async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => {});
    location.assign('/');
  };
  return html`
    <a class="skip" href="#main">${t('skipToContent')}</a>
    <header class=${'top' + (menuOpen ? ' menu-open' : '')}>
      <a class="brand" href=${me.home}><${Logo} /> Loa Làng</a>
      <span class="who">${me.displayName ?? me.actor} · ${t('role_' + me.role)}</span>
      <${CommunePicker} />
      <${LangSwitch} onChange=${changeLang} />
      <button type="button" class="ghost logout" onClick=${logout}>${t('logout')}</button>
    </header>
    <nav class=${'main-nav' + (menuOpen ? ' open' : '')} aria-label=${t('navLabel')}>
      <button type="button" class="menu-toggle" aria-expanded=${menuOpen ? 'true' : 'false'} aria-controls="nav-pages" onClick=${() => setMenuOpen(!menuOpen)}>☰ ${t('menu')}</button>
      <ul id="nav-pages">
        ${NAV.filter(([, , p]) => may(p)).map(
          ([href, key]) =>
            html`<li>
              <a href=${href} aria-current=${path === href ? 'page' : undefined}
                >${t(key)}${key === 'navApprovals' && waiting > 0 && html` <span class="count" aria-label=${t('nWaiting', { n: waiting })}>${waiting}</span>`}</a
              >
            </li>`,
        )}
      </ul>
      ${may('broadcasts:emergency') && html`<a class="emergency-link" href="/emergency" aria-current=${path === '/emergency' ? 'page' : undefined}>${t('navEmergency')}</a>`}
    </nav>
    <main id="main" tabindex="-1">${route(path)}</main>
  `;
}

render(html`<${App} />`, document.getElementById('app'));
