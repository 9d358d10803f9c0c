// A webhook URL carries its secret (a bot token in the path), and the
// server-wide one is the operator's ALERT_WEBHOOK_URL. GET /settings is open
// to every role of every commune, so it once handed both to any officer or
// technician, and the settings.update audit entry to any chairman. Now only an
// admin over the zone that set the URL reads it whole; everyone else sees its
// origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, COMMUNES, type Caller, type World } from './world.js';

const SERVER_HOOK = 'https://hooks.example.vn/bot123456:SERVER-SECRET/sendMessage';
const COMMUNE_HOOK = 'https://canhbao.binhminh.vn/hook?key=COMMUNE-SECRET';
let w: World;
const c = (name: string): Caller => w.callers[name]!;
const A = COMMUNES.A;

beforeAll(async () => {
  w = await buildWorld({ ALERT_WEBHOOK_URL: SERVER_HOOK });
});
afterAll(async () => {
  await w?.t.close();
});

describe('the alert webhook URL in the settings', () => {
  it("the server's ALERT_WEBHOOK_URL reaches nobody scoped to a commune, whatever the role", async () => {
    for (const name of ['officer-a', 'chairman-a', 'technician-a', 'admin-a', 'admin-district', 'officer-b']) {
      for (const via of ['session', 'token'] as const) {
        const r = await c(name)[via]('GET', '/api/v1/settings');
        expect(r.status, name).toBe(200);
        expect(JSON.stringify(r.body), `${name} (${via})`).not.toContain('SERVER-SECRET');
        // It still says that alerts go to a webhook, and where.
        expect(r.body.alertWebhookUrl).toBe('https://hooks.example.vn/…');
      }
    }
    expect((await c('admin-system').token('GET', '/api/v1/settings')).body.alertWebhookUrl).toBe(SERVER_HOOK);
    expect((await c('admin-system').token('GET', `/api/v1/settings?zoneId=${A.id}`)).body.alertWebhookUrl).toBe(SERVER_HOOK);
  });

  it("a commune's own URL: its admin and the admins above read it whole; its officer, technician and chairman, and its audit log, do not", async () => {
    const set = await c('admin-a').session('PATCH', '/api/v1/settings', { alertWebhookUrl: COMMUNE_HOOK });
    expect(set.status).toBe(200);
    expect(set.body.alertWebhookUrl).toBe(COMMUNE_HOOK);
    expect((await c('admin-a').token('GET', `/api/v1/settings?zoneId=${A.hamlets[0].id}`)).body.alertWebhookUrl).toBe(COMMUNE_HOOK);
    expect((await c('admin-district').token('GET', `/api/v1/settings?zoneId=${A.id}`)).body.alertWebhookUrl).toBe(COMMUNE_HOOK);
    for (const name of ['officer-a', 'chairman-a', 'technician-a']) {
      const r = await c(name).token('GET', '/api/v1/settings');
      expect(JSON.stringify(r.body), name).not.toContain('COMMUNE-SECRET');
      expect(r.body.alertWebhookUrl).toBe('https://canhbao.binhminh.vn/…');
    }
    // Commune B still inherits the server's, and sees it as its origin only.
    expect((await c('admin-b').token('GET', '/api/v1/settings')).body.alertWebhookUrl).toBe('https://hooks.example.vn/…');
    const audit = await c('chairman-a').token('GET', '/api/v1/audit?action=settings.update');
    expect(audit.body).toHaveLength(1);
    expect(JSON.stringify(audit.body)).not.toMatch(/SERVER-SECRET|COMMUNE-SECRET/);
    // The alerts themselves still go to the whole URL.
    expect(set.body.ownKeys).toContain('alertWebhookUrl');
  });
});
