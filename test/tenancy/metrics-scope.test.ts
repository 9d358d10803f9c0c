// /metrics spans every commune: receivers online per zone (every commune's
// zone ids), the log's warnings. /api/v1/system/* keep such read-outs for
// whole-system accounts, but /metrics took any API token or panel session of
// any scope, so commune B's officer read commune A's fleet there.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWorld, COMMUNES, type World } from './world.js';

const METRICS_TOKEN = 'metrics-scrape-token-0123456789';
let w: World;
beforeAll(async () => {
  w = await buildWorld({ METRICS_TOKEN });
});
afterAll(async () => {
  await w?.t.close();
});

const scrape = async (headers: Record<string, string>) => {
  const res = await fetch(`${w.t.baseUrl}/metrics`, { headers });
  return { status: res.status, text: await res.text() };
};

it('a commune-scoped caller, by token or session, cannot scrape; the scrape token and whole-system accounts can', async () => {
  for (const name of ['officer-b', 'technician-b', 'admin-b', 'admin-district']) {
    const caller = w.callers[name]!;
    for (const headers of [{ authorization: `Bearer ${caller.bearer}` }, { cookie: caller.cookie }] as Record<string, string>[]) {
      const r = await scrape(headers);
      expect(r.status, name).toBe(403);
      expect(r.text).not.toContain(COMMUNES.A.hamlets[0].id);
      expect(JSON.parse(r.text).code).toBe('out_of_scope');
    }
  }
  for (const headers of [{ authorization: `Bearer ${METRICS_TOKEN}` }, { authorization: `Bearer ${w.callers['admin-system']!.bearer}` }, { cookie: w.callers['admin-system']!.cookie }] as Record<string, string>[]) {
    const r = await scrape(headers);
    expect(r.status).toBe(200);
    expect(r.text).toContain(`zone="${COMMUNES.A.hamlets[0].id}"`);
  }
  expect((await scrape({})).status).toBe(401);
});
