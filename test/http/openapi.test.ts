// The API description integrators read is generated from the routes the
// server registers: every route is in it with who may call it, and every
// route that validates a body or a query names that schema; the routes of
// the main resources say what they answer, and the answers the tests get are
// checked against that (test/helpers/api-description.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../src/http/openapi.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server.js';
import { answerChecker } from '../helpers/api-description.js';

let t: TestServer;
let doc: any;

beforeAll(async () => {
  t = await startTestServer();
  const res = await fetch(`${t.baseUrl}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(async () => {
  await t?.close();
});

/** `parseBody(schema, req.body)` as the handler's source reads: minified, or with an imported schema as `(0, __import__.schema)`. */
const validates = (what: 'body' | 'query') => new RegExp(`parseBody\\)?\\((?:\\(0,\\s*[\\w$.]+\\)|[\\w$.]+),\\s*req\\.${what}\\)`);

/** Routes anyone may call: signing in and out, and the description itself. */
const OPEN = new Set(['post /auth/login', 'post /auth/logout', 'get /auth/session', 'get /openapi.json']);

/** The API's main resources (the first segment of the path): every route of theirs says what it answers. */
const MAIN = new Set(['zones', 'receivers', 'agent-config', 'fleet', 'broadcasts', 'emergency', 'schedules', 'occurrences', 'calendar', 'templates', 'settings', 'speech', 'lexicon', 'users', 'tokens', 'me', 'auth', 'live', 'bulletins', 'audit', 'reports']);

describe('GET /api/v1/openapi.json', () => {
  it('is OpenAPI 3.1 with every registered route, each with its permission and roles', () => {
    expect(doc.openapi).toBe('3.1.0');
    const routes = registeredRoutes(t.server.apiRouters, t.server.rootRouters);
    expect(routes.length).toBeGreaterThan(50);
    for (const r of routes) {
      const op = doc.paths[r.path]?.[r.method];
      expect(op, `${r.method.toUpperCase()} ${r.path}`).toBeDefined();
      if (OPEN.has(`${r.method} ${r.path}`)) continue;
      expect(r.permission, `${r.method.toUpperCase()} ${r.path} has no guard`).not.toBeNull();
      expect(op['x-permission']).toBe(r.permission);
      expect(op['x-roles'].length).toBeGreaterThan(0);
    }
  });

  it('names the request schema of every route whose handler validates a body or a query', () => {
    const missing: string[] = [];
    for (const r of registeredRoutes(t.server.apiRouters, t.server.rootRouters)) {
      const op = doc.paths[r.path][r.method];
      if (validates('body').test(r.source) && !op.requestBody) missing.push(`${r.method.toUpperCase()} ${r.path}: body`);
      if (validates('query').test(r.source) && !r.doc.query) missing.push(`${r.method.toUpperCase()} ${r.path}: query`);
    }
    expect(missing).toEqual([]);
  });

  it('describes the request bodies from the validating schemas', () => {
    const body = doc.paths['/broadcasts'].post.requestBody.content['application/json'].schema;
    expect(body.properties.title).toMatchObject({ type: 'string', maxLength: 300 });
    expect(body.properties.priority.enum).toEqual(['normal', 'priority', 'emergency']);
    expect(body.required).toContain('title');
    expect(doc.paths['/broadcasts'].post['x-roles']).toEqual(['admin', 'officer', 'chairman']);
    const list = doc.paths['/receivers'].get.parameters.map((p: any) => p.name);
    expect(list).toEqual(expect.arrayContaining(['limit', 'after', 'zoneId', 'online', 'q']));
    expect(doc.paths['/broadcasts/{id}/approve'].post.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
  });

  it('says what each route answers: every route of the main resources, the others listed until they do', () => {
    const lacking = registeredRoutes(t.server.apiRouters, t.server.rootRouters).filter((r) => !r.doc.response && !r.doc.produces && r.doc.status !== 204);
    const names = lacking.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    console.info(`Routes whose answer has no response schema yet (${names.length}):${names.map((n) => `\n  ${n}`).join('') || ' none'}`);
    expect(names.filter((_, i) => MAIN.has(lacking[i]!.path.split('/')[1]!))).toEqual([]);
  });

  it('describes the answers from the response schemas: the success status, its JSON, and Error otherwise', () => {
    const created = doc.paths['/broadcasts'].post.responses;
    expect(Object.keys(created)).toEqual(expect.arrayContaining(['201', '202', '400', '401', '403', '4XX', '5XX']));
    expect(created['200']).toBeUndefined();
    const broadcast = created['201'].content['application/json'].schema;
    expect(broadcast.additionalProperties).toBe(false);
    expect(broadcast.properties.conflicts.items).toEqual({ $ref: '#/components/schemas/Conflict' });
    expect(broadcast.properties.deliveries.items).toEqual({ $ref: '#/components/schemas/Delivery' });
    expect(broadcast.properties.status.enum).toContain('pending_approval');
    expect(broadcast.properties.approvedAt).toEqual({ anyOf: [{ $ref: '#/components/schemas/Time' }, { type: 'null' }] });
    expect(created['202'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/RenderJobAccepted' });
    expect(doc.components.schemas.RenderJobAccepted.required).toEqual(['jobId', 'statusUrl']);
    expect(doc.paths['/broadcasts/{id}'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Broadcast' });
    expect(doc.paths['/receivers'].post.responses['201'].content['application/json'].schema.required).toContain('secret');
    expect(doc.paths['/receivers/{id}'].delete.responses['204']).toEqual({ description: expect.any(String) });
    expect(Object.keys(doc.paths['/reports/played'].get.responses['200'].content)).toEqual(['application/json', 'text/csv']);
    expect(doc.components.schemas.Error).toMatchObject({ type: 'object', required: ['error'], properties: { error: { type: 'string' }, code: { type: 'string' } } });
    expect(doc.components.schemas.Error.additionalProperties).not.toBe(false);
    expect(doc.paths['/zones'].get.responses['4XX'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
  });

  it('refers only to schemas it defines, and defines none inside another', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('"$defs"');
    for (const [, name] of text.matchAll(/"\$ref":"([^"]*)"/g)) {
      expect(name, name).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[name!.split('/').at(-1)!], name).toBeDefined();
    }
  });

  it('tells a test an answer unlike it: the route, the status and the first field that differs', async () => {
    const check = answerChecker(doc);
    const { body: zone } = await t.api('POST', '/api/v1/zones', { id: 'xa-check', name: 'Xã Kiểm Tra', kind: 'commune' });
    const json = 'application/json; charset=utf-8';
    expect(check('GET', '/api/v1/zones', 200, json, [zone], '')).toBeNull();
    expect(check('GET', '/api/v1/zones?x=1', 200, json, [{ ...zone, kind: 'village' }], '')).toBe(
      'GET /zones answered 200 unlike the API description: [0].kind: "village" is not one of "province", "district", "commune", "hamlet", "cluster"',
    );
    expect(check('GET', '/api/v1/zones', 200, json, [{ ...zone, extra: 1 }], '')).toMatch(/^GET \/zones answered 200 unlike the API description: \[0\]\.extra: is not in the API description/);
    const { name: _, ...nameless } = zone;
    expect(check('PATCH', '/api/v1/zones/xa-check', 200, json, nameless, '')).toBe('PATCH /zones/{id} answered 200 unlike the API description: name: is missing');
    expect(check('PATCH', '/api/v1/zones/xa-check', 200, json, { ...zone, quietHours: { from: '25:00', to: '05:00' } }, '')).toMatch(/quietHours\.from: "25:00" does not match/);
    expect(check('POST', '/api/v1/zones', 200, json, zone, '')).toBe('POST /zones answered 200, which the API description does not list (it says 201)');
    expect(check('DELETE', '/api/v1/zones/xa-check', 204, null, '', '')).toBeNull();
    expect(check('DELETE', '/api/v1/zones/xa-check', 204, json, {}, '{}')).toMatch(/says it answers nothing/);
    expect(check('GET', '/api/v1/zones', 403, json, { error: 'forbidden', code: 'forbidden', permission: 'zones:read' }, '')).toBeNull();
    expect(check('GET', '/api/v1/zones', 409, json, { message: 'no' }, '')).toBe('GET /zones answered 409 unlike the API description: error: is missing');
    expect(check('GET', '/api/v1/reports/played?format=csv', 200, 'text/csv; charset=utf-8', 'a,b', 'a,b')).toBeNull();
    expect(check('GET', '/api/v1/zones', 200, 'text/html', '<p>', '<p>')).toBe('GET /zones answered 200 as text/html; the API description says application/json');
    const alert = { kind: 'failing', receiverId: 'rx-1', receiverName: 'Loa 1', failures: 3, lastError: null, lastState: 'lost' };
    expect(check('GET', '/api/v1/fleet/alerts', 200, json, [alert], '')).toMatch(/: \[0\]\.lastState: "lost" is not one of/);
    // Not in the description: not checked.
    expect(check('GET', '/healthz', 200, json, { anything: true }, '')).toBeNull();
    expect(check('GET', '/api/v1/events', 200, 'text/event-stream', '', '')).toBeNull();
  });

  it('has a reference page served by the server itself', async () => {
    const page = await fetch(`${t.baseUrl}/api.html`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/js/api-docs.js');
    expect((await fetch(`${t.baseUrl}/js/api-docs.js`)).status).toBe(200);
  });
});

/** A second of a 440 Hz tone as a WAV file (16-bit mono, 8 kHz). */
function toneWav(): Buffer {
  const rate = 8000;
  const pcm = Buffer.alloc(rate * 2);
  for (let i = 0; i < rate; i++) pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + pcm.length, 4);
  head.write('WAVEfmt ', 8);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36);
  head.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([head, pcm]);
}

// The e2e suites leave some routes' answers unchecked (accounts, tokens,
// links, templates, the less common actions): each is called here once, and
// the test server's api() checks the answer against the description.
describe('the routes the e2e suites do not call answer as described', () => {
  const ok = async (method: string, path: string, body?: unknown, token?: string | null) => {
    const res = await t.api(method, path, body, token);
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };
  let officer: string;

  beforeAll(async () => {
    officer = await t.tokenFor('officer');
    await ok('POST', '/api/v1/zones', { id: 'xa-mo-ta', name: 'Xã Mô Tả', kind: 'commune' });
    await ok('POST', '/api/v1/zones', { id: 'thon-mo-ta', name: 'Thôn Mô Tả', parentId: 'xa-mo-ta', kind: 'hamlet' });
  });

  it('zones, receivers and the fleet', async () => {
    await ok('POST', '/api/v1/zones', { id: 'thon-bo', name: 'Thôn Bỏ', parentId: 'xa-mo-ta', kind: 'hamlet' });
    await ok('DELETE', '/api/v1/zones/thon-bo');
    expect(await ok('PUT', '/api/v1/zones/thon-mo-ta/power-schedule', { on: '05:00', off: '22:00' })).toEqual({ zoneId: 'thon-mo-ta', on: '05:00', off: '22:00' });
    await ok('GET', '/api/v1/zones/thon-mo-ta/power-schedule');
    await ok('DELETE', '/api/v1/zones/thon-mo-ta/power-schedule');
    expect(await ok('GET', '/api/v1/zones/thon-mo-ta/power-schedule')).toEqual({ zoneId: 'thon-mo-ta', on: null, off: null });
    const rx = await ok('POST', '/api/v1/receivers', { id: 'rx-mo-ta', name: 'Cụm loa Mô Tả', zoneId: 'thon-mo-ta', lat: 21.03, lon: 105.85 });
    await ok('PATCH', '/api/v1/receivers/rx-mo-ta', { name: 'Cụm loa đầu thôn', volume: 60, ampPolicy: 'manual' });
    const { secret } = await ok('POST', '/api/v1/receivers/rx-mo-ta/secret');
    expect(secret).not.toBe(rx.secret);
    await ok('POST', '/api/v1/agent-config', { receiverId: 'rx-mo-ta', secret });
    // Offline: the test announcement is refused, as an Error.
    expect((await t.api('POST', '/api/v1/receivers/rx-mo-ta/test-tone')).status).toBe(409);
    await ok('POST', '/api/v1/receivers/rx-mo-ta/commands', { type: 'volume', level: 40 });
    await ok('GET', '/api/v1/fleet/summary');
    await ok('GET', '/api/v1/fleet/alerts?offlineMinutes=0');
    await ok('POST', '/api/v1/receivers', { id: 'rx-bo', name: 'Bỏ', zoneId: 'thon-mo-ta' });
    await ok('DELETE', '/api/v1/receivers/rx-bo');
  });

  it('broadcasts: coverage, cancel, reject; bulletins: reject', async () => {
    const b = await ok('POST', '/api/v1/broadcasts', { title: 'Thông báo', text: 'Chiều nay họp thôn.', zoneIds: ['thon-mo-ta'], startAt: new Date(Date.now() + 3600_000).toISOString() });
    await ok('GET', `/api/v1/broadcasts/${b.id}/coverage`);
    expect((await ok('POST', `/api/v1/broadcasts/${b.id}/cancel`)).status).toBe('cancelled');
    const pending = await ok('POST', '/api/v1/broadcasts', { title: 'Đề nghị', text: 'Xin phát tin này.', zoneIds: ['thon-mo-ta'] }, officer);
    expect(pending.status).toBe('pending_approval');
    expect((await ok('POST', `/api/v1/broadcasts/${pending.id}/reject`, { reason: 'Chưa cần' })).status).toBe('cancelled');
    const bulletin = await ok('POST', '/api/v1/bulletins', { title: 'Bản tin', text: 'Tin của huyện.', level: 'normal', zoneIds: ['xa-mo-ta'] }, officer);
    expect(bulletin.status).toBe('pending_approval');
    await ok('POST', `/api/v1/bulletins/${bulletin.id}/reject`, { reason: 'Chưa cần' });
    await ok('GET', '/api/v1/bulletins');
    await ok('GET', '/api/v1/bulletins?inbox=true');
  });

  it('schedules, templates, reports', async () => {
    const at = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const s = await ok('POST', '/api/v1/schedules', { title: 'Lịch', text: 'Bản tin sáng.', zoneIds: ['thon-mo-ta'], kind: 'once', at }, officer);
    await ok('GET', `/api/v1/schedules/${s.id}`);
    if (s.status === 'draft') await ok('POST', `/api/v1/schedules/${s.id}/submit`, undefined, officer);
    expect((await ok('POST', `/api/v1/schedules/${s.id}/reject`, { reason: 'Trùng giờ' })).status).toBe('rejected');
    const weekly = await ok('POST', '/api/v1/schedules', { title: 'Hằng tuần', text: 'Tin tuần.', zoneIds: ['thon-mo-ta'], kind: 'rule', rule: { freq: 'weekly', weekdays: [1, 4], times: ['06:30'] } });
    await ok('GET', `/api/v1/schedules/${weekly.id}`);
    const [template] = await ok('GET', '/api/v1/templates');
    await ok('GET', `/api/v1/templates/${template.id}/preview?zoneId=xa-mo-ta&date=2027-02-06`);
    await ok('PUT', `/api/v1/templates/${template.id}`, { zoneId: 'xa-mo-ta', text: 'Chúc mừng năm mới {communeName}.' });
    await ok('GET', '/api/v1/settings?zoneId=xa-mo-ta');
    await ok('GET', '/api/v1/reports/played');
    await ok('GET', `/api/v1/reports/monthly?month=${new Date().toISOString().slice(0, 7)}`);
    const csv = await t.api('GET', `/api/v1/reports/monthly?month=${new Date().toISOString().slice(0, 7)}&format=csv`);
    expect(csv.status).toBe(200);
  });

  it('accounts, sessions and tokens', async () => {
    const user = await ok('POST', '/api/v1/users', { username: 'can-bo-mo-ta', displayName: 'Cán bộ', role: 'officer', password: 'mat-khau-that-dai', zoneId: 'xa-mo-ta' });
    await ok('GET', '/api/v1/users');
    await ok('PATCH', `/api/v1/users/${user.id}`, { displayName: 'Cán bộ văn hóa' });
    expect((await ok('POST', '/api/v1/auth/login', { username: 'can-bo-mo-ta', password: 'mat-khau-that-dai' }, null)).user.id).toBe(user.id);
    expect((await t.api('POST', '/api/v1/auth/login', { username: 'can-bo-mo-ta', password: 'sai-mat-khau' }, null)).status).toBe(401);
    expect((await ok('GET', '/api/v1/auth/session', undefined, null)).me).toBeNull();
    expect((await ok('GET', '/api/v1/auth/session')).me.role).toBe('admin');
    await ok('GET', '/api/v1/me', undefined, officer);
    await ok('POST', '/api/v1/auth/logout', undefined, null);
    await ok('DELETE', `/api/v1/users/${user.id}`);
    const token = await ok('POST', '/api/v1/tokens', { name: 'tu-dong', role: 'technician', zoneId: 'xa-mo-ta' });
    expect(token.token).toMatch(/^loa_/);
    expect((await ok('GET', '/api/v1/tokens')).some((x: any) => x.id === token.id && !('token' in x))).toBe(true);
    await ok('DELETE', `/api/v1/tokens/${token.id}`);
  });

  it('linked communes, the system, speech', async () => {
    const link = await ok('POST', '/api/v1/downstreams', { zoneId: 'xa-mo-ta' });
    await ok('GET', '/api/v1/downstreams');
    await ok('GET', '/api/v1/downstreams/played');
    await ok('GET', `/api/v1/downstreams/${link.id}/receivers`);
    await ok('DELETE', `/api/v1/downstreams/${link.id}`);
    await ok('GET', '/api/v1/upstream/status');
    await ok('GET', '/api/v1/system/instance');
    await ok('GET', '/api/v1/system/mqtt');
    await ok('GET', '/api/v1/speech/voices');
    await ok('GET', '/api/v1/speech/catalog');
    await ok('GET', '/api/v1/audit?limit=5');
  });

  it('uploads (multipart, checked here by hand)', async () => {
    const check = answerChecker(doc);
    for (const route of ['/api/v1/media', '/api/v1/recordings']) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(toneWav())], { type: 'audio/wav' }), 'tone.wav');
      const res = await fetch(t.baseUrl + route, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, body: form });
      const text = await res.text();
      expect(res.status, text).toBe(201);
      expect(check('POST', route, res.status, res.headers.get('content-type'), JSON.parse(text), text)).toBeNull();
    }
  });
});

