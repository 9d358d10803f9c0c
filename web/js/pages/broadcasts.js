// Broadcasts and their coverage: which hamlets and receivers played each
// one, which missed it and why, updated live as receivers report back. The
// pages load counts and one page of receivers at a time: a province-wide
// broadcast reaches 10 000 of them.
import { useMemo, useState } from 'preact/hooks';
import { api, debounce, fmtDateTime, fmtTime, html, may, personName, useApi, useEvents, usePaged } from '../lib.js';
import { t } from '../i18n.js';
import { PriorityBadge, PriorityCategory, StatusBadge } from '../components.js';

export function BroadcastsPage() {
  const broadcasts = usePaged('/broadcasts', 50, 500);
  const { items: list, error } = broadcasts;
  const refresh = useMemo(() => debounce(() => broadcasts.refresh(), 500), []);
  useEvents({ status: refresh });
  return html`
    <h1>${t('broadcastsTitle')}</h1>
    ${error && html`<p class="error" role="alert">${error.message}</p>`}
    ${list?.length === 0 && html`<p class="muted">${t('noBroadcasts')}</p>`}
    ${list?.length > 0 &&
    html`<div class="table-wrap">
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">${t('startAt')}</th>
            <th scope="col">${t('title')}</th>
            <th scope="col">${t('priority')}</th>
            <th scope="col">${t('status')}</th>
            <th scope="col">${t('creator')}</th>
            <th scope="col">${t('played')}</th>
          </tr>
        </thead>
        <tbody>
          ${list.map(
            (b) => html`<tr>
              <td data-label=${t('startAt')}>${fmtDateTime(b.startAt)}</td>
              <th scope="row" data-label=${t('title')}><a href=${'/broadcasts/' + encodeURIComponent(b.id)}>${b.title}</a></th>
              <td data-label=${t('priority')}><${PriorityBadge} p=${b.priority} /></td>
              <td data-label=${t('status')}><${StatusBadge} s=${b.status} /></td>
              <td data-label=${t('creator')} class="creator">${personName(b.createdByName, b.createdBy)}</td>
              <td data-label=${t('played')}>${b.counts.done ?? 0}/${b.total}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`}
    ${broadcasts.next && html`<button type="button" class="secondary" onClick=${broadcasts.loadMore}>${t('loadMore')}</button>`}
  `;
}

/** Why a receiver did not play, in words for the officer; `names` turns an account into the person's name where known. */
export function missReason(d, names = {}) {
  const e = d.error ?? '';
  if (/moved to another zone/.test(e)) return t('why_moved');
  if (d.state === 'skipped') return t('why_quiet');
  if (d.state === 'preempted') {
    if (!/^stopped by /.test(e)) return t('why_preempted');
    const who = e.slice('stopped by '.length);
    return t('why_stopped', { who: personName(names[who], who) });
  }
  if (d.state === 'queued' && d.offlineSince) return t('why_waitingOffline', { time: fmtDateTime(d.offlineSince) });
  if (d.state === 'rejected') return t('why_rejected');
  if (d.state === 'expired') return /offline|did not get/.test(e) ? t('why_offline') : t('why_stalled');
  if (d.state === 'failed' && /^live cut off: /.test(e)) return t('why_liveCut');
  if (d.state === 'failed') return /no final ack/.test(e) ? t('why_noAck') : e === 'amplifier off' ? t('why_ampOff') : t('why_failed');
  return '';
}

const MISSED = ['failed', 'expired', 'preempted', 'rejected', 'skipped'];

export function CoveragePage({ id }) {
  const base = `/broadcasts/${encodeURIComponent(id)}`;
  const [coverage, error, reload] = useApi(`${base}/coverage`);
  const [zones] = useApi('/zones');
  const [filter, setFilter] = useState({ zoneId: '', missed: false });
  const query = new URLSearchParams({ ...(filter.zoneId && { zoneId: filter.zoneId }), ...(filter.missed && { state: MISSED.join(',') }) }).toString();
  const deliveries = usePaged(`${base}/deliveries${query ? '?' + query : ''}`, 100, 1000);
  const refresh = useMemo(
    () =>
      debounce(() => {
        reload();
        deliveries.refresh();
      }, 300),
    [],
  );
  useEvents({
    delivery: (e) => e.broadcastId === id && refresh(),
    status: (e) => e.broadcastId === id && refresh(),
  });
  if (error ?? deliveries.error) return html`<p class="error" role="alert">${(error ?? deliveries.error).message}</p>`;
  if (!coverage || !zones || !deliveries.items) return html`<p role="status">${t('loading')}</p>`;

  const b = coverage.broadcast;
  const hamletName = new Map(coverage.zones.map((z) => [z.zoneId, z.name]));
  const zone = new Map(zones.map((z) => [z.id, z]));
  const hamletOf = (zoneId) => {
    let z = zone.get(zoneId);
    while (z && z.kind === 'cluster' && z.parentId) z = zone.get(z.parentId);
    return z?.name ?? zoneId;
  };
  const done = b.counts.done ?? 0;
  const [actionError, setActionError] = useState('');
  const act = async (run) => {
    setActionError('');
    try {
      await run();
    } catch (err) {
      setActionError(err.message);
    }
  };
  const cancel = () =>
    act(async () => {
      await api(`${base}/cancel`, { method: 'POST' });
      reload();
    });
  const stop = () =>
    confirm(t('confirmStopBroadcast', { title: b.title })) &&
    act(async () => {
      await api(`${base}/stop`, { method: 'POST' });
      refresh();
    });
  const replay = () =>
    act(async () => {
      const copy = await api(`${base}/replay-missed`, { method: 'POST' });
      location.assign('/broadcasts/' + encodeURIComponent(copy.id));
    });
  const open = Object.entries(b.counts).some(([s, n]) => n > 0 && ['queued', 'received', 'downloaded', 'playing'].includes(s));
  const canStop = open && ['dispatched', 'partial', 'failed'].includes(b.status);
  const canReplay = ['done', 'partial', 'failed', 'expired', 'stopped'].includes(b.status) && done < b.total;
  return html`
    <p><a href="/broadcasts">← ${t('broadcastsTitle')}</a></p>
    <h1>${b.title}</h1>
    <p><${StatusBadge} s=${b.status} /> <${PriorityCategory} p=${b.priority} c=${b.category} /> · ${t('startAt')}: ${fmtDateTime(b.startAt)}${b.voice && html` · ${t('spokenBy')}: <span class="spoken-by">${b.voice}</span>`}</p>
    ${b.mediaSha256 && html`<audio controls preload="none" src=${`/media/${b.mediaSha256}.mp3`} aria-label=${t('preview')}></audio>`}
    ${b.replayOf && html`<p class="small">${t('replayOf')} <a href=${'/broadcasts/' + encodeURIComponent(b.replayOf)}>${b.replayOf}</a></p>`}
    ${b.createdBy && html`<p class="small muted creator">${t('createdBy', { who: personName(b.createdByName, b.createdBy) })}${b.approvedBy && b.approvedBy !== b.createdBy ? html` · ${t('approvedBy', { who: personName(b.approvedByName, b.approvedBy) })}` : ''}</p>`}
    ${b.stoppedBy && html`<p class="small">${t('stoppedBy', { who: personName(b.stoppedByName, b.stoppedBy), time: fmtDateTime(b.stoppedAt) })}</p>`}
    ${['pending_approval', 'scheduled'].includes(b.status) && may('broadcasts:create') && html`<button type="button" class="secondary" onClick=${cancel}>${t('cancelBroadcast')}</button>`}
    ${canStop && may('broadcasts:create') && html`<button type="button" class="danger" onClick=${stop}>${t('stopBroadcast')}</button>`}
    ${canReplay && may('broadcasts:create') && html`<button type="button" class="secondary" onClick=${replay}>${t('replayMissed')}</button>`}
    ${actionError && html`<p class="error" role="alert">${actionError}</p>`}
    <p class="summary" role="status" aria-live="polite">
      ${b.total ? t('coverageSummary', { done, total: b.total, hamlets: coverage.zones.length }) : t('notDispatchedYet')}
    </p>
    <div class="coverage">
      ${coverage.zones.map((z) => {
        const ok = z.counts.done ?? 0;
        const missed = Object.entries(z.counts).filter(([s]) => MISSED.includes(s));
        return html`<section class=${'card hamlet ' + (ok === z.total ? 'all-ok' : ok ? 'some' : 'none')} aria-labelledby=${'h-' + z.zoneId} data-zone=${z.zoneId}>
          <h2 id=${'h-' + z.zoneId}>${z.name} <span class="muted">${ok}/${z.total}</span></h2>
          ${missed.length > 0 && html`<p class="small">${missed.map(([s, n]) => html`<span class=${'badge dl-' + s}>${t('dl_' + s)}: ${n}</span> `)}</p>`}
          <button type="button" class="ghost small" aria-pressed=${filter.zoneId === z.zoneId} onClick=${() => setFilter((f) => ({ ...f, zoneId: f.zoneId === z.zoneId ? '' : z.zoneId }))}>${t('onlyThisHamlet')}</button>
        </section>`;
      })}
    </div>
    ${b.total > 0 &&
    html`<section class="card" aria-labelledby="rx-title">
      <h2 id="rx-title">${filter.zoneId ? t('receiversOf', { name: hamletName.get(filter.zoneId) ?? filter.zoneId }) : t('receiverList')}</h2>
      <label class="check"><input type="checkbox" checked=${filter.missed} onChange=${(e) => setFilter((f) => ({ ...f, missed: e.currentTarget.checked }))} /> ${t('onlyMissed')}</label>
      <p class="muted">${t('shownOf', { n: deliveries.items.length, total: deliveries.total ?? deliveries.items.length })}</p>
      <ul class="deliveries">
        ${deliveries.items.map((d) => {
          // "Bị ngắt" beside "Bị ngắt bởi …" says it twice: the reason keeps only what it adds.
          const label = t('dl_' + d.state);
          const reason = missReason(d, b.stoppedBy ? { [b.stoppedBy]: b.stoppedByName } : {});
          const why = reason.startsWith(label) ? reason.slice(label.length).trim() : reason;
          return html`<li data-receiver=${d.receiverId}>
            <span>${d.receiverName}</span>
            ${!filter.zoneId && html`<span class="muted small">${hamletOf(d.zoneId)}</span>`}
            <span class=${'badge dl-' + d.state}>${t('dl_' + d.state)}</span>
            ${d.playingAt && html`<span class="muted small">${t('playedAt', { time: fmtTime(d.playingAt) })}</span>`}
            ${why && html`<span class="why">${why}${d.error && ['failed', 'rejected'].includes(d.state) && d.error !== 'amplifier off' ? html` <span class="muted small">(${d.error})</span>` : ''}</span>`}
          </li>`;
        })}
      </ul>
      ${deliveries.next && html`<button type="button" class="secondary" onClick=${deliveries.loadMore}>${t('loadMore')}</button>`}
    </section>`}
  `;
}
