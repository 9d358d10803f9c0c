// A long announcement renders off the event loop: the POST
// answers at once with a job, /healthz keeps answering and the loop's delay
// stays bounded while eSpeak and ffmpeg work, and the broadcast is made when
// the render is done. A correctness check with generous bounds, not a
// benchmark (bench/render-load.ts measures).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { longVietnameseText } from '../helpers/long-text.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';
import { whileProbing } from '../helpers/responsiveness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Bình Minh' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa' });
});
afterAll(async () => {
  await t?.close();
});

// 4,000 characters (over the 3,000 that make a job; two eSpeak pieces, ~3
// minutes of speech) keep the test short; bench/render-load.ts renders 20,000.
// Each attempt's text differs: a retry must render again, not find the first
// attempt's audio in the cache and finish before the probe has run.
let attempt = 0;
it('a long broadcast answers 202 with a job and the server stays responsive while it renders', async () => {
  attempt += 1;
  const text = `Bản tin lần ${attempt}. ${longVietnameseText(4_000).trim()}`;
  let answeredMs = 0;
  let renderedMs = 0;
  const { result: created, responsiveness: r } = await whileProbing(t.baseUrl, async () => {
    const t0 = performance.now();
    const created = await t.api('POST', '/api/v1/broadcasts', { title: 'Kế hoạch xây dựng chính quyền thân thiện', text, zoneIds: ['thon-dong'] });
    answeredMs = performance.now() - t0;
    expect(created.status).toBe(202);
    await waitFor(async () => {
      const j = (await t.api('GET', created.body.statusUrl)).body;
      if (j.state === 'failed') throw new Error(`render failed: ${j.error}`);
      return j.state === 'done' ? j : null;
    }, 600_000, 'the long render');
    renderedMs = performance.now() - t0;
    return created;
  });
  expect(created.body).toEqual({ jobId: expect.any(String), statusUrl: `/api/v1/speech/jobs/${created.body.jobId}` });
  // Answered before any rendering: the checks and a job, no synthesis. Bound
  // against the render itself, not the clock (CI's two cores run other suites).
  expect(answeredMs).toBeLessThan(renderedMs / 3);

  const job = (await t.api('GET', created.body.statusUrl)).body;
  expect(job).toMatchObject({ state: 'done', percent: 100, broadcastId: expect.any(String), mediaSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  const b = (await t.api('GET', `/api/v1/broadcasts/${job.broadcastId}`)).body;
  expect(b).toMatchObject({ id: job.broadcastId, mediaSha256: job.mediaSha256, text });
  // Minutes of speech came out.
  const media = await fetch(`${t.baseUrl}/media/${job.mediaSha256}.mp3`, { method: 'HEAD' });
  expect(Number(media.headers.get('content-length'))).toBeGreaterThan(1_000_000);

  // On the main thread, eSpeak alone held the loop for seconds at a time.
  console.log(`render: ${r.summary}`);
  expect(r.healthzCount).toBeGreaterThan(20);
  expect(r.maxDelayMs).toBeLessThan(2000);
  expect(r.worstHealthzMs).toBeLessThan(2500);
}, 700_000);

it('a long emergency warning renders as a job too, then airs as an emergency', async () => {
  const text = longVietnameseText(3_500).trim();
  const created = await t.api('POST', '/api/v1/emergency', { title: 'Cảnh báo lũ quét', text, zoneIds: ['thon-dong'], repeat: 1 });
  expect(created.status).toBe(202);
  expect(created.body.statusUrl).toBe(`/api/v1/speech/jobs/${created.body.jobId}`);
  const job = await waitFor(async () => {
    const j = (await t.api('GET', created.body.statusUrl)).body;
    if (j.state === 'failed') throw new Error(`render failed: ${j.error}`);
    return j.state === 'done' ? j : null;
  }, 300_000, 'the emergency render');
  const b = (await t.api('GET', `/api/v1/broadcasts/${job.broadcastId}`)).body;
  expect(b).toMatchObject({ id: job.broadcastId, title: 'Cảnh báo lũ quét', priority: 'emergency', mediaSha256: job.mediaSha256 });
  const audit = (await t.api('GET', '/api/v1/audit?limit=20')).body as Array<{ action: string; subject: string }>;
  expect(audit.find((a) => a.subject === job.broadcastId)?.action).toBe('broadcast.emergency');
}, 400_000);
