// The technician's page against real simulated receivers: counts per zone,
// status pushed by the server (a receiver going offline shows within 3 s, no
// reload), filters and pages, signal, firmware, the plan, alerts, and the
// commands reaching the receiver.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/server.js';
import { hasChromium, launchChromium, signIn, startCommune, type Commune } from './helpers.js';

let c: Commune;
let browser: Browser;
let page: Page;
let loads = 0;

const row = (id: string) => page.locator(`tr[data-receiver="${id}"]`);
const zoneRow = (id: string) => page.locator(`.zone-summary tr[data-zone="${id}"]`);
const shownIds = () => page.locator('table.receivers tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-receiver')));

beforeAll(async () => {
  if (!hasChromium) return;
  // xom-bac-2 has never connected.
  c = await startCommune({ online: ['thon-dong-1', 'thon-dong-2', 'thon-tay-1', 'thon-tay-2', 'xom-bac-1'] });
  browser = await launchChromium();
  ({ page } = await signIn(browser, c.t.baseUrl, 'technician'));
  page.on('load', () => loads++);
  await row('thon-dong-1').waitFor();
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe.skipIf(!hasChromium)("the technician's receivers page", () => {
  it('counts receivers online per zone and lists them with status, signal and firmware', async () => {
    await expect(page.locator('#online-summary').innerText()).resolves.toBe('5/6 cụm loa đang trực tuyến');
    // The lone commune's hamlets; choosing one narrows the list to it.
    await expect(zoneRow('thon-dong').innerText()).resolves.toContain('2/2 trực tuyến');
    await expect(zoneRow('xom-bac').innerText()).resolves.toContain('1/2 trực tuyến');
    await expect(page.locator('.zone-summary tr').count()).resolves.toBe(3);
    await expect.poll(() => page.locator('#shown-count').innerText()).toBe('Đang hiện 6/6 cụm loa');
    await zoneRow('xom-bac').getByRole('button', { name: 'Xóm Bắc' }).click();
    expect(await page.getByLabel('Khu vực', { exact: true }).inputValue()).toBe('xom-bac');
    await expect.poll(shownIds).toEqual(['xom-bac-1', 'xom-bac-2']);
    await expect(zoneRow('xom-bac').innerText()).resolves.toContain('1/2 trực tuyến');
    await page.getByLabel('Khu vực', { exact: true }).selectOption('');
    await expect.poll(shownIds).toHaveLength(6);
    const r = row('thon-dong-1');
    await expect(r.locator('.status-cell').innerText()).resolves.toContain('Trực tuyến');
    await expect(r.innerText()).resolves.toMatch(/-67 dBm/);
    await expect(r.innerText()).resolves.toContain('loa-agent/');
    await expect(row('xom-bac-2').locator('.status-cell').innerText()).resolves.toContain('Mất kết nối');
    // The plan draws each receiver from its coordinates.
    expect(await page.locator('svg.plan .plan-rx').count()).toBe(6);
    expect(await page.locator('svg.plan .plan-rx.off').count()).toBe(1);
    // A receiver that never connected is an alert.
    await page.locator('li.alert[data-alert="offline"][data-receiver="xom-bac-2"]').waitFor();
  });

  it('shows a receiver going offline within 3 s, without a reload', async () => {
    const before = loads;
    const t0 = Date.now();
    await c.stopAgent('thon-tay-1');
    await row('thon-tay-1').locator('.status-cell', { hasText: 'Mất kết nối' }).waitFor({ timeout: 3000 });
    expect(Date.now() - t0).toBeLessThan(3000);
    await page.locator('#online-summary', { hasText: '4/6' }).waitFor({ timeout: 1000 });
    await page.locator('svg.plan .plan-rx.off[data-receiver="thon-tay-1"]').waitFor({ timeout: 1000 });
    // …and back online, again pushed.
    await c.startAgent('thon-tay-1');
    await row('thon-tay-1').locator('.status-cell', { hasText: 'Trực tuyến' }).waitFor({ timeout: 3000 });
    expect(loads).toBe(before);
  });

  it('sets the volume, sends a test announcement, stops and reboots a receiver', async () => {
    const r = row('thon-dong-2');
    const commandsTo = (type: string) => c.commands.filter((x) => x.receiverId === 'thon-dong-2' && x.cmd.type === type);

    await r.getByRole('slider').fill('40');
    await r.getByRole('button', { name: 'Đặt' }).click();
    await r.getByText('Đã đặt âm lượng 40.').waitFor();
    await waitFor(() => commandsTo('volume').some((x) => x.cmd.type === 'volume' && x.cmd.level === 40), 3000, 'volume command');

    await r.getByRole('button', { name: 'Thử loa' }).click();
    await r.getByText('Đã gửi lệnh thử loa.').waitFor({ timeout: 20_000 });
    const play = await waitFor(() => commandsTo('play')[0], 5000, 'test play command');
    expect(play.cmd.type === 'play' && play.cmd.broadcastId).toMatch(/^test-thon-dong-2-/);
    // The receiver downloads the spoken test and plays it.
    await waitFor(() => c.acks.some((a) => a.cmdId === play.cmd.id && a.state === 'done'), 15_000, 'test tone played');

    await r.getByRole('button', { name: 'Dừng' }).click();
    await waitFor(() => commandsTo('stop').length === 1, 3000, 'stop command');

    const rebooted = new Promise<void>((resolve) => c.agents.get('thon-dong-2')!.once('reboot', () => resolve()));
    page.once('dialog', (d) => void d.accept());
    await r.getByRole('button', { name: 'Khởi động lại' }).click();
    await rebooted;

    // The server audited every command (the reboot's record lands just after the receiver got it).
    const audited = async () => {
      const audit = (await c.t.api('GET', '/api/v1/audit?limit=50')).body as { action: string; actor: string }[];
      return ['volume', 'test-tone', 'stop', 'reboot'].every((cmd) => audit.some((e) => e.action === `receiver.command.${cmd}` && e.actor === 'user:kythuat'));
    };
    await waitFor(audited, 3000, 'every command audited');
  });

  it('filters the receivers by zone, by "only offline" and by a search without diacritics', async () => {
    await page.getByLabel('Khu vực', { exact: true }).selectOption('');
    await page.getByLabel('Chỉ cụm loa mất kết nối').check();
    await expect.poll(shownIds).toEqual(['xom-bac-2']);
    await expect.poll(() => page.locator('#shown-count').innerText()).toBe('Đang hiện 1/1 cụm loa');
    // A receiver that drops while the filter is on joins the list, pushed.
    await c.stopAgent('thon-dong-1');
    await expect.poll(shownIds, { timeout: 3000 }).toEqual(['thon-dong-1', 'xom-bac-2']);
    await c.startAgent('thon-dong-1');
    await row('thon-dong-1').locator('.status-cell', { hasText: 'Trực tuyến' }).waitFor({ timeout: 3000 });
    await page.getByLabel('Chỉ cụm loa mất kết nối').uncheck();

    await page.getByLabel('Tìm theo tên hoặc mã').fill('dong');
    await expect.poll(shownIds).toEqual(['thon-dong-1', 'thon-dong-2']);
    await page.getByLabel('Tìm theo tên hoặc mã').fill('');
    await page.getByLabel('Khu vực', { exact: true }).selectOption('xom-bac');
    await expect.poll(shownIds).toEqual(['xom-bac-1', 'xom-bac-2']);
    // The plan draws the chosen hamlet only.
    expect(await page.locator('svg.plan .plan-rx').count()).toBe(2);
    await page.getByLabel('Khu vực', { exact: true }).selectOption('');
    await expect.poll(shownIds).toHaveLength(6);
  });

  it('keeps the alert thresholds the technician chose', async () => {
    await page.getByLabel('Báo khi mất kết nối quá (phút)').fill('30');
    await page.getByLabel('Báo khi mất kết nối quá (phút)').press('Tab');
    await page.reload();
    expect(await page.getByLabel('Báo khi mất kết nối quá (phút)').inputValue()).toBe('30');
  });

  it('loads a large hamlet a page at a time', async () => {
    await c.t.api('POST', '/api/v1/zones', { id: 'thon-moi', name: 'Thôn Mới', parentId: 'xa-binh-minh' });
    for (let i = 0; i < 105; i++) {
      const res = await c.t.api('POST', '/api/v1/receivers', { id: `thon-moi-${String(i).padStart(3, '0')}`, name: `Thôn Mới – loa ${i}`, zoneId: 'thon-moi' });
      expect(res.status).toBe(201);
    }
    await page.reload();
    await page.getByLabel('Khu vực', { exact: true }).selectOption('thon-moi');
    await expect.poll(() => page.locator('#shown-count').innerText()).toBe('Đang hiện 100/105 cụm loa');
    await page.getByRole('button', { name: 'Tải thêm' }).click();
    await expect.poll(() => page.locator('#shown-count').innerText()).toBe('Đang hiện 105/105 cụm loa');
    const ids = await shownIds();
    expect(new Set(ids).size).toBe(105);
    expect(ids.at(-1)).toBe('thon-moi-104');
    await expect(page.getByRole('button', { name: 'Tải thêm' }).count()).resolves.toBe(0);
  });
});
