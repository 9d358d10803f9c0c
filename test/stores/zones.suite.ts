import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { ZoneService } from '../../src/zones/service.js';
import type { MakeDb } from './harness.js';

export function zoneStoreSuite(makeDb: MakeDb): void {
  describe('zones', () => {
    let db: Db;
    let zones: ZoneService;
    beforeEach(async () => {
      db = await makeDb();
      zones = new ZoneService(db);
      await zones.create({ id: 'xa', name: 'Xã Bình Minh' });
      await zones.create({ id: 'thon-1', name: 'Thôn 1', parentId: 'xa' });
      await zones.create({ id: 'thon-2', name: 'Thôn 2', parentId: 'xa' });
      await zones.create({ id: 'cum-1a', name: 'Cụm 1A', parentId: 'thon-1' });
    });

    it('stores the tree with kinds derived from the depth, and refuses duplicates and orphans', async () => {
      expect(await zones.get('xa')).toMatchObject({ kind: 'commune', parent_id: null, name: 'Xã Bình Minh' });
      expect(await zones.get('thon-1')).toMatchObject({ kind: 'hamlet', parent_id: 'xa' });
      expect(await zones.get('cum-1a')).toMatchObject({ kind: 'cluster', parent_id: 'thon-1' });
      expect((await zones.list()).map((z) => z.id).sort()).toEqual(['cum-1a', 'thon-1', 'thon-2', 'xa']);
      await expect(zones.create({ id: 'thon-1', name: 'again', parentId: 'xa' })).rejects.toMatchObject({ status: 409 });
      await expect(zones.create({ id: 'thon-9', name: 'x', parentId: 'nowhere' })).rejects.toThrow(/does not exist/);
    });

    it('lists the tree in tree order, siblings in Vietnamese order (not by character code)', async () => {
      for (const [id, name] of [
        ['thon-tay', 'Thôn Tây'],
        ['thon-dong', 'Thôn Đông'],
        ['ap-moi', 'Ấp Mới'],
        ['an-binh', 'An Bình'],
        ['thon-10', 'Thôn 10'],
      ]) {
        await zones.create({ id: id!, name: name!, parentId: 'xa' });
      }
      await zones.create({ id: 'xa-2', name: 'Xã An Phú' });
      await zones.create({ id: 'xa2-thon', name: 'Thôn Bến', parentId: 'xa-2' });
      expect((await new ZoneService(db).list()).map((z) => z.name)).toEqual([
        'Xã An Phú',
        'Thôn Bến',
        'Xã Bình Minh',
        'An Bình',
        'Ấp Mới',
        'Thôn 1',
        'Cụm 1A',
        'Thôn 2',
        'Thôn 10',
        'Thôn Đông',
        'Thôn Tây',
      ]);
    });

    it('answers lineage, subtree and the minimal cover', async () => {
      expect(await zones.lineage('cum-1a')).toEqual(['cum-1a', 'thon-1', 'xa']);
      expect([...(await zones.subtree(['thon-1']))].sort()).toEqual(['cum-1a', 'thon-1']);
      expect([...(await zones.subtree(['no-such-zone']))]).toEqual([]);
      expect((await zones.minimalCover(['thon-1', 'cum-1a', 'thon-2'])).sort()).toEqual(['thon-1', 'thon-2']);
    });

    it('keeps quiet hours, read back by a fresh service (no cache)', async () => {
      await zones.setQuietHours('thon-2', { from: '22:00', to: '05:00' });
      const fresh = new ZoneService(db);
      expect(await fresh.get('thon-2')).toMatchObject({ quiet_from: '22:00', quiet_to: '05:00' });
      expect([...(await fresh.quietAt(new Date('2027-02-06T16:00:00Z'), 'Asia/Ho_Chi_Minh'))]).toEqual(['thon-2']);
    });
  });
}
