// Shared panel helpers: Preact + htm, the API client (session cookie + CSRF
// header), server-sent events, time formatting in the commune's time zone.
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import htm from 'htm';
import { lang, t } from './i18n.js';

export const html = htm.bind(h);

let csrfToken = null;
let timezone = 'Asia/Ho_Chi_Minh';
let permissions = [];
export function setSession(me) {
  csrfToken = me.csrfToken;
  timezone = me.timezone || timezone;
  permissions = me.permissions;
}
/** Whether to offer an action; the server checks again. */
export const may = (permission) => permissions.includes(permission);

export class ApiError extends Error {
  constructor(message, status, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** JSON API call; unsafe methods carry the CSRF token; 401 sends the person to the sign-in page. */
export async function api(path, { method = 'GET', body, form } = {}) {
  const headers = {};
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken ?? '';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch('/api/v1' + path, { method, headers, body: form ?? (body === undefined ? undefined : JSON.stringify(body)), credentials: 'same-origin' });
  if (res.status === 401 && !path.startsWith('/auth/')) {
    location.assign('/?next=' + encodeURIComponent(location.pathname + location.search));
    throw new ApiError(t('errSignedOut'), 401, 'unauthenticated');
  }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(data?.error || res.statusText, res.status, data?.code);
  return data;
}

/** Loads once per change of `deps`; returns [data, error, reload]. */
export function useApi(path, deps = [path]) {
  const [state, setState] = useState({ data: undefined, error: null });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    if (path) api(path).then((data) => live && setState({ data, error: null }), (error) => live && setState({ data: undefined, error }));
    return () => (live = false);
  }, [...deps, n]);
  return [state.data, state.error, () => setN((x) => x + 1)];
}

/** Subscribes to the server's event stream while the component is shown. */
export function useEvents(handlers) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const es = new EventSource('/api/v1/events');
    for (const name of ['receiver', 'delivery', 'status']) {
      es.addEventListener(name, (e) => ref.current[name]?.(JSON.parse(e.data)));
    }
    return () => es.close();
  }, []);
}

/** Calls fn at most once per `ms` after the last trigger. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Re-renders every `ms`, for "12 s ago" style read-outs. */
export function useTick(ms) {
  const [, set] = useState(0);
  useEffect(() => {
    const id = setInterval(() => set((x) => x + 1), ms);
    return () => clearInterval(id);
  }, [ms]);
}

const locale = () => (lang() === 'vi' ? 'vi-VN' : 'en-GB');
const fmt = (iso, opts) => (iso ? new Intl.DateTimeFormat(locale(), { timeZone: timezone, ...opts }).format(new Date(iso)) : '—');
/** "23/11/2026 07:30": the date first, the way Vietnamese documents write it. */
export const fmtDateTime = (iso) => (iso ? `${fmt(iso, { day: '2-digit', month: '2-digit', year: 'numeric' })} ${fmtTime(iso)}` : '—');
export const fmtTime = (iso) => fmt(iso, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export function fmtAgo(iso, now = Date.now()) {
  if (!iso) return t('never');
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return t('agoSeconds', { n: s });
  if (s < 3600) return t('agoMinutes', { n: Math.round(s / 60) });
  if (s < 86400) return t('agoHours', { n: Math.round(s / 3600) });
  return t('agoDays', { n: Math.round(s / 86400) });
}

/** The commune's calendar date of an instant, YYYY-MM-DD. */
export function localDate(d) {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** Commune wall-clock date + time → ISO instant (the server also works in this zone). */
export function zonedIso(date, time) {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const offset = (t) => {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(t).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(t / 60000) * 60000;
  };
  return new Date(wall - offset(wall - offset(wall))).toISOString();
}

export const hamlets = (zones) => zones.filter((z) => z.kind !== 'commune');
export const zoneName = (zones, id) => zones?.find((z) => z.id === id)?.name ?? id;
