// Reports communes send up on fixed dates: the as-played log with filters,
// and the monthly summary per hamlet and category with charts; both export
// to CSV for Excel.
import { useState } from 'preact/hooks';
import { fmtDateTime, fmtNumber, fmtPct, hamlets, html, localDate, useApi } from '../lib.js';
import { t } from '../i18n.js';
import { CATEGORIES, categoryLabel, DateInput, PriorityBadge } from '../components.js';
import { missReason } from './broadcasts.js';

/** Horizontal bars: labels stay readable on a 360 px phone. */
export function BarChart({ title, data, format = (v) => String(v), max }) {
  const rowH = 28;
  const labelW = 120;
  const W = 440;
  const top = Math.max(max ?? 0, ...data.map((d) => d.value), 1);
  const H = data.length * rowH + 8;
  return html`
    <figure class="chart">
      <figcaption>${title}</figcaption>
      ${data.length === 0
        ? html`<p class="muted">${t('noData')}</p>`
        : html`<svg viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${`${title}: ${data.map((d) => `${d.label} ${format(d.value)}`).join('; ')}`}>
            ${data.map((d, i) => {
              const w = ((W - labelW - 70) * d.value) / top;
              return html`<g transform=${`translate(0,${i * rowH + 4})`}>
                <text x=${labelW - 6} y=${rowH / 2 + 1} text-anchor="end" dominant-baseline="middle" class="chart-label">${d.label.length > 18 ? d.label.slice(0, 17) + '…' : d.label}</text>
                <rect x=${labelW} y="3" width=${Math.max(w, 1)} height=${rowH - 8} rx="3" class="chart-bar" />
                <text x=${labelW + w + 6} y=${rowH / 2 + 1} dominant-baseline="middle" class="chart-value">${format(d.value)}</text>
              </g>`;
            })}
          </svg>`}
    </figure>
  `;
}

const pct = fmtPct;

/** Excel with Vietnamese regional settings wants "66,7" and ";" between fields. */
function CsvLink({ href }) {
  const [comma, setComma] = useState(false);
  return html`<a class="button secondary" href=${href + (comma ? '&decimal=comma' : '')} download>${t('downloadCsv')}</a>
    <label class="inline"><input type="checkbox" checked=${comma} onChange=${(e) => setComma(e.currentTarget.checked)} /> ${t('csvDecimalComma')}</label>`;
}

function PlayedLog({ zones }) {
  const today = localDate(new Date());
  const [filters, setFilters] = useState({ from: localDate(new Date(Date.now() - 7 * 86400_000)), to: today, zoneId: '', priority: '', category: '' });
  const [applied, setApplied] = useState(filters);
  const query = new URLSearchParams(Object.entries(applied).filter(([, v]) => v)).toString();
  const [log, error] = useApi(`/reports/played?${query}`);
  const set = (k) => (e) => setFilters({ ...filters, [k]: e.currentTarget.value });
  return html`
    <section aria-labelledby="log-title">
      <h2 id="log-title">${t('playedLog')}</h2>
      <form class="filters" onSubmit=${(e) => (e.preventDefault(), setApplied(filters))}>
        <div><label for="f-from">${t('fromDate')}</label><${DateInput} id="f-from" value=${filters.from} onChange=${(from) => setFilters({ ...filters, from })} /></div>
        <div><label for="f-to">${t('untilDate')}</label><${DateInput} id="f-to" value=${filters.to} onChange=${(to) => setFilters({ ...filters, to })} /></div>
        <div>
          <label for="f-zone">${t('hamlet')}</label>
          <select id="f-zone" value=${filters.zoneId} onChange=${set('zoneId')}>
            <option value="">${t('all')}</option>
            ${hamlets(zones).map((z) => html`<option value=${z.id}>${z.name}</option>`)}
          </select>
        </div>
        <div>
          <label for="f-prio">${t('priority')}</label>
          <select id="f-prio" value=${filters.priority} onChange=${set('priority')}>
            <option value="">${t('all')}</option>
            ${['normal', 'priority', 'emergency'].map((p) => html`<option value=${p}>${t('prio_' + p)}</option>`)}
          </select>
        </div>
        <div>
          <label for="f-cat">${t('category')}</label>
          <select id="f-cat" value=${filters.category} onChange=${set('category')}>
            <option value="">${t('all')}</option>
            ${CATEGORIES.map((c) => html`<option value=${c}>${categoryLabel(c)}</option>`)}
          </select>
        </div>
        <div class="filter-actions">
          <button type="submit" class="primary">${t('show')}</button>
          <${CsvLink} href=${`/api/v1/reports/played?${query}&format=csv`} />
        </div>
      </form>
      ${error && html`<p class="error" role="alert">${error.message}</p>`}
      ${log &&
      html`<p class="muted" role="status">${t('rowsShown', { n: log.rows.length })}${log.truncated ? ' · ' + t('truncated') : ''}</p>
        <${ReportTable}
          rows=${log.rows}
          columns=${[
            [t('startAt'), (r) => fmtDateTime(r.playingAt ?? r.startAt)],
            [t('title'), (r) => html`<a href=${'/broadcasts/' + encodeURIComponent(r.broadcastId)}>${r.title}</a>`],
            [t('priority'), (r) => html`<${PriorityBadge} p=${r.priority} />`],
            [t('category'), (r) => categoryLabel(r.category)],
            [t('hamlet'), (r) => r.hamletName],
            [t('receiver'), (r) => r.receiverName],
            [t('status'), (r) => html`<span class=${'badge dl-' + r.state}>${t('dl_' + r.state)}</span> <span class="small">${missReason(r)}</span>`],
          ]}
        />`}
      ${log?.linked?.length > 0 && html`<${LinkedPlayed} rows=${log.linked} />`}
    </section>
  `;
}

/** What communes with their own server reported up the link: one row per broadcast. */
function LinkedPlayed({ rows }) {
  return html`
    <h3>${t('linkedPlayed')}</h3>
    <${ReportTable}
      class="linked-played"
      rows=${rows}
      columns=${[
        [t('when'), (r) => fmtDateTime(r.startAt)],
        [t('linkedCommune'), (r) => r.zoneName],
        [t('title'), (r) => html`${r.title} ${r.bulletinId ? html`<span class="badge upper">${t('upperLevel')}</span>` : ''} <${PriorityBadge} p=${r.priority} />`],
        [t('status'), (r) => html`<span class=${'badge st-' + r.status}>${t('st_' + r.status)}</span>`],
        [t('linkedDone'), (r) => `${r.done} / ${r.receivers}`],
      ]}
    />
  `;
}

/** Communes with their own server, linked to this one: connected, receivers online, last report. */
function LinkedCommunes() {
  const [list] = useApi('/downstreams');
  const live = (list ?? []).filter((d) => !d.revokedAt);
  if (live.length === 0) return null;
  return html`
    <section aria-labelledby="linked-title">
      <h2 id="linked-title">${t('linkedTitle')}</h2>
      <ul class="cards">
        ${live.map(
          (d) => html`<li class="card" data-downstream=${d.id}>
            <p><strong>${d.zoneName}</strong> <span class=${'badge ' + (d.connected ? 'st-done' : 'st-failed')}>${d.connected ? t('linkedConnected') : t('linkedDisconnected')}</span></p>
            <p>${t('linkedReceivers', { online: d.online, total: d.online + d.offline })}</p>
            <p class="small muted">${t('linkedLastSeen', { at: fmtDateTime(d.lastSeenAt) })}</p>
          </li>`,
        )}
      </ul>
    </section>
  `;
}

/**
 * A table that turns into labelled cards on a phone: `columns` are
 * [heading, (row) => cell]; the heading is each cell's data-label too.
 */
function ReportTable({ rows, columns, class: extra }) {
  return html`<div class="table-wrap">
    <table class=${extra ? 'responsive ' + extra : 'responsive'}>
      <thead>
        <tr>
          ${columns.map(([label]) => html`<th scope="col">${label}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map((r) => html`<tr>${columns.map(([label, cell]) => html`<td data-label=${label}>${cell(r)}</td>`)}</tr>`)}
      </tbody>
    </table>
  </div>`;
}

function Monthly() {
  // The month's totals, for each hamlet and category and for each linked commune.
  const totalsColumns = [
    [t('statBroadcasts'), (r) => fmtNumber(r.broadcasts)],
    [t('statMinutes'), (r) => fmtNumber(r.minutes)],
    [t('statSuccess'), (r) => pct(r.successRate)],
  ];
  const [month, setMonth] = useState(localDate(new Date()).slice(0, 7));
  const [s, error] = useApi(`/reports/monthly?month=${month}`);
  return html`
    <section aria-labelledby="month-title">
      <h2 id="month-title">${t('monthlySummary')}</h2>
      <div class="filters">
        <div><label for="f-month">${t('month')}</label><input id="f-month" type="month" value=${month} onInput=${(e) => e.currentTarget.value && setMonth(e.currentTarget.value)} /></div>
        <div class="filter-actions"><${CsvLink} href=${`/api/v1/reports/monthly?month=${month}&format=csv`} /></div>
      </div>
      ${error && html`<p class="error" role="alert">${error.message}</p>`}
      ${s &&
      html`
        <div class="stats">
          <div class="stat"><span class="n">${fmtNumber(s.totals.broadcasts)}</span> ${t('statBroadcasts')}</div>
          <div class="stat"><span class="n">${fmtNumber(s.totals.minutes)}</span> ${t('statMinutes')}</div>
          <div class="stat"><span class="n">${pct(s.totals.successRate)}</span> ${t('statSuccess')}</div>
        </div>
        <div class="charts">
          <${BarChart} title=${t('chartMinutesByHamlet')} data=${s.byHamlet.map((h) => ({ label: h.hamletName, value: h.minutes }))} format=${(v) => `${v} ${t('minutesShort')}`} />
          <${BarChart} title=${t('chartBroadcastsByCategory')} data=${s.byCategory.map((c) => ({ label: categoryLabel(c.category), value: c.broadcasts }))} />
          <${BarChart} title=${t('chartSuccessByHamlet')} max=${1} data=${s.byHamlet.map((h) => ({ label: h.hamletName, value: h.successRate ?? 0 }))} format=${pct} />
        </div>
        <${ReportTable} rows=${s.rows} columns=${[[t('hamlet'), (r) => r.hamletName], [t('category'), (r) => categoryLabel(r.category)], ...totalsColumns]} />
        ${s.linked?.length > 0 &&
        html`<h3>${t('linkedMonthly')}</h3>
          <${ReportTable} rows=${s.linked} columns=${[[t('linkedCommune'), (r) => r.zoneName], ...totalsColumns]} />`}
      `}
    </section>
  `;
}

export function ReportsPage() {
  const [zones] = useApi('/zones');
  return html`
    <h1>${t('reportsTitle')}</h1>
    <${LinkedCommunes} />
    ${zones && html`<${PlayedLog} zones=${zones} />`}
    <${Monthly} />
  `;
}
