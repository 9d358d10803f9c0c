// A text every voice reads as silence (combining accents and nothing to put
// them on, "\u0301\u0301\u0301") was a 500 "internal error" on
// POST /broadcasts and /emergency: the audio pipeline's "audio contains only
// silence" reached the HTTP layer as a server failure, logged with a stack.
// It is the text's fault: 422 `silent_speech`, in Vietnamese first, and
// nothing is stored; a render job for it fails with the same words.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Bình Minh' });
});
afterAll(async () => {
  await t?.close();
});

const SILENT = '\u0301\u0301\u0301';

it('a text read as silence: 422 silent_speech on /broadcasts and /emergency, nothing stored', async () => {
  const before = (await t.api('GET', '/api/v1/broadcasts')).body.length;
  const calls: [string, unknown][] = [
    ['/api/v1/broadcasts', { title: 'Thông báo', text: SILENT, zoneIds: ['xa'], startAt: new Date(Date.now() + 3_600_000).toISOString() }],
    ['/api/v1/emergency', { text: SILENT, zoneIds: ['xa'] }],
  ];
  for (const [path, body] of calls) {
    const r = await t.api('POST', path, body);
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(422);
    expect(r.body).toMatchObject({ code: 'silent_speech', error: expect.stringMatching(/^Nội dung không đọc ra được tiếng nào/) });
  }
  expect((await t.api('GET', '/api/v1/broadcasts')).body.length).toBe(before);
});

it('a render job of it fails with the reason', async () => {
  const job = await t.api('POST', '/api/v1/speech/render', { text: SILENT });
  expect(job.status).toBe(202);
  const done = await waitFor(async () => {
    const j = (await t.api('GET', `/api/v1/speech/jobs/${job.body.jobId}`)).body;
    return j.state === 'failed' || j.state === 'done' ? j : null;
  }, 30_000, 'the job over');
  expect(done.state).toBe('failed');
  expect(done.error).toMatch(/không đọc ra được tiếng nào|reads as silence/);
});

it('a text with a word in it still airs', async () => {
  const r = await t.api('POST', '/api/v1/broadcasts', { title: 'Thông báo', text: `Xin chào ${SILENT} bà con.`, zoneIds: ['xa'], startAt: new Date(Date.now() + 3_600_000).toISOString() });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
});
