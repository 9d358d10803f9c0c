// A commune's admin sets the alert webhook URL, and the server POSTs to it
// from inside the commune's network: it reached loopback (the server's own
// ports), the LAN and a cloud's metadata service (169.254.169.254). Such a
// URL is now refused when set (400 webhook_not_allowed) unless
// ALERT_WEBHOOK_ALLOW names it, and a name that resolves to one is refused at
// each call (the connection goes to the address that was checked). The
// operator's own ALERT_WEBHOOK_URL goes anywhere.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookAddresses } from '../../src/alerts/channels.js';
import { WebhookChannel } from '../../src/notify/webhook.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
let hook: http.Server;
let hookPort = 0;
const calls: string[] = [];

beforeAll(async () => {
  hook = http.createServer((req, res) => {
    calls.push(req.url ?? '');
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  hookPort = (hook.address() as AddressInfo).port;
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa-web', name: 'Xã Web' });
});

afterAll(async () => {
  await t?.close();
  await new Promise((r) => hook?.close(r));
});

const notice = { type: 'receiver_offline', subject: 'Cụm loa mất kết nối', text: 'Cụm loa thôn Đông mất kết nối', at: new Date().toISOString(), data: {} };

describe('a zone\'s alert webhook URL', () => {
  it.each([
    ['loopback', () => `http://127.0.0.1:${hookPort}/x`],
    ['a cloud\'s metadata service', () => 'http://169.254.169.254/latest/meta-data/'],
    ['the LAN', () => 'http://192.168.1.1/hook'],
    ['IPv6 loopback', () => 'http://[::1]:8080/hook'],
    ['a name that resolves to loopback', () => `http://localhost:${hookPort}/x`],
  ])('reaching %s is refused when set: 400 webhook_not_allowed, nothing kept', async (_name, url) => {
    const res = await t.api('PATCH', '/api/v1/settings?zoneId=xa-web', { alertWebhookUrl: url() });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('webhook_not_allowed');
    expect((await t.api('GET', '/api/v1/settings?zoneId=xa-web')).body.alertWebhookUrl).toBe('');
  });

  it('a public URL is kept', async () => {
    const res = await t.api('PATCH', '/api/v1/settings?zoneId=xa-web', { alertWebhookUrl: 'http://203.0.113.7/loa' });
    expect(res.status).toBe(200);
    expect(res.body.alertWebhookUrl).toBe('http://203.0.113.7/loa');
  });

  it('a name that resolves inside at the time of the call is refused then, and nothing reaches it; allowed by name or address, it is called', async () => {
    calls.length = 0;
    const refusing = new WebhookChannel(`http://localhost:${hookPort}/refused`, { addresses: webhookAddresses([]) });
    await expect(refusing.send(notice)).rejects.toMatchObject({ code: 'webhook_not_allowed' });
    const literal = new WebhookChannel(`http://127.0.0.1:${hookPort}/refused`, { addresses: webhookAddresses([]) });
    await expect(literal.send(notice)).rejects.toMatchObject({ code: 'webhook_not_allowed' });
    expect(calls).toEqual([]);
    await new WebhookChannel(`http://localhost:${hookPort}/by-name`, { addresses: webhookAddresses(['localhost']) }).send(notice);
    await new WebhookChannel(`http://127.0.0.1:${hookPort}/by-address`, { addresses: webhookAddresses(['127.0.0.0/8']) }).send(notice);
    // The operator's own URL (no address policy) goes anywhere.
    await new WebhookChannel(`http://127.0.0.1:${hookPort}/operator`).send(notice);
    expect(calls).toEqual(['/by-name', '/by-address', '/operator']);
  });
});
