// "Phát trực tiếp": the officer or chairman speaks into the phone or
// computer and the chosen hamlets hear it. The microphone is opened first so
// the level meter shows it works; on start the browser records WebM/Opus in
// short slices (MediaRecorder) and sends each over a WebSocket: a browser
// cannot stream a fetch() body over HTTP/1.1. Receivers' states are polled
// from the session while it is on air.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, csrf, html, useApi } from '../lib.js';
import { t } from '../i18n.js';
import { ZoneTree } from '../components.js';

const SLICE_MS = 250;
const LIVE_STATE = { queued: 'liveJoining', received: 'liveJoining', downloaded: 'liveJoining', playing: 'livePlaying', done: 'liveDone', preempted: 'livePreempted', failed: 'liveFailed', expired: 'liveFailed', rejected: 'liveFailed', skipped: 'liveSkipped' };

/** The microphone's loudness, 0..1, from an analyser on the captured stream. */
function useLevel(stream) {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!stream) return undefined;
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    let frame = 0;
    const tick = () => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      // RMS on a log scale: speech sits in the middle, not at the bottom.
      const db = 20 * Math.log10(Math.sqrt(sum / buf.length) + 1e-9);
      setLevel(Math.max(0, Math.min(1, (db + 60) / 60)));
      frame = requestAnimationFrame(tick);
    };
    tick();
    return () => {
      cancelAnimationFrame(frame);
      void ctx.close();
    };
  }, [stream]);
  return level;
}

export function LivePage() {
  const [zones] = useApi('/zones');
  const [title, setTitle] = useState(t('liveDefaultTitle'));
  const [zoneIds, setZoneIds] = useState([]);
  const [priority, setPriority] = useState('normal');
  const [mic, setMic] = useState(null);
  const [session, setSession] = useState(null);
  const [view, setView] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [since, setSince] = useState(0);
  const [, setNow] = useState(0);
  const parts = useRef({});
  const level = useLevel(mic);
  const onAir = session && (!view || view.state === 'waiting' || view.state === 'on_air');

  useEffect(() => () => hangUp(), []);
  // Receivers' states while on air (and once more after the end).
  useEffect(() => {
    if (!session) return undefined;
    let stop = false;
    const poll = async () => {
      try {
        const v = await api('/live/' + encodeURIComponent(session.id));
        if (!stop) setView(v);
        if (v.state === 'ended' || v.state === 'failed') return;
      } catch {
        /* the next poll tries again */
      }
      if (!stop) setTimeout(poll, 1000);
    };
    poll();
    const clock = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      stop = true;
      clearInterval(clock);
    };
  }, [session]);

  function hangUp() {
    const p = parts.current;
    if (p.recorder && p.recorder.state !== 'inactive') p.recorder.stop();
    if (p.ws && p.ws.readyState <= 1) p.ws.close(1000);
    parts.current = {};
  }

  const openMic = async () => {
    setError('');
    try {
      setMic(await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } }));
    } catch (err) {
      setError(t('liveNoMic') + ' (' + err.message + ')');
    }
  };

  const start = async (e) => {
    e.preventDefault();
    setError('');
    if (!zoneIds.length) return setError(t('needZone'));
    if (!mic) return setError(t('liveNoMic'));
    setBusy(true);
    try {
      const s = await api('/live', { method: 'POST', body: { title: title.trim() || t('liveDefaultTitle'), zoneIds, priority } });
      const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
      const ws = new WebSocket(`${proto}//${location.host}/api/v1/live/${encodeURIComponent(s.id)}/ws?csrf=${encodeURIComponent(csrf())}`);
      ws.binaryType = 'arraybuffer';
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = () => reject(new Error(t('liveSocketFailed')));
      });
      const type = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm'].find((m) => MediaRecorder.isTypeSupported(m));
      const recorder = new MediaRecorder(mic, { mimeType: type, audioBitsPerSecond: 32000 });
      recorder.ondataavailable = async (ev) => {
        if (ev.data.size && ws.readyState === 1) ws.send(await ev.data.arrayBuffer());
      };
      ws.onclose = () => {
        if (recorder.state !== 'inactive') recorder.stop();
      };
      recorder.start(SLICE_MS);
      parts.current = { ws, recorder };
      setSince(Date.now());
      setSession(s);
      setView(s);
    } catch (err) {
      hangUp();
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  const stop = async () => {
    setBusy(true);
    hangUp();
    try {
      setView(await api('/live/' + encodeURIComponent(session.id) + '/stop', { method: 'POST' }));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  const deliveries = view?.broadcast?.deliveries ?? [];
  const secs = Math.max(0, Math.round((Date.now() - since) / 1000));
  return html`
    <section class="live" aria-labelledby="live-title">
      <h1 id="live-title">${t('liveTitle')}</h1>
      ${onAir &&
      html`<div class="on-air" role="status" aria-live="polite">
        <strong>● ${t('liveOnAir')}</strong> <span>${String(Math.floor(secs / 60)).padStart(2, '0')}:${String(secs % 60).padStart(2, '0')}</span>
        ${view?.listeners != null && html`<span>${t('liveListeners', { n: view.listeners })}</span>`}
        <button type="button" class="danger big" onClick=${stop} disabled=${busy}>■ ${t('liveStop')}</button>
      </div>`}
      <label class="meter-label" for="live-level">${t('liveLevel')}</label>
      <meter id="live-level" min="0" max="1" low="0.15" high="0.9" optimum="0.5" value=${level}></meter>
      ${!mic && html`<button type="button" class="secondary" onClick=${openMic}>${t('liveOpenMic')}</button>`}
      ${!session &&
      html`<form onSubmit=${start} novalidate>
        <label for="live-name">${t('title')}</label>
        <input id="live-name" value=${title} onInput=${(e) => setTitle(e.currentTarget.value)} />
        ${zones && html`<${ZoneTree} zones=${zones} value=${zoneIds} onChange=${setZoneIds} />`}
        <fieldset class="inline">
          <legend>${t('priority')}</legend>
          ${['normal', 'priority', 'emergency'].map(
            (p) => html`<label class="check"><input type="radio" name="live-prio" checked=${priority === p} onChange=${() => setPriority(p)} /> ${t('prio_' + p)}</label>`,
          )}
        </fieldset>
        <p class="help">${t('liveHelp')}</p>
        <button type="submit" class="primary big wide" disabled=${busy || !mic}>● ${t('liveStart')}</button>
      </form>`}
      <p class="error" role="alert">${error}</p>
      ${session &&
      html`<h2>${t('liveReceivers')}</h2>
        <ul class="live-receivers" aria-live="polite">
          ${deliveries.map((d) => html`<li class=${'lv-' + d.state}><span>${d.receiverId}</span> <b>${t(LIVE_STATE[d.state] ?? 'liveJoining')}</b></li>`)}
        </ul>
        ${view && !onAir && html`<p class="notice ok">${view.state === 'failed' ? t('liveFailedSession') : t('liveEnded')}${view.state === 'failed' && view.error ? html` <span class="live-why">${view.error}</span>` : ''} <a href=${'/broadcasts/' + encodeURIComponent(view.broadcastId)}>${t('seeCoverage')}</a></p>`}`}
    </section>
  `;
}
