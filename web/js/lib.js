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
let scopeZone = null;
export function setSession(me) {
  csrfToken = me.csrfToken;
  timezone = me.timezone || timezone;
  permissions = me.permissions;
  scopeZone = me.zoneId ?? null;
}
/** The zone the signed-in account is scoped to (null: the whole system). */
export const accountZone = () => scopeZone;
/** The page's CSRF token, for requests that cannot carry the header (the live WebSocket). */
export const csrf = () => csrfToken;
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
export async function api(path, opts) {
  return (await request(path, opts)).data;
}

/** One page of a list the server pages: its items, the path of the next page (Link rel="next") and the count of all (X-Total-Count). */
export async function apiPage(path) {
  const { data, res } = await request(path);
  const next = /<\/api\/v1([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
  const total = res.headers.get('x-total-count');
  return { items: data, next, total: total === null ? null : Number(total) };
}

const PICK_KEY = 'loa.commune';
/** The commune a district or province account chose to work on (null: all of its scope). */
export const pickedCommune = () => sessionStorage.getItem(PICK_KEY);
export function pickCommune(zoneId) {
  if (zoneId) sessionStorage.setItem(PICK_KEY, zoneId);
  else sessionStorage.removeItem(PICK_KEY);
}

async function request(path, { method = 'GET', body, form } = {}) {
  // The server answers errors in one language: the panel's.
  const headers = { 'accept-language': lang() === 'en' ? 'en' : 'vi' };
  // The picker's own list of communes is read with the whole scope.
  const picked = pickedCommune();
  if (picked && !path.includes('picker=1')) headers['x-loa-zone'] = picked;
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken ?? '';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch('/api/v1' + path, { method, headers, body: form ?? (body === undefined ? undefined : JSON.stringify(body)), credentials: 'same-origin' });
  if (res.status === 401 && !path.startsWith('/auth/')) {
    location.assign('/?next=' + encodeURIComponent(location.pathname + location.search));
    throw new ApiError(t('errSignedOut'), 401, 'unauthenticated');
  }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(data?.error || res.statusText, res.status, data?.code);
  return { data, res };
}

/** Follows a render job (/speech/jobs/:id) until it ends: the finished job, or its error thrown. */
export async function followJob(jobId, onUpdate = () => {}) {
  for (;;) {
    const job = await api(`/speech/jobs/${jobId}`);
    onUpdate(job);
    if (job.state === 'done') return job;
    if (job.state === 'failed') throw new ApiError(job.error || t('renderFailed'), 422, 'render_failed');
    await new Promise((r) => setTimeout(r, 500));
  }
}

const withLimit = (path, limit) => `${path}${path.includes('?') ? '&' : '?'}limit=${limit}`;

/**
 * A list the server pages: the first `pageSize` items of `path`, more on
 * demand. `refresh` reloads as many as are shown (up to the route's `max`),
 * so live updates do not fold the list back to one page.
 */
export function usePaged(path, pageSize, max) {
  const [state, setState] = useState({ items: null, next: null, total: null, error: null });
  const shown = useRef(0);
  shown.current = state.items?.length ?? 0;
  const [n, setN] = useState(0);
  const wanted = useRef(pageSize);
  useEffect(() => {
    let live = true;
    if (path) {
      apiPage(withLimit(path, wanted.current)).then(
        (page) => live && setState({ ...page, error: null }),
        (error) => live && setState((s) => ({ ...s, error })),
      );
    }
    wanted.current = pageSize;
    return () => (live = false);
  }, [path, n]);
  const loadMore = async () => {
    if (!state.next) return;
    try {
      const page = await apiPage(state.next);
      setState((s) => ({ items: [...s.items, ...page.items], next: page.next, total: page.total ?? s.total, error: null }));
    } catch (error) {
      setState((s) => ({ ...s, error }));
    }
  };
  const refresh = () => {
    wanted.current = Math.min(Math.max(pageSize, shown.current), max);
    setN((x) => x + 1);
  };
  const setItems = (fn) => setState((s) => (s.items ? { ...s, items: fn(s.items, s.next) } : s));
  return { ...state, loadMore, refresh, setItems };
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
    // The commune picked narrows the stream as it narrows every call.
    const picked = pickedCommune();
    const es = new EventSource('/api/v1/events' + (picked ? `?narrow=${encodeURIComponent(picked)}` : ''));
    for (const name of ['receiver', 'delivery', 'status', 'bulletin']) {
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

/** Calls fn at once, then at most once per `ms` while triggers keep coming (the last one always runs). */
export function throttle(fn, ms) {
  let timer = null;
  let again = false;
  const run = (...args) => {
    if (timer) return void (again = args);
    fn(...args);
    timer = setTimeout(() => {
      timer = null;
      if (again) {
        const last = again;
        again = false;
        run(...last);
      }
    }, ms);
  };
  return run;
}

/** Lower case without Vietnamese diacritics, as the server searches (src/receivers/search.ts). */
export const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();

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
/** Numbers as the reader writes them: "1.234,5" in Vietnamese, "1,234.5" in English. */
export const fmtNumber = (n, maxDecimals = 1) => (n === null || n === undefined ? '—' : new Intl.NumberFormat(locale(), { maximumFractionDigits: maxDecimals }).format(n));
/** A share 0…1 as a percentage: "66,7 %" in Vietnamese. */
export const fmtPct = (x) => (x === null || x === undefined ? '—' : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(x));

/** A recording's length as a player shows it: "01:05", "1:02:03" past an hour; '' when unknown. */
export function fmtDuration(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  const p = (n) => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}` : `${p(Math.floor(s / 60))}:${p(s % 60)}`;
}

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
  // A date or time field left empty or not understood (components.js DateInput, TimeInput).
  if (!date || !time) throw new Error(t('needDateTime'));
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const offset = (t) => {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(t).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(t / 60000) * 60000;
  };
  return new Date(wall - offset(wall - offset(wall))).toISOString();
}

/** Vietnamese alphabetical order: "Đ" after "D", "Ấp" after "An", "Thôn 2" before "Thôn 10". */
export const viCompare = new Intl.Collator('vi', { numeric: true }).compare;
/** Who did something, by the name they go by: the server's display name (createdByName…), else the account or token without its "user:" prefix. */
export const personName = (name, actor) => name || (actor ?? '').replace(/^(user|token|upstream):/, '');
/** People by the name they go by. */
export const byName = (people) => [...people].sort((a, b) => viCompare(a.displayName || a.username, b.displayName || b.username));
export const hamlets = (zones) => zones.filter((z) => z.kind !== 'commune');
export const zoneName = (zones, id) => zones?.find((z) => z.id === id)?.name ?? id;
