// Authentication edges an attacker leans on: made-up bearer tokens must not
// grow memory, and X-Forwarded-For must not buy extra password guesses
// unless TRUST_PROXY says a proxy sets it.
import crypto from 'node:crypto';
import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { LOGIN_FAILURES_ALLOWED } from '../../src/users/routes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** GET with a bearer token over a keep-alive agent; resolves with the status. */
function getStatus(agent: http.Agent, url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

async function login(t: TestServer, forwardedFor: string): Promise<number> {
  const res = await fetch(`${t.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ username: 'khong-co-ai', password: 'doan-mo-mat-khau' }),
  });
  await res.text();
  return res.status;
}

describe('bearer-token cache', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stays bounded under 10,000 made-up tokens, and real tokens keep working', async () => {
    const url = `${t.baseUrl}/api/v1/me`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const officer = await t.tokenFor('officer');
    expect(await getStatus(agent, url, officer)).toBe(200);
    // Warm up, so the server's lazily built state is not counted as growth.
    for (let i = 0; i < 500; i++) await getStatus(agent, url, 'loa_' + crypto.randomBytes(24).toString('base64url'));
    const before = heapAfterGc();
    const statuses = new Map<number, number>();
    let next = 0;
    const TOTAL = 10_000;
    const worker = async () => {
      while (next < TOTAL) {
        next++;
        const s = await getStatus(agent, url, 'loa_' + crypto.randomBytes(24).toString('base64url'));
        statuses.set(s, (statuses.get(s) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    agent.destroy();
    expect(Object.fromEntries(statuses)).toEqual({ 401: TOTAL });
    // The cache holds a few hundred unknown hashes at most, not 10,000.
    expect(t.server.tokens.cacheSize()).toBeLessThanOrEqual(1300);
    const grown = heapAfterGc() - before;
    // Beyond the cache (checked above): no other growth per request; 10,000 entries of anything would be megabytes.
    expect(grown).toBeLessThan(2.5 * 1024 * 1024);
    expect((await t.api('GET', '/api/v1/me', undefined, officer)).body.role).toBe('officer');
    // An oversized "token" is refused without work.
    expect((await t.api('GET', '/api/v1/me', undefined, 'x'.repeat(8000))).status).toBe(401);
  }, 240_000);
});

describe('X-Forwarded-For and the sign-in limit', () => {
  it('is ignored by default: rotating it from loopback does not get past the limit', async () => {
    const t = await startTestServer();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < LOGIN_FAILURES_ALLOWED + 3; i++) statuses.push(await login(t, `203.0.113.${i + 1}`));
      expect(statuses.slice(0, LOGIN_FAILURES_ALLOWED)).toEqual(Array(LOGIN_FAILURES_ALLOWED).fill(401));
      expect(statuses.slice(LOGIN_FAILURES_ALLOWED)).toEqual([429, 429, 429]);
    } finally {
      await t.close();
    }
  });

  it('is honoured when TRUST_PROXY names the proxy: each client has its own limit', async () => {
    const t = await startTestServer({ TRUST_PROXY: 'loopback' });
    try {
      // Different clients behind the proxy: none is blocked by the others' failures.
      for (let i = 0; i < LOGIN_FAILURES_ALLOWED + 3; i++) expect(await login(t, `203.0.113.${i + 1}`)).toBe(401);
      // One client guessing is still stopped.
      const same: number[] = [];
      for (let i = 0; i < LOGIN_FAILURES_ALLOWED + 1; i++) same.push(await login(t, '198.51.100.7'));
      expect(same.at(-1)).toBe(429);
      expect(same.filter((s) => s === 401)).toHaveLength(LOGIN_FAILURES_ALLOWED);
    } finally {
      await t.close();
    }
  });

  it('TRUST_PROXY accepts off, hop counts and address lists, and names a bad value in one line', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::1']);
    for (const bad of ['yes', '10.0.0.0/33', '99', 'loopback,,', 'true']) {
      try {
        loadConfig({ TRUST_PROXY: bad });
        expect.unreachable(`TRUST_PROXY=${bad} was accepted`);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).problems).toEqual([expect.stringMatching(/^TRUST_PROXY=.* must be off, a hop count/)]);
      }
    }
  });
});
