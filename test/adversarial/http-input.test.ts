// Hostile HTTP input against the real server: path traversal on /media and
// the static routes, bad Range headers, huge bodies, invalid UTF-8 and bad
// JSON, bad query values on every list route. Each gets a 4xx (a bad Range
// may also be ignored: 200 with the whole file), never a 5xx, and nothing
// outside the served folders leaks; security headers are on every answer.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
let sha256: string;
let mediaBytes: number;
let broadcastId: string;

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request with the path and body exactly as given (fetch would normalize "..", encode bytes). */
function raw(method: string, path: string, opts: { headers?: Record<string, string | number>; body?: Buffer | string; chunked?: Buffer[] } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: t.server.httpPort, method, path, headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    // The server may answer 413 and close before all is sent.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    if (opts.chunked) {
      for (const c of opts.chunked) req.write(c);
      req.end();
    } else req.end(opts.body);
  });
}

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const json = { ...auth, 'content-type': 'application/json' };

function expect4xx(r: Raw, what: string): void {
  expect(r.status, `${what} → ${r.status} ${r.body.toString('utf8', 0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(r.status, `${what} → ${r.status} ${r.body.toString('utf8', 0, 200)}`).toBeLessThan(500);
}

beforeAll(async () => {
  // Read from the process environment by the audio feature.
  process.env.MAX_UPLOAD_MB = '1';
  t = await startTestServer();
  delete process.env.MAX_UPLOAD_MB;
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Bình Minh' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa' });
  await t.api('POST', '/api/v1/receivers', { id: 'rx-dong-1', name: 'Thôn Đông – cụm loa 1', zoneId: 'thon-dong' });
  const b = await t.api('POST', '/api/v1/broadcasts', { title: 'Họp thôn', text: 'Kính mời bà con dự họp thôn lúc 19 giờ.', zoneIds: ['thon-dong'] });
  expect(b.status).toBe(201);
  broadcastId = b.body.id;
  sha256 = b.body.mediaSha256;
  mediaBytes = (await raw('GET', `/media/${sha256}.mp3`)).body.length;
  expect(mediaBytes).toBeGreaterThan(1000);
});
afterAll(async () => {
  await t?.close();
});

describe('path traversal', () => {
  const leaks = /root:x:0:0|"name":\s*"loa-lang"|loadConfig|BEGIN (RSA )?PRIVATE KEY|sqlite format/i;
  const paths = [
    '/media/../../../../etc/passwd',
    '/media/..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/media/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/media/..%5c..%5c..%5cetc%5cpasswd.mp3',
    '/media/%2e%2e%2f%2e%2e%2floa.sqlite.mp3',
    '/media/....//....//etc/passwd.mp3',
    `/media/${'a'.repeat(64)}.mp3%00.txt`,
    `/media/${'a'.repeat(64)}.mp3/../../../package.json`,
    '/media/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
    '/vendor/..%2f..%2fpackage.json',
    '/vendor/%2e%2e%2fpreact%2fpackage.json',
    '/vendor/constructor',
    '/vendor/__proto__',
    '/vendor/toString',
    '/js/..%2f..%2fpackage.json',
    '/js/../../package.json',
    '/..%2fpackage.json',
    '/%2e%2e/src/config.ts',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/app.css%00.js',
    '/js/%2e%2e/%2e%2e/data/loa.sqlite',
    '//etc/passwd',
    '/\\..\\..\\etc\\passwd',
    '/js/%ff%fe.js',
    '/officer/..%2f..%2f..%2fetc%2fpasswd',
  ];
  for (const p of paths) {
    it(`GET ${p}`, async () => {
      const r = await raw('GET', p);
      expect(r.status, `${p} → ${r.status}`).toBeLessThan(500);
      expect(r.body.toString('utf8')).not.toMatch(leaks);
      // Either refused, sent to sign in on this site, or the panel's own shell.
      if (r.status >= 300 && r.status < 400) expect(r.headers.location).toMatch(/^\/(?![\/\\])/);
      else if (r.status < 300) expect(r.headers['content-type']).toMatch(/text\/html/);
    });
  }
});

describe('Range on /media', () => {
  it('serves valid ranges (206) and the whole file without one', async () => {
    const r = await raw('GET', `/media/${sha256}.mp3`, { headers: { range: 'bytes=0-99' } });
    expect(r.status).toBe(206);
    expect(r.body.length).toBe(100);
    expect(r.headers['content-range']).toBe(`bytes 0-99/${mediaBytes}`);
    const tail = await raw('GET', `/media/${sha256}.mp3`, { headers: { range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(tail.body.length).toBe(10);
  });

  const bad = [
    `bytes=${mediaBytes + 10}-`,
    `bytes=${mediaBytes}-${mediaBytes + 100}`,
    'bytes=abc',
    'bytes=5-1',
    'bytes=-0',
    'bytes=--1',
    'items=0-1',
    'bytes=0-99999999999999999999999',
    'bytes=99999999999999999999999-',
    'bytes=' + Array.from({ length: 400 }, (_, i) => `${i}-${i}`).join(','),
    'bytes= 0 - 1 ',
    'bytes=0-1,',
    '',
    'bytes=\u00ff-1',
  ];
  for (const range of bad) {
    it(`Range: ${range.length > 60 ? range.slice(0, 60) + '…' : JSON.stringify(range)}`, async () => {
      const r = await raw('GET', `/media/${sha256}.mp3`, { headers: { range: Buffer.from(range, 'latin1').toString('latin1') } });
      expect(r.status, `${range.slice(0, 60)} → ${r.status}`).toBeLessThan(500);
      if (r.status === 200) expect(r.body.length).toBe(mediaBytes);
      else if (r.status === 206) expect(r.body.length).toBe(Number(r.headers['content-length']));
      else expect(r.status).toBe(416);
    });
  }

  it('answers a range past the end with 416 and the size', async () => {
    const r = await raw('GET', `/media/${sha256}.mp3`, { headers: { range: `bytes=${mediaBytes + 10}-` } });
    expect(r.status).toBe(416);
    expect(r.headers['content-range']).toBe(`bytes */${mediaBytes}`);
  });
});

describe('huge bodies', () => {
  it('refuses JSON over the limit with 413, declared or streamed in chunks', async () => {
    const big = Buffer.from(JSON.stringify({ title: 'x', text: 'a'.repeat(3 * 1024 * 1024), zoneIds: ['thon-dong'] }));
    const declared = await raw('POST', '/api/v1/broadcasts', { headers: { ...json, 'content-length': big.length }, body: big });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body.toString()).code).toBe('too_large');
    const chunks = Array.from({ length: 48 }, () => Buffer.alloc(64 * 1024, 0x61));
    const streamed = await raw('POST', '/api/v1/auth/login', { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunked: [Buffer.from('{"username":"'), ...chunks] });
    expect(streamed.status).toBe(413);
  });

  it('refuses an upload over MAX_UPLOAD_MB with 413 and keeps no file', async () => {
    const boundary = '----loa' + Date.now();
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="to.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n`),
      Buffer.alloc(2 * 1024 * 1024, 0xff),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await raw('POST', '/api/v1/media', { headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length }, body });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body.toString()).error).toMatch(/giới hạn 1 MB/);
  });

  it('refuses a huge header with 431, not a crash', async () => {
    const r = await raw('GET', '/api/v1/me', { headers: { ...auth, 'x-filler': 'a'.repeat(64 * 1024) } });
    expect(r.status).toBe(431);
    expect((await raw('GET', '/healthz')).status).toBe(200);
  });
});

describe('invalid UTF-8 and bad JSON', () => {
  const bodies: [string, Buffer][] = [
    ['invalid UTF-8 in a string', Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","text":"Xin chào","zoneIds":["thon-dong"]}')])],
    ['overlong UTF-8', Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('","text":"a","zoneIds":["thon-dong"]}')])],
    ['a lone surrogate in UTF-8', Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('","text":"a","zoneIds":["thon-dong"]}')])],
    ['truncated JSON', Buffer.from('{"title":"Họp')],
    ['not JSON', Buffer.from('title=Họp&text=x')],
    ['a JSON string', Buffer.from('"Họp thôn"')],
    ['JSON null', Buffer.from('null')],
    ['an array', Buffer.from('[1,2,3]')],
    ['deep nesting', Buffer.from('['.repeat(500_000) + ']'.repeat(500_000))],
    ['wrong types', Buffer.from('{"title":{"$gt":""},"text":["a"],"zoneIds":"thon-dong","priority":1}')],
    ['__proto__', Buffer.from('{"__proto__":{"role":"admin"},"title":"x","zoneIds":["thon-dong"]}')],
    ['NUL and controls', Buffer.from('{"title":"a\\u0000b\\u001b[31m","text":"x","zoneIds":["thon-dong"],"startAt":"9999-99-99"}')],
    ['huge numbers', Buffer.from('{"title":"a","text":"x","zoneIds":["thon-dong"],"repeat":1e400,"volume":-1e308}')],
  ];
  for (const [what, body] of bodies) {
    it(`POST /api/v1/broadcasts with ${what} → 4xx, nothing stored`, async () => {
      const before = (await t.api('GET', '/api/v1/broadcasts')).body.length;
      const r = await raw('POST', '/api/v1/broadcasts', { headers: { ...json, 'content-length': body.length }, body });
      expect4xx(r, what);
      const parsed = JSON.parse(r.body.toString('utf8'));
      expect(parsed.error).toEqual(expect.any(String));
      expect((await t.api('GET', '/api/v1/broadcasts')).body.length).toBe(before);
    });
  }

  it('names invalid UTF-8 as such, in Vietnamese first', async () => {
    const body = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xff]), Buffer.from('","password":"x"}')]);
    const r = await raw('POST', '/api/v1/auth/login', { headers: { 'content-type': 'application/json', 'content-length': body.length }, body });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body.toString())).toMatchObject({ code: 'invalid_utf8', error: expect.stringMatching(/^Dữ liệu gửi lên không phải UTF-8/) });
  });

  it('a JSON body sent as another charset or content type is refused', async () => {
    const latin1 = await raw('POST', '/api/v1/zones', { headers: { ...auth, 'content-type': 'application/json; charset=latin1' }, body: Buffer.from('{"id":"x","name":"\xe9"}', 'latin1') });
    expect4xx(latin1, 'charset=latin1');
    const text = await raw('POST', '/api/v1/zones', { headers: { ...auth, 'content-type': 'text/plain' }, body: '{"id":"thon-x","name":"Thôn X"}' });
    expect4xx(text, 'text/plain');
  });

  it('invalid percent-encoding and UTF-8 in the path and query', async () => {
    for (const p of [`/api/v1/broadcasts/%ff%fe`, '/api/v1/broadcasts/%', '/api/v1/receivers/%E0%A4%A', `/api/v1/broadcasts/${broadcastId}/deliveries?after=%ff`, '/api/v1/receivers?q=%ff%fe%fd', '/api/v1/receivers?zoneId=%00']) {
      const r = await raw('GET', p, { headers: auth });
      expect(r.status, `${p} → ${r.status} ${r.body.toString().slice(0, 200)}`).toBeLessThan(500);
      if (r.status >= 400) expect(JSON.parse(r.body.toString()).error).toEqual(expect.any(String));
    }
  });
});

describe('bad query values on every list route → 4xx, never 5xx', () => {
  // As they go on the wire (percent-encoded where a raw byte could not).
  const hostile = ['', 'abc', '-1', '0', '1.5', '1e400', 'NaN', 'Infinity', '99999999999999999999', '%00', '%ff', '%E2%80%AE', 'a'.repeat(5000), "'%3B%20DROP%20TABLE%20receivers%3B%20--", '../../etc', '%5Bobject%20Object%5D', 'true,false', ',,,'];
  // Each list route with the query parameters it reads, and a value it must refuse.
  const routes: { name?: string; path: () => string; params: string[]; refuse: Record<string, string> }[] = [
    { path: () => '/api/v1/receivers', params: ['limit', 'after', 'zoneId', 'online', 'q'], refuse: { limit: '0', online: 'maybe', zoneId: '../../x' } },
    { path: () => '/api/v1/broadcasts', params: ['limit', 'before', 'status'], refuse: { limit: '501', status: 'bogus', before: 'b-none' } },
    { name: '/api/v1/broadcasts/:id/deliveries', path: () => `/api/v1/broadcasts/${broadcastId}/deliveries`, params: ['limit', 'after', 'state', 'zoneId'], refuse: { limit: '-1', state: 'exploded' } },
    { name: '/api/v1/broadcasts/:id/coverage', path: () => `/api/v1/broadcasts/${broadcastId}/coverage`, params: [], refuse: {} },
    { path: () => '/api/v1/fleet/alerts', params: ['offlineMinutes', 'failStreak', 'limit'], refuse: { failStreak: '0', offlineMinutes: '-5', limit: 'abc' } },
    { path: () => '/api/v1/fleet/summary', params: [], refuse: {} },
    { path: () => '/api/v1/occurrences', params: ['from', 'to'], refuse: { from: 'yesterday', to: '1970-01-01T00:00:00Z' } },
    { path: () => '/api/v1/calendar/holidays', params: ['year'], refuse: { year: 'abc' } },
    { path: () => '/api/v1/reports/played', params: ['from', 'to', 'zoneId', 'priority', 'category', 'format'], refuse: { format: 'xml', priority: 'urgent', from: 'hôm qua' } },
    { path: () => '/api/v1/reports/monthly', params: ['month', 'format'], refuse: { month: '2027-13' } },
    { path: () => '/api/v1/audit', params: ['limit'], refuse: { limit: '-5' } },
    { path: () => '/api/v1/schedules', params: [], refuse: {} },
    { path: () => '/api/v1/zones', params: [], refuse: {} },
    { path: () => '/api/v1/users', params: [], refuse: {} },
    { path: () => '/api/v1/lexicon', params: [], refuse: {} },
  ];
  for (const route of routes) {
    it(`GET ${route.name ?? route.path()}`, async () => {
      const base = route.path();
      const withMonth = base.endsWith('/monthly') ? 'month=2027-01&' : '';
      for (const param of [...route.params, 'unknown']) {
        for (const v of hostile) {
          for (const qs of [`${param}=${v}`, `${param}=${v}&${param}=${v}`, `${param}[]=${v}`, `${param}[a]=${v}`]) {
            const p = `${base}?${withMonth}${qs}`;
            const r = await raw('GET', p, { headers: auth });
            expect(r.status, `${p.slice(0, 120)} → ${r.status} ${r.body.toString().slice(0, 200)}`).toBeLessThan(500);
          }
        }
      }
      for (const [param, v] of Object.entries(route.refuse)) {
        const r = await raw('GET', `${base}?${withMonth}${param}=${encodeURIComponent(v)}`, { headers: auth });
        expect4xx(r, `${base}?${param}=${v}`);
        expect(JSON.parse(r.body.toString()).error).toEqual(expect.any(String));
      }
    }, 120_000);
  }
});

describe('security headers', () => {
  it('are on the panel, the API, media and errors', async () => {
    for (const p of ['/', '/api/v1/zones', `/media/${sha256}.mp3`, '/api/v1/nope', '/healthz', '/app.css']) {
      const r = await raw('GET', p, { headers: p.startsWith('/api') ? auth : {} });
      expect(r.headers['x-content-type-options'], p).toBe('nosniff');
      expect(r.headers['x-frame-options'], p).toBe('DENY');
      expect(r.headers['referrer-policy'], p).toBe('same-origin');
      const csp = String(r.headers['content-security-policy']);
      expect(csp, p).toContain("default-src 'self'");
      expect(csp, p).toContain("frame-ancestors 'none'");
      expect(csp, p).toContain("object-src 'none'");
      expect(csp, p).toContain('media-src');
      expect(csp, p).not.toContain('unsafe-inline');
      expect(csp, p).not.toContain('unsafe-eval');
      expect(r.headers['x-powered-by'], p).toBeUndefined();
    }
  });

  it('the server still works after all of it', async () => {
    expect((await raw('GET', '/healthz')).status).toBe(200);
    const b = await waitFor(async () => (await t.api('GET', `/api/v1/broadcasts/${broadcastId}`)).body, 5000, 'broadcast');
    expect(b.id).toBe(broadcastId);
  });
});
