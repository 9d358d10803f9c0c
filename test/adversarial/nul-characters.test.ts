// U+0000 in any text the API stores or looks up: PostgreSQL (the district and
// province backend) refuses it in a text column, so a title, a zone or
// receiver name, a lexicon term, a display name, a sign-in name or a search
// holding "\u0000" was a 500 (SQLite stored it). Each is now a 400 naming the
// character, and nothing is stored. Runs on PostgreSQL + Mosquitto when they
// are installed, where the 500s were.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPreferringPostgres } from '../helpers/prefer-postgres.js';
import type { TestServer } from '../helpers/server.js';

const TOKEN = 'test-admin-token-0123456789';
let t: TestServer;
beforeAll(async () => {
  t = await startPreferringPostgres();
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã', kind: 'commune' });
});
afterAll(async () => {
  await t?.close();
});

const call = async (method: string, path: string, body?: string, token: string | null = TOKEN) => {
  const res = await fetch(t.baseUrl + path, { method, headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body && { 'content-type': 'application/json' }), 'accept-language': 'en' }, body });
  return { status: res.status, body: (await res.json().catch(() => null)) as { error?: string; code?: string } | null };
};

it('a NUL in a JSON body is a 400 naming it, whatever the route, and nothing is stored', async () => {
  const bodies: [string, string, string, string | null][] = [
    ['POST', '/api/v1/broadcasts', '{"title":"x","zoneIds":["xa"],"text":"Thông\\u0000báo"}', TOKEN],
    ['POST', '/api/v1/broadcasts', '{"title":"x\\u0000","zoneIds":["xa"],"text":"Thông báo"}', TOKEN],
    ['POST', '/api/v1/zones', '{"id":"thon-x","name":"a\\u0000b","parentId":"xa"}', TOKEN],
    ['POST', '/api/v1/receivers', '{"id":"rx-1","name":"a\\u0000b","zoneId":"xa"}', TOKEN],
    ['PUT', '/api/v1/lexicon', '{"term":"AB\\u0000","spoken":"x"}', TOKEN],
    ['POST', '/api/v1/users', '{"username":"canbo","password":"mat-khau-dai","role":"officer","displayName":"a\\u0000"}', TOKEN],
    ['POST', '/api/v1/auth/login', '{"username":"a\\u0000","password":"x"}', null],
    ['POST', '/api/v1/broadcasts', '{"title":"x","zoneIds":["xa"],"text":"Thông báo","k\\u0000":1}', TOKEN],
  ];
  for (const [method, path, body, token] of bodies) {
    const r = await call(method, path, body, token);
    expect(r.status, `${method} ${path} ${body}`).toBe(400);
    expect(r.body?.code).toBe('nul_character');
    expect(r.body?.error).toMatch(/NUL/);
  }
  expect((await call('GET', '/api/v1/broadcasts')).body).toEqual([]);
  expect((await call('GET', '/api/v1/zones')).body).toHaveLength(1);
  expect((await call('GET', '/api/v1/lexicon')).body).not.toContainEqual(expect.objectContaining({ term: 'AB\u0000' }));
});

it('a NUL in the path or the query is a 400 too', async () => {
  for (const path of ['/api/v1/reports/played?category=a%00b', '/api/v1/audit?actor=a%00b', '/api/v1/receivers?q=a%00b', '/api/v1/broadcasts/b-%00', '/api/v1/schedules/s%00x']) {
    const r = await call('GET', path);
    expect(r.status, path).toBe(400);
    expect(r.body?.code).toBe('nul_character');
  }
});

it('an unpaired surrogate (half a UTF-16 pair) is a 400 too: it was stored as U+FFFD, changed without a word', async () => {
  for (const text of ['"Th\\ud800ông báo"', '"\\udfff"', '"a\\udc00\\ud800b"']) {
    const r = await call('POST', '/api/v1/broadcasts', `{"title":"x","zoneIds":["xa"],"text":${text}}`);
    expect(r.status, text).toBe(400);
    expect(r.body?.code).toBe('unpaired_surrogate');
  }
  expect((await call('GET', '/api/v1/broadcasts')).body).toEqual([]);
  // A real pair (an emoji) is a character like any other.
  expect((await call('POST', '/api/v1/zones', '{"id":"thon-loa","name":"Thôn \\ud83d\\udd0a","parentId":"xa"}')).status).toBe(201);
});

it('the server still works: the same text without it is stored', async () => {
  expect((await call('POST', '/api/v1/zones', '{"id":"thon-x","name":"Thôn X","parentId":"xa"}')).status).toBe(201);
  expect((await call('POST', '/api/v1/broadcasts', '{"title":"x","zoneIds":["xa"],"text":"Thông báo"}')).status).toBe(201);
});
