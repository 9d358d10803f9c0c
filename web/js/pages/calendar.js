// Week and month calendar of what will air (and what aired), with items that
// would play over each other in the same hamlet flagged; beside it, the
// officer's drafts and the items waiting for the chairman. Each item opens
// its schedule (/schedules/:id) to read, change, send or withdraw it.
import { useState } from 'preact/hooks';
import { api, fmtDateTime, fmtTime, html, localDate, personName, useApi, zonedIso } from '../lib.js';
import { lang, t } from '../i18n.js';
import { PriorityBadge, showDate, StatusBadge } from '../components.js';

/** Two items closer than this in an overlapping hamlet would collide. */
const CLASH_MS = 10 * 60_000;

// Calendar days as 'YYYY-MM-DD' strings, computed in UTC so the browser's own
// time zone never shifts a day.
const parse = (d) => new Date(d + 'T00:00:00Z');
const iso = (dt) => dt.toISOString().slice(0, 10);
const addDays = (d, n) => iso(new Date(parse(d).getTime() + n * 86400_000));
const weekday = (d) => ((parse(d).getUTCDay() + 6) % 7) + 1; // 1 = Monday

function range(view, anchor) {
  if (view === 'week') {
    const start = addDays(anchor, 1 - weekday(anchor));
    return { start, days: 7 };
  }
  const first = anchor.slice(0, 8) + '01';
  const start = addDays(first, 1 - weekday(first));
  const nextMonth = iso(new Date(Date.UTC(parse(first).getUTCFullYear(), parse(first).getUTCMonth() + 1, 1)));
  const days = Math.ceil((parse(nextMonth) - parse(start)) / 86400_000 / 7) * 7;
  return { start, days };
}

/** Marks occurrences that air within CLASH_MS of another in an overlapping zone. */
function findClashes(items, zones) {
  const below = (id) => {
    const out = new Set([id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const z of zones) if (z.parentId && out.has(z.parentId) && !out.has(z.id)) (out.add(z.id), (grew = true));
    }
    return out;
  };
  const cover = items.map((o) => new Set(o.zoneIds.flatMap((id) => [...below(id)])));
  const clash = new Set();
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (Math.abs(Date.parse(items[i].at) - Date.parse(items[j].at)) >= CLASH_MS) continue;
      if ([...cover[i]].some((z) => cover[j].has(z))) (clash.add(items[i].id), clash.add(items[j].id));
    }
  }
  return clash;
}

export function CalendarPage() {
  const [view, setView] = useState('week');
  const [anchor, setAnchor] = useState(localDate(new Date()));
  const { start, days } = range(view, anchor);
  const end = addDays(start, days);
  const [zones] = useApi('/zones');
  const [occurrences, error] = useApi(`/occurrences?from=${encodeURIComponent(zonedIso(start, '00:00'))}&to=${encodeURIComponent(zonedIso(end, '00:00'))}`);
  const years = [...new Set([start.slice(0, 4), addDays(end, -1).slice(0, 4)])];
  const [holidaysA] = useApi(`/calendar/holidays?year=${years[0]}`);
  const [holidaysB] = useApi(years[1] ? `/calendar/holidays?year=${years[1]}` : null);
  const [schedules, , reloadSchedules] = useApi('/schedules');
  const [submitError, setSubmitError] = useState('');
  // Bulletins from above on the programme ("Bản tin cấp trên"), marked apart from the commune's own.
  const [upper] = useApi('/bulletins?inbox=true&limit=500');
  const upperByDay = new Map();
  for (const b of upper ?? []) {
    if (!b.placedAt || b.state === 'declined') continue;
    const d = localDate(new Date(b.placedAt));
    upperByDay.set(d, [...(upperByDay.get(d) ?? []), b]);
  }

  const items = (occurrences ?? []).filter((o) => o.state !== 'cancelled');
  const clashes = zones ? findClashes(items, zones) : new Set();
  const byDay = new Map();
  for (const o of items) {
    const d = localDate(new Date(o.at));
    byDay.set(d, [...(byDay.get(d) ?? []), o]);
  }
  const holidays = new Map([...(holidaysA ?? []), ...(holidaysB ?? [])].map((h) => [h.date, h.name]));
  const today = localDate(new Date());
  const month = anchor.slice(0, 7);
  const step = (n) => setAnchor(view === 'week' ? addDays(anchor, 7 * n) : iso(new Date(Date.UTC(Number(anchor.slice(0, 4)), Number(anchor.slice(5, 7)) - 1 + n, 1))));
  const title =
    view === 'week'
      ? `${showDate(start)} – ${showDate(addDays(end, -1))}`
      : new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(parse(anchor.slice(0, 8) + '01'));
  const waiting = (schedules ?? []).filter((s) => ['draft', 'pending_approval', 'rejected'].includes(s.status));
  const submit = async (id) => {
    setSubmitError('');
    try {
      await api(`/schedules/${encodeURIComponent(id)}/submit`, { method: 'POST' });
      reloadSchedules();
    } catch (err) {
      setSubmitError(err.message);
    }
  };

  return html`
    <h1>${t('calendarTitle')}</h1>
    <div class="toolbar" role="group" aria-label=${t('calendarControls')}>
      <button type="button" class="secondary" aria-pressed=${view === 'week'} onClick=${() => setView('week')}>${t('week')}</button>
      <button type="button" class="secondary" aria-pressed=${view === 'month'} onClick=${() => setView('month')}>${t('month')}</button>
      <button type="button" class="ghost" onClick=${() => step(-1)} aria-label=${t('previous')}>‹</button>
      <button type="button" class="ghost" onClick=${() => setAnchor(today)}>${t('today')}</button>
      <button type="button" class="ghost" onClick=${() => step(1)} aria-label=${t('next')}>›</button>
      <h2 class="range" aria-live="polite">${title}</h2>
    </div>
    ${error && html`<p class="error" role="alert">${error.message}</p>`}
    ${clashes.size > 0 && html`<p class="notice warn" role="status">⚠ ${t('clashCount', { n: clashes.size })}</p>`}
    <div class=${'calendar ' + view}>
      ${[1, 2, 3, 4, 5, 6, 7].map((d) => html`<div class="dow" aria-hidden="true">${t('wd' + d)}</div>`)}
      ${Array.from({ length: days }, (_, i) => {
        const d = addDays(start, i);
        const list = byDay.get(d) ?? [];
        return html`
          <section class=${'day' + (d === today ? ' today' : '') + (view === 'month' && d.slice(0, 7) !== month ? ' other' : '')} aria-label=${showDate(d)}>
            <h3><span class="dow-inline">${t('wd' + weekday(d))} </span>${Number(d.slice(8))}${view === 'week' ? '/' + Number(d.slice(5, 7)) : ''}</h3>
            ${holidays.has(d) && html`<p class="holiday">★ ${holidays.get(d)}</p>`}
            <ul>
              ${list.map(
                (o) => html`<li class=${'occ occ-' + o.priority + (clashes.has(o.id) ? ' clash' : '')} data-schedule=${o.scheduleId}>
                  <a href=${scheduleHref(o.scheduleId)}><${Occ} o=${o} clash=${clashes.has(o.id)} /></a>
                  ${o.broadcastId && html`<a class="coverage-link" href=${'/broadcasts/' + encodeURIComponent(o.broadcastId)}>${t('seeCoverage')}</a>`}
                </li>`,
              )}
              ${(upperByDay.get(d) ?? []).map(
                (b) => html`<li class=${'occ occ-' + b.level + ' upper'}>
                  <a href=${'/bulletins/' + encodeURIComponent(b.id)}><span class="badge upper">${t('upperLevel')}</span> ${fmtTime(b.placedAt)} ${b.title}</a>
                </li>`,
              )}
            </ul>
          </section>
        `;
      })}
    </div>

    <section aria-labelledby="waiting-title">
      <h2 id="waiting-title">${t('draftsAndPending')}</h2>
      <p><a href="/schedules">${t('allSchedules')}</a></p>
      ${waiting.length === 0 && html`<p class="muted">${t('nothingWaiting')}</p>`}
      <p class="error" role="alert">${submitError}</p>
      <ul class="cards">
        ${waiting.map(
          (s) => html`<li class="card" data-schedule=${s.id}>
            <p><a class="schedule-link" href=${scheduleHref(s.id)}><strong>${s.title}</strong></a> <${StatusBadge} s=${s.status} /> <${PriorityBadge} p=${s.priority} /></p>
            <p class="muted">${describeSpec(s, holidaysA)}</p>
            ${s.createdBy && html`<p class="small muted creator">${t('createdBy', { who: personName(s.createdByName, s.createdBy) })}</p>`}
            ${s.status === 'rejected' && s.rejectReason && html`<p class="error">${t('rejectReason')}: ${s.rejectReason}</p>`}
            ${s.status !== 'pending_approval' && html`<button type="button" class="secondary" onClick=${() => submit(s.id)}>${t('sendForApproval')}</button>`}
          </li>`,
        )}
      </ul>
    </section>
  `;
}

const scheduleHref = (id) => '/schedules/' + encodeURIComponent(id);

function Occ({ o, clash }) {
  return html`<span class="time">${fmtTime(o.at)}</span> ${o.title}${clash ? html` <strong class="clash-tag">⚠ ${t('clash')}</strong>` : ''}
    <span class="visually-hidden">, ${t('prio_' + o.priority)}, ${t('occ_' + o.state)}</span>`;
}

/** When a schedule airs, in words: the weekdays of a weekly rule, the holiday's name and the days around it. `holidays`: GET /calendar/holidays. */
export function describeSpec(s, holidays) {
  if (s.kind === 'once') return t('specOnce', { at: fmtDateTime(s.at) });
  if (s.kind === 'rule') {
    const times = s.rule.times.join(', ');
    if (s.rule.freq === 'weekly') return t('specWeekly', { days: [...s.rule.weekdays].sort().map((d) => t('wd' + d)).join(', '), times });
    if (s.rule.freq === 'monthly') return t('specMonthly', { day: s.rule.monthDay, times });
    return t('specRule', { freq: t('freq_' + s.rule.freq), times });
  }
  if (s.kind === 'holiday') {
    const name = holidays?.find((h) => h.id === s.holiday.holidayId)?.name ?? s.holiday.holidayId;
    const days = [...s.holiday.offsets].sort((a, b) => a - b).map((o) => (o === 0 ? t('onTheDay') : o < 0 ? t('daysBefore', { n: -o }) : t('daysAfter', { n: o })));
    return t('specHoliday', { holiday: name, days: days.join(', '), times: s.holiday.times.join(', ') });
  }
  return t('specCron', { cron: s.cron });
}
