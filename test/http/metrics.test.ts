// GET /metrics on a running server: who may scrape, and that each metric
// follows what the fleet actually does.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Topics } from '../../src/mqtt/protocol.js';
import { TestFleet } from '../helpers/agents.js';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server.js';

const METRICS_TOKEN = 'prometheus-scrape-token-0123';
const topics = new Topics();
let t: TestServer;
let fleet: TestFleet;
const secrets: Record<string, string> = {};

async function scrape(token: string | null = METRICS_TOKEN): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(`${t.baseUrl}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

/** The sample `name{labels}` in Prometheus text format, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ? m[2].split(',') : [];
    if (want.every((w) => have.includes(w)) && have.length === want.length) return Number(m[3]);
  }
  return undefined;
}

beforeAll(async () => {
  t = await startTestServer({ METRICS_TOKEN });
  fleet = new TestFleet(t.server.receiverMqttUrl);
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-1', name: 'Thôn 1', parentId: 'xa' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-2', name: 'Thôn 2', parentId: 'xa' });
  for (const [id, zoneId] of [['rx-1', 'thon-1'], ['rx-2', 'thon-1'], ['rx-3', 'thon-2']]) {
    secrets[id!] = (await t.api('POST', '/api/v1/receivers', { id, name: id, zoneId })).body.secret;
  }
  for (const id of ['rx-1', 'rx-3']) await fleet.start(id, secrets[id]!);
});

afterAll(async () => {
  await fleet?.close();
  await t?.close();
});

describe('GET /metrics', () => {
  it('needs the scrape token or an API token', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('not-the-token-at-all')).status).toBe(401);
    expect((await scrape(ADMIN_TOKEN)).status).toBe(200);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(ok.text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(ok.text, 'loa_mqtt_connected')).toBe(1);
  });

  it('counts receivers online per zone at scrape time', async () => {
    const text = (await waitFor(async () => {
      const { text } = await scrape();
      return sample(text, 'loa_receivers', { zone: 'thon-2', online: 'true' }) === 1 && sample(text, 'loa_receivers', { zone: 'thon-1', online: 'true' }) === 1 ? text : null;
    }, 5000, 'receivers online'))!;
    expect(sample(text, 'loa_receivers', { zone: 'thon-1', online: 'false' })).toBe(1);
    expect(sample(text, 'loa_receivers', { zone: 'thon-2', online: 'false' })).toBeUndefined();
  });

  it('times renders and dispatch-to-ack, and follows deliveries by state', async () => {
    const before = await scrape();
    expect(sample(before.text, 'loa_speech_render_seconds_count')).toBe(0);
    const res = await t.api('POST', '/api/v1/broadcasts', { title: 'Thông báo', text: 'Kính mời bà con thôn một đi họp.', zoneIds: ['thon-1'], priority: 'normal' });
    expect(res.status).toBe(201);
    // rx-1 plays it; rx-2 is offline, so its delivery stays queued.
    await waitFor(async () => (await t.api('GET', `/api/v1/broadcasts/${res.body.id}`)).body.counts.done === 1, 15_000, 'rx-1 done');
    const { text } = (await waitFor(async () => {
      const s = await scrape();
      return sample(s.text, 'loa_delivery_ack_seconds_count', { state: 'downloaded' }) === 1 ? s : null;
    }, 3000, 'ack latency observed'))!;
    expect(sample(text, 'loa_speech_render_seconds_count')).toBe(1);
    expect(sample(text, 'loa_delivery_ack_seconds_count', { state: 'received' })).toBe(1);
    expect(sample(text, 'loa_delivery_ack_seconds_bucket', { state: 'received', le: '+Inf' })).toBe(1);
    expect(sample(text, 'loa_delivery_ack_seconds_sum', { state: 'received' })).toBeLessThan(10);
    for (const state of ['received', 'downloaded', 'playing', 'done']) expect(sample(text, 'loa_delivery_transitions_total', { state }), state).toBe(1);
    expect(sample(text, 'loa_deliveries_open', { state: 'queued' })).toBe(1);
    expect(sample(text, 'loa_deliveries_open', { state: 'playing' })).toBe(0);
  });

  it('counts invalid MQTT messages dropped', async () => {
    const before = sample((await scrape()).text, 'loa_mqtt_invalid_messages_total', { leaf: 'telemetry' }) ?? 0;
    const c = await mqtt.connectAsync(t.server.receiverMqttUrl, { clientId: 'rx-2', username: 'rx-2', password: secrets['rx-2'], protocolVersion: 4, reconnectPeriod: 0 });
    await c.publishAsync(topics.rx('rx-2', 'telemetry'), 'not json', { qos: 1 });
    await c.publishAsync(topics.rx('rx-2', 'telemetry'), JSON.stringify({ v: 1, at: 'yesterday' }), { qos: 1 });
    await c.endAsync();
    await waitFor(async () => sample((await scrape()).text, 'loa_mqtt_invalid_messages_total', { leaf: 'telemetry' }) === before + 2, 3000, 'invalid counted');
    expect(sample((await scrape()).text, 'loa_mqtt_messages_total', { leaf: 'state' })).toBeGreaterThanOrEqual(2);
  });
});
