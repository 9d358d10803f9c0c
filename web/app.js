// First panel page: sign in with an API token, watch receivers, send a text
// broadcast now. (The full role-based panel replaces the token sign-in.)
const $ = (s) => document.querySelector(s);
let token = localStorage.getItem('loa.token') || '';

const STATE_VI = { queued: 'chờ gửi', received: 'đã nhận', downloaded: 'đã tải', playing: 'đang phát', done: 'đã phát', failed: 'lỗi', preempted: 'bị ngắt', expired: 'quá hạn', rejected: 'từ chối' };
const STATUS_VI = { scheduled: 'đã lên lịch', dispatching: 'đang gửi', dispatched: 'đang phát', done: 'hoàn tất', partial: 'một phần', failed: 'thất bại', expired: 'quá hạn', cancelled: 'đã hủy', draft: 'nháp', pending_approval: 'chờ duyệt' };

async function api(path, opts = {}) {
  const res = await fetch('/api/v1' + path, { ...opts, headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token, ...(opts.headers || {}) } });
  const body = await res.json().catch(() => ({}));
  if (res.status === 401) { showLogin('Mã truy cập không đúng hoặc đã hết hạn.'); throw new Error('401'); }
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) k === 'class' ? (e.className = v) : e.setAttribute(k, v);
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function showLogin(msg = '') {
  $('#login').hidden = false; $('#panel').hidden = true; $('#logout').hidden = true;
  $('#login-error').textContent = msg;
}

async function showPanel() {
  await api('/me');
  $('#login').hidden = true; $('#panel').hidden = false; $('#logout').hidden = false;
  await refresh(true);
}

let timer;
async function refresh(first = false) {
  clearTimeout(timer);
  try {
    const [zones, receivers, recent] = await Promise.all([api('/zones'), api('/receivers'), api('/broadcasts?limit=5')]);
    renderZones(zones, receivers);
    if (first) renderTargets(zones);
    renderRecent(recent);
  } catch (e) { if (e.message === '401') return; }
  timer = setTimeout(refresh, 2000);
}

function renderZones(zones, receivers) {
  const box = $('#zones'); box.replaceChildren();
  const online = receivers.filter((r) => r.online).length;
  $('#summary').textContent = `${online}/${receivers.length} cụm loa đang trực tuyến`;
  for (const z of zones.filter((z) => z.kind !== 'commune')) {
    const rx = receivers.filter((r) => r.zoneId === z.id);
    box.append(el('div', { class: 'zone', 'data-zone': z.id }, el('h3', {}, z.name),
      ...rx.map((r) => el('div', { class: 'rx', 'data-receiver': r.id },
        el('span', {}, r.name),
        el('span', { class: r.online ? 'on' : 'off' }, r.online ? 'Trực tuyến' : 'Mất kết nối'))),
      ...(rx.length ? [] : [el('p', { class: 'muted' }, 'Chưa có cụm loa')])));
  }
}

function renderTargets(zones) {
  const box = $('#targets'); box.replaceChildren();
  for (const z of zones.filter((z) => z.kind !== 'commune')) {
    box.append(el('label', {}, el('input', { type: 'checkbox', name: 'zone', value: z.id }), z.name));
  }
}

function renderRecent(list) {
  $('#recent').replaceChildren(...list.map((b) => {
    const counts = Object.entries(b.counts).map(([s, n]) => `${STATE_VI[s] || s}: ${n}`).join(', ');
    return el('li', {}, el('strong', {}, b.title), ` — ${STATUS_VI[b.status] || b.status}${counts ? ' (' + counts + ')' : ''}`);
  }));
}

$('#login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  token = $('#token').value.trim();
  localStorage.setItem('loa.token', token);
  showPanel().catch(() => {});
});
$('#logout').addEventListener('click', () => { localStorage.removeItem('loa.token'); token = ''; showLogin(); });

$('#send-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const zoneIds = [...document.querySelectorAll('input[name=zone]:checked')].map((i) => i.value);
  const status = $('#send-status');
  if (!zoneIds.length) { status.textContent = 'Hãy chọn ít nhất một thôn.'; status.className = 'error'; return; }
  status.className = ''; status.textContent = 'Đang tạo giọng đọc…';
  try {
    const b = await api('/broadcasts', { method: 'POST', body: JSON.stringify({ title: $('#title').value, text: $('#text').value, zoneIds, priority: $('#priority').value }) });
    status.textContent = `Đã gửi bản tin (${b.id}).`;
    refresh();
  } catch (e) { status.className = 'error'; status.textContent = 'Không gửi được: ' + e.message; }
});

if (token) showPanel().catch(() => showLogin()); else showLogin();
