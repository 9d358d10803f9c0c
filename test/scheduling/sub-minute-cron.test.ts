// node-cron takes a seconds field, and a schedule took any: "* * * * * *"
// aired every second (86 400 items a day, each queued behind the last on
// every loudspeaker). Schedules are minute-grained: a cron that fires more
// than once a minute is a 400; five fields, or six with one second, stay.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server.js';
import { expandSpec } from '../../src/scheduling/recurrence.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã' });
});
afterAll(async () => {
  await t?.close();
});

const schedule = (cron: string) => ({ title: `Cron ${cron}`, text: 'Bản tin sáng.', zoneIds: ['xa'], kind: 'cron', cron });

it('a cron that fires more than once a minute is refused, in Vietnamese first; created or edited', async () => {
  for (const cron of ['* * * * * *', '*/5 * * * * *', '0,30 * * * * *', '0-1 30 6 * * *', '*/10 0 7 1 1 *']) {
    const res = await t.api('POST', '/api/v1/schedules', schedule(cron));
    expect(res.status, cron).toBe(400);
    expect(res.body.code).toBe('invalid_request');
    expect(res.body.error, cron).toMatch(/^Yêu cầu không hợp lệ: cron: lịch phát tính theo phút/);
  }
  const en = await fetch(`${t.baseUrl}/api/v1/schedules`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'en', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify(schedule('* * * * * *')),
  });
  expect(en.status).toBe(400);
  expect(((await en.json()) as { error: string }).error).toMatch(/^invalid request: cron: the cron fires more than once a minute/);
  expect((await t.api('GET', '/api/v1/schedules')).body).toEqual([]);

  const daily = await t.api('POST', '/api/v1/schedules', schedule('30 6 * * *'));
  expect(daily.status, JSON.stringify(daily.body)).toBe(201);
  const edited = await t.api('PUT', `/api/v1/schedules/${daily.body.id}`, schedule('*/2 * * * * *'));
  expect(edited.status).toBe(400);
  expect((await t.api('GET', `/api/v1/schedules/${daily.body.id}`)).body.cron).toBe('30 6 * * *');
});

it('five fields, and six whose seconds field is one number, are accepted', async () => {
  for (const cron of ['*/15 6-18 * * *', '0 30 6 * * 1-5', '30 0 7 * * *']) {
    const res = await t.api('POST', '/api/v1/schedules', schedule(cron));
    expect(res.status, `${cron}: ${JSON.stringify(res.body)}`).toBe(201);
  }
});

it('a sub-minute cron stored before the rule airs once a minute, at its first second', () => {
  const from = new Date('2026-12-01T00:00:00Z');
  const to = new Date('2026-12-01T00:03:00Z');
  expect(expandSpec({ kind: 'cron', cron: '*/5 * * * * *' }, from, to, 'Asia/Ho_Chi_Minh').map((d) => d.toISOString())).toEqual(['2026-12-01T00:00:00.000Z', '2026-12-01T00:01:00.000Z', '2026-12-01T00:02:00.000Z']);
  expect(expandSpec({ kind: 'cron', cron: '15,45 * * * * *' }, from, to, 'Asia/Ho_Chi_Minh').map((d) => d.toISOString())).toEqual(['2026-12-01T00:00:15.000Z', '2026-12-01T00:01:15.000Z', '2026-12-01T00:02:15.000Z']);
});
