// A province running two instances behind one PostgreSQL, a commune linked up
// to one of them (docs/upstream.md). Each instance holds only the links made
// to it: a bulletin sent through the other instance waited in the database
// until the commune happened to reconnect, a token revoked there left the
// link open, and the other instance's panel showed the commune unlinked. A
// commune's report about a bulletin changed it on the instance holding the
// link only: a panel whose event stream was served by the other instance
// did not see it until reloaded (bulletin events now go to every instance
// through the broker, as receivers' acks do).
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../helpers/postgres.js';
import { mosquittoAvailable } from '../helpers/mosquitto.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/server.js';
import { openEventStream, type OpenEventStream } from '../helpers/event-stream.js';
import { closeClusters, startCluster, startInstance, type Instance } from './instances.js';

const TOKEN = 'province-instances-admin-token';
const available = mosquittoAvailable() && (await postgresAvailable());
// A retried test starts its own commune, and the first attempt's must go too.
const communes: { instance: Instance; dir: string }[] = [];
const streams: OpenEventStream[] = [];

afterAll(async () => {
  for (const s of streams) await s.close();
  for (const c of communes) {
    c.instance.child.kill('SIGKILL');
    await fsp.rm(c.dir, { recursive: true, force: true });
  }
  await closeClusters();
});

async function call(base: string, method: string, p: string, body?: unknown) {
  const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe.skipIf(!available)('a province on two instances, a commune linked to one of them', () => {
  it('a bulletin sent and a token revoked through the other instance reach the link at once; both show it linked', async () => {
    const cluster = await startCluster('province-instances', { LOA_INIT_ADMIN_TOKEN: TOKEN });
    const [a, b] = cluster.instances.map((i) => i.base) as [string, string];
    expect((await call(a, 'POST', '/api/v1/zones', { id: 'xa-binh-minh', name: 'Xã Bình Minh' })).status).toBe(201);
    const issued = await call(a, 'POST', '/api/v1/downstreams', { zoneId: 'xa-binh-minh' });
    expect(issued.status).toBe(201);

    const communeDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'loa-commune-'));
    const commune = await startInstance({ ...process.env, HOST: '127.0.0.1', DATA_DIR: communeDir, MQTT_HOST: '127.0.0.1', MQTT_PORT: String(await freePort()), LOA_DEMO: '0', LOG_LEVEL: 'warn', LOA_INIT_ADMIN_TOKEN: TOKEN, UPSTREAM_URL: a, UPSTREAM_TOKEN: issued.body.token, UPSTREAM_STATUS_S: '1' });
    communes.push({ instance: commune, dir: communeDir });
    expect((await call(commune.base, 'POST', '/api/v1/zones', { id: 'xa-bm', name: 'Xã Bình Minh' })).status).toBe(201);
    await waitFor(async () => (await call(commune.base, 'GET', '/api/v1/upstream/status')).body.connected, 30_000, 'the commune linked to A');
    // B holds no link, yet shows the commune linked.
    await waitFor(async () => (await call(b, 'GET', '/api/v1/downstreams')).body.find((d: { id: string }) => d.id === issued.body.id)?.connected === true, 10_000, 'linked, as B sees it');

    // A panel on each instance follows the bulletins.
    const [onA, onB] = await Promise.all([a, b].map((base) => openEventStream(`${base}/api/v1/events`, { authorization: `Bearer ${TOKEN}` })));
    streams.push(onA!, onB!);
    const sent = await call(b, 'POST', '/api/v1/bulletins', { title: 'Lịch tiêm chủng', text: 'Trạm y tế xã tổ chức tiêm chủng mở rộng vào sáng thứ bảy.', level: 'normal', zoneIds: ['xa-binh-minh'] });
    expect(sent.status).toBe(201);
    await waitFor(async () => ((await call(commune.base, 'GET', '/api/v1/bulletins?inbox=true')).body as { title: string }[]).some((i) => i.title === 'Lịch tiêm chủng'), 10_000, 'the bulletin sent through B in the commune inbox');
    // Sent through B, so A's panel hears of it from B.
    const about = (s: OpenEventStream, from = 0) => s.since(from).includes(`"bulletinId":"${sent.body.id}"`);
    await waitFor(() => about(onA!), 10_000, "the bulletin on A's panel");
    // The commune's reports arrive over the link A holds; B's panel follows them all the same.
    const stateOf = async (base: string) => (await call(base, 'GET', `/api/v1/bulletins/${sent.body.id}`)).body.communes?.find((c: { zoneId: string }) => c.zoneId === 'xa-binh-minh')?.state;
    await waitFor(async () => (await stateOf(a)) === 'received' && !(await call(a, 'GET', `/api/v1/bulletins/${sent.body.id}`)).body.communes[0].awaitingLink, 15_000, 'the commune reported it received');
    await new Promise((r) => setTimeout(r, 500));
    const mark = onB!.text().length;
    const inbox = ((await call(commune.base, 'GET', '/api/v1/bulletins?inbox=true')).body as { id: string; title: string }[]).find((i) => i.title === 'Lịch tiêm chủng')!;
    expect((await call(commune.base, 'POST', `/api/v1/bulletins/${inbox.id}/decline`, { reason: 'Trùng lịch họp xã' })).status).toBe(200);
    await waitFor(async () => (await stateOf(a)) === 'declined', 15_000, 'the decline reported to the province');
    await waitFor(() => about(onB!, mark), 10_000, "the commune's decline on B's panel").catch(() => undefined);
    expect(about(onB!, mark), "B's panel heard nothing of the decline that reached A").toBe(true);

    expect((await call(b, 'DELETE', `/api/v1/downstreams/${issued.body.id}`)).status).toBeLessThan(300);
    await waitFor(async () => !(await call(commune.base, 'GET', '/api/v1/upstream/status')).body.connected, 10_000, 'the link closed by A once B revoked its token');
    expect((await call(a, 'GET', '/api/v1/downstreams')).body.find((d: { id: string }) => d.id === issued.body.id)?.connected).toBe(false);
  }, 180_000);
});
