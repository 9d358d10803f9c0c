// The admin's accounts page: one account per person, a role each.
import { useState } from 'preact/hooks';
import { api, byName, fmtDateTime, html, useApi } from '../lib.js';
import { t } from '../i18n.js';

const ROLES = ['officer', 'chairman', 'technician', 'admin'];

function UserRow({ u, onChanged }) {
  const [password, setPassword] = useState('');
  const [note, setNote] = useState('');
  const act = async (fn, ok) => {
    try {
      await fn();
      setNote(ok);
      onChanged();
    } catch (err) {
      setNote(`${t('failed')}: ${err.message}`);
    }
  };
  return html`
    <tr data-user=${u.username}>
      <th scope="row" data-label=${t('username')}>${u.username}<br /><span class="muted small">${u.displayName} · ${u.zoneId ?? t('wholeSystem')}</span></th>
      <td data-label=${t('role')}>
        <select aria-label=${t('roleOf', { name: u.username })} value=${u.role} onChange=${(e) => act(() => api(`/users/${u.id}`, { method: 'PATCH', body: { role: e.currentTarget.value } }), t('saved'))}>
          ${ROLES.map((r) => html`<option value=${r}>${t('role_' + r)}</option>`)}
        </select>
      </td>
      <td data-label=${t('createdAt')}>${fmtDateTime(u.createdAt)}</td>
      <td data-label=${t('newPassword')}>
        <div class="row">
          <input type="password" autocomplete="new-password" aria-label=${t('newPasswordFor', { name: u.username })} value=${password} onInput=${(e) => setPassword(e.currentTarget.value)} />
          <button type="button" class="ghost small" disabled=${password.length < 8} onClick=${() => act(() => api(`/users/${u.id}`, { method: 'PATCH', body: { password } }), t('passwordChanged')).then(() => setPassword(''))}>${t('set')}</button>
        </div>
      </td>
      <td data-label=${t('actions')}>
        <button type="button" class="ghost small" onClick=${() => confirm(t('confirmDeleteUser', { name: u.username })) && act(() => api(`/users/${u.id}`, { method: 'DELETE' }), t('deleted'))}>${t('delete')}</button>
        <span class="small" role="status">${note}</span>
      </td>
    </tr>
  `;
}

export function UsersPage() {
  const [users, error, reload] = useApi('/users');
  // Scopes it may grant: its own and the zones below (the server refuses wider ones).
  const [zones] = useApi('/zones?picker=1');
  const [message, setMessage] = useState('');
  const [formError, setFormError] = useState('');
  const add = async (e) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setFormError('');
    try {
      const zoneId = f.get('zoneId');
      const u = await api('/users', { method: 'POST', body: { username: f.get('username'), displayName: f.get('displayName'), role: f.get('role'), password: f.get('password'), ...(zoneId && { zoneId }) } });
      setMessage(t('userCreated', { name: u.username }));
      form.reset();
      reload();
    } catch (err) {
      setFormError(err.message);
    }
  };
  return html`
    <h1>${t('usersTitle')}</h1>
    ${error && html`<p class="error" role="alert">${error.message}</p>`}
    <div class="table-wrap">
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">${t('username')}</th>
            <th scope="col">${t('role')}</th>
            <th scope="col">${t('createdAt')}</th>
            <th scope="col">${t('newPassword')}</th>
            <th scope="col">${t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          ${byName(users ?? []).map((u) => html`<${UserRow} key=${u.id} u=${u} onChanged=${reload} />`)}
        </tbody>
      </table>
    </div>
    <form class="card narrow-form" onSubmit=${add} aria-labelledby="add-user-title">
      <h2 id="add-user-title">${t('addUser')}</h2>
      <label for="nu-username">${t('username')}</label>
      <input id="nu-username" name="username" required pattern="[a-z0-9._\\-]{2,64}" autocapitalize="none" aria-describedby="nu-username-help" />
      <p id="nu-username-help" class="muted small">${t('usernameHelp')}</p>
      <label for="nu-name">${t('displayName')}</label>
      <input id="nu-name" name="displayName" />
      <label for="nu-role">${t('role')}</label>
      <select id="nu-role" name="role">${ROLES.map((r) => html`<option value=${r}>${t('role_' + r)}</option>`)}</select>
      <label for="nu-password">${t('password')}</label>
      <input id="nu-password" name="password" type="password" minlength="8" required autocomplete="new-password" />
      <label for="nu-zone">${t('userScope')}</label>
      <select id="nu-zone" name="zoneId">
        <option value="">${t('userScopeOwn')}</option>
        ${(zones ?? []).filter((z) => ['province', 'district', 'commune'].includes(z.kind)).map((z) => html`<option value=${z.id}>${z.name}</option>`)}
      </select>
      <button type="submit" class="primary">${t('addUser')}</button>
      <p class="error" role="alert">${formError}</p>
      <p role="status">${message}</p>
    </form>
  `;
}
