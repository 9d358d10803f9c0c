// The officer's desk: write an announcement and see how the machine will
// read it, listen to it, or upload audio; choose hamlets; send it now or
// schedule it (once, recurring, holiday) for the chairman's approval.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, fmtDateTime, followJob, html, localDate, may, useApi } from '../lib.js';
import { t } from '../i18n.js';
import { AudioUpload, CATEGORIES, CategoryPriorityFields, ListenButton, StatusBadge, ZoneTree } from '../components.js';
import { ReadingPreview, unconfirmed, useConfirmed, useReading, VoicePicker } from '../voice.js';
import { useHolidays, WhenFields, whenSpec } from '../when.js';

export function ComposePage() {
  const [zones] = useApi('/zones');
  const [fleet] = useApi('/fleet/summary');
  const holidays = useHolidays();
  const [settings] = useApi('/settings');
  const blank = () => ({
    title: '',
    source: 'text',
    text: '',
    voice: '',
    rate: 1,
    media: null,
    category: 'thong-bao',
    priority: 'normal',
    zoneIds: [],
    when: 'once',
    date: localDate(new Date(Date.now() + 86400_000)),
    time: '07:00',
    freq: 'weekly',
    times: ['06:30'],
    weekdays: [1],
    monthDay: 1,
    from: '',
    until: '',
    holidayId: 'quoc-khanh',
    offsets: [0],
  });
  const [f, setF] = useState(blank);
  const set = (patch) => setF((x) => ({ ...x, ...patch }));
  const reading = useReading(f.text);
  const [confirmed, onConfirm] = useConfirmed();
  const [result, setResult] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // A long text is rendered first (202 with a job); the broadcast follows.
  const [rendering, setRendering] = useState(null);
  const resultRef = useRef(null);
  // The officer sees before sending whether the chairman must approve it first.
  const needsApproval = !may('broadcasts:approve') && !(settings?.waiveApprovalForNormal && f.priority === 'normal');
  // On a phone the result is below the fold: bring it into view.
  useEffect(() => {
    if (result) resultRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [result]);


  const body = () => {
    const content = f.source === 'text' ? { text: f.text, ...(f.voice && { voice: f.voice }), ...(f.rate !== 1 && { rate: f.rate }) } : { mediaSha256: f.media?.sha256 };
    return { title: f.title.trim(), ...content, zoneIds: f.zoneIds, priority: f.priority, category: f.category };
  };
  const check = () => {
    if (!f.title.trim()) return t('needTitle');
    if (f.source === 'text' && !f.text.trim()) return t('needText');
    if (f.source === 'audio' && !f.media) return t('needAudio');
    if (f.source === 'text' && unconfirmed(reading, confirmed).length) return t('fixUnreadable');
    if (!f.zoneIds.length) return t('needZone');
    if (f.when === 'once' && (!f.date || !f.time)) return t('needDateTime');
    if (f.when !== 'now' && f.when !== 'once' && (!f.times.length || f.times.some((x) => !x))) return t('needTime');
    return '';
  };
  const send = async (submit) => {
    const problem = check();
    setError(problem);
    setResult(null);
    if (problem) return;
    setBusy(true);
    try {
      // The sentences the officer has just confirmed one by one.
      const flagged = f.source === 'text' ? (reading?.unreadable ?? []).map((u) => u.sentence) : [];
      const confirm = flagged.length ? { confirmUnreadable: flagged } : {};
      if (f.when === 'now') {
        let b = await api('/broadcasts', { method: 'POST', body: { ...body(), ...confirm } });
        if (b.jobId) {
          setRendering(0);
          const job = await followJob(b.jobId, (j) => setRendering(j.percent));
          b = await api(`/broadcasts/${job.broadcastId}`);
        }
        setResult({ broadcast: b });
      } else {
        let s = await api('/schedules', { method: 'POST', body: { ...body(), ...whenSpec(f), ...confirm } });
        const conflicts = s.conflicts;
        if (submit && s.status === 'draft') s = await api(`/schedules/${s.id}/submit`, { method: 'POST' });
        setResult({ schedule: s, conflicts });
      }
      // Sent: the form is ready for the next item (the hamlets stay chosen).
      setF((x) => ({ ...blank(), zoneIds: x.zoneIds }));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
      setRendering(null);
    }
  };

  return html`
    <h1>${t('composeTitle')}</h1>
    <form class="compose" onSubmit=${(e) => (e.preventDefault(), send(true))} novalidate>
      <div class="col">
        <label for="title">${t('title')}</label>
        <input id="title" value=${f.title} onInput=${(e) => set({ title: e.currentTarget.value })} maxlength="300" placeholder=${t('titlePlaceholder')} required />

        <fieldset class="inline">
          <legend>${t('source')}</legend>
          <label class="check"><input type="radio" name="source" checked=${f.source === 'text'} onChange=${() => set({ source: 'text' })} /> ${t('sourceText')}</label>
          <label class="check"><input type="radio" name="source" checked=${f.source === 'audio'} onChange=${() => set({ source: 'audio' })} /> ${t('sourceAudio')}</label>
        </fieldset>

        ${f.source === 'text'
          ? html`
              <label for="text">${t('text')}</label>
              <textarea id="text" rows="8" value=${f.text} onInput=${(e) => set({ text: e.currentTarget.value })} placeholder=${t('textPlaceholder')} aria-describedby="reading"></textarea>
              <${ReadingPreview} reading=${reading} confirmed=${confirmed} onConfirm=${onConfirm} />
              <${VoicePicker} voice=${f.voice} rate=${f.rate} onChange=${(v) => set(v)} />
              <${ListenButton} text=${f.text} voice=${f.voice} rate=${f.rate} />
            `
          : html`<${AudioUpload} onUploaded=${(media) => set({ media })} />`}

        <${CategoryPriorityFields} f=${f} set=${set} categories=${CATEGORIES.filter((c) => c !== 'khan-cap')} />
      </div>

      <div class="col">
        ${zones && html`<${ZoneTree} zones=${zones} counts=${fleet?.zones} value=${f.zoneIds} onChange=${(zoneIds) => set({ zoneIds })} />`}

        <${WhenFields} f=${f} set=${set} choices=${['now', 'once', 'rule', 'holiday']} holidays=${holidays} />

        <div class="actions">
          <button type="submit" class="primary" disabled=${busy}>${needsApproval ? t('sendForApproval') : f.when === 'now' ? t('sendNow') : t('saveSchedule')}</button>
          ${f.when !== 'now' && html`<button type="button" class="secondary" disabled=${busy} onClick=${() => send(false)}>${t('saveDraft')}</button>`}
        </div>
        ${rendering !== null &&
        html`<label class="progress-label">${t('rendering')} <progress max="100" value=${rendering} aria-label=${t('rendering')}>${rendering}%</progress> ${rendering}%</label>`}
        <p class="error" role="alert">${error}</p>
        <div role="status" aria-live="polite" ref=${resultRef}>${result && html`<${Result} r=${result} />`}</div>
      </div>
    </form>
  `;
}

function Result({ r }) {
  if (r.broadcast) {
    const b = r.broadcast;
    return html`<div class=${'notice ' + (b.conflicts?.length ? 'warn' : 'ok')}>
      <p>${t('createdBroadcast')} <${StatusBadge} s=${b.status} /></p>
      <${Conflicts} list=${b.conflicts} />
      ${b.voice && html`<p>${t('spokenBy')}: <span class="spoken-by">${b.voice}</span></p>`}
      <p><a href=${'/broadcasts/' + encodeURIComponent(b.id)}>${t('seeCoverage')}</a></p>
    </div>`;
  }
  const s = r.schedule;
  return html`<div class=${'notice ' + (r.conflicts?.length ? 'warn' : 'ok')}>
    <p>${t('createdSchedule')} <${StatusBadge} s=${s.status} /></p>
    <${Conflicts} list=${r.conflicts} />
    <p><a href="/officer/calendar">${t('seeCalendar')}</a></p>
  </div>`;
}

/** The other items at the same time, each with the place both reach. */
function Conflicts({ list }) {
  if (!list?.length) return null;
  return html`<p><strong>⚠ ${t('conflictsWith')}</strong></p>
    <ul>
      ${list.map((c) => html`<li>${c.title} — ${c.zoneName} — ${fmtDateTime(c.at)}</li>`)}
    </ul>`;
}
