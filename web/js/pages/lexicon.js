// The commune's lexicon: how the voice reads an abbreviation ("CHQS" →
// "chỉ huy quân sự") or a name or loanword. Search, add, edit, delete; the
// "not in the lexicon" warning links here with the term filled in.
import { useState } from 'preact/hooks';
import { accountZone, api, html, pickedCommune, useApi } from '../lib.js';
import { t } from '../i18n.js';

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

/**
 * Whose part of the lexicon is shown and edited: a whole-system account
 * chooses the shared part or one commune's additions; a scoped account (or
 * one that picked a commune) works on its commune's.
 */
function usePart() {
  const [zones] = useApi('/zones');
  const [part, setPart] = useState('');
  const communes = (zones ?? []).filter((z) => z.kind === 'commune');
  const choosable = accountZone() === null && !pickedCommune() && communes.length > 0;
  return { part: choosable ? part : '', setPart, communes: choosable ? communes : [] };
}

export function LexiconPage() {
  const { part, setPart, communes } = usePart();
  const inPart = (path) => path + (part ? (path.includes('?') ? '&' : '?') + 'zoneId=' + encodeURIComponent(part) : '');
  const [entries, loadError, reload] = useApi(inPart('/lexicon'));
  const wanted = new URLSearchParams(location.search).get('term') ?? '';
  const [q, setQ] = useState('');
  const [form, setForm] = useState({ term: wanted, spoken: '', kind: 'abbreviation' });
  const [editing, setEditing] = useState(null);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [preview, setPreview] = useState('');

  const save = async (entry) => {
    setError('');
    setStatus('');
    try {
      await api('/lexicon', { method: 'PUT', body: { ...entry, ...(!entry.zoneId && part && { zoneId: part }) } });
      const { spoken } = await api('/speech/normalize', { method: 'POST', body: { text: entry.term, ...(part && { zoneId: part }) } });
      setPreview(spoken);
      setStatus(t('lexiconSaved', { term: entry.term }));
      reload();
      return true;
    } catch (err) {
      setError(err.message);
      return false;
    }
  };
  const add = async (e) => {
    e.preventDefault();
    if (!form.term.trim() || !form.spoken.trim()) return setError(t('lexiconNeedBoth'));
    if (await save(form)) setForm({ term: '', spoken: '', kind: form.kind });
  };
  const remove = async (term, zoneId) => {
    if (!confirm(t('lexiconConfirmDelete', { term }))) return;
    try {
      await api('/lexicon/' + encodeURIComponent(term) + (zoneId ? '?zoneId=' + encodeURIComponent(zoneId) : ''), { method: 'DELETE' });
      setStatus(t('lexiconDeleted', { term }));
      reload();
    } catch (err) {
      setError(err.message);
    }
  };
  const shown = (entries ?? []).filter((e) => !q.trim() || fold(e.term + ' ' + e.spoken).includes(fold(q.trim())));

  return html`
    <h1>${t('lexiconTitle')}</h1>
    <p>${t('lexiconHelp')}</p>
    ${communes.length > 0 &&
    html`<label for="lx-part">${t('lexiconPart')}</label>
      <select id="lx-part" value=${part} onChange=${(e) => setPart(e.currentTarget.value)}>
        <option value="">${t('lexiconShared')}</option>
        ${communes.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
      </select>`}
    <form class="lexicon-add" onSubmit=${add} novalidate>
      <fieldset>
        <legend>${t('lexiconAdd')}</legend>
        <div class="two">
          <div><label for="lx-term">${t('lexiconTerm')}</label><input id="lx-term" value=${form.term} maxlength="100" onInput=${(e) => setForm({ ...form, term: e.currentTarget.value })} /></div>
          <div><label for="lx-spoken">${t('lexiconSpoken')}</label><input id="lx-spoken" value=${form.spoken} maxlength="500" onInput=${(e) => setForm({ ...form, spoken: e.currentTarget.value })} /></div>
        </div>
        <label for="lx-kind">${t('lexiconKind')}</label>
        <select id="lx-kind" value=${form.kind} onChange=${(e) => setForm({ ...form, kind: e.currentTarget.value })}>
          <option value="abbreviation">${t('lexiconKindAbbreviation')}</option>
          <option value="pronunciation">${t('lexiconKindPronunciation')}</option>
        </select>
        <button type="submit" class="primary">${t('save')}</button>
      </fieldset>
    </form>
    <p class="error" role="alert">${error || loadError?.message || ''}</p>
    <p role="status" aria-live="polite">${status}${preview && html` — ${t('readsAs')}: <q class="spoken">${preview}</q>`}</p>
    <label for="lx-search">${t('lexiconSearch')}</label>
    <input id="lx-search" type="search" value=${q} onInput=${(e) => setQ(e.currentTarget.value)} />
    <table class="lexicon">
      <thead>
        <tr><th>${t('lexiconTerm')}</th><th>${t('lexiconSpoken')}</th><th>${t('lexiconKind')}</th><th>${t('lexiconWhose')}</th><th>${t('lexiconUpdatedBy')}</th><th></th></tr>
      </thead>
      <tbody>
        ${shown.map((e) =>
          editing?.term === e.term && editing.zoneId === e.zoneId
            ? html`<tr>
                <td>${e.term}</td>
                <td><input aria-label=${t('lexiconSpokenOf', { term: e.term })} value=${editing.spoken} onInput=${(ev) => setEditing({ ...editing, spoken: ev.currentTarget.value })} /></td>
                <td>${t(e.kind === 'abbreviation' ? 'lexiconKindAbbreviation' : 'lexiconKindPronunciation')}</td>
                <td>${e.zoneId ?? t('lexiconShared')}</td>
                <td>${e.updatedBy}</td>
                <td>
                  <button type="button" class="primary" onClick=${async () => (await save({ term: e.term, spoken: editing.spoken, kind: e.kind, zoneId: e.zoneId })) && setEditing(null)}>${t('save')}</button>
                  <button type="button" class="ghost" onClick=${() => setEditing(null)}>${t('cancel')}</button>
                </td>
              </tr>`
            : html`<tr>
                <td>${e.term}</td>
                <td>${e.spoken}</td>
                <td>${t(e.kind === 'abbreviation' ? 'lexiconKindAbbreviation' : 'lexiconKindPronunciation')}</td>
                <td>${e.zoneId ?? t('lexiconShared')}</td>
                <td>${e.updatedBy}</td>
                <td>
                  <button type="button" class="ghost" aria-label=${t('lexiconEditOf', { term: e.term })} onClick=${() => setEditing({ term: e.term, spoken: e.spoken, zoneId: e.zoneId })}>${t('edit')}</button>
                  <button type="button" class="ghost" aria-label=${t('lexiconDeleteOf', { term: e.term })} onClick=${() => remove(e.term, e.zoneId)}>${t('remove')}</button>
                </td>
              </tr>`,
        )}
      </tbody>
    </table>
    ${entries && shown.length === 0 && html`<p class="muted">${t('lexiconEmpty')}</p>`}
  `;
}
