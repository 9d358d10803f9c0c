// The panel's controls that stick and its recovery buttons, in Chromium
// against real simulated receivers: the technician switches an amplifier and
// its policy, and sees a command to an offline receiver wait (or refused),
// never "sent"; the officer stops a broadcast on air from its page, sees who
// stopped it and which receiver is offline since when, and replays it to
// the receivers that missed it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/server.js';
import { hasChromium, launchChromium, signIn, startCommune, type Commune } from './helpers.js';

let c: Commune;
let browser: Browser;

// Repeated, so it is still on air when the officer reaches the button (the simulated receivers play 20× fast).
const NEWS =
  'Ủy ban nhân dân xã thông báo: bộ phận một cửa tiếp nhận hồ sơ của bà con vào tất cả các ngày làm việc trong tuần, ' +
  'từ bảy giờ sáng đến năm giờ chiều. Bà con có ý kiến, kiến nghị xin liên hệ trực tiếp với cán bộ tiếp dân.';

beforeAll(async () => {
  if (!hasChromium) return;
  // xom-bac-2 has never connected; xom-bac-1 drops below.
  c = await startCommune({ online: ['thon-dong-1', 'thon-dong-2', 'thon-tay-1', 'thon-tay-2', 'xom-bac-1'] });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe.skipIf(!hasChromium)('technician: controls that stick', () => {
  let page: Page;
  const row = (id: string) => page.locator(`tr[data-receiver="${id}"]`);

  beforeAll(async () => {
    ({ page } = await signIn(browser, c.t.baseUrl, 'technician'));
    await row('thon-dong-1').waitFor();
  });

  it('switches the amplifier off and on, and chooses its policy', async () => {
    const r = row('thon-dong-1');
    await expect(r.locator('.amp').innerText()).resolves.toBe('Ampli bật · tự bật, tắt');
    const switched = new Promise<boolean>((resolve) => c.agents.get('thon-dong-1')!.once('power', resolve));
    await r.getByRole('button', { name: 'Tắt ampli' }).click();
    await r.getByText('Đã gửi lệnh tắt ampli.').waitFor();
    expect(await switched).toBe(false);
    // The receiver's report, pushed back to the page.
    await r.locator('.amp', { hasText: 'Ampli tắt' }).waitFor({ timeout: 5000 });

    await r.getByLabel('Ampli khi phát').selectOption('manual');
    await r.getByText('Đã lưu cách bật ampli.').waitFor();
    await waitFor(async () => (await c.t.api('GET', '/api/v1/receivers/thon-dong-1')).body.ampPolicy === 'manual', 5000, 'policy saved');
    await r.locator('.amp', { hasText: 'Ampli tắt · thủ công' }).waitFor({ timeout: 5000 });

    await r.getByRole('button', { name: 'Bật ampli' }).click();
    await r.locator('.amp', { hasText: 'Ampli bật' }).waitFor({ timeout: 5000 });
    await r.getByLabel('Ampli khi phát').selectOption('auto');
    await waitFor(async () => (await c.t.api('GET', '/api/v1/receivers/thon-dong-1')).body.ampPolicy === 'auto', 5000, 'policy back to auto');
  });

  it("sets a hamlet's amplifier hours, which its receivers follow", async () => {
    await page.getByLabel('Khu vực', { exact: true }).selectOption('thon-tay');
    const form = page.locator('form.amp-hours');
    await form.getByLabel('bật lúc').fill('00:00');
    await form.getByLabel('tắt lúc').fill('00:01');
    await form.getByRole('button', { name: 'Lưu giờ' }).click();
    await form.getByText('Đã lưu giờ bật, tắt ampli.').waitFor();
    expect((await c.t.api('GET', '/api/v1/zones/thon-tay/power-schedule')).body).toMatchObject({ on: '00:00', off: '00:01' });
    // Outside those hours (but at 00:00 local): the amplifiers go off, and the page shows it, pushed.
    const minute = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());
    if (minute !== '00:00') {
      await row('thon-tay-2').locator('.amp', { hasText: 'Ampli tắt' }).waitFor({ timeout: 10_000 });
      expect(c.agents.get('thon-tay-2')!.state.power).toBe('off');
    }
    await form.getByRole('button', { name: 'Bỏ giờ bật, tắt' }).click();
    await form.getByText('Đã bỏ giờ bật, tắt ampli.').waitFor();
    expect((await c.t.api('GET', '/api/v1/zones/thon-tay/power-schedule')).body).toMatchObject({ on: null, off: null });
    await page.getByLabel('Khu vực', { exact: true }).selectOption('');
  });

  it('keeps a volume for an offline receiver and says it waits; refuses a one-off command with the reason', async () => {
    const r = row('xom-bac-2');
    await r.getByRole('slider').fill('40');
    await r.getByRole('button', { name: 'Đặt' }).click();
    await r.getByText('Cụm loa đang mất kết nối: đã lưu, sẽ áp dụng khi kết nối lại.').waitFor();
    await r.getByText('Đã chọn 40, chờ cụm loa áp dụng').waitFor({ timeout: 5000 });
    // Its amplifier too: kept and shown as waiting.
    await r.getByRole('button', { name: 'Tắt ampli' }).click();
    await r.getByText('Đã chọn tắt ampli, chờ cụm loa áp dụng').waitFor({ timeout: 5000 });
    await expect(r.innerText()).resolves.not.toContain('Đã đặt âm lượng');
    expect((await c.t.api('GET', '/api/v1/receivers/xom-bac-2')).body).toMatchObject({ volumeSet: 40, powerSet: 'off', online: false });

    page.once('dialog', (d) => void d.accept());
    await r.getByRole('button', { name: 'Khởi động lại' }).click();
    await r.getByText(/Không thành công: Cụm loa .* đang mất kết nối/).waitFor();
  });
});

describe.skipIf(!hasChromium)('officer: stop on air and replay to who missed it', () => {
  it('stops a broadcast on air from its page, says who stopped it and who was offline, and replays it', async () => {
    await c.stopAgent('xom-bac-1');
    await waitFor(async () => (await c.t.api('GET', '/api/v1/receivers/xom-bac-1')).body.online === false, 10_000, 'xom-bac-1 offline');
    const created = await c.t.api('POST', '/api/v1/broadcasts', { title: 'Giờ tiếp dân', text: NEWS, zoneIds: ['thon-dong', 'xom-bac'], repeat: 20 });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const { page } = await signIn(browser, c.t.baseUrl, 'officer');
    await page.goto(`${c.t.baseUrl}/broadcasts/${id}`);
    await page.locator('.badge.st-dispatched').waitFor({ timeout: 30_000 });
    await page.locator('li[data-receiver="xom-bac-1"]', { hasText: /Chờ cụm loa: mất kết nối từ/ }).waitFor({ timeout: 10_000 });
    await page.locator('li[data-receiver="thon-dong-1"] .dl-playing').waitFor({ timeout: 30_000 });

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Dừng phát ngay' }).click();
    await page.locator('.badge.st-stopped').first().waitFor({ timeout: 20_000 });
    await page.getByText(/Dừng bởi Nguyễn Thị Lan lúc/).waitFor();
    for (const rx of ['thon-dong-1', 'thon-dong-2', 'xom-bac-1']) {
      await page.locator(`li[data-receiver="${rx}"]`, { hasText: 'Bị dừng bởi Nguyễn Thị Lan' }).waitFor({ timeout: 10_000 });
    }
    expect(c.acks.filter((a) => a.broadcastId === id && a.state === 'preempted').map((a) => a.receiverId).sort()).toEqual(['thon-dong-1', 'thon-dong-2']);
    await expect(page.getByRole('button', { name: 'Dừng phát ngay' }).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Phát lại cho cụm loa bỏ lỡ' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/broadcasts/') && !u.pathname.endsWith(id));
    await page.getByRole('link', { name: id }).waitFor();
    const replayId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const replay = (await c.t.api('GET', `/api/v1/broadcasts/${replayId}`)).body;
    expect(replay).toMatchObject({ replayOf: id, receiverIds: ['thon-dong-1', 'thon-dong-2', 'xom-bac-1', 'xom-bac-2'] });
  }, 120_000);
});
