import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import type { MediaRow } from '../../src/db/schema.js';
import type { Ack, Command } from '../../src/mqtt/protocol.js';
import type { ServerBus } from '../../src/mqtt/bus.js';
import { BroadcastService, type BroadcastView } from '../../src/broadcasts/service.js';
import { Dispatcher } from '../../src/broadcasts/dispatcher.js';
import { ReceiverService } from '../../src/receivers/service.js';
import { SettingsService } from '../../src/settings.js';
import { ZoneService } from '../../src/zones/service.js';
import { admin, log, type MakeDb } from './harness.js';

const SHA = 'ab'.repeat(32);
/** Past 2^31, so the bigint column is exercised (pg returns int8 as a string unless told otherwise). */
const BYTES = 3_000_000_000;

export function broadcastStoreSuite(makeDb: MakeDb): void {
  describe('broadcasts, deliveries and status', () => {
    let db: Db;
    let broadcasts: BroadcastService;
    let dispatcher: Dispatcher;
    let sent: { to: string; cmd: Command }[];
    let rendered: string[];

    beforeEach(async () => {
      db = await makeDb();
      const zones = new ZoneService(db);
      await zones.create({ id: 'xa', name: 'Xã' });
      await zones.create({ id: 'thon-1', name: 'Thôn 1', parentId: 'xa' });
      await zones.create({ id: 'thon-2', name: 'Thôn 2', parentId: 'xa' });
      const receivers = new ReceiverService(db, zones, { timezone: 'Asia/Ho_Chi_Minh', log });
      for (const [id, zoneId] of [['rx-a1', 'thon-1'], ['rx-a2', 'thon-1'], ['rx-b1', 'thon-2']] as const) await receivers.create({ id, name: id, zoneId });
      await db
        .insertInto('media')
        .values({ sha256: SHA, format: 'mp3', bytes: BYTES, duration_ms: 60_000, loudness_i: -16, true_peak: -1.5, source: 'tts', original_name: null, original_path: null, peaks_json: null, created_at: new Date().toISOString() })
        .execute();
      const media = { get: async (sha: string) => db.selectFrom('media').selectAll().where('sha256', '=', sha).executeTakeFirst() };
      rendered = [];
      const speech = {
        render: async (text: string): Promise<MediaRow> => {
          rendered.push(text);
          return (await media.get(SHA))!;
        },
      };
      broadcasts = new BroadcastService(db, zones, { speech, media, publicUrl: 'http://loa.test', defaultExpiryMs: 30 * 60_000, settings: new SettingsService(db) });
      sent = [];
      const bus = {
        sendToZone: async (zoneId: string, cmd: Command) => void sent.push({ to: `zone:${zoneId}`, cmd }),
        sendToReceiver: async (receiverId: string, cmd: Command) => void sent.push({ to: `rx:${receiverId}`, cmd }),
      } as unknown as ServerBus;
      dispatcher = new Dispatcher(db, bus, zones, receivers, broadcasts, media, { leadTimeMs: 0, timezone: 'Asia/Ho_Chi_Minh', log });
    });

    const view = async (id: string): Promise<BroadcastView> => JSON.parse(await broadcasts.viewJson((await broadcasts.get(id))!));
    const ack = (cmdId: string, state: Ack['state'], error?: string): Ack => ({ v: 1, cmdId, state, at: new Date().toISOString(), ...(error && { error }) });

    it('stores a broadcast with its targets, and cancels it exactly once', async () => {
      const b = await broadcasts.create({ title: 'Lịch tiếp dân', text: '  Thông báo lịch tiếp công dân.  ', zoneIds: ['thon-1'], receiverIds: ['rx-b1'], priority: 'normal' }, admin);
      expect(rendered).toEqual(['Thông báo lịch tiếp công dân.']);
      expect(await broadcasts.get(b.id)).toEqual(b);
      expect(await broadcasts.targets(b.id)).toEqual({ zoneIds: ['thon-1'], receiverIds: ['rx-b1'] });
      expect((await broadcasts.page({ status: ['scheduled'] }, undefined, 10)).items.map((x) => x.id)).toEqual([b.id]);
      expect(await broadcasts.page({ status: ['done'] }, undefined, 10)).toEqual({ items: [], more: false });
      expect((await broadcasts.cancel(b.id)).status).toBe('cancelled');
      await expect(broadcasts.cancel(b.id)).rejects.toMatchObject({ status: 409 });
      await expect(broadcasts.create({ title: 'x', mediaSha256: 'cd'.repeat(32), zoneIds: ['thon-1'], priority: 'normal' }, admin)).rejects.toThrow(/does not exist/);
    });

    it('dispatches once per zone and direct receiver, records one delivery each, and derives the status from the acks', async () => {
      const b = await broadcasts.create({ title: 'Họp thôn', mediaSha256: SHA, zoneIds: ['thon-1'], receiverIds: ['rx-b1', 'rx-a1'], priority: 'normal' }, admin);
      await dispatcher.tick();
      expect(sent.map((s) => s.to).sort()).toEqual(['rx:rx-b1', 'zone:thon-1']);
      const play = sent[0]!.cmd;
      expect(play).toMatchObject({ type: 'play', id: b.cmd_id, broadcastId: b.id, media: { sha256: SHA, bytes: BYTES, durationMs: 60_000, url: `http://loa.test/media/${SHA}.mp3` } });
      expect(typeof (play as { media: { bytes: unknown } }).media.bytes).toBe('number');
      expect((await broadcasts.get(b.id))!.status).toBe('dispatched');
      expect((await view(b.id)).deliveries.map((d) => [d.receiverId, d.state])).toEqual([
        ['rx-a1', 'queued'],
        ['rx-a2', 'queued'],
        ['rx-b1', 'queued'],
      ]);
      // The claim holds: a second pass sends nothing again.
      await dispatcher.tick();
      expect(sent).toHaveLength(2);

      for (const s of ['received', 'downloaded', 'playing', 'done'] as const) await dispatcher.onAck('rx-a1', ack(b.cmd_id, s));
      // Late and repeated acks never move a delivery back.
      await dispatcher.onAck('rx-a1', ack(b.cmd_id, 'received'));
      await dispatcher.onAck('rx-a2', ack(b.cmd_id, 'playing'));
      expect((await broadcasts.get(b.id))!.status).toBe('dispatched');
      // Still open: counted live.
      expect((await broadcasts.get(b.id))!.counts_json).toBeNull();
      expect((await broadcasts.page({}, undefined, 10)).items[0]).toMatchObject({ counts: { done: 1, playing: 1, queued: 1 }, total: 3 });
      await dispatcher.onAck('rx-a2', ack(b.cmd_id, 'done'));
      await dispatcher.onAck('rx-b1', ack(b.cmd_id, 'failed', 'sha256 mismatch'));
      // An ack for a command nobody sent, or from a receiver that was not targeted, changes nothing.
      await dispatcher.onAck('rx-a1', ack('cmd-unknown', 'done'));

      // Final: the counts are kept with the broadcast, and lists read them from there.
      expect(JSON.parse((await broadcasts.get(b.id))!.counts_json!)).toEqual({ done: 2, failed: 1 });
      expect((await broadcasts.page({}, undefined, 10)).items[0]).toMatchObject({ id: b.id, counts: { done: 2, failed: 1 }, total: 3 });
      const v = await view(b.id);
      expect(v.status).toBe('partial');
      expect(v.counts).toEqual({ done: 2, failed: 1 });
      expect(v.total).toBe(3);
      const [a1, a2, b1] = v.deliveries;
      expect(a1).toMatchObject({ receiverId: 'rx-a1', state: 'done' });
      expect(a1!.receivedAt && a1!.downloadedAt && a1!.playingAt && a1!.finishedAt).toBeTruthy();
      expect(a2!.receivedAt).toBe(a2!.playingAt);
      expect(b1).toMatchObject({ state: 'failed', error: 'sha256 mismatch' });
    });

    it('pages newest first, past broadcasts that start at the same instant', async () => {
      const startAt = new Date(Date.now() + 3600_000);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await broadcasts.create({ title: `t${i}`, mediaSha256: SHA, zoneIds: ['thon-1'], priority: 'normal', startAt }, admin)).id);
      const later = await broadcasts.create({ title: 'later', mediaSha256: SHA, zoneIds: ['thon-1'], priority: 'normal', startAt: new Date(startAt.getTime() + 1000) }, admin);
      const seen: string[] = [];
      let before: string | undefined;
      for (;;) {
        const page = await broadcasts.page({}, before, 1);
        seen.push(...page.items.map((b) => b.id));
        if (!page.more) break;
        before = seen.at(-1);
      }
      expect(seen).toEqual([later.id, ...ids.sort().reverse()]);
    });

    it('is done when every delivery is done, and expired when nobody got it in time', async () => {
      const done = await broadcasts.create({ title: 'a', mediaSha256: SHA, zoneIds: ['thon-2'], priority: 'priority' }, admin);
      const now = Date.now();
      const late = await broadcasts.create({ title: 'b', mediaSha256: SHA, zoneIds: ['thon-1'], priority: 'normal', startAt: new Date(now), expiresAt: new Date(now + 1000) }, admin);
      await dispatcher.tick(new Date(now));
      await dispatcher.onAck('rx-b1', ack(done.cmd_id, 'done'));
      expect((await broadcasts.get(done.id))!.status).toBe('done');
      await dispatcher.onAck('rx-a1', ack(late.cmd_id, 'received'));

      await dispatcher.tick(new Date(now + 2000));
      const v = await view(late.id);
      expect(v.status).toBe('expired');
      expect(v.deliveries.map((d) => [d.receiverId, d.state])).toEqual([
        ['rx-a1', 'expired'],
        ['rx-a2', 'expired'],
      ]);
      expect(v.deliveries[0]!.error).toMatch(/stopped at "received"/);
      expect(v.deliveries[1]!.error).toMatch(/offline/);
    });
  });
}
