// What the panel tests share: the real server with a small commune, real
// simulated receivers (devices/agent.ts), one account per role, and Debian
// Chromium driven by playwright-core.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ReceiverAgent } from '../../devices/agent.js';
import type { Ack, Command } from '../../src/mqtt/protocol.js';
import { request, startTestServer, waitFor, type TestServer } from '../helpers/server.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) {
  // Visible in the test output: the browser tests are skipped, not passed.
  console.warn(`\n  ⚠ ${CHROMIUM} is missing: the control panel's browser tests are SKIPPED (apt-get install -y chromium)\n`);
}

export const PASSWORD = 'mat-khau-thu-1';
export const USERS = { admin: 'quantri', officer: 'canbo', chairman: 'chutich', technician: 'kythuat' } as const;
export type RoleName = keyof typeof USERS;
const NAMES: Record<RoleName, string> = { admin: 'Quản trị hệ thống', officer: 'Nguyễn Thị Lan', chairman: 'Trần Văn Minh', technician: 'Lê Văn Hùng' };

export const HAMLETS = [
  { id: 'thon-dong', name: 'Thôn Đông', lat: 21.012, lon: 105.842 },
  { id: 'thon-tay', name: 'Thôn Tây', lat: 21.01, lon: 105.818 },
  { id: 'xom-bac', name: 'Xóm Bắc', lat: 21.024, lon: 105.83 },
];
/** Two receivers per hamlet: `${hamlet}-1`, `${hamlet}-2`. */
export const RECEIVERS = HAMLETS.flatMap((h) => [1, 2].map((i) => ({ id: `${h.id}-${i}`, name: `${h.name} – loa ${i}`, zoneId: h.id, lat: h.lat + i * 0.001, lon: h.lon + i * 0.002 })));

export interface Commune {
  t: TestServer;
  agents: Map<string, ReceiverAgent>;
  acks: (Ack & { receiverId: string })[];
  commands: { receiverId: string; cmd: Command }[];
  startAgent(id: string): Promise<ReceiverAgent>;
  stopAgent(id: string): Promise<void>;
  close(): Promise<void>;
}

/** The server, a commune with three hamlets, their receivers online, and the four accounts. */
export async function startCommune(opts: { online?: string[]; env?: Record<string, string> } = {}): Promise<Commune> {
  const t = await startTestServer(opts.env);
  const cacheRoot = await fsp.mkdtemp(path.join(os.tmpdir(), 'loa-panel-agents-'));
  const secrets = new Map<string, string>();
  const agents = new Map<string, ReceiverAgent>();
  const acks: Commune['acks'] = [];
  const commands: Commune['commands'] = [];
  await t.api('POST', '/api/v1/zones', { id: 'xa-binh-minh', name: 'Xã Bình Minh', kind: 'commune' });
  for (const h of HAMLETS) await t.api('POST', '/api/v1/zones', { id: h.id, name: h.name, parentId: 'xa-binh-minh' });
  for (const r of RECEIVERS) {
    const res = await t.api('POST', '/api/v1/receivers', r);
    if (res.status !== 201) throw new Error(`receiver ${r.id}: ${JSON.stringify(res.body)}`);
    secrets.set(r.id, res.body.secret);
  }
  for (const [role, username] of Object.entries(USERS)) {
    await t.server.users.create({ username, role: role as RoleName, password: PASSWORD, displayName: NAMES[role as RoleName] });
  }
  const startAgent = async (id: string) => {
    const agent = new ReceiverAgent({
      id,
      secret: secrets.get(id)!,
      mqttUrl: t.server.receiverMqttUrl,
      cacheDir: path.join(cacheRoot, id),
      player: 'none',
      playbackSpeed: 20,
      reconnectPeriodMs: 200,
      telemetryIntervalMs: 0,
      telemetry: () => ({ rssi: -67, network: '4G' }),
    });
    agent.on('ack', (a) => acks.push({ ...a, receiverId: id }));
    agent.on('command', (cmd) => commands.push({ receiverId: id, cmd }));
    await agent.start();
    await agent.publishTelemetry();
    agents.set(id, agent);
    return agent;
  };
  const online = opts.online ?? RECEIVERS.map((r) => r.id);
  for (const id of online) await startAgent(id);
  await waitFor(async () => (await t.api('GET', '/api/v1/receivers')).body.filter((r: any) => r.online).length === online.length, 5000, 'receivers online');
  return {
    t,
    agents,
    acks,
    commands,
    startAgent,
    async stopAgent(id) {
      await agents.get(id)?.stop();
      agents.delete(id);
    },
    async close() {
      for (const a of agents.values()) await a.stop().catch(() => {});
      await t.close();
      await fsp.rm(cacheRoot, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
}

/**
 * A commune and Chromium for a test file, nothing started without Chromium:
 * `beforeAll(s.start)` and `afterAll(s.close)` (the hooks are the file's, as
 * screenshots.ts runs this module outside vitest). `c` and `browser` are
 * there from start() on.
 */
export function communeAndBrowser(opts: Parameters<typeof startCommune>[0] = {}) {
  let commune: Commune | undefined;
  let chromiumBrowser: Browser | undefined;
  const started = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error('not started: read it inside a test');
    return x;
  };
  return {
    get c() {
      return started(commune);
    },
    get browser() {
      return started(chromiumBrowser);
    },
    async start() {
      if (!hasChromium) return;
      commune = await startCommune(opts);
      chromiumBrowser = await launchChromium();
    },
    async close() {
      await chromiumBrowser?.close();
      await commune?.close();
    },
  };
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 740 };

/** A fresh browser profile signed in as `role` through the sign-in page. */
export async function signIn(browser: Browser, baseUrl: string, role: RoleName, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', ...(viewport === PHONE && { isMobile: true, hasTouch: true }) });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(baseUrl + '/');
  await page.getByLabel('Tên đăng nhập').fill(USERS[role]);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => u.pathname !== '/');
  if (errors.length) throw new Error(`page errors after sign-in: ${errors.join('; ')}`);
  return { context, page };
}

/** Signs in over HTTP only, for API-level checks: the cookie and the CSRF token. */
export async function apiSession(baseUrl: string, username: string, password = PASSWORD) {
  const res = await fetch(baseUrl + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`sign-in as ${username}: ${res.status}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call = (method: string, p: string, body?: unknown, opts: { csrf?: boolean } = {}) =>
    request(baseUrl, method, p, { cookie, ...(opts.csrf !== false && method !== 'GET' && { 'x-csrf-token': csrfToken }) }, body);
  return { cookie, csrfToken, call };
}
