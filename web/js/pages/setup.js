// Setting a commune up from the panel alone: its zones (hamlets, clusters —
// add, rename, move, delete when empty, quiet hours) and its receivers
// (provision with the secret shown once, the agent's config file and a QR
// code for the installer; rename, move, rotate the secret, delete).
import { useEffect, useState } from 'preact/hooks';
import { api, fold, html, may, useApi, usePaged, zoneName } from '../lib.js';
import { t } from '../i18n.js';
import { TimeInput } from '../components.js';

/** "Thôn Đông" → "thon-dong": an id the protocol accepts, from the name. */
const slug = (name) =>
  fold(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);

const depth = (zones, z) => {
  let n = 0;
  for (let p = z.parentId; p && n < 10; p = zones.find((x) => x.id === p)?.parentId) n++;
  return n;
};

function ZoneOptions({ zones, exclude }) {
  return zones
    .filter((z) => !exclude?.has(z.id))
    .map((z) => html`<option value=${z.id}>${'\u00a0\u00a0'.repeat(depth(zones, z))}${z.name}</option>`);
}

/** The zone and everything below it: where it cannot be moved to. */
function below(zones, id) {
  const out = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const z of zones) if (z.parentId && out.has(z.parentId) && !out.has(z.id)) (out.add(z.id), (grew = true));
  }
  return out;
}

function ZoneRow({ z, zones, onChanged, setMessage }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(z.name);
  const [parentId, setParentId] = useState(z.parentId ?? '');
  const [quiet, setQuiet] = useState(z.quietHours ?? { from: '', to: '' });
  const [error, setError] = useState('');
  const call = async (fn, done) => {
    setError('');
    try {
      await fn();
      setEditing(false);
      setMessage(done);
      onChanged();
    } catch (err) {
      setError(err.message);
    }
  };
  const save = () =>
    call(async () => {
      const body = {};
      if (name.trim() !== z.name) body.name = name.trim();
      if ((parentId || null) !== z.parentId) body.parentId = parentId || null;
      if (may('zones:quiet-hours')) {
        const q = quiet.from && quiet.to ? quiet : null;
        if (JSON.stringify(q) !== JSON.stringify(z.quietHours)) body.quietHours = q;
      }
      if (Object.keys(body).length) await api(`/zones/${encodeURIComponent(z.id)}`, { method: 'PATCH', body });
    }, t('zoneSaved', { name: name.trim() }));
  const remove = () => confirm(t('confirmDeleteZone', { name: z.name })) && call(() => api(`/zones/${encodeURIComponent(z.id)}`, { method: 'DELETE' }), t('zoneDeleted', { name: z.name }));
  return html`<li class="zone-row" style=${`--depth:${depth(zones, z)}`} data-zone=${z.id}>
    <div class="zone-line">
      <strong>${z.name}</strong> <span class="muted small">${t('kind_' + z.kind)} · ${z.id}${z.quietHours ? ` · ${t('quietHours')} ${z.quietHours.from}–${z.quietHours.to}` : ''}</span>
      <span class="row-actions">
        <button type="button" class="secondary small" onClick=${() => setEditing(!editing)} aria-expanded=${editing ? 'true' : 'false'}>${t('editItem')}</button>
        ${may('zones:write') && html`<button type="button" class="ghost small danger-text" onClick=${remove}>${t('delete')}</button>`}
      </span>
    </div>
    ${editing &&
    html`<form class="zone-edit" onSubmit=${(e) => (e.preventDefault(), save())}>
      ${may('zones:write') &&
      html`<label for=${'zn-' + z.id}>${t('zoneName')}</label>
        <input id=${'zn-' + z.id} value=${name} onInput=${(e) => setName(e.currentTarget.value)} required maxlength="200" />
        <label for=${'zp-' + z.id}>${t('zoneParent')}</label>
        <select id=${'zp-' + z.id} value=${parentId} onChange=${(e) => setParentId(e.currentTarget.value)}>
          <option value="">${t('noParent')}</option>
          <${ZoneOptions} zones=${zones} exclude=${below(zones, z.id)} />
        </select>`}
      ${may('zones:quiet-hours') &&
      html`<fieldset class="inline">
        <legend>${t('quietHours')}</legend>
        <div><label for=${'qf-' + z.id}>${t('quietFrom')}</label><${TimeInput} id=${'qf-' + z.id} value=${quiet.from} onChange=${(from) => setQuiet({ ...quiet, from })} /></div>
        <div><label for=${'qt-' + z.id}>${t('quietTo')}</label><${TimeInput} id=${'qt-' + z.id} value=${quiet.to} onChange=${(to) => setQuiet({ ...quiet, to })} /></div>
      </fieldset>`}
      <div class="actions"><button type="submit" class="primary">${t('saveItem')}</button></div>
    </form>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </li>`;
}

function Zones({ zones, reload, setMessage }) {
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [parentId, setParentId] = useState(zones.find((z) => z.kind === 'commune')?.id ?? '');
  const [error, setError] = useState('');
  const add = async (e) => {
    e.preventDefault();
    setError('');
    try {
      const z = await api('/zones', { method: 'POST', body: { id: id || slug(name), name: name.trim(), ...(parentId && { parentId }) } });
      setMessage(t('zoneAdded', { name: z.name }));
      setName('');
      setId('');
      reload();
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<section aria-labelledby="zones-title">
    <h2 id="zones-title">${t('zonesTitle')}</h2>
    <ul class="zone-list">
      ${zones.map((z) => html`<${ZoneRow} key=${z.id + z.name + z.parentId + JSON.stringify(z.quietHours)} z=${z} zones=${zones} onChanged=${reload} setMessage=${setMessage} />`)}
    </ul>
    ${may('zones:write') &&
    html`<form class="narrow-form" onSubmit=${add}>
      <h3>${t('addZone')}</h3>
      <label for="nz-name">${t('zoneName')}</label>
      <input id="nz-name" value=${name} onInput=${(e) => setName(e.currentTarget.value)} required maxlength="200" placeholder="Thôn Đông" />
      <label for="nz-id">${t('zoneId')}</label>
      <input id="nz-id" value=${id} placeholder=${slug(name)} onInput=${(e) => setId(e.currentTarget.value)} pattern="[A-Za-z0-9_-]{1,64}" />
      <label for="nz-parent">${t('zoneParent')}</label>
      <select id="nz-parent" value=${parentId} onChange=${(e) => setParentId(e.currentTarget.value)}>
        <option value="">${t('noParent')}</option>
        <${ZoneOptions} zones=${zones} />
      </select>
      <button type="submit" class="primary">${t('addZone')}</button>
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </form>`}
  </section>`;
}

/** The secret, once, with the agent's config file and its QR code. */
function Credentials({ receiverId, secret }) {
  const [cfg, setCfg] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api('/agent-config', { method: 'POST', body: { receiverId, secret } }).then(setCfg, (e) => setError(e.message));
  }, [receiverId, secret]);
  return html`<div class="notice ok credentials">
    <p><strong>${t('secretOnce')}</strong></p>
    <p><code class="secret">${secret}</code></p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${cfg &&
    html`<p><a class="button secondary" download="loa-agent.json" href=${'data:application/json;charset=utf-8,' + encodeURIComponent(cfg.file)}>${t('downloadAgentConfig')}</a></p>
      <figure class="qr">
        <img alt=${t('qrAlt', { id: receiverId })} src=${'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(cfg.qrSvg)} width="220" height="220" />
        <figcaption class="small muted">${t('qrCaption')}</figcaption>
      </figure>`}
  </div>`;
}

function ReceiverRow({ r, zones, onChanged, setMessage, setShown }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(r.name);
  const [zoneId, setZoneId] = useState(r.zoneId);
  const [error, setError] = useState('');
  const call = async (fn) => {
    setError('');
    try {
      await fn();
    } catch (err) {
      setError(err.message);
    }
  };
  const id = encodeURIComponent(r.id);
  return html`<tr data-receiver=${r.id}>
    <td data-label=${t('receiver')}><strong>${r.name}</strong><br /><span class="small muted">${r.id}</span></td>
    <td data-label=${t('hamlet')}>${zoneName(zones, r.zoneId)}</td>
    <td data-label=${t('status')}>${r.online ? t('online') : t('offline')}</td>
    <td data-label=${t('actions')} class="actions-cell">
      ${editing
        ? html`<form
            onSubmit=${(e) => (
              e.preventDefault(),
              call(async () => {
                await api(`/receivers/${id}`, { method: 'PATCH', body: { name: name.trim(), zoneId } });
                setEditing(false);
                setMessage(t('receiverSaved', { name: name.trim() }));
                onChanged();
              })
            )}
          >
            <label for=${'rn-' + r.id}>${t('receiverName')}</label>
            <input id=${'rn-' + r.id} value=${name} onInput=${(e) => setName(e.currentTarget.value)} required maxlength="200" />
            <label for=${'rz-' + r.id}>${t('hamlet')}</label>
            <select id=${'rz-' + r.id} value=${zoneId} onChange=${(e) => setZoneId(e.currentTarget.value)}><${ZoneOptions} zones=${zones} /></select>
            <button type="submit" class="primary small">${t('saveItem')}</button>
            <button type="button" class="ghost small" onClick=${() => setEditing(false)}>${t('cancel')}</button>
          </form>`
        : html`<button type="button" class="secondary small" onClick=${() => setEditing(true)}>${t('editItem')}</button>
            <button
              type="button"
              class="secondary small"
              onClick=${() =>
                confirm(t('confirmRotate', { name: r.name })) &&
                call(async () => {
                  const { secret } = await api(`/receivers/${id}/secret`, { method: 'POST' });
                  setShown({ receiverId: r.id, secret });
                })}
            >
              ${t('rotateSecret')}
            </button>
            <button
              type="button"
              class="ghost small danger-text"
              onClick=${() =>
                confirm(t('confirmDeleteReceiver', { name: r.name })) &&
                call(async () => {
                  await api(`/receivers/${id}`, { method: 'DELETE' });
                  setMessage(t('receiverDeleted', { name: r.name }));
                  onChanged();
                })}
            >
              ${t('delete')}
            </button>`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </td>
  </tr>`;
}

function Receivers({ zones, setMessage }) {
  const [filter, setFilter] = useState('');
  const list = usePaged(`/receivers${filter ? `?zoneId=${encodeURIComponent(filter)}` : ''}`, 50, 500);
  const leaves = zones.filter((z) => z.kind !== 'commune' && z.kind !== 'district' && z.kind !== 'province');
  const [f, setF] = useState({ id: '', name: '', zoneId: leaves[0]?.id ?? '' });
  const [shown, setShown] = useState(null);
  const [error, setError] = useState('');
  const provision = async (e) => {
    e.preventDefault();
    setError('');
    try {
      const r = await api('/receivers', { method: 'POST', body: { id: f.id.trim(), name: f.name.trim(), zoneId: f.zoneId } });
      setShown({ receiverId: r.id, secret: r.secret });
      setMessage(t('receiverAdded', { name: r.name }));
      setF({ ...f, id: '', name: '' });
      list.refresh();
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<section aria-labelledby="rx-title">
    <h2 id="rx-title">${t('setupReceiversTitle')}</h2>
    ${may('receivers:write') &&
    html`<form class="narrow-form" onSubmit=${provision}>
      <h3>${t('provisionReceiver')}</h3>
      <label for="nr-id">${t('receiverId')}</label>
      <input id="nr-id" value=${f.id} onInput=${(e) => setF({ ...f, id: e.currentTarget.value })} required pattern="[A-Za-z0-9_-]{3,64}" placeholder="thon-dong-loa-3" />
      <label for="nr-name">${t('receiverName')}</label>
      <input id="nr-name" value=${f.name} onInput=${(e) => setF({ ...f, name: e.currentTarget.value })} required maxlength="200" placeholder="Thôn Đông – loa 3" />
      <label for="nr-zone">${t('hamlet')}</label>
      <select id="nr-zone" value=${f.zoneId} onChange=${(e) => setF({ ...f, zoneId: e.currentTarget.value })}><${ZoneOptions} zones=${leaves} /></select>
      <button type="submit" class="primary">${t('provision')}</button>
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </form>`}
    ${shown && html`<${Credentials} key=${shown.secret} ...${shown} />`}
    <div class="filters">
      <div>
        <label for="rx-filter">${t('hamlet')}</label>
        <select id="rx-filter" value=${filter} onChange=${(e) => setFilter(e.currentTarget.value)}>
          <option value="">${t('all')}</option>
          <${ZoneOptions} zones=${zones} />
        </select>
      </div>
    </div>
    ${list.error && html`<p class="error" role="alert">${list.error.message}</p>`}
    <div class="table-wrap">
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">${t('receiver')}</th>
            <th scope="col">${t('hamlet')}</th>
            <th scope="col">${t('status')}</th>
            <th scope="col">${t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          ${(list.items ?? []).map((r) => html`<${ReceiverRow} key=${r.id + r.name + r.zoneId} r=${r} zones=${zones} onChanged=${list.refresh} setMessage=${setMessage} setShown=${setShown} />`)}
        </tbody>
      </table>
    </div>
    ${list.next && html`<button type="button" class="secondary" onClick=${list.loadMore}>${t('loadMore')}</button>`}
  </section>`;
}

/**
 * Communes with their own server, linked up to this one (a district or
 * province server): issue the token a commune's server starts with (shown
 * once, with the two settings to give it), see which are connected, revoke.
 */
function LinkedCommunes({ zones }) {
  const [links, error, reload] = useApi('/downstreams');
  const communes = zones.filter((z) => z.kind === 'commune');
  const [zoneId, setZoneId] = useState('');
  const [issued, setIssued] = useState(null);
  const [problem, setProblem] = useState('');
  if (!may('users:manage') || communes.length === 0) return null;
  const issue = async (e) => {
    e.preventDefault();
    setProblem('');
    if (!zoneId) return setProblem(t('linkNeedCommune'));
    try {
      setIssued(await api('/downstreams', { method: 'POST', body: { zoneId } }));
      reload();
    } catch (err) {
      setProblem(err.message);
    }
  };
  const revoke = async (d) => {
    if (!confirm(t('linkRevokeConfirm', { name: d.zoneName }))) return;
    try {
      await api('/downstreams/' + encodeURIComponent(d.id), { method: 'DELETE' });
      reload();
    } catch (err) {
      setProblem(err.message);
    }
  };
  const live = (links ?? []).filter((d) => !d.revokedAt);
  return html`<section aria-labelledby="links-title">
    <h2 id="links-title">${t('linkedTitle')}</h2>
    <p class="muted">${t('linkHelp')}</p>
    <form class="filters" onSubmit=${issue} novalidate>
      <div>
        <label for="link-zone">${t('linkedCommune')}</label>
        <select id="link-zone" value=${zoneId} onChange=${(e) => setZoneId(e.currentTarget.value)}>
          <option value="">—</option>
          ${communes.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
        </select>
      </div>
      <div class="filter-actions"><button type="submit" class="primary">${t('linkIssue')}</button></div>
    </form>
    ${(problem || error) && html`<p class="error" role="alert">${problem || error.message}</p>`}
    ${issued &&
    html`<div class="notice ok link-token">
      <p><strong>${t('secretOnce')}</strong></p>
      <p>${t('linkStep')}</p>
      <pre><code>UPSTREAM_URL=${location.origin}
UPSTREAM_TOKEN=${issued.token}</code></pre>
    </div>`}
    ${live.length > 0 &&
    html`<ul class="cards">
      ${live.map(
        (d) => html`<li class="card" data-downstream=${d.id}>
          <p><strong>${d.zoneName}</strong> <span class=${'badge ' + (d.connected ? 'st-done' : 'st-failed')}>${d.connected ? t('linkedConnected') : t('linkedDisconnected')}</span></p>
          <button type="button" class="ghost" onClick=${() => revoke(d)}>${t('linkRevoke')}</button>
        </li>`,
      )}
    </ul>`}
  </section>`;
}

export function SetupPage() {
  const [zones, error, reload] = useApi('/zones');
  const [message, setMessage] = useState('');
  return html`
    <h1>${t('setupTitle')}</h1>
    <p role="status" aria-live="polite" class=${message ? 'notice ok' : ''}>${message}</p>
    ${error && html`<p class="error" role="alert">${error.message}</p>`}
    ${zones &&
    html`<div class="setup">
      <${Zones} zones=${zones} reload=${reload} setMessage=${setMessage} />
      <${Receivers} zones=${zones} setMessage=${setMessage} />
      <${LinkedCommunes} zones=${zones} />
    </div>`}
  `;
}
