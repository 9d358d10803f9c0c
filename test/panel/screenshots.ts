// Takes the README's screenshots of the control panel (desktop 1280 px and
// phone 360 px) against the real server and simulated receivers:
//   npx tsx test/panel/screenshots.ts        → docs/screenshots/*.png
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '../helpers/server.js';
import { apiSession, DESKTOP, hasChromium, launchChromium, PHONE, signIn, startCommune, USERS, type Commune, type RoleName } from './helpers.js';

const OUT = path.resolve(import.meta.dirname, '../../docs/screenshots');

/** Commune wall-clock date and time `ms` from now. */
function localIn(ms: number): [string, string] {
  const s = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(Date.now() + ms);
  return s.split(' ') as [string, string];
}

async function seed(c: Commune): Promise<{ missed: string; pending: string }> {
  const api = c.t.api;
  const played = async (body: object) => {
    const b = (await api('POST', '/api/v1/broadcasts', body)).body;
    await waitFor(async () => !['scheduled', 'dispatching', 'dispatched'].includes((await api('GET', `/api/v1/broadcasts/${b.id}`)).body.status), 30_000, b.title);
    return b.id as string;
  };
  await played({ title: 'Lịch tiếp công dân tháng 12', text: 'Ủy ban nhân dân xã thông báo lịch tiếp công dân vào sáng thứ hai hằng tuần.', zoneIds: ['xa-binh-minh'], category: 'thong-bao' });
  await played({ title: 'Tuyên truyền "4 xin, 4 luôn"', text: 'Cán bộ xã luôn xin chào, xin lỗi, xin cảm ơn, xin phép.', zoneIds: ['thon-dong', 'xom-bac'], category: 'tuyen-truyen', priority: 'priority' });
  // One hamlet loses a receiver: the broadcast after that misses it.
  await c.stopAgent('thon-tay-2');
  const now = Date.now();
  const missed = await played({
    title: 'Thông báo lịch tiêm chủng',
    text: 'Trạm y tế xã thông báo lịch tiêm chủng mở rộng.',
    zoneIds: ['thon-tay', 'thon-dong'],
    category: 'thong-bao',
    startAt: new Date(now + 4000).toISOString(),
    expiresAt: new Date(now + 7000).toISOString(),
  });
  const [tomorrow] = localIn(86400_000);
  const at = (days: number, hhmm: string) => {
    const [d] = localIn(days * 86400_000);
    return new Date(`${d}T${hhmm}:00+07:00`).toISOString();
  };
  await api('POST', '/api/v1/schedules', { title: 'Phát thanh buổi sáng', text: 'Chương trình phát thanh buổi sáng của xã.', zoneIds: ['xa-binh-minh'], kind: 'rule', rule: { freq: 'daily', times: ['06:00'] }, category: 'tuyen-truyen' });
  await api('POST', '/api/v1/schedules', { title: 'Họp thôn Đông', text: 'Kính mời bà con thôn Đông đến họp.', zoneIds: ['thon-dong'], kind: 'once', at: at(2, '06:00'), category: 'thong-bao' });
  await api('POST', '/api/v1/schedules', { title: 'Thủ tục hành chính', text: 'Hướng dẫn thủ tục cấp căn cước.', zoneIds: ['xom-bac'], kind: 'rule', rule: { freq: 'weekly', weekdays: [2, 4], times: ['17:00'] }, category: 'thu-tuc-hanh-chinh' });
  const officer = await apiSession(c.t.baseUrl, USERS.officer);
  const pending = await officer.call('POST', '/api/v1/schedules', { title: 'Thông báo thu thuế đất', text: 'Ủy ban nhân dân xã thông báo về việc nộp thuế sử dụng đất phi nông nghiệp năm 2026, hạn cuối ngày 15/12.', zoneIds: ['thon-dong', 'thon-tay'], kind: 'once', at: new Date(`${tomorrow}T07:00:00+07:00`).toISOString(), category: 'thong-bao' });
  await officer.call('POST', `/api/v1/schedules/${pending.body.id}/submit`);
  await officer.call('POST', '/api/v1/broadcasts', { title: 'Mời họp dân Xóm Bắc', text: 'Kính mời đại diện các hộ gia đình Xóm Bắc đến dự họp lúc 19h30 tối nay tại nhà văn hóa.', zoneIds: ['xom-bac'], category: 'thong-bao' });
  return { missed, pending: pending.body.id as string };
}

async function shoot(browser: Browser, c: Commune, role: RoleName, name: string, path_: string, prepare?: (page: Page) => Promise<void>) {
  for (const [kind, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    const { context, page } = await signIn(browser, c.t.baseUrl, role, viewport);
    await page.goto(c.t.baseUrl + path_);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForTimeout(600);
    await prepare?.(page);
    await page.screenshot({ path: path.join(OUT, `${name}-${kind}.png`), fullPage: true });
    await context.close();
    console.log(`  ${name}-${kind}.png`);
  }
}

async function main() {
  if (!hasChromium) throw new Error('Chromium is needed: apt-get install -y chromium');
  // A week of occurrences, so the calendar is full.
  const c = await startCommune({ env: { SCHEDULE_HORIZON_H: '168' } });
  const browser = await launchChromium();
  try {
    const { missed, pending } = await seed(c);
    for (const kind of ['desktop', 'phone'] as const) {
      const context = await browser.newContext({ viewport: kind === 'desktop' ? DESKTOP : PHONE, locale: 'vi-VN' });
      const page = await context.newPage();
      await page.goto(c.t.baseUrl + '/');
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      await page.screenshot({ path: path.join(OUT, `login-${kind}.png`) });
      await context.close();
    }
    await shoot(browser, c, 'officer', 'compose', '/officer', async (page) => {
      await page.getByLabel('Tiêu đề').fill('Lịch tiếp công dân');
      await page.getByLabel('Nội dung').fill('UBND xã tiếp công dân lúc 7h30 ngày 01/12/2026 tại phòng 105. Liên hệ đường dây nóng 0912345678.');
      await page.locator('#reading .spoken').waitFor();
      await page.getByRole('checkbox', { name: /Thôn Đông/ }).check();
      await page.getByRole('checkbox', { name: /Thôn Tây/ }).check();
    });
    await shoot(browser, c, 'officer', 'calendar', '/officer/calendar');
    await shoot(browser, c, 'officer', 'coverage', `/broadcasts/${missed}`);
    await shoot(browser, c, 'chairman', 'greeting', '/chairman', async (page) => {
      await page.getByRole('button', { name: 'Bắt đầu ghi' }).click();
      await page.waitForTimeout(1500);
      await page.getByRole('button', { name: 'Dừng ghi' }).click();
      await page.getByRole('button', { name: 'Dùng bản ghi này' }).click();
      await page.getByText(/Bản ghi đã sẵn sàng/).waitFor({ timeout: 20_000 });
    });
    await shoot(browser, c, 'chairman', 'approvals', '/chairman/approvals');
    await shoot(browser, c, 'technician', 'receivers', '/technician');
    await shoot(browser, c, 'officer', 'emergency', '/emergency', async (page) => {
      await page.getByLabel('Nội dung').fill('Bão số 5 đang đổ bộ. Bà con chằng chống nhà cửa, không ra đồng.');
      await page.getByRole('button', { name: '⚠ Phát khẩn cấp…' }).click();
    });
    // On air to Thôn Đông (Chromium's fake microphone); closing the page ends the session.
    await shoot(browser, c, 'officer', 'live', '/live', async (page) => {
      await page.getByRole('button', { name: 'Bật micro' }).click();
      await page.getByLabel('Thôn Đông').check();
      await page.getByRole('button', { name: '● Bắt đầu phát' }).click();
      await waitFor(async () => (await page.getByText('Đang phát', { exact: true }).count()) === 2, 20_000, 'both receivers playing');
    });
    await shoot(browser, c, 'officer', 'reports', '/reports');
    await shoot(browser, c, 'admin', 'users', '/users');
    await shoot(browser, c, 'chairman', 'schedule', `/schedules/${pending}`);
    await shoot(browser, c, 'admin', 'setup', '/setup');
    await shoot(browser, c, 'admin', 'settings', '/settings', async (page) => {
      await page.getByLabel('Cài đặt cho').selectOption('xa-binh-minh');
      await page.waitForTimeout(400);
    });
  } finally {
    await browser.close();
    await c.close();
  }
}

await main();
