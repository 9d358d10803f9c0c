import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient, FleetSimulator, credentialsFromServer } from '../../devices/simulator.js';
import { Controller, fakeMp3, startBroker, startMediaServer, waitFor, type MediaServer, type TestBroker } from './helpers.js';

let broker: TestBroker;
let media: MediaServer;
let controller: Controller;
let cacheDir: string;

beforeAll(async () => {
  broker = await startBroker();
  media = await startMediaServer();
  controller = await Controller.connect(broker.url);
  cacheDir = await mkdtemp(join(tmpdir(), 'loa-sim-test-'));
  // Load Node's lazily loaded fetch before the timed broadcast (see agent.test.ts).
  await (await fetch(`${media.baseUrl}/warm-up`)).arrayBuffer();
});

afterAll(async () => {
  await controller.close();
  await broker.close();
  await media.close();
  await rm(cacheDir, { recursive: true, force: true });
});

describe('FleetSimulator', () => {
  it('runs a fleet that plays a zone broadcast together, downloading the media once', async () => {
    const receivers = Array.from({ length: 20 }, (_, i) => ({ id: `sim-${i}`, secret: 's' }));
    const sim = new FleetSimulator({ mqttUrl: broker.url, receivers, cacheDir, playbackSpeed: 10, telemetryIntervalMs: 0, connectRate: 400 });
    const playingAt: number[] = [];
    sim.on('ack', (_id, ack) => ack.state === 'playing' && playingAt.push(Date.parse(ack.at)));
    try {
      await sim.start();
      expect(sim.stats()).toMatchObject({ receivers: 20, online: 20 });
      const configured = Promise.all([...sim.agents.values()].map((a) => new Promise<void>((r) => a.once('config', () => r()))));
      await Promise.all(receivers.map((r) => controller.configure(r.id, ['thon-sim'])));
      await configured;

      const m = media.add('zone.mp3', fakeMp3(8192), 500);
      const startAt = new Date(Date.now() + 400).toISOString();
      const cmd = await controller.send({ zone: 'thon-sim' }, { type: 'play', broadcastId: 'b-zone', priority: 'normal', media: m, repeat: 1, startAt });

      await waitFor(() => controller.acks.filter((a) => a.cmdId === cmd.id && a.state === 'done').length === 20, 5000, 'done from all 20');
      expect(media.hits.get('/media/zone.mp3')).toBe(1);
      expect(playingAt).toHaveLength(20);
      // All loudspeakers in the hamlet start together.
      expect(Math.max(...playingAt) - Math.min(...playingAt)).toBeLessThan(50);
      expect(Math.min(...playingAt)).toBeGreaterThanOrEqual(Date.parse(startAt));
      expect(sim.stats().acks).toMatchObject({ received: 20, downloaded: 20, playing: 20, done: 20 });
    } finally {
      await sim.stop();
    }
    expect(sim.stats().online).toBe(0);
    await waitFor(() => receivers.every((r) => controller.states.get(r.id)?.at(-1)?.online === false), 2000, 'all offline');
  });

  it('spreads telemetry over the period with one shared timer', async () => {
    const receivers = Array.from({ length: 6 }, (_, i) => ({ id: `sim-tel-${i}`, secret: 's' }));
    const sim = new FleetSimulator({ mqttUrl: broker.url, receivers, cacheDir, telemetryIntervalMs: 400 });
    const seen = new Map<string, number>();
    for (const [id, agent] of sim.agents) agent.on('telemetry', (t) => {
      expect(t.network).toBe('4G');
      seen.set(id, (seen.get(id) ?? 0) + 1);
    });
    try {
      await sim.start();
      // One at connect, then at least one from the shared ticker for every receiver.
      await waitFor(() => receivers.every((r) => (seen.get(r.id) ?? 0) >= 2), 3000, 'periodic telemetry');
    } finally {
      await sim.stop();
    }
  });
});

describe('AdminClient', () => {
  let server: Server;
  let baseUrl: string;
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      if (req.headers.authorization !== 'Bearer tok') return void res.writeHead(401).end('{}');
      // Two pages, the second named by the first's Link header.
      if (req.method === 'GET' && req.url === '/api/v1/receivers?limit=1000') {
        res.setHeader('link', '</api/v1/receivers?limit=1000&after=thon-1-loa-2>; rel="next"');
        return void res.end(JSON.stringify([{ id: 'thon-1-loa-1', name: 'a' }, { id: 'thon-1-loa-2' }]));
      }
      if (req.method === 'GET' && req.url === '/api/v1/receivers?limit=1000&after=thon-1-loa-2') {
        return void res.end(JSON.stringify([{ id: 'thon-2-loa-1' }]));
      }
      const m = /^\/api\/v1\/receivers\/([^/]+)\/secret$/.exec(req.url ?? '');
      if (req.method === 'POST' && m) return void res.end(JSON.stringify({ id: m[1], secret: `new-${m[1]}` }));
      res.writeHead(404).end('{}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('lists receivers and rotates the secrets of the first N under bearer auth', async () => {
    const creds = await credentialsFromServer(new AdminClient(baseUrl, 'tok'), 2);
    expect(creds).toEqual([
      { id: 'thon-1-loa-1', secret: 'new-thon-1-loa-1' },
      { id: 'thon-1-loa-2', secret: 'new-thon-1-loa-2' },
    ]);
    expect(requests).toEqual([
      'GET /api/v1/receivers?limit=1000 Bearer tok',
      'GET /api/v1/receivers?limit=1000&after=thon-1-loa-2 Bearer tok',
      'POST /api/v1/receivers/thon-1-loa-1/secret Bearer tok',
      'POST /api/v1/receivers/thon-1-loa-2/secret Bearer tok',
    ]);
    expect((await new AdminClient(baseUrl, 'tok').listReceivers()).map((r) => r.id)).toEqual(['thon-1-loa-1', 'thon-1-loa-2', 'thon-2-loa-1']);
  });

  it('fails clearly on a bad token', async () => {
    await expect(new AdminClient(baseUrl, 'wrong').listReceivers()).rejects.toThrow(/HTTP 401/);
  });
});
