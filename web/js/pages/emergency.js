// "Phát khẩn cấp": kept apart from everyday sending. It plays at once,
// interrupts whatever is playing, needs no approval and is audited, so it
// asks for an explicit confirmation first.
import { useRef, useState } from 'preact/hooks';
import { api, followJob, hamlets, html, useApi } from '../lib.js';
import { t } from '../i18n.js';
import { AudioUpload, ListenButton, StatusBadge, ZoneTree } from '../components.js';
import { ReadingPreview, unconfirmed, useConfirmed, useReading, VoicePicker } from '../voice.js';

export function EmergencyPage() {
  const [zones] = useApi('/zones');
  const [title, setTitle] = useState('');
  const [source, setSource] = useState('text');
  const [text, setText] = useState('');
  const [media, setMedia] = useState(null);
  const [voice, setVoice] = useState({ voice: '', rate: 1 });
  const reading = useReading(source === 'text' ? text : '');
  const [confirmed, onConfirm] = useConfirmed();
  const [zoneIds, setZoneIds] = useState(null);
  const [repeat, setRepeat] = useState(3);
  const [error, setError] = useState('');
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef(null);
  const all = zones ? hamlets(zones).map((z) => z.id) : [];
  const chosen = zoneIds ?? all;
  const everywhere = chosen.length === all.length;

  const ask = (e) => {
    e.preventDefault();
    setError('');
    if (source === 'text' && !text.trim()) return setError(t('needText'));
    if (source === 'audio' && !media) return setError(t('needAudio'));
    if (source === 'text' && unconfirmed(reading, confirmed).length) return setError(t('fixUnreadable'));
    if (!chosen.length) return setError(t('needZone'));
    dialog.current.showModal();
  };
  const fire = async () => {
    dialog.current.close();
    setBusy(true);
    try {
      let b = await api('/emergency', {
        method: 'POST',
        body: {
          ...(title.trim() && { title: title.trim() }),
          ...(source === 'text'
            ? {
                text,
                ...(voice.voice && { voice: voice.voice }),
                ...(voice.rate !== 1 && { rate: voice.rate }),
                ...(reading?.unreadable?.length && { confirmUnreadable: reading.unreadable.map((u) => u.sentence) }),
              }
            : { mediaSha256: media.sha256 }),
          // Omitted means every zone: the commune, whatever hamlets it has.
          ...(!everywhere && { zoneIds: chosen }),
          repeat: Number(repeat),
        },
      });
      // A long warning renders first (a job), then airs.
      if (b.jobId) b = await api(`/broadcasts/${(await followJob(b.jobId)).broadcastId}`);
      setResult(b);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return html`
    <section class="emergency" aria-labelledby="em-title">
      <h1 id="em-title">⚠ ${t('emergencyTitle')}</h1>
      <p>${t('emergencyHelp')}</p>
      <form onSubmit=${ask} novalidate>
        <label for="em-name">${t('title')}</label>
        <input id="em-name" value=${title} placeholder=${t('emergencyDefaultTitle')} onInput=${(e) => setTitle(e.currentTarget.value)} />
        <fieldset class="inline">
          <legend>${t('source')}</legend>
          <label class="check"><input type="radio" name="em-source" checked=${source === 'text'} onChange=${() => setSource('text')} /> ${t('sourceText')}</label>
          <label class="check"><input type="radio" name="em-source" checked=${source === 'audio'} onChange=${() => setSource('audio')} /> ${t('sourceAudio')}</label>
        </fieldset>
        ${source === 'text'
          ? html`<label for="em-text">${t('text')}</label><textarea id="em-text" rows="5" value=${text} onInput=${(e) => setText(e.currentTarget.value)}></textarea>
              <${ReadingPreview} id="em-reading" reading=${reading} confirmed=${confirmed} onConfirm=${onConfirm} />
              <${VoicePicker} idPrefix="em-" voice=${voice.voice} rate=${voice.rate} onChange=${setVoice} />
              <${ListenButton} text=${text} voice=${voice.voice} rate=${voice.rate} />`
          : html`<${AudioUpload} onUploaded=${setMedia} />`}
        ${zones && html`<${ZoneTree} zones=${zones} value=${chosen} onChange=${setZoneIds} />`}
        <label for="em-repeat">${t('repeatTimes')}</label>
        <input id="em-repeat" type="number" min="1" max="10" value=${repeat} onInput=${(e) => setRepeat(e.currentTarget.value)} />
        <button type="submit" class="danger big wide" disabled=${busy}>⚠ ${t('emergencySend')}…</button>
        <p class="error" role="alert">${error}</p>
      </form>
      <div role="status" aria-live="assertive">
        ${result &&
        html`<p class="notice ok">
          ${t('emergencySent')} <${StatusBadge} s=${result.status} /> ${result.voice && html`${t('spokenBy')}: <span class="spoken-by">${result.voice}</span>`}
          <a href=${'/broadcasts/' + encodeURIComponent(result.id)}>${t('seeCoverage')}</a>
        </p>`}
      </div>
    </section>
    <dialog ref=${dialog} aria-labelledby="em-confirm-title" class="confirm">
      <h2 id="em-confirm-title">${t('emergencyConfirmTitle')}</h2>
      <p>${everywhere ? t('emergencyConfirmAll') : t('emergencyConfirmSome', { n: chosen.length })}</p>
      <p>${t('emergencyConfirmHelp', { n: repeat })}</p>
      <div class="actions">
        <button type="button" class="secondary" autofocus onClick=${() => dialog.current.close()}>${t('cancel')}</button>
        <button type="button" class="danger" onClick=${fire}>${t('emergencyConfirmGo')}</button>
      </div>
    </dialog>
  `;
}
