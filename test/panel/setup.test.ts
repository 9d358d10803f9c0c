// Setting a commune up from the panel alone: a hamlet added, a receiver
// provisioned with the secret shown once, and the agent's config file
// downloaded from the page connecting a real agent; rename, move, rotate,
// delete; zones deleted only when empty; quiet hours.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiverAgent } from '../../devices/agent.js';
import { waitFor } from '../helpers/server.js';
import { hasChromium, launchChromium, signIn, startCommune, type Commune } from './helpers.js';

let c: Commune;
let browser: Browser;
let page: Page;
let cacheDir: string;
const agents: ReceiverAgent[] = [];

beforeAll(async () => {
  if (!hasChromium) return;
  c = await startCommune({ online: [] });
  browser = await launchChromium();
  ({ page } = await signIn(browser, c.t.baseUrl, 'admin'));
  cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-setup-agent-'));
});
afterAll(async () => {
  for (const a of agents) await a.stop().catch(() => {});
  await browser?.close();
  await c?.close();
  if (cacheDir) await fs.rm(cacheDir, { recursive: true, force: true });
});

const receiver = async (id: string) => c.t.api('GET', `/api/v1/receivers/${id}`);

/** Downloads the agent config the page offers and returns it parsed. */
async function downloadConfig(): Promise<{ id: string; secret: string; mqttUrl: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Tải tệp cấu hình/ }).click()]);
  expect(download.suggestedFilename()).toBe('loa-agent.json');
  return JSON.parse(await fs.readFile((await download.path())!, 'utf8'));
}

describe.skipIf(!hasChromium)('zones and receivers from the panel', () => {
  it('adds a hamlet, provisions a receiver and connects a real agent with the downloaded config', async () => {
    await page.goto(c.t.baseUrl + '/setup');
    await page.getByRole('heading', { level: 1, name: 'Khu vực và cụm loa' }).waitFor();
    await page.getByLabel('Tên khu vực').fill('Thôn Mới');
    await page.getByLabel('Thuộc').selectOption('xa-binh-minh');
    await page.getByRole('button', { name: 'Thêm khu vực' }).click();
    await page.getByRole('status').getByText('Đã thêm Thôn Mới.').waitFor();
    expect((await c.t.api('GET', '/api/v1/zones')).body).toContainEqual(expect.objectContaining({ id: 'thon-moi', name: 'Thôn Mới', parentId: 'xa-binh-minh', kind: 'hamlet' }));

    await page.getByLabel('Mã cụm loa (IMEI, MAC hoặc tên ngắn)').fill('thon-moi-1');
    await page.getByLabel('Tên cụm loa').fill('Thôn Mới – loa 1');
    await page.locator('#nr-zone').selectOption('thon-moi');
    await page.getByRole('button', { name: 'Thêm cụm loa', exact: true }).click();
    await page.getByText('Mật khẩu của cụm loa chỉ hiện một lần').waitFor();
    await page.getByRole('img', { name: 'Mã QR cấu hình cụm loa thon-moi-1' }).waitFor();
    const secret = await page.locator('code.secret').innerText();
    // An external broker learns of the new receiver from the files the server writes (an operator's reload; a no-op on the embedded one).
    await c.t.syncBroker();
    const config = await downloadConfig();
    expect(config).toMatchObject({ id: 'thon-moi-1', secret, mqttUrl: c.t.server.receiverMqttUrl });

    const agent = new ReceiverAgent({ ...config, cacheDir, player: 'none' });
    agents.push(agent);
    await agent.start();
    await waitFor(async () => (await receiver('thon-moi-1')).body.online, 10_000, 'the new receiver online');
  });

  it('renames and moves a receiver; a zone with receivers is not deleted', async () => {
    await page.reload();
    const row = page.locator('tr[data-receiver="thon-moi-1"]');
    await row.getByRole('button', { name: 'Sửa' }).click();
    await row.getByLabel('Tên cụm loa').fill('Thôn Mới – loa A');
    await row.getByLabel('Thôn, xóm').selectOption('thon-dong');
    await row.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('status').getByText('Đã lưu cụm loa Thôn Mới – loa A.').waitFor();
    expect((await receiver('thon-moi-1')).body).toMatchObject({ name: 'Thôn Mới – loa A', zoneId: 'thon-dong' });
    await row.getByRole('button', { name: 'Sửa' }).click();
    await row.getByLabel('Thôn, xóm').selectOption('thon-moi');
    await row.getByRole('button', { name: 'Lưu' }).click();
    await waitFor(async () => (await receiver('thon-moi-1')).body.zoneId === 'thon-moi', 5000, 'moved back');

    page.once('dialog', (d) => void d.accept());
    await page.locator('li[data-zone="thon-moi"] .zone-line').getByRole('button', { name: 'Xóa' }).click();
    await page.locator('li[data-zone="thon-moi"]').getByRole('alert').getByText(/còn 1 cụm loa/).waitFor();
    expect((await c.t.api('GET', '/api/v1/zones')).body.some((z: any) => z.id === 'thon-moi')).toBe(true);
  });

  it('rotates the secret (a new config, the old one refused) and deletes the receiver, then the empty zone', async () => {
    const row = page.locator('tr[data-receiver="thon-moi-1"]');
    const before = await page.locator('code.secret').count();
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Cấp mật khẩu mới' }).click();
    await waitFor(async () => (await page.locator('code.secret').count()) >= Math.max(before, 1), 5000, 'the new secret shown');
    await c.t.syncBroker();
    const config = await downloadConfig();
    expect(config.id).toBe('thon-moi-1');
    // The session made with the old secret ends; the new config connects.
    // (On the embedded broker at once; Mosquitto's reload is covered by test/mqtt/mosquitto.test.ts.)
    if (c.t.backend === 'sqlite-aedes') await waitFor(async () => !(await receiver('thon-moi-1')).body.online, 15_000, 'the old session ended');
    await agents.pop()!.stop().catch(() => {});
    const agent = new ReceiverAgent({ ...config, cacheDir, player: 'none' });
    agents.push(agent);
    await agent.start();
    await waitFor(async () => (await receiver('thon-moi-1')).body.online, 10_000, 'online with the new secret');

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Xóa' }).click();
    await page.getByRole('status').getByText('Đã xóa cụm loa Thôn Mới – loa A.').waitFor();
    expect((await receiver('thon-moi-1')).status).toBe(404);

    page.once('dialog', (d) => void d.accept());
    await page.locator('li[data-zone="thon-moi"] .zone-line').getByRole('button', { name: 'Xóa' }).click();
    await page.getByRole('status').getByText('Đã xóa Thôn Mới.').waitFor();
    expect((await c.t.api('GET', '/api/v1/zones')).body.some((z: any) => z.id === 'thon-moi')).toBe(false);
  });

  it('renames a hamlet, moves a cluster and sets quiet hours', async () => {
    expect((await c.t.api('POST', '/api/v1/zones', { id: 'cum-dong-1', name: 'Cụm Đông 1', parentId: 'thon-dong' })).status).toBe(201);
    await page.reload();
    const cluster = page.locator('li[data-zone="cum-dong-1"]');
    await cluster.getByRole('button', { name: 'Sửa' }).click();
    await cluster.getByLabel('Thuộc').selectOption('thon-tay');
    await cluster.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('status').getByText('Đã lưu Cụm Đông 1.').waitFor();

    const hamlet = page.locator('li[data-zone="xom-bac"]');
    await hamlet.getByRole('button', { name: 'Sửa' }).click();
    await hamlet.getByLabel('Tên khu vực').fill('Xóm Bắc Mới');
    await hamlet.getByLabel('Từ').fill('22:00');
    await hamlet.getByLabel('Đến').fill('05:00');
    await hamlet.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('status').getByText('Đã lưu Xóm Bắc Mới.').waitFor();
    const zones = (await c.t.api('GET', '/api/v1/zones')).body as any[];
    expect(zones.find((z) => z.id === 'cum-dong-1')).toMatchObject({ parentId: 'thon-tay' });
    expect(zones.find((z) => z.id === 'xom-bac')).toMatchObject({ name: 'Xóm Bắc Mới', quietHours: { from: '22:00', to: '05:00' } });
    // A zone cannot move inside itself.
    expect((await c.t.api('PATCH', '/api/v1/zones/thon-tay', { parentId: 'cum-dong-1' })).status).toBe(409);
  });

  it("issues a commune's link token (shown once, with the settings its server starts with) and revokes it", async () => {
    await page.reload();
    const links = page.locator('section[aria-labelledby="links-title"]');
    await links.getByRole('button', { name: 'Cấp mã liên kết' }).click();
    await links.getByRole('alert').getByText('Hãy chọn xã.').waitFor();
    await links.getByLabel('Xã').selectOption('xa-binh-minh');
    await links.getByRole('button', { name: 'Cấp mã liên kết' }).click();
    const shown = await links.locator('.link-token code').innerText();
    expect(shown).toContain(`UPSTREAM_URL=${c.t.baseUrl}`);
    const token = /UPSTREAM_TOKEN=(\S+)/.exec(shown)![1]!;
    expect(token).toMatch(/^loa_up_/);
    const issued = (await c.t.api('GET', '/api/v1/downstreams')).body as any[];
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ zoneId: 'xa-binh-minh', revokedAt: null });
    const card = links.locator(`li[data-downstream="${issued[0].id}"]`);
    await card.getByText('Mất kết nối').waitFor();
    page.once('dialog', (d) => void d.accept());
    await card.getByRole('button', { name: 'Thu hồi' }).click();
    await card.waitFor({ state: 'detached' });
    expect(((await c.t.api('GET', '/api/v1/downstreams')).body as any[])[0].revokedAt).not.toBeNull();
  });
});
