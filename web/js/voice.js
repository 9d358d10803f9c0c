// The officer's choice of voice (region, gender, speed) and the reading
// preview ("đọc thành"): what the voice will say, the warnings, and the
// sentences it cannot read, each to fix or confirm before sending. Shared by
// the compose and emergency pages.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, debounce, html, useApi } from './lib.js';
import { lang, t } from './i18n.js';

const VENDORS = { espeak: 'eSpeak', fpt: 'FPT.AI', viettel: 'Viettel AI', zalo: 'Zalo AI', google: 'Google' };
const REGIONS = ['north', 'central', 'south'];
const GENDERS = ['female', 'male'];

// eSpeak's three variants are named by their accent alone.
const ACCENT = { north: 'accentNorth', central: 'accentCentral', south: 'accentSouth' };

export function voiceName(v) {
  if (v.vendor === 'espeak') return `eSpeak — ${t(ACCENT[v.region])}`;
  return `${VENDORS[v.vendor] ?? v.vendor} — ${v.label} (${t('region_' + v.region)}, ${t('gender_' + v.gender)})`;
}

/** Voice by region and gender, and the speaking rate (1 = normal). */
export function VoicePicker({ voice, rate, onChange, idPrefix = '' }) {
  const [catalog] = useApi('/speech/catalog');
  const [region, setRegion] = useState('');
  const [gender, setGender] = useState('');
  if (!catalog) return null;
  const shown = catalog.voices.filter((v) => (!region || v.region === region) && (!gender || v.gender === gender));
  const id = (s) => idPrefix + s;
  return html`
    <fieldset class="voice-picker">
      <legend>${t('voiceChoice')}</legend>
      <div class="two">
        <div>
          <label for=${id('voice-region')}>${t('voiceRegion')}</label>
          <select id=${id('voice-region')} value=${region} onChange=${(e) => setRegion(e.currentTarget.value)}>
            <option value="">${t('any')}</option>
            ${REGIONS.map((r) => html`<option value=${r}>${t('region_' + r)}</option>`)}
          </select>
        </div>
        <div>
          <label for=${id('voice-gender')}>${t('voiceGender')}</label>
          <select id=${id('voice-gender')} value=${gender} onChange=${(e) => setGender(e.currentTarget.value)}>
            <option value="">${t('any')}</option>
            ${GENDERS.map((g) => html`<option value=${g}>${t('gender_' + g)}</option>`)}
          </select>
        </div>
      </div>
      <label for=${id('voice')}>${t('voice')}</label>
      <select id=${id('voice')} value=${voice} onChange=${(e) => onChange({ voice: e.currentTarget.value, rate })}>
        <option value="">${t('defaultVoice')}</option>
        ${shown.map((v) => html`<option value=${v.id}>${voiceName(v)}</option>`)}
      </select>
      <label for=${id('voice-rate')}>${t('voiceRate')}: <output>${Number(rate).toFixed(1)}×</output></label>
      <input id=${id('voice-rate')} type="range" min="0.7" max="1.3" step="0.1" value=${rate} onInput=${(e) => onChange({ voice, rate: Number(e.currentTarget.value) })} />
      <p class="muted">${t('voiceFallback')}</p>
      ${catalog.usage.length > 0 &&
      html`<ul class="voice-usage muted" aria-label=${t('voiceUsage')}>
        ${catalog.usage.map(
          (u) =>
            html`<li>${VENDORS[u.vendor] ?? u.vendor}: ${u.chars.toLocaleString('vi-VN')}${u.limit !== null ? ` / ${u.limit.toLocaleString('vi-VN')}` : ''} ${t('charsThisMonth')}</li>`,
        )}
      </ul>`}
    </fieldset>
  `;
}

/** The reading of `text`, fetched a moment after typing stops. */
export function useReading(text) {
  const [reading, setReading] = useState(null);
  const normalize = useMemo(
    () =>
      debounce((value) => {
        if (!value.trim()) return setReading(null);
        api('/speech/normalize', { method: 'POST', body: { text: value } }).then(setReading, (err) => setReading({ error: err.message }));
      }, 400),
    [],
  );
  useEffect(() => normalize(text), [text]);
  return reading;
}

/** Flagged sentences the officer has not confirmed yet. */
export function unconfirmed(reading, confirmed) {
  return (reading?.unreadable ?? []).filter((u) => !confirmed.includes(u.sentence));
}

/** "Máy sẽ đọc thành", the warnings (unknown abbreviations link to the lexicon), and the sentences to fix or confirm. */
export function ReadingPreview({ reading, confirmed, onConfirm, id = 'reading' }) {
  const vi = lang() === 'vi';
  return html`
    <section id=${id} class="reading" aria-live="polite" aria-labelledby=${id + '-title'}>
      <h2 id=${id + '-title'}>${t('readsAs')}</h2>
      ${!reading && html`<p class="muted">${t('readsAsEmpty')}</p>`}
      ${reading?.error && html`<p class="error">${reading.error}</p>`}
      ${reading?.spoken !== undefined && html`<p class="spoken">${reading.spoken}</p>`}
      ${reading?.warnings?.length > 0 &&
      html`<ul class="warnings">
        ${reading.warnings.map(
          (w) =>
            html`<li>
              ⚠ ${vi ? w.message : w.en}
              ${w.code === 'unknown-abbreviation' && html` <a href=${'/officer/lexicon?term=' + encodeURIComponent(w.term)} target="_blank">${t('addToLexicon')}</a>`}
            </li>`,
        )}
      </ul>`}
      ${reading?.unreadable?.length > 0 &&
      html`<div class="unreadable" role="group" aria-label=${t('unreadableTitle')}>
        <h3>${t('unreadableTitle')}</h3>
        <p>${t('unreadableHelp')}</p>
        <ol>
          ${reading.unreadable.map(
            (u) =>
              html`<li class="unreadable-sentence">
                <q>${u.sentence}</q>
                <p class="muted">${vi ? u.message : u.en}</p>
                <label class="check"
                  ><input type="checkbox" checked=${confirmed.includes(u.sentence)} onChange=${(e) => onConfirm(u.sentence, e.currentTarget.checked)} /> ${t('confirmSentence')}</label
                >
              </li>`,
          )}
        </ol>
      </div>`}
    </section>
  `;
}

/** Confirmed sentences as a list the page keeps. */
export function useConfirmed() {
  const [confirmed, setConfirmed] = useState([]);
  const onConfirm = (sentence, checked) => setConfirmed((c) => (checked ? [...c, sentence] : c.filter((s) => s !== sentence)));
  return [confirmed, onConfirm];
}
