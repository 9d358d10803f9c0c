// "Phát khẩn cấp" in Chromium: kept apart, asks for confirmation (which can
// be cancelled, with the keyboard too), then plays at once on every
// receiver of the commune without approval, and is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/server.js';
import { communeAndBrowser, hasChromium, signIn, USERS } from './helpers.js';

const panel = communeAndBrowser();
beforeAll(panel.start);
afterAll(panel.close);

describe.skipIf(!hasChromium)('emergency broadcast', () => {
  it('confirms first, then plays at once everywhere, with no approval', async () => {
    const { page } = await signIn(panel.browser, panel.c.t.baseUrl, 'officer');
    await page.getByRole('link', { name: '⚠ Phát khẩn cấp' }).click();
    await page.getByRole('heading', { level: 1, name: '⚠ Phát khẩn cấp' }).waitFor();
    await page.getByLabel('Tiêu đề').fill('Cảnh báo lũ');
    await page.getByLabel('Nội dung').fill('Nước sông đang lên nhanh, bà con vùng trũng di chuyển lên chỗ cao ngay.');
    await page.getByLabel('Số lần phát lại').fill('2');

    const dialog = page.getByRole('dialog', { name: 'Xác nhận phát khẩn cấp' });
    await page.getByRole('button', { name: '⚠ Phát khẩn cấp…' }).click();
    await dialog.waitFor();
    await dialog.getByText('Bản tin sẽ phát ngay trên toàn xã.').waitFor();
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: '⚠ Phát khẩn cấp…' }).click();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await panel.c.t.api('GET', '/api/v1/broadcasts')).body).toEqual([]);

    await page.getByRole('button', { name: '⚠ Phát khẩn cấp…' }).click();
    await dialog.getByRole('button', { name: 'Phát ngay' }).click();
    await page.getByText('Đã phát lệnh khẩn cấp.').waitFor({ timeout: 20_000 });

    const [b] = (await panel.c.t.api('GET', '/api/v1/broadcasts')).body as any[];
    expect(b).toMatchObject({ title: 'Cảnh báo lũ', priority: 'emergency', repeat: 2, createdBy: `user:${USERS.officer}` });
    expect(b.status).not.toBe('pending_approval');
    await waitFor(() => new Set(panel.c.acks.filter((a) => a.broadcastId === b.id && a.state === 'playing').map((a) => a.receiverId)).size === 6, 15_000, 'all six receivers playing');
    const plays = panel.c.commands.filter((x) => x.cmd.type === 'play' && x.cmd.broadcastId === b.id);
    expect(new Set(plays.map((x) => x.receiverId)).size).toBe(6);
    expect(plays.every((x) => x.cmd.type === 'play' && x.cmd.priority === 'emergency')).toBe(true);

    const audit = (await panel.c.t.api('GET', '/api/v1/audit')).body as any[];
    expect(audit.find((e) => e.action === 'broadcast.emergency')).toMatchObject({ actor: `user:${USERS.officer}`, subject: b.id });
  });

  it('sends to the chosen hamlets only, when some are unticked', async () => {
    const { page } = await signIn(panel.browser, panel.c.t.baseUrl, 'chairman');
    await page.goto(panel.c.t.baseUrl + '/emergency');
    await page.getByLabel('Nội dung').fill('Thôn Đông mất điện đến 17 giờ.');
    await page.getByRole('checkbox', { name: 'Thôn Tây' }).uncheck();
    await page.getByRole('checkbox', { name: 'Xóm Bắc' }).uncheck();
    await page.getByRole('button', { name: '⚠ Phát khẩn cấp…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Bản tin sẽ phát ngay tại 1 thôn đã chọn.').waitFor();
    await dialog.getByRole('button', { name: 'Phát ngay' }).click();
    await page.getByText('Đã phát lệnh khẩn cấp.').waitFor({ timeout: 20_000 });
    const b = ((await panel.c.t.api('GET', '/api/v1/broadcasts')).body as any[]).find((x) => x.text?.includes('mất điện'));
    expect(b).toMatchObject({ title: 'Thông báo khẩn cấp', zoneIds: ['thon-dong'], repeat: 3 });
  });
});
