// The JSON body reader's own refusals reached the caller in English alone
// and without a code: a charset other than UTF-8 ("unsupported charset
// \"LATIN1\""), a compression it does not take, a body that says gzip, deflate
// or br and is not ("incorrect header check", "Decompression failed").
// Every error answer is Vietnamese first with a code; these now are too,
// with the reader's words after, and English alone when the caller asks.
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

function post(headers: Record<string, string>, body: string): Promise<{ status: number; body: { error: string; code?: string } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: t.server.httpPort, method: 'POST', path: '/api/v1/zones', agent: false, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const zone = '{"id":"thon-dong","name":"Thôn Đông"}';

it('each refusal of the body reader: its status, a code, Vietnamese first', async () => {
  const cases: [string, Record<string, string>, number, string, RegExp][] = [
    ['a charset other than UTF-8', { 'content-type': 'application/json; charset=latin1' }, 415, 'unsupported_charset', /^Dữ liệu gửi lên phải là JSON mã UTF-8/],
    ['a compression it does not take', { 'content-encoding': 'compress' }, 415, 'unsupported_encoding', /^Máy chủ không nhận dữ liệu nén kiểu này/],
    ['gzip that is not', { 'content-encoding': 'gzip' }, 400, 'bad_encoding', /^Dữ liệu nén gửi lên bị hỏng/],
    ['deflate that is not', { 'content-encoding': 'deflate' }, 400, 'bad_encoding', /^Dữ liệu nén gửi lên bị hỏng/],
    ['br that is not', { 'content-encoding': 'br' }, 400, 'bad_encoding', /^Dữ liệu nén gửi lên bị hỏng/],
  ];
  for (const [what, headers, status, code, vi] of cases) {
    const r = await post(headers, zone);
    expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(status);
    expect(r.body.code, what).toBe(code);
    expect(r.body.error, what).toMatch(vi);
  }
  expect((await t.api('GET', '/api/v1/zones')).body).toEqual([]);
});

it('in English when the caller prefers it', async () => {
  const r = await post({ 'content-encoding': 'gzip', 'accept-language': 'en' }, zone);
  expect(r.status).toBe(400);
  expect(r.body.error).not.toMatch(/[ạ-ỹđ]/i);
  expect(r.body.code).toBe('bad_encoding');
});
