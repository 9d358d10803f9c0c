// Alerts reach the technician without the panel: a receiver that goes dark
// is one e-mail (to a local SMTP server) and one webhook call; a hamlet that
// goes dark at once is one summary; coming back is one notice.
import http from 'node:http';
import type net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';
import { TestFleet } from '../helpers/agents.js';

interface Mail {
  to: string;
  subject: string;
  body: string;
}

let t: TestServer;
let fleet: TestFleet;
let smtp: SMTPServer;
let hook: http.Server;
const mails: Mail[] = [];
const calls: { type: string; subject: string; data: any }[] = [];
const secrets = new Map<string, string>();

async function listen(server: { listen: (port: number, host: string, cb: () => void) => unknown }, address: () => net.AddressInfo): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return address().port;
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        const [head, ...rest] = raw.split(/\r?\n\r?\n/);
        const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(head!)?.[1] ?? '';
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject: decodeMime(subject), body: rest.join('\n\n') });
        cb();
      });
    },
  });
  const smtpPort = await listen(smtp.server, () => smtp.server.address() as net.AddressInfo);
  hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      calls.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  const hookPort = await listen(hook, () => hook.address() as net.AddressInfo);

  t = await startTestServer({
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    ALERT_EMAIL_TO: 'kythuat@xa.test',
    ALERT_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/alerts`,
    // The zones' own webhook below is on this machine: internal, so allowed by name.
    ALERT_WEBHOOK_ALLOW: '127.0.0.1',
    ALERT_OFFLINE_MIN: '0',
    ALERT_CHECK_S: '1',
  });
  fleet = new TestFleet(t.server.receiverMqttUrl);
  await t.api('POST', '/api/v1/zones', { id: 'xa-test', name: 'Xã Thử' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa-test' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-tay', name: 'Thôn Tây', parentId: 'xa-test' });
  for (const [id, zoneId] of [
    ['rx-d1', 'thon-dong'],
    ['rx-d2', 'thon-dong'],
    ['rx-d3', 'thon-dong'],
    ['rx-t1', 'thon-tay'],
    ['rx-t2', 'thon-tay'],
  ] as const) {
    const res = await t.api('POST', '/api/v1/receivers', { id, name: `Cụm loa ${id.slice(3).toUpperCase()}`, zoneId });
    expect(res.status).toBe(201);
    secrets.set(id, res.body.secret);
  }
  for (const [id, secret] of secrets) await fleet.start(id, secret);
  await waitFor(async () => (await t.api('GET', '/api/v1/receivers')).body.every((r: any) => r.online), 10_000, 'all receivers online');
});

afterAll(async () => {
  await fleet?.close();
  await t?.close();
  await new Promise((r) => smtp?.close(() => r(undefined)));
  hook?.close();
});

const settle = () => new Promise((r) => setTimeout(r, 3500)); // three checks

describe('alerts by e-mail and webhook', () => {
  it('a healthy fleet sends nothing', async () => {
    await settle();
    expect(mails).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('one receiver offline: one mail and one webhook call, however many checks pass', async () => {
    await fleet.stop('rx-t1');
    await waitFor(() => mails.length >= 1 && calls.length >= 1, 15_000, 'the offline alert');
    await settle();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe('kythuat@xa.test');
    expect(mails[0]!.subject).toContain('Cụm loa T1');
    expect(mails[0]!.subject).toContain('mất kết nối');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ type: 'receiver.offline', data: { receiverId: 'rx-t1', zoneId: 'thon-tay', zoneName: 'Thôn Tây' } });
  });

  it('a whole hamlet dark at once: one summary, not one per receiver', async () => {
    mails.length = 0;
    calls.length = 0;
    await Promise.all(['rx-d1', 'rx-d2', 'rx-d3'].map((id) => fleet.stop(id)));
    await waitFor(() => calls.length >= 1, 15_000, 'the hamlet summary');
    await settle();
    expect(calls.map((c) => c.type)).toEqual(['zone.offline']);
    expect(calls[0]!.data.zoneId).toBe('thon-dong');
    expect(calls[0]!.data.receivers.map((r: any) => r.id).sort()).toEqual(['rx-d1', 'rx-d2', 'rx-d3']);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('Thôn Đông');
    expect(mails[0]!.body).toContain('rx-d2');
  });

  it('back online: one notice', async () => {
    mails.length = 0;
    calls.length = 0;
    await fleet.start('rx-t1', secrets.get('rx-t1')!);
    await waitFor(() => calls.length >= 1, 15_000, 'the back-online notice');
    await settle();
    expect(calls.map((c) => c.type)).toEqual(['receiver.online']);
    expect(calls[0]!.data.receivers).toEqual([{ id: 'rx-t1', name: 'Cụm loa T1' }]);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('đã kết nối lại');
  });

  it("a zone's own thresholds hold: a hamlet set to wait an hour is not told of a receiver gone a moment", async () => {
    expect((await t.api('PATCH', '/api/v1/settings?zoneId=thon-tay', { alertOfflineMinutes: 60 })).status).toBe(200);
    mails.length = 0;
    calls.length = 0;
    await fleet.stop('rx-t2');
    await waitFor(async () => !(await t.api('GET', '/api/v1/receivers/rx-t2')).body.online, 10_000, 'rx-t2 offline');
    await settle();
    await settle();
    expect(calls).toEqual([]);
    expect(mails).toEqual([]);
    // The panel's alert list agrees with what was (not) sent: rx-t2 is not due yet, the dark hamlet's are.
    const listed = (await t.api('GET', '/api/v1/fleet/alerts')).body.map((a: any) => a.receiverId);
    expect(listed).not.toContain('rx-t2');
    expect(listed).toEqual(expect.arrayContaining(['rx-d1', 'rx-d2', 'rx-d3']));
    const own = await t.api('PATCH', '/api/v1/settings?zoneId=thon-tay', { alertOfflineMinutes: 1 });
    expect(own.body.alertOfflineMinutes).toBe(1);
  });

  it("a zone's own recipients get its notices instead of the server's", async () => {
    const theirs: any[] = [];
    const hook2 = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        theirs.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    const port = await listen(hook2, () => hook2.address() as net.AddressInfo);
    try {
      expect((await t.api('PATCH', '/api/v1/settings?zoneId=thon-dong', { alertEmails: ['nope'] })).status).toBe(400);
      expect((await t.api('PATCH', '/api/v1/settings?zoneId=thon-dong', { alertWebhookUrl: 'ftp://127.0.0.1/x' })).status).toBe(400);
      const set = await t.api('PATCH', '/api/v1/settings?zoneId=thon-dong', { alertEmails: ['truongthon@xa.test'], alertWebhookUrl: `http://127.0.0.1:${port}/thon-dong` });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ alertEmails: ['truongthon@xa.test'] });
      // Elsewhere the server's recipients still hold.
      expect((await t.api('GET', '/api/v1/settings?zoneId=thon-tay')).body).toMatchObject({ alertEmails: ['kythuat@xa.test'] });
      mails.length = 0;
      calls.length = 0;
      await fleet.start('rx-d1', secrets.get('rx-d1')!);
      await waitFor(() => theirs.length >= 1 && mails.length >= 1, 15_000, "the zone's notice");
      await settle();
      expect(theirs.map((c) => [c.type, c.data.zoneId])).toEqual([['receiver.online', 'thon-dong']]);
      expect(calls).toEqual([]);
      expect(mails.map((m) => m.to)).toEqual(['truongthon@xa.test']);
    } finally {
      hook2.close();
    }
  });
});

/** Subjects with Vietnamese letters arrive as RFC 2047 encoded words. */
function decodeMime(s: string): string {
  return s.replace(/\r?\n[ \t]/g, '').replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}
