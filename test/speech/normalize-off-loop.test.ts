// A long text is normalized off the event loop: 100,000 characters (the
// API's limit, 2–3 s of one core) read for a preview and checked for
// unreadable sentences as a schedule is saved, while /healthz keeps answering
// and the loop's delay stays bounded. A correctness check with generous
// bounds, not a benchmark (docs/benchmarks.md).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { longVietnameseText } from '../helpers/long-text.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

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
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const healthz: number[] = [];
  let reading = true;
  const probe = (async () => {
    while (reading) {
      const t0 = performance.now();
      const res = await fetch(`${t.baseUrl}/healthz`);
      await res.text();
      expect(res.status).toBe(200);
      healthz.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();

  const t0 = performance.now();
  const preview = await t.api('POST', '/api/v1/speech/normalize', { text, zoneId: 'xa' });
  const previewMs = performance.now() - t0;
  const at = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const schedule = await t.api('POST', '/api/v1/schedules', { title: 'Kế hoạch năm', text, zoneIds: ['xa'], kind: 'once', at });
  reading = false;
  await probe;
  loop.disable();

  expect(preview.status).toBe(200);
  expect(preview.body.sentences.length).toBeGreaterThan(500);
  expect(preview.body.unreadable).toEqual([]);
  // Checked (clean text needs no confirmation) and saved.
  expect(schedule.status, JSON.stringify(schedule.body).slice(0, 300)).toBe(201);

  const maxDelayMs = loop.max / 1e6;
  healthz.sort((a, b) => a - b);
  const worstHealthz = healthz.at(-1)!;
  console.log(`normalize 100k: preview ${previewMs.toFixed(0)} ms; event-loop delay max ${maxDelayMs.toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms; /healthz ×${healthz.length}, worst ${worstHealthz.toFixed(0)} ms`);
  // On the request's thread each reading held the loop for the whole of it (2–3 s here, more on a loaded machine).
  expect(healthz.length).toBeGreaterThan(10);
  expect(maxDelayMs).toBeLessThan(700);
  expect(worstHealthz).toBeLessThan(1000);
}, 120_000);
