// The commune's settings (GET/PATCH /settings): its name and chairman, the
// approval waiver and what overlapping items do, the default voice and quiet
// hours, when the technician is alerted. A whole-system or district account
// chooses whose settings it edits; a commune's admin edits its own; other
// roles read them. A zone holds what it does not set from the zone above:
// such values are marked as inherited, and only what is changed is sent, so
// saving never pins an inherited value to the zone.
import { useEffect, useState } from 'preact/hooks';
import { accountZone, api, html, may, pickedCommune, useApi } from '../lib.js';
import { t } from '../i18n.js';
import { TimeInput } from '../components.js';
import { voiceName } from '../voice.js';

const LEVELS = ['province', 'district', 'commune'];

/** The zones whose settings may be chosen, each with its depth under the account's scope. */
function useChoices() {
  const [zones] = useApi('/zones');
  const picked = pickedCommune();
  const list = (zones ?? []).filter((z) => LEVELS.includes(z.kind));
  const ids = new Set(list.map((z) => z.id));
  const out = [];
  const walk = (parentId, depth) => {
    for (const z of list.filter((x) => (x.parentId && ids.has(x.parentId) ? x.parentId : null) === parentId)) {
      out.push({ ...z, depth });
      walk(z.id, depth + 1);
    }
  };
  walk(null, 0);
  // A whole-system account also sets the server-wide values every zone starts from.
  const wholeSystem = accountZone() === null && !picked;
  return { zones, choices: out, wholeSystem, initial: picked ?? accountZone() ?? '' };
}

/** Each setting's label, for the list of values a zone sets itself. */
const LABELS = {
  communeName: 'communeName',
  chairmanTitle: 'chairmanTitle',
  chairmanName: 'chairmanName',
  waiveApprovalForNormal: 'waiveApproval',
  conflictMode: 'conflictMode',
  defaultVoice: 'defaultVoiceSetting',
  defaultQuietHours: 'defaultQuietHours',
  alertOfflineMinutes: 'alertOfflineAfter',
  alertFailStreak: 'alertFailStreak',
  alertEmails: 'alertEmails',
  alertWebhookUrl: 'alertWebhookUrl',
};

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const emails = (text) => text.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);

/** The form's state from the settings read. */
function formOf(s) {
  return {
    communeName: s.communeName,
    chairmanTitle: s.chairmanTitle,
    chairmanName: s.chairmanName,
    waiveApprovalForNormal: s.waiveApprovalForNormal,
    conflictMode: s.conflictMode,
    defaultVoice: s.defaultVoice,
    quiet: !!s.defaultQuietHours,
    quietFrom: s.defaultQuietHours?.from ?? '21:00',
    quietTo: s.defaultQuietHours?.to ?? '05:30',
    alertOfflineMinutes: String(s.alertOfflineMinutes),
    alertFailStreak: String(s.alertFailStreak),
    alertEmails: (s.alertEmails ?? []).join('\n'),
    alertWebhookUrl: s.alertWebhookUrl ?? '',
  };
}

/** The settings the form stands for, in the API's shape (only the keys the server returned). */
function valuesOf(f, s) {
  const v = {
    communeName: f.communeName.trim(),
    chairmanTitle: f.chairmanTitle.trim(),
    chairmanName: f.chairmanName.trim(),
    waiveApprovalForNormal: f.waiveApprovalForNormal,
    conflictMode: f.conflictMode,
    defaultVoice: f.defaultVoice,
    defaultQuietHours: f.quiet ? { from: f.quietFrom, to: f.quietTo } : null,
    alertOfflineMinutes: Number(f.alertOfflineMinutes),
    alertFailStreak: Number(f.alertFailStreak),
  };
  if ('alertEmails' in s) v.alertEmails = emails(f.alertEmails);
  if ('alertWebhookUrl' in s) v.alertWebhookUrl = f.alertWebhookUrl.trim();
  return v;
}

export function SettingsPage() {
  const { zones, choices, wholeSystem, initial } = useChoices();
  const [zoneId, setZoneId] = useState(initial);
  const q = zoneId ? `?zoneId=${encodeURIComponent(zoneId)}` : '';
  const [loaded, loadError] = useApi('/settings' + q);
  // The values in force: as read, then as the server answered each save (no second read racing the next edit).
  const [settings, setSettings] = useState(null);
  const zone = zones?.find((z) => z.id === zoneId);
  // What the zone would hold if it set nothing itself: the zone above's values (or the server-wide ones above a top zone).
  const parentPath = !zoneId ? null : zone?.parentId ? `/settings?zoneId=${encodeURIComponent(zone.parentId)}` : wholeSystem ? '/settings' : null;
  const [parent] = useApi(zones ? parentPath : null);
  const parentName = zone?.parentId ? (zones.find((z) => z.id === zone.parentId)?.name ?? zone.parentId) : t('wholeSystem');
  const [catalog] = useApi(may('speech:render') ? '/speech/catalog' : null);
  const editable = may('users:manage');
  const [f, setF] = useState(null);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!loaded) return;
    setSettings(loaded);
    setF(formOf(loaded));
  }, [loaded]);
  const set = (patch) => (setF((x) => ({ ...x, ...patch })), setStatus(''));

  const choose = (id) => {
    setZoneId(id);
    setSettings(null);
    setF(null);
    setError('');
    setStatus('');
  };
  const check = (v) => {
    if (!v.communeName) return t('needCommuneName');
    if (!Number.isInteger(v.alertOfflineMinutes) || v.alertOfflineMinutes < 1 || v.alertOfflineMinutes > 10080) return t('badOfflineMinutes');
    if (!Number.isInteger(v.alertFailStreak) || v.alertFailStreak < 1 || v.alertFailStreak > 50) return t('badFailStreak');
    if (v.alertEmails?.some((e) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e))) return t('badEmails');
    return '';
  };
  const save = async (e) => {
    e.preventDefault();
    const v = valuesOf(f, settings);
    const problem = check(v);
    setError(problem);
    setStatus('');
    if (problem) return;
    const patch = Object.fromEntries(Object.entries(v).filter(([k, x]) => !same(x, settings[k])));
    if (!Object.keys(patch).length) return setStatus(t('nothingChanged'));
    setBusy(true);
    try {
      const after = { ...settings, ...(await api('/settings' + q, { method: 'PATCH', body: patch })) };
      setSettings(after);
      setF(formOf(after));
      setStatus(t('settingsSaved', { n: Object.keys(patch).length }));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  // Drops one value the zone sets itself: it follows the zone above again.
  const inherit = async (k) => {
    setBusy(true);
    setError('');
    try {
      const after = { ...settings, ...(await api('/settings' + q, { method: 'PATCH', body: { inherit: [k] } })) };
      setSettings(after);
      setF(formOf(after));
      setStatus(t('settingInherited', { label: t(LABELS[k] ?? k), name: parentName }));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const ownKeys = zoneId && editable ? (settings?.ownKeys ?? []).filter((k) => LABELS[k]) : [];

  /** "Kế thừa từ Huyện X" beside a value the zone holds from above (the same as the zone above's). */
  // The server says which values the zone sets itself; the rest come from above.
  const isInherited = (k) => (settings?.ownKeys ? !settings.ownKeys.includes(k) : parent && settings && same(settings[k], parent[k]));
  const inherited = (k) => (zoneId && isInherited(k) ? html` <span class="badge inherited">${t('inheritedFrom', { name: parentName })}</span>` : null);
  const voices = catalog?.voices ?? [];
  const voiceKnown = !f?.defaultVoice || voices.some((v) => v.id === f.defaultVoice);

  return html`
    <h1>${t('settingsTitle')}</h1>
    <p class="muted">${editable ? t('settingsHelp') : t('settingsReadOnly')}</p>
    ${(choices.length > 1 || (wholeSystem && choices.length > 0)) &&
    html`<div class="settings">
      <label for="st-zone">${t('settingsFor')}</label>
      <select id="st-zone" value=${zoneId} onChange=${(e) => choose(e.currentTarget.value)}>
        ${wholeSystem && html`<option value="">${t('settingsServerWide')}</option>`}
        ${choices.map((z) => html`<option value=${z.id}>${'\u00a0'.repeat(z.depth * 3)}${z.name} (${t('kind_' + z.kind)})</option>`)}
      </select>
    </div>`}
    ${parent && html`<p class="muted small">${t('inheritedHelp', { name: parentName })}</p>`}
    <p class="error" role="alert">${error || loadError?.message || ''}</p>
    ${f &&
    settings &&
    html`<form class="settings" onSubmit=${save} novalidate>
      <fieldset class="settings-group" disabled=${!editable || busy}>
        <legend>${t('settingsCommune')}</legend>
        <label for="st-communeName">${t('communeName')}${inherited('communeName')}</label>
        <input id="st-communeName" value=${f.communeName} maxlength="200" onInput=${(e) => set({ communeName: e.currentTarget.value })} />
        <label for="st-chairmanTitle">${t('chairmanTitle')}${inherited('chairmanTitle')}</label>
        <input id="st-chairmanTitle" value=${f.chairmanTitle} maxlength="200" onInput=${(e) => set({ chairmanTitle: e.currentTarget.value })} />
        <label for="st-chairmanName">${t('chairmanName')}${inherited('chairmanName')}</label>
        <input id="st-chairmanName" value=${f.chairmanName} maxlength="200" onInput=${(e) => set({ chairmanName: e.currentTarget.value })} />
        <p class="muted small">${t('chairmanHelp')}</p>
      </fieldset>

      <fieldset class="settings-group" disabled=${!editable || busy}>
        <legend>${t('settingsApproval')}</legend>
        <label class="check"
          ><input id="st-waive" type="checkbox" checked=${f.waiveApprovalForNormal} onChange=${(e) => set({ waiveApprovalForNormal: e.currentTarget.checked })} />
          ${t('waiveApproval')}${inherited('waiveApprovalForNormal')}</label>
        <fieldset class="inline">
          <legend>${t('conflictMode')}${inherited('conflictMode')}</legend>
          <label class="check"><input type="radio" name="conflictMode" checked=${f.conflictMode === 'warn'} onChange=${() => set({ conflictMode: 'warn' })} /> ${t('conflict_warn')}</label>
          <label class="check"><input type="radio" name="conflictMode" checked=${f.conflictMode === 'block'} onChange=${() => set({ conflictMode: 'block' })} /> ${t('conflict_block')}</label>
        </fieldset>
      </fieldset>

      <fieldset class="settings-group" disabled=${!editable || busy}>
        <legend>${t('settingsVoiceQuiet')}</legend>
        <label for="st-voice">${t('defaultVoiceSetting')}${inherited('defaultVoice')}</label>
        <select id="st-voice" value=${f.defaultVoice} onChange=${(e) => set({ defaultVoice: e.currentTarget.value })}>
          <option value="">${t('serverVoice')}</option>
          ${!voiceKnown && html`<option value=${f.defaultVoice}>${f.defaultVoice}</option>`}
          ${voices.map((v) => html`<option value=${v.id}>${voiceName(v)}</option>`)}
        </select>
        <label class="check"
          ><input type="checkbox" checked=${f.quiet} onChange=${(e) => set({ quiet: e.currentTarget.checked })} /> ${t('defaultQuietHours')}${inherited('defaultQuietHours')}</label>
        ${f.quiet &&
        html`<div class="two">
          <div><label for="st-quiet-from">${t('quietFrom')}</label><${TimeInput} id="st-quiet-from" value=${f.quietFrom} onChange=${(quietFrom) => set({ quietFrom })} /></div>
          <div><label for="st-quiet-to">${t('quietTo')}</label><${TimeInput} id="st-quiet-to" value=${f.quietTo} onChange=${(quietTo) => set({ quietTo })} /></div>
        </div>`}
        <p class="muted small">${t('defaultQuietHelp')}</p>
      </fieldset>

      <fieldset class="settings-group" disabled=${!editable || busy}>
        <legend>${t('settingsAlerts')}</legend>
        <div class="two">
          <div>
            <label for="st-offline">${t('alertOfflineAfter')}${inherited('alertOfflineMinutes')}</label>
            <input id="st-offline" type="number" min="1" max="10080" step="1" value=${f.alertOfflineMinutes} onInput=${(e) => set({ alertOfflineMinutes: e.currentTarget.value })} />
          </div>
          <div>
            <label for="st-streak">${t('alertFailStreak')}${inherited('alertFailStreak')}</label>
            <input id="st-streak" type="number" min="1" max="50" step="1" value=${f.alertFailStreak} onInput=${(e) => set({ alertFailStreak: e.currentTarget.value })} />
          </div>
        </div>
        ${'alertEmails' in settings &&
        html`<label for="st-emails">${t('alertEmails')}${inherited('alertEmails')}</label>
          <textarea id="st-emails" rows="3" value=${f.alertEmails} placeholder="kythuat@example.vn" aria-describedby="st-emails-help" onInput=${(e) => set({ alertEmails: e.currentTarget.value })}></textarea>
          <p id="st-emails-help" class="muted small">${t('alertEmailsHelp')}</p>`}
        ${'alertWebhookUrl' in settings &&
        html`<label for="st-webhook">${t('alertWebhookUrl')}${inherited('alertWebhookUrl')}</label>
          <input id="st-webhook" type="url" value=${f.alertWebhookUrl} placeholder="https://" onInput=${(e) => set({ alertWebhookUrl: e.currentTarget.value })} />`}
      </fieldset>

      ${ownKeys.length > 0 &&
      html`<fieldset class="settings-group own-values" disabled=${busy}>
        <legend>${t('ownValues')}</legend>
        <p class="muted small">${t('ownValuesHelp', { name: parentName })}</p>
        <ul>
          ${ownKeys.map(
            (k) => html`<li key=${k}>
              <span id=${`own-${k}`}>${t(LABELS[k])}</span>
              <button type="button" class="ghost small" aria-describedby=${`own-${k}`} onClick=${() => inherit(k)}>
                ${t('followParent', { name: parentName })}
              </button>
            </li>`,
          )}
        </ul>
      </fieldset>`}
      ${editable &&
      html`<div class="actions">
        <button type="submit" class="primary" disabled=${busy}>${t('saveSettings')}</button>
        <button type="button" class="ghost" disabled=${busy} onClick=${() => (setF(formOf(settings)), setError(''), setStatus(''))}>${t('undoChanges')}</button>
      </div>`}
      <p role="status" aria-live="polite" class=${status ? 'notice ok' : ''}>${status}</p>
    </form>`}
  `;
}
