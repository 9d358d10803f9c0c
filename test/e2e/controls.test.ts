// Controls that stick and the amplifier, end to end on real parts: the
// server, its broker, and reference agents from devices/.
//  - a volume the technician sets survives the receiver's reconnect, a reboot
//    and a server restart (the retained config carries it);
//  - a command to an offline receiver: volume and amplifier wait for it
//    (202 "waiting"), one-off commands are refused (409);
//  - amplifier off + manual policy: the delivery fails "amplifier off" and
//    coverage does not count it; auto: it plays and the amplifier is off again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiverAgent } from '../../devices/agent.js';
import type { ReceiverConfig } from '../../src/mqtt/protocol.js';
import { startServer, type RunningServer } from '../../src/app.js';
import { createLogger } from '../../src/log.js';
import { TestFleet } from '../helpers/agents.js';
import { freePort } from '../helpers/ports.js';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
let restarted: RunningServer | null = null;
let fleet: TestFleet;
const secrets = new Map<string, string>();

async function stopAgent(id: string): Promise<void> {
  // Seen online first: otherwise an "offline" left from before would pass
  // the wait below while the agent's own "online" is still on its way.
  await waitFor(async () => (await t.api('GET', `/api/v1/receivers/${id}`)).body.online === true, 10_000, `${id} online`);
  await fleet.stop(id);
  await waitFor(async () => (await t.api('GET', `/api/v1/receivers/${id}`)).body.online === false, 10_000, `${id} offline`);
}

const receiver = async (id: string) => (await t.api('GET', `/api/v1/receivers/${id}`)).body;
const nextConfig = (agent: ReceiverAgent) => new Promise<ReceiverConfig>((resolve) => agent.once('config', resolve));

beforeAll(async () => {
  // Fixed ports, so a restarted server is where the receivers look for it.
  t = await startTestServer({ PORT: String(await freePort()), MQTT_PORT: String(await freePort()) });
  fleet = new TestFleet(t.server.receiverMqttUrl, { playbackSpeed: 4 });
  await t.api('POST', '/api/v1/zones', { id: 'xa-an-binh', name: 'Xã An Bình' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-trung', name: 'Thôn Trung', parentId: 'xa-an-binh' });
  for (const id of ['rx-vol', 'rx-amp']) {
    const res = await t.api('POST', '/api/v1/receivers', { id, name: `Cụm loa ${id}`, zoneId: 'thon-trung' });
    expect(res.status).toBe(201);
    secrets.set(id, res.body.secret);
  }
  for (const [id, secret] of secrets) await fleet.start(id, secret);
  await waitFor(async () => (await t.api('GET', '/api/v1/receivers')).body.every((r: any) => r.online), 10_000, 'receivers online');
});

afterAll(async () => {
  await fleet?.close();
  await restarted?.stop();
  await t?.close();
});

describe('a volume the technician sets sticks', () => {
  it('set 30, drop the connection, reconnect: the receiver applies 30 and the API shows 30', async () => {
    const set = await t.api('POST', '/api/v1/receivers/rx-vol/commands', { type: 'volume', level: 30 });
    expect(set.status).toBe(202);
    expect(set.body).toMatchObject({ status: 'sent', cmdId: expect.any(String) });
    await waitFor(async () => (await receiver('rx-vol')).volume === 30, 10_000, 'volume 30 reported');
    expect((await receiver('rx-vol')).volumeSet).toBe(30);

    // A power cut on the link: the retained config it gets back must say 30.
    const agent = fleet.agents.get('rx-vol')!;
    const config = nextConfig(agent);
    (agent as any).client.stream.destroy();
    await waitFor(async () => (await receiver('rx-vol')).online === false, 10_000, 'offline after the drop');
    await waitFor(async () => (await receiver('rx-vol')).online === true, 15_000, 'online again');
    expect((await config).volume).toBe(30);
    expect(agent.state.volume).toBe(30);
    expect((await receiver('rx-vol')).volume).toBe(30);

    // A reboot: a new agent starts at its default 70 and takes 30 from the config.
    await stopAgent('rx-vol');
    const rebooted = await fleet.create('rx-vol', secrets.get('rx-vol')!, { volume: 70 });
    const rebootConfig = nextConfig(rebooted);
    await rebooted.start();
    expect((await rebootConfig).volume).toBe(30);
    await waitFor(async () => (await receiver('rx-vol')).volume === 30 && rebooted.state.volume === 30, 10_000, 'rebooted receiver at 30');
  });

  it('a volume and an amplifier for an offline receiver wait for it; one-off commands are refused', async () => {
    await stopAgent('rx-vol');
    const set = await t.api('POST', '/api/v1/receivers/rx-vol/commands', { type: 'volume', level: 45 });
    expect(set.status).toBe(202);
    expect(set.body).toMatchObject({ status: 'waiting', cmdId: null });
    expect(Date.parse(set.body.offlineSince)).toBeGreaterThan(0);
    const r = await receiver('rx-vol');
    expect(r).toMatchObject({ online: false, volume: 30, volumeSet: 45 });

    for (const body of [{ type: 'reboot' }, { type: 'stop' }, { type: 'ping' }]) {
      const refused = await t.api('POST', '/api/v1/receivers/rx-vol/commands', body);
      expect(refused.status, body.type).toBe(409);
      expect(refused.body.error).toMatch(/mất kết nối/);
      expect(refused.body.code).toBe('receiver_offline');
    }
    const tone = await t.api('POST', '/api/v1/receivers/rx-vol/test-tone');
    expect(tone.status).toBe(409);

    await fleet.start('rx-vol', secrets.get('rx-vol')!);
    await waitFor(async () => (await receiver('rx-vol')).volume === 45, 10_000, 'waiting volume applied on return');
    expect(fleet.agents.get('rx-vol')!.state.volume).toBe(45);
  });

  it('is kept across a server restart', async () => {
    expect((await t.api('POST', '/api/v1/receivers/rx-vol/commands', { type: 'volume', level: 30 })).status).toBe(202);
    await waitFor(async () => (await receiver('rx-vol')).volume === 30, 10_000, 'volume 30');
    const config = t.server.config;
    await t.server.stop();
    restarted = await startServer(config, createLogger('silent'));
    const api = async (p: string) => (await fetch(`http://127.0.0.1:${restarted!.httpPort}${p}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json() as Promise<any>;
    const agent = fleet.agents.get('rx-vol')!;
    await waitFor(async () => (await api('/api/v1/receivers/rx-vol')).online === true && (await api('/api/v1/receivers/rx-amp')).online === true, 60_000, 'receivers back after the restart');
    // The restart re-publishes every retained config: it must carry 30, not the level the receiver was created with.
    await waitFor(async () => (await api('/api/v1/receivers/rx-vol')).volume === 30 && agent.state.volume === 30, 10_000, 'still 30 after the restart');
    expect(await api('/api/v1/receivers/rx-vol')).toMatchObject({ volume: 30, volumeSet: 30 });
  });
});

describe('the amplifier', () => {
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${(restarted ?? t.server).httpPort}${p}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (res.status === 204 ? null : await res.json()) as any };
  };
  const broadcast = async (title: string) => {
    const res = await api('POST', '/api/v1/broadcasts', { title, text: 'Ủy ban nhân dân xã thông báo lịch tiêm phòng cho đàn gia súc.', receiverIds: ['rx-amp'] });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const finished = (id: string) =>
    waitFor(async () => {
      const b = (await api('GET', `/api/v1/broadcasts/${id}`)).body;
      return ['done', 'failed', 'partial'].includes(b.status) ? b : null;
    }, 30_000, `broadcast ${id} finished`);

  it('off with the manual policy: the delivery fails "amplifier off" and coverage does not count it', async () => {
    expect((await api('PATCH', '/api/v1/receivers/rx-amp', { ampPolicy: 'manual' })).body.ampPolicy).toBe('manual');
    const off = await api('POST', '/api/v1/receivers/rx-amp/commands', { type: 'power', on: false });
    expect(off.body.status).toBe('sent');
    await waitFor(async () => (await api('GET', '/api/v1/receivers/rx-amp')).body.power === 'off', 10_000, 'amplifier off');
    expect((await api('GET', '/api/v1/receivers/rx-amp')).body.powerSet).toBe('off');

    const id = await broadcast('Lịch tiêm phòng');
    const b = await finished(id);
    expect(b.status).toBe('failed');
    expect(b.deliveries).toMatchObject([{ receiverId: 'rx-amp', state: 'failed', error: 'amplifier off' }]);
    expect(fleet.acks('rx-amp', id).map((a) => a.state)).not.toContain('playing');
    const coverage = (await api('GET', `/api/v1/broadcasts/${id}/coverage`)).body;
    expect(coverage.broadcast.counts).toEqual({ failed: 1 });
    expect(coverage.zones).toMatchObject([{ zoneId: 'thon-trung', counts: { failed: 1 }, total: 1 }]);
    expect(coverage.zones[0].counts.done).toBeUndefined();
  });

  it('off with the auto policy: it plays with the amplifier on, and the amplifier is off again afterwards', async () => {
    expect((await api('PATCH', '/api/v1/receivers/rx-amp', { ampPolicy: 'auto' })).body.ampPolicy).toBe('auto');
    const agent = fleet.agents.get('rx-amp')!;
    // The policy reaches the receiver through its retained config.
    await waitFor(() => (agent as any).ampPolicy === 'auto', 10_000, 'auto policy applied');
    expect(agent.state.power).toBe('off');
    const switched: boolean[] = [];
    agent.on('power', (on) => switched.push(on));
    let powerWhilePlaying: string | undefined;
    agent.on('ack', (a) => {
      if (a.state === 'playing') powerWhilePlaying = agent.state.power;
    });

    const id = await broadcast('Lịch tiêm phòng (lần 2)');
    const b = await finished(id);
    expect(b.status).toBe('done');
    expect(b.deliveries).toMatchObject([{ receiverId: 'rx-amp', state: 'done' }]);
    expect(powerWhilePlaying).toBe('on');
    await waitFor(async () => (await api('GET', '/api/v1/receivers/rx-amp')).body.power === 'off', 10_000, 'amplifier back off');
    expect(switched).toEqual([true, false]);
    expect(agent.state.power).toBe('off');

    // The month's report counts only what was heard: the item the amplifier silenced is not "done".
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const report = (await api('GET', `/api/v1/reports/monthly?month=${month}`)).body;
    expect(report.totals).toMatchObject({ broadcasts: 2, deliveries: 2, done: 1, successRate: 0.5 });
  });

  it("follows the zone's amplifier hours: on inside them, off outside, and the config says so", async () => {
    const agent = fleet.agents.get('rx-amp')!;
    await waitFor(() => agent.state.power === 'off', 10_000, 'amplifier off to begin with');
    // Local HH:mm in the commune's time zone, a given number of minutes from now.
    const local = (minutes: number) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.now() + minutes * 60_000);
    const configured = nextConfig(agent);
    const inside = await api('PUT', '/api/v1/zones/thon-trung/power-schedule', { on: local(-60), off: local(60) });
    expect(inside.status).toBe(200);
    expect((await configured).powerSchedule).toEqual({ on: local(-60), off: local(60) });
    await waitFor(async () => (await api('GET', '/api/v1/receivers/rx-amp')).body.power === 'on', 10_000, 'amplifier on inside its hours');

    const outside = await api('PUT', '/api/v1/zones/thon-trung/power-schedule', { on: local(60), off: local(120) });
    expect(outside.status).toBe(200);
    await waitFor(async () => (await api('GET', '/api/v1/receivers/rx-amp')).body.power === 'off', 10_000, 'amplifier off outside its hours');

    expect((await api('PUT', '/api/v1/zones/thon-trung/power-schedule', { on: '25:00', off: '22:00' })).status).toBe(400);
    expect((await api('PUT', '/api/v1/zones/no-such-zone/power-schedule', { on: '05:00', off: '22:00' })).status).toBe(404);
    const removed = nextConfig(agent);
    expect((await api('DELETE', '/api/v1/zones/thon-trung/power-schedule')).status).toBe(204);
    expect((await removed).powerSchedule).toBeUndefined();
  });
});
