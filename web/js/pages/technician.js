// The technician's view: online counts per zone, alerts, the receivers of
// the chosen zone page by page (filtered by status or a search) with their
// live status pushed by the server, a plan drawn from their coordinates,
// and the commands: volume, amplifier, test, stop, reboot. Nothing here loads the
// whole fleet, which may be 10 000 receivers.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, apiPage, debounce, fmtAgo, fmtDateTime, fold, html, throttle, useApi, useEvents, usePaged, useTick } from '../lib.js';
import { t } from '../i18n.js';
import { TimeInput } from '../components.js';

const THRESHOLDS_KEY = 'loa.alertThresholds';

function signal(rssi) {
  if (rssi === undefined || rssi === null) return { bars: 0, label: t('noSignalData') };
  const bars = rssi >= -70 ? 4 : rssi >= -80 ? 3 : rssi >= -90 ? 2 : 1;
  return { bars, label: `${rssi} dBm · ${t('signal' + bars)}` };
}

const Bars = ({ n }) => html`<span class="bars" aria-hidden="true">${[1, 2, 3, 4].map((i) => html`<i class=${i <= n ? 'on' : ''} style=${`height:${i * 25}%`}></i>`)}</span>`;

function ReceiverRow({ r, zone }) {
  const [volume, setVolume] = useState(r.volume);
  const [note, setNote] = useState('');
  useEffect(() => setVolume(r.volume), [r.volume]);
  const run = async (label, path, body, method = 'POST') => {
    setNote(t('sending'));
    try {
      const res = await api(path, { method, body });
      // Volume and amplifier for an offline receiver are kept until it returns: never "sent".
      setNote(res?.status === 'waiting' ? t('waitingForReceiver') : label);
    } catch (err) {
      setNote(`${t('failed')}: ${err.message}`);
    }
  };
  const cmd = (body, label) => run(label, `/receivers/${encodeURIComponent(r.id)}/commands`, body);
  const pending = r.volumeSet !== null && r.volumeSet !== undefined && r.volumeSet !== r.volume;
  const ampOn = r.power !== 'off';
  const sig = signal(r.telemetry?.rssi);
  return html`
    <tr data-receiver=${r.id} class=${r.online ? 'online' : 'offline'}>
      <th scope="row" data-label=${t('receiver')}>${r.name}<br /><span class="muted small">${r.id}</span></th>
      <td data-label=${t('hamlet')}>${zone}</td>
      <td data-label=${t('status')} class="status-cell">
        <span class=${r.online ? 'on' : 'off'}>${r.online ? '● ' + t('online') : '✖ ' + t('offline')}</span>
        ${r.playing && html`<br /><span class="small">▶ ${t('playingNow')}</span>`}
        <br /><span class="small amp">${t(ampOn ? 'ampOn' : 'ampOff')} · ${t(r.ampPolicy === 'manual' ? 'ampManual' : 'ampAuto')}</span>
        ${r.powerSet && r.powerSet !== r.power && html`<br /><span class="small muted amp-pending">${t(r.powerSet === 'on' ? 'ampOnPending' : 'ampOffPending')}</span>`}
      </td>
      <td data-label=${t('lastSeen')}>${fmtAgo(r.lastSeenAt)}</td>
      <td data-label=${t('signal')}><${Bars} n=${sig.bars} /> <span class="small">${sig.label}</span></td>
      <td data-label=${t('volume')}>
        <div class="row">
          <input type="range" min="0" max="100" step="5" value=${volume} aria-label=${t('volumeOf', { name: r.name })} onInput=${(e) => setVolume(Number(e.currentTarget.value))} />
          <output>${volume}</output>
          <button type="button" class="ghost small" onClick=${() => cmd({ type: 'volume', level: volume }, t('volumeSet', { n: volume }))}>${t('set')}</button>
        </div>
        ${pending && html`<span class="small muted volume-pending">${t('volumePending', { n: r.volumeSet })}</span>`}
      </td>
      <td data-label=${t('firmware')}>${r.fw ?? '—'}</td>
      <td data-label=${t('clockOffset')}>${r.clockOffsetMs === null ? '—' : `${r.clockOffsetMs} ms`}</td>
      <td data-label=${t('actions')} class="actions-cell">
        <button type="button" class="secondary small" onClick=${() => run(t('testSent'), `/receivers/${encodeURIComponent(r.id)}/test-tone`)}>${t('testTone')}</button>
        <button type="button" class="ghost small" onClick=${() => cmd({ type: 'power', on: !ampOn }, t(ampOn ? 'ampOffSent' : 'ampOnSent'))}>${t(ampOn ? 'ampSwitchOff' : 'ampSwitchOn')}</button>
        <label class="small">${t('ampPolicy')}
          <select value=${r.ampPolicy ?? 'auto'} onChange=${(e) => run(t('ampPolicySet'), `/receivers/${encodeURIComponent(r.id)}`, { ampPolicy: e.currentTarget.value }, 'PATCH')}>
            <option value="auto">${t('ampAuto')}</option>
            <option value="manual">${t('ampManual')}</option>
          </select>
        </label>
        <button type="button" class="ghost small" onClick=${() => cmd({ type: 'stop' }, t('stopSent'))}>${t('stop')}</button>
        <button type="button" class="ghost small" onClick=${() => confirm(t('confirmReboot', { name: r.name })) && cmd({ type: 'reboot' }, t('rebootSent'))}>${t('reboot')}</button>
        <span class="small" role="status">${note}</span>
      </td>
    </tr>
  `;
}

/** A plan of the hamlets from the receivers' GPS positions: no map tiles, no internet. */
function Plan({ receivers, zones }) {
  const placed = receivers.filter((r) => r.lat !== null && r.lon !== null);
  if (placed.length === 0) return html`<p class="muted">${t('noCoordinates')}</p>`;
  const W = 640;
  const H = 400;
  const pad = 50;
  const lats = placed.map((r) => r.lat);
  const lons = placed.map((r) => r.lon);
  const k = Math.cos(((Math.min(...lats) + Math.max(...lats)) / 2) * (Math.PI / 180));
  const spanX = Math.max((Math.max(...lons) - Math.min(...lons)) * k, 0.002);
  const spanY = Math.max(Math.max(...lats) - Math.min(...lats), 0.002);
  const scale = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
  const x = (r) => pad + ((r.lon - Math.min(...lons)) * k) * scale + (W - 2 * pad - spanX * scale) / 2;
  const y = (r) => pad + (Math.max(...lats) - r.lat) * scale + (H - 2 * pad - spanY * scale) / 2;
  const metresPerPx = 111_320 / scale;
  const bar = [100, 200, 500, 1000, 2000, 5000].find((m) => m / metresPerPx > 60) ?? 5000;
  const byZone = new Map();
  for (const r of placed) byZone.set(r.zoneId, [...(byZone.get(r.zoneId) ?? []), r]);
  const name = (id) => zones.find((z) => z.id === id)?.name ?? id;
  const offline = placed.filter((r) => !r.online).length;
  return html`
    <svg class="plan" viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${t('planLabel', { n: placed.length, off: offline })}>
      <rect width=${W} height=${H} class="plan-bg" />
      ${[...byZone].map(([zoneId, list]) => {
        const cx = list.reduce((s, r) => s + x(r), 0) / list.length;
        const cy = list.reduce((s, r) => s + y(r), 0) / list.length;
        const rad = Math.max(30, ...list.map((r) => Math.hypot(x(r) - cx, y(r) - cy) + 22));
        return html`<g class="plan-hamlet">
          <circle cx=${cx} cy=${cy} r=${rad} />
          <text x=${cx} y=${cy - rad - 6} text-anchor="middle">${name(zoneId)}</text>
        </g>`;
      })}
      ${placed.map(
        (r) => html`<g class=${'plan-rx ' + (r.online ? 'on' : 'off')} data-receiver=${r.id}>
          <title>${r.name}: ${r.online ? t('online') : t('offline')}</title>
          ${r.online
            ? html`<circle cx=${x(r)} cy=${y(r)} r="8" />`
            : html`<path d=${`M${x(r) - 7},${y(r) - 7}L${x(r) + 7},${y(r) + 7}M${x(r) + 7},${y(r) - 7}L${x(r) - 7},${y(r) + 7}`} />`}
        </g>`,
      )}
      <g class="plan-scale" transform=${`translate(${W - pad - bar / metresPerPx},${H - 18})`}>
        <line x1="0" x2=${bar / metresPerPx} y1="0" y2="0" />
        <text x=${bar / metresPerPx / 2} y="-6" text-anchor="middle">${bar >= 1000 ? bar / 1000 + ' km' : bar + ' m'}</text>
      </g>
    </svg>
    <p class="legend small"><span class="on">●</span> ${t('online')} <span class="off">✖</span> ${t('offline')}</p>
  `;
}

function Alerts({ alerts, thresholds, setThresholds }) {
  const list = alerts?.items ?? [];
  return html`
    <section class="card alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title">${t('alerts')} ${alerts?.total ? html`<span class="badge st-failed">${alerts.total}</span>` : ''}</h2>
      <div class="two">
        <div>
          <label for="offline-min">${t('alertOfflineAfter')}</label>
          <input id="offline-min" type="number" min="1" max="1440" value=${thresholds.offlineMinutes} onChange=${(e) => setThresholds({ offlineMinutes: Number(e.currentTarget.value) || thresholds.offlineMinutes })} />
        </div>
        <div>
          <label for="fail-streak">${t('alertFailStreak')}</label>
          <input id="fail-streak" type="number" min="1" max="50" value=${thresholds.failStreak} onChange=${(e) => setThresholds({ failStreak: Number(e.currentTarget.value) || thresholds.failStreak })} />
        </div>
      </div>
      <ul aria-live="polite">
        ${alerts && list.length === 0 && html`<li class="muted">${t('noAlerts')}</li>`}
        ${list.map((a) =>
          a.kind === 'offline'
            ? html`<li class="alert" data-alert=${a.kind} data-receiver=${a.receiverId}>✖ <strong>${a.receiverName}</strong>: ${a.lastSeenAt ? t('alertOffline', { ago: fmtAgo(a.lastSeenAt) }) : t('alertNeverSeen')}</li>`
            : html`<li class="alert" data-alert=${a.kind} data-receiver=${a.receiverId}>⚠ <strong>${a.receiverName}</strong>: ${t('alertFailing', { n: a.failures })} ${a.lastError ? html`<span class="muted small">(${a.lastError})</span>` : ''}</li>`,
        )}
        ${alerts?.total > list.length && html`<li class="muted">${t('moreAlerts', { n: alerts.total - list.length })}</li>`}
      </ul>
    </section>
  `;
}

/**
 * Online / total in the zones one level below the chosen one (the communes
 * when none is chosen; a lone commune's hamlets): choosing one narrows the
 * page to it.
 */
function ZoneSummary({ zones, counts, zoneId, choose }) {
  const childrenOf = (id) => zones.filter((z) => (id ? z.parentId === id : !z.parentId));
  let below = childrenOf(zoneId);
  while (below.length === 1 && childrenOf(below[0].id).length) below = childrenOf(below[0].id);
  const rows = (below.length ? below : zones.filter((z) => z.id === zoneId)).map((z) => ({ z, c: counts.get(z.id) ?? { online: 0, total: 0 } }));
  return html`
    <section class="card" aria-labelledby="zones-title">
      <h2 id="zones-title">${t('zoneSummaryTitle')}</h2>
      <table class="zone-summary">
        <tbody>
          ${rows.map(
            ({ z, c }) => html`<tr data-zone=${z.id}>
              <th scope="row"><button type="button" class="ghost small" onClick=${() => choose(z.id)}>${z.name}</button></th>
              <td class=${c.online < c.total ? 'off' : 'on'}>${t('zoneOnline', { on: c.online, total: c.total })}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>
  `;
}

/** Whether a receiver belongs in the table as filtered (the server decides for what it sends; this is for pushed changes). */
const matcher = (zones, f) => {
  const inZone = new Set();
  const add = (id) => (inZone.add(id), zones.filter((z) => z.parentId === id).forEach((z) => add(z.id)));
  if (f.zoneId) add(f.zoneId);
  return (r) => (!f.zoneId || inZone.has(r.zoneId)) && (!f.offline || !r.online) && (!f.q || fold(`${r.id} ${r.name}`).includes(fold(f.q)));
};

const PAGE = 100;

/** The chosen zone's amplifier hours: its receivers switch their amplifiers on and off at these local times. */
function AmpHours({ zoneId }) {
  const path = `/zones/${encodeURIComponent(zoneId)}/power-schedule`;
  const [hours, error, reload] = useApi(path);
  const [on, setOn] = useState('05:00');
  const [off, setOff] = useState('22:00');
  const [note, setNote] = useState('');
  useEffect(() => {
    if (hours?.on) setOn(hours.on);
    if (hours?.off) setOff(hours.off);
  }, [hours?.on, hours?.off]);
  const send = async (method, body, done) => {
    try {
      await api(path, { method, body });
      setNote(t(done));
      reload();
    } catch (err) {
      setNote(`${t('failed')}: ${err.message}`);
    }
  };
  if (error) return html`<p class="error" role="alert">${error.message}</p>`;
  if (!hours) return null;
  return html`<form class="row amp-hours" onSubmit=${(e) => (e.preventDefault(), send('PUT', { on, off }, 'ampHoursSaved'))}>
    <span>${t('ampHours')}</span>
    <label>${t('ampHoursOn')} <${TimeInput} required value=${on} onChange=${setOn} /></label>
    <label>${t('ampHoursOff')} <${TimeInput} required value=${off} onChange=${setOff} /></label>
    <button type="submit" class="ghost small">${t('ampHoursSave')}</button>
    ${hours.on && html`<button type="button" class="ghost small" onClick=${() => send('DELETE', undefined, 'ampHoursRemoved')}>${t('ampHoursRemove')}</button>`}
    <span class="small" role="status">${note}</span>
  </form>`;
}

/** Communes with their own server linked to this one: their receivers as they last reported them. */
function LinkedReceivers() {
  const [list] = useApi('/downstreams');
  const live = (list ?? []).filter((d) => !d.revokedAt);
  if (live.length === 0) return null;
  return html`
    <section aria-labelledby="linked-rx-title">
      <h2 id="linked-rx-title">${t('linkedTitle')}</h2>
      ${live.map((d) => html`<${LinkedCommune} key=${d.id} d=${d} />`)}
    </section>
  `;
}

function LinkedCommune({ d }) {
  const [open, setOpen] = useState(false);
  return html`<details class="card" data-downstream=${d.id} onToggle=${(e) => setOpen(e.currentTarget.open)}>
    <summary><strong>${d.zoneName}</strong> <span class=${'badge ' + (d.connected ? 'st-done' : 'st-failed')}>${d.connected ? t('linkedConnected') : t('linkedDisconnected')}</span> ${t('linkedReceivers', { online: d.online, total: d.online + d.offline })}</summary>
    <p class="small muted">${t('linkedLastSeen', { at: fmtDateTime(d.lastSeenAt) })}</p>
    ${open && html`<${LinkedList} id=${d.id} />`}
  </details>`;
}

function LinkedList({ id }) {
  const [rows, error] = useApi(`/downstreams/${encodeURIComponent(id)}/receivers`);
  if (error) return html`<p class="error" role="alert">${error.message}</p>`;
  if (!rows) return html`<p role="status">${t('loading')}</p>`;
  return html`<ul class="linked-receivers">
    ${rows.map((r) => html`<li data-receiver=${r.receiverId}><span class=${r.online ? 'on' : 'off'}>${r.online ? '●' : '✖'}</span> ${r.name ?? r.receiverId} <span class="muted small">(${r.receiverId}) ${r.online ? t('online') : t('offline')} · ${fmtDateTime(r.changedAt)}</span></li>`)}
  </ul>`;
}

export function TechnicianPage() {
  const [zones] = useApi('/zones');
  const [summary, summaryError, reloadSummary] = useApi('/fleet/summary');
  const [filter, setFilter] = useState({ zoneId: '', offline: false, q: '' });
  const [typed, setTyped] = useState('');
  const query = new URLSearchParams({ ...(filter.zoneId && { zoneId: filter.zoneId }), ...(filter.offline && { online: 'false' }), ...(filter.q && { q: filter.q }) }).toString();
  const receivers = usePaged(`/receivers${query ? '?' + query : ''}`, PAGE, 1000);
  // The commune's own thresholds (its settings) hold unless this technician chose others on this device.
  const [settings] = useApi('/settings');
  const [chosen, setChosen] = useState(() => JSON.parse(localStorage.getItem(THRESHOLDS_KEY) || '{}'));
  const thresholds = { offlineMinutes: chosen.offlineMinutes ?? settings?.alertOfflineMinutes ?? 10, failStreak: chosen.failStreak ?? settings?.alertFailStreak ?? 3 };
  const [alerts, setAlerts] = useState(null);
  useTick(10_000);

  const search = useMemo(() => debounce((q) => setFilter((f) => ({ ...f, q })), 300), []);
  const fetchAlerts = (th) => apiPage(`/fleet/alerts?${new URLSearchParams(th)}`).then(setAlerts, () => {});
  // Receiver events come in bursts (a power cut takes a hamlet down at once).
  const loadAlerts = useMemo(() => debounce(fetchAlerts, 800), []);
  const loadSummary = useMemo(() => throttle(reloadSummary, 500), []);
  useEffect(() => {
    fetchAlerts(chosen);
    // "Offline for longer than N minutes" becomes true with time alone.
    const id = setInterval(() => fetchAlerts(chosen), 30_000);
    return () => clearInterval(id);
  }, [chosen]);
  const setThresholds = (patch) => {
    const next = { ...chosen, ...patch };
    localStorage.setItem(THRESHOLDS_KEY, JSON.stringify(next));
    setChosen(next);
  };
  const matches = useMemo(() => zones && matcher(zones, filter), [zones, filter]);
  useEvents({
    receiver: (view) => {
      receivers.setItems((items, next) => {
        const i = items.findIndex((r) => r.id === view.id);
        if (i >= 0) return items.map((r, j) => (j === i ? view : r));
        // A newly matching receiver joins the rows shown, unless a later page will bring it.
        if (!matches?.(view) || (next && view.id > items.at(-1).id)) return items;
        return [...items, view].sort((a, b) => (a.id < b.id ? -1 : 1));
      });
      loadSummary();
      loadAlerts(chosen);
    },
    delivery: () => loadAlerts(chosen),
  });

  const error = receivers.error ?? summaryError;
  if (error) return html`<p class="error" role="alert">${error.message}</p>`;
  if (!zones || !summary || !receivers.items) return html`<p role="status">${t('loading')}</p>`;
  const counts = new Map(summary.zones.map((c) => [c.zoneId, c]));
  const choose = (zoneId) => setFilter((f) => ({ ...f, zoneId }));
  const list = receivers.items;
  const zoneName = (id) => zones.find((z) => z.id === id)?.name ?? id;
  const depth = (z) => (z.parentId ? 1 + depth(zones.find((p) => p.id === z.parentId) ?? {}) : 0);
  return html`
    <h1>${t('receiversTitle')}</h1>
    <p class="summary" role="status" aria-live="polite" id="online-summary">${t('onlineSummary', { on: summary.online, total: summary.total })}</p>
    <div class="tech-top">
      <${Alerts} alerts=${alerts} thresholds=${thresholds} setThresholds=${setThresholds} />
      <section class="card" aria-labelledby="plan-title">
        <h2 id="plan-title">${t('planTitle')}</h2>
        <${Plan} receivers=${list} zones=${zones} />
        ${receivers.total > list.length && html`<p class="muted small">${t('planPartial', { n: list.length, total: receivers.total })}</p>`}
      </section>
    </div>
    <${ZoneSummary} zones=${zones} counts=${counts} zoneId=${filter.zoneId} choose=${choose} />
    <${LinkedReceivers} />
    <section aria-labelledby="list-title">
      <h2 id="list-title">${t('receiverList')}</h2>
      ${filter.zoneId && html`<${AmpHours} key=${filter.zoneId} zoneId=${filter.zoneId} />`}
      <form class="filters" role="search" onSubmit=${(e) => e.preventDefault()}>
        <div>
          <label for="f-zone">${t('zoneFilter')}</label>
          <select id="f-zone" value=${filter.zoneId} onChange=${(e) => choose(e.currentTarget.value)}>
            <option value="">${t('all')}</option>
            ${zones.map((z) => html`<option value=${z.id}>${'\u00a0\u00a0'.repeat(depth(z))}${z.name}</option>`)}
          </select>
        </div>
        <div>
          <label for="f-q">${t('searchReceivers')}</label>
          <input id="f-q" type="search" value=${typed} onInput=${(e) => (setTyped(e.currentTarget.value), search(e.currentTarget.value.trim()))} />
        </div>
        <div class="filter-actions">
          <label class="check"><input type="checkbox" checked=${filter.offline} onChange=${(e) => setFilter((f) => ({ ...f, offline: e.currentTarget.checked }))} /> ${t('onlyOffline')}</label>
        </div>
      </form>
      <p class="muted" id="shown-count">${t('shownOf', { n: list.length, total: receivers.total ?? list.length })}</p>
      ${list.length === 0
        ? html`<p class="muted">${t('noReceiversMatch')}</p>`
        : html`<div class="table-wrap">
            <table class="responsive receivers">
              <thead>
                <tr>
                  <th scope="col">${t('receiver')}</th>
                  <th scope="col">${t('hamlet')}</th>
                  <th scope="col">${t('status')}</th>
                  <th scope="col">${t('lastSeen')}</th>
                  <th scope="col">${t('signal')}</th>
                  <th scope="col">${t('volume')}</th>
                  <th scope="col">${t('firmware')}</th>
                  <th scope="col">${t('clockOffset')}</th>
                  <th scope="col">${t('actions')}</th>
                </tr>
              </thead>
              <tbody>
                ${list.map((r) => html`<${ReceiverRow} key=${r.id} r=${r} zone=${zoneName(r.zoneId)} />`)}
              </tbody>
            </table>
          </div>`}
      ${receivers.next && html`<button type="button" class="secondary" onClick=${receivers.loadMore}>${t('loadMore')}</button>`}
    </section>
  `;
}
