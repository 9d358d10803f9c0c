// Issue #11, item 1: an unauthenticated socket declaring a 250 MB CONNECT,
// streaming it in parallel with others, must not make the broker buffer it;
// an authenticated oversized PUBLISH ends the connection too; a CONNECT that
// never completes is closed; and the server still airs a broadcast afterwards.
import net from 'node:net';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiverAgent } from '../../devices/agent.js';
import { CONNECT_TIMEOUT_MS } from '../../src/mqtt/broker.js';
import { MAX_RECEIVER_PACKET_BYTES } from '../../src/mqtt/protocol.js';
import { startTestServer, TEST_BACKEND, waitFor, type TestServer } from '../helpers/server.js';
import { broadcastCompletes, connectRaw, provision, startAgent, tempDir, topics } from './helpers.js';

let t: TestServer;
let cacheRoot: string;
const agents: ReceiverAgent[] = [];
const secrets: Record<string, string> = {};
const MiB = 1024 * 1024;

beforeAll(async () => {
  t = await startTestServer();
  cacheRoot = await tempDir('loa-oversize-');
  await t.api('POST', '/api/v1/zones', { id: 'xa-an-binh', name: 'Xã An Bình' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa-an-binh' });
  for (const id of ['rx-dong-01', 'rx-dong-02']) secrets[id] = await provision(t, id, 'thon-dong');
});

afterAll(async () => {
  for (const a of agents) await a.stop().catch(() => {});
  await t?.close();
  if (cacheRoot) await fs.rm(cacheRoot, { recursive: true, force: true });
});

interface Flood {
  /** Bytes the peer accepted before the socket closed. */
  sent: number;
  closed: Promise<void>;
}

/** The repro: a CONNECT declaring 0x77ffffff bytes (~250 MB), then 1 MiB writes, honouring backpressure so the test itself does not hold 150 MB. */
function floodConnect(port: number, mib: number): Flood {
  const socket = net.createConnection({ host: '127.0.0.1', port });
  socket.on('error', () => {});
  const flood: Flood = { sent: 0, closed: new Promise((r) => socket.once('close', () => r())) };
  const chunk = Buffer.alloc(MiB);
  socket.once('connect', async () => {
    socket.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x77]));
    for (let i = 0; i < mib && !socket.destroyed; i++) {
      if (!socket.write(chunk)) await new Promise((r) => (socket.once('drain', r), socket.once('close', r)));
      if (!socket.destroyed) flood.sent += MiB;
    }
  });
  return flood;
}

const mqttPort = () => Number(new URL(t.server.receiverMqttUrl).port);

describe.skipIf(TEST_BACKEND === 'postgres-mosquitto')('packet size limits on the embedded broker', () => {
  it('closes three parallel sockets declaring a 250 MB CONNECT at once, with RSS bounded', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const floods = [floodConnect(mqttPort(), 150), floodConnect(mqttPort(), 150), floodConnect(mqttPort(), 150)];
    await waitFor(() => Promise.all(floods.map((f) => f.closed)).then(() => true), 20_000, 'every flooding socket closed');
    clearInterval(sampler);
    // Closed after the first chunks, not after 150 MiB (socket buffers on both sides let a few MiB through).
    for (const f of floods) expect(f.sent).toBeLessThan(16 * MiB);
    expect(peak - before).toBeLessThan(64 * MiB);
    expect(await metric('loa_mqtt_connections_closed_total{reason="oversized"}')).toBeGreaterThanOrEqual(3);
    expect((await t.api('GET', '/api/v1/system/mqtt')).body.embeddedBroker.closed.oversized).toBeGreaterThanOrEqual(3);
  });

  it('accepts a receiver message under 64 KiB, and ends the session of one over it', async () => {
    const rx = await connectRaw(t, 'rx-dong-01', secrets['rx-dong-01']!);
    const received = () => t.server.bus.getStats().received.telemetry;
    const before = received();
    const fits = JSON.stringify({ v: 1, at: new Date().toISOString(), network: '4G', pad: 'x'.repeat(MAX_RECEIVER_PACKET_BYTES - 200) });
    await rx.client.publishAsync(topics.rx('rx-dong-01', 'telemetry'), fits, { qos: 1 });
    await waitFor(() => received() === before + 1, 10_000, 'the telemetry under the limit handled');
    expect(rx.isClosed()).toBe(false);

    // 1 MiB of otherwise valid telemetry, after a valid CONNECT and password.
    const big = JSON.stringify({ v: 1, at: new Date().toISOString(), pad: 'x'.repeat(MiB) });
    rx.client.publish(topics.rx('rx-dong-01', 'telemetry'), big, { qos: 0 });
    await waitFor(() => rx.isClosed(), 10_000, 'the oversized publish closed the session');
    expect(received()).toBe(before + 1);
    await rx.client.endAsync(true);
  });

  it(`closes a socket whose CONNECT does not complete within ${CONNECT_TIMEOUT_MS / 1000} s`, async () => {
    const socket = net.createConnection({ host: '127.0.0.1', port: mqttPort() });
    socket.on('error', () => {});
    const closed = new Promise<number>((r) => socket.once('close', () => r(Date.now())));
    await new Promise((r) => socket.once('connect', r));
    const t0 = Date.now();
    // A CONNECT header promising 100 bytes, then only 10 of them.
    socket.write(Buffer.concat([Buffer.from([0x10, 100]), Buffer.alloc(10)]));
    const at = await closed;
    expect(at - t0).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 1000);
    expect(at - t0).toBeLessThan(CONNECT_TIMEOUT_MS + 15_000);
    expect(await metric('loa_mqtt_connections_closed_total{reason="connect_timeout"}')).toBeGreaterThanOrEqual(1);
  });

  it('still airs a real broadcast afterwards', async () => {
    for (const id of ['rx-dong-01', 'rx-dong-02']) agents.push(await startAgent(t, id, secrets[id]!, cacheRoot));
    await waitFor(async () => (await t.api('GET', '/api/v1/receivers?zoneId=thon-dong&online=true')).body.length === 2, 10_000, 'receivers online');
    await broadcastCompletes(t, 'thon-dong', ['rx-dong-01', 'rx-dong-02']);
  });
});

async function metric(series: string): Promise<number> {
  const text = (await t.api('GET', '/metrics')).body as string;
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.slice(series.length + 1)) : NaN;
}
