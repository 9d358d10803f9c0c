import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { verifySecret } from '../../src/access/secrets.js';
import { verifyMosquittoHash } from '../../src/mqtt/mosquitto.js';
import { ReceiverService, toView } from '../../src/receivers/service.js';
import { ZoneService } from '../../src/zones/service.js';
import { log, type MakeDb } from './harness.js';

export function receiverStoreSuite(makeDb: MakeDb): void {
  describe('receivers', () => {
    let db: Db;
    let receivers: ReceiverService;
    let zones: ZoneService;
    beforeEach(async () => {
      db = await makeDb();
      zones = new ZoneService(db);
      await zones.create({ id: 'xa', name: 'Xã' });
      await zones.create({ id: 'thon-1', name: 'Thôn 1', parentId: 'xa' });
      await zones.create({ id: 'thon-2', name: 'Thôn 2', parentId: 'xa' });
      receivers = new ReceiverService(db, zones, { timezone: 'Asia/Ho_Chi_Minh', log });
    });

    it('provisions with a secret stored only as hashes, for the embedded broker and for Mosquitto', async () => {
      const { receiver, secret } = await receivers.create({ id: 'rx-001', name: 'Cụm loa 1', zoneId: 'thon-1', lat: 21.0285, lon: 105.8542 });
      const row = (await receivers.get('rx-001'))!;
      expect(row).toEqual(receiver);
      expect(row.secret_hash).not.toContain(secret);
      expect(verifySecret(secret, row.secret_hash)).toBe(true);
      expect(verifyMosquittoHash(secret, row.mosquitto_hash!)).toBe(true);
      expect(toView(row)).toMatchObject({ id: 'rx-001', zoneId: 'thon-1', online: false, volume: 70, lat: 21.0285, lon: 105.8542, telemetry: null });
      await expect(receivers.create({ id: 'rx-001', name: 'x', zoneId: 'thon-1' })).rejects.toMatchObject({ status: 409 });
      await expect(receivers.create({ id: 'rx-002', name: 'x', zoneId: 'nowhere' })).rejects.toThrow(/does not exist/);
      await expect(receivers.create({ id: 'loa-server', name: 'x', zoneId: 'thon-1' })).rejects.toThrow(/reserved/);
      // The server's client ids are loa-server-<hex>: a receiver by that id would take over the server's MQTT session.
      await expect(receivers.create({ id: 'loa-server-0a1b2c3d', name: 'x', zoneId: 'thon-1' })).rejects.toThrow(/reserved/);
      await expect(receivers.create({ id: 'LOA-SERVER', name: 'x', zoneId: 'thon-1' })).rejects.toThrow(/reserved/);
      const custom = new ReceiverService(db, zones, { timezone: 'Asia/Ho_Chi_Minh', log, serverAccount: 'loa-xa' });
      await expect(custom.create({ id: 'loa-xa', name: 'x', zoneId: 'thon-1' })).rejects.toThrow(/reserved/);

      const rotated = await receivers.rotateSecret('rx-001');
      const after = (await receivers.get('rx-001'))!;
      expect(verifySecret(secret, after.secret_hash)).toBe(false);
      expect(verifySecret(rotated, after.secret_hash)).toBe(true);
      expect(verifyMosquittoHash(rotated, after.mosquitto_hash!)).toBe(true);
    });

    it('looks up credentials with the zone lineage, and lists by zone subtree', async () => {
      await receivers.create({ id: 'rx-a', name: 'a', zoneId: 'thon-1' });
      await receivers.create({ id: 'rx-b', name: 'b', zoneId: 'thon-2' });
      expect(await receivers.lookup('rx-a')).toMatchObject({ zones: ['thon-1', 'xa'] });
      expect(await receivers.lookup('rx-unknown')).toBeUndefined();
      expect((await receivers.list()).map((r) => r.id)).toEqual(['rx-a', 'rx-b']);
      expect((await receivers.list('xa')).map((r) => r.id)).toEqual(['rx-a', 'rx-b']);
      expect((await receivers.list('thon-2')).map((r) => r.id)).toEqual(['rx-b']);
      expect(await receivers.list('no-such-zone')).toEqual([]);
      const moved = await receivers.update('rx-a', { zoneId: 'thon-2', volume: 55, ampPolicy: 'manual', lat: null });
      // The chosen level is kept apart from the reported one, which only the receiver changes.
      expect(moved).toMatchObject({ zone_id: 'thon-2', volume_set: 55, volume: 70, amp_policy: 'manual', lat: null });
    });

    it('pages by id and searches id and name without case or diacritics, also after a rename', async () => {
      await receivers.create({ id: 'rx-a', name: 'Loa Đầu Làng', zoneId: 'thon-1' });
      await receivers.create({ id: 'rx-b', name: 'Loa Cuối Xóm', zoneId: 'thon-2' });
      await receivers.create({ id: 'RX-C', name: 'Loa chợ', zoneId: 'thon-2' });
      const ids = async (filter: Parameters<ReceiverService['page']>[0], after?: string, limit = 10) => (await receivers.page(filter, after, limit)).views.map((v) => v.id);
      expect(await ids({ q: 'dau lang' })).toEqual(['rx-a']);
      expect(await ids({ q: 'XÓM' })).toEqual(['rx-b']);
      expect(await ids({ q: 'rx-c' })).toEqual(['RX-C']);
      await receivers.update('rx-b', { name: 'Loa Nhà Văn Hóa' });
      expect(await ids({ q: 'xom' })).toEqual([]);
      expect(await ids({ q: 'van hoa' })).toEqual(['rx-b']);
      expect(await receivers.page({ zoneId: 'thon-2' }, undefined, 1)).toMatchObject({ total: 2, more: true, views: [{ id: 'RX-C' }] });
      expect(await receivers.page({ zoneId: 'thon-2' }, 'RX-C', 1)).toMatchObject({ total: 2, more: false, views: [{ id: 'rx-b' }] });
      expect(await receivers.summary()).toEqual({
        total: 3,
        online: 0,
        zones: expect.arrayContaining([
          { zoneId: 'xa', total: 3, online: 0 },
          { zoneId: 'thon-2', total: 2, online: 0 },
        ]),
      });
    });

    it('tracks presence from state and the Last Will, announcing only the transition to online', async () => {
      await receivers.create({ id: 'rx-a', name: 'a', zoneId: 'thon-1' });
      const online: string[] = [];
      receivers.events.on('online', (id) => online.push(id));
      const playing = { broadcastId: 'b-1', cmdId: 'cmd-1', startedAt: '2027-02-06T23:00:00.000Z' };
      await receivers.onState('rx-a', { v: 1, online: true, fw: '1.4.2', volume: 80, power: 'on', playing });
      await receivers.onState('rx-a', { v: 1, online: true, fw: '1.4.2', volume: 80, power: 'on', playing });
      let view = toView((await receivers.get('rx-a'))!);
      expect(view).toMatchObject({ online: true, fw: '1.4.2', volume: 80, power: 'on', playing });
      expect(view.lastSeenAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(online).toEqual(['rx-a']);

      await receivers.onState('rx-a', { v: 1, online: false });
      view = toView((await receivers.get('rx-a'))!);
      expect(view).toMatchObject({ online: false, fw: '1.4.2', playing: null });

      await receivers.onState('rx-a', { v: 1, online: true });
      expect(online).toEqual(['rx-a', 'rx-a']);
      await receivers.markAllOffline();
      expect((await receivers.get('rx-a'))!.online).toBe(0);
      // A state from a receiver the store does not know is ignored, not inserted.
      await receivers.onState('rx-ghost', { v: 1, online: true });
      expect(await receivers.get('rx-ghost')).toBeUndefined();
    });

    it('keeps the latest telemetry, the clock offset and the position', async () => {
      await receivers.create({ id: 'rx-a', name: 'a', zoneId: 'thon-1' });
      const t = { v: 1 as const, at: '2027-02-06T23:00:00.000Z', rssi: -71, network: '4G', uptimeS: 86400, clockOffsetMs: 12.6, lat: 10.5, lon: 106.25 };
      await receivers.onTelemetry('rx-a', t);
      const view = toView((await receivers.get('rx-a'))!);
      expect(view.telemetry).toEqual(t);
      expect(view).toMatchObject({ clockOffsetMs: 13, lat: 10.5, lon: 106.25 });
      await receivers.recordClockOffset('rx-a', -40.4);
      expect((await receivers.get('rx-a'))!.clock_offset_ms).toBe(-40);
      // Unknown receivers: numUpdatedRows is 0 on both backends and nothing is stored.
      await receivers.onTelemetry('rx-ghost', t);
      expect(await receivers.get('rx-ghost')).toBeUndefined();
    });
  });
}
