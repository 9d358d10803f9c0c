// In Chromium: the officer picks a voice by region and gender with the
// speed and listens; sentences the voice cannot read are shown one by one
// and block sending until fixed or confirmed; the emergency form reads
// aloud the same way; an unknown abbreviation leads to the lexicon page,
// where entries are added, found, edited and deleted.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeFpt, startFakeViettel, type FakeTts } from '../fakes/vietnamese-tts.js';
import { hasChromium, launchChromium, signIn, startCommune, type Commune } from './helpers.js';

let c: Commune;
let browser: Browser;
let fpt: FakeTts;
let viettel: FakeTts;

beforeAll(async () => {
  if (!hasChromium) return;
  [fpt, viettel] = await Promise.all([startFakeFpt({ apiKey: 'fpt-key', readyAfterMs: 100 }), startFakeViettel({ token: 'vt-token' })]);
  c = await startCommune({
    online: [],
    env: { FPT_AI_API_KEY: 'fpt-key', FPT_AI_URL: fpt.url, VIETTEL_AI_TOKEN: 'vt-token', VIETTEL_AI_URL: viettel.url, VIETTEL_AI_MONTHLY_CHARS: '500000' },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
  await Promise.all([fpt?.close(), viettel?.close()]);
});

const broadcasts = async () => (await c.t.api('GET', '/api/v1/broadcasts')).body as any[];

async function officerCompose(): Promise<Page> {
  const { page } = await signIn(browser, c.t.baseUrl, 'officer');
  await page.getByLabel('Tiêu đề').waitFor();
  return page;
}

describe.skipIf(!hasChromium)('voices and reading in the panel', () => {
  it('offers voices by region and gender with the speed, and listens with them', async () => {
    const page = await officerCompose();
    await page.getByLabel('Nội dung').fill('Kính mời bà con dự họp thôn vào tối nay.');
    const voice = page.getByLabel('Giọng đọc');
    await voice.locator('option', { hasText: 'Viettel AI — Diễm My (miền Nam, nữ)' }).waitFor({ state: 'attached' });
    await page.getByLabel('Vùng miền').selectOption('south');
    await page.getByLabel('Giọng nam/nữ').selectOption('female');
    const options = await voice.locator('option').allInnerTexts();
    expect(options).toContain('Viettel AI — Diễm My (miền Nam, nữ)');
    expect(options).toContain('FPT.AI — Lan Nhi (miền Nam, nữ)');
    expect(options.some((o) => /Ban Mai|Minh Quang|Thanh Tùng/.test(o))).toBe(false);
    await voice.selectOption('viettel:hcm-diemmy');
    await page.getByLabel(/Tốc độ đọc/).fill('1.2');
    const render = page.waitForRequest((r) => r.url().endsWith('/api/v1/speech/render'));
    await page.getByRole('button', { name: 'Nghe thử' }).click();
    expect((await render).postDataJSON()).toMatchObject({ voice: 'viettel:hcm-diemmy', rate: 1.2 });
    await page.locator('audio[src^="/media/"]').waitFor({ timeout: 30_000 });
    expect(viettel.requests.at(-1)).toMatchObject({ voice: 'hcm-diemmy', speed: '1.2' });
    await page.locator('.voice-usage', { hasText: 'Viettel AI:' }).waitFor();
  });

  it('blocks sending until each unreadable sentence is fixed or confirmed, then sends and says which voice spoke', async () => {
    const page = await officerCompose();
    await page.getByLabel('Tiêu đề').fill('Họp tổ dân phố');
    await page.getByLabel('Nội dung').fill('Kính mời bà con dự họp. Họp T6 dân phố vào tối nay. Kinh gui ba con nhan dan trong xa ve viec hop.');
    await page.getByRole('checkbox', { name: /Thôn Đông/ }).check();
    await page.getByRole('radio', { name: 'Phát ngay' }).check();
    const group = page.getByRole('group', { name: 'Câu máy không đọc đúng được' });
    await group.getByText('Họp T6 dân phố vào tối nay.').waitFor({ timeout: 10_000 });
    expect(await group.locator('li').count()).toBe(2);
    expect(await page.locator('#reading .spoken').innerText()).not.toContain('thứ sáu');

    // An officer's item waits for the chairman: the button says so.
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.getByRole('alert').filter({ hasText: 'Còn câu máy không đọc đúng được' }).waitFor();
    expect(await broadcasts()).toEqual([]);

    // The officer fixes the one without diacritics and confirms the other.
    await page.getByLabel('Nội dung').fill('Kính mời bà con dự họp. Họp T6 dân phố vào tối nay. Kính gửi bà con nhân dân trong xã về việc họp.');
    await group.locator('li').nth(1).waitFor({ state: 'detached', timeout: 10_000 });
    await group.getByRole('checkbox', { name: 'Tôi đã kiểm tra, giữ nguyên câu này' }).check();
    const post = page.waitForRequest((r) => r.url().endsWith('/api/v1/broadcasts') && r.method() === 'POST');
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    expect((await post).postDataJSON()).toMatchObject({ confirmUnreadable: ['Họp T6 dân phố vào tối nay.'] });
    await page.getByText('Đã tạo bản tin.').waitFor({ timeout: 30_000 });
    const [b] = await broadcasts();
    expect(b.voice).toBe('espeak:vi');
    await page.locator('.spoken-by', { hasText: 'espeak:vi' }).waitFor();
  });

  it('reads aloud in the emergency form too, and links an unknown abbreviation to the lexicon', async () => {
    const { page } = await signIn(browser, c.t.baseUrl, 'officer');
    await page.goto(c.t.baseUrl + '/emergency');
    await page.getByLabel('Nội dung').fill('Ban CHQS và lực lượng XKTV có mặt tại bờ sông lúc 5h.');
    await page.locator('#em-reading .spoken', { hasText: 'chỉ huy quân sự' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#em-reading .spoken').innerText()).toContain('năm giờ');
    await page.getByLabel('Giọng đọc').waitFor();
    const link = page.locator('#em-reading').getByRole('link', { name: 'Thêm vào từ điển' });
    expect(await link.getAttribute('href')).toBe('/officer/lexicon?term=XKTV');

    await page.goto(c.t.baseUrl + '/officer/lexicon?term=XKTV');
    await page.getByRole('heading', { level: 1, name: 'Từ điển cách đọc' }).waitFor();
    expect(await page.getByLabel('Chữ viết').inputValue()).toBe('XKTV');
    await page.getByLabel('Đọc là').fill('xung kích tự vệ');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('status').filter({ hasText: 'xung kích tự vệ' }).waitFor();
    expect((await c.t.api('POST', '/api/v1/speech/normalize', { text: 'Lực lượng XKTV.' })).body.spoken).toBe('lực lượng xung kích tự vệ');

    // Search, edit, delete.
    await c.t.api('PUT', '/api/v1/lexicon', { term: 'Zalo', spoken: 'da lô', kind: 'pronunciation' });
    await page.reload();
    await page.getByRole('cell', { name: 'da lô' }).waitFor();
    // Found without diacritics, by what it reads as.
    await page.getByLabel('Tìm trong từ điển').fill('tu ve');
    await page.getByRole('cell', { name: 'da lô' }).waitFor({ state: 'detached' });
    expect(await page.locator('table.lexicon tbody tr').count()).toBe(1);
    await page.getByLabel('Tìm trong từ điển').fill('XKTV');
    await page.getByRole('button', { name: 'Sửa XKTV' }).click();
    await page.getByLabel('Cách đọc của XKTV').fill('xung kích tự quản');
    await page.getByRole('row', { name: /XKTV/ }).getByRole('button', { name: 'Lưu' }).click();
    // Saved once the row is no longer being edited.
    await page.getByLabel('Cách đọc của XKTV').waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'xung kích tự quản' }).waitFor();
    expect((await c.t.api('GET', '/api/v1/lexicon')).body.find((e: any) => e.term === 'XKTV').spoken).toBe('xung kích tự quản');
    page.once('dialog', (d) => void d.accept());
    await page.getByLabel('Tìm trong từ điển').fill('');
    await page.getByRole('button', { name: 'Xóa XKTV' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã xóa «XKTV».' }).waitFor();
    expect((await c.t.api('GET', '/api/v1/lexicon')).body.map((e: any) => e.term)).toEqual(['Zalo']);

    // A whole-system account chooses whose part it edits: here one commune's own addition.
    await page.getByLabel('Áp dụng cho').selectOption('xa-binh-minh');
    await page.getByLabel('Chữ viết').fill('HTX');
    await page.getByLabel('Đọc là').fill('hợp tác xã nông nghiệp');
    await page.getByRole('button', { name: 'Lưu', exact: true }).first().click();
    await page.getByRole('cell', { name: 'hợp tác xã nông nghiệp' }).waitFor();
    const own = (await c.t.api('GET', '/api/v1/lexicon?zoneId=xa-binh-minh')).body.find((e: any) => e.term === 'HTX');
    expect(own).toMatchObject({ zoneId: 'xa-binh-minh', spoken: 'hợp tác xã nông nghiệp' });
    expect((await c.t.api('GET', '/api/v1/lexicon')).body.map((e: any) => e.term)).toEqual(['Zalo']);
  });
});
