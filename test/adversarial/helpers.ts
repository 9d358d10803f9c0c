// Shared by the adversarial suite: a whole server on real parts, receivers
// provisioned through the API, raw mqtt.js clients that behave as a hostile
// device would, the reference agent for a real broadcast, and a seeded PRNG
// so every run sends the same hostile input.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { expect } from 'vitest';
import { ReceiverAgent } from '../../devices/agent.js';
import { Topics } from '../../src/mqtt/protocol.js';
import { waitFor, type TestServer } from '../helpers/server.js';

export const topics = new Topics();

/** mulberry32: small, fast and the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function provision(t: TestServer, id: string, zoneId: string): Promise<string> {
  const res = await t.api('POST', '/api/v1/receivers', { id, name: `Cụm loa ${id}`, zoneId });
  expect(res.status).toBe(201);
  return res.body.secret as string;
}

/** A raw receiver connection (no reconnect): `closed` resolves when the broker ends it. */
export interface RawClient {
  client: MqttClient;
  closed: Promise<void>;
  isClosed(): boolean;
}

export async function connectRaw(t: TestServer, username: string, password: string, opts: IClientOptions = {}): Promise<RawClient> {
  const client = await mqtt.connectAsync(t.server.receiverMqttUrl, { clientId: username, username, password, protocolVersion: 4, reconnectPeriod: 0, clean: true, ...opts });
  let closed = false;
  client.on('error', () => {});
  const done = new Promise<void>((resolve) =>
    client.once('close', () => {
      closed = true;
      resolve();
    }),
  );
  return { client, closed: done, isClosed: () => closed };
}

/** Resolves with the CONNACK's refusal (or null when the broker accepted the connection). */
export async function connectRefusal(t: TestServer, username: string | undefined, password: string | undefined, clientId = username ?? 'no-name'): Promise<string | null> {
  try {
    const c = await mqtt.connectAsync(t.server.receiverMqttUrl, { clientId, username, password, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 15_000 });
    await c.endAsync(true);
    return null;
  } catch (err) {
    return (err as Error).message || 'refused';
  }
}

export async function startAgent(t: TestServer, id: string, secret: string, cacheRoot: string): Promise<ReceiverAgent> {
  const agent = new ReceiverAgent({ id, secret, mqttUrl: t.server.receiverMqttUrl, cacheDir: path.join(cacheRoot, id), player: 'none', playbackSpeed: 20, reconnectPeriodMs: 200 });
  await agent.start();
  return agent;
}

export const tempDir = (prefix: string) => fs.mkdtemp(path.join(os.tmpdir(), prefix));

/** A real broadcast to `zoneId` is rendered, dispatched and played by every receiver listed. */
export async function broadcastCompletes(t: TestServer, zoneId: string, receiverIds: string[]): Promise<void> {
  const res = await t.api('POST', '/api/v1/broadcasts', {
    title: 'Thông báo kiểm tra',
    text: 'Ủy ban nhân dân xã thông báo: hệ thống truyền thanh hoạt động bình thường.',
    zoneIds: [zoneId],
    priority: 'normal',
    startAt: new Date(Date.now() + 3000).toISOString(),
  });
  expect(res.status).toBe(201);
  const view = await waitFor(
    async () => {
      const b = (await t.api('GET', `/api/v1/broadcasts/${res.body.id}`)).body;
      return b.status === 'done' ? b : null;
    },
    60_000,
    'the broadcast done',
  );
  expect(view.deliveries.map((d: { receiverId: string }) => d.receiverId).sort()).toEqual([...receiverIds].sort());
}
