// The chairman's greeting, recorded in the browser (often on a phone):
// record, listen back, record again, then attach it to a holiday or a time.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, fmtDuration, hamlets, html, localDate, useApi, zonedIso } from '../lib.js';
import { t } from '../i18n.js';
import { DateInput, StatusBadge, TimeInput, ZoneTree } from '../components.js';
import { CaLink } from '../ca-link.js';

/** Longest greeting we record; the recorder stops by itself. */
const MAX_RECORDING_MS = 10 * 60_000;

/** What this browser can record: Opus in WebM on Chrome/Android/Firefox, AAC in MP4 on iPhone Safari. */
function pickMimeType() {
  if (typeof MediaRecorder === 'undefined') return null;
  return ['audio/webm;codecs=opus', 'audio/mp4', 'audio/webm', 'audio/ogg;codecs=opus'].find((m) => MediaRecorder.isTypeSupported(m)) ?? '';
}

/** getUserMedia exists only in a secure context: https://, or http://localhost — not http://<LAN address>. */
const canUseMic = () => window.isSecureContext && !!navigator.mediaDevices?.getUserMedia;

function Recorder({ onReady }) {
  const [state, setState] = useState('idle');
  const [error, setError] = useState('');
  const [clip, setClip] = useState(null);
  const [elapsed, setElapsed] = useState(0);
  const [processed, setProcessed] = useState(null);
  // The take's length: timed while recording; read from the file for one picked from the phone.
  const [clipMs, setClipMs] = useState(null);
  const rec = useRef(null);
  useEffect(() => () => rec.current?.stream.getTracks().forEach((tr) => tr.stop()), []);
  useEffect(() => () => clip && URL.revokeObjectURL(clip.url), [clip]);

  const start = async () => {
    setError('');
    const mimeType = pickMimeType();
    if (mimeType === null) return setError(t('recorderUnsupported'));
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
    } catch {
      return setError(t('micDenied'));
    }
    const mr = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    const chunks = [];
    const began = Date.now();
    const tick = setInterval(() => {
      setElapsed(Date.now() - began);
      if (Date.now() - began > MAX_RECORDING_MS) mr.stop();
    }, 250);
    mr.ondataavailable = (e) => e.data.size && chunks.push(e.data);
    mr.onstop = () => {
      clearInterval(tick);
      stream.getTracks().forEach((tr) => tr.stop());
      const blob = new Blob(chunks, { type: mr.mimeType || mimeType });
      setClipMs(Date.now() - began);
      setClip({ blob, url: URL.createObjectURL(blob), type: blob.type });
      setState('recorded');
    };
    rec.current = mr;
    mr.start(1000);
    setElapsed(0);
    setProcessed(null);
    setState('recording');
  };
  const stop = () => rec.current?.state === 'recording' && rec.current.stop();
  // The phone's own recorder (or any audio file) instead of the microphone: same listen-back and upload.
  const picked = (e) => {
    const file = e.currentTarget.files?.[0];
    if (!file) return;
    setError('');
    setProcessed(null);
    setClipMs(null);
    setClip({ blob: file, url: URL.createObjectURL(file), type: file.type, name: file.name });
    setState('recorded');
  };
  const use = async () => {
    setState('uploading');
    const ext = clip.type.includes('mp4') ? 'm4a' : clip.type.includes('ogg') ? 'ogg' : 'webm';
    const form = new FormData();
    form.append('file', clip.blob, clip.name ?? `loi-chuc.${ext}`);
    try {
      const media = await api('/recordings', { method: 'POST', form });
      setProcessed(media);
      setState('ready');
      onReady(media);
    } catch (err) {
      setError(err.message);
      setState('recorded');
    }
  };
  const mmss = fmtDuration(Math.floor(elapsed / 1000) * 1000);
  // Chromium reports a recorded WebM's duration as Infinity: the timed length stands then.
  const metadata = (e) => Number.isFinite(e.currentTarget.duration) && clipMs === null && setClipMs(e.currentTarget.duration * 1000);
  return html`
    <section class="card recorder" aria-labelledby="rec-title">
      <h2 id="rec-title">1. ${t('recordTitle')}</h2>
      <p class="muted">${t('recordHelp')}</p>
      ${!canUseMic()
        ? html`<p class="notice warn" role="note">${t('micNeedsHttps')}</p>
            <${CaLink} />
            <label class="file-pick">${t('phoneRecorder')}
              <input type="file" accept="audio/*" capture onChange=${picked} disabled=${state === 'uploading'} />
            </label>`
        : state === 'recording'
        ? html`<p class="recording" role="status"><span class="dot" aria-hidden="true"></span> ${t('recordingNow')} <time>${mmss}</time></p>
            <button type="button" class="danger big" onClick=${stop}>■ ${t('stopRecording')}</button>`
        : html`<button type="button" class="primary big" onClick=${start} disabled=${state === 'uploading'}>● ${clip ? t('recordAgain') : t('startRecording')}</button>`}
      ${clip &&
      state !== 'recording' &&
      html`<div class="clip">
        <p class="audio-label">${t('listenBack')}${clipMs !== null && html` · <span class="duration">${t('lengthIs', { d: fmtDuration(clipMs) })}</span>`}</p>
        <audio controls src=${clip.url} aria-label=${t('listenBack')} onLoadedMetadata=${metadata}></audio>
        ${state === 'recorded' && html`<button type="button" class="primary" onClick=${use}>✔ ${t('useRecording')}</button>`}
        ${state === 'uploading' && html`<p role="status">${t('uploading')}</p>`}
      </div>`}
      ${processed &&
      html`<p role="status" class="notice ok">${t('recordingReady', { s: Math.round(processed.durationMs / 1000) })}</p>
        <p class="audio-label">${t('processedVersion')} · <span class="duration">${t('lengthIs', { d: fmtDuration(processed.durationMs) })}</span></p>
        <audio controls src=${processed.previewUrl ?? processed.url} aria-label=${t('processedVersion')}></audio>`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </section>
  `;
}

export function GreetingPage() {
  const [zones] = useApi('/zones');
  const [templates] = useApi('/templates');
  const [media, setMedia] = useState(null);
  const [when, setWhen] = useState('holiday');
  const [templateId, setTemplateId] = useState('');
  const [title, setTitle] = useState('');
  const [zoneIds, setZoneIds] = useState(null);
  const [date, setDate] = useState(localDate(new Date(Date.now() + 86400_000)));
  const [time, setTime] = useState('06:30');
  const [result, setResult] = useState(null);
  const [error, setError] = useState('');
  // The whole commune by default: greetings are for everyone.
  const chosen = zoneIds ?? (zones ? hamlets(zones).map((z) => z.id) : []);
  const template = templates?.find((x) => x.id === (templateId || templates[0]?.id));

  const attach = async (e) => {
    e.preventDefault();
    setError('');
    setResult(null);
    if (!media) return setError(t('needRecording'));
    if (!chosen.length) return setError(t('needZone'));
    const base = { title: title.trim() || template?.name || t('greetingDefaultTitle'), mediaSha256: media.sha256, zoneIds: chosen, priority: 'normal', category: 'loi-chuc' };
    try {
      if (when === 'now') setResult({ broadcast: await api('/broadcasts', { method: 'POST', body: base }) });
      else if (when === 'once') setResult({ schedule: await api('/schedules', { method: 'POST', body: { ...base, kind: 'once', at: zonedIso(date, time) } }) });
      else setResult({ schedule: await api('/schedules', { method: 'POST', body: { ...base, kind: 'holiday', holiday: template.holiday } }) });
    } catch (err) {
      setError(err.message);
    }
  };

  return html`
    <h1>${t('greetingTitle')}</h1>
    <${Recorder} onReady=${setMedia} />
    <form class="card" onSubmit=${attach} aria-labelledby="attach-title">
      <h2 id="attach-title">2. ${t('attachTitle')}</h2>
      <fieldset>
        <legend>${t('when')}</legend>
        ${['holiday', 'once', 'now'].map(
          (w) => html`<label class="check"><input type="radio" name="gwhen" checked=${when === w} onChange=${() => setWhen(w)} /> ${t('gwhen_' + w)}</label>`,
        )}
      </fieldset>
      ${when === 'holiday' &&
      html`<label for="template">${t('holidayTemplate')}</label>
        <select id="template" value=${template?.id} onChange=${(e) => setTemplateId(e.currentTarget.value)}>
          ${(templates ?? []).map((x) => html`<option value=${x.id}>${x.name} — ${x.holiday.times.join(', ')}</option>`)}
        </select>`}
      ${when === 'once' &&
      html`<div class="two">
        <div><label for="gdate">${t('date')}</label><${DateInput} id="gdate" value=${date} onChange=${setDate} required /></div>
        <div><label for="gtime">${t('time')}</label><${TimeInput} id="gtime" value=${time} onChange=${setTime} required /></div>
      </div>`}
      <label for="gtitle">${t('title')}</label>
      <input id="gtitle" value=${title} placeholder=${template?.name ?? t('greetingDefaultTitle')} onInput=${(e) => setTitle(e.currentTarget.value)} />
      ${zones && html`<${ZoneTree} zones=${zones} value=${chosen} onChange=${setZoneIds} />`}
      <button type="submit" class="primary wide" disabled=${!media}>${when === 'now' ? t('sendNow') : t('scheduleGreeting')}</button>
      <p class="error" role="alert">${error}</p>
      <div role="status" aria-live="polite">
        ${result?.broadcast &&
        html`<p class="notice ok">${t('createdBroadcast')} <${StatusBadge} s=${result.broadcast.status} /> <a href=${'/broadcasts/' + encodeURIComponent(result.broadcast.id)}>${t('seeCoverage')}</a></p>`}
        ${result?.schedule && html`<p class="notice ok">${t('createdSchedule')} <${StatusBadge} s=${result.schedule.status} /></p>`}
      </div>
    </form>
  `;
}
