// Report dates outside what receivers can have played (the protocol's years,
// 2000–2099): month=0000-01 was a 500 (the month's bounds threw a RangeError),
// from=0000-00-00 was read as 1899 (Date.UTC takes years below 100 as 19xx),
// and to=275760-09-13 was taken as is. Each is now a 400 naming the parameter.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const get = async (path: string) => {
  const res = await fetch(t.baseUrl + path, { headers: { authorization: 'Bearer test-admin-token-0123456789', 'accept-language': 'en' } });
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? ((await res.json()) as { error: string; code?: string }) : null };
};

it('a month outside 2000–2099 is a 400 naming it, for JSON and CSV', async () => {
  for (const month of ['0000-01', '0099-12', '1999-12', '2100-01', '9999-12']) {
    for (const format of ['json', 'csv']) {
      const r = await get(`/api/v1/reports/monthly?month=${month}&format=${format}`);
      expect(r.status, `${month} ${format}`).toBe(400);
      expect(r.body?.error).toMatch(/month/);
    }
  }
  expect((await get('/api/v1/reports/monthly?month=2026-11')).status).toBe(200);
});

it('from and to outside 2000–2099 are a 400 naming them', async () => {
  for (const q of ['from=0000-00-00', 'from=0050-01-01', 'to=275760-09-13', 'to=2100-01-01', 'from=1970-01-01T00:00:00Z', 'to=+275760-09-13T00:00:00.000Z']) {
    const r = await get(`/api/v1/reports/played?${q}`);
    expect(r.status, q).toBe(400);
    expect(r.body?.error, q).toMatch(q.startsWith('from') ? /from/ : /to/);
  }
  expect((await get('/api/v1/reports/played?from=2026-11-01&to=2026-11-30')).status).toBe(200);
  expect((await get('/api/v1/reports/played?from=2026-11-01T00:00:00%2B07:00&format=csv')).status).toBe(200);
});

// A commune's own category is shown as typed; "constructor" was read through
// the label table's prototype and the CSV said "function Object() { [native code] }".
it('a category named like a prototype key is shown as typed in the CSV', async () => {
  expect((await t.api('POST', '/api/v1/zones', { id: 'thon-proto', name: 'Thôn Proto' })).status).toBe(201);
  expect((await t.api('POST', '/api/v1/receivers', { id: 'rx-proto', name: 'Loa Proto', zoneId: 'thon-proto' })).status).toBe(201);
  const b = await t.api('POST', '/api/v1/broadcasts', { title: 'Họp thôn', text: 'Kính mời bà con dự họp thôn.', zoneIds: ['thon-proto'], category: 'constructor', startAt: new Date(Date.now() + 2500).toISOString() });
  expect(b.status).toBe(201);
  const month = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
  await waitFor(async () => (await t.api('GET', `/api/v1/reports/monthly?month=${month}`)).body.rows.some((r: any) => r.category === 'constructor'), 20_000, 'the broadcast in the month');
  const res = await fetch(`${t.baseUrl}/api/v1/reports/monthly?month=${month}&format=csv`, { headers: { authorization: 'Bearer test-admin-token-0123456789' } });
  expect(res.status).toBe(200);
  const csv = await res.text();
  expect(csv).toContain(',Thôn Proto,constructor,');
  expect(csv).not.toContain('native code');
});
