// The protocol's per-receiver credentials and topic ACL on a real Mosquitto:
// receivers provisioned first, `loa mosquitto-config` run as an operator
// would, a private Mosquitto started on its files, and the server on MQTT_URL.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiverAgent } from '../../devices/agent.js';
import { startServer, type RunningServer } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/index.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { mosquittoHash, verifyMosquittoHash, writeMosquittoConfig } from '../../src/mqtt/mosquitto.js';
import { makeCommand, MAX_RECEIVER_PACKET_BYTES, Topics } from '../../src/mqtt/protocol.js';
import { ReceiverService } from '../../src/receivers/service.js';
import { ZoneService } from '../../src/zones/service.js';
import { mosquittoAvailable, startMosquitto, type PrivateMosquitto } from '../helpers/mosquitto.js';
import { ADMIN_TOKEN, waitFor } from '../helpers/server.js';

const run = promisify(execFile);
const topics = new Topics();
const available = mosquittoAvailable();

describe('Mosquitto password hashes', () => {
  it("match mosquitto_passwd's $7$ format, and verify only the right password", () => {
    const hash = mosquittoHash('bí-mật', Buffer.alloc(12, 7));
    expect(hash).toMatch(/^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
    expect(verifyMosquittoHash('bí-mật', hash)).toBe(true);
    expect(verifyMosquittoHash('bi-mat', hash)).toBe(false);
    expect(verifyMosquittoHash('bí-mật', 'sha256:abc')).toBe(false);
  });
});

describe('loa mosquitto-config files', () => {
  it('grant each receiver its zone lineage, and are rewritten only when something changed', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-mosquitto-files-'));
    const database = await openDatabase({ dataDir: dir });
    try {
      const zones = new ZoneService(database.db);
      const receivers = new ReceiverService(database.db, zones, { timezone: 'Asia/Ho_Chi_Minh', log: silentLogger });
      await zones.create({ id: 'xa', name: 'Xã' });
      await zones.create({ id: 'thon-1', name: 'Thôn 1', parentId: 'xa' });
      const { secret } = await receivers.create({ id: 'rx-1', name: 'rx-1', zoneId: 'thon-1' });
      const opts = { out: path.join(dir, 'auth'), brokerDir: '/mosquitto/auth', topicRoot: 'loa/v1', serverUsername: 'loa-server', serverPassword: 'server-password' };
      expect(await writeMosquittoConfig(database.db, opts)).toEqual({ changed: true, receivers: 1, skipped: [] });
      const read = (f: string) => fs.readFile(path.join(opts.out, f), 'utf8');
      const acl = await read('acl');
      expect(acl).toContain('pattern write loa/v1/rx/%u/state\n');
      expect(acl).toContain('pattern read loa/v1/rx/%u/cmd\n');
      expect(acl).toContain('user loa-server\ntopic readwrite loa/v1/#\n');
      expect(acl).toContain('user rx-1\ntopic read loa/v1/zone/thon-1/cmd\ntopic read loa/v1/zone/xa/cmd\n');
      expect(await read('mosquitto.conf')).toContain('password_file /mosquitto/auth/passwd\nacl_file /mosquitto/auth/acl\n');
      expect(await read('mosquitto.conf')).toMatch(/^max_packet_size 65536$/m);
      const lines = Object.fromEntries((await read('passwd')).trim().split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
      expect(verifyMosquittoHash('server-password', lines['loa-server']!)).toBe(true);
      expect(verifyMosquittoHash(secret, lines['rx-1']!)).toBe(true);
      expect((await fs.stat(path.join(opts.out, 'passwd'))).mode & 0o777).toBe(0o640);

      // Same database, same files: nothing to reload (the server's line keeps its salt).
      expect((await writeMosquittoConfig(database.db, opts)).changed).toBe(false);
      await receivers.update('rx-1', { zoneId: 'xa' });
      expect((await writeMosquittoConfig(database.db, opts)).changed).toBe(true);
      expect(await read('acl')).toContain('user rx-1\ntopic read loa/v1/zone/xa/cmd\n');
    } finally {
      await database.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!available)('the protocol on Mosquitto', () => {
  let dataDir: string;
  let authDir: string;
  let broker: PrivateMosquitto;
  let server: RunningServer;
  const secrets: Record<string, string> = {};
  const clients: MqttClient[] = [];
  const agents: ReceiverAgent[] = [];
  const env = () => ({ DATA_DIR: dataDir, MQTT_PASSWORD: 'server-password-for-the-test', LOA_DEMO: '0' });

  const connect = (id: string, password: string, opts: mqtt.IClientOptions = {}) =>
    new Promise<MqttClient>((resolve, reject) => {
      const c = mqtt.connect(broker.url, { clientId: id, username: id, password, protocolVersion: 4, reconnectPeriod: 0, clean: true, ...opts });
      clients.push(c);
      c.once('connect', () => resolve(c));
      c.on('error', reject);
    });
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${server.httpPort}${p}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  /** What an operator runs after provisioning: the CLI, then SIGHUP. */
  const regenerate = async () => {
    await run(process.execPath, ['bin/loa.js', 'mosquitto-config', '--out', authDir], { env: { ...process.env, ...env() } });
    await broker.reload();
  };

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-mosquitto-'));
    authDir = path.join(dataDir, 'mosquitto');
    const database = await openDatabase({ dataDir });
    const zones = new ZoneService(database.db);
    const receivers = new ReceiverService(database.db, zones, { timezone: 'Asia/Ho_Chi_Minh', log: silentLogger });
    await zones.create({ id: 'xa', name: 'Xã' });
    await zones.create({ id: 'thon-a', name: 'Thôn A', parentId: 'xa' });
    await zones.create({ id: 'thon-b', name: 'Thôn B', parentId: 'xa' });
    for (const [id, zoneId] of [['rx-aaa', 'thon-a'], ['rx-bbb', 'thon-b'], ['rx-old', 'xa']] as const) {
      secrets[id] = (await receivers.create({ id, name: id, zoneId })).secret;
    }
    // Provisioned before the Mosquitto hash existed.
    await database.db.updateTable('receivers').set({ mosquitto_hash: null }).where('id', '=', 'rx-old').execute();
    await database.close();

    const { stdout, stderr } = await run(process.execPath, ['bin/loa.js', 'mosquitto-config', '--out', authDir], { env: { ...process.env, ...env() } });
    expect(stdout).toMatch(/wrote .*: 2 receivers \+ loa-server/);
    expect(stderr).toMatch(/rx-old/);
    broker = await startMosquitto(authDir);
    const config = loadConfig({ ...env(), PORT: '0', HOST: '127.0.0.1', MQTT_URL: broker.serverUrl, RECEIVER_MQTT_URL: broker.url, LOA_INIT_ADMIN_TOKEN: ADMIN_TOKEN, LEAD_TIME_MS: '2000' });
    server = await startServer(config, createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent'));
  });

  afterAll(async () => {
    for (const a of agents) await a.stop().catch(() => {});
    for (const c of clients) c.end(true);
    await server?.stop();
    await broker?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a wrong secret, an unknown receiver and one without a Mosquitto hash', async () => {
    await expect(connect('rx-aaa', 'wrong-secret')).rejects.toThrow(/Not authorized|Bad username or password/);
    await expect(connect('rx-nobody', 'whatever')).rejects.toThrow(/Not authorized|Bad username or password/);
    await expect(connect('rx-old', secrets['rx-old']!)).rejects.toThrow(/Not authorized|Bad username or password/);
    await expect(connect('rx-aaa', secrets['rx-aaa']!)).resolves.toBeTruthy();
  });

  it("never hands A the commands of B or of B's hamlet, even subscribed to them", async () => {
    const a = await connect('rx-aaa', secrets['rx-aaa']!);
    const b = await connect('rx-bbb', secrets['rx-bbb']!);
    const aGot: string[] = [];
    const bGot: string[] = [];
    a.on('message', (t) => aGot.push(t));
    b.on('message', (t) => bGot.push(t));
    await a.subscribeAsync([topics.rx('rx-aaa', 'cmd'), topics.rx('rx-bbb', 'cmd'), topics.zoneCmd('thon-b'), 'loa/v1/#'], { qos: 1 });
    await b.subscribeAsync([topics.rx('rx-bbb', 'cmd'), topics.zoneCmd('thon-b')], { qos: 1 });
    await server.bus.sendToReceiver('rx-bbb', makeCommand({ type: 'ping', t0: 1 }));
    await server.bus.sendToZone('thon-b', makeCommand({ type: 'ping', t0: 2 }));
    await server.bus.sendToReceiver('rx-aaa', makeCommand({ type: 'ping', t0: 3 }));
    await waitFor(() => aGot.includes(topics.rx('rx-aaa', 'cmd')) && bGot.length === 2, 3000, 'deliveries');
    // Through loa/v1/# A may read only what is its own anyway (its config, its cmd).
    expect(aGot.filter((t) => t !== topics.rx('rx-aaa', 'config'))).toEqual([topics.rx('rx-aaa', 'cmd')]);
    expect(bGot.sort()).toEqual([topics.rx('rx-bbb', 'cmd'), topics.zoneCmd('thon-b')]);
  });

  it("drops A's publish to B's state before it reaches the server", async () => {
    const a = await connect('rx-aaa', secrets['rx-aaa']!);
    const before = server.bus.getStats().received.state;
    await a.publishAsync(topics.rx('rx-bbb', 'state'), JSON.stringify({ v: 1, online: true, fw: 'evil' }), { qos: 1, retain: true });
    await a.publishAsync(topics.rx('rx-aaa', 'state'), JSON.stringify({ v: 1, online: true, fw: 'honest' }), { qos: 1 });
    await waitFor(async () => (await server.receivers.get('rx-aaa'))?.fw === 'honest', 3000, "A's own state");
    expect(server.bus.getStats().received.state).toBe(before + 1);
    expect((await server.receivers.get('rx-bbb'))!.fw).toBeNull();
  });

  it('airs a broadcast end to end through Mosquitto to a real receiver agent', async () => {
    const cacheDir = path.join(dataDir, 'agent-cache');
    const acks: string[] = [];
    for (const id of ['rx-aaa', 'rx-bbb']) {
      const agent = new ReceiverAgent({ id, secret: secrets[id]!, mqttUrl: broker.url, cacheDir: path.join(cacheDir, id), player: 'none', playbackSpeed: 20, reconnectPeriodMs: 200 });
      // Pongs answer the server's clock pings; only the broadcast's acks matter here.
      agent.on('ack', (ack) => ack.state !== 'pong' && acks.push(`${id}:${ack.state}`));
      await agent.start();
      agents.push(agent);
    }
    const res = await api('POST', '/api/v1/broadcasts', { title: 'Thông báo', text: 'Xin chào bà con thôn A.', zoneIds: ['thon-a'], priority: 'normal' });
    expect(res.status).toBe(201);
    const view = await waitFor(async () => {
      const b = (await api('GET', `/api/v1/broadcasts/${res.body.id}`)).body;
      return b.status === 'done' ? b : null;
    }, 20_000, 'broadcast done');
    expect(view.deliveries).toMatchObject([{ receiverId: 'rx-aaa', state: 'done' }]);
    expect(acks.filter((a) => a.startsWith('rx-aaa:'))).toEqual(['rx-aaa:received', 'rx-aaa:downloaded', 'rx-aaa:playing', 'rx-aaa:done']);
    expect(acks.filter((a) => a.startsWith('rx-bbb:'))).toEqual([]);
    for (const a of agents.splice(0)) await a.stop();
  });

  it('takes a rotated secret after regeneration, and disconnects whoever holds the old one', async () => {
    const old = await connect('rx-bbb', secrets['rx-bbb']!, { clientId: 'rx-bbb' });
    const closed = new Promise<void>((r) => old.once('close', () => r()));
    const rotated = await api('POST', '/api/v1/receivers/rx-bbb/secret');
    expect(rotated.status).toBe(200);
    await regenerate();
    await closed;
    await expect(connect('rx-bbb', secrets['rx-bbb']!)).rejects.toThrow(/Not authorized|Bad username or password/);
    await expect(connect('rx-bbb', rotated.body.secret)).resolves.toBeTruthy();
    secrets['rx-bbb'] = rotated.body.secret;
  });

  it('disconnects a deleted receiver after regeneration, and refuses it afterwards', async () => {
    const b = await connect('rx-bbb', secrets['rx-bbb']!);
    const closed = new Promise<void>((r) => b.once('close', () => r()));
    const res = await fetch(`http://127.0.0.1:${server.httpPort}/api/v1/receivers/rx-bbb`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(204);
    await regenerate();
    await closed;
    await expect(connect('rx-bbb', secrets['rx-bbb']!)).rejects.toThrow(/Not authorized|Bad username or password/);
  });

  it('closes the connection of a receiver sending a packet over 64 KiB (max_packet_size)', async () => {
    const a = await connect('rx-aaa', secrets['rx-aaa']!);
    const closed = new Promise<void>((r) => a.once('close', () => r()));
    const before = server.bus.getStats().received.telemetry;
    a.publish(topics.rx('rx-aaa', 'telemetry'), JSON.stringify({ v: 1, at: new Date().toISOString(), pad: 'x'.repeat(MAX_RECEIVER_PACKET_BYTES) }), { qos: 0 });
    await closed;
    expect(server.bus.getStats().received.telemetry).toBe(before);
  });

  it("stops handing a moved receiver's live session its old hamlet's commands after regeneration", async () => {
    const a = await connect('rx-aaa', secrets['rx-aaa']!);
    const got: string[] = [];
    a.on('message', (topic) => got.push(topic));
    await a.subscribeAsync([topics.rx('rx-aaa', 'cmd'), topics.zoneCmd('thon-a')], { qos: 1 });
    expect((await api('PATCH', '/api/v1/receivers/rx-aaa', { zoneId: 'thon-b' })).status).toBe(200);
    await regenerate();
    await server.bus.sendToZone('thon-a', makeCommand({ type: 'volume', level: 20 }));
    // Sent after it on the same connection: once this has arrived, the other would have too.
    await server.bus.sendToReceiver('rx-aaa', makeCommand({ type: 'ping', t0: 4 }));
    await waitFor(() => got.includes(topics.rx('rx-aaa', 'cmd')), 5000, 'the marker');
    expect(got).not.toContain(topics.zoneCmd('thon-a'));
  });
});
