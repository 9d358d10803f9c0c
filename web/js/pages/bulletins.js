// Bản tin cấp trên (Thông tư 39/2020). A district or province officer sends a
// bulletin with its level and follows it commune by commune; a commune
// officer finds what came from above in the inbox and places it in the
// programme or declines it with a reason.
import { useMemo, useState } from 'preact/hooks';
import { api, debounce, fmtDateTime, html, localDate, may, personName, useApi, useEvents, zonedIso } from '../lib.js';
import { t } from '../i18n.js';
import { DateInput, PriorityBadge, TimeInput } from '../components.js';

const LEVELS = ['normal', 'priority', 'emergency'];
const ABOVE_COMMUNE = ['province', 'district'];

const StateBadge = ({ s }) => html`<span class=${'badge bst-' + s}>${t('bst_' + s)}</span>`;

/**
 * Re-reads `path` when the server says a bulletin or a delivery changed:
 * the sender follows the communes live, without polling. A burst of acks
 * is one re-read.
 */
function useLive(path) {
  const [data, error, reload] = useApi(path);
  const later = useMemo(() => debounce(reload, 500), [path]);
  useEvents({ bulletin: later, delivery: later, status: later });
  return [data, error, reload];
}

function SendForm({ zones, onSent }) {
  const groups = zones.filter((z) => ABOVE_COMMUNE.includes(z.kind) || z.kind === 'commune');
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [level, setLevel] = useState('normal');
  const [zoneIds, setZoneIds] = useState([]);
  const [day, setDay] = useState(localDate(new Date()));
  const [time, setTime] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const toggle = (id) => setZoneIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  const send = async (e) => {
    e.preventDefault();
    setError('');
    if (!title.trim()) return setError(t('needTitle'));
    if (!text.trim()) return setError(t('needText'));
    if (!zoneIds.length) return setError(t('needZone'));
    if (level === 'emergency' && !confirm(t('bulletinEmergencyConfirm'))) return;
    setBusy(true);
    try {
      const b = await api('/bulletins', {
        method: 'POST',
        body: { title: title.trim(), text, level, zoneIds, ...(level === 'priority' && time && { startAt: zonedIso(day, time) }) },
      });
      setTitle('');
      setText('');
      setZoneIds([]);
      onSent(b);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`
    <form class="card" onSubmit=${send} novalidate aria-labelledby="bl-send-title">
      <h2 id="bl-send-title">${t('bulletinSend')}</h2>
      <label for="bl-title">${t('title')}</label>
      <input id="bl-title" value=${title} onInput=${(e) => setTitle(e.currentTarget.value)} maxlength="300" />
      <label for="bl-text">${t('bulletinText')}</label>
      <textarea id="bl-text" rows="4" value=${text} onInput=${(e) => setText(e.currentTarget.value)}></textarea>
      <fieldset>
        <legend>${t('bulletinLevel')}</legend>
        ${LEVELS.map(
          (l) => html`<label class="inline"><input type="radio" name="bl-level" value=${l} checked=${level === l} onChange=${() => setLevel(l)} /> ${t('prio_' + l)}</label>`,
        )}
        <p class="muted small">${t('bulletinLevelHelp_' + level)}</p>
      </fieldset>
      ${level === 'priority' &&
      html`<div class="row">
        <div><label for="bl-day">${t('date')}</label><${DateInput} id="bl-day" value=${day} onChange=${setDay} /></div>
        <div><label for="bl-time">${t('time')}</label><${TimeInput} id="bl-time" value=${time} onChange=${setTime} /></div>
      </div>`}
      <fieldset>
        <legend>${t('bulletinTo')}</legend>
        ${groups.map(
          (z) => html`<label class="inline"><input type="checkbox" checked=${zoneIds.includes(z.id)} onChange=${() => toggle(z.id)} /> ${z.name}</label>`,
        )}
      </fieldset>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button type="submit" class=${level === 'emergency' ? 'danger big' : 'primary big'} disabled=${busy}>${t('bulletinSendButton')}</button>
    </form>
  `;
}

function SentList({ items }) {
  if (!items) return null;
  if (items.length === 0) return html`<p class="muted">${t('bulletinNoneSent')}</p>`;
  return html`<ul class="cards">
    ${items.map(
      (b) => html`<li class="card">
        <p><a href=${'/bulletins/' + encodeURIComponent(b.id)}><strong>${b.title}</strong></a> <${PriorityBadge} p=${b.level} /></p>
        <p class="small">${fmtDateTime(b.createdAt)} · ${b.status !== 'sent' ? statusLine(b) : Object.entries(b.states).map(([s, n]) => `${t('bst_' + s)}: ${n}`).join(' · ')}</p>
      </li>`,
    )}
  </ul>`;
}

function InboxItem({ item, zones, onDone }) {
  const [mode, setMode] = useState(null);
  const [day, setDay] = useState(localDate(new Date()));
  const [time, setTime] = useState('');
  const [hamletIds, setHamletIds] = useState([]);
  const [repeat, setRepeat] = useState(1);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const hamlets = zones.filter((z) => z.parentId === item.zoneId);
  const act = async (verb, body) => {
    setError('');
    try {
      await api(`/bulletins/${encodeURIComponent(item.id)}/${verb}`, { method: 'POST', body: { zoneId: item.zoneId, ...body } });
      setMode(null);
      onDone();
    } catch (err) {
      setError(err.message);
    }
  };
  const place = (e) => {
    e.preventDefault();
    if (!time || !day) return setError(t('bulletinNeedTime'));
    act('place', { startAt: zonedIso(day, time), repeat: Number(repeat), ...(hamletIds.length && { zoneIds: hamletIds }) });
  };
  const id = (s) => `${s}-${item.id}-${item.zoneId}`;
  return html`
    <li class="card upper">
      <p><span class="badge upper">${t('upperLevel')}</span> <${PriorityBadge} p=${item.level} /> <${StateBadge} s=${item.state} /></p>
      <h3>${item.title}</h3>
      <p class="small muted">${t('bulletinFrom', { who: item.createdBy.replace(/^(user|token|upstream):/, '') })} · ${fmtDateTime(item.createdAt)} · ${item.name}</p>
      ${item.text && html`<blockquote class="text">${item.text}</blockquote>`}
      ${item.mediaUrl && html`<audio controls preload="none" src=${item.mediaUrl} aria-label=${t('preview')}></audio>`}
      ${item.placedAt && html`<p><strong>${t('when')}:</strong> ${fmtDateTime(item.placedAt)}</p>`}
      ${item.reason && html`<p><strong>${t('bulletinReason')}:</strong> ${item.reason}</p>`}
      ${item.level === 'normal' && item.state === 'received' && mode === null &&
      html`<div class="actions">
        <button type="button" class="primary" onClick=${() => setMode('place')}>${t('bulletinPlace')}</button>
        <button type="button" class="secondary" onClick=${() => setMode('decline')}>${t('bulletinDecline')}</button>
      </div>`}
      ${mode === 'place' &&
      html`<form onSubmit=${place} novalidate>
        <div class="row">
          <div><label for=${id('day')}>${t('date')}</label><${DateInput} id=${id('day')} value=${day} onChange=${setDay} /></div>
          <div><label for=${id('time')}>${t('time')}</label><${TimeInput} id=${id('time')} value=${time} onChange=${setTime} /></div>
          <div><label for=${id('rep')}>${t('bulletinRepeat')}</label><input id=${id('rep')} type="number" min="1" max="20" value=${repeat} onInput=${(e) => setRepeat(e.currentTarget.value)} /></div>
        </div>
        ${hamlets.length > 0 &&
        html`<fieldset>
          <legend>${t('bulletinHamlets')}</legend>
          ${hamlets.map(
            (h) =>
              html`<label class="inline"><input type="checkbox" checked=${hamletIds.includes(h.id)} onChange=${() => setHamletIds((ids) => (ids.includes(h.id) ? ids.filter((x) => x !== h.id) : [...ids, h.id]))} /> ${h.name}</label>`,
          )}
        </fieldset>`}
        <div class="actions">
          <button type="submit" class="primary">${t('bulletinPlaceConfirm')}</button>
          <button type="button" class="ghost" onClick=${() => setMode(null)}>${t('cancel')}</button>
        </div>
      </form>`}
      ${mode === 'decline' &&
      html`<div>
        <label for=${id('reason')}>${t('bulletinReason')}</label>
        <textarea id=${id('reason')} rows="2" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)}></textarea>
        <div class="actions">
          <button type="button" class="danger" onClick=${() => act('decline', { reason })}>${t('bulletinDeclineConfirm')}</button>
          <button type="button" class="ghost" onClick=${() => setMode(null)}>${t('cancel')}</button>
        </div>
      </div>`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </li>
  `;
}

export function BulletinsPage() {
  const [me] = useApi('/me');
  const [zones] = useApi('/zones');
  const [sent, sentError, reloadSent] = useLive('/bulletins');
  const [inbox, inboxError, reloadInbox] = useLive('/bulletins?inbox=true');
  const [message, setMessage] = useState('');
  if (!me || !zones) return html`<p class="loading" role="status">${t('loading')}</p>`;
  const own = me.zoneId ? zones.find((z) => z.id === me.zoneId) : null;
  const sends = me.permissions.includes('broadcasts:create') && (!own || ABOVE_COMMUNE.includes(own.kind));
  // A sender's own bulletins are followed below, not handled: its inbox is what came from above it.
  const fromAbove = (inbox ?? []).filter((i) => i.fromUpstream || !sends);
  return html`
    <h1>${t('bulletinsTitle')}</h1>
    <p role="status" aria-live="polite" class=${message ? 'notice ok' : ''}>${message}</p>
    ${(sentError || inboxError) && html`<p class="error" role="alert">${(sentError || inboxError).message}</p>`}
    <section aria-labelledby="bl-inbox-title">
      <h2 id="bl-inbox-title">${t('upperLevel')}</h2>
      ${inbox && fromAbove.length === 0 && html`<p class="muted">${t('bulletinInboxEmpty')}</p>`}
      <ul class="cards">
        ${fromAbove.map((i) => html`<${InboxItem} key=${i.id + i.zoneId} item=${i} zones=${zones} onDone=${() => { setMessage(t('bulletinHandled', { title: i.title })); reloadInbox(); }} />`)}
      </ul>
    </section>
    ${sends &&
    html`<section aria-labelledby="bl-sent-title">
      <${SendForm}
        zones=${zones}
        onSent=${(b) => {
          setMessage(t('bulletinSent', { title: b.title }));
          reloadSent();
        }}
      />
      <h2 id="bl-sent-title">${t('bulletinSentList')}</h2>
      <${SentList} items=${sent} />
    </section>`}
  `;
}

/** "Thu hồi": the sender takes the bulletin back, with a reason, after a confirmation. */
function Withdraw({ b, onDone }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    if (!reason.trim()) return setError(t('bulletinWithdrawNeedReason'));
    if (!confirm(t('bulletinWithdrawConfirm', { title: b.title }))) return;
    setBusy(true);
    setError('');
    try {
      await api(`/bulletins/${encodeURIComponent(b.id)}/withdraw`, { method: 'POST', body: { reason: reason.trim() } });
      setOpen(false);
      onDone();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  if (!open) return html`<p><button type="button" class="danger" onClick=${() => setOpen(true)}>${t('bulletinWithdraw')}</button></p>`;
  return html`<form class="card withdraw" onSubmit=${submit} novalidate>
    <p class="muted small">${t('bulletinWithdrawHelp')}</p>
    <label for="bl-withdraw-reason">${t('bulletinWithdrawReason')}</label>
    <input id="bl-withdraw-reason" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} maxlength="1000" />
    <p class="error" role="alert">${error}</p>
    <div class="actions">
      <button type="submit" class="danger" disabled=${busy}>${t('bulletinWithdrawButton')}</button>
      <button type="button" class="ghost" onClick=${() => setOpen(false)}>${t('cancel')}</button>
    </div>
  </form>`;
}

/** The bulletin's status line: waiting for approval, withdrawn (by whom, why), or how far it has aired. */
function statusLine(b) {
  if (b.status === 'pending_approval') return t('st_pending_approval');
  if (b.status === 'withdrawn' || b.status === 'cancelled') return t('bulletinWithdrawnBy', { who: personName(null, b.withdrawnBy), at: fmtDateTime(b.withdrawnAt), reason: b.withdrawReason ?? '' });
  return t('bulletinDoneOf', { done: b.counts.done ?? 0, total: b.total });
}

/** One bulletin, commune by commune, refreshed while open. */
export function BulletinPage({ id }) {
  const [b, error, reload] = useLive(`/bulletins/${encodeURIComponent(id)}`);
  const [me] = useApi('/me');
  if (error) return html`<p class="error" role="alert">${error.message}</p>`;
  if (!b) return html`<p class="loading" role="status">${t('loading')}</p>`;
  // Its sender, or an approver of the sender's level (the server checks the level).
  const mayWithdraw = !b.fromUpstream && ['sent', 'pending_approval'].includes(b.status) && me && (me.actor === b.createdBy || may('broadcasts:approve'));
  return html`
    <h1>${b.title} <${PriorityBadge} p=${b.level} /></h1>
    <p class="small muted bulletin-status">${fmtDateTime(b.createdAt)} · ${statusLine(b)}</p>
    ${mayWithdraw && html`<${Withdraw} b=${b} onDone=${reload} />`}
    ${b.text && html`<blockquote class="text">${b.text}</blockquote>`}
    <table class="table" aria-live="polite">
      <caption>${t('bulletinByCommune')}</caption>
      <thead><tr>
        <th scope="col">${t('bulletinCommune')}</th><th scope="col">${t('status')}</th><th scope="col">${t('when')}</th>
        <th scope="col">${t('bulletinReason')}</th><th scope="col">${t('bulletinReceivers')}</th>
      </tr></thead>
      <tbody>
        ${b.communes.map(
          (c) => html`<tr data-zone=${c.zoneId}>
            <td data-label=${t('bulletinCommune')}>${c.name}${c.linked ? html` <span class="badge linked">${t('bulletinLinked')}</span>` : ''}</td>
            <td data-label=${t('status')}>${c.awaitingLink ? html`<span class="badge st-pending_approval">${t('bulletinAwaitingLink')}</span>` : html`<${StateBadge} s=${c.state} />`}</td>
            <td data-label=${t('when')}>${c.placedAt ? fmtDateTime(c.placedAt) : '—'}</td>
            <td data-label=${t('bulletinReason')}>${c.reason ?? ''}</td>
            <td data-label=${t('bulletinReceivers')}>${c.counts.done ?? 0} / ${c.total}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  `;
}
