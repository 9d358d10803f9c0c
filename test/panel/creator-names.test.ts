// Who wrote and who approved an item is shown by the person's name
// ("Nguyễn Thị Lan"), not by the account ("user:canbo"): in the broadcast
// views and schedule views of the API, and on the panel's broadcast list,
// coverage page, approvals and calendar.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, hasChromium, launchChromium, signIn, startCommune, USERS, type Commune } from './helpers.js';

let c: Commune;
let browser: Browser;
const LAN = 'Nguyễn Thị Lan';
const MINH = 'Trần Văn Minh';
const ids: Record<string, string> = {};

beforeAll(async () => {
  c = await startCommune({ online: [] });
  const officer = await apiSession(c.t.baseUrl, USERS.officer);
  const chairman = await apiSession(c.t.baseUrl, USERS.chairman);
  const later = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
  const waiting = await officer.call('POST', '/api/v1/broadcasts', { title: 'Thông báo tiêm phòng', text: 'Kính mời bà con đưa trẻ đi tiêm phòng.', zoneIds: ['thon-dong'], startAt: later(5) });
  const approved = await officer.call('POST', '/api/v1/broadcasts', { title: 'Lịch họp thôn', text: 'Kính mời bà con dự họp thôn.', zoneIds: ['thon-tay'], startAt: later(6) });
  const schedule = await officer.call('POST', '/api/v1/schedules', { title: 'Tuyên truyền an toàn giao thông', text: 'Bà con đội mũ bảo hiểm khi đi xe máy.', zoneIds: ['xom-bac'], kind: 'once', at: later(30) });
  for (const r of [waiting, approved, schedule]) expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect((await chairman.call('POST', `/api/v1/broadcasts/${approved.body.id}/approve`, {})).status).toBe(200);
  expect((await officer.call('POST', `/api/v1/schedules/${schedule.body.id}/submit`, {})).status).toBe(200);
  // An API token of no one has no name to show.
  const token = await c.t.tokenFor('officer');
  const byToken = await c.t.api('POST', '/api/v1/broadcasts', { title: 'Tin từ máy', text: 'Kính mời bà con nghe tin.', zoneIds: ['thon-dong'], startAt: later(7) }, token);
  expect(byToken.status).toBe(201);
  Object.assign(ids, { waiting: waiting.body.id, approved: approved.body.id, schedule: schedule.body.id, byToken: byToken.body.id });
  if (hasChromium) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe('the API', () => {
  it('names the creator and the approver of broadcasts, in the list and in one', async () => {
    const list = (await c.t.api('GET', '/api/v1/broadcasts')).body as any[];
    const byId = new Map(list.map((b) => [b.id, b]));
    expect(byId.get(ids.waiting)).toMatchObject({ createdBy: `user:${USERS.officer}`, createdByName: LAN, approvedBy: null, approvedByName: null });
    expect(byId.get(ids.approved)).toMatchObject({ createdByName: LAN, approvedBy: `user:${USERS.chairman}`, approvedByName: MINH });
    expect(byId.get(ids.byToken)).toMatchObject({ createdBy: 'token:test-officer', createdByName: null });
    expect((await c.t.api('GET', `/api/v1/broadcasts/${ids.approved}`)).body).toMatchObject({ createdByName: LAN, approvedByName: MINH });
    expect((await c.t.api('GET', `/api/v1/broadcasts/${ids.approved}/coverage`)).body.broadcast).toMatchObject({ createdByName: LAN, approvedByName: MINH });
  });

  it('names the creator of schedules', async () => {
    const [s] = (await c.t.api('GET', '/api/v1/schedules')).body as any[];
    expect(s).toMatchObject({ id: ids.schedule, createdBy: `user:${USERS.officer}`, createdByName: LAN, approvedByName: null });
    expect((await c.t.api('GET', `/api/v1/schedules/${ids.schedule}`)).body).toMatchObject({ createdByName: LAN });
  });
});

describe.skipIf(!hasChromium)('the panel', () => {
  it("shows the officer's name on the chairman's approvals, never the account", async () => {
    const { context, page } = await signIn(browser, c.t.baseUrl, 'chairman');
    await page.goto(c.t.baseUrl + '/chairman/approvals');
    const cards = page.locator('li.card.approval');
    await cards.filter({ hasText: 'Thông báo tiêm phòng' }).waitFor();
    await cards.filter({ hasText: 'Tuyên truyền an toàn giao thông' }).waitFor();
    for (const title of ['Thông báo tiêm phòng', 'Tuyên truyền an toàn giao thông']) {
      await cards.filter({ hasText: title }).getByText(`Người tạo: ${LAN}`).waitFor();
    }
    expect(await cards.filter({ hasText: 'Tin từ máy' }).getByText('Người tạo: test-officer').count()).toBe(1);
    expect(await page.locator('main').innerText()).not.toContain(`user:${USERS.officer}`);
    expect(await page.locator('main').innerText()).not.toContain(`: ${USERS.officer}`);
    await context.close();
  });

  it('shows names on the broadcast list, the coverage page and the calendar', async () => {
    const { context, page } = await signIn(browser, c.t.baseUrl, 'officer');
    await page.goto(c.t.baseUrl + '/broadcasts');
    const row = page.getByRole('row').filter({ hasText: 'Lịch họp thôn' });
    await row.waitFor();
    expect(await row.locator('td.creator').innerText()).toBe(LAN);

    await row.getByRole('link', { name: 'Lịch họp thôn' }).click();
    await page.getByRole('heading', { name: 'Lịch họp thôn' }).waitFor();
    expect(await page.locator('p.creator').innerText()).toBe(`Người tạo: ${LAN} · Người duyệt: ${MINH}`);

    await page.goto(c.t.baseUrl + '/officer/calendar');
    const card = page.locator('.cards .card').filter({ hasText: 'Tuyên truyền an toàn giao thông' });
    await card.getByText(`Người tạo: ${LAN}`).waitFor();
    await context.close();
  });
});
