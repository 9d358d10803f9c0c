// A long text is normalized off the event loop: 100,000 characters (the
// API's limit, 2–3 s of one core) read for a preview and checked for
// unreadable sentences as a schedule is saved, while /healthz keeps answering
// and the loop's delay stays bounded. A correctness check with generous
// bounds, not a benchmark (docs/benchmarks.md).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { longVietnameseText } from '../helpers/long-text.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { whileProbing } from '../helpers/responsiveness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Bình Minh' });
});
afterAll(async () => {
  await t?.close();
});

it('a 100,000-character text is read and checked while the server keeps answering', async () => {
  const text = longVietnameseText(100_000);
  const at = new Date(Date.now() + 30 * 86_400_000).toISOString();
  let previewMs = 0;
  const { result, responsiveness: r } = await whileProbing(t.baseUrl, async () => {
    const t0 = performance.now();
    const preview = await t.api('POST', '/api/v1/speech/normalize', { text, zoneId: 'xa' });
    previewMs = performance.now() - t0;
    const schedule = await t.api('POST', '/api/v1/schedules', { title: 'Kế hoạch năm', text, zoneIds: ['xa'], kind: 'once', at });
    return { preview, schedule };
  });
  const { preview, schedule } = result;

  expect(preview.status).toBe(200);
  expect(preview.body.sentences.length).toBeGreaterThan(500);
  expect(preview.body.unreadable).toEqual([]);
  // Checked (clean text needs no confirmation) and saved.
  expect(schedule.status, JSON.stringify(schedule.body).slice(0, 300)).toBe(201);

  console.log(`normalize 100k: preview ${previewMs.toFixed(0)} ms; ${r.summary}`);
  // On the request's thread each reading held the loop for the whole of it (2–3 s here, more on a loaded machine).
  expect(r.healthzCount).toBeGreaterThan(10);
  expect(r.maxDelayMs).toBeLessThan(700);
  expect(r.worstHealthzMs).toBeLessThan(1000);
}, 120_000);
