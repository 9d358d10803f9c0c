// The panel's files go out compressed when the client accepts it (brotli
// first, else gzip) and as they are otherwise, with their caching headers
// and the security policy unchanged.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const WEB = path.resolve(import.meta.dirname, '../../web');

/** A raw GET (fetch would undo the compression): status, headers and the bytes as sent. */
function get(p: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(t.baseUrl + p, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a JavaScript file of the panel', () => {
  const file = fs.readFileSync(path.join(WEB, 'js/i18n.js'));

  it('is sent with brotli when the client accepts it', async () => {
    const r = await get('/js/i18n.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(file.length / 2);
    expect(zlib.brotliDecompressSync(r.body).equals(file)).toBe(true);
  });

  it('is sent with gzip when that is what the client accepts', async () => {
    const r = await get('/js/i18n.js', { 'accept-encoding': 'gzip' });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(r.body).equals(file)).toBe(true);
    // The client's ranking is followed.
    expect((await get('/js/i18n.js', { 'accept-encoding': 'br;q=0.5, gzip;q=1' })).headers['content-encoding']).toBe('gzip');
  });

  it('is sent as it is otherwise', async () => {
    for (const accept of [undefined, 'identity', 'deflate', 'br;q=0, gzip;q=0']) {
      const r = await get('/js/i18n.js', accept ? { 'accept-encoding': accept } : {});
      expect(r.status, accept).toBe(200);
      expect(r.headers['content-encoding'], accept).toBeUndefined();
      expect(r.body.equals(file), accept).toBe(true);
      expect(r.headers.vary, accept).toMatch(/accept-encoding/i);
    }
  });

  it('keeps Cache-Control, ETag (one per encoding), Last-Modified, 304 and the CSP', async () => {
    const br = await get('/js/main.js', { 'accept-encoding': 'br' });
    const gz = await get('/js/main.js', { 'accept-encoding': 'gzip' });
    const plain = await get('/js/main.js', { 'accept-encoding': 'identity' });
    for (const r of [br, gz, plain]) {
      expect(r.headers['cache-control']).toBe('public, max-age=300');
      expect(r.headers.etag).toBeTruthy();
      expect(r.headers['last-modified']).toBeTruthy();
      expect(r.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
    const again = await get('/js/main.js', { 'accept-encoding': 'br', 'if-none-match': br.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect((await get('/js/main.js', { 'accept-encoding': 'identity', 'if-none-match': plain.headers.etag! })).status).toBe(304);
    // A HEAD says the same without the body.
    const head = await get('/js/main.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-length']).toBe(br.headers['content-length']);
    expect(head.body.length).toBe(0);
  });
});

describe('the other files the panel loads', () => {
  it('compresses the stylesheet, the shell and the vendored Preact; not what gains nothing', async () => {
    const css = await get('/app.css', { 'accept-encoding': 'gzip, br' });
    expect(css.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(css.body).equals(fs.readFileSync(path.join(WEB, 'app.css')))).toBe(true);

    const shell = await get('/', { 'accept-encoding': 'gzip' });
    expect(shell.headers['content-encoding']).toBe('gzip');
    expect(shell.headers['cache-control']).toBe('no-store');
    expect(shell.headers['content-security-policy']).toMatch(/sha256-/);
    expect(zlib.gunzipSync(shell.body).toString()).toContain('<script type="module" src="/js/main.js">');

    const preact = await get('/vendor/preact.mjs', { 'accept-encoding': 'br' });
    expect(preact.status).toBe(200);
    expect(preact.headers['content-encoding']).toBe('br');
    expect(preact.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(preact.headers['cache-control']).toBe('public, max-age=86400');

    // Already small: sent as it is.
    expect((await get('/favicon.svg', { 'accept-encoding': 'br' })).headers['content-encoding']).toBeUndefined();
    // No file, no dotfile, nothing outside web/.
    expect((await get('/js/nothing-here.js', { 'accept-encoding': 'br' })).status).toBe(404);
    expect((await get('/js/..%2f..%2fpackage.json', { 'accept-encoding': 'br' })).status).toBe(404);
  });
});
