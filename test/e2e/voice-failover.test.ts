// A failover chain of cloud voices on the real server, against the vendors'
// fakes: a vendor down, over quota or hanging hands over to the next voice,
// the broadcast records which voice spoke, a scheduled occurrence airs on
// time with every cloud voice down, and the monthly character limit skips a
// vendor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFleet } from '../helpers/agents.js';
import { startFakeFpt, startFakeViettel, type FakeTts } from '../fakes/vietnamese-tts.js';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
let fpt: FakeTts;
let viettel: FakeTts;
let fleet: TestFleet;

beforeAll(async () => {
  [fpt, viettel] = await Promise.all([startFakeFpt({ apiKey: 'fpt-key', readyAfterMs: 200 }), startFakeViettel({ token: 'vt-token' })]);
  t = await startTestServer({
    LOA_VOICE: 'fpt:banmai,viettel:hn-quynhanh,espeak:vi',
    FPT_AI_API_KEY: 'fpt-key',
    FPT_AI_URL: fpt.url,
    VIETTEL_AI_TOKEN: 'vt-token',
    VIETTEL_AI_URL: viettel.url,
    VIETTEL_AI_MONTHLY_CHARS: '100',
    VOICE_TIMEOUT_S: '2',
    LEAD_TIME_MS: '1500',
    RENDER_AHEAD_MIN: '1',
  });
  fleet = new TestFleet(t.server.receiverMqttUrl);
  await t.api('POST', '/api/v1/zones', { id: 'thon-1', name: 'Thôn 1' });
  const { secret } = (await t.api('POST', '/api/v1/receivers', { id: 'rx-1', name: 'rx-1', zoneId: 'thon-1' })).body;
  await fleet.start('rx-1', secret);
  await waitFor(async () => (await t.api('GET', '/api/v1/receivers')).body.every((r: any) => r.online), 20_000, 'online');
});

afterAll(async () => {
  await fleet?.close();
  await t?.close();
  await Promise.all([fpt?.close(), viettel?.close()]);
});

const broadcast = async (id: string) => (await t.api('GET', `/api/v1/broadcasts/${id}`)).body;

describe('a failover chain', () => {
  it('speaks with the first voice while its vendor works', async () => {
    const res = await t.api('POST', '/api/v1/broadcasts', { title: 'Tiêm chủng', text: 'Sáng mai trạm y tế tiêm phòng cho trẻ.', zoneIds: ['thon-1'] });
    expect(res.status).toBe(201);
    expect(res.body.voice).toBe('fpt:banmai');
    expect(fpt.requests.at(-1)!.text).toMatch(/trạm y tế tiêm phòng/);
  });

  it('hands over to the next voice when the first vendor is down, records it, and airs', async () => {
    fpt.failAlways('down');
    const before = viettel.requests.length;
    const res = await t.api('POST', '/api/v1/broadcasts', { title: 'Họp thôn', text: 'Tối nay họp thôn tại nhà văn hóa.', zoneIds: ['thon-1'] });
    expect(res.status).toBe(201);
    expect(res.body.voice).toBe('viettel:hn-quynhanh');
    expect(viettel.requests.length).toBe(before + 1);
    const done = await waitFor(async () => ((await broadcast(res.body.id)).status === 'done' ? broadcast(res.body.id) : null), 30_000, 'broadcast done');
    expect(done.voice).toBe('viettel:hn-quynhanh');
  });

  it('falls to eSpeak when one vendor is over quota and the next hangs past the timeout', async () => {
    fpt.failAlways('quota');
    viettel.failAlways('hang');
    const res = await t.api('POST', '/api/v1/emergency', { title: 'Khẩn cấp', text: 'Nước sông đang lên nhanh, bà con di chuyển lên chỗ cao.', zoneIds: ['thon-1'], repeat: 1 });
    expect(res.status).toBe(201);
    expect(res.body.voice).toBe('espeak:vi');
    fpt.failAlways(null);
    viettel.failAlways(null);
  });

  it('airs a scheduled occurrence on time with every cloud voice down', async () => {
    fpt.failAlways('down');
    viettel.failAlways('down');
    const at = new Date(Date.now() + 20_000);
    const created = await t.api('POST', '/api/v1/schedules', { title: 'Phát thanh', text: 'Chương trình phát thanh của xã xin bắt đầu.', zoneIds: ['thon-1'], kind: 'once', at: at.toISOString() });
    expect(created.status).toBe(201);
    const occ = await waitFor(async () => {
      const list = (await t.api('GET', `/api/v1/occurrences?from=${new Date(Date.now() - 120_000).toISOString()}`)).body as any[];
      return list.find((o) => o.scheduleId === created.body.id && o.state === 'done');
    }, 60_000, 'occurrence done');
    const b = await broadcast(occ.broadcastId);
    expect(b.voice).toBe('espeak:vi');
    const playing = fleet.acks('rx-1', occ.broadcastId).find((a) => a.state === 'playing')!;
    expect(Date.parse(playing.at)).toBeGreaterThanOrEqual(at.getTime() - 100);
    expect(Date.parse(playing.at) - at.getTime()).toBeLessThan(2000);
    fpt.failAlways(null);
    viettel.failAlways(null);
  });

  it('counts characters per vendor this month and skips a vendor past its limit', async () => {
    const metrics = await (await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    const used = Number(/loa_voice_characters_month\{vendor="viettel"\} (\d+)/.exec(metrics)?.[1]);
    expect(used).toBe([...'Tối nay họp thôn tại nhà văn hóa'].length);
    expect(metrics).toMatch(/loa_voice_characters_limit\{vendor="viettel"\} 100/);
    expect(Number(/loa_voice_characters_month\{vendor="fpt"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(0);

    fpt.failAlways('down');
    const before = viettel.requests.length;
    const text = 'Ủy ban nhân dân xã thông báo lịch thu gom rác thải sinh hoạt trong tháng này: các thôn đặt rác đúng nơi quy định trước bảy giờ sáng, không đổ rác xuống kênh mương.';
    const res = await t.api('POST', '/api/v1/broadcasts', { title: 'Rác thải', text, zoneIds: ['thon-1'] });
    expect(res.status).toBe(201);
    expect(res.body.voice).toBe('espeak:vi');
    expect(viettel.requests.length).toBe(before);
    const catalog = (await t.api('GET', '/api/v1/speech/catalog')).body;
    expect(catalog.usage).toContainEqual(expect.objectContaining({ vendor: 'viettel', chars: used, limit: 100 }));
    expect(catalog.voices).toContainEqual({ id: 'viettel:hcm-diemmy', vendor: 'viettel', label: 'Diễm My', region: 'south', gender: 'female' });
    expect(catalog.defaultVoice).toBe('fpt:banmai,viettel:hn-quynhanh,espeak:vi');
    fpt.failAlways(null);
  });

  it("speaks with the commune's own voice setting when a broadcast names none", async () => {
    expect((await t.api('PATCH', '/api/v1/settings', { defaultVoice: 'not a voice' })).status).toBe(400);
    expect((await t.api('PATCH', '/api/v1/settings', { defaultVoice: 'viettel:hcm-diemmy,espeak:vi-vn-x-south' })).status).toBe(200);
    const res = await t.api('POST', '/api/v1/broadcasts', { title: 'Loa', text: 'Xin chào bà con.', zoneIds: ['thon-1'] });
    expect(res.body.voice).toBe('viettel:hcm-diemmy');
    expect(viettel.requests.at(-1)!.voice).toBe('hcm-diemmy');
    const chosen = await t.api('POST', '/api/v1/broadcasts', { title: 'Loa', text: 'Xin chào bà con.', voice: 'espeak:vi-vn-x-central', zoneIds: ['thon-1'] });
    expect(chosen.body.voice).toBe('espeak:vi-vn-x-central');
    await t.api('PATCH', '/api/v1/settings', { defaultVoice: '' });
  });

  it('refuses an unknown voice in a chain with a 400', async () => {
    const res = await t.api('POST', '/api/v1/broadcasts', { title: 'x', text: 'Thông báo.', voice: 'fpt:banmai,zalo:9', zoneIds: ['thon-1'] });
    expect(res.status).toBe(400);
    expect(res.body.error ?? res.body.message ?? JSON.stringify(res.body)).toMatch(/zalo:9/);
  });
});
