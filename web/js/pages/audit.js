// The audit log as the accountable read it: who (person or token), in which
// scope, what, before and after — filtered by person, action, date and zone.
// The server shows each admin or chairman the entries of their own scope.
import { useState } from 'preact/hooks';
import { fmtDateTime, html, useApi } from '../lib.js';
import { t } from '../i18n.js';
import { DateInput } from '../components.js';

const ACTIONS = ['broadcast.', 'broadcast.emergency', 'broadcast.approve', 'broadcast.reject', 'schedule.', 'receiver.', 'user.', 'token.', 'settings.update', 'template.update', 'auth.'];

const short = (v) => (v === null || v === undefined ? '' : JSON.stringify(v).slice(0, 300));

export function AuditPage() {
  const [zones] = useApi('/zones');
  const [filter, setFilter] = useState({ actor: '', action: '', from: '', to: '', zoneId: '' });
  const query = new URLSearchParams(Object.entries({ ...filter, limit: '200' }).filter(([, v]) => v)).toString();
  const [entries, error] = useApi(`/audit?${query}`, [query]);
  const name = (id) => zones?.find((z) => z.id === id)?.name ?? id ?? t('wholeSystem');
  const field = (key) => (e) => setFilter({ ...filter, [key]: e.currentTarget.value.trim() });
  return html`
    <h1>${t('auditTitle')}</h1>
    <form class="filters row" onSubmit=${(e) => e.preventDefault()} aria-label=${t('auditFilters')}>
      <label>${t('auditActor')} <input name="actor" placeholder="user:canbo" value=${filter.actor} onChange=${field('actor')} /></label>
      <label>${t('auditAction')}
        <select name="action" value=${filter.action} onChange=${field('action')}>
          <option value="">${t('all')}</option>
          ${ACTIONS.map((a) => html`<option value=${a}>${a}</option>`)}
        </select>
      </label>
      <label>${t('fromDate')} <${DateInput} name="from" value=${filter.from} onChange=${(from) => setFilter({ ...filter, from })} /></label>
      <label>${t('untilDate')} <${DateInput} name="to" value=${filter.to} onChange=${(to) => setFilter({ ...filter, to })} /></label>
      <label>${t('zoneFilter')}
        <select name="zoneId" value=${filter.zoneId} onChange=${field('zoneId')}>
          <option value="">${t('all')}</option>
          ${(zones ?? []).map((z) => html`<option value=${z.id}>${z.name}</option>`)}
        </select>
      </label>
    </form>
    ${error && html`<p class="error" role="alert">${error.message}</p>`}
    ${!entries && !error && html`<p class="loading" role="status">${t('loading')}</p>`}
    ${entries &&
    html`<table class="audit">
      <caption class="muted small">${t('auditCount', { n: entries.length })}</caption>
      <thead><tr><th scope="col">${t('time')}</th><th scope="col">${t('auditActor')}</th><th scope="col">${t('auditAction')}</th><th scope="col">${t('zoneFilter')}</th><th scope="col">${t('auditChange')}</th></tr></thead>
      <tbody>
        ${entries.map(
          (e) => html`<tr data-audit=${e.id}>
            <td data-label=${t('time')}>${fmtDateTime(e.at)}</td>
            <td data-label=${t('auditActor')}>${e.actor}<br /><span class="muted small">${t('auditScope')}: ${name(e.scopeZoneId)}</span></td>
            <td data-label=${t('auditAction')}><code>${e.action}</code> ${e.subject && html`<span class="muted small">${e.subject}</span>`}</td>
            <td data-label=${t('zoneFilter')}>${name(e.zoneId)}</td>
            <td data-label=${t('auditChange')} class="small">
              ${e.details && html`<div>${short(e.details)}</div>`}
              ${e.before !== null && html`<div><span class="muted">${t('auditBefore')}:</span> ${short(e.before)}</div>`}
              ${e.after !== null && html`<div><span class="muted">${t('auditAfter')}:</span> ${short(e.after)}</div>`}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`}
  `;
}
