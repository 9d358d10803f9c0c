// Broadcasts and their coverage: which hamlets and receivers played each
// one, which missed it and why, updated live as receivers report back.
import { useMemo } from 'preact/hooks';
import { api, debounce, fmtDateTime, fmtTime, html, may, useApi, useEvents } from '../lib.js';
import { t } from '../i18n.js';
import { categoryLabel, PriorityBadge, StatusBadge } from '../components.js';

export function BroadcastsPage() {
  const [list, error, reload] = useApi('/broadcasts?limit=100');
  const refresh = useMemo(() => debounce(reload, 500), []);
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
              <td data-label=${t('played')}>${b.counts.done ?? 0}/${b.deliveries.length}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`}
  `;
}

/** Why a receiver did not play, in words for the officer. */
export function missReason(d) {
  const e = d.error ?? '';
  if (d.state === 'skipped') return t('why_quiet');
  if (d.state === 'preempted') return t('why_preempted');
  if (d.state === 'rejected') return t('why_rejected');
  if (d.state === 'expired') return /offline|did not get/.test(e) ? t('why_offline') : t('why_stalled');
  if (d.state === 'failed') return /no final ack/.test(e) ? t('why_noAck') : t('why_failed');
  return '';
}

export function CoveragePage({ id }) {
  const [b, error, reload] = useApi(`/broadcasts/${encodeURIComponent(id)}`);
  const [zones] = useApi('/zones');
  const [receivers] = useApi('/receivers');
  const refresh = useMemo(() => debounce(reload, 300), []);
  useEvents({
    delivery: (e) => e.broadcastId === id && refresh(),
    status: (e) => e.broadcastId === id && refresh(),
  });
  if (error) return html`<p class="error" role="alert">${error.message}</p>`;
  if (!b || !zones || !receivers) return html`<p role="status">${t('loading')}</p>`;

  const rx = new Map(receivers.map((r) => [r.id, r]));
  const zone = new Map(zones.map((z) => [z.id, z]));
  const hamletOf = (zoneId) => {
    let z = zone.get(zoneId);
    while (z && z.kind === 'cluster' && z.parentId) z = zone.get(z.parentId);
    return z ?? { id: zoneId, name: zoneId };
  };
  const groups = new Map();
  for (const d of b.deliveries) {
    const h = hamletOf(rx.get(d.receiverId)?.zoneId);
    if (!groups.has(h.id)) groups.set(h.id, { hamlet: h, list: [] });
    groups.get(h.id).list.push(d);
  }
  const done = b.counts.done ?? 0;
  const cancel = async () => {
    await api(`/broadcasts/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
    reload();
  };
  return html`
    <p><a href="/broadcasts">← ${t('broadcastsTitle')}</a></p>
    <h1>${b.title}</h1>
    <p><${StatusBadge} s=${b.status} /> <${PriorityBadge} p=${b.priority} /> · ${categoryLabel(b.category)} · ${t('startAt')}: ${fmtDateTime(b.startAt)}</p>
    ${b.mediaSha256 && html`<audio controls preload="none" src=${`/media/${b.mediaSha256}.mp3`} aria-label=${t('preview')}></audio>`}
    ${['pending_approval', 'scheduled'].includes(b.status) && may('broadcasts:create') && html`<button type="button" class="secondary" onClick=${cancel}>${t('cancelBroadcast')}</button>`}
    <p class="summary" role="status" aria-live="polite">
      ${b.deliveries.length ? t('coverageSummary', { done, total: b.deliveries.length, hamlets: groups.size }) : t('notDispatchedYet')}
    </p>
    <div class="coverage">
      ${[...groups.values()].map(({ hamlet, list }) => {
        const ok = list.filter((d) => d.state === 'done').length;
        return html`<section class=${'card hamlet ' + (ok === list.length ? 'all-ok' : ok ? 'some' : 'none')} aria-labelledby=${'h-' + hamlet.id}>
          <h2 id=${'h-' + hamlet.id}>${hamlet.name} <span class="muted">${ok}/${list.length}</span></h2>
          <ul>
            ${list.map((d) => {
              const why = missReason(d);
              return html`<li data-receiver=${d.receiverId}>
                <span>${rx.get(d.receiverId)?.name ?? d.receiverId}</span>
                <span class=${'badge dl-' + d.state}>${t('dl_' + d.state)}</span>
                ${d.playingAt && html`<span class="muted small">${t('playedAt', { time: fmtTime(d.playingAt) })}</span>`}
                ${why && html`<span class="why">${why}${d.error && ['failed', 'rejected'].includes(d.state) ? html` <span class="muted small">(${d.error})</span>` : ''}</span>`}
              </li>`;
            })}
          </ul>
        </section>`;
      })}
    </div>
  `;
}
