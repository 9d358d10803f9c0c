// A saved schedule, opened from the calendar or the list of schedules: what
// it airs, where and when, who made and who approved it; and, for those
// allowed, changing it (the compose form's fields), sending it for approval,
// deciding on it, or taking it off the air. The server decides every step
// again; the page only hides what the role may not do.
import { useState } from 'preact/hooks';
import { api, fmtDateTime, fmtTime, html, localDate, may, useApi, zoneName } from '../lib.js';
import { t } from '../i18n.js';
import { AudioUpload, CATEGORIES, CategoryPriorityFields, ListenButton, PriorityCategory, showDate, StatusBadge, ZoneTree } from '../components.js';
import { ReadingPreview, unconfirmed, useConfirmed, useReading, voiceName, VoicePicker } from '../voice.js';
import { describeSpec } from './calendar.js';
import { HOLIDAY_OFFSETS, useHolidays, WhenFields, whenSpec } from '../when.js';

/** Statuses in which an officer may still withdraw his own schedule (the server's rule). */
const WITHDRAWABLE = ['draft', 'pending_approval', 'rejected'];

/** The signed-in person and, for an admin, everyone's full names: "user:canbo" → "Nguyễn Thị Lan". */
function usePeople() {
  const [me] = useApi('/me');
  const [users] = useApi(may('users:manage') ? '/users' : null);
  const nameOf = (actor) => {
    if (!actor) return '—';
    if (me && actor === me.actor && me.displayName) return me.displayName;
    const username = actor.replace(/^(user|token):/, '');
    const u = actor.startsWith('user:') ? users?.find((x) => x.username === username) : null;
    return u?.displayName && u.displayName !== username ? `${u.displayName} (${username})` : username;
  };
  return { me, nameOf };
}

/** What this person may do with the schedule; the server checks each again. */
export function allowed(s, me) {
  const approver = may('broadcasts:approve');
  const own = !!me && s.createdBy === me.actor;
  const live = may('schedules:write') && s.status !== 'archived';
  return {
    edit: live && (approver || own),
    submit: live && (approver || own) && ['draft', 'rejected'].includes(s.status),
    remove: live && (approver || (own && WITHDRAWABLE.includes(s.status))),
    decide: approver && s.status === 'pending_approval',
  };
}

/** The list of every schedule in scope, newest first, filtered by status. */
export function SchedulesPage() {
  const [list, error] = useApi('/schedules');
  const holidays = useHolidays();
  const { nameOf } = usePeople();
  const [status, setStatus] = useState('active');
  const shown = (list ?? []).filter((s) => (status === 'active' ? s.status !== 'archived' : status === 'all' || s.status === status));
  return html`
    <h1>${t('schedulesTitle')}</h1>
    <p class="muted">${t('schedulesHelp')}</p>
    <div class="filters">
      <div>
        <label for="sch-status">${t('status')}</label>
        <select id="sch-status" value=${status} onChange=${(e) => setStatus(e.currentTarget.value)}>
          <option value="active">${t('schedulesActive')}</option>
          ${['draft', 'pending_approval', 'approved', 'rejected', 'archived'].map((s) => html`<option value=${s}>${t('st_' + s)}</option>`)}
          <option value="all">${t('all')}</option>
        </select>
      </div>
      ${may('panel:officer') && html`<div class="filter-actions"><a class="button ghost" href="/officer/calendar">${t('seeCalendar')}</a></div>`}
    </div>
    ${error && html`<p class="error" role="alert">${error.message}</p>`}
    ${list && shown.length === 0 && html`<p class="muted">${t('nothingWaiting')}</p>`}
    ${shown.length > 0 &&
    html`<div class="table-wrap">
      <table class="responsive schedules">
        <thead>
          <tr>
            <th scope="col">${t('title')}</th>
            <th scope="col">${t('when')}</th>
            <th scope="col">${t('status')}</th>
            <th scope="col">${t('priority')}</th>
            <th scope="col">${t('createdByCol')}</th>
          </tr>
        </thead>
        <tbody>
          ${shown.map(
            (s) => html`<tr data-schedule=${s.id}>
              <th scope="row" data-label=${t('title')}><a href=${'/schedules/' + encodeURIComponent(s.id)}>${s.title}</a></th>
              <td data-label=${t('when')}>${describeSpec(s, holidays)}</td>
              <td data-label=${t('status')}><${StatusBadge} s=${s.status} /></td>
              <td data-label=${t('priority')}><${PriorityCategory} p=${s.priority} c=${s.category} /></td>
              <td data-label=${t('createdByCol')}>${s.createdByName || nameOf(s.createdBy)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`}
  `;
}

export function SchedulePage({ id }) {
  const [s, loadError, reload] = useApi(`/schedules/${encodeURIComponent(id)}`);
  const [zones] = useApi('/zones');
  const holidays = useHolidays();
  const { me, nameOf } = usePeople();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');

  if (loadError) return html`<h1>${t('scheduleTitle')}</h1><p class="error" role="alert">${loadError.message}</p><p><a href="/schedules">${t('backToSchedules')}</a></p>`;
  if (!s || !me) return html`<p class="loading" role="status">${t('loading')}</p>`;
  const can = allowed(s, me);

  const act = async (call, done) => {
    setError('');
    setNotice(null);
    setBusy(true);
    try {
      const after = await call();
      setNotice({ text: typeof done === 'function' ? done(after) : done, conflicts: after?.conflicts });
      setRejecting(false);
      reload();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const base = `/schedules/${encodeURIComponent(s.id)}`;
  const submit = () => act(() => api(`${base}/submit`, { method: 'POST' }), (after) => t(after.status === 'approved' ? 'scheduleApprovedNow' : 'scheduleSubmitted'));
  const remove = () => {
    const approved = !WITHDRAWABLE.includes(s.status);
    if (!confirm(t(approved ? 'confirmCancelSchedule' : 'confirmDeleteSchedule', { title: s.title }))) return;
    act(() => api(base, { method: 'DELETE' }), t(approved ? 'scheduleCancelled' : 'scheduleDeleted'));
  };
  const decide = (verb) => act(() => api(`${base}/${verb}`, { method: 'POST', body: verb === 'reject' ? { reason } : {} }), t(verb === 'approve' ? 'approvedItem' : 'rejectedItem', { title: s.title }));

  return html`
    <p class="small"><a href=${may('panel:officer') ? '/officer/calendar' : '/schedules'}>← ${t(may('panel:officer') ? 'backToCalendar' : 'backToSchedules')}</a></p>
    <h1>${s.title}</h1>
    <p class="schedule-status"><${StatusBadge} s=${s.status} /> <${PriorityCategory} p=${s.priority} c=${s.category} /></p>
    <div role="status" aria-live="polite">
      ${notice &&
      html`<div class=${'notice ' + (notice.conflicts?.length ? 'warn' : 'ok')}>
        <p>${notice.text}</p>
        ${notice.conflicts?.length > 0 &&
        html`<p><strong>⚠ ${t('conflictsWith')}</strong></p>
          <ul>
            ${notice.conflicts.map((c) => html`<li>${c.title} — ${c.zoneName} — ${fmtDateTime(c.at)}</li>`)}
          </ul>`}
      </div>`}
    </div>
    <p class="error" role="alert">${error}</p>
    ${editing
      ? html`<${ScheduleForm}
          s=${s}
          zones=${zones}
          holidays=${holidays}
          onCancel=${() => setEditing(false)}
          onSaved=${(after) => {
            setEditing(false);
            setError('');
            setNotice({ text: t({ approved: 'scheduleSavedApproved', pending_approval: 'scheduleSavedPending' }[after.status] ?? 'scheduleSaved'), conflicts: after.conflicts });
            reload();
          }}
        />`
      : html`
          <${Details} s=${s} zones=${zones} holidays=${holidays} nameOf=${nameOf} />
          ${(can.edit || can.submit || can.remove || can.decide) &&
          html`<div class="actions schedule-actions">
            ${can.edit && html`<button type="button" class="primary" disabled=${busy} onClick=${() => (setNotice(null), setEditing(true))}>${t('editSchedule')}</button>`}
            ${can.submit && html`<button type="button" class="secondary" disabled=${busy} onClick=${submit}>${t('sendForApproval')}</button>`}
            ${can.decide && !rejecting && html`<button type="button" class="primary" disabled=${busy} onClick=${() => decide('approve')}>✔ ${t('approve')}</button>`}
            ${can.decide && !rejecting && html`<button type="button" class="secondary" disabled=${busy} onClick=${() => setRejecting(true)}>✖ ${t('reject')}</button>`}
            ${can.remove && html`<button type="button" class="danger" disabled=${busy} onClick=${remove}>${t(WITHDRAWABLE.includes(s.status) ? 'deleteSchedule' : 'cancelSchedule')}</button>`}
          </div>`}
          ${rejecting &&
          html`<div class="reject-box">
            <label for="sch-reason">${t('rejectReason')}</label>
            <textarea id="sch-reason" rows="2" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)}></textarea>
            <p class="small muted">${t('rejectReasonNeeded')}</p>
            <div class="actions">
              <button type="button" class="danger" disabled=${busy || !reason.trim()} onClick=${() => decide('reject')}>${t('confirmReject')}</button>
              <button type="button" class="ghost" onClick=${() => setRejecting(false)}>${t('cancel')}</button>
            </div>
          </div>`}
          ${can.edit && s.status === 'approved' && !may('broadcasts:approve') && html`<p class="muted small">${t('editApprovedNote')}</p>`}
          <${Upcoming} s=${s} />
        `}
  `;
}

function Details({ s, zones, holidays, nameOf }) {
  const [catalog] = useApi(may('speech:render') && s.voice ? '/speech/catalog' : null);
  const known = s.voice && catalog?.voices.find((v) => v.id === s.voice);
  const voice = known ? voiceName(known) : (s.voice ?? t('defaultVoice'));
  const range = s.kind === 'rule' && (s.rule.from || s.rule.until) ? ` (${[s.rule.from && t('fromDay', { d: showDate(s.rule.from) }), s.rule.until && t('untilDay', { d: showDate(s.rule.until) })].filter(Boolean).join(' ')})` : '';
  return html`
    <dl class="details">
      <dt>${t('when')}</dt>
      <dd class="spec">${describeSpec(s, holidays)}${range}</dd>
      <dt>${t('targets')}</dt>
      <dd class="targets">
        ${[...s.zoneIds.map((z) => zoneName(zones, z)), ...s.receiverIds.map((r) => `${t('receiver')} ${r}`)].join(', ')}
      </dd>
      <dt>${t('content')}</dt>
      <dd>
        ${s.relayUrl
          ? html`<p>${t('relayOf', { url: s.relayUrl, min: Math.round((s.relayDurationS ?? 0) / 60) })}</p>`
          : s.mediaSha256
            ? html`<p>${t('sourceAudio')}</p><audio controls preload="none" src=${`/media/${s.mediaSha256}.mp3`} aria-label=${t('preview')}></audio>`
            : s.text
              ? html`<blockquote class="text">${s.text}</blockquote>
                  ${may('speech:render') && html`<${ListenButton} text=${s.text} voice=${s.voice ?? undefined} />`}`
              : s.templateId && html`<p>${t('fromTemplate', { id: s.templateId })}</p>`}
      </dd>
      ${(s.text || s.templateId) && !s.mediaSha256 && html`<dt>${t('voice')}</dt><dd class="voice">${voice}</dd>`}
      <dt>${t('createdByCol')}</dt>
      <dd class="created-by">${s.createdByName || nameOf(s.createdBy)}, ${fmtDateTime(s.createdAt)}</dd>
      ${s.approvedBy && s.approvedAt && html`<dt>${t('approvedByCol')}</dt><dd class="approved-by">${s.approvedByName || nameOf(s.approvedBy)}, ${fmtDateTime(s.approvedAt)}</dd>`}
      ${s.status === 'rejected' && s.approvedBy && html`<dt>${t('rejectedByCol')}</dt><dd class="rejected-by">${s.approvedByName || nameOf(s.approvedBy)}</dd>`}
      ${s.status === 'rejected' && s.rejectReason && html`<dt>${t('rejectReason')}</dt><dd class="error reject-reason">${s.rejectReason}</dd>`}
      <dt>${t('updatedAt')}</dt>
      <dd>${fmtDateTime(s.updatedAt)}</dd>
    </dl>
  `;
}

/** The next times it airs (written down or projected), over a month. */
function Upcoming({ s }) {
  const [from] = useState(() => new Date());
  const live = ['approved', 'pending_approval'].includes(s.status);
  const to = new Date(from.getTime() + 31 * 86400_000);
  const path = live ? `/occurrences?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}` : null;
  // Read again after every change of the schedule.
  const [list] = useApi(path, [path, s.updatedAt]);
  if (!live || !list) return null;
  const mine = list.filter((o) => o.scheduleId === s.id && o.state !== 'cancelled').slice(0, 8);
  return html`
    <section aria-labelledby="upcoming-title">
      <h2 id="upcoming-title">${t('upcomingTitle')}</h2>
      ${mine.length === 0
        ? html`<p class="muted">${t('upcomingNone')}</p>`
        : html`<ul class="upcoming">
            ${mine.map((o) => html`<li>${fmtDateTime(o.at)} <span class="muted">(${t('occ_' + o.state)})</span></li>`)}
          </ul>`}
    </section>
  `;
}

/** The one commune holding every zone in `ids` (null when they span several, or the zones are not loaded). */
function communeOf(zones, ids) {
  if (!zones || !ids.length) return null;
  const up = (id) => {
    for (let z = zones.find((x) => x.id === id); z; z = zones.find((x) => x.id === z.parentId)) if (z.kind === 'commune') return z.id;
    return null;
  };
  const found = new Set(ids.map(up));
  return found.size === 1 ? [...found][0] : null;
}

/** Wall-clock date and time of an instant in the commune: ['2026-11-23', '07:30']. */
function localParts(iso) {
  const [h, m] = fmtTime(iso).match(/\d+/g);
  return [localDate(new Date(iso)), `${h.padStart(2, '0')}:${m}`];
}

/** The form's state from a saved schedule. */
function formOf(s) {
  const [date, time] = s.kind === 'once' ? localParts(s.at) : [localDate(new Date(Date.now() + 86400_000)), '07:00'];
  const rule = s.rule ?? {};
  return {
    title: s.title,
    source: s.mediaSha256 ? 'audio' : s.text !== null && s.text !== undefined ? 'text' : 'kept',
    text: s.text ?? '',
    voice: s.voice ?? '',
    rate: s.rate ?? 1,
    media: s.mediaSha256 ? { sha256: s.mediaSha256 } : null,
    // An item saved without a category (through the API) keeps none unless one is chosen.
    category: s.category ?? '',
    priority: s.priority,
    zoneIds: s.zoneIds,
    when: s.kind,
    date,
    time,
    freq: rule.freq ?? 'weekly',
    times: rule.times ?? s.holiday?.times ?? ['06:30'],
    weekdays: rule.weekdays ?? [1],
    monthDay: rule.monthDay ?? 1,
    from: rule.from ?? '',
    until: rule.until ?? '',
    holidayId: s.holiday?.holidayId ?? 'quoc-khanh',
    offsets: s.holiday?.offsets ?? [0],
    cron: s.cron ?? '',
  };
}

/** The compose form's fields, filled from the schedule; saves with PUT (and, on request, sends it for approval). */
function ScheduleForm({ s, zones, holidays, onSaved, onCancel }) {
  const [f, setF] = useState(() => formOf(s));
  const set = (patch) => setF((x) => ({ ...x, ...patch }));
  const reading = useReading(f.source === 'text' ? f.text : '');
  const [confirmed, onConfirm] = useConfirmed();
  // The waiver that applies is the one of the commune the schedule plays in.
  const commune = communeOf(zones, f.zoneIds);
  const [settings] = useApi(commune ? `/settings?zoneId=${encodeURIComponent(commune)}` : '/settings');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const approver = may('broadcasts:approve');
  const waived = settings?.waiveApprovalForNormal && f.priority === 'normal';
  // What the server will make of it: an approver's change stands; an officer's draft stays a draft; anything else waits for the chairman again.
  const after = approver || waived ? 'approved' : s.status === 'draft' ? 'draft' : 'pending_approval';

  const content = () => {
    if (f.source === 'text') return { text: f.text, ...(f.voice && { voice: f.voice }), ...(f.rate !== 1 && { rate: f.rate }) };
    if (f.source === 'audio') return { mediaSha256: f.media?.sha256 };
    // A greeting template or a relay: kept as it is.
    return { ...(s.text && { text: s.text }), ...(s.mediaSha256 && { mediaSha256: s.mediaSha256 }), ...(s.voice && { voice: s.voice }), ...(s.rate !== null && s.rate !== undefined && { rate: s.rate }) };
  };
  const spec = () => {
    if (f.when === 'cron') return { kind: 'cron', cron: f.cron.trim() };
    const when = whenSpec(f);
    if (when.kind !== 'rule') return when;
    // A daily rule limited to some weekdays (made through the API) keeps them: the form has no field for it.
    if (f.freq === 'daily' && s.rule?.freq === 'daily' && s.rule.weekdays) when.rule.weekdays = s.rule.weekdays;
    if (s.rule?.except?.length) when.rule.except = s.rule.except;
    return when;
  };
  const body = () => ({
    title: f.title.trim(),
    ...content(),
    ...(s.templateId && { templateId: s.templateId }),
    ...(s.relayUrl && { relayUrl: s.relayUrl, relayDurationS: s.relayDurationS }),
    zoneIds: f.zoneIds,
    receiverIds: s.receiverIds,
    priority: f.priority,
    ...(f.category && { category: f.category }),
    repeat: s.repeat,
    ...spec(),
  });
  const check = () => {
    if (!f.title.trim()) return t('needTitle');
    if (f.source === 'text' && !f.text.trim()) return t('needText');
    if (f.source === 'audio' && !f.media) return t('needAudio');
    if (f.source === 'text' && unconfirmed(reading, confirmed).length) return t('fixUnreadable');
    if (!f.zoneIds.length && !s.receiverIds.length) return t('needZone');
    if ((f.when === 'rule' || f.when === 'holiday') && !f.times.length) return t('needTime');
    if (f.when === 'rule' && f.freq === 'weekly' && !f.weekdays.length) return t('needWeekday');
    if (f.when === 'holiday' && !f.offsets.length) return t('needHolidayDay');
    return '';
  };
  const save = async (andSubmit) => {
    const problem = check();
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      const flagged = f.source === 'text' ? (reading?.unreadable ?? []).map((u) => u.sentence) : [];
      let saved = await api(`/schedules/${encodeURIComponent(s.id)}`, { method: 'PUT', body: { ...body(), ...(flagged.length && { confirmUnreadable: flagged }) } });
      const conflicts = saved.conflicts;
      if (andSubmit && ['draft', 'rejected'].includes(saved.status)) saved = await api(`/schedules/${encodeURIComponent(s.id)}/submit`, { method: 'POST' });
      onSaved({ ...saved, conflicts });
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  const offsets = [...new Set([...HOLIDAY_OFFSETS, ...(s.holiday?.offsets ?? [])])].sort((a, b) => a - b);
  const categories = [...CATEGORIES.filter((c) => c !== 'khan-cap'), ...(s.category && !CATEGORIES.includes(s.category) ? [s.category] : []), ...(s.category === 'khan-cap' ? ['khan-cap'] : [])];

  return html`
    <form class="compose schedule-form" aria-label=${t('editScheduleOf', { title: s.title })} onSubmit=${(e) => (e.preventDefault(), save(false))} novalidate>
      <div class="col">
        <label for="title">${t('title')}</label>
        <input id="title" value=${f.title} onInput=${(e) => set({ title: e.currentTarget.value })} maxlength="300" required />

        ${f.source === 'kept'
          ? html`<p class="muted">${s.relayUrl ? t('relayOf', { url: s.relayUrl, min: Math.round((s.relayDurationS ?? 0) / 60) }) : t('fromTemplate', { id: s.templateId })}</p>`
          : html`<fieldset class="inline">
              <legend>${t('source')}</legend>
              <label class="check"><input type="radio" name="source" checked=${f.source === 'text'} onChange=${() => set({ source: 'text' })} /> ${t('sourceText')}</label>
              <label class="check"><input type="radio" name="source" checked=${f.source === 'audio'} onChange=${() => set({ source: 'audio' })} /> ${t('sourceAudio')}</label>
            </fieldset>`}

        ${f.source === 'text' &&
        html`
          <label for="text">${t('text')}</label>
          <textarea id="text" rows="8" value=${f.text} onInput=${(e) => set({ text: e.currentTarget.value })} aria-describedby="reading"></textarea>
          <${ReadingPreview} reading=${reading} confirmed=${confirmed} onConfirm=${onConfirm} />
          <${VoicePicker} voice=${f.voice} rate=${f.rate} idPrefix="sch-" onChange=${(v) => set({ voice: v.voice, rate: v.rate })} />
          <${ListenButton} text=${f.text} voice=${f.voice} rate=${f.rate} />
        `}
        ${f.source === 'audio' &&
        html`${f.media?.sha256 === s.mediaSha256 && html`<p class="audio-label">${t('currentAudio')}</p><audio controls preload="none" src=${`/media/${s.mediaSha256}.mp3`} aria-label=${t('currentAudio')}></audio>`}
          <${AudioUpload} onUploaded=${(media) => set({ media })} />`}

        <${CategoryPriorityFields} f=${f} set=${set} categories=${categories} uncategorized=${!s.category} emergency=${s.priority === 'emergency'} />
      </div>

      <div class="col">
        ${zones && html`<${ZoneTree} zones=${zones} value=${f.zoneIds} onChange=${(zoneIds) => set({ zoneIds })} />`}

        <${WhenFields} f=${f} set=${set} choices=${['once', 'rule', 'holiday', ...(s.kind === 'cron' ? ['cron'] : [])]} holidays=${holidays} offsets=${offsets} />

        ${after === 'pending_approval' && s.status === 'approved' && html`<p class="notice warn">${t('editApprovedNote')}</p>`}
        ${after === 'approved' && s.status !== 'approved' && html`<p class="notice ok">${t('editApprovesNote')}</p>`}
        <div class="actions">
          <button type="submit" class="primary" disabled=${busy}>${after === 'pending_approval' && s.status !== 'pending_approval' ? t('saveAndResubmit') : t('saveChanges')}</button>
          ${after === 'draft' && html`<button type="button" class="secondary" disabled=${busy} onClick=${() => save(true)}>${t('saveAndSubmit')}</button>`}
          <button type="button" class="ghost" disabled=${busy} onClick=${onCancel}>${t('cancel')}</button>
        </div>
        <p class="error" role="alert">${error}</p>
      </div>
    </form>
  `;
}
