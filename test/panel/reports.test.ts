// Reports and receiver alerts, on rows written straight into the database
// so every number is known: the as-played log and its filters, the monthly
// summary in the commune's local month, CSV for Excel, and the alerts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DeliveryState } from '../../src/db/schema.js';
import { apiSession, hasChromium, launchChromium, signIn, startCommune, USERS, type Commune } from './helpers.js';

let c: Commune;
const SHA_1MIN = 'a'.repeat(64);
const SHA_30S = 'b'.repeat(64);

async function addMedia(sha256: string, durationMs: number) {
  await c.t.server.database.db
    .insertInto('media')
    .values({ sha256, format: 'mp3', bytes: 1000, duration_ms: durationMs, loudness_i: null, true_peak: null, source: 'upload', original_name: null, original_path: null, peaks_json: null, created_at: new Date().toISOString() })
    .execute();
}

async function addBroadcast(b: { id: string; title: string; startAt: string; priority: 'normal' | 'priority' | 'emergency'; category: string | null; media: string; repeat?: number; deliveries: [string, DeliveryState, string?][] }) {
  const db = c.t.server.database.db;
  const at = b.startAt;
  await db
    .insertInto('broadcasts')
    .values({
      id: b.id,
      title: b.title,
      text: null,
      media_sha256: b.media,
      priority: b.priority,
      category: b.category,
      start_at: at,
      expires_at: new Date(Date.parse(at) + 1800_000).toISOString(),
      repeat: b.repeat ?? 1,
      volume: null,
      status: 'done',
      cmd_id: 'cmd-' + b.id,
      dispatched_at: at,
      created_by: 'test',
      created_at: at,
      updated_at: at,
      approved_by: 'test',
      approved_at: at,
      occurrence_id: null,
    })
    .execute();
  for (const [receiverId, state, error] of b.deliveries) {
    await db
      .insertInto('deliveries')
      .values({ broadcast_id: b.id, receiver_id: receiverId, state, error: error ?? null, queued_at: at, received_at: null, downloaded_at: null, playing_at: state === 'done' ? at : null, finished_at: at, updated_at: at })
      .execute();
  }
}

beforeAll(async () => {
  c = await startCommune({ online: ['thon-dong-1', 'thon-dong-2', 'thon-tay-1', 'thon-tay-2', 'xom-bac-2'] });
  await addMedia(SHA_1MIN, 60_000);
  await addMedia(SHA_30S, 30_000);
  // 08:00 on 5 January, local time.
  await addBroadcast({
    id: 'b-a',
    title: 'Lịch tiếp công dân',
    startAt: '2026-01-05T01:00:00.000Z',
    priority: 'normal',
    category: 'thong-bao',
    media: SHA_1MIN,
    deliveries: [
      ['thon-dong-1', 'done'],
      ['thon-dong-2', 'done'],
      ['thon-tay-1', 'expired', 'receiver did not get the command before it expired (offline?)'],
      ['thon-tay-2', 'done'],
    ],
  });
  await addBroadcast({
    id: 'b-b',
    title: '=Tuyên truyền "4 xin, 4 luôn"',
    startAt: '2026-01-20T10:00:00.000Z',
    priority: 'priority',
    category: 'tuyen-truyen',
    media: SHA_30S,
    repeat: 2,
    deliveries: [
      ['xom-bac-1', 'done'],
      ['xom-bac-2', 'failed', 'download failed'],
    ],
  });
  // 01:00 on 1 February local time, still 31 January in UTC: February's.
  await addBroadcast({ id: 'b-c', title: 'Chào tháng Hai', startAt: '2026-01-31T18:00:00.000Z', priority: 'normal', category: 'loi-chuc', media: SHA_1MIN, deliveries: [['thon-dong-1', 'done']] });
  // xom-bac-2 missed the last three, in the last days.
  for (let i = 0; i < 3; i++) {
    const at = new Date(Date.now() - (i + 1) * 3600_000).toISOString();
    await addBroadcast({ id: `b-f${i}`, title: `Gần đây ${i}`, startAt: at, priority: 'normal', category: 'thong-bao', media: SHA_30S, deliveries: [['xom-bac-2', i === 1 ? 'expired' : 'failed', `lỗi ${i}`], ['xom-bac-1', 'done']] });
  }
});
afterAll(async () => {
  await c?.close();
});

const get = (p: string) => c.t.api('GET', p);

describe('as-played log', () => {
  it('lists one row per broadcast and receiver in the local date range, with hamlet names', async () => {
    const res = await get('/api/v1/reports/played?from=2026-01-01&to=2026-01-31');
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(6);
    expect(res.body.rows.map((r: any) => r.broadcastId)).not.toContain('b-c');
    expect(res.body.rows[0]).toMatchObject({ broadcastId: 'b-b', hamletName: 'Xóm Bắc', priority: 'priority', category: 'tuyen-truyen' });
    const missed = res.body.rows.find((r: any) => r.receiverId === 'thon-tay-1');
    expect(missed).toMatchObject({ state: 'expired', hamletId: 'thon-tay', receiverName: 'Thôn Tây – loa 1' });
    expect(missed.error).toMatch(/offline/);
    expect((await get('/api/v1/reports/played?from=2026-01-01&to=2026-02-01')).body.rows).toHaveLength(7);
  });

  it('filters by hamlet, priority and category', async () => {
    const q = (s: string) => get(`/api/v1/reports/played?from=2026-01-01&to=2026-01-31&${s}`).then((r) => r.body.rows as any[]);
    expect((await q('zoneId=thon-tay')).map((r) => r.receiverId).sort()).toEqual(['thon-tay-1', 'thon-tay-2']);
    expect((await q('zoneId=xa-binh-minh')).length).toBe(6);
    expect((await q('priority=priority')).every((r) => r.broadcastId === 'b-b')).toBe(true);
    expect((await q('category=thong-bao')).length).toBe(4);
    expect((await get('/api/v1/reports/played?priority=urgent')).status).toBe(400);
  });

  it('exports CSV with a UTF-8 BOM, local times, and titles kept as text', async () => {
    const res = await fetch(`${c.t.baseUrl}/api/v1/reports/played?from=2026-01-01&to=2026-01-31&format=csv`, { headers: { authorization: `Bearer test-admin-token-0123456789` } });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="nhat-ky-phat-2026-01-01_2026-01-31\.csv"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Giờ phát theo lịch,Bản tin,Mức độ,Loại,Thôn/xóm,Cụm loa,Trạng thái,Bắt đầu phát,Kết thúc,Thời lượng (giây),Lý do,Mã bản tin,Mã cụm loa');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toContain(`2026-01-20 17:00:00,"'=Tuyên truyền ""4 xin, 4 luôn""",Ưu tiên,Tuyên truyền,Xóm Bắc`);
    // Codes come out as the commune's words.
    expect(lines.filter((l) => l.includes(',Đã phát,')).length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toMatch(/,(done|failed|normal|priority|thong-bao|tuyen-truyen),/);
    expect(lines.find((l) => l.includes('thon-tay-1'))).toContain('2026-01-05 08:00:00,Lịch tiếp công dân');
  });
});

describe('monthly summary', () => {
  it('counts broadcasts, minutes on air and delivery success per hamlet and category in the local month', async () => {
    const s = (await get('/api/v1/reports/monthly?month=2026-01')).body;
    expect(s.totals).toEqual({ broadcasts: 2, minutes: 2, deliveries: 6, done: 4, successRate: 4 / 6 });
    expect(s.byHamlet).toEqual([
      { hamletId: 'thon-dong', hamletName: 'Thôn Đông', broadcasts: 1, minutes: 1, deliveries: 2, done: 2, successRate: 1 },
      { hamletId: 'thon-tay', hamletName: 'Thôn Tây', broadcasts: 1, minutes: 1, deliveries: 2, done: 1, successRate: 0.5 },
      { hamletId: 'xom-bac', hamletName: 'Xóm Bắc', broadcasts: 1, minutes: 1, deliveries: 2, done: 1, successRate: 0.5 },
    ]);
    expect(s.byCategory).toContainEqual({ category: 'thong-bao', broadcasts: 1, minutes: 1, deliveries: 4, done: 3, successRate: 0.75 });
    expect(s.byCategory).toContainEqual({ category: 'tuyen-truyen', broadcasts: 1, minutes: 1, deliveries: 2, done: 1, successRate: 0.5 });
    expect(s.from).toBe('2025-12-31T17:00:00.000Z');
    const feb = (await get('/api/v1/reports/monthly?month=2026-02')).body;
    expect(feb.totals).toMatchObject({ broadcasts: 1, minutes: 1 });
    expect(feb.byCategory).toEqual([{ category: 'loi-chuc', broadcasts: 1, minutes: 1, deliveries: 1, done: 1, successRate: 1 }]);
    expect((await get('/api/v1/reports/monthly?month=2026-13')).status).toBe(400);
  });

  it('exports the summary as CSV with per-hamlet and commune totals', async () => {
    const officer = await apiSession(c.t.baseUrl, USERS.officer);
    const res = await officer.call('GET', '/api/v1/reports/monthly?month=2026-01&format=csv');
    expect(res.status).toBe(200);
    const lines = (res.body as string).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Tháng,Thôn/xóm,Loại,Số bản tin,Số phút phát,Lượt gửi tới cụm loa,Lượt phát thành công,Tỷ lệ thành công (%)');
    expect(lines).toContain('2026-01,Thôn Tây,Thông báo,1,1,2,1,50');
    expect(lines).toContain('2026-01,Thôn Đông,Tất cả,1,1,2,2,100');
    expect(lines.at(-1)).toBe('2026-01,Toàn xã,Tất cả,2,2,6,4,66.7');
  });

  it('writes the decimal comma and semicolons that Excel with Vietnamese settings expects, on request', async () => {
    const officer = await apiSession(c.t.baseUrl, USERS.officer);
    const res = await officer.call('GET', '/api/v1/reports/monthly?month=2026-01&format=csv&decimal=comma');
    const lines = (res.body as string).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Tháng;Thôn/xóm;Loại;Số bản tin;Số phút phát;Lượt gửi tới cụm loa;Lượt phát thành công;Tỷ lệ thành công (%)');
    expect(lines.at(-1)).toBe('2026-01;Toàn xã;Tất cả;2;2;6;4;66,7');
    expect((await officer.call('GET', '/api/v1/reports/monthly?month=2026-01&format=csv&decimal=dot')).status).toBe(400);
  });
});

/** The reports page showing January 2026, to the officer in a browser of its own. */
async function onReportsPage(check: (page: Page) => Promise<void>) {
  const browser = await launchChromium();
  try {
    const { page } = await signIn(browser, c.t.baseUrl, 'officer');
    await page.goto(`${c.t.baseUrl}/reports`);
    await page.fill('#f-month', '2026-01');
    await check(page);
  } finally {
    await browser.close();
  }
}

describe.skipIf(!hasChromium)('the reports page in Chromium', () => {
  it('shows the as-played log and the month in tables whose every cell is labelled with its column (the phone layout shows the label)', () =>
    onReportsPage(async (page) => {
      const read = (section: string) =>
        page.locator(`section[aria-labelledby="${section}"] table.responsive`).evaluate((table) => ({
          heads: [...table.querySelectorAll('thead th')].map((th) => th.textContent!.trim()),
          rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => ({ label: td.dataset.label, text: td.textContent!.trim(), link: td.querySelector('a')?.getAttribute('href') ?? null }))),
        }));
      // The last week's log: the three recent broadcasts, two receivers each.
      await page.locator('section[aria-labelledby="log-title"] tbody tr').nth(5).waitFor();
      const log = await read('log-title');
      expect(log.heads).toHaveLength(7);
      expect(log.rows).toHaveLength(6);
      for (const row of log.rows) expect(row.map((cell) => cell.label)).toEqual(log.heads);
      const recent = log.rows.find((row) => row[1]!.text === 'Gần đây 0')!;
      expect(recent[1]!.link).toBe('/broadcasts/b-f0');
      expect(recent[4]!.text).toBe('Xóm Bắc');
      expect(recent[5]!.text).toMatch(/^Xóm Bắc – loa [12]$/);
      // January by hamlet and category: Thôn Đông, Thôn Tây (notices), Xóm Bắc (propaganda).
      await page.locator('section[aria-labelledby="month-title"] tbody tr').nth(2).waitFor();
      const month = await read('month-title');
      expect(month.heads).toHaveLength(5);
      expect(month.rows.map((row) => row[0]!.text).sort()).toEqual(['Thôn Tây', 'Thôn Đông', 'Xóm Bắc'].sort());
      for (const row of month.rows) expect(row.map((cell) => cell.label)).toEqual(month.heads);
    }));

  it('writes numbers the Vietnamese way (decimal comma) and in English the English way', () =>
    onReportsPage(async (page) => {
      const success = page.locator('.stat', { hasText: /thành công|success/i }).locator('.n');
      await success.filter({ hasText: '66,7' }).waitFor();
      expect(await success.textContent()).toBe('66,7%');
      await page.evaluate(() => localStorage.setItem('loa.lang', 'en'));
      await page.reload();
      await page.fill('#f-month', '2026-01');
      await success.filter({ hasText: '66.7' }).waitFor();
      expect(await success.textContent()).toBe('66.7%');
    }));
});

describe('receiver alerts', () => {
  it('flags receivers offline past the threshold and receivers that keep missing broadcasts', async () => {
    const alerts = (await get('/api/v1/fleet/alerts?offlineMinutes=10&failStreak=3')).body as any[];
    expect(alerts).toContainEqual({ kind: 'offline', receiverId: 'xom-bac-1', receiverName: 'Xóm Bắc – loa 1', lastSeenAt: null });
    expect(alerts.filter((a) => a.kind === 'offline')).toHaveLength(1);
    expect(alerts).toContainEqual({ kind: 'failing', receiverId: 'xom-bac-2', receiverName: 'Xóm Bắc – loa 2', failures: 3, lastError: 'lỗi 0', lastState: 'failed' });
    // A longer streak asked for: three in a row is not enough.
    expect(((await get('/api/v1/fleet/alerts?failStreak=4')).body as any[]).some((a) => a.kind === 'failing')).toBe(false);
  });

  it('does not flag a receiver that went offline a moment ago until the threshold passes', async () => {
    await c.stopAgent('thon-tay-2');
    const offlineIds = async (q: string) => ((await get(`/api/v1/fleet/alerts?${q}`)).body as any[]).filter((a) => a.kind === 'offline').map((a) => a.receiverId);
    expect(await offlineIds('offlineMinutes=10')).not.toContain('thon-tay-2');
    expect(await offlineIds('offlineMinutes=0')).toContain('thon-tay-2');
  });
});
