// "Đăng nhập": the only thing a stranger sees.
import { useState } from 'preact/hooks';
import { api, html } from '../lib.js';
import { t } from '../i18n.js';
import { Logo } from '../components.js';

/**
 * Only paths on this site, so a crafted ?next= cannot send people elsewhere:
 * browsers read "/\evil.example" as "//evil.example", and drop tabs and
 * newlines, so those are refused before the URL is resolved here.
 */
function safeNext() {
  const origin = location.origin;
  const next = new URLSearchParams(location.search).get('next');
  if (!next || !next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return null;
  try {
    const url = new URL(next, origin);
    return url.origin === origin ? url.pathname + url.search + url.hash : null;
  } catch {
    return null;
  }
}

export function LoginPage({ me, langSwitch }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  if (me) {
    // Signed in already (the server normally redirects before this).
    location.replace(me.home);
    return null;
  }
  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError('');
    try {
      const r = await api('/auth/login', { method: 'POST', body: { username: f.get('username'), password: f.get('password') } });
      location.assign(safeNext() ?? r.home);
    } catch (err) {
      setError(err.status === 401 ? t('loginWrong') : err.status === 429 ? t('loginLimited') : err.message);
      setBusy(false);
    }
  };
  return html`
    <main class="login" id="main">
      <div class="login-lang">${langSwitch}</div>
      <p class="brand-big"><${Logo} size=${36} /> Loa Làng</p>
      <p class="muted">${t('tagline')}</p>
      <form class="card" onSubmit=${submit} aria-labelledby="login-title">
        <h1 id="login-title">${t('login')}</h1>
        <label for="username">${t('username')}</label>
        <input id="username" name="username" autocomplete="username" autocapitalize="none" required autofocus />
        <label for="password">${t('password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit" class="primary wide" disabled=${busy}>${busy ? t('signingIn') : t('login')}</button>
        <p class="error" role="alert">${error}</p>
      </form>
      <p class="muted small">${t('loginHelp')}</p>
    </main>
  `;
}
