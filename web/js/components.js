// Pieces several pages share: the commune → hamlet picker, "listen" with
// render progress, audio upload, labels for states, date and time fields.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, fmtDuration, html } from './lib.js';
import { t } from './i18n.js';

/** Commune → hamlet tree of checkboxes; `value` is the chosen hamlet ids; `counts` (GET /fleet/summary's zones) adds each hamlet's receivers. */
export function ZoneTree({ zones, counts, value, onChange, legend }) {
  const communes = zones.filter((z) => z.kind === 'commune');
  const childrenOf = (id) => zones.filter((z) => z.parentId === id);
  const count = (id) => (counts ? (counts.find((c) => c.zoneId === id)?.total ?? 0) : undefined);
  const set = new Set(value);
  const toggle = (ids, on) => {
    const next = new Set(set);
    for (const id of ids) on ? next.add(id) : next.delete(id);
    onChange([...next]);
  };
  return html`
    <fieldset class="zone-tree">
      <legend>${legend ?? t('targets')}</legend>
      ${communes.map((c) => {
        const kids = childrenOf(c.id).map((z) => z.id);
        const chosen = kids.filter((id) => set.has(id)).length;
        return html`
          <div class="tree-commune">
            <label class="check">
              <input
                type="checkbox"
                checked=${kids.length > 0 && chosen === kids.length}
                ref=${(el) => el && (el.indeterminate = chosen > 0 && chosen < kids.length)}
                onChange=${(e) => toggle(kids, e.currentTarget.checked)}
              />
              <strong>${c.name}</strong> <span class="muted">(${t('allHamlets', { n: kids.length })})</span>
            </label>
            <ul>
              ${childrenOf(c.id).map(
                (z) => html`<li>
                  <label class="check">
                    <input type="checkbox" name="zone" value=${z.id} checked=${set.has(z.id)} onChange=${(e) => toggle([z.id], e.currentTarget.checked)} />
                    ${z.name} ${count(z.id) !== undefined && html`<span class="muted">(${t('nReceivers', { n: count(z.id) })})</span>`}
                  </label>
                </li>`,
              )}
            </ul>
          </div>
        `;
      })}
    </fieldset>
  `;
}

/** Renders text with the chosen voice through the jobs API and plays it. */
export function ListenButton({ text, voice, rate, label }) {
  const [job, setJob] = useState(null);
  const [error, setError] = useState('');
  const audio = useRef(null);
  const timer = useRef(null);
  useEffect(() => () => clearTimeout(timer.current), []);
  const start = async () => {
    setError('');
    try {
      const { jobId } = await api('/speech/render', { method: 'POST', body: { text, ...(voice && { voice }), ...(rate && rate !== 1 && { rate }) } });
      const poll = async () => {
        const j = await api(`/speech/jobs/${jobId}`);
        setJob(j);
        if (j.state === 'failed') setError(j.error || t('renderFailed'));
        else if (j.state !== 'done') timer.current = setTimeout(poll, 300);
      };
      setJob({ state: 'queued', percent: 0 });
      await poll();
    } catch (err) {
      setError(err.message);
      setJob(null);
    }
  };
  useEffect(() => {
    if (job?.state === 'done') audio.current?.play().catch(() => {});
  }, [job?.state]);
  const running = job && job.state !== 'done' && job.state !== 'failed';
  return html`
    <div class="listen">
      <button type="button" class="secondary" onClick=${start} disabled=${!text?.trim() || running}>▶ ${label ?? t('listen')}</button>
      ${running &&
      html`<label class="progress-label">${t('rendering')} <progress max="100" value=${job.percent} aria-label=${t('rendering')}>${job.percent}%</progress> ${job.percent}%</label>`}
      ${job?.state === 'done' && html`<audio ref=${audio} controls preload="auto" src=${job.mediaUrl} aria-label=${t('preview')}></audio>`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </div>
  `;
}

/** Uploads an audio file; the server returns it broadcast-ready. */
export function AudioUpload({ onUploaded }) {
  const [state, setState] = useState({ busy: false, error: '', media: null });
  const choose = async (e) => {
    const file = e.currentTarget.files?.[0];
    if (!file) return;
    setState({ busy: true, error: '', media: null });
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const media = await api('/media', { method: 'POST', form });
      setState({ busy: false, error: '', media });
      onUploaded(media);
    } catch (err) {
      setState({ busy: false, error: err.message, media: null });
    }
  };
  return html`
    <div class="upload">
      <label for="audio-file">${t('audioFile')}</label>
      <input id="audio-file" type="file" accept="audio/*,.mp3,.wav,.m4a,.ogg,.webm" onChange=${choose} disabled=${state.busy} />
      ${state.busy && html`<p role="status">${t('uploading')}</p>`}
      ${state.media &&
      html`<p role="status">${t('uploaded', { s: Math.round(state.media.durationMs / 1000) })} <span class="duration">${t('lengthIs', { d: fmtDuration(state.media.durationMs) })}</span></p>
        <audio controls src=${state.media.url} aria-label=${t('preview')}></audio>`}
      ${state.error && html`<p class="error" role="alert">${state.error}</p>`}
    </div>
  `;
}

/** A loudspeaker horn, drawn inline: emoji fonts are missing on many office PCs. */
export const Logo = ({ size = 24 }) =>
  html`<svg class="logo" width=${size} height=${size} viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M3 9h3l7-5v16l-7-5H3z" /><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" /></svg>`;

export const CATEGORIES = ['thong-bao', 'tuyen-truyen', 'thu-tuc-hanh-chinh', 'loi-chuc', 'khan-cap', 'ban-tin-cap-tren'];
export const categoryLabel = (c) => (c ? (CATEGORIES.includes(c) ? t('cat_' + c) : c) : t('uncategorized'));
export const PriorityBadge = ({ p }) => html`<span class=${'badge prio-' + p}>${t('prio_' + p)}</span>`;
/** The priority badge and the category, the category left out when it says the same ("Khẩn cấp · Khẩn cấp"). */
export const PriorityCategory = ({ p, c }) => html`<${PriorityBadge} p=${p} />${categoryLabel(c) === t('prio_' + p) ? '' : ` · ${categoryLabel(c)}`}`;
export const StatusBadge = ({ s }) => html`<span class=${'badge st-' + s}>${t('st_' + s)}</span>`;

/**
 * The compose form's category and priority (the schedule form's too): an
 * emergency is sent from its own page, so `emergency` is offered only to
 * keep an item that already is one; `uncategorized` for one saved without.
 */
export function CategoryPriorityFields({ f, set, categories, uncategorized = false, emergency = false }) {
  return html`<div class="two">
    <div>
      <label for="category">${t('category')}</label>
      <select id="category" value=${f.category} onChange=${(e) => set({ category: e.currentTarget.value })}>
        ${uncategorized && html`<option value="">${t('uncategorized')}</option>`}
        ${categories.map((c) => html`<option value=${c}>${categoryLabel(c)}</option>`)}
      </select>
    </div>
    <div>
      <label for="priority">${t('priority')}</label>
      <select id="priority" value=${f.priority} onChange=${(e) => set({ priority: e.currentTarget.value })}>
        <option value="normal">${t('prio_normal')}</option>
        <option value="priority">${t('prio_priority')}</option>
        ${emergency && html`<option value="emergency">${t('prio_emergency')}</option>`}
      </select>
    </div>
  </div>`;
}

const pad2 = (n) => String(n).padStart(2, '0');

/**
 * A date as people write it here → "YYYY-MM-DD": "05/02/2027", "5/2/2027",
 * "05-02-2027", "05.02.2027", "05022027", or ISO "2027-02-05" pasted in.
 * '' when empty, null when it is not a day of the calendar.
 */
export function parseDate(text) {
  const s = (text ?? '').trim();
  if (!s) return '';
  let m;
  let d, mo, y;
  if ((m = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(s) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(s))) [d, mo, y] = m.slice(1).map(Number);
  else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) [y, mo, d] = m.slice(1).map(Number);
  else return null;
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  return `${y}-${pad2(mo)}-${pad2(d)}`;
}
/** "2027-02-05" → "05/02/2027". */
export const showDate = (iso) => (iso ? iso.split('-').reverse().join('/') : '');

/** A time of day on the 24-hour clock → "HH:MM": "17:30", "17h30", "17h", "1730", "7:05". '' when empty, null when not a time. */
export function parseTime(text) {
  const s = (text ?? '').trim().toLowerCase();
  if (!s) return '';
  const m = /^(\d{1,2})(?:\s*[:h.g]\s*(\d{2})?)?$/.exec(s) ?? /^(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (h > 23 || min > 59) return null;
  return `${pad2(h)}:${pad2(min)}`;
}

let fieldSeq = 0;

/**
 * A text field for a date or a time, the same whatever the browser's
 * language (dd/mm/yyyy, 24 h): the page gets and gives the value in its
 * machine form ("YYYY-MM-DD", "HH:MM"), '' while the text is not one.
 */
function WrittenField({ kind, value, onChange, required, ...rest }) {
  const parse = kind === 'date' ? parseDate : parseTime;
  const show = kind === 'date' ? showDate : (v) => v ?? '';
  const [text, setText] = useState(() => show(value));
  const [touched, setTouched] = useState(false);
  const errorId = useRef(null);
  errorId.current ??= `field-error-${++fieldSeq}`;
  const input = useRef(null);
  // The page set another value (a default, a reset): show it.
  useEffect(() => {
    if ((parse(text) ?? '') !== (value ?? '')) setText(show(value));
  }, [value]);
  const parsed = parse(text);
  const problem = parsed === null ? t(kind === 'date' ? 'dateInvalid' : 'timeInvalid') : required && !parsed ? t(kind === 'date' ? 'dateRequired' : 'timeRequired') : '';
  useEffect(() => input.current?.setCustomValidity(problem), [problem]);
  const shown = touched && problem;
  return html`<input
      ...${rest}
      ref=${input}
      type="text"
      inputmode="numeric"
      autocomplete="off"
      class=${'written-' + kind + (rest.class ? ' ' + rest.class : '')}
      placeholder=${kind === 'date' ? 'dd/mm/yyyy' : 'hh:mm'}
      title=${t(kind === 'date' ? 'dateHint' : 'timeHint')}
      required=${required}
      value=${text}
      aria-invalid=${shown ? 'true' : undefined}
      aria-describedby=${shown ? errorId.current : undefined}
      onInput=${(e) => {
        const next = e.currentTarget.value;
        setText(next);
        const v = parse(next);
        if ((v ?? '') !== (value ?? '')) onChange(v ?? '');
      }}
      onBlur=${() => {
        setTouched(true);
        // Written the long way once it is understood: "5/2/2027" → "05/02/2027".
        if (parsed) setText(show(parsed));
      }}
    />${shown && html`<span id=${errorId.current} class="field-error" role="alert">${problem}</span>`}`;
}

/** A date field, dd/mm/yyyy; `value` and `onChange` in "YYYY-MM-DD". */
export const DateInput = (props) => html`<${WrittenField} kind="date" ...${props} />`;
/** A time-of-day field, 24 h; `value` and `onChange` in "HH:MM". */
export const TimeInput = (props) => html`<${WrittenField} kind="time" ...${props} />`;
