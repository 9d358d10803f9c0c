// A zone filter naming no zone: the reports and the linked communes' log
// looked the zone's subtree up and queried `zone_id IN ()`, which SQLite
// answers with nothing and PostgreSQL refuses: a 500 on the district and
// province backend. They answer as the other lists do: an empty list. Runs on
// PostgreSQL + Mosquitto when they are installed, where the 500s were.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPreferringPostgres } from '../helpers/prefer-postgres.js';
import type { TestServer } from '../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startPreferringPostgres();
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã', kind: 'commune' });
});
afterAll(async () => {
  await t?.close();
});

it('reports and the linked communes’ log filtered by a zone that does not exist are empty, not a 500', async () => {
  const played = await t.api('GET', '/api/v1/reports/played?zoneId=khong-co');
  expect(played.status).toBe(200);
  expect(played.body.rows).toEqual([]);
  const csv = await fetch(`${t.baseUrl}/api/v1/reports/played?zoneId=khong-co&format=csv`, { headers: { authorization: 'Bearer test-admin-token-0123456789' } });
  expect(csv.status).toBe(200);
  const monthly = await t.api('GET', '/api/v1/reports/monthly?month=2026-11&zoneId=khong-co');
  expect(monthly.status).toBe(200);
  expect(monthly.body.totals.deliveries).toBe(0);
  const linked = await t.api('GET', '/api/v1/downstreams/played?zoneId=khong-co');
  expect(linked.status).toBe(200);
  expect(linked.body.rows).toEqual([]);
});
