// HTTPS on the commune LAN, from outside as an operator and a receiver meet
// it: `loa tls init` makes the CA and the certificate, the server runs on
// TLS_CERT/TLS_KEY at a host name that is not localhost, offers the CA at
// /ca.crt, and the reference agent connects over mqtts:// and downloads over
// https:// trusting only that CA, then plays a broadcast.
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiverAgent } from '../../devices/agent.js';
import type { Ack } from '../../src/mqtt/protocol.js';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server.js';
import { HOST, httpsRequest, loaTlsInit, readPem, type TlsEnv } from './helpers.js';
import { toneSource } from '../live/helpers.js';

let dir: string;
let tls: TlsEnv;
let t: TestServer;
let ca: string;
const agents: ReceiverAgent[] = [];

const api = async (method: string, p: string, body?: unknown) => {
  const res = await httpsRequest(t.server.httpPort, p, { ca, method, body, token: ADMIN_TOKEN });
  return { status: res.status, body: res.text ? JSON.parse(res.text) : undefined };
};

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-tls-'));
  tls = await loaTlsInit(dir);
  ca = await readPem(tls.caCert);
  t = await startTestServer({ DATA_DIR: dir, TLS_CERT: tls.serverCert, TLS_KEY: tls.serverKey, MQTT_TLS_PORT: '0' });
});

afterAll(async () => {
  for (const a of agents) await a.stop().catch(() => {});
  await t?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('loa tls init', () => {
  it("makes the commune's CA and a server certificate for the host names and LAN addresses, keys readable only by the owner", async () => {
    for (const key of ['ca.key', 'server.key']) expect((await fs.stat(path.join(dir, 'tls', key))).mode & 0o777).toBe(0o600);
    const caCert = new X509Certificate(ca);
    expect(caCert.ca).toBe(true);
    const server = new X509Certificate(await readPem(tls.serverCert));
    expect(server.ca).toBe(false);
    expect(server.verify(caCert.publicKey)).toBe(true);
    expect(server.checkHost(HOST)).toBe(HOST);
    expect(server.checkHost(os.hostname().toLowerCase())).toBeTruthy();
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    const lan = Object.values(os.networkInterfaces()).flatMap((l) => l ?? []).filter((a) => !a.internal && a.family === 'IPv4').map((a) => a.address);
    for (const ip of lan) expect(server.checkIP(ip)).toBe(ip);
    expect(server.checkHost('elsewhere.test')).toBeUndefined();
    // Within what iPhones (825 days) and Chromium (398) accept.
    expect(Date.parse(server.validTo) - Date.now()).toBeLessThan(398 * 86_400_000);
    // What to set and how to trust it, printed.
    expect(tls.stdout).toContain(`TLS_CERT=${tls.serverCert}`);
    expect(tls.stdout).toContain(`TLS_KEY=${tls.serverKey}`);
    expect(tls.stdout).toMatch(/Android:.*\/ca\.crt/);
    expect(tls.stdout).toMatch(/iPhone:.*\/ca\.crt/);
  });

  it('run again (a new name or address), keeps the CA phones already trust and issues a new server certificate', async () => {
    const again = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-tls-again-'));
    try {
      const first = await loaTlsInit(again);
      const second = await loaTlsInit(again, ['--host', 'loa.xa-binh-minh.test', '--ip', '10.20.30.40']);
      expect(second.stdout).toContain('Giữ CA cũ');
      const caPem = await readPem(second.caCert);
      expect(new X509Certificate(caPem).fingerprint256).toBe(new X509Certificate(await readPem(first.caCert)).fingerprint256);
      const cert = new X509Certificate(await readPem(second.serverCert));
      expect(cert.checkHost('loa.xa-binh-minh.test')).toBeTruthy();
      expect(cert.checkIP('10.20.30.40')).toBe('10.20.30.40');
      expect(cert.verify(new X509Certificate(caPem).publicKey)).toBe(true);
      // Bad input: one clear line, nothing written.
      await expect(loaTlsInit(again, ['--ip', 'not-an-ip'])).rejects.toThrow(/--ip "not-an-ip" is not an IP address/);
    } finally {
      await fs.rm(again, { recursive: true, force: true });
    }
  });
});

describe('the server on TLS_CERT/TLS_KEY', () => {
  it('answers the panel and API over HTTPS at a host name that is not localhost, trusted through the CA only', async () => {
    const health = await httpsRequest(t.server.httpPort, '/healthz', { ca });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok' });
    const panel = await httpsRequest(t.server.httpPort, '/', { ca });
    expect(panel.status).toBe(200);
    expect(panel.text).toContain('<html');
    // Without the CA the certificate is not trusted; plain HTTP is not served.
    await expect(httpsRequest(t.server.httpPort, '/healthz')).rejects.toThrow(/self[- ]signed|unable to verify/i);
    await expect(fetch(`http://127.0.0.1:${t.server.httpPort}/healthz`)).rejects.toThrow();
  });

  it('offers the CA certificate at /ca.crt, without signing in, and never a key', async () => {
    const res = await httpsRequest(t.server.httpPort, '/ca.crt', { ca });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-x509-ca-cert/);
    expect(res.text.trim()).toBe(ca.trim());
    expect(res.text).not.toMatch(/PRIVATE KEY/);
    expect(new X509Certificate(res.text).ca).toBe(true);
  });

  it('refuses TLS_CERT without TLS_KEY, and an http:// PUBLIC_URL with TLS, one line each', async () => {
    await expect(startTestServer({ TLS_CERT: tls.serverCert })).rejects.toThrow(/TLS_CERT and TLS_KEY go together/);
    await expect(startTestServer({ TLS_CERT: tls.serverCert, TLS_KEY: path.join(dir, 'nope.key') })).rejects.toThrow(/TLS_KEY=".*nope\.key" is not a readable file/);
    const notPem = path.join(dir, 'server.der');
    await fs.writeFile(notPem, new X509Certificate(await readPem(tls.serverCert)).raw);
    await expect(startTestServer({ TLS_CERT: notPem, TLS_KEY: tls.serverKey })).rejects.toThrow(/TLS_CERT=".*server\.der" is not a PEM file/);
    await expect(startTestServer({ TLS_CERT: tls.serverCert, TLS_KEY: tls.serverKey, PUBLIC_URL: 'http://192.168.1.10:8080' })).rejects.toThrow(/PUBLIC_URL=.* must start with https:\/\/ when TLS_CERT is set/);
    // The broker's TLS port taken: refused up front, naming the variable.
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((busy.address() as net.AddressInfo).port);
      await expect(startTestServer({ DATA_DIR: path.join(dir, 'busy'), TLS_CERT: tls.serverCert, TLS_KEY: tls.serverKey, MQTT_TLS_PORT: port })).rejects.toThrow(`port ${port} is already in use: set MQTT_TLS_PORT to a free port`);
    } finally {
      busy.close();
    }
  });
});

describe('the reference agent over mqtts:// and https://', () => {
  it('trusting the CA file, connects to the broker with TLS, downloads the media over HTTPS and plays a broadcast', async () => {
    expect(t.server.mqttTlsPort).toBeGreaterThan(0);
    expect((await api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông' })).status).toBe(201);
    const { secret } = (await api('POST', '/api/v1/receivers', { id: 'loa-dong-1', name: 'Loa đầu thôn Đông', zoneId: 'thon-dong' })).body;
    const mqttUrl = `mqtts://127.0.0.1:${t.server.mqttTlsPort}`;

    // Without the CA the broker's certificate is refused.
    const untrusting = new ReceiverAgent({ id: 'loa-dong-1', secret, mqttUrl, cacheDir: path.join(dir, 'cache-x'), player: 'none', reconnectPeriodMs: 60_000, telemetryIntervalMs: 0, logger: silent });
    const refused = new Promise<Error>((resolve) => untrusting.once('linkError', resolve));
    const started = untrusting.start().catch(() => {});
    expect((await refused).message).toMatch(/self[- ]signed|unable to verify|certificate/i);
    await untrusting.stop();
    await started;

    const cacheDir = path.join(dir, 'cache');
    const agent = new ReceiverAgent({ id: 'loa-dong-1', secret, mqttUrl, ca: await fs.readFile(tls.caCert), cacheDir, player: 'none', playbackSpeed: 20, reconnectPeriodMs: 200, telemetryIntervalMs: 0, logger: silent });
    const acks: Ack[] = [];
    agent.on('ack', (a) => acks.push(a));
    await agent.start();
    agents.push(agent);
    await waitFor(async () => (await api('GET', '/api/v1/receivers/loa-dong-1')).body.online, 10_000, 'receiver online over mqtts');

    const created = await api('POST', '/api/v1/broadcasts', { title: 'Lịch tiêm phòng', text: 'Trạm y tế xã thông báo lịch tiêm phòng cho trẻ em.', zoneIds: ['thon-dong'] });
    expect(created.status).toBe(201);
    expect(created.body.mediaUrl).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:${t.server.httpPort}/media/[0-9a-f]{64}\\.mp3$`));
    await waitFor(() => acks.some((a) => a.cmdId && a.state === 'done'), 30_000, 'played');
    expect(acks.map((a) => a.state)).toEqual(expect.arrayContaining(['received', 'downloaded', 'playing', 'done']));
    expect(await fs.readdir(cacheDir)).toContain(`${created.body.mediaSha256}.mp3`);
    await waitFor(async () => (await api('GET', `/api/v1/broadcasts/${created.body.id}`)).body.status === 'done', 10_000, 'broadcast done');
  });

  it('trusting the same CA file, plays a live session streamed over HTTPS', async () => {
    const agent = agents[0]!;
    let heard = 0;
    const states: string[] = [];
    agent.on('liveAudio', (_cmd, chunk) => (heard += chunk.length));
    agent.on('ack', (a) => states.push(a.state));
    const started = await api('POST', '/api/v1/live', { title: 'Thông báo trực tiếp', zoneIds: ['thon-dong'] });
    expect(started.status).toBe(201);
    expect(started.body.streamUrl).toMatch(/^https:\/\//);
    const source = toneSource(1000, 30);
    const push = https.request(`https://127.0.0.1:${t.server.httpPort}/api/v1/live/${started.body.id}/audio`, { method: 'PUT', ca, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' } });
    push.on('error', () => {});
    source.stdout!.pipe(push);
    try {
      await waitFor(() => states.includes('playing') && heard > 8000, 30_000, 'the receiver plays the https stream');
      expect((await api('POST', `/api/v1/live/${started.body.id}/stop`)).status).toBe(200);
      await waitFor(() => states.includes('done'), 15_000, 'done when the session stops');
      expect(states).not.toContain('failed');
    } finally {
      source.kill('SIGKILL');
    }
  });
});

describe("the agent's command line", () => {
  it('with LOA_MQTT_URL=mqtts://… and LOA_CA_FILE, as a vendor runs it, plays a broadcast', async () => {
    const { secret } = (await api('POST', '/api/v1/receivers', { id: 'loa-dong-2', name: 'Loa chợ thôn Đông', zoneId: 'thon-dong' })).body;
    const child = spawn(process.execPath, ['--import', 'tsx', 'devices/agent.ts'], {
      env: {
        ...process.env,
        LOA_RECEIVER_ID: 'loa-dong-2',
        LOA_RECEIVER_SECRET: secret,
        LOA_MQTT_URL: `mqtts://127.0.0.1:${t.server.mqttTlsPort}`,
        LOA_CA_FILE: tls.caCert,
        LOA_PLAYER: 'none',
        LOA_CACHE_DIR: path.join(dir, 'cache-cli'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c));
    child.stderr.on('data', (c: Buffer) => (output += c));
    try {
      await waitFor(async () => (await api('GET', '/api/v1/receivers/loa-dong-2')).body.online, 30_000, `agent online (its output: ${output})`);
      const created = await api('POST', '/api/v1/broadcasts', { title: 'Họp chợ', text: 'Ban quản lý chợ mời bà con tiểu thương họp.', receiverIds: ['loa-dong-2'] });
      expect(created.status).toBe(201);
      const done = await waitFor(async () => {
        const b = (await api('GET', `/api/v1/broadcasts/${created.body.id}`)).body;
        return b.status === 'done' ? b : null;
      }, 30_000, 'played by the agent');
      expect(done.deliveries).toMatchObject([{ receiverId: 'loa-dong-2', state: 'done' }]);
      expect(await fs.readdir(path.join(dir, 'cache-cli'))).toContain(`${created.body.mediaSha256}.mp3`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    }
  });
});

const silent = { info() {}, warn() {}, error() {}, debug() {} };
