// The occurrence engine with a controllable clock: what was due while the
// server was down airs late within the grace window, or is reported missed;
// ticking again never makes a second broadcast.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/db/index.js';
import { ZoneService } from '../../src/zones/service.js';
import { SettingsService } from '../../src/settings.js';
import { BroadcastService, type SpeechRenderer } from '../../src/broadcasts/service.js';
import { LocalMediaStore } from '../../src/audio/media-store.js';
import { ScheduleService } from '../../src/scheduling/service.js';
import { OccurrenceEngine } from '../../src/scheduling/occurrences.js';
import { AuditLog } from '../../src/access/audit.js';
import { silentLogger } from '../../src/log.js';

let dir: string;
let database: OpenedDatabase;
const SHA = 'a'.repeat(64);

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-occ-'));
  database = await openDatabase({ dataDir: dir });
});
afterAll(async () => {
  await database?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

it('airs late within grace, reports the rest missed, and never makes two broadcasts for one occurrence', async () => {
  const { db } = database;
  let now = new Date('2027-02-05T16:50:00.000Z'); // 23:50 on giao thừa, local time
  const clock = { now: () => now };
  const zones = new ZoneService(db);
  await zones.create({ id: 'xa', name: 'Xã' });
  await db.insertInto('media').values({ sha256: SHA, format: 'mp3', bytes: 1000, duration_ms: 10_000, loudness_i: -16, true_peak: -2, source: 'upload', original_name: null, original_path: null, peaks_json: null, created_at: now.toISOString() }).execute();
  const settings = new SettingsService(db);
  const media = new LocalMediaStore({ db, dataDir: dir });
  // Schedules here carry recorded media: nothing is to be synthesized.
  const speech: SpeechRenderer = { render: () => Promise.reject(new Error('no synthesis expected')) };
  const broadcasts = new BroadcastService(db, zones, { speech, media, publicUrl: 'http://127.0.0.1', defaultExpiryMs: 600_000, settings });
  const schedules = new ScheduleService(db, zones, { settings, media, timezone: 'Asia/Ho_Chi_Minh', horizonMs: 3_600_000 });
  const engine = new OccurrenceEngine(db, broadcasts, speech, settings, new AuditLog(db), {
    timezone: 'Asia/Ho_Chi_Minh',
    horizonMs: 3_600_000,
    renderAheadMs: 60_000,
    leadTimeMs: { normal: 30_000, priority: 30_000, emergency: 5_000 },
    graceMs: { normal: 120_000, priority: 120_000, emergency: 600_000 },
    clock,
    log: silentLogger,
  });
  const admin = { actor: 'user:admin', role: 'admin' as const, userId: null, zoneId: null };
  // The chairman's greeting every minute from 23:52 local to past midnight.
  const { schedule } = await schedules.create(
    { title: 'Chúc mừng năm mới', mediaSha256: SHA, zoneIds: ['xa'], receiverIds: [], priority: 'normal', repeat: 1, kind: 'cron', cron: '0 52-59 23 * * *' },
    admin,
  );
  expect(await engine.materialize(now)).toBe(8);
  expect(await engine.materialize(now)).toBe(0); // idempotent

  // The server is down from 23:50 to 23:57:30: 23:52–23:55 are past grace, 23:56 and 23:57 within it.
  now = new Date('2027-02-05T16:57:30.000Z');
  await engine.tick();
  await engine.tick();
  const rows = await db.selectFrom('occurrences').selectAll().where('schedule_id', '=', schedule.id).orderBy('at').execute();
  const local = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false }).slice(0, 5);
  expect(rows.map((o) => [local(o.at), o.state])).toEqual([
    ['23:52', 'missed'],
    ['23:53', 'missed'],
    ['23:54', 'missed'],
    ['23:55', 'missed'],
    ['23:56', 'dispatched'],
    ['23:57', 'dispatched'],
    ['23:58', 'dispatched'], // due within the 30 s lead time
    ['23:59', 'planned'], // its audio is prepared a minute ahead
  ]);
  expect(rows.filter((o) => o.state === 'missed').every((o) => o.reason && /server was down/.test(o.reason))).toBe(true);
  const late = await broadcasts.get(rows[4]!.broadcast_id!);
  expect(late?.start_at).toBe(now.toISOString()); // airs now, late, rather than never
  expect(late?.status).toBe('scheduled');

  // Crash after the broadcast was written but before the occurrence was marked:
  await db.updateTable('occurrences').set({ state: 'ready', broadcast_id: null }).where('id', '=', rows[5]!.id).execute();
  await engine.tick();
  const again = await db.selectFrom('broadcasts').select(['id', 'cmd_id']).where('occurrence_id', '=', rows[5]!.id).execute();
  expect(again).toHaveLength(1);
  expect((await db.selectFrom('occurrences').select('broadcast_id').where('id', '=', rows[5]!.id).executeTakeFirstOrThrow()).broadcast_id).toBe(again[0]!.id);
  const all = await db.selectFrom('broadcasts').select('occurrence_id').execute();
  expect(new Set(all.map((b) => b.occurrence_id)).size).toBe(all.length);
});
