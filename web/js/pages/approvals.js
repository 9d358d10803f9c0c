// The chairman's approvals, made for a phone: each waiting item with its
// words or audio, where and when it would air, and two big buttons.
import { useState } from 'preact/hooks';
import { api, fmtDateTime, html, personName, useApi, usePaged, zoneName } from '../lib.js';
import { t } from '../i18n.js';
import { ListenButton, PriorityCategory } from '../components.js';
import { describeSpec } from './calendar.js';

function Item({ item, zones, holidays, onDone }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const base = item.type === 'schedule' ? `/schedules/${item.id}` : `/broadcasts/${encodeURIComponent(item.id)}`;
  const decide = async (verb) => {
    setError('');
    try {
      await api(`${base}/${verb}`, { method: 'POST', body: verb === 'reject' ? { reason } : {} });
      onDone(verb === 'approve' ? t('approvedItem', { title: item.title }) : t('rejectedItem', { title: item.title }));
    } catch (err) {
      setError(err.message);
    }
  };
  return html`
    <li class="card approval">
      <h2>${item.title}</h2>
      <p><${PriorityCategory} p=${item.priority} c=${item.category} /></p>
      <p><strong>${t('when')}:</strong> ${item.type === 'schedule' ? describeSpec(item, holidays) : fmtDateTime(item.startAt)}</p>
      <p><strong>${t('targets')}:</strong> ${item.zoneIds.map((z) => zoneName(zones, z)).join(', ')}</p>
      <p class="muted small">${t('createdBy', { who: personName(item.createdByName, item.createdBy) })}</p>
      ${item.text && html`<blockquote class="text">${item.text}</blockquote>`}
      ${item.mediaSha256
        ? html`<audio controls preload="none" src=${`/media/${item.mediaSha256}.mp3`} aria-label=${t('preview')}></audio>`
        : item.text && html`<${ListenButton} text=${item.text} voice=${item.voice} />`}
      ${rejecting
        ? html`<label for=${'reason-' + item.id}>${t('rejectReason')}</label>
            <textarea id=${'reason-' + item.id} rows="2" required value=${reason} onInput=${(e) => setReason(e.currentTarget.value)}></textarea>
            <p id=${'reason-hint-' + item.id} class="small muted">${t('rejectReasonNeeded')}</p>
            <div class="actions">
              <button type="button" class="danger" disabled=${!reason.trim()} aria-describedby=${'reason-hint-' + item.id} onClick=${() => decide('reject')}>${t('confirmReject')}</button>
              <button type="button" class="ghost" onClick=${() => setRejecting(false)}>${t('cancel')}</button>
            </div>`
        : html`<div class="actions">
            <button type="button" class="primary big" onClick=${() => decide('approve')}>✔ ${t('approve')}</button>
            <button type="button" class="secondary big" onClick=${() => setRejecting(true)}>✖ ${t('reject')}</button>
          </div>`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </li>
  `;
}

export function ApprovalsPage() {
  const [zones] = useApi('/zones');
  const [holidays] = useApi('/calendar/holidays');
  const [schedules, e1, reloadS] = useApi('/schedules');
  const pending = usePaged('/broadcasts?status=pending_approval', 50, 500);
  const { items: broadcasts, error: e2 } = pending;
  const [message, setMessage] = useState('');
  const items = [
    ...(schedules ?? []).filter((s) => s.status === 'pending_approval').map((s) => ({ ...s, type: 'schedule' })),
    ...(broadcasts ?? []).map((b) => ({ ...b, type: 'broadcast' })),
  ];
  const done = (msg) => {
    setMessage(msg);
    reloadS();
    pending.refresh();
  };
  return html`
    <h1>${t('approvalsTitle')}</h1>
    <p role="status" aria-live="polite" class=${message ? 'notice ok' : ''}>${message}</p>
    ${(e1 || e2) && html`<p class="error" role="alert">${(e1 || e2).message}</p>`}
    ${schedules && broadcasts && items.length === 0 && html`<p class="muted">${t('nothingToApprove')}</p>`}
    <ul class="cards">
      ${zones && items.map((item) => html`<${Item} key=${item.type + item.id} item=${item} zones=${zones} holidays=${holidays} onDone=${done} />`)}
    </ul>
    ${pending.next && html`<button type="button" class="secondary" onClick=${pending.loadMore}>${t('loadMore')}</button>`}
  `;
}
